#include "hailong/indices.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>

namespace hailong::indices {

namespace {

// Percent in hundredths (8583 for 85.83%) of part / whole, rounded half away from zero.
std::int64_t percent_hundredths(std::int64_t part, std::int64_t whole) { return round_ratio(10000 * part, whole); }

double from_hundredths(std::int64_t hundredths) { return static_cast<double>(hundredths) / 100.0; }

template <class Band, std::size_t N, class Bander>
Score<Band> score_of(const Tt01Tallies& tallies, const std::array<Tt01Index, N>& which, Bander bander) {
    Score<Band> score;
    for (const Tt01Index index : which) {
        if (const auto tenths = index_tenths(tallies[index])) {
            score.tenths += *tenths;
        } else {
            score.missing.push_back(index);
        }
    }
    if (score.missing.empty()) score.band = bander(score.tenths);
    return score;
}

}  // namespace

// --- rounding --------------------------------------------------------------------------------

std::int64_t round_ratio(std::int64_t numerator, std::int64_t denominator) {
    if (denominator < 0) {
        numerator = -numerator;
        denominator = -denominator;
    }
    const std::int64_t quotient = numerator / denominator;  // truncated toward zero
    const std::int64_t remainder = numerator % denominator;  // same sign as numerator
    const std::int64_t magnitude = remainder < 0 ? -remainder : remainder;
    // magnitude >= denominator - magnitude is 2 * magnitude >= denominator without overflow.
    if (magnitude >= denominator - magnitude) return numerator < 0 ? quotient - 1 : quotient + 1;
    return quotient;
}

double round_half_away(double value, int decimals) {
    if (!std::isfinite(value)) return value;
    decimals = std::clamp(decimals, 0, 6);
    double scale = 1;
    for (int i = 0; i < decimals; ++i) scale *= 10;
    const double magnitude = std::fabs(value) * scale;
    double whole = std::floor(magnitude);
    // A value meant as an exact half (2.675) is often stored just below it (267.49999999999997
    // once scaled): treat anything within a relative 1e-9 of the half as the half.
    const double tolerance = 1e-9 * std::max(1.0, magnitude);
    if (magnitude - whole >= 0.5 - tolerance) whole += 1;
    // whole / scale is the double nearest the decimal result (both operands are exact).
    const double rounded = whole / scale;
    return value < 0 ? -rounded : rounded;
}

// --- section 1 -------------------------------------------------------------------------------

std::optional<double> satisfaction_rate(std::int64_t satisfied, std::int64_t responses) {
    if (responses <= 0) return std::nullopt;
    return from_hundredths(percent_hundredths(satisfied, responses));
}

std::optional<Interval> wilson_interval(std::int64_t satisfied, std::int64_t responses, double z) {
    if (responses <= 0) return std::nullopt;
    const double n = static_cast<double>(responses);
    const double p = static_cast<double>(satisfied) / n;
    const double z2 = z * z;
    const double denominator = 1 + z2 / n;
    const double centre = (p + z2 / (2 * n)) / denominator;
    const double half = z * std::sqrt(std::max(0.0, p * (1 - p) / n + z2 / (4 * n * n))) / denominator;
    // At p = 0 (p = 1) the low (high) bound is 0 (1) in exact arithmetic; centre - half computes
    // it as a difference of two near-equal doubles, so it is set rather than computed.
    const double low = satisfied <= 0 ? 0.0 : centre - half;
    const double high = satisfied >= responses ? 1.0 : centre + half;
    return Interval{std::clamp(round_half_away(100 * low, 2), 0.0, 100.0),
                    std::clamp(round_half_away(100 * high, 2), 0.0, 100.0)};
}

// --- section 2 -------------------------------------------------------------------------------

std::string_view code(Tt01Index index) {
    switch (index) {
        case Tt01Index::time: return "time";
        case Tt01Index::agency_time: return "agency_time";
        case Tt01Index::contacts: return "contacts";
        case Tt01Index::agencies: return "agencies";
        case Tt01Index::disclosure: return "disclosure";
        case Tt01Index::fees: return "fees";
        case Tt01Index::attitude: return "attitude";
        case Tt01Index::feedback: return "feedback";
        case Tt01Index::online: return "online";
    }
    return "";
}

std::optional<Tt01Index> parse_tt01_index(std::string_view text) {
    for (const Tt01Index index : all_tt01_indices) {
        if (code(index) == text) return index;
    }
    return std::nullopt;
}

std::optional<int> index_tenths(const IndexTally& tally) {
    if (tally.n <= 0) return std::nullopt;
    return static_cast<int>(round_ratio(tally.points * 10, tally.n));
}

Tt01Tallies& Tt01Tallies::operator+=(const Tt01Tallies& o) {
    for (std::size_t i = 0; i < by_number.size(); ++i) by_number[i] += o.by_number[i];
    return *this;
}

std::string_view code(OfficerBand band) {
    switch (band) {
        case OfficerBand::completed_100: return "completed_100";
        case OfficerBand::from_70_to_100: return "from_70_to_100";
        case OfficerBand::below_70: return "below_70";
    }
    return "";
}

std::string_view code(AgencyBand band) {
    switch (band) {
        case AgencyBand::excellent: return "excellent";
        case AgencyBand::good: return "good";
        case AgencyBand::fair: return "fair";
        case AgencyBand::average: return "average";
        case AgencyBand::weak: return "weak";
    }
    return "";
}

OfficerScore officer_score(const Tt01Tallies& tallies) {
    return score_of<OfficerBand>(tallies, officer_tt01_indices, [](int tenths) {
        if (tenths >= 50) return OfficerBand::completed_100;
        if (tenths >= 35) return OfficerBand::from_70_to_100;
        return OfficerBand::below_70;
    });
}

AgencyScore agency_score(const Tt01Tallies& tallies) {
    return score_of<AgencyBand>(tallies, all_tt01_indices, [](int tenths) {
        if (tenths >= 150) return AgencyBand::excellent;
        if (tenths >= 120) return AgencyBand::good;
        if (tenths >= 90) return AgencyBand::fair;
        if (tenths >= 60) return AgencyBand::average;
        return AgencyBand::weak;
    });
}

// --- section 3 -------------------------------------------------------------------------------

std::optional<Dossier766> dossier_766(std::int64_t dossiers, std::int64_t linked, std::int64_t overdue,
                                      std::int64_t complaint_or_unsatisfied, const Dossier766Settings& settings) {
    if (dossiers <= 0 || linked <= 0) return std::nullopt;
    // 100% - (overdue% + complaint%) is (dossiers - overdue - complaint) / dossiers exactly; the
    // reported figure is rounded once, like every other rate.
    const std::int64_t remaining = dossiers - overdue - complaint_or_unsatisfied;
    const double rate = from_hundredths(std::max<std::int64_t>(0, percent_hundredths(remaining, dossiers)));
    // From the rounded rate, so a reader can redo the points from the figures shown. A target of
    // 0 or less is met by any rate.
    const double share = settings.target_percent > 0 ? std::min(1.0, rate / settings.target_percent) : 1.0;
    return Dossier766{rate, round_half_away(share * settings.max_points, 2), remaining < 0};
}

// --- section 4 -------------------------------------------------------------------------------

std::string_view code(SipasFactor factor) {
    switch (factor) {
        case SipasFactor::access: return "access";
        case SipasFactor::procedures: return "procedures";
        case SipasFactor::civil_servants: return "civil_servants";
        case SipasFactor::results: return "results";
        case SipasFactor::feedback: return "feedback";
    }
    return "";
}

namespace {
std::optional<std::int64_t> factor_hundredths(const LevelCounts& answers) {
    const std::int64_t total = std::accumulate(answers.begin(), answers.end(), std::int64_t{0});
    if (total <= 0) return std::nullopt;
    return percent_hundredths(answers[3] + answers[4], total);
}
}  // namespace

std::optional<double> sipas_factor_index(const LevelCounts& answers) {
    const auto hundredths = factor_hundredths(answers);
    if (!hundredths) return std::nullopt;
    return from_hundredths(*hundredths);
}

SipasResult sipas(const std::array<LevelCounts, 5>& answers_by_factor) {
    SipasResult result;
    std::int64_t sum = 0;
    bool complete = true;
    for (std::size_t i = 0; i < answers_by_factor.size(); ++i) {
        const auto hundredths = factor_hundredths(answers_by_factor[i]);
        if (hundredths) {
            result.factors[i] = from_hundredths(*hundredths);
            sum += *hundredths;
        } else {
            complete = false;
        }
    }
    // The mean of the rounded factors as shown, so a reader can redo it from the five figures.
    if (complete) result.overall = from_hundredths(round_ratio(sum, 5));
    return result;
}

// --- section 5 -------------------------------------------------------------------------------

double shrunk_rate(std::int64_t satisfied, std::int64_t responses, double prior_percent, double prior_weight) {
    const double weight = static_cast<double>(responses) + prior_weight;
    if (weight <= 0) return prior_percent;
    return 100 * (static_cast<double>(satisfied) + prior_weight * prior_percent / 100) / weight;
}

std::vector<std::optional<int>> competition_ranks(std::span<const std::optional<double>> estimates) {
    std::vector<std::optional<int>> ranks(estimates.size());
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < estimates.size(); ++i) {
        // A NaN has no place in an order; it is left unranked like a suppressed group.
        if (estimates[i] && !std::isnan(*estimates[i])) order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return *estimates[a] > *estimates[b]; });
    for (std::size_t k = 0; k < order.size(); ++k) {
        const double here = *estimates[order[k]];
        if (k > 0 && std::fabs(*estimates[order[k - 1]] - here) <= 1e-9) {
            ranks[order[k]] = ranks[order[k - 1]];
        } else {
            ranks[order[k]] = static_cast<int>(k) + 1;
        }
    }
    return ranks;
}

