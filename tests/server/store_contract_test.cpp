// The contract every Store implementation keeps (store.hpp). Each TEMPLATE_TEST_CASE runs once per
// backend, on a fresh database.
#include <atomic>
#include <thread>

#include <catch2/catch.hpp>

#include "store_fixtures.hpp"

using namespace hailong;
using namespace hailong::server;
using hailong::test::sample_submission;
using hailong::test::seed_organisation;
using Status = IngestOutcome::Status;

#define STORE_BACKENDS hailong::test::SqliteBackend, hailong::test::PostgresBackend

namespace {
Instant received() { return parse_rfc3339("2026-11-20T08:16:00+07:00")->instant; }
std::vector<IngestItem> items_for(const std::vector<Submission>& subs, const std::string& kiosk = "K-SCT-01") {
    std::vector<IngestItem> items;
    for (const auto& s : subs) items.push_back({kiosk, s, received()});
    return items;
}
// The ids Store::submissions lists for `q`, in its order.
std::vector<Uuid> submission_ids(Store& store, const SubmissionQuery& q) {
    std::vector<Uuid> out;
    for (const StoredSubmission& x : store.submissions(q)) out.push_back(x.submission.id);
    return out;
}
}  // namespace

TEMPLATE_TEST_CASE("store: organisation import adds, renames and moves, and counts what changed", "[store]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    const auto on = [](const char* day) { return *parse_iso_date(day); };
    const auto first = store.import_organisation({{"SCT", "Sở Công Thương"}}, {{"SCT-001", "Nguyễn Văn An", "SCT"}}, on("2025-01-01"));
    CHECK(first == ImportCounts{1, 0, 1, 0});
    // The same chart again, on any later day: the version in force is the same, nothing changes.
    CHECK(store.import_organisation({{"SCT", "Sở Công Thương"}}, {{"SCT-001", "Nguyễn Văn An", "SCT"}}, on("2025-03-01")) ==
          ImportCounts{});

    const auto second = store.import_organisation({{"SCT", "Sở Công Thương tỉnh"}, {"SXD", "Sở Xây dựng"}},
                                                  {{"SCT-001", "Nguyễn Văn An", "SXD"}}, on("2025-07-01"));
    CHECK(second == ImportCounts{1, 1, 0, 1});
    CHECK(store.departments() == std::vector<Department>{{"SCT", "Sở Công Thương tỉnh"}, {"SXD", "Sở Xây dựng"}});
    CHECK(store.officers("SXD") == std::vector<Officer>{{"SCT-001", "Nguyễn Văn An", "SXD"}});
    CHECK(store.officers("SCT").empty());
    CHECK(store.officers().size() == 1);

    // The history keeps what held before 1 July 2025.
    const OrganisationHistory h = store.organisation_history();
    CHECK(h.departments == std::vector<DepartmentVersion>{{{"SCT", "Sở Công Thương"}, on("2025-01-01")},
                                                          {{"SCT", "Sở Công Thương tỉnh"}, on("2025-07-01")},
                                                          {{"SXD", "Sở Xây dựng"}, on("2025-07-01")}});
    CHECK(h.officers == std::vector<OfficerVersion>{{{"SCT-001", "Nguyễn Văn An", "SCT"}, on("2025-01-01")},
                                                    {{"SCT-001", "Nguyễn Văn An", "SXD"}, on("2025-07-01")}});

    // A change recorded late (a rename from 1 March) enters the history between the two and
    // leaves the current name, the newest version's, as it is; one recorded again for the same
    // day replaces it.
    CHECK(store.import_organisation({{"SCT", "Sở Công Thương (tạm)"}}, {}, on("2025-03-01")) == ImportCounts{0, 1, 0, 0});
    CHECK(store.import_organisation({{"SCT", "Sở Công Thương lâm thời"}}, {}, on("2025-03-01")) == ImportCounts{0, 1, 0, 0});
    CHECK(store.departments().front() == Department{"SCT", "Sở Công Thương tỉnh"});
    CHECK(store.organisation_history().departments.size() == 4);
    CHECK(organisation_on(store.organisation_history(), on("2025-05-31")).departments.at("SCT").name == "Sở Công Thương lâm thời");
}

