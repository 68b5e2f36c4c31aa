// Fuzz target: RFC 3339 timestamps through hailong::parse_rfc3339 and back out through
// format_rfc3339 (hailong/time.hpp). The input is the text; the seeds are timestamps with Z and
// z, offsets east and west, fractions of every length, a leap second, and near misses.
//
// What must hold for any bytes, each from the header's contract:
//   - 'T' and 'Z' may be lower case: the text in upper case and in lower case parses to the same
//     result (every other character that can be accepted is a digit or punctuation);
//   - what parse_rfc3339 accepts, format_rfc3339 writes in the offset it was written with, and
//     that text parses back to the same Timestamp (instant and offset);
//   - that text is exactly what the two contracts together say: the same date, hour and minute
//     as typed (a leap second :60 is held at :59.999999 of the same minute), the seconds as
//     typed, the fraction truncated to microseconds without trailing zeros and left out when
//     zero, and "Z" for a zero offset (Z, z, +00:00, -00:00) or the offset as typed otherwise.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "hailong/time.hpp"

namespace {

std::string describe(const std::optional<hailong::Timestamp>& ts) {
    return ts ? hailong::format_rfc3339(ts->instant, ts->offset) : "refused";
}

// The text format_rfc3339 must write for an accepted `typed` (see the header comment above).
// Precondition: parse_rfc3339(typed) accepted it, so its layout is known.
std::string expected_format(std::string_view typed) {
    const bool leap = typed.substr(17, 2) == "60";
    std::string out(typed.substr(0, 19));
    out[10] = 'T';
    if (leap) out.replace(17, 2, "59");

    std::size_t pos = 19;
    std::string digits;
    if (typed[pos] == '.') {
        for (++pos; pos < typed.size() && typed[pos] >= '0' && typed[pos] <= '9'; ++pos) {
            if (digits.size() < 6) digits += typed[pos];
        }
    }
    if (leap) digits = "999999";
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    if (!digits.empty()) out += "." + digits;

    const std::string_view offset = typed.substr(pos);
    if (offset == "Z" || offset == "z" || offset.substr(1) == "00:00") return out + "Z";
    return out + std::string(offset);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view typed(reinterpret_cast<const char*>(data), size);
    const std::optional<hailong::Timestamp> ts = hailong::parse_rfc3339(typed);
    HAILONG_FUZZ_CHECK(hailong::parse_rfc3339(hailong::fuzz::ascii_case(typed, true)) == ts, "upper case changed the result: " + describe(ts));
    HAILONG_FUZZ_CHECK(hailong::parse_rfc3339(hailong::fuzz::ascii_case(typed, false)) == ts, "lower case changed the result: " + describe(ts));
    if (!ts) return 0;

    const std::string formatted = hailong::format_rfc3339(ts->instant, ts->offset);
    const std::optional<hailong::Timestamp> again = hailong::parse_rfc3339(formatted);
    HAILONG_FUZZ_CHECK(again == ts, formatted + " parses to " + describe(again));
    const std::string expected = expected_format(typed);
    HAILONG_FUZZ_CHECK(formatted == expected, "formatted " + formatted + ", expected " + expected);
    return 0;
}
