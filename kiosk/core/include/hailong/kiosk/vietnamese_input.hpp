#pragma once
// VietnameseInput: turns the ASCII keys of the kiosk's on-screen QWERTY keyboard into Vietnamese
// text, the way the Telex and VNI input methods of Unikey, ibus-bamboo and phone keyboards do, so
// that a citizen can type a comment with full diacritics. Pure: no I/O, no ImGui, no clock. The
// keyboard screen owns one, feeds it key(c) and backspace(), and draws text().
//
// Methods (switchable at any time, even in the middle of a word):
//
//   effect                   Telex          VNI
//   sắc huyền hỏi ngã nặng   s f r x j      1 2 3 4 5
//   remove the tone          z              0
//   â ê ô                    aa ee oo       a6 e6 o6
//   ă                        aw             a8
//   ơ ư                      ow uw (or w)   o7 u7
//   ươ                       uow, uwow, ww… uo7 or u7o7
//   đ                        dd             d9
//
// Off types every key as it is.
//
// The word. Keys only ever change the word being typed: the letters after the last non-letter
// (space, digit, punctuation, line feed) of text(). Everything before it is left as it is. The
// engine keeps almost no state besides text(): each key re-reads the word from the text, so
// set_text(), backspace() and a change of method mid-word need no special handling, and the same
// text reacts to the same key in the same way. The one exception is the lone w (below): whether an
// ư came from "w" or from "uw" decides what a second w does, and the text cannot tell.
//
// When a key applies. A tone or mark key changes the word only when the result is still a
// possible Vietnamese syllable: an initial consonant from the Vietnamese set (b c ch d đ g gh gi h
// k kh l m n ng ngh nh p ph qu r s t th tr v x, or none), a vowel group Vietnamese writes (a, oa,
// uyê, ươu ...; marks still to come are allowed, so "tie" may take a tone before it becomes
// "tiê"), and a final c ch m n ng nh p t or none. The mark may be typed after the final consonant
// ("tienge" → "tiêng", "Viet65" → "Việt"); tone keys may come anywhere after the vowel ("hoaf",
// "hofa" → "hòa"; "tieengs" → "tiếng"). Otherwise the key is typed as the letter or digit it is:
// "s" after "nh" or at the start of a word, "dd" in "add", anything in a word holding f, j, w or z
// (wifi, Zalo, Facebook) or not shaped like Vietnamese (class, internet).
//
// A lone w. As in Unikey and phone keyboards, a w that marks no vowel is ư wherever the word can
// take one: at the start of a word ("w" → "ư", "W" → "Ư"), after an initial ("nhw" → "như",
// "ngwowif" → "người", "giwx" → "giữ", "hwowngs" → "hướng"). A second w right after it takes the ư
// back and types a w ("ww" → "w"); the word then holds a w, is not Vietnamese, and every further
// key is typed as it is ("www" → "ww"). "uww" stays "uw" (the undo rule below). So an English
// word with a w is typed with ww ("wwifi" → "wifi"), or with the method off.
//
// Undo. The same modifier typed again removes it and types the key: "ass" → "as", "aaa" → "aa",
// "aww" → "aw", "ddd" → "dd", "uoww" → "uow", VNI "a11" → "a1", "uo77" → "uo7" (one 7 horns
// both letters of uo). A different one replaces it:
// "asf" → "à", "aaw" → "ă". (So, as with Telex in Unikey, "boss" is typed "bosss".)
//
// Tone placement follows Vietnamese orthography, recomputed whenever the word changes, so the
// tone moves when more letters arrive ("hoaf" → "hòa", then "n" → "hoàn"; "tuaf" → "tùa", "n" →
// "tuàn", "a" → "tuần"):
//   1. on the vowel with a mark (ă â ê ô ơ ư); in ươ on ơ: "tiếng", "người", "cửa", "hữu";
//   2. a single vowel carries it; of three vowels the middle one ("ngoài", "khuỷu");
//   3. two vowels and a final consonant: the second ("hoàng", "toán", "huỳnh");
//   4. two vowels, no final: the first ("hài", "của", "mùa", "kìa"), except oa, oe, uy (below);
//   5. qu and gi are initials, so "quà", "quý", "già", "giữa" follow the rules for a, y, ưa.
// oa, oe, uy without a final consonant: the default is the classic place, on the first vowel
// ("hòa", "khỏe", "thủy", "Ủy ban"), ToneStyle::classic. Why: it is how the state writes its own
// papers and names. The national heading on every administrative document is "CỘNG HÒA XÃ HỘI
// CHỦ NGHĨA VIỆT NAM" (Nghị định 30/2020/NĐ-CP), laws are titled "Luật Thủy sản", "Luật Thủy
// lợi" (2017), the bodies citizens complain about are "Ủy ban nhân dân"; and it is the default of
// the IMEs the officers reading the complaints use (Unikey, ibus-bamboo: "new style" is an
// option). A comment written the way the officer writes and searches reads naturally to them. The
// Ministry of Education's textbook rules (Quyết định 1989/QĐ-BGDĐT, 2018) put the tone on the
// main vowel instead ("hoà", "thuỷ"); ToneStyle::modern does that. Both are correct Vietnamese;
// note that they are different strings, even in NFC. The kiosk's comment keyboard uses modern
// (issue 18): citizens type on it as on their phones, whose Vietnamese keyboards and Unikey's
// "new style" place the tone this way, and they expect what they are used to seeing.
//
// ươ at the end of a word. After an initial, "uow" gives "uơ", which stays when the word ends
// ("thuở", "huơ") and becomes "ươ" as soon as another letter follows ("thuowng" → "thương",
// "huowu" → "hươu"). With no initial it is "ươ" at once ("uow" → "ươ"): no word starts with uơ.
//
// Case. A letter keeps the case it was typed in; a modifier key's case does not matter:
// "DDaaf" → "Đầ", "Vieetj Nam" → "Việt Nam", "VIEETJ" → "VIỆT", "Aa" → "Â". A key typed back by
// the undo rule keeps its own case ("ASS" → "AS").
//
// Backspace deletes the last character of the text as shown, with its marks and tone, as phone
// keyboards do ("tiếng" → "tiến"). The next key works on what is left: "tiến" + "g" → "tiếng",
// "tiến" + "f" → "tiền", "tiến" + "s" → "tiêns" (the undo rule), and after deleting a space the
// word before it is the word being typed again.
//
// Text. text() is always valid UTF-8 in NFC, every Vietnamese letter one precomposed code point.
// There is no cursor: keys append at the end, as the kiosk's keyboard does. No length limit: the
// caller checks count_code_points() against the comment's limit (2000).
//
// Keys accepted by key(): printable ASCII (0x20-0x7E), line feed and tab; any other byte is
// ignored (the keyboard sends only those).
//
// Ownership and thread safety: a plain value type (copyable, movable), not synchronised; one
// owner, the UI thread. Errors: set_text() throws std::invalid_argument on invalid UTF-8; nothing
// else throws (but std::bad_alloc).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hailong::kiosk {

