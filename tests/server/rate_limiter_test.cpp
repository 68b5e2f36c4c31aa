#include "hailong/server/api/rate_limiter.hpp"

#include <string>

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

TEST_CASE("rate limiter: memory stays bounded under 100,000 distinct addresses", "[rate_limiter]") {
    RateLimiter limiter(1.0, 20.0, 1000);
    const auto t0 = RateLimiter::Clock::time_point{} + hours{1};
    // 100,000 distinct IPv4 addresses (10.x.y.z), one request each, a microsecond apart.
    for (int i = 0; i < 100000; ++i) {
        const std::string address = "10." + std::to_string(i >> 16) + "." + std::to_string((i >> 8) & 255) + "." + std::to_string(i & 255);
        REQUIRE(limiter.acquire(hailong::server::address_key(address), t0 + microseconds{i}) == RateLimiter::Clock::duration::zero());
        REQUIRE(limiter.size() <= 1000);
    }
    CHECK(limiter.size() == 1000);
}

TEST_CASE("rate limiter: the bucket forgotten first is the one used longest ago", "[rate_limiter]") {
    RateLimiter limiter(1.0, 2.0, 2);
    const auto t0 = RateLimiter::Clock::time_point{} + hours{1};
    // A spends its burst; B arrives; A asks again (refused, but now the most recent); C arrives
    // and takes the place of B, the one used longest ago. A is still remembered as empty.
    CHECK(limiter.acquire("A", t0) == RateLimiter::Clock::duration::zero());
    CHECK(limiter.acquire("A", t0) == RateLimiter::Clock::duration::zero());
    CHECK(limiter.acquire("B", t0) == RateLimiter::Clock::duration::zero());
    CHECK(limiter.acquire("A", t0) > RateLimiter::Clock::duration::zero());
    CHECK(limiter.acquire("C", t0) == RateLimiter::Clock::duration::zero());
    CHECK(limiter.size() == 2);
    CHECK(limiter.acquire("A", t0) > RateLimiter::Clock::duration::zero());
}

TEST_CASE("rate limiter: a forgotten key starts again with the whole burst, the others keep theirs", "[rate_limiter]") {
    RateLimiter limiter(1.0, 2.0, 3);
    const auto t0 = RateLimiter::Clock::time_point{} + hours{1};
    for (const char* key : {"A", "A", "B", "B"}) CHECK(limiter.acquire(key, t0) == RateLimiter::Clock::duration::zero());
    CHECK(limiter.acquire("A", t0) > RateLimiter::Clock::duration::zero());
    limiter.forget("A");
    limiter.forget("nobody");  // no bucket: nothing happens
    CHECK(limiter.size() == 1);
    for (int i = 0; i < 2; ++i) CHECK(limiter.acquire("A", t0) == RateLimiter::Clock::duration::zero());
    CHECK(limiter.acquire("A", t0) > RateLimiter::Clock::duration::zero());
    CHECK(limiter.acquire("B", t0) > RateLimiter::Clock::duration::zero());  // B's empty bucket kept
    // The order of use stays whole: used last A then B; C fills the third place, and D takes A's
    // (used longest ago): A starts afresh, B is still remembered as empty.
    CHECK(limiter.acquire("C", t0) == RateLimiter::Clock::duration::zero());
    CHECK(limiter.acquire("D", t0) == RateLimiter::Clock::duration::zero());
    CHECK(limiter.size() == 3);
    CHECK(limiter.acquire("B", t0) > RateLimiter::Clock::duration::zero());
    CHECK(limiter.acquire("A", t0) == RateLimiter::Clock::duration::zero());
}

TEST_CASE("address_key: IPv4 as it is, IPv6 by its /64, anything else as its own text", "[rate_limiter]") {
    using hailong::server::address_key;
    CHECK(address_key("203.0.113.7") == "203.0.113.7");
    CHECK(address_key("::ffff:203.0.113.7") == "203.0.113.7");  // IPv4-mapped: the same client
    // Every address of one /64 is one key; the next /64 is another.
    CHECK(address_key("2001:db8:aa:bb:1:2:3:4") == "2001:db8:aa:bb::/64");
    CHECK(address_key("2001:db8:aa:bb:ffff:ffff:ffff:ffff") == "2001:db8:aa:bb::/64");
    CHECK(address_key("2001:db8:aa:bc::1") == "2001:db8:aa:bc::/64");
    CHECK(address_key("::1") == "::/64");
    CHECK(address_key("not an address") == "not an address");
    CHECK(address_key(std::string(200, 'x')) == std::string(64, 'x'));
}
