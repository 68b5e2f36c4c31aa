#pragma once
// Which taps count. A finger that taps twice in quick succession (a double tap out of habit, a
// tremor, a touch panel that bounces) must not make a choice the citizen never saw: the second tap
// on "Chạm để đánh giá" lands on a face of the screen the first one opened. So a tap is ignored
//   - when the screen under it was shown less than `settle` before the finger touched, or
//   - when it repeats the control of the last tap that counted, less than `settle` after it.
// A dialog that opens or closes over a screen (the idle warning) counts as a screen shown.
//
// The times are the UI's event times (when the finger went down, when a screen's first frame was
// drawn), handed in: nothing here reads a clock, so the rule is tested by moving time by hand.
//
// Ownership: a plain value. Thread safety: none; it belongs to the UI thread. Errors: none.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace hailong::kiosk {

class TapGuard {
public:
    using time_point = std::chrono::steady_clock::time_point;

    /// How long a new screen, or a control just tapped, ignores taps.
    static constexpr std::chrono::milliseconds settle{300};

    /// A new screen (or a dialog over it) was first drawn at `at`.
    void screen_shown(time_point at);
    /// The finger went down at `at`: the tap that ends next began then.
    void touched(time_point at);
    /// A tap that began at the last touched() ended on `control` (its widget id): true if it
    /// counts, and it is then the tap a repeat is measured from. An ignored tap is forgotten, so
    /// that a deliberate tap soon after an accidental one still counts. A tap that began before
    /// the screen under it was shown is ignored; one with no touch recorded counts.
    [[nodiscard]] bool accept(std::string_view control);

private:
    std::optional<time_point> shown_;
    std::optional<time_point> touched_;
    std::optional<time_point> last_tap_;
    std::string last_control_;
};

}  // namespace hailong::kiosk
