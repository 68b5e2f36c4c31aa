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
    outside_hours = 4,    ///< made outside the opening hours in force for its department that day
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

/// One version of opening hours, as hailong-admin set-opening-hours records it: in force from
/// `valid_from` (a local date in Asia/Ho_Chi_Minh) for one department, or, with `department`
/// empty, for every department that has no version of its own in force (the site-wide default).
struct OpeningHoursVersion {
    std::string department;  ///< a department code; "" for the site-wide default
    LocalDate valid_from;
    OpeningHours hours;
    Instant set_at;      ///< when it was recorded
    std::string set_by;  ///< who recorded it
    friend bool operator==(const OpeningHoursVersion&, const OpeningHoursVersion&) = default;
};

/// Which opening hours are in force for a department on a date (methodology.md section 6): the
/// newest version of that department with valid_from on or before the date; else the newest
/// site-wide version with valid_from on or before the date; else OpeningHours::standard(). Of two
/// versions with the same department and valid_from, the one later in the list given (the one set
/// later) is in force. A department's own version, once in force, stays in force until a newer
/// version of that department: a later site-wide version does not replace it.
///
/// Built once from the stored versions and then only read; copies are independent. The pointers
/// it returns point into the schedule and are valid while it lives.
class OpeningHoursSchedule {
public:
    /// No versions: the standard hours everywhere, always.
    OpeningHoursSchedule() = default;
    /// `versions` in the order they were set.
    explicit OpeningHoursSchedule(std::vector<OpeningHoursVersion> versions);

    /// The version in force for `department` on `date`; nullptr when none is (the standard hours).
    [[nodiscard]] const OpeningHoursVersion* version_in_force(std::string_view department, LocalDate date) const;
    /// Its hours, or the standard ones.
    [[nodiscard]] const OpeningHours& hours_in_force(std::string_view department, LocalDate date) const;
    /// True when `instant` falls inside the hours in force for `department` on its local date.
    [[nodiscard]] bool is_open(std::string_view department, Instant instant) const;

    /// A run of consecutive local dates over which one version (or the standard hours) is in force.
    struct Span {
        LocalDate from, to;                     ///< inclusive
        const OpeningHoursVersion* version;     ///< nullptr: the standard hours
    };
    /// The runs covering `from`..`to` for `department`, in date order, each as long as possible.
    /// Empty when to < from.
    [[nodiscard]] std::vector<Span> spans(std::string_view department, LocalDate from, LocalDate to) const;

    /// Every version, ordered by department ("" first), then valid_from, then the order set.
    [[nodiscard]] const std::vector<OpeningHoursVersion>& versions() const { return versions_; }

private:
    // The newest version of exactly `department` with valid_from <= date, or nullptr.
    [[nodiscard]] const OpeningHoursVersion* newest_of(std::string_view department, LocalDate date) const;

    std::vector<OpeningHoursVersion> versions_;  // sorted as versions() says
    OpeningHours standard_ = OpeningHours::standard();
};

}  // namespace hailong
