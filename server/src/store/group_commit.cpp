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
    if (items.empty()) {
        done({}, nullptr);
        return;
    }
    {
        const std::lock_guard lock(mutex_);
        queue_.push_back(Pending{std::move(items), std::move(done)});
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
            while (!queue_.empty() && (group.empty() || total + queue_.front().items.size() <= max_group_items_)) {
                total += queue_.front().items.size();
                group.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }

        std::vector<IngestItem> all;
        for (Pending& p : group) {
            std::move(p.items.begin(), p.items.end(), std::back_inserter(all));
        }
        std::vector<IngestOutcome> outcomes;
        try {
            outcomes = store_.ingest(all);
        } catch (...) {
            for (Pending& p : group) p.done({}, std::current_exception());
            continue;
        }
        {
            const std::lock_guard lock(mutex_);
            ++commits_;
        }
        auto next = outcomes.begin();
        for (Pending& p : group) {
            const auto end = next + static_cast<std::ptrdiff_t>(p.items.size());
            p.done(std::vector<IngestOutcome>(next, end), nullptr);
            next = end;
        }
    }
}

}  // namespace hailong::server
