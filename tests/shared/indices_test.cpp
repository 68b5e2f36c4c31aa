#include "hailong/indices.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

// Known answers here are worked by hand in the comment beside each one (the arithmetic is shown),
// or, for the Wilson interval, checked against an independent method (bisection on the score
// test, which never uses the closed form). Property tests use fixed seeds, so a failure repeats.

using namespace hailong;
using namespace hailong::indices;

namespace {

Submission rated(int scale, int value) {
    Submission s;
    s.department = "SCT";
    s.rating = Rating{scale, value};
    return s;
}

// An IndexTally whose exact value is tenths / 10 (points / n with n = 10), so a score's sum is
// known without any rounding.
IndexTally exactly_tenths(int tenths) { return IndexTally{10, tenths}; }

template <std::size_t N>
Tt01Tallies with_tenths(const std::array<Tt01Index, N>& which, const std::array<int, N>& tenths) {
    Tt01Tallies t;
    for (std::size_t i = 0; i < N; ++i) t[which[i]] = exactly_tenths(tenths[i]);
    return t;
}

int uniform(std::mt19937& rng, int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng); }

Submission random_submission(std::mt19937& rng) {
    const int scale = uniform(rng, 0, 1) == 0 ? 3 : 5;
    Submission s = rated(scale, uniform(rng, 1, scale));
    for (std::optional<int>* answer : {&s.tt01.time, &s.tt01.contacts, &s.tt01.agencies, &s.tt01.attitude}) {
        if (uniform(rng, 0, 3) != 0) *answer = uniform(rng, 0, 2);  // a quarter are skipped
    }
    if (uniform(rng, 0, 9) == 0) s.tracking_code = "K" + std::to_string(uniform(rng, 0, 999999));
    return s;
}

std::vector<Submission> random_submissions(std::mt19937& rng, int max_count) {
    std::vector<Submission> out(static_cast<std::size_t>(uniform(rng, 0, max_count)));
    for (auto& s : out) s = random_submission(rng);
    return out;
}

Tally tally_of(const std::vector<Submission>& submissions) {
    Tally t;
    for (const auto& s : submissions) t.add(s);
    return t;
}

// Every figure the server computes from a Tally.
struct Figures {
    std::optional<double> rate;
    std::optional<Interval> ci;
    std::array<std::optional<int>, 4> tenths;
    OfficerScore officer;
    std::optional<Dossier766> dossier;
    double shrunk = 0;
    friend bool operator==(const Figures&, const Figures&) = default;
};

Figures figures_of(const Tally& t) {
    Figures f;
    f.rate = satisfaction_rate(t.satisfied, t.responses);
    f.ci = wilson_interval(t.satisfied, t.responses);
    for (std::size_t i = 0; i < 4; ++i) f.tenths[i] = index_tenths(t.tt01[i]);
    f.officer = officer_score(kiosk_tt01(t, LateNoComplaint::zero));
    f.dossier = dossier_766(t.responses, t.responses, 0, t.complaint_or_unsatisfied);
    f.shrunk = shrunk_rate(t.satisfied, t.responses, 80);
    return f;
}

// The independent method: the Wilson interval is by definition the set of p that the score test
// does not reject, |p_hat - p| <= z * sqrt(p (1 - p) / n). That set is an interval containing
// p_hat; each end is found here by bisection between p_hat (inside) and 0 or 1, in percent.
double score_test_bound(std::int64_t satisfied, std::int64_t responses, bool upper) {
    const double n = static_cast<double>(responses);
    const double p_hat = static_cast<double>(satisfied) / n;
    const auto inside = [&](double p) { return std::fabs(p_hat - p) <= z95 * std::sqrt(p * (1 - p) / n); };
    double in = p_hat;
    double out = upper ? 1.0 : 0.0;
    if (inside(out)) return 100 * out;
    for (int i = 0; i < 100; ++i) {
        const double mid = (in + out) / 2;
        (inside(mid) ? in : out) = mid;
    }
    return 100 * in;
}

}  // namespace

// --- rounding --------------------------------------------------------------------------------

TEST_CASE("indices: round_ratio rounds half away from zero on integers", "[indices]") {
    CHECK(round_ratio(5, 2) == 3);    // 2.5
    CHECK(round_ratio(-5, 2) == -3);  // -2.5
    CHECK(round_ratio(7, 3) == 2);    // 2.33
    CHECK(round_ratio(-7, 3) == -2);
    CHECK(round_ratio(8, 3) == 3);    // 2.67
    CHECK(round_ratio(-8, 3) == -3);
    CHECK(round_ratio(1, 2) == 1);    // 0.5
    CHECK(round_ratio(-1, 2) == -1);
    CHECK(round_ratio(1, 3) == 0);
    CHECK(round_ratio(-1, 3) == 0);
    CHECK(round_ratio(3, 8) == 0);    // 0.375
    CHECK(round_ratio(4, 8) == 1);    // 0.5
    CHECK(round_ratio(0, 7) == 0);
    CHECK(round_ratio(12, 4) == 3);   // exact
    CHECK(round_ratio(-12, 4) == -3);
}

TEST_CASE("indices: round_ratio does not overflow near the ends of int64", "[indices]") {
    constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();  // 2^63 - 1, odd
    // (2^63 - 1) / 2 = 2^62 - 0.5, half away from zero: 2^62.
    CHECK(round_ratio(max, 2) == (std::int64_t{1} << 62));
    CHECK(round_ratio(-max, 2) == -(std::int64_t{1} << 62));
    CHECK(round_ratio(max, max) == 1);
    // (2^62 - 1) / (2^63 - 1) is just below a half, 2^62 / (2^63 - 1) just above: doubling the
    // remainder to compare with the denominator would overflow here.
    CHECK(round_ratio(max / 2, max) == 0);
    CHECK(round_ratio(max / 2 + 1, max) == 1);
}

