#include "hailong/submission_codec.hpp"

#include <set>

#include "hailong/json_reader.hpp"
#include "hailong/json_strict.hpp"
#include "hailong/text.hpp"

namespace hailong {
namespace {

using nlohmann::json;

Rating decode_rating(const JsonObjectReader& parent) {
    const JsonObjectReader r(parent.require("rating"), parent.path("rating"));
    Rating rating;
    rating.scale = r.integer_in(r.require("scale"), r.path("scale"), 3, 5, "error.rating.scale", {});
    if (rating.scale == 4) reject(error_code::invalid_value, r.path("scale"), "error.rating.scale");
    const std::string max = std::to_string(rating.scale);
    rating.value = r.integer_in(r.require("value"), r.path("value"), 1, rating.scale, "error.rating.value",
                                {{"max", max}, {"scale", max}});
    return rating;
}

Tt01Answers decode_tt01(const JsonObjectReader& parent) {
    Tt01Answers tt01;
    const json* v = parent.get("tt01");
    if (!v) return tt01;
    const JsonObjectReader r(*v, parent.path("tt01"));
    auto points = [&](std::string_view key) -> std::optional<int> {
        const json* p = r.get(key);
        if (!p) return std::nullopt;
        return r.integer_in(*p, r.path(key), 0, 2, "error.tt01.points", {});
    };
    tt01.time = points("time");
    tt01.contacts = points("contacts");
    tt01.agencies = points("agencies");
    tt01.attitude = points("attitude");
    return tt01;
}

std::vector<std::string> decode_reasons(const JsonObjectReader& parent) {
    std::vector<std::string> reasons;
    const json* v = parent.get("reasons");
    if (!v) return reasons;
    const std::string field = parent.path("reasons");
    if (!v->is_array()) reject(error_code::invalid_shape, field, "error.type.array");
    if (v->size() > max_reasons)
        reject(error_code::invalid_value, field, "error.reasons.too_many",
               {{"count", std::to_string(v->size())}, {"max", std::to_string(max_reasons)}});
    std::set<std::string> seen;
    for (std::size_t i = 0; i < v->size(); ++i) {
        const std::string item_field = field + "[" + std::to_string(i) + "]";
        std::string code = JsonObjectReader::checked_code((*v)[i], item_field);
        if (!seen.insert(code).second) reject(error_code::invalid_value, item_field, "error.reasons.repeated", {{"code", code}});
        reasons.push_back(std::move(code));
    }
    return reasons;
}

bool is_language_tag(std::string_view tag) {
    // BCP 47 in the small: a 2-3 letter primary language, optional subtags of 2-8 letters/digits.
    if (tag.empty() || tag.size() > 35) return false;
    std::size_t start = 0;
    bool first = true;
    while (start <= tag.size()) {
        const auto end = std::min(tag.find('-', start), tag.size());
        const auto part = tag.substr(start, end - start);
        const std::size_t lo = first ? 2 : 1, hi = first ? 3 : 8;
        if (part.size() < lo || part.size() > hi) return false;
        for (const char c : part) {
            const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!letter && (first || !(c >= '0' && c <= '9'))) return false;
        }
        first = false;
        start = end + 1;
    }
    return true;
}

json optional_json(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

// The message key for an RFC 3339 time that did not parse.
const char* time_error_key(TimeError why) {
    return why == TimeError::missing_offset ? "error.time.missing_offset"
           : why == TimeError::out_of_range ? "error.time.out_of_range"
                                            : "error.time.syntax";
}

}  // namespace

std::string_view to_string(DossierStage stage) { return stage == DossierStage::filing ? "filing" : "collection"; }

std::optional<DossierStage> parse_dossier_stage(std::string_view text) {
    if (text == "filing") return DossierStage::filing;
    if (text == "collection") return DossierStage::collection;
    return std::nullopt;
}

Submission decode_submission(const json& value, const std::string& path) {
    const JsonObjectReader r(value, path);
    Submission s;

    const std::string& id_text = r.string_value(r.require("id"), "id");
    const auto id = Uuid::parse(id_text);
    if (!id || id->is_nil()) reject(error_code::invalid_value, r.path("id"), "error.uuid");
    s.id = *id;

    const std::string& created = r.string_value(r.require("created_at"), "created_at");
    TimeError why{};
    const auto ts = parse_rfc3339(created, &why);
    if (!ts) reject(error_code::invalid_value, r.path("created_at"), time_error_key(why));
    s.created_at = *ts;

    s.department = r.required_code("department");
    s.officer = r.optional_code("officer");
    s.service = r.optional_code("service");
    s.dossier = r.optional_code("dossier");
    if (const json* lang = r.get("lang")) {
        const std::string& tag = r.string_value(*lang, "lang");
        if (!is_language_tag(tag)) reject(error_code::invalid_value, r.path("lang"), "error.lang.format");
        s.lang = tag;
    }
    s.rating = decode_rating(r);
    s.tt01 = decode_tt01(r);
    s.reasons = decode_reasons(r);
    s.comment = r.optional_text("comment", TextRules{max_comment_chars, true});
    s.contact = r.optional_text("contact", TextRules{max_contact_chars, false});
    s.tracking_code = r.optional_code("tracking_code");
    if (const json* h = r.get("harassment")) {
        if (!h->is_boolean()) reject(error_code::invalid_shape, r.path("harassment"), "error.type.boolean");
        s.harassment = h->get<bool>();
    }
    if (const json* st = r.get("stage")) {
        s.stage = parse_dossier_stage(r.string_value(*st, "stage"));
        if (!s.stage) reject(error_code::invalid_value, r.path("stage"), "error.stage");
    }
    // An empty comment or contact carries nothing; storing it as absent keeps "has a comment"
    // queries honest.
    if (s.comment && s.comment->empty()) s.comment.reset();
    if (s.contact && s.contact->empty()) s.contact.reset();
    return s;
}

DecodedBatch decode_submission_batch(std::string_view body) {
    const json doc = parse_strict_json(body);
    const JsonObjectReader r(doc, "");
    DecodedBatch batch;
    batch.kiosk_id = r.required_code("kiosk_id");
    const json& list = r.require("submissions");
    if (!list.is_array()) reject(error_code::invalid_shape, "submissions", "error.type.array");
    if (list.size() > max_batch_submissions)
        reject(error_code::batch_too_large, "submissions", "error.batch.too_large",
               {{"count", std::to_string(list.size())}, {"max", std::to_string(max_batch_submissions)}});

    if (const json* duty = r.get("duty")) {
        if (!duty->is_array()) reject(error_code::invalid_shape, "duty", "error.type.array");
        if (duty->size() > max_batch_duty_events)
            reject(error_code::batch_too_large, "duty", "error.batch.too_large",
                   {{"count", std::to_string(duty->size())}, {"max", std::to_string(max_batch_duty_events)}});
        batch.has_duty = true;
        for (std::size_t i = 0; i < duty->size(); ++i) {
            DecodedDuty item;
            const json& element = (*duty)[i];
            if (element.is_object()) {
                if (const auto it = element.find("id"); it != element.end() && it->is_string()) item.id = it->get<std::string>();
            }
            try {
                item.event = decode_duty_event(element, "duty[" + std::to_string(i) + "]");
            } catch (const InputError& e) {
                item.error = e.error();
            }
            batch.duty.push_back(std::move(item));
        }
    }

    batch.items.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
        DecodedSubmission item;
        const json& element = list[i];
        if (element.is_object()) {
            if (const auto it = element.find("id"); it != element.end() && it->is_string()) item.id = it->get<std::string>();
        }
        try {
            item.submission = decode_submission(element, "submissions[" + std::to_string(i) + "]");
        } catch (const InputError& e) {
            item.error = e.error();
        }
        batch.items.push_back(std::move(item));
    }
    return batch;
}

