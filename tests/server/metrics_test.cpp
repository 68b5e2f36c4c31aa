#include "hailong/server/api/metrics.hpp"

#include <catch2/catch.hpp>

using hailong::server::Metrics;

TEST_CASE("metrics: counters and cumulative histogram buckets in Prometheus text", "[metrics]") {
    Metrics m;
    m.observe_request("submissions", 200, 0.003);   // falls in le=0.005 and every bucket above
    m.observe_request("submissions", 200, 0.2);     // le=0.25 and above
    m.observe_request("submissions", 401, 0.0005);  // every bucket
    m.count_submissions("accepted", 5);
    m.count_submissions("accepted", 2);
    m.count_store_error();
    const std::string text = m.render(4);
    CHECK_THAT(text, Catch::Contains("hailong_http_requests_total{route=\"submissions\",status=\"200\"} 2\n"));
    CHECK_THAT(text, Catch::Contains("hailong_http_requests_total{route=\"submissions\",status=\"401\"} 1\n"));
    CHECK_THAT(text, Catch::Contains("_bucket{route=\"submissions\",le=\"0.001\"} 1\n"));
    CHECK_THAT(text, Catch::Contains("_bucket{route=\"submissions\",le=\"0.005\"} 2\n"));
    CHECK_THAT(text, Catch::Contains("_bucket{route=\"submissions\",le=\"0.1\"} 2\n"));
    CHECK_THAT(text, Catch::Contains("_bucket{route=\"submissions\",le=\"0.25\"} 3\n"));
    CHECK_THAT(text, Catch::Contains("_bucket{route=\"submissions\",le=\"+Inf\"} 3\n"));
    CHECK_THAT(text, Catch::Contains("_sum{route=\"submissions\"} 0.2035\n"));  // 0.003 + 0.2 + 0.0005
    CHECK_THAT(text, Catch::Contains("hailong_ingest_submissions_total{status=\"accepted\"} 7\n"));
    CHECK_THAT(text, Catch::Contains("hailong_store_errors_total 1\n"));
    CHECK_THAT(text, Catch::Contains("hailong_group_commits_total 4\n"));
}