TEST_CASE("indices: round_half_away rounds doubles as a person would by hand", "[indices]") {
    // 2.675 is stored as 2.67499999999999982236431605997495353221893310546875; std::round(x * 100)
    // would still give 268 here, but 1.005 * 100 is 100.49999999999999 and std::round gives 100.
    CHECK(round_half_away(2.675, 2) == 2.68);
    CHECK(round_half_away(1.005, 2) == 1.01);
    CHECK(round_half_away(-2.675, 2) == -2.68);
    CHECK(round_half_away(-1.005, 2) == -1.01);
    CHECK(round_half_away(0.125, 2) == 0.13);  // an exact half in binary
    CHECK(round_half_away(2.5, 0) == 3);
    CHECK(round_half_away(-2.5, 0) == -3);
    CHECK(round_half_away(2.674999, 2) == 2.67);
    CHECK(round_half_away(78.48050544, 2) == 78.48);
    CHECK(round_half_away(90.96312093, 2) == 90.96);
    CHECK(round_half_away(0.1234565, 6) == 0.123457);
    CHECK(round_half_away(0.0, 2) == 0.0);
}

// --- section 1 -------------------------------------------------------------------------------

TEST_CASE("indices: satisfaction rate of the API contract's example", "[indices]") {
    // 103 satisfied of 120: 10300 / 120 = 85.8333... -> 85.83.
    CHECK(satisfaction_rate(103, 120) == 85.83);
    CHECK(satisfaction_rate(0, 10) == 0.0);
    CHECK(satisfaction_rate(10, 10) == 100.0);
    CHECK(satisfaction_rate(1, 3) == 33.33);   // 33.333...
    CHECK(satisfaction_rate(2, 3) == 66.67);   // 66.666...
    CHECK(satisfaction_rate(1, 8) == 12.5);    // exact
    CHECK_FALSE(satisfaction_rate(0, 0));
}

TEST_CASE("indices: satisfaction rate rounds exact halves up, from the counts", "[indices]") {
    // 57 / 800 = 0.07125 exactly, 7.125% -> 7.13. In doubles 57.0 / 800 * 10000 is
    // 712.4999999999999 and std::round gives 712 (7.12): this case catches a naive rounding of doubles.
    CHECK(std::round(57.0 / 800 * 10000) == 712.0);
    CHECK(satisfaction_rate(57, 800) == 7.13);
    CHECK(satisfaction_rate(69, 800) == 8.63);     // 8.625 -> 8.63, doubles give 862.4999...
    CHECK(satisfaction_rate(1, 20000) == 0.01);    // 0.005 -> 0.01
    CHECK(satisfaction_rate(1, 40000) == 0.0);     // 0.0025 -> 0.00
    // 19999 / 20000 = 99.995% -> 100.00 under half away from zero: the figure alone does not say
    // that everyone was satisfied, n and satisfied do.
    CHECK(satisfaction_rate(19999, 20000) == 100.0);
}

TEST_CASE("indices: Wilson interval of the API contract's example, worked by hand", "[indices]") {
    // n = 120, p = 103/120 = 0.8583333, z = 1.959964, z^2 = 3.8414589.
    // z^2/n = 0.0320122, so the denominator 1 + z^2/n = 1.0320122.
    // centre = (p + z^2/2n) / 1.0320122 = (0.8583333 + 0.0160061) / 1.0320122 = 0.8743394 / 1.0320122
    //        = 0.8472181.
    // p(1-p)/n = 0.8583333 * 0.1416667 / 120 = 0.1215972 / 120 = 0.0010133;
    // z^2/4n^2 = 3.8414589 / 57600 = 0.0000667; sqrt(0.0010133 + 0.0000667) = sqrt(0.0010800) = 0.0328634;
    // half = 1.959964 * 0.0328634 / 1.0320122 = 0.0644111 / 1.0320122 = 0.0624131.
    // low = 0.8472181 - 0.0624131 = 0.7848050 -> 78.48; high = 0.8472181 + 0.0624131 = 0.9096312 -> 90.96.
    const auto ci = wilson_interval(103, 120);
    REQUIRE(ci);
    CHECK(ci->low == 78.48);
    CHECK(ci->high == 90.96);
    // z is used as given: with z = 0 the interval shrinks to the rate itself, 85.83.
    CHECK(wilson_interval(103, 120, 0.0) == Interval{85.83, 85.83});
}

TEST_CASE("indices: Wilson interval at 0%, 100% and n = 1 is exact at the edge", "[indices]") {
    // At p = 0: half = z * sqrt(z^2/4n^2) / d = (z^2/2n) / d = centre, so low = 0 and
    // high = 2 * centre = (z^2/n) / (1 + z^2/n) = z^2 / (n + z^2).
    // 0/10: high = 3.8414589 / 13.8414589 = 0.2775328 -> 27.75.
    auto ci = wilson_interval(0, 10);
    REQUIRE(ci);
    CHECK(ci->low == 0.0);
    CHECK(ci->high == 27.75);
    // At p = 1, by symmetry: high = 1 and low = n / (n + z^2) = 10 / 13.8414589 = 0.7224672 -> 72.25.
    ci = wilson_interval(10, 10);
    REQUIRE(ci);
    CHECK(ci->low == 72.25);
    CHECK(ci->high == 100.0);
    // 1/1: low = 1 / 4.8414589 = 0.2065493 -> 20.65.
    ci = wilson_interval(1, 1);
    REQUIRE(ci);
    CHECK(ci->low == 20.65);
    CHECK(ci->high == 100.0);
    // 0/1: high = 3.8414589 / 4.8414589 = 0.7934507 -> 79.35.
    ci = wilson_interval(0, 1);
    REQUIRE(ci);
    CHECK(ci->low == 0.0);
    CHECK(ci->high == 79.35);
    // 3/3 (the officer of section 5): low = 3 / 6.8414589 = 0.4385030 -> 43.85. Three satisfied
    // citizens of three are consistent with a true rate below one half.
    ci = wilson_interval(3, 3);
    REQUIRE(ci);
    CHECK(ci->low == 43.85);
    CHECK_FALSE(wilson_interval(0, 0));
}

