#pragma once
// GET /api/v1/why without the HTTP: why a department's or an officer's citizens were unhappy
// (issue 19, "the why"; docs/api.md has every field):
//
//   /api/v1/why?department=CODE[&officer=CODE]&period=..|from=..&to=..[&include_flagged=true][&top=1..50]
//
//   reasons   each reason code ticked, with its count and its share of the ratings asked why
//             (below the top two levels of their scale, or a harassment report, and any other
//             that carries reasons or a comment), read from the submissions themselves
//   tt01      the weakest TT 01 index: the lowest value among the nine indices with at least the
//             minimum of answers (methodology.md section 5), ties all named; from the rollups,
//             as GET /api/v1/indices computes them
//   words     admins and managers only (an analyst's answer has no such field): the comments'
//             most frequent words and two-syllable phrases (hailong/comment_words.hpp), each
//             with the number of comments holding it; GET /api/v1/submissions?term= lists them.
//             Only comments that explain a complaint count (comment_explains): a satisfied
//             citizen's comment alone is praise ("nhiệt tình, chu đáo"), whose words would stand
//             at the top of a list read as what went wrong; how many were left out is said
//
// The raw reads are bounded (request_scope.hpp, why_max_days and why_max_rows). Flagged
// submissions are left out unless include_flagged=true, as in the indices.
//
// Access: every role; a manager only their own departments (another is 403). Nothing but the
// words comes from what citizens wrote, and analysts never get those.
//
// Thread safety: the method may be called from any number of threads at once.

#include <string_view>

#include "hailong/server/api/answer.hpp"
#include "hailong/server/api/request_scope.hpp"
#include "hailong/server/store/store.hpp"

namespace hailong::server {

/// Whether the comment of `s` is read for the why's words: the rating is below the top two levels
/// of its scale, carries a harassment report or has reasons ticked. A satisfied rating with a
/// comment and nothing else is praise, left out.
bool comment_explains(const Submission& s);

class WhyService {
public:
    /// `store` must outlive the service.
    WhyService(Store& store, IndicesSettings settings = {});

    /// The why of one department, or one officer of it, as JSON; or a 400/403 error.
    Answer why(const User& user, const QueryParams& params, std::string_view lang);

private:
    Store& store_;
    IndicesSettings settings_;
};

}  // namespace hailong::server
