// The agency's settings (issue 19): the store's part on both backends (a change stored, read back
// and logged; a refused change leaves nothing; the log cannot be changed; the upgrade from schema
// 14), the API's checks and roles (settings_service.hpp), and the targets the indices answer
// carries with where each group's interval stands. Wilson intervals in the comments were worked
// out independently of the server (Python, z = 1.959964, the formula of methodology.md §1).
#include "hailong/server/api/indices_service.hpp"
#include "hailong/server/api/settings_service.hpp"
#include "hailong/server/store/setting_keys.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "store_fixtures.hpp"

#define STORE_BACKENDS hailong::test::SqliteBackend, hailong::test::PostgresBackend

using namespace hailong;
using namespace hailong::server;
using json = nlohmann::json;

namespace {

const User admin{"quan.tri", Role::admin, {}, false};
const User analyst{"phan.tich", Role::analyst, {}, false};
const User sct_manager{"lanh.dao.sct", Role::manager, {"SCT"}, false};

const Instant at_1 = parse_rfc3339("2026-12-01T09:00:00+07:00")->instant;
const Instant at_2 = parse_rfc3339("2026-12-02T10:30:00+07:00")->instant;

OpeningHoursVersion site_hours(const std::string& text, const std::string& from, Instant at) {
    return {"", *parse_iso_date(from), *OpeningHours::parse(text), at, "quan.tri"};
}

json body_of(const Answer& a) { return json::parse(a.body); }

}  // namespace

TEMPLATE_TEST_CASE("settings: a change is stored, read back and logged with who and when, and an unchanged value is not logged",
                   "[store][settings]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    hailong::test::seed_organisation(store);
    CHECK(store.unit_targets().empty());
    CHECK(store.settings_log(50).empty());

    SettingsChange first;
    first.settings = {{setting_key::agency_name, "UBND tỉnh Thái Hà"}, {setting_key::satisfaction_target, "85"}};
    first.unit_targets = {{"SCT", 900}};
    first.opening_hours = site_hours("mon-fri 07:00-11:30 13:00-17:00", "2026-12-01", at_1);
    first.actor = "quan.tri";
    first.at = at_1;
    const auto logged = store.change_settings(first);
    REQUIRE(logged.size() == 4);
    CHECK(logged[0].field == "agency_name");
    CHECK(logged[0].old_value == std::nullopt);
    CHECK(logged[0].new_value == std::optional<std::string>("UBND tỉnh Thái Hà"));
    CHECK(logged[1].field == "satisfaction_target");
    CHECK(logged[2].field == "unit_targets.SCT");
    CHECK(logged[2].new_value == std::optional<std::string>("90"));
    CHECK(logged[3].field == "opening_hours");
    CHECK(logged[3].old_value == std::nullopt);
    CHECK(logged[3].new_value == std::optional<std::string>("mon 07:00-11:30 13:00-17:00; tue 07:00-11:30 13:00-17:00; "
                                                            "wed 07:00-11:30 13:00-17:00; thu 07:00-11:30 13:00-17:00; "
                                                            "fri 07:00-11:30 13:00-17:00 (2026-12-01)"));
    for (const auto& e : logged) {
        CHECK(e.actor == "quan.tri");
        CHECK(e.at == at_1);
    }
    CHECK(store.setting(setting_key::agency_name) == std::optional<std::string>("UBND tỉnh Thái Hà"));
    CHECK(store.setting(setting_key::satisfaction_target) == std::optional<std::string>("85"));
    CHECK(store.unit_targets() == std::map<std::string, int>{{"SCT", 900}});
    REQUIRE(store.opening_hours_versions().size() == 1);
    CHECK(store.opening_hours_versions()[0] == *first.opening_hours);

    // The same name again, SCT back to the default, STTTT its own 82.5 %.
    SettingsChange second;
    second.settings = {{setting_key::agency_name, "UBND tỉnh Thái Hà"}};
    second.unit_targets = {{"SCT", std::nullopt}, {"STTTT", 825}};
    second.actor = "quan.tri.2";
    second.at = at_2;
    const auto again = store.change_settings(second);
    REQUIRE(again.size() == 2);
    CHECK(again[0].field == "unit_targets.SCT");
    CHECK(again[0].old_value == std::optional<std::string>("90"));
    CHECK(again[0].new_value == std::nullopt);
    CHECK(again[1].field == "unit_targets.STTTT");
    CHECK(again[1].old_value == std::nullopt);
    CHECK(again[1].new_value == std::optional<std::string>("82.5"));
    CHECK(store.unit_targets() == std::map<std::string, int>{{"STTTT", 825}});

    // The log, newest first; its ids grow.
    const auto log = store.settings_log(50);
    REQUIRE(log.size() == 6);
    CHECK(log[0] == again[1]);
    CHECK(log[1] == again[0]);
    CHECK(log[5] == logged[0]);
    CHECK(log[0].id > log[5].id);
    CHECK(store.settings_log(2).size() == 2);
    // A store opened afresh (a restarted server) reads the same.
    CHECK(backend.reopen()->settings_log(50) == log);
}

