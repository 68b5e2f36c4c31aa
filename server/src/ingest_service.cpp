#include "hailong/server/ingest_service.hpp"

#include <cstdlib>

#include <cctype>

#include "hailong/server/credentials.hpp"
#include "hailong/tracking_code.hpp"
#include "hailong/submission_codec.hpp"

namespace hailong::server {

Answer error_answer(int status, const FieldError& error, std::string_view lang) {
    return {status, encode_error_body(to_wire(error, Translator::builtin(), lang)), {}};
}

Answer bad_request(std::string field, std::string_view code, Message message, std::string_view lang) {
    return error_answer(400, {std::string(code), std::move(field), std::move(message)}, lang);
}

std::optional<Answer> read_count(const std::string& name, const std::string& value, long long min, long long max, std::size_t& out,
                                 std::string_view lang) {
    char* end = nullptr;
    const long long n = std::strtoll(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0' || n < min || n > max)
        return bad_request(name, error_code::invalid_value, Message("error.complaint.paging", {{"max", std::to_string(max)}}), lang);
    out = static_cast<std::size_t>(n);
    return std::nullopt;
}

Answer too_many_requests(RateLimiter::Clock::duration wait, std::string key, std::string_view lang) {
    const std::string seconds = std::to_string(std::chrono::ceil<std::chrono::seconds>(wait).count());
    Answer a = error_answer(429, {std::string(error_code::rate_limited), "", Message(std::move(key), {{"seconds", seconds}})}, lang);
    a.headers.emplace_back("Retry-After", seconds);
    return a;
}

std::string_view bearer_token(std::string_view authorization) {
    constexpr std::string_view scheme = "bearer ";
    if (authorization.size() <= scheme.size()) return {};
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(authorization[i])) != scheme[i]) return {};
    }
    auto token = authorization.substr(scheme.size());
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
    return token;
}

std::variant<Kiosk, Answer> authenticate_kiosk(Store& store, std::string_view authorization, std::string_view lang) {
    const std::string_view token = bearer_token(authorization);
    if (token.empty())
        return error_answer(401, {std::string(error_code::unauthorized), "", Message("error.auth.missing")}, lang);
    auto kiosk = store.kiosk_by_token_hash(hash_token(token));
    if (!kiosk) return error_answer(401, {std::string(error_code::unauthorized), "", Message("error.auth.unknown")}, lang);
    if (kiosk->revoked)
        return error_answer(401, {std::string(error_code::unauthorized), "", Message("error.auth.kiosk_revoked", {{"kiosk", kiosk->id}})}, lang);
    return std::move(*kiosk);
}

IngestService::IngestService(Store& store, GroupCommitter& committer, Clock clock, RateLimiter* limiter, Metrics* metrics,
                             DateWindow window)
    : store_(store), committer_(committer), clock_(std::move(clock)), limiter_(limiter), metrics_(metrics), window_(window) {}

namespace {

// The rules a submission must pass before it reaches the store, for which the request alone
// holds the facts. Field paths are relative; the caller prefixes them.
std::optional<FieldError> refuse_before_store(const Submission& s, const Kiosk& kiosk, Instant now, const DateWindow& window,
                                              Store& store) {
    if (s.created_at.instant > now + window.max_ahead) {
        return FieldError{std::string(error_code::in_future), "created_at",
                          Message("error.time.in_future", {{"minutes", std::to_string(window.max_ahead.count())}})};
    }
    if (s.created_at.instant < now - window.max_age) {
        return FieldError{std::string(error_code::too_old), "created_at",
                          Message("error.time.too_old", {{"days", std::to_string(window.max_age.count())}})};
    }
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
    const std::vector<IngestOutcome> outcomes = committer_.ingest(std::move(c.items));
    return answer(c, outcomes, lang);
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
        checked.items.push_back({kiosk.id, std::move(*d.submission), now});
    }
    checked.batch = std::move(batch);
    return checked;
}

Answer IngestService::answer(const Checked& checked, const std::vector<IngestOutcome>& outcomes, std::string_view lang) {
    const DecodedBatch& batch = checked.batch;
    std::vector<SubmissionResult> results;
    results.reserve(batch.items.size());
    auto outcome = outcomes.begin();
    for (std::size_t i = 0; i < batch.items.size(); ++i) {
        const DecodedSubmission& d = batch.items[i];
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
                e.field = "submissions[" + std::to_string(i) + "]." + e.field;
                r.error = to_wire(e, Translator::builtin(), lang);
                break;
            }
            }
        }
        results.push_back(std::move(r));
    }
    if (metrics_) {
        std::uint64_t counts[3] = {0, 0, 0};
        for (const SubmissionResult& r : results) ++counts[static_cast<int>(r.status)];
        metrics_->count_submissions("accepted", counts[0]);
        metrics_->count_submissions("duplicate", counts[1]);
        metrics_->count_submissions("rejected", counts[2]);
    }
    return {200, encode_results(results), {}};
}

}  // namespace hailong::server
