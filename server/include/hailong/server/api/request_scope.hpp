#pragma once
// What the endpoints that read figures share (indices, indicator export, monthly report,
// dashboard): the settings of the index maths, the period names, and reading the query strictly
// (every parameter named, none repeated, each error a 400 naming its field) with the user's reach
// (a manager sees only their own departments; another department is 403 with field "department").
//
// Thread safety: free functions; read_request_scope reads the store, which any thread may call.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "hailong/indices.hpp"
#include "hailong/server/api/answer.hpp"
#include "hailong/server/store/store.hpp"

namespace hailong::server {

/// How the index maths is set for the site (hailong-server's flags, methodology.md sections 4-5).
struct IndicesSettings {
    std::int64_t min_responses = indices::default_min_responses;  ///< below this a group is suppressed
    double prior_weight = indices::default_prior_weight;          ///< responses' worth of prior in the shrunk rate
    std::int64_t max_days = 3660;                                  ///< longest range one query may ask for
    /// How index 7 scores a late dossier without a harassment report (methodology.md section 2).
    indices::LateNoComplaint late_no_complaint = indices::LateNoComplaint::zero;
};

/// The local dates a period text names: "2026" (year), "2026-Q4" (quarter), "2026-11" (month),
/// "2026-W47" (ISO week, Monday to Sunday), "2026-11-20" (day). nullopt if it names none.
std::optional<std::pair<LocalDate, LocalDate>> parse_period(std::string_view text);
/// The ISO week label of a date, e.g. "2026-W47" (the ISO year may differ from the calendar year).
std::string iso_week_label(LocalDate date);
/// A month as its period text names it, e.g. "2026-11".
std::string month_label(std::chrono::year_month month);

/// A request's dates, department filter and the user's reach, read once.
struct RequestScope {
    LocalDate from;
    LocalDate to;
    std::optional<std::string> department;  ///< the filter the request gave
    std::set<std::string> allowed;          ///< a manager's departments; empty: every department
    bool include_flagged = false;
    std::string lang;                       ///< the `lang` parameter if given, else the request's language
    std::map<std::string, std::string> params;

    [[nodiscard]] bool sees(const std::string& dep) const { return allowed.empty() || allowed.count(dep) > 0; }
    [[nodiscard]] std::optional<std::string> param(const std::string& name) const {
        const auto it = params.find(name);
        return it == params.end() ? std::nullopt : std::optional<std::string>(it->second);
    }
};

/// How the dates are asked for: `period` or `from`/`to` (indicators), or `month` alone (reports).
enum class DatesBy { period_or_range, month };

/// Reads `params` against the parameter `names` the endpoint takes. `lang` is the request's
/// language (Accept-Language); a `lang` parameter (vi or en), when among `names`, overrides it.
std::variant<RequestScope, Answer> read_request_scope(Store& store, const User& user, const QueryParams& params,
                                                     const std::set<std::string>& names, DatesBy dates,
                                                     const IndicesSettings& settings, std::string_view lang);

/// How much of the raw submissions one "why" may read (GET /api/v1/why, and the submissions
/// listing's `term` filter that its words link to): ranges of at most `why_max_days` days, and at
/// most `why_max_rows` of the ratings asked why (a longer range or more rows is a 400 asking for a
/// shorter period, never a partial count). docs/performance.md has what the bounds cost.
inline constexpr std::int64_t why_max_days = 93;
inline constexpr std::size_t why_max_rows = 50000;

/// The catalogue key of a TT 01 band's name ("server.band.excellent" for "excellent").
std::string band_key(const std::string& code);

}  // namespace hailong::server
