#include "targets.hpp"

#include <charconv>
#include <cmath>

#include "hailong/server/store/setting_keys.hpp"

namespace hailong::server::targets {

int Targets::for_department(const std::string& department) const {
    const auto it = units.find(department);
    return it == units.end() ? default_target : it->second;
}

std::optional<int> parse_target_text(std::string_view text) {
    const auto dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view tenth = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
    if (whole.empty() || whole.size() > 3 || (dot != std::string_view::npos && tenth.size() != 1)) return std::nullopt;
    int w = 0, f = 0;
    if (std::from_chars(whole.data(), whole.data() + whole.size(), w).ptr != whole.data() + whole.size()) return std::nullopt;
    if (!tenth.empty() && (tenth[0] < '0' || tenth[0] > '9')) return std::nullopt;
    if (!tenth.empty()) f = tenth[0] - '0';
    const int tenths = w * 10 + f;
    if (w < 0 || tenths > 1000) return std::nullopt;
    return tenths;
}

Targets read_targets(OrganisationStore& store) {
    Targets t;
    if (const auto text = store.setting(setting_key::satisfaction_target))
        t.default_target = parse_target_text(*text).value_or(default_tenths);
    t.units = store.unit_targets();
    return t;
}

nlohmann::ordered_json target_json(int tenths) {
    if (tenths % 10 == 0) return tenths / 10;
    return tenths / 10.0;
}

std::string_view status(const nlohmann::ordered_json& g, int tenths) {
    if (g.value("suppressed", false)) return "not_enough";
    const auto& ci = g.find("ci95");
    if (ci == g.end() || !ci->is_array() || ci->size() != 2) return "not_enough";
    // The bounds have 2 decimals and the target 1: compare in hundredths, exactly.
    const auto hundredths = [](const nlohmann::ordered_json& v) { return static_cast<long long>(std::llround(v.get<double>() * 100)); };
    const long long target = static_cast<long long>(tenths) * 10;
    if (hundredths((*ci)[0]) >= target) return "met";
    if (hundredths((*ci)[1]) < target) return "missed";
    return "uncertain";
}

void annotate(nlohmann::ordered_json& groups, const Targets& targets) {
    for (auto& g : groups) {
        const std::string department = g.contains("department") && g["department"].is_string() ? g["department"].get<std::string>() : "";
        const int t = targets.for_department(department);
        g["target"] = target_json(t);
        g["target_status"] = std::string(status(g, t));
    }
}

}  // namespace hailong::server::targets
