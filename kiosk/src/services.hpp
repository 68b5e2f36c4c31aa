#pragma once
// The kiosk app's only ways to the outside world, handed to the App when it starts. The frame
// never calls them: the App calls each from one of its worker threads and brings the result back
// to the frame through its RunQueue (run at the start of the next frame). Whoever builds the
// services decides what is behind them: kiosk_services() puts the real kiosk's Backend
// (backend.hpp) and this program's PIN check, voice and image decoder there; a test puts doubles.
//
// Thread safety: each function is called from one worker thread at a time, but different
// functions may run at once on different workers (the save worker, the admin worker, the voice
// worker), so state they share must be guarded by whoever builds them. A function may block (that
// is what the workers are for) and may throw: a throwing save counts as a failed save, a throwing
// status as no status.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hailong/kiosk/backend.hpp"
#include "hailong/kiosk/config_cache.hpp"
#include "hailong/kiosk/flow_types.hpp"
#include "hailong/kiosk/kiosk_settings.hpp"
#include "hailong/kiosk/receipt_printer.hpp"
#include "hailong/kiosk/uploader.hpp"
#include "hailong/submission.hpp"

namespace hailong::kiosk {

/// An image decoded to 8-bit RGBA, rows top to bottom.
struct Image {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;
};

struct KioskServices {
    /// Store the submission durably as complete, to be forwarded (the outbox); `complaint`: issue
    /// a tracking code. Required.
    std::function<SaveResult(const Submission& submission, bool complaint)> save;
    /// Keep a session's submission durably, open: not forwarded until `save` completes it (or the
    /// kiosk restarts). Called at the face tap and at each amendment, always before the `save`
    /// of the same id, on the same worker.
    std::function<SaveResult(const Submission& submission)> keep_open;
    /// A snapshot of the uplink for the admin screen (the uploader's status()).
    std::function<UploaderStatus()> status;
    /// Try the server now (admin screen).
    std::function<NetworkTest()> test_network;
    /// Does `pin` match the configured PIN hash? Slow on purpose (argon2id).
    std::function<bool(const std::string& pin)> check_pin;
    /// The admin changed the officer, the service or the default language: keep it for restarts.
    std::function<void(const effect::CounterChanged& counter)> remember_counter;
    /// Read `text` aloud in `lang` ("vi", "en"); returns when done.
    std::function<void(const std::string& text, const std::string& lang)> speak;
    /// Ask the server where a complaint stands (GET /api/v1/public/complaints/{code}); `code` is
    /// in its display form and its check symbol holds. Blocks on the network; never throws for
    /// a network problem (that is Outcome::unavailable).
    std::function<ComplaintLookup(const std::string& code)> lookup_complaint;
    /// Store an officer's sign-in or sign-out durably in the outbox, to be forwarded.
    std::function<SaveResult(const DutyEvent& event)> record_duty;
    /// Does `pin` match an officer's `pin_hash`? Slow on purpose (argon2id).
    std::function<bool(const std::string& pin_hash, const std::string& pin)> check_officer_pin;
    /// Ask the server about a dossier code (GET /api/v1/kiosk/dossiers/{code}); never throws for a
    /// network problem (that is Outcome::unavailable).
    std::function<DossierInfo(const std::string& code)> check_dossier;
    /// Decode an officer's photo; nullopt if it cannot be read.
    std::function<std::optional<Image>(const std::string& path)> load_image;
    /// Print a complaint's receipt (receipt_printer.hpp); returns when the printer has the bytes,
    /// throws std::runtime_error saying what went wrong (for the log). Absent: no printer.
    /// Called from its own worker, so that a stalled printer holds up nothing else.
    std::function<void(const Receipt& receipt)> print_receipt;
    /// The exception to "called from a worker": called once, from the App's constructor, to hand
    /// over a listener for every configuration put in use (ConfigCache::subscribe). The listener
    /// may then be called from any thread, also after the App is gone (it then does nothing),
    /// and never blocks. Optional: without it the kiosk shows its local configuration.
    using ConfigListener = std::function<void(std::shared_ptr<const KioskConfig>)>;
    std::function<void(ConfigListener listener)> watch_config;
};

/// The real kiosk's services: saving, the status, the network test, the lookup, the counter and
/// the configuration from `backend`, which must outlive them; the PIN checked against
/// settings.pin_hash (pin_hash.hpp), the voice of settings.speech_command on
/// the output settings.speech_output chooses (audio_output.hpp), photos decoded from
/// files (image_file.hpp), receipts to settings.receipt_printer when one is set. Does no I/O itself.
KioskServices kiosk_services(Backend& backend, const KioskSettings& settings);

}  // namespace hailong::kiosk
