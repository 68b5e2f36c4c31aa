// GET /api/v1/indices and /trend without HTTP (indices_service.hpp). The expected figures are worked
// by hand in the comments from the submissions each test stores.
#include "hailong/server/api/indices_service.hpp"

#include <cstdio>
#include <random>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "hailong/tracking_code.hpp"
#include "hailong/server/store/csv_table.hpp"
#include "store_fixtures.hpp"

using namespace hailong;
using namespace hailong::server;
using hailong::test::header_of;
using hailong::test::sample_submission;
using json = nlohmann::json;

namespace {

const User admin{"admin", Role::admin, {}, false};
const User analyst{"analyst", Role::analyst, {}, false};
const User sct_manager{"sct", Role::manager, {"SCT"}, false};

Submission rated(const std::string& created, const std::string& officer, int value) {
    Submission s = sample_submission(created);
    s.officer = officer;
    s.rating = Rating{3, value};
    s.department = officer.rfind("SCT-", 0) == 0 ? "SCT" : "STTTT";
    return s;
}

// The data every test here reads (all times +07:00):
//   SCT-001, Friday 20 November, 08:00 08:10 08:20 08:30: values 3 3 2 1 -> 3 of 4 satisfied;
//            TT 01 time 2 1 - 0 (n 3, 3 points), attitude 2 2 2 1 (n 4, 7 points)
//   SCT-002, Saturday 21 November, 08:00 08:10 08:20: values 1 1 3 -> 1 of 3 satisfied
//   SCT-002, Sunday 22 November, 09:00: value 3, outside opening hours -> flagged, excluded
//   STTTT-001, Friday 20 November, 09:00: value 3 -> 1 of 1 (kiosk K-STTTT-01)
void store_example(Store& store) {
    test::seed_organisation(store);
    store.add_kiosk({"K-STTTT-01", "STTTT", false, 0}, "hash-stttt");
    std::vector<Submission> sct;
    const int values[] = {3, 3, 2, 1};
    const std::optional<int> time[] = {2, 1, std::nullopt, 0};
    const int attitude[] = {2, 2, 2, 1};
    for (int i = 0; i < 4; ++i) {
        Submission s = rated("2026-11-20T08:" + std::to_string(i) + "0:00+07:00", "SCT-001", values[i]);
        s.tt01.time = time[i];
        s.tt01.attitude = attitude[i];
        s.dossier = "D" + std::to_string(i + 1);  // dossier records some tests import: D4 is rated 1
        sct.push_back(s);
    }
    for (int i = 0; i < 3; ++i) sct.push_back(rated("2026-11-21T08:" + std::to_string(i) + "0:00+07:00", "SCT-002", i == 2 ? 3 : 1));
    sct[4].dossier = "D5";  // SCT-002's two ratings of 1 name D5 and D6; its others name none
    sct[5].dossier = "D6";
    sct.push_back(rated("2026-11-22T09:00:00+07:00", "SCT-002", 3));
    std::vector<IngestItem> items;
    for (const auto& s : sct) items.push_back({"K-SCT-01", s, s.created_at.instant});
    items.push_back({"K-STTTT-01", rated("2026-11-20T09:00:00+07:00", "STTTT-001", 3), sct[0].created_at.instant});
    for (const auto& o : store.ingest(items)) REQUIRE(o.status == IngestOutcome::Status::accepted);
}

json body_of(const Answer& a) {
    INFO(a.body);
    REQUIRE(a.status == 200);
    return json::parse(a.body);
}

const json& group(const json& body, const std::string& key) {
    for (const auto& g : body["groups"])
        if (g["key"] == key) return g;
    FAIL("no group " << key);
    throw std::logic_error("unreachable");
}

IndicesSettings small() {
    IndicesSettings s;
    s.min_responses = 3;  // so that the hand-sized example has groups above and below it
    return s;
}

}  // namespace

TEST_CASE("indices: officers of a week, worked by hand") {
    test::SqliteBackend backend;
    store_example(backend.store);
    IndicesService service(backend.store, small());
    const json body = body_of(service.indices(admin, {{"group", "officer"}, {"period", "2026-W47"}}, "en"));
    CHECK(body["from"] == "2026-11-16");
    CHECK(body["to"] == "2026-11-22");
    CHECK(body["timezone"] == "Asia/Ho_Chi_Minh");

    const json& a = group(body, "SCT-001");
    CHECK(a["name"] == "Nguyễn Văn An");
    CHECK(a["department"] == "SCT");
    CHECK(a["responses"] == 4);
    CHECK(a["satisfied"] == 3);
    CHECK(a["satisfaction_rate"] == 75.0);
    // Wilson, n = 4, p = 0.75, z² = 3.841459: centre (0.75 + 0.480182) / 1.960365 = 0.627528,
    // half 1.959964 × √(0.046875 + 0.060023) / 1.960365 = 0.326887 -> [30.06, 95.44].
    CHECK(a["ci95"] == json::array({30.06, 95.44}));
    CHECK(a["distribution"] == json::parse(R"({"3": {"3": 2, "2": 1, "1": 1}})"));
    // time: 3 points / 3 = 1.0; attitude: 7 / 4 = 1.75 -> 1.8 (half away from zero).
    // Beside index 7: none of its dossiers was late without a report, scored by the default policy.
    CHECK(a["tt01"] == json::parse(R"({"time": {"mean": 1.0, "n": 3, "source": "citizens"},
                                       "attitude": {"mean": 1.8, "n": 4, "late_no_complaint": {"count": 0, "policy": "zero"}}})"));
    // Officer score = 1.0 + 1.8 = 2.8 of what the kiosk has; indices 2, 3 and 4 missing: partial, no band.
    CHECK(a["officer_score"]["value"] == 2.8);
    CHECK(a["officer_score"]["partial"] == true);
    CHECK(a["officer_score"]["missing"] == json::array({"agency_time", "contacts", "agencies"}));
    CHECK(a["officer_score"]["band"].is_null());
    // Prior: SCT's counted responses, 4 satisfied of 7 = 57.142857 %. Shrunk with weight 20:
    // (3 + 20 × 0.571429) / (4 + 20) = 14.428571 / 24 = 60.12 %.
    CHECK(a["shrunk_rate"] == 60.12);
    CHECK(a["rank"] == 1);
    CHECK(a["suppressed"] == false);
    CHECK(a["flagged_excluded"] == 0);

    const json& b = group(body, "SCT-002");
    CHECK(b["responses"] == 3);
    CHECK(b["satisfied"] == 1);
    CHECK(b["satisfaction_rate"] == 33.33);
    CHECK(b["ci95"] == json::array({6.15, 79.23}));  // Wilson for 1 of 3, same formula
    // (1 + 11.428571) / (3 + 20) = 54.04 %: below SCT-001.
    CHECK(b["shrunk_rate"] == 54.04);
    CHECK(b["rank"] == 2);
    CHECK(b["flagged_excluded"] == 1);  // the Sunday rating
    CHECK(b["tt01"] == json::object());

    // One response: under the minimum of 3, so no rate, no interval, no rank; n still shown.
    const json& c = group(body, "STTTT-001");
    CHECK(c["responses"] == 1);
    CHECK(c["suppressed"] == true);
    CHECK(c["satisfaction_rate"].is_null());
    CHECK(c["ci95"].is_null());
    CHECK(c["rank"].is_null());

    // Ranked groups first, in rank order.
    REQUIRE(body["groups"].size() == 3);
    CHECK(body["groups"][0]["key"] == "SCT-001");
    CHECK(body["groups"][2]["key"] == "STTTT-001");
}

