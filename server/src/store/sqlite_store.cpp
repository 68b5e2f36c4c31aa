#include "hailong/server/store/sqlite_store.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include <SQLiteCpp/SQLiteCpp.h>
#include <SQLiteCpp/VariadicBind.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include "hailong/tracking_code.hpp"
#include "duty_roster.hpp"
#include "dossier_events.hpp"
#include "ingest_flags.hpp"
#include "ingest_rules.hpp"
#include "row_reading.hpp"
#include "schema.hpp"
#include "settings_change.hpp"
#include "statement_cache.hpp"

namespace hailong::server {
namespace {

using namespace std::chrono;
using rows::facts_columns;
using rows::submission_column_count;


// Version 8: the kiosk numbers that the tracking codes already stored were issued under.
void backfill_kiosk_numbers(SQLite::Database& db) {
    SQLite::Statement codes(db, "SELECT DISTINCT kiosk_id, tracking_code FROM submissions WHERE tracking_code IS NOT NULL");
    SQLite::Statement insert(db, "INSERT OR IGNORE INTO kiosk_number_history(number, kiosk_id) VALUES (?, ?)");
    while (codes.executeStep()) {
        const auto parts = tracking_code::parse(codes.getColumn(1).getString());
        if (!parts) continue;
        insert.reset();
        insert.bind(1, static_cast<std::int64_t>(parts->kiosk_number));
        insert.bind(2, codes.getColumn(0).getString());
        insert.exec();
    }
}


// A row of a statement as row_reading.hpp reads it.
struct SqliteRow {
    SQLite::Statement& st;
    [[nodiscard]] bool null(int i) const { return st.getColumn(i).isNull(); }
    [[nodiscard]] std::string text(int i) const { return st.getColumn(i).getString(); }
    [[nodiscard]] int integer(int i) const { return st.getColumn(i).getInt(); }
    [[nodiscard]] std::int64_t int64(int i) const { return st.getColumn(i).getInt64(); }
    [[nodiscard]] Uuid uuid(int i) const {
        Uuid::Bytes id{};
        const SQLite::Column c = st.getColumn(i);
        if (static_cast<std::size_t>(c.getBytes()) == id.size()) std::memcpy(id.data(), c.getBlob(), id.size());
        return Uuid(id);
    }
};

template <class T>
void bind_optional(SQLite::Statement& st, int index, const std::optional<T>& value) {
    if (value) {
        st.bind(index, *value);
    } else {
        st.bind(index);
    }
}

void apply_rollups(StatementCache& statements, const RollupDeltas& deltas) {
    if (deltas.empty()) return;
    static const std::string sql = rollup_upsert_sql(false);
    const auto upsert = statements.use(sql);
    for (const auto& [key, tally] : deltas.rows()) {
        upsert->reset();
        upsert->bind(1, static_cast<int>(key.dim));
        upsert->bind(2, static_cast<int>(key.level));
        upsert->bind(3, key.period);
        upsert->bind(4, key.department);
        upsert->bind(5, key.key);
        upsert->bind(6, key.flagged ? 1 : 0);
        const auto values = tally_values(tally);
        for (std::size_t i = 0; i < values.size(); ++i) upsert->bind(static_cast<int>(7 + i), values[i]);
        upsert->exec();
    }
}

// Counts every stored submission in the rollups afresh: version 9 gave them new columns (and
// versions 3 and 7, which added the rollups and their hour dimension, are always followed by 9).
void rebuild_rollups(SQLite::Database& db) {
    db.exec("DELETE FROM rollups");
    RollupDeltas deltas;
    SQLite::Statement rows(db, std::string("SELECT ") + facts_columns + " FROM submissions");
    while (rows.executeStep()) deltas.add(rows::facts_of(SqliteRow{rows}), rows.getColumn(12).getInt() != 0);
    StatementCache statements(db);
    apply_rollups(statements, deltas);
}

void apply_dossier_rollups(StatementCache& statements, const DossierDeltas& deltas) {
    if (deltas.empty()) return;
    static const std::string sql = dossier_upsert_sql(false);
    const auto upsert = statements.use(sql);
    for (const auto& [key, tally] : deltas.rows()) {
        upsert->reset();
        SQLite::bind(*upsert, static_cast<int>(key.dim), static_cast<int>(key.level), key.period, key.department, key.key);
        const auto values = dossier_values(tally);
        for (std::size_t i = 0; i < values.size(); ++i) upsert->bind(static_cast<int>(6 + i), values[i]);
        upsert->exec();
    }
}

// The link of a record with `outcome` from every stored rating naming `dossier`.
DossierLink stored_link(StatementCache& statements, const std::string& dossier, const std::optional<DossierOutcome>& outcome) {
    static const std::string sql = std::string("SELECT ") + facts_columns + " FROM submissions WHERE dossier = ?";
    const auto st = statements.use(sql);
    st->bind(1, dossier);
    std::vector<indices::Tally> ratings;
    while (st->executeStep()) ratings.push_back(rows::facts_of(SqliteRow{*st}).tally);
    return detail::link_of_ratings(ratings, outcome);
}

void write_link(StatementCache& statements, const std::string& dossier, const DossierLink& link) {
    const auto st = statements.use("UPDATE dossier_records SET linked = ?, complained = ?, compared = ?, agreeing = ? WHERE dossier = ?");
    SQLite::bind(*st, link.linked ? 1 : 0, link.complained ? 1 : 0, link.compared ? 1 : 0, link.agreeing ? 1 : 0, dossier);
    st->exec();
}

// Version 10: every record's link worked out from the stored ratings, and the dossier rollups
// counted afresh with them.
void relink_dossiers(SQLite::Database& db) {
    StatementCache statements(db);
    std::vector<detail::LinkedRecord> records;
    {
        SQLite::Statement st(db, std::string("SELECT ") + rows::dossier_record_columns + " FROM dossier_records");
        while (st.executeStep()) records.push_back(rows::linked_record_of(SqliteRow{st}));
    }
    db.exec("DELETE FROM dossier_rollups");
    DossierDeltas deltas;
    for (detail::LinkedRecord& r : records) {
        r.link = stored_link(statements, r.record.dossier, r.record.outcome);
        write_link(statements, r.record.dossier, r.link);
        deltas.add(r.record, r.link);
    }
    apply_dossier_rollups(statements, deltas);
}

// The dossier links' reads and writes, inside the ingest transaction.
class SqliteLinkQueries final : public detail::LinkQueries {
public:
    explicit SqliteLinkQueries(StatementCache& statements) : statements_(statements) {}
    std::map<std::string, detail::LinkedRecord> records(const std::set<std::string>& dossiers) override {
        static const std::string sql = std::string("SELECT ") + rows::dossier_record_columns + " FROM dossier_records WHERE dossier = ?";
        const auto st = statements_.use(sql);
        std::map<std::string, detail::LinkedRecord> out;
        for (const std::string& dossier : dossiers) {
            st->reset();
            st->bind(1, dossier);
            if (st->executeStep()) out.emplace(dossier, rows::linked_record_of(SqliteRow{*st}));
        }
        return out;
    }
    void set_link(const std::string& dossier, const DossierLink& link) override { write_link(statements_, dossier, link); }

private:
    StatementCache& statements_;
};

// A UUID as SQLite stores it: its 16 bytes.
void bind_uuid(SQLite::Statement& st, int index, const Uuid& id) {
    st.bind(index, id.bytes().data(), static_cast<int>(id.bytes().size()));
}

// The roster's reads and writes, inside the writer's transaction (duty_roster.hpp).
class SqliteRosterQueries final : public detail::RosterLog {
public:
    explicit SqliteRosterQueries(StatementCache& statements) : statements_(statements) {}

