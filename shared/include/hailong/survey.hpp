#pragma once
// The survey a kiosk asks (GET /api/v1/kiosk/config, "survey"): the rating scale, whether to ask
// the four TT 01/2018 questions, and the reasons a dissatisfied citizen can tick. The default
// below is bundled with the kiosk, so a kiosk that has never reached its server still works.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hailong/message.hpp"

namespace hailong {

/// The text in `lang` of a label given per language: that language, else Vietnamese, else English,
/// else any, else `fallback`. The reference stays valid as long as `labels` and `fallback` do.
const std::string& label_in(const std::map<std::string, std::string>& labels, std::string_view lang,
                            const std::string& fallback);

struct SurveyReason {
    std::string code;       ///< stored in Submission::reasons, e.g. "slow"
    std::string label_key;  ///< catalogue key of its label, e.g. "kiosk.reason.slow"; empty: `labels`
    /// The label as a server sent it, language ("vi", "en") -> text, NFC. Used when label_key is
    /// empty: a survey from the server carries its own texts, which the catalogues may not have.
    std::map<std::string, std::string> labels;
    /// The text to show in `lang`.
    [[nodiscard]] std::string label(const Translator& translator, std::string_view lang) const;
    friend bool operator==(const SurveyReason&, const SurveyReason&) = default;
};

struct Survey {
    int scale = 3;          ///< 3 or 5 (api-v1.md)
    bool ask_tt01 = true;   ///< ask time, contacts, agencies, attitude
    std::vector<SurveyReason> reasons;
    friend bool operator==(const Survey&, const Survey&) = default;
};

/// The bundled survey: scale 3, the TT 01 questions, and the reasons citizens most often give at
/// one-stop counters (late results, repeated trips, unclear guidance, conduct, papers beyond the
/// rules, waiting, facilities).
Survey default_survey();

/// The wire form, with each reason's label rendered in every shipped language:
/// {"scale": 3, "ask_tt01": true, "reasons": [{"code": "slow", "label": {"vi": "...", "en": "..."}}]}
nlohmann::json encode_survey(const Survey& survey, const Translator& translator);

}  // namespace hailong