json encode_submission(const Submission& s) {
    json tt01 = json::object();
    if (s.tt01.time) tt01["time"] = *s.tt01.time;
    if (s.tt01.contacts) tt01["contacts"] = *s.tt01.contacts;
    if (s.tt01.agencies) tt01["agencies"] = *s.tt01.agencies;
    if (s.tt01.attitude) tt01["attitude"] = *s.tt01.attitude;
    return json{
        {"id", s.id.to_string()},
        {"created_at", format_rfc3339(s.created_at.instant, s.created_at.offset)},
        {"department", s.department},
        {"officer", optional_json(s.officer)},
        {"service", optional_json(s.service)},
        {"dossier", optional_json(s.dossier)},
        {"lang", optional_json(s.lang)},
        {"rating", {{"scale", s.rating.scale}, {"value", s.rating.value}}},
        {"tt01", tt01},
        {"reasons", s.reasons},
        {"comment", optional_json(s.comment)},
        {"contact", optional_json(s.contact)},
        {"tracking_code", optional_json(s.tracking_code)},
        {"harassment", s.harassment ? json(*s.harassment) : json(nullptr)},
        {"stage", s.stage ? json(std::string(to_string(*s.stage))) : json(nullptr)},
    };
}

std::string encode_submission_batch(std::string_view kiosk_id, const std::vector<Submission>& submissions,
                                    const std::vector<DutyEvent>& duty) {
    json list = json::array();
    for (const Submission& s : submissions) list.push_back(encode_submission(s));
    json body{{"kiosk_id", kiosk_id}, {"submissions", std::move(list)}};
    if (!duty.empty()) {
        json events = json::array();
        for (const DutyEvent& e : duty) events.push_back(encode_duty_event(e));
        body["duty"] = std::move(events);
    }
    return body.dump();
}