    std::vector<detail::RosterPoint> points(const std::string& kiosk, std::int64_t from_us, std::int64_t to_us) override {
        std::vector<detail::RosterPoint> out;
        {
            const auto st = statements_.use(
                "SELECT at_us, id, event, officer FROM duty_events WHERE kiosk_id = ? AND voided_by IS NULL AND at_us < ? "
                "ORDER BY at_us DESC, id DESC LIMIT 1");
            SQLite::bind(*st, kiosk, from_us);
            while (st->executeStep()) out.push_back(rows::roster_point_of(SqliteRow{*st}));
        }
        const auto st = statements_.use(
            "SELECT at_us, id, event, officer FROM duty_events WHERE kiosk_id = ? AND voided_by IS NULL AND at_us BETWEEN ? AND ?");
        SQLite::bind(*st, kiosk, from_us, to_us);
        while (st->executeStep()) out.push_back(rows::roster_point_of(SqliteRow{*st}));
        return out;
    }
    std::optional<std::int64_t> next_point_after(const std::string& kiosk, std::int64_t after_us) override {
        const auto st = statements_.use("SELECT MIN(at_us) FROM duty_events WHERE kiosk_id = ? AND voided_by IS NULL AND at_us > ?");
        SQLite::bind(*st, kiosk, after_us);
        if (!st->executeStep() || st->getColumn(0).isNull()) return std::nullopt;
        return st->getColumn(0).getInt64();
    }
    std::vector<detail::CreditedRow> ratings(const std::string& kiosk, std::int64_t from_us, std::optional<std::int64_t> to_us) override {
        static const std::string sql = std::string("SELECT ") + rows::credited_row_columns +
                                       " FROM submissions WHERE kiosk_id = ?1 AND created_at_us >= ?2 AND created_at_us < ?3";
        const auto st = statements_.use(sql);
        SQLite::bind(*st, kiosk, from_us, to_us.value_or(std::numeric_limits<std::int64_t>::max()));
        std::vector<detail::CreditedRow> out;
        while (st->executeStep()) out.push_back(rows::credited_row_of(SqliteRow{*st}));
        return out;
    }
    void set_credit(std::int64_t seq, const detail::Credit& credit) override {
        const auto st = statements_.use("UPDATE submissions SET officer = ?, officer_source = ? WHERE seq = ?");
        bind_optional(*st, 1, credit.officer);
        st->bind(2, std::string(detail::to_string(credit.source)));
        st->bind(3, seq);
        st->exec();
    }
    // The kiosk that stored a duty event with this id; nullopt if none did.
    std::optional<std::string> kiosk_of_event(const Uuid& id) {
        const auto st = statements_.use("SELECT kiosk_id FROM duty_events WHERE id = ?");
        bind_uuid(*st, 1, id);
        if (!st->executeStep()) return std::nullopt;
        return st->getColumn(0).getString();
    }
    void insert(const std::string& kiosk, const DutyEvent& e, Instant received_at, std::optional<std::int64_t> added_by) {
        const auto st = statements_.use(
            "INSERT INTO duty_events(id, kiosk_id, at_us, at_offset_min, event, officer, method, received_at_us, added_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        bind_uuid(*st, 1, e.id);
        st->bind(2, kiosk);
        st->bind(3, static_cast<std::int64_t>(e.at.instant.time_since_epoch().count()));
        st->bind(4, static_cast<int>(e.at.offset.count()));
        st->bind(5, std::string(to_string(e.kind)));
        bind_optional(*st, 6, e.officer);
        bind_optional(*st, 7, e.method ? std::optional<std::string>(std::string(to_string(*e.method))) : std::nullopt);
        st->bind(8, static_cast<std::int64_t>(received_at.time_since_epoch().count()));
        bind_optional(*st, 9, added_by);
        st->exec();
    }

    bool kiosk_exists(const std::string& kiosk) override {
        const auto st = statements_.use("SELECT 1 FROM kiosks WHERE id = ?");
        st->bind(1, kiosk);
        return st->executeStep();
    }
    std::optional<RosterEntry> entry(const Uuid& id) override {
        static const std::string sql = std::string("SELECT ") + rows::roster_entry_columns + " FROM duty_events WHERE id = ?";
        const auto st = statements_.use(sql);
        bind_uuid(*st, 1, id);
        if (!st->executeStep()) return std::nullopt;
        return rows::roster_entry_of(SqliteRow{*st});
    }
    std::int64_t open_correction(const RosterCorrection& c) override {
        const auto st = statements_.use(
            "INSERT INTO roster_corrections(at_us, actor, reason, kiosk_id, voided_event, added_event) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
        SQLite::bind(*st, static_cast<std::int64_t>(c.at.time_since_epoch().count()), c.actor, c.reason, c.kiosk_id);
        if (c.void_event) bind_uuid(*st, 5, *c.void_event);
        if (c.add) bind_uuid(*st, 6, c.add->id);
        st->executeStep();
        const std::int64_t id = st->getColumn(0).getInt64();
        while (st->executeStep()) {
        }
        return id;
    }
    void void_entry(const Uuid& id, std::int64_t correction) override {
        const auto st = statements_.use("UPDATE duty_events SET voided_by = ? WHERE id = ?");
        st->bind(1, correction);
        bind_uuid(*st, 2, id);
        st->exec();
    }
    void add_entry(const std::string& kiosk, const DutyEvent& event, Instant received_at, std::int64_t correction) override {
        insert(kiosk, event, received_at, correction);
    }
    void seal_correction(std::int64_t correction, const detail::Reattributed& counts) override {
        const auto st = statements_.use("UPDATE roster_corrections SET examined = ?, moved = ? WHERE id = ?");
        SQLite::bind(*st, counts.examined, counts.moved, correction);
        st->exec();
    }

private:
    StatementCache& statements_;
};

// The suspicion rules' reads and writes, inside the ingest transaction.
class SqliteFlagQueries final : public detail::FlagQueries {
public:
    explicit SqliteFlagQueries(StatementCache& statements) : statements_(statements) {}

    std::vector<detail::FlagRow> kiosk_neighbourhood(const std::string& kiosk, Instant first, Instant last, std::size_t around,
                                                     microseconds reach) override {
        const std::int64_t a = first.time_since_epoch().count(), b = last.time_since_epoch().count();
        const auto n = static_cast<std::int64_t>(around);
        std::vector<detail::FlagRow> rows;
        auto add = [&](const StatementCache::Use& st) {
            auto part = read(*st);
            rows.insert(rows.end(), part.begin(), part.end());
        };
        {
            const auto st = statements_.use(
                "SELECT seq, created_at_us, flags FROM submissions WHERE kiosk_id = ?1 AND created_at_us < ?2 AND created_at_us >= ?3 "
                "ORDER BY created_at_us DESC, seq DESC LIMIT ?4");
            SQLite::bind(*st, kiosk, a, a - reach.count(), n);
            add(st);
        }
        {
            const auto st = statements_.use("SELECT seq, created_at_us, flags FROM submissions WHERE kiosk_id = ? AND created_at_us BETWEEN ? AND ?");
            SQLite::bind(*st, kiosk, a, b);
            add(st);
        }
        {
            const auto st = statements_.use(
                "SELECT seq, created_at_us, flags FROM submissions WHERE kiosk_id = ?1 AND created_at_us > ?2 AND created_at_us <= ?3 "
                "ORDER BY created_at_us, seq LIMIT ?4");
            SQLite::bind(*st, kiosk, b, b + reach.count(), n);
            add(st);
        }
        std::sort(rows.begin(), rows.end(), [](const detail::FlagRow& x, const detail::FlagRow& y) {
            return x.created_at != y.created_at ? x.created_at < y.created_at : x.seq < y.seq;
        });
        return rows;
    }
    std::map<std::string, std::vector<detail::FlagRow>> dossier_rows(const std::set<std::string>& dossiers) override {
        std::map<std::string, std::vector<detail::FlagRow>> out;
        const auto st = statements_.use("SELECT seq, created_at_us, flags, stage, local_day FROM submissions WHERE dossier = ? ORDER BY seq");
        for (const std::string& dossier : dossiers) {
            st->reset();
            st->bind(1, dossier);
            std::vector<detail::FlagRow> rows;
            while (st->executeStep()) {
                detail::FlagRow& r = rows.emplace_back(read_row(*st));
                if (!st->getColumn(3).isNull()) r.stage = parse_dossier_stage(st->getColumn(3).getString());
                r.local_day = st->getColumn(4).getInt();
            }
            if (!rows.empty()) out.emplace(dossier, std::move(rows));
        }
        return out;
    }
    std::optional<std::pair<Instant, Instant>> department_span(const std::string& department) override {
        // Two subqueries, so that each is one look-up in submissions(department, created_at_us).
        const auto st = statements_.use(
            "SELECT (SELECT MIN(created_at_us) FROM submissions WHERE department = ?1), "
            "(SELECT MAX(created_at_us) FROM submissions WHERE department = ?1)");
        st->bind(1, department);
        if (!st->executeStep() || st->getColumn(0).isNull()) return std::nullopt;
        return std::pair{Instant{microseconds{st->getColumn(0).getInt64()}}, Instant{microseconds{st->getColumn(1).getInt64()}}};
    }
    std::vector<detail::StoredFlagRow> department_rows(const std::string& department, Instant from, Instant to) override {
        const auto st = statements_.use(
            "SELECT seq, created_at_us, flags, stage, local_day, kiosk_id, dossier FROM submissions "
            "WHERE department = ? AND created_at_us >= ? AND created_at_us < ? ORDER BY created_at_us, seq");
        SQLite::bind(*st, department, static_cast<std::int64_t>(from.time_since_epoch().count()),
                     static_cast<std::int64_t>(to.time_since_epoch().count()));
        std::vector<detail::StoredFlagRow> rows;
        while (st->executeStep()) {
            detail::StoredFlagRow& r = rows.emplace_back(detail::StoredFlagRow{read_row(*st), st->getColumn(5).getString(), std::nullopt});
            if (!st->getColumn(3).isNull()) r.row.stage = parse_dossier_stage(st->getColumn(3).getString());
            r.row.local_day = st->getColumn(4).getInt();
            if (!st->getColumn(6).isNull()) r.dossier = st->getColumn(6).getString();
        }
        return rows;
    }
    RollupFacts facts(std::int64_t seq) override {
        static const std::string sql = std::string("SELECT ") + facts_columns + " FROM submissions WHERE seq = ?";
        const auto st = statements_.use(sql);
        st->bind(1, seq);
        st->executeStep();
        return rows::facts_of(SqliteRow{*st});
    }
    void set_flags(std::int64_t seq, Flags flags) override {
        const auto st = statements_.use("UPDATE submissions SET flags = ? WHERE seq = ?");
        SQLite::bind(*st, static_cast<std::int64_t>(flags), seq);
        st->exec();
    }

private:
    // seq, created_at_us, flags of the current row.
    static detail::FlagRow read_row(SQLite::Statement& st) {
        return {st.getColumn(0).getInt64(), Instant{microseconds{st.getColumn(1).getInt64()}}, static_cast<Flags>(st.getColumn(2).getInt64()),
                std::nullopt, 0};
    }
    static std::vector<detail::FlagRow> read(SQLite::Statement& st) {
        std::vector<detail::FlagRow> out;
        while (st.executeStep()) out.push_back(read_row(st));
        return out;
    }
    StatementCache& statements_;
};

// The columns rows::submission_of() reads, in its order.
constexpr const char* submission_columns =
    "id, created_at_us, created_offset_min, department, officer, service, dossier, lang, scale, value, "
    "tt01_time, tt01_contacts, tt01_agencies, tt01_attitude, reasons, comment, contact, tracking_code, harassment, stage";


// Prepares `sql`, binds `args` in order and runs it; returns the number of rows changed.
template <class... Args>
int run(SQLite::Database& db, const char* sql, const Args&... args) {
    SQLite::Statement st(db, sql);
    SQLite::bind(st, args...);
    return st.exec();
}

// A setting's value, read with `statements` (a StatementCache, or a ReadPool lease).
template <class Statements>
std::optional<std::string> setting_in(Statements& statements, const std::string& key) {
    const auto st = statements.use("SELECT value FROM settings WHERE key = ?");
    st->bind(1, key);
    if (!st->executeStep()) return std::nullopt;
    return st->getColumn(0).getString();
}

// Every version of the opening hours, in the order set, read with `statements`.
template <class Statements>
std::vector<OpeningHoursVersion> opening_hours_in(Statements& statements) {
    static const std::string sql = std::string("SELECT ") + rows::opening_hours_columns + " FROM opening_hours_versions" +
                                   rows::opening_hours_order;
    const auto st = statements.use(sql);
    std::vector<OpeningHoursVersion> out;
    while (st->executeStep()) out.push_back(rows::opening_hours_of(SqliteRow{*st}));
    return out;
}

bool exists(SQLite::Database& db, const char* sql, const std::string& key) {
    SQLite::Statement st(db, sql);
    st.bind(1, key);
    return st.executeStep();
}

}  // namespace

int SqliteStore::schema_version() { return static_cast<int>(schema::sqlite_migrations().size()); }

// Read-only connections lent to one thread at a time; a thread that finds none free waits.
class SqliteStore::ReadPool {
public:
    ReadPool(const std::filesystem::path& file, std::size_t size, int flags) {
        for (std::size_t i = 0; i < size; ++i) {
            auto reader = std::make_unique<Reader>(file, flags);
            free_.push_back(reader.get());
            all_.push_back(std::move(reader));
        }
    }

