#include "hailong/survey.hpp"

namespace hailong {

Survey default_survey() {
    return Survey{3,
                  true,
                  {
                      {"slow", "kiosk.reason.slow"},
                      {"many_trips", "kiosk.reason.many_trips"},
                      {"unclear_guidance", "kiosk.reason.unclear_guidance"},
                      {"conduct", "kiosk.reason.conduct"},
                      {"extra_papers", "kiosk.reason.extra_papers"},
                      {"long_wait", "kiosk.reason.long_wait"},
                      {"facilities", "kiosk.reason.facilities"},
                  }};
}

nlohmann::json encode_survey(const Survey& survey, const Translator& translator) {
    nlohmann::json reasons = nlohmann::json::array();
    for (const SurveyReason& r : survey.reasons) {
        nlohmann::json label = nlohmann::json::object();
        for (const std::string_view lang : languages) label[std::string(lang)] = translator.text(r.label_key, lang);
        reasons.push_back({{"code", r.code}, {"label", std::move(label)}});
    }
    return {{"scale", survey.scale}, {"ask_tt01", survey.ask_tt01}, {"reasons", std::move(reasons)}};
}

}  // namespace hailong
