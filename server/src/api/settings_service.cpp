#include "hailong/server/api/settings_service.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "hailong/json_reader.hpp"
#include "hailong/json_strict.hpp"
#include "hailong/server/api/alert_policy.hpp"
#include "hailong/server/store/setting_keys.hpp"
#include "targets.hpp"

namespace hailong::server {
namespace {

using json = nlohmann::ordered_json;

// The path of a member for an error: its key when the key is a plain code, else its parent's
// path alone (a key may be anything a client sends: it is never echoed unless it is a code).
std::string member_path(const std::string& parent, const std::string& key) {
    if (!is_valid_code(key)) return parent;
    return parent.empty() ? key : parent + "." + key;
}

json optional_json(const std::optional<std::string>& v) { return v ? json(*v) : json(); }

json log_json(const SettingsLogEntry& e) {
    return {{"at", format_rfc3339(e.at)}, {"actor", e.actor}, {"field", e.field}, {"old", optional_json(e.old_value)},
            {"new", optional_json(e.new_value)}};
}

// A target from a JSON number: 0..100 with at most one decimal, in tenths.
int read_target(const nlohmann::json& v, const std::string& field) {
    if (!v.is_number()) reject(error_code::invalid_shape, field, "error.agency_settings.target");
    const double d = v.get<double>();
    const double tenths = d * 10;
    if (!(d >= 0 && d <= 100) || std::fabs(tenths - std::round(tenths)) > 1e-6) reject(error_code::invalid_value, field, "error.agency_settings.target");
    return static_cast<int>(std::lround(tenths));
}

}  // namespace

SettingsService::SettingsService(Store& store, Now now) : store_(store), now_(std::move(now)) {}

Answer SettingsService::get(const User& user, std::string_view) {
    const targets::Targets t = targets::read_targets(store_);
    const std::set<std::string> own(user.departments.begin(), user.departments.end());
    json body;
    body["agency_name"] = optional_json(store_.setting(setting_key::agency_name));
    body["default_target"] = targets::target_json(t.default_target);
    json units = json::array();
    for (const Department& d : store_.departments()) {
        if (user.role == Role::manager && !own.count(d.code)) continue;
        const auto it = t.units.find(d.code);
        units.push_back({{"department", d.code}, {"name", d.name},
                         {"target", it == t.units.end() ? json() : targets::target_json(it->second)},
                         {"target_in_use", targets::target_json(t.for_department(d.code))}});
    }
    body["unit_targets"] = std::move(units);
    body["editable"] = user.role == Role::admin;
    if (user.role == Role::admin) {
        // The site-wide hours in force today, and the newest version if one starts later.
        const OpeningHoursSchedule schedule(store_.opening_hours_versions());
        const LocalDate today = vietnam_date(now_());
        const OpeningHoursVersion* in_force = schedule.version_in_force("", today);
        json hours;
        hours["hours"] = in_force ? in_force->hours.to_string() : OpeningHours::standard().to_string();
        hours["valid_from"] = in_force ? json(format_iso_date(in_force->valid_from)) : json();
        hours["standard"] = in_force == nullptr;
        json later = json::array();
        for (const OpeningHoursVersion& v : schedule.versions())
            if (v.department.empty() && v.valid_from > today)
                later.push_back({{"hours", v.hours.to_string()}, {"valid_from", format_iso_date(v.valid_from)}});
        hours["upcoming"] = std::move(later);
        body["opening_hours"] = std::move(hours);
        // Each department with hours of its own: the version in force today, if any, and later ones.
        json own_hours = json::array();
        for (const Department& d : store_.departments()) {
            const OpeningHoursVersion* in_force_own = nullptr;
            json upcoming = json::array();
            for (const OpeningHoursVersion& v : schedule.versions()) {
                if (v.department != d.code) continue;
                if (v.valid_from > today) {
                    upcoming.push_back({{"hours", v.hours.to_string()}, {"valid_from", format_iso_date(v.valid_from)}});
                } else if (in_force_own == nullptr || v.valid_from >= in_force_own->valid_from) {
                    in_force_own = &v;
                }
            }
            if (in_force_own == nullptr && upcoming.empty()) continue;
            own_hours.push_back({{"department", d.code}, {"name", d.name},
                                 {"hours", in_force_own ? json(in_force_own->hours.to_string()) : json()},
                                 {"valid_from", in_force_own ? json(format_iso_date(in_force_own->valid_from)) : json()},
                                 {"upcoming", std::move(upcoming)}});
        }
        body["department_hours"] = std::move(own_hours);
        body["alert_policy"] = json::parse(encode_alert_policy(stored_alert_policy(store_)));
        json log = json::array();
        for (const SettingsLogEntry& e : store_.settings_log(log_lines)) log.push_back(log_json(e));
        body["changes"] = std::move(log);
    }
    return Answer{200, body.dump(), {{"Content-Type", "application/json"}}};
}

Answer SettingsService::put(const User& user, std::string_view body, std::string_view lang) {
    if (user.role != Role::admin)
        return error_answer(403, {std::string(error_code::forbidden), "", Message("error.agency_settings.admin_only")}, lang);
    const Instant now = now_();
    SettingsChange change;
    change.actor = user.name;
    change.at = now;
    try {
        const nlohmann::json doc = parse_strict_json(body);
        const JsonObjectReader r(doc, "");
        static const std::set<std::string> known = {"agency_name", "default_target", "unit_targets", "opening_hours", "alert_policy"};
        for (const auto& [key, value] : doc.items())
            if (!known.count(key)) reject(error_code::invalid_shape, member_path("", key), "error.agency_settings.unknown_field");
        if (r.get("agency_name")) {
            std::string name = *r.optional_text("agency_name", TextRules{max_name_chars, false});
            while (!name.empty() && name.back() == ' ') name.pop_back();
            while (!name.empty() && name.front() == ' ') name.erase(0, 1);
            if (name.empty()) reject(error_code::invalid_value, "agency_name", "error.agency_settings.name_empty");
            change.settings.emplace_back(setting_key::agency_name, name);
        }
        if (const nlohmann::json* v = r.get("default_target"))
            change.settings.emplace_back(setting_key::satisfaction_target, target_text(read_target(*v, "default_target")));
        if (const nlohmann::json* units = r.get("unit_targets")) {
            if (!units->is_object()) reject(error_code::invalid_shape, "unit_targets", "error.type.object");
            if (units->size() > max_unit_targets)
                reject(error_code::invalid_value, "unit_targets", "error.agency_settings.too_many", {{"max", std::to_string(max_unit_targets)}});
            std::set<std::string> departments;
            for (const Department& d : store_.departments()) departments.insert(d.code);
            for (const auto& [code, value] : units->items()) {
                JsonObjectReader::checked_code(nlohmann::json(code), "unit_targets");
                const std::string field = "unit_targets." + code;
                if (!departments.count(code)) reject(error_code::unknown_department, field, "error.agency_settings.department", {{"department", code}});
                change.unit_targets.emplace_back(code, value.is_null() ? std::nullopt : std::optional<int>(read_target(value, field)));
            }
        }
        if (const nlohmann::json* hours = r.get("opening_hours")) {
            const JsonObjectReader h(*hours, "opening_hours");
            for (const auto& [key, value] : hours->items())
                if (key != "hours" && key != "valid_from" && key != "department")
                    reject(error_code::invalid_shape, member_path("opening_hours", key), "error.agency_settings.unknown_field");
            const auto text = h.optional_text("hours", TextRules{max_hours_chars, false});
            if (!text) reject(error_code::missing_field, "opening_hours.hours", "error.missing");
            std::string problem;
            const auto parsed = OpeningHours::parse(*text, &problem);
            if (!parsed) reject(error_code::invalid_value, "opening_hours.hours", "error.agency_settings.hours", {{"problem", problem}});
            std::string department;
            if (const nlohmann::json* d = h.get("department"); d && !d->is_null()) {
                department = JsonObjectReader::checked_code(*d, "opening_hours.department");
                const auto known_departments = store_.departments();
                if (std::none_of(known_departments.begin(), known_departments.end(), [&](const Department& k) { return k.code == department; }))
                    reject(error_code::unknown_department, "opening_hours.department", "error.agency_settings.department", {{"department", department}});
            }
            const LocalDate today = vietnam_date(now);
            LocalDate from = today;
            if (const nlohmann::json* f = h.get("valid_from")) {
                const auto d = parse_iso_date(h.string_value(*f, "valid_from"));
                if (!d) reject(error_code::invalid_value, "opening_hours.valid_from", "error.query.date");
                if (*d < today)
                    reject(error_code::invalid_value, "opening_hours.valid_from", "error.agency_settings.valid_from", {{"today", format_iso_date(today)}});
                from = *d;
            }
            change.opening_hours = OpeningHoursVersion{department, from, *parsed, now, user.name};
        }
        if (const nlohmann::json* policy = r.get("alert_policy"))
            change.settings.emplace_back(setting_key::alert_policy, encode_alert_policy(read_alert_policy(*policy, "alert_policy", stored_alert_policy(store_))));
    } catch (const InputError& e) {
        return error_answer(400, e.error(), lang);
    }
    std::vector<SettingsLogEntry> changed;
    try {
        changed = store_.change_settings(change);
    } catch (const StoreError& e) {
        return error_answer(409, {"settings_refused", "", e.message()}, lang);
    }
    Answer a = get(user, lang);
    json out = json::parse(a.body);
    json lines = json::array();
    for (const SettingsLogEntry& e : changed) lines.push_back(log_json(e));
    out["changed"] = std::move(lines);
    a.body = out.dump();
    return a;
}

}  // namespace hailong::server
