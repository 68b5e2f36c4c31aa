#include "hailong/kiosk/uploader.hpp"

#include <deque>
#include <map>
#include <random>
#include <set>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "hailong/submission_codec.hpp"
#include "support/temp_dir.hpp"

using namespace hailong;
using namespace hailong::kiosk;
using namespace std::chrono;
using nlohmann::json;

namespace {

constexpr const char* submissions_path = "/api/v1/submissions";
constexpr const char* heartbeat_path = "/api/v1/kiosk/heartbeat";
constexpr const char* config_path = "/api/v1/kiosk/config";

Submission sample(int n) {
    Uuid::Bytes b{};
    b[15] = static_cast<std::uint8_t>(n);
    Submission s;
    s.id = Uuid::v4_from_bytes(b);
    s.created_at = *parse_rfc3339("2026-11-20T08:15:30+07:00");
    s.department = "SCT";
    s.rating = Rating{3, 3};
    return s;
}

HttpResponse answer(int status, std::string body = "", HttpHeaders headers = {}) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
}

HttpResponse no_answer(TransportErrorKind kind, std::string text) {
    HttpResponse r;
    r.error = TransportError{kind, std::move(text)};
    return r;
}

HttpResponse error_answer(int status, const char* code, HttpHeaders headers = {}) {
    return answer(status, encode_error_body({code, "", std::string(code) + " (test)"}), std::move(headers));
}

// A server as the uploader sees it: it stores each id once (answering `duplicate` after that),
// like hailong-server, and records every request. Scripted answers, per path, come first; then
// the path's handler.
class FakeTransport final : public Transport {
public:
    using Handler = std::function<HttpResponse(const HttpRequest&)>;

    FakeTransport() {
        handlers[submissions_path] = [this](const HttpRequest& r) { return store(r); };
        handlers[heartbeat_path] = [](const HttpRequest&) { return answer(204); };
        handlers[config_path] = [](const HttpRequest&) { return answer(304); };
    }

    HttpResponse send(const HttpRequest& request) override {
        const std::lock_guard lock(mutex);
        requests.push_back(request);
        auto& queue = script[request.path];
        if (!queue.empty()) {
            Handler next = std::move(queue.front());
            queue.pop_front();
            return next(request);
        }
        return handlers.at(request.path)(request);
    }

    // Scripts one answer for the next request to `path`.
    void then(const std::string& path, HttpResponse r) {
        script[path].push_back([r](const HttpRequest&) { return r; });
    }
    void then(const std::string& path, Handler h) { script[path].push_back(std::move(h)); }

    // The server-side ingest: stores new ids, answers duplicate for known ones.
    HttpResponse store(const HttpRequest& r) {
        const DecodedBatch batch = decode_submission_batch(r.body);
        std::vector<SubmissionResult> results;
        for (const auto& item : batch.items) {
            const bool fresh = stored.insert(*item.id).second;
            results.push_back({item.id, fresh ? ResultStatus::accepted : ResultStatus::duplicate, std::nullopt});
        }
        return answer(200, encode_results(results));
    }

    std::vector<HttpRequest> to(const std::string& path) {
        const std::lock_guard lock(mutex);
        std::vector<HttpRequest> out;
        for (const auto& r : requests) {
            if (r.path == path) out.push_back(r);
        }
        return out;
    }

    std::mutex mutex;
    std::vector<HttpRequest> requests;
    std::map<std::string, std::deque<Handler>> script;
    std::map<std::string, Handler> handlers;
    std::multiset<std::string> stored_all;
    std::set<std::string> stored;
};

std::size_t batch_size(const HttpRequest& r) { return json::parse(r.body)["submissions"].size(); }

// An outbox, a config cache and the fake server, with a clock and dice the test sets.
struct Fixture {
    test::TempDir dir;
    Outbox outbox{dir.path()};
    ConfigCache config{dir.path(), bundled_config("TH-HCC-01", {"SCT", "Sở Công Thương"})};
    FakeTransport server;
    Uploader::TimePoint now{hours{1000}};
    const Uploader::TimePoint start = now;
    Instant wall0 = parse_rfc3339("2026-11-20T08:16:00+07:00")->instant;
    double dice = 0.5;
    UploaderOptions options = [] {
        UploaderOptions o;
        o.kiosk_id = "TH-HCC-01";
        o.app_version = "0.1.0-test";
        return o;
    }();
    std::unique_ptr<Uploader> up;