std::string_view to_string(DutyKind kind) { return kind == DutyKind::sign_in ? "sign_in" : "sign_out"; }

std::optional<DutyKind> parse_duty_kind(std::string_view text) {
    if (text == "sign_in") return DutyKind::sign_in;
    if (text == "sign_out") return DutyKind::sign_out;
    return std::nullopt;
}

namespace {
constexpr std::pair<DutyMethod, std::string_view> duty_method_names[] = {
    {DutyMethod::card, "card"},         {DutyMethod::pin, "pin"},       {DutyMethod::shift_end, "shift_end"},
    {DutyMethod::replaced, "replaced"}, {DutyMethod::manual, "manual"}, {DutyMethod::admin, "admin"},
};
}  // namespace

std::string_view to_string(DutyMethod method) {
    for (const auto& [m, name] : duty_method_names) {
        if (m == method) return name;
    }
    return "manual";
}

std::optional<DutyMethod> parse_duty_method(std::string_view text) {
    for (const auto& [m, name] : duty_method_names) {
        if (name == text) return m;
    }
    return std::nullopt;
}

DutyEvent decode_duty_event(const json& value, const std::string& path) {
    const JsonObjectReader r(value, path);
    DutyEvent e;
    const auto id = Uuid::parse(r.string_value(r.require("id"), "id"));
    if (!id || id->is_nil()) reject(error_code::invalid_value, r.path("id"), "error.uuid");
    e.id = *id;
    TimeError why{};
    const auto at = parse_rfc3339(r.string_value(r.require("at"), "at"), &why);
    if (!at) reject(error_code::invalid_value, r.path("at"), time_error_key(why));
    e.at = *at;
    const auto kind = parse_duty_kind(r.string_value(r.require("event"), "event"));
    if (!kind) reject(error_code::invalid_value, r.path("event"), "error.duty.event");
    e.kind = *kind;
    e.officer = r.optional_code("officer");
    if (e.kind == DutyKind::sign_in && !e.officer) reject(error_code::missing_field, r.path("officer"), "error.duty.officer");
    if (const json* m = r.get("method")) {
        e.method = parse_duty_method(r.string_value(*m, "method"));
        // "admin" is the server's own mark for a correction; no kiosk may claim it.
        if (!e.method || *e.method == DutyMethod::admin) reject(error_code::invalid_value, r.path("method"), "error.duty.method");
    }
    return e;
}