    // One connection and the statements prepared on it (destroyed first).
    struct Reader {
        Reader(const std::filesystem::path& file, int flags) : db(file.string(), flags), statements(db) { db.setBusyTimeout(10000); }
        SQLite::Database db;
        StatementCache statements;
    };

    class Lease {
    public:
        Lease(ReadPool& pool, Reader* reader) : pool_(pool), reader_(reader) {}
        ~Lease() { pool_.give_back(reader_); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        SQLite::Database& operator*() const { return reader_->db; }
        SQLite::Database* operator->() const { return &reader_->db; }
        /// A statement prepared once for this connection (fixed SQL texts only).
        StatementCache::Use use(std::string_view sql) const { return reader_->statements.use(sql); }

    private:
        ReadPool& pool_;
        Reader* reader_;
    };

    Lease lease() {
        std::unique_lock lock(mutex_);
        available_.wait(lock, [this] { return !free_.empty(); });
        Reader* reader = free_.back();
        free_.pop_back();
        return Lease(*this, reader);
    }

private:
    void give_back(Reader* reader) {
        {
            const std::lock_guard lock(mutex_);
            free_.push_back(reader);
        }
        available_.notify_one();
    }

    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Reader>> all_;
    std::vector<Reader*> free_;
};

SqliteStore::SqliteStore(const std::filesystem::path& dir, StoreOptions options) : options_(options) {
    std::filesystem::create_directories(dir);
    db_ = std::make_unique<SQLite::Database>((dir / "hailong.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db_->setBusyTimeout(10000);
    db_->exec("PRAGMA journal_mode=WAL");
    db_->exec("PRAGMA synchronous=FULL");
    db_->exec("PRAGMA foreign_keys=ON");

    const int current = db_->execAndGet("PRAGMA user_version").getInt();
    if (current > schema_version()) {
        throw StoreError(Message("server.store.schema_newer",
                                 {{"found", std::to_string(current)}, {"supported", std::to_string(schema_version())}}));
    }
    for (int v = current; v < schema_version(); ++v) {
        // Version 14 builds users again (a CHECK cannot change in place): with foreign keys on,
        // dropping the old table would be refused for the sessions and user_departments rows
        // naming it. They are off only for this step, which must leave every reference whole.
        const bool rebuilds = v + 1 == 14;
        if (rebuilds) db_->exec("PRAGMA foreign_keys=OFF");
        SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
        db_->exec(schema::sqlite_migrations()[static_cast<std::size_t>(v)]);
        if (v + 1 == 8) backfill_kiosk_numbers(*db_);
        if (v + 1 == 9) rebuild_rollups(*db_);
        if (v + 1 == 10) relink_dossiers(*db_);
        if (rebuilds) {
            SQLite::Statement broken(*db_, "PRAGMA foreign_key_check");
            if (broken.executeStep()) throw std::runtime_error("schema 14: a foreign key of table " + broken.getColumn(0).getString() + " is broken");
        }
        db_->exec("PRAGMA user_version=" + std::to_string(v + 1));
        tx.commit();
        if (rebuilds) db_->exec("PRAGMA foreign_keys=ON");
    }
    writer_statements_ = std::make_unique<StatementCache>(*db_);
    readers_ = std::make_unique<ReadPool>(dir / "hailong.db", 4, SQLite::OPEN_READONLY);
    // No SQLite mutex on the analytics connections: a lease already keeps each to one thread, and
    // a year of officer rollups reads 720,000 column values, each of which would lock it.
    analytics_ = std::make_unique<ReadPool>(dir / "hailong.db", 2, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX);
}

SqliteStore::~SqliteStore() = default;

ImportCounts SqliteStore::import_organisation(const std::vector<Department>& departments, const std::vector<Officer>& officers,
                                              LocalDate from) {
    const std::lock_guard lock(mutex_);
    ImportCounts counts;
    const int day = day_number(from);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    for (const Department& d : departments) {
        const bool known = exists(*db_, "SELECT 1 FROM departments WHERE code = ?", d.code);
        SQLite::Statement in_force(*db_, "SELECT name FROM department_versions WHERE code = ? AND valid_from <= ? "
                                         "ORDER BY valid_from DESC LIMIT 1");
        SQLite::bind(in_force, d.code, day);
        if (known && in_force.executeStep() && in_force.getColumn(0).getString() == d.name) continue;
        if (!known) run(*db_, "INSERT INTO departments(code, name) VALUES (?, ?)", d.code, d.name);
        run(*db_, "INSERT INTO department_versions(code, valid_from, name) VALUES (?, ?, ?) "
                  "ON CONFLICT (code, valid_from) DO UPDATE SET name = excluded.name", d.code, day, d.name);
        // The department's row holds its newest version, which a version back-dated before it leaves as it was.
        run(*db_, "UPDATE departments SET name = (SELECT name FROM department_versions WHERE code = ?1 ORDER BY valid_from DESC LIMIT 1) "
                  "WHERE code = ?1", d.code);
        ++(known ? counts.departments_updated : counts.departments_added);
    }
    for (const Officer& o : officers) {
        if (!exists(*db_, "SELECT 1 FROM departments WHERE code = ?", o.department)) {
            throw StoreError(Message("server.store.officer_department_unknown", {{"officer", o.code}, {"department", o.department}}));
        }
        const bool known = exists(*db_, "SELECT 1 FROM officers WHERE code = ?", o.code);
        SQLite::Statement in_force(*db_, "SELECT name, department FROM officer_versions WHERE code = ? AND valid_from <= ? "
                                         "ORDER BY valid_from DESC LIMIT 1");
        SQLite::bind(in_force, o.code, day);
        if (known && in_force.executeStep() && in_force.getColumn(0).getString() == o.name &&
            in_force.getColumn(1).getString() == o.department)
            continue;
        if (!known) run(*db_, "INSERT INTO officers(code, name, department) VALUES (?, ?, ?)", o.code, o.name, o.department);
        run(*db_, "INSERT INTO officer_versions(code, valid_from, name, department) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT (code, valid_from) DO UPDATE SET name = excluded.name, department = excluded.department",
            o.code, day, o.name, o.department);
        run(*db_, "UPDATE officers SET (name, department) = (SELECT name, department FROM officer_versions WHERE code = ?1 "
                  "ORDER BY valid_from DESC LIMIT 1) WHERE code = ?1", o.code);
        ++(known ? counts.officers_updated : counts.officers_added);
    }
    tx.commit();
    return counts;
}

OrganisationHistory SqliteStore::organisation_history() {
    const auto reader = readers_->lease();
    OrganisationHistory h;
    SQLite::Statement d(*reader, "SELECT code, name, valid_from FROM department_versions ORDER BY code, valid_from");
    while (d.executeStep())
        h.departments.push_back({{d.getColumn(0).getString(), d.getColumn(1).getString()}, day_from_number(d.getColumn(2).getInt())});
    SQLite::Statement o(*reader, "SELECT code, name, department, valid_from FROM officer_versions ORDER BY code, valid_from");
    while (o.executeStep())
        h.officers.push_back({{o.getColumn(0).getString(), o.getColumn(1).getString(), o.getColumn(2).getString()},
                              day_from_number(o.getColumn(3).getInt())});
    return h;
}

std::vector<Department> SqliteStore::departments() {
    const auto reader = readers_->lease();
    std::vector<Department> out;
    SQLite::Statement st(*reader, "SELECT code, name FROM departments ORDER BY code");
    while (st.executeStep()) out.push_back({st.getColumn(0).getString(), st.getColumn(1).getString()});
    return out;
}

std::vector<Officer> SqliteStore::officers(const std::string& department) {
    const auto reader = readers_->lease();
    std::vector<Officer> out;
    SQLite::Statement st(*reader, "SELECT code, name, department FROM officers WHERE ? = '' OR department = ? ORDER BY code");
    st.bind(1, department);
    st.bind(2, department);
    while (st.executeStep())
        out.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString()});
    return out;
}

void SqliteStore::upsert_services(const std::vector<Service>& services) {
    const std::lock_guard lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    for (const Service& s : services) {
        if (s.department && !exists(*db_, "SELECT 1 FROM departments WHERE code = ?", *s.department))
            throw StoreError(Message("server.store.department_unknown", {{"department", *s.department}}));
        SQLite::Statement st(*db_, "INSERT INTO services(code, name, department) VALUES (?, ?, ?) "
                                   "ON CONFLICT(code) DO UPDATE SET name = excluded.name, department = excluded.department");
        st.bind(1, s.code);
        st.bind(2, s.name);
        bind_optional(st, 3, s.department);
        st.exec();
    }
    tx.commit();
}

std::vector<Service> SqliteStore::services() {
    const auto reader = readers_->lease();
    std::vector<Service> out;
    SQLite::Statement st(*reader, "SELECT code, name, department FROM services ORDER BY code");
    while (st.executeStep())
        out.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), rows::optional_text(SqliteRow{st}, 2)});
    return out;
}

void SqliteStore::add_kiosk(const Kiosk& kiosk, const std::string& token_hash) {
    const std::lock_guard lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (exists(*db_, "SELECT 1 FROM kiosks WHERE id = ?", kiosk.id))
        throw StoreError(Message("server.store.kiosk_exists", {{"kiosk", kiosk.id}}));
    if (!exists(*db_, "SELECT 1 FROM departments WHERE code = ?", kiosk.department))
        throw StoreError(Message("server.store.department_unknown", {{"department", kiosk.department}}));
    // A number is never given twice: the next after every number any kiosk has ever held.
    run(*db_, "INSERT INTO kiosks(id, department, token_hash, revoked, number) "
              "VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(number), 0) + 1 FROM kiosk_number_history))",
        kiosk.id, kiosk.department, token_hash, kiosk.revoked ? 1 : 0);
    run(*db_, "INSERT INTO kiosk_number_history(number, kiosk_id) SELECT number, id FROM kiosks WHERE id = ?", kiosk.id);
    tx.commit();
}

void SqliteStore::set_kiosk_token(const std::string& kiosk_id, const std::string& token_hash) {
    const std::lock_guard lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (run(*db_, "UPDATE kiosks SET token_hash = ?, revoked = 0, number = (SELECT MAX(number) + 1 FROM kiosk_number_history) WHERE id = ?",
            token_hash, kiosk_id) == 0)
        throw StoreError(Message("server.store.kiosk_unknown", {{"kiosk", kiosk_id}}));
    run(*db_, "INSERT INTO kiosk_number_history(number, kiosk_id) SELECT number, id FROM kiosks WHERE id = ?", kiosk_id);
    tx.commit();
}

std::optional<std::string> SqliteStore::kiosk_with_number(std::int64_t number) {
    const auto reader = readers_->lease();
    const auto st = reader.use("SELECT kiosk_id FROM kiosk_number_history WHERE number = ?");
    st->bind(1, number);
    if (!st->executeStep()) return std::nullopt;
    return st->getColumn(0).getString();
}

void SqliteStore::revoke_kiosk(const std::string& kiosk_id) {
    const std::lock_guard lock(mutex_);
    if (run(*db_, "UPDATE kiosks SET revoked = 1 WHERE id = ?", kiosk_id) == 0) throw StoreError(Message("server.store.kiosk_unknown", {{"kiosk", kiosk_id}}));
}

std::optional<Kiosk> SqliteStore::kiosk_by_token_hash(const std::string& token_hash) {
    const auto reader = readers_->lease();
    const auto st = reader.use("SELECT id, department, revoked, number FROM kiosks WHERE token_hash = ?");
    st->bind(1, token_hash);
    if (!st->executeStep()) return std::nullopt;
    return Kiosk{st->getColumn(0).getString(), st->getColumn(1).getString(), st->getColumn(2).getInt() != 0, st->getColumn(3).getInt64()};
}

std::vector<Kiosk> SqliteStore::kiosks() {
    const auto reader = readers_->lease();
    std::vector<Kiosk> out;
    SQLite::Statement st(*reader, "SELECT id, department, revoked, number FROM kiosks ORDER BY id");
    while (st.executeStep())
        out.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getInt() != 0, st.getColumn(3).getInt64()});
    return out;
}