TEST_CASE("indices: Wilson interval agrees with bisection on the score test", "[indices]") {
    const auto agree = [](std::int64_t s, std::int64_t n) {
        INFO(s << " of " << n);
        const auto ci = wilson_interval(s, n);
        REQUIRE(ci);
        // Rounding to 2 decimals moves a bound by at most 0.005.
        CHECK(std::fabs(ci->low - score_test_bound(s, n, false)) <= 0.005 + 1e-6);
        CHECK(std::fabs(ci->high - score_test_bound(s, n, true)) <= 0.005 + 1e-6);
    };
    for (std::int64_t n = 1; n <= 60; ++n) {
        for (std::int64_t s = 0; s <= n; ++s) agree(s, n);
    }
    std::mt19937 rng(20260101);
    for (int i = 0; i < 300; ++i) {
        const int n = uniform(rng, 61, 100000);
        agree(uniform(rng, 0, n), n);
    }
    agree(480, 500);
    agree(103, 120);
}

TEST_CASE("indices: Wilson interval contains the rate, stays in 0..100 and is symmetric", "[indices]") {
    for (std::int64_t n = 1; n <= 300; ++n) {
        for (std::int64_t s = 0; s <= n; ++s) {
            INFO(s << " of " << n);
            const auto ci = wilson_interval(s, n);
            const auto rate = satisfaction_rate(s, n);
            REQUIRE(ci);
            REQUIRE(rate);
            CHECK(0.0 <= ci->low);
            CHECK(ci->low <= *rate);
            CHECK(*rate <= ci->high);
            CHECK(ci->high <= 100.0);
            // The failures' interval mirrors the successes': low(s) = 100 - high(n - s) before rounding.
            const auto mirror = wilson_interval(n - s, n);
            CHECK(std::fabs(ci->low - (100 - mirror->high)) <= 0.01 + 1e-9);
        }
    }
}

TEST_CASE("indices: one more satisfied response never lowers the rate, its bounds or the shrunk rate", "[indices]") {
    for (std::int64_t n = 0; n <= 300; ++n) {
        for (std::int64_t s = 0; s <= n; ++s) {
            INFO(s << " of " << n);
            CHECK(shrunk_rate(s + 1, n + 1, 80) >= shrunk_rate(s, n, 80));
            if (n == 0) continue;
            CHECK(*satisfaction_rate(s + 1, n + 1) >= *satisfaction_rate(s, n));
            const auto before = wilson_interval(s, n);
            const auto after = wilson_interval(s + 1, n + 1);
            CHECK(after->low >= before->low);
            CHECK(after->high >= before->high);
        }
    }
    // The same through a Tally of random submissions.
    std::mt19937 rng(7);
    for (int i = 0; i < 300; ++i) {
        Tally t = tally_of(random_submissions(rng, 60));
        const auto before = satisfaction_rate(t.satisfied, t.responses);
        const int scale = uniform(rng, 0, 1) == 0 ? 3 : 5;
        t.add(rated(scale, scale - uniform(rng, 0, 1)));  // one of the top two levels
        const auto after = satisfaction_rate(t.satisfied, t.responses);
        REQUIRE(after);
        if (before) CHECK(*after >= *before);
    }
}

// --- section 2 -------------------------------------------------------------------------------

TEST_CASE("indices: TT 01 codes and numbers", "[indices]") {
    const char* codes[] = {"time", "agency_time", "contacts", "agencies", "disclosure",
                           "fees", "attitude", "feedback", "online"};
    for (std::size_t i = 0; i < all_tt01_indices.size(); ++i) {
        const Tt01Index index = all_tt01_indices[i];
        CHECK(number(index) == static_cast<int>(i) + 1);
        CHECK(code(index) == codes[i]);
        CHECK(parse_tt01_index(codes[i]) == index);
    }
    CHECK_FALSE(parse_tt01_index(""));
    CHECK_FALSE(parse_tt01_index("Time"));
    CHECK_FALSE(parse_tt01_index("time "));
    CHECK_FALSE(parse_tt01_index("1"));
    CHECK(code(OfficerBand::completed_100) == "completed_100");
    CHECK(code(OfficerBand::from_70_to_100) == "from_70_to_100");
    CHECK(code(OfficerBand::below_70) == "below_70");
    CHECK(code(AgencyBand::excellent) == "excellent");
    CHECK(code(AgencyBand::good) == "good");
    CHECK(code(AgencyBand::fair) == "fair");
    CHECK(code(AgencyBand::average) == "average");
    CHECK(code(AgencyBand::weak) == "weak");
    CHECK(code(SipasFactor::access) == "access");
    CHECK(code(SipasFactor::procedures) == "procedures");
    CHECK(code(SipasFactor::civil_servants) == "civil_servants");
    CHECK(code(SipasFactor::results) == "results");
    CHECK(code(SipasFactor::feedback) == "feedback");
}

TEST_CASE("indices: an index value is points / n rounded half away from zero to one decimal", "[indices]") {
    CHECK(index_tenths({20, 33}) == 17);  // 33/20 = 1.65 -> 1.7
    CHECK(index_tenths({4, 5}) == 13);    // 5/4 = 1.25 -> 1.3
    CHECK(index_tenths({20, 1}) == 1);    // 1/20 = 0.05 -> 0.1
    CHECK(index_tenths({20, 29}) == 15);  // 1.45 -> 1.5
    CHECK(index_tenths({20, 3}) == 2);    // 0.15 -> 0.2
    CHECK(index_tenths({20, 39}) == 20);  // 1.95 -> 2.0
    CHECK(index_tenths({25, 1}) == 0);    // 0.04 -> 0.0
    CHECK(index_tenths({3, 1}) == 3);     // 0.333 -> 0.3
    CHECK(index_tenths({3, 2}) == 7);     // 0.667 -> 0.7
    CHECK(index_tenths({1, 2}) == 20);
    CHECK(index_tenths({5, 0}) == 0);
    CHECK(index_tenths({110, 176}) == 16);  // 176/110 = 1.6 (the contract's "time" mean)
    CHECK_FALSE(index_tenths({0, 0}));
    IndexTally t;
    t.add(2);
    t.add(1);
    CHECK(t == IndexTally{2, 3});
    CHECK(index_tenths(t) == 15);  // 3/2
}

