#pragma once
// The storage interfaces of hailong-server, one contract for every backend: embedded SQLite (the
// default, one machine) and PostgreSQL (several server processes sharing one database). The same
// contract test runs against each (tests/server/store_contract_test.cpp), so they cannot drift.
// The contract is split by concern (organisation, ingest, sessions, complaints, index reads) so
// that a service names the part it uses; Store is all of them.
//
// Thread safety: every method may be called from any thread; implementations serialise what they
// must. Errors: StoreError for what a person can fix (a duplicate kiosk id, an unknown department:
// it carries a translatable message); std::runtime_error for the store itself failing (disk full,
// connection lost), which callers report as a server error and never as a rejection of the input.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "hailong/dossier_event.hpp"
#include "hailong/duty.hpp"
#include "hailong/field_error.hpp"
#include "hailong/message.hpp"
#include "hailong/server/store/complaint.hpp"
#include "hailong/server/store/organisation.hpp"
#include "hailong/server/store/rollup.hpp"
#include "hailong/submission.hpp"
#include "hailong/suspicion.hpp"

namespace hailong::server {

/// A request the store refuses for a reason a person can act on.
class StoreError : public MessageError {
public:
    using MessageError::MessageError;
};

/// One submission to store, with where and when it came in.
struct IngestItem {
    std::string kiosk_id;
    Submission submission;
    Instant received_at;
};

/// What the store did with one IngestItem.
struct IngestOutcome {
    enum class Status { accepted, duplicate, rejected } status = Status::rejected;
    std::optional<FieldError> error;  ///< rejected: why (field paths are relative: "department")
};

/// One duty event (an officer signing a kiosk in or out) to store, with where and when it came in.
struct DutyItem {
    std::string kiosk_id;
    DutyEvent event;
    Instant received_at;
};

/// What one request (or a group of them) brings to store together: its duty events, stored first,
/// and its submissions, credited to the officer on duty by the roster they complete.
struct IngestBatch {
    std::vector<DutyItem> duty;
    std::vector<IngestItem> items;
};
/// One outcome per duty event and per submission, each in order.
struct IngestBatchOutcome {
    std::vector<IngestOutcome> duty;
    std::vector<IngestOutcome> items;
};

/// A roster entry as stored: a duty event a kiosk sent or an administrator entered.
struct RosterEntry {
    std::string kiosk_id;
    DutyEvent event;
    Instant received_at;
    std::optional<std::int64_t> added_by;   ///< the correction that entered it; nullopt: sent by the kiosk
    std::optional<std::int64_t> voided_by;  ///< the correction that voided it; nullopt: in force
    friend bool operator==(const RosterEntry&, const RosterEntry&) = default;
};

/// Which roster entries Store::roster lists (every filter given must match), oldest first.
struct RosterQuery {
    std::optional<std::string> kiosk;
    std::optional<Instant> from;  ///< at >= from
    std::optional<Instant> to;    ///< at < to
};

/// A correction of the roster (hailong-admin roster-correct): void an entry of the kiosk, add
/// one, or both (a change), with who did it and why.
struct RosterCorrection {
    std::string kiosk_id;
    std::optional<Uuid> void_event;  ///< an entry of this kiosk, in force
    std::optional<DutyEvent> add;    ///< stored with method admin
    std::string reason;
    std::string actor;
    Instant at;
    friend bool operator==(const RosterCorrection&, const RosterCorrection&) = default;
};

/// One line of the corrections' log, which nobody may change: the correction and how many
/// ratings it examined and credited to someone else.
struct RosterCorrectionRun {
    std::int64_t id = 0;
    RosterCorrection correction;
    std::int64_t examined = 0;
    std::int64_t moved = 0;
    friend bool operator==(const RosterCorrectionRun&, const RosterCorrectionRun&) = default;
};

/// What a kiosk needs to check, offline, that an officer signing in is who they say: the hash of
/// their personal PIN (libsodium crypto_pwhash_str) and of their staff card's secret (SHA-256,
/// hex), each absent when not set.
struct OfficerCredentials {
    std::string officer;
    std::optional<std::string> pin_hash;
    std::optional<std::string> card_hash;
    friend bool operator==(const OfficerCredentials&, const OfficerCredentials&) = default;
};

/// The last report of a kiosk (POST /api/v1/kiosk/heartbeat).
struct Heartbeat {
    std::string kiosk_id;
    Instant received_at;            ///< server clock
    std::optional<Instant> kiosk_clock;  ///< the kiosk's clock when it sent the report
    std::string app_version;
    std::int64_t queue_depth = 0;   ///< submissions waiting in the kiosk's outbox
    std::string last_error;         ///< empty when all is well
    friend bool operator==(const Heartbeat&, const Heartbeat&) = default;
};

/// A stored submission as the drill-down lists it: the rating, the kiosk it came from, when the
/// server took it in and its suspicion flags.
struct StoredSubmission {
    std::string kiosk_id;
    Submission submission;
    Instant received_at;
    Flags flags = 0;
};

/// Which stored submissions Store::submissions lists: every filter given must match.
struct SubmissionQuery {
    std::vector<std::string> departments;  ///< only these; empty: every department
    std::optional<std::string> officer;
    std::optional<std::string> service;
    std::optional<std::string> kiosk;
    std::optional<Instant> from;  ///< created_at >= from
    std::optional<Instant> to;    ///< created_at < to
    bool include_flagged = true;  ///< false: leave out submissions with any suspicion flag
    /// Only the ratings the kiosk asks why (below the top two levels of their scale, or a
    /// harassment report) and any other that carries reasons or a comment.
    bool asked_why = false;
    bool with_comment = false;  ///< only those with a comment
    std::size_t limit = 50;
    std::size_t offset = 0;
};

/// How a store is run.
struct StoreOptions {
    /// Keep rollups and suspicion flags at ingest (the default and the only sound setting). Off
    /// only to measure what they cost (hailong-server --benchmark-without-rollups): indices of a
    /// store run without them are wrong.
    bool rollups = true;
};

/// Counts of what a dossier import changed.
struct DossierImportCounts {
    std::size_t added = 0, replaced = 0;
    friend bool operator==(const DossierImportCounts&, const DossierImportCounts&) = default;
};

/// What `hailong-admin reflag` asks for: re-evaluate every suspicion rule for the ratings made
/// (local date of created_at, Asia/Ho_Chi_Minh) from `from` to `to` inclusive, of one department
/// or of all; `at` and `actor` are written in the log.
struct ReflagRequest {
    LocalDate from;
    LocalDate to;
    std::optional<std::string> department;  ///< nullopt: every department
    Instant at;
    std::string actor;
    friend bool operator==(const ReflagRequest&, const ReflagRequest&) = default;
};

/// What a re-evaluation changed. A rating whose flags changed but that stayed flagged (another
/// rule holds now) is `reasons_changed`; its counts stay where they were in the rollups.
struct ReflagCounts {
    std::int64_t examined = 0;          ///< ratings made in the range (of the department)
    std::int64_t became_flagged = 0;    ///< moved from the counted rollups to the flagged ones
    std::int64_t became_unflagged = 0;  ///< moved back
    std::int64_t reasons_changed = 0;   ///< flagged before and after, for other rules
    friend bool operator==(const ReflagCounts&, const ReflagCounts&) = default;
};

/// One entry of the re-evaluation log, which nobody may change.
struct ReflagRun {
    std::int64_t id = 0;
    ReflagRequest request;
    ReflagCounts counts;
    friend bool operator==(const ReflagRun&, const ReflagRun&) = default;
};

/// Counts of what an organisation import changed.
struct ImportCounts {
    std::size_t departments_added = 0, departments_updated = 0;
    std::size_t officers_added = 0, officers_updated = 0;
    friend bool operator==(const ImportCounts&, const ImportCounts&) = default;
};

/// One change of the agency's settings (PUT /api/v1/settings), applied in one transaction. Only
/// what is given changes; a value equal to the stored one changes nothing and is not logged.
struct SettingsChange {
    /// Site settings (setting_keys.hpp) and their new text.
    std::vector<std::pair<std::string, std::string>> settings;
    /// A department's satisfaction target in tenths of a percent (0..1000), or nullopt to remove
    /// it (the department then follows the default).
    std::vector<std::pair<std::string, std::optional<int>>> unit_targets;
    /// A new version of the opening hours (OrganisationStore::add_opening_hours).
    std::optional<OpeningHoursVersion> opening_hours;
    /// Lines logged as they are, after the rest: an account or a kiosk that its own store call
    /// changed just before (field "users.NAME" or "kiosks.ID", the new text saying what was done;
    /// never a secret).
    std::vector<std::pair<std::string, std::string>> records;
    std::string actor;  ///< who asked (a user's name): written in the log
    Instant at;         ///< when: written in the log
};

/// One line of the settings' log, which nobody may change: a field that changed, who changed it
/// and when. `field` is a setting key, "unit_targets.CODE", "opening_hours[.CODE]", "users.NAME"
/// or "kiosks.ID"; the values are
/// their text (a target as "82.5"), nullopt where there was none or it was removed. No secret is
/// ever a setting, so none is ever logged.
struct SettingsLogEntry {
    std::int64_t id = 0;
    Instant at;
    std::string actor;
    std::string field;
    std::optional<std::string> old_value;
    std::optional<std::string> new_value;
    friend bool operator==(const SettingsLogEntry&, const SettingsLogEntry&) = default;
};

/// A target in tenths of a percent as text: 800 -> "80", 825 -> "82.5".
std::string target_text(int tenths);

/// What hailong-admin sets up and the dashboard's settings page reads: departments, officers,
/// services, kiosks and their heartbeats, users, site settings.
class OrganisationStore {
public:
    virtual ~OrganisationStore() = default;

