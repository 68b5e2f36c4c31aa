#include "hailong/server/group_commit.hpp"

#include <atomic>
#include <thread>

#include <catch2/catch.hpp>

#include "store_fixtures.hpp"

using namespace hailong;
using namespace hailong::server;


TEST_CASE("group commit: every caller gets its own outcomes, in order", "[group_commit]") {
    test::SqliteBackend backend;
    test::seed_organisation(backend.store);
    GroupCommitter committer(backend.store);

    constexpr int threads = 8, per_thread = 50;
    std::vector<std::vector<Submission>> sent(threads);
    std::vector<std::vector<IngestOutcome>> got(threads);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i) {
                Submission s = test::sample_submission();
                // Every third submission of a thread names an unknown department: a rejection
                // must come back to the thread that sent it, at the right position.
                if (i % 3 == 0) s.department = "NOPE";
                sent[static_cast<std::size_t>(t)].push_back(s);
                auto out = committer.ingest({{"K-SCT-01", s, s.created_at.instant}});
                got[static_cast<std::size_t>(t)].push_back(out.at(0));
            }
        });
    }
    for (auto& th : pool) th.join();

    std::int64_t expected_accepted = 0;
    for (int t = 0; t < threads; ++t) {
        for (int i = 0; i < per_thread; ++i) {
            const auto& o = got[static_cast<std::size_t>(t)][static_cast<std::size_t>(i)];
            if (i % 3 == 0) {
                CHECK(o.status == IngestOutcome::Status::rejected);
            } else {
                CHECK(o.status == IngestOutcome::Status::accepted);
                ++expected_accepted;
            }
        }
    }
    // 8 threads x (50 - 17 rejected, i = 0, 3, ..., 48) = 8 x 33 = 264.
    CHECK(expected_accepted == 264);
    CHECK(backend.store.submission_count() == 264);
    CHECK(committer.commits() >= 1);
    CHECK(committer.commits() <= 400);
}

TEST_CASE("group commit: a store failure reaches every caller of that group", "[group_commit]") {
    // The SQLite store with a disk that fails on every write.
    struct Broken : SqliteStore {
        using SqliteStore::SqliteStore;
        std::vector<IngestOutcome> ingest(const std::vector<IngestItem>&) override { throw std::runtime_error("disk I/O error"); }
    };
    test::TempDir dir;
    Broken store(dir.path());
    GroupCommitter committer(store);
    const Submission s = test::sample_submission();
    CHECK_THROWS_WITH(committer.ingest({{"K", s, s.created_at.instant}}), "disk I/O error");
    CHECK(committer.ingest({}).empty());
    CHECK(committer.commits() == 0);  // a failed transaction is not a commit
}
