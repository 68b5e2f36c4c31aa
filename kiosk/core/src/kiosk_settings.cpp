#include "hailong/kiosk/kiosk_settings.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>
#include <stdexcept>

#include "hailong/field_error.hpp"
#include "hailong/json_reader.hpp"
#include "hailong/json_strict.hpp"
#include "hailong/kiosk/config_cache.hpp"
#include "hailong/kiosk/lookup_link.hpp"
#include "hailong/message.hpp"

namespace hailong::kiosk {

namespace {

using nlohmann::json;

const TextRules name_rules{200, false};

void refuse_unknown_keys(const json& object, const JsonObjectReader& reader, std::initializer_list<std::string_view> known) {
    for (const auto& [key, value] : object.items()) {
        if (std::find(known.begin(), known.end(), key) == known.end())
            reject(error_code::invalid_value, reader.path(key), "error.settings.unknown_key");
    }
}

std::string text_member(const JsonObjectReader& r, std::string_view key, bool required) {
    if (required) return JsonObjectReader::checked_text(r.string_value(r.require(key), key), name_rules, r.path(key));
    return r.optional_text(key, name_rules).value_or("");
}

std::string string_member(const JsonObjectReader& r, std::string_view key, std::string fallback) {
    const json* v = r.get(key);
    return v ? r.string_value(*v, key) : fallback;
}

bool bool_member(const JsonObjectReader& r, std::string_view key, bool fallback) {
    const json* v = r.get(key);
    if (!v) return fallback;
    if (!v->is_boolean()) reject(error_code::invalid_shape, r.path(key), "error.query.boolean");
    return v->get<bool>();
}

int int_member(const JsonObjectReader& r, std::string_view key, int min, int max, int fallback) {
    const json* v = r.get(key);
    if (!v) return fallback;
    return r.integer_in(*v, r.path(key), min, max, "error.settings.range",
                        {{"min", std::to_string(min)}, {"max", std::to_string(max)}});
}

std::string language_member(const JsonObjectReader& r, std::string_view key) {
    const json* v = r.get(key);
    if (!v) return "vi";
    const std::string& lang = r.string_value(*v, key);
    if (std::find(std::begin(languages), std::end(languages), lang) == std::end(languages))
        reject(error_code::invalid_value, r.path(key), "error.lang.format");
    return lang;
}

const json& array_member(const JsonObjectReader& r, std::string_view key) {
    static const json empty = json::array();
    const json* v = r.get(key);
    if (!v) return empty;
    if (!v->is_array()) reject(error_code::invalid_shape, r.path(key), "error.type.array");
    return *v;
}

template <class T, class Read>
std::vector<T> list_member(const JsonObjectReader& r, std::string_view key, Read read) {
    std::vector<T> items;
    std::set<std::string> codes;
    const json& array = array_member(r, key);
    for (std::size_t i = 0; i < array.size(); ++i) {
        const std::string path = r.path(key) + "[" + std::to_string(i) + "]";
        T item = read(JsonObjectReader(array[i], path), array[i]);
        if (!codes.insert(item.code).second)
            reject(error_code::invalid_value, path + ".code", "error.settings.duplicate_code", {{"code", item.code}});
        items.push_back(std::move(item));
    }
    return items;
}

template <class T>
std::optional<std::string> listed_code(const JsonObjectReader& r, std::string_view key, const std::vector<T>& list,
                                       std::string_view list_name) {
    auto code = r.optional_code(key);
    if (code && std::none_of(list.begin(), list.end(), [&](const T& item) { return item.code == *code; }))
        reject(error_code::invalid_value, r.path(key), "error.settings.not_listed",
               {{"code", *code}, {"list", std::string(list_name)}});
    return code;
}

// A telephone number as people write it: "1900 1234", "0237.3.123.456", "+84 (237) 3123456".
bool valid_hotline(std::string_view text) {
    if (text.size() < 3 || text.size() > 20) return false;
    std::size_t digits = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            ++digits;
        } else if (!(c == ' ' || c == '.' || c == '-' || c == '(' || c == ')' || (c == '+' && i == 0))) {
            return false;
        }
    }
    return digits >= 3;
}

