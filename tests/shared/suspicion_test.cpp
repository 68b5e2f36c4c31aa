#include "hailong/suspicion.hpp"

#include <catch2/catch.hpp>

using namespace hailong;
using namespace std::chrono;

namespace {
Instant at(const char* rfc3339) { return parse_rfc3339(rfc3339).value().instant; }
std::vector<Instant> seconds_after(Instant start, std::initializer_list<int> offsets) {
    std::vector<Instant> out;
    for (int s : offsets) out.push_back(start + seconds{s});
    return out;
}
}  // namespace

TEST_CASE("suspicion: five submissions within ten seconds are all a burst, four are not") {
    const Instant t0 = at("2026-11-20T08:00:00+07:00");
    // 0, 2, 4, 6, 10: last - first = 10 s, the limit itself counts.
    CHECK(burst_members(seconds_after(t0, {0, 2, 4, 6, 10})) == std::vector<std::size_t>{0, 1, 2, 3, 4});
    // 0..11: the span is 11 s, no five within 10 s.
    CHECK(burst_members(seconds_after(t0, {0, 3, 6, 9, 11})).empty());
    CHECK(burst_members(seconds_after(t0, {0, 1, 2, 3})).empty());
}

TEST_CASE("suspicion: only the members of a burst are marked, each once") {
    const Instant t0 = at("2026-11-20T08:00:00+07:00");
    // 0 and 100 stand alone; 30..36 (six within 6 s) is one burst seen by two overlapping windows.
    CHECK(burst_members(seconds_after(t0, {0, 30, 31, 32, 33, 34, 36, 100})) ==
          std::vector<std::size_t>{1, 2, 3, 4, 5, 6});
    // Two bursts apart from each other.
    CHECK(burst_members(seconds_after(t0, {0, 1, 2, 3, 4, 60, 61, 62, 63, 64})) ==
          std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    // Microseconds count: 10 s and 1 µs is outside the window.
    std::vector<Instant> times = seconds_after(t0, {0, 1, 2, 3, 10});
    times.back() += microseconds{1};
    CHECK(burst_members(times).empty());
}

TEST_CASE("suspicion: the standard opening hours are weekdays and Saturday morning, local time") {
    const OpeningHours h = OpeningHours::standard();
    CHECK(h.to_string() == "mon 07:00-17:30; tue 07:00-17:30; wed 07:00-17:30; thu 07:00-17:30; fri 07:00-17:30; sat 07:00-11:30");
    // 2026-11-20 is a Friday.
    CHECK(h.is_open(at("2026-11-20T07:00:00+07:00")));
    CHECK_FALSE(h.is_open(at("2026-11-20T06:59:59+07:00")));
    CHECK(h.is_open(at("2026-11-20T17:29:59+07:00")));
    CHECK_FALSE(h.is_open(at("2026-11-20T17:30:00+07:00")));
    // The same instant written in UTC: 01:00Z is 08:00 in Hà Nội.
    CHECK(h.is_open(at("2026-11-20T01:00:00Z")));
    // 23:30Z on Friday is 06:30 on Saturday local: closed; 00:30Z Saturday is 07:30 local: open.
    CHECK_FALSE(h.is_open(at("2026-11-20T23:30:00Z")));
    CHECK(h.is_open(at("2026-11-21T00:30:00Z")));
    CHECK_FALSE(h.is_open(at("2026-11-21T12:00:00+07:00")));
    CHECK_FALSE(h.is_open(at("2026-11-22T09:00:00+07:00")));  // Sunday
}

TEST_CASE("suspicion: opening hours parse with a lunch break and print canonically") {
    const auto h = OpeningHours::parse("mon-fri 13:00-17:00 07:00-11:30;  sat 07:30-11:30");
    REQUIRE(h);
    CHECK(h->to_string() == "mon 07:00-11:30 13:00-17:00; tue 07:00-11:30 13:00-17:00; wed 07:00-11:30 13:00-17:00; "
                            "thu 07:00-11:30 13:00-17:00; fri 07:00-11:30 13:00-17:00; sat 07:30-11:30");
    CHECK_FALSE(h->is_open(at("2026-11-20T12:00:00+07:00")));
    CHECK(h->is_open(at("2026-11-20T13:00:00+07:00")));
    CHECK(OpeningHours::parse(h->to_string()) == h);
    CHECK(OpeningHours::parse("sun 00:00-24:00")->is_open(at("2026-11-22T23:59:59+07:00")));
}

TEST_CASE("suspicion: bad opening hours name the part that is wrong") {
    std::string error;
    CHECK_FALSE(OpeningHours::parse("", &error));
    CHECK(error == "no opening hours given");
    CHECK_FALSE(OpeningHours::parse("mon-fry 07:00-17:00", &error));
    CHECK(error == "\"mon-fry\" is not a day (mon..sun) or a day range such as mon-fri");
    CHECK_FALSE(OpeningHours::parse("fri-mon 07:00-17:00", &error));
    CHECK_FALSE(OpeningHours::parse("mon 17:00-07:00", &error));
    CHECK(error == "\"17:00-07:00\" is not an interval such as 07:00-11:30");
    CHECK_FALSE(OpeningHours::parse("mon 7:00-17:00", &error));
    CHECK_FALSE(OpeningHours::parse("mon", &error));
    CHECK(error == "\"mon\" needs a day and at least one HH:MM-HH:MM interval");
    CHECK_FALSE(OpeningHours::parse("mon-fri 07:00-17:00; fri 08:00-09:00", &error));
    CHECK(error == "\"fri\" is given twice");
}

namespace {
OpeningHoursVersion version(const char* department, const char* from, const char* hours) {
    return {department, *parse_iso_date(from), *OpeningHours::parse(hours), at("2026-11-01T08:00:00+07:00"), "test"};
}
}  // namespace

TEST_CASE("suspicion: the hours in force are the department's newest version, else the site's, else the standard") {
    // Issue 17 item 6, methodology.md section 6. Department A closes at 17:30 until 15 Nov and at
    // 17:00 from then; the site closes at 18:00 from 10 Nov; B has no version of its own.
    const OpeningHoursSchedule schedule({version("A", "2026-11-01", "mon-fri 07:00-17:30"), version("", "2026-11-10", "mon-fri 07:00-18:00"),
                                         version("A", "2026-11-15", "mon-fri 07:00-17:00")});
    const auto d = [](const char* text) { return *parse_iso_date(text); };
    // Before any version: B has the standard hours (Saturday morning open).
    CHECK(schedule.version_in_force("B", d("2026-11-09")) == nullptr);
    CHECK(schedule.hours_in_force("B", d("2026-11-09")) == OpeningHours::standard());
    CHECK(schedule.is_open("B", at("2026-11-07T09:00:00+07:00")));  // a Saturday
    // From 10 Nov B follows the site: 17:45 on Thursday 12 Nov is open for B.
    CHECK(schedule.is_open("B", at("2026-11-12T17:45:00+07:00")));
    // A keeps its own version although the site's is newer: 17:45 on the 12th is closed for A.
    CHECK_FALSE(schedule.is_open("A", at("2026-11-12T17:45:00+07:00")));
    CHECK(schedule.is_open("A", at("2026-11-12T17:15:00+07:00")));
    // From the 15th A closes at 17:00: 17:15 on Monday 16 Nov is closed, 16:59 open.
    CHECK_FALSE(schedule.is_open("A", at("2026-11-16T17:15:00+07:00")));
    CHECK(schedule.is_open("A", at("2026-11-16T16:59:59+07:00")));
    // The date is the rating's local date, not its UTC date: C opens 00:00-01:00 every day from
    // 16 Nov. 17:30Z on Sunday the 15th is 00:30 on Monday the 16th in Hà Nội: C's version, open
    // (by the UTC date it would be the standard hours of a Sunday, closed).
    const OpeningHoursSchedule c({version("C", "2026-11-16", "mon-sun 00:00-01:00")});
    CHECK(c.is_open("C", at("2026-11-15T17:30:00Z")));
    CHECK_FALSE(c.is_open("C", at("2026-11-15T16:30:00Z")));  // 23:30 on Sunday the 15th: standard, closed
    // An unknown department, and the site itself, follow the site-wide versions.
    CHECK(schedule.version_in_force("", d("2026-11-10"))->department.empty());
    CHECK(schedule.version_in_force("NEW", d("2026-11-30"))->valid_from == d("2026-11-10"));
}

TEST_CASE("suspicion: of two versions from the same date, the one set later is in force") {
    const OpeningHoursSchedule schedule({version("A", "2026-11-02", "mon-fri 07:00-17:00"), version("A", "2026-11-02", "mon-fri 08:00-17:00"),
                                         version("A", "2026-11-01", "mon-sun 00:00-24:00")});
    const auto d = *parse_iso_date("2026-11-03");
    CHECK(schedule.hours_in_force("A", d) == *OpeningHours::parse("mon-fri 08:00-17:00"));
    CHECK(schedule.versions().size() == 3);
    CHECK(schedule.versions().front().valid_from == *parse_iso_date("2026-11-01"));
}

TEST_CASE("suspicion: the spans of a period say which hours were in force on which dates") {
    const OpeningHoursSchedule schedule({version("", "2026-11-10", "mon-fri 07:00-18:00"), version("A", "2026-11-15", "mon-fri 07:00-17:00"),
                                         version("", "2026-11-20", "mon-fri 07:30-17:30")});
    const auto d = [](const char* text) { return *parse_iso_date(text); };
    // A over November: the standard hours to the 9th, the site's first version to the 14th, its
    // own from the 15th; the site's change on the 20th does not touch A.
    const auto a = schedule.spans("A", d("2026-11-01"), d("2026-11-30"));
    REQUIRE(a.size() == 3);
    CHECK((a[0].from == d("2026-11-01") && a[0].to == d("2026-11-09") && a[0].version == nullptr));
    CHECK((a[1].from == d("2026-11-10") && a[1].to == d("2026-11-14") && a[1].version->department.empty()));
    CHECK((a[2].from == d("2026-11-15") && a[2].to == d("2026-11-30") && a[2].version->department == "A"));
    // B: the site's two versions.
    const auto b = schedule.spans("B", d("2026-11-12"), d("2026-11-25"));
    REQUIRE(b.size() == 2);
    CHECK((b[0].to == d("2026-11-19") && b[0].version->valid_from == d("2026-11-10")));
    CHECK((b[1].from == d("2026-11-20") && b[1].to == d("2026-11-25") && b[1].version->valid_from == d("2026-11-20")));
    // One day; and a reversed range has none.
    CHECK(schedule.spans("B", d("2026-11-20"), d("2026-11-20")).size() == 1);
    CHECK(schedule.spans("B", d("2026-11-21"), d("2026-11-20")).empty());
}