    // --- organisation ------------------------------------------------------------------------------
    /// Adds or renames departments and officers as of local day `from`, all in one transaction:
    /// either every row is stored or none is. A department renamed or an officer renamed or moved
    /// gets a new version from `from` (one already from that day is replaced); what held before
    /// stays in the history. A row equal to the version in force on `from` changes nothing.
    /// departments() and officers() give each code's newest version. Officers must name a
    /// department that exists or is in `departments`; else StoreError and nothing is stored.
    virtual ImportCounts import_organisation(const std::vector<Department>& departments, const std::vector<Officer>& officers,
                                             LocalDate from) = 0;
    virtual std::vector<Department> departments() = 0;
    /// Officers of one department, or of all when `department` is empty; ordered by code.
    virtual std::vector<Officer> officers(const std::string& department = {}) = 0;
    /// Every version of every department and officer (organisation_on reads it).
    virtual OrganisationHistory organisation_history() = 0;
    /// Adds or renames services (TTHC).
    virtual void upsert_services(const std::vector<Service>& services) = 0;
    virtual std::vector<Service> services() = 0;

    // --- kiosks ------------------------------------------------------------------------------------
    /// Registers a kiosk with the hash of its token. StoreError if the id exists or the
    /// department does not.
    virtual void add_kiosk(const Kiosk& kiosk, const std::string& token_hash) = 0;
    /// Replaces a kiosk's token hash (token rotation), un-revokes it and gives it a new number
    /// (Kiosk::number). StoreError if unknown.
    virtual void set_kiosk_token(const std::string& kiosk_id, const std::string& token_hash) = 0;
    /// Revokes a kiosk: its token stops working at once; its submissions stay. StoreError if unknown.
    virtual void revoke_kiosk(const std::string& kiosk_id) = 0;
    virtual std::vector<Kiosk> kiosks() = 0;
    /// Keeps the latest heartbeat of a kiosk (replacing the one before).
    virtual void record_heartbeat(const Heartbeat& heartbeat) = 0;
    /// The latest heartbeat of every kiosk that has sent one, by kiosk id.
    virtual std::vector<Heartbeat> heartbeats() = 0;

