// Tests of the kiosk's backend (kiosk/core/include/hailong/kiosk/backend.hpp): the outbox, the
// configuration cache and a real uploader thread, wired as hailong-kiosk wires them, with a fake
// server behind the one-method Transport. Every connection the backend opens is a connection to
// that fake, numbered in the order they were opened: the uploader's is number 0.
#include "hailong/kiosk/backend.hpp"

#include <chrono>
#include <deque>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "hailong/submission_codec.hpp"
#include "hailong/tracking_code.hpp"
#include "support/read_file.hpp"
#include "support/temp_dir.hpp"

using namespace hailong;
using namespace hailong::kiosk;
using namespace std::chrono_literals;
using nlohmann::json;

using hailong::test::read_file;

namespace {

constexpr const char* submissions_path = "/api/v1/submissions";
constexpr const char* heartbeat_path = "/api/v1/kiosk/heartbeat";
constexpr const char* config_path = "/api/v1/kiosk/config";
constexpr const char* lookup_prefix = "/api/v1/public/complaints/";

HttpResponse answer(int status, std::string body = "") {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

// The configuration answer of docs/api.md, giving this kiosk the number 7.
std::string config_body() {
    return R"({
      "kiosk_id": "TH-HCC-01",
      "kiosk_number": 7,
      "department": {"code": "SCT", "name": "Sở Công Thương"},
      "officers": [{"code": "SCT-007", "name": "Nguyễn Văn An"}],
      "services": [{"code": "1.001234", "name": "Cấp Giấy phép kinh doanh"}],
      "survey": {"scale": 3, "ask_tt01": true, "reasons": []}
    })";
}

struct Request {
    int connection;  // 0: the uploader's
    HttpRequest request;
};

// hailong-server as the backend sees it: ingest stores each id once and answers `accepted` (then
// `duplicate`), the heartbeat is answered 204, the configuration with config_body(), and a
// lookup with whatever the test put in `lookup`. Every request is recorded with its connection.
class FakeServer {
public:
    std::function<HttpResponse(const HttpRequest&)> lookup = [](const HttpRequest&) { return answer(404); };

    Connect connect() {
        return [this]() -> std::unique_ptr<Transport> {
            const std::lock_guard lock(mutex_);
            return std::make_unique<Connection>(*this, connections_++);
        };
    }

    std::vector<Request> requests_to(const std::string& path) const {
        const std::lock_guard lock(mutex_);
        std::vector<Request> out;
        for (const Request& r : requests_)
            if (r.request.path.rfind(path, 0) == 0) out.push_back(r);
        return out;
    }
    bool stored(const Uuid& id) const {
        const std::lock_guard lock(mutex_);
        return stored_.count(id.to_string()) == 1;
    }
    int connections() const {
        const std::lock_guard lock(mutex_);
        return connections_;
    }

private:
    class Connection final : public Transport {
    public:
        Connection(FakeServer& server, int number) : server_(server), number_(number) {}
        HttpResponse send(const HttpRequest& request) override { return server_.receive(number_, request); }

    private:
        FakeServer& server_;
        int number_;
    };

    HttpResponse receive(int connection, const HttpRequest& request) {
        std::function<HttpResponse(const HttpRequest&)> lookup_handler;
        {
            const std::lock_guard lock(mutex_);
            requests_.push_back({connection, request});
            if (request.path == submissions_path) {
                const DecodedBatch batch = decode_submission_batch(request.body);
                std::vector<SubmissionResult> results;
                for (const auto& item : batch.items) {
                    const bool fresh = stored_.insert(*item.id).second;
                    results.push_back({item.id, fresh ? ResultStatus::accepted : ResultStatus::duplicate, std::nullopt});
                }
                return answer(200, encode_results(results));
            }
            if (request.path == heartbeat_path) return answer(204);
            if (request.path == config_path) {
                HttpResponse r = answer(200, config_body());
                r.headers = {{"ETag", "\"v1\""}};
                return r;
            }
            lookup_handler = lookup;
        }
        return lookup_handler(request);
    }

