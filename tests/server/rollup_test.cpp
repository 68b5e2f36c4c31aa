#include "hailong/server/store/rollup.hpp"

#include <catch2/catch.hpp>

using namespace hailong;
using namespace hailong::server;

namespace {
LocalDate d(const char* text) { return *parse_iso_date(text); }
int day(const char* text) { return day_number(d(text)); }
}  // namespace

TEST_CASE("rollup: period numbers are days since 1970 and year * 12 + month - 1") {
    CHECK(day("1970-01-01") == 0);
    // 1970-01-01 .. 2026-01-01: 56 years of 365 days and 14 leap days (1972, 1976, ..., 2024).
    CHECK(day("2026-01-01") == 56 * 365 + 14);
    // January..October 2026 have 31+28+31+30+31+30+31+31+30+31 = 304 days; the 20th is 19 more.
    CHECK(day("2026-11-20") == 56 * 365 + 14 + 304 + 19);
    CHECK(day_from_number(day("2026-11-20")) == d("2026-11-20"));
    CHECK(month_number(d("2026-11-20")) == 2026 * 12 + 10);
}

TEST_CASE("rollup: the hour-of-week key is the local ISO weekday and hour") {
    // Vietnam is UTC+7 all year: 2026-11-30T01:30Z is 08:30 on Monday 30 November there (a
    // Monday, by the calendar), and 2026-11-29T17:00Z is already 00:00 on that Monday.
    const auto at = [](const char* text) { return parse_rfc3339(text)->instant; };
    CHECK(vietnam_hour(at("2026-11-30T01:30:00Z")) == 8);
    CHECK(vietnam_hour(at("2026-11-29T17:00:00Z")) == 0);
    CHECK(vietnam_hour(at("2026-11-29T16:59:59Z")) == 23);  // still Sunday 23:59 in Vietnam
    CHECK(hour_key(day("2026-11-30"), 8) == "1-08");
    CHECK(hour_key(day("2026-11-29"), 23) == "7-23");  // Sunday
    CHECK(hour_key(day("2026-12-05"), 14) == "6-14");  // Saturday
    // A submission is counted in its hour row of the day and of the month.
    RollupFacts f;
    f.local_day = day("2026-11-30");
    f.local_hour = 8;
    f.department = "SCT";
    f.tally.responses = 1;
    RollupDeltas deltas;
    deltas.add(f, false, +1, std::array{RollupDim::hour});
    REQUIRE(deltas.rows().size() == 2);
    CHECK(deltas.rows().count(RollupKey{RollupDim::hour, RollupLevel::day, day("2026-11-30"), "SCT", "1-08", false}) == 1);
    CHECK(deltas.rows().count(RollupKey{RollupDim::hour, RollupLevel::month, month_number(d("2026-11-01")), "SCT", "1-08", false}) == 1);
}

TEST_CASE("rollup: a range is planned as leading days, whole months and trailing days") {
    // A whole year: twelve month rows.
    CHECK(plan_range(d("2026-01-01"), d("2026-12-31")) ==
          std::vector<PeriodRun>{{RollupLevel::month, month_number(d("2026-01-01")), month_number(d("2026-12-01"))}});
    // 15 Jan .. 10 Mar: 17 days of January, February whole, 10 days of March.
    CHECK(plan_range(d("2026-01-15"), d("2026-03-10")) ==
          std::vector<PeriodRun>{{RollupLevel::day, day("2026-01-15"), day("2026-01-31")},
                                 {RollupLevel::month, month_number(d("2026-02-01")), month_number(d("2026-02-01"))},
                                 {RollupLevel::day, day("2026-03-01"), day("2026-03-10")}});
    // Inside one month: days only.
    CHECK(plan_range(d("2026-11-02"), d("2026-11-29")) ==
          std::vector<PeriodRun>{{RollupLevel::day, day("2026-11-02"), day("2026-11-29")}});
    // Two partial months and no whole one between them.
    CHECK(plan_range(d("2026-10-20"), d("2026-11-05")) ==
          std::vector<PeriodRun>{{RollupLevel::day, day("2026-10-20"), day("2026-11-05")}});
    // February of a leap year ends on the 29th.
    CHECK(plan_range(d("2028-02-01"), d("2028-02-29")) ==
          std::vector<PeriodRun>{{RollupLevel::month, month_number(d("2028-02-01")), month_number(d("2028-02-01"))}});
    CHECK(plan_range(d("2026-11-20"), d("2026-11-20")) == std::vector<PeriodRun>{{RollupLevel::day, day("2026-11-20"), day("2026-11-20")}});
    CHECK(plan_range(d("2026-11-21"), d("2026-11-20")).empty());
}

