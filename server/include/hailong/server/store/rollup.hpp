#pragma once
// Rollups: the additive tallies the indices are computed from, kept up to date at ingest so that a
// query reads rollups and never the raw submissions.
//
// Every submission is counted in ten rollup rows: for each grouping dimension (department,
// officer, service, kiosk, and the hour of the week it was made in) one row for its local day and
// one for its local month, each split by whether the submission is flagged as suspicious. A query for any range of days sums at most
// the leading days up to the first whole month, the whole months, and the trailing days
// (plan_range), so a year costs 12 month rows per group instead of 365 day rows or millions of
// submissions. Rows are additive (indices::Tally), so deltas from many submissions are combined
// in memory (RollupDeltas) and each row is written once per transaction, in key order: every
// process updates rows in the same order, so concurrent PostgreSQL writers cannot deadlock on them.
//
// Thread safety: plain functions and value types.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hailong/indices.hpp"
#include "hailong/server/store/dossier.hpp"
#include "hailong/submission.hpp"
#include "hailong/time.hpp"

namespace hailong::server {

/// What a rollup row is grouped by. Values are stored: never renumber.
/// `hour` groups by the local weekday and hour a submission was made in (hour_key): the
/// dashboard's hour-of-day by weekday heat map.
enum class RollupDim : int { department = 0, officer = 1, service = 2, kiosk = 3, hour = 4 };
inline constexpr std::array<RollupDim, 5> all_rollup_dims = {RollupDim::department, RollupDim::officer,
                                                             RollupDim::service, RollupDim::kiosk, RollupDim::hour};
std::string_view to_string(RollupDim dim);  ///< "department", "officer", "service", "kiosk", "hour"
std::optional<RollupDim> parse_rollup_dim(std::string_view text);

/// The time grain of a rollup row. Values are stored: never renumber.
enum class RollupLevel : int { day = 0, month = 1 };

/// Period numbers as stored: a day is the number of days since 1970-01-01 (local date); a month
/// is year * 12 + (month - 1).
int day_number(LocalDate date);
LocalDate day_from_number(int number);
int month_number(LocalDate date);

/// The local hour (0..23, Asia/Ho_Chi_Minh) an instant falls in.
int vietnam_hour(Instant instant);
/// The key of RollupDim::hour: the ISO weekday of the local day (1 Monday .. 7 Sunday), a dash and
/// the two-digit local hour, e.g. "1-08" for Monday 08:00 to 08:59.
std::string hour_key(int local_day, int local_hour);

/// One run of consecutive periods of one level.
struct PeriodRun {
    RollupLevel level = RollupLevel::day;
    int first = 0;
    int last = 0;  ///< inclusive
    friend bool operator==(const PeriodRun&, const PeriodRun&) = default;
};
/// The fewest runs covering the local dates from..to inclusive exactly once: days up to the first
/// whole month, whole months, days after the last whole month. Empty if to < from.
std::vector<PeriodRun> plan_range(LocalDate from, LocalDate to);

/// The identity of one rollup row.
struct RollupKey {
    RollupDim dim = RollupDim::department;
    RollupLevel level = RollupLevel::day;
    int period = 0;
    std::string department;
    std::string key;  ///< department, officer, service code or kiosk id; "" when the submission had none
    bool flagged = false;
    friend auto operator<=>(const RollupKey&, const RollupKey&) = default;
};

/// Where and when a stored submission is counted, and what it adds.
struct RollupFacts {
    int local_day = 0;   ///< day_number of its created_at in Asia/Ho_Chi_Minh
    int local_hour = 0;  ///< vietnam_hour of its created_at
    std::string department;
    std::string officer;  ///< "" if none
    std::string service;  ///< "" if none
    std::string kiosk;
    indices::Tally tally;  ///< the submission alone

    static RollupFacts of(const Submission& s, const std::string& kiosk_id);
};

/// Pending changes to rollup rows, combined by key.
class RollupDeltas {
public:
    /// Counts a submission in its ten rows (sign +1) or takes it out of them (sign -1).
    void add(const RollupFacts& facts, bool flagged, int sign = +1) { add(facts, flagged, sign, all_rollup_dims); }
    /// The same, in the rows of the given dimensions only.
    void add(const RollupFacts& facts, bool flagged, int sign, std::span<const RollupDim> dims);
    [[nodiscard]] const std::map<RollupKey, indices::Tally>& rows() const { return rows_; }
    [[nodiscard]] bool empty() const { return rows_.empty(); }

private:
    std::map<RollupKey, indices::Tally> rows_;
};

/// Pending changes to the dossier rollups (department, officer and service; day and month of
/// completed_on; never flagged), combined by key.
class DossierDeltas {
public:
    /// Counts a record with its ratings' link in its six rows (sign +1) or takes it out (-1).
    void add(const DossierRecord& record, const DossierLink& link, int sign = +1);
    [[nodiscard]] const std::map<RollupKey, DossierTally>& rows() const { return rows_; }
    [[nodiscard]] bool empty() const { return rows_.empty(); }

private:
    std::map<RollupKey, DossierTally> rows_;
};

/// The tally columns of a rollup row, in storage order, and a Tally as / from those numbers.
inline constexpr std::size_t tally_column_count = 23;
extern const std::array<std::string_view, tally_column_count> tally_columns;
std::array<std::int64_t, tally_column_count> tally_values(const indices::Tally& tally);
indices::Tally tally_from_values(const std::array<std::int64_t, tally_column_count>& values);

/// The SQL shared by both stores (standard upsert syntax that SQLite and PostgreSQL both accept),
/// with numbered placeholders ?1.. / $1..: dim, level, period, department, key, flagged, then the
/// tally columns in order.
std::string rollup_upsert_sql(bool postgres);

/// The same for table dossier_rollups: dim, level, period, department, key, then dossier_columns.
std::string dossier_upsert_sql(bool postgres);

/// A read of rollup rows (Store::rollups).
struct RollupQuery {
    RollupDim dim = RollupDim::department;
    PeriodRun run;
    std::optional<std::string> department;  ///< only this department
    std::optional<std::string> key;         ///< only this key
    bool by_period = false;                 ///< one row per period (else the run summed)
};
struct RollupRow {
    int period = 0;  ///< the period when by_period, else 0
    std::string department;
    std::string key;
    bool flagged = false;
    indices::Tally tally;
    friend bool operator==(const RollupRow&, const RollupRow&) = default;
};
struct DossierRollupRow {
    int period = 0;
    std::string department;
    std::string key;
    DossierTally tally;
    friend bool operator==(const DossierRollupRow&, const DossierRollupRow&) = default;
};
/// The SELECT of dossier_rollups for a RollupQuery (no flagged column), placeholders as below.
std::string dossier_select_sql(const RollupQuery& q, bool postgres);

/// The SELECT for a RollupQuery, with placeholders in the order dim, level, first, last,
/// [department], [key]; rows ordered by period, department, key, flagged.
std::string rollup_select_sql(const RollupQuery& q, bool postgres);
/// The same rows unsummed (period, department, key, flagged, then the tally columns), in no
/// particular order, for a store that sums them itself; same placeholders.
std::string rollup_rows_sql(const RollupQuery& q, bool postgres);

}  // namespace hailong::server