    // --- users -------------------------------------------------------------------------------------
    /// Adds a user with the hash of their API token and, optionally, of a dashboard password.
    /// StoreError if the name exists or a department does not.
    virtual void add_user(const User& user, const std::string& token_hash,
                          const std::optional<std::string>& password_hash) = 0;
    virtual std::vector<User> users() = 0;
    /// Revokes a user: their API token and every dashboard session stop working at once, and
    /// the sessions are deleted. StoreError if there is no such user.
    virtual void revoke_user(const std::string& name) = 0;
    /// Replaces a user's dashboard password hash and ends every session they have (whoever knew
    /// the old password is signed out). StoreError if there is no such user.
    virtual void set_user_password(const std::string& name, const std::string& password_hash) = 0;

    // --- settings ----------------------------------------------------------------------------------
    /// A site setting (for example "alert_policy"), shared by every server on the store.
    virtual std::optional<std::string> setting(const std::string& key) = 0;
    virtual void set_setting(const std::string& key, const std::string& value) = 0;

    /// The departments' own satisfaction targets, in tenths of a percent, by code.
    virtual std::map<std::string, int> unit_targets() = 0;
    /// Applies `change` in one transaction and appends one log line per field whose value changed
    /// (returned, oldest first). StoreError (nothing changed) if a target names a department that
    /// is not known or is out of 0..1000.
    virtual std::vector<SettingsLogEntry> change_settings(const SettingsChange& change) = 0;
    /// The settings' log, newest first, at most `limit` lines.
    virtual std::vector<SettingsLogEntry> settings_log(std::size_t limit) = 0;

