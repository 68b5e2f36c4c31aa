// Tests of the scanner recogniser (kiosk/core/include/hailong/kiosk/scan_recogniser.hpp). Every
// event carries the time stamp the test gives it, so nothing here depends on how fast the test
// runs: a scanner's keys 5 ms apart, a person's 150 ms apart, worked out by hand against the
// default max_gap of 30 ms and min_chars of 4.
#include <catch2/catch.hpp>

#include <string>

#include "hailong/kiosk/scan_recogniser.hpp"

using namespace hailong::kiosk;
using Kind = ScanRecogniser::Kind;
using ms = std::chrono::milliseconds;

namespace {

// Types `text` one character every `gap`, from `start`, each as key-down, text, key-up (all three
// at the character's time, as SDL stamps them), then Enter. Returns everything released and every
// scan, in order; releases are counted in events.
struct Typed {
    std::size_t released = 0;
    std::vector<std::string> scans;
    ms end{0};
};

Typed type(ScanRecogniser& r, const std::string& text, ms gap, ms start = ms{1000}) {
    Typed out;
    const auto take = [&](const ScanRecogniser::Outcome& o) {
        out.released += o.release;
        if (o.scan) out.scans.push_back(*o.scan);
    };
    ms t = start;
    for (const char c : text) {
        // A person's keys are let through once max_gap has passed without the next one.
        take(r.poll(t));
        take(r.feed(Kind::held_key, t));
        take(r.feed(Kind::text, t, std::string(1, c)));
        take(r.feed(Kind::held_key, t));
        t += gap;
    }
    take(r.poll(t));
    take(r.feed(Kind::enter, t));
    out.end = t;
    return out;
}

}  // namespace

TEST_CASE("scan recogniser: keys 5 ms apart ending in Enter are a scan, none of them let through", "[scanner]") {
    ScanRecogniser r;
    const Typed t = type(r, "000.00.12.H56-261120-0001", ms{5});
    REQUIRE(t.scans.size() == 1);
    CHECK(t.scans[0] == "000.00.12.H56-261120-0001");
    CHECK(t.released == 0);
    CHECK(r.held() == 0);
    CHECK_FALSE(r.deadline());
}

TEST_CASE("scan recogniser: a staff card at full speed is one scan, whole", "[scanner]") {
    ScanRecogniser r;
    const Typed t = type(r, "HLSTAFF1:SCT-007:ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ms{5});
    REQUIRE(t.scans.size() == 1);
    CHECK(t.scans[0] == "HLSTAFF1:SCT-007:ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
}

TEST_CASE("scan recogniser: a person typing 150 ms apart is typing, every key let through in order", "[scanner]") {
    ScanRecogniser r;
    // 5 characters, 3 events each, then Enter: 16 events. Each character is held until the poll
    // 150 ms later (past its 30 ms), and Enter comes alone: released at once.
    const Typed t = type(r, "12345", ms{150});
    CHECK(t.scans.empty());
    CHECK(t.released == 16);
    CHECK(r.held() == 0);
}

TEST_CASE("scan recogniser: a held key waits at most max_gap, and says when", "[scanner]") {
    ScanRecogniser r;
    CHECK(r.feed(Kind::text, ms{1000}, "a").empty());
    REQUIRE(r.deadline());
    CHECK(*r.deadline() == ms{1031});
    CHECK(r.poll(ms{1030}).empty());  // exactly 30 ms: a scanner could still be typing
    CHECK(r.poll(ms{1031}).release == 1);
    CHECK_FALSE(r.deadline());
}

TEST_CASE("scan recogniser: Enter after fewer than 4 fast characters is typing", "[scanner]") {
    ScanRecogniser r;
    CHECK(r.feed(Kind::text, ms{0}, "1").empty());
    CHECK(r.feed(Kind::text, ms{5}, "2").empty());
    CHECK(r.feed(Kind::text, ms{10}, "3").empty());
    const auto out = r.feed(Kind::enter, ms{15});
    CHECK_FALSE(out.scan);
    CHECK(out.release == 4);  // the three characters and the Enter itself
}

TEST_CASE("scan recogniser: a pause inside a burst lets the first part through and starts again", "[scanner]") {
    ScanRecogniser r;
    // "AB" fast, 200 ms of nothing, then "CDEF" fast and Enter: "AB" is typing, "CDEF" a scan.
    CHECK(r.feed(Kind::text, ms{0}, "A").empty());
    CHECK(r.feed(Kind::text, ms{5}, "B").empty());
    CHECK(r.feed(Kind::text, ms{205}, "C").release == 2);
    CHECK(r.feed(Kind::text, ms{210}, "D").empty());
    CHECK(r.feed(Kind::text, ms{215}, "E").empty());
    CHECK(r.feed(Kind::text, ms{220}, "F").empty());
    const auto out = r.feed(Kind::enter, ms{225});
    REQUIRE(out.scan);
    CHECK(*out.scan == "CDEF");
}

TEST_CASE("scan recogniser: another key (an arrow, Escape) breaks the burst and goes through with it", "[scanner]") {
    ScanRecogniser r;
    CHECK(r.feed(Kind::text, ms{0}, "A").empty());
    CHECK(r.feed(Kind::text, ms{5}, "B").empty());
    CHECK(r.feed(Kind::other, ms{10}).release == 3);
    CHECK(r.held() == 0);
}

TEST_CASE("scan recogniser: Vietnamese letters count as one character each", "[scanner]") {
    ScanRecogniser r;
    // Four letters of two bytes or more, 5 ms apart: four characters, enough for a scan.
    CHECK(r.feed(Kind::text, ms{0}, "đ").empty());
    CHECK(r.feed(Kind::text, ms{5}, "ă").empty());
    CHECK(r.feed(Kind::text, ms{10}, "ơ").empty());
    CHECK(r.feed(Kind::text, ms{15}, "ư").empty());
    const auto out = r.feed(Kind::enter, ms{20});
    REQUIRE(out.scan);
    CHECK(*out.scan == "đăơư");
}
