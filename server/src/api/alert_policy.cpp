#include "hailong/server/api/alert_policy.hpp"

#include "hailong/json_reader.hpp"
#include "hailong/json_strict.hpp"
#include "hailong/server/store/setting_keys.hpp"

namespace hailong::server {

std::string encode_alert_policy(const AlertPolicy& p) {
    return nlohmann::json{{"min_rate", p.min_rate}, {"window", p.window}, {"silent_minutes", p.silent_minutes}, {"harassment_days", p.harassment_days}}
        .dump();
}

AlertPolicy read_alert_policy(const nlohmann::json& doc, const std::string& path, const AlertPolicy& base) {
    const JsonObjectReader r(doc, path);  // refuses anything but an object
    for (const auto& [key, value] : doc.items())
        if (key != "min_rate" && key != "window" && key != "silent_minutes" && key != "harassment_days")
            throw InputError({std::string(error_code::invalid_shape), path, Message("error.agency_settings.unknown_field")});
    AlertPolicy p = base;
    if (const nlohmann::json* rate = r.get("min_rate")) {
        if (!rate->is_number() || rate->get<double>() < 0 || rate->get<double>() > 100)
            throw InputError({std::string(error_code::invalid_value), r.path("min_rate"), Message("error.settings.percent")});
        p.min_rate = rate->get<double>();
    }
    if (const nlohmann::json* window = r.get("window"))
        p.window = r.integer_in(*window, r.path("window"), 1, 10000, "error.settings.range", {{"min", "1"}, {"max", "10000"}});
    if (const nlohmann::json* silent = r.get("silent_minutes"))
        p.silent_minutes = r.integer_in(*silent, r.path("silent_minutes"), 1, 100000, "error.settings.range", {{"min", "1"}, {"max", "100000"}});
    if (const nlohmann::json* days = r.get("harassment_days"))
        p.harassment_days = r.integer_in(*days, r.path("harassment_days"), 1, 366, "error.settings.range", {{"min", "1"}, {"max", "366"}});
    return p;
}

AlertPolicy decode_alert_policy(std::string_view text) { return read_alert_policy(parse_strict_json(text), ""); }

AlertPolicy stored_alert_policy(OrganisationStore& store) {
    const auto text = store.setting(setting_key::alert_policy);
    if (!text) return {};
    try {
        return decode_alert_policy(*text);
    } catch (const InputError&) {
        return {};  // hailong-admin and the settings page check the policy before storing it
    }
}

}  // namespace hailong::server