TEMPLATE_TEST_CASE("settings: a target for an unknown department or out of range changes nothing at all", "[store][settings]",
                   STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    hailong::test::seed_organisation(store);
    SettingsChange change;
    change.settings = {{setting_key::agency_name, "UBND"}};
    change.unit_targets = {{"SCT", 700}, {"NOPE", 800}};
    change.actor = "quan.tri";
    change.at = at_1;
    CHECK_THROWS_AS(store.change_settings(change), StoreError);
    change.unit_targets = {{"SCT", 1001}};
    CHECK_THROWS_AS(store.change_settings(change), StoreError);
    CHECK_FALSE(store.setting(setting_key::agency_name));
    CHECK(store.unit_targets().empty());
    CHECK(store.settings_log(50).empty());
}

TEMPLATE_TEST_CASE("settings: records of accounts and kiosks are logged as given, after the settings", "[store][settings]",
                   STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    hailong::test::seed_organisation(store);
    SettingsChange change;
    change.settings = {{setting_key::agency_name, "UBND tỉnh Thái Hà"}};
    change.records = {{"users.truong.phong", "added manager SCT"}, {"kiosks.K-SCT-01", "revoked"}};
    change.actor = "quan.tri";
    change.at = at_1;
    const auto logged = store.change_settings(change);
    REQUIRE(logged.size() == 3);
    CHECK(logged[0].field == "agency_name");
    CHECK(logged[1] == SettingsLogEntry{logged[1].id, at_1, "quan.tri", "users.truong.phong", std::nullopt, "added manager SCT"});
    CHECK(logged[2] == SettingsLogEntry{logged[2].id, at_1, "quan.tri", "kiosks.K-SCT-01", std::nullopt, "revoked"});
    // A record is a line even when the same text was logged before: each is something done.
    SettingsChange again;
    again.records = {{"kiosks.K-SCT-01", "revoked"}};
    again.actor = "quan.tri";
    again.at = at_2;
    REQUIRE(store.change_settings(again).size() == 1);
    const auto log = store.settings_log(50);
    REQUIRE(log.size() == 4);
    CHECK(log[0].at == at_2);
    CHECK(log[1].field == "kiosks.K-SCT-01");
}

TEMPLATE_TEST_CASE("settings: nobody may change or delete the log", "[store][settings]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    hailong::test::seed_organisation(store);
    SettingsChange change;
    change.settings = {{setting_key::satisfaction_target, "75"}};
    change.actor = "quan.tri";
    change.at = at_1;
    store.change_settings(change);
    CHECK_THROWS(backend.exec("UPDATE settings_changes SET actor = 'someone.else'"));
    CHECK_THROWS(backend.exec("DELETE FROM settings_changes"));
    REQUIRE(store.settings_log(50).size() == 1);
    CHECK(store.settings_log(50)[0].actor == "quan.tri");
}