TEST_CASE("indices: two officers shown with the same shrunk rate share a rank") {
    // SCT-001 15 of 30, SCT-002 20 of 41, SCT-003 4 of 30 (found by an exact search with Python
    // fractions): the prior is SCT's 39 of 101 = 38.613861 %. Shrunk with weight 20:
    //   SCT-001 (15 + 7.722772) / 50 = 45.445545 % -> 45.45
    //   SCT-002 (20 + 7.722772) / 61 = 45.447168 % -> 45.45
    //   SCT-003 ( 4 + 7.722772) / 50 = 23.445545 % -> 23.45
    // SCT-002 is ahead by 0.0016 points, less than the figure shows: both are shown 45.45, so
    // both rank 1 and SCT-003 is 3rd.
    test::SqliteBackend backend;
    test::seed_organisation(backend.store);
    backend.store.import_organisation({}, {{"SCT-003", "Phạm Thị Dung", "SCT"}}, history_start);
    std::vector<IngestItem> items;
    auto add = [&](const char* officer, int satisfied, int responses) {
        test::add_minutely(items, "K-SCT-01", "2026-11-16", responses, [&](Submission& s, int i) {  // Monday
            s.officer = officer;
            s.rating = Rating{3, i < satisfied ? 3 : 1};
        });
    };
    add("SCT-001", 15, 30);
    add("SCT-002", 20, 41);
    add("SCT-003", 4, 30);
    for (const IngestOutcome& o : backend.store.ingest(items)) REQUIRE(o.status == IngestOutcome::Status::accepted);

    IndicesService service(backend.store);  // default settings: minimum 30, weight 20
    const json body = body_of(service.indices(admin, {{"group", "officer"}, {"period", "2026-W47"}}, "en"));
    const json& a = group(body, "SCT-001");
    const json& b = group(body, "SCT-002");
    CHECK(a["flagged_excluded"] == 0);
    CHECK(a["shrunk_rate"] == 45.45);
    CHECK(b["shrunk_rate"] == 45.45);
    CHECK(a["rank"] == 1);
    CHECK(b["rank"] == 1);
    CHECK(group(body, "SCT-003")["shrunk_rate"] == 23.45);
    CHECK(group(body, "SCT-003")["rank"] == 3);
}

// Issue 17 item 9: where a group holds ratings on both scales, the rate of each scale beside the
// pooled one (methodology.md section 1), suppressed under the minimum on the scale's own responses.
TEST_CASE("indices: a group rated on both scales shows each scale's rate beside the pooled one") {
    // Default settings: minimum 30 responses. All in SCT, one rating a minute from Monday
    // 16 November 08:00 (inside the opening hours, never a burst):
    //   SCT-001: scale 3, 30 responses: 12 x 3, 12 x 2, 6 x 1 -> 24 satisfied;
    //            scale 5, 32 responses: 10 x 5, 10 x 4, 6 x 3, 4 x 2, 2 x 1 -> 20 satisfied.
    //            Pooled 44 of 62 = 70.97 %; scale 3 24 / 30 = 80.00 %; scale 5 20 / 32 = 62.50 %.
    //   SCT-002: scale 3 only, 30 responses, 21 satisfied: no by_scale.
    //   SCT-003: scale 3, 35 responses, 30 satisfied -> 85.71 %; scale 5, 6 responses, 5
    //            satisfied: under 30, so its rate and interval are null, its counts shown.
    //            Pooled 35 of 41 = 85.37 %, not suppressed (41 >= 30).
    // Wilson bounds (z = 1.959964), worked apart from the server with
    //   python3 -c "from math import sqrt; z=1.959964
    //   w=lambda s,n:(lambda p,d:[round(100*((p+z*z/(2*n))/d+k*z*sqrt(p*(1-p)/n+z*z/(4*n*n))/d),2) for k in (-1,1)])(s/n,1+z*z/n)
    //   print([w(s,n) for s,n in [(44,62),(24,30),(20,32),(35,41),(30,35)]])"
    // -> 44/62 [58.71, 80.78] (unrounded 58.712354, 80.776443); 24/30 [62.69, 90.49]
    //    (62.694303, 90.494893); 20/32 [45.25, 77.07] (45.254407, 77.066113);
    //    35/41 [71.56, 93.12] (71.556542, 93.115752); 30/35 [70.62, 93.74] (70.624446, 93.739769).
    test::SqliteBackend backend;
    test::seed_organisation(backend.store);
    backend.store.import_organisation({}, {{"SCT-003", "Phạm Thị Dung", "SCT"}}, history_start);
    std::vector<IngestItem> items;
    auto add = [&](const char* officer, int scale, int value, int count) {
        test::add_minutely(items, "K-SCT-01", "2026-11-16", count, [&](Submission& s, int) {
            s.officer = officer;
            s.rating = Rating{scale, value};
        });
    };
    add("SCT-001", 3, 3, 12);
    add("SCT-001", 3, 2, 12);
    add("SCT-001", 3, 1, 6);
    add("SCT-001", 5, 5, 10);
    add("SCT-001", 5, 4, 10);
    add("SCT-001", 5, 3, 6);
    add("SCT-001", 5, 2, 4);
    add("SCT-001", 5, 1, 2);
    add("SCT-002", 3, 3, 21);
    add("SCT-002", 3, 1, 9);
    add("SCT-003", 3, 2, 30);
    add("SCT-003", 3, 1, 5);
    add("SCT-003", 5, 4, 5);
    add("SCT-003", 5, 2, 1);
    for (const IngestOutcome& o : backend.store.ingest(items)) REQUIRE(o.status == IngestOutcome::Status::accepted);

    IndicesService service(backend.store);
    const json body = body_of(service.indices(admin, {{"group", "officer"}, {"period", "2026-W47"}}, "en"));

    const json& a = group(body, "SCT-001");
    CHECK(a["flagged_excluded"] == 0);
    CHECK(a["responses"] == 62);
    CHECK(a["satisfied"] == 44);
    CHECK(a["satisfaction_rate"] == 70.97);
    CHECK(a["ci95"] == json::array({58.71, 80.78}));
    CHECK(a["distribution"] == json::parse(R"({"3": {"3": 12, "2": 12, "1": 6}, "5": {"5": 10, "4": 10, "3": 6, "2": 4, "1": 2}})"));
    CHECK(a["by_scale"] == json::parse(R"({
        "3": {"responses": 30, "satisfied": 24, "satisfaction_rate": 80.0, "ci95": [62.69, 90.49], "suppressed": false},
        "5": {"responses": 32, "satisfied": 20, "satisfaction_rate": 62.5, "ci95": [45.25, 77.07], "suppressed": false}})"));

    // One scale: the pooled rate is the scale's own, nothing beside it.
    const json& b = group(body, "SCT-002");
    CHECK(b["satisfaction_rate"] == 70.0);
    CHECK_FALSE(b.contains("by_scale"));

    // Scale 5 under the minimum: its counts, no rate, no interval; the pooled rate still shown.
    const json& c = group(body, "SCT-003");
    CHECK(c["suppressed"] == false);
    CHECK(c["satisfaction_rate"] == 85.37);
    CHECK(c["ci95"] == json::array({71.56, 93.12}));
    CHECK(c["by_scale"] == json::parse(R"({
        "3": {"responses": 35, "satisfied": 30, "satisfaction_rate": 85.71, "ci95": [70.62, 93.74], "suppressed": false},
        "5": {"responses": 6, "satisfied": 5, "satisfaction_rate": null, "ci95": null, "suppressed": true}})"));

    // The same figures in the CSV's two columns of the scales' rates (the last but the two that
    // state when and under which rules the file was made), empty where there is none.
    const Answer csv = service.indices(admin, {{"group", "officer"}, {"period", "2026-W47"}, {"format", "csv"}}, "en");
    REQUIRE(csv.status == 200);
    std::vector<CsvProblem> problems;
    const auto table = read_csv_table(csv.body, {}, "error.missing", problems);
    REQUIRE(table);
    const auto cell = [&](const std::string& key, const char* column) {
        for (const CsvRecord& r : table->rows)
            if (r.fields.at(0) == key) return table->field(r, column);
        FAIL("no row " << key);
        return std::string();
    };
    const char* const scale3 = "Satisfaction rate, 3-level scale only (%)";
    const char* const scale5 = "Satisfaction rate, 5-level scale only (%)";
    CHECK(cell("SCT-001", scale3) == "80.0");
    CHECK(cell("SCT-001", scale5) == "62.5");
    CHECK(cell("SCT-002", scale3).empty());
    CHECK(cell("SCT-002", scale5).empty());
    CHECK(cell("SCT-003", scale3) == "85.71");
    CHECK(cell("SCT-003", scale5).empty());
    CHECK(csv.body.find(",\"Satisfaction rate, 3-level scale only (%)\",\"Satisfaction rate, 5-level scale only (%)\",Made at,Rules applied\r\n") !=
          std::string::npos);
}

