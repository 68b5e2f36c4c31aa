#pragma once
// Complaint tracking codes: issued by a kiosk offline, unique across the whole fleet without
// asking the server, short enough to copy by hand from the screen, and checked when typed back.
//
// A code is the kiosk's number (given by the server, GET /api/v1/kiosk/config `kiosk_number`)
// and that kiosk's own sequence number of the complaint, written in an alphabet without look-alike
// characters, followed by a check character. Two kiosks have different numbers and one kiosk never
// repeats a sequence number, so two codes can never collide. (The kiosk shuffles its sequence
// numbers with a secret key before they go into a code, so that neighbouring complaints do not
// get neighbouring codes: kiosk/core/include/hailong/kiosk/sequence_permutation.hpp. To this file
// the shuffled number is just the sequence.) The exact layout, alphabet and check
// are documented in tracking_code.cpp's header comment and docs/api.md.
//
// Every code satisfies is_valid_code() (text.hpp), so it travels in Submission::tracking_code.
//
// Layout in brief: 3 symbols of kiosk number, 4 of sequence, 1 check symbol, from the 31 symbols
// 2-9 and A-Z without I, L, O, shown as "3AU-3X4X-C" (kiosk 1234, complaint 56789); a mod-31
// weighted check catches every single wrong symbol and every swap of two symbols.
//
// Thread safety: pure functions. Errors: make() throws std::out_of_range outside the limits.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hailong::tracking_code {

/// The largest kiosk number and the largest sequence number a code can hold.
extern const std::int64_t max_kiosk_number;
extern const std::int64_t max_sequence;

/// The code of complaint `sequence` (1..max_sequence) of kiosk `kiosk_number` (1..max_kiosk_number),
/// in its display form (with separators), e.g. as printed on the thank-you screen.
std::string make(std::int64_t kiosk_number, std::int64_t sequence);

struct Parts {
    std::int64_t kiosk_number = 0;
    std::int64_t sequence = 0;
    friend bool operator==(const Parts&, const Parts&) = default;
};

/// Reads a code as a person typed it: any case, with or without dashes, spaces or tabs anywhere.
/// nullopt if it has the wrong length, a character outside the alphabet, a check character that
/// does not match (a mistyped code), or a kiosk or sequence number of 0 (never issued).
/// 0, O, 1, I and L are refused rather than mapped: they are never printed, so which printed
/// character was misread cannot be told (tracking_code.cpp explains).
std::optional<Parts> parse(std::string_view typed);

/// The display form of a typed code (as make() would print it), or nullopt as for parse().
std::optional<std::string> normalise(std::string_view typed);

}  // namespace hailong::tracking_code
