#pragma once
// The embedded store: one SQLite database file in the server's data directory (`--data DIR`).
//
// WAL journal with synchronous=FULL: a commit returns only after the log is synced, so an
// "accepted" answer survives a crash or a power cut a moment later. One writer at a time (SQLite's
// rule); every method takes the store's lock, so the store is safe to share between threads.

#include <filesystem>
#include <memory>
#include <mutex>

#include "hailong/server/store/store.hpp"

namespace SQLite {
class Database;
}

namespace hailong::server {

class StatementCache;

class SqliteStore : public Store {
public:
    /// Opens (creating if missing) `dir`/hailong.db and brings its schema up to date.
    /// Throws StoreError if the file was written by a newer release (schema version unknown here),
    /// std::runtime_error if it cannot be opened.
    explicit SqliteStore(const std::filesystem::path& dir, StoreOptions options = {});
    ~SqliteStore() override;

    /// The schema version this build writes; migrations run up to it on open.
    static int schema_version();

    ImportCounts import_organisation(const std::vector<Department>& departments, const std::vector<Officer>& officers,
                                     LocalDate from) override;
    OrganisationHistory organisation_history() override;
    std::vector<Department> departments() override;
    std::vector<Officer> officers(const std::string& department) override;
    void upsert_services(const std::vector<Service>& services) override;
    std::vector<Service> services() override;

    void add_kiosk(const Kiosk& kiosk, const std::string& token_hash) override;
    void set_kiosk_token(const std::string& kiosk_id, const std::string& token_hash) override;
    void revoke_kiosk(const std::string& kiosk_id) override;
    std::optional<std::string> kiosk_with_number(std::int64_t number) override;
    std::optional<Kiosk> kiosk_by_token_hash(const std::string& token_hash) override;
    std::vector<Kiosk> kiosks() override;
    void record_heartbeat(const Heartbeat& heartbeat) override;
    std::vector<Heartbeat> heartbeats() override;

    void add_user(const User& user, const std::string& token_hash,
                  const std::optional<std::string>& password_hash) override;
    std::optional<User> user_by_token_hash(const std::string& token_hash) override;
    std::vector<User> users() override;
    std::optional<std::pair<User, std::string>> user_for_login(const std::string& name) override;
    void revoke_user(const std::string& name) override;
    void set_user_password(const std::string& name, const std::string& password_hash) override;
    std::size_t end_user_sessions(const std::string& name) override;
    void create_session(const std::string& token_hash, const std::string& user_name, Instant expires_at) override;
    std::optional<User> session_user(const std::string& token_hash, Instant now) override;
    void delete_session(const std::string& token_hash, Instant now) override;

    IngestBatchOutcome ingest_batch(const IngestBatch& batch) override;
    std::optional<Submission> find_submission(const Uuid& id) override;
    std::vector<ComplaintCase> complaints(const ComplaintQuery& query) override;
    std::int64_t count_complaints(const ComplaintQuery& query) override;
    std::optional<ComplaintCase> complaint(const std::string& tracking_code) override;
    std::vector<CaseEvent> complaint_events(const std::string& tracking_code) override;
    bool update_complaint(const std::string& tracking_code, std::int64_t expected_version, const CaseState& next,
                          const CaseEvent& event) override;
    std::optional<Flags> submission_flags(const Uuid& id) override;
    std::int64_t submission_count() override;
    std::vector<StoredSubmission> submissions(const SubmissionQuery& query) override;

    std::optional<std::string> setting(const std::string& key) override;
    void set_setting(const std::string& key, const std::string& value) override;
    std::map<std::string, int> unit_targets() override;
    std::vector<SettingsLogEntry> change_settings(const SettingsChange& change) override;
    std::vector<SettingsLogEntry> settings_log(std::size_t limit) override;
    void add_opening_hours(const OpeningHoursVersion& version) override;
    std::vector<OpeningHoursVersion> opening_hours_versions() override;
    ReflagCounts reflag(const ReflagRequest& request) override;
    std::vector<ReflagRun> reflag_runs() override;
    std::vector<RosterEntry> roster(const RosterQuery& query) override;
    RosterCorrectionRun correct_roster(const RosterCorrection& correction) override;
    std::vector<RosterCorrectionRun> roster_corrections() override;
    void set_officer_pin(const std::string& officer, const std::optional<std::string>& pin_hash) override;
    void set_officer_card(const std::string& officer, const std::optional<std::string>& card_hash) override;
    std::vector<OfficerCredentials> officer_credentials(const std::string& department) override;
    std::vector<RollupRow> rollups(const RollupQuery& query) override;
    DossierImportCounts import_dossiers(const std::vector<DossierRecord>& records) override;
    std::vector<DossierRollupRow> dossier_rollups(const RollupQuery& query) override;
    std::vector<IngestOutcome> ingest_dossier_events(const std::vector<DossierEventItem>& items) override;
    std::vector<DossierEvent> dossier_events(const std::string& dossier) override;
    std::optional<DossierStatus> dossier_status(const std::string& dossier) override;
    std::vector<UnlinkedCount> unlinked_ratings(const UnlinkedQuery& query) override;

private:
    // Writes go through db_ (one writer, SQLite's rule). Reads go through pools of read-only
    // connections, each used by one thread at a time: in WAL mode a reader sees the last commit
    // and neither blocks nor waits for the writer or another reader, so requests read in parallel
    // and a token look-up never waits behind another request's commit and fsync.
    class ReadPool;
    StoreOptions options_;
    std::mutex mutex_;
    std::unique_ptr<SQLite::Database> db_;
    // The ingest path's statements, prepared once on db_; used under mutex_ like db_ itself.
    std::unique_ptr<StatementCache> writer_statements_;
    std::unique_ptr<ReadPool> readers_;
    // Index queries read many rollup rows; they get connections of their own so that dashboards'
    // queries never hold up the token look-ups of kiosks posting submissions.
    std::unique_ptr<ReadPool> analytics_;
};

}  // namespace hailong::server
