#pragma once
// A thread that runs jobs one after another, for everything the frame must not wait for (saving,
// the PIN check, the uplink status, speech). Jobs get copies of what they need, never references
// to UI state, and report back through the RunQueue.
//
// `latest_only`: a job posted while others wait replaces them (the voice: only the newest prompt
// is worth saying). Jobs must not throw (the App wraps them). The destructor lets the running job
// finish, drops the waiting ones and joins. Thread safety: post() from any thread.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace hailong::kiosk {

class Worker {
public:
    explicit Worker(bool latest_only = false);
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    void post(std::function<void()> job);
    /// Queues `job` behind the waiting ones even on a latest_only worker: a sequel that must
    /// not drop what it follows (the receipt's outcome after the tracking code).
    void post_after(std::function<void()> job);
    /// True while a job runs or waits.
    [[nodiscard]] bool busy() const;

private:
    void run(std::stop_token stop);

    const bool latest_only_;
    mutable std::mutex mutex_;
    std::condition_variable_any ready_;
    std::deque<std::function<void()>> jobs_;
    bool running_ = false;
    std::jthread thread_;  // last: joined before the members it uses go
};

}  // namespace hailong::kiosk