TEMPLATE_TEST_CASE("store: an import with an officer of an unknown department stores nothing", "[store]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    CHECK_THROWS_AS(store.import_organisation({{"SCT", "Sở Công Thương"}}, {{"X-1", "Ai Đó", "NOPE"}}, history_start), StoreError);
    CHECK(store.departments().empty());
    CHECK(store.officers().empty());
}

TEMPLATE_TEST_CASE("store: kiosks are found by token hash, revoked and given new tokens", "[store]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    CHECK(store.kiosk_by_token_hash("hash-of-kiosk-token") == Kiosk{"K-SCT-01", "SCT", false, 1});
    CHECK_FALSE(store.kiosk_by_token_hash("some-other-hash"));
    CHECK_THROWS_AS(store.add_kiosk({"K-SCT-01", "SCT", false, 0}, "h2"), StoreError);
    CHECK_THROWS_AS(store.add_kiosk({"K-NEW", "NOPE", false, 0}, "h3"), StoreError);

    store.revoke_kiosk("K-SCT-01");
    CHECK(store.kiosk_by_token_hash("hash-of-kiosk-token")->revoked);
    store.set_kiosk_token("K-SCT-01", "rotated-hash");
    CHECK_FALSE(store.kiosk_by_token_hash("hash-of-kiosk-token"));
    // Rotation gives the kiosk a number no kiosk had before (K-SCT-01 was number 1, the only one).
    CHECK(store.kiosk_by_token_hash("rotated-hash") == Kiosk{"K-SCT-01", "SCT", false, 2});
    CHECK_THROWS_AS(store.revoke_kiosk("K-NOPE"), StoreError);
    CHECK(store.kiosks().size() == 1);
}

TEMPLATE_TEST_CASE("store: kiosks are numbered in the order they are added, and keep their numbers", "[store]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);  // adds K-SCT-01 first: number 1
    store.add_kiosk({"K-SCT-02", "SCT", false, 0}, "hash-2");
    store.revoke_kiosk("K-SCT-02");
    store.add_kiosk({"A-FIRST-BY-NAME", "SCT", false, 99}, "hash-3");  // the number given is ignored
    // kiosks() is ordered by id; the numbers follow the order of adding, and revoking keeps them.
    const auto kiosks = store.kiosks();
    REQUIRE(kiosks.size() == 3);
    CHECK(kiosks[0] == Kiosk{"A-FIRST-BY-NAME", "SCT", false, 3});
    CHECK(kiosks[1] == Kiosk{"K-SCT-01", "SCT", false, 1});
    CHECK(kiosks[2] == Kiosk{"K-SCT-02", "SCT", true, 2});
    // A rotated token comes with the next unused number, so a reinstalled kiosk that lost its
    // outbox cannot issue a tracking code it issued before.
    store.set_kiosk_token("K-SCT-02", "hash-2b");
    CHECK(store.kiosk_by_token_hash("hash-2b")->number == 4);
}

TEMPLATE_TEST_CASE("store: every number a kiosk has held stays its own", "[store]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);                                   // K-SCT-01: 1
    store.add_kiosk({"K-SCT-02", "SCT", false, 0}, "hash-2");   // 2
    store.set_kiosk_token("K-SCT-01", "hash-1b");               // K-SCT-01: 3, and still 1
    store.set_kiosk_token("K-SCT-01", "hash-1c");               // K-SCT-01: 4
    store.add_kiosk({"K-SCT-03", "SCT", false, 0}, "hash-3");   // 5: after every number ever held
    CHECK(store.kiosk_with_number(1) == "K-SCT-01");
    CHECK(store.kiosk_with_number(2) == "K-SCT-02");
    CHECK(store.kiosk_with_number(3) == "K-SCT-01");
    CHECK(store.kiosk_with_number(4) == "K-SCT-01");
    CHECK(store.kiosk_with_number(5) == "K-SCT-03");
    CHECK_FALSE(store.kiosk_with_number(6));
    CHECK_FALSE(store.kiosk_with_number(0));
}

