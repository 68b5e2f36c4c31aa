#pragma once
// When a report was made and under which rules (methodology.md section 6: "every report states the
// flag rules and the time it was made"), read once for every answer that shows figures: the
// indices and their trend (JSON and CSV), the indicator export (JSON and CSV) and the monthly XLSX,
// so that they all state the same. docs/indices.md, "What every report states", has every field.
// Private to the api wing.
//
// Thread safety: free functions; report_rules reads the store, which any thread may call.

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hailong/server/api/request_scope.hpp"
#include "hailong/server/store/store.hpp"
#include "hailong/suspicion.hpp"

namespace hailong::server::figures {

/// The opening hours that judged the ratings of some departments over a run of dates.
struct HoursInForce {
    std::vector<std::string> departments;        ///< codes, ascending
    LocalDate from;                              ///< inclusive
    LocalDate to;                                ///< inclusive
    OpeningHours hours;
    std::optional<OpeningHoursVersion> version;  ///< nullopt: the standard hours (none set)
};

/// What a report states beside its figures.
struct ReportRules {
    Instant made_at;
    IndicesSettings settings;
    bool include_flagged = false;
    /// Over the report's dates, for every department it covers: which hours were in force, in
    /// date order, departments judged by the same version over the same dates together.
    std::vector<HoursInForce> hours;
    /// The re-evaluations of flags (hailong-admin reflag) whose dates and department meet the
    /// report's, oldest first: figures made before one of them were made under other flags.
    std::vector<ReflagRun> reevaluations;
};

/// The rules of a report of `scope`'s dates and departments (its filter and the user's reach),
/// made at `made_at`.
ReportRules report_rules(Store& store, const RequestScope& scope, const IndicesSettings& settings, Instant made_at);

/// An instant as the reports' JSON and CSV write it: RFC 3339 in Vietnam's offset, to the second
/// ("2026-12-01T08:30:00+07:00").
std::string report_time(Instant at);

/// Sets the answer's members "made_at" and "rules".
void add_rules(nlohmann::ordered_json& body, const ReportRules& rules);

/// The two columns every CSV of figures ends with, the same on every row (so that a row copied
/// elsewhere keeps them): their header keys, and made_at (report_time) and the rules sentences in
/// `lang`, dates as YYYY-MM-DD.
inline constexpr std::array<const char*, 2> csv_rules_header = {"server.csv.made_at", "server.csv.rules"};
std::array<std::string, 2> csv_rules_cells(const ReportRules& rules, std::string_view lang);

/// The rules as sentences in `lang`, for a person: the XLSX footer and the CSV's rules column.
/// `date` and `time` write a local date and an instant as the document writes them.
std::vector<std::string> rules_sentences(const ReportRules& rules, std::string_view lang, const std::function<std::string(LocalDate)>& date,
                                         const std::function<std::string(Instant)>& time);

}  // namespace hailong::server::figures
