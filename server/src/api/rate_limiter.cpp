#include "hailong/server/api/rate_limiter.hpp"

#include <algorithm>
#include <array>

#include <arpa/inet.h>

namespace hailong::server {

std::string address_key(std::string_view address) {
    constexpr std::size_t max_text = 64;
    std::string text(address.substr(0, max_text));
    std::array<unsigned char, 16> bytes{};
    if (inet_pton(AF_INET, text.c_str(), bytes.data()) == 1) return text;
    if (inet_pton(AF_INET6, text.c_str(), bytes.data()) != 1) return text;
    constexpr std::array<unsigned char, 12> v4_mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (std::equal(v4_mapped.begin(), v4_mapped.end(), bytes.begin())) {
        char v4[INET_ADDRSTRLEN];
        if (inet_ntop(AF_INET, bytes.data() + 12, v4, sizeof v4)) return v4;
    }
    std::fill(bytes.begin() + 8, bytes.end(), 0);
    char v6[INET6_ADDRSTRLEN];
    if (!inet_ntop(AF_INET6, bytes.data(), v6, sizeof v6)) return text;
    return std::string(v6) + "/64";
}

RateLimiter::Clock::duration RateLimiter::acquire(const std::string& key, Clock::time_point now) {
    if (rate_ <= 0) return Clock::duration::zero();
    const std::lock_guard lock(mutex_);
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
        if (buckets_.size() >= max_keys_) {
            buckets_.erase(uses_.front());
            uses_.pop_front();
        }
        uses_.push_back(key);
        it = buckets_.emplace(key, Bucket{burst_, now, std::prev(uses_.end())}).first;
    } else {
        Bucket& b = it->second;
        const double elapsed = std::chrono::duration<double>(now - b.updated).count();
        b.tokens = std::min(burst_, b.tokens + std::max(0.0, elapsed) * rate_);
        b.updated = now;
        uses_.splice(uses_.end(), uses_, b.use);
    }
    Bucket& b = it->second;
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return Clock::duration::zero();
    }
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>((1.0 - b.tokens) / rate_));
}

void RateLimiter::forget(const std::string& key) {
    const std::lock_guard lock(mutex_);
    const auto it = buckets_.find(key);
    if (it == buckets_.end()) return;
    uses_.erase(it->second.use);
    buckets_.erase(it);
}

std::size_t RateLimiter::size() const {
    const std::lock_guard lock(mutex_);
    return buckets_.size();
}

}  // namespace hailong::server