    mutable std::mutex mutex_;
    int connections_ = 0;
    std::vector<Request> requests_;
    std::set<std::string> stored_;
};

KioskSettings settings_in(const std::filesystem::path& dir) {
    KioskSettings s;
    s.kiosk_id = "TH-HCC-01";
    s.server_url = "https://hailong.example";  // only curl_connect reads it; the tests connect to the fake
    s.data_dir = dir;
    s.department_name = "Sở Công Thương";
    s.counter.department = "SCT";
    s.counter.officers = {{"SCT-007", "Nguyễn Văn An", ""}, {"SCT-012", "Trần Thị Bình", ""}};
    s.counter.services = {{"1.001234", "Cấp Giấy phép kinh doanh"}};
    s.counter.officer = "SCT-007";
    s.counter.service = "1.001234";
    return s;
}

Submission sample(int n, int rating = 3) {
    Uuid::Bytes b{};
    b[15] = static_cast<std::uint8_t>(n);
    Submission s;
    s.id = Uuid::v4_from_bytes(b);
    s.created_at = *parse_rfc3339("2026-11-20T08:15:30+07:00");
    s.department = "SCT";
    s.rating = Rating{3, rating};
    return s;
}

// Polls `done` until it holds or 10 s have passed (the uploader runs on its own thread).
bool eventually(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(5ms);
    }
    return done();
}

// The uploader's first round is over once its heartbeat (the round's last request) got an
// answer and the status shows it: the configuration is applied and nothing was pending.
void wait_first_round(Backend& backend, const FakeServer& server) {
    REQUIRE(eventually([&] {
        return !server.requests_to(heartbeat_path).empty() && backend.status().connection == ConnectionState::online;
    }));
}

}  // namespace

TEST_CASE("backend: a save is committed to the outbox, then the uploader is nudged and sends it", "[backend]") {
    test::TempDir dir;
    FakeServer server;
    Backend backend(settings_in(dir.path()), server.connect());
    wait_first_round(backend, server);
    REQUIRE(server.requests_to(submissions_path).empty());  // nothing was pending: the uploader waits for a nudge

    const SaveResult saved = backend.save(sample(1), false);
    CHECK(saved.ok);
    CHECK(saved.detail.empty());
    CHECK_FALSE(saved.tracking_code.has_value());

    // Without the nudge the uploader would sleep until the next heartbeat, a minute away.
    REQUIRE(eventually([&] { return server.stored(sample(1).id); }));
    const auto uploads = server.requests_to(submissions_path);
    REQUIRE(uploads.size() == 1);
    CHECK(uploads[0].connection == 0);
    CHECK(json::parse(uploads[0].request.body)["kiosk_id"] == "TH-HCC-01");
    REQUIRE(eventually([&] {
        const UploaderStatus s = backend.status();
        return s.sent_count == 1 && s.queue_depth == 0;
    }));
}

TEST_CASE("backend: once the server gave the kiosk its number, a complaint's save returns its tracking code", "[backend]") {
    test::TempDir dir;
    FakeServer server;
    Backend backend(settings_in(dir.path()), server.connect());
    wait_first_round(backend, server);
    CHECK(backend.config().get()->kiosk_number == 7);

    const SaveResult complaint = backend.save(sample(1, 1), true);
    REQUIRE(complaint.ok);
    REQUIRE(complaint.tracking_code.has_value());
    const auto parts = tracking_code::parse(*complaint.tracking_code);
    REQUIRE(parts.has_value());
    CHECK(parts->kiosk_number == 7);

    const SaveResult plain = backend.save(sample(2, 3), false);
    CHECK(plain.ok);
    CHECK_FALSE(plain.tracking_code.has_value());
}

