#pragma once
// Backends and sample data for the store contract test: the same test cases run against every
// Store implementation, each on a fresh database.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <pqxx/pqxx>

#include "hailong/server/store/credentials.hpp"
#include "hailong/server/api/ingest_service.hpp"
#include "hailong/server/store/postgres_store.hpp"
#include "hailong/server/store/sqlite_store.hpp"
#include "support/temp_dir.hpp"

namespace hailong::test {

struct SqliteBackend {
    static constexpr const char* name = "sqlite";
    /// What schemas 12 (opening hours versions and the reflag log), 13 (the duty roster and the
    /// officers' credentials) and 14 (the dossier events; its wider role check stays, harmless to an
    /// older release) added, as SQL that takes it away again, for the tests that roll a
    /// database back to an older release's.
    /// What schema 16 added (a manager of every department), taken away again.
    static constexpr const char* undo_version_16 = "ALTER TABLE users DROP COLUMN all_departments; ";
    /// What schemas 15 (the departments' targets and the settings' log) and 16 added, taken away.
    static constexpr const char* undo_version_15 = "ALTER TABLE users DROP COLUMN all_departments; DROP TABLE unit_targets; DROP TABLE settings_changes; ";
    static constexpr const char* undo_since_12 =
        "ALTER TABLE users DROP COLUMN all_departments; DROP TABLE unit_targets; DROP TABLE settings_changes; "
        "DROP TABLE dossier_events; DROP TABLE duty_events; DROP TABLE roster_corrections; DROP TABLE officer_credentials; "
        "ALTER TABLE submissions DROP COLUMN officer_source; ALTER TABLE submissions DROP COLUMN officer_sent; "
        "DROP TABLE opening_hours_versions; DROP TABLE reflag_runs; ";
    /// What schema 13 added (the duty roster and the officers' credentials), taken away again.
    static constexpr const char* undo_version_13 =
        "ALTER TABLE users DROP COLUMN all_departments; DROP TABLE unit_targets; DROP TABLE settings_changes; "
        "DROP TABLE duty_events; DROP TABLE roster_corrections; DROP TABLE officer_credentials; "
        "ALTER TABLE submissions DROP COLUMN officer_source; ALTER TABLE submissions DROP COLUMN officer_sent; ";
    TempDir dir;
    server::SqliteStore store{dir.path()};
    /// Runs SQL on the database behind the store's back (for what the store's API must not allow).
    void exec(const std::string& sql) const {
        SQLite::Database db((dir.path() / "hailong.db").string(), SQLite::OPEN_READWRITE);
        db.exec(sql);
    }
    /// Marks the database as written by schema `version` (what an older release left).
    void set_schema_version(int version) const { exec("PRAGMA user_version=" + std::to_string(version)); }
    /// Another store on the same database, as a restarted server would open it (and upgrade it).
    [[nodiscard]] std::unique_ptr<server::Store> reopen() const { return std::make_unique<server::SqliteStore>(dir.path()); }
};

/// A fresh PostgreSQL database for one test, on the server named by HAILONG_TEST_DATABASE_URL
/// (scripts/test.sh starts a throwaway one), dropped when the test ends. Without that variable the
/// test fails with a message that CTest reads as "skipped" (SKIP_REGULAR_EXPRESSION).
class TempPostgresDatabase {
public:
    TempPostgresDatabase() {
        const char* base = std::getenv("HAILONG_TEST_DATABASE_URL");
        if (!base || !*base) throw std::runtime_error("HAILONG_TEST_DATABASE_URL is not set: PostgreSQL test skipped");
        admin_url_ = base;
        std::random_device rd;
        name_ = "hailong_t_" + std::to_string(rd()) + std::to_string(rd());
        pqxx::connection c(admin_url_);
        pqxx::nontransaction(c).exec("CREATE DATABASE " + name_);
        url_ = admin_url_.substr(0, admin_url_.rfind('/') + 1) + name_;
    }
    ~TempPostgresDatabase() {
        try {
            pqxx::connection c(admin_url_);
            pqxx::nontransaction(c).exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
        } catch (...) {
            // A database left behind in a throwaway server costs nothing; never throw from here.
        }
    }
    TempPostgresDatabase(const TempPostgresDatabase&) = delete;
    TempPostgresDatabase& operator=(const TempPostgresDatabase&) = delete;
    [[nodiscard]] const std::string& url() const { return url_; }

private:
    std::string admin_url_, name_, url_;
};

struct PostgresBackend {
    static constexpr const char* name = "postgres";
    static constexpr const char* undo_version_16 = "ALTER TABLE users DROP COLUMN all_departments; ";
    static constexpr const char* undo_version_15 =
        "ALTER TABLE users DROP COLUMN all_departments; DROP TABLE unit_targets; DROP TABLE settings_changes; DROP FUNCTION settings_changes_frozen(); ";
    static constexpr const char* undo_since_12 =
        "ALTER TABLE users DROP COLUMN all_departments; DROP TABLE unit_targets; DROP TABLE settings_changes; DROP FUNCTION settings_changes_frozen(); "
        "DROP TABLE dossier_events; DROP TABLE duty_events; DROP TABLE roster_corrections; DROP FUNCTION roster_corrections_frozen(); DROP TABLE officer_credentials; "
        "ALTER TABLE submissions DROP COLUMN officer_source, DROP COLUMN officer_sent; "
        "DROP TABLE opening_hours_versions; DROP TABLE reflag_runs; DROP FUNCTION reflag_runs_frozen(); ";
    static constexpr const char* undo_version_13 =
        "ALTER TABLE users DROP COLUMN all_departments; DROP TABLE unit_targets; DROP TABLE settings_changes; DROP FUNCTION settings_changes_frozen(); "
        "DROP TABLE duty_events; DROP TABLE roster_corrections; DROP FUNCTION roster_corrections_frozen(); DROP TABLE officer_credentials; "
        "ALTER TABLE submissions DROP COLUMN officer_source, DROP COLUMN officer_sent; ";
    TempPostgresDatabase db;
    server::PostgresStore store{db.url()};
    void exec(const std::string& sql) const {
        pqxx::connection c(db.url());
        pqxx::work tx(c);
        tx.exec(sql);
        tx.commit();
    }
    void set_schema_version(int version) const { exec("UPDATE hailong_schema SET version = " + std::to_string(version)); }
    [[nodiscard]] std::unique_ptr<server::Store> reopen() const { return std::make_unique<server::PostgresStore>(db.url()); }
};

/// A valid submission for department SCT made at `created` (RFC 3339).
inline Submission sample_submission(const std::string& created = "2026-11-20T08:15:30+07:00") {
    Submission s;
    s.id = Uuid::random_v4();
    s.created_at = *parse_rfc3339(created);
    s.department = "SCT";
    s.officer = "SCT-001";
    s.rating = Rating{3, 3};
    return s;
}

/// A duty event (hailong/duty.hpp) with a fresh id at `at` ("2026-11-20T08:00:00+07:00").
inline DutyEvent duty_event(DutyKind kind, const std::string& at, std::optional<std::string> officer = std::nullopt,
                            DutyMethod method = DutyMethod::pin) {
    DutyEvent e;
    e.id = Uuid::random_v4();
    e.at = *parse_rfc3339(at);
    e.kind = kind;
    e.officer = std::move(officer);
    e.method = method;
    return e;
}

/// `count` ratings one a minute from 08:00 on local `day` ("2026-11-16"), the minutes counting on
/// from the ratings already in `items` (inside the opening hours, never a burst), sent by `kiosk`:
/// each a sample_submission that `shape(s, i)` then changes (i from 0 to count - 1).
template <class Shape>
void add_minutely(std::vector<server::IngestItem>& items, const std::string& kiosk, const std::string& day, int count, Shape shape) {
    for (int i = 0; i < count; ++i) {
        const int minute = static_cast<int>(items.size());
        char at[40];
        std::snprintf(at, sizeof at, "%sT%02d:%02d:00+07:00", day.c_str(), 8 + minute / 60, minute % 60);
        Submission s = sample_submission(at);
        shape(s, i);
        items.push_back({kiosk, s, s.created_at.instant});
    }
}

/// A clock stopped at 08:30 on 1 December 2026 in Hà Nội, for the answers that state when they
/// were made ("made_at": "2026-12-01T08:30:00+07:00").
inline Instant report_clock() { return parse_rfc3339("2026-12-01T01:30:00Z")->instant; }

/// Two departments, three officers and kiosk K-SCT-01 at SCT.
inline void seed_organisation(server::Store& store) {
    store.import_organisation({{"SCT", "Sở Công Thương"}, {"STTTT", "Sở Thông tin và Truyền thông"}},
                              {{"SCT-001", "Nguyễn Văn An", "SCT"},
                               {"SCT-002", "Trần Thị Bình", "SCT"},
                               {"STTTT-001", "Lê Văn Cường", "STTTT"}},
                              server::history_start);
    store.add_kiosk({"K-SCT-01", "SCT", false, 0}, "hash-of-kiosk-token");
}

/// seed_organisation, then a real bearer token for kiosk K-SCT-01 (stored hashed, as
/// hailong-admin does); returns the token.
inline std::string seed_with_kiosk_token(server::Store& store) {
    seed_organisation(store);
    std::string token = server::generate_token("hlk");
    store.set_kiosk_token("K-SCT-01", server::hash_token(token));
    return token;
}

/// The value of header `name` in an answer, or empty.
inline std::string header_of(const server::Answer& answer, std::string_view name) {
    for (const auto& [k, v] : answer.headers) {
        if (k == name) return v;
    }
    return {};
}

}  // namespace hailong::test