class VietnameseInput {
public:
    enum class Method : std::uint8_t { off, telex, vni };
    /// Where the tone of oa, oe, uy without a final consonant goes (see above).
    enum class ToneStyle : std::uint8_t { classic, modern };

    explicit VietnameseInput(Method method = Method::telex, ToneStyle style = ToneStyle::classic)
        : method_(method), style_(style) {}

    void set_method(Method method) {
        method_ = method;
        lone_w_.reset();
    }
    [[nodiscard]] Method method() const { return method_; }
    void set_tone_style(ToneStyle style) {
        style_ = style;
        lone_w_.reset();
    }
    [[nodiscard]] ToneStyle tone_style() const { return style_; }

    /// Types one key (see "Keys accepted" above).
    void key(char c);
    /// Deletes the last character (code point) of the text; nothing when the text is empty.
    void backspace();
    void clear() {
        text_.clear();
        lone_w_.reset();
    }
    /// Replaces the text (e.g. a draft restored on the screen), normalised to NFC; typing
    /// continues on its last word. Throws std::invalid_argument if `text` is not valid UTF-8.
    void set_text(std::string_view text);

    /// The text typed so far: UTF-8, NFC.
    [[nodiscard]] const std::string& text() const { return text_; }

private:
    // The text before and after the last key, when it was a Telex w typed as ư (see "A lone w").
    struct LoneW {
        std::string before, after;
    };

    Method method_;
    ToneStyle style_;
    std::string text_;
    std::optional<LoneW> lone_w_;
};

}  // namespace hailong::kiosk
