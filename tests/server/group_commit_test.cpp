#include "hailong/server/store/group_commit.hpp"

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
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

namespace {
// The SQLite store with a disk that fails on every write.
struct BrokenStore : SqliteStore {
    using SqliteStore::SqliteStore;
    IngestBatchOutcome ingest_batch(const IngestBatch&) override { throw std::runtime_error("disk I/O error"); }
};
}  // namespace

TEST_CASE("group commit: a store failure reaches every caller of that group", "[group_commit]") {
    test::TempDir dir;
    BrokenStore store(dir.path());
    GroupCommitter committer(store);
    const Submission s = test::sample_submission();
    CHECK_THROWS_WITH(committer.ingest({{"K", s, s.created_at.instant}}), "disk I/O error");
    CHECK(committer.ingest({}).empty());
    CHECK(committer.commits() == 0);  // a failed transaction is not a commit
}

TEST_CASE("group commit: asynchronous callers are called back once each, after the commit, without waiting", "[group_commit]") {
    // A store that holds every ingest until the test opens the gate: ingest_async must return
    // while the commit is still under way, and the callbacks come only after it.
    struct Gated : SqliteStore {
        using SqliteStore::SqliteStore;
        std::mutex m;
        std::condition_variable cv;
        bool open = false;
        IngestBatchOutcome ingest_batch(const IngestBatch& batch) override {
            std::unique_lock lock(m);
            cv.wait(lock, [this] { return open; });
            return SqliteStore::ingest_batch(batch);
        }
    };
    test::TempDir dir;
    Gated store(dir.path());
    test::seed_organisation(store);
    GroupCommitter committer(store);

    constexpr int requests = 20;
    std::mutex m;
    std::condition_variable all_done;
    std::vector<int> calls(requests, 0);
    std::vector<IngestOutcome::Status> status(requests);
    int done = 0;
    for (int r = 0; r < requests; ++r) {
        Submission s = test::sample_submission();
        if (r == 7) s.department = "NOPE";  // one rejection, to show the outcomes are each caller's own
        committer.ingest_async({{"K-SCT-01", s, s.created_at.instant}}, [&, r](std::vector<IngestOutcome> out, std::exception_ptr error) {
            const std::lock_guard lock(m);
            ++calls[static_cast<std::size_t>(r)];
            if (!error && out.size() == 1) status[static_cast<std::size_t>(r)] = out[0].status;
            ++done;
            all_done.notify_all();
        });
    }
    {
        const std::lock_guard lock(m);
        CHECK(done == 0);  // every call returned with its commit still waiting at the gate
    }
    CHECK(store.submission_count() == 0);
    {
        const std::lock_guard lock(store.m);
        store.open = true;
    }
    store.cv.notify_all();
    std::unique_lock lock(m);
    all_done.wait(lock, [&] { return done == requests; });
    CHECK(store.submission_count() == requests - 1);
    for (int r = 0; r < requests; ++r) {
        CHECK(calls[static_cast<std::size_t>(r)] == 1);
        CHECK(status[static_cast<std::size_t>(r)] == (r == 7 ? IngestOutcome::Status::rejected : IngestOutcome::Status::accepted));
    }
}

TEST_CASE("group commit: an asynchronous caller gets the store's failure, and nothing to store is answered at once", "[group_commit]") {
    test::TempDir dir;
    BrokenStore store(dir.path());
    GroupCommitter committer(store);
    std::promise<std::string> failure;
    const Submission s = test::sample_submission();
    committer.ingest_async({{"K", s, s.created_at.instant}}, [&](std::vector<IngestOutcome> out, std::exception_ptr error) {
        try {
            if (error) std::rethrow_exception(error);
            failure.set_value("no error, " + std::to_string(out.size()) + " outcomes");
        } catch (const std::exception& e) {
            failure.set_value(e.what());
        }
    });
    CHECK(failure.get_future().get() == "disk I/O error");

    bool called = false;  // no items: called on this thread before ingest_async returns
    committer.ingest_async({}, [&](std::vector<IngestOutcome> out, std::exception_ptr error) { called = out.empty() && !error; });
    CHECK(called);
}
