#pragma once
// A token bucket per key (kiosk id, or login name and address): `rate` requests a second on
// average, bursts of up to `burst`. Thread safe. The clock is passed in, so tests need no sleeps.

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace hailong::server {

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    /// `rate` <= 0 turns limiting off (every request allowed).
    RateLimiter(double rate, double burst) : rate_(rate), burst_(burst) {}

    /// Takes one token for `key` at time `now`. Returns zero if allowed, else how long to wait
    /// before a token is there (for Retry-After).
    Clock::duration acquire(const std::string& key, Clock::time_point now);

private:
    struct Bucket {
        double tokens;
        Clock::time_point updated;
    };
    const double rate_;
    const double burst_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace hailong::server
