// Complaint tracking codes (contract in hailong/tracking_code.hpp).
//
// Alphabet: 31 symbols, a symbol's value is its position in
//
//     2 3 4 5 6 7 8 9 A B C D E F G H J K M N P Q R S T U V W X Y Z
//     0 1 2 3 4 5 6 7 8 9 ...                                    30
//
// the digits 2-9 and the letters A-Z without I, L and O. 0/O and 1/I/L are the pairs people misread
// and mistype; since none of them is ever printed, what a citizen sees cannot be read two ways.
//
// Layout: 8 symbols, shown as KKK-SSSS-C (10 characters with the dashes, which satisfies
// is_valid_code()):
//   KKK   the kiosk number in base 31, most significant symbol first: 1..29,790 (31^3 - 1);
//   SSSS  that kiosk's sequence number in base 31: 1..923,520 (31^4 - 1);
//   C     the check symbol.
// A fixed length matters for uniqueness: with variable-length fields "1|23" and "12|3" could
// meet. Here the first three symbols are always the kiosk, so codes of two kiosks differ in the
// first three symbols, and codes of one kiosk differ in the next four (base 31 is a bijection on
// each field's range). Value 0 is never issued in either field, so 222-2222-2 is not a code.
//
// Check: with the symbol values v1..v8 (v8 the check symbol) and the weights 8, 7, ..., 1,
//
//     8·v1 + 7·v2 + 6·v3 + 5·v4 + 4·v5 + 3·v6 + 2·v7 + 1·v8 ≡ 0 (mod 31).
//
// What it catches, because 31 is prime (a product is ≡ 0 only if a factor is):
//   - one symbol changed, v → v' at weight w: the sum moves by w·(v' − v), with 1 ≤ w ≤ 8 and
//     0 < |v' − v| ≤ 30, neither a multiple of 31: every single substitution is caught;
//   - two symbols swapped, at weights wi ≠ wj: the sum moves by (wi − wj)·(vj − vi), with
//     0 < |wi − wj| ≤ 7: every transposition of two different symbols is caught, adjacent or not,
//     the check symbol included;
//   - a doubled symbol typed wrong twice (aa → bb, neighbours): (wi + wi+1)·(b − a), 3 ≤ wi + wi+1
//     ≤ 15: caught.
// Two unrelated mistakes pass with a chance of about 1 in 31.
//
// Reading a typed code: upper and lower case are the same; spaces, tabs and dashes are ignored
// wherever they are. 0, O, 1, I and L are refused, not mapped: they are never printed, so the
// person misread some printed symbol, and which one (Q or D for O? J, T or 7 for 1?) cannot be
// told. Guessing would spend the check symbol's protection on our guess instead of on the
// person's typing; refusing lets the screen ask for the code again.

#include "hailong/tracking_code.hpp"

#include <array>
#include <stdexcept>

namespace hailong::tracking_code {
namespace {

constexpr std::string_view alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
constexpr std::int64_t base = 31;
constexpr std::size_t kiosk_symbols = 3;
constexpr std::size_t sequence_symbols = 4;
constexpr std::size_t data_symbols = kiosk_symbols + sequence_symbols;
constexpr std::size_t code_symbols = data_symbols + 1;
static_assert(alphabet.size() == base);

constexpr std::int64_t power(std::int64_t b, std::size_t e) { return e == 0 ? 1 : b * power(b, e - 1); }

// Symbol value of an ASCII character, either case; -1 when it is not in the alphabet.
constexpr std::array<int, 128> make_values() {
    std::array<int, 128> values{};
    for (auto& v : values) v = -1;
    for (std::size_t i = 0; i < alphabet.size(); ++i) {
        const char c = alphabet[i];
        values[static_cast<unsigned char>(c)] = static_cast<int>(i);
        if (c >= 'A' && c <= 'Z') values[static_cast<unsigned char>(c - 'A' + 'a')] = static_cast<int>(i);
    }
    return values;
}
constexpr std::array<int, 128> symbol_values = make_values();

// Weight of symbol i (0-based): 8, 7, ..., 1; the check symbol's weight is 1.
constexpr std::int64_t weight(std::size_t i) { return static_cast<std::int64_t>(code_symbols - i); }

using Symbols = std::array<std::int64_t, code_symbols>;

void put_base31(Symbols& out, std::size_t first, std::size_t count, std::int64_t value) {
    for (std::size_t i = first + count; i-- > first;) {
        out[i] = value % base;
        value /= base;
    }
}

std::int64_t get_base31(const Symbols& in, std::size_t first, std::size_t count) {
    std::int64_t value = 0;
    for (std::size_t i = first; i < first + count; ++i) value = value * base + in[i];
    return value;
}

std::int64_t weighted_sum(const Symbols& s, std::size_t count) {
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < count; ++i) sum += weight(i) * s[i];
    return sum;
}

}  // namespace

const std::int64_t max_kiosk_number = power(base, kiosk_symbols) - 1;
const std::int64_t max_sequence = power(base, sequence_symbols) - 1;

std::string make(std::int64_t kiosk_number, std::int64_t sequence) {
    if (kiosk_number < 1 || kiosk_number > max_kiosk_number)
        throw std::out_of_range("tracking_code::make: kiosk number " + std::to_string(kiosk_number) +
                                " is outside 1.." + std::to_string(max_kiosk_number));
    if (sequence < 1 || sequence > max_sequence)
        throw std::out_of_range("tracking_code::make: sequence " + std::to_string(sequence) + " is outside 1.." +
                                std::to_string(max_sequence));
    Symbols s{};
    put_base31(s, 0, kiosk_symbols, kiosk_number);
    put_base31(s, kiosk_symbols, sequence_symbols, sequence);
    // The check weight is 1, so the check value is what brings the sum to a multiple of 31.
    s[data_symbols] = (base - weighted_sum(s, data_symbols) % base) % base;

    std::string code;
    code.reserve(code_symbols + 2);
    for (std::size_t i = 0; i < code_symbols; ++i) {
        if (i == kiosk_symbols || i == data_symbols) code += '-';
        code += alphabet[static_cast<std::size_t>(s[i])];
    }
    return code;
}

std::optional<Parts> parse(std::string_view typed) {
    Symbols s{};
    std::size_t count = 0;
    for (const char c : typed) {
        if (c == ' ' || c == '\t' || c == '-') continue;
        const auto u = static_cast<unsigned char>(c);
        if (u >= symbol_values.size() || symbol_values[u] < 0) return std::nullopt;
        if (count == code_symbols) return std::nullopt;  // too long
        s[count++] = symbol_values[u];
    }
    if (count != code_symbols) return std::nullopt;
    if (weighted_sum(s, code_symbols) % base != 0) return std::nullopt;
    Parts parts{get_base31(s, 0, kiosk_symbols), get_base31(s, kiosk_symbols, sequence_symbols)};
    if (parts.kiosk_number == 0 || parts.sequence == 0) return std::nullopt;  // never issued
    return parts;
}

std::optional<std::string> normalise(std::string_view typed) {
    const auto parts = parse(typed);
    if (!parts) return std::nullopt;
    return make(parts->kiosk_number, parts->sequence);
}

}  // namespace hailong::tracking_code
