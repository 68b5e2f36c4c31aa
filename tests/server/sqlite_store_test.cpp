// What only the SQLite store does: files, schema versions, reopening.
#include <filesystem>

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include "hailong/tracking_code.hpp"

#include "store_fixtures.hpp"

using namespace hailong;
using namespace hailong::server;

TEST_CASE("sqlite store: data survives closing and reopening", "[sqlite]") {
    test::TempDir dir;
    const Submission s = test::sample_submission();
    {
        SqliteStore store(dir.path());
        test::seed_organisation(store);
        REQUIRE(store.ingest({{"K-SCT-01", s, s.created_at.instant}})[0].status == IngestOutcome::Status::accepted);
    }
    SqliteStore reopened(dir.path());
    CHECK(reopened.find_submission(s.id) == s);
    CHECK(reopened.departments().size() == 2);
}

TEST_CASE("sqlite store: runs in WAL mode with full sync and records its schema version", "[sqlite]") {
    test::TempDir dir;
    { SqliteStore store(dir.path()); }
    SQLite::Database db((dir.path() / "hailong.db").string());
    CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == SqliteStore::schema_version());
}

TEST_CASE("sqlite store: ingest leaves SQLite free to checkpoint the WAL into the database file", "[sqlite]") {
    // SQLite checkpoints automatically once the WAL holds 1,000 pages (4 MB), copying them into
    // hailong.db, unless the committing connection is still reading (a statement left mid-step),
    // in which case every checkpoint fails and the WAL grows for ever while hailong.db stays at
    // its first few pages. So: ingest until well past 4 MB of WAL, then hailong.db must have grown.
    test::TempDir dir;
    SqliteStore store(dir.path());
    test::seed_organisation(store);
    const auto db_file = dir.path() / "hailong.db";
    const auto wal_file = dir.path() / "hailong.db-wal";
    const auto start = std::filesystem::file_size(db_file);
    Submission s = test::sample_submission("2026-11-20T08:00:00+07:00");
    int batches = 0;
    while (std::filesystem::file_size(db_file) < start + (1u << 20) && batches < 80) {
        std::vector<IngestItem> items;
        for (int k = 0; k < 500; ++k) {
            s.id = Uuid::random_v4();
            s.created_at.instant += std::chrono::seconds{30};
            s.dossier = "D-" + std::to_string(batches * 500 + k);  // each dossier once: no repeated-dossier flags
            items.push_back({"K-SCT-01", s, s.created_at.instant});
        }
        for (const auto& outcome : store.ingest(items)) REQUIRE(outcome.status == IngestOutcome::Status::accepted);
        ++batches;
    }
    INFO("after " << batches << " batches of 500: hailong.db " << std::filesystem::file_size(db_file) << " bytes, WAL "
                  << std::filesystem::file_size(wal_file) << " bytes");
    CHECK(std::filesystem::file_size(db_file) >= start + (1u << 20));
    // A WAL that checkpoints stays near its 4 MB threshold (plus one transaction) instead of
    // holding everything ever written.
    CHECK(std::filesystem::file_size(wal_file) < (12u << 20));
    CHECK(store.submission_count() == batches * 500);
}

TEST_CASE("sqlite store: refuses a database from a newer release", "[sqlite]") {
    test::TempDir dir;
    { SqliteStore store(dir.path()); }
    {
        SQLite::Database db((dir.path() / "hailong.db").string(), SQLite::OPEN_READWRITE);
        db.exec("PRAGMA user_version=" + std::to_string(SqliteStore::schema_version() + 1));
    }
    try {
        SqliteStore store(dir.path());
        FAIL("opened a database of a newer schema");
    } catch (const StoreError& e) {
        CHECK(e.message().key == "server.store.schema_newer");
    }
}

// What versions 12 and 13 added (opening hours versions, the reflag log, the duty roster), taken away again.
constexpr const char* undo_since_12 = test::SqliteBackend::undo_since_12;

// What versions 11 (the organisation's history) and 10 (each dossier record's link to its
// ratings) added.
constexpr const char* undo_versions_10_11 =
    "DROP TABLE officer_versions; DROP TABLE department_versions; "
    "ALTER TABLE dossier_records DROP COLUMN linked; ALTER TABLE dossier_records DROP COLUMN complained; "
    "ALTER TABLE dossier_records DROP COLUMN compared; ALTER TABLE dossier_records DROP COLUMN agreeing; "
    "ALTER TABLE dossier_rollups DROP COLUMN linked; ALTER TABLE dossier_rollups DROP COLUMN complained; "
    "ALTER TABLE dossier_rollups DROP COLUMN time_compared; ALTER TABLE dossier_rollups DROP COLUMN time_agreeing; ";
// What version 9 added, taken away again (the rollups' columns only where the table is kept).
constexpr const char* undo_version9_submissions =
    "DROP INDEX submissions_harassment; ALTER TABLE submissions DROP COLUMN harassment; "
    "ALTER TABLE submissions DROP COLUMN stage; ";