TEST_CASE("indices: index 7 scores a late dossier without a harassment report by the named policy, and says so") {
    // Issue 17 item 1. Four ratings of SCT-001 as the kiosk sends them now:
    //   early, no report: time 2, attitude 2;  on time, no report: time 1, attitude 1;
    //   late, no report: time 0, no attitude (twice).
    // By hand: zero (2 + 1 + 0 + 0) / 4 = 0.75 -> 0.8; one (2 + 1 + 1 + 1) / 4 = 1.25 -> 1.3;
    // excluded (2 + 1) / 2 = 1.5. None is a harassment report.
    test::SqliteBackend backend;
    test::seed_organisation(backend.store);
    std::vector<IngestItem> items;
    const std::optional<int> time[] = {2, 1, 0, 0};
    const std::optional<int> attitude[] = {2, 1, std::nullopt, std::nullopt};
    for (int i = 0; i < 4; ++i) {
        Submission s = rated("2026-11-20T08:" + std::to_string(i) + "0:00+07:00", "SCT-001", 3);
        s.tt01.time = time[i];
        s.tt01.attitude = attitude[i];
        s.harassment = false;
        if (i == 2) s.tracking_code = tracking_code::make(1, 1);  // a complaint about the delay
        items.push_back({"K-SCT-01", s, s.created_at.instant});
    }
    for (const IngestOutcome& o : backend.store.ingest(items)) REQUIRE(o.status == IngestOutcome::Status::accepted);

    const std::pair<indices::LateNoComplaint, json> cases[] = {
        {indices::LateNoComplaint::zero, json::parse(R"({"mean": 0.8, "n": 4, "late_no_complaint": {"count": 2, "policy": "zero"}})")},
        {indices::LateNoComplaint::one, json::parse(R"({"mean": 1.3, "n": 4, "late_no_complaint": {"count": 2, "policy": "one"}})")},
        {indices::LateNoComplaint::excluded, json::parse(R"({"mean": 1.5, "n": 2, "late_no_complaint": {"count": 2, "policy": "excluded"}})")},
    };
    for (const auto& [policy, expected] : cases) {
        IndicesSettings settings = small();
        settings.late_no_complaint = policy;
        IndicesService service(backend.store, settings);
        const json body = body_of(service.indices(admin, {{"group", "officer"}, {"period", "2026-11-20"}}, "en"));
        const json& a = group(body, "SCT-001");
        CHECK(a["tt01"]["attitude"] == expected);
        CHECK(a["tt01"]["time"] == json::parse(R"({"mean": 0.8, "n": 4, "source": "citizens"})"));  // (2 + 1 + 0 + 0) / 4, whatever the policy
    }
    // The complaint about the delay is a complaint, not a report of harassment.
    ComplaintQuery q;
    CHECK(backend.store.complaints(q).size() == 1);
    q.harassment_only = true;
    CHECK(backend.store.complaints(q).empty());
}

TEST_CASE("indices: an officer who moved between departments is one group, under the department at the period end, named as the organisation then stood") {
    // Issue 17 item 7. SCT-001 serves 20 ratings at SCT (14 satisfied), moves to STTTT, serves 15
    // more there (12 satisfied). The rollups hold two rows (SCT, SCT-001) and (STTTT, SCT-001);
    // judged apart, each is under the minimum of 30 and suppressed. Followed: one group of 35,
    // 26 satisfied, 74.29 %, shown under STTTT.
    test::SqliteBackend backend;
    test::seed_organisation(backend.store);
    backend.store.add_kiosk({"K-STTTT-01", "STTTT", false, 0}, "hash-stttt");
    std::vector<IngestItem> items;
    auto add = [&](const char* kiosk, const char* department, int count, int satisfied, const char* day) {
        test::add_minutely(items, kiosk, day, count, [&](Submission& s, int i) {
            s.department = department;
            s.officer = "SCT-001";
            s.rating = Rating{3, i < satisfied ? 3 : 1};
        });
    };
    add("K-SCT-01", "SCT", 20, 14, "2026-11-16");  // Monday 16 November, at SCT
    Submission cuong = sample_submission("2026-11-16T09:00:00+07:00");  // and one for STTTT's own officer
    cuong.department = "STTTT";
    cuong.officer = "STTTT-001";
    items.push_back({"K-STTTT-01", cuong, cuong.created_at.instant});
    for (const IngestOutcome& o : backend.store.ingest(items)) REQUIRE(o.status == IngestOutcome::Status::accepted);
    // The move, from Tuesday 17 November, when STTTT also took a new name (as units merged in 2025).
    backend.store.import_organisation({{"STTTT", "Sở Khoa học và Công nghệ"}}, {{"SCT-001", "Nguyễn Văn An", "STTTT"}},
                                      *parse_iso_date("2026-11-17"));
    items.clear();
    add("K-STTTT-01", "STTTT", 15, 12, "2026-11-18");  // Wednesday 18 November, at STTTT
    for (const IngestOutcome& o : backend.store.ingest(items)) REQUIRE(o.status == IngestOutcome::Status::accepted);

    IndicesService service(backend.store);  // default minimum 30
    const json body = body_of(service.indices(admin, {{"group", "officer"}, {"period", "2026-W47"}}, "en"));
    std::size_t groups_of_an = 0;
    for (const auto& g : body["groups"]) groups_of_an += g["key"] == "SCT-001";
    CHECK(groups_of_an == 1);
    const json& an = group(body, "SCT-001");
    CHECK(an["department"] == "STTTT");
    CHECK(an["name"] == "Nguyễn Văn An");
    CHECK(an["responses"] == 35);
    CHECK(an["satisfied"] == 26);
    CHECK(an["suppressed"] == false);
    CHECK(an["satisfaction_rate"] == 74.29);  // 26 / 35 = 74.2857 %

    // A manager of SCT sees the 20 ratings made at SCT, with the officer named (it was blank).
    const json sct = body_of(service.indices(admin, {{"group", "officer"}, {"period", "2026-W47"}, {"department", "SCT"}}, "en"));
    const json& at_sct = group(sct, "SCT-001");
    CHECK(at_sct["responses"] == 20);
    CHECK(at_sct["name"] == "Nguyễn Văn An");

    // The organisation keeps its history: a report of Monday 16 November shows An where he was
    // then, at SCT, and STTTT under the name it had then.
    const json monday = body_of(service.indices(admin, {{"group", "officer"}, {"from", "2026-11-16"}, {"to", "2026-11-16"}}, "en"));
    CHECK(group(monday, "SCT-001")["department"] == "SCT");
    CHECK(group(monday, "SCT-001")["responses"] == 20);
    const auto department_name = [&](const char* from, const char* to) {
        const json b = body_of(service.indices(admin, {{"group", "department"}, {"from", from}, {"to", to}}, "en"));
        return group(b, "STTTT")["name"].get<std::string>();
    };
    CHECK(department_name("2026-11-16", "2026-11-16") == "Sở Thông tin và Truyền thông");
    CHECK(department_name("2026-11-16", "2026-11-18") == "Sở Khoa học và Công nghệ");  // as at the period's end
}

