#include "hailong/text.hpp"

#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

using namespace hailong;

TEST_CASE("is_valid_utf8 accepts Vietnamese and refuses malformed sequences with their offset", "[text]") {
    CHECK(is_valid_utf8("Sở Công Thương"));
    CHECK(is_valid_utf8(""));
    struct Case {
        std::string text;
        std::size_t bad;
    };
    const Case cases[] = {
        {"ab\xC3\x28", 2},          // a lead byte followed by a non-continuation byte
        {"\xC0\xAF", 0},            // overlong encoding of '/'
        {"x\xED\xA0\x80", 1},       // UTF-16 surrogate U+D800 encoded in UTF-8
        {"\xF4\x90\x80\x80", 0},    // U+110000, past the end of Unicode
        {"h\xC3\xA0i\xE1\xBA", 4},  // "hài" then a truncated three-byte sequence
        {"\xFF", 0},
    };
    for (const auto& c : cases) {
        std::size_t bad = 99;
        CHECK_FALSE(is_valid_utf8(c.text, &bad));
        CHECK(bad == c.bad);
    }
}

TEST_CASE("to_nfc composes decomposed Vietnamese", "[text]") {
    // "ế" typed as e + U+0302 (circumflex) + U+0301 (acute) composes to U+1EBF.
    CHECK(to_nfc("e\xCC\x82\xCC\x81") == "\xE1\xBA\xBF");
    // "hài lòng" with combining grave accents (U+0300) becomes the precomposed à (U+00E0), ò (U+00F2).
    CHECK(to_nfc("ha\xCC\x80i lo\xCC\x80ng") == "h\xC3\xA0i l\xC3\xB2ng");
    CHECK(to_nfc("Nguyễn Văn A") == "Nguyễn Văn A");
    CHECK_THROWS_AS(to_nfc("\xFF"), std::invalid_argument);
}

TEST_CASE("count_code_points counts letters, not bytes", "[text]") {
    CHECK(count_code_points("Nguyễn") == 6);  // N g u y ễ n; "ễ" is three bytes
    CHECK(std::string("Nguyễn").size() == 8);
    CHECK(count_code_points("") == 0);
}

TEST_CASE("normalize_text checks length after NFC", "[text]") {
    // 2000 letters "ệ" typed decomposed are 6000 code points (e + U+0323 + U+0302) but 2000 after NFC.
    std::string decomposed;
    for (int i = 0; i < 2000; ++i) decomposed += "e\xCC\xA3\xCC\x82";
    REQUIRE(count_code_points(decomposed) == 6000);
    const auto ok = normalize_text(decomposed, TextRules{2000, true});
    REQUIRE(ok);
    CHECK(count_code_points(*ok) == 2000);

    TextProblem problem{};
    CHECK_FALSE(normalize_text(decomposed + "e", TextRules{2000, true}, &problem));
    CHECK(problem.kind == TextProblem::Kind::too_long);
    CHECK(problem.position == 2001);
}

TEST_CASE("normalize_text refuses control characters and allows line breaks only in multi-line text", "[text]") {
    TextProblem problem{};
    CHECK(normalize_text("dòng 1\ndòng 2\tx", TextRules{100, true}) == "dòng 1\ndòng 2\tx");
    CHECK(normalize_text("dòng 1\r\ndòng 2", TextRules{100, true}) == "dòng 1\ndòng 2");

    CHECK_FALSE(normalize_text("dòng 1\ndòng 2", TextRules{100, false}, &problem));
    CHECK(problem.kind == TextProblem::Kind::control_character);
    CHECK(problem.position == 6);  // d ò n g ␠ 1 -> the line feed is the seventh code point, index 6

    for (const std::string& bad : {std::string("a\x01"), std::string("a\x7F"), std::string("a\xC2\x85"),
                                  std::string("a\r"), std::string("a\0b", 3)}) {
        CHECK_FALSE(normalize_text(bad, TextRules{100, true}, &problem));
        CHECK(problem.kind == TextProblem::Kind::control_character);
        CHECK(problem.position == 1);
    }
    CHECK_FALSE(normalize_text("\xC3", TextRules{100, true}, &problem));
    CHECK(problem.kind == TextProblem::Kind::invalid_utf8);
}

TEST_CASE("normalize_text refuses bidirectional controls and zero-width characters", "[text]") {
    // Each is written here as its UTF-8 bytes, worked out by hand from the code point
    // (U+202E = 0010 0000 0010 1110 -> E2 80 AE). In "Hài lòng<RLO>gnòl gnôhK" a reader would see
    // the tail reversed: the line would seem to say something it does not hold.
    const std::vector<std::pair<const char*, const char*>> invisible = {
        {"U+061C arabic letter mark", "\xD8\x9C"},  {"U+200B zero width space", "\xE2\x80\x8B"},
        {"U+200C zero width non-joiner", "\xE2\x80\x8C"}, {"U+200D zero width joiner", "\xE2\x80\x8D"},
        {"U+200E left-to-right mark", "\xE2\x80\x8E"}, {"U+200F right-to-left mark", "\xE2\x80\x8F"},
        {"U+202A LRE", "\xE2\x80\xAA"}, {"U+202B RLE", "\xE2\x80\xAB"}, {"U+202C PDF", "\xE2\x80\xAC"},
        {"U+202D LRO", "\xE2\x80\xAD"}, {"U+202E RLO", "\xE2\x80\xAE"}, {"U+2060 word joiner", "\xE2\x81\xA0"},
        {"U+2066 LRI", "\xE2\x81\xA6"}, {"U+2067 RLI", "\xE2\x81\xA7"}, {"U+2068 FSI", "\xE2\x81\xA8"},
        {"U+2069 PDI", "\xE2\x81\xA9"}, {"U+FEFF zero width no-break space", "\xEF\xBB\xBF"},
        {"U+00AD soft hyphen", "\xC2\xAD"}, {"U+E0041 tag latin capital A", "\xF3\xA0\x81\x81"}};
    for (const auto& [name, bytes] : invisible) {
        INFO(name);
        TextProblem problem{};
        CHECK_FALSE(normalize_text(std::string("Hài") + bytes + "lòng", TextRules{100, true}, &problem));
        CHECK(problem.kind == TextProblem::Kind::invisible_character);
        CHECK(problem.position == 3);  // H à i -> index 3
        const Message m = describe(problem, TextRules{100, true});
        CHECK(m.key == "error.text.invisible");
        CHECK(m.params == std::vector<std::pair<std::string, std::string>>{{"position", "4"}});  // people count from 1
    }
    // Vietnamese with its combining marks (NFC-composed or not), spaces and line breaks is text.
    CHECK(normalize_text("Cán bộ\nnhiệt tình, chu đáo", TextRules{100, true}) == "Cán bộ\nnhiệt tình, chu đáo");
    CHECK(normalize_text("e\xCC\xA3\xCC\x82", TextRules{100, true}) == "ệ");
}

TEST_CASE("is_valid_code accepts the codes of real dossiers and refuses the rest", "[text]") {
    for (const char* ok : {"SCT", "SCT-007", "1.001234", "000.00.12.H56-261120-0001", "UBND_HUYEN/01"}) {
        INFO(ok);
        CHECK(is_valid_code(ok));
    }
    for (const std::string& bad : {std::string(""), std::string("SCT 007"), std::string("Sở"), std::string(65, 'A'),
                                  std::string("A\nB"), std::string("a;drop")}) {
        INFO(bad);
        CHECK_FALSE(is_valid_code(bad));
    }
    CHECK(is_valid_code(std::string(64, 'A')));
}
