// Dossier events (dossier_event.hpp, store.hpp DossierEventStore): the fold of a dossier's events
// into its record, and the store's contract on every backend: idempotent by id, any order, late
// arrivals after the ratings, a record folded again when a later event comes. The expected
// records and counts are worked by hand in the comments beside them.
#include <type_traits>

#include <catch2/catch.hpp>

#include "hailong/server/store/dossier.hpp"
#include "store_fixtures.hpp"

using namespace hailong;
using namespace hailong::server;
using hailong::test::sample_submission;
using hailong::test::seed_organisation;
using Status = IngestOutcome::Status;

#define STORE_BACKENDS hailong::test::SqliteBackend, hailong::test::PostgresBackend

namespace {

LocalDate on(const char* day) { return *parse_iso_date(day); }

DossierEvent event(const std::string& dossier, DossierEventKind kind, const char* at) {
    DossierEvent e;
    e.id = Uuid::random_v4();
    e.dossier = dossier;
    e.event = kind;
    e.at = *parse_rfc3339(at);
    return e;
}

// A received event at SCT for service 2.000204 by SCT-001, promised for `promised`.
DossierEvent received(const std::string& dossier, const char* at, const char* promised = "2026-11-27") {
    DossierEvent e = event(dossier, DossierEventKind::received, at);
    e.department = "SCT";
    e.service = "2.000204";
    e.officers = {"SCT-001"};
    e.promised_on = on(promised);
    return e;
}

DossierEvent returned(const std::string& dossier, const char* at, std::vector<std::string> officers = {"SCT-002"}) {
    DossierEvent e = event(dossier, DossierEventKind::returned, at);
    e.officers = std::move(officers);
    return e;
}

std::vector<DossierEventItem> from(const std::string& source, const std::vector<DossierEvent>& events) {
    std::vector<DossierEventItem> items;
    for (const DossierEvent& e : events) items.push_back({source, e, parse_rfc3339("2026-11-30T08:00:00+07:00")->instant});
    return items;
}

std::vector<Status> statuses(const std::vector<IngestOutcome>& outcomes) {
    std::vector<Status> out;
    for (const IngestOutcome& o : outcomes) out.push_back(o.status);
    return out;
}

// The department's dossier rollups for November 2026 (every record of these tests), summed.
DossierTally november(Store& store) {
    RollupQuery q;
    q.dim = RollupDim::department;
    q.run = plan_range(on("2026-11-01"), on("2026-11-30")).front();
    DossierTally t;
    for (const DossierRollupRow& row : store.dossier_rollups(q)) t += row.tally;
    return t;
}

// The officer rollup rows of November by day: (officer, day) for each record counted.
std::vector<std::pair<std::string, int>> officer_days(Store& store) {
    RollupQuery q;
    q.dim = RollupDim::officer;
    q.run = {RollupLevel::day, day_number(on("2026-11-01")), day_number(on("2026-11-30"))};
    q.by_period = true;
    std::vector<std::pair<std::string, int>> out;
    for (const DossierRollupRow& row : store.dossier_rollups(q))
        for (std::int64_t i = 0; i < row.tally.dossiers; ++i) out.emplace_back(row.key, row.period);
    return out;
}

UnlinkedQuery november_ratings() { return {{}, day_number(on("2026-11-01")), day_number(on("2026-11-30"))}; }

}  // namespace

