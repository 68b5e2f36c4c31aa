#pragma once
// Counters and latency histograms for GET /metrics, in the Prometheus text format (version 0.0.4).
// Thread safe: every method may be called from any thread.

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace hailong::server {

class Metrics {
public:
    /// Upper bounds of the latency buckets, in seconds.
    static constexpr std::array<double, 12> buckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    /// One finished HTTP request. `route` is a fixed name ("submissions"), never a raw path, so
    /// the number of series stays bounded.
    void observe_request(std::string_view route, int status, double seconds);
    /// Submissions answered accepted, duplicate or rejected.
    void count_submissions(std::string_view status, std::uint64_t n);
    void count_store_error() { store_errors_.fetch_add(1, std::memory_order_relaxed); }

    /// The exposition text. `group_commits` is read from the committer by the caller.
    [[nodiscard]] std::string render(std::uint64_t group_commits) const;

private:
    struct Histogram {
        std::array<std::uint64_t, buckets.size()> counts{};
        std::uint64_t total = 0;
        double sum = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, int>, std::uint64_t> requests_;
    std::map<std::string, Histogram> latency_;
    std::map<std::string, std::uint64_t> submissions_;
    std::atomic<std::uint64_t> store_errors_{0};
};

}  // namespace hailong::server
