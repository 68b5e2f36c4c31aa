#include "hailong/comment_words.hpp"

#include <algorithm>
#include <set>

#include <utf8proc.h>

#include "hailong/text.hpp"

namespace hailong {
namespace embedded {
extern const std::string_view stopwords_vi;
}

namespace {

const std::set<std::string, std::less<>>& stop_words() {
    static const std::set<std::string, std::less<>> words = [] {
        std::set<std::string, std::less<>> out;
        std::string_view rest = embedded::stopwords_vi;
        while (!rest.empty()) {
            const auto end = rest.find('\n');
            std::string_view line = rest.substr(0, end);
            rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
            while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
            if (!line.empty() && line.front() != '#') out.emplace(to_nfc(line));
        }
        return out;
    }();
    return words;
}

enum class Kind { part, space, stop };

Kind kind_of(utf8proc_int32_t cp) {
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return Kind::part;
    case UTF8PROC_CATEGORY_ZS: return Kind::space;
    default: return cp == '\t' ? Kind::space : Kind::stop;
    }
}

std::string lower_case(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    for (std::size_t pos = 0; pos < text.size();) {
        utf8proc_int32_t cp = 0;
        const auto n = utf8proc_iterate(bytes + pos, static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
        if (n <= 0) return {};
        pos += static_cast<std::size_t>(n);
        utf8proc_uint8_t buf[4];
        const auto w = utf8proc_encode_char(utf8proc_tolower(cp), buf);
        out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(w));
    }
    return out;
}

bool only_digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A syllable that may be counted: neither a stop word nor a number.
bool counts(const std::string& s) { return !only_digits(s) && !is_stop_word(s); }

}  // namespace

bool is_stop_word(std::string_view syllable) { return stop_words().find(syllable) != stop_words().end(); }

std::vector<Syllable> comment_syllables(std::string_view text) {
    std::vector<Syllable> out;
    if (!is_valid_utf8(text)) return out;
    // Lower-case first, then compose: a decomposed capital ("E" + marks) ends as the same NFC
    // syllable as a precomposed small letter.
    const std::string norm = to_nfc(lower_case(text));
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(norm.data());
    bool joins = false;  // whether only spaces separate the next syllable from the last one
    Syllable current;
    const auto finish = [&] {
        if (current.text.empty()) return;
        out.push_back(std::move(current));
        current = Syllable{};
        joins = true;
    };
    for (std::size_t pos = 0; pos < norm.size();) {
        utf8proc_int32_t cp = 0;
        const auto n = utf8proc_iterate(bytes + pos, static_cast<utf8proc_ssize_t>(norm.size() - pos), &cp);
        const std::string_view piece(norm.data() + pos, static_cast<std::size_t>(n));
        pos += static_cast<std::size_t>(n);
        switch (kind_of(cp)) {
        case Kind::part:
            if (current.text.empty()) current.joins_previous = joins && !out.empty();
            current.text.append(piece);
            break;
        case Kind::space: finish(); break;
        case Kind::stop:
            finish();
            joins = false;
            break;
        }
    }
    finish();
    return out;
}

CommentTerms comment_terms(std::string_view text) {
    CommentTerms terms;
    const std::vector<Syllable> syllables = comment_syllables(text);
    for (std::size_t i = 0; i < syllables.size(); ++i) {
        if (!counts(syllables[i].text)) continue;
        terms.words.push_back(syllables[i].text);
        if (i > 0 && syllables[i].joins_previous && counts(syllables[i - 1].text))
            terms.phrases.push_back(syllables[i - 1].text + " " + syllables[i].text);
    }
    for (auto* list : {&terms.words, &terms.phrases}) {
        std::sort(list->begin(), list->end());
        list->erase(std::unique(list->begin(), list->end()), list->end());
    }
    return terms;
}

bool comment_has_term(std::string_view comment, std::string_view term) {
    const std::vector<Syllable> want = comment_syllables(term);
    if (want.empty() || want.size() > 2 || (want.size() == 2 && !want[1].joins_previous)) return false;
    const std::vector<Syllable> have = comment_syllables(comment);
    for (std::size_t i = 0; i < have.size(); ++i) {
        if (have[i].text != want[0].text) continue;
        if (want.size() == 1) return true;
        if (i + 1 < have.size() && have[i + 1].joins_previous && have[i + 1].text == want[1].text) return true;
    }
    return false;
}

}  // namespace hailong
