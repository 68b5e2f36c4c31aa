#include "hailong/server/rate_limiter.hpp"

#include <catch2/catch.hpp>

using hailong::server::RateLimiter;
using namespace std::chrono;

TEST_CASE("rate limiter: a burst, then the steady rate, per key", "[rate_limiter]") {
    RateLimiter limiter(2.0, 3.0);  // 2 per second, bursts of 3
    const auto t0 = RateLimiter::Clock::time_point{} + hours{1};
    for (int i = 0; i < 3; ++i) CHECK(limiter.acquire("K1", t0) == RateLimiter::Clock::duration::zero());
    // The bucket is empty: one token comes back after 1/2 s.
    CHECK(limiter.acquire("K1", t0) == duration_cast<RateLimiter::Clock::duration>(milliseconds{500}));
    // Another kiosk has its own bucket.
    CHECK(limiter.acquire("K2", t0) == RateLimiter::Clock::duration::zero());
    // 250 ms later half a token has come back: still 250 ms to wait.
    CHECK(limiter.acquire("K1", t0 + milliseconds{250}) == duration_cast<RateLimiter::Clock::duration>(milliseconds{250}));
    CHECK(limiter.acquire("K1", t0 + milliseconds{500}) == RateLimiter::Clock::duration::zero());
    // A long pause refills to the burst, never beyond: 3 allowed, the 4th waits.
    const auto t1 = t0 + minutes{10};
    for (int i = 0; i < 3; ++i) CHECK(limiter.acquire("K1", t1) == RateLimiter::Clock::duration::zero());
    CHECK(limiter.acquire("K1", t1) > RateLimiter::Clock::duration::zero());
}

TEST_CASE("rate limiter: a rate of zero means no limit", "[rate_limiter]") {
    RateLimiter limiter(0, 1);
    for (int i = 0; i < 1000; ++i) REQUIRE(limiter.acquire("K", RateLimiter::Clock::time_point{}) == RateLimiter::Clock::duration::zero());
}