TEMPLATE_TEST_CASE("store: a version 15 database's users keep their departments, and a manager of every department can be added",
                   "[store][settings]", STORE_BACKENDS) {
    TestType backend;
    hailong::test::seed_organisation(backend.store);
    backend.store.add_user({"lanh.dao.sct", Role::manager, {"SCT"}, false}, "token-hash-1", std::string("password-hash"));
    backend.store.add_user({"quan.tri", Role::admin, {}, false}, "token-hash-2", std::nullopt);
    const auto users = backend.store.users();
    backend.exec(TestType::undo_version_16);
    backend.set_schema_version(15);
    const auto upgraded = backend.reopen();
    CHECK(upgraded->users() == users);
    CHECK_FALSE(upgraded->users().at(0).all_departments);
    upgraded->add_user({"giam.doc", Role::manager, {}, false, true}, "token-hash-3", std::nullopt);
    CHECK(upgraded->user_by_token_hash("token-hash-3") == User{"giam.doc", Role::manager, {"SCT", "STTTT"}, false, true});
}

TEMPLATE_TEST_CASE("settings: a version 14 database gains the targets and the log, every row kept", "[store][settings]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    hailong::test::seed_organisation(store);
    store.add_user({"lanh.dao.sct", Role::manager, {"SCT"}, false}, "token-hash-1", std::string("password-hash"));
    store.set_setting(setting_key::shift_end, "17:30");
    store.add_opening_hours(site_hours("mon-sat 07:00-17:00", "2026-11-01", at_1));
    std::vector<IngestItem> items;
    hailong::test::add_minutely(items, "K-SCT-01", "2026-11-16", 12, [](Submission& s, int i) { s.rating = Rating{3, i % 3 + 1}; });
    store.ingest(items);
    const auto departments = store.departments();
    const auto officers = store.officers();
    const auto users = store.users();
    const auto kiosks = store.kiosks();
    const auto hours = store.opening_hours_versions();
    std::vector<std::optional<Submission>> stored;
    for (const auto& item : items) stored.push_back(store.find_submission(item.submission.id));
    RollupQuery q;
    q.dim = RollupDim::officer;
    q.run = {RollupLevel::day, day_number(*parse_iso_date("2026-11-01")), day_number(*parse_iso_date("2026-11-30"))};
    const auto rollups = store.rollups(q);
    REQUIRE(rollups.size() == 1);

    backend.exec(TestType::undo_version_15);
    backend.set_schema_version(14);
    const auto upgraded = backend.reopen();
    CHECK(upgraded->submission_count() == 12);
    for (std::size_t i = 0; i < items.size(); ++i) CHECK(upgraded->find_submission(items[i].submission.id) == stored[i]);
    CHECK(upgraded->departments() == departments);
    CHECK(upgraded->officers() == officers);
    CHECK(upgraded->users() == users);
    CHECK(upgraded->kiosks() == kiosks);
    CHECK(upgraded->opening_hours_versions() == hours);
    CHECK(upgraded->rollups(q) == rollups);
    CHECK(upgraded->setting(setting_key::shift_end) == std::optional<std::string>("17:30"));
    // The new tables are there and empty, and work.
    CHECK(upgraded->unit_targets().empty());
    CHECK(upgraded->settings_log(50).empty());
    SettingsChange change;
    change.unit_targets = {{"SCT", 850}};
    change.actor = "quan.tri";
    change.at = at_2;
    CHECK(upgraded->change_settings(change).size() == 1);
    CHECK(upgraded->unit_targets() == std::map<std::string, int>{{"SCT", 850}});
}

// --- the API -----------------------------------------------------------------------------------

