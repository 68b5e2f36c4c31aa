#include "hailong/time.hpp"

#include <catch2/catch.hpp>

using namespace hailong;
using namespace std::chrono;

namespace {
long long unix_seconds(Instant t) { return duration_cast<seconds>(t.time_since_epoch()).count(); }
long long unix_micros(Instant t) { return t.time_since_epoch().count(); }
}  // namespace

TEST_CASE("parse_rfc3339 reads the contract's example into UTC and keeps the offset", "[time]") {
    const auto ts = parse_rfc3339("2026-11-20T08:15:30+07:00");
    REQUIRE(ts);
    // 08:15:30 at +07:00 is 01:15:30 UTC; `date -u -d '2026-11-20T01:15:30Z' +%s` prints 1795137330.
    CHECK(unix_seconds(ts->instant) == 1795137330);
    CHECK(ts->offset == minutes{420});
}

TEST_CASE("parse_rfc3339 accepts Z, lower case t and z, negative offsets and fractions", "[time]") {
    CHECK(unix_seconds(parse_rfc3339("2026-11-20T01:15:30Z")->instant) == 1795137330);
    CHECK(unix_seconds(parse_rfc3339("2026-11-20t01:15:30z")->instant) == 1795137330);
    // 2026-11-19T20:15:30-05:00 is 01:15:30 UTC the next day: the same instant.
    CHECK(unix_seconds(parse_rfc3339("2026-11-19T20:15:30-05:00")->instant) == 1795137330);
    CHECK(unix_micros(parse_rfc3339("2026-11-20T01:15:30.5Z")->instant) == 1795137330LL * 1000000 + 500000);
    // Seven fraction digits: the seventh is truncated, not rounded.
    CHECK(unix_micros(parse_rfc3339("2026-11-20T01:15:30.1234567Z")->instant) == 1795137330LL * 1000000 + 123456);
}

TEST_CASE("parse_rfc3339 says why it refuses", "[time]") {
    struct Case {
        const char* text;
        TimeError why;
    };
    const Case cases[] = {
        {"2026-11-20T08:15:30", TimeError::missing_offset},
        {"2026-11-20T08:15:30.25", TimeError::missing_offset},
        {"2026-11-20 08:15:30+07:00", TimeError::syntax},
        {"2026-11-20T08:15+07:00", TimeError::syntax},
        {"2026-11-20T08:15:30+0700", TimeError::syntax},
        {"2026-11-20T08:15:30+07:00 ", TimeError::syntax},
        {"2026-11-20T08:15:30.+07:00", TimeError::syntax},
        {"26-11-20T08:15:30+07:00", TimeError::syntax},
        {"", TimeError::syntax},
        {"2026-02-29T00:00:00Z", TimeError::out_of_range},  // 2026 is not a leap year
        {"2026-13-01T00:00:00Z", TimeError::out_of_range},
        {"2026-04-31T00:00:00Z", TimeError::out_of_range},
        {"2026-11-20T24:00:00Z", TimeError::out_of_range},
        {"2026-11-20T23:60:00Z", TimeError::out_of_range},
        {"2026-11-20T23:59:61Z", TimeError::out_of_range},
        {"2026-11-20T08:15:30+24:00", TimeError::out_of_range},
        {"2026-11-20T08:15:30+07:60", TimeError::out_of_range},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        TimeError why{};
        CHECK_FALSE(parse_rfc3339(c.text, &why));
        CHECK(why == c.why);
    }
    CHECK(parse_rfc3339("2024-02-29T00:00:00Z"));  // 2024 is a leap year
}

TEST_CASE("a leap second stays in its own minute", "[time]") {
    const auto ts = parse_rfc3339("2016-12-31T23:59:60Z");
    REQUIRE(ts);
    CHECK(format_rfc3339(ts->instant) == "2016-12-31T23:59:59.999999Z");
}

TEST_CASE("format_rfc3339 writes the offset it is given and round-trips", "[time]") {
    for (const char* text : {"2026-11-20T08:15:30+07:00", "2026-11-20T01:15:30Z", "2026-11-19T20:15:30-05:00",
                             "2026-11-20T08:15:30.25+07:00", "2026-11-20T08:15:30.000001+05:30", "1999-12-31T23:59:59Z"}) {
        INFO(text);
        const auto ts = parse_rfc3339(text);
        REQUIRE(ts);
        CHECK(format_rfc3339(ts->instant, ts->offset) == text);
    }
    CHECK(format_rfc3339(parse_rfc3339("2026-11-20T08:15:30+07:00")->instant) == "2026-11-20T01:15:30Z");
}

TEST_CASE("vietnam_date puts an instant on its local day in Asia/Ho_Chi_Minh", "[time]") {
    // 17:00 UTC is midnight at UTC+7: the local day changes exactly there.
    const Instant midnight = parse_rfc3339("2026-11-20T17:00:00Z")->instant;
    CHECK(vietnam_date(midnight) == LocalDate{year{2026}, November, day{21}});
    CHECK(vietnam_date(midnight - microseconds{1}) == LocalDate{year{2026}, November, day{20}});
    // A submission made at 23:59 local time on 30 November belongs to 30 November, whatever
    // offset the kiosk wrote and however late it arrives.
    CHECK(vietnam_date(parse_rfc3339("2026-11-30T23:59:00+07:00")->instant) == LocalDate{year{2026}, November, day{30}});
    CHECK(vietnam_date(parse_rfc3339("2026-11-30T16:59:00Z")->instant) == LocalDate{year{2026}, November, day{30}});
    // New Year's Eve in UTC is already 1 January in Vietnam.
    CHECK(vietnam_date(parse_rfc3339("2026-12-31T18:00:00Z")->instant) == LocalDate{year{2027}, January, day{1}});
}

TEST_CASE("vietnam_day_start is local midnight", "[time]") {
    const LocalDate d{year{2026}, November, day{21}};
    // `date -u -d '2026-11-20T17:00:00Z' +%s` prints 1795194000.
    CHECK(unix_seconds(vietnam_day_start(d)) == 1795194000);
    CHECK(vietnam_date(vietnam_day_start(d)) == d);
}

TEST_CASE("ISO dates parse strictly and print back", "[time]") {
    CHECK(parse_iso_date("2026-10-01") == LocalDate{year{2026}, October, day{1}});
    CHECK(format_iso_date(LocalDate{year{2026}, December, day{31}}) == "2026-12-31");
    for (const char* bad : {"2026-10-1", "2026/10/01", "2026-10-01T00:00:00Z", "2026-02-30", "", "abcd-ef-gh"}) {
        INFO(bad);
        CHECK_FALSE(parse_iso_date(bad));
    }
}