constexpr const char* undo_version9_rollups =
    "ALTER TABLE rollups DROP COLUMN harassment_reports; ALTER TABLE rollups DROP COLUMN late_no_complaint; "
    "ALTER TABLE rollups DROP COLUMN with_dossier; ";

TEST_CASE("sqlite store: a version 1 database is upgraded on open, its data kept", "[sqlite]") {
    test::TempDir dir;
    const Submission s = test::sample_submission();
    {
        SqliteStore store(dir.path());
        test::seed_organisation(store);
        store.add_kiosk({"A-ADDED-SECOND", "SCT", false, 0}, "hash-a");
        store.ingest({{"K-SCT-01", s, s.created_at.instant}});
    }
    {
        // Roll the file back to what release 1 of the schema wrote: no sessions (version 2), no
        // settings, rule indexes or rollups (version 3), no dossier records (4), no kiosk numbers (5),
        // no complaint cases (6), no hour-of-week rollups (7), no kiosk number history (8).
        SQLite::Database db((dir.path() / "hailong.db").string(), SQLite::OPEN_READWRITE);
        db.exec(std::string(undo_since_12) + "DROP TABLE officer_versions; DROP TABLE department_versions; " + undo_version9_submissions + "DROP TABLE sessions; DROP TABLE settings; DROP TABLE rollups; DROP INDEX submissions_kiosk_time; "
                "DROP INDEX submissions_dossier; DROP TABLE dossier_rollups; DROP TABLE dossier_records; "
                "DROP INDEX kiosks_number; ALTER TABLE kiosks DROP COLUMN number; DROP TABLE complaint_cases; "
                "DROP TABLE complaint_events; DROP INDEX submissions_complaints; DROP INDEX submissions_department_time; "
                "DROP TABLE kiosk_number_history; PRAGMA user_version=1");
    }
    SqliteStore upgraded(dir.path());
    CHECK(upgraded.find_submission(s.id) == s);
    // Kiosks that existed before numbers did are numbered in the order they were added.
    const auto kiosks = upgraded.kiosks();
    REQUIRE(kiosks.size() == 2);
    CHECK(kiosks[0] == Kiosk{"A-ADDED-SECOND", "SCT", false, 2});
    CHECK(kiosks[1] == Kiosk{"K-SCT-01", "SCT", false, 1});
    // The submission stored before rollups existed is counted in them.
    RollupQuery q;
    q.dim = RollupDim::officer;
    q.run = plan_range(vietnam_date(s.created_at.instant), vietnam_date(s.created_at.instant)).front();
    const auto rows = upgraded.rollups(q);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].key == "SCT-001");
    CHECK(rows[0].tally.responses == 1);
    upgraded.add_user({"u", Role::admin, {}, false}, "h", std::string("p"));
    upgraded.create_session("s", "u", s.created_at.instant + std::chrono::hours{1});
    CHECK(upgraded.session_user("s", s.created_at.instant)->name == "u");
    SQLite::Database db((dir.path() / "hailong.db").string());
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == SqliteStore::schema_version());
}

TEST_CASE("sqlite store: a version 6 database gains the hour-of-week rollups, counted once", "[sqlite]") {
    test::TempDir dir;
    const Submission s = test::sample_submission();
    Submission later = s;
    later.id = Uuid::random_v4();
    later.created_at.instant += std::chrono::hours{1};
    const auto rows_of = [&](Store& store, RollupDim dim) {
        RollupQuery q;
        q.dim = dim;
        q.run = plan_range(vietnam_date(s.created_at.instant), vietnam_date(s.created_at.instant)).front();
        return store.rollups(q);
    };
    std::vector<RollupRow> officers_before;
    {
        SqliteStore store(dir.path());
        test::seed_organisation(store);
        store.ingest({{"K-SCT-01", s, s.created_at.instant}, {"K-SCT-01", later, later.created_at.instant}});
        officers_before = rows_of(store, RollupDim::officer);
    }
    {
        // What version 6 held: every rollup but the hour ones (dim 4), no index for the drill-down.
        SQLite::Database db((dir.path() / "hailong.db").string(), SQLite::OPEN_READWRITE);
        db.exec(std::string(undo_since_12) + undo_versions_10_11 + undo_version9_submissions + undo_version9_rollups +
                "DELETE FROM rollups WHERE dim = 4; DROP INDEX submissions_department_time; DROP TABLE kiosk_number_history; "
                "PRAGMA user_version=6");
    }
    SqliteStore upgraded(dir.path());
    // The hour keys from the local times' text: weekday counted from Monday 2026-11-30, the hour's digits.
    const auto key_of = [](const Submission& x) {
        const std::string local = format_rfc3339(x.created_at.instant, std::chrono::hours{7});
        const auto n = (std::chrono::sys_days{*parse_iso_date(local.substr(0, 10))} - std::chrono::sys_days{*parse_iso_date("2026-11-30")}).count();
        return std::to_string(((n % 7) + 7) % 7 + 1) + "-" + local.substr(11, 2);
    };
    const auto hours = rows_of(upgraded, RollupDim::hour);
    REQUIRE(hours.size() == 2);
    CHECK(hours[0].key == std::min(key_of(s), key_of(later)));
    CHECK(hours[1].key == std::max(key_of(s), key_of(later)));
    CHECK(hours[0].tally.responses == 1);
    CHECK(hours[1].tally.responses == 1);
    // The other dimensions were not counted a second time.
    CHECK(rows_of(upgraded, RollupDim::officer) == officers_before);
}

