#include "hailong/server/api/kiosk_api.hpp"

#include <map>

#include "hailong/json_reader.hpp"
#include "hailong/json_strict.hpp"
#include "hailong/server/store/credentials.hpp"
#include "hailong/server/store/setting_keys.hpp"
#include "hailong/survey.hpp"

namespace hailong::server {

using nlohmann::json;

namespace {
// A setting that is absent or empty (set-shift-end none) is null.
json optional_setting(const std::optional<std::string>& value) { return value && !value->empty() ? json(*value) : json(nullptr); }
}  // namespace

KioskApi::KioskApi(Store& store, Now clock, RateLimiter* limiter)
    : store_(store), clock_(std::move(clock)), limiter_(limiter) {}

std::variant<Kiosk, Answer> KioskApi::admit(std::string_view authorization, std::string_view lang) {
    auto auth = authenticate_kiosk(store_, authorization, lang);
    if (limiter_ && std::holds_alternative<Kiosk>(auth)) {
        const auto wait = limiter_->acquire(std::get<Kiosk>(auth).id, RateLimiter::Clock::now());
        if (wait > RateLimiter::Clock::duration::zero()) return too_many_requests(wait, "error.rate_limited", lang);
    }
    return auth;
}

Answer KioskApi::config(std::string_view authorization, std::string_view if_none_match, std::string_view lang) {
    auto auth = admit(authorization, lang);
    if (auto* refused = std::get_if<Answer>(&auth)) return std::move(*refused);
    const Kiosk& kiosk = std::get<Kiosk>(auth);

    std::string department_name;
    for (const Department& d : store_.departments()) {
        if (d.code == kiosk.department) department_name = d.name;
    }
    // Each officer with what the kiosk needs to check their sign-in offline (docs/security.md,
    // "Officers at the counter"): hashes only, never a PIN or a card's secret.
    std::map<std::string, OfficerCredentials> credentials;
    for (OfficerCredentials& c : store_.officer_credentials(kiosk.department)) credentials.emplace(c.officer, std::move(c));
    json officers = json::array();
    for (const Officer& o : store_.officers(kiosk.department)) {
        json officer{{"code", o.code}, {"name", o.name}};
        if (const auto c = credentials.find(o.code); c != credentials.end()) {
            if (c->second.pin_hash) officer["pin_hash"] = *c->second.pin_hash;
            if (c->second.card_hash) officer["card_hash"] = *c->second.card_hash;
        }
        officers.push_back(std::move(officer));
    }
    json services = json::array();
    for (const Service& s : store_.services()) {
        if (!s.department || *s.department == kiosk.department) services.push_back({{"code", s.code}, {"name", s.name}});
    }
    const json body{
        {"kiosk_id", kiosk.id},
        {"kiosk_number", kiosk.number},
        {"department", {{"code", kiosk.department}, {"name", department_name}}},
        {"officers", std::move(officers)},
        {"services", std::move(services)},
        {"survey", encode_survey(default_survey(), Translator::builtin())},
        {"shift_end", optional_setting(store_.setting(setting_key::shift_end))},
        {"agency_name", optional_setting(store_.setting(setting_key::agency_name))},
    };
    std::string text = body.dump();
    // The ETag is a digest of the body itself, so it changes exactly when the content does and
    // every server process computes the same one.
    const std::string etag = "\"" + hash_token(text).substr(0, 32) + "\"";
    if (if_none_match == etag) return {304, "", {{"ETag", etag}}};
    return {200, std::move(text), {{"ETag", etag}, {"Cache-Control", "no-cache"}}};
}

Answer KioskApi::heartbeat(std::string_view authorization, std::string_view body, std::string_view lang) {
    auto auth = admit(authorization, lang);
    if (auto* refused = std::get_if<Answer>(&auth)) return std::move(*refused);
    const Kiosk& kiosk = std::get<Kiosk>(auth);

    Heartbeat h;
    h.kiosk_id = kiosk.id;
    h.received_at = clock_();
    try {
        const json doc = parse_strict_json(body);
        const JsonObjectReader r(doc, "");
        h.app_version = r.optional_text("app_version", TextRules{64, false}).value_or("");
        if (h.app_version.empty()) reject(error_code::missing_field, "app_version", "error.missing");
        h.queue_depth = r.integer_in(r.require("queue_depth"), "queue_depth", 0, std::numeric_limits<int>::max(),
                                     "error.heartbeat.queue_depth", {});
        h.last_error = r.optional_text("last_error", TextRules{1000, true}).value_or("");
        if (const json* clock = r.get("clock")) {
            TimeError why{};
            const auto ts = parse_rfc3339(r.string_value(*clock, "clock"), &why);
            if (!ts) reject(error_code::invalid_value, "clock", "error.time.syntax");
            h.kiosk_clock = ts->instant;
        }
    } catch (const InputError& e) {
        return error_answer(400, e.error(), lang);
    }
    store_.record_heartbeat(h);
    return {204, "", {}};
}

Answer KioskApi::dossier(std::string_view authorization, std::string_view code, std::string_view lang) {
    auto auth = admit(authorization, lang);
    if (auto* refused = std::get_if<Answer>(&auth)) return std::move(*refused);
    if (!is_valid_code(code))
        return bad_request("dossier", error_code::invalid_value, Message("error.code.format", {{"max", std::to_string(max_code_length)}}), lang);
    const std::string dossier(code);
    const auto status = store_.dossier_status(dossier);
    if (!status) return {200, json{{"dossier", dossier}, {"known", false}}.dump(), {{"Cache-Control", "no-store"}}};
    json service = nullptr;
    if (status->service) {
        // A procedure not in the organisation's list yet is shown by its code.
        std::string name = *status->service;
        for (const Service& s : store_.services())
            if (s.code == *status->service) name = s.name;
        service = {{"code", *status->service}, {"name", name}};
    }
    const json body{{"dossier", dossier},
                    {"known", true},
                    {"department", status->department ? json(*status->department) : json(nullptr)},
                    {"service", std::move(service)},
                    {"stage", status->collection ? "collection" : "filing"},
                    {"rated", {{"filing", status->rated_filing}, {"collection", status->rated_collection}}}};
    return {200, body.dump(), {{"Cache-Control", "no-store"}}};
}

}  // namespace hailong::server