TEST_CASE("rollup: every day of a range is covered exactly once by the plan") {
    // Independent check: expand each run back into days and compare with the plain day list.
    for (const auto& [from, to] : std::vector<std::pair<const char*, const char*>>{
             {"2025-12-31", "2027-01-01"}, {"2026-02-28", "2026-03-01"}, {"2026-01-01", "2026-01-31"}, {"2024-02-29", "2026-02-28"}}) {
        std::vector<int> covered;
        for (const PeriodRun& run : plan_range(d(from), d(to))) {
            for (int p = run.first; p <= run.last; ++p) {
                if (run.level == RollupLevel::day) {
                    covered.push_back(p);
                    continue;
                }
                const auto first = std::chrono::year{p / 12} / std::chrono::month{static_cast<unsigned>(p % 12 + 1)} / 1;
                for (auto x = std::chrono::sys_days{first};
                     LocalDate{x}.month() == first.month(); x += std::chrono::days{1})
                    covered.push_back(day_number(LocalDate{x}));
            }
        }
        std::vector<int> want;
        for (int x = day(from); x <= day(to); ++x) want.push_back(x);
        INFO(from << " .. " << to);
        CHECK(covered == want);
    }
}

TEST_CASE("rollup: a submission is counted in ten rows and taken out of them again") {
    Submission s;
    s.created_at = *parse_rfc3339("2026-11-30T23:30:00+07:00");
    s.department = "SCT";
    s.officer = "SCT-001";
    s.rating = Rating{3, 1};
    s.tt01.time = 0;
    const RollupFacts f = RollupFacts::of(s, "K-1");
    CHECK(f.local_day == day("2026-11-30"));
    CHECK(f.service.empty());
    CHECK(f.local_hour == 23);
    RollupDeltas deltas;
    deltas.add(f, false);
    // Five groupings (department, officer, service, kiosk, hour of the week) by day and by month.
    REQUIRE(deltas.rows().size() == 10);
    for (const auto& [key, tally] : deltas.rows()) {
        CHECK(tally.responses == 1);
        CHECK(tally.satisfied == 0);
        CHECK(tally.complaint_or_unsatisfied == 1);
        CHECK(key.period == (key.level == RollupLevel::day ? day("2026-11-30") : month_number(d("2026-11-01"))));
    }
    deltas.add(f, false, -1);
    for (const auto& [key, tally] : deltas.rows()) CHECK(tally == indices::Tally{});
}

TEST_CASE("rollup: a tally survives the trip through the stored columns") {
    indices::Tally t;
    t.responses = 1;
    t.satisfied = 2;
    t.scale3 = {3, 4, 5};
    t.scale5 = {6, 7, 8, 9, 10};
    t.tt01 = {indices::IndexTally{11, 12}, {13, 14}, {15, 16}, {17, 18}};
    t.complaints = 19;
    t.complaint_or_unsatisfied = 20;
    t.harassment_reports = 21;
    t.late_no_complaint = 22;
    t.with_dossier = 23;
    const auto values = tally_values(t);
    for (std::size_t i = 0; i < values.size(); ++i) CHECK(values[i] == static_cast<std::int64_t>(i + 1));
    CHECK(tally_from_values(values) == t);
}
