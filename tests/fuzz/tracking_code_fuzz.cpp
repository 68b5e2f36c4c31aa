// Fuzz target: complaint tracking codes as a citizen types them back, through
// hailong::tracking_code::parse and normalise (hailong/tracking_code.hpp). The input is the typed
// text; the seeds are codes with and without dashes, spaces, tabs and lower case, and near misses.
//
// What must hold for any bytes, each from the header's contract:
//   - case does not matter, and spaces, tabs and dashes anywhere do not matter: the text in upper
//     case, in lower case and with those characters removed parses to the same result;
//   - normalise() answers exactly when parse() does;
//   - what parse() accepts has a kiosk number in 1..max_kiosk_number and a sequence in
//     1..max_sequence; make() of those parts does not throw, is a code (is_valid_code, KKK-SSSS-C),
//     parses back to the same parts, equals normalise() of the typed text and is the typed
//     symbols in upper case with the separators put back;
//   - the check symbol catches every single wrong symbol and every swap of two different symbols
//     of that code (parse() refuses each).
// And for the parts read from the first 8 bytes (folded into the valid ranges), make() parses
// back to them, so make() is exercised over its whole range, not only on what was typed.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "fuzz_check.hpp"
#include "hailong/text.hpp"
#include "hailong/tracking_code.hpp"

namespace {

namespace tc = hailong::tracking_code;

constexpr std::string_view alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";  // tracking_code.cpp

std::string describe(const std::optional<tc::Parts>& p) {
    return p ? std::to_string(p->kiosk_number) + "/" + std::to_string(p->sequence) : "refused";
}

std::string without_separators(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c != ' ' && c != '\t' && c != '-') out += c;
    }
    return out;
}

// The display form's 8 symbols (KKK-SSSS-C without the dashes).
std::string symbols_of(const std::string& code) { return without_separators(code); }

std::string with_dashes(const std::string& symbols) {
    return symbols.substr(0, 3) + "-" + symbols.substr(3, 4) + "-" + symbols.substr(7);
}

void check_code(const std::string& code, const tc::Parts& parts) {
    HAILONG_FUZZ_CHECK(hailong::is_valid_code(code), code);
    HAILONG_FUZZ_CHECK(code.size() == 10 && code[3] == '-' && code[8] == '-', code);
    HAILONG_FUZZ_CHECK(tc::parse(code) == parts, code + " -> " + describe(tc::parse(code)));

    const std::string symbols = symbols_of(code);
    for (std::size_t i = 0; i < symbols.size(); ++i) {
        for (const char other : alphabet) {
            if (other == symbols[i]) continue;
            std::string changed = symbols;
            changed[i] = other;
            HAILONG_FUZZ_CHECK(!tc::parse(changed), code + ": one wrong symbol passed: " + with_dashes(changed));
        }
        for (std::size_t j = i + 1; j < symbols.size(); ++j) {
            if (symbols[i] == symbols[j]) continue;
            std::string swapped = symbols;
            std::swap(swapped[i], swapped[j]);
            HAILONG_FUZZ_CHECK(!tc::parse(swapped), code + ": a swap passed: " + with_dashes(swapped));
        }
    }
}

void check_typed(std::string_view typed) {
    const std::optional<tc::Parts> parts = tc::parse(typed);
    HAILONG_FUZZ_CHECK(tc::parse(hailong::fuzz::ascii_case(typed, true)) == parts, "upper case changed the result: " + describe(parts));
    HAILONG_FUZZ_CHECK(tc::parse(hailong::fuzz::ascii_case(typed, false)) == parts, "lower case changed the result: " + describe(parts));
    HAILONG_FUZZ_CHECK(tc::parse(without_separators(typed)) == parts, "separators changed the result: " + describe(parts));

    const std::optional<std::string> normal = tc::normalise(typed);
    HAILONG_FUZZ_CHECK(normal.has_value() == parts.has_value(), describe(parts));
    if (!parts) return;

    HAILONG_FUZZ_CHECK(parts->kiosk_number >= 1 && parts->kiosk_number <= tc::max_kiosk_number, describe(parts));
    HAILONG_FUZZ_CHECK(parts->sequence >= 1 && parts->sequence <= tc::max_sequence, describe(parts));
    const std::string code = tc::make(parts->kiosk_number, parts->sequence);
    HAILONG_FUZZ_CHECK(*normal == code, *normal + " vs " + code);
    HAILONG_FUZZ_CHECK(hailong::fuzz::ascii_case(without_separators(typed), true) == symbols_of(code), code);
    check_code(code, *parts);
}

std::int64_t read_u32(const std::uint8_t* data) {
    return static_cast<std::int64_t>(static_cast<std::uint32_t>(data[0]) | static_cast<std::uint32_t>(data[1]) << 8U |
                                     static_cast<std::uint32_t>(data[2]) << 16U | static_cast<std::uint32_t>(data[3]) << 24U);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    check_typed(std::string_view(reinterpret_cast<const char*>(data), size));
    if (size >= 8) {
        const tc::Parts parts{1 + read_u32(data) % tc::max_kiosk_number, 1 + read_u32(data + 4) % tc::max_sequence};
        const std::string code = tc::make(parts.kiosk_number, parts.sequence);
        HAILONG_FUZZ_CHECK(tc::normalise(code) == code, code);
        check_code(code, parts);
    }
    return 0;
}
