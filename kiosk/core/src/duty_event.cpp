#include "hailong/kiosk/duty_event.hpp"

#include <nlohmann/json.hpp>

#include "hailong/field_error.hpp"
#include "hailong/json_reader.hpp"
#include "hailong/json_strict.hpp"

namespace hailong::kiosk {

std::string_view to_string(DutyKind kind) { return kind == DutyKind::sign_in ? "sign_in" : "sign_out"; }

std::string_view to_string(DutyMethod method) {
    switch (method) {
    case DutyMethod::card: return "card";
    case DutyMethod::pin: return "pin";
    case DutyMethod::shift_end: return "shift_end";
    case DutyMethod::replaced: return "replaced";
    case DutyMethod::manual: return "manual";
    }
    return "manual";
}

std::string encode_duty_event(const DutyEvent& e) {
    nlohmann::ordered_json j;
    j["id"] = e.id.to_string();
    j["at"] = format_rfc3339(e.at.instant, e.at.offset);
    j["event"] = std::string(to_string(e.event));
    if (e.officer) j["officer"] = *e.officer;
    if (e.method) j["method"] = std::string(to_string(*e.method));
    return j.dump();
}

DutyEvent decode_duty_event(std::string_view text) {
    const nlohmann::json doc = parse_strict_json(text);
    const JsonObjectReader r(doc, "");
    DutyEvent e;
    const auto id = Uuid::parse(r.string_value(r.require("id"), "id"));
    if (!id) reject(error_code::invalid_value, "id", "error.uuid");
    e.id = *id;
    const auto at = parse_rfc3339(r.string_value(r.require("at"), "at"));
    if (!at) reject(error_code::invalid_value, "at", "error.time.syntax");
    e.at = *at;
    const std::string& event = r.string_value(r.require("event"), "event");
    if (event == "sign_in") e.event = DutyKind::sign_in;
    else if (event == "sign_out") e.event = DutyKind::sign_out;
    else reject(error_code::invalid_value, "event", "error.code.format");
    e.officer = r.optional_code("officer");
    if (const auto* method = r.get("method")) {
        const std::string& m = r.string_value(*method, "method");
        for (const DutyMethod candidate : {DutyMethod::card, DutyMethod::pin, DutyMethod::shift_end, DutyMethod::replaced,
                                           DutyMethod::manual})
            if (m == to_string(candidate)) e.method = candidate;
        if (!e.method) reject(error_code::invalid_value, "method", "error.code.format");
    }
    if (e.event == DutyKind::sign_in && !e.officer) reject(error_code::missing_field, "officer", "error.missing");
    return e;
}

}  // namespace hailong::kiosk
