// GET /api/v1/public/results without HTTP (public_results.hpp). The figures are worked by hand in
// the comments, the intervals with Wilson's formula at z = 1.96 (methodology.md section 4):
// centre (p + z²/2n) / (1 + z²/n), half-width z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n), in percent
// to two places.
#include "hailong/server/api/public_results.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "store_fixtures.hpp"

using namespace hailong;
using namespace hailong::server;
using json = nlohmann::json;

namespace {

// The data (all in opening hours, one a minute, none flagged):
//   SCT, Tuesday 17 November: values 3 1 (scale 3)        -> 2 responses: too few (min 3)
//   STTTT, Wednesday 18 November: values 3 3 3 (STTTT-001) -> 3 of 3: 100 %, [43.85, 100]
//   SCT, Tuesday 1 December: values 3 3 3 1 (SCT-001), each with a comment naming nobody
//                                                         -> 3 of 4: 75 %, [30.06, 95.44]
void store_example(Store& store) {
    test::seed_organisation(store);
    store.add_kiosk({"K-STTTT-01", "STTTT", false, 0}, "hash-stttt");
    std::vector<IngestItem> items;
    const int sct_nov[] = {3, 1};
    test::add_minutely(items, "K-SCT-01", "2026-11-17", 2, [&](Submission& s, int i) { s.rating = Rating{3, sct_nov[i]}; });
    test::add_minutely(items, "K-STTTT-01", "2026-11-18", 3, [](Submission& s, int) {
        s.department = "STTTT";
        s.officer = "STTTT-001";
    });
    const int sct_dec[] = {3, 3, 3, 1};
    test::add_minutely(items, "K-SCT-01", "2026-12-01", 4, [&](Submission& s, int i) {
        s.rating = Rating{3, sct_dec[i]};
        s.comment = "Cán bộ hướng dẫn tận tình, bí mật số " + std::to_string(i);
    });
    for (const auto& o : store.ingest(items)) REQUIRE(o.status == IngestOutcome::Status::accepted);
}

IndicesSettings small() {
    IndicesSettings s;
    s.min_responses = 3;
    return s;
}

json body_of(const Answer& a) {
    INFO(a.body);
    REQUIRE(a.status == 200);
    return json::parse(a.body);
}

const json& department(const json& body, const std::string& code) {
    for (const auto& d : body["departments"])
        if (d["department"] == code) return d;
    FAIL("no department " << code);
    throw std::logic_error("unreachable");
}

Instant at(const std::string& rfc3339) { return parse_rfc3339(rfc3339)->instant; }

}  // namespace

TEST_CASE("public results: each department this month and last, with intervals, too few responses shown as such") {
    test::SqliteBackend backend;
    store_example(backend.store);
    PublicResults service(backend.store, small(), [] { return at("2026-12-10T10:00:00+07:00"); });

    const json body = body_of(service.results({}, "vi"));
    CHECK(body["month"] == "2026-12");
    CHECK(body["from"] == "2026-12-01");
    CHECK(body["to"] == "2026-12-10");  // the current month, to today
    CHECK(body["last_month"] == json{{"month", "2026-11"}, {"from", "2026-11-01"}, {"to", "2026-11-30"}});
    CHECK(body["min_responses"] == 3);
    CHECK(body["made_at"] == "2026-12-10T10:00:00+07:00");
    CHECK(body["agency_name"].is_null());  // none set
    REQUIRE(body["departments"].size() == 2);

    const json& sct = department(body, "SCT");
    CHECK(sct["name"] == "Sở Công Thương");
    CHECK(sct["this_month"] == json{{"responses", 4}, {"satisfaction_rate", 75.0}, {"ci95", {30.06, 95.44}}, {"suppressed", false}});
    CHECK(sct["last_month"] == json{{"responses", 2}, {"satisfaction_rate", nullptr}, {"ci95", nullptr}, {"suppressed", true}});

    const json& stttt = department(body, "STTTT");
    CHECK(stttt["this_month"] == json{{"responses", 0}, {"satisfaction_rate", nullptr}, {"ci95", nullptr}, {"suppressed", true}});
    CHECK(stttt["last_month"] == json{{"responses", 3}, {"satisfaction_rate", 100.0}, {"ci95", {43.85, 100.0}}, {"suppressed", false}});

    // Nothing but what a department publishes: no officer, kiosk or comment.
    const std::string text = body.dump();
    for (const char* secret : {"SCT-001", "STTTT-001", "Nguyễn Văn An", "Lê Văn Cường", "K-SCT-01", "bí mật", "officer", "comment"}) {
        INFO(secret);
        CHECK(text.find(secret) == std::string::npos);
    }
}

TEST_CASE("public results: a past month is whole and compared with the month before it") {
    test::SqliteBackend backend;
    store_example(backend.store);
    PublicResults service(backend.store, small(), [] { return at("2026-12-10T10:00:00+07:00"); });
    const json body = body_of(service.results({{"month", "2026-11"}}, "en"));
    CHECK(body["from"] == "2026-11-01");
    CHECK(body["to"] == "2026-11-30");
    CHECK(body["last_month"]["month"] == "2026-10");
    CHECK(department(body, "STTTT")["this_month"]["responses"] == 3);
    CHECK(department(body, "STTTT")["last_month"]["responses"] == 0);
    // December's ratings are not November's.
    CHECK(department(body, "SCT")["this_month"]["responses"] == 2);
}

TEST_CASE("public results: every bad parameter is a 400 naming it") {
    test::SqliteBackend backend;
    store_example(backend.store);
    PublicResults service(backend.store, small(), [] { return at("2026-12-10T10:00:00+07:00"); });
    const std::vector<std::pair<QueryParams, std::string>> cases = {
        {{{"month", "2027-01"}}, "month"},                        // after the current month
        {{{"month", "2023-11"}}, "month"},                        // 37 months before December 2026
        {{{"month", "2026-Q4"}}, "month"},                        // a quarter, not a month
        {{{"month", "2026-13"}}, "month"},
        {{{"month", "2026-11"}, {"month", "2026-10"}}, "month"},  // repeated
        {{{"department", "SCT"}}, "department"},                 // not a parameter here
        {{{"lang", "fr"}}, "lang"},
    };
    for (const auto& [params, field] : cases) {
        const Answer a = service.results(params, "en");
        INFO(a.body);
        CHECK(a.status == 400);
        CHECK(json::parse(a.body)["error"]["field"] == field);
    }
    // 36 months back is the oldest allowed.
    CHECK(service.results({{"month", "2023-12"}}, "en").status == 200);
}

TEST_CASE("public results: an answer is kept for a minute, then made afresh") {
    test::SqliteBackend backend;
    store_example(backend.store);
    Instant now = at("2026-12-10T10:00:00+07:00");
    PublicResults service(backend.store, small(), [&] { return now; });
    CHECK(department(body_of(service.results({}, "vi")), "SCT")["this_month"]["responses"] == 4);

    std::vector<IngestItem> items;
    test::add_minutely(items, "K-SCT-01", "2026-12-02", 1, [](Submission&, int) {});
    for (const auto& o : backend.store.ingest(items)) REQUIRE(o.status == IngestOutcome::Status::accepted);

    now += std::chrono::seconds(59);
    CHECK(department(body_of(service.results({}, "vi")), "SCT")["this_month"]["responses"] == 4);
    now += std::chrono::seconds(2);
    CHECK(department(body_of(service.results({}, "vi")), "SCT")["this_month"]["responses"] == 5);
}
