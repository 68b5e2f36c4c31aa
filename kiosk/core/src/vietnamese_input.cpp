#include "hailong/kiosk/vietnamese_input.hpp"

#include <array>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "hailong/text.hpp"

namespace hailong::kiosk {
namespace {

// A letter of the word being typed, split into what the keys act on.
enum class Mark : std::uint8_t { none, circumflex, breve, horn, stroke };  // stroke: đ
enum class Tone : std::uint8_t { none, grave, acute, hook, tilde, dot };    // huyền sắc hỏi ngã nặng

struct Letter {
    char base = 0;  // lower-case ASCII letter
    Mark mark = Mark::none;
    Tone tone = Tone::none;
    bool upper = false;
};
using Word = std::vector<Letter>;

bool is_vowel(char base) {
    return base == 'a' || base == 'e' || base == 'i' || base == 'o' || base == 'u' || base == 'y';
}

// ---------------------------------------------------------------------------------------------
// Letters and code points. Each row: a vowel with its mark, then its six tones in the order of
// Tone (none, huyền, sắc, hỏi, ngã, nặng), lower case. Upper case is one below (two for Latin-1).

struct VowelRow {
    char base;
    Mark mark;
    std::array<char32_t, 6> lower;
};

constexpr std::array<VowelRow, 12> vowel_rows = {{
    {'a', Mark::none, {0x0061, 0x00E0, 0x00E1, 0x1EA3, 0x00E3, 0x1EA1}},
    {'a', Mark::breve, {0x0103, 0x1EB1, 0x1EAF, 0x1EB3, 0x1EB5, 0x1EB7}},
    {'a', Mark::circumflex, {0x00E2, 0x1EA7, 0x1EA5, 0x1EA9, 0x1EAB, 0x1EAD}},
    {'e', Mark::none, {0x0065, 0x00E8, 0x00E9, 0x1EBB, 0x1EBD, 0x1EB9}},
    {'e', Mark::circumflex, {0x00EA, 0x1EC1, 0x1EBF, 0x1EC3, 0x1EC5, 0x1EC7}},
    {'i', Mark::none, {0x0069, 0x00EC, 0x00ED, 0x1EC9, 0x0129, 0x1ECB}},
    {'o', Mark::none, {0x006F, 0x00F2, 0x00F3, 0x1ECF, 0x00F5, 0x1ECD}},
    {'o', Mark::circumflex, {0x00F4, 0x1ED3, 0x1ED1, 0x1ED5, 0x1ED7, 0x1ED9}},
    {'o', Mark::horn, {0x01A1, 0x1EDD, 0x1EDB, 0x1EDF, 0x1EE1, 0x1EE3}},
    {'u', Mark::none, {0x0075, 0x00F9, 0x00FA, 0x1EE7, 0x0169, 0x1EE5}},
    {'u', Mark::horn, {0x01B0, 0x1EEB, 0x1EE9, 0x1EED, 0x1EEF, 0x1EF1}},
    {'y', Mark::none, {0x0079, 0x1EF3, 0x00FD, 0x1EF7, 0x1EF9, 0x1EF5}},
}};
constexpr char32_t small_d_stroke = 0x0111;  // đ; Đ is 0x0110

// Every lower-case letter above is in Latin-1 (upper = lower − 0x20), Latin Extended-A/B or
// Latin Extended Additional (upper = lower − 1).
constexpr char32_t upper_of(char32_t lower) { return lower < 0x100 ? lower - 0x20 : lower - 1; }

char32_t code_point(const Letter& l) {
    char32_t lower = static_cast<char32_t>(l.base);
    if (l.mark == Mark::stroke) {
        lower = small_d_stroke;
    } else if (is_vowel(l.base)) {
        for (const auto& row : vowel_rows) {
            if (row.base == l.base && row.mark == l.mark) lower = row.lower[static_cast<std::size_t>(l.tone)];
        }
    }
    return l.upper ? upper_of(lower) : lower;
}

const std::unordered_map<char32_t, Letter>& letters_by_code_point() {
    static const auto map = [] {
        std::unordered_map<char32_t, Letter> m;
        for (char c = 'a'; c <= 'z'; ++c) {
            m[static_cast<char32_t>(c)] = Letter{c, Mark::none, Tone::none, false};
            m[upper_of(static_cast<char32_t>(c))] = Letter{c, Mark::none, Tone::none, true};
        }
        for (const auto& row : vowel_rows) {
            for (std::size_t t = 0; t < row.lower.size(); ++t) {
                const Letter l{row.base, row.mark, static_cast<Tone>(t), false};
                m[row.lower[t]] = l;
                m[upper_of(row.lower[t])] = Letter{l.base, l.mark, l.tone, true};
            }
        }
        m[small_d_stroke] = Letter{'d', Mark::stroke, Tone::none, false};
        m[upper_of(small_d_stroke)] = Letter{'d', Mark::stroke, Tone::none, true};
        return m;
    }();
    return map;
}

std::optional<Letter> letter_of(char32_t cp) {
    const auto& map = letters_by_code_point();
    const auto it = map.find(cp);
    if (it == map.end()) return std::nullopt;
    return it->second;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {  // every letter here is in the BMP
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool is_continuation(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) == 0x80; }

// The code point of valid UTF-8 starting at `at`, and its length.
char32_t decode_at(std::string_view s, std::size_t at, std::size_t& length) {
    const auto b0 = static_cast<unsigned char>(s[at]);
    length = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
    char32_t cp = length == 1 ? b0 : length == 2 ? (b0 & 0x1Fu) : length == 3 ? (b0 & 0x0Fu) : (b0 & 0x07u);
    for (std::size_t i = 1; i < length; ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[at + i]) & 0x3Fu);
    return cp;
}

// Where the word being typed starts: after the last code point that is not a letter.
std::size_t word_start(const std::string& text) {
    std::size_t start = text.size();
    while (start > 0) {
        std::size_t begin = start - 1;
        while (begin > 0 && is_continuation(text[begin])) --begin;
        std::size_t length = 0;
        if (!letter_of(decode_at(text, begin, length))) break;
        start = begin;
    }
    return start;
}

Word decode_word(std::string_view s) {
    Word w;
    for (std::size_t at = 0; at < s.size();) {
        std::size_t length = 0;
        w.push_back(*letter_of(decode_at(s, at, length)));  // word_start() let only letters in
        at += length;
    }
    return w;
}

// ---------------------------------------------------------------------------------------------
// The shape of a syllable: initial consonant, vowel group, final consonant.

bool is_initial(std::string_view onset) {  // đ is written 'D' here
    static constexpr std::array<std::string_view, 29> initials = {
        "",  "b",  "c",   "ch", "d", "D",  "g", "gh", "gi", "h", "k",  "kh", "l", "m", "n",
        "ng", "ngh", "nh", "p", "ph", "q", "qu", "r", "s",  "t", "th", "tr", "v", "x"};
    for (const auto i : initials) {
        if (i == onset) return true;
    }
    return false;
}

bool is_final(std::string_view coda) {
    static constexpr std::array<std::string_view, 9> finals = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"};
    for (const auto f : finals) {
        if (f == coda) return true;
    }
    return false;
}

// The vowel groups Vietnamese writes, and whether they end a syllable, need a final consonant,
// or do either. "uơ" is open only (thuở, huơ); before anything else it is written ươ.
enum class Coda : std::uint8_t { open, closed, either };

struct Nucleus {
    Word letters;
    Coda coda;
};

const std::vector<Nucleus>& nuclei() {
    static const auto list = [] {
        struct Row {
            std::string_view utf8;
            Coda coda;
        };
        static constexpr Row rows[] = {
            {"a", Coda::either},   {"e", Coda::either},   {"ê", Coda::either},   {"i", Coda::either},
            {"o", Coda::either},   {"ô", Coda::either},   {"ơ", Coda::either},   {"u", Coda::either},
            {"ư", Coda::either},   {"y", Coda::either},   {"oa", Coda::either},  {"oe", Coda::either},
            {"uê", Coda::either},  {"uy", Coda::either},  {"ă", Coda::closed},   {"â", Coda::closed},
            {"iê", Coda::closed},  {"yê", Coda::closed},  {"oă", Coda::closed},  {"uâ", Coda::closed},
            {"uô", Coda::closed},  {"ươ", Coda::closed},  {"uyê", Coda::closed}, {"oo", Coda::closed},
            {"ai", Coda::open},    {"ao", Coda::open},    {"au", Coda::open},    {"ay", Coda::open},
            {"âu", Coda::open},    {"ây", Coda::open},    {"eo", Coda::open},    {"êu", Coda::open},
            {"ia", Coda::open},    {"iu", Coda::open},    {"oi", Coda::open},    {"ôi", Coda::open},
            {"ơi", Coda::open},    {"ua", Coda::open},    {"ui", Coda::open},    {"ưa", Coda::open},
            {"ưi", Coda::open},    {"ưu", Coda::open},    {"uơ", Coda::open},    {"iêu", Coda::open},
            {"yêu", Coda::open},   {"oai", Coda::open},   {"oao", Coda::open},   {"oay", Coda::open},
            {"oeo", Coda::open},   {"uây", Coda::open},   {"uôi", Coda::open},   {"ươi", Coda::open},
            {"ươu", Coda::open},   {"uya", Coda::open},   {"uyu", Coda::open},
        };
        std::vector<Nucleus> out;
        for (const auto& row : rows) out.push_back({decode_word(row.utf8), row.coda});
        return out;
    }();
    return list;
}

// Whether letters [begin, end) can be (or, with marks still to come, become) a vowel group.
bool nucleus_fits(const Word& w, std::size_t begin, std::size_t end, bool has_final) {
    for (const auto& n : nuclei()) {
        if (n.letters.size() != end - begin) continue;
        if (has_final && n.coda == Coda::open) continue;
        bool fits = true;
        for (std::size_t i = 0; i < n.letters.size() && fits; ++i) {
            const Letter& l = w[begin + i];
            fits = l.base == n.letters[i].base && (l.mark == Mark::none || l.mark == n.letters[i].mark);
        }
        if (fits) return true;
    }
    return false;
}

struct Shape {
    std::size_t vowels_begin = 0;  // the vowel group is [vowels_begin, vowels_end)
    std::size_t vowels_end = 0;
};

// The shape of `w` if it is a Vietnamese syllable or the start of one, ignoring tones.
std::optional<Shape> shape_of(const Word& w) {
    for (std::size_t i = 0; i < w.size(); ++i) {
        const char b = w[i].base;
        if (b == 'f' || b == 'j' || b == 'w' || b == 'z') return std::nullopt;
        if (w[i].mark == Mark::stroke && i != 0) return std::nullopt;
    }
    std::size_t i = 0;
    std::string onset;
    for (; i < w.size() && !is_vowel(w[i].base); ++i) onset += w[i].mark == Mark::stroke ? 'D' : w[i].base;
    std::size_t begin = i;
    const bool vowel_follows = i + 1 < w.size() && is_vowel(w[i + 1].base);
    if (onset == "q" && i < w.size()) {
        if (w[i].base != 'u' || w[i].mark != Mark::none) return std::nullopt;
        if (!vowel_follows) {
            // "qu" with no vowel after it yet: the u carries a tone typed early ("qù" + "a" → "quà").
            if (i + 1 != w.size()) return std::nullopt;
            return Shape{i, i + 1};
        }
        onset = "qu";
        begin = i + 1;
    } else if (onset == "g" && i < w.size() && w[i].base == 'i' && vowel_follows) {
        onset = "gi";  // "gia", "giữa"; but "gì", "gìn" are g + i
        begin = i + 1;
    }
    if (!is_initial(onset)) return std::nullopt;
    std::size_t end = begin;
    while (end < w.size() && is_vowel(w[end].base)) ++end;
    std::string coda;
    for (std::size_t k = end; k < w.size(); ++k) {
        if (is_vowel(w[k].base)) return std::nullopt;
        coda += w[k].base;
    }
    if (!is_final(coda)) return std::nullopt;
    if (begin == end) {
        if (!coda.empty()) return std::nullopt;
        return Shape{begin, end};  // consonants only, waiting for a vowel
    }
    if (!nucleus_fits(w, begin, end, !coda.empty())) return std::nullopt;
    return Shape{begin, end};
}

bool group_is(const Word& w, std::size_t begin, std::size_t end, std::string_view bases) {
    if (end - begin != bases.size()) return false;
    for (std::size_t i = 0; i < bases.size(); ++i) {
        if (w[begin + i].base != bases[i] || w[begin + i].mark != Mark::none) return false;
    }
    return true;
}

// Which letter carries the tone (rules in the header). Precondition: the group is not empty.
std::size_t tone_index(const Word& w, const Shape& s, VietnameseInput::ToneStyle style) {
    const std::size_t b = s.vowels_begin;
    const std::size_t e = s.vowels_end;
    for (std::size_t i = e; i-- > b;) {
        if (w[i].mark == Mark::none) continue;
        // The last vowel with a mark: ươ → ơ. In "ưo" the o is an ơ still to be marked.
        if (w[i].base == 'u' && i + 1 < e && w[i + 1].base == 'o') return i + 1;
        return i;
    }
    const std::size_t n = e - b;
    if (n == 1) return b;
    if (n == 3) return group_is(w, b, e, "uye") ? b + 2 : b + 1;
    if (n == 2) {
        if (e < w.size()) return b + 1;  // a final consonant follows
        if (group_is(w, b, e, "oa") || group_is(w, b, e, "oe") || group_is(w, b, e, "uy"))
            return style == VietnameseInput::ToneStyle::classic ? b : b + 1;
        // ie, ye, uo, ue are iê, yê, uô/ươ, uê still waiting for their mark, which takes the tone.
        if (group_is(w, b, e, "ie") || group_is(w, b, e, "ye") || group_is(w, b, e, "uo") || group_is(w, b, e, "ue"))
            return b + 1;
        return b;
    }
    return b + 1;  // longer groups never fit a nucleus; defined anyway
}

// "uơ" followed by any letter, or with no initial before it, is written "ươ": uơ is only ever
// the end of a word after an initial (thuở, huơ), and no word starts with it.
bool uo_takes_two_horns(const Word& w, std::size_t k) { return k + 2 < w.size() || k == 0; }

void settle(Word& w, const Shape& s) {
    for (std::size_t k = s.vowels_begin; k + 1 < s.vowels_end; ++k) {
        if (w[k].base == 'u' && w[k].mark == Mark::none && w[k + 1].base == 'o' && w[k + 1].mark == Mark::horn &&
            uo_takes_two_horns(w, k))
            w[k].mark = Mark::horn;
    }
}

// The word written out with `tone` in its place. nullopt if `w` is not shaped like Vietnamese.
std::optional<std::string> spell(Word w, Tone tone, VietnameseInput::ToneStyle style) {
    const auto shape = shape_of(w);
    if (!shape) return std::nullopt;
    settle(w, *shape);
    for (auto& l : w) l.tone = Tone::none;
    if (tone != Tone::none) {
        if (shape->vowels_begin == shape->vowels_end) return std::nullopt;
        w[tone_index(w, *shape, style)].tone = tone;
    }
    std::string out;
    for (const auto& l : w) append_utf8(out, code_point(l));
    return out;
}

// ---------------------------------------------------------------------------------------------
// Keys.

enum class Op : std::uint8_t { plain, tone, clear_tone, mark, stroke };

struct Action {
    Op op = Op::plain;
    Tone tone = Tone::none;
    Mark mark = Mark::none;    // for Op::mark; horn means breve on an a (Telex w)
    std::string_view bases;   // for Op::mark: the vowels it may apply to
};

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_ascii_letter(char c) { return lower(c) >= 'a' && lower(c) <= 'z'; }

Action telex_action(char c) {
    switch (lower(c)) {
        case 's': return {Op::tone, Tone::acute, {}, {}};
        case 'f': return {Op::tone, Tone::grave, {}, {}};
        case 'r': return {Op::tone, Tone::hook, {}, {}};
        case 'x': return {Op::tone, Tone::tilde, {}, {}};
        case 'j': return {Op::tone, Tone::dot, {}, {}};
        case 'z': return {Op::clear_tone, {}, {}, {}};
        case 'a': return {Op::mark, {}, Mark::circumflex, "a"};
        case 'e': return {Op::mark, {}, Mark::circumflex, "e"};
        case 'o': return {Op::mark, {}, Mark::circumflex, "o"};
        case 'w': return {Op::mark, {}, Mark::horn, "aou"};
        case 'd': return {Op::stroke, {}, {}, {}};
        default: return {};
    }
}

Action vni_action(char c) {
    switch (c) {
        case '1': return {Op::tone, Tone::acute, {}, {}};
        case '2': return {Op::tone, Tone::grave, {}, {}};
        case '3': return {Op::tone, Tone::hook, {}, {}};
        case '4': return {Op::tone, Tone::tilde, {}, {}};
        case '5': return {Op::tone, Tone::dot, {}, {}};
        case '0': return {Op::clear_tone, {}, {}, {}};
        case '6': return {Op::mark, {}, Mark::circumflex, "aeo"};
        case '7': return {Op::mark, {}, Mark::horn, "ou"};
        case '8': return {Op::mark, {}, Mark::breve, "a"};
        case '9': return {Op::stroke, {}, {}, {}};
        default: return {};
    }
}

Mark mark_for(Mark mark, char base) { return mark == Mark::horn && base == 'a' ? Mark::breve : mark; }

// Each apply_* returns the new spelling of the word (the undo rule includes the key typed back),
// or nullopt when the key does not apply and is to be typed as it is.
using Result = std::optional<std::string>;
using Style = VietnameseInput::ToneStyle;

Result typed_back(const Word& w, Tone tone, Style style, char c) {
    auto spelled = spell(w, tone, style);
    if (spelled) *spelled += c;
    return spelled;
}

Result apply_tone(const Word& w, Tone current, Tone wanted, Style style, char c) {
    const auto shape = shape_of(w);
    if (!shape || shape->vowels_begin == shape->vowels_end) return std::nullopt;
    if (current == wanted) return typed_back(w, Tone::none, style, c);
    return spell(w, wanted, style);
}

Result apply_clear_tone(const Word& w, Tone current, Style style) {
    if (current == Tone::none || !shape_of(w)) return std::nullopt;
    return spell(w, Tone::none, style);
}

Result apply_mark(Word w, Tone tone, const Action& a, Style style, char c) {
    const auto shape = shape_of(w);
    if (!shape || shape->vowels_begin == shape->vowels_end) return std::nullopt;
    const std::size_t b = shape->vowels_begin;
    const std::size_t e = shape->vowels_end;

    // The horn on a u-o pair goes on both: ươ (uơ while nothing follows, see settle()).
    if (a.mark == Mark::horn && a.bases.find('u') != std::string_view::npos) {
        for (std::size_t k = b; k + 1 < e; ++k) {
            if (w[k].base != 'u' || w[k + 1].base != 'o') continue;
            if (w[k + 1].mark == Mark::horn) {
                w[k].mark = Mark::none;
                w[k + 1].mark = Mark::none;
                return typed_back(w, tone, style, c);
            }
            w[k + 1].mark = Mark::horn;
            if (uo_takes_two_horns(w, k)) w[k].mark = Mark::horn;
            if (!shape_of(w)) return std::nullopt;
            return spell(w, tone, style);
        }
    }

    std::vector<std::size_t> targets;
    for (std::size_t i = b; i < e; ++i) {
        if (a.bases.find(w[i].base) != std::string_view::npos) targets.push_back(i);
    }
    bool undo = false;
    for (const auto i : targets) {
        if (w[i].mark == mark_for(a.mark, w[i].base)) {
            w[i].mark = Mark::none;
            undo = true;
        }
    }
    if (undo) return typed_back(w, tone, style, c);
    // The last vowel that can take the mark and still makes a vowel group: "ua" + w → "ưa",
    // "oa" + w → "oă", "uu" + w → "ưu".
    for (auto it = targets.rbegin(); it != targets.rend(); ++it) {
        Word candidate = w;
        candidate[*it].mark = mark_for(a.mark, candidate[*it].base);
        // ô after ư: "ươ" + o is "uô".
        if (candidate[*it].mark == Mark::circumflex && *it > b && candidate[*it - 1].base == 'u')
            candidate[*it - 1].mark = Mark::none;
        if (shape_of(candidate)) return spell(candidate, tone, style);
    }
    return std::nullopt;
}

Result apply_stroke(Word w, Tone tone, Style style, char c) {
    if (w.empty() || w[0].base != 'd' || !shape_of(w)) return std::nullopt;
    if (w[0].mark == Mark::stroke) {
        w[0].mark = Mark::none;
        return typed_back(w, tone, style, c);
    }
    w[0].mark = Mark::stroke;
    return spell(w, tone, style);
}

// A letter typed at the end of the word: respelled so that the tone moves to its new place and
// uơ becomes ươ; typed as it is when the word no longer looks Vietnamese.
Result append_letter(Word w, Tone tone, Style style, char c) {
    if (w.empty()) return std::nullopt;
    w.push_back(Letter{lower(c), Mark::none, Tone::none, c != lower(c)});
    return spell(std::move(w), tone, style);
}

bool accepted(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 0x20 && u <= 0x7E) || c == '\n' || c == '\t';
}

}  // namespace