    Fixture() { make(); }
    void make() {
        up = std::make_unique<Uploader>(outbox, config, server, options,
                                        UploaderEnvironment{[this] { return now; },
                                                            [this] { return wall0 + duration_cast<microseconds>(now - start); },
                                                            [this] { return dice; }});
    }
    void save(int from, int to) {
        for (int n = from; n <= to; ++n) outbox.save(sample(n), false);
    }
    // Runs rounds, following the returned due times while they are not in the future, at most
    // `max_rounds` of them (an uploader that never settles fails the test instead of hanging it).
    Uploader::TimePoint settle(int max_rounds = 50) {
        for (int i = 0; i < max_rounds; ++i) {
            const auto due = up->run_once();
            if (due > now) return due;
        }
        FAIL("the uploader did not settle");
        return now;
    }
};

}  // namespace

TEST_CASE("uploader: accepted, duplicate and rejected results are recorded row by row", "[uploader]") {
    Fixture f;
    f.save(1, 3);
    f.server.then(submissions_path, [](const HttpRequest& r) {
        const DecodedBatch b = decode_submission_batch(r.body);
        return answer(200, encode_results({{b.items[0].id, ResultStatus::accepted, std::nullopt},
                                           {b.items[1].id, ResultStatus::duplicate, std::nullopt},
                                           {b.items[2].id, ResultStatus::rejected,
                                            WireError{"unknown_department", "submissions[2].department", "no such department"}}}));
    });
    f.settle();

    const auto posts = f.server.to(submissions_path);
    REQUIRE(posts.size() == 1);
    // The envelope carries the kiosk id and the stored wire texts, oldest first, byte for byte.
    const json body = json::parse(posts[0].body);
    CHECK(body["kiosk_id"] == "TH-HCC-01");
    REQUIRE(body["submissions"].size() == 3);
    for (int n = 1; n <= 3; ++n) CHECK(body["submissions"][static_cast<std::size_t>(n - 1)].dump() == encode_submission(sample(n)).dump());
    CHECK(posts[0].method == "POST");

    const OutboxCounts c = f.outbox.counts();
    CHECK(c.sent == 2);
    CHECK(c.dead == 1);
    CHECK(c.pending == 0);
    const auto letters = f.outbox.dead_letters();
    REQUIRE(letters.size() == 1);
    CHECK(letters[0].submission.id == sample(3).id);
    CHECK(letters[0].code == "unknown_department");
    CHECK(letters[0].field == "submissions[2].department");
    CHECK(letters[0].message == "no such department");
    CHECK(letters[0].at == f.wall0);

    const UploaderStatus s = f.up->status();
    CHECK(s.connection == ConnectionState::online);
    CHECK(s.last_sync == f.wall0);
    CHECK(s.queue_depth == 0);
    CHECK(s.dead_count == 1);
    CHECK(s.sent_count == 2);
}

TEST_CASE("uploader: an id another kiosk took first is sent again under a fresh id, the rating unchanged", "[uploader]") {
    // A faulty or hostile kiosk stored a submission with one of our ids before we sent it. The
    // server refuses ours (id_conflict) and keeps theirs; ours was never stored, so a fresh id is
    // safe, and the citizen's rating still arrives once.
    Fixture f;
    Submission complaint = sample(1);
    complaint.comment = "Chờ lâu quá";
    complaint.rating = Rating{3, 1};
    f.outbox.save(complaint, false);
    f.server.stored.insert(complaint.id.to_string());  // taken by the other kiosk
    f.server.then(submissions_path, [](const HttpRequest& r) {
        const DecodedBatch b = decode_submission_batch(r.body);
        return answer(200, encode_results({{b.items[0].id, ResultStatus::rejected,
                                            WireError{"id_conflict", "submissions[0].id", "the id belongs to another kiosk"}}}));
    });
    f.settle();

    const auto posts = f.server.to(submissions_path);
    REQUIRE(posts.size() == 2);
    const Submission first = decode_submission_batch(posts[0].body).items.at(0).submission.value();
    const Submission second = decode_submission_batch(posts[1].body).items.at(0).submission.value();
    CHECK(first == complaint);
    CHECK(second.id != complaint.id);
    Submission same = second;
    same.id = complaint.id;
    CHECK(same == complaint);  // everything but the id as the citizen gave it
    const OutboxCounts c = f.outbox.counts();
    CHECK(c.sent == 1);
    CHECK(c.dead == 0);
    CHECK(f.outbox.find(second.id) == second);
    CHECK_FALSE(f.outbox.find(complaint.id));
    // Only a row waiting for an answer takes a new id.
    CHECK_FALSE(f.outbox.renew_id(second.id, Uuid::random_v4()));
}

