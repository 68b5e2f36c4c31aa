#include "hailong/server/store/group_commit.hpp"

#include <future>

namespace hailong::server {

GroupCommitter::GroupCommitter(IngestStore& store, std::size_t max_group_items)
    : store_(store), max_group_items_(max_group_items), writer_([this] { run(); }) {}

GroupCommitter::~GroupCommitter() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    writer_.join();
}

void GroupCommitter::ingest_async(std::vector<IngestItem> items, Done done) {
    ingest_async(IngestBatch{{}, std::move(items)}, [done = std::move(done)](IngestBatchOutcome outcome, std::exception_ptr error) {
        done(std::move(outcome.items), error);
    });
}

void GroupCommitter::ingest_async(IngestBatch batch, BatchDone done) {
    if (batch.items.empty() && batch.duty.empty()) {
        done({}, nullptr);
        return;
    }
    {
        const std::lock_guard lock(mutex_);
        queue_.push_back(Pending{std::move(batch), std::move(done)});
    }
    wake_.notify_one();
}

std::vector<IngestOutcome> GroupCommitter::ingest(std::vector<IngestItem> items) {
    std::promise<std::vector<IngestOutcome>> promise;
    auto result = promise.get_future();
    ingest_async(std::move(items), [&promise](std::vector<IngestOutcome> outcomes, std::exception_ptr error) {
        if (error) {
            promise.set_exception(error);
        } else {
            promise.set_value(std::move(outcomes));
        }
    });
    return result.get();
}

std::uint64_t GroupCommitter::commits() const {
    const std::lock_guard lock(mutex_);
    return commits_;
}

void GroupCommitter::run() {
    for (;;) {
        std::vector<Pending> group;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and nothing left to store
            std::size_t total = 0;
            while (!queue_.empty() && (group.empty() || total + queue_.front().size() <= max_group_items_)) {
                total += queue_.front().size();
                group.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }

        IngestBatch all;
        for (Pending& p : group) {
            std::move(p.batch.duty.begin(), p.batch.duty.end(), std::back_inserter(all.duty));
            std::move(p.batch.items.begin(), p.batch.items.end(), std::back_inserter(all.items));
        }
        IngestBatchOutcome outcomes;
        try {
            outcomes = store_.ingest_batch(all);
        } catch (...) {
            for (Pending& p : group) p.done({}, std::current_exception());
            continue;
        }
        {
            const std::lock_guard lock(mutex_);
            ++commits_;
        }
        auto next_duty = outcomes.duty.begin();
        auto next_item = outcomes.items.begin();
        for (Pending& p : group) {
            // The elements were moved out, the vectors keep their sizes.
            const auto duty_end = next_duty + static_cast<std::ptrdiff_t>(p.batch.duty.size());
            const auto items_end = next_item + static_cast<std::ptrdiff_t>(p.batch.items.size());
            p.done(IngestBatchOutcome{std::vector<IngestOutcome>(next_duty, duty_end), std::vector<IngestOutcome>(next_item, items_end)},
                   nullptr);
            next_duty = duty_end;
            next_item = items_end;
        }
    }
}

}  // namespace hailong::server