TEST_CASE("indices: officer score, complete, each index rounded before the sum", "[indices]") {
    Tt01Tallies t;
    t[Tt01Index::time] = {20, 33};         // 1.65 -> 1.7
    t[Tt01Index::agency_time] = {4, 5};    // 1.25 -> 1.3
    t[Tt01Index::contacts] = {20, 1};      // 0.05 -> 0.1
    t[Tt01Index::agencies] = {20, 29};     // 1.45 -> 1.5
    t[Tt01Index::attitude] = {7, 7};       // 1.0
    t[Tt01Index::disclosure] = {5, 0};     // not an officer index: no effect
    // 1.7 + 1.3 + 0.1 + 1.5 + 1.0 = 5.6 (the unrounded sum would be 5.4)
    const OfficerScore s = officer_score(t);
    CHECK(s.tenths == 56);
    CHECK(s.value() == 5.6);
    CHECK_FALSE(s.partial());
    CHECK(s.missing.empty());
    CHECK(s.band == OfficerBand::completed_100);

    // Five indices of 99/100 = 0.99 each round to 1.0: 5.0, completed. Summed unrounded they would
    // be 4.95, in the band below.
    Tt01Tallies u;
    for (const Tt01Index i : officer_tt01_indices) u[i] = {100, 99};
    CHECK(officer_score(u).tenths == 50);
    CHECK(officer_score(u).band == OfficerBand::completed_100);

    Tt01Tallies full;
    for (const Tt01Index i : officer_tt01_indices) full[i] = {3, 6};
    CHECK(officer_score(full).tenths == 100);  // the maximum, 10
}

TEST_CASE("indices: officer score with an index missing is partial, names it and has no band", "[indices]") {
    Tt01Tallies t = kiosk_tt01(Tally{}, LateNoComplaint::zero);  // all empty
    t[Tt01Index::time] = {10, 20};      // 2.0
    t[Tt01Index::contacts] = {10, 20};  // 2.0
    t[Tt01Index::agencies] = {10, 20};  // 2.0
    t[Tt01Index::attitude] = {10, 20};  // 2.0
    // Index 2 has no data (it comes from the unit's records): 8.0 of the four that do.
    OfficerScore s = officer_score(t);
    CHECK(s.partial());
    CHECK(s.missing == std::vector<Tt01Index>{Tt01Index::agency_time});
    CHECK(s.tenths == 80);
    CHECK_FALSE(s.band);  // 8.0 would be completed_100; counted as 0 or 2 index 2 could change that
    // Missing indices are listed in index order whatever the data.
    t[Tt01Index::attitude] = {};
    t[Tt01Index::time] = {};
    s = officer_score(t);
    CHECK(s.missing == std::vector<Tt01Index>{Tt01Index::time, Tt01Index::agency_time, Tt01Index::attitude});
    CHECK(s.tenths == 40);
    CHECK_FALSE(s.band);
    s = officer_score(Tt01Tallies{});
    CHECK(s.missing == std::vector<Tt01Index>(officer_tt01_indices.begin(), officer_tt01_indices.end()));
    CHECK(s.tenths == 0);
    CHECK_FALSE(s.band);
    // An index answered by dossiers that all scored 0 is data, not missing.
    for (const Tt01Index i : officer_tt01_indices) t[i] = {4, 0};
    s = officer_score(t);
    CHECK_FALSE(s.partial());
    CHECK(s.band == OfficerBand::below_70);
}

TEST_CASE("indices: officer bands at their boundaries", "[indices]") {
    const auto band = [](std::array<int, 5> tenths) {
        return officer_score(with_tenths(officer_tt01_indices, tenths)).band;
    };
    CHECK(band({10, 10, 10, 10, 10}) == OfficerBand::completed_100);   // 5.0
    CHECK(band({10, 10, 10, 10, 9}) == OfficerBand::from_70_to_100);   // 4.9
    CHECK(band({7, 7, 7, 7, 7}) == OfficerBand::from_70_to_100);       // 3.5
    CHECK(band({7, 7, 7, 7, 6}) == OfficerBand::below_70);             // 3.4
    CHECK(band({0, 0, 0, 0, 0}) == OfficerBand::below_70);
    CHECK(band({20, 20, 20, 20, 20}) == OfficerBand::completed_100);   // 10.0
}

TEST_CASE("indices: agency score and bands at their boundaries", "[indices]") {
    const auto score = [](std::array<int, 9> tenths) { return agency_score(with_tenths(all_tt01_indices, tenths)); };
    CHECK(score({17, 17, 17, 17, 17, 17, 17, 17, 14}).tenths == 150);  // 8 * 1.7 + 1.4 = 15.0
    CHECK(score({17, 17, 17, 17, 17, 17, 17, 17, 14}).band == AgencyBand::excellent);
    CHECK(score({17, 17, 17, 17, 17, 17, 17, 17, 13}).band == AgencyBand::good);     // 14.9
    CHECK(score({14, 14, 14, 14, 14, 14, 14, 14, 8}).band == AgencyBand::good);      // 8 * 1.4 + 0.8 = 12.0
    CHECK(score({14, 14, 14, 14, 14, 14, 14, 14, 7}).band == AgencyBand::fair);      // 11.9
    CHECK(score({10, 10, 10, 10, 10, 10, 10, 10, 10}).band == AgencyBand::fair);     // 9.0
    CHECK(score({10, 10, 10, 10, 10, 10, 10, 10, 9}).band == AgencyBand::average);   // 8.9
    CHECK(score({7, 7, 7, 7, 7, 7, 7, 7, 4}).band == AgencyBand::average);           // 8 * 0.7 + 0.4 = 6.0
    CHECK(score({7, 7, 7, 7, 7, 7, 7, 7, 3}).band == AgencyBand::weak);              // 5.9
    CHECK(score({0, 0, 0, 0, 0, 0, 0, 0, 0}).band == AgencyBand::weak);
    CHECK(score({20, 20, 20, 20, 20, 20, 20, 20, 20}).tenths == 180);                // the maximum, 18
    CHECK(score({20, 20, 20, 20, 20, 20, 20, 20, 20}).band == AgencyBand::excellent);
}