TEST_CASE("indices: departments, flagged responses included on request") {
    test::SqliteBackend backend;
    store_example(backend.store);
    IndicesService service(backend.store, small());
    json body = body_of(service.indices(analyst, {{"group", "department"}, {"from", "2026-11-01"}, {"to", "2026-11-30"}}, "en"));
    const json& sct = group(body, "SCT");
    CHECK(sct["name"] == "Sở Công Thương");
    CHECK(sct["responses"] == 7);
    CHECK(sct["satisfied"] == 4);
    CHECK(sct["satisfaction_rate"] == 57.14);  // 4 / 7 = 57.142857
    CHECK(sct["ci95"] == json::array({25.05, 84.18}));
    // Prior for departments: everything in the request, 5 of 8 = 62.5 %; (4 + 12.5) / 27 = 61.11 %.
    CHECK(sct["shrunk_rate"] == 61.11);
    CHECK(sct["agency_score"]["value"] == 2.8);
    CHECK(sct["agency_score"]["missing"].size() == 7);
    CHECK(sct["flagged_excluded"] == 1);
    CHECK(sct["complaints"] == 0);

    body = body_of(service.indices(analyst, {{"group", "department"}, {"period", "2026-11"}, {"include_flagged", "true"}}, "en"));
    CHECK(group(body, "SCT")["responses"] == 8);
    CHECK(group(body, "SCT")["satisfied"] == 5);
    CHECK(group(body, "SCT")["flagged_excluded"] == 0);
    CHECK(body["include_flagged"] == true);
}

// Issue 19: ranks are among all groups of the kind; a manager's view is a part of the province's
// ranking, not a ranking of its own.
TEST_CASE("indices: a manager sees their department's rank among all departments, not among their own") {
    // Default settings (minimum 30, prior weight 20). Week 47, one rating a minute:
    //   SCT   40 ratings, 20 satisfied (50 %);  STTTT 40 ratings, 36 satisfied (90 %).
    // Prior for departments: every department of the period, 56 / 80 = 70 %.
    //   SCT   (20 + 0.70 * 20) / (40 + 20) = 34 / 60 = 56.67 %  -> rank 2
    //   STTTT (36 + 14) / 60 = 50 / 60 = 83.33 %                 -> rank 1
    // Ranked among their own departments alone, SCT's manager would read rank 1 (and 50.00 %).
    test::SqliteBackend backend;
    test::seed_organisation(backend.store);
    backend.store.add_kiosk({"K-STTTT-01", "STTTT", false, 0}, "hash-stttt");
    std::vector<IngestItem> items;
    test::add_minutely(items, "K-SCT-01", "2026-11-16", 40, [](Submission& s, int i) { s.rating = Rating{3, i < 20 ? 3 : 1}; });
    test::add_minutely(items, "K-STTTT-01", "2026-11-16", 40, [](Submission& s, int i) {
        s.department = "STTTT";
        s.officer = "STTTT-001";
        s.rating = Rating{3, i < 36 ? 3 : 1};
    });
    for (const IngestOutcome& o : backend.store.ingest(items)) REQUIRE(o.status == IngestOutcome::Status::accepted);
    IndicesService service(backend.store);
    const QueryParams week{{"group", "department"}, {"period", "2026-W47"}};

    const json all = body_of(service.indices(admin, week, "en"));
    CHECK(group(all, "SCT")["rank"] == 2);
    CHECK(group(all, "SCT")["shrunk_rate"] == 56.67);
    CHECK(group(all, "STTTT")["rank"] == 1);
    CHECK(group(all, "STTTT")["shrunk_rate"] == 83.33);

    const json mine = body_of(service.indices(sct_manager, week, "en"));
    REQUIRE(mine["groups"].size() == 1);
    CHECK(group(mine, "SCT")["rank"] == 2);
    CHECK(group(mine, "SCT")["shrunk_rate"] == 56.67);
    // The same with a department filter.
    QueryParams filtered = week;
    filtered.emplace_back("department", "SCT");
    const json one = body_of(service.indices(admin, filtered, "en"));
    REQUIRE(one["groups"].size() == 1);
    CHECK(group(one, "SCT")["rank"] == 2);
}

TEST_CASE("indices: a manager sees only their own departments") {
    test::SqliteBackend backend;
    store_example(backend.store);
    IndicesService service(backend.store, small());
    const json body = body_of(service.indices(sct_manager, {{"group", "officer"}, {"period", "2026"}}, "en"));
    REQUIRE(body["groups"].size() == 2);
    for (const auto& g : body["groups"]) CHECK(g["department"] == "SCT");

    const Answer other = service.indices(sct_manager, {{"group", "officer"}, {"period", "2026"}, {"department", "STTTT"}}, "vi");
    CHECK(other.status == 403);
    const json err = json::parse(other.body)["error"];
    CHECK(err["code"] == "forbidden");
    CHECK(err["field"] == "department");
    CHECK(err["message"] == "tài khoản của bạn không được xem đơn vị STTTT");

    const User nobody{"m", Role::manager, {}, false};
    CHECK(service.indices(nobody, {{"group", "officer"}, {"period", "2026"}}, "en").status == 403);
    CHECK(service.trend(sct_manager, {{"period", "2026"}, {"department", "STTTT"}}, "en").status == 403);
}