TEST_CASE("backend: a face tap kept open is not forwarded until the save completes it, then once", "[backend]") {
    test::TempDir dir;
    FakeServer server;
    Backend backend(settings_in(dir.path()), server.connect());
    wait_first_round(backend, server);

    CHECK(backend.keep_open(sample(1, 1)).ok);
    Submission more = sample(1, 1);
    more.reasons = {"slow"};
    CHECK(backend.keep_open(more).ok);
    // Another citizen's rating, complete, goes out at once; the open one stays behind.
    CHECK(backend.save(sample(2), false).ok);
    REQUIRE(eventually([&] { return server.stored(sample(2).id); }));
    CHECK_FALSE(server.stored(more.id));
    // The status catches up once the uploader has recorded the answer (after the server stored).
    CHECK(eventually([&] { return backend.status().queue_depth == 0; }));

    CHECK(backend.save(more, false).ok);
    REQUIRE(eventually([&] { return server.stored(more.id); }));
    const auto uploads = server.requests_to(submissions_path);
    REQUIRE(uploads.size() == 2);
    const json first = json::parse(uploads[0].request.body);
    REQUIRE(first["submissions"].size() == 1);
    CHECK(first["submissions"][0]["id"] == sample(2).id.to_string());
    const json body = json::parse(uploads[1].request.body);
    REQUIRE(body["submissions"].size() == 1);
    CHECK(body["submissions"][0]["id"] == more.id.to_string());
    CHECK(body["submissions"][0]["reasons"] == json::array({"slow"}));
    // Kept once more after it went (a late amendment): nothing changes, nothing is sent again.
    CHECK(backend.keep_open(sample(1, 3)).ok);
    CHECK(eventually([&] { return backend.status().queue_depth == 0; }));
    CHECK(server.requests_to(submissions_path).size() == 2);
}

TEST_CASE("backend: a save the outbox refuses is reported, not thrown, and nothing is stored", "[backend]") {
    test::TempDir dir;
    Backend backend(settings_in(dir.path()), Connect{});
    Submission bad = sample(1);
    bad.rating = Rating{3, 4};  // 4 on a scale of 3: the wire contract refuses it

    SaveResult result;
    REQUIRE_NOTHROW(result = backend.save(bad, true));
    CHECK_FALSE(result.ok);
    CHECK_FALSE(result.tracking_code.has_value());
    CHECK_FALSE(result.detail.empty());
    CHECK(backend.status().queue_depth == 0);
}

TEST_CASE("backend: without a server the kiosk keeps everything, and the status is the outbox's", "[backend]") {
    test::TempDir dir;
    Backend backend(settings_in(dir.path()), Connect{});
    CHECK(backend.save(sample(1), false).ok);
    CHECK(backend.save(sample(2), false).ok);
    CHECK(backend.save(sample(2), false).ok);  // the same id again: stored once

    const UploaderStatus s = backend.status();
    CHECK(s.queue_depth == 2);
    CHECK(s.sent_count == 0);
    CHECK(s.dead_count == 0);
    CHECK(s.connection == ConnectionState::never_connected);

    const NetworkTest test = backend.test_network();
    CHECK_FALSE(test.ok);
    CHECK(test.detail == "server_url is not set in the configuration file");
    CHECK(backend.lookup_complaint("3AU-3X4X-C") == ComplaintLookup{});
}

TEST_CASE("backend: a lookup reads the status and the reply of the server's answer, on a connection of its own", "[backend]") {
    test::TempDir dir;
    FakeServer server;
    server.lookup = [](const HttpRequest&) {
        return answer(200, R"({"tracking_code": "3AU-3X4X-C", "status": "in_progress",
                               "reply": "Đã chuyển phòng Cấp phép", "assignee": "x"})");
    };
    Backend backend(settings_in(dir.path()), server.connect());

    const ComplaintLookup found = backend.lookup_complaint("3AU-3X4X-C");
    CHECK(found.outcome == ComplaintLookup::Outcome::found);
    CHECK(found.status == "in_progress");
    CHECK(found.reply == std::optional<std::string>("Đã chuyển phòng Cấp phép"));

    const auto asked = server.requests_to(lookup_prefix);
    REQUIRE(asked.size() == 1);
    CHECK(asked[0].request.method == "GET");
    CHECK(asked[0].request.path == "/api/v1/public/complaints/3AU-3X4X-C");
    CHECK(asked[0].connection != 0);

    // No reply yet: the server sends null.
    server.lookup = [](const HttpRequest&) {
        return answer(200, R"({"tracking_code": "3AU-3X4X-C", "status": "new", "reply": null})");
    };
    const ComplaintLookup waiting = backend.lookup_complaint("3AU-3X4X-C");
    CHECK(waiting.outcome == ComplaintLookup::Outcome::found);
    CHECK(waiting.status == "new");
    CHECK_FALSE(waiting.reply.has_value());

    server.lookup = [](const HttpRequest&) { return answer(404, encode_error_body({"not_found", "", "no such code"})); };
    CHECK(backend.lookup_complaint("3AU-3X4X-C").outcome == ComplaintLookup::Outcome::not_found);
}

