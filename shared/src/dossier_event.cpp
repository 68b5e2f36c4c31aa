#include "hailong/dossier_event.hpp"

#include "hailong/json_reader.hpp"
#include "hailong/json_strict.hpp"
#include "hailong/text.hpp"

namespace hailong {
namespace {

using nlohmann::json;

Timestamp decode_at(const JsonObjectReader& r) {
    TimeError why{};
    const auto ts = parse_rfc3339(r.string_value(r.require("at"), "at"), &why);
    if (!ts) {
        const char* key = why == TimeError::missing_offset ? "error.time.missing_offset"
                          : why == TimeError::out_of_range ? "error.time.out_of_range"
                                                           : "error.time.syntax";
        reject(error_code::invalid_value, r.path("at"), key);
    }
    return *ts;
}

std::vector<std::string> decode_officers(const JsonObjectReader& r) {
    std::vector<std::string> officers;
    const json* v = r.get("officers");
    if (!v) return officers;
    const std::string field = r.path("officers");
    if (!v->is_array()) reject(error_code::invalid_shape, field, "error.type.array");
    if (v->size() > max_event_officers)
        reject(error_code::invalid_value, field, "error.dossier_event.officers",
               {{"count", std::to_string(v->size())}, {"max", std::to_string(max_event_officers)}});
    for (std::size_t i = 0; i < v->size(); ++i)
        officers.push_back(JsonObjectReader::checked_code((*v)[i], field + "[" + std::to_string(i) + "]"));
    return officers;
}

}  // namespace

std::string_view to_string(DossierEventKind kind) {
    switch (kind) {
    case DossierEventKind::received: return "received";
    case DossierEventKind::supplement_requested: return "supplement_requested";
    case DossierEventKind::returned: return "returned";
    }
    return "?";
}

std::optional<DossierEventKind> parse_dossier_event_kind(std::string_view text) {
    for (const auto kind : {DossierEventKind::received, DossierEventKind::supplement_requested, DossierEventKind::returned})
        if (text == to_string(kind)) return kind;
    return std::nullopt;
}

DossierEvent decode_dossier_event(const json& value, const std::string& path) {
    const JsonObjectReader r(value, path);
    DossierEvent e;
    const auto id = Uuid::parse(r.string_value(r.require("id"), "id"));
    if (!id || id->is_nil()) reject(error_code::invalid_value, r.path("id"), "error.uuid");
    e.id = *id;
    e.dossier = r.required_code("dossier");
    const auto kind = parse_dossier_event_kind(r.string_value(r.require("event"), "event"));
    if (!kind) reject(error_code::invalid_value, r.path("event"), "error.dossier_event.kind");
    e.event = *kind;
    e.at = decode_at(r);
    e.department = r.optional_code("department");
    // A dossier's record needs its department, and the counter that received it knows it.
    if (e.event == DossierEventKind::received && !e.department) reject(error_code::missing_field, r.path("department"), "error.missing");
    e.service = r.optional_code("service");
    e.officers = decode_officers(r);
    if (const json* promised = r.get("promised_on")) {
        e.promised_on = parse_iso_date(r.string_value(*promised, "promised_on"));
        if (!e.promised_on) reject(error_code::invalid_value, r.path("promised_on"), "error.query.date");
    }
    return e;
}

std::vector<DecodedDossierEvent> decode_dossier_event_batch(std::string_view body) {
    const json doc = parse_strict_json(body);
    const JsonObjectReader r(doc, "");
    const json& list = r.require("events");
    if (!list.is_array()) reject(error_code::invalid_shape, "events", "error.type.array");
    if (list.size() > max_batch_dossier_events)
        reject(error_code::batch_too_large, "events", "error.dossier_event.batch_too_large",
               {{"count", std::to_string(list.size())}, {"max", std::to_string(max_batch_dossier_events)}});
    std::vector<DecodedDossierEvent> items;
    items.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
        DecodedDossierEvent item;
        const json& element = list[i];
        if (element.is_object()) {
            if (const auto it = element.find("id"); it != element.end() && it->is_string()) item.id = it->get<std::string>();
        }
        try {
            item.event = decode_dossier_event(element, "events[" + std::to_string(i) + "]");
        } catch (const InputError& e) {
            item.error = e.error();
        }
        items.push_back(std::move(item));
    }
    return items;
}

json encode_dossier_event(const DossierEvent& e) {
    json out{{"id", e.id.to_string()},
             {"dossier", e.dossier},
             {"event", std::string(to_string(e.event))},
             {"at", format_rfc3339(e.at.instant, e.at.offset)},
             {"officers", e.officers}};
    if (e.department) out["department"] = *e.department;
    if (e.service) out["service"] = *e.service;
    if (e.promised_on) out["promised_on"] = format_iso_date(*e.promised_on);
    return out;
}

}  // namespace hailong