void SqliteStore::record_heartbeat(const Heartbeat& h) {
    const std::lock_guard lock(mutex_);
    SQLite::Statement st(*db_, R"sql(
        INSERT INTO kiosk_heartbeats(kiosk_id, received_at_us, kiosk_clock_us, app_version, queue_depth, last_error)
        VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(kiosk_id) DO UPDATE SET received_at_us = excluded.received_at_us,
            kiosk_clock_us = excluded.kiosk_clock_us, app_version = excluded.app_version,
            queue_depth = excluded.queue_depth, last_error = excluded.last_error)sql");
    st.bind(1, h.kiosk_id);
    st.bind(2, static_cast<std::int64_t>(h.received_at.time_since_epoch().count()));
    if (h.kiosk_clock) {
        st.bind(3, static_cast<std::int64_t>(h.kiosk_clock->time_since_epoch().count()));
    } else {
        st.bind(3);
    }
    st.bind(4, h.app_version);
    st.bind(5, h.queue_depth);
    st.bind(6, h.last_error);
    st.exec();
}

std::vector<Heartbeat> SqliteStore::heartbeats() {
    const auto reader = readers_->lease();
    std::vector<Heartbeat> out;
    SQLite::Statement st(*reader, "SELECT kiosk_id, received_at_us, kiosk_clock_us, app_version, queue_depth, last_error "
                               "FROM kiosk_heartbeats ORDER BY kiosk_id");
    while (st.executeStep()) {
        Heartbeat h;
        h.kiosk_id = st.getColumn(0).getString();
        h.received_at = Instant{microseconds{st.getColumn(1).getInt64()}};
        if (!st.getColumn(2).isNull()) h.kiosk_clock = Instant{microseconds{st.getColumn(2).getInt64()}};
        h.app_version = st.getColumn(3).getString();
        h.queue_depth = st.getColumn(4).getInt64();
        h.last_error = st.getColumn(5).getString();
        out.push_back(std::move(h));
    }
    return out;
}

void SqliteStore::add_user(const User& user, const std::string& token_hash,
                           const std::optional<std::string>& password_hash) {
    const std::lock_guard lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (exists(*db_, "SELECT 1 FROM users WHERE name = ?", user.name))
        throw StoreError(Message("server.store.user_exists", {{"user", user.name}}));
    SQLite::Statement st(*db_, "INSERT INTO users(name, role, token_hash, password_hash, revoked, all_departments) VALUES (?, ?, ?, ?, ?, ?)");
    st.bind(1, user.name);
    st.bind(2, std::string(to_string(user.role)));
    st.bind(3, token_hash);
    bind_optional(st, 4, password_hash);
    st.bind(5, user.revoked ? 1 : 0);
    st.bind(6, user.all_departments ? 1 : 0);
    st.exec();
    for (const std::string& d : user.departments) {
        if (!exists(*db_, "SELECT 1 FROM departments WHERE code = ?", d))
            throw StoreError(Message("server.store.department_unknown", {{"department", d}}));
        run(*db_, "INSERT INTO user_departments(user_name, department) VALUES (?, ?)", user.name, d);
    }
    tx.commit();
}

namespace {
User read_user(SQLite::Database& db, SQLite::Statement& row) {
    User u;
    u.name = row.getColumn(0).getString();
    u.role = parse_role(row.getColumn(1).getString()).value_or(Role::analyst);
    u.revoked = row.getColumn(2).getInt() != 0;
    u.all_departments = row.getColumn(3).getInt() != 0;
    SQLite::Statement deps(db, u.all_departments ? "SELECT code FROM departments ORDER BY code"
                                                 : "SELECT department FROM user_departments WHERE user_name = ? ORDER BY department");
    if (!u.all_departments) deps.bind(1, u.name);
    while (deps.executeStep()) u.departments.push_back(deps.getColumn(0).getString());
    return u;
}
}  // namespace

std::optional<User> SqliteStore::user_by_token_hash(const std::string& token_hash) {
    const auto reader = readers_->lease();
    SQLite::Statement st(*reader, "SELECT name, role, revoked, all_departments FROM users WHERE token_hash = ?");
    st.bind(1, token_hash);
    if (!st.executeStep()) return std::nullopt;
    return read_user(*reader, st);
}

std::vector<User> SqliteStore::users() {
    const auto reader = readers_->lease();
    std::vector<User> out;
    SQLite::Statement st(*reader, "SELECT name, role, revoked, all_departments FROM users ORDER BY name");
    while (st.executeStep()) out.push_back(read_user(*reader, st));
    return out;
}

std::optional<std::pair<User, std::string>> SqliteStore::user_for_login(const std::string& name) {
    const auto reader = readers_->lease();
    SQLite::Statement st(*reader, "SELECT name, role, revoked, all_departments, password_hash FROM users "
                                   "WHERE name = ? AND revoked = 0 AND password_hash IS NOT NULL");
    st.bind(1, name);
    if (!st.executeStep()) return std::nullopt;
    std::string hash = st.getColumn(4).getString();
    return std::make_pair(read_user(*reader, st), std::move(hash));
}

void SqliteStore::revoke_user(const std::string& name) {
    const std::lock_guard lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (run(*db_, "UPDATE users SET revoked = 1 WHERE name = ?", name) == 0)
        throw StoreError(Message("server.store.user_unknown", {{"user", name}}));
    run(*db_, "DELETE FROM sessions WHERE user_name = ?", name);
    tx.commit();
}

void SqliteStore::set_user_password(const std::string& name, const std::string& password_hash) {
    const std::lock_guard lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (run(*db_, "UPDATE users SET password_hash = ? WHERE name = ?", password_hash, name) == 0)
        throw StoreError(Message("server.store.user_unknown", {{"user", name}}));
    run(*db_, "DELETE FROM sessions WHERE user_name = ?", name);
    tx.commit();
}

std::size_t SqliteStore::end_user_sessions(const std::string& name) {
    const std::lock_guard lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (!exists(*db_, "SELECT 1 FROM users WHERE name = ?", name)) throw StoreError(Message("server.store.user_unknown", {{"user", name}}));
    const auto ended = static_cast<std::size_t>(run(*db_, "DELETE FROM sessions WHERE user_name = ?", name));
    tx.commit();
    return ended;
}

void SqliteStore::create_session(const std::string& token_hash, const std::string& user_name, Instant expires_at) {
    const std::lock_guard lock(mutex_);
    run(*db_, "INSERT INTO sessions(token_hash, user_name, expires_at_us) VALUES (?, ?, ?)", token_hash, user_name,
        static_cast<std::int64_t>(expires_at.time_since_epoch().count()));
}

std::optional<User> SqliteStore::session_user(const std::string& token_hash, Instant now) {
    const auto reader = readers_->lease();
    SQLite::Statement st(*reader, "SELECT u.name, u.role, u.revoked, u.all_departments FROM sessions s JOIN users u ON u.name = s.user_name "
                                   "WHERE s.token_hash = ? AND s.expires_at_us > ? AND u.revoked = 0");
    st.bind(1, token_hash);
    st.bind(2, static_cast<std::int64_t>(now.time_since_epoch().count()));
    if (!st.executeStep()) return std::nullopt;
    return read_user(*reader, st);
}

