#pragma once
// A thread that runs one task now and then every `interval` until stopped: the alert webhook's
// checks and the monthly report's mail. The task's exceptions are caught and logged to stderr
// under the task's name, so one bad check never ends the thread.
//
// Thread safety: start() and stop() from one thread; the task runs on the thread of its own.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace hailong::server {

class PeriodicTask {
public:
    /// `name` says what failed in the log line ("alert check", "monthly report mail").
    PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> task);
    ~PeriodicTask();  ///< stops
    PeriodicTask(const PeriodicTask&) = delete;
    PeriodicTask& operator=(const PeriodicTask&) = delete;

    /// Starts the thread (the first run is at once); a second start() while running does nothing.
    void start();
    /// Wakes the thread, waits for a run under way to end and joins it.
    void stop();

private:
    std::string name_;
    std::chrono::milliseconds interval_;
    std::function<void()> task_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace hailong::server
