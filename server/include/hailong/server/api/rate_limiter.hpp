#pragma once
// A token bucket per key (kiosk id, or a client's address): `rate` requests a second on average,
// bursts of up to `burst`. The clock is passed in, so tests need no sleeps.
//
// Memory is bounded: at most `max_keys` buckets are kept. A new key beyond that takes the place of
// the bucket used longest ago; when that bucket has refilled to the burst, which is what an idle
// client's has, nothing is lost by forgetting it. Only a flood of more than `max_keys` distinct
// keys, each of them active, can make the limiter forget one that is still counting; it then
// starts afresh, as for a new client. (A client cannot mint keys cheaply: per-address limits key an
// IPv6 client by its /64, address_key.)
//
// Thread safety: every member may be called from any number of threads at once.

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace hailong::server {

/// The key a per-address limit counts a client under: an IPv4 address as it is (an IPv4-mapped
/// IPv6 address as its IPv4), an IPv6 address as its /64 ("2001:db8:1:2::/64"), since one
/// subscriber is given a whole /64 and can use any address in it. Text that is not an address (a
/// proxy's X-Forwarded-For is the proxy's word) is its own key, cut to 64 bytes.
std::string address_key(std::string_view address);

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    static constexpr std::size_t default_max_keys = 65536;

    /// `rate` <= 0 turns limiting off (every request allowed).
    RateLimiter(double rate, double burst, std::size_t max_keys = default_max_keys)
        : rate_(rate), burst_(burst), max_keys_(max_keys == 0 ? 1 : max_keys) {}
    RateLimiter(const RateLimiter&) = delete;
    RateLimiter& operator=(const RateLimiter&) = delete;

    /// Takes one token for `key` at time `now`. Returns zero if allowed, else how long to wait
    /// before a token is there (for Retry-After).
    Clock::duration acquire(const std::string& key, Clock::time_point now);

    /// Drops the bucket of `key`: its next request is as a new client's, with the whole burst.
    void forget(const std::string& key);

    /// How many keys have a bucket now (at most max_keys).
    [[nodiscard]] std::size_t size() const;

private:
    struct Bucket {
        double tokens;
        Clock::time_point updated;
        std::list<std::string>::iterator use;  // its place in uses_
    };
    const double rate_;
    const double burst_;
    const std::size_t max_keys_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
    std::list<std::string> uses_;  // keys, the one used longest ago first
};

}  // namespace hailong::server