TEST_CASE("indices: every bad parameter is a 400 naming it") {
    test::SqliteBackend backend;
    store_example(backend.store);
    IndicesService service(backend.store);
    auto field_of = [&](const QueryParams& p) {
        const Answer a = service.indices(admin, p, "en");
        INFO(a.body);
        CHECK(a.status == 400);
        return json::parse(a.body)["error"]["field"].get<std::string>();
    };
    CHECK(field_of({{"from", "2026-01-01"}, {"to", "2026-12-31"}}) == "group");
    CHECK(field_of({{"group", "team"}, {"period", "2026"}}) == "group");
    CHECK(field_of({{"group", "officer"}, {"to", "2026-12-31"}}) == "from");
    CHECK(field_of({{"group", "officer"}, {"from", "2026-02-30"}, {"to", "2026-12-31"}}) == "from");
    CHECK(field_of({{"group", "officer"}, {"from", "2026-12-01"}, {"to", "2026-11-30"}}) == "to");
    CHECK(field_of({{"group", "officer"}, {"period", "2026"}, {"from", "2026-01-01"}}) == "period");
    CHECK(field_of({{"group", "officer"}, {"period", "2026-13"}}) == "period");
    CHECK(field_of({{"group", "officer"}, {"from", "2000-01-01"}, {"to", "2026-12-31"}}) == "to");
    CHECK(field_of({{"group", "officer"}, {"period", "2026"}, {"department", "NOPE"}}) == "department");
    CHECK(field_of({{"group", "officer"}, {"period", "2026"}, {"include_flagged", "yes"}}) == "include_flagged");
    CHECK(field_of({{"group", "officer"}, {"period", "2026"}, {"format", "xml"}}) == "format");
    CHECK(field_of({{"group", "officer"}, {"period", "2026"}, {"deparment", "SCT"}}) == "deparment");
    CHECK(field_of({{"group", "officer"}, {"period", "2026"}, {"group", "kiosk"}}) == "group");
    const Answer a = service.indices(admin, {{"group", "officer"}, {"from", "2026-12-01"}, {"to", "2026-11-30"}}, "vi");
    CHECK(json::parse(a.body)["error"]["message"] == "không được sớm hơn from (2026-12-01)");
}

TEST_CASE("indices: periods name days, ISO weeks, months, quarters and years") {
    auto range = [](const char* text) {
        const auto r = parse_period(text);
        REQUIRE(r);
        return format_iso_date(r->first) + ".." + format_iso_date(r->second);
    };
    CHECK(range("2026") == "2026-01-01..2026-12-31");
    CHECK(range("2026-Q1") == "2026-01-01..2026-03-31");
    CHECK(range("2026-Q4") == "2026-10-01..2026-12-31");
    CHECK(range("2028-02") == "2028-02-01..2028-02-29");
    CHECK(range("2026-11-20") == "2026-11-20..2026-11-20");
    // 1 January 2026 is a Thursday, so ISO week 1 of 2026 starts on Monday 29 December 2025,
    // and 2026 has 53 weeks (a year starting on Thursday always does).
    CHECK(range("2026-W01") == "2025-12-29..2026-01-04");
    CHECK(range("2026-W47") == "2026-11-16..2026-11-22");
    CHECK(range("2026-W53") == "2026-12-28..2027-01-03");
    // 1 January 2027 is a Friday: 2027 has 52 weeks.
    CHECK_FALSE(parse_period("2027-W53"));
    CHECK_FALSE(parse_period("2026-Q5"));
    CHECK_FALSE(parse_period("2026-00"));
    CHECK_FALSE(parse_period("26"));
    CHECK_FALSE(parse_period("2026-11-31"));
    CHECK(iso_week_label(*parse_iso_date("2027-01-01")) == "2026-W53");
    CHECK(iso_week_label(*parse_iso_date("2025-12-29")) == "2026-W01");
}

TEST_CASE("indices: the same table as CSV with a byte order mark and Vietnamese headers") {
    test::SqliteBackend backend;
    store_example(backend.store);
    IndicesService service(backend.store, small(), test::report_clock);
    const Answer a = service.indices(admin, {{"group", "officer"}, {"period", "2026-W47"}, {"format", "csv"}}, "vi");
    REQUIRE(a.status == 200);
    CHECK(header_of(a, "Content-Type") == "text/csv; charset=utf-8");
    CHECK(header_of(a, "Content-Disposition") == "attachment; filename=\"hailong-indices-officer-2026-11-16_2026-11-22.csv\"");
    REQUIRE(a.body.rfind("\xEF\xBB\xBF", 0) == 0);
    const auto first_line_end = a.body.find("\r\n");
    const std::string header = a.body.substr(3, first_line_end - 3);
    CHECK(header.rfind("Mã,Tên,Đơn vị,Số phiếu,Hài lòng,Tỷ lệ hài lòng (%)", 0) == 0);
    const auto second_line_end = a.body.find("\r\n", first_line_end + 2);
    CHECK(header.ends_with(",Thời điểm lập,Quy tắc đã áp dụng"));
    // Score 2.8, out of 4 (time and attitude have data), no band: partial; one scale only; made
    // at the clock's time, under the rules (in Vietnamese, quoted: they hold commas).
    CHECK(a.body.substr(first_line_end + 2, second_line_end - first_line_end - 2)
              .starts_with("SCT-001,Nguyễn Văn An,SCT,4,3,75.0,30.06,95.44,60.12,1,0,0,1.0,,,1.8,2.8,4,,,,2026-12-01T08:30:00+07:00,"
                           "\"Phiếu nghi vấn, đã loại khỏi số liệu: từ 5 phiếu trở lên của một ki-ốt trong vòng 10 giây;"));
}