    // --- opening hours (methodology.md section 6) -------------------------------------------------
    /// Records a version of the opening hours (department "" for the site-wide default), kept
    /// beside every earlier one. From then on ingest judges each rating by the version in force
    /// for its department on its local date (OpeningHoursSchedule). Flags already stored are NOT
    /// re-evaluated: only IngestStore::reflag does that, on purpose and logged. StoreError if
    /// the department is not known.
    virtual void add_opening_hours(const OpeningHoursVersion& version) = 0;
    /// Every version, in the order they were set. A stored text that no longer parses (the
    /// database edited by hand) reads as the standard hours.
    virtual std::vector<OpeningHoursVersion> opening_hours_versions() = 0;

    // --- officers' sign-in credentials ------------------------------------------------------------
    /// Sets (or with nullopt removes) an officer's PIN hash or card hash; the other stays.
    /// StoreError if the officer is not known.
    virtual void set_officer_pin(const std::string& officer, const std::optional<std::string>& pin_hash) = 0;
    virtual void set_officer_card(const std::string& officer, const std::optional<std::string>& card_hash) = 0;
    /// The credentials of the officers of one department (all when empty) that have any, by code.
    virtual std::vector<OfficerCredentials> officer_credentials(const std::string& department = {}) = 0;
};

/// What comes in: a kiosk's token and its code space, its submissions, the unit's dossier records.
class IngestStore {
public:
    virtual ~IngestStore() = default;

    // --- kiosk credentials -------------------------------------------------------------------------
    /// The kiosk whose token hashes to `token_hash`, revoked or not; nullopt if none.
    virtual std::optional<Kiosk> kiosk_by_token_hash(const std::string& token_hash) = 0;
    /// The kiosk that holds or once held `number` (a rotated token brings a new number; the old
    /// ones stay the kiosk's, for the tracking codes still in its outbox); nullopt if none.
    virtual std::optional<std::string> kiosk_with_number(std::int64_t number) = 0;

    // --- submissions -------------------------------------------------------------------------------
    /// Stores submissions in one transaction and returns one outcome per item, in order. When it
    /// returns, every accepted item is durable (committed and synced). An id already stored, or
    /// earlier in `items`, is a duplicate and changes nothing. Rejected: unknown department,
    /// department other than the kiosk's, a tracking code another submission already holds.
    /// In the same transaction: the suspicion flags of methodology.md section 6 are set on the new
    /// rows and on stored rows they make suspicious (each rating judged by the opening hours in
    /// force for its department on the local date of its created_at, whenever it arrives), and
    /// the rollups are brought up to date, so that a reader sees either none or all of a group's
    /// effect on the indices.
    /// Throws std::runtime_error if the store fails; then nothing of `items` is stored.
    std::vector<IngestOutcome> ingest(const std::vector<IngestItem>& items) { return ingest_batch({{}, items}).items; }
    /// The same with duty events (the roster, duty_roster.hpp), in the same transaction and
    /// before the submissions: a duty event whose id is stored is a duplicate when the same kiosk
    /// stored it and rejected (id_conflict) when another did. Each new submission is credited to
    /// the officer on duty at its kiosk at its created_at, and the stored ratings that a new
    /// duty event changes the roster for are credited afresh, the officer rollups moving with
    /// them.
    virtual IngestBatchOutcome ingest_batch(const IngestBatch& batch) = 0;
    virtual std::optional<Submission> find_submission(const Uuid& id) = 0;
    /// The suspicion flags of a stored submission (0: none); nullopt if there is no such id.
    virtual std::optional<Flags> submission_flags(const Uuid& id) = 0;
    virtual std::int64_t submission_count() = 0;

