#pragma once
// The submission: one citizen's rating of one visit to a counter (api-v1.md, "Ingest").

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hailong/time.hpp"
#include "hailong/uuid.hpp"

namespace hailong {

/// The overall rating. `scale` is 3 or 5; `value` is 1..scale with `scale` the most satisfied.
/// Scale 3: 3 Rất hài lòng, 2 Hài lòng, 1 Không hài lòng.
/// Scale 5: 5 Rất hài lòng, 4 Hài lòng, 3 Bình thường, 2 Không hài lòng, 1 Rất không hài lòng.
struct Rating {
    int scale = 3;
    int value = 3;

    /// methodology.md section 1: satisfied means one of the top two levels of the scale.
    [[nodiscard]] bool satisfied() const { return value >= scale - 1; }
    [[nodiscard]] bool valid() const { return (scale == 3 || scale == 5) && value >= 1 && value <= scale; }
    friend bool operator==(const Rating&, const Rating&) = default;
};

/// The four TT 01/2018/TT-VPCP indices a kiosk collects, each 0, 1 or 2 points, each optional
/// (the citizen may skip a question): time = index 1, contacts = index 3, agencies = index 4,
/// attitude = index 7. See methodology.md section 2.
struct Tt01Answers {
    std::optional<int> time;
    std::optional<int> contacts;
    std::optional<int> agencies;
    std::optional<int> attitude;

    [[nodiscard]] bool empty() const { return !time && !contacts && !agencies && !attitude; }
    friend bool operator==(const Tt01Answers&, const Tt01Answers&) = default;
};

/// Where in a dossier's life a rating was made (api-v1.md `stage`), when the kiosk knows it: at
/// filing (tiếp nhận hồ sơ) or at collection of the result (trả kết quả). A citizen may rate once
/// at each (methodology.md section 6).
enum class DossierStage { filing, collection };
std::string_view to_string(DossierStage stage);  ///< "filing", "collection"
std::optional<DossierStage> parse_dossier_stage(std::string_view text);

/// One submission as the kiosk sends it and the server stores it. Text fields are NFC; codes
/// satisfy is_valid_code(). A plain value type.
struct Submission {
    Uuid id;                                ///< idempotency key
    Timestamp created_at;                   ///< when the citizen pressed submit
    std::string department;                 ///< department code, required
    std::optional<std::string> officer;     ///< officer code
    std::optional<std::string> service;     ///< TTHC (administrative procedure) code
    std::optional<std::string> dossier;     ///< dossier number from the appointment slip
    std::optional<std::string> lang;        ///< language the citizen used, "vi" or "en"
    Rating rating;
    Tt01Answers tt01;
    std::vector<std::string> reasons;       ///< reason codes from the survey configuration
    std::optional<std::string> comment;     ///< free text, at most max_comment_chars
    std::optional<std::string> contact;     ///< phone or e-mail for a call-back, at most max_contact_chars
    std::optional<std::string> tracking_code;  ///< set when the citizen filed a complaint
    /// The citizen's own answer to "did an officer harass you or cause trouble (nhũng nhiễu, gây
    /// phiền hà)?"; absent when not asked or skipped. Only this marks a harassment report, never
    /// the index 7 points (a late dossier is not a harassment report).
    std::optional<bool> harassment;
    std::optional<DossierStage> stage;         ///< filing or collection, when the kiosk knows

    friend bool operator==(const Submission&, const Submission&) = default;
};

/// Limits of the wire contract.
inline constexpr std::size_t max_batch_submissions = 500;
inline constexpr std::size_t max_comment_chars = 2000;
inline constexpr std::size_t max_contact_chars = 64;
inline constexpr std::size_t max_reasons = 32;

}  // namespace hailong
