#pragma once
// POST /api/v1/submissions without the HTTP: authentication, decoding, the kiosk check, storing
// through group commit, and the answer (api-v1.md, "Ingest"). The HTTP layer passes headers and
// body in and writes the answer out; tests call this directly.
//
// Thread safety: every member may be called from any number of threads at once.

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "hailong/server/api/answer.hpp"
#include "hailong/server/api/metrics.hpp"
#include "hailong/server/api/rate_limiter.hpp"
#include "hailong/server/store/group_commit.hpp"
#include "hailong/server/store/store.hpp"
#include "hailong/submission_codec.hpp"

namespace hailong::server {

class IngestService {
public:
    /// Largest request body accepted (413 above). 500 submissions with full 2,000-character
    /// comments are about 3 MB of JSON; 4 MiB leaves room for escapes.
    static constexpr std::size_t max_body_bytes = 4 * 1024 * 1024;

    using Clock = Now;

    /// `store` and `committer` must outlive the service. `clock` gives the arrival time.
    /// `limiter` (optional, must outlive the service) limits requests per kiosk: over the limit
    /// the answer is 429 with Retry-After. `metrics` (optional) counts submissions by result.
    /// `window`: which created_at are believed.
    IngestService(IngestStore& store, GroupCommitter& committer, Clock clock, RateLimiter* limiter = nullptr,
                  Metrics* metrics = nullptr, DateWindow window = {});

    /// Handles one request. `lang` is the language for error messages. Whole-request failures:
    /// 401 missing, unknown or revoked token; 403 token of another kiosk; 400 malformed body;
    /// 413 body or batch too large; 429 over the kiosk's rate limit. Otherwise 200 with one result per submission. Throws
    /// std::runtime_error if the store fails (the caller answers 503; nothing was stored).
    Answer handle(std::string_view authorization, std::string_view body, std::string_view lang);

    /// A request that passed every whole-request check: what to store, and what to answer for
    /// each submission once it is stored. Submissions the rules without the store refuse
    /// (created_at outside the DateWindow: in_future, too_old; a tracking code whose kiosk
    /// number the sending kiosk never held: tracking_code_not_yours) are answered rejected and
    /// not among the items.
    struct Checked {
        DecodedBatch batch;
        IngestBatch store;  ///< the batch's well-formed duty events and submissions, in order
    };
    /// handle() in two halves for an event loop, which must not wait for the commit: check()
    /// answers a whole-request failure or gives the items to store (GroupCommitter::ingest_async);
    /// answer() turns their outcomes into the 200 answer.
    std::variant<Checked, Answer> check(std::string_view authorization, std::string_view body, std::string_view lang);
    Answer answer(const Checked& checked, const IngestBatchOutcome& outcomes, std::string_view lang);

private:
    IngestStore& store_;
    GroupCommitter& committer_;
    Clock clock_;
    RateLimiter* limiter_;
    Metrics* metrics_;
    DateWindow window_;
};

}  // namespace hailong::server
