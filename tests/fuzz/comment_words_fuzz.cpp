// Fuzz target: the words of a citizen's comment, hailong::comment_terms and comment_has_term
// (hailong/comment_words.hpp). The input is the comment's bytes, any bytes: the server reads
// comments it stored as valid NFC, but the tokeniser promises to stand any text.
//
// What must hold for any bytes, each from the header's contract:
//   - nothing throws or reads out of bounds (the sanitizers of the build watch);
//   - invalid UTF-8 has no syllables;
//   - every syllable is non-empty, NFC, lower case (lower-casing it again changes nothing: a
//     comment made of the syllable alone reads back as that one syllable), and the first one
//     never joins a previous one;
//   - every word and phrase comment_terms gives is no stop word, and comment_has_term finds it
//     in the comment: the dashboard's counts and the comments its links list cannot disagree.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "hailong/comment_words.hpp"
#include "hailong/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view comment(reinterpret_cast<const char*>(data), size);
    const std::vector<hailong::Syllable> syllables = hailong::comment_syllables(comment);
    if (!hailong::is_valid_utf8(comment)) HAILONG_FUZZ_CHECK(syllables.empty(), "invalid UTF-8 gave syllables");
    for (std::size_t i = 0; i < syllables.size(); ++i) {
        const std::string& s = syllables[i].text;
        HAILONG_FUZZ_CHECK(!s.empty(), "an empty syllable");
        HAILONG_FUZZ_CHECK(hailong::to_nfc(s) == s, "a syllable not in NFC: " + s);
        const auto again = hailong::comment_syllables(s);
        HAILONG_FUZZ_CHECK(again.size() == 1 && again[0].text == s, "a syllable that does not read back as itself: " + s);
        if (i == 0) HAILONG_FUZZ_CHECK(!syllables[i].joins_previous, "the first syllable joins a previous one");
    }
    const hailong::CommentTerms terms = hailong::comment_terms(comment);
    for (const auto* list : {&terms.words, &terms.phrases})
        for (const std::string& term : *list) {
            HAILONG_FUZZ_CHECK(!hailong::is_stop_word(term), "a stop word counted: " + term);
            HAILONG_FUZZ_CHECK(hailong::comment_has_term(comment, term), "a term its own comment does not hold: " + term);
        }
    return 0;
}