json encode_duty_event(const DutyEvent& e) {
    json out{{"id", e.id.to_string()},
             {"at", format_rfc3339(e.at.instant, e.at.offset)},
             {"event", std::string(to_string(e.kind))},
             {"officer", optional_json(e.officer)}};
    if (e.method) out["method"] = std::string(to_string(*e.method));
    return out;
}

WireError to_wire(const FieldError& error, const Translator& translator, std::string_view lang) {
    return WireError{error.code, error.field, translator.render(error.message, lang)};
}

namespace {
json wire_json(const WireError& e) { return json{{"code", e.code}, {"message", e.message}, {"field", e.field}}; }

WireError wire_from(const JsonObjectReader& r) {
    WireError e;
    e.code = r.string_value(r.require("code"), "code");
    if (const json* m = r.get("message")) e.message = r.string_value(*m, "message");
    if (const json* f = r.get("field")) e.field = r.string_value(*f, "field");
    return e;
}
}  // namespace

std::string encode_error_body(const WireError& error) {
    // An error may repeat what a client sent (a field path, a code); should any of it not be
    // UTF-8, the answer shows U+FFFD there rather than failing to be written at all.
    return json{{"error", wire_json(error)}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

WireError decode_error_body(std::string_view body) {
    const json doc = parse_strict_json(body);
    const JsonObjectReader r(doc, "");
    return wire_from(JsonObjectReader(r.require("error"), "error"));
}

std::string_view to_string(ResultStatus status) {
    switch (status) {
    case ResultStatus::accepted: return "accepted";
    case ResultStatus::duplicate: return "duplicate";
    case ResultStatus::rejected: return "rejected";
    }
    return "rejected";
}

namespace {
json results_json(const std::vector<SubmissionResult>& results) {
    json list = json::array();
    for (const SubmissionResult& res : results) {
        json item{{"id", optional_json(res.id)}, {"status", to_string(res.status)}};
        if (res.error) item["error"] = wire_json(*res.error);
        list.push_back(std::move(item));
    }
    return list;
}

std::vector<SubmissionResult> results_from(const json& list, const std::string& key);
}  // namespace

std::string encode_results(const std::vector<SubmissionResult>& results,
                           const std::optional<std::vector<SubmissionResult>>& duty_results) {
    json body{{"results", results_json(results)}};
    if (duty_results) body["duty_results"] = results_json(*duty_results);
    return body.dump();
}

std::vector<SubmissionResult> decode_results(std::string_view body) {
    const json doc = parse_strict_json(body);
    const JsonObjectReader r(doc, "");
    return results_from(r.require("results"), "results");
}

std::optional<std::vector<SubmissionResult>> decode_duty_results(std::string_view body) {
    const json doc = parse_strict_json(body);
    const JsonObjectReader r(doc, "");
    const json* list = r.get("duty_results");
    if (!list) return std::nullopt;
    return results_from(*list, "duty_results");
}

namespace {
std::vector<SubmissionResult> results_from(const json& list, const std::string& key) {
    if (!list.is_array()) reject(error_code::invalid_shape, key, "error.type.array");
    std::vector<SubmissionResult> results;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const JsonObjectReader item(list[i], key + "[" + std::to_string(i) + "]");
        SubmissionResult res;
        if (const json* id = item.get("id")) res.id = item.string_value(*id, "id");
        const std::string& status = item.string_value(item.require("status"), "status");
        if (status == "accepted") {
            res.status = ResultStatus::accepted;
        } else if (status == "duplicate") {
            res.status = ResultStatus::duplicate;
        } else if (status == "rejected") {
            res.status = ResultStatus::rejected;
            if (const json* e = item.get("error")) res.error = wire_from(JsonObjectReader(*e, item.path("error")));
        } else {
            reject(error_code::invalid_value, item.path("status"), "error.result.status");
        }
        results.push_back(std::move(res));
    }
    return results;
}
}  // namespace


}  // namespace hailong
