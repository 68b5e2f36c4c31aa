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
    REQUIRE(all["submissions"].size() == 12);
    const json& newest = all["submissions"][0];
    CHECK(newest["created_at"] == "2026-11-20T13:30:00+07:00");
    CHECK(newest["comment"] == "Cán bộ gây khó dễ, đòi thêm giấy tờ");
    CHECK(newest["contact"] == "0912345678");
    CHECK(newest["tracking_code"] == f.harassment_code);
    CHECK(newest["harassment"] == true);
    CHECK(newest["satisfied"] == false);
    CHECK(newest["kiosk_id"] == "K-SCT-01");

    const json officer = f.ok(f.service.submissions(lan, q({{"department", "SCT"}, {"officer", "SCT-002"}}), "en"));
    CHECK(officer["submissions"].size() == 6);  // the odd indices of the twelve
    const json day = f.ok(f.service.submissions(admin, q({{"department", "SCT"}, {"period", "2026-11-19"}}), "en"));
    CHECK(day["submissions"].empty());
    const json paged = f.ok(f.service.submissions(admin, q({{"department", "SCT"}, {"limit", "2"}, {"offset", "11"}}), "en"));
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
    // Worked out in dashboard_fixture.hpp: SCT's last ten 2 of 10 = 20.00 %, ci95 [5.67, 50.98];
    // K-SCT-01's last ten 1 of 10 = 10.00 %, ci95 [1.79, 40.42]; both wholly under 60 %. K-SCT-02
    // (one rating) and STTTT (four) have fewer than the window of 10: no judgement.
    // Silent: K-SCT-02 (two hours) and K-TT-01 (never); K-OLD is revoked.
    CHECK(ids == std::vector<std::string>{"low_rate:department:SCT", "low_rate:kiosk:K-SCT-01", "kiosk_silent:K-SCT-02",
                                          "kiosk_silent:K-TT-01", "harassment:" + f.harassment_code});
    CHECK(a["alerts"][0]["rate"] == 20.0);
    CHECK(a["alerts"][0]["ci95"] == json{5.67, 50.98});
    CHECK(a["alerts"][0]["responses"] == 10);
    CHECK(a["alerts"][0]["since"] == "2026-11-20T02:00:00Z");  // the oldest of the ten, index 2, 09:00 local
    CHECK(a["alerts"][0]["text"] ==
          "Department Sở Công Thương (SCT): 20.0% satisfied over the last 10 responses, 95% interval 5.67–50.98%: even its upper end is below "
          "the 60.0% threshold");
    CHECK(a["alerts"][1]["rate"] == 10.0);
    CHECK(a["alerts"][1]["ci95"] == json{1.79, 40.42});
    CHECK(a["alerts"][1]["since"] == "2026-11-20T01:30:00Z");  // index 1, 08:30 local (index 5 is K-SCT-02's)
    CHECK(a["alerts"][1]["text"] ==
          "Kiosk K-SCT-01: 10.0% satisfied over the last 10 responses, 95% interval 1.79–40.42%: even its upper end is below the 60.0% threshold");
    CHECK(a["alerts"][2]["ci95"].is_null());
    CHECK(a["alerts"][2]["text"] == "Kiosk K-SCT-02 has sent no heartbeat since 07:00 23/11/2026");  // two hours before 09:00
    CHECK(a["alerts"][3]["text"] == "Kiosk K-TT-01 has never sent a heartbeat");
    CHECK(a["policy"]["window"] == 10);
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
    // The centre's director (a manager of every department, as the store reads them) sees what the
    // admin sees, the harassment report of SCT's officer included.
    f.store.add_user({"giam.doc", Role::manager, {}, false, true}, "token-of-giam.doc", std::nullopt);
    CHECK(f.ok(f.service.alerts(*f.store.user_by_token_hash("token-of-giam.doc"), {}, "en"))["alerts"] == a["alerts"]);
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