TEST_CASE("settings API: an admin reads and changes everything, managers and analysts read their targets and change nothing",
          "[api][settings]") {
    hailong::test::SqliteBackend backend;
    Store& store = backend.store;
    hailong::test::seed_organisation(store);
    SettingsService service(store, [] { return at_1; });

    // Nothing set: no name, the default 80 %, the standard opening hours.
    json a = body_of(service.get(admin, "en"));
    CHECK(a["agency_name"].is_null());
    CHECK(a["default_target"] == 80);
    CHECK(a["unit_targets"].size() == 2);
    CHECK(a["opening_hours"]["standard"] == true);
    CHECK(a["changes"].empty());
    CHECK(a["editable"] == true);

    const Answer put = service.put(admin, R"({"agency_name": " UBND tỉnh Thái Hà ", "default_target": 82.5,
        "unit_targets": {"SCT": 90, "STTTT": null}, "opening_hours": {"hours": "mon-fri 07:30-17:00", "valid_from": "2026-12-02"}})",
                                   "en");
    REQUIRE(put.status == 200);
    a = body_of(put);
    CHECK(a["agency_name"] == "UBND tỉnh Thái Hà");  // trimmed
    CHECK(a["default_target"] == 82.5);
    CHECK(a["unit_targets"][0] == json{{"department", "SCT"}, {"name", "Sở Công Thương"}, {"target", 90}, {"target_in_use", 90}});
    CHECK(a["unit_targets"][1]["target"].is_null());
    CHECK(a["unit_targets"][1]["target_in_use"] == 82.5);
    // The new hours start tomorrow: today the standard ones are still in force.
    CHECK(a["opening_hours"]["standard"] == true);
    CHECK(a["opening_hours"]["upcoming"] == json::array({{{"hours", "mon 07:30-17:00; tue 07:30-17:00; wed 07:30-17:00; thu 07:30-17:00; fri 07:30-17:00"},
                                                         {"valid_from", "2026-12-02"}}}));
    // STTTT had no target of its own: null to null is no change, so four lines, not five.
    REQUIRE(a["changed"].size() == 4);
    CHECK(a["changed"][0] == json{{"at", "2026-12-01T02:00:00Z"}, {"actor", "quan.tri"}, {"field", "agency_name"}, {"old", nullptr},
                                  {"new", "UBND tỉnh Thái Hà"}});
    CHECK(a["changes"].size() == 4);

    const json m = body_of(service.get(sct_manager, "vi"));
    CHECK(m["agency_name"] == "UBND tỉnh Thái Hà");
    CHECK(m["default_target"] == 82.5);
    CHECK(m["unit_targets"] == json::array({{{"department", "SCT"}, {"name", "Sở Công Thương"}, {"target", 90}, {"target_in_use", 90}}}));
    CHECK_FALSE(m.contains("opening_hours"));
    CHECK_FALSE(m.contains("changes"));
    CHECK(m["editable"] == false);
    const json n = body_of(service.get(analyst, "vi"));
    CHECK(n["unit_targets"].size() == 2);
    CHECK_FALSE(n.contains("changes"));

    for (const User* u : {&sct_manager, &analyst}) {
        const Answer refused = service.put(*u, R"({"default_target": 10})", "en");
        CHECK(refused.status == 403);
        CHECK(body_of(refused)["error"]["code"] == "forbidden");
    }
    CHECK(store.setting(setting_key::satisfaction_target) == std::optional<std::string>("82.5"));
    CHECK(store.settings_log(50).size() == 4);
}