// --- tallies ---------------------------------------------------------------------------------

void Tally::add(const Submission& s) {
    ++responses;
    const bool is_satisfied = s.rating.satisfied();
    if (is_satisfied) ++satisfied;
    // Ingest validates the rating; an out-of-range one is still a response but has no bucket.
    if (s.rating.value >= 1) {
        const auto v = static_cast<std::size_t>(s.rating.value - 1);
        if (s.rating.scale == 3 && v < scale3.size()) ++scale3[v];
        if (s.rating.scale == 5 && v < scale5.size()) ++scale5[v];
    }
    const std::array<const std::optional<int>*, 4> answers = {&s.tt01.time, &s.tt01.contacts, &s.tt01.agencies,
                                                              &s.tt01.attitude};
    for (std::size_t i = 0; i < answers.size(); ++i) {
        if (*answers[i]) tt01[i].add(**answers[i]);
    }
    if (s.tracking_code) ++complaints;
    if (complaint_or_unsatisfied_766(s)) ++complaint_or_unsatisfied;
    if (s.dossier) ++with_dossier;
    if (s.harassment.value_or(false)) ++harassment_reports;
    if (!s.tt01.attitude && s.harassment == false && s.tt01.time == 0) ++late_no_complaint;
}

Tally& Tally::operator+=(const Tally& o) {
    responses += o.responses;
    satisfied += o.satisfied;
    for (std::size_t i = 0; i < scale3.size(); ++i) scale3[i] += o.scale3[i];
    for (std::size_t i = 0; i < scale5.size(); ++i) scale5[i] += o.scale5[i];
    for (std::size_t i = 0; i < tt01.size(); ++i) tt01[i] += o.tt01[i];
    complaints += o.complaints;
    complaint_or_unsatisfied += o.complaint_or_unsatisfied;
    harassment_reports += o.harassment_reports;
    late_no_complaint += o.late_no_complaint;
    with_dossier += o.with_dossier;
    return *this;
}