TEST_CASE("indices: every answer states when it was made and under which rules, with the opening hours in force over its dates") {
    // Methodology §6, issue 17 item 6. The example's ratings are stored under the standard hours;
    // then every department without its own gets 07:00-18:00 on weekdays from 10 November, and
    // SCT its own 07:00-17:00 from 15 November; SCT's flags of 15 to 20 November are re-evaluated
    // at 10:00 on 25 November, STTTT's of October at 11:00.
    test::SqliteBackend backend;
    store_example(backend.store);
    const auto version = [](const char* department, const char* from, const char* hours, const char* set_at) {
        return OpeningHoursVersion{department, *parse_iso_date(from), *OpeningHours::parse(hours), parse_rfc3339(set_at)->instant, "lan"};
    };
    backend.store.add_opening_hours(version("", "2026-11-10", "mon-fri 07:00-18:00", "2026-11-09T16:00:00+07:00"));
    backend.store.add_opening_hours(version("SCT", "2026-11-15", "mon-fri 07:00-17:00", "2026-11-14T09:00:00+07:00"));
    backend.store.reflag({*parse_iso_date("2026-11-15"), *parse_iso_date("2026-11-20"), std::string("SCT"),
                          parse_rfc3339("2026-11-25T10:00:00+07:00")->instant, "lan"});
    backend.store.reflag({*parse_iso_date("2026-10-01"), *parse_iso_date("2026-10-31"), std::string("STTTT"),
                          parse_rfc3339("2026-11-25T11:00:00+07:00")->instant, "lan"});
    IndicesService service(backend.store, small(), test::report_clock);

    // November, every department: SCT and STTTT have the standard hours to the 9th; from the
    // 10th the site's version, SCT until the 14th and STTTT to the end; SCT its own from the 15th.
    const json body = body_of(service.indices(admin, {{"group", "department"}, {"period", "2026-11"}}, "en"));
    CHECK(body["made_at"] == "2026-12-01T08:30:00+07:00");
    const std::string standard = OpeningHours::standard().to_string();
    const json site = {{"department", nullptr}, {"valid_from", "2026-11-10"}, {"set_at", "2026-11-09T16:00:00+07:00"}};
    const json sct = {{"department", "SCT"}, {"valid_from", "2026-11-15"}, {"set_at", "2026-11-14T09:00:00+07:00"}};
    const std::string site_hours = "mon 07:00-18:00; tue 07:00-18:00; wed 07:00-18:00; thu 07:00-18:00; fri 07:00-18:00";
    const std::string sct_hours = "mon 07:00-17:00; tue 07:00-17:00; wed 07:00-17:00; thu 07:00-17:00; fri 07:00-17:00";
    CHECK(body["rules"] == json::parse(R"({
        "flags": {"excluded": true,
                  "burst": {"submissions": 5, "within_seconds": 10},
                  "repeated_dossier": {"same_stage": true, "same_local_day_when_stage_unknown": true},
                  "outside_hours": {"timezone": "Asia/Ho_Chi_Minh", "public_holidays": false, "in_force": [
                      {"departments": ["SCT", "STTTT"], "from": "2026-11-01", "to": "2026-11-09", "hours": ")" + standard + R"(", "version": null},
                      {"departments": ["SCT"], "from": "2026-11-10", "to": "2026-11-14", "hours": ")" + site_hours + R"(", "version": )" + site.dump() + R"(},
                      {"departments": ["STTTT"], "from": "2026-11-10", "to": "2026-11-30", "hours": ")" + site_hours + R"(", "version": )" + site.dump() + R"(},
                      {"departments": ["SCT"], "from": "2026-11-15", "to": "2026-11-30", "hours": ")" + sct_hours + R"(", "version": )" + sct.dump() + R"(}]},
                  "reevaluated": [{"at": "2026-11-25T10:00:00+07:00", "from": "2026-11-15", "to": "2026-11-20", "department": "SCT"}]},
        "min_responses": 3, "prior_weight": 20.0, "late_no_complaint": "zero",
        "dossier_766": {"target_percent": 90.0, "max_points": 6.0}})"));
    // The figures' own fields are still there, unchanged.
    CHECK(body["min_responses"] == 3);
    CHECK(body["include_flagged"] == false);

    // One department, flagged responses included, a week: only SCT's hours of that week (its own
    // from Monday the 16th), and the re-evaluation of its ratings.
    const json week = body_of(service.indices(admin, {{"group", "officer"}, {"period", "2026-W47"}, {"department", "SCT"},
                                                      {"include_flagged", "true"}}, "en"));
    CHECK(week["rules"]["flags"]["excluded"] == false);
    CHECK(week["rules"]["flags"]["outside_hours"]["in_force"] == json::parse(R"([{"departments": ["SCT"], "from": "2026-11-16", "to": "2026-11-22",
        "hours": ")" + sct_hours + R"(", "version": )" + sct.dump() + "}]"));
    CHECK(week["rules"]["flags"]["reevaluated"].size() == 1);
    // STTTT's manager, over October: the standard hours, and STTTT's re-evaluation, not SCT's.
    const User stttt_manager{"stttt", Role::manager, {"STTTT"}, false};
    const json october = body_of(service.indices(stttt_manager, {{"group", "department"}, {"period", "2026-10"}}, "en"));
    CHECK(october["rules"]["flags"]["outside_hours"]["in_force"] == json::parse(R"([{"departments": ["STTTT"], "from": "2026-10-01",
        "to": "2026-10-31", "hours": ")" + standard + R"(", "version": null}])"));
    CHECK(october["rules"]["flags"]["reevaluated"] ==
          json::parse(R"([{"at": "2026-11-25T11:00:00+07:00", "from": "2026-10-01", "to": "2026-10-31", "department": "STTTT"}])"));
    // The trend states the same.
    const json trend = body_of(service.trend(admin, {{"interval", "week"}, {"period", "2026-11"}}, "en"));
    CHECK(trend["made_at"] == "2026-12-01T08:30:00+07:00");
    CHECK(trend["rules"] == body["rules"]);
    // So does its CSV, in the last two columns of every row.
    const Answer csv = service.trend(admin, {{"interval", "week"}, {"period", "2026-11"}, {"format", "csv"}}, "en");
    REQUIRE(csv.status == 200);
    std::vector<CsvProblem> problems;
    const auto table = read_csv_table(csv.body, {}, "error.missing", problems);
    REQUIRE(table);
    REQUIRE(table->rows.size() == 6);  // weeks 44 (Sunday 1 November) to 49 (Monday 30 November)
    for (const CsvRecord& r : table->rows) {
        CHECK(table->field(r, "Made at") == "2026-12-01T08:30:00+07:00");
        const std::string rules = table->field(r, "Rules applied");
        CHECK(rules.find("Opening hours of SCT from 2026-11-15 to 2026-11-30: " + sct_hours + " (set for SCT, in force from 2026-11-15, recorded 2026-11-14T09:00:00+07:00).") !=
              std::string::npos);
        CHECK(rules.find("Opening hours of SCT, STTTT from 2026-11-01 to 2026-11-09: " + standard + " (the standard hours, none set).") !=
              std::string::npos);
        CHECK(rules.find("The flags of the ratings of SCT made from 2026-11-15 to 2026-11-20 were re-evaluated at "
                         "2026-11-25T10:00:00+07:00 (hailong-admin reflag).") != std::string::npos);
    }
}

TEST_CASE("indices: a weekly trend has every week of the range, empty ones too") {
    test::SqliteBackend backend;
    store_example(backend.store);
    IndicesService service(backend.store, small());
    json body = body_of(service.trend(admin, {{"interval", "week"}, {"from", "2026-11-18"}, {"to", "2026-11-29"}}, "en"));
    REQUIRE(body["series"].size() == 2);
    const json& w47 = body["series"][0];
    CHECK(w47["period"] == "2026-W47");
    CHECK(w47["from"] == "2026-11-18");  // clipped to the range
    CHECK(w47["to"] == "2026-11-22");
    // SCT 4 + 3 counted, STTTT 1: 8 responses, 3 + 1 + 1 = 5 satisfied; the Sunday one excluded.
    CHECK(w47["responses"] == 8);
    CHECK(w47["satisfied"] == 5);
    CHECK(w47["satisfaction_rate"] == 62.5);
    CHECK(w47["flagged_excluded"] == 1);
    const json& w48 = body["series"][1];
    CHECK(w48["period"] == "2026-W48");
    CHECK(w48["responses"] == 0);
    CHECK(w48["satisfaction_rate"].is_null());
    CHECK(w48["suppressed"] == true);

    // One officer, per day.
    body = body_of(service.trend(admin, {{"interval", "day"}, {"period", "2026-W47"}, {"group", "officer"}, {"key", "SCT-002"}}, "en"));
    REQUIRE(body["series"].size() == 7);
    CHECK(body["series"][5]["period"] == "2026-11-21");
    CHECK(body["series"][5]["responses"] == 3);
    CHECK(body["series"][6]["flagged_excluded"] == 1);
    CHECK(service.trend(admin, {{"interval", "year"}, {"period", "2026"}}, "en").status == 400);
    CHECK(service.trend(admin, {{"period", "2026"}, {"key", "SCT-002"}}, "en").status == 400);
}