TEST_CASE("indices: agency score from the kiosk alone is partial with the five record indices named", "[indices]") {
    Tally tally;
    Submission s = rated(3, 3);
    s.tt01 = Tt01Answers{2, 2, 2, 2};
    tally.add(s);
    const AgencyScore a = agency_score(kiosk_tt01(tally, LateNoComplaint::zero));
    CHECK(a.tenths == 80);  // 2.0 * 4
    CHECK(a.missing == std::vector<Tt01Index>{Tt01Index::agency_time, Tt01Index::disclosure, Tt01Index::fees,
                                             Tt01Index::feedback, Tt01Index::online});
    CHECK_FALSE(a.band);
}

TEST_CASE("indices: Tt01Tallies add index by index", "[indices]") {
    Tt01Tallies a;
    a[Tt01Index::time] = {3, 4};
    a[Tt01Index::online] = {1, 2};
    Tt01Tallies b;
    b[Tt01Index::time] = {2, 1};
    b[Tt01Index::fees] = {5, 5};
    b[Tt01Index::online] = {2, 1};
    a += b;
    CHECK(a[Tt01Index::time] == IndexTally{5, 5});
    CHECK(a[Tt01Index::fees] == IndexTally{5, 5});
    CHECK(a[Tt01Index::online] == IndexTally{3, 3});
    CHECK(a[Tt01Index::contacts] == IndexTally{});
    CHECK(a.by_number[0] == IndexTally{5, 5});  // index 1 sits at by_number[0]
    CHECK(a.by_number[8] == IndexTally{3, 3});  // index 9 at by_number[8]
}

// --- section 3 -------------------------------------------------------------------------------

TEST_CASE("indices: 766-style dossier rate and points, worked by hand", "[indices]") {
    // 200 dossiers, 6 overdue (3%), 4 with a complaint or "not satisfied" (2%):
    // rate = 100 - (3 + 2) = 95.00; 95 / 90 > 1, so points = 1 * 6 = 6.
    CHECK(dossier_766(200, 200, 6, 4) == Dossier766{95.0, 6.0});
    // 200, 20 (10%), 10 (5%): rate = 85.00; points = 85 / 90 * 6 = 5.6667 -> 5.67.
    CHECK(dossier_766(200, 200, 20, 10) == Dossier766{85.0, 5.67});
    // Exactly on target: 100, 5, 5 -> 90.00, 90 / 90 * 6 = 6.
    CHECK(dossier_766(100, 100, 5, 5) == Dossier766{90.0, 6.0});
    // 3 dossiers, 1 overdue: 100 - 33.333 = 66.667 -> 66.67; 66.67 / 90 * 6 = 4.4447 -> 4.44.
    CHECK(dossier_766(3, 3, 1, 0) == Dossier766{66.67, 4.44});
    // Other settings: target 80, 10 points: 85 / 80 > 1 -> 10; 60 / 80 * 10 = 7.5.
    CHECK(dossier_766(200, 200, 20, 10, {80, 10}) == Dossier766{85.0, 10.0});
    CHECK(dossier_766(10, 10, 3, 1, {80, 10}) == Dossier766{60.0, 7.5});
    CHECK(dossier_766(50, 50, 0, 0) == Dossier766{100.0, 6.0});
    CHECK_FALSE(dossier_766(0, 0, 0, 0));
    // Issue 17 item 2: 100 records, 3 late, and no rating names any of them: no data, never
    // 97.00 % and 6.00 points.
    CHECK_FALSE(dossier_766(100, 0, 3, 0));
    // One linked rating is data: 100 - (3 + 0) = 97.00.
    CHECK(dossier_766(100, 1, 3, 0) == Dossier766{97.0, 6.0});
}

TEST_CASE("indices: the middle of the 5-level scale is not a complaint in the 766-style figure", "[indices]") {
    // methodology.md section 3: "not satisfied" is the levels below the middle.
    auto rated = [](int scale, int value) {
        Submission s;
        s.rating = Rating{scale, value};
        return s;
    };
    CHECK(complaint_or_unsatisfied_766(rated(3, 1)));
    CHECK_FALSE(complaint_or_unsatisfied_766(rated(3, 2)));
    CHECK(complaint_or_unsatisfied_766(rated(5, 1)));
    CHECK(complaint_or_unsatisfied_766(rated(5, 2)));
    CHECK_FALSE(complaint_or_unsatisfied_766(rated(5, 3)));  // Bình thường
    CHECK_FALSE(complaint_or_unsatisfied_766(rated(5, 4)));
    Submission complaint = rated(5, 5);
    complaint.tracking_code = "K7Q-4MX2-9";
    CHECK(complaint_or_unsatisfied_766(complaint));  // a complaint, whatever the level
}

TEST_CASE("indices: 766-style rate is clamped at 0 and rounded once", "[indices]") {
    // A dossier both overdue and complained about counts in both terms: 10 dossiers, 8 overdue (80%),
    // 7 complaints (70%): 100 - 150 = -50 -> 0, and 0 points.
    CHECK(dossier_766(10, 10, 8, 7) == Dossier766{0.0, 0.0, true});  // and it says so
    CHECK(dossier_766(10, 10, 6, 4) == Dossier766{0.0, 0.0, false});  // exactly 0: nothing was floored
    // 20000 dossiers, 1 overdue: 100 - 0.005 = 99.995 exactly, half away from zero -> 100.00, as
    // satisfaction_rate(19999, 20000) does; subtracting a rounded 0.01 would give 99.99.
    CHECK(dossier_766(20000, 20000, 1, 0) == Dossier766{100.0, 6.0});
    // 800 dossiers, 743 on time and without complaint: 74300 / 800 = 92.875% -> 92.88.
    CHECK(dossier_766(800, 800, 50, 7)->rate == 92.88);
}

