#pragma once
// The index maths of ../shared/methodology.md as pure functions: no I/O, no clock, no globals.
// The server keeps Tally values in its rollups and turns them into the figures of the API here;
// docs/indices.md explains every figure, its source and what it must not be used for.
//
// Exactness: every rounding of the regulations ("rounded half away from zero to one decimal") is
// done on integers (tenths, hundredths) computed from the counts, never on a binary double that
// may sit just below a half. Doubles appear only in results meant for display.
//
// Thread safety: plain functions and value types.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "hailong/submission.hpp"

namespace hailong::indices {

// --- rounding --------------------------------------------------------------------------------

/// numerator / denominator rounded half away from zero to an integer. denominator > 0.
/// Example: round_ratio(5, 2) == 3, round_ratio(-5, 2) == -3, round_ratio(7, 3) == 2.
std::int64_t round_ratio(std::int64_t numerator, std::int64_t denominator);

/// `value` rounded half away from zero to `decimals` places (0..6), for figures that are already
/// doubles (the Wilson bounds). Uses a tolerance of 1e-9 relative so that 2.675 (stored as
/// 2.67499999...) rounds to 2.68 as a person computing by hand would.
double round_half_away(double value, int decimals);

// --- section 1: satisfaction rate -------------------------------------------------------------

/// Percent with 2 decimals: 100 * satisfied / responses. nullopt when responses == 0.
/// Requires 0 <= satisfied <= responses.
std::optional<double> satisfaction_rate(std::int64_t satisfied, std::int64_t responses);

/// z for a two-sided 95% interval, as methodology.md gives it.
inline constexpr double z95 = 1.959964;

struct Interval {
    double low = 0;   ///< percent, 2 decimals
    double high = 0;  ///< percent, 2 decimals
    friend bool operator==(const Interval&, const Interval&) = default;
};

/// The Wilson score interval for satisfied / responses, in percent, bounds rounded to 2 decimals
/// and clamped to 0..100. nullopt when responses == 0. Never the normal approximation.
std::optional<Interval> wilson_interval(std::int64_t satisfied, std::int64_t responses, double z = z95);

// --- section 2: TT 01/2018/TT-VPCP ------------------------------------------------------------

/// The nine indices of TT 01/2018 (Điều 13-15) with their stable codes (used in the API and in
/// exports). The kiosk collects 1, 3, 4 and 7; 2, 5, 6, 8 and 9 come from the unit's records.
enum class Tt01Index : int {
    time = 1,          ///< processing time against the legal limit
    agency_time = 2,   ///< time taken by each agency that took part
    contacts = 3,      ///< contacts the citizen needed to complete the dossier
    agencies = 4,      ///< agencies the citizen had to go to
    disclosure = 5,    ///< public disclosure of the procedure
    fees = 6,          ///< fees and charges collected as prescribed
    attitude = 7,      ///< officer conduct
    feedback = 8,      ///< handling of the citizen's feedback and petitions
    online = 9,        ///< online public service level
};
inline constexpr std::array<Tt01Index, 9> all_tt01_indices = {
    Tt01Index::time,     Tt01Index::agency_time, Tt01Index::contacts, Tt01Index::agencies, Tt01Index::disclosure,
    Tt01Index::fees,     Tt01Index::attitude,    Tt01Index::feedback, Tt01Index::online};
/// The indices in the officer score (1, 2, 3, 4, 7) and the kiosk's four (1, 3, 4, 7).
inline constexpr std::array<Tt01Index, 5> officer_tt01_indices = {
    Tt01Index::time, Tt01Index::agency_time, Tt01Index::contacts, Tt01Index::agencies, Tt01Index::attitude};
inline constexpr std::array<Tt01Index, 4> kiosk_tt01_indices = {
    Tt01Index::time, Tt01Index::contacts, Tt01Index::agencies, Tt01Index::attitude};

/// "time", "agency_time", "contacts", ... ; parse returns nullopt for an unknown code.
std::string_view code(Tt01Index index);
std::optional<Tt01Index> parse_tt01_index(std::string_view code);
/// 1..9
inline int number(Tt01Index index) { return static_cast<int>(index); }

/// Points of one index over a set of dossiers: the sum of points (each 0, 1 or 2) and how many
/// dossiers answered it.
struct IndexTally {
    std::int64_t n = 0;
    std::int64_t points = 0;
    void add(int point) { ++n; points += point; }
    IndexTally& operator+=(const IndexTally& o) { n += o.n; points += o.points; return *this; }
    IndexTally& operator-=(const IndexTally& o) { n -= o.n; points -= o.points; return *this; }
    friend bool operator==(const IndexTally&, const IndexTally&) = default;
};

/// The index value in tenths of a point: points / n rounded half away from zero to 1 decimal,
/// times 10 (1.65 -> 17). nullopt when n == 0.
std::optional<int> index_tenths(const IndexTally& tally);

/// The tallies of all nine indices, by index number (by_number[0] is index 1).
struct Tt01Tallies {
    std::array<IndexTally, 9> by_number{};
    IndexTally& operator[](Tt01Index i) { return by_number[static_cast<std::size_t>(number(i) - 1)]; }
    const IndexTally& operator[](Tt01Index i) const { return by_number[static_cast<std::size_t>(number(i) - 1)]; }
    Tt01Tallies& operator+=(const Tt01Tallies& o);
    friend bool operator==(const Tt01Tallies&, const Tt01Tallies&) = default;
};

/// TT 01 officer bands (score out of 10): >= 5 completed 100%; 3.5 to < 5 from 70% to < 100%;
/// < 3.5 below 70%.
enum class OfficerBand { completed_100, from_70_to_100, below_70 };
/// TT 01 agency bands (score out of 18): >= 15 Xuất sắc; 12..< 15 Tốt; 9..< 12 Khá;
/// 6..< 9 Trung bình; < 6 Yếu.
enum class AgencyBand { excellent, good, fair, average, weak };
std::string_view code(OfficerBand band);  ///< "completed_100", "from_70_to_100", "below_70"
std::string_view code(AgencyBand band);   ///< "excellent", "good", "fair", "average", "weak"

/// A score as the sum of index values. When an index has no data the score is `partial`: the
/// sum of the indices that have data, with the missing ones named, and no band (a missing index
/// is never counted as 0 or as 2, so a partial sum cannot be placed in a band).
template <class Band>
struct Score {
    int tenths = 0;                      ///< the sum, in tenths of a point
    std::vector<Tt01Index> missing;      ///< indices without data, in index order
    std::optional<Band> band;            ///< only when nothing is missing
    [[nodiscard]] bool partial() const { return !missing.empty(); }
    [[nodiscard]] double value() const { return tenths / 10.0; }
    friend bool operator==(const Score&, const Score&) = default;
};
using OfficerScore = Score<OfficerBand>;
using AgencyScore = Score<AgencyBand>;

/// What a score over `parts` rests on (methodology.md section 5): the fewest dossiers any of its
/// indices with data answered (0 when none has data).
std::int64_t fewest_dossiers(const Tt01Tallies& tallies, std::span<const Tt01Index> parts);

/// Officer score: indices 1 + 2 + 3 + 4 + 7, each rounded first, maximum 10.
OfficerScore officer_score(const Tt01Tallies& tallies);
/// Agency score: indices 1..9, each rounded first, maximum 18.
AgencyScore agency_score(const Tt01Tallies& tallies);

// --- section 3: 766-style dossier satisfaction -------------------------------------------------

struct Dossier766Settings {
    double target_percent = 90;
    double max_points = 6;
};
struct Dossier766 {
    double rate = 0;    ///< percent, 2 decimals, never below 0
    double points = 0;  ///< 0..max_points, 2 decimals
    bool floored = false;  ///< the two shares summed over 100 % (they overlap) and the rate was set to 0
    friend bool operator==(const Dossier766&, const Dossier766&) = default;
};
/// rate = 100% - (overdue % + complaint-or-not-satisfied %), both as percentages of the same
/// `dossiers` (the unit's records; a rating counts through its dossier code); points =
/// min(1, rate / target) * max_points. nullopt when dossiers == 0 or `linked` == 0 (no dossier
/// of the population was rated: no data, never a score). A rate that would be negative (a
/// dossier both overdue and complained of counts in both shares) is 0, and says so (`floored`).
std::optional<Dossier766> dossier_766(std::int64_t dossiers, std::int64_t linked, std::int64_t overdue,
                                      std::int64_t complaint_or_unsatisfied, const Dossier766Settings& settings = {});

/// A rating that counts against a dossier in the 766-style figure: it carries a complaint
/// (tracking code) or a level below the middle of its scale (scale 3: 1; scale 5: 1 and 2). The
/// middle of scale 5 (Bình thường) is not a complaint.
inline bool complaint_or_unsatisfied_766(const Submission& s) {
    return s.tracking_code.has_value() || s.rating.value * 2 < s.rating.scale + 1;
}

// --- section 4: SIPAS-style factors -----------------------------------------------------------

enum class SipasFactor { access, procedures, civil_servants, results, feedback };
inline constexpr std::array<SipasFactor, 5> all_sipas_factors = {
    SipasFactor::access, SipasFactor::procedures, SipasFactor::civil_servants, SipasFactor::results,
    SipasFactor::feedback};
std::string_view code(SipasFactor factor);  ///< "access", "procedures", "civil_servants", "results", "feedback"

/// Answers to a factor's statements on the 5-level scale: answers[0] counts level 1 ... answers[4] level 5.
using LevelCounts = std::array<std::int64_t, 5>;
/// % of answers at level 4 or 5, 2 decimals; nullopt with no answers.
std::optional<double> sipas_factor_index(const LevelCounts& answers);
struct SipasResult {
    std::array<std::optional<double>, 5> factors;  ///< in all_sipas_factors order
    std::optional<double> overall;  ///< mean of the five, 2 decimals; nullopt unless all five have answers
};
/// "Provisional, SIPAS-style": the plain mean of the factor indices, not the Ministry's aggregation.
SipasResult sipas(const std::array<LevelCounts, 5>& answers_by_factor);

// --- section 5: fair ranking ------------------------------------------------------------------

inline constexpr std::int64_t default_min_responses = 30;
inline constexpr double default_prior_weight = 20;

/// True when a group has too few responses to show a rate as a finding (n < min_responses).
inline bool suppressed(std::int64_t responses, std::int64_t min_responses = default_min_responses) {
    return responses < min_responses;
}

/// The beta-binomial posterior mean with a Beta(w * p0, w * (1 - p0)) prior: the rate a group
/// would have if `prior_weight` responses at the prior rate were added to its own, in percent,
/// unrounded (round for display). `prior_percent` is in 0..100. With responses == 0 it is the prior.
double shrunk_rate(std::int64_t satisfied, std::int64_t responses, double prior_percent,
                   double prior_weight = default_prior_weight);

/// Standard competition ranks ("1, 2, 2, 4") of `estimates`, highest first; an element that is
/// nullopt (a suppressed group) gets no rank. Equal estimates (within 1e-9) share a rank.
std::vector<std::optional<int>> competition_ranks(std::span<const std::optional<double>> estimates);

// --- what the rollups hold --------------------------------------------------------------------

/// Everything the formulas need about a set of submissions, additive: the tally of a union of
/// disjoint sets is the sum of their tallies, so rollups can be summed over days, officers and
/// kiosks in any order. The server keeps one per rollup row.
struct Tally {
    std::int64_t responses = 0;
    std::int64_t satisfied = 0;
    std::array<std::int64_t, 3> scale3{};  ///< scale3[v - 1]: responses with value v on scale 3
    std::array<std::int64_t, 5> scale5{};  ///< scale5[v - 1]: responses with value v on scale 5
    std::array<IndexTally, 4> tt01{};      ///< the kiosk's four, in kiosk_tt01_indices order
    std::int64_t complaints = 0;           ///< submissions with a tracking code
    std::int64_t complaint_or_unsatisfied = 0;  ///< complaint_or_unsatisfied_766: a tracking code, or below the middle level
    std::int64_t with_dossier = 0;         ///< ratings that name a dossier code
    std::int64_t harassment_reports = 0;   ///< the citizen answered yes to harassment (`harassment`)
    /// Late (index 1 answered 0), no harassment reported, and no index 7 points sent: the case the
    /// Thông tư's index 7 rows leave out, scored by LateNoComplaint when the index is read.
    std::int64_t late_no_complaint = 0;

    /// Counts one submission (its rating, TT 01 answers and tracking code).
    void add(const Submission& s);
    Tally& operator+=(const Tally& o);
    Tally& operator-=(const Tally& o);
    [[nodiscard]] bool empty() const { return responses == 0; }
    friend bool operator==(const Tally&, const Tally&) = default;
};

/// How index 7 scores a dossier returned late whose citizen reported no harassment: a case in
/// none of the Thông tư's rows (methodology.md section 2), so a named policy the server states
/// beside every index 7 figure. zero: 0 points (the default: neither row 2 nor row 1 holds);
/// one: 1 point, as if on time; excluded: not counted in index 7 at all.
enum class LateNoComplaint { zero, one, excluded };
std::string_view code(LateNoComplaint policy);  ///< "zero", "one", "excluded"
std::optional<LateNoComplaint> parse_late_no_complaint(std::string_view code);

/// The kiosk part of a Tally as Tt01Tallies (indices 2, 5, 6, 8, 9 empty), with the tally's
/// late_no_complaint dossiers added to index 7 as `policy` says.
Tt01Tallies kiosk_tt01(const Tally& tally, LateNoComplaint policy);

}  // namespace hailong::indices
