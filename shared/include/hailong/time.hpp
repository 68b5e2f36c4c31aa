#pragma once
// Instants, RFC 3339 timestamps and local dates in Asia/Ho_Chi_Minh.
//
// methodology.md: instants are stored in UTC; a submission belongs to the local day of its
// created_at in Asia/Ho_Chi_Minh. Vietnam has kept UTC+7 with no daylight saving since 1975, so
// the zone is a fixed offset here; no time-zone database is consulted. Pure functions, no clock:
// callers pass the current instant in where they need one.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace hailong {

/// A point in time, UTC, microsecond resolution (PostgreSQL's timestamptz resolution).
using Instant = std::chrono::sys_time<std::chrono::microseconds>;
/// A calendar date with no time zone attached.
using LocalDate = std::chrono::year_month_day;

/// An instant as a person wrote it: the UTC instant plus the offset it was written with, kept so
/// that the instant can be shown again in the writer's local time.
struct Timestamp {
    Instant instant;
    std::chrono::minutes offset{0};
    friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

/// Why parse_rfc3339 refused a text.
enum class TimeError {
    syntax,          ///< not of the form 2026-11-20T08:15:30[.fff](Z|+07:00)
    missing_offset,  ///< a date and time with no Z and no numeric offset
    out_of_range,    ///< well-formed, but a field is out of range (month 13, 30 February, 24:00...)
};

/// Parses an RFC 3339 date-time: YYYY-MM-DDTHH:MM:SS, optional fraction, and a required offset
/// (Z or ±HH:MM). 'T' and 'Z' may be lower case. Fractions beyond microseconds are truncated.
/// A leap second (:60) is accepted and held at :59.999999 of the same minute, so it never moves
/// a submission into another local day. On failure returns nullopt and, if `why` is given, the
/// reason.
std::optional<Timestamp> parse_rfc3339(std::string_view text, TimeError* why = nullptr);

/// Formats as RFC 3339 in the given offset, e.g. "2026-11-20T08:15:30+07:00"; "Z" for offset 0.
/// Fractional seconds are written only when non-zero, without trailing zeros.
std::string format_rfc3339(Instant instant, std::chrono::minutes offset = std::chrono::minutes{0});

/// The offset of Asia/Ho_Chi_Minh (UTC+7, no daylight saving).
inline constexpr std::chrono::minutes vietnam_offset{7 * 60};
/// The IANA name reported next to local dates in the API.
inline constexpr std::string_view vietnam_time_zone = "Asia/Ho_Chi_Minh";

/// The local date in Asia/Ho_Chi_Minh of an instant.
LocalDate vietnam_date(Instant instant);
/// The first instant (00:00 local time) of a local date in Asia/Ho_Chi_Minh.
Instant vietnam_day_start(LocalDate date);

/// Parses "YYYY-MM-DD" (exactly that, a valid calendar date). Returns nullopt otherwise.
std::optional<LocalDate> parse_iso_date(std::string_view text);
/// Formats as "YYYY-MM-DD".
std::string format_iso_date(LocalDate date);

}  // namespace hailong