// --- section 4 -------------------------------------------------------------------------------

TEST_CASE("indices: SIPAS-style factors and overall, worked by hand", "[indices]") {
    const std::array<LevelCounts, 5> answers = {{
        {1, 2, 7, 40, 50},  // access: 90 of 100 at 4 or 5 -> 90.00
        {0, 0, 1, 1, 1},    // procedures: 2 of 3 -> 66.67
        {5, 5, 5, 5, 5},    // civil servants: 10 of 25 -> 40.00
        {0, 0, 0, 0, 8},    // results: 8 of 8 -> 100.00
        {1, 1, 1, 1, 0},    // feedback: 1 of 4 -> 25.00
    }};
    const SipasResult r = sipas(answers);
    CHECK(r.factors[0] == 90.0);
    CHECK(r.factors[1] == 66.67);
    CHECK(r.factors[2] == 40.0);
    CHECK(r.factors[3] == 100.0);
    CHECK(r.factors[4] == 25.0);
    // (90.00 + 66.67 + 40.00 + 100.00 + 25.00) / 5 = 321.67 / 5 = 64.334 -> 64.33
    CHECK(r.overall == 64.33);
    CHECK(sipas_factor_index({0, 0, 10, 0, 0}) == 0.0);  // "Bình thường" (3) is not agreement
    CHECK(sipas_factor_index({0, 0, 0, 1, 0}) == 100.0);
    CHECK_FALSE(sipas_factor_index({0, 0, 0, 0, 0}));
}

TEST_CASE("indices: SIPAS-style overall needs all five factors", "[indices]") {
    std::array<LevelCounts, 5> answers{};
    for (auto& a : answers) a = {0, 0, 0, 3, 1};  // 100.00 each
    answers[2] = {};                              // civil servants not asked
    const SipasResult r = sipas(answers);
    CHECK(r.factors[0] == 100.0);
    CHECK_FALSE(r.factors[2]);
    CHECK_FALSE(r.overall);
}

TEST_CASE("indices: SIPAS-style overall is the mean of the factors as shown", "[indices]") {
    const std::array<LevelCounts, 5> answers = {{
        {4, 0, 0, 4, 0},  // 4 of 8   = 50.00
        {4, 0, 0, 0, 5},  // 5 of 9   = 55.5556 -> 55.56
        {0, 0, 0, 8, 0},  // 8 of 8   = 100.00
        {0, 0, 0, 0, 9},  // 9 of 9   = 100.00
        {0, 2, 0, 2, 2},  // 4 of 6   = 66.6667 -> 66.67
    }};
    // Shown: (50.00 + 55.56 + 100.00 + 100.00 + 66.67) / 5 = 372.23 / 5 = 74.446 -> 74.45, which
    // a reader can redo from the five figures. The mean of the unrounded factors would be
    // 372.2222 / 5 = 74.4444 -> 74.44.
    CHECK(sipas(answers).overall == 74.45);
}

// --- section 5 -------------------------------------------------------------------------------

TEST_CASE("indices: suppressed below the minimum number of responses", "[indices]") {
    CHECK(suppressed(29));
    CHECK_FALSE(suppressed(30));
    CHECK(suppressed(0));
    CHECK(suppressed(9, 10));
    CHECK_FALSE(suppressed(10, 10));
}

TEST_CASE("indices: shrunk rate ranks 480 of 500 above 3 of 3", "[indices]") {
    // Department prior 80%, weight 20: 20 responses at 80% are 16 satisfied added to each officer.
    // 3/3:     (3 + 16) / (3 + 20)     = 19 / 23   = 0.826087 -> 82.61%
    // 480/500: (480 + 16) / (500 + 20) = 496 / 520 = 0.953846 -> 95.38%
    const double few = shrunk_rate(3, 3, 80);
    const double many = shrunk_rate(480, 500, 80);
    CHECK(round_half_away(few, 2) == 82.61);
    CHECK(round_half_away(many, 2) == 95.38);
    CHECK(few == Approx(82.6087).margin(1e-4));
    CHECK(many == Approx(95.3846).margin(1e-4));
    // The raw rates would rank them the other way: 100.00 against 96.00.
    CHECK(*satisfaction_rate(3, 3) > *satisfaction_rate(480, 500));
    const std::vector<std::optional<double>> estimates = {few, many};
    CHECK(competition_ranks(estimates) == std::vector<std::optional<int>>{2, 1});

    CHECK(shrunk_rate(0, 0, 80) == 80.0);            // no data: the prior
    CHECK(shrunk_rate(7, 10, 80, 0) == Approx(70));  // no weight: the raw rate
    // (0 + 10 * 0.5) / (10 + 10) = 0.25 -> 25%
    CHECK(shrunk_rate(0, 10, 50, 10) == Approx(25));
}

TEST_CASE("indices: the shrunk rate lies between the raw rate and the prior", "[indices]") {
    std::mt19937 rng(42);
    for (int i = 0; i < 300; ++i) {
        const int n = uniform(rng, 1, 1000);
        const int s = uniform(rng, 0, n);
        const double prior = uniform(rng, 0, 10000) / 100.0;
        const double raw = 100.0 * s / n;
        const double shrunk = shrunk_rate(s, n, prior);
        INFO(s << " of " << n << ", prior " << prior);
        CHECK(shrunk >= std::min(raw, prior) - 1e-9);
        CHECK(shrunk <= std::max(raw, prior) + 1e-9);
    }
}

