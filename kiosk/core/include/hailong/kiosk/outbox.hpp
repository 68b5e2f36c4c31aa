#pragma once
// The kiosk's outbox: every submission is committed here, durably, before the citizen is thanked
// (store, then forward). The uploader reads pending rows from here and records what the server
// said; nothing is ever deleted before the server has answered `accepted` or `duplicate`.
//
// One SQLite file (SQLiteCpp), WAL journal, synchronous=FULL: when save() or keep_open() returns,
// the row survives a power cut. Every stored row has an explicit status:
//
//   open ──save()──▶ pending ──(uploader takes it)──▶ sending ──accepted/duplicate──▶ sent
//    │ ▲ keep_open()    ▲                                │ ──rejected──▶ dead (dead-letter table)
//    └─┘                └── transport failure, 5xx, 401/403, crash while sending ◀──┘
//                       └── rejected as id_conflict: a fresh id (renew_id) ◀─────────┘
//
// `open` is a citizen's rating while their session lasts: kept from the face tap on and amended
// under the same id as they add to it (keep_open), but not forwarded until the session ends and
// save() completes it, so the server receives each submission once, complete. A row left in
// `open` or `sending` by a crash is pending when the outbox is next opened (a session cannot
// outlive its process: the rating stands as last kept), so a kill -9 at any moment loses nothing;
// the server's idempotency by id makes a resend harmless. One process uses an outbox at a time.
//
// Tracking codes (hailong/tracking_code.hpp) are issued inside the same transaction as the row
// they belong to, from a per-kiosk sequence stored in this file, so a code is never issued twice
// and never issued for a submission that was not saved. The sequence number in a code is shuffled
// with a secret key drawn once and kept in this file (sequence_permutation.hpp), so that one
// citizen's code does not tell the next citizen's.
//
// Duty events (an officer signing in or out, hailong/duty.hpp) are rows of the same table with
// kind 'duty' (schema version 4; every row of an older file is a submission): saved pending,
// taken by take_duty_batch, and marked sent, dead or pending again by id exactly as submissions
// are (mark_sent, mark_dead, release), under the same rules. The submission methods (save,
// take_batch, find, dead_letters, renew_id, counts but duty_pending) see submissions only.
//
// Each row holds the submission as its wire JSON (encode_submission), exactly the text the uploader
// puts in the request, so what is sent is what was saved; status columns sit beside it. Schema
// versions are kept in PRAGMA user_version; a file from a newer program is refused, never changed.
//
// Thread safety: every method may be called from any thread (the UI's submit worker and the
// uploader); calls are serialised inside. Every method blocks on SQLite (save() on an fsync):
// never call one from the frame. Errors: std::runtime_error (with SQLite's message) when the file
// cannot be opened or written; nothing is then stored and the caller must not thank the citizen.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "hailong/duty.hpp"
#include "hailong/submission.hpp"
#include "hailong/time.hpp"
#include "hailong/uuid.hpp"

namespace SQLite {
class Database;
}

namespace hailong::kiosk {

/// A row waiting for (or being) sent.
struct OutboxItem {
    std::int64_t seq = 0;  ///< insertion order; batches are sent oldest first
    Submission submission;
    int attempts = 0;      ///< sends tried so far, this one included
    std::string wire;      ///< the stored wire JSON object, sent verbatim in the batch
};

/// A duty event waiting for (or being) sent.
struct DutyItem {
    std::int64_t seq = 0;  ///< insertion order, shared with the submissions
    DutyEvent event;
    int attempts = 0;
    std::string wire;      ///< the stored wire JSON object, sent verbatim in the `duty` array
};

/// A submission the server refused for good (`rejected`), kept with the server's reason.
struct DeadLetter {
    Submission submission;
    std::string code;     ///< the server's error code, e.g. "unknown_department"
    std::string field;    ///< the server's field path
    std::string message;  ///< the server's sentence
    Instant at;           ///< when the rejection arrived
};

/// The outbox's counts, for the admin screen and the heartbeat.
struct OutboxCounts {
    std::int64_t open = 0;     ///< a citizen's session still adding to it: not yet to be sent
    std::int64_t pending = 0;  ///< pending or sending: the queue depth
    std::int64_t sent = 0;
    std::int64_t dead = 0;
    std::int64_t duty_pending = 0;  ///< duty events pending or sending (the others count submissions)
};

class Outbox {
public:
    /// Opens (creating if missing) `dir/outbox.db`; rows left `open` or `sending` become `pending`.
    explicit Outbox(const std::filesystem::path& dir);
    ~Outbox();
    Outbox(const Outbox&) = delete;
    Outbox& operator=(const Outbox&) = delete;

