#include "hailong/comment_words.hpp"

#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "hailong/text.hpp"

using namespace hailong;

namespace {
std::vector<std::string> texts(const std::vector<Syllable>& syllables) {
    std::vector<std::string> out;
    for (const Syllable& s : syllables) out.push_back(s.text);
    return out;
}
}  // namespace

TEST_CASE("comment_syllables lower-cases, keeps every diacritic and splits at spaces and punctuation", "[comment_words]") {
    // Read by hand: eight syllables; "Chậm" and "CHẬM" are one syllable, "chầm" another.
    const auto s = comment_syllables("Chậm, CHẬM chầm!  Thủ tục\tkhó.Cán bộ");
    CHECK(texts(s) == std::vector<std::string>{"chậm", "chậm", "chầm", "thủ", "tục", "khó", "cán", "bộ"});
    // The comma ends a phrase, two spaces or a tab do not, a full stop does.
    CHECK(std::vector<bool>{s[0].joins_previous, s[1].joins_previous, s[2].joins_previous, s[3].joins_previous,
                            s[4].joins_previous, s[5].joins_previous, s[6].joins_previous, s[7].joins_previous} ==
          std::vector<bool>{false, false, true, false, true, true, false, true});
}

TEST_CASE("comment_syllables reads decomposed and precomposed Vietnamese as the same NFC syllables", "[comment_words]") {
    // "Ệ" typed as E + circumflex + dot below, and "ệ" precomposed (U+1EC7).
    const std::string decomposed = "TI\x45\xCC\x82\xCC\xA3N";
    const auto s = comment_syllables(decomposed + " tiện");
    REQUIRE(s.size() == 2);
    CHECK(s[0].text == "ti\xE1\xBB\x87n");
    CHECK(s[0].text == s[1].text);
    CHECK(to_nfc(s[0].text) == s[0].text);
}

TEST_CASE("comment_syllables has nothing for invalid UTF-8 or text without letters", "[comment_words]") {
    CHECK(comment_syllables("ch\xE1\xBB").empty());
    CHECK(comment_syllables("").empty());
    CHECK(comment_syllables(" ,.;!? \n").empty());
}

TEST_CASE("comment_terms drops stop words and numbers and joins only adjacent counted syllables", "[comment_words]") {
    // Worked by hand: "tôi", "thì", "rất" and "quá" are stop words, "3" a number.
    // Syllables: tôi thì đi lại 3 lần , rất chậm quá . hướng dẫn không rõ
    // words:   đi lại lần chậm hướng dẫn không rõ
    // phrases: đi lại (adjacent), hướng dẫn, dẫn không, không rõ; not "lại 3", "3 lần" (a number),
    //          nor "lần rất" (a comma and a stop word), nor "chậm hướng" (a full stop between).
    const CommentTerms t = comment_terms("Tôi thì đi lại 3 lần, rất chậm quá. Hướng dẫn không rõ");
    CHECK(t.words == std::vector<std::string>{"chậm", "dẫn", "hướng", "không", "lại", "lần", "rõ", "đi"});
    CHECK(t.phrases == std::vector<std::string>{"dẫn không", "hướng dẫn", "không rõ", "đi lại"});
}

TEST_CASE("comment_terms counts a word once per comment", "[comment_words]") {
    const CommentTerms t = comment_terms("chậm chậm chậm");
    CHECK(t.words == std::vector<std::string>{"chậm"});
    CHECK(t.phrases == std::vector<std::string>{"chậm chậm"});
}

TEST_CASE("the stop-word list is read from its data file in NFC, comments skipped", "[comment_words]") {
    CHECK(is_stop_word("và"));
    CHECK(is_stop_word("thì"));
    CHECK(is_stop_word("rất"));
    CHECK_FALSE(is_stop_word("không"));  // a complaint turns on it (see the file's header)
    CHECK_FALSE(is_stop_word("chậm"));
    CHECK_FALSE(is_stop_word("#"));
    CHECK_FALSE(is_stop_word(""));
}

TEST_CASE("comment_has_term matches whole syllables and joined phrases whatever the case", "[comment_words]") {
    CHECK(comment_has_term("Hướng dẫn KHÔNG RÕ!", "không rõ"));
    CHECK(comment_has_term("Hướng dẫn KHÔNG RÕ!", "Không"));
    CHECK_FALSE(comment_has_term("không, rõ", "không rõ"));  // the comma ends the phrase
    CHECK_FALSE(comment_has_term("bàn ghế", "an"));          // a syllable, never a substring
    CHECK_FALSE(comment_has_term("chầm", "chậm"));           // diacritics count
    CHECK_FALSE(comment_has_term("thủ tục", "thủ, tục"));   // a term must itself be one phrase
    CHECK_FALSE(comment_has_term("a b c", "a b c"));          // at most two syllables
    CHECK_FALSE(comment_has_term("anything", ""));
}

TEST_CASE("property: every word and phrase comment_terms finds is found again by comment_has_term", "[comment_words]") {
    // Random comments over a small alphabet of Vietnamese syllables, stop words, digits, spaces
    // and punctuation, from a fixed seed: what the counts say a comment holds, the link's filter
    // must find in it, and the terms are NFC and lower case.
    const std::vector<std::string> pieces = {"Chậm", "chậm", "thủ", "TỤC", "và", "thì", "12", " ", "  ", ",", ".", "!",
                                             "\n", "\t", "khó", "Đi", "lại", "😀", "ng\xC6\xB0\xE1\xBB\x9Di"};
    std::mt19937 random(20261207);
    for (int round = 0; round < 2000; ++round) {
        std::string comment;
        const int n = static_cast<int>(random() % 12);
        for (int i = 0; i < n; ++i) comment += pieces[random() % pieces.size()];
        const CommentTerms t = comment_terms(comment);
        for (const auto* list : {&t.words, &t.phrases})
            for (const std::string& term : *list) {
                INFO(comment << " / " << term);
                CHECK(comment_has_term(comment, term));
                CHECK(to_nfc(term) == term);
                CHECK_FALSE(is_stop_word(term));
            }
    }
}