TEST_CASE("uploader: a lost answer and a dead network lose nothing and store nothing twice", "[uploader]") {
    Fixture f;
    f.save(1, 2);
    // First try: the server stores both, then the answer is lost (a timeout on the kiosk's side).
    f.server.then(submissions_path, [&](const HttpRequest& r) {
        (void)f.server.store(r);
        return no_answer(TransportErrorKind::timeout, "Operation timed out after 60000 milliseconds");
    });
    // Second try: no network at all.
    f.server.then(submissions_path, no_answer(TransportErrorKind::connect, "Failed to connect to 10.0.0.5 port 8443"));
    f.server.then(heartbeat_path, no_answer(TransportErrorKind::connect, "Failed to connect to 10.0.0.5 port 8443"));
    f.server.then(heartbeat_path, no_answer(TransportErrorKind::connect, "Failed to connect to 10.0.0.5 port 8443"));

    // Round 1: the timeout (the heartbeat fails too); rows pending, retry after 0.5 x 1 s.
    auto due = f.settle();
    UploaderStatus s = f.up->status();
    CHECK(s.connection == ConnectionState::offline);
    CHECK(s.queue_depth == 2);
    CHECK(due - f.now == 500ms);

    f.now = due;
    due = f.settle();
    s = f.up->status();
    CHECK(s.last_error == SyncError::network);
    CHECK(s.last_error_detail == "Failed to connect to 10.0.0.5 port 8443");
    CHECK(f.outbox.counts().pending == 2);

    // The network is back: both are answered `duplicate` (the server had them) and are sent.
    f.now = due;
    f.settle();
    const auto posts = f.server.to(submissions_path);
    REQUIRE(posts.size() == 3);
    for (const auto& p : posts) CHECK(batch_size(p) == 2);
    CHECK(f.server.stored.size() == 2);
    const OutboxCounts c = f.outbox.counts();
    CHECK(c.sent == 2);
    CHECK(c.pending == 0);
    CHECK(f.up->status().connection == ConnectionState::online);
}

