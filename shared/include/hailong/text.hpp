#pragma once
// Text checks for what citizens and kiosks send: valid UTF-8, Unicode NFC, length in characters,
// no control characters, no invisible format characters, and the ASCII shape of codes
// (department, officer, service, dossier...).
//
// Vietnamese can be typed precomposed ("ệ", one code point) or decomposed ("e" + two combining
// marks); both look the same on screen. Everything hailong stores is NFC, so that equal-looking
// text compares equal and lengths count what a person sees as letters. Pure functions, thread safe.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "hailong/message.hpp"

namespace hailong {

/// True if `text` is well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, nothing past
/// U+10FFFF). If not and `bad_byte` is given, it receives the offset of the first bad byte.
bool is_valid_utf8(std::string_view text, std::size_t* bad_byte = nullptr);

/// Unicode Normalization Form C of valid UTF-8 text (utf8proc). Precondition: is_valid_utf8(text).
/// Throws std::invalid_argument if the text is not valid UTF-8.
std::string to_nfc(std::string_view text);

/// Number of Unicode code points in valid UTF-8 text.
std::size_t count_code_points(std::string_view text);

/// What normalize_text checks.
struct TextRules {
    std::size_t max_chars = 0;  ///< at most this many code points after NFC
    bool multiline = false;     ///< allow line feed and tab (comments); never other controls
};

/// Why normalize_text refused a text.
struct TextProblem {
    enum class Kind { invalid_utf8, control_character, invisible_character, too_long } kind;
    std::size_t position = 0;  ///< invalid_utf8: byte offset; control_character and
                               ///< invisible_character: code point index; too_long: the length in
                               ///< code points
};

/// True for the code points normalize_text refuses as invisible: Unicode's format characters
/// (general category Cf). Among them the bidirectional controls (U+061C, U+200E, U+200F,
/// U+202A-U+202E, U+2066-U+2069), which can make a stored or exported line read in another order
/// than it holds, the zero-width characters (U+200B-U+200D, U+2060, U+FEFF), which make two
/// equal-looking texts differ, the soft hyphen and the tag characters (U+E0000-U+E007F), which
/// can hide text from a reader.
bool is_invisible_format_character(char32_t code_point);

/// Checks and normalises free text: valid UTF-8, converted to NFC, no control characters (C0, DEL,
/// C1; line feed and tab only when `rules.multiline`; carriage returns are dropped from CRLF), no
/// invisible format characters (is_invisible_format_character), at most `rules.max_chars` code
/// points. Returns the NFC text, or nullopt and the problem.
std::optional<std::string> normalize_text(std::string_view text, const TextRules& rules,
                                          TextProblem* problem = nullptr);

/// The sentence for a problem normalize_text found (keys error.text.*), for a field error.
Message describe(const TextProblem& problem, const TextRules& rules);

/// Longest code hailong accepts (department, officer, service, dossier, kiosk and reason codes).
inline constexpr std::size_t max_code_length = 64;

/// True if `code` is 1..max_code_length ASCII characters from [A-Za-z0-9._/-]: the shape of
/// department codes ("SCT"), officer codes ("SCT-007"), TTHC codes ("1.001234") and dossier
/// numbers ("000.00.12.H56-261120-0001").
bool is_valid_code(std::string_view code);

}  // namespace hailong