Tally& Tally::operator-=(const Tally& o) {
    responses -= o.responses;
    satisfied -= o.satisfied;
    for (std::size_t i = 0; i < scale3.size(); ++i) scale3[i] -= o.scale3[i];
    for (std::size_t i = 0; i < scale5.size(); ++i) scale5[i] -= o.scale5[i];
    for (std::size_t i = 0; i < tt01.size(); ++i) tt01[i] -= o.tt01[i];
    complaints -= o.complaints;
    complaint_or_unsatisfied -= o.complaint_or_unsatisfied;
    harassment_reports -= o.harassment_reports;
    late_no_complaint -= o.late_no_complaint;
    with_dossier -= o.with_dossier;
    return *this;
}

std::int64_t fewest_dossiers(const Tt01Tallies& tallies, std::span<const Tt01Index> parts) {
    std::int64_t fewest = 0;
    for (const Tt01Index i : parts)
        if (tallies[i].n > 0 && (fewest == 0 || tallies[i].n < fewest)) fewest = tallies[i].n;
    return fewest;
}

std::string_view code(LateNoComplaint policy) {
    switch (policy) {
    case LateNoComplaint::zero: return "zero";
    case LateNoComplaint::one: return "one";
    case LateNoComplaint::excluded: return "excluded";
    }
    return "zero";
}

std::optional<LateNoComplaint> parse_late_no_complaint(std::string_view text) {
    for (const auto p : {LateNoComplaint::zero, LateNoComplaint::one, LateNoComplaint::excluded})
        if (code(p) == text) return p;
    return std::nullopt;
}

Tt01Tallies kiosk_tt01(const Tally& tally, LateNoComplaint policy) {
    Tt01Tallies out;
    for (std::size_t i = 0; i < kiosk_tt01_indices.size(); ++i) out[kiosk_tt01_indices[i]] = tally.tt01[i];
    if (policy != LateNoComplaint::excluded) {
        IndexTally& attitude = out[Tt01Index::attitude];
        attitude.n += tally.late_no_complaint;
        attitude.points += (policy == LateNoComplaint::one ? 1 : 0) * tally.late_no_complaint;
    }
    return out;
}

}  // namespace hailong::indices