TEST_CASE("indices: competition ranks share ties and skip after them", "[indices]") {
    using V = std::vector<std::optional<double>>;
    using R = std::vector<std::optional<int>>;
    CHECK(competition_ranks(V{90.0, 80.0, 80.0, 70.0}) == R{1, 2, 2, 4});
    CHECK(competition_ranks(V{70.0, 80.0, 90.0, 80.0}) == R{4, 2, 1, 2});
    // Suppressed groups get no rank and take no place.
    CHECK(competition_ranks(V{std::nullopt, 50.0, 60.0, std::nullopt}) == R{std::nullopt, 2, 1, std::nullopt});
    // Within 1e-9 is a tie; 1e-8 apart is not.
    CHECK(competition_ranks(V{0.5, 0.5 + 5e-10, 0.4}) == R{1, 1, 3});
    CHECK(competition_ranks(V{0.5, 0.5 + 1e-8}) == R{2, 1});
    CHECK(competition_ranks(V{1.0, 1.0, 1.0}) == R{1, 1, 1});
    CHECK(competition_ranks(V{}).empty());
    CHECK(competition_ranks(V{std::nullopt}) == R{std::nullopt});
}

// --- tallies ---------------------------------------------------------------------------------

TEST_CASE("indices: Tally counts each submission, worked by hand", "[indices]") {
    std::vector<Submission> list;
    list.push_back(rated(3, 3));  // satisfied
    list.back().tt01 = Tt01Answers{2, 1, 2, 1};
    list.push_back(rated(3, 1));  // not satisfied, and a complaint: counted once in complaint_or_unsatisfied
    list.back().tt01.time = 0;
    list.back().tracking_code = "K1";
    list.push_back(rated(5, 4));  // satisfied (4 >= 5 - 1)
    list.push_back(rated(5, 3));  // not satisfied (3 < 4)
    list.back().tt01.attitude = 0;
    list.push_back(rated(5, 5));  // satisfied, with a complaint
    list.back().tracking_code = "K2";
    list.push_back(rated(3, 2));  // satisfied (2 >= 3 - 1)

    const Tally t = tally_of(list);
    CHECK(t.responses == 6);
    CHECK(t.satisfied == 4);
    CHECK(t.scale3 == std::array<std::int64_t, 3>{1, 1, 1});
    CHECK(t.scale5 == std::array<std::int64_t, 5>{0, 0, 1, 1, 1});
    CHECK(t.tt01[0] == IndexTally{2, 2});  // time: 2 + 0
    CHECK(t.tt01[1] == IndexTally{1, 1});  // contacts
    CHECK(t.tt01[2] == IndexTally{1, 2});  // agencies
    CHECK(t.tt01[3] == IndexTally{2, 1});  // attitude: 1 + 0
    CHECK(t.complaints == 2);
    CHECK(t.complaint_or_unsatisfied == 2);  // the 1 on scale 3 and the 5 with a complaint; the 3 on scale 5 is the middle
    CHECK_FALSE(t.empty());
    CHECK(Tally{}.empty());

    const Tt01Tallies k = kiosk_tt01(t, LateNoComplaint::zero);
    CHECK(k[Tt01Index::time] == IndexTally{2, 2});
    CHECK(k[Tt01Index::contacts] == IndexTally{1, 1});
    CHECK(k[Tt01Index::agencies] == IndexTally{1, 2});
    CHECK(k[Tt01Index::attitude] == IndexTally{2, 1});
    for (const Tt01Index i : {Tt01Index::agency_time, Tt01Index::disclosure, Tt01Index::fees, Tt01Index::feedback,
                              Tt01Index::online}) {
        CHECK(k[i] == IndexTally{});
    }
    // time 2/2 = 1.0, contacts 1.0, agencies 2.0, attitude 1/2 = 0.5 -> 4.5, index 2 missing.
    const OfficerScore s = officer_score(k);
    CHECK(s.tenths == 45);
    CHECK(s.missing == std::vector<Tt01Index>{Tt01Index::agency_time});
}

TEST_CASE("indices: harassment is the citizen's answer, and a late dossier without one is scored by the named policy", "[indices]") {
    // Issue 17 item 1. Five ratings, as hailong's kiosk sends them (rating_machine.cpp):
    //   A early, no harassment:  time 2, attitude 2, harassment false
    //   B on time, no harassment: time 1, attitude 1, harassment false
    //   C late, no harassment:    time 0, no attitude (no row of index 7 holds), harassment false
    //   D late, harassment:       time 0, attitude 0, harassment true
    //   E harassment question skipped, late: time 0, nothing else
    Tally t;
    Submission a = rated(3, 3), b = rated(3, 3), c = rated(3, 1), d = rated(3, 1), e = rated(3, 2);
    a.tt01 = {2, std::nullopt, std::nullopt, 2};
    a.harassment = false;
    b.tt01 = {1, std::nullopt, std::nullopt, 1};
    b.harassment = false;
    c.tt01 = {0, std::nullopt, std::nullopt, std::nullopt};
    c.harassment = false;
    d.tt01 = {0, std::nullopt, std::nullopt, 0};
    d.harassment = true;
    e.tt01 = {0, std::nullopt, std::nullopt, std::nullopt};
    for (const Submission* s : {&a, &b, &c, &d, &e}) t.add(*s);
    // One report of harassment (D): C's late dossier is not one, nor E's unanswered question.
    CHECK(t.harassment_reports == 1);
    CHECK(t.late_no_complaint == 1);  // C only: E never answered the harassment question
    CHECK(t.tt01[3] == IndexTally{3, 3});  // index 7 as sent: A 2 + B 1 + D 0
    // Index 7 by policy, by hand: zero (A 2 + B 1 + C 0 + D 0) / 4 = 0.75 -> 0.8;
    // one (2 + 1 + 1 + 0) / 4 = 1.0; excluded (2 + 1 + 0) / 3 = 1.0.
    CHECK(kiosk_tt01(t, LateNoComplaint::zero)[Tt01Index::attitude] == IndexTally{4, 3});
    CHECK(index_tenths(kiosk_tt01(t, LateNoComplaint::zero)[Tt01Index::attitude]) == 8);
    CHECK(kiosk_tt01(t, LateNoComplaint::one)[Tt01Index::attitude] == IndexTally{4, 4});
    CHECK(index_tenths(kiosk_tt01(t, LateNoComplaint::one)[Tt01Index::attitude]) == 10);
    CHECK(kiosk_tt01(t, LateNoComplaint::excluded)[Tt01Index::attitude] == IndexTally{3, 3});
    // Index 1 is untouched by the policy: (2 + 1 + 0 + 0 + 0) / 5 = 0.6.
    CHECK(kiosk_tt01(t, LateNoComplaint::one)[Tt01Index::time] == IndexTally{5, 3});
    // The two new counts are additive like the rest.
    Tally twice = t;
    twice += t;
    CHECK(twice.harassment_reports == 2);
    CHECK(twice.late_no_complaint == 2);
    twice -= t;
    CHECK(twice == t);
    // The policy's names, both ways.
    for (const auto p : {LateNoComplaint::zero, LateNoComplaint::one, LateNoComplaint::excluded})
        CHECK(parse_late_no_complaint(code(p)) == p);
    CHECK_FALSE(parse_late_no_complaint("0"));
}