TEST_CASE("indices: SQLite and PostgreSQL give identical answers for the same data") {
    test::SqliteBackend sqlite;
    test::PostgresBackend postgres;
    // The same organisation and the same 300 random submissions, ids included, in both.
    for (Store* store : {static_cast<Store*>(&sqlite.store), static_cast<Store*>(&postgres.store)}) {
        test::seed_organisation(*store);
        store->add_kiosk({"K-STTTT-01", "STTTT", false, 0}, "hash-stttt");
    }
    std::vector<IngestItem> items;
    std::mt19937 rng(42);
    auto two = [](std::uint_fast32_t n) { return std::string(n < 10 ? "0" : "") + std::to_string(n); };
    for (int i = 0; i < 300; ++i) {
        const bool sct = rng() % 4 != 0;
        Submission s = sample_submission("2026-10-" + two(1 + rng() % 28) + "T" + two(6 + rng() % 13) + ":" + two(rng() % 60) + ":00+07:00");
        s.department = sct ? "SCT" : "STTTT";
        s.officer = sct ? (rng() % 2 ? "SCT-001" : "SCT-002") : "STTTT-001";
        if (rng() % 3 == 0) s.service = rng() % 2 ? "1.001234" : "2.000567";
        const int scale = rng() % 5 ? 3 : 5;
        s.rating = Rating{scale, 1 + static_cast<int>(rng() % static_cast<unsigned>(scale))};
        if (rng() % 2) s.tt01.time = static_cast<int>(rng() % 3);
        if (rng() % 2) s.tt01.attitude = static_cast<int>(rng() % 3);
        if (rng() % 9 == 0) s.dossier = "HS-" + std::to_string(rng() % 20);
        items.push_back({sct ? "K-SCT-01" : "K-STTTT-01", s, s.created_at.instant});
    }
    for (std::size_t i = 0; i < items.size(); i += 50) {
        const std::vector<IngestItem> part(items.begin() + static_cast<std::ptrdiff_t>(i),
                                           items.begin() + static_cast<std::ptrdiff_t>(std::min(items.size(), i + 50)));
        sqlite.store.ingest(part);
        postgres.store.ingest(part);
    }
    IndicesService a(sqlite.store, small(), test::report_clock), b(postgres.store, small(), test::report_clock);
    for (const char* g : {"department", "officer", "service", "kiosk"}) {
        for (const char* period : {"2026", "2026-10", "2026-W42", "2026-10-15"}) {
            INFO(g << " " << period);
            const QueryParams p{{"group", g}, {"period", period}};
            CHECK(a.indices(admin, p, "en").body == b.indices(admin, p, "en").body);
        }
    }
    const QueryParams t{{"interval", "week"}, {"period", "2026-Q4"}};
    CHECK(a.trend(admin, t, "en").body == b.trend(admin, t, "en").body);
}

TEST_CASE("indices: imported dossier records complete the TT 01 indices and give the 766-style figure") {
    test::SqliteBackend backend;
    store_example(backend.store);
    // D01 late, indices 2, 5, 6, 8, 9 all 2 points; D02 on time, 1 2 2 1 0; D03..D20 early, no
    // indices. All of SCT-001, completed in week 47.
    std::vector<DossierRecord> records;
    for (int i = 1; i <= 20; ++i) {
        DossierRecord r{"D" + std::to_string(i), "SCT", "SCT-001", std::nullopt, *parse_iso_date("2026-11-19"), DossierOutcome::early, {}};
        if (i == 1) {
            r.outcome = DossierOutcome::late;
            r.unit = {2, 2, 2, 2, 2};
        }
        if (i == 2) {
            r.outcome = DossierOutcome::on_time;
            r.unit = {1, 2, 2, 1, 0};
        }
        records.push_back(r);
    }
    backend.store.import_dossiers(records);
    IndicesService service(backend.store, small());

    json body = body_of(service.indices(admin, {{"group", "department"}, {"period", "2026-W47"}}, "en"));
    const json& sct = group(body, "SCT");
    // Index means over the two dossiers that answered: agency_time (2 + 1) / 2 = 1.5,
    // disclosure 2.0, fees 2.0, feedback 1.5, online 1.0; from the ratings time 1.0, attitude 1.8.
    CHECK(sct["tt01"]["agency_time"] == json::parse(R"({"mean": 1.5, "n": 2})"));
    CHECK(sct["tt01"]["online"] == json::parse(R"({"mean": 1.0, "n": 2})"));
    // Index 1 from the records (issue 17 item 8): 18 early × 2 + 1 on time = 37 / 20 = 1.85 -> 1.9.
    // The citizens' own answers stay beside it: SCT-001's (2 + 1 + 0) / 3 = 1.0, and the linked
    // records compared: D1 (late, rated "earlier"), D2 (on time, rated "on time") and D4 (early,
    // rated "late") answered index 1; D2 alone agrees. D3's rating skipped the question.
    CHECK(sct["tt01"]["time"] == json::parse(R"({"mean": 1.9, "n": 20, "source": "records",
                                                 "citizens": {"mean": 1.0, "n": 3}, "agreement": {"compared": 3, "agreeing": 1}})"));
    // Agency score: 1.9 + 1.5 + 1.8 + 2.0 + 2.0 + 1.5 + 1.0 = 11.7 with indices 3 and 4 missing.
    CHECK(sct["agency_score"]["value"] == 11.7);
    CHECK(sct["agency_score"]["missing"] == json::array({"contacts", "agencies"}));
    CHECK(sct["agency_score"]["band"].is_null());
    CHECK(sct["dossiers"] == json::parse(R"({"count": 20, "early": 18, "on_time": 1, "late": 1})"));
    // 766-style, one population (the 20 records; store_example's ratings name D1..D6):
    // overdue D1, 1 / 20 = 5 %; complained of: D4, D5 and D6, each rated "Không hài lòng",
    // 3 / 20 = 15 %; rate 100 - 20 = 80.00; points min(1, 80 / 90) × 6 = 5.333 -> 5.33.
    // Beside it: 6 records linked; of SCT's 7 counted ratings (the Sunday one is flagged as
    // outside the opening hours), 1 names no dossier.
    CHECK(sct["dossier_766"] == json::parse(R"({"rate": 80.0, "points": 5.33, "status": "ok", "dossiers": 20, "overdue": 1,
                                                "linked": 6, "complained": 3, "floored": false, "ratings_without_dossier": 1,
                                                "suppressed": false})"));
    // SCT-001's own records, D1..D20, are the officer's population too; SCT-002 has none.
    const json by_officer = body_of(service.indices(admin, {{"group", "officer"}, {"period", "2026-W47"}}, "en"));
    CHECK(group(by_officer, "SCT-001")["dossier_766"]["rate"] == 80.0);
    CHECK(group(by_officer, "SCT-002")["dossier_766"].is_null());

    body = body_of(service.indices(admin, {{"group", "officer"}, {"period", "2026-W47"}}, "en"));
    // SCT-001: time 1.9 (its records) + agency_time 1.5 + attitude 1.8 = 5.2; contacts and agencies missing.
    CHECK(group(body, "SCT-001")["officer_score"]["value"] == 5.2);
    CHECK(group(body, "SCT-001")["officer_score"]["missing"] == json::array({"contacts", "agencies"}));

    // Ratings that answer indices 3 and 4 complete the agency score: contacts 2, agencies 1 on
    // one new submission -> 11.7 + 2.0 + 1.0 = 14.7, band Tốt (12 to under 15).
    Submission s = rated("2026-11-20T10:00:00+07:00", "SCT-002", 3);
    s.tt01.contacts = 2;
    s.tt01.agencies = 1;
    backend.store.ingest({{"K-SCT-01", s, s.created_at.instant}});
    body = body_of(service.indices(admin, {{"group", "department"}, {"period", "2026-W47"}}, "en"));
    // It rests on the fewest dossiers of its indices: 1 (contacts and agencies, from that one
    // rating), out of the full 18 points.
    CHECK(group(body, "SCT")["agency_score"] ==
          json::parse(R"({"value": 14.7, "out_of": 18, "n": 1, "partial": false, "missing": [], "band": "good", "suppressed": false})"));
}

