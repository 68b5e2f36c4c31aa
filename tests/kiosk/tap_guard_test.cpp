// Tests of the double-tap rule (kiosk/core/include/hailong/kiosk/tap_guard.hpp): a tap on a
// screen shown less than 300 ms before, or a repeat of the last counted control within 300 ms, is
// ignored. Times are moved by hand from an arbitrary start t0.
#include "hailong/kiosk/tap_guard.hpp"

#include <catch2/catch.hpp>

using namespace hailong::kiosk;
using namespace std::chrono_literals;

namespace {

const TapGuard::time_point t0{std::chrono::hours(1000)};

// One tap: the finger down at `at`, up on `control`.
bool tap(TapGuard& g, std::chrono::milliseconds at, std::string_view control) {
    g.touched(t0 + at);
    return g.accept(control);
}

}  // namespace

TEST_CASE("tap guard: two taps 150 ms apart on 'Chạm để đánh giá' do not choose a face", "[tap_guard]") {
    TapGuard g;
    CHECK(tap(g, 0ms, "start"));
    g.screen_shown(t0 + 40ms);  // the faces' first frame, 40 ms after the touch
    // The second tap lands where "start" was, on a face: 110 ms after the faces appeared.
    CHECK_FALSE(tap(g, 150ms, "rating.2"));
    // A tap that began 299 ms after the faces appeared is still too soon; at 300 ms it counts.
    CHECK_FALSE(tap(g, 339ms, "rating.2"));
    CHECK(tap(g, 340ms, "rating.2"));
}

TEST_CASE("tap guard: a repeat of the same control within 300 ms of its counted tap is ignored", "[tap_guard]") {
    TapGuard g;
    g.screen_shown(t0);
    CHECK(tap(g, 1000ms, "reason.slow"));
    CHECK_FALSE(tap(g, 1150ms, "reason.slow"));  // 150 ms after the counted tap: would untick it
    CHECK(tap(g, 1200ms, "reason.conduct"));     // another control: counts at once
    // The repeat is measured from the control's last counted tap (1000 ms); since then another
    // control counted, so this is no longer a repeat.
    CHECK(tap(g, 1250ms, "reason.slow"));
    CHECK_FALSE(tap(g, 1549ms, "reason.slow"));  // 299 ms after 1250
    CHECK(tap(g, 1550ms, "reason.slow"));        // 300 ms after 1250
}

TEST_CASE("tap guard: an ignored tap does not hold back a deliberate one soon after it", "[tap_guard]") {
    TapGuard g;
    g.screen_shown(t0);
    CHECK_FALSE(tap(g, 100ms, "rating.3"));  // too soon after the screen
    // 250 ms after the ignored tap, 450 ms after the screen: counts (the ignored one is forgotten).
    CHECK(tap(g, 350ms, "rating.3"));
}

TEST_CASE("tap guard: a tap that began before the screen was shown does not count on it", "[tap_guard]") {
    TapGuard g;
    g.touched(t0);              // the finger went down on the old screen...
    g.screen_shown(t0 + 1s);    // ...which changed (a timeout) while it was held...
    CHECK_FALSE(g.accept("x"));  // ...and came up on the new one, a second later
}

TEST_CASE("tap guard: the first tap of all counts, and one without a touch recorded counts", "[tap_guard]") {
    TapGuard fresh;
    CHECK(fresh.accept("start"));
    TapGuard g;
    CHECK(tap(g, 0ms, "start"));
}
