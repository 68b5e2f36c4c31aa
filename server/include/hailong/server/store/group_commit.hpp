#pragma once
// Group commit: requests that arrive while a commit is under way wait together and are stored in
// the next single transaction. A durable commit costs an fsync (about 0.3 ms here), so one commit
// per request tops out near 3,000 requests/s; sharing it lets concurrent kiosks go faster while
// every answer is still sent only after its own submissions are committed.
//
// Thread safety: ingest() and ingest_async() may be called from any number of threads. One writer
// thread, owned by this object, calls Store::ingest; no lock is held while it does.

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "hailong/server/store/store.hpp"

namespace hailong::server {

class GroupCommitter {
public:
    /// `store` must outlive this object. A group holds at most `max_group_items` items (a single
    /// request larger than that still goes alone).
    explicit GroupCommitter(IngestStore& store, std::size_t max_group_items = 5000);
    /// Stores what is queued, then stops the writer thread.
    ~GroupCommitter();
    GroupCommitter(const GroupCommitter&) = delete;
    GroupCommitter& operator=(const GroupCommitter&) = delete;

    /// Called once with the outcomes of the items, in order, after their commit; or with an
    /// empty list and the store's exception if that commit failed (nothing of the group stored).
    using Done = std::function<void(std::vector<IngestOutcome>, std::exception_ptr)>;

    /// The same for a request with duty events: `done` gets their outcomes too.
    using BatchDone = std::function<void(IngestBatchOutcome, std::exception_ptr)>;
    void ingest_async(IngestBatch batch, BatchDone done);

    /// Queues `items` and returns at once; `done` runs on the writer thread after their commit
    /// (at once, on this thread, when `items` is empty). It must be quick: an event loop posts
    /// the rest of its work elsewhere, so the writer goes on to the next group.
    void ingest_async(std::vector<IngestItem> items, Done done);

    /// Queues `items`, waits for the commit that holds them and returns their outcomes, in
    /// order. Rethrows the store's exception if that commit failed (nothing of the group stored).
    std::vector<IngestOutcome> ingest(std::vector<IngestItem> items);

    /// Number of commits made so far (for /metrics and tests).
    [[nodiscard]] std::uint64_t commits() const;

private:
    struct Pending {
        IngestBatch batch;
        BatchDone done;
        [[nodiscard]] std::size_t size() const { return batch.duty.size() + batch.items.size(); }
    };
    void run();

    IngestStore& store_;
    const std::size_t max_group_items_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Pending> queue_;
    bool stopping_ = false;
    std::uint64_t commits_ = 0;
    std::thread writer_;  // last: starts after everything it uses exists
};

}  // namespace hailong::server
