#pragma once
// The survey a kiosk asks (GET /api/v1/kiosk/config, "survey"): the rating scale, whether to ask
// the four TT 01/2018 questions, and the reasons a dissatisfied citizen can tick. The default
// below is bundled with the kiosk, so a kiosk that has never reached its server still works.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hailong/message.hpp"

namespace hailong {

struct SurveyReason {
    std::string code;       ///< stored in Submission::reasons, e.g. "slow"
    std::string label_key;  ///< catalogue key of its label, e.g. "kiosk.reason.slow"
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
