#pragma once
// The words of citizens' comments, for the dashboard's "why" (issue 19): what a department's or
// an officer's comments say most often, in Vietnamese, and which comments say it.
//
// Vietnamese writes one syllable per space-separated token and most words are one or two
// syllables ("chậm", "thủ tục", "hướng dẫn"), so a comment is read as syllables and a phrase is
// two adjacent syllables. A syllable is a run of letters, combining marks and digits after NFC and
// lower-casing (every diacritic kept: "chậm" and "chầm" stay apart); anything else (spaces,
// punctuation, symbols, emoji) separates syllables, and anything but spaces also ends a phrase,
// so "chậm, khó" holds no phrase "chậm khó". Stop words (assets/why/stopwords_vi.txt, compiled
// in: words that say nothing on their own, "và", "thì", "rất") are never a word and never half of
// a phrase; nor is a syllable of digits only.
//
// Pure functions of their arguments; thread safe. Text that is not valid UTF-8 has no syllables
// (the server stores only valid NFC text, so this happens only to other callers).

#include <string>
#include <string_view>
#include <vector>

namespace hailong {

/// One syllable and whether a phrase may join it to the syllable before it (false after
/// punctuation or at the start).
struct Syllable {
    std::string text;  ///< NFC, lower case
    bool joins_previous = false;
};

/// The syllables of `text`, in order (see above). Empty for invalid UTF-8.
std::vector<Syllable> comment_syllables(std::string_view text);

/// True if `syllable` (NFC, lower case) is on the stop-word list.
bool is_stop_word(std::string_view syllable);

/// The distinct words (syllables that are not stop words or digits) and the distinct phrases (two
/// joined syllables, neither a stop word nor digits, as "a b") of a comment, each sorted.
struct CommentTerms {
    std::vector<std::string> words;
    std::vector<std::string> phrases;
};
CommentTerms comment_terms(std::string_view text);

/// True if `comment` holds `term` (one syllable, or two joined as a phrase, read by the same
/// rules: "Thủ tục" finds "thủ tục" and "THỦ TỤC!", never "thủ, tục" nor "thủtục"). A term that is
/// not one or two syllables matches nothing.
bool comment_has_term(std::string_view comment, std::string_view term);

}  // namespace hailong