TEST_CASE("sqlite store: a version 7 database learns the kiosk numbers its stored tracking codes were issued under", "[sqlite]") {
    // Before version 8 a rotated kiosk's old number was forgotten; the codes it issued under that
    // number are still in its outbox or stored. The upgrade takes the numbers back from the
    // stored codes, so the kiosk can still send the complaints it queued before the rotation.
    test::TempDir dir;
    Submission complaint = test::sample_submission();
    complaint.tracking_code = tracking_code::make(1, 57);  // issued as kiosk number 1
    {
        SqliteStore store(dir.path());
        test::seed_organisation(store);  // K-SCT-01 is number 1
        store.ingest({{"K-SCT-01", complaint, complaint.created_at.instant}});
        store.set_kiosk_token("K-SCT-01", "rotated");  // now number 2
    }
    {
        SQLite::Database db((dir.path() / "hailong.db").string(), SQLite::OPEN_READWRITE);
        db.exec(std::string(undo_since_12) + undo_versions_10_11 + undo_version9_submissions + undo_version9_rollups + "DROP TABLE kiosk_number_history; PRAGMA user_version=7");
    }
    SqliteStore upgraded(dir.path());
    CHECK(upgraded.kiosk_with_number(2) == "K-SCT-01");  // its number now
    CHECK(upgraded.kiosk_with_number(1) == "K-SCT-01");  // from the stored code
    CHECK_FALSE(upgraded.kiosk_with_number(3));
}

TEST_CASE("sqlite store: a version 8 database learns what index 7 still tells of the harassment answer, and recounts its rollups", "[sqlite]") {
    // Before version 9 hailong's kiosk sent index 7 = 0 for a report of harassment and for a late
    // dossier alike (rating_machine.cpp then). By that rule: 0 with the time answered on time or
    // early, or not answered, was a report; 1 or 2 was none; 0 with a late dossier is unknown.
    test::TempDir dir;
    auto rated = [](const char* at, std::optional<int> time, std::optional<int> attitude) {
        Submission s = test::sample_submission(at);
        s.tt01.time = time;
        s.tt01.attitude = attitude;
        return s;
    };
    const Submission on_time_report = rated("2026-11-20T08:00:00+07:00", 1, 0);
    const Submission no_time_report = rated("2026-11-20T08:10:00+07:00", std::nullopt, 0);
    const Submission late_unknown = rated("2026-11-20T08:20:00+07:00", 0, 0);
    const Submission early_none = rated("2026-11-20T08:30:00+07:00", 2, 2);
    const Submission not_asked = rated("2026-11-20T08:40:00+07:00", 1, std::nullopt);
    {
        SqliteStore store(dir.path());
        test::seed_organisation(store);
        for (const Submission* s : {&on_time_report, &no_time_report, &late_unknown, &early_none, &not_asked})
            store.ingest({{"K-SCT-01", *s, s->created_at.instant}});
    }
    {
        SQLite::Database db((dir.path() / "hailong.db").string(), SQLite::OPEN_READWRITE);
        db.exec(std::string(undo_since_12) + undo_versions_10_11 + undo_version9_submissions + undo_version9_rollups + "DELETE FROM rollups; PRAGMA user_version=8");
    }
    SqliteStore upgraded(dir.path());
    CHECK(upgraded.find_submission(on_time_report.id)->harassment == true);
    CHECK(upgraded.find_submission(no_time_report.id)->harassment == true);
    CHECK_FALSE(upgraded.find_submission(late_unknown.id)->harassment);
    CHECK(upgraded.find_submission(early_none.id)->harassment == false);
    CHECK_FALSE(upgraded.find_submission(not_asked.id)->harassment);
    // The rollups, emptied above, are counted again from the submissions, the new count included.
    RollupQuery q;
    q.dim = RollupDim::department;
    q.run = plan_range(*parse_iso_date("2026-11-20"), *parse_iso_date("2026-11-20")).front();
    const auto rows = upgraded.rollups(q);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].tally.responses == 5);
    CHECK(rows[0].tally.harassment_reports == 2);
    CHECK(rows[0].tally.late_no_complaint == 0);  // the late 0 stays in index 7 as it was sent
    CHECK(rows[0].tally.tt01[3] == indices::IndexTally{4, 2});
}
