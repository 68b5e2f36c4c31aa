// Tests of GET /api/v1/why (why_service.hpp) and the submissions listing's `term` filter its words
// link to (dashboard_service.hpp). On SQLite; the store's `asked_why` and `with_comment` filters
// run on both stores in store_contract_test.cpp. Every expected figure is worked out by hand from
// the eight ratings below.
#include "hailong/server/api/why_service.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "dashboard_fixture.hpp"

using namespace hailong;
using namespace hailong::server;
using namespace hailong::test::dashboard;
using nlohmann::json;

namespace {

// SCT on Friday 20 November 2026, one rating every ten minutes from 08:00 (none a burst), on scale 3,
// and one at 21:30, outside the opening hours, so flagged:
//   #  officer  value  asked why  reasons                 comment                            time contacts agencies attitude
//   1  SCT-001  3      no         -                       -                                  2    2        2        1
//   2  SCT-001  1      yes        slow, many_trips        "Chậm quá, phải đi lại nhiều lần"  0    1        2        1
//   3  SCT-001  1      yes        slow, slow (once)       "Thủ tục chậm, đi lại 3 lần"       0    1        -        0
//   4  SCT-002  1      yes        unclear_guidance        "Hướng dẫn không rõ ràng"          1    2        -        1
//   5  SCT-002  3      yes (harassment reported) conduct  -                                  -    -        -        -
//   6  SCT-001  2      no         -                       -                                  -    -        -        -
//   7  SCT-002  1      yes        (none ticked)           -                                  -    -        -        -
//   8  SCT-001  1      flagged    slow                    "Chậm"                             -    -        -        -
struct WhyFixture {
    test::SqliteBackend backend;
    Store& store = backend.store;
    IndicesSettings settings{.min_responses = 3};
    WhyService why{store, settings};
    DashboardService dashboard{store, [] { return at("2026-11-23T09:00:00+07:00"); }};

    WhyFixture() {
        test::seed_organisation(store);
        struct Row {
            const char* officer;
            int value;
            std::vector<std::string> reasons;
            const char* comment;
            std::optional<int> time, contacts, agencies, attitude;
            bool harassment = false;
        };
        const std::vector<Row> rows = {
            {"SCT-001", 3, {}, nullptr, 2, 2, 2, 1, false},
            {"SCT-001", 1, {"slow", "many_trips"}, "Chậm quá, phải đi lại nhiều lần", 0, 1, 2, 1, false},
            {"SCT-001", 1, {"slow", "slow"}, "Thủ tục chậm, đi lại 3 lần", 0, 1, std::nullopt, 0, false},
            {"SCT-002", 1, {"unclear_guidance"}, "Hướng dẫn không rõ ràng", 1, 2, std::nullopt, 1, false},
            {"SCT-002", 3, {"conduct"}, nullptr, std::nullopt, std::nullopt, std::nullopt, std::nullopt, true},
            {"SCT-001", 2, {}, nullptr, std::nullopt, std::nullopt, std::nullopt, std::nullopt, false},
            {"SCT-002", 1, {}, nullptr, std::nullopt, std::nullopt, std::nullopt, std::nullopt, false},
        };
        std::vector<IngestItem> items;
        const Instant first = at("2026-11-20T08:00:00+07:00");
        for (std::size_t i = 0; i < rows.size(); ++i) {
            Submission s = test::sample_submission(format_rfc3339(first + std::chrono::minutes{10 * i}, vietnam_offset));
            s.officer = rows[i].officer;
            s.rating = Rating{3, rows[i].value};
            s.reasons = rows[i].reasons;
            if (rows[i].comment) s.comment = rows[i].comment;
            s.tt01.time = rows[i].time;
            s.tt01.contacts = rows[i].contacts;
            s.tt01.agencies = rows[i].agencies;
            s.tt01.attitude = rows[i].attitude;
            if (rows[i].harassment) s.harassment = true;
            items.push_back({"K-SCT-01", s, s.created_at.instant});
        }
        Submission late = test::sample_submission("2026-11-20T21:30:00+07:00");
        late.rating = Rating{3, 1};
        late.reasons = {"slow"};
        late.comment = "Chậm";
        items.push_back({"K-SCT-01", late, late.created_at.instant});
        store.ingest(items);
    }