TEST_CASE("backend: a malformed lookup answer, an error answer or no answer is 'unavailable'", "[backend]") {
    test::TempDir dir;
    FakeServer server;
    Backend backend(settings_in(dir.path()), server.connect());
    const auto lookup_with = [&](HttpResponse r) {
        server.lookup = [r](const HttpRequest&) { return r; };
        return backend.lookup_complaint("3AU-3X4X-C");
    };
    HttpResponse no_answer;
    no_answer.error = TransportError{TransportErrorKind::connect, "Connection refused"};

    for (const char* body : {"not json", "[]", "{}", R"({"status": 3})", R"({"reply": "x"})", R"("in_progress")"}) {
        INFO("200 with " << body);
        CHECK(lookup_with(answer(200, body)) == ComplaintLookup{});
    }
    CHECK(lookup_with(answer(500, encode_error_body({"internal", "", "boom"}))) == ComplaintLookup{});
    CHECK(lookup_with(answer(429, encode_error_body({"rate_limited", "", "slow down"}))) == ComplaintLookup{});
    CHECK(lookup_with(answer(400, encode_error_body({"invalid_value", "code", "not a code"}))) == ComplaintLookup{});
    CHECK(lookup_with(no_answer) == ComplaintLookup{});
}

TEST_CASE("backend: the network test asks the server on a new connection and tells the uploader to retry now", "[backend]") {
    test::TempDir dir;
    FakeServer server;
    Backend backend(settings_in(dir.path()), server.connect());
    wait_first_round(backend, server);
    REQUIRE(server.requests_to(config_path).size() == 1);

    const NetworkTest test = backend.test_network();
    CHECK(test.ok);
    CHECK_THAT(test.detail, Catch::Matches("HTTP 200 in [0-9]+ ms"));
    const auto asked = server.requests_to(config_path);
    REQUIRE(asked.size() >= 2);
    CHECK(asked[1].connection != 0);
    CHECK(asked[1].request.method == "GET");
    // The uploader fetches the configuration again at once, not in ten minutes.
    CHECK(eventually([&] {
        int uploader_fetches = 0;
        for (const Request& r : server.requests_to(config_path)) uploader_fetches += r.connection == 0;
        return uploader_fetches == 2;
    }));
}

TEST_CASE("backend: a network test without an answer says why", "[backend]") {
    test::TempDir dir;
    int opened = 0;
    const Connect unreachable = [&opened]() -> std::unique_ptr<Transport> {
        struct Refused final : Transport {
            HttpResponse send(const HttpRequest&) override {
                HttpResponse r;
                r.error = TransportError{TransportErrorKind::connect, "Failed to connect to 10.0.0.5 port 8443"};
                return r;
            }
        };
        ++opened;
        return std::make_unique<Refused>();
    };
    Backend backend(settings_in(dir.path()), unreachable);
    const NetworkTest test = backend.test_network();
    CHECK_FALSE(test.ok);
    CHECK(test.detail == "Failed to connect to 10.0.0.5 port 8443");
    CHECK(opened == 2);  // the uploader's, and the test's own
}

