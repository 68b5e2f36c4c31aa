// What only the PostgreSQL store does: several processes sharing one database.
#include <atomic>
#include <thread>

#include <catch2/catch.hpp>

#include "store_fixtures.hpp"

using namespace hailong;
using namespace hailong::server;

namespace {
// What versions 12 and 13 added (opening hours versions, the reflag log, the duty roster), taken away again.
constexpr const char* undo_since_12 = test::PostgresBackend::undo_since_12;
}  // namespace

TEST_CASE("postgres store: two stores (as two server processes) storing the same 10,000 submissions end with 10,000", "[postgres]") {
    test::TempPostgresDatabase db;
    // Each store has its own connection pool, exactly as two hailong-server processes would.
    PostgresStore first(db.url(), 4), second(db.url(), 4);
    test::seed_organisation(first);

    std::vector<Submission> subs;
    for (int i = 0; i < 10000; ++i) subs.push_back(test::sample_submission());
    std::atomic<int> accepted{0}, duplicate{0};
    std::vector<std::thread> threads;
    // 4 threads per store; each thread sends all 10,000 in batches of 100, from its own offset.
    for (Store* store : {static_cast<Store*>(&first), static_cast<Store*>(&second)}) {
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, store, t] {
                for (int b = 0; b < 100; ++b) {
                    const auto start = subs.begin() + ((b + 25 * t) % 100) * 100;
                    std::vector<IngestItem> items;
                    for (auto it = start; it != start + 100; ++it) items.push_back({"K-SCT-01", *it, it->created_at.instant});
                    for (const auto& o : store->ingest(items)) (o.status == IngestOutcome::Status::accepted ? accepted : duplicate)++;
                }
            });
        }
    }
    for (auto& th : threads) th.join();
    CHECK(first.submission_count() == 10000);
    CHECK(second.submission_count() == 10000);
    CHECK(accepted == 10000);
    CHECK(duplicate == 7 * 10000);
}

TEST_CASE("postgres store: servers starting together migrate the schema once", "[postgres]") {
    test::TempPostgresDatabase db;
    std::vector<std::thread> threads;
    std::atomic<int> opened{0};
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&] {
            PostgresStore store(db.url(), 1);
            ++opened;
        });
    }
    for (auto& th : threads) th.join();
    CHECK(opened == 4);
    pqxx::connection c(db.url());
    CHECK(pqxx::nontransaction(c).exec("SELECT version FROM hailong_schema")[0][0].as<int>() == PostgresStore::schema_version());
    CHECK(pqxx::nontransaction(c).exec("SELECT count(*) FROM hailong_schema")[0][0].as<int>() == 1);
}

TEST_CASE("postgres store: refuses a database from a newer release", "[postgres]") {
    test::TempPostgresDatabase db;
    { PostgresStore store(db.url(), 1); }
    {
        pqxx::connection c(db.url());
        pqxx::nontransaction(c).exec("UPDATE hailong_schema SET version = version + 1");
    }
    CHECK_THROWS_AS(PostgresStore(db.url(), 1), StoreError);
}

TEST_CASE("postgres store: a version 8 database learns what index 7 still tells of the harassment answer, and recounts its rollups", "[postgres]") {
    // As the SQLite store's test of the same name: 0 with the time on time, early or not answered
    // was a report; 1 or 2 none; 0 with a late dossier unknown.
    test::TempPostgresDatabase db;
    auto rated = [](const char* at, std::optional<int> time, std::optional<int> attitude) {
        Submission s = test::sample_submission(at);
        s.tt01.time = time;
        s.tt01.attitude = attitude;
        return s;
    };
    const Submission on_time_report = rated("2026-11-20T08:00:00+07:00", 1, 0);
    const Submission late_unknown = rated("2026-11-20T08:20:00+07:00", 0, 0);
    const Submission early_none = rated("2026-11-20T08:30:00+07:00", 2, 2);
    {
        PostgresStore store(db.url(), 1);
        test::seed_organisation(store);
        for (const Submission* s : {&on_time_report, &late_unknown, &early_none}) store.ingest({{"K-SCT-01", *s, s->created_at.instant}});
    }
    {
        pqxx::connection c(db.url());
        pqxx::nontransaction(c).exec(
            std::string(undo_since_12) +
            "DROP TABLE officer_versions, department_versions; "
            "ALTER TABLE dossier_records DROP COLUMN linked, DROP COLUMN complained, DROP COLUMN compared, DROP COLUMN agreeing; "
            "ALTER TABLE dossier_rollups DROP COLUMN linked, DROP COLUMN complained, DROP COLUMN time_compared, DROP COLUMN time_agreeing; "
            "DROP INDEX submissions_harassment; ALTER TABLE submissions DROP COLUMN harassment, DROP COLUMN stage; "
            "ALTER TABLE rollups DROP COLUMN harassment_reports, DROP COLUMN late_no_complaint, DROP COLUMN with_dossier; "
            "DELETE FROM rollups; "
            "UPDATE hailong_schema SET version = 8");
    }
    PostgresStore upgraded(db.url(), 1);
    CHECK(upgraded.find_submission(on_time_report.id)->harassment == true);
    CHECK_FALSE(upgraded.find_submission(late_unknown.id)->harassment);
    CHECK(upgraded.find_submission(early_none.id)->harassment == false);
    RollupQuery q;
    q.dim = RollupDim::department;
    q.run = plan_range(*parse_iso_date("2026-11-20"), *parse_iso_date("2026-11-20")).front();
    const auto rows = upgraded.rollups(q);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].tally.responses == 3);
    CHECK(rows[0].tally.harassment_reports == 1);
    CHECK(rows[0].tally.tt01[3] == indices::IndexTally{3, 2});
}