TEMPLATE_TEST_CASE("store: users keep role, departments and token hash", "[store]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    const User manager{"truong.phong", Role::manager, {"SCT", "STTTT"}, false};
    store.add_user(manager, "user-hash", std::string("$argon2id$..."));
    CHECK(store.user_by_token_hash("user-hash") == manager);
    CHECK_THROWS_AS(store.add_user(manager, "other-hash", std::nullopt), StoreError);
    CHECK_THROWS_AS(store.add_user({"x", Role::manager, {"NOPE"}, false}, "h", std::nullopt), StoreError);
    CHECK(store.users().size() == 1);  // the failed add left nothing behind
}

// Issue 19: the centre's director is a manager of every department, one added tomorrow too, by
// every path a user is read (token, session, sign-in, the list), so no check of a manager's reach
// needs to know the flag.
TEMPLATE_TEST_CASE("store: a manager of every department reaches each one, those added later too", "[store]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);  // SCT and STTTT
    store.add_user({"giam.doc", Role::manager, {}, false, true}, "director-hash", std::string("$argon2id$stored"));
    const User expected{"giam.doc", Role::manager, {"SCT", "STTTT"}, false, true};
    CHECK(store.user_by_token_hash("director-hash") == expected);
    store.import_organisation({{"SYT", "Sở Y tế"}}, {}, history_start);
    const User later{"giam.doc", Role::manager, {"SCT", "STTTT", "SYT"}, false, true};
    CHECK(store.user_by_token_hash("director-hash") == later);
    CHECK(store.users() == std::vector<User>{later});
    REQUIRE(store.user_for_login("giam.doc"));
    CHECK(store.user_for_login("giam.doc")->first == later);
    const Instant now = parse_rfc3339("2026-12-08T08:00:00+07:00")->instant;
    store.create_session("session-hash", "giam.doc", now + std::chrono::hours(1));
    CHECK(store.session_user("session-hash", now) == later);
    // A manager of a list reaches only that list, whatever is added.
    store.add_user({"truong.phong", Role::manager, {"SCT"}, false}, "manager-hash", std::nullopt);
    CHECK(store.user_by_token_hash("manager-hash") == User{"truong.phong", Role::manager, {"SCT"}, false, false});
}

TEMPLATE_TEST_CASE("store: a submission is stored once, whatever is resent", "[store]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    Submission s = sample_submission();
    s.comment = "Cán bộ nhiệt tình";
    s.tt01 = Tt01Answers{2, 1, std::nullopt, 2};
    s.reasons = {"slow", "rude"};
    s.tracking_code = "K7Q-4MX2-9";

    CHECK(store.ingest(items_for({s}))[0].status == Status::accepted);
    CHECK(store.ingest(items_for({s}))[0].status == Status::duplicate);
    CHECK(store.submission_count() == 1);
    CHECK(store.find_submission(s.id) == s);

    // The same id twice in one call: the second is a duplicate of the first.
    const Submission t = sample_submission();
    const auto outcomes = store.ingest(items_for({t, t}));
    CHECK(outcomes[0].status == Status::accepted);
    CHECK(outcomes[1].status == Status::duplicate);
    CHECK(store.submission_count() == 2);
}

TEMPLATE_TEST_CASE("store: an id another kiosk stored is refused, and its record left as it was", "[store]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    store.add_kiosk({"K-SCT-02", "SCT", false, 0}, "hash-2");
    Submission real = sample_submission();
    real.rating = Rating{3, 3};
    Submission forged = real;  // the same id, another rating, from another kiosk
    forged.rating = Rating{3, 1};
    forged.comment = "giả mạo";

    CHECK(store.ingest(items_for({real}, "K-SCT-01"))[0].status == Status::accepted);
    const auto outcome = store.ingest(items_for({forged}, "K-SCT-02"))[0];
    CHECK(outcome.status == Status::rejected);
    REQUIRE(outcome.error);
    CHECK(outcome.error->code == "id_conflict");
    CHECK(outcome.error->field == "id");
    CHECK(store.find_submission(real.id) == real);
    // The kiosk that stored it still hears "duplicate" when it sends it again.
    CHECK(store.ingest(items_for({real}, "K-SCT-01"))[0].status == Status::duplicate);

    // Within one call (a group commit holds several kiosks' requests): the first stands.
    const Submission shared = sample_submission();
    std::vector<IngestItem> mixed = {{"K-SCT-02", shared, received()}, {"K-SCT-01", shared, received()}, {"K-SCT-02", shared, received()}};
    const auto outcomes = store.ingest(mixed);
    CHECK(outcomes[0].status == Status::accepted);
    CHECK(outcomes[1].status == Status::rejected);
    CHECK(outcomes[1].error->code == "id_conflict");
    CHECK(outcomes[2].status == Status::duplicate);
    CHECK(store.submission_count() == 2);
}