TEST_CASE("backend: the counter the admin chose survives a restart", "[backend]") {
    test::TempDir dir;
    {
        Backend backend(settings_in(dir.path()), Connect{});
        backend.remember_counter(effect::CounterChanged{"SCT-012", std::nullopt, "en", ""});
    }
    CHECK_FALSE(std::filesystem::exists(dir.path() / "counter.json.tmp"));
    KioskSettings restarted = settings_in(dir.path());
    restore_counter(restarted);
    CHECK(restarted.counter.officer == std::optional<std::string>("SCT-012"));
    CHECK_FALSE(restarted.counter.service.has_value());  // the admin chose none
    CHECK(restarted.counter.default_lang == "en");
}

TEST_CASE("backend: a service chosen from the server's list survives a restart that does not list it", "[backend]") {
    test::TempDir dir;
    {
        Backend backend(settings_in(dir.path()), Connect{});
        backend.remember_counter(effect::CounterChanged{"SCT-007", "2.000204", "vi", "Cấp Giấy phép bán lẻ rượu"});
    }
    KioskSettings restarted = settings_in(dir.path());  // its file lists only 1.001234
    restore_counter(restarted);
    CHECK(restarted.counter.service == std::optional<std::string>("2.000204"));
    CHECK(restarted.counter.services ==
          std::vector<Service>{{"1.001234", "Cấp Giấy phép kinh doanh"}, {"2.000204", "Cấp Giấy phép bán lẻ rượu"}});
    // Without a name (a counter.json of the previous release) it cannot be shown: ignored.
    std::ofstream(dir.path() / "counter.json", std::ios::trunc) << R"({"officer": null, "service": "2.000204"})";
    KioskSettings old = settings_in(dir.path());
    restore_counter(old);
    CHECK(old.counter.service == std::optional<std::string>("1.001234"));
    CHECK(old.counter.services.size() == 1);
}

TEST_CASE("backend: a kept counter naming an officer or a language the kiosk no longer has is ignored", "[backend]") {
    test::TempDir dir;
    std::ofstream(dir.path() / "counter.json") << R"({"officer": "SCT-099", "service": 5, "language": "fr"})";
    KioskSettings s = settings_in(dir.path());
    restore_counter(s);
    CHECK(s.counter.officer == std::optional<std::string>("SCT-007"));
    CHECK(s.counter.service == std::optional<std::string>("1.001234"));
    CHECK(s.counter.default_lang == "vi");

    std::ofstream(dir.path() / "counter.json", std::ios::trunc) << "{not json";
    restore_counter(s);
    CHECK(s.counter.officer == std::optional<std::string>("SCT-007"));
}

TEST_CASE("backend: a counter that cannot be written is an error naming the file", "[backend]") {
    test::TempDir dir;
    Backend backend(settings_in(dir.path()), Connect{});
    backend.remember_counter(effect::CounterChanged{"SCT-007", "1.001234", "vi", "Cấp Giấy phép kinh doanh"});
    const std::string before = read_file(dir.path() / "counter.json");
    // A directory where the temporary file must go: the write cannot even start.
    std::filesystem::create_directory(dir.path() / "counter.json.tmp");
    CHECK_THROWS_WITH(backend.remember_counter(effect::CounterChanged{"SCT-012", std::nullopt, "en", ""}),
                      Catch::Contains("counter.json.tmp"));
    CHECK(read_file(dir.path() / "counter.json") == before);
}

