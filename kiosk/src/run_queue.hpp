#pragma once
// The one channel from worker threads to the frame (after Tracy's RunQueue): any thread posts a
// callback; the UI thread, at the start of each frame, swaps the list out under the lock and runs
// the callbacks after unlocking, so no callback ever runs while the lock is held and a callback
// may post again (it runs on the next frame).
//
// Thread safety: post() from any thread; run() from the UI thread only. `wake` (optional) is
// called by post() after queueing, from the posting thread, to end the UI's wait for events
// (SDL_PushEvent is thread safe); it must not block.

#include <functional>
#include <mutex>
#include <vector>

namespace hailong::kiosk {

class RunQueue {
public:
    explicit RunQueue(std::function<void()> wake = {}) : wake_(std::move(wake)) {}
    RunQueue(const RunQueue&) = delete;
    RunQueue& operator=(const RunQueue&) = delete;

    void post(std::function<void()> callback);
    /// Runs what was posted before the call; returns how many callbacks ran.
    std::size_t run();
    [[nodiscard]] bool empty() const;

private:
    mutable std::mutex mutex_;
    std::vector<std::function<void()>> queue_;
    std::function<void()> wake_;
};

}  // namespace hailong::kiosk
