#include "hailong/text.hpp"

#include <cstdlib>
#include <memory>
#include <stdexcept>

#include <utf8proc.h>

namespace hailong {
namespace {

const utf8proc_uint8_t* bytes(std::string_view text) {
    return reinterpret_cast<const utf8proc_uint8_t*>(text.data());
}

bool is_forbidden_control(utf8proc_int32_t cp, bool multiline) {
    if (multiline && (cp == '\n' || cp == '\t')) return false;
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

}  // namespace

bool is_invisible_format_character(char32_t code_point) {
    return utf8proc_category(static_cast<utf8proc_int32_t>(code_point)) == UTF8PROC_CATEGORY_CF;
}

bool is_valid_utf8(std::string_view text, std::size_t* bad_byte) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        utf8proc_int32_t cp = 0;
        const auto n = utf8proc_iterate(bytes(text) + pos, static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
        if (n <= 0) {
            if (bad_byte) *bad_byte = pos;
            return false;
        }
        pos += static_cast<std::size_t>(n);
    }
    return true;
}

std::string to_nfc(std::string_view text) {
    utf8proc_uint8_t* out = nullptr;
    const auto n = utf8proc_map(bytes(text), static_cast<utf8proc_ssize_t>(text.size()), &out,
                                static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(out, &std::free);
    if (n < 0) throw std::invalid_argument(std::string("to_nfc: ") + utf8proc_errmsg(n));
    return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

std::size_t count_code_points(std::string_view text) {
    std::size_t count = 0;
    for (const char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;  // not a continuation byte
    }
    return count;
}

std::optional<std::string> normalize_text(std::string_view text, const TextRules& rules, TextProblem* problem) {
    auto fail = [&](TextProblem::Kind kind, std::size_t position) -> std::optional<std::string> {
        if (problem) *problem = TextProblem{kind, position};
        return std::nullopt;
    };
    std::size_t bad = 0;
    if (!is_valid_utf8(text, &bad)) return fail(TextProblem::Kind::invalid_utf8, bad);

    std::string nfc = to_nfc(text);
    std::string cleaned;
    cleaned.reserve(nfc.size());
    std::size_t index = 0;
    for (std::size_t pos = 0; pos < nfc.size(); ++index) {
        utf8proc_int32_t cp = 0;
        const auto n = static_cast<std::size_t>(
            utf8proc_iterate(bytes(nfc) + pos, static_cast<utf8proc_ssize_t>(nfc.size() - pos), &cp));
        // A CR that ends a CRLF pair is dropped so Windows line ends become plain line feeds.
        const bool crlf = rules.multiline && cp == '\r' && pos + 1 < nfc.size() && nfc[pos + 1] == '\n';
        if (!crlf) {
            if (is_forbidden_control(cp, rules.multiline)) return fail(TextProblem::Kind::control_character, index);
            if (is_invisible_format_character(static_cast<char32_t>(cp))) return fail(TextProblem::Kind::invisible_character, index);
            cleaned.append(nfc, pos, n);
        }
        pos += n;
    }
    const std::size_t length = count_code_points(cleaned);
    if (length > rules.max_chars) return fail(TextProblem::Kind::too_long, length);
    return cleaned;
}

Message describe(const TextProblem& problem, const TextRules& rules) {
    switch (problem.kind) {
    case TextProblem::Kind::invalid_utf8: return Message("error.text.utf8", {{"byte", std::to_string(problem.position)}});
    case TextProblem::Kind::control_character: return Message("error.text.control", {{"position", std::to_string(problem.position + 1)}});
    case TextProblem::Kind::invisible_character:
        return Message("error.text.invisible", {{"position", std::to_string(problem.position + 1)}});
    case TextProblem::Kind::too_long:
        return Message("error.text.too_long", {{"length", std::to_string(problem.position)}, {"max", std::to_string(rules.max_chars)}});
    }
    return Message("error.text.utf8", {{"byte", "0"}});
}

bool is_valid_code(std::string_view code) {
    if (code.empty() || code.size() > max_code_length) return false;
    for (const char c : code) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '-' || c == '_' || c == '/';
        if (!ok) return false;
    }
    return true;
}

}  // namespace hailong
