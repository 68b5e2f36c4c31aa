#pragma once
// DeleteKey: what the on-screen keyboards' delete key does when it is held. A tap deletes one
// character (the button's own press, on release). Held for `hold_delay`, the key starts to
// repeat, and each repeat deletes a word (drop_last_word), one every `repeat_interval`, as phone
// keyboards speed up: emptying a long comment one character at a time would take minutes. A hold
// that repeated is not also a tap when the finger lifts.
//
// The times are the frames' times, handed in: nothing here reads a clock, so the rule is tested
// by moving time by hand. Repeats are counted from the moment the key went down, not from the last
// frame, so a slow frame rate (the kiosk draws on events and wakes at next_due()) deletes as many
// words as a fast one.
//
// Ownership: a plain value. Thread safety: none; it belongs to the UI thread. Errors: none.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace hailong::kiosk {

class DeleteKey {
public:
    using time_point = std::chrono::steady_clock::time_point;

    static constexpr std::chrono::milliseconds hold_delay{500};
    static constexpr std::chrono::milliseconds repeat_interval{150};

    /// Once a frame: whether the key is held down now, at `now`. Returns how many repeats (words to
    /// delete) fell due since the last call: 0 until the key has been down for hold_delay, 1 at
    /// hold_delay, then one more every repeat_interval.
    int update(bool down, time_point now);
    /// Whether the key's press this frame (a tap released on it) deletes a character: not when
    /// the hold that just ended repeated.
    [[nodiscard]] bool tap_counts() const { return repeats_ == 0; }
    /// When the next repeat falls due while the key is down (the caller wakes then), else nullopt.
    [[nodiscard]] std::optional<time_point> next_due() const;

private:
    std::optional<time_point> down_since_;
    int repeats_ = 0;  // of the current (or the last) hold
};

/// `text` (UTF-8) without its last word: the separators at its end (space, line feed, tab and the
/// punctuation . , - / ? !) and then everything back to the separator before it. "Tôi chờ lâu. "
/// → "Tôi chờ ", "2000.12-H56" → "2000.12-", "3AU3X4XC" → "".
std::string drop_last_word(std::string_view text);

}  // namespace hailong::kiosk