TEMPLATE_TEST_CASE("store: every field comes back exactly, whatever characters the text holds", "[store]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    // Characters that array literals, SQL strings and JSON each treat specially: quotes, a
    // backslash, braces, a comma, a new line and a tab, "NULL" as text, and Vietnamese.
    Submission s = sample_submission();
    s.comment = "Cán bộ nói \"không\", {chờ} \\ mai\nquay lại\tNULL";
    s.contact = "NULL";
    s.dossier = "NULL";
    s.service = "1.000.1";
    s.lang = "vi";
    s.tt01 = Tt01Answers{0, std::nullopt, 2, std::nullopt};
    s.reasons = {"a\"b", "c,d"};
    s.tracking_code = "NULL";
    Submission plain = sample_submission();  // every optional field absent
    plain.officer.reset();
    const auto outcomes = store.ingest(items_for({s, plain}));
    CHECK(outcomes[0].status == Status::accepted);
    CHECK(outcomes[1].status == Status::accepted);
    CHECK(store.find_submission(s.id) == s);
    CHECK(store.find_submission(plain.id) == plain);
    // A tracking code spelled NULL is still a code: a second one is refused.
    Submission again = sample_submission();
    again.tracking_code = "NULL";
    CHECK(store.ingest(items_for({again}))[0].status == Status::rejected);
}

TEMPLATE_TEST_CASE("store: unknown or foreign departments and taken tracking codes are rejected", "[store]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    Submission unknown = sample_submission();
    unknown.department = "NOPE";
    Submission foreign = sample_submission();
    foreign.department = "STTTT";
    Submission first = sample_submission();
    first.tracking_code = "ABC-123";
    Submission second = sample_submission();
    second.tracking_code = "ABC-123";

    const auto outcomes = store.ingest(items_for({unknown, foreign, first, second}));
    REQUIRE(outcomes.size() == 4);
    CHECK(outcomes[0].status == Status::rejected);
    CHECK(outcomes[0].error->code == "unknown_department");
    CHECK(outcomes[0].error->field == "department");
    CHECK(outcomes[1].error->code == "department_not_allowed");
    CHECK(outcomes[2].status == Status::accepted);
    CHECK(outcomes[3].error->code == "duplicate_tracking_code");
    CHECK(outcomes[3].error->field == "tracking_code");
    CHECK(store.submission_count() == 1);
    // A rejected id can be sent again once fixed; it was never stored.
    CHECK_FALSE(store.find_submission(unknown.id));
}

