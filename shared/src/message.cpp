#include "hailong/message.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "hailong/text.hpp"

namespace hailong {
namespace embedded {
extern const std::string_view lang_vi;
extern const std::string_view lang_en;
}  // namespace embedded

Catalog Catalog::parse(std::string_view json_text) {
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(json_text);
    } catch (const nlohmann::json::exception& e) {
        throw std::invalid_argument(std::string("language catalogue is not valid JSON: ") + e.what());
    }
    if (!doc.is_object()) throw std::invalid_argument("language catalogue must be a JSON object");
    Catalog catalog;
    for (const auto& [key, value] : doc.items()) {
        if (!value.is_string()) throw std::invalid_argument("language catalogue: \"" + key + "\" is not a string");
        const auto& text = value.get_ref<const std::string&>();
        if (to_nfc(text) != text)
            throw std::invalid_argument("language catalogue: \"" + key + "\" is not in Unicode NFC");
        catalog.entries_.emplace(key, text);
    }
    return catalog;
}

const std::string* Catalog::find(std::string_view key) const {
    const auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : &it->second;
}

std::string substitute(std::string_view text, const std::vector<std::pair<std::string, std::string>>& params) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto open = text.find('{', pos);
        const auto close = open == std::string_view::npos ? open : text.find('}', open);
        if (close == std::string_view::npos) break;
        out.append(text, pos, open - pos);
        const auto name = text.substr(open + 1, close - open - 1);
        const std::string* value = nullptr;
        for (const auto& [k, v] : params) {
            if (k == name) value = &v;
        }
        if (value) {
            out += *value;
        } else {
            out.append(text, open, close - open + 1);
        }
        pos = close + 1;
    }
    out.append(text, pos);
    return out;
}

const Translator& Translator::builtin() {
    static const Translator instance({{"vi", Catalog::parse(embedded::lang_vi)}, {"en", Catalog::parse(embedded::lang_en)}});
    return instance;
}

Translator::Translator(std::map<std::string, Catalog, std::less<>> catalogs) : catalogs_(std::move(catalogs)) {}

const Catalog* Translator::catalog(std::string_view lang) const {
    const auto it = catalogs_.find(lang.substr(0, lang.find_first_of("-_")));
    return it == catalogs_.end() ? nullptr : &it->second;
}

std::string Translator::render(const Message& message, std::string_view lang) const {
    for (const std::string_view candidate : {lang, std::string_view("en")}) {
        if (const Catalog* c = catalog(candidate)) {
            if (const std::string* text = c->find(message.key)) return substitute(*text, message.params);
        }
    }
    return message.key;
}

std::string Translator::text(std::string_view key, std::string_view lang) const {
    return render(Message(std::string(key)), lang);
}

std::string Translator::pick_language(std::string_view preference, std::string_view fallback) {
    // Accept-Language: "en-US,en;q=0.8,vi;q=0.9" (RFC 9110 section 12.5.4); a POSIX locale such as
    // "vi_VN.UTF-8" reads as one entry with quality 1. The supported language with the highest
    // quality wins; on a tie, the one named first.
    std::string best(fallback);
    double best_q = 0.0;
    std::size_t pos = 0;
    while (pos <= preference.size()) {
        const auto end = std::min(preference.find(',', pos), preference.size());
        const auto item = preference.substr(pos, end - pos);
        pos = end + 1;

        double q = 1.0;
        if (const auto semi = item.find(';'); semi != std::string_view::npos) {
            const auto qpos = item.find("q=", semi);
            if (qpos != std::string_view::npos) q = std::strtod(std::string(item.substr(qpos + 2)).c_str(), nullptr);
        }
        std::string primary;
        for (const char c : item.substr(0, item.find_first_of("-_.;"))) {
            if (!std::isspace(static_cast<unsigned char>(c)))
                primary.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        }
        for (const std::string_view lang : languages) {
            if (primary == lang && q > best_q) {
                best = primary;
                best_q = q;
            }
        }
    }
    return best;
}

}  // namespace hailong