TEST_CASE("dossier events: the fold makes the same record in any order, from the latest events", "[dossier]") {
    // Received on the 20th (promised the 27th, SCT-001), a supplement asked on the 22nd, returned
    // on the 26th at 15:00 local by SCT-009: completed 2026-11-26, before the promised day: early.
    const DossierEvent r = received("D1", "2026-11-20T08:10:00+07:00");
    const DossierEvent s = event("D1", DossierEventKind::supplement_requested, "2026-11-22T09:00:00+07:00");
    const DossierEvent back = returned("D1", "2026-11-26T15:00:00+07:00", {"SCT-009", "SCT-001"});
    const DossierFold in_order = fold_dossier_events({r, s, back});
    REQUIRE(in_order.record);
    CHECK(*in_order.record == DossierRecord{"D1", "SCT", "SCT-009", "2.000204", on("2026-11-26"), DossierOutcome::early, {}});
    CHECK(fold_dossier_events({back, s, r}) == in_order);
    CHECK(fold_dossier_events({s, back, r}) == in_order);

    // Returned at 23:30 UTC on the 26th is 06:30 on the 27th in Hà Nội: on the promised day.
    const DossierFold late_night = fold_dossier_events({r, returned("D1", "2026-11-26T23:30:00Z")});
    CHECK(late_night.record->completed_on == on("2026-11-27"));
    CHECK(late_night.record->outcome == DossierOutcome::on_time);

    // A returned event without officers: the received event's first officer. Without a promised
    // date anywhere: no outcome. Not returned yet: no record, department and service known.
    DossierEvent plain = received("D2", "2026-11-20T08:00:00+07:00");
    plain.promised_on.reset();
    const DossierFold no_promise = fold_dossier_events({plain, returned("D2", "2026-11-21T08:00:00+07:00", {})});
    CHECK(no_promise.record->officer == "SCT-001");
    CHECK_FALSE(no_promise.record->outcome);
    const DossierFold open = fold_dossier_events({plain});
    CHECK_FALSE(open.record);
    CHECK_FALSE(open.returned);
    CHECK(open.department == "SCT");
    CHECK(open.service == "2.000204");
    // Returned, but no event names the department: known as returned, no record can be made.
    const DossierFold nameless = fold_dossier_events({returned("D3", "2026-11-21T08:00:00+07:00")});
    CHECK(nameless.returned);
    CHECK_FALSE(nameless.record);

    // Two returned events: the later one decides (late, the 28th, after the 27th). Its
    // promised date moved by a later event: the latest event carrying one decides.
    DossierEvent moved = event("D1", DossierEventKind::supplement_requested, "2026-11-23T09:00:00+07:00");
    moved.promised_on = on("2026-11-30");
    CHECK(fold_dossier_events({r, back, returned("D1", "2026-11-28T10:00:00+07:00")}).record->outcome == DossierOutcome::late);
    CHECK(fold_dossier_events({r, moved, back}).record->outcome == DossierOutcome::early);
    CHECK(fold_dossier_events({r, moved, returned("D1", "2026-11-30T10:00:00+07:00")}).record->outcome == DossierOutcome::on_time);
}

TEMPLATE_TEST_CASE("store: dossier events are stored once, and an id belongs to the account that sent it", "[store][dossier]",
                   STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    const DossierEvent r = received("D1", "2026-11-20T08:10:00+07:00");
    const DossierEvent s = event("D1", DossierEventKind::supplement_requested, "2026-11-22T09:00:00+07:00");
    const DossierEvent back = returned("D1", "2026-11-26T15:00:00+07:00");
    // The same id twice in one request: the second is a duplicate of the first.
    CHECK(statuses(store.ingest_dossier_events(from("mot.cua", {r, s, back, s}))) ==
          std::vector<Status>{Status::accepted, Status::accepted, Status::accepted, Status::duplicate});
    // Sent again (an answer lost on the way): duplicates, nothing stored twice, even when the
    // resent event now says something else (the first answer stands).
    DossierEvent changed = back;
    changed.at = *parse_rfc3339("2026-11-29T15:00:00+07:00");
    CHECK(statuses(store.ingest_dossier_events(from("mot.cua", {r, changed}))) == std::vector<Status>{Status::duplicate, Status::duplicate});
    // The same id from another integration account: id_conflict, the stored event untouched.
    const auto conflict = store.ingest_dossier_events(from("phan.mem.khac", {back}));
    REQUIRE(conflict.size() == 1);
    CHECK(conflict[0].status == Status::rejected);
    CHECK(conflict[0].error->code == "id_conflict");
    CHECK(conflict[0].error->field == "id");
    // An unknown department is refused and not kept.
    DossierEvent nowhere = received("D2", "2026-11-20T08:00:00+07:00");
    nowhere.department = "NOPE";
    const auto refused = store.ingest_dossier_events(from("mot.cua", {nowhere}));
    CHECK(refused[0].error->code == "unknown_department");
    CHECK(store.dossier_events("D2").empty());

    // Every event kept exactly as sent, in fold order.
    CHECK(store.dossier_events("D1") == std::vector<DossierEvent>{r, s, back});
    // One record: returned the 26th, promised the 27th: early, SCT-002's on the 26th.
    const DossierTally t = november(store);
    CHECK(t.dossiers == 1);
    CHECK(t.early == 1);
    CHECK(officer_days(store) == std::vector<std::pair<std::string, int>>{{"SCT-002", day_number(on("2026-11-26"))}});
}

