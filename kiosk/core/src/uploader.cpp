#include "hailong/kiosk/uploader.hpp"

#include <algorithm>
#include <memory>
#include <random>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "hailong/submission_codec.hpp"
#include "hailong/text.hpp"
#include "hailong/version.hpp"

namespace hailong::kiosk {
namespace {

using namespace std::chrono;
using nlohmann::json;

constexpr std::size_t max_heartbeat_error_chars = 1000;  // the server's limit on last_error

// The worker never sleeps longer than this at a stretch, whatever is scheduled; it costs nothing
// and bounds the damage of a clock that jumps.
constexpr auto max_sleep = minutes{1};

// Technical text for the heartbeat: at most `max` code points, control characters (which the
// server refuses outside comments) turned into spaces. Input is UTF-8.
std::string heartbeat_text(std::string_view text, std::size_t max) {
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const bool continuation = (c & 0xC0) == 0x80;
        if (!continuation && ++chars > max) break;
        out.push_back(c < 0x20 || c == 0x7F ? ' ' : text[i]);
    }
    return out;
}

// Retry-After as delta-seconds (what hailong-server sends). An HTTP-date is not understood and
// gives nullopt: the caller then uses its backoff.
std::optional<milliseconds> parse_retry_after(const std::optional<std::string>& value) {
    if (!value || value->empty() || value->size() > 9) return std::nullopt;
    std::int64_t seconds_value = 0;
    for (const char c : *value) {
        if (c < '0' || c > '9') return std::nullopt;
        seconds_value = seconds_value * 10 + (c - '0');
    }
    return duration_cast<milliseconds>(seconds{seconds_value});
}

// "HTTP 503 unavailable: the store failed" from an error body, or just "HTTP 503".
std::string http_detail(const HttpResponse& response) {
    std::string detail = "HTTP " + std::to_string(response.status);
    try {
        const WireError e = decode_error_body(response.body);
        detail += " " + e.code;
        if (!e.field.empty()) detail += " (" + e.field + ")";
        if (!e.message.empty()) detail += ": " + e.message;
    } catch (const std::exception&) {
        // Not one of our error bodies (a proxy's page, say): the status says enough.
    }
    return detail;
}

std::string envelope(const std::string& kiosk_id, const std::vector<OutboxItem>& batch, const std::vector<DutyItem>& duty) {
    // Spliced from the stored texts rather than re-encoded, so the bytes sent are the bytes saved.
    std::string body = "{\"kiosk_id\":" + json(kiosk_id).dump() + ",\"submissions\":[";
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (i > 0) body += ',';
        body += batch[i].wire;
    }
    body += ']';
    if (!duty.empty()) {
        body += ",\"duty\":[";
        for (std::size_t i = 0; i < duty.size(); ++i) {
            if (i > 0) body += ',';
            body += duty[i].wire;
        }
        body += ']';
    }
    body += '}';
    return body;
}


}  // namespace

std::string_view to_string(ConnectionState state) {
    switch (state) {
    case ConnectionState::never_connected: return "never_connected";
    case ConnectionState::online: return "online";
    case ConnectionState::offline: return "offline";
    case ConnectionState::auth_problem: return "auth_problem";
    case ConnectionState::server_problem: return "server_problem";
    }
    return "never_connected";
}

std::string_view to_string(SyncError error) {
    switch (error) {
    case SyncError::none: return "none";
    case SyncError::network: return "network";
    case SyncError::timeout: return "timeout";
    case SyncError::tls: return "tls";
    case SyncError::unauthorized: return "unauthorized";
    case SyncError::forbidden: return "forbidden";
    case SyncError::rate_limited: return "rate_limited";
    case SyncError::unavailable: return "unavailable";
    case SyncError::server_error: return "server_error";
    case SyncError::bad_request: return "bad_request";
    case SyncError::too_large: return "too_large";
    case SyncError::unexpected_status: return "unexpected_status";
    case SyncError::bad_response: return "bad_response";
    case SyncError::config_invalid: return "config_invalid";
    case SyncError::storage: return "storage";
    }
    return "none";
}