TEST_CASE("uploader: backoff doubles from 1 s to the 5-minute cap, jittered below its ceiling", "[uploader]") {
    Fixture f;
    // With the dice at 0.5 each wait is half its ceiling: ceilings 1, 2, 4, ... 256 s, then
    // 300 s (512 s capped) from the 10th failure on.
    f.dice = 0.5;
    CHECK(f.up->backoff_delay(1) == 500ms);
    CHECK(f.up->backoff_delay(2) == 1000ms);
    CHECK(f.up->backoff_delay(3) == 2000ms);
    CHECK(f.up->backoff_delay(9) == 128'000ms);
    CHECK(f.up->backoff_delay(10) == 150'000ms);
    CHECK(f.up->backoff_delay(1000) == 150'000ms);
    f.dice = 0.0;
    CHECK(f.up->backoff_delay(5) == 0ms);
    f.dice = 0.75;
    CHECK(f.up->backoff_delay(5) == 12'000ms);  // 0.75 x 16 s

    // Real dice: every wait lies in [0, ceiling] and they are not all the same.
    std::mt19937 engine(20261120);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::set<milliseconds::rep> seen;
    for (int n = 1; n <= 20; ++n) {
        f.dice = uniform(engine);
        const auto d = f.up->backoff_delay(n);
        const milliseconds ceiling = std::min<milliseconds>(milliseconds{1000LL << std::min(n - 1, 20)}, minutes{5});
        CHECK(d >= 0ms);
        CHECK(d <= ceiling);
        seen.insert(d.count());
    }
    CHECK(seen.size() > 10);
}

TEST_CASE("uploader: consecutive network failures wait longer each time", "[uploader]") {
    Fixture f;
    f.options.heartbeat_interval = hours{24};  // keep heartbeats out of the way
    f.make();
    f.save(1, 1);
    f.server.handlers[submissions_path] = [](const HttpRequest&) { return no_answer(TransportErrorKind::connect, "refused"); };
    f.server.handlers[heartbeat_path] = [](const HttpRequest&) { return no_answer(TransportErrorKind::connect, "refused"); };
    // Dice 0.5: waits of 0.5, 1, 2, 4 s after failures 1..4.
    std::vector<milliseconds> waits;
    for (int i = 0; i < 4; ++i) {
        const auto due = f.settle();
        waits.push_back(duration_cast<milliseconds>(due - f.now));
        f.now = due;
    }
    CHECK(waits == std::vector<milliseconds>{500ms, 1000ms, 2000ms, 4000ms});
    CHECK(f.server.to(submissions_path).size() == 4);
    CHECK(f.outbox.counts().pending == 1);
}

TEST_CASE("uploader: 429 waits exactly what Retry-After says, for every request", "[uploader]") {
    Fixture f;
    f.save(1, 1);
    f.server.then(submissions_path, error_answer(429, "rate_limited", {{"retry-after", "30"}}));
    const auto due = f.settle();
    // Header names are matched without regard to case.
    CHECK(due - f.now == seconds{30});
    const UploaderStatus s = f.up->status();
    CHECK(s.last_error == SyncError::rate_limited);
    CHECK(s.connection == ConnectionState::online);
    CHECK(s.queue_depth == 1);

    // 29 s later nothing at all is sent (not even the heartbeat, due at 1 min anyway)...
    const std::size_t before = f.server.requests.size();
    f.now += seconds{29};
    CHECK(f.up->run_once() == due);
    CHECK(f.server.requests.size() == before);
    // ...at 30 s the batch goes again and is accepted.
    f.now = due;
    f.settle();
    CHECK(f.server.to(submissions_path).size() == 2);
    CHECK(f.outbox.counts().sent == 1);
}

TEST_CASE("uploader: a Retry-After counts from when the answer arrived", "[uploader]") {
    Fixture f;
    f.save(1, 1);
    // The answer takes 20 s to come back, then asks for 30 s of quiet: 50 s from the start.
    f.server.then(submissions_path, [&](const HttpRequest&) {
        f.now += seconds{20};
        return error_answer(429, "rate_limited", {{"Retry-After", "30"}});
    });
    CHECK(f.settle() == f.start + seconds{50});
}

TEST_CASE("uploader: notify() leaves a backoff alone, retry_now() ends it", "[uploader]") {
    Fixture f;
    f.save(1, 1);
    f.server.then(submissions_path, no_answer(TransportErrorKind::connect, "refused"));
    f.server.then(heartbeat_path, no_answer(TransportErrorKind::connect, "refused"));
    const auto due = f.settle();
    REQUIRE(due == f.start + 500ms);
    f.now += 100ms;
    f.save(2, 2);
    f.up->notify();
    CHECK(f.up->run_once() == due);
    CHECK(f.server.to(submissions_path).size() == 1);
    f.up->retry_now();
    f.settle();
    REQUIRE(f.server.to(submissions_path).size() == 2);
    CHECK(batch_size(f.server.to(submissions_path)[1]) == 2);
    CHECK(f.outbox.counts().sent == 2);
}

TEST_CASE("uploader: 503 honours Retry-After, without it the backoff applies", "[uploader]") {
    Fixture f;
    f.save(1, 1);
    f.server.then(submissions_path, error_answer(503, "unavailable", {{"Retry-After", "5"}}));
    auto due = f.settle();
    CHECK(due - f.now == seconds{5});
    CHECK(f.up->status().connection == ConnectionState::server_problem);
    CHECK(f.up->status().last_error == SyncError::unavailable);

    f.now = due;
    f.server.then(submissions_path, error_answer(503, "unavailable"));
    due = f.settle();
    // No Retry-After: the backoff of the first failure, 0.5 x 1 s.
    CHECK(due - f.now == 500ms);
    f.now = due;
    f.settle();
    CHECK(f.outbox.counts().sent == 1);
}

TEST_CASE("uploader: 401 keeps the data, shows an auth problem, and retries slowly or when notified", "[uploader]") {
    Fixture f;
    f.save(1, 2);
    auto refuse = [](const HttpRequest&) { return error_answer(401, "unauthorized"); };
    f.server.handlers[submissions_path] = refuse;
    f.server.handlers[heartbeat_path] = refuse;
    f.server.handlers[config_path] = refuse;
    f.settle();
    UploaderStatus s = f.up->status();
    CHECK(s.connection == ConnectionState::auth_problem);
    CHECK(s.last_error == SyncError::unauthorized);
    CHECK(s.last_error_detail == "HTTP 401 unauthorized: unauthorized (test)");
    CHECK(s.queue_depth == 2);
    CHECK(s.dead_count == 0);
    CHECK(f.server.to(submissions_path).size() == 1);

    // Four minutes on, heartbeats have been tried but the batch has not: it waits 5 minutes.
    for (int minute = 1; minute <= 4; ++minute) {
        f.now = f.start + minutes{minute};
        f.settle();
    }
    CHECK(f.server.to(submissions_path).size() == 1);
    CHECK(f.server.to(heartbeat_path).size() == 5);
    f.now = f.start + minutes{5};
    f.settle();
    CHECK(f.server.to(submissions_path).size() == 2);

    // A new rating is saved and notify() is called: the uploader tries at once.
    f.now += seconds{10};
    f.save(3, 3);
    f.up->notify();
    f.settle();
    CHECK(f.server.to(submissions_path).size() == 3);
    CHECK(f.outbox.counts().pending == 3);

    // The token is fixed on the server: the next heartbeat gets through and the rows follow.
    f.server.handlers[submissions_path] = [&](const HttpRequest& r) { return f.server.store(r); };
    f.server.handlers[heartbeat_path] = [](const HttpRequest&) { return answer(204); };
    f.server.handlers[config_path] = [](const HttpRequest&) { return answer(304); };
    f.now = f.start + minutes{6};
    f.settle();
    CHECK(f.outbox.counts().sent == 3);
    CHECK(f.up->status().connection == ConnectionState::online);
}

TEST_CASE("uploader: 413 halves the batch until the server takes it", "[uploader]") {
    Fixture f;
    f.options.max_batch = 8;
    f.make();
    f.save(1, 8);
    // This server takes at most 2 per request.
    f.server.handlers[submissions_path] = [&](const HttpRequest& r) {
        if (batch_size(r) > 2) return error_answer(413, "batch_too_large");
        return f.server.store(r);
    };
    f.settle();
    // 8 refused, 4 refused, then 2 at a time for the four pairs; the limit stays at 2.
    std::vector<std::size_t> sizes;
    for (const auto& p : f.server.to(submissions_path)) sizes.push_back(batch_size(p));
    CHECK(sizes == std::vector<std::size_t>{8, 4, 2, 2, 2, 2});
    CHECK(f.outbox.counts().sent == 8);
    CHECK(f.server.stored.size() == 8);
    CHECK(f.up->status().batch_limit == 2);
    CHECK(f.up->status().last_error == SyncError::none);
}

TEST_CASE("uploader: a single submission answered 413 is a server problem, kept", "[uploader]") {
    Fixture f;
    f.save(1, 1);
    f.server.handlers[submissions_path] = [](const HttpRequest&) { return error_answer(413, "body_too_large"); };
    const auto due = f.settle();
    CHECK(f.up->status().connection == ConnectionState::server_problem);
    CHECK(f.up->status().last_error == SyncError::too_large);
    CHECK(f.outbox.counts().pending == 1);
    // The next try of the batch is the problem's slow retry; only the heartbeat comes sooner.
    CHECK(due == f.start + minutes{1});
}

TEST_CASE("uploader: 400 for a whole batch keeps the data and waits 5 minutes", "[uploader]") {
    Fixture f;
    f.save(1, 2);
    f.server.then(submissions_path, answer(400, encode_error_body({"invalid_shape", "submissions", "must be a JSON array"})));
    f.settle();
    UploaderStatus s = f.up->status();
    CHECK(s.connection == ConnectionState::server_problem);
    CHECK(s.last_error == SyncError::bad_request);
    CHECK(s.last_error_detail == "HTTP 400 invalid_shape (submissions): must be a JSON array");
    CHECK(s.queue_depth == 2);
    // A heartbeat that gets through does not hide the upload problem.
    f.now = f.start + minutes{1};
    f.settle();
    CHECK(f.up->status().connection == ConnectionState::server_problem);
    CHECK(f.server.to(submissions_path).size() == 1);
    f.now = f.start + minutes{5};
    f.settle();
    CHECK(f.outbox.counts().sent == 2);
    CHECK(f.up->status().connection == ConnectionState::online);
}

TEST_CASE("uploader: a 200 that does not match the batch changes no row", "[uploader]") {
    Fixture f;
    f.save(1, 2);
    // One result for two submissions.
    f.server.then(submissions_path, answer(200, encode_results({{sample(1).id.to_string(), ResultStatus::accepted, std::nullopt}})));
    f.settle();
    CHECK(f.up->status().last_error == SyncError::bad_response);
    CHECK(f.outbox.counts().pending == 2);
    CHECK(f.outbox.counts().sent == 0);
    // Results in another order than the request: the ids give it away.
    f.server.then(submissions_path, answer(200, encode_results({{sample(2).id.to_string(), ResultStatus::accepted, std::nullopt},
                                                                 {sample(1).id.to_string(), ResultStatus::rejected, std::nullopt}})));
    f.now += seconds{1};
    f.settle();
    CHECK(f.up->status().last_error == SyncError::bad_response);
    CHECK(f.outbox.counts().pending == 2);
    CHECK(f.outbox.counts().dead == 0);
}

TEST_CASE("uploader: the heartbeat carries version, queue depth, the last error and the clock", "[uploader]") {
    Fixture f;
    f.save(1, 2);
    f.server.then(submissions_path, no_answer(TransportErrorKind::connect, "Failed to connect\r\nto 10.0.0.5"));
    f.settle();
    auto beats = f.server.to(heartbeat_path);
    REQUIRE(beats.size() == 1);
    // Two rows waiting; the kiosk's clock in Vietnam's offset; the failure of this round's upload,
    // its line break flattened (the server refuses control characters there).
    CHECK(json::parse(beats[0].body) == json{{"app_version", "0.1.0-test"},
                                              {"queue_depth", 2},
                                              {"clock", "2026-11-20T08:16:00+07:00"},
                                              {"last_error", "network: Failed to connect  to 10.0.0.5"}});

    // That heartbeat got through (and, the network being back, the rows went too): the next one,
    // a minute later, has nothing to report.
    f.now = f.start + minutes{1};
    f.settle();
    beats = f.server.to(heartbeat_path);
    REQUIRE(beats.size() == 2);
    CHECK(json::parse(beats[1].body) ==
          json{{"app_version", "0.1.0-test"}, {"queue_depth", 0}, {"clock", "2026-11-20T08:17:00+07:00"}});
    CHECK(f.outbox.counts().sent == 2);
}

TEST_CASE("uploader: configuration with its ETag, 304 keeps the cached one", "[uploader]") {
    Fixture f;
    const std::string v1 = R"({"kiosk_id": "TH-HCC-01", "kiosk_number": 7, "department": {"code": "SCT", "name": "Sở Công Thương"},
        "officers": [{"code": "SCT-001", "name": "Nguyễn Văn An"}], "services": [],
        "survey": {"scale": 5, "ask_tt01": false, "reasons": []}})";
    f.server.then(config_path, answer(200, v1, {{"ETag", "\"v1\""}}));
    f.settle();
    const auto configs = f.server.to(config_path);
    REQUIRE(configs.size() == 1);
    CHECK(configs[0].headers.empty());  // nothing cached yet: no If-None-Match
    const auto got = f.config.get();
    CHECK(got->etag == "\"v1\"");
    CHECK(got->survey.scale == 5);
    // The kiosk number goes to the outbox, so complaints get codes from now on.
    CHECK(f.outbox.kiosk_number() == 7);
    CHECK(f.up->status().config_version == "\"v1\"");

    // Ten minutes later: If-None-Match, 304, and the very same snapshot stays in use.
    f.now = f.start + minutes{10};
    f.settle();
    const auto again = f.server.to(config_path);
    REQUIRE(again.size() == 2);
    CHECK(again[1].headers == HttpHeaders{{"If-None-Match", "\"v1\""}});
    CHECK(f.config.get() == got);
}

TEST_CASE("uploader: a configuration missed while offline is fetched as soon as the server answers", "[uploader]") {
    Fixture f;
    f.server.then(config_path, no_answer(TransportErrorKind::connect, "connection refused"));
    f.server.then(submissions_path, no_answer(TransportErrorKind::connect, "connection refused"));
    f.server.then(heartbeat_path, no_answer(TransportErrorKind::connect, "connection refused"));
    f.save(1, 1);
    f.settle();
    REQUIRE(f.server.to(config_path).size() == 1);
    // The network is back 2 s later (the first backoff is at most 1 s): the upload goes through,
    // and the configuration is asked for in the same breath, not a minute later.
    f.now = f.start + seconds{2};
    f.server.then(config_path, answer(200, R"({"kiosk_id": "TH-HCC-01", "kiosk_number": 3, "department": {"code": "SCT", "name": "Sở Công Thương"},
        "officers": [], "services": [], "survey": {"scale": 3, "ask_tt01": true, "reasons": []}})", {{"ETag", "\"v1\""}}));
    f.settle();
    CHECK(f.server.stored.size() == 1);
    CHECK(f.server.to(config_path).size() == 2);
    CHECK(f.outbox.kiosk_number() == 3);
}

