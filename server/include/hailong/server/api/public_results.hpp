#pragma once
// GET /api/v1/public/results without the HTTP: each department's satisfaction this month and the
// month before, for citizens (the public results page and its lobby-TV mode, public.html). No
// sign-in, so it carries only what a department already publishes: its name, the number of
// responses, the satisfaction rate and its 95 % interval, or "not enough responses". No officer,
// service, kiosk, comment or dossier appears in it.
//
//   /api/v1/public/results[?month=YYYY-MM][&lang=vi|en]
//
// Without `month` it is the current month in Vietnam's time, to today. A month after the current
// one, or more than `max_months_back` before it, is a 400 naming `month`. The figures are those of
// GET /api/v1/indices?group=department (index_figures.hpp), flagged responses excluded, so the two
// can never disagree.
//
// Anyone may call it, so its cost is bounded: an answer is kept for `fresh_for` and at most one
// answer per month is kept; together with the month limit, a caller can make the server compute
// at most max_months_back + 1 answers per `fresh_for`.
//
// Thread safety: results() may be called from any number of threads at once.

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "hailong/server/api/answer.hpp"
#include "hailong/server/api/request_scope.hpp"
#include "hailong/server/store/store.hpp"

namespace hailong::server {

class PublicResults {
public:
    static constexpr int max_months_back = 36;
    static constexpr std::chrono::seconds fresh_for{60};

    /// `store` must outlive the service; `now` is the clock that decides the current month and
    /// how old a kept answer is.
    PublicResults(Store& store, IndicesSettings settings = {}, Now now = system_now);

    /// The results of the asked month (JSON), or a 400 naming the parameter at fault.
    Answer results(const QueryParams& params, std::string_view lang);

private:
    Store& store_;
    IndicesSettings settings_;
    Now now_;
    std::mutex mutex_;
    std::map<std::string, std::pair<Instant, std::string>> kept_;  ///< month -> (made at, body)
};

}  // namespace hailong::server