ReceiptPrinterSettings printer_member(const JsonObjectReader& r, std::string_view key) {
    ReceiptPrinterSettings printer;
    const json* v = r.get(key);
    if (!v) return printer;
    const JsonObjectReader p(*v, r.path(key));
    refuse_unknown_keys(*v, p, {"device", "queue"});
    if (const json* device = p.get("device")) {
        printer.device = p.string_value(*device, "device");
        if (!printer.device.is_absolute() || printer.device.string().size() > 4096)
            reject(error_code::invalid_value, p.path("device"), "error.settings.printer_device");
    }
    if (const json* queue = p.get("queue")) {
        printer.queue = p.string_value(*queue, "queue");
        if (!valid_cups_queue(printer.queue)) reject(error_code::invalid_value, p.path("queue"), "error.settings.printer_queue");
    }
    if (printer.device.empty() == printer.queue.empty())
        reject(error_code::invalid_value, r.path(key), "error.settings.printer");
    return printer;
}

}  // namespace

KioskSettings parse_kiosk_settings(std::string_view json_text) {
    const json doc = parse_strict_json(json_text);
    const JsonObjectReader r(doc, "");
    refuse_unknown_keys(doc, r,
                        {"kiosk_id", "server_url", "token_file", "ca_file", "data_dir", "department", "site_name",
                         "officers", "services", "officer", "service", "language", "survey", "pin_hash", "fullscreen",
                         "window", "display_dpi", "timeouts", "font_dir", "speech_command", "speech_output", "stage", "shift_end",
                         "public_url", "hotline", "receipt_printer"});
    KioskSettings s;
    s.kiosk_id = r.required_code("kiosk_id");
    s.server_url = string_member(r, "server_url", "");
    s.token_file = string_member(r, "token_file", "");
    s.ca_file = string_member(r, "ca_file", "");
    s.data_dir = string_member(r, "data_dir", s.data_dir.string());

    const json& department = r.require("department");
    const JsonObjectReader d(department, r.path("department"));
    refuse_unknown_keys(department, d, {"code", "name"});
    s.counter.department = d.required_code("code");
    s.department_name = text_member(d, "name", true);
    s.site_name = text_member(r, "site_name", false);

    s.counter.officers = list_member<Officer>(r, "officers", [](const JsonObjectReader& o, const json& raw) {
        refuse_unknown_keys(raw, o, {"code", "name", "photo"});
        return Officer{o.required_code("code"), text_member(o, "name", true), string_member(o, "photo", "")};
    });
    s.counter.services = list_member<Service>(r, "services", [](const JsonObjectReader& o, const json& raw) {
        refuse_unknown_keys(raw, o, {"code", "name"});
        return Service{o.required_code("code"), text_member(o, "name", true)};
    });
    s.counter.officer = listed_code(r, "officer", s.counter.officers, "officers");
    s.counter.service = listed_code(r, "service", s.counter.services, "services");
    s.counter.default_lang = language_member(r, "language");
    if (const json* end = r.get("shift_end")) {
        s.counter.shift_end_override = parse_time_of_day(r.string_value(*end, "shift_end"));
        if (!s.counter.shift_end_override) reject(error_code::invalid_value, r.path("shift_end"), "error.time.syntax");
    }
    if (const json* stage = r.get("stage")) {
        s.counter.stage = parse_dossier_stage(r.string_value(*stage, "stage"));
        if (!s.counter.stage) reject(error_code::invalid_value, r.path("stage"), "error.stage");
    }

    if (const json* survey = r.get("survey")) {
        const JsonObjectReader v(*survey, r.path("survey"));
        refuse_unknown_keys(*survey, v, {"scale", "ask_tt01"});
        if (const json* scale = v.get("scale")) {
            const int n = v.integer_in(*scale, v.path("scale"), 3, 5, "error.rating.scale", {});
            if (n == 4) reject(error_code::invalid_value, v.path("scale"), "error.rating.scale");
            s.counter.survey.scale = n;
        }
        s.counter.survey.ask_tt01 = bool_member(v, "ask_tt01", true);
    }

    s.pin_hash = string_member(r, "pin_hash", "");
    s.fullscreen = bool_member(r, "fullscreen", true);
    if (const json* window = r.get("window")) {
        const JsonObjectReader w(*window, r.path("window"));
        refuse_unknown_keys(*window, w, {"width", "height"});
        s.window_width = int_member(w, "width", 320, 8192, s.window_width);
        s.window_height = int_member(w, "height", 240, 8192, s.window_height);
    }
    if (r.get("display_dpi")) s.display_dpi = int_member(r, "display_dpi", 50, 1000, 0);
    if (const json* timeouts = r.get("timeouts")) {
        const JsonObjectReader t(*timeouts, r.path("timeouts"));
        refuse_unknown_keys(*timeouts, t,
                            {"inactivity_seconds", "warning_seconds", "rated_inactivity_seconds", "rated_warning_seconds",
                             "thanks_seconds", "complaint_thanks_seconds"});
        FlowTimeouts& f = s.counter.timeouts;
        const auto seconds = [&](std::string_view key, int min, int max, std::chrono::seconds fallback) {
            return std::chrono::seconds(int_member(t, key, min, max, static_cast<int>(fallback.count())));
        };
        f.inactivity = seconds("inactivity_seconds", 10, 600, f.inactivity);
        f.warning = seconds("warning_seconds", static_cast<int>(min_warning.count()), 120, f.warning);
        f.rated_inactivity = seconds("rated_inactivity_seconds", 10, 600, f.rated_inactivity);
        f.rated_warning = seconds("rated_warning_seconds", static_cast<int>(min_rated_warning.count()), 120, f.rated_warning);
        f.thanks = seconds("thanks_seconds", 2, 60, f.thanks);
        f.thanks_complaint = seconds("complaint_thanks_seconds", 10, 300, f.thanks_complaint);
    }
    s.font_dir = string_member(r, "font_dir", s.font_dir.string());
    s.speech_command = string_member(r, "speech_command", s.speech_command);
    if (const json* output = r.get("speech_output")) {
        const auto parsed = parse_speech_output(r.string_value(*output, "speech_output"));
        if (!parsed) reject(error_code::invalid_value, r.path("speech_output"), "error.settings.speech_output");
        s.speech_output = *parsed;
    }

    if (const json* url = r.get("public_url")) {
        const auto base = public_base_url(r.string_value(*url, "public_url"));
        if (!base) reject(error_code::invalid_value, r.path("public_url"), "error.settings.public_url");
        s.public_url = *base;
    } else {
        // The server's own address serves lookup.html too; when it is not a plain http(s) address
        // there is simply no link, as there is no server.
        s.public_url = public_base_url(s.server_url).value_or("");
    }
    if (const json* hotline = r.get("hotline")) {
        s.hotline = r.string_value(*hotline, "hotline");
        if (!valid_hotline(s.hotline)) reject(error_code::invalid_value, r.path("hotline"), "error.settings.hotline");
    }
    s.receipt_printer = printer_member(r, "receipt_printer");
    return s;
}

KioskSettings load_kiosk_settings(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw MessageError(Message("cli.file.unreadable", {{"path", file.string()}, {"reason", std::strerror(errno)}}));
    std::ostringstream text;
    text << in.rdbuf();
    return parse_kiosk_settings(text.str());
}

std::string read_token_file(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string token;
    if (!in || !std::getline(in, token)) throw std::runtime_error(file.string() + ": cannot read the kiosk token");
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (token.empty()) throw std::runtime_error(file.string() + ": the kiosk token file is empty");
    return token;
}

}  // namespace hailong::kiosk
