#pragma once
// The kiosk's uploader: one worker thread that forwards the outbox to the server, sends a
// heartbeat every minute and keeps the configuration fresh (store, then forward).
//
// Uploads. Batches of up to 500 pending rows, oldest first, go to POST /api/v1/submissions as
// {"kiosk_id", "submissions"} with each submission's stored wire JSON verbatim. Each result is
// recorded: `accepted` and `duplicate` mark the row sent, `rejected` moves it to the dead letters
// with the server's code, field and message. A row is never marked sent on anything but such an
// answer. Duty events waiting in the outbox (up to as many) go in the same request's `duty` array
// and are recorded by the answer's `duty_results` the same way; an answer with `results` but no
// `duty_results` comes from a server without the roster, which will never store them: they are
// marked sent. A `duty_results` that does not match the duty sent is a bad_response, like
// `results`. Whole-batch failures release the rows (pending again) and are sorted the way ODK Collect
// sorts them:
//
//   no answer (network, TLS, timeout)  -> offline; retry after an exponential backoff with full
//                                         jitter: uniform in [0, min(max, initial * 2^(n-1))]
//                                         for the n-th failure in a row (1 s doubling to 5 min)
//   500, 502, 504...                   -> server_problem; same backoff
//   429, 503                           -> wait what Retry-After says (capped), else the backoff;
//                                         every request waits, not only uploads
//   401, 403                           -> auth_problem: the data stays; retry every 5 minutes or
//                                         when notified (someone may have fixed the token)
//   413                                -> the batch was too large: halve it and retry at once;
//                                         the smaller size stays until restart (a single
//                                         submission answered 413 is a server_problem)
//   400 and anything else              -> server_problem (a bug on one side): the data stays;
//                                         retry every 5 minutes or when notified
//
// Heartbeat. POST /api/v1/kiosk/heartbeat every minute with app_version, queue_depth, the last
// error since the previous heartbeat got through, and the kiosk's clock (for the drift the fleet
// view shows). Configuration. GET /api/v1/kiosk/config at start and every 10 minutes with
// If-None-Match; a 200 goes to ConfigCache::apply, and the config's kiosk_number to
// Outbox::set_kiosk_number so tracking codes can be issued.
//
// The UI never waits for this: status() copies a small struct under a mutex held only for the
// copy, and notify() only sets a flag. No text here is meant for a citizen or an officer: states
// and errors are enums that the GUI maps to catalogue keys; `last_error_detail` is technical
// (for IT staff and logs).
//
// Ownership: holds references to the outbox, the config cache and the transport, which must
// outlive it; the transport is used from the worker thread only. The destructor stops the thread.
// Blocking: the worker blocks on SQLite, the disk and the network; start(), notify(),
// retry_now() and status() do not; stop() waits for the exchange in progress (at most the
// transport's timeout).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>

#include "hailong/kiosk/config_cache.hpp"
#include "hailong/kiosk/outbox.hpp"
#include "hailong/kiosk/transport.hpp"
#include "hailong/submission.hpp"
#include "hailong/time.hpp"

namespace hailong::kiosk {

enum class ConnectionState {
    never_connected,  ///< no exchange with the server has succeeded since start
    online,           ///< the last exchange succeeded (429 counts: the server is there)
    offline,          ///< no answer: network, TLS, timeout
    auth_problem,     ///< 401 or 403: the token is wrong, revoked or for another kiosk
    server_problem,   ///< 5xx, a malformed answer, or a 400/413/other the kiosk cannot fix alone
};

/// What went wrong last. Stable names (to_string) for logs and the heartbeat.
enum class SyncError {
    none,
    network,            ///< could not resolve or connect, or the connection broke
    timeout,            ///< no complete answer in time
    tls,                ///< TLS handshake failed (certificate not from the pinned CA...)
    unauthorized,       ///< 401
    forbidden,          ///< 403
    rate_limited,       ///< 429
    unavailable,        ///< 503
    server_error,       ///< another 5xx
    bad_request,        ///< 400 for a whole request
    too_large,          ///< 413 for a single submission
    unexpected_status,  ///< any other status
    bad_response,       ///< a 200 whose body is not the contract's (or does not match the batch)
    config_invalid,     ///< the configuration answer did not decode (the old one stays in use)
    storage,            ///< the outbox or the config cache could not be read or written
};

std::string_view to_string(ConnectionState state);
std::string_view to_string(SyncError error);

/// A snapshot for the admin screen and the status line. A plain copy: holds nothing of the worker.
/// `last_error` stays after the connection recovers (compare `last_error_at` with `last_sync`),
/// so the admin screen can still say what happened; `connection` is the state now.
struct UploaderStatus {
    ConnectionState connection = ConnectionState::never_connected;
    std::optional<Instant> last_sync;      ///< the last time the server answered a request successfully
    SyncError last_error = SyncError::none;
    std::string last_error_detail;         ///< technical: "HTTP 503 unavailable: ...", libcurl's text
    std::optional<Instant> last_error_at;
    std::int64_t queue_depth = 0;          ///< pending or sending rows
    std::int64_t dead_count = 0;           ///< dead letters
    std::int64_t sent_count = 0;           ///< sent rows still kept on the kiosk
    std::string config_version;            ///< the ETag of the configuration in use; "" if bundled
    std::size_t batch_limit = max_batch_submissions;  ///< smaller after a 413
};

struct UploaderOptions {
    std::string kiosk_id;                  ///< sent as "kiosk_id"; the token's kiosk
    std::string app_version;               ///< for the heartbeat; empty: hailong::version
    std::size_t max_batch = max_batch_submissions;
    std::chrono::milliseconds backoff_initial{std::chrono::seconds{1}};
    std::chrono::milliseconds backoff_max{std::chrono::minutes{5}};
    std::chrono::milliseconds problem_retry{std::chrono::minutes{5}};  ///< auth and bug-type problems
    std::chrono::milliseconds heartbeat_interval{std::chrono::minutes{1}};
    std::chrono::milliseconds config_interval{std::chrono::minutes{10}};
    std::chrono::milliseconds max_retry_after{std::chrono::hours{1}};  ///< a larger Retry-After is capped
    std::int64_t keep_sent = 10'000;       ///< sent rows kept on the kiosk (Outbox::prune_sent)
};

/// The uploader's clock and dice, replaced in tests. Empty members get the real ones.
struct UploaderEnvironment {
    std::function<std::chrono::steady_clock::time_point()> now;  ///< schedules retries
    std::function<Instant()> wall_clock;                          ///< heartbeat clock, dead letters, last_sync
    std::function<double()> random;                               ///< uniform in [0, 1): the jitter
};

class Uploader {
public:
    using TimePoint = std::chrono::steady_clock::time_point;

