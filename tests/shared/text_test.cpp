#include "hailong/text.hpp"

#include <string>

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
