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
