#pragma once
// The kiosk's backend: everything behind the App's services that touches the disk or the server,
// wired once. Store, then forward: the outbox and the cached server configuration in data_dir
// and, when a server is configured, the uploader thread that forwards the outbox to it. Without
// a server the kiosk still rates and keeps everything; it forwards once a server is configured.
// Beside them: the admin's network test and the citizen's complaint lookup (each on a connection
// of its own), and the counter the admin last chose, kept in data_dir/counter.json.
//
// The App calls these through KioskServices (kiosk/src/services.hpp), from its workers, never
// from the frame: every method but config() blocks on the disk or the network.
//
// Ownership: owns the outbox, the configuration cache, the uploader and the uploader's
// connection; `connect` opens every connection and is kept for the backend's life. The
// destructor stops the uploader (waiting for its exchange in progress, at most the transport's
// timeout) before anything it uses goes.
// Thread safety: every method may be called from any thread, and different methods at once (the
// App saves on one worker while another asks for the status or looks a code up); calls of one
// method may overlap too. `connect` must be callable from any thread.
// Errors: the constructor throws what opening the outbox (std::runtime_error), the cache's
// directory (std::filesystem::filesystem_error), `connect` or the uploader
// (std::invalid_argument for a kiosk_id that is not a code) throw; nothing is then left running.
// save() never throws: a failure is a SaveResult. test_network() and lookup_complaint() never
// throw for anything the network or the server does. Each method says what else it throws.

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "hailong/kiosk/config_cache.hpp"
#include "hailong/kiosk/flow_types.hpp"
#include "hailong/kiosk/kiosk_settings.hpp"
#include "hailong/kiosk/outbox.hpp"
#include "hailong/kiosk/transport.hpp"
#include "hailong/kiosk/uploader.hpp"
#include "hailong/submission.hpp"

namespace hailong::kiosk {

/// What a save did.
struct SaveResult {
    bool ok = false;                          ///< durably committed: the citizen may be thanked
    std::optional<std::string> tracking_code;  ///< issued for a complaint, when the kiosk has a number
    std::string detail;                       ///< technical reason of a failure, for the log
};

/// The answer to the admin's network test.
struct NetworkTest {
    bool ok = false;
    std::string detail;  ///< technical: "HTTP 200 in 35 ms", libcurl's error text
};

/// Opens a new connection to the server: a CurlTransport in the kiosk (curl_connect), a fake in
/// tests. Each connection is used by one thread only.
using Connect = std::function<std::unique_ptr<Transport>()>;

/// The kiosk's own connections: CurlTransports to settings.server_url with the bearer token of
/// settings.token_file (read once, now) and the CA of settings.ca_file. Empty (no server) when
/// server_url is empty. Throws std::runtime_error when the token file cannot be read; a URL
/// CurlTransport refuses throws std::invalid_argument from the returned function.
Connect curl_connect(const KioskSettings& settings);

/// Puts the officer, service and default language the admin last chose
/// (Backend::remember_counter) back into settings.counter, from settings.data_dir/counter.json,
/// so that a restart keeps the sign-in; null for the officer or the service means none. A
/// service the settings do not list (chosen from the server's list) is added to them with the
/// name it was chosen under. An officer the settings no longer list, a language other than "vi"
/// and "en", and a missing or unreadable file are ignored: those settings stay as they were.
/// Reads one file; never throws for its content.
void restore_counter(KioskSettings& settings);

/// Puts the officer on duty when the kiosk last stopped back into settings.counter (signed_in,
/// signed_in_at), from the outbox's last duty event when it is a sign-in. Flow decides whether it
/// still holds (a listed officer; an end of shift passed meanwhile signs them out).
void restore_duty(KioskSettings& settings, const std::optional<DutyEvent>& last);

class Backend {
public:
    /// Opens (creating if missing) the outbox and the configuration cache in settings.data_dir;
    /// the bundled configuration is made of the settings' department, officers and services.
    /// With `connect`, starts the uploader on a connection of its own (kiosk id
    /// settings.kiosk_id); without it there is no server. Blocks on the disk.
    Backend(const KioskSettings& settings, Connect connect);
    ~Backend();
    Backend(const Backend&) = delete;
    Backend& operator=(const Backend&) = delete;

    /// Commits the submission to the outbox as complete (`complaint`: with a tracking code when
    /// the kiosk has its number), completing the open one of the same id, then nudges the
    /// uploader. `ok` only once the commit is on the disk; otherwise `detail` says why and
    /// nothing is stored. Blocks on an fsync. Never throws.
    SaveResult save(const Submission& submission, bool complaint);

    /// Keeps a session's submission in the outbox, open, not to be forwarded yet (Outbox::
    /// keep_open): the face tap, and each amendment after it. `ok` once the commit is on the disk
    /// (also when the submission was already complete, so nothing was left to keep); otherwise
    /// `detail` says why. Blocks on an fsync. Never throws.
    SaveResult keep_open(const Submission& submission);

    /// Stores an officer's sign-in or sign-out in the outbox (Outbox::save_duty), then nudges the
    /// uploader. Blocks on an fsync. Never throws: a failure is a SaveResult with its detail.
    SaveResult record_duty(const DutyEvent& event);

    /// The newest duty event in the outbox (who was on duty when the kiosk last stopped). Blocks
    /// on the disk. Throws std::runtime_error when the outbox cannot be read.
    std::optional<DutyEvent> last_duty();

    /// Eligibility: GET /api/v1/kiosk/dossiers/{code} on a new connection. 200 with "known":
    /// true is known (the stage when it is "filing" or "collection", the service's code and name
    /// when given, whether `rated` names that stage); 200 with "known": false is unknown; anything
    /// else (no server, no answer, another status, a malformed body) is unavailable. `code` must
    /// be a valid code (it goes into the path as it is). Blocks on the network.
    DossierInfo check_dossier(const std::string& code);

    /// The uploader's status; without a server, the outbox's counts (the queue is all there is to
    /// show). Throws std::runtime_error when the outbox cannot be read (without a server).
    UploaderStatus status();

    /// The admin's network test: a configuration request straight to the server on a new
    /// connection (the uploader's is busy), timed; when the server answered, the uploader is
    /// also told to retry now. Without a server: not ok, saying so. Blocks on the network.
    NetworkTest test_network();

    /// "Tra cứu phản ánh": GET /api/v1/public/complaints/{code} on a new connection; `code` is in
    /// its display form. A 200 whose body is an object with a string "status" is found (with the
    /// "reply" when it is a string); a 404 is not_found; anything else (no server, no answer,
    /// another status, a malformed body) is unavailable. Blocks on the network.
    ComplaintLookup lookup_complaint(const std::string& code);

    /// Keeps the counter the admin chose in data_dir/counter.json (atomic_file.hpp), for
    /// restore_counter. Blocks on the disk. Throws std::runtime_error naming the file and the
    /// reason when it cannot be written.
    void remember_counter(const effect::CounterChanged& counter);

    /// The configuration in use and its listeners (config_cache.hpp). Does not block.
    [[nodiscard]] ConfigCache& config() { return config_; }

private:
    std::filesystem::path data_dir_;
    Outbox outbox_;
    ConfigCache config_;
    Connect connect_;
    std::mutex counter_mutex_;  // remember_counter: one writer of counter.json's temporary file
    std::unique_ptr<Transport> transport_;  // the uploader's
    std::unique_ptr<Uploader> uploader_;    // last: stopped before what it uses goes
};

}  // namespace hailong::kiosk
