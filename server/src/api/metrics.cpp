#include "hailong/server/api/metrics.hpp"

#include <cstdio>

namespace hailong::server {

void Metrics::observe_request(std::string_view route, int status, double seconds) {
    const std::lock_guard lock(mutex_);
    ++requests_[{std::string(route), status}];
    Histogram& h = latency_[std::string(route)];
    for (std::size_t i = 0; i < buckets.size(); ++i) {
        if (seconds <= buckets[i]) ++h.counts[i];  // Prometheus buckets are cumulative
    }
    ++h.total;
    h.sum += seconds;
}

void Metrics::count_submissions(std::string_view status, std::uint64_t n) {
    const std::lock_guard lock(mutex_);
    submissions_[std::string(status)] += n;
}

namespace {
std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}
}  // namespace

std::string Metrics::render(std::uint64_t group_commits) const {
    const std::lock_guard lock(mutex_);
    std::string out;
    out += "# HELP hailong_http_requests_total HTTP requests answered, by route and status.\n"
           "# TYPE hailong_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
        out += "hailong_http_requests_total{route=\"" + key.first + "\",status=\"" + std::to_string(key.second) + "\"} " +
               std::to_string(n) + "\n";
    }
    out += "# HELP hailong_http_request_duration_seconds Time from request to answer, by route.\n"
           "# TYPE hailong_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : latency_) {
        const std::string series = "hailong_http_request_duration_seconds";
        for (std::size_t i = 0; i < buckets.size(); ++i) {
            out += series + "_bucket{route=\"" + route + "\",le=\"" + number(buckets[i]) + "\"} " + std::to_string(h.counts[i]) + "\n";
        }
        out += series + "_bucket{route=\"" + route + "\",le=\"+Inf\"} " + std::to_string(h.total) + "\n";
        out += series + "_sum{route=\"" + route + "\"} " + number(h.sum) + "\n";
        out += series + "_count{route=\"" + route + "\"} " + std::to_string(h.total) + "\n";
    }
    out += "# HELP hailong_ingest_submissions_total Submissions answered, by result.\n"
           "# TYPE hailong_ingest_submissions_total counter\n";
    for (const auto& [status, n] : submissions_) {
        out += "hailong_ingest_submissions_total{status=\"" + status + "\"} " + std::to_string(n) + "\n";
    }
    out += "# HELP hailong_store_errors_total Requests that failed because the store failed.\n"
           "# TYPE hailong_store_errors_total counter\n"
           "hailong_store_errors_total " + std::to_string(store_errors_.load()) + "\n";
    out += "# HELP hailong_group_commits_total Store transactions made by group commit.\n"
           "# TYPE hailong_group_commits_total counter\n"
           "hailong_group_commits_total " + std::to_string(group_commits) + "\n";
    return out;
}

}  // namespace hailong::server
