#pragma once
// The unit's own dossier records (`hailong-admin import-dossiers FILE.csv`): what the one-stop
// software knows and the kiosk cannot ask, so that TT 01 agency scores can be complete and the
// 766-style dossier satisfaction can be computed (methodology.md sections 2 and 3).
//
// CSV header (any order, extra columns ignored):
//   dossier,department,officer,service,completed_on,outcome,agency_time,disclosure,fees,feedback,online
// dossier and department are required codes; officer and service optional codes; completed_on the
// local date the result was returned (YYYY-MM-DD); outcome early, on_time or late (or empty); the
// last five are TT 01 indices 2, 5, 6, 8 and 9 for this dossier, each 0, 1 or 2 points or empty.
// A dossier imported again replaces its earlier record. Pure parsing here; thread safe.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hailong/dossier_event.hpp"
#include "hailong/indices.hpp"
#include "hailong/server/store/csv_table.hpp"
#include "hailong/time.hpp"

namespace hailong::server {

/// Whether a dossier was settled before, on or after its appointment date (TT 01 index 1 points).
enum class DossierOutcome : int { late = 0, on_time = 1, early = 2 };

/// The TT 01 indices that come from the unit's records, in the order of DossierRecord::unit.
inline constexpr std::array<indices::Tt01Index, 5> unit_tt01_indices = {
    indices::Tt01Index::agency_time, indices::Tt01Index::disclosure, indices::Tt01Index::fees,
    indices::Tt01Index::feedback, indices::Tt01Index::online};

/// TT 01 index 1 from the records' dates: returned before the promised date (ngày hẹn trả) is
/// early, on it on time, after it late.
DossierOutcome outcome_of(LocalDate promised, LocalDate completed);

struct DossierRecord {
    std::string dossier;
    std::string department;
    std::optional<std::string> officer;
    std::optional<std::string> service;
    LocalDate completed_on;
    std::optional<DossierOutcome> outcome;
    std::array<std::optional<int>, 5> unit{};  ///< points of unit_tt01_indices, each optional
    friend bool operator==(const DossierRecord&, const DossierRecord&) = default;
};

/// What the ratings naming a dossier record say about it: the 766-style figure's population
/// (methodology.md section 3) and index 1's cross-check (section 2). Kept on each record and
/// summed into the dossier rollups: a rating and its record may arrive in either order, so the
/// rating's part is added when it arrives after its record (link_ratings), and the whole is
/// worked out again from the stored ratings when the record is imported.
struct DossierLink {
    bool linked = false;      ///< a rating names the record
    bool complained = false;  ///< one of them is a complaint or below the middle level (complaint_or_unsatisfied_766)
    bool compared = false;    ///< the record has an outcome and one of them answered index 1
    bool agreeing = false;    ///< one of them answered index 1 with the outcome's points (earlier 2, on time 1, late 0)

    DossierLink& operator|=(const DossierLink& o);
    friend bool operator==(const DossierLink&, const DossierLink&) = default;
};
/// One rating's part in its record's link. `rating` is the rating's own tally (RollupFacts::tally).
DossierLink link_of(const indices::Tally& rating, const std::optional<DossierOutcome>& outcome);

/// Additive counts of a set of dossier records (like indices::Tally for submissions).
struct DossierTally {
    std::int64_t dossiers = 0;
    std::int64_t early = 0, on_time = 0, late = 0;
    std::array<indices::IndexTally, 5> unit{};
    std::int64_t linked = 0, complained = 0;           ///< records with the DossierLink field set
    std::int64_t time_compared = 0, time_agreeing = 0;  ///< DossierLink::compared, ::agreeing

    void add(const DossierRecord& r, const DossierLink& link);
    DossierTally& operator+=(const DossierTally& o);
    DossierTally& operator-=(const DossierTally& o);
    [[nodiscard]] bool empty() const { return dossiers == 0; }
    friend bool operator==(const DossierTally&, const DossierTally&) = default;
};

/// The stored columns of a DossierTally, in order.
inline constexpr std::size_t dossier_column_count = 18;
extern const std::array<std::string_view, dossier_column_count> dossier_columns;
std::array<std::int64_t, dossier_column_count> dossier_values(const DossierTally& t);
DossierTally dossier_from_values(const std::array<std::int64_t, dossier_column_count>& v);

/// What a dossier's events say, all of them taken together (fold_dossier_events).
struct DossierFold {
    std::optional<std::string> department;  ///< of the latest event naming one
    std::optional<std::string> service;     ///< of the latest event naming one
    bool returned = false;                  ///< a `returned` event is among them
    /// The record the events make: set when a `returned` event exists and an event names the
    /// department. Its unit points are empty (events carry none).
    std::optional<DossierRecord> record;
    friend bool operator==(const DossierFold&, const DossierFold&) = default;
};

/// Folds a dossier's events in the order of `at`, then id, whatever order they are given in, so
/// that the same events always make the same record however and whenever they arrived. The
/// record: completed_on the local date (Asia/Ho_Chi_Minh) of the latest `returned` event; the
/// promised date of the latest event carrying one, and the outcome from the two dates as
/// import-dossiers works it out (outcome_of), none without a promised date; the officer the
/// first of the latest `returned` event's officers, else the first of the latest `received`
/// event's; department and service those of the latest event naming one. All events must be of
/// one dossier code (the first's).
DossierFold fold_dossier_events(std::vector<DossierEvent> events);

struct DossierFile {
    std::vector<DossierRecord> records;
    std::vector<CsvProblem> problems;  ///< every problem found; import nothing unless empty
};
/// Parses the whole file. Never throws for bad content. A dossier code given twice is a problem.
DossierFile parse_dossier_csv(std::string_view text);

}  // namespace hailong::server