void SqliteStore::delete_session(const std::string& token_hash, Instant now) {
    const std::lock_guard lock(mutex_);
    run(*db_, "DELETE FROM sessions WHERE token_hash = ? OR expires_at_us <= ?", token_hash,
        static_cast<std::int64_t>(now.time_since_epoch().count()));
}

namespace {

// The ingest rules' look-ups, through the writer's statements inside the ingest transaction; rows
// inserted earlier in it are seen, as rules::Lookups requires.
class SqliteRuleLookups final : public rules::Lookups {
public:
    explicit SqliteRuleLookups(StatementCache& cache)
        : find_id_(cache.use("SELECT kiosk_id FROM submissions WHERE id = ?")),
          find_department_(cache.use("SELECT 1 FROM departments WHERE code = ?")),
          find_kiosk_(cache.use("SELECT department FROM kiosks WHERE id = ?")),
          find_tracking_(cache.use("SELECT 1 FROM submissions WHERE tracking_code = ?")) {}

    std::optional<std::string> kiosk_of_stored_id(const Uuid& id) override {
        find_id_->reset();
        find_id_->bind(1, id.bytes().data(), static_cast<int>(id.bytes().size()));
        if (!find_id_->executeStep()) return std::nullopt;
        return find_id_->getColumn(0).getString();
    }
    bool department_exists(const std::string& code) override { return found(find_department_, code); }
    std::string kiosk_department(const std::string& kiosk_id) override {
        auto it = kiosk_departments_.find(kiosk_id);
        if (it == kiosk_departments_.end()) {
            const bool known = found(find_kiosk_, kiosk_id);
            it = kiosk_departments_.emplace(kiosk_id, known ? find_kiosk_->getColumn(0).getString() : std::string()).first;
        }
        return it->second;
    }
    bool tracking_code_taken(const std::string& code) override { return found(find_tracking_, code); }

private:
    static bool found(const StatementCache::Use& st, const std::string& key) {
        st->reset();
        st->bind(1, key);
        return st->executeStep();
    }

    // Held for the transaction, and given back (reset) when the look-ups go, before the commit.
    StatementCache::Use find_id_, find_department_, find_kiosk_, find_tracking_;
    std::map<std::string, std::string> kiosk_departments_;  // asked once per kiosk and transaction
};

}  // namespace