TEST_CASE("indices: a score rests on the fewest dossiers of its indices with data", "[indices]") {
    Tt01Tallies t;
    t[Tt01Index::time] = {12, 20};
    t[Tt01Index::attitude] = {5, 6};
    t[Tt01Index::agency_time] = {40, 60};
    CHECK(fewest_dossiers(t, officer_tt01_indices) == 5);   // attitude's 5; contacts and agencies have none
    CHECK(fewest_dossiers(t, kiosk_tt01_indices) == 5);
    CHECK(fewest_dossiers(Tt01Tallies{}, all_tt01_indices) == 0);
}

TEST_CASE("indices: the API contract's example group from its distribution", "[indices]") {
    // "distribution": {"3": {"3": 40, "2": 63, "1": 17}}: 40 + 63 = 103 satisfied of 120.
    Tally t;
    for (int i = 0; i < 40; ++i) t.add(rated(3, 3));
    for (int i = 0; i < 63; ++i) t.add(rated(3, 2));
    for (int i = 0; i < 17; ++i) t.add(rated(3, 1));
    CHECK(t.responses == 120);
    CHECK(t.satisfied == 103);
    CHECK(t.scale3 == std::array<std::int64_t, 3>{17, 63, 40});
    CHECK(t.complaint_or_unsatisfied == 17);
    CHECK(satisfaction_rate(t.satisfied, t.responses) == 85.83);
    CHECK(wilson_interval(t.satisfied, t.responses) == Interval{78.48, 90.96});
    CHECK_FALSE(suppressed(t.responses));
}

TEST_CASE("indices: scales 3 and 5 pool for the rate, the distribution stays per scale", "[indices]") {
    Tally t;
    t.add(rated(3, 3));
    t.add(rated(3, 1));
    t.add(rated(5, 4));
    t.add(rated(5, 2));
    // 2 satisfied of 4: 50.00, whatever the scale.
    CHECK(satisfaction_rate(t.satisfied, t.responses) == 50.0);
    CHECK(t.scale3 == std::array<std::int64_t, 3>{1, 0, 1});
    CHECK(t.scale5 == std::array<std::int64_t, 5>{0, 1, 0, 1, 0});
}

TEST_CASE("indices: the order of submissions changes neither the Tally nor any figure", "[indices]") {
    std::mt19937 rng(2018);
    for (int round = 0; round < 300; ++round) {
        std::vector<Submission> list = random_submissions(rng, 80);
        const Tally ordered = tally_of(list);
        std::shuffle(list.begin(), list.end(), rng);
        const Tally shuffled = tally_of(list);
        CHECK(shuffled == ordered);
        CHECK(figures_of(shuffled) == figures_of(ordered));
    }
}

TEST_CASE("indices: the Tally of a union is the sum of the Tallies", "[indices]") {
    std::mt19937 rng(61);
    for (int round = 0; round < 300; ++round) {
        const std::vector<Submission> list = random_submissions(rng, 80);
        // Deal the submissions into 1..5 disjoint parts at random.
        std::vector<std::vector<Submission>> parts(static_cast<std::size_t>(uniform(rng, 1, 5)));
        const int last_part = static_cast<int>(parts.size()) - 1;
        for (const auto& s : list) parts[static_cast<std::size_t>(uniform(rng, 0, last_part))].push_back(s);
        Tally sum;
        for (const auto& part : parts) sum += tally_of(part);
        CHECK(sum == tally_of(list));
        CHECK(figures_of(sum) == figures_of(tally_of(list)));
        // The counts add up to what the submissions say, independently of Tally::add.
        const auto satisfied =
            std::count_if(list.begin(), list.end(), [](const Submission& s) { return s.rating.satisfied(); });
        CHECK(sum.responses == static_cast<std::int64_t>(list.size()));
        CHECK(sum.satisfied == satisfied);
        std::int64_t in_scales = 0;
        for (const auto c : sum.scale3) in_scales += c;
        for (const auto c : sum.scale5) in_scales += c;
        CHECK(in_scales == sum.responses);
    }
}

TEST_CASE("indices: subtracting a Tally undoes adding it", "[indices]") {
    std::mt19937 rng(1001);
    for (int round = 0; round < 300; ++round) {
        const Tally a = tally_of(random_submissions(rng, 60));
        const Tally b = tally_of(random_submissions(rng, 60));
        Tally c = a;
        c += b;
        if (!b.empty()) CHECK_FALSE(c == a);
        c -= b;
        CHECK(c == a);
        // Removing one submission (a correction) leaves the tally of the others.
        const std::vector<Submission> list = random_submissions(rng, 30);
        if (list.empty()) continue;
        Tally one;
        one.add(list.front());
        Tally all = tally_of(list);
        all -= one;
        CHECK(all == tally_of(std::vector<Submission>(list.begin() + 1, list.end())));
    }
}
