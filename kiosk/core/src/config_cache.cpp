#include "hailong/kiosk/config_cache.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "hailong/json_reader.hpp"
#include "hailong/json_strict.hpp"
#include "hailong/kiosk/atomic_file.hpp"
#include "hailong/survey.hpp"
#include "hailong/tracking_code.hpp"

namespace hailong::kiosk {
namespace {

using nlohmann::json;

// Names of departments, officers and services, and reason labels: as the organisation CSV allows.
constexpr std::size_t max_name_chars = 200;
// The cache file's own layout; bump it if the wrapper (not the server's body) ever changes.
constexpr int cache_format = 1;

std::string element_path(const std::string& array_path, std::size_t i) {
    return array_path + "[" + std::to_string(i) + "]";
}

std::string required_text(const JsonObjectReader& r, std::string_view key) {
    auto text = r.optional_text(key, TextRules{max_name_chars, false});
    if (!text) reject(error_code::missing_field, r.path(key), "error.missing");
    return std::move(*text);
}

const json& required_array(const JsonObjectReader& r, std::string_view key) {
    const json& v = r.require(key);
    if (!v.is_array()) reject(error_code::invalid_shape, r.path(key), "error.type.array");
    return v;
}

std::vector<NamedCode> decode_named_list(const JsonObjectReader& parent, std::string_view key) {
    const json& list = required_array(parent, key);
    const std::string path = parent.path(key);
    std::vector<NamedCode> out;
    out.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
        const JsonObjectReader r(list[i], element_path(path, i));
        out.push_back({r.required_code("code"), required_text(r, "name")});
    }
    return out;
}

ConfigSurvey decode_config_survey(const JsonObjectReader& parent) {
    const JsonObjectReader r(parent.require("survey"), parent.path("survey"));
    ConfigSurvey survey;
    survey.scale = r.integer_in(r.require("scale"), r.path("scale"), 3, 5, "error.rating.scale", {});
    if (survey.scale == 4) reject(error_code::invalid_value, r.path("scale"), "error.rating.scale");
    const json& ask = r.require("ask_tt01");
    if (!ask.is_boolean()) reject(error_code::invalid_shape, r.path("ask_tt01"), "error.query.boolean");
    survey.ask_tt01 = ask.get<bool>();

    const json& reasons = required_array(r, "reasons");
    const std::string path = r.path("reasons");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < reasons.size(); ++i) {
        const JsonObjectReader item(reasons[i], element_path(path, i));
        ConfigReason reason;
        reason.code = item.required_code("code");
        if (!seen.insert(reason.code).second)
            reject(error_code::invalid_value, item.path("code"), "error.reasons.repeated", {{"code", reason.code}});
        const JsonObjectReader label(item.require("label"), item.path("label"));
        for (const auto& [lang, text] : item.require("label").items()) {
            reason.label[lang] = JsonObjectReader::checked_text(label.string_value(text, lang), TextRules{max_name_chars, false},
                                                                label.path(lang));
        }
        survey.reasons.push_back(std::move(reason));
    }
    return survey;
}

std::optional<std::int64_t> decode_kiosk_number(const JsonObjectReader& r) {
    const json* v = r.get("kiosk_number");
    if (!v) return std::nullopt;
    if (!v->is_number_integer()) reject(error_code::invalid_shape, r.path("kiosk_number"), "error.type.integer");
    const bool in_range = v->is_number_unsigned()
                              ? v->get<std::uint64_t>() >= 1 &&
                                    v->get<std::uint64_t>() <= static_cast<std::uint64_t>(tracking_code::max_kiosk_number)
                              : v->get<std::int64_t>() >= 1 && v->get<std::int64_t>() <= tracking_code::max_kiosk_number;
    if (!in_range) reject(error_code::invalid_value, r.path("kiosk_number"), "error.json.number_range");
    return v->get<std::int64_t>();
}

