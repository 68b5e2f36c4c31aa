// The agency's settings (issue 19): the store's part on both backends (a change stored, read back
// and logged; a refused change leaves nothing; the log cannot be changed; the upgrade from schema
// 14).
#include "hailong/server/store/setting_keys.hpp"

#include <catch2/catch.hpp>

#include "store_fixtures.hpp"

#define STORE_BACKENDS hailong::test::SqliteBackend, hailong::test::PostgresBackend

using namespace hailong;
using namespace hailong::server;

namespace {

const Instant at_1 = parse_rfc3339("2026-12-01T09:00:00+07:00")->instant;
const Instant at_2 = parse_rfc3339("2026-12-02T10:30:00+07:00")->instant;

OpeningHoursVersion site_hours(const std::string& text, const std::string& from, Instant at) {
    return {"", *parse_iso_date(from), *OpeningHours::parse(text), at, "quan.tri"};
}

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
