// Tests of the dashboard's own endpoints (dashboard_service.hpp): the fleet, the drill-down's
// submissions, the alerts and the organisation, each with its access rules (the webhook that
// sends the alerts is the http wing's: alert_webhook_test.cpp). On SQLite; Store::submissions itself runs on both stores in
// store_contract_test.cpp.
#include "hailong/server/api/dashboard_service.hpp"
#include "hailong/server/store/setting_keys.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "dashboard_fixture.hpp"

using namespace hailong;
using namespace hailong::server;
using namespace hailong::test::dashboard;
using nlohmann::json;
using std::chrono::minutes;
using std::chrono::seconds;

TEST_CASE("dashboard: the fleet shows each kiosk online or not, its queue, version, error and clock drift", "[dashboard]") {
    Fixture f;
    const json fleet = f.ok(f.service.fleet(admin, {}, "en"));
    REQUIRE(fleet["kiosks"].size() == 4);
    CHECK(fleet["online"] == 1);  // only K-SCT-01 reported in the last five minutes
    std::map<std::string, json> by_id;
    for (const json& k : fleet["kiosks"]) by_id[k["kiosk_id"]] = k;
    CHECK(by_id["K-SCT-01"]["online"] == true);
    CHECK(by_id["K-SCT-01"]["silent_seconds"] == 30);
    CHECK(by_id["K-SCT-01"]["clock_drift_seconds"] == 2.5);
    CHECK(by_id["K-SCT-01"]["queue_depth"] == 3);
    CHECK(by_id["K-SCT-01"]["last_error"].is_null());
    CHECK(by_id["K-SCT-02"]["online"] == false);
    CHECK(by_id["K-SCT-02"]["silent_seconds"] == 7200);
    CHECK(by_id["K-SCT-02"]["last_error"] == "network: could not connect");
    CHECK(by_id["K-SCT-02"]["clock_drift_seconds"].is_null());
    CHECK(by_id["K-TT-01"]["last_heartbeat"].is_null());
    CHECK(by_id["K-OLD"]["revoked"] == true);

    // A manager sees their department's kiosks; another department is 403; analysts see all.
    const json mine = f.ok(f.service.fleet(lan, {}, "en"));
    CHECK(mine["kiosks"].size() == 3);
    for (const json& k : mine["kiosks"]) CHECK(k["department"] == "SCT");
    CHECK(f.service.fleet(lan, q({{"department", "STTTT"}}), "en").status == 403);
    CHECK(f.ok(f.service.fleet(analyst, {}, "en"))["kiosks"].size() == 4);
    const Answer bad = f.service.fleet(admin, q({{"kiosk", "K-SCT-01"}}), "en");
    CHECK(bad.status == 400);
    CHECK(json::parse(bad.body)["error"]["field"] == "kiosk");
}

TEST_CASE("dashboard: the drill-down lists a department's ratings with what citizens wrote, to those allowed", "[dashboard]") {
    Fixture f;
    const json all = f.ok(f.service.submissions(admin, q({{"department", "SCT"}}), "en"));
    REQUIRE(all["submissions"].size() == 5);
    const json& newest = all["submissions"][0];
    CHECK(newest["created_at"] == "2026-11-20T10:00:00+07:00");
    CHECK(newest["comment"] == "Cán bộ gây khó dễ, đòi thêm giấy tờ");
    CHECK(newest["contact"] == "0912345678");
    CHECK(newest["tracking_code"] == f.harassment_code);
    CHECK(newest["harassment"] == true);
    CHECK(newest["satisfied"] == false);
    CHECK(newest["kiosk_id"] == "K-SCT-01");

    const json officer = f.ok(f.service.submissions(lan, q({{"department", "SCT"}, {"officer", "SCT-002"}}), "en"));
    CHECK(officer["submissions"].size() == 2);  // ratings 2 and 4 of the five
    const json day = f.ok(f.service.submissions(admin, q({{"department", "SCT"}, {"period", "2026-11-19"}}), "en"));
    CHECK(day["submissions"].empty());
    const json paged = f.ok(f.service.submissions(admin, q({{"department", "SCT"}, {"limit", "2"}, {"offset", "4"}}), "en"));
    REQUIRE(paged["submissions"].size() == 1);
    CHECK(paged["submissions"][0]["created_at"] == "2026-11-20T08:00:00+07:00");

    // Who may not: an analyst (aggregates only), a manager of another department; what is wrong.
    CHECK(f.service.submissions(analyst, q({{"department", "SCT"}}), "en").status == 403);
    const Answer foreign = f.service.submissions(cuong, q({{"department", "SCT"}}), "en");
    CHECK(foreign.status == 403);
    CHECK(json::parse(foreign.body)["error"]["field"] == "department");
    for (const auto& [params, field] : std::vector<std::pair<QueryParams, std::string>>{
             {{}, "department"},
             {q({{"department", "SCT"}, {"limit", "0"}}), "limit"},
             {q({{"department", "SCT"}, {"limit", "201"}}), "limit"},
             {q({{"department", "SCT"}, {"from", "2026-11-20"}}), "to"},
             {q({{"department", "NOPE"}}), "department"},
             {q({{"department", "SCT"}, {"comment", "x"}}), "comment"}}) {
        const Answer a = f.service.submissions(admin, params, "en");
        INFO(a.body);
        CHECK(a.status == 400);
        CHECK(json::parse(a.body)["error"]["field"] == field);
    }
}

