#include "hailong/server/rate_limiter.hpp"

#include <algorithm>

namespace hailong::server {

RateLimiter::Clock::duration RateLimiter::acquire(const std::string& key, Clock::time_point now) {
    if (rate_ <= 0) return Clock::duration::zero();
    const std::lock_guard lock(mutex_);
    auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst_, now});
    Bucket& b = it->second;
    if (!fresh) {
        const double elapsed = std::chrono::duration<double>(now - b.updated).count();
        b.tokens = std::min(burst_, b.tokens + std::max(0.0, elapsed) * rate_);
        b.updated = now;
    }
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return Clock::duration::zero();
    }
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>((1.0 - b.tokens) / rate_));
}

}  // namespace hailong::server