TEST_CASE("uploader: a configuration that does not decode keeps the old one", "[uploader]") {
    Fixture f;
    const std::string v1 = R"({"kiosk_id": "TH-HCC-01", "department": {"code": "SCT", "name": "Sở Công Thương"},
        "officers": [], "services": [], "survey": {"scale": 3, "ask_tt01": true, "reasons": []}})";
    f.server.then(config_path, answer(200, v1, {{"ETag", "\"v1\""}}));
    f.server.then(config_path, answer(200, R"({"kiosk_id": "TH-HCC-01", "department": {"code": "SCT"}})", {{"ETag", "\"v2\""}}));
    f.settle();
    const auto good = f.config.get();
    f.now = f.start + minutes{10};
    f.settle();
    CHECK(f.config.get() == good);
    CHECK(f.config.etag() == "\"v1\"");
    const UploaderStatus s = f.up->status();
    CHECK(s.last_error == SyncError::config_invalid);
    CHECK(s.last_error_detail.find("department.name") != std::string::npos);
    CHECK(s.config_version == "\"v1\"");
}

TEST_CASE("uploader: the worker thread uploads what notify() announces, and stops when asked", "[uploader]") {
    test::TempDir dir;
    Outbox outbox(dir.path());
    ConfigCache config(dir.path(), bundled_config("TH-HCC-01", {"SCT", "Sở Công Thương"}));
    FakeTransport server;
    UploaderOptions options;
    options.kiosk_id = "TH-HCC-01";
    Uploader up(outbox, config, server, options);
    up.start();
    CHECK_THROWS_AS(up.run_once(), std::logic_error);
    outbox.save(sample(1), false);
    up.notify();
    // Wait for the worker to get there; the bound only keeps a broken build from hanging.
    for (int i = 0; i < 1000 && up.status().sent_count < 1; ++i) std::this_thread::sleep_for(10ms);
    up.stop();
    CHECK(up.status().sent_count == 1);
    CHECK(outbox.counts().sent == 1);
    CHECK(server.stored.size() == 1);
    up.stop();  // idempotent
}

