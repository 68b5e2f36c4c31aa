#include "worker.hpp"

namespace hailong::kiosk {

Worker::Worker(bool latest_only) : latest_only_(latest_only), thread_([this](std::stop_token stop) { run(stop); }) {}

Worker::~Worker() {
    thread_.request_stop();
    // jthread's destructor joins; the condition variable wakes on the stop request.
}

void Worker::post(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        if (latest_only_) jobs_.clear();
        jobs_.push_back(std::move(job));
    }
    ready_.notify_one();
}

void Worker::post_after(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    ready_.notify_one();
}

bool Worker::busy() const {
    std::lock_guard lock(mutex_);
    return running_ || !jobs_.empty();
}

void Worker::run(std::stop_token stop) {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            if (!ready_.wait(lock, stop, [this] { return !jobs_.empty(); })) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
            running_ = true;
        }
        job();
        std::lock_guard lock(mutex_);
        running_ = false;
    }
}

}  // namespace hailong::kiosk
