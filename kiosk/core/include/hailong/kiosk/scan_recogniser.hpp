#pragma once
// Tells a keyboard-wedge scanner from a person at a keyboard. A QR or barcode scanner plugged in
// as a keyboard "types" its payload: one key every few milliseconds (5 ms is usual), ending in
// Enter. A person types one key every 100 ms or more. So the recogniser holds back the keyboard's
// events while they come fast, and then either
//   - sees Enter close a fast burst of at least min_chars characters: a scan, whose text is
//     handed over whole and whose events are dropped (no screen ever sees the keys), or
//   - sees the burst broken (a gap over max_gap, another kind of key, Enter after too few
//     characters): the held events are let through, in their order, as ordinary typing.
// A person's key is held at most max_gap (30 ms by default): too short to notice.
//
// The caller (the window, kiosk/src/window.cpp) classifies each SDL event and keeps the held SDL
// events itself in a queue parallel to this one: `release` says how many of the oldest held events
// to pass on, `scan` that all held events were a scan. Times are the events' own time stamps
// (SDL's milliseconds), never the time they were read, so a busy frame does not turn a person's
// typing into a scan or a scan into typing.
//
//   event ─▶ text            held; starts or continues a burst (a gap over max_gap first
//                            releases what was held and starts a new burst)
//            held_key        a key-down or key-up of a key that types (letters, digits, shift):
//                            held with the burst, no time of its own for the gaps
//            enter           closes the burst: scan if min_chars characters came within max_gap
//                            of each other and of it; otherwise released with everything held
//            other           (arrows, Escape, Backspace...) released with everything held
//   poll(now)                releases what is held once now - last > max_gap
//
// Ownership: a plain value. Thread safety: none (the UI thread's). Errors: none.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace hailong::kiosk {

class ScanRecogniser {
public:
    using Millis = std::chrono::milliseconds;  ///< an event's time stamp, on any steady base

    struct Options {
        Millis max_gap{30};         ///< the longest pause between two keys of a scan
        std::size_t min_chars = 4;  ///< fewer characters before Enter are typing, whatever their speed
    };

    enum class Kind { text, held_key, enter, other };

    /// What became of the held events.
    struct Outcome {
        std::size_t release = 0;          ///< pass on this many of the oldest held events
        std::optional<std::string> scan;  ///< a scan: drop every held event; this was its text
        [[nodiscard]] bool empty() const { return release == 0 && !scan; }
    };

    ScanRecogniser() = default;
    explicit ScanRecogniser(Options options) : options_(options) {}

    /// One keyboard event, in the order they came; `text` (UTF-8) only for Kind::text. The event
    /// itself is held, unless the outcome releases it (it is then the last released).
    Outcome feed(Kind kind, Millis at, const std::string& text = {});
    /// The time has come to release a burst that stopped (no event after it within max_gap).
    Outcome poll(Millis now);
    /// When poll() would release what is held; nullopt when nothing is.
    [[nodiscard]] std::optional<Millis> deadline() const;
    /// How many events are held now.
    [[nodiscard]] std::size_t held() const { return held_; }

private:
    Outcome release_all();

    Options options_;
    std::size_t held_ = 0;         // events held, text and keys
    std::string text_;             // the held characters
    std::size_t chars_ = 0;        // code points in text_
    std::optional<Millis> last_;   // time of the last held event
    std::optional<Millis> last_text_;  // time of the last held character
};

}  // namespace hailong::kiosk