    json ok(const Answer& a) {
        INFO(a.body);
        REQUIRE(a.status == 200);
        return json::parse(a.body);
    }
};

json reason(const char* code, int count, double share) { return {{"code", code}, {"count", count}, {"share", share}}; }
json term(const char* t, int count) { return {{"term", t}, {"count", count}}; }

}  // namespace

TEST_CASE("why: a department's reasons are counted once per rating, with their share of the ratings asked why", "[why]") {
    WhyFixture f;
    const json a = f.ok(f.why.why(admin, q({{"department", "SCT"}, {"period", "2026-11"}}), "en"));
    // Asked why: 2, 3, 4, 5 and 7 (the flagged 8 left out) = 5; four of them ticked a reason.
    // slow 2 of 5 = 40.00 %; conduct, many_trips, unclear_guidance 1 of 5 = 20.00 %; ties by code.
    CHECK(a["responses"] == 7);
    CHECK(a["asked"] == 5);
    CHECK(a["with_reasons"] == 4);
    CHECK(a["include_flagged"] == false);
    CHECK(a["reasons"] == json::array({reason("slow", 2, 40.0), reason("conduct", 1, 20.0), reason("many_trips", 1, 20.0),
                                       reason("unclear_guidance", 1, 20.0)}));
    // With the flagged one: 6 asked, slow 3 of 6 = 50.00 %, the others 1 of 6 = 16.67 %.
    const json all = f.ok(f.why.why(admin, q({{"department", "SCT"}, {"period", "2026-11"}, {"include_flagged", "true"}}), "en"));
    CHECK(all["asked"] == 6);
    CHECK(all["reasons"] == json::array({reason("slow", 3, 50.0), reason("conduct", 1, 16.67), reason("many_trips", 1, 16.67),
                                         reason("unclear_guidance", 1, 16.67)}));
}

TEST_CASE("why: an officer's reasons are their own ratings only, shares rounded half away from zero", "[why]") {
    WhyFixture f;
    // SCT-002: asked 4, 5 and 7 = 3; conduct and unclear_guidance 1 of 3 = 33.33 %.
    const json b = f.ok(f.why.why(lan, q({{"department", "SCT"}, {"officer", "SCT-002"}, {"period", "2026-11"}}), "en"));
    CHECK(b["officer"] == "SCT-002");
    CHECK(b["asked"] == 3);
    CHECK(b["reasons"] == json::array({reason("conduct", 1, 33.33), reason("unclear_guidance", 1, 33.33)}));
    // SCT-001: asked 2 and 3; slow 2 of 2 = 100.00 %, many_trips 1 of 2 = 50.00 %.
    const json a = f.ok(f.why.why(lan, q({{"department", "SCT"}, {"officer", "SCT-001"}, {"period", "2026-11"}}), "en"));
    CHECK(a["reasons"] == json::array({reason("slow", 2, 100.0), reason("many_trips", 1, 50.0)}));
    // Another day: nobody asked, no share.
    const json none = f.ok(f.why.why(lan, q({{"department", "SCT"}, {"period", "2026-11-21"}}), "en"));
    CHECK(none["asked"] == 0);
    CHECK(none["reasons"] == json::array());
}