TEMPLATE_TEST_CASE("store: dossier events make the same record whatever order they arrive in", "[store][dossier]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    // D1 in order, one request per event; D2 the same story backwards, the returned event first
    // (no department yet: no record until the received event names it).
    CHECK(statuses(store.ingest_dossier_events(from("mot.cua", {received("D1", "2026-11-20T08:10:00+07:00")}))) ==
          std::vector<Status>{Status::accepted});
    store.ingest_dossier_events(from("mot.cua", {returned("D1", "2026-11-26T15:00:00+07:00")}));
    store.ingest_dossier_events(from("mot.cua", {returned("D2", "2026-11-26T15:00:00+07:00")}));
    CHECK(november(store).dossiers == 1);
    REQUIRE(store.dossier_status("D2"));
    CHECK(store.dossier_status("D2")->collection);
    CHECK_FALSE(store.dossier_status("D2")->department);
    store.ingest_dossier_events(from("mot.cua", {received("D2", "2026-11-20T08:10:00+07:00")}));
    // Both: early (26th before the 27th), SCT-002 on the 26th.
    const DossierTally t = november(store);
    CHECK(t.dossiers == 2);
    CHECK(t.early == 2);
    const int day = day_number(on("2026-11-26"));
    CHECK(officer_days(store) == std::vector<std::pair<std::string, int>>{{"SCT-002", day}, {"SCT-002", day}});
}

TEMPLATE_TEST_CASE("store: ratings stored before their dossier's events are linked when it is returned, and stop counting as unlinked",
                   "[store][dossier]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    // Three ratings naming dossiers: D1 not satisfied (level 1 of 3) at collection, D1 again
    // satisfied at filing, D9 (no event will ever name it); one rating naming none.
    Submission unhappy = sample_submission("2026-11-26T15:30:00+07:00");
    unhappy.dossier = "D1";
    unhappy.rating = Rating{3, 1};
    unhappy.stage = DossierStage::collection;
    Submission filing = sample_submission("2026-11-20T08:20:00+07:00");
    filing.dossier = "D1";
    filing.stage = DossierStage::filing;
    Submission stray = sample_submission("2026-11-21T09:00:00+07:00");
    stray.dossier = "D9";
    const Submission none = sample_submission("2026-11-21T10:00:00+07:00");
    for (const Submission& s : {unhappy, filing, stray, none})
        REQUIRE(store.ingest({{"K-SCT-01", s, s.created_at.instant}}).at(0).status == Status::accepted);
    // 3 ratings name a code, none known yet.
    CHECK(store.unlinked_ratings(november_ratings()) == std::vector<UnlinkedCount>{{"SCT", 3, 3}});
    CHECK_FALSE(store.dossier_status("D1"));

    // D1 received: known (the two D1 ratings are no longer unlinked), at filing, no record yet.
    store.ingest_dossier_events(from("mot.cua", {received("D1", "2026-11-20T08:10:00+07:00")}));
    CHECK(store.unlinked_ratings(november_ratings()) == std::vector<UnlinkedCount>{{"SCT", 3, 1}});
    CHECK(store.dossier_status("D1") == DossierStatus{"SCT", "2.000204", false, true, true});
    CHECK(november(store).dossiers == 0);

    // D1 returned: the record is linked to both ratings, complained by the level 1 one.
    store.ingest_dossier_events(from("mot.cua", {returned("D1", "2026-11-26T15:00:00+07:00")}));
    const DossierTally t = november(store);
    CHECK(t.dossiers == 1);
    CHECK(t.linked == 1);
    CHECK(t.complained == 1);
    CHECK(store.dossier_status("D1")->collection);
    // Another department's view: STTTT has no rating naming a code.
    CHECK(store.unlinked_ratings({{"STTTT"}, november_ratings().from_day, november_ratings().to_day}).empty());
}