namespace {

DutyEvent duty_event(int n, DutyKind kind = DutyKind::sign_in) {
    Uuid::Bytes b{};
    b[13] = 0xD0;
    b[15] = static_cast<std::uint8_t>(n);
    DutyEvent e;
    e.id = Uuid::v4_from_bytes(b);
    e.at = *parse_rfc3339("2026-12-07T07:30:05+07:00");
    e.kind = kind;
    e.officer = "SCT-007";
    e.method = kind == DutyKind::sign_in ? DutyMethod::card : DutyMethod::manual;
    return e;
}

// A server with the roster: the submissions as FakeTransport::store answers them, and each duty
// event by its own id, once (accepted, then duplicate), in request order.
HttpResponse store_with_roster(FakeTransport& server, const HttpRequest& r, std::set<std::string>& roster) {
    json body = json::parse(server.store(r).body);
    json duty_results = json::array();
    for (const json& e : json::parse(r.body).value("duty", json::array())) {
        const std::string id = e["id"].get<std::string>();
        duty_results.push_back({{"id", id}, {"status", roster.insert(id).second ? "accepted" : "duplicate"}});
    }
    body["duty_results"] = duty_results;
    return answer(200, body.dump());
}

}  // namespace

TEST_CASE("uploader: duty events go in the `duty` array beside the ratings and are sent per duty_results", "[uploader][duty]") {
    Fixture f;
    f.save(1, 1);
    f.outbox.save_duty(duty_event(1));
    f.outbox.save_duty(duty_event(2, DutyKind::sign_out));
    f.outbox.save_duty(duty_event(3));
    f.server.then(submissions_path, [](const HttpRequest& r) {
        const json sent = json::parse(r.body);
        json out = {{"results", {{{"id", sent["submissions"][0]["id"]}, {"status", "accepted"}}}},
                    {"duty_results",
                     {{{"id", sent["duty"][0]["id"]}, {"status", "accepted"}},
                      {{"id", sent["duty"][1]["id"]}, {"status", "duplicate"}},
                      {{"id", sent["duty"][2]["id"]},
                       {"status", "rejected"},
                       {"error", {{"code", "unknown_officer"}, {"field", "duty[2].officer"}, {"message", "no SCT-007"}}}}}}};
        return answer(200, out.dump());
    });
    f.settle();

    const auto posts = f.server.to(submissions_path);
    REQUIRE(posts.size() == 1);
    const json body = json::parse(posts[0].body);
    REQUIRE(body["duty"].size() == 3);
    // The stored wire texts, oldest first, byte for byte.
    CHECK(body["duty"][0] == encode_duty_event(duty_event(1)));
    CHECK(body["duty"][1]["event"] == "sign_out");
    CHECK(f.outbox.duty_status(duty_event(1).id) == "sent");
    CHECK(f.outbox.duty_status(duty_event(2).id) == "sent");
    CHECK(f.outbox.duty_status(duty_event(3).id) == "dead");
    CHECK(f.outbox.counts().sent == 1);
    CHECK(f.outbox.counts().duty_pending == 0);
}