    /// Does no I/O. Throws std::invalid_argument if options.kiosk_id is not a valid code.
    Uploader(Outbox& outbox, ConfigCache& config, Transport& transport, UploaderOptions options,
             UploaderEnvironment environment = {});
    ~Uploader();
    Uploader(const Uploader&) = delete;
    Uploader& operator=(const Uploader&) = delete;

    /// Starts the worker thread (no effect if it runs). The first round fetches the configuration,
    /// uploads what is pending and sends a heartbeat.
    void start();
    /// Stops and joins the worker; returns once the exchange in progress has ended. Idempotent.
    void stop();

    /// New rows were saved: upload soon. Does not cut short a backoff or a Retry-After (a
    /// struggling server is not hammered once per rating), but does end the 5-minute wait of an
    /// auth or server problem. Never blocks. Any thread.
    void notify();
    /// The admin asked to send now: like notify(), and also ends a backoff (not a Retry-After,
    /// which the server asked for). Any thread.
    void retry_now();

    /// A copy of the current status. Any thread; holds a mutex only for the copy.
    [[nodiscard]] UploaderStatus status() const;

    /// One round of whatever is due (config, one upload batch, heartbeat), on the caller's thread;
    /// returns when the next work falls due (a due time <= now means "call again at once").
    /// For tests and for programs that drive the uploader without its thread. Blocks on I/O.
    /// Throws std::logic_error while the worker thread runs.
    TimePoint run_once();

    /// The wait before the n-th consecutive retry (n >= 1): full jitter over
    /// min(backoff_max, backoff_initial * 2^(n-1)), using `random` from the environment.
    [[nodiscard]] std::chrono::milliseconds backoff_delay(int n);

private:
    struct Failure {
        ConnectionState state;
        SyncError error;
        std::string detail;
    };

    TimePoint round();
    void take_wakeups(TimePoint now);
    void fetch_config();
    void upload();
    void heartbeat();
    void apply_kiosk_number();
    void refresh_counts();
    void succeeded();
    void failed(const Failure& failure);
    static Failure failure_of(const HttpResponse& response);
    /// For 429 and 503: the server's quiet time, else the next backoff.
    std::chrono::milliseconds retry_after_or_backoff(const HttpResponse& response);
    void run(std::stop_token stop);

    Outbox& outbox_;
    ConfigCache& config_;
    Transport& transport_;
    UploaderOptions options_;
    UploaderEnvironment env_;

    // Worker state: touched only by the thread running round().
    bool first_round_ = true;
    TimePoint next_config_{};
    TimePoint next_upload_{};
    TimePoint next_heartbeat_{};
    TimePoint quiet_until_{};     ///< Retry-After: no request of any kind before this
    int failures_ = 0;            ///< consecutive retryable failures (the backoff exponent)
    bool in_backoff_ = false;     ///< next_upload_ is a backoff: notify() leaves it alone
    bool config_missed_ = false;  ///< the last configuration fetch failed: retry as soon as the server answers anything
    /// Uploads hit a problem waiting cannot fix (401, 403, 400...): the state shown stays this
    /// one even when heartbeats get through, until an upload succeeds.
    std::optional<Failure> upload_problem_;
    std::size_t batch_limit_;
    std::string unreported_error_;  ///< for the next heartbeat's last_error

    // Wake-ups from other threads.
    std::mutex wake_mutex_;
    std::condition_variable_any wake_;
    bool notified_ = false;
    bool forced_ = false;

    mutable std::mutex status_mutex_;
    UploaderStatus status_;

    std::jthread thread_;  // last: stopped and joined before the members it uses go
};

}  // namespace hailong::kiosk
