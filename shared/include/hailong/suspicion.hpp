#pragma once
// Suspicious responses (methodology.md section 6) as pure rules. Flag, never delete: the server
// stores the flags with each submission, excludes flagged submissions from indices by default and
// reports how many it excluded.
//
// Thread safety: plain functions and value types.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hailong/time.hpp"

namespace hailong {

/// Why a submission is suspicious; a submission may carry several (a bit set).
enum class Flag : std::uint32_t {
    burst = 1,            ///< one of 5 or more submissions from one kiosk within 10 seconds
    repeated_dossier = 2, ///< its dossier code was rated more than once
    outside_hours = 4,    ///< made outside the site's opening hours
};
using Flags = std::uint32_t;
inline constexpr Flags flag_bit(Flag f) { return static_cast<Flags>(f); }

/// Burst rule: `burst_size` or more submissions of one kiosk whose created_at lie within
/// `burst_window` of each other (last - first <= window).
inline constexpr std::size_t burst_size = 5;
inline constexpr std::chrono::seconds burst_window{10};

/// Given the created_at of one kiosk's submissions sorted ascending, the positions of those that
/// belong to a burst: every member of every run of `burst_size` consecutive instants spanning at
/// most `burst_window`. Returns positions ascending. Requires `sorted` to be sorted.
std::vector<std::size_t> burst_members(std::span<const Instant> sorted);

/// The weekly opening hours of a site, in local time (Asia/Ho_Chi_Minh), each day a list of
/// [open, close) intervals in minutes after midnight.
///
/// Text form (what `hailong-admin set-opening-hours` takes and docs/api.md shows):
///   "mon-fri 07:00-11:30 13:00-17:00; sat 07:30-11:30"
/// entries separated by ';', each a day or a day range (mon tue wed thu fri sat sun) and one or
/// more HH:MM-HH:MM intervals. Days not named are closed. Public holidays are not modelled.
class OpeningHours {
public:
    /// The default when a site has set nothing: Monday to Friday 07:00-17:30 and Saturday
    /// 07:00-11:30, wide enough for the usual one-stop hours with a margin for the last citizen.
    static OpeningHours standard();

    /// Parses the text form. On failure returns nullopt and, if `error` is given, a short English
    /// description of the first problem with the offending part quoted (for logs and the CLI's
    /// message parameter).
    static std::optional<OpeningHours> parse(std::string_view text, std::string* error = nullptr);

    /// The canonical text form ("mon 07:00-17:30; tue 07:00-17:30; ...").
    [[nodiscard]] std::string to_string() const;

    /// True when `instant` falls inside an interval of its local weekday.
    [[nodiscard]] bool is_open(Instant instant) const;

    friend bool operator==(const OpeningHours&, const OpeningHours&) = default;

private:
    struct Interval {
        int open = 0, close = 0;  // minutes after local midnight, open < close <= 1440
        friend bool operator==(const Interval&, const Interval&) = default;
    };
    std::array<std::vector<Interval>, 7> days_{};  // 0 = Monday ... 6 = Sunday
};

}  // namespace hailong