TEST_CASE("settings API: every refused value is a 400 naming its field, and nothing is stored", "[api][settings]") {
    hailong::test::SqliteBackend backend;
    Store& store = backend.store;
    hailong::test::seed_organisation(store);
    SettingsService service(store, [] { return at_1; });  // today is 2026-12-01 in Vietnam
    struct Case {
        std::string body, code, field;
    };
    const std::string long_name(201, 'a');
    const std::vector<Case> cases = {
        {R"({"default_target": 100.5})", "invalid_value", "default_target"},
        {R"({"default_target": 80.25})", "invalid_value", "default_target"},
        {R"({"default_target": -1})", "invalid_value", "default_target"},
        {R"({"default_target": "80"})", "invalid_shape", "default_target"},
        {R"({"unit_targets": {"NOPE": 80}})", "unknown_department", "unit_targets.NOPE"},
        {R"({"unit_targets": {"SCT": 101}})", "invalid_value", "unit_targets.SCT"},
        {R"({"unit_targets": {"SCT": true}})", "invalid_shape", "unit_targets.SCT"},
        {R"({"unit_targets": {"S C T": 80}})", "invalid_value", "unit_targets"},
        {R"({"unit_targets": [80]})", "invalid_shape", "unit_targets"},
        {R"({"agency_name": "   "})", "invalid_value", "agency_name"},
        {R"({"agency_name": 7})", "invalid_shape", "agency_name"},
        {"{\"agency_name\": \"UBND\\u202e\"}", "invalid_text", "agency_name"},
        {"{\"agency_name\": \"" + long_name + "\"}", "too_long", "agency_name"},
        {"{\"agency_name\": \"a\\nb\"}", "invalid_text", "agency_name"},
        {R"({"colour": "red"})", "invalid_shape", "colour"},
        {R"({"opening_hours": "mon-fri 07:00-17:00"})", "invalid_shape", "opening_hours"},
        {R"({"opening_hours": {"hours": "mon 25:00-26:00"}})", "invalid_value", "opening_hours.hours"},
        {R"({"opening_hours": {}})", "missing_field", "opening_hours.hours"},
        {R"({"opening_hours": {"hours": "mon-fri 07:00-17:00", "valid_from": "2026-11-30"}})", "invalid_value", "opening_hours.valid_from"},
        {R"({"opening_hours": {"hours": "mon-fri 07:00-17:00", "valid_from": "1/12/2026"}})", "invalid_value", "opening_hours.valid_from"},
        {R"({"opening_hours": {"hours": "mon-fri 07:00-17:00", "open": true}})", "invalid_shape", "opening_hours.open"},
        {R"({"opening_hours": {"hours": "mon-fri 07:00-17:00", "department": "NOPE"}})", "unknown_department", "opening_hours.department"},
        {R"({"opening_hours": {"hours": "mon-fri 07:00-17:00", "department": "S'C"}})", "invalid_value", "opening_hours.department"},
        {R"({"alert_policy": {"min_rate": 100.5}})", "invalid_value", "alert_policy.min_rate"},
        {R"({"alert_policy": {"window": 0}})", "invalid_value", "alert_policy.window"},
        {R"({"alert_policy": {"window": 50.5}})", "invalid_shape", "alert_policy.window"},
        {R"({"alert_policy": {"silent_minutes": 100001}})", "invalid_value", "alert_policy.silent_minutes"},
        {R"({"alert_policy": {"harassment_days": "14"}})", "invalid_shape", "alert_policy.harassment_days"},
        {R"({"alert_policy": {"webhook": "http://x"}})", "invalid_shape", "alert_policy"},
        {R"({"alert_policy": 85})", "invalid_shape", "alert_policy"},
        {R"({"agency_name": "A", "agency_name": "B"})", "invalid_json", "agency_name"},  // a repeated key, named
        {R"([1, 2])", "invalid_shape", ""},
        {"not json", "invalid_json", ""},
    };
    for (const Case& c : cases) {
        INFO(c.body);
        const Answer a = service.put(admin, c.body, "en");
        CHECK(a.status == 400);
        const json e = body_of(a)["error"];
        CHECK(e["code"] == c.code);
        CHECK(e.value("field", "") == c.field);
        CHECK_FALSE(e["message"].get<std::string>().empty());
    }
    CHECK_FALSE(store.setting(setting_key::agency_name));
    CHECK_FALSE(store.setting(setting_key::satisfaction_target));
    CHECK(store.unit_targets().empty());
    CHECK(store.opening_hours_versions().empty());
    CHECK_FALSE(store.setting(setting_key::alert_policy));
    CHECK(store.settings_log(50).empty());
}

TEST_CASE("settings API: a department's own opening hours and the alert thresholds are set, read back and logged",
          "[api][settings]") {
    hailong::test::SqliteBackend backend;
    Store& store = backend.store;
    hailong::test::seed_organisation(store);
    SettingsService service(store, [] { return at_1; });  // today is 2026-12-01 in Vietnam
    json a = body_of(service.get(admin, "en"));
    CHECK(a["department_hours"] == json::array());
    // The defaults of alert_policy.hpp while nothing is set.
    CHECK(a["alert_policy"] == json{{"min_rate", 70.0}, {"window", 50}, {"silent_minutes", 60}, {"harassment_days", 14}});

    // SCT opens on Saturday mornings from today; the thresholds change two of four numbers.
    const Answer put = service.put(admin, R"({"opening_hours": {"hours": "mon-fri 07:00-17:00; sat 07:30-11:30", "department": "SCT"},
                                              "alert_policy": {"min_rate": 85, "window": 30}})", "en");
    REQUIRE(put.status == 200);
    a = body_of(put);
    CHECK(a["department_hours"] == json::array({{{"department", "SCT"}, {"name", "Sở Công Thương"},
                                                 {"hours", "mon 07:00-17:00; tue 07:00-17:00; wed 07:00-17:00; thu 07:00-17:00; "
                                                           "fri 07:00-17:00; sat 07:30-11:30"},
                                                 {"valid_from", "2026-12-01"}, {"upcoming", json::array()}}}));
    CHECK(a["opening_hours"]["standard"] == true);  // the site's own hours did not change
    CHECK(a["alert_policy"] == json{{"min_rate", 85.0}, {"window", 30}, {"silent_minutes", 60}, {"harassment_days", 14}});
    REQUIRE(a["changed"].size() == 2);
    // Settings are written first, then the hours (settings_change.hpp).
    CHECK(a["changed"][0]["field"] == "alert_policy");
    CHECK(a["changed"][0]["old"].is_null());
    CHECK(a["changed"][0]["new"] == R"({"harassment_days":14,"min_rate":85.0,"silent_minutes":60,"window":30})");
    CHECK(a["changed"][1]["field"] == "opening_hours.SCT");
    REQUIRE(store.opening_hours_versions().size() == 1);
    CHECK(store.opening_hours_versions()[0].department == "SCT");
    // The ingest's schedule: Friday 17:15 is past SCT's own 17:00 and inside STTTT's standard
    // 07:00-17:30 (OpeningHours::standard).
    const OpeningHoursSchedule schedule(store.opening_hours_versions());
    const Instant friday_evening = parse_rfc3339("2026-12-04T17:15:00+07:00")->instant;
    CHECK_FALSE(schedule.is_open("SCT", friday_evening));
    CHECK(schedule.is_open("STTTT", friday_evening));

    // The same thresholds again change nothing and log nothing; a later version is "upcoming".
    a = body_of(service.put(admin, R"({"alert_policy": {"min_rate": 85}, "opening_hours": {"hours": "mon-fri 07:30-17:00",
                                      "department": "SCT", "valid_from": "2027-01-01"}})", "en"));
    REQUIRE(a["changed"].size() == 1);
    CHECK(a["department_hours"][0]["valid_from"] == "2026-12-01");
    CHECK(a["department_hours"][0]["upcoming"].size() == 1);
    CHECK(a["department_hours"][0]["upcoming"][0]["valid_from"] == "2027-01-01");
    // Managers and analysts see neither.
    CHECK_FALSE(body_of(service.get(sct_manager, "en")).contains("alert_policy"));
    CHECK_FALSE(body_of(service.get(analyst, "en")).contains("department_hours"));
}