TEST_CASE("dashboard: a low rate alerts only when its whole 95 % interval is under the threshold, 28 of 50 at 70 % but not 29 or 34", "[dashboard]") {
    // Methodology §5 under the default policy (70 %, a window of 50). Worked answers, the Wilson
    // bounds by the formula of docs/indices.md with z = 1.959964, independently of the C++:
    //   python3 -c "z=1.959964;n=50;[print(k,*(round(100*(k/n+z*z/2/n+s*z*(k/n*(1-k/n)/n+z*z/4/n/n)**.5)/(1+z*z/n),4) for s in(-1,1))) for k in(28,29,34)]"
    //   28 42.306 68.8378
    //   29 44.2334 70.625
    //   34 54.1897 79.2418
    // - 34 of 50 = 68 % is under 70 %, and the old rule fired; its interval [54.19, 79.24] holds
    //   70 %, so chance alone explains it: no alert.
    // - 28 of 50 = 56 %, [42.31, 68.84]: the upper bound is under 70 %: the alert fires. It is the
    //   largest count that does: 29 of 50 = 58 %, [44.23, 70.63], reaches past 70 %: no alert.
    //   (scripts/alert_false_alarm.py finds the same edge, "fires at satisfied <= 28", by the score
    //   test in exact arithmetic.)
    const auto alerts_for = [](int satisfied) {
        test::SqliteBackend backend;
        test::seed_organisation(backend.store);
        backend.store.set_setting(setting_key::alert_policy, encode_alert_policy({70, 50, 60}));
        // Fifty ratings at K-SCT-01 five minutes apart, 08:00 to 12:05 on a Friday: within opening
        // hours, no burst, so all fifty are counted. The satisfied ones first; the order does not
        // matter to the rule.
        const Instant first = at("2026-11-20T08:00:00+07:00");
        std::vector<IngestItem> items;
        for (int i = 0; i < 50; ++i) {
            Submission s = test::sample_submission(format_rfc3339(first + minutes{5 * i}, vietnam_offset));
            s.rating = Rating{3, i < satisfied ? 3 : 1};
            items.push_back({"K-SCT-01", s, s.created_at.instant});
        }
        backend.store.ingest(items);
        DashboardService service(backend.store, [] { return at("2026-11-23T09:00:00+07:00"); });
        std::vector<Alert> low;
        for (Alert& a : service.current_alerts(admin))
            if (a.kind == Alert::Kind::low_rate) low.push_back(std::move(a));
        return low;
    };

    CHECK(alerts_for(34).empty());
    CHECK(alerts_for(29).empty());
    const std::vector<Alert> fired = alerts_for(28);
    REQUIRE(fired.size() == 2);  // the department SCT and its only kiosk, the same fifty ratings
    CHECK(fired[0].id == "low_rate:department:SCT");
    CHECK(fired[1].id == "low_rate:kiosk:K-SCT-01");
    for (const Alert& a : fired) {
        CHECK(a.rate == 56.0);
        REQUIRE(a.ci95);
        CHECK(a.ci95->low == 42.31);
        CHECK(a.ci95->high == 68.84);
        CHECK(a.responses == 50);
    }
    CHECK(describe(fired[0], AlertPolicy{}, "en") ==
          "Department Sở Công Thương (SCT): 56.0% satisfied over the last 50 responses, 95% interval 42.31–68.84%: even its upper end is below "
          "the 70.0% threshold");
    CHECK(describe(fired[1], AlertPolicy{}, "vi") ==
          "Ki-ốt K-SCT-01: tỷ lệ hài lòng 56.0% trong 50 phiếu gần nhất, khoảng tin cậy 95% từ 42.31% đến 68.84%: cả cận trên cũng dưới ngưỡng "
          "70.0%");
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


TEST_CASE("roster: managers read their kiosks' roster, only an admin corrects it, and the log says who and why", "[dashboard][roster]") {
    using namespace hailong::test::dashboard;
    Fixture f;
    const auto event = [](const char* at, DutyKind kind, std::optional<std::string> officer) {
        return hailong::test::duty_event(kind, at, std::move(officer), DutyMethod::card);
    };
    const DutyEvent sct = event("2026-11-20T07:30:00+07:00", DutyKind::sign_in, "SCT-001");
    const DutyEvent tt = event("2026-11-20T07:35:00+07:00", DutyKind::sign_in, "STTTT-001");
    f.store.ingest_batch({{{"K-SCT-01", sct, f.now}, {"K-TT-01", tt, f.now}}, {}});

    // lan (SCT) sees K-SCT-01's sign-in with the officer's name, not STTTT's kiosk.
    const Answer mine = f.service.roster(lan, {}, "vi");
    REQUIRE(mine.status == 200);
    const auto body = nlohmann::json::parse(mine.body);
    REQUIRE(body["entries"].size() == 1);
    CHECK(body["entries"][0]["kiosk"] == "K-SCT-01");
    CHECK(body["entries"][0]["officer_name"] == "Nguyễn Văn An");
    CHECK(body["entries"][0]["at"] == "2026-11-20T07:30:00+07:00");
    CHECK(f.service.roster(lan, {{"kiosk", "K-TT-01"}}, "vi").status == 404);
    CHECK(f.service.roster(analyst, {}, "vi").status == 403);
    CHECK(f.service.roster(admin, {}, "vi").status == 200);
    CHECK(nlohmann::json::parse(f.service.roster(admin, {{"from", "2026-11-21"}}, "vi").body)["entries"].empty());
    CHECK(f.service.roster(admin, {{"from", "20/11/2026"}}, "en").status == 400);
    CHECK(f.service.roster(admin, {{"shift", "1"}}, "en").status == 400);

    // Only an admin corrects, with a reason; the log carries the admin's name.
    const std::string fix = R"({"kiosk": "K-SCT-01", "void": ")" + sct.id.to_string() +
                            R"(", "add": {"at": "2026-11-20T07:30:00+07:00", "event": "sign_in", "officer": "SCT-002"}, "reason": "Quét nhầm thẻ"})";
    CHECK(f.service.correct_roster(lan, fix, "vi").status == 403);
    CHECK(f.service.correct_roster(admin, R"({"kiosk": "K-SCT-01", "void": ")" + sct.id.to_string() + R"("})", "en").status == 400);
    const Answer done = f.service.correct_roster(admin, fix, "vi");
    REQUIRE(done.status == 200);
    CHECK(nlohmann::json::parse(done.body)["actor"] == "admin");
    CHECK(f.service.correct_roster(admin, fix, "en").status == 409);  // the entry is voided already
    const auto after = nlohmann::json::parse(f.service.roster(lan, {{"kiosk", "K-SCT-01"}}, "vi").body);
    REQUIRE(after["entries"].size() == 2);
    REQUIRE(after["corrections"].size() == 1);
    CHECK(after["corrections"][0]["reason"] == "Quét nhầm thẻ");
    CHECK(after["corrections"][0]["added"]["officer"] == "SCT-002");
}
