#pragma once
// The shared store for deployments that outgrow one machine: PostgreSQL (libpqxx), with several
// hailong-server processes writing to one database at once.
//
// Exactly-once across processes: a submission is inserted with ON CONFLICT (id) DO NOTHING, so
// when two processes store the same id at the same moment, PostgreSQL lets one insert win and the
// other sees a duplicate. Schema migrations take a transaction-scoped advisory lock, so servers
// started together do not race. Connections come from a small pool; every method is thread safe.
// Commits use PostgreSQL's default synchronous_commit=on: an "accepted" answer is durable.

#include <memory>
#include <string>
#include <vector>

#include "hailong/server/store/store.hpp"

namespace hailong::server {

class PostgresStore : public Store {
public:
    /// Connects to `url` (postgresql://user@host:port/db), with at most `pool_size` connections,
    /// and brings the schema up to date. Throws StoreError for a schema from a newer release,
    /// std::runtime_error (pqxx::broken_connection) if the database cannot be reached.
    explicit PostgresStore(const std::string& url, std::size_t pool_size = 8, StoreOptions options = {});
    ~PostgresStore() override;

    static int schema_version();

    [[nodiscard]] bool reads_wait_on_network() const override { return true; }

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
    struct Pool;  // the connections; in the .cpp, as libpqxx types cannot be forward-declared
    std::unique_ptr<Pool> pool_;
    StoreOptions options_;
};

}  // namespace hailong::server
