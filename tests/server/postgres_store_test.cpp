// What only the PostgreSQL store does: several processes sharing one database.
#include <atomic>
#include <thread>

#include <catch2/catch.hpp>

#include "store_fixtures.hpp"

using namespace hailong;
using namespace hailong::server;

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