    // --- re-evaluating flags (hailong-admin reflag) ------------------------------------------------
    /// In one transaction: judges every rating of the request's range (and department) afresh by
    /// every suspicion rule (the opening hours in force at its created_at, bursts and repeated
    /// dossiers with their neighbours, those outside the range read as context and never
    /// written), stores the flags that changed, moves the changed ratings between the counted and
    /// the flagged rollups, and appends the run with its counts to the log. Ingest waits until it
    /// ends. StoreError if to < from or the department is not known (nothing changed).
    virtual ReflagCounts reflag(const ReflagRequest& request) = 0;
    /// The log of re-evaluations, oldest first.
    virtual std::vector<ReflagRun> reflag_runs() = 0;

    // --- the duty roster (duty_roster.hpp) ---------------------------------------------------------
    /// Roster entries matching `query`, voided ones included, by time then id.
    virtual std::vector<RosterEntry> roster(const RosterQuery& query) = 0;
    /// In one transaction: voids and/or adds the entries of `correction`, credits afresh the
    /// ratings of the kiosk that the change can affect (moving the officer rollups) and appends
    /// the correction with its counts to the log. StoreError (nothing changed) if the kiosk is
    /// not known, the entry to void is not one of its entries in force, the id to add is taken,
    /// or the correction does neither.
    virtual RosterCorrectionRun correct_roster(const RosterCorrection& correction) = 0;
    /// The log of roster corrections, oldest first.
    virtual std::vector<RosterCorrectionRun> roster_corrections() = 0;

    // --- the unit's dossier records ----------------------------------------------------------------
    /// Stores dossier records in one transaction (all or none) and keeps the dossier rollups; a
    /// dossier already stored is replaced (its old record taken out of the rollups). StoreError if
    /// a record names an unknown department.
    virtual DossierImportCounts import_dossiers(const std::vector<DossierRecord>& records) = 0;
};

/// One dossier event to store, with the integration user that sent it and when it came in.
struct DossierEventItem {
    std::string source;  ///< the integration user's name: ids belong to their sender
    DossierEvent event;
    Instant received_at;
};

/// What the stored events and records say of one dossier code, for the kiosk's look-up
/// (GET /api/v1/kiosk/dossiers/{code}).
struct DossierStatus {
    std::optional<std::string> department;  ///< the record's, else the latest event naming one
    std::optional<std::string> service;     ///< likewise
    bool collection = false;                ///< a `returned` event or a record exists (else filing)
    bool rated_filing = false;              ///< a stored rating of the code has stage filing
    bool rated_collection = false;          ///< ... stage collection
    friend bool operator==(const DossierStatus&, const DossierStatus&) = default;
};

/// The ratings made (local date of created_at) from `from_day` to `to_day` (day_number,
/// inclusive) that name a dossier code, per department; empty `departments`: every department.
struct UnlinkedQuery {
    std::vector<std::string> departments;
    int from_day = 0, to_day = 0;
};
struct UnlinkedCount {
    std::string department;
    std::int64_t with_dossier = 0;  ///< ratings naming a dossier code
    std::int64_t unlinked = 0;      ///< of them, naming a code no record and no event knows
    friend bool operator==(const UnlinkedCount&, const UnlinkedCount&) = default;
};

/// Dossier events from the one-stop software (dossier_event.hpp) and what they make.
class DossierEventStore {
public:
    virtual ~DossierEventStore() = default;
    /// Stores events in one transaction and returns one outcome per item, in order; when it
    /// returns, every accepted event is durable. An id already stored (or earlier in `items`)
    /// by the same source is a duplicate and changes nothing (the first answer stands); by
    /// another source it is rejected (id_conflict, field "id"). A department that is not known
    /// is rejected (unknown_department). Every event is kept, in whatever order it comes; in the
    /// same transaction each dossier that gained one is folded again from all of its events
    /// (fold_dossier_events), and when that makes a record other than the stored one, the
    /// record is written as import_dossiers writes it: links to its ratings and the dossier
    /// rollups kept. Throws std::runtime_error if the store fails; then nothing is stored.
    virtual std::vector<IngestOutcome> ingest_dossier_events(const std::vector<DossierEventItem>& items) = 0;
    /// Every stored event of a dossier, in fold order (at, then id).
    virtual std::vector<DossierEvent> dossier_events(const std::string& dossier) = 0;
    /// nullopt when no record and no event has this code.
    virtual std::optional<DossierStatus> dossier_status(const std::string& dossier) = 0;
    /// Per department with any rating naming a dossier in the range, ordered by department.
    virtual std::vector<UnlinkedCount> unlinked_ratings(const UnlinkedQuery& query) = 0;
};

/// Who is asking: API tokens, sign-in and dashboard sessions.
class SessionStore {
public:
    virtual ~SessionStore() = default;

