#include "hailong/server/group_commit.hpp"

namespace hailong::server {

GroupCommitter::GroupCommitter(Store& store, std::size_t max_group_items)
    : store_(store), max_group_items_(max_group_items), writer_([this] { run(); }) {}

GroupCommitter::~GroupCommitter() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    writer_.join();
}

std::vector<IngestOutcome> GroupCommitter::ingest(std::vector<IngestItem> items) {
    if (items.empty()) return {};
    std::future<std::vector<IngestOutcome>> result;
    {
        const std::lock_guard lock(mutex_);
        queue_.push_back(Pending{std::move(items), {}});
        result = queue_.back().done.get_future();
    }
    wake_.notify_one();
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
        try {
            const std::vector<IngestOutcome> outcomes = store_.ingest(all);
            auto next = outcomes.begin();
            for (Pending& p : group) {
                const auto end = next + static_cast<std::ptrdiff_t>(p.items.size());
                p.done.set_value(std::vector<IngestOutcome>(next, end));
                next = end;
            }
            const std::lock_guard lock(mutex_);
            ++commits_;
        } catch (...) {
            for (Pending& p : group) p.done.set_exception(std::current_exception());
        }
    }
}

}  // namespace hailong::server