TEST_CASE("dashboard: alerts for a low rate over the last responses, a harassment complaint and a silent kiosk", "[dashboard]") {
    Fixture f;
    const json a = f.ok(f.service.alerts(admin, {}, "en"));
    std::vector<std::string> ids;
    for (const json& x : a["alerts"]) ids.push_back(x["id"]);
    // SCT: the last four are 3, 1, 1, ... newest first 1, 3, 1, 1: 1 of 4 = 25.00 % < 60 %.
    // K-SCT-01 holds four of SCT's five (all but the second): newest first 1, 3, 1, 3 = 50 % < 60 %.
    // K-SCT-02 has one rating, fewer than the window of 4: no judgement. STTTT: 100 %.
    // Silent: K-SCT-02 (two hours) and K-TT-01 (never); K-OLD is revoked.
    CHECK(ids == std::vector<std::string>{"low_rate:department:SCT", "low_rate:kiosk:K-SCT-01", "kiosk_silent:K-SCT-02",
                                          "kiosk_silent:K-TT-01", "harassment:" + f.harassment_code});
    CHECK(a["alerts"][0]["rate"] == 25.0);
    CHECK(a["alerts"][0]["responses"] == 4);
    CHECK(a["alerts"][0]["since"] == "2026-11-20T01:30:00Z");  // the oldest of the four, 08:30 local
    CHECK(a["alerts"][0]["text"] == "Department Sở Công Thương (SCT): 25.0% satisfied over the last 4 responses, below the 60.0% threshold");
    CHECK(a["alerts"][2]["text"] == "Kiosk K-SCT-02 has sent no heartbeat since 07:00 23/11/2026");  // two hours before 09:00
    CHECK(a["alerts"][3]["text"] == "Kiosk K-TT-01 has never sent a heartbeat");
    CHECK(a["policy"]["window"] == 4);
    CHECK(a["counts"] == json{{"harassment", 1}, {"kiosk_silent", 2}, {"low_rate", 2}});
    // limit=1: one of each kind, the counts still whole.
    const json one = f.ok(f.service.alerts(admin, q({{"limit", "1"}}), "en"));
    REQUIRE(one["alerts"].size() == 3);
    CHECK(one["alerts"][0]["id"] == "low_rate:department:SCT");
    CHECK(one["alerts"][1]["id"] == "kiosk_silent:K-SCT-02");
    CHECK(one["alerts"][2]["kind"] == "harassment");
    CHECK(one["counts"] == a["counts"]);
    CHECK(f.service.alerts(admin, q({{"limit", "0"}}), "en").status == 400);

    // A resolved complaint raises nothing; a manager of STTTT sees only STTTT's; the analyst no case.
    const json cuongs = f.ok(f.service.alerts(cuong, {}, "en"));
    REQUIRE(cuongs["alerts"].size() == 1);
    CHECK(cuongs["alerts"][0]["id"] == "kiosk_silent:K-TT-01");
    {
        const json all_alerts = f.ok(f.service.alerts(analyst, {}, "en"));
        for (const json& x : all_alerts["alerts"]) CHECK(x["kind"] != "harassment");
    }
    // Made 15 days before, past the policy's 14: the case is the complaint list's business now.
    f.now += std::chrono::days{15};
    {
        const json all_alerts = f.ok(f.service.alerts(admin, {}, "en"));
        for (const json& x : all_alerts["alerts"]) CHECK(x["kind"] != "harassment");
    }
    f.now -= std::chrono::days{15};
    CHECK(f.ok(f.service.alerts(admin, {}, "en"))["counts"]["harassment"] == 1);  // back in the window
    f.store.update_complaint(f.harassment_code, 0, CaseState{CaseStatus::resolved, std::nullopt, std::string("Đã xử lý")},
                             CaseEvent{0, f.harassment_code, f.now, "admin", "resolve", "{}"});
    // Alerts are computed at most every 20 s: until then the resolved case still shows.
    CHECK(f.ok(f.service.alerts(admin, {}, "en"))["counts"]["harassment"] == 1);
    f.now += DashboardService::alert_cache_for;
    {
        const json all_alerts = f.ok(f.service.alerts(admin, {}, "en"));
        for (const json& x : all_alerts["alerts"]) CHECK(x["kind"] != "harassment");
    }
}

TEST_CASE("dashboard: the alert policy setting is read strictly, and a damaged one falls back to the defaults", "[dashboard]") {
    CHECK(decode_alert_policy(encode_alert_policy({82.5, 30, 15, 7})) == AlertPolicy{82.5, 30, 15, 7});
    CHECK(decode_alert_policy("{}") == AlertPolicy{});
    CHECK_THROWS_AS(decode_alert_policy(R"({"min_rate": 101})"), InputError);
    CHECK_THROWS_AS(decode_alert_policy(R"({"window": 0})"), InputError);
    CHECK_THROWS_AS(decode_alert_policy(R"({"silent_minutes": "60"})"), InputError);
    CHECK_THROWS_AS(decode_alert_policy(R"({"harassment_days": 0})"), InputError);
    Fixture f;
    f.store.set_setting(setting_key::alert_policy, "not json");
    CHECK(f.service.policy() == AlertPolicy{});
}

TEST_CASE("dashboard: the organisation is the departments, officers, services and kiosks the user sees", "[dashboard]") {
    Fixture f;
    const json all = f.ok(f.service.organisation(admin, {}, "en"));
    CHECK(all["departments"].size() == 2);
    CHECK(all["officers"].size() == 3);
    CHECK(all["kiosks"].size() == 4);
    const json mine = f.ok(f.service.organisation(lan, {}, "en"));
    REQUIRE(mine["departments"].size() == 1);
    CHECK(mine["departments"][0]["code"] == "SCT");
    for (const json& o : mine["officers"]) CHECK(o["department"] == "SCT");
    for (const json& k : mine["kiosks"]) CHECK(k["department"] == "SCT");
    const User nobody{"x", Role::manager, {}, false};
    CHECK(f.service.organisation(nobody, {}, "en").status == 403);
}