void VietnameseInput::key(char c) {
    if (!accepted(c)) return;
    if (method_ == Method::off) {
        text_ += c;
        lone_w_.reset();
        return;
    }
    const bool w_key = method_ == Method::telex && lower(c) == 'w';
    if (w_key && lone_w_ && text_ == lone_w_->after) {
        // "ww": the second w takes back the ư the first one made, and is typed as a w.
        text_ = lone_w_->before + c;
        lone_w_.reset();
        return;
    }
    lone_w_.reset();
    const std::string before = text_;
    const std::size_t start = word_start(text_);
    Word word = decode_word(std::string_view(text_).substr(start));

    // The word's tone, taken off its letter; a word with two tones is not ours to touch.
    Tone tone = Tone::none;
    std::size_t toned = 0;
    for (auto& l : word) {
        if (l.tone == Tone::none) continue;
        tone = l.tone;
        l.tone = Tone::none;
        ++toned;
    }

    Result result;
    if (toned <= 1) {
        const Action a = method_ == Method::telex ? telex_action(c) : vni_action(c);
        switch (a.op) {
            case Op::tone: result = apply_tone(word, tone, a.tone, style_, c); break;
            case Op::clear_tone: result = apply_clear_tone(word, tone, style_); break;
            case Op::mark: result = apply_mark(word, tone, a, style_, c); break;
            case Op::stroke: result = apply_stroke(word, tone, style_, c); break;
            case Op::plain: break;
        }
        if (!result && w_key) {
            // A w that marks no vowel is ư ("w" → "ư", "nhw" → "như", "giwx" → "giữ"), where
            // the word can take one.
            Word with_u = word;
            with_u.push_back(Letter{'u', Mark::horn, Tone::none, c != lower(c)});
            result = spell(std::move(with_u), tone, style_);
            if (result) lone_w_ = LoneW{before, text_.substr(0, start) + *result};
        }
        if (!result && is_ascii_letter(c)) result = append_letter(std::move(word), tone, style_, c);
    }
    // The respelled word is precomposed letters after a non-letter, and a plain key is ASCII: no
    // composition can join them to what comes before, so the text stays NFC.
    if (result) {
        text_.replace(start, std::string::npos, *result);
    } else {
        text_ += c;
    }
}

void VietnameseInput::backspace() {
    if (text_.empty()) return;
    std::size_t last = text_.size() - 1;
    while (last > 0 && is_continuation(text_[last])) --last;
    // What is left is NFC: a composition or reordering inside it would have happened in the
    // whole text too, since the last code point cannot stand between two earlier ones.
    text_.erase(last);
}

void VietnameseInput::set_text(std::string_view text) {
    if (!is_valid_utf8(text)) throw std::invalid_argument("VietnameseInput::set_text: the text is not valid UTF-8");
    text_ = to_nfc(text);
}

}  // namespace hailong::kiosk