Uploader::Uploader(Outbox& outbox, ConfigCache& config, Transport& transport, UploaderOptions options,
                   UploaderEnvironment environment)
    : outbox_(outbox), config_(config), transport_(transport), options_(std::move(options)), env_(std::move(environment)) {
    if (!is_valid_code(options_.kiosk_id)) throw std::invalid_argument("kiosk id is not a valid code: " + options_.kiosk_id);
    if (options_.app_version.empty()) options_.app_version = std::string(hailong::version);
    options_.max_batch = std::clamp<std::size_t>(options_.max_batch, 1, max_batch_submissions);
    batch_limit_ = options_.max_batch;
    status_.batch_limit = batch_limit_;
    if (!env_.now) env_.now = [] { return steady_clock::now(); };
    if (!env_.wall_clock) env_.wall_clock = [] { return time_point_cast<microseconds>(system_clock::now()); };
    if (!env_.random) {
        auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
        env_.random = [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
    }
}

Uploader::~Uploader() { stop(); }

void Uploader::start() {
    if (thread_.joinable()) return;
    thread_ = std::jthread([this](std::stop_token stop) { run(std::move(stop)); });
}

void Uploader::stop() {
    if (!thread_.joinable()) return;
    thread_.request_stop();  // wakes the condition variable's stop-aware wait
    thread_.join();
}

void Uploader::notify() {
    {
        const std::lock_guard lock(wake_mutex_);
        notified_ = true;
    }
    wake_.notify_one();
}

void Uploader::retry_now() {
    {
        const std::lock_guard lock(wake_mutex_);
        notified_ = true;
        forced_ = true;
    }
    wake_.notify_one();
}

UploaderStatus Uploader::status() const {
    const std::lock_guard lock(status_mutex_);
    return status_;
}

Uploader::TimePoint Uploader::run_once() {
    if (thread_.joinable()) throw std::logic_error("Uploader::run_once while the worker thread runs");
    return round();
}

milliseconds Uploader::backoff_delay(int n) {
    // Doubling stops at the cap; the exponent is bounded first so the shift cannot overflow.
    const auto initial = std::max<std::int64_t>(options_.backoff_initial.count(), 1);
    const auto cap = std::max<std::int64_t>(options_.backoff_max.count(), initial);
    std::int64_t ceiling = initial;
    for (int i = 1; i < n && ceiling < cap; ++i) ceiling *= 2;
    ceiling = std::min(ceiling, cap);
    const double r = std::clamp(env_.random(), 0.0, 1.0);
    return milliseconds{static_cast<std::int64_t>(r * static_cast<double>(ceiling))};
}

void Uploader::run(std::stop_token stop) {
    while (!stop.stop_requested()) {
        const TimePoint due = round();
        std::unique_lock lock(wake_mutex_);
        const auto now = env_.now();
        const auto wait = due <= now ? steady_clock::duration::zero()
                                     : std::min<steady_clock::duration>(due - now, max_sleep);
        wake_.wait_for(lock, stop, wait, [this] { return notified_; });
    }
}

void Uploader::take_wakeups(TimePoint now) {
    bool notified = false, forced = false;
    {
        const std::lock_guard lock(wake_mutex_);
        std::swap(notified, notified_);
        std::swap(forced, forced_);
    }
    if (!notified) return;
    if (forced) {
        in_backoff_ = false;
        next_config_ = std::min(next_config_, now);
    }
    // A backoff stands (see notify()); an idle wait or a problem's slow retry ends now.
    if (!in_backoff_) next_upload_ = std::min(next_upload_, now);
}

Uploader::TimePoint Uploader::round() {
    const TimePoint now = env_.now();
    if (first_round_) {
        first_round_ = false;
        next_config_ = next_upload_ = next_heartbeat_ = now;
        try {
            apply_kiosk_number();
        } catch (const std::exception& e) {
            failed({status().connection, SyncError::storage, e.what()});
        }
    }
    take_wakeups(now);

    // Each activity catches what the disk throws (a full disk must not kill the thread); the
    // rows of an interrupted upload are released inside upload().
    auto guarded = [&](auto&& activity, TimePoint& next, auto&& retry) {
        if (now < std::max(next, quiet_until_)) return;
        try {
            activity();
        } catch (const std::exception& e) {
            failed({status().connection, SyncError::storage, e.what()});
            next = env_.now() + retry();
        }
    };
    const auto slow = [&] { return options_.heartbeat_interval; };
    guarded([&] { fetch_config(); }, next_config_, slow);
    guarded([&] { upload(); }, next_upload_, [&] {
        in_backoff_ = true;
        return backoff_delay(++failures_);
    });
    guarded([&] { heartbeat(); }, next_heartbeat_, slow);
    try {
        refresh_counts();
    } catch (const std::exception& e) {
        failed({status().connection, SyncError::storage, e.what()});
    }
    return std::max(std::min({next_config_, next_upload_, next_heartbeat_}), quiet_until_);
}

void Uploader::apply_kiosk_number() {
    const auto config = config_.get();
    if (config->kiosk_number && outbox_.kiosk_number() != config->kiosk_number) outbox_.set_kiosk_number(*config->kiosk_number);
}

void Uploader::refresh_counts() {
    const OutboxCounts counts = outbox_.counts();
    const std::string version = config_.etag();
    const std::lock_guard lock(status_mutex_);
    status_.queue_depth = counts.pending;
    status_.dead_count = counts.dead;
    status_.sent_count = counts.sent;
    status_.config_version = version;
    status_.batch_limit = batch_limit_;
}

void Uploader::succeeded() {
    // The server answers again: a configuration fetch that failed (a kiosk started offline) is
    // due now, not at the next retry, so that complaints get tracking codes without waiting.
    if (config_missed_) next_config_ = std::min(next_config_, env_.now());
    const std::lock_guard lock(status_mutex_);
    status_.connection = upload_problem_ ? upload_problem_->state : ConnectionState::online;
    status_.last_sync = env_.wall_clock();
}

void Uploader::failed(const Failure& failure) {
    const Instant at = env_.wall_clock();
    unreported_error_ = std::string(to_string(failure.error)) + ": " + failure.detail;
    const std::lock_guard lock(status_mutex_);
    status_.connection = failure.state;
    status_.last_error = failure.error;
    status_.last_error_detail = failure.detail;
    status_.last_error_at = at;
}

Uploader::Failure Uploader::failure_of(const HttpResponse& response) {
    if (response.error) {
        const TransportError& e = *response.error;
        const SyncError kind = e.kind == TransportErrorKind::timeout ? SyncError::timeout
                               : e.kind == TransportErrorKind::tls   ? SyncError::tls
                                                                     : SyncError::network;
        return {ConnectionState::offline, kind, e.text};
    }
    const int s = response.status;
    const std::string detail = http_detail(response);
    if (s == 401) return {ConnectionState::auth_problem, SyncError::unauthorized, detail};
    if (s == 403) return {ConnectionState::auth_problem, SyncError::forbidden, detail};
    if (s == 429) return {ConnectionState::online, SyncError::rate_limited, detail};
    if (s == 503) return {ConnectionState::server_problem, SyncError::unavailable, detail};
    if (s >= 500) return {ConnectionState::server_problem, SyncError::server_error, detail};
    if (s == 400) return {ConnectionState::server_problem, SyncError::bad_request, detail};
    if (s == 413) return {ConnectionState::server_problem, SyncError::too_large, detail};
    return {ConnectionState::server_problem, SyncError::unexpected_status, detail};
}

milliseconds Uploader::retry_after_or_backoff(const HttpResponse& response) {
    if (const auto server_wait = parse_retry_after(response.header("Retry-After"))) {
        return std::min(*server_wait, options_.max_retry_after);
    }
    return backoff_delay(++failures_);
}

void Uploader::fetch_config() {
    HttpRequest request{"GET", "/api/v1/kiosk/config", {}, {}};
    if (const std::string etag = config_.etag(); !etag.empty()) request.headers.emplace_back("If-None-Match", etag);
    const HttpResponse response = transport_.send(request);
    // Waits count from the answer, not from the request: an exchange may take a while.
    const TimePoint now = env_.now();
    next_config_ = now + options_.config_interval;
    config_missed_ = response.status != 200 && response.status != 304;
    if (response.status == 304) {
        succeeded();
        return;
    }
    if (response.status == 200) {
        succeeded();
        const ConfigUpdate update = config_.apply(response.body, response.header("ETag").value_or(""));
        if (update.outcome == ConfigUpdate::Outcome::invalid) {
            failed({status().connection, SyncError::config_invalid, update.detail});
        } else if (update.outcome == ConfigUpdate::Outcome::not_saved) {
            failed({status().connection, SyncError::storage, update.detail});
        }
        apply_kiosk_number();
        return;
    }
    const Failure failure = failure_of(response);
    failed(failure);
    if (response.status == 429 || response.status == 503) quiet_until_ = now + retry_after_or_backoff(response);
    // Without a configuration answer, try again at the heartbeat's pace rather than in 10 minutes.
    next_config_ = now + options_.heartbeat_interval;
}

void Uploader::upload() {
    std::vector<OutboxItem> batch = outbox_.take_batch(batch_limit_);
    std::vector<DutyItem> duty;
    try {
        duty = outbox_.take_duty_batch(batch_limit_);
    } catch (...) {
        std::vector<Uuid> taken;
        for (const OutboxItem& item : batch) taken.push_back(item.submission.id);
        outbox_.release(taken);
        throw;
    }
    if (batch.empty() && duty.empty()) {
        next_upload_ = TimePoint::max();  // until notify()
        in_backoff_ = false;
        return;
    }
    std::vector<Uuid> ids;
    ids.reserve(batch.size() + duty.size());
    for (const OutboxItem& item : batch) ids.push_back(item.submission.id);
    std::vector<Uuid> duty_ids;
    for (const DutyItem& item : duty) duty_ids.push_back(item.event.id);
    // Released together, on any failure: the submissions' ids, then the duty events'.
    std::vector<Uuid> all_ids = ids;
    all_ids.insert(all_ids.end(), duty_ids.begin(), duty_ids.end());

    try {
        const HttpResponse response =
            transport_.send({"POST", "/api/v1/submissions", {}, envelope(options_.kiosk_id, batch, duty)});
        const TimePoint now = env_.now();

        if (response.status == 200) {
            std::vector<SubmissionResult> results;
            std::string problem;
            try {
                results = decode_results(response.body);
            } catch (const InputError& e) {
                problem = std::string("results: ") + e.what();
            }
            if (problem.empty() && results.size() != batch.size()) {
                problem = "results: " + std::to_string(results.size()) + " for " + std::to_string(batch.size()) + " submissions";
            }
            for (std::size_t i = 0; problem.empty() && i < results.size(); ++i) {
                if (results[i].id && *results[i].id != ids[i].to_string()) {
                    problem = "results[" + std::to_string(i) + "].id: " + *results[i].id + " where " + ids[i].to_string() + " was sent";
                }
            }
            std::optional<std::vector<SubmissionResult>> duty_results;
            if (problem.empty() && !duty.empty()) {
                try {
                    duty_results = decode_duty_results(response.body);
                } catch (const InputError& e) {
                    problem = std::string("duty_") + e.what();
                }
            }
            if (problem.empty() && duty_results && duty_results->size() != duty.size()) {
                problem = "duty_results: " + std::to_string(duty_results->size()) + " for " + std::to_string(duty.size()) +
                          " duty events";
            }
            for (std::size_t i = 0; problem.empty() && duty_results && i < duty_results->size(); ++i) {
                const auto& id = (*duty_results)[i].id;
                if (id && *id != duty_ids[i].to_string())
                    problem = "duty_results[" + std::to_string(i) + "].id: " + *id + " where " + duty_ids[i].to_string() + " was sent";
            }
            if (!problem.empty()) {
                // Nothing can be concluded from an answer that does not match the request: keep
                // everything and try again later.
                outbox_.release(all_ids);
                failed({ConnectionState::server_problem, SyncError::bad_response, problem});
                in_backoff_ = true;
                next_upload_ = now + backoff_delay(++failures_);
                return;
            }
            std::vector<Uuid> sent;
            const Instant at = env_.wall_clock();
            for (std::size_t i = 0; i < results.size(); ++i) {
                if (results[i].status == ResultStatus::rejected) {
                    const WireError e = results[i].error.value_or(WireError{"rejected", "", ""});
                    // Another kiosk stored a submission with this id first (a faulty or hostile
                    // kiosk can); ours was not stored. Under a fresh id it goes again.
                    if (e.code == error_code::id_conflict && outbox_.renew_id(ids[i], Uuid::random_v4())) continue;
                    outbox_.mark_dead(ids[i], e.code, e.field, e.message, at);
                } else {
                    sent.push_back(ids[i]);
                }
            }
            // Duty events: as their results say; an answer without duty_results is a server that
            // does not keep a roster, and never will store them: sent, so they do not pile up.
            for (std::size_t i = 0; i < duty.size(); ++i) {
                if (duty_results && (*duty_results)[i].status == ResultStatus::rejected) {
                    const WireError e = (*duty_results)[i].error.value_or(WireError{"rejected", "", ""});
                    outbox_.mark_dead(duty_ids[i], e.code, e.field, e.message, at);
                } else {
                    sent.push_back(duty_ids[i]);
                }
            }
            outbox_.mark_sent(sent);
            outbox_.prune_sent(options_.keep_sent);
            failures_ = 0;
            in_backoff_ = false;
            upload_problem_.reset();
            succeeded();
            next_upload_ = now;  // more may be waiting: the next round looks at once
            return;
        }

        outbox_.release(all_ids);
        const Failure failure = failure_of(response);
        const int s = response.status;
        if (s == 413 && batch.size() + duty.size() > 1) {
            // Too large for the server: halve and go again straight away; this is the protocol
            // working, not a failure to report. The smaller limit stays until the next start
            // (the server's limit does not change while it runs).
            batch_limit_ = std::max<std::size_t>(std::max(batch.size(), duty.size()) / 2, 1);
            next_upload_ = now;
            return;
        }
        failed(failure);
        if (response.error || s == 429 || s >= 500) {
            const milliseconds wait = (s == 429 || s == 503) ? retry_after_or_backoff(response) : backoff_delay(++failures_);
            in_backoff_ = true;
            if (s == 429 || s == 503) {
                quiet_until_ = now + wait;
                next_upload_ = now;
            } else {
                next_upload_ = now + wait;
            }
            return;
        }
        // 401, 403, 400, a lone 413, anything else: waiting longer will not fix it, someone must.
        // Retry slowly (or when notified) and keep every row.
        upload_problem_ = failure;
        in_backoff_ = false;
        next_upload_ = now + options_.problem_retry;
    } catch (...) {
        outbox_.release(all_ids);  // the rows must not stay `sending` until the next start
        throw;
    }
}

void Uploader::heartbeat() {
    json body{{"app_version", options_.app_version},
              {"queue_depth", outbox_.counts().pending},
              {"clock", format_rfc3339(env_.wall_clock(), vietnam_offset)}};
    const std::string reported = unreported_error_;
    if (!reported.empty()) body["last_error"] = heartbeat_text(reported, max_heartbeat_error_chars);
    const HttpResponse response = transport_.send({"POST", "/api/v1/kiosk/heartbeat", {}, body.dump()});
    const TimePoint now = env_.now();
    next_heartbeat_ = now + options_.heartbeat_interval;
    if (!response.error && response.status >= 200 && response.status < 300) {
        // Only what was reported is cleared: an error recorded meanwhile goes with the next one.
        if (unreported_error_ == reported) unreported_error_.clear();
        const ConnectionState before = status().connection;
        // The token works again, so a 401 of the uploads is over (a 403 is not: it is about the
        // kiosk id in the batch, which a heartbeat does not carry).
        const bool token_fixed = upload_problem_ && upload_problem_->error == SyncError::unauthorized;
        if (token_fixed) upload_problem_.reset();
        succeeded();
        // The server is reachable again: the rows need not wait out a network backoff or the
        // slow retry of the token problem.
        if ((before == ConnectionState::offline && in_backoff_) || token_fixed) {
            in_backoff_ = false;
            next_upload_ = std::min(next_upload_, now);
        }
        return;
    }
    failed(failure_of(response));
    if (response.status == 429 || response.status == 503) quiet_until_ = now + retry_after_or_backoff(response);
}

}  // namespace hailong::kiosk