    // --- users -------------------------------------------------------------------------------------
    virtual std::optional<User> user_by_token_hash(const std::string& token_hash) = 0;
    /// The user named `name` with their password hash, if they exist, are not revoked and have a
    /// password; nullopt otherwise (the caller cannot tell which, nor can an attacker).
    virtual std::optional<std::pair<User, std::string>> user_for_login(const std::string& name) = 0;
    /// Ends every dashboard session of a user; returns how many there were. StoreError if there is
    /// no such user.
    virtual std::size_t end_user_sessions(const std::string& name) = 0;

    // --- dashboard sessions ------------------------------------------------------------------------
    /// Stores a session (the hash of its cookie token) for `user_name`, valid until `expires_at`.
    virtual void create_session(const std::string& token_hash, const std::string& user_name, Instant expires_at) = 0;
    /// The user of a session that exists and has not expired at `now` (a revoked user has none).
    virtual std::optional<User> session_user(const std::string& token_hash, Instant now) = 0;
    /// Ends a session; no error if there is none. Also removes sessions expired at `now`.
    virtual void delete_session(const std::string& token_hash, Instant now) = 0;
};

/// Complaint cases (complaint.hpp) and their audit log.
class ComplaintStore {
public:
    virtual ~ComplaintStore() = default;

    // --- complaint cases ---------------------------------------------------------------------------
    /// Submissions with a tracking code, newest first (by created_at), with their case state.
    virtual std::vector<ComplaintCase> complaints(const ComplaintQuery& query) = 0;
    /// How many cases match `query`, whatever its limit and offset (the list's total).
    virtual std::int64_t count_complaints(const ComplaintQuery& query) = 0;
    /// The case of a tracking code, exactly as stored (the caller normalises what a person typed).
    virtual std::optional<ComplaintCase> complaint(const std::string& tracking_code) = 0;
    /// The audit log of a case, oldest first.
    virtual std::vector<CaseEvent> complaint_events(const std::string& tracking_code) = 0;
    /// In one transaction: if the case's version is still `expected_version`, sets its state to
    /// `next`, bumps the version, stamps updated_at with event.at and appends `event`; returns
    /// true. Returns false and changes nothing if the version has moved. StoreError if no
    /// submission has this tracking code.
    virtual bool update_complaint(const std::string& tracking_code, std::int64_t expected_version, const CaseState& next,
                                  const CaseEvent& event) = 0;
};

/// What the indices, exports and drill-down read: rollups and the stored submissions.
class IndexReads {
public:
    virtual ~IndexReads() = default;

    // --- rollups -----------------------------------------------------------------------------------
    /// Sums of rollup rows (see rollup.hpp), ordered by period, department, key, flagged. Rows
    /// with nothing counted are left out.
    virtual std::vector<RollupRow> rollups(const RollupQuery& query) = 0;
    /// Sums of dossier rollup rows (dims department, officer and service only), with the links of
    /// the records to the ratings naming them (DossierLink).
    virtual std::vector<DossierRollupRow> dossier_rollups(const RollupQuery& query) = 0;
    // --- stored submissions ------------------------------------------------------------------------
    /// Stored submissions matching `query`, newest first (by created_at, then by arrival), one
    /// page of at most query.limit.
    virtual std::vector<StoredSubmission> submissions(const SubmissionQuery& query) = 0;
};

/// The whole store: every interface above, as each backend implements it. Programs open one
/// (open_store.hpp) and hand each service the interfaces it uses.
class Store : public OrganisationStore, public IngestStore, public SessionStore, public ComplaintStore, public IndexReads,
              public DossierEventStore {
public:
    Store() = default;
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;
    ~Store() override = default;

    /// True when a read waits on the network (a database server), so that an event loop does not
    /// call the store itself but hands the work to a thread that may wait (the HTTP front).
    [[nodiscard]] virtual bool reads_wait_on_network() const { return false; }
};

}  // namespace hailong::server