IngestBatchOutcome SqliteStore::ingest_batch(const IngestBatch& batch) {
    const std::vector<IngestItem>& items = batch.items;
    const std::lock_guard lock(mutex_);
    IngestBatchOutcome result;
    std::vector<IngestOutcome>& outcomes = result.items;
    outcomes.reserve(items.size());
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    {
        // Every statement below must be finalised before the commit: one left mid-step keeps
        // this connection inside a read transaction past the commit, and SQLite's automatic
        // checkpoint then fails (SQLITE_LOCKED) after every ingest, so the WAL grows without
        // bound (measured: 26 GB after 5 million submissions).
        StatementCache& cache = *writer_statements_;
        // The duty events first: the submissions below are credited by the roster they complete.
        SqliteRosterQueries roster(cache);
        RollupDeltas roster_moves;
        std::map<std::string, std::pair<std::int64_t, std::int64_t>> changed;  // kiosk -> first, last new event
        for (const DutyItem& d : batch.duty) {
            if (const auto stored_by = roster.kiosk_of_event(d.event.id)) {
                result.duty.push_back(*stored_by == d.kiosk_id ? IngestOutcome{IngestOutcome::Status::duplicate, std::nullopt}
                                                               : IngestOutcome{IngestOutcome::Status::rejected, rules::id_conflict(d.event.id)});
                continue;
            }
            roster.insert(d.kiosk_id, d.event, d.received_at, std::nullopt);
            result.duty.push_back({IngestOutcome::Status::accepted, std::nullopt});
            const std::int64_t t = d.event.at.instant.time_since_epoch().count();
            const auto [span, fresh] = changed.try_emplace(d.kiosk_id, t, t);
            span->second = {std::min(span->second.first, t), std::max(span->second.second, t)};
        }
        for (const auto& [kiosk, span] : changed) detail::reattribute(roster, kiosk, span.first, span.second, roster_moves);
        if (options_.rollups) apply_rollups(cache, roster_moves);
        const std::vector<detail::Credit> credits = detail::credit_new(roster, items);

        const auto insert = cache.use(R"sql(
            INSERT INTO submissions(id, kiosk_id, created_at_us, created_offset_min, local_day, received_at_us,
                department, officer, service, dossier, lang, scale, value,
                tt01_time, tt01_contacts, tt01_agencies, tt01_attitude, reasons, comment, contact, tracking_code, flags,
                harassment, stage, officer_sent, officer_source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
        const OpeningHoursSchedule hours(opening_hours_in(cache));
        std::vector<detail::NewRow> new_rows;
        SqliteRuleLookups lookups(cache);

        for (std::size_t n = 0; n < items.size(); ++n) {
            const IngestItem& item = items[n];
            if (auto refused = rules::decide(item, lookups)) {
                outcomes.push_back(std::move(*refused));
                continue;
            }
            // Stored with the officer it is credited to; the one the kiosk wrote kept beside it.
            Submission s = item.submission;
            s.officer = credits[n].officer;

            insert->reset();
            insert->clearBindings();
            int i = 1;
            insert->bind(i++, s.id.bytes().data(), static_cast<int>(s.id.bytes().size()));
            insert->bind(i++, item.kiosk_id);
            insert->bind(i++, static_cast<std::int64_t>(s.created_at.instant.time_since_epoch().count()));
            insert->bind(i++, static_cast<int>(s.created_at.offset.count()));
            insert->bind(i++, sys_days{vietnam_date(s.created_at.instant)}.time_since_epoch().count());
            insert->bind(i++, static_cast<std::int64_t>(item.received_at.time_since_epoch().count()));
            insert->bind(i++, s.department);
            bind_optional(*insert, i++, s.officer);
            bind_optional(*insert, i++, s.service);
            bind_optional(*insert, i++, s.dossier);
            bind_optional(*insert, i++, s.lang);
            insert->bind(i++, s.rating.scale);
            insert->bind(i++, s.rating.value);
            bind_optional(*insert, i++, s.tt01.time);
            bind_optional(*insert, i++, s.tt01.contacts);
            bind_optional(*insert, i++, s.tt01.agencies);
            bind_optional(*insert, i++, s.tt01.attitude);
            insert->bind(i++, nlohmann::json(s.reasons).dump());
            bind_optional(*insert, i++, s.comment);
            bind_optional(*insert, i++, s.contact);
            bind_optional(*insert, i++, s.tracking_code);
            const Flags flags = detail::initial_flags(s, hours);
            insert->bind(i++, static_cast<std::int64_t>(flags));
            bind_optional(*insert, i++, s.harassment ? std::optional<int>(*s.harassment ? 1 : 0) : std::nullopt);
            bind_optional(*insert, i++, s.stage ? std::optional<std::string>(to_string(*s.stage)) : std::nullopt);
            bind_optional(*insert, i++, item.submission.officer);
            insert->bind(i++, std::string(detail::to_string(credits[n].source)));
            insert->exec();
            new_rows.push_back(detail::NewRow::of(db_->getLastInsertRowid(), s, flags, item.kiosk_id));
            outcomes.push_back({IngestOutcome::Status::accepted, std::nullopt});
        }
        if (!new_rows.empty() && options_.rollups) {
            SqliteFlagQueries queries(cache);
            apply_rollups(cache, detail::settle_flags(queries, new_rows));
            SqliteLinkQueries links(cache);
            apply_dossier_rollups(cache, detail::link_new_ratings(links, new_rows));
        }
    }
    tx.commit();
    return result;
}

std::optional<Submission> SqliteStore::find_submission(const Uuid& id) {
    const auto reader = readers_->lease();
    SQLite::Statement st(*reader, std::string("SELECT ") + submission_columns + " FROM submissions WHERE id = ?");
    st.bind(1, id.bytes().data(), static_cast<int>(id.bytes().size()));
    if (!st.executeStep()) return std::nullopt;
    return rows::submission_of(SqliteRow{st});
}

namespace {

const std::string complaint_select =
    "SELECT s.id, s.created_at_us, s.created_offset_min, s.department, s.officer, s.service, s.dossier, s.lang, "
    "s.scale, s.value, s.tt01_time, s.tt01_contacts, s.tt01_agencies, s.tt01_attitude, s.reasons, s.comment, "
    "s.contact, s.tracking_code, s.harassment, s.stage, " + std::string(rows::complaint_case_columns) +
    " FROM submissions AS s LEFT JOIN complaint_cases AS c ON c.tracking_code = s.tracking_code ";


}  // namespace

namespace {

// The cases `q` selects: the WHERE clause after complaint_select, and its parameters bound in order.
std::string complaint_where(const ComplaintQuery& q) {
    std::string sql = "WHERE s.tracking_code IS NOT NULL";
    if (!q.departments.empty()) {
        sql += " AND s.department IN (";
        for (std::size_t i = 0; i < q.departments.size(); ++i) sql += i ? ", ?" : "?";
        sql += ")";
    }
    if (q.status) sql += " AND COALESCE(c.status, 'new') = ?";
    if (q.open_only) sql += " AND COALESCE(c.status, 'new') IN ('new', 'assigned', 'in_progress')";
    if (q.harassment_only) sql += " AND s.harassment = 1";
    if (q.since) sql += " AND s.created_at_us >= ?";
    return sql;
}
int bind_complaint_where(SQLite::Statement& st, const ComplaintQuery& q) {
    int i = 1;
    for (const std::string& d : q.departments) st.bind(i++, d);
    if (q.status) st.bind(i++, std::string(to_string(*q.status)));
    if (q.since) st.bind(i++, static_cast<std::int64_t>(q.since->time_since_epoch().count()));
    return i;
}

}  // namespace

std::vector<ComplaintCase> SqliteStore::complaints(const ComplaintQuery& q) {
    const auto reader = readers_->lease();
    SQLite::Statement st(*reader, complaint_select + complaint_where(q) +
                                     (q.oldest_first ? " ORDER BY s.created_at_us, s.seq" : " ORDER BY s.created_at_us DESC, s.seq DESC") + " LIMIT ? OFFSET ?");
    int i = bind_complaint_where(st, q);
    st.bind(i++, static_cast<std::int64_t>(q.limit));
    st.bind(i, static_cast<std::int64_t>(q.offset));
    std::vector<ComplaintCase> out;
    while (st.executeStep()) out.push_back(rows::complaint_of(SqliteRow{st}));
    return out;
}

std::int64_t SqliteStore::count_complaints(const ComplaintQuery& q) {
    const auto reader = readers_->lease();
    SQLite::Statement st(*reader, "SELECT count(*) FROM submissions AS s LEFT JOIN complaint_cases AS c ON c.tracking_code = s.tracking_code " +
                                      complaint_where(q));
    bind_complaint_where(st, q);
    st.executeStep();
    return st.getColumn(0).getInt64();
}

std::optional<ComplaintCase> SqliteStore::complaint(const std::string& tracking_code) {
    const auto reader = readers_->lease();
    SQLite::Statement st(*reader, std::string(complaint_select) + "WHERE s.tracking_code = ?");
    st.bind(1, tracking_code);
    if (!st.executeStep()) return std::nullopt;
    return rows::complaint_of(SqliteRow{st});
}

std::vector<CaseEvent> SqliteStore::complaint_events(const std::string& tracking_code) {
    const auto reader = readers_->lease();
    SQLite::Statement st(*reader, "SELECT id, at_us, actor, action, detail FROM complaint_events WHERE tracking_code = ? ORDER BY id");
    st.bind(1, tracking_code);
    std::vector<CaseEvent> out;
    while (st.executeStep()) {
        out.push_back(CaseEvent{st.getColumn(0).getInt64(), tracking_code, Instant{microseconds{st.getColumn(1).getInt64()}},
                                st.getColumn(2).getString(), st.getColumn(3).getString(), st.getColumn(4).getString()});
    }
    return out;
}

bool SqliteStore::update_complaint(const std::string& tracking_code, std::int64_t expected_version, const CaseState& next,
                                   const CaseEvent& event) {
    const std::lock_guard lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    {
        SQLite::Statement known(*db_, "SELECT 1 FROM submissions WHERE tracking_code = ?");
        known.bind(1, tracking_code);
        if (!known.executeStep()) throw StoreError(Message("server.complaint.unknown", {{"code", tracking_code}}));
    }
    const std::int64_t at = event.at.time_since_epoch().count();
    const std::string status(to_string(next.status));
    int changed = 0;
    if (expected_version == 0) {
        SQLite::Statement insert(*db_, R"sql(
            INSERT INTO complaint_cases(tracking_code, status, assignee, reply, version, updated_at_us)
            VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT(tracking_code) DO NOTHING)sql");
        insert.bind(1, tracking_code);
        insert.bind(2, status);
        bind_optional(insert, 3, next.assignee);
        bind_optional(insert, 4, next.reply);
        insert.bind(5, at);
        changed = insert.exec();
    } else {
        SQLite::Statement update(*db_, R"sql(
            UPDATE complaint_cases SET status = ?, assignee = ?, reply = ?, version = version + 1, updated_at_us = ?
            WHERE tracking_code = ? AND version = ?)sql");
        update.bind(1, status);
        bind_optional(update, 2, next.assignee);
        bind_optional(update, 3, next.reply);
        update.bind(4, at);
        update.bind(5, tracking_code);
        update.bind(6, expected_version);
        changed = update.exec();
    }
    if (changed == 0) return false;  // the transaction rolls back: nothing was written
    run(*db_, "INSERT INTO complaint_events(tracking_code, at_us, actor, action, detail) VALUES (?, ?, ?, ?, ?)", tracking_code, at,
        event.actor, event.action, event.detail);
    tx.commit();
    return true;
}

std::optional<Flags> SqliteStore::submission_flags(const Uuid& id) {
    const auto reader = readers_->lease();
    SQLite::Statement st(*reader, "SELECT flags FROM submissions WHERE id = ?");
    st.bind(1, id.bytes().data(), static_cast<int>(id.bytes().size()));
    if (!st.executeStep()) return std::nullopt;
    return static_cast<Flags>(st.getColumn(0).getInt64());
}

std::optional<std::string> SqliteStore::setting(const std::string& key) {
    const auto reader = readers_->lease();
    return setting_in(reader, key);
}

void SqliteStore::set_setting(const std::string& key, const std::string& value) {
    const std::lock_guard lock(mutex_);
    run(*db_, "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value);
}

void SqliteStore::add_opening_hours(const OpeningHoursVersion& v) {
    const std::lock_guard lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (!v.department.empty() && !exists(*db_, "SELECT 1 FROM departments WHERE code = ?", v.department))
        throw StoreError(Message("server.store.department_unknown", {{"department", v.department}}));
    run(*db_, "INSERT INTO opening_hours_versions(department, valid_from, hours, set_at_us, set_by) VALUES (NULLIF(?, ''), ?, ?, ?, ?)",
        v.department, day_number(v.valid_from), v.hours.to_string(), static_cast<std::int64_t>(v.set_at.time_since_epoch().count()), v.set_by);
    tx.commit();
}

namespace {

// The settings change's SQL on the writer connection (settings_change.hpp).
class SqliteSettingsQueries final : public detail::SettingsQueries {
public:
    explicit SqliteSettingsQueries(SQLite::Database& db) : db_(db) {}
    std::optional<std::string> setting(const std::string& key) override {
        SQLite::Statement st(db_, "SELECT value FROM settings WHERE key = ?");
        st.bind(1, key);
        if (!st.executeStep()) return std::nullopt;
        return st.getColumn(0).getString();
    }
    void put_setting(const std::string& key, const std::string& value) override {
        run(db_, "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value);
    }
    bool department_exists(const std::string& code) override { return exists(db_, "SELECT 1 FROM departments WHERE code = ?", code); }
    std::optional<int> unit_target(const std::string& department) override {
        SQLite::Statement st(db_, "SELECT target_tenths FROM unit_targets WHERE department = ?");
        st.bind(1, department);
        if (!st.executeStep()) return std::nullopt;
        return st.getColumn(0).getInt();
    }
    void put_unit_target(const std::string& department, std::optional<int> tenths) override {
        if (tenths) {
            run(db_, "INSERT INTO unit_targets(department, target_tenths) VALUES (?, ?) "
                     "ON CONFLICT(department) DO UPDATE SET target_tenths = excluded.target_tenths", department, *tenths);
        } else {
            run(db_, "DELETE FROM unit_targets WHERE department = ?", department);
        }
    }
    std::optional<std::string> newest_site_hours() override {
        SQLite::Statement st(db_, "SELECT hours FROM opening_hours_versions WHERE department IS NULL ORDER BY id DESC LIMIT 1");
        if (!st.executeStep()) return std::nullopt;
        return st.getColumn(0).getString();
    }
    void add_opening_hours(const OpeningHoursVersion& v) override {
        run(db_, "INSERT INTO opening_hours_versions(department, valid_from, hours, set_at_us, set_by) VALUES (NULLIF(?, ''), ?, ?, ?, ?)",
            v.department, day_number(v.valid_from), v.hours.to_string(), static_cast<std::int64_t>(v.set_at.time_since_epoch().count()), v.set_by);
    }
    std::int64_t append_log(const SettingsLogEntry& e) override {
        SQLite::Statement st(db_, "INSERT INTO settings_changes(at_us, actor, field, old_value, new_value) VALUES (?, ?, ?, ?, ?)");
        st.bind(1, static_cast<std::int64_t>(e.at.time_since_epoch().count()));
        st.bind(2, e.actor);
        st.bind(3, e.field);
        bind_optional(st, 4, e.old_value);
        bind_optional(st, 5, e.new_value);
        st.exec();
        return db_.getLastInsertRowid();
    }

private:
    SQLite::Database& db_;
};

std::optional<std::string> optional_text(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return c.getString();
}

}  // namespace

std::map<std::string, int> SqliteStore::unit_targets() {
    const auto reader = readers_->lease();
    const auto st = reader.use("SELECT department, target_tenths FROM unit_targets ORDER BY department");
    std::map<std::string, int> out;
    while (st->executeStep()) out.emplace(st->getColumn(0).getString(), st->getColumn(1).getInt());
    return out;
}

std::vector<SettingsLogEntry> SqliteStore::change_settings(const SettingsChange& change) {
    const std::lock_guard lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SqliteSettingsQueries queries(*db_);
    auto logged = detail::change_settings(queries, change);
    tx.commit();
    return logged;
}

std::vector<SettingsLogEntry> SqliteStore::settings_log(std::size_t limit) {
    const auto reader = readers_->lease();
    const auto st = reader.use("SELECT id, at_us, actor, field, old_value, new_value FROM settings_changes ORDER BY id DESC LIMIT ?");
    st->bind(1, static_cast<std::int64_t>(std::min<std::size_t>(limit, std::numeric_limits<std::int32_t>::max())));
    std::vector<SettingsLogEntry> out;
    while (st->executeStep()) {
        out.push_back({st->getColumn(0).getInt64(), Instant{std::chrono::microseconds{st->getColumn(1).getInt64()}},
                       st->getColumn(2).getString(), st->getColumn(3).getString(), optional_text(st->getColumn(4)),
                       optional_text(st->getColumn(5))});
    }
    return out;
}

std::vector<OpeningHoursVersion> SqliteStore::opening_hours_versions() {
    const auto reader = readers_->lease();
    return opening_hours_in(reader);
}

ReflagCounts SqliteStore::reflag(const ReflagRequest& request) {
    const std::lock_guard lock(mutex_);
    ReflagCounts counts;
    // The one writer: no ingest runs until this commits.
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    {
        StatementCache& cache = *writer_statements_;
        std::vector<std::string> departments;
        {
            const auto st = cache.use("SELECT code FROM departments ORDER BY code");
            while (st->executeStep()) departments.push_back(st->getColumn(0).getString());
        }
        SqliteFlagQueries queries(cache);
        RollupDeltas deltas;
        counts = detail::reflag(queries, OpeningHoursSchedule(opening_hours_in(cache)), departments, request, deltas);
        apply_rollups(cache, deltas);
        SQLite::Statement log(*db_, R"sql(
            INSERT INTO reflag_runs(at_us, actor, from_day, to_day, department, examined, became_flagged, became_unflagged, reasons_changed)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
        log.bind(1, static_cast<std::int64_t>(request.at.time_since_epoch().count()));
        log.bind(2, request.actor);
        log.bind(3, day_number(request.from));
        log.bind(4, day_number(request.to));
        bind_optional(log, 5, request.department);
        log.bind(6, counts.examined);
        log.bind(7, counts.became_flagged);
        log.bind(8, counts.became_unflagged);
        log.bind(9, counts.reasons_changed);
        log.exec();
    }
    tx.commit();
    return counts;
}

std::vector<ReflagRun> SqliteStore::reflag_runs() {
    const auto reader = readers_->lease();
    SQLite::Statement st(*reader, std::string("SELECT ") + rows::reflag_run_columns + " FROM reflag_runs ORDER BY id");
    std::vector<ReflagRun> out;
    while (st.executeStep()) out.push_back(rows::reflag_run_of(SqliteRow{st}));
    return out;
}

std::vector<RollupRow> SqliteStore::rollups(const RollupQuery& q) {
    // The rows are summed here, not by a GROUP BY: SQLite groups through a temporary B-tree,
    // which took 100 ms for a year of officer months (30,000 rows of 20 sums, 10 million
    // submissions) where reading the rows in index order takes 6 ms.
    // Read through SQLite's C API: SQLiteCpp builds a Column (a shared pointer copy) per value,
    // which was a third of the cost of 720,000 values.
    const auto analytics = analytics_->lease();
    sqlite3* const db = analytics->getHandle();
    const std::string sql = rollup_rows_sql(q, false);
    sqlite3_stmt* prepared = nullptr;
    if (const int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &prepared, nullptr); rc != SQLITE_OK) throw SQLite::Exception(db, rc);
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> st(prepared, &sqlite3_finalize);
    int i = 1;
    sqlite3_bind_int(prepared, i++, static_cast<int>(q.dim));
    sqlite3_bind_int(prepared, i++, static_cast<int>(q.run.level));
    sqlite3_bind_int(prepared, i++, q.run.first);
    sqlite3_bind_int(prepared, i++, q.run.last);
    // nullptr as the destructor: SQLite need not copy the text, which outlives the statement.
    if (q.department) sqlite3_bind_text(prepared, i++, q.department->c_str(), -1, nullptr);
    if (q.key) sqlite3_bind_text(prepared, i++, q.key->c_str(), -1, nullptr);
    auto text = [&](int column) {
        return std::string(reinterpret_cast<const char*>(sqlite3_column_text(prepared, column)),
                           static_cast<std::size_t>(sqlite3_column_bytes(prepared, column)));
    };
    // Keyed as rollup_select_sql orders its rows: period (0 unless by_period), department, key, flagged.
    std::map<std::tuple<int, std::string, std::string, bool>, indices::Tally> sums;
    std::array<std::int64_t, tally_column_count> values{};
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(prepared)) == SQLITE_ROW) {
        for (std::size_t c = 0; c < values.size(); ++c) values[c] = sqlite3_column_int64(prepared, static_cast<int>(4 + c));
        sums[{q.by_period ? sqlite3_column_int(prepared, 0) : 0, text(1), text(2), sqlite3_column_int(prepared, 3) != 0}] +=
            tally_from_values(values);
    }
    if (rc != SQLITE_DONE) throw SQLite::Exception(db, rc);
    std::vector<RollupRow> out;
    for (auto& [key, tally] : sums) {
        if (tally.empty()) continue;
        auto& [period, department, group_key, flagged] = key;
        out.push_back({period, department, group_key, flagged, tally});
    }
    return out;
}

namespace {

// The import path, for a file's records and for those folded from dossier events alike: each
// record replaces the stored one of its code (taken out of the dossier rollups with its old
// link), gets its link from the stored ratings naming it, and is counted in the rollups. Inside
// the caller's transaction. StoreError for a record of an unknown department.
DossierImportCounts write_dossier_records(SQLite::Database& db, StatementCache& cache, const std::vector<DossierRecord>& records) {
    DossierImportCounts counts;
    DossierDeltas deltas;
    std::set<std::string> known;
    {
        SQLite::Statement st(db, "SELECT code FROM departments");
        while (st.executeStep()) known.insert(st.getColumn(0).getString());
    }
    SqliteLinkQueries stored(cache);
    const auto upsert = cache.use(R"sql(
        INSERT INTO dossier_records(dossier, department, officer, service, completed_day, outcome,
                                    agency_time, disclosure, fees, feedback, online, linked, complained, compared, agreeing)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(dossier) DO UPDATE SET department = excluded.department, officer = excluded.officer,
            service = excluded.service, completed_day = excluded.completed_day, outcome = excluded.outcome,
            agency_time = excluded.agency_time, disclosure = excluded.disclosure, fees = excluded.fees,
            feedback = excluded.feedback, online = excluded.online, linked = excluded.linked,
            complained = excluded.complained, compared = excluded.compared, agreeing = excluded.agreeing)sql");
    for (const DossierRecord& r : records) {
        if (!known.count(r.department)) throw StoreError(Message("server.store.department_unknown", {{"department", r.department}}));
        const auto old = stored.records({r.dossier});
        if (!old.empty()) {
            const detail::LinkedRecord& o = old.begin()->second;
            deltas.add(o.record, o.link, -1);
            ++counts.replaced;
        } else {
            ++counts.added;
        }
        // Worked out again, not kept: compared and agreeing depend on the record's outcome.
        const DossierLink link = stored_link(cache, r.dossier, r.outcome);
        upsert->reset();
        upsert->clearBindings();
        upsert->bind(1, r.dossier);
        upsert->bind(2, r.department);
        bind_optional(*upsert, 3, r.officer);
        bind_optional(*upsert, 4, r.service);
        upsert->bind(5, day_number(r.completed_on));
        if (r.outcome) upsert->bind(6, static_cast<int>(*r.outcome));
        for (std::size_t i = 0; i < r.unit.size(); ++i) bind_optional(*upsert, static_cast<int>(7 + i), r.unit[i]);
        int i = 12;
        for (const bool b : {link.linked, link.complained, link.compared, link.agreeing}) upsert->bind(i++, b ? 1 : 0);
        upsert->exec();
        deltas.add(r, link, +1);
    }
    apply_dossier_rollups(cache, deltas);
    return counts;
}

}  // namespace

DossierImportCounts SqliteStore::import_dossiers(const std::vector<DossierRecord>& records) {
    const std::lock_guard lock(mutex_);
    DossierImportCounts counts;
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    counts = write_dossier_records(*db_, *writer_statements_, records);
    tx.commit();
    return counts;
}

std::vector<DossierRollupRow> SqliteStore::dossier_rollups(const RollupQuery& q) {
    const auto analytics = analytics_->lease();
    SQLite::Statement st(*analytics, dossier_select_sql(q, false));
    int i = 1;
    st.bind(i++, static_cast<int>(q.dim));
    st.bind(i++, static_cast<int>(q.run.level));
    st.bind(i++, q.run.first);
    st.bind(i++, q.run.last);
    if (q.department) st.bind(i++, *q.department);
    if (q.key) st.bind(i++, *q.key);
    std::vector<DossierRollupRow> out;
    while (st.executeStep()) {
        DossierRollupRow row;
        row.period = st.getColumn(0).getInt();
        row.department = st.getColumn(1).getString();
        row.key = st.getColumn(2).getString();
        std::array<std::int64_t, dossier_column_count> values{};
        for (std::size_t c = 0; c < values.size(); ++c) values[c] = st.getColumn(static_cast<int>(3 + c)).getInt64();
        row.tally = dossier_from_values(values);
        if (!row.tally.empty()) out.push_back(std::move(row));
    }
    return out;
}

std::int64_t SqliteStore::submission_count() {
    const auto reader = readers_->lease();
    return reader->execAndGet("SELECT count(*) FROM submissions").getInt64();
}

std::vector<StoredSubmission> SqliteStore::submissions(const SubmissionQuery& q) {
    std::string sql = std::string("SELECT ") + submission_columns + ", kiosk_id, received_at_us, flags FROM submissions WHERE 1";
    if (!q.departments.empty()) {
        sql += " AND department IN (";
        for (std::size_t i = 0; i < q.departments.size(); ++i) sql += i ? ", ?" : "?";
        sql += ")";
    }
    if (q.officer) sql += " AND officer = ?";
    if (q.service) sql += " AND service = ?";
    if (q.kiosk) sql += " AND kiosk_id = ?";
    if (q.from) sql += " AND created_at_us >= ?";
    if (q.to) sql += " AND created_at_us < ?";
    if (!q.include_flagged) sql += " AND flags = 0";
    if (q.asked_why) sql += " AND (value < scale - 1 OR harassment = 1 OR reasons <> '[]' OR comment IS NOT NULL)";
    if (q.with_comment) sql += " AND comment IS NOT NULL";
    sql += " ORDER BY created_at_us DESC, seq DESC LIMIT ? OFFSET ?";
    const auto reader = readers_->lease();
    SQLite::Statement st(*reader, sql);
    int i = 1;
    for (const std::string& d : q.departments) st.bind(i++, d);
    if (q.officer) st.bind(i++, *q.officer);
    if (q.service) st.bind(i++, *q.service);
    if (q.kiosk) st.bind(i++, *q.kiosk);
    if (q.from) st.bind(i++, static_cast<std::int64_t>(q.from->time_since_epoch().count()));
    if (q.to) st.bind(i++, static_cast<std::int64_t>(q.to->time_since_epoch().count()));
    st.bind(i++, static_cast<std::int64_t>(q.limit));
    st.bind(i, static_cast<std::int64_t>(q.offset));
    std::vector<StoredSubmission> out;
    while (st.executeStep()) {
        const int n = submission_column_count;
        out.push_back(StoredSubmission{st.getColumn(n).getString(), rows::submission_of(SqliteRow{st}),
                                       Instant{microseconds{st.getColumn(n + 1).getInt64()}},
                                       static_cast<Flags>(st.getColumn(n + 2).getInt())});
    }
    return out;
}

// --- the duty roster ---------------------------------------------------------------------------

std::vector<RosterEntry> SqliteStore::roster(const RosterQuery& q) {
    const auto reader = readers_->lease();
    SQLite::Statement st(*reader, std::string("SELECT ") + rows::roster_entry_columns +
                                      " FROM duty_events WHERE (?1 IS NULL OR kiosk_id = ?1) AND at_us >= ?2 AND at_us < ?3" +
                                      rows::roster_entry_order);
    bind_optional(st, 1, q.kiosk);
    st.bind(2, q.from ? static_cast<std::int64_t>(q.from->time_since_epoch().count()) : std::numeric_limits<std::int64_t>::min());
    st.bind(3, q.to ? static_cast<std::int64_t>(q.to->time_since_epoch().count()) : std::numeric_limits<std::int64_t>::max());
    std::vector<RosterEntry> out;
    while (st.executeStep()) out.push_back(rows::roster_entry_of(SqliteRow{st}));
    return out;
}

RosterCorrectionRun SqliteStore::correct_roster(const RosterCorrection& correction) {
    const std::lock_guard lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    RosterCorrectionRun run;
    {
        StatementCache& cache = *writer_statements_;
        SqliteRosterQueries roster(cache);
        RollupDeltas deltas;
        run = detail::correct_roster(roster, correction, deltas);
        if (options_.rollups) apply_rollups(cache, deltas);
    }
    tx.commit();
    return run;
}

std::vector<RosterCorrectionRun> SqliteStore::roster_corrections() {
    const auto reader = readers_->lease();
    SQLite::Statement st(*reader, std::string("SELECT ") + rows::roster_correction_columns +
                                      " FROM roster_corrections c LEFT JOIN duty_events e ON e.id = c.added_event ORDER BY c.id");
    std::vector<RosterCorrectionRun> out;
    while (st.executeStep()) out.push_back(rows::roster_correction_of(SqliteRow{st}));
    return out;
}

// --- officers' credentials -----------------------------------------------------------------------

void SqliteStore::set_officer_pin(const std::string& officer, const std::optional<std::string>& pin_hash) {
    const std::lock_guard lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (!exists(*db_, "SELECT 1 FROM officers WHERE code = ?", officer))
        throw StoreError(Message("server.store.officer_unknown", {{"officer", officer}}));
    SQLite::Statement st(*db_, "INSERT INTO officer_credentials(officer, pin_hash) VALUES (?, ?) "
                               "ON CONFLICT (officer) DO UPDATE SET pin_hash = excluded.pin_hash");
    st.bind(1, officer);
    bind_optional(st, 2, pin_hash);
    st.exec();
    tx.commit();
}

void SqliteStore::set_officer_card(const std::string& officer, const std::optional<std::string>& card_hash) {
    const std::lock_guard lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (!exists(*db_, "SELECT 1 FROM officers WHERE code = ?", officer))
        throw StoreError(Message("server.store.officer_unknown", {{"officer", officer}}));
    SQLite::Statement st(*db_, "INSERT INTO officer_credentials(officer, card_hash) VALUES (?, ?) "
                               "ON CONFLICT (officer) DO UPDATE SET card_hash = excluded.card_hash");
    st.bind(1, officer);
    bind_optional(st, 2, card_hash);
    st.exec();
    tx.commit();
}

std::vector<OfficerCredentials> SqliteStore::officer_credentials(const std::string& department) {
    const auto reader = readers_->lease();
    SQLite::Statement st(*reader, "SELECT c.officer, c.pin_hash, c.card_hash FROM officer_credentials c JOIN officers o ON o.code = c.officer "
                                  "WHERE (?1 = '' OR o.department = ?1) AND (c.pin_hash IS NOT NULL OR c.card_hash IS NOT NULL) "
                                  "ORDER BY c.officer");
    st.bind(1, department);
    std::vector<OfficerCredentials> out;
    while (st.executeStep()) out.push_back({st.getColumn(0).getString(), rows::optional_text(SqliteRow{st}, 1), rows::optional_text(SqliteRow{st}, 2)});
    return out;
}

namespace {

// The stored events of dossier codes, with `statements` (the writer's cache inside a
// transaction, or a reader's lease).
template <class Statements>
std::map<std::string, std::vector<DossierEvent>> events_in(Statements& statements, const std::set<std::string>& dossiers) {
    static const std::string sql =
        std::string("SELECT ") + rows::dossier_event_columns + " FROM dossier_events WHERE dossier = ?" + rows::dossier_event_order;
    const auto st = statements.use(sql);
    std::map<std::string, std::vector<DossierEvent>> out;
    for (const std::string& dossier : dossiers) {
        st->reset();
        st->bind(1, dossier);
        std::vector<DossierEvent> list;
        while (st->executeStep()) list.push_back(rows::dossier_event_of(SqliteRow{*st}));
        if (!list.empty()) out.emplace(dossier, std::move(list));
    }
    return out;
}

class SqliteEventQueries final : public detail::EventQueries {
public:
    explicit SqliteEventQueries(StatementCache& statements) : statements_(statements) {}
    std::map<std::string, std::vector<DossierEvent>> events(const std::set<std::string>& dossiers) override {
        return events_in(statements_, dossiers);
    }

private:
    StatementCache& statements_;
};

// The event rules' look-ups; an id inserted earlier in the transaction is seen.
class SqliteEventLookups final : public rules::EventLookups {
public:
    explicit SqliteEventLookups(StatementCache& cache)
        : find_id_(cache.use("SELECT source FROM dossier_events WHERE id = ?")), find_department_(cache.use("SELECT 1 FROM departments WHERE code = ?")) {}
    std::optional<std::string> source_of_stored_event(const Uuid& id) override {
        find_id_->reset();
        find_id_->bind(1, id.bytes().data(), static_cast<int>(id.bytes().size()));
        if (!find_id_->executeStep()) return std::nullopt;
        return find_id_->getColumn(0).getString();
    }
    bool department_exists(const std::string& code) override {
        find_department_->reset();
        find_department_->bind(1, code);
        return find_department_->executeStep();
    }

private:
    StatementCache::Use find_id_, find_department_;
};

}  // namespace

std::vector<IngestOutcome> SqliteStore::ingest_dossier_events(const std::vector<DossierEventItem>& items) {
    const std::lock_guard lock(mutex_);
    std::vector<IngestOutcome> outcomes;
    outcomes.reserve(items.size());
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    {
        StatementCache& cache = *writer_statements_;
        std::set<std::string> touched;
        {
            SqliteEventLookups lookups(cache);
            const auto insert = cache.use(R"sql(
                INSERT INTO dossier_events(id, source, dossier, event, at_us, at_offset_min, department, service, officers,
                                           promised_day, received_at_us)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
            for (const DossierEventItem& item : items) {
                if (auto refused = rules::decide_event(item, lookups)) {
                    outcomes.push_back(std::move(*refused));
                    continue;
                }
                const DossierEvent& e = item.event;
                insert->reset();
                insert->clearBindings();
                insert->bind(1, e.id.bytes().data(), static_cast<int>(e.id.bytes().size()));
                insert->bind(2, item.source);
                insert->bind(3, e.dossier);
                insert->bind(4, std::string(to_string(e.event)));
                insert->bind(5, static_cast<std::int64_t>(e.at.instant.time_since_epoch().count()));
                insert->bind(6, static_cast<int>(e.at.offset.count()));
                bind_optional(*insert, 7, e.department);
                bind_optional(*insert, 8, e.service);
                insert->bind(9, nlohmann::json(e.officers).dump());
                bind_optional(*insert, 10, e.promised_on ? std::optional<int>(day_number(*e.promised_on)) : std::nullopt);
                insert->bind(11, static_cast<std::int64_t>(item.received_at.time_since_epoch().count()));
                insert->exec();
                touched.insert(e.dossier);
                outcomes.push_back({IngestOutcome::Status::accepted, std::nullopt});
            }
        }
        if (!touched.empty()) {
            SqliteEventQueries events(cache);
            SqliteLinkQueries stored(cache);
            const auto records = detail::records_from_events(events, stored, touched);
            if (!records.empty()) write_dossier_records(*db_, cache, records);
        }
    }
    tx.commit();
    return outcomes;
}

std::vector<DossierEvent> SqliteStore::dossier_events(const std::string& dossier) {
    auto reader = readers_->lease();
    auto found = events_in(reader, {dossier});
    return found.empty() ? std::vector<DossierEvent>{} : std::move(found.begin()->second);
}

std::optional<DossierStatus> SqliteStore::dossier_status(const std::string& dossier) {
    auto reader = readers_->lease();
    // One read transaction, so that events, record and ratings are of one moment.
    SQLite::Transaction snapshot(*reader, SQLite::TransactionBehavior::DEFERRED);
    auto found = events_in(reader, {dossier});
    std::optional<DossierRecord> record;
    {
        static const std::string sql = std::string("SELECT ") + rows::dossier_record_columns + " FROM dossier_records WHERE dossier = ?";
        const auto st = reader.use(sql);
        st->bind(1, dossier);
        if (st->executeStep()) record = rows::linked_record_of(SqliteRow{*st}).record;
    }
    std::set<DossierStage> stages;
    {
        const auto st = reader.use("SELECT DISTINCT stage FROM submissions WHERE dossier = ? AND stage IS NOT NULL");
        st->bind(1, dossier);
        while (st->executeStep())
            if (const auto stage = parse_dossier_stage(st->getColumn(0).getString())) stages.insert(*stage);
    }
    return detail::status_of(found.empty() ? std::vector<DossierEvent>{} : found.begin()->second, record, stages);
}

std::vector<UnlinkedCount> SqliteStore::unlinked_ratings(const UnlinkedQuery& q) {
    auto reader = readers_->lease();
    SQLite::Statement st(*reader, detail::unlinked_sql(q, false));
    int i = 1;
    st.bind(i++, q.from_day);
    st.bind(i++, q.to_day);
    for (const std::string& d : q.departments) st.bind(i++, d);
    std::vector<UnlinkedCount> out;
    while (st.executeStep()) out.push_back({st.getColumn(0).getString(), st.getColumn(1).getInt64(), st.getColumn(2).getInt64()});
    return out;
}

}  // namespace hailong::server
