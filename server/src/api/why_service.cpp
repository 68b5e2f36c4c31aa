#include "hailong/server/api/why_service.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "hailong/comment_words.hpp"
#include "hailong/indices.hpp"
#include "index_figures.hpp"

namespace hailong::server {

bool comment_explains(const Submission& s) {
    return !s.rating.satisfied() || (s.harassment && *s.harassment) || !s.reasons.empty();
}

namespace {

using json = figures::json;

constexpr std::size_t default_top = 10;
constexpr std::size_t max_top = 50;

// 100 × part / whole, exactly rounded half away from zero to 2 decimals; null without a whole.
json share(std::int64_t part, std::int64_t whole) {
    if (whole == 0) return nullptr;
    return static_cast<double>(indices::round_ratio(part * 10000, whole)) / 100.0;
}

// The `top` most frequent, most first, ties in the terms' byte order (stable for tests and eyes).
json most_frequent(const std::map<std::string, std::int64_t>& counts, std::size_t top) {
    std::vector<std::pair<std::string, std::int64_t>> list(counts.begin(), counts.end());
    std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (list.size() > top) list.resize(top);
    json out = json::array();
    for (auto& [term, count] : list) out.push_back({{"term", term}, {"count", count}});
    return out;
}

// The weakest of the nine indices: the lowest shown value (tenths, as the indices answer rounds
// it) among those with at least `min_n` answers; every index tied at it, in index order.
json weakest_tt01(const indices::Tt01Tallies& tallies, std::int64_t min_n) {
    json weakest = json::array();
    json too_few = json::array();
    std::optional<int> lowest;
    for (const indices::Tt01Index i : indices::all_tt01_indices) {
        const indices::IndexTally& t = tallies[i];
        if (t.n == 0) continue;
        if (t.n < min_n) {
            too_few.push_back({{"index", indices::code(i)}, {"number", indices::number(i)}, {"n", t.n}});
            continue;
        }
        const int tenths = *indices::index_tenths(t);
        if (!lowest || tenths < *lowest) {
            lowest = tenths;
            weakest = json::array();
        }
        if (tenths == *lowest)
            weakest.push_back({{"index", indices::code(i)}, {"number", indices::number(i)}, {"value", tenths / 10.0}, {"n", t.n}});
    }
    return {{"min_responses", min_n}, {"weakest", std::move(weakest)}, {"not_enough", std::move(too_few)}};
}

}  // namespace

WhyService::WhyService(Store& store, IndicesSettings settings) : store_(store), settings_(settings) {}

Answer WhyService::why(const User& user, const QueryParams& params, std::string_view lang) {
    IndicesSettings bounded = settings_;
    bounded.max_days = std::min(bounded.max_days, why_max_days);
    auto read = read_request_scope(store_, user, params, {"department", "officer", "period", "from", "to", "include_flagged", "top"},
                                   DatesBy::period_or_range, bounded, lang);
    if (auto* answer = std::get_if<Answer>(&read)) return std::move(*answer);
    const RequestScope& scope = std::get<RequestScope>(read);
    if (!scope.department) return bad_request("department", error_code::missing_field, Message("error.missing"), lang);
    std::size_t top = default_top;
    if (const auto t = scope.param("top"))
        if (auto bad = read_count("top", *t, 1, max_top, top, lang)) return std::move(*bad);
    const std::optional<std::string> officer = scope.param("officer");

    SubmissionQuery q;
    q.departments = {*scope.department};
    q.officer = officer;
    q.from = vietnam_day_start(scope.from);
    q.to = vietnam_day_start(LocalDate{std::chrono::sys_days{scope.to} + std::chrono::days{1}});
    q.include_flagged = scope.include_flagged;
    q.asked_why = true;
    q.limit = why_max_rows + 1;
    const std::vector<StoredSubmission> rows = store_.submissions(q);
    if (rows.size() > why_max_rows)
        return bad_request("period", error_code::invalid_value, Message("error.why.too_many", {{"max", std::to_string(why_max_rows)}}), lang);

    const bool reads_words = user.role == Role::admin || user.role == Role::manager;
    std::map<std::string, std::int64_t> reasons, words, phrases;
    std::int64_t with_reasons = 0, comments = 0, praise = 0;
    for (const StoredSubmission& r : rows) {
        const Submission& s = r.submission;
        std::vector<std::string> codes = s.reasons;
        std::sort(codes.begin(), codes.end());
        codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
        for (const std::string& code : codes) ++reasons[code];
        if (!codes.empty()) ++with_reasons;
        if (!reads_words || !s.comment) continue;
        if (!comment_explains(s)) {
            ++praise;
            continue;
        }
        ++comments;
        const CommentTerms terms = comment_terms(*s.comment);
        for (const std::string& w : terms.words) ++words[w];
        for (const std::string& p : terms.phrases) ++phrases[p];
    }
    const auto asked = static_cast<std::int64_t>(rows.size());
    std::vector<std::pair<std::string, std::int64_t>> by_count(reasons.begin(), reasons.end());
    std::stable_sort(by_count.begin(), by_count.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    json reason_list = json::array();
    for (const auto& [code, count] : by_count) reason_list.push_back({{"code", code}, {"count", count}, {"share", share(count, asked)}});

    const RollupDim dim = officer ? RollupDim::officer : RollupDim::department;
    figures::Counts counts;
    for (const auto& [key, c] : figures::sum_groups(store_, scope, dim, officer ? officer : scope.department)) counts += c;
    const indices::Tt01Tallies tallies = figures::tt01_of(counts, settings_.late_no_complaint);

    json body = {
        {"department", *scope.department},
        {"officer", officer ? json(*officer) : json(nullptr)},
        {"from", format_iso_date(scope.from)},
        {"to", format_iso_date(scope.to)},
        {"include_flagged", scope.include_flagged},
        {"responses", counts.counted.responses},
        {"asked", asked},
        {"with_reasons", with_reasons},
        {"reasons", std::move(reason_list)},
        {"tt01", weakest_tt01(tallies, settings_.min_responses)},
    };
    if (reads_words)
        body["words"] = {{"comments", comments}, {"praise_left_out", praise}, {"top", top},
                         {"words", most_frequent(words, top)}, {"phrases", most_frequent(phrases, top)}};
    return {200, body.dump(), {}};
}

}  // namespace hailong::server
