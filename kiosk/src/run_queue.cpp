#include "run_queue.hpp"

namespace hailong::kiosk {

void RunQueue::post(std::function<void()> callback) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(callback));
    }
    if (wake_) wake_();
}

std::size_t RunQueue::run() {
    std::vector<std::function<void()>> due;
    {
        std::lock_guard lock(mutex_);
        due.swap(queue_);
    }
    for (auto& callback : due) callback();
    return due.size();
}

bool RunQueue::empty() const {
    std::lock_guard lock(mutex_);
    return queue_.empty();
}

}  // namespace hailong::kiosk
