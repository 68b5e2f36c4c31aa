#include "settings_change.hpp"

namespace hailong::server {

std::string target_text(int tenths) {
    std::string s = std::to_string(tenths / 10);
    if (tenths % 10 != 0) s += "." + std::to_string(tenths % 10);
    return s;
}

namespace detail {

std::vector<SettingsLogEntry> change_settings(SettingsQueries& q, const SettingsChange& change) {
    for (const auto& [department, tenths] : change.unit_targets) {
        if (!q.department_exists(department))
            throw StoreError(Message("server.store.department_unknown", {{"department", department}}));
        if (tenths && (*tenths < 0 || *tenths > 1000)) throw StoreError(Message("server.store.target_range", {{"department", department}}));
    }
    if (change.opening_hours && !change.opening_hours->department.empty() && !q.department_exists(change.opening_hours->department))
        throw StoreError(Message("server.store.department_unknown", {{"department", change.opening_hours->department}}));

    std::vector<SettingsLogEntry> logged;
    auto log = [&](std::string field, std::optional<std::string> old_value, std::optional<std::string> new_value) {
        SettingsLogEntry e{0, change.at, change.actor, std::move(field), std::move(old_value), std::move(new_value)};
        e.id = q.append_log(e);
        logged.push_back(std::move(e));
    };
    for (const auto& [key, value] : change.settings) {
        auto old = q.setting(key);
        if (old == value) continue;
        q.put_setting(key, value);
        log(key, std::move(old), value);
    }
    for (const auto& [department, tenths] : change.unit_targets) {
        const auto old = q.unit_target(department);
        if (old == tenths) continue;
        q.put_unit_target(department, tenths);
        auto text = [](const std::optional<int>& t) { return t ? std::optional<std::string>(target_text(*t)) : std::nullopt; };
        log("unit_targets." + department, text(old), text(tenths));
    }
    if (change.opening_hours) {
        // A new version is always recorded (it may start on another day); the log shows the site's
        // hours before and after.
        const std::string field = change.opening_hours->department.empty() ? "opening_hours" : "opening_hours." + change.opening_hours->department;
        auto old = change.opening_hours->department.empty() ? q.newest_site_hours() : std::nullopt;
        q.add_opening_hours(*change.opening_hours);
        log(field, std::move(old),
            change.opening_hours->hours.to_string() + " (" + format_iso_date(change.opening_hours->valid_from) + ")");
    }
    for (const auto& [field, text] : change.records) log(field, std::nullopt, text);
    return logged;
}

}  // namespace detail
}  // namespace hailong::server