// The data: SCT 40 ratings on Monday 16 November 2026, 36 satisfied (90 %; Wilson [76.95, 96.04]),
// all by SCT-001; STTTT 35 ratings on Tuesday 17 November, 14 satisfied (40 %; [25.55, 56.43]),
// all by STTTT-001. Together 50 of 75 (66.67 %; [55.42, 76.29]).
TEST_CASE("indices: each group carries the target it is judged by and where its interval stands", "[api][settings][indices]") {
    hailong::test::SqliteBackend backend;
    Store& store = backend.store;
    hailong::test::seed_organisation(store);
    store.add_kiosk({"K-STTTT-01", "STTTT", false, 0}, "hash-stttt");
    std::vector<IngestItem> sct, stttt;
    hailong::test::add_minutely(sct, "K-SCT-01", "2026-11-16", 40, [](Submission& s, int i) { s.rating = Rating{3, i < 36 ? 3 : 1}; });
    hailong::test::add_minutely(stttt, "K-STTTT-01", "2026-11-17", 35, [](Submission& s, int i) {
        s.department = "STTTT";
        s.officer = "STTTT-001";
        s.rating = Rating{3, i < 14 ? 2 : 1};
    });
    store.ingest(sct);
    store.ingest(stttt);
    IndicesService indices(store, {}, [] { return at_1; });
    SettingsService settings(store, [] { return at_1; });
    auto groups = [&](const std::string& group) {
        const json body = body_of(indices.indices(admin, {{"group", group}, {"from", "2026-11-01"}, {"to", "2026-11-30"}}, "en"));
        std::map<std::string, std::pair<json, std::string>> out;
        for (const json& g : body["groups"]) out[g["key"].get<std::string>()] = {g["target"], g["target_status"].get<std::string>()};
        out["(total)"] = {body["total"]["target"], body["total"]["target_status"].get<std::string>()};
        out["(default)"] = {body["default_target"], ""};
        return out;
    };
    const json before = body_of(indices.indices(admin, {{"group", "department"}, {"from", "2026-11-01"}, {"to", "2026-11-30"}}, "en"));
    REQUIRE(before["groups"][0]["ci95"] == json::array({76.95, 96.04}));
    REQUIRE(before["groups"][1]["ci95"] == json::array({25.55, 56.43}));
    CHECK(before["total"]["ci95"] == json::array({55.42, 76.29}));
    CHECK(before["total"]["responses"] == 75);
    CHECK(before["total"]["satisfaction_rate"] == 66.67);

    // The default 80 %: SCT's interval holds it (uncertain), STTTT's lies below (missed).
    auto g = groups("department");
    CHECK(g["SCT"] == std::pair<json, std::string>{80, "uncertain"});
    CHECK(g["STTTT"] == std::pair<json, std::string>{80, "missed"});
    CHECK(g["(total)"] == std::pair<json, std::string>{80, "missed"});  // 76.29 < 80

    // SCT's own 75 % (76.95 >= 75: met, and its officer with it); a default of 56.5 % leaves
    // STTTT below by a hair (56.43 < 56.5), its own 25.5 % at the edge counts as met (25.55 >= 25.5).
    REQUIRE(settings.put(admin, R"({"default_target": 56.5, "unit_targets": {"SCT": 75}})", "en").status == 200);
    g = groups("department");
    CHECK(g["SCT"] == std::pair<json, std::string>{75, "met"});
    CHECK(g["STTTT"] == std::pair<json, std::string>{56.5, "missed"});
    CHECK(g["(total)"] == std::pair<json, std::string>{56.5, "uncertain"});
    CHECK(g["(default)"].first == 56.5);
    auto o = groups("officer");
    CHECK(o["SCT-001"] == std::pair<json, std::string>{75, "met"});
    CHECK(o["STTTT-001"] == std::pair<json, std::string>{56.5, "missed"});
    REQUIRE(settings.put(admin, R"({"unit_targets": {"STTTT": 25.5}})", "en").status == 200);
    CHECK(groups("department")["STTTT"] == std::pair<json, std::string>{25.5, "met"});
    // One department chosen: the total is judged by that department's target.
    const json one = body_of(indices.indices(admin, {{"group", "officer"}, {"department", "SCT"}, {"from", "2026-11-01"}, {"to", "2026-11-30"}}, "en"));
    CHECK(one["total"]["target"] == 75);
    CHECK(one["total"]["target_status"] == "met");
}

TEST_CASE("indices: a group with too few responses is not judged against its target", "[api][settings][indices]") {
    hailong::test::SqliteBackend backend;
    Store& store = backend.store;
    hailong::test::seed_organisation(store);
    std::vector<IngestItem> items;
    hailong::test::add_minutely(items, "K-SCT-01", "2026-11-16", 29, [](Submission& s, int) { s.rating = Rating{3, 3}; });
    store.ingest(items);
    IndicesService indices(store, {}, [] { return at_1; });
    const json body = body_of(indices.indices(admin, {{"group", "department"}, {"from", "2026-11-01"}, {"to", "2026-11-30"}}, "en"));
    REQUIRE(body["groups"].size() == 1);
    CHECK(body["groups"][0]["suppressed"] == true);
    CHECK(body["groups"][0]["target"] == 80);
    CHECK(body["groups"][0]["target_status"] == "not_enough");
    CHECK(body["total"]["target_status"] == "not_enough");
}