    /// Stores a submission durably as `pending`. When `issue_tracking_code` is true and a kiosk
    /// number is known (set_kiosk_number), a new tracking code is issued in the same transaction
    /// and written into the stored submission (replacing any code it carried); with no kiosk
    /// number, no code is issued and the returned submission has none. Returns the submission as
    /// stored (normalised as the wire decoder reads it: NFC text, an empty comment as absent).
    /// A submission whose id is kept `open` completes it: the row takes this content and becomes
    /// pending, in the same transaction as its code. A submission whose id is already in the
    /// outbox otherwise is not stored twice and consumes no code: the stored one is returned.
    /// Throws InputError (a std::runtime_error) for a submission the
    /// wire contract refuses (a bug in the caller: better refused now than dead on the server),
    /// std::out_of_range when the tracking-code sequence is exhausted, and std::runtime_error
    /// when SQLite fails; in every case nothing is stored.
    Submission save(Submission submission, bool issue_tracking_code);

    /// Keeps a submission durably as `open`: the uploader does not take it. The first call for an
    /// id inserts the row; a later one replaces its content (same id, same row). Never issues a
    /// tracking code (any code the submission carries is dropped). Returns false, changing
    /// nothing, when the id is stored and no longer open (save() completed it: an amendment that
    /// comes late must not hold a complete rating back). Throws as save() does.
    bool keep_open(Submission submission);

    /// The number the server gave this kiosk (GET /api/v1/kiosk/config, `kiosk_number`), kept in
    /// the outbox file so that codes can be issued offline after a restart. A changed number does
    /// not restart the sequence (codes stay unique either way). Throws std::out_of_range outside
    /// 1..tracking_code::max_kiosk_number.
    void set_kiosk_number(std::int64_t number);
    [[nodiscard]] std::optional<std::int64_t> kiosk_number();

    /// Up to `max` pending rows, oldest first, marked `sending` (their attempts counted) in one
    /// transaction. A stored row that no longer decodes (a damaged file) is moved to the dead
    /// letters with code "unreadable_row" instead of blocking the queue.
    std::vector<OutboxItem> take_batch(std::size_t max);
    /// The server answered `accepted` or `duplicate`: the rows are sent.
    void mark_sent(const std::vector<Uuid>& ids);
    /// The server answered `rejected`: the row moves to the dead-letter table with the reason.
    void mark_dead(const Uuid& id, const std::string& code, const std::string& field,
                   const std::string& message, Instant at);
    /// The send failed (network, 5xx, 401/403, a crash): the rows are pending again.
    void release(const std::vector<Uuid>& ids);
    /// The server refused the row's id as another kiosk's (`id_conflict`): nothing of it was
    /// stored there (a send of ours that had got through would be answered `duplicate`). The row
    /// takes `fresh` as its id, in its stored wire JSON too, and is pending again, to be sent
    /// anew; the rest of it (tracking code included) is unchanged. Returns false and changes
    /// nothing if no row with `id` is waiting for an answer.
    bool renew_id(const Uuid& id, const Uuid& fresh);

    /// Deletes the oldest `sent` rows beyond the newest `keep`, so that citizens' comments and
    /// contacts do not pile up on the kiosk once the server has them. Returns how many went.
    std::int64_t prune_sent(std::int64_t keep);

    [[nodiscard]] OutboxCounts counts();
    /// Oldest first.
    [[nodiscard]] std::vector<DeadLetter> dead_letters();
    /// A stored submission by id, whatever its status (tests and the admin screen).
    [[nodiscard]] std::optional<Submission> find(const Uuid& id);

    /// Stores a duty event durably as `pending`. An id already stored is not stored twice
    /// (returns false). Throws InputError for an event the codec refuses (a sign_in without an
    /// officer) and std::runtime_error when SQLite fails; nothing is then stored.
    bool save_duty(const DutyEvent& event);
    /// Up to `max` pending duty events, oldest first, marked `sending`, as take_batch.
    std::vector<DutyItem> take_duty_batch(std::size_t max);
    /// The newest duty event stored, whatever its status: who was on duty when the kiosk stopped.
    [[nodiscard]] std::optional<DutyEvent> last_duty();
    /// A duty event's status ("pending", "sending", "sent", "dead"), nullopt when unknown (tests).
    [[nodiscard]] std::optional<std::string> duty_status(const Uuid& id);

private:
    std::mutex mutex_;
    std::unique_ptr<SQLite::Database> db_;
};

}  // namespace hailong::kiosk
