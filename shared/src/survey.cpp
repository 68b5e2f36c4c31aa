#include "hailong/survey.hpp"

namespace hailong {

const std::string& label_in(const std::map<std::string, std::string>& labels, std::string_view lang,
                            const std::string& fallback) {
    for (const std::string_view candidate : {lang, std::string_view("vi"), std::string_view("en")}) {
        if (const auto it = labels.find(std::string(candidate)); it != labels.end()) return it->second;
    }
    return labels.empty() ? fallback : labels.begin()->second;
}

std::string SurveyReason::label(const Translator& translator, std::string_view lang) const {
    if (!label_key.empty()) return translator.text(label_key, lang);
    return label_in(labels, lang, code);
}

Survey default_survey() {
    return Survey{3,
                  true,
                  {
                      {"slow", "kiosk.reason.slow", {}},
                      {"many_trips", "kiosk.reason.many_trips", {}},
                      {"unclear_guidance", "kiosk.reason.unclear_guidance", {}},
                      {"conduct", "kiosk.reason.conduct", {}},
                      {"extra_papers", "kiosk.reason.extra_papers", {}},
                      {"long_wait", "kiosk.reason.long_wait", {}},
                      {"facilities", "kiosk.reason.facilities", {}},
                  }};
}

nlohmann::json encode_survey(const Survey& survey, const Translator& translator) {
    nlohmann::json reasons = nlohmann::json::array();
    for (const SurveyReason& r : survey.reasons) {
        nlohmann::json label = nlohmann::json::object();
        for (const std::string_view lang : languages) label[std::string(lang)] = r.label(translator, lang);
        reasons.push_back({{"code", r.code}, {"label", std::move(label)}});
    }
    return {{"scale", survey.scale}, {"ask_tt01", survey.ask_tt01}, {"reasons", std::move(reasons)}};
}

}  // namespace hailong