TEMPLATE_TEST_CASE("store: concurrent ingest of the same submissions stores each exactly once", "[store]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    std::vector<Submission> subs;
    for (int i = 0; i < 400; ++i) subs.push_back(sample_submission());

    std::atomic<int> accepted{0}, duplicate{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            // Each thread sends all 400 in batches of 50, starting at a different offset.
            for (int b = 0; b < 8; ++b) {
                const auto start = subs.begin() + ((b + 2 * t) % 8) * 50;
                for (const auto& o : store.ingest(items_for(std::vector<Submission>(start, start + 50)))) {
                    (o.status == Status::accepted ? accepted : duplicate)++;
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    CHECK(store.submission_count() == 400);
    CHECK(accepted == 400);
    CHECK(duplicate == 3 * 400);
}

TEMPLATE_TEST_CASE("store: the latest heartbeat of each kiosk is kept", "[store]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    Heartbeat h{"K-SCT-01", received(), parse_rfc3339("2026-11-20T08:15:58+07:00")->instant, "0.1.0", 3, "network unreachable"};
    store.record_heartbeat(h);
    h.queue_depth = 0;
    h.last_error.clear();
    h.kiosk_clock.reset();
    store.record_heartbeat(h);
    CHECK(store.heartbeats() == std::vector<Heartbeat>{h});
}

TEMPLATE_TEST_CASE("store: the drill-down lists one department's submissions newest first, filtered and paged", "[store]",
                   STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    store.add_kiosk({"K-SCT-02", "SCT", false, 0}, "hash-2");
    store.add_kiosk({"K-STTTT-01", "STTTT", false, 0}, "hash-3");
    // Five ratings at SCT and one at STTTT, on 19 and 20 November; the one at 21:30 is outside the
    // standard opening hours (methodology section 6), so it is flagged.
    auto at = [](const char* local, const char* officer, const char* department = "SCT") {
        Submission x = sample_submission(local);
        x.department = department;
        x.officer = officer;
        return x;
    };
    const Submission a = at("2026-11-19T09:00:00+07:00", "SCT-001");
    const Submission b = at("2026-11-19T21:30:00+07:00", "SCT-002");
    Submission c = at("2026-11-20T08:00:00+07:00", "SCT-001");
    c.comment = "Cán bộ hướng dẫn tận tình";
    c.contact = "0912345678";
    const Submission d = at("2026-11-20T10:00:00+07:00", "SCT-002");
    const Submission e = at("2026-11-20T10:00:00+07:00", "SCT-001");  // the same instant as d, stored after it
    const Submission other = at("2026-11-20T11:00:00+07:00", "STTTT-001", "STTTT");
    store.ingest({{"K-SCT-01", a, received()}, {"K-SCT-02", b, received()}, {"K-SCT-01", c, received()}});
    store.ingest({{"K-SCT-02", d, received()}});
    store.ingest({{"K-SCT-01", e, received()}, {"K-STTTT-01", other, received()}});

    const auto ids = [&](const SubmissionQuery& q) { return submission_ids(store, q); };
    SubmissionQuery q;
    q.departments = {"SCT"};
    // Newest first; of two at one instant, the one stored last first.
    CHECK(ids(q) == std::vector<Uuid>{e.id, d.id, c.id, b.id, a.id});
    q.officer = "SCT-001";
    CHECK(ids(q) == std::vector<Uuid>{e.id, c.id, a.id});
    q.officer.reset();
    q.kiosk = "K-SCT-02";
    CHECK(ids(q) == std::vector<Uuid>{d.id, b.id});
    q.kiosk.reset();
    q.from = parse_rfc3339("2026-11-20T00:00:00+07:00")->instant;
    q.to = parse_rfc3339("2026-11-20T10:00:00+07:00")->instant;  // to is exclusive: d and e are left out
    CHECK(ids(q) == std::vector<Uuid>{c.id});
    q.from.reset();
    q.to.reset();
    q.include_flagged = false;
    CHECK(ids(q) == std::vector<Uuid>{e.id, d.id, c.id, a.id});
    q.include_flagged = true;
    q.limit = 2;
    q.offset = 1;
    CHECK(ids(q) == std::vector<Uuid>{d.id, c.id});
    q.departments = {"SCT", "STTTT"};
    q.limit = 3;
    q.offset = 0;
    CHECK(ids(q) == std::vector<Uuid>{other.id, e.id, d.id});
    q.departments.clear();
    q.limit = 50;
    CHECK(ids(q).size() == 6);

    // Each row comes back whole: the submission as stored, its kiosk, arrival and flags.
    q.departments = {"SCT"};
    q.officer = "SCT-001";
    const auto rows = store.submissions(q);
    REQUIRE(rows.size() == 3);
    CHECK(rows[1].submission == c);
    CHECK(rows[1].kiosk_id == "K-SCT-01");
    CHECK(rows[1].received_at == received());
    CHECK(rows[1].flags == Flags{0});
    q.officer = "SCT-002";
    CHECK(store.submissions(q).back().flags == flag_bit(Flag::outside_hours));
}

TEMPLATE_TEST_CASE("store: the why lists only the ratings asked why, or those with a comment", "[store]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    // One of each kind, by hand: satisfied on scale 3 (3 and 2) and scale 5 (4) are not asked why;
    // 1 of 3 and 3 of 5 (the middle, below the top two) are; a satisfied rating with a harassment
    // report is; a satisfied one with reasons or a comment (another vendor's kiosk) is listed too.
    auto rated = [](const char* local, int scale, int value) {
        Submission x = sample_submission(local);
        x.rating = Rating{scale, value};
        return x;
    };
    const Submission top = rated("2026-11-20T08:00:00+07:00", 3, 3);
    const Submission second = rated("2026-11-20T08:01:00+07:00", 3, 2);
    const Submission four = rated("2026-11-20T08:02:00+07:00", 5, 4);
    const Submission low = rated("2026-11-20T08:03:00+07:00", 3, 1);
    const Submission middle = rated("2026-11-20T08:04:00+07:00", 5, 3);
    Submission harassed = rated("2026-11-20T08:05:00+07:00", 3, 3);
    harassed.harassment = true;
    Submission with_reason = rated("2026-11-20T08:06:00+07:00", 3, 2);
    with_reason.reasons = {"slow"};
    Submission with_comment = rated("2026-11-20T08:07:00+07:00", 3, 3);
    with_comment.comment = "Tốt";
    store.ingest(items_for({top, second, four, low, middle, harassed, with_reason, with_comment}));

    const auto ids = [&](const SubmissionQuery& q) { return submission_ids(store, q); };
    SubmissionQuery q;
    q.departments = {"SCT"};
    CHECK(ids(q).size() == 8);
    q.asked_why = true;
    CHECK(ids(q) == std::vector<Uuid>{with_comment.id, with_reason.id, harassed.id, middle.id, low.id});
    q.with_comment = true;
    CHECK(ids(q) == std::vector<Uuid>{with_comment.id});
    q.asked_why = false;
    CHECK(ids(q) == std::vector<Uuid>{with_comment.id});
}

TEMPLATE_TEST_CASE("store: sessions last until they expire, end on logout, and never outlive a revoked user", "[store]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    store.add_user({"giam.doc", Role::admin, {}, false}, "api-hash", std::string("$argon2id$stored"));
    store.add_user({"no.password", Role::analyst, {}, false}, "api-hash-2", std::nullopt);
    const Instant t0 = received();

    const auto login = store.user_for_login("giam.doc");
    REQUIRE(login);
    CHECK(login->first.role == Role::admin);
    CHECK(login->second == "$argon2id$stored");
    CHECK_FALSE(store.user_for_login("no.password"));  // API-only users cannot sign in
    CHECK_FALSE(store.user_for_login("nobody"));

    store.create_session("session-hash", "giam.doc", t0 + std::chrono::hours{12});
    CHECK(store.session_user("session-hash", t0)->name == "giam.doc");
    CHECK_FALSE(store.session_user("session-hash", t0 + std::chrono::hours{12}));  // expired exactly at the limit
    CHECK_FALSE(store.session_user("other-hash", t0));
    store.delete_session("session-hash", t0);
    CHECK_FALSE(store.session_user("session-hash", t0));
}

// ---- complaint cases ---------------------------------------------------------------------------

namespace {
Submission complaint_at(const std::string& created, const std::string& code, const std::string& department = "SCT") {
    Submission s = sample_submission(created);
    s.department = department;
    s.officer.reset();
    s.rating = Rating{3, 1};
    s.reasons = {"slow"};
    s.comment = "Chờ hai tiếng mà không ai hướng dẫn";
    s.contact = "0912345678";
    s.tracking_code = code;
    return s;
}
CaseEvent event_at(const std::string& code, const std::string& actor, const std::string& action, const std::string& detail = "{}") {
    return CaseEvent{0, code, parse_rfc3339("2026-11-21T09:00:00+07:00")->instant, actor, action, detail};
}
}  // namespace

TEMPLATE_TEST_CASE("store: every submission with a tracking code is a new case, newest first, filtered", "[store][complaints]",
                   STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    store.add_kiosk({"K-TT-01", "STTTT", false, 0}, "hash-tt");
    const Submission a = complaint_at("2026-11-20T08:00:00+07:00", "22A-2222-A");
    const Submission b = complaint_at("2026-11-20T10:00:00+07:00", "22B-2222-B");
    const Submission c = complaint_at("2026-11-20T09:00:00+07:00", "22C-2222-C", "STTTT");
    store.ingest(items_for({a, b, sample_submission()}));  // the last one is no complaint
    store.ingest(items_for({c}, "K-TT-01"));

    const auto all = store.complaints({});
    REQUIRE(all.size() == 3);
    CHECK(all[0].tracking_code() == "22B-2222-B");  // 10:00, 09:00, 08:00
    CHECK(all[1].tracking_code() == "22C-2222-C");
    CHECK(all[2].tracking_code() == "22A-2222-A");
    CHECK(all[2].submission == a);
    CHECK(all[2].kiosk_id == "K-SCT-01");
    CHECK(all[2].state == CaseState{});
    CHECK(all[2].version == 0);
    CHECK_FALSE(all[2].updated_at);

    ComplaintQuery sct;
    sct.departments = {"SCT"};
    CHECK(store.complaints(sct).size() == 2);
    ComplaintQuery page = sct;
    page.limit = 1;
    page.offset = 1;
    REQUIRE(store.complaints(page).size() == 1);
    CHECK(store.complaints(page)[0].tracking_code() == "22A-2222-A");
    // The count is of every case the query selects, whatever its page.
    CHECK(store.count_complaints(page) == 2);
    CHECK(store.count_complaints({}) == 3);
    ComplaintQuery assigned;
    assigned.status = CaseStatus::assigned;
    CHECK(store.complaints(assigned).empty());
    CHECK(store.count_complaints(assigned) == 0);
    ComplaintQuery open;
    open.open_only = true;
    open.departments = {"STTTT"};
    CHECK(store.count_complaints(open) == 1);
    CHECK(store.complaint("22C-2222-C")->submission.department == "STTTT");
    CHECK_FALSE(store.complaint("ZZZ-ZZZZ-Z"));
    // The longest waiting first (issue 19): 08:00, 09:00, 10:00, and its pages in that order.
    ComplaintQuery oldest;
    oldest.oldest_first = true;
    const auto waiting = store.complaints(oldest);
    REQUIRE(waiting.size() == 3);
    CHECK(waiting[0].tracking_code() == "22A-2222-A");
    CHECK(waiting[1].tracking_code() == "22C-2222-C");
    CHECK(waiting[2].tracking_code() == "22B-2222-B");
    oldest.limit = 1;
    oldest.offset = 1;
    REQUIRE(store.complaints(oldest).size() == 1);
    CHECK(store.complaints(oldest)[0].tracking_code() == "22C-2222-C");
}

TEMPLATE_TEST_CASE("store: a case changes only from the version its actor saw, and every change is logged",
                   "[store][complaints]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    store.ingest(items_for({complaint_at("2026-11-20T08:00:00+07:00", "22A-2222-A")}));

    const CaseState assigned{CaseStatus::assigned, "lan", std::nullopt};
    CHECK(store.update_complaint("22A-2222-A", 0, assigned, event_at("22A-2222-A", "admin", "assign", R"({"assignee":[null,"lan"]})")));
    // A second person who also saw version 0 loses, and nothing of theirs is kept.
    CHECK_FALSE(store.update_complaint("22A-2222-A", 0, CaseState{CaseStatus::assigned, "minh", std::nullopt},
                                       event_at("22A-2222-A", "other", "assign")));
    const CaseState resolved{CaseStatus::resolved, "lan", "Đã bố trí thêm cán bộ hướng dẫn."};
    CHECK(store.update_complaint("22A-2222-A", 1, resolved, event_at("22A-2222-A", "lan", "resolve", R"({"text":"Đã bố trí"})")));
    CHECK_FALSE(store.update_complaint("22A-2222-A", 1, assigned, event_at("22A-2222-A", "late", "assign")));

    const auto c = store.complaint("22A-2222-A");
    REQUIRE(c);
    CHECK(c->state == resolved);
    CHECK(c->version == 2);
    CHECK(c->updated_at == parse_rfc3339("2026-11-21T09:00:00+07:00")->instant);
    ComplaintQuery q;
    q.status = CaseStatus::resolved;
    CHECK(store.complaints(q).size() == 1);

    const auto log = store.complaint_events("22A-2222-A");
    REQUIRE(log.size() == 2);
    CHECK(log[0].actor == "admin");
    CHECK(log[0].action == "assign");
    CHECK(log[0].detail == R"({"assignee":[null,"lan"]})");
    CHECK(log[1].actor == "lan");
    CHECK(log[1].id > log[0].id);
    CHECK_THROWS_AS(store.update_complaint("NO-SUCH", 0, assigned, event_at("NO-SUCH", "admin", "assign")), StoreError);
}

TEMPLATE_TEST_CASE("store: nobody can change or delete the complaint audit log, not even with SQL", "[store][complaints]",
                   STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    store.ingest(items_for({complaint_at("2026-11-20T08:00:00+07:00", "22A-2222-A")}));
    REQUIRE(store.update_complaint("22A-2222-A", 0, CaseState{CaseStatus::in_progress, "lan", std::nullopt},
                                   event_at("22A-2222-A", "lan", "start")));
    CHECK_THROWS(backend.exec("UPDATE complaint_events SET actor = 'nobody'"));
    CHECK_THROWS(backend.exec("DELETE FROM complaint_events"));
    const auto log = store.complaint_events("22A-2222-A");
    REQUIRE(log.size() == 1);
    CHECK(log[0].actor == "lan");
}

TEMPLATE_TEST_CASE("store: two actors racing on one case from the same version: exactly one wins", "[store][complaints]",
                   STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    store.ingest(items_for({complaint_at("2026-11-20T08:00:00+07:00", "22A-2222-A")}));
    std::atomic<int> wins{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            const std::string who = "user" + std::to_string(t);
            if (store.update_complaint("22A-2222-A", 0, CaseState{CaseStatus::assigned, who, std::nullopt},
                                       event_at("22A-2222-A", who, "assign")))
                ++wins;
        });
    }
    for (auto& th : threads) th.join();
    CHECK(wins == 1);
    CHECK(store.complaint_events("22A-2222-A").size() == 1);
    CHECK(store.complaint("22A-2222-A")->version == 1);
}

TEST_CASE("organisation: a day's chart is each code's newest version from that day or before, or its first", "[organisation]") {
    const auto on = [](const char* day) { return *parse_iso_date(day); };
    OrganisationHistory h;
    h.departments = {{{"SCT", "Sở Công Thương"}, on("2025-01-01")}, {{"SCT", "Sở Công Thương tỉnh"}, on("2025-07-01")}};
    h.officers = {{{"A-1", "Nguyễn Văn An", "SCT"}, on("2025-03-01")}, {{"A-1", "Nguyễn Văn An", "SXD"}, on("2025-07-01")}};
    // The day before a version still has the one before it; a version holds from its own day.
    CHECK(organisation_on(h, on("2025-06-30")).departments.at("SCT").name == "Sở Công Thương");
    CHECK(organisation_on(h, on("2025-07-01")).departments.at("SCT").name == "Sở Công Thương tỉnh");
    CHECK(organisation_on(h, on("2026-12-31")).officers.at("A-1").department == "SXD");
    CHECK(organisation_on(h, on("2025-06-30")).officers.at("A-1").department == "SCT");
    // Before an officer's first version: that first version, not a blank.
    CHECK(organisation_on(h, on("2024-12-31")).officers.at("A-1") == Officer{"A-1", "Nguyễn Văn An", "SCT"});
    CHECK(organisation_on(OrganisationHistory{}, on("2025-01-01")).departments.empty());
}