// An officer's optional `pin_hash` (a crypto_pwhash_str string) and `card_hash` (64 lowercase hex).
void decode_credentials(const JsonObjectReader& parent, KioskConfig& c) {
    const json& list = parent.require("officers");
    const std::string path = parent.path("officers");
    for (std::size_t i = 0; i < list.size(); ++i) {
        const JsonObjectReader r(list[i], element_path(path, i));
        OfficerCredentials creds;
        if (const json* pin = r.get("pin_hash")) {
            creds.pin_hash = r.string_value(*pin, "pin_hash");
            if (creds.pin_hash.empty() || creds.pin_hash.size() > 127 || creds.pin_hash.front() != '$')
                reject(error_code::invalid_value, r.path("pin_hash"), "error.code.format");
        }
        if (const json* card = r.get("card_hash")) {
            creds.card_hash = r.string_value(*card, "card_hash");
            const bool hex = creds.card_hash.size() == 64 &&
                             std::all_of(creds.card_hash.begin(), creds.card_hash.end(),
                                         [](char ch) { return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'); });
            if (!hex) reject(error_code::invalid_value, r.path("card_hash"), "error.code.format");
        }
        if (!creds.pin_hash.empty() || !creds.card_hash.empty()) c.credentials[c.officers[i].code] = std::move(creds);
    }
}

KioskConfig decode_config_json(const json& doc) {
    const JsonObjectReader r(doc, "");
    KioskConfig c;
    c.kiosk_id = r.required_code("kiosk_id");
    const JsonObjectReader d(r.require("department"), r.path("department"));
    c.department = {d.required_code("code"), required_text(d, "name")};
    c.officers = decode_named_list(r, "officers");
    c.services = decode_named_list(r, "services");
    c.survey = decode_config_survey(r);
    c.kiosk_number = decode_kiosk_number(r);
    decode_credentials(r, c);
    if (const json* end = r.get("shift_end")) {
        c.shift_end = parse_time_of_day(r.string_value(*end, "shift_end"));
        if (!c.shift_end) reject(error_code::invalid_value, r.path("shift_end"), "error.time.syntax");
    }
    return c;
}

}  // namespace

std::optional<std::chrono::minutes> parse_time_of_day(std::string_view t) {
    const auto digit = [](char ch) { return ch >= '0' && ch <= '9'; };
    if (t.size() != 5 || t[2] != ':' || !digit(t[0]) || !digit(t[1]) || !digit(t[3]) || !digit(t[4])) return std::nullopt;
    const int h = (t[0] - '0') * 10 + (t[1] - '0');
    const int m = (t[3] - '0') * 10 + (t[4] - '0');
    if (h > 23 || m > 59) return std::nullopt;
    return std::chrono::minutes{h * 60 + m};
}

const std::string& ConfigReason::label_in(std::string_view lang) const { return hailong::label_in(label, lang, code); }

bool KioskConfig::same_content(const KioskConfig& o) const {
    return kiosk_id == o.kiosk_id && department == o.department && officers == o.officers && services == o.services &&
           survey == o.survey && kiosk_number == o.kiosk_number && credentials == o.credentials &&
           shift_end == o.shift_end;
}

CounterConfig counter_from_config(const KioskConfig& server, CounterConfig current,
                                  const std::vector<Officer>& local_officers, const std::vector<Service>& local_services) {
    if (server.source == KioskConfig::Source::bundled) return current;
    current.department = server.department.code;

    current.officers.clear();
    for (const NamedCode& o : server.officers) {
        Officer officer{o.code, o.name, {}, {}, {}};
        for (const Officer& local : local_officers)
            if (local.code == o.code) officer.photo = local.photo;
        if (const auto creds = server.credentials.find(o.code); creds != server.credentials.end()) {
            officer.pin_hash = creds->second.pin_hash;
            officer.card_hash = creds->second.card_hash;
        }
        current.officers.push_back(std::move(officer));
    }
    // The server need not know every procedure of this counter (no hailong-admin command gives a
    // department its services yet): the services set up in the kiosk's own file stay offered.
    current.services.clear();
    for (const NamedCode& s : server.services) current.services.push_back(Service{s.code, s.name});
    for (const Service& local : local_services) {
        if (std::none_of(current.services.begin(), current.services.end(),
                         [&](const Service& s) { return s.code == local.code; }))
            current.services.push_back(local);
    }

    current.shift_end = server.shift_end;
    current.survey.scale = server.survey.scale;
    current.survey.ask_tt01 = server.survey.ask_tt01;
    current.survey.reasons.clear();
    for (const ConfigReason& r : server.survey.reasons) current.survey.reasons.push_back(SurveyReason{r.code, {}, r.label});
    return current;
}

KioskConfig bundled_config(std::string kiosk_id, NamedCode department, std::vector<NamedCode> officers,
                           std::vector<NamedCode> services) {
    KioskConfig c;
    c.kiosk_id = std::move(kiosk_id);
    c.department = std::move(department);
    c.officers = std::move(officers);
    c.services = std::move(services);
    // The same wire form the server sends, decoded the same way: one path for every survey.
    const json survey = encode_survey(default_survey(), Translator::builtin());
    c.survey = decode_config_survey(JsonObjectReader(json{{"survey", survey}}, ""));
    c.source = KioskConfig::Source::bundled;
    return c;
}

KioskConfig decode_kiosk_config(std::string_view body) {
    KioskConfig c = decode_config_json(parse_strict_json(body));
    c.source = KioskConfig::Source::server;
    return c;
}

ConfigCache::ConfigCache(std::filesystem::path dir, KioskConfig fallback) : dir_(std::move(dir)) {
    std::filesystem::create_directories(dir_);
    std::ifstream in(file(), std::ios::binary);
    if (in) {
        std::ostringstream text;
        text << in.rdbuf();
        try {
            const json doc = parse_strict_json(text.str());
            const JsonObjectReader r(doc, "");
            // A file written by a program with another wrapper layout is not guessed at.
            (void)r.integer_in(r.require("format"), "format", cache_format, cache_format, "error.json.number_range", {});
            KioskConfig cached = decode_config_json(r.require("config"));
            cached.etag = r.string_value(r.require("etag"), "etag");
            cached.source = KioskConfig::Source::cache;
            current_ = std::make_shared<const KioskConfig>(std::move(cached));
        } catch (const std::exception& e) {
            load_problem_ = file().string() + ": " + e.what();
        }
    }
    if (!current_) current_ = std::make_shared<const KioskConfig>(std::move(fallback));
}

std::shared_ptr<const KioskConfig> ConfigCache::get() const {
    const std::lock_guard lock(mutex_);
    return current_;
}

std::string ConfigCache::etag() const {
    const std::lock_guard lock(mutex_);
    return current_->etag;
}

std::string ConfigCache::load_problem() const {
    const std::lock_guard lock(mutex_);
    return load_problem_;
}

void ConfigCache::subscribe(Listener listener) {
    std::shared_ptr<const KioskConfig> in_use;
    {
        const std::lock_guard lock(mutex_);
        listeners_.push_back(listener);
        in_use = current_;
    }
    listener(std::move(in_use));
}

ConfigUpdate ConfigCache::apply(std::string_view body, std::string_view etag) {
    std::shared_ptr<const KioskConfig> before;
    ConfigUpdate result;
    {
        const std::lock_guard writing(write_mutex_);
        before = get();
        result = apply_locked(body, etag);
    }
    const bool changed = result.outcome == ConfigUpdate::Outcome::updated ||
                         (result.outcome == ConfigUpdate::Outcome::not_saved && !get()->same_content(*before));
    if (!changed) return result;
    std::vector<Listener> listeners;
    std::shared_ptr<const KioskConfig> now;
    {
        const std::lock_guard lock(mutex_);
        listeners = listeners_;
        now = current_;
    }
    for (const Listener& listener : listeners) listener(now);
    return result;
}

ConfigUpdate ConfigCache::apply_locked(std::string_view body, std::string_view etag) {
    ConfigUpdate result;
    json doc;
    KioskConfig next;
    try {
        doc = parse_strict_json(body);
        next = decode_config_json(doc);
    } catch (const InputError& e) {
        result.outcome = ConfigUpdate::Outcome::invalid;
        result.error = e.error();
        result.detail = e.what();
        return result;
    }
    next.etag = std::string(etag);
    next.source = KioskConfig::Source::server;

    const auto in_use = get();
    const bool same = in_use->source != KioskConfig::Source::bundled && next.same_content(*in_use);
    if (same && in_use->etag == next.etag) {
        result.outcome = ConfigUpdate::Outcome::unchanged;
        return result;
    }
    // The server's object is kept as it came (unknown keys included), so a later version of this
    // program reads everything the server said.
    const json wrapper{{"format", cache_format}, {"etag", next.etag}, {"config", doc}};
    const std::string problem = write_atomically(file(), wrapper.dump());
    {
        const std::lock_guard lock(mutex_);
        current_ = std::make_shared<const KioskConfig>(std::move(next));
    }
    if (!problem.empty()) {
        result.outcome = ConfigUpdate::Outcome::not_saved;
        result.detail = problem;
    } else {
        result.outcome = same ? ConfigUpdate::Outcome::unchanged : ConfigUpdate::Outcome::updated;
    }
    return result;
}

}  // namespace hailong::kiosk