TEMPLATE_TEST_CASE("store: a later returned event folds the record again, and an imported record keeps its unit points",
                   "[store][dossier]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    // Imported first with index 2 (agency_time) at 2 points, on the 25th, on time.
    CHECK(store.import_dossiers({DossierRecord{"D1", "SCT", "SCT-001", std::nullopt, on("2026-11-25"), DossierOutcome::on_time,
                                               {2, std::nullopt, std::nullopt, std::nullopt, std::nullopt}}}) == DossierImportCounts{1, 0});
    Submission rating = sample_submission("2026-11-26T16:00:00+07:00");
    rating.dossier = "D1";
    REQUIRE(store.ingest({{"K-SCT-01", rating, rating.created_at.instant}}).at(0).status == Status::accepted);

    // The events replace it: returned the 26th, promised the 27th: early, SCT-002; the link to
    // the rating and the unit point stay.
    store.ingest_dossier_events(from("mot.cua", {received("D1", "2026-11-20T08:10:00+07:00"), returned("D1", "2026-11-26T15:00:00+07:00")}));
    DossierTally t = november(store);
    CHECK(t.dossiers == 1);
    CHECK(t.early == 1);
    CHECK(t.on_time == 0);
    CHECK(t.linked == 1);
    CHECK(t.unit[0] == indices::IndexTally{1, 2});

    // Returned again on the 28th (after a correction): late, counted on the 28th, still once.
    store.ingest_dossier_events(from("mot.cua", {returned("D1", "2026-11-28T10:00:00+07:00")}));
    t = november(store);
    CHECK(t.dossiers == 1);
    CHECK(t.early == 0);
    CHECK(t.late == 1);
    CHECK(t.linked == 1);
    CHECK(officer_days(store) == std::vector<std::pair<std::string, int>>{{"SCT-002", day_number(on("2026-11-28"))}});
    // A returned event dated earlier, arriving late, changes nothing: the 28th stays the latest.
    store.ingest_dossier_events(from("mot.cua", {returned("D1", "2026-11-24T10:00:00+07:00")}));
    CHECK(november(store) == t);
}

TEMPLATE_TEST_CASE("store: a version 12 database gains the dossier events and the integration role, its users and sessions kept",
                   "[store][dossier]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    store.add_user({"truong.phong", Role::manager, {"SCT"}, false}, "token-hash-1", std::string("password-hash"));
    const Instant now = parse_rfc3339("2026-11-20T08:00:00+07:00")->instant;
    store.create_session("session-hash-1", "truong.phong", now + std::chrono::hours{1});
    // Back to version 12: no duty roster, no dossier events, and users whose role check knows
    // three roles.
    if constexpr (std::is_same_v<TestType, hailong::test::SqliteBackend>) {
        // SQLite changes a CHECK only by building the table again (the test's own connection has
        // foreign keys off, as every SQLite connection until it asks).
        backend.exec(std::string(TestType::undo_version_13) +
            "DROP TABLE dossier_events; "
            "CREATE TABLE users_v12 (name TEXT PRIMARY KEY, role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'analyst')), "
            "token_hash TEXT NOT NULL UNIQUE, password_hash TEXT, revoked INTEGER NOT NULL DEFAULT 0); "
            "INSERT INTO users_v12 SELECT name, role, token_hash, password_hash, revoked FROM users; "
            "DROP TABLE users; ALTER TABLE users_v12 RENAME TO users;");
    } else {
        backend.exec(std::string(TestType::undo_version_13) +
            "DROP TABLE dossier_events; ALTER TABLE users DROP CONSTRAINT users_role_check, "
            "ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'manager', 'analyst'));");
    }
    backend.set_schema_version(12);
    const auto upgraded = backend.reopen();
    CHECK(upgraded->users() == std::vector<User>{{"truong.phong", Role::manager, {"SCT"}, false}});
    CHECK(upgraded->session_user("session-hash-1", now) == User{"truong.phong", Role::manager, {"SCT"}, false});
    upgraded->add_user({"mot.cua", Role::integration, {}, false}, "token-hash-2", std::nullopt);
    CHECK(upgraded->user_by_token_hash("token-hash-2")->role == Role::integration);
    CHECK(statuses(upgraded->ingest_dossier_events(from("mot.cua", {received("D1", "2026-11-20T08:10:00+07:00")}))) ==
          std::vector<Status>{Status::accepted});
    // The references to users still hold: a session of an unknown user is refused.
    CHECK_THROWS(upgraded->create_session("session-hash-2", "nobody", now));
}