TEST_CASE("uploader: a server without the roster answers no duty_results: the events are marked sent", "[uploader][duty]") {
    Fixture f;
    f.outbox.save_duty(duty_event(1));
    f.settle();  // FakeTransport::store knows nothing of `duty`, as an old server
    const auto posts = f.server.to(submissions_path);
    REQUIRE(posts.size() == 1);
    const json body = json::parse(posts[0].body);
    CHECK(body["submissions"].empty());
    CHECK(body["duty"].size() == 1);
    CHECK(f.outbox.duty_status(duty_event(1).id) == "sent");
}

TEST_CASE("uploader: through an outage a duty event waits and then reaches the roster once", "[uploader][duty]") {
    Fixture f;
    std::set<std::string> roster;
    f.server.handlers[submissions_path] = [&](const HttpRequest& r) { return store_with_roster(f.server, r, roster); };
    f.outbox.save_duty(duty_event(1));
    f.save(1, 1);
    f.server.then(submissions_path, error_answer(503, "unavailable"));
    const auto due = f.settle();
    CHECK(f.outbox.duty_status(duty_event(1).id) == "pending");
    // Then a reply that gets lost: the server stored both, the kiosk did not hear it, and sends
    // again as soon as the heartbeat finds the server there.
    f.server.then(submissions_path, [&](const HttpRequest& r) {
        (void)store_with_roster(f.server, r, roster);
        return no_answer(TransportErrorKind::timeout, "timed out");
    });
    f.now = due;
    f.settle();
    const auto posts = f.server.to(submissions_path);
    REQUIRE(posts.size() == 3);
    // The same id each time: the third is a duplicate, and the roster holds the event once.
    for (const auto& p : posts) CHECK(json::parse(p.body)["duty"][0]["id"] == duty_event(1).id.to_string());
    CHECK(roster.size() == 1);
    CHECK(f.outbox.duty_status(duty_event(1).id) == "sent");
    CHECK(f.outbox.counts().sent == 1);
}

TEST_CASE("uploader: duty_results that do not match the duty sent change no row", "[uploader][duty]") {
    Fixture f;
    f.outbox.save_duty(duty_event(1));
    f.server.then(submissions_path, answer(200, R"({"results": [], "duty_results": []})"));
    f.settle();
    CHECK(f.outbox.duty_status(duty_event(1).id) == "pending");
    CHECK(f.up->status().last_error == SyncError::bad_response);
}
