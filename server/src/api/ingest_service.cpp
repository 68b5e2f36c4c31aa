#include "hailong/server/api/ingest_service.hpp"

#include <cstdlib>
#include <future>

#include <cctype>

#include "hailong/server/store/credentials.hpp"
#include "hailong/tracking_code.hpp"
#include "hailong/submission_codec.hpp"

namespace hailong::server {

IngestService::IngestService(IngestStore& store, GroupCommitter& committer, Clock clock, RateLimiter* limiter, Metrics* metrics,
                             DateWindow window)
    : store_(store), committer_(committer), clock_(std::move(clock)), limiter_(limiter), metrics_(metrics), window_(window) {}

namespace {

// A moment a kiosk reports (`field`: created_at, at) must be believable (DateWindow).
std::optional<FieldError> refuse_time(Instant t, const char* field, Instant now, const DateWindow& window) {
    if (t > now + window.max_ahead) {
        return FieldError{std::string(error_code::in_future), field,
                          Message("error.time.in_future", {{"minutes", std::to_string(window.max_ahead.count())}})};
    }
    if (t < now - window.max_age) {
        return FieldError{std::string(error_code::too_old), field,
                          Message("error.time.too_old", {{"days", std::to_string(window.max_age.count())}})};
    }
    return std::nullopt;
}

// The rules a submission must pass before it reaches the store, for which the request alone
// holds the facts. Field paths are relative; the caller prefixes them.
std::optional<FieldError> refuse_before_store(const Submission& s, const Kiosk& kiosk, Instant now, const DateWindow& window,
                                              IngestStore& store) {
    if (auto refused = refuse_time(s.created_at.instant, "created_at", now, window)) return refused;
    if (s.tracking_code) {
        // A code holds the number of the kiosk that issued it (tracking_code.hpp). The kiosk's
        // number now, or one it held before a token rotation; anything else is another kiosk's
        // code space, and taking a code from it would block that kiosk's own complaint.
        const auto parts = tracking_code::parse(*s.tracking_code);
        const bool own = parts && (parts->kiosk_number == kiosk.number || store.kiosk_with_number(parts->kiosk_number) == kiosk.id);
        if (!own) {
            return FieldError{std::string(error_code::tracking_code_not_yours), "tracking_code",
                              Message("error.tracking_code.not_yours", {{"code", *s.tracking_code}, {"kiosk", kiosk.id}})};
        }
    }
    return std::nullopt;
}

}  // namespace

Answer IngestService::handle(std::string_view authorization, std::string_view body, std::string_view lang) {
    auto checked = check(authorization, body, lang);
    if (auto* refused = std::get_if<Answer>(&checked)) return std::move(*refused);
    Checked& c = std::get<Checked>(checked);
    std::promise<IngestBatchOutcome> stored;
    auto outcomes = stored.get_future();
    committer_.ingest_async(std::move(c.store), [&stored](IngestBatchOutcome o, std::exception_ptr error) {
        if (error) {
            stored.set_exception(error);
        } else {
            stored.set_value(std::move(o));
        }
    });
    return answer(c, outcomes.get(), lang);
}

std::variant<IngestService::Checked, Answer> IngestService::check(std::string_view authorization, std::string_view body,
                                                                  std::string_view lang) {
    auto auth = authenticate_kiosk(store_, authorization, lang);
    if (auto* refused = std::get_if<Answer>(&auth)) return std::move(*refused);
    const Kiosk& kiosk = std::get<Kiosk>(auth);
    if (limiter_) {
        const auto wait = limiter_->acquire(kiosk.id, RateLimiter::Clock::now());
        if (wait > RateLimiter::Clock::duration::zero()) return too_many_requests(wait, "error.rate_limited", lang);
    }

    if (body.size() > max_body_bytes) {
        return error_answer(413, {std::string(error_code::body_too_large), "",
                                  Message("error.body.too_large", {{"size", std::to_string(body.size())}, {"max", std::to_string(max_body_bytes)}})},
                            lang);
    }
    DecodedBatch batch;
    try {
        batch = decode_submission_batch(body);
    } catch (const InputError& e) {
        return error_answer(e.error().code == error_code::batch_too_large ? 413 : 400, e.error(), lang);
    }
    if (batch.kiosk_id != kiosk.id) {
        return error_answer(403, {std::string(error_code::forbidden), "kiosk_id",
                                  Message("error.auth.other_kiosk", {{"kiosk", kiosk.id}, {"claimed", batch.kiosk_id}})},
                            lang);
    }

    const Instant now = clock_();
    Checked checked;
    for (std::size_t i = 0; i < batch.items.size(); ++i) {
        DecodedSubmission& d = batch.items[i];
        if (!d.submission) continue;
        if (auto refused = refuse_before_store(*d.submission, kiosk, now, window_, store_)) {
            refused->field = "submissions[" + std::to_string(i) + "]." + refused->field;
            d.error = std::move(*refused);
            d.submission.reset();
            continue;
        }
        checked.store.items.push_back({kiosk.id, std::move(*d.submission), now});
    }
    for (std::size_t i = 0; i < batch.duty.size(); ++i) {
        DecodedDuty& d = batch.duty[i];
        if (!d.event) continue;
        if (auto refused = refuse_time(d.event->at.instant, "at", now, window_)) {
            refused->field = "duty[" + std::to_string(i) + "]." + refused->field;
            d.error = std::move(*refused);
            d.event.reset();
            continue;
        }
        checked.store.duty.push_back({kiosk.id, std::move(*d.event), now});
    }
    checked.batch = std::move(batch);
    return checked;
}

namespace {

// One result per element of a request's array (`array`: "submissions", "duty"), in order: its
// decoding error, or the store's outcome, taken in turn from `outcomes` for the elements that
// reached the store.
template <class Decoded>
std::vector<SubmissionResult> results_of(const std::vector<Decoded>& decoded, const std::vector<IngestOutcome>& outcomes,
                                         const std::string& array, std::string_view lang) {
    std::vector<SubmissionResult> results;
    results.reserve(decoded.size());
    auto outcome = outcomes.begin();
    for (std::size_t i = 0; i < decoded.size(); ++i) {
        const Decoded& d = decoded[i];
        SubmissionResult r;
        r.id = d.id;
        if (d.error) {
            r.status = ResultStatus::rejected;
            r.error = to_wire(*d.error, Translator::builtin(), lang);
        } else {
            const IngestOutcome& o = *outcome++;
            switch (o.status) {
            case IngestOutcome::Status::accepted: r.status = ResultStatus::accepted; break;
            case IngestOutcome::Status::duplicate: r.status = ResultStatus::duplicate; break;
            case IngestOutcome::Status::rejected: {
                r.status = ResultStatus::rejected;
                FieldError e = *o.error;
                e.field = array + "[" + std::to_string(i) + "]." + e.field;
                r.error = to_wire(e, Translator::builtin(), lang);
                break;
            }
            }
        }
        results.push_back(std::move(r));
    }
    return results;
}

}  // namespace

Answer IngestService::answer(const Checked& checked, const IngestBatchOutcome& outcomes, std::string_view lang) {
    const DecodedBatch& batch = checked.batch;
    const std::vector<SubmissionResult> results = results_of(batch.items, outcomes.items, "submissions", lang);
    std::optional<std::vector<SubmissionResult>> duty_results;
    if (batch.has_duty) duty_results = results_of(batch.duty, outcomes.duty, "duty", lang);
    if (metrics_) {
        std::uint64_t counts[3] = {0, 0, 0};
        for (const SubmissionResult& r : results) ++counts[static_cast<int>(r.status)];
        metrics_->count_submissions("accepted", counts[0]);
        metrics_->count_submissions("duplicate", counts[1]);
        metrics_->count_submissions("rejected", counts[2]);
    }
    return {200, encode_results(results, duty_results), {}};
}

}  // namespace hailong::server