TEST_CASE("indices: a suppressed group shows no index mean, score, band or 766-style figure, only what they rest on") {
    // Issue 17 item 3, methodology.md section 5. The same week with the minimum raised to 5:
    // SCT (9 responses) stays shown, SCT-001 (4) and SCT-002 (4) are suppressed.
    test::SqliteBackend backend;
    store_example(backend.store);
    std::vector<DossierRecord> records;
    for (int i = 1; i <= 4; ++i)
        records.push_back({"D" + std::to_string(i), "SCT", "SCT-001", std::nullopt, *parse_iso_date("2026-11-19"),
                           i == 1 ? DossierOutcome::late : DossierOutcome::early, {2, 2, 2, 2, 2}});
    backend.store.import_dossiers(records);
    IndicesSettings settings = small();
    settings.min_responses = 5;
    IndicesService service(backend.store, settings);

    const json officers = body_of(service.indices(admin, {{"group", "officer"}, {"period", "2026-W47"}}, "en"));
    const json& a = group(officers, "SCT-001");
    CHECK(a["suppressed"] == true);
    CHECK(a["satisfaction_rate"].is_null());
    // The means are withheld, their n kept (time from the 4 records, attitude 4 ratings,
    // agency_time 4 records); index 1's cross-check keeps its counts: D1 (late, rated 2), D2 and
    // D4 (early, rated 1 and 0) were compared and none agrees.
    CHECK(a["tt01"]["time"] == json::parse(R"({"mean": null, "n": 4, "source": "records", "citizens": {"mean": null, "n": 3},
                                              "agreement": {"compared": 3, "agreeing": 0}})"));
    CHECK(a["tt01"]["agency_time"] == json::parse(R"({"mean": null, "n": 4})"));
    CHECK(a["tt01"]["attitude"]["mean"].is_null());
    CHECK(a["tt01"]["attitude"]["n"] == 4);
    // The score: no value, no band; what it would rest on (4 dossiers, of 6 points: time,
    // agency_time and attitude have data) stays.
    CHECK(a["officer_score"] == json::parse(R"({"value": null, "out_of": 6, "n": 4, "partial": true,
                                               "missing": ["contacts", "agencies"], "band": null, "suppressed": true})"));
    CHECK(a["dossier_766"]["rate"].is_null());
    CHECK(a["dossier_766"]["points"].is_null());
    CHECK(a["dossier_766"]["status"] == "suppressed");
    CHECK(a["dossier_766"]["dossiers"] == 4);  // what it rests on stays
    CHECK(a["rank"].is_null());

    const json departments = body_of(service.indices(admin, {{"group", "department"}, {"period", "2026-W47"}}, "en"));
    const json& sct = group(departments, "SCT");
    CHECK(sct["suppressed"] == false);
    CHECK(sct["agency_score"]["value"].is_number());
    CHECK(sct["agency_score"]["suppressed"] == false);
    // STTTT has 1 response: its agency score is withheld too.
    const json& stttt = group(departments, "STTTT");
    CHECK(stttt["suppressed"] == true);
    CHECK(stttt["agency_score"]["value"].is_null());
    CHECK(stttt["agency_score"]["band"].is_null());
}

TEST_CASE("indices: by hour of the week, and filtered by kiosk or service, from the same ratings") {
    test::SqliteBackend backend;
    store_example(backend.store);
    IndicesService service(backend.store, small());
    // The hours of the example (all +07:00): Friday 20th 08:xx four SCT ratings (3 satisfied),
    // 09:00 one STTTT; Saturday 21st 08:xx three SCT (1 satisfied); Sunday 09:00 the flagged one.
    const json hours = body_of(service.indices(admin, {{"group", "hour"}, {"period", "2026-W47"}}, "en"));
    const auto find = [&](const std::string& department, const std::string& key) -> const json& {
        for (const auto& g : hours["groups"])
            if (g["department"] == department && g["key"] == key) return g;
        FAIL("no group " << department << " " << key);
        throw std::logic_error("unreachable");
    };
    CHECK(find("SCT", "5-08")["responses"] == 4);
    CHECK(find("SCT", "5-08")["satisfied"] == 3);
    CHECK(find("SCT", "6-08")["responses"] == 3);
    CHECK(find("SCT", "6-08")["satisfied"] == 1);
    CHECK(find("STTTT", "5-09")["responses"] == 1);
    CHECK(find("SCT", "7-09")["responses"] == 0);
    CHECK(find("SCT", "7-09")["flagged_excluded"] == 1);
    CHECK(find("SCT", "5-08").count("dossiers") == 0);  // imported records have no hour

    // Kiosk K-SCT-01 took every SCT rating and no other: its officer ranking is SCT's own.
    const json all = body_of(service.indices(admin, {{"group", "officer"}, {"period", "2026-W47"}}, "en"));
    const json one = body_of(service.indices(admin, {{"group", "officer"}, {"period", "2026-W47"}, {"kiosk", "K-SCT-01"}}, "en"));
    REQUIRE(one["groups"].size() == 2);
    for (const char* officer : {"SCT-001", "SCT-002"}) {
        CHECK(group(one, officer)["responses"] == group(all, officer)["responses"]);
        CHECK(group(one, officer)["satisfied"] == group(all, officer)["satisfied"]);
        CHECK(group(one, officer)["flagged_excluded"] == group(all, officer)["flagged_excluded"]);
        CHECK(group(one, officer)["satisfaction_rate"] == group(all, officer)["satisfaction_rate"]);
    }
    CHECK(one["kiosk"] == "K-SCT-01");
    // No rating of the example names a service: a service filter finds nothing.
    CHECK(body_of(service.indices(admin, {{"group", "department"}, {"period", "2026-W47"}, {"service", "1.001234"}}, "en"))["groups"].empty());
    // A manager's filtered ranking stays inside their departments.
    const json mine = body_of(service.indices(sct_manager, {{"group", "department"}, {"period", "2026-W47"}, {"kiosk", "K-STTTT-01"}}, "en"));
    CHECK(mine["groups"].empty());
}