TEST_CASE("why: the weakest TT 01 index is the lowest value among those with enough answers, ties all named", "[why]") {
    WhyFixture f;
    // Department (minimum 3 answers): time (2+0+0+1)/4 = 0.75 -> 0.8; contacts 6/4 = 1.5; attitude
    // (1+1+0+1)/4 = 0.75 -> 0.8; agencies has 2 answers: not enough. Time and attitude tie at 0.8.
    const json a = f.ok(f.why.why(admin, q({{"department", "SCT"}, {"period", "2026-11"}}), "en"));
    CHECK(a["tt01"]["min_responses"] == 3);
    CHECK(a["tt01"]["weakest"] == json::array({{{"index", "time"}, {"number", 1}, {"value", 0.8}, {"n", 4}},
                                               {{"index", "attitude"}, {"number", 7}, {"value", 0.8}, {"n", 4}}}));
    CHECK(a["tt01"]["not_enough"] == json::array({{{"index", "agencies"}, {"number", 4}, {"n", 2}}}));
    // SCT-002 answered on one rating only (4: time, contacts, attitude; not agencies): no index has
    // enough, none is named weakest; the three answered are listed as not enough, agencies not at all.
    const json b = f.ok(f.why.why(admin, q({{"department", "SCT"}, {"officer", "SCT-002"}, {"period", "2026-11"}}), "en"));
    CHECK(b["tt01"]["weakest"] == json::array());
    CHECK(b["tt01"]["not_enough"] == json::array({{{"index", "time"}, {"number", 1}, {"n", 1}},
                                                   {{"index", "contacts"}, {"number", 3}, {"n", 1}},
                                                   {{"index", "attitude"}, {"number", 7}, {"n", 1}}}));
    // SCT-001: time 2/3 -> 0.7, contacts 4/3 -> 1.3, attitude 2/3 -> 0.7; agencies 2 answers.
    const json c = f.ok(f.why.why(admin, q({{"department", "SCT"}, {"officer", "SCT-001"}, {"period", "2026-11"}}), "en"));
    CHECK(c["tt01"]["weakest"] == json::array({{{"index", "time"}, {"number", 1}, {"value", 0.7}, {"n", 3}},
                                               {{"index", "attitude"}, {"number", 7}, {"value", 0.7}, {"n", 3}}}));
}

TEST_CASE("why: managers get the comments' frequent words and phrases, stop words left out", "[why]") {
    WhyFixture f;
    const json a = f.ok(f.why.why(lan, q({{"department", "SCT"}, {"period", "2026-11"}, {"top", "6"}}), "en"));
    // Comments 2, 3, 4 (8 flagged). Words ("quá" a stop word, "3" a number): chậm, đi, lại, lần in
    // two comments each; dẫn, hướng, không, nhiều, phải, ràng, rõ, thủ, tục in one. Ties in the
    // bytes' order (UTF-8: "đ" after every ASCII letter).
    CHECK(a["words"]["comments"] == 3);
    CHECK(a["words"]["words"] == json::array({term("chậm", 2), term("lại", 2), term("lần", 2), term("đi", 2), term("dẫn", 1), term("hướng", 1)}));
    // Phrases: "đi lại" in 2 and 3; "chậm quá" has a stop word, "chậm, đi" a comma, "lại 3" a number.
    CHECK(a["words"]["phrases"] == json::array({term("đi lại", 2), term("dẫn không", 1), term("hướng dẫn", 1), term("không rõ", 1),
                                                term("lại nhiều", 1), term("nhiều lần", 1)}));
    CHECK(f.ok(f.why.why(admin, q({{"department", "SCT"}, {"period", "2026-11"}}), "en"))["words"]["words"].size() == 10);
}

// A satisfied citizen's comment with nothing else is praise: its words would top a list read as
// what went wrong, so the why leaves it out and says how many, and the word's listing agrees.
TEST_CASE("why: praise (a satisfied rating with only a comment) is left out of the words, and counted", "[why]") {
    WhyFixture f;
    Submission praise = test::sample_submission("2026-11-20T09:30:00+07:00");
    praise.officer = "SCT-002";
    praise.rating = Rating{3, 3};
    praise.comment = "Cán bộ hướng dẫn nhiệt tình, chu đáo";
    Submission middle = test::sample_submission("2026-11-20T09:40:00+07:00");  // 2 of 3 is satisfied too
    middle.rating = Rating{3, 2};
    middle.comment = "Hướng dẫn tận tình";
    f.store.ingest({{"K-SCT-01", praise, praise.created_at.instant}, {"K-SCT-01", middle, middle.created_at.instant}});
    const json a = f.ok(f.why.why(lan, q({{"department", "SCT"}, {"period", "2026-11"}, {"top", "50"}}), "en"));
    // Still comments 2, 3 and 4 alone (the fixture's words above): "nhiệt", "tình", "chu" nowhere,
    // and "hướng dẫn" once (comment 4), not three times.
    CHECK(a["words"]["comments"] == 3);
    CHECK(a["words"]["praise_left_out"] == 2);
    const std::string words = a["words"].dump();
    CHECK(words.find("nhiệt") == std::string::npos);
    CHECK(words.find("chu") == std::string::npos);
    CHECK(a["words"]["phrases"].at(2) == term("hướng dẫn", 1));
    const json listed = f.ok(f.dashboard.submissions(lan, q({{"department", "SCT"}, {"period", "2026-11"}, {"term", "hướng dẫn"}}), "en"));
    CHECK(listed["total"] == 1);
    CHECK(listed["submissions"].at(0)["comment"] == "Hướng dẫn không rõ ràng");
}