TEST_CASE("backend: a dossier's eligibility is read from the server's answer, anything else is 'unavailable'", "[backend][dossier]") {
    test::TempDir dir;
    FakeServer server;
    // The example answer of the spec (issue 20, section D).
    server.lookup = [](const HttpRequest&) {
        return answer(200, R"({"dossier": "000.00.12.H56-261120-0001", "known": true, "department": "SCT",
                               "service": {"code": "2.000204", "name": "Cấp Giấy phép bán lẻ rượu"},
                               "stage": "collection", "rated": {"filing": false, "collection": true}})");
    };
    Backend backend(settings_in(dir.path()), server.connect());
    const DossierInfo known = backend.check_dossier("000.00.12.H56-261120-0001");
    CHECK(known.outcome == DossierInfo::Outcome::known);
    CHECK(known.service_code == "2.000204");
    CHECK(known.service_name == "Cấp Giấy phép bán lẻ rượu");
    CHECK(known.stage == DossierStage::collection);
    CHECK(known.rated_at_stage);
    const auto asked = server.requests_to("/api/v1/kiosk/dossiers/");
    REQUIRE(asked.size() == 1);
    CHECK(asked[0].request.method == "GET");
    CHECK(asked[0].request.path == "/api/v1/kiosk/dossiers/000.00.12.H56-261120-0001");
    CHECK(asked[0].connection != 0);

    // At filing, service null, not rated yet.
    server.lookup = [](const HttpRequest&) {
        return answer(200, R"({"dossier": "X-1", "known": true, "department": "SCT", "service": null, "stage": "filing",
                               "rated": {"filing": false, "collection": false}})");
    };
    const DossierInfo filing = backend.check_dossier("X-1");
    CHECK(filing.outcome == DossierInfo::Outcome::known);
    CHECK(filing.stage == DossierStage::filing);
    CHECK(filing.service_name.empty());
    CHECK_FALSE(filing.rated_at_stage);

    server.lookup = [](const HttpRequest&) { return answer(200, R"({"dossier": "X-2", "known": false})"); };
    CHECK(backend.check_dossier("X-2").outcome == DossierInfo::Outcome::unknown);
    // An old server (404), a server error, a body that is not the contract's: unavailable.
    server.lookup = [](const HttpRequest&) { return answer(404, encode_error_body({"not_found", "", "no route"})); };
    CHECK(backend.check_dossier("X-3").outcome == DossierInfo::Outcome::unavailable);
    server.lookup = [](const HttpRequest&) { return answer(500); };
    CHECK(backend.check_dossier("X-3").outcome == DossierInfo::Outcome::unavailable);
    server.lookup = [](const HttpRequest&) { return answer(200, R"({"known": "yes"})"); };
    CHECK(backend.check_dossier("X-3").outcome == DossierInfo::Outcome::unavailable);
    // A code that is not a code is never put in a path.
    CHECK(backend.check_dossier("X 3/../config").outcome == DossierInfo::Outcome::unavailable);
    CHECK(server.requests_to("/api/v1/kiosk/dossiers/").size() == 6);
}

TEST_CASE("backend: a duty event is stored, forwarded, and tells who was on duty after a restart", "[backend][duty]") {
    test::TempDir dir;
    FakeServer server;
    DutyEvent in;
    in.id = *Uuid::parse("6f0c5a2e-1d3b-4c7a-9e8f-0a1b2c3d4e5f");
    in.at = *parse_rfc3339("2026-12-07T07:30:05+07:00");
    in.kind = DutyKind::sign_in;
    in.officer = "SCT-012";
    in.method = DutyMethod::pin;
    {
        Backend backend(settings_in(dir.path()), server.connect());
        CHECK(backend.record_duty(in).ok);
        // The uploader sends it in the `duty` array (the fake is a server without the roster).
        REQUIRE(eventually([&] {
            for (const Request& r : server.requests_to(submissions_path))
                if (r.request.body.find("\"duty\"") != std::string::npos) return true;
            return false;
        }));
        CHECK(backend.last_duty() == in);
    }
    Backend again(settings_in(dir.path()), {});
    KioskSettings s = settings_in(dir.path());
    restore_duty(s, again.last_duty());
    CHECK(s.counter.signed_in == "SCT-012");
    CHECK(s.counter.signed_in_at == in.at.instant);
    // A sign-out last: nobody.
    DutyEvent out = in;
    out.id = *Uuid::parse("8a7b6c5d-4e3f-4a1b-8c2d-3e4f5a6b7c8d");
    out.kind = DutyKind::sign_out;
    out.method = DutyMethod::manual;
    CHECK(again.record_duty(out).ok);
    KioskSettings after = settings_in(dir.path());
    restore_duty(after, again.last_duty());
    CHECK_FALSE(after.counter.signed_in);
}