TEST_CASE("why: an analyst gets the reasons and the weakest index but never a word of the comments", "[why]") {
    WhyFixture f;
    const json a = f.ok(f.why.why(analyst, q({{"department", "SCT"}, {"period", "2026-11"}}), "en"));
    CHECK(a["asked"] == 5);
    CHECK_FALSE(a.contains("words"));
    CHECK(a.dump().find("Chậm") == std::string::npos);
    CHECK(a.dump().find("chậm") == std::string::npos);
}

TEST_CASE("why: another department is 403 to a manager, and the request is read strictly and bounded", "[why]") {
    WhyFixture f;
    CHECK(f.why.why(cuong, q({{"department", "SCT"}, {"period", "2026-11"}}), "en").status == 403);
    CHECK(f.why.why(admin, q({{"period", "2026-11"}}), "en").status == 400);             // no department
    CHECK(f.why.why(admin, q({{"department", "SCT"}, {"period", "2026"}}), "en").status == 400);  // 365 days > 93
    CHECK(f.why.why(admin, q({{"department", "SCT"}, {"period", "2026-Q4"}}), "en").status == 200);  // 92 days
    CHECK(f.why.why(admin, q({{"department", "SCT"}, {"period", "2026-11"}, {"top", "51"}}), "en").status == 400);
    CHECK(f.why.why(admin, q({{"department", "SCT"}, {"period", "2026-11"}, {"nonsense", "1"}}), "en").status == 400);
}

TEST_CASE("why: a word links to the comments holding it, as many as the why counted", "[why]") {
    WhyFixture f;
    const auto listed = [&](const User& user, const char* word, const char* flagged) {
        return f.dashboard.submissions(user, q({{"department", "SCT"}, {"period", "2026-11"}, {"term", word}, {"include_flagged", flagged}}), "en");
    };
    // "đi lại" is in comments 3 and 2 (newest first); "chậm" in 3 and 2, and in the flagged 8.
    const json a = f.ok(listed(lan, "đi lại", "false"));
    CHECK(a["total"] == 2);
    REQUIRE(a["submissions"].size() == 2);
    CHECK(a["submissions"][0]["comment"] == "Thủ tục chậm, đi lại 3 lần");
    CHECK(a["submissions"][1]["comment"] == "Chậm quá, phải đi lại nhiều lần");
    CHECK(f.ok(listed(admin, "chậm", "false"))["total"] == 2);
    CHECK(f.ok(listed(admin, "chậm", "true"))["total"] == 3);
    CHECK(f.ok(listed(admin, "CHẬM", "false"))["total"] == 2);
    CHECK(f.ok(listed(admin, "chầm", "false"))["total"] == 0);  // another word
    // Paged after the filter: the second of two.
    const json paged = f.ok(f.dashboard.submissions(admin, q({{"department", "SCT"}, {"period", "2026-11"}, {"term", "đi lại"}, {"include_flagged", "false"}, {"limit", "1"}, {"offset", "1"}}), "en"));
    CHECK(paged["total"] == 2);
    REQUIRE(paged["submissions"].size() == 1);
    CHECK(paged["submissions"][0]["comment"] == "Chậm quá, phải đi lại nhiều lần");
    // Analysts never; a word without dates, or over the why's bound, is refused.
    CHECK(listed(analyst, "chậm", "false").status == 403);
    CHECK(f.dashboard.submissions(admin, q({{"department", "SCT"}, {"term", "chậm"}}), "en").status == 400);
    CHECK(f.dashboard.submissions(admin, q({{"department", "SCT"}, {"period", "2026"}, {"term", "chậm"}}), "en").status == 400);
}
