#include "hailong/server/store/postgres_store.hpp"

#include <algorithm>
#include <limits>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "hailong/tracking_code.hpp"
#include "duty_roster.hpp"
#include "dossier_events.hpp"
#include "ingest_flags.hpp"
#include "ingest_rules.hpp"
#include "row_reading.hpp"
#include "schema.hpp"
#include "settings_change.hpp"

namespace hailong::server {
namespace {

using namespace std::chrono;
using rows::facts_columns;
using rows::submission_column_count;


// Version 8: the kiosk numbers that the tracking codes already stored were issued under.
void backfill_kiosk_numbers(pqxx::work& tx) {
    for (const auto& row : tx.exec("SELECT DISTINCT kiosk_id, tracking_code FROM submissions WHERE tracking_code IS NOT NULL")) {
        const auto parts = tracking_code::parse(row[1].as<std::string>());
        if (!parts) continue;
        tx.exec_params("INSERT INTO kiosk_number_history(number, kiosk_id) VALUES ($1, $2) ON CONFLICT (number) DO NOTHING",
                       static_cast<long long>(parts->kiosk_number), row[0].as<std::string>());
    }
}


// A result row as row_reading.hpp reads it.
struct PgRow {
    const pqxx::row& row;
    [[nodiscard]] bool null(int i) const { return row[i].is_null(); }
    [[nodiscard]] std::string text(int i) const { return row[i].as<std::string>(); }
    [[nodiscard]] int integer(int i) const { return row[i].as<int>(); }
    [[nodiscard]] std::int64_t int64(int i) const { return row[i].as<std::int64_t>(); }
    [[nodiscard]] Uuid uuid(int i) const { return Uuid::parse(row[i].as<std::string>()).value_or(Uuid()); }
};

// A PostgreSQL array literal of values that hold no quote or backslash (UUIDs, codes:
// [A-Za-z0-9._/-]). Each element is quoted, or a code spelled NULL would read as a null.
std::string array_literal(const std::vector<std::string>& values) {
    std::string out = "{";
    for (const auto& v : values) out += (out.size() > 1 ? ",\"" : "\"") + v + "\"";
    return out + "}";
}

// One statement parameter as text (PostgreSQL converts it to the column's type), or NULL.
using Param = std::optional<std::string>;
Param param(std::int64_t v) { return std::to_string(v); }
Param param(const std::optional<int>& v) { return v ? Param(std::to_string(*v)) : std::nullopt; }
Param param(std::string v) { return Param(std::move(v)); }
Param param(const std::optional<std::string>& v) { return v; }
Param param(const std::optional<bool>& v) { return v ? Param(*v ? "1" : "0") : std::nullopt; }
Param param(const std::optional<DossierStage>& v) { return v ? Param(std::string(to_string(*v))) : std::nullopt; }

// Rows sent to PostgreSQL as one statement, `head` + " SELECT * FROM unnest($1::type[], ...)" +
// `tail`: one array parameter per column, so the statement has as many parameters as columns
// whatever the number of rows, and unnest yields the rows in the order they were added (the
// order in which PostgreSQL then takes their locks). One round trip for the batch instead of
// one per row: an ingest of 500 submissions was 500 INSERTs and about as many rollup upserts,
// each waiting for its answer.
class RowBatch {
public:
    RowBatch(std::string head, std::vector<std::string> types, std::string tail)
        : head_(std::move(head)), types_(std::move(types)), tail_(std::move(tail)), columns_(types_.size()) {}
    /// One row: a value per column, in the order of `types`.
    void add(const std::vector<Param>& row) {
        for (std::size_t c = 0; c < columns_.size(); ++c) append(columns_[c], row.at(c));
        ++rows_;
    }
    [[nodiscard]] std::size_t rows() const { return rows_; }
    pqxx::result run(pqxx::work& tx) const {
        std::string sql = head_ + " SELECT * FROM unnest(";
        std::vector<std::string> arrays;
        for (std::size_t c = 0; c < columns_.size(); ++c) {
            sql += (c ? ", $" : "$") + std::to_string(c + 1) + "::" + types_[c] + "[]";
            arrays.push_back("{" + columns_[c] + "}");
        }
        return tx.exec_params(sql + ")" + tail_, pqxx::prepare::make_dynamic_params(arrays));
    }

private:
    // Array literal syntax: every element double-quoted with " and \ escaped; NULL bare.
    void append(std::string& column, const Param& value) const {
        if (rows_) column += ',';
        if (!value) {
            column += "NULL";
            return;
        }
        column += '"';
        for (const char ch : *value) {
            if (ch == '"' || ch == '\\') column += '\\';
            column += ch;
        }
        column += '"';
    }

    std::string head_;
    std::vector<std::string> types_;
    std::string tail_;
    std::vector<std::string> columns_;  // each column's elements so far, comma-separated
    std::size_t rows_ = 0;
};

// Adds the rows of `deltas` (a RollupDeltas or DossierDeltas) to `table` (rollup_upsert_sql's
// INSERT, all rows in one statement): rows go in key order, as in every process, so that two
// servers updating the same rows cannot deadlock.
template <class Deltas, class Values>
void add_to_rollups(pqxx::work& tx, const std::string& table, bool with_flagged, std::span<const std::string_view> columns,
                    const Deltas& deltas, Values values_of) {
    if (deltas.empty()) return;
    std::string head = "INSERT INTO " + table + "(dim, level, period, department, key";
    std::vector<std::string> types = {"smallint", "smallint", "integer", "text", "text"};
    if (with_flagged) {
        head += ", flagged";
        types.emplace_back("smallint");
    }
    std::string updates;
    for (const std::string_view c : columns) {
        head += ", " + std::string(c);
        types.emplace_back("bigint");
        updates += (updates.empty() ? "" : ", ") + std::string(c) + " = " + table + "." + std::string(c) + " + excluded." + std::string(c);
    }
    RowBatch batch(head + ")", std::move(types),
                   std::string(" ON CONFLICT (dim, level, period, department, key") + (with_flagged ? ", flagged" : "") +
                       ") DO UPDATE SET " + updates);
    for (const auto& [key, tally] : deltas.rows()) {
        std::vector<Param> row = {param(static_cast<int>(key.dim)), param(static_cast<int>(key.level)), param(key.period),
                                  param(key.department), param(key.key)};
        if (with_flagged) row.push_back(param(key.flagged ? 1 : 0));
        for (const std::int64_t v : values_of(tally)) row.push_back(param(v));
        batch.add(row);
    }
    batch.run(tx);
}

void apply_rollups(pqxx::work& tx, const RollupDeltas& deltas) {
    add_to_rollups(tx, "rollups", true, tally_columns, deltas, [](const indices::Tally& t) { return tally_values(t); });
}

void apply_dossier_rollups(pqxx::work& tx, const DossierDeltas& deltas) {
    add_to_rollups(tx, "dossier_rollups", false, dossier_columns, deltas, [](const DossierTally& t) { return dossier_values(t); });
}

// The tallies of the stored ratings naming each of `dossiers` (codes no rating names left out).
std::map<std::string, std::vector<indices::Tally>> rating_tallies(pqxx::work& tx, const std::vector<std::string>& dossiers) {
    std::map<std::string, std::vector<indices::Tally>> out;
    if (dossiers.empty()) return out;
    for (const auto& row : tx.exec_params(std::string("SELECT ") + facts_columns + " FROM submissions WHERE dossier = ANY($1::text[])",
                                          array_literal(dossiers))) {
        const RollupFacts facts = rows::facts_of(PgRow{row});
        out[row[15].as<std::string>()].push_back(facts.tally);
    }
    return out;
}

void write_link(pqxx::work& tx, const std::string& dossier, const DossierLink& link) {
    tx.exec_params("UPDATE dossier_records SET linked = $1, complained = $2, compared = $3, agreeing = $4 WHERE dossier = $5",
                   link.linked ? 1 : 0, link.complained ? 1 : 0, link.compared ? 1 : 0, link.agreeing ? 1 : 0, dossier);
}

// As in SQLite: version 10 works out every record's link and counts the dossier rollups afresh.
void relink_dossiers(pqxx::work& tx) {
    std::vector<detail::LinkedRecord> records;
    std::vector<std::string> codes;
    for (const auto& row : tx.exec(std::string("SELECT ") + rows::dossier_record_columns + " FROM dossier_records")) {
        records.push_back(rows::linked_record_of(PgRow{row}));
        codes.push_back(records.back().record.dossier);
    }
    const auto ratings = rating_tallies(tx, codes);
    tx.exec("DELETE FROM dossier_rollups");
    DossierDeltas deltas;
    for (detail::LinkedRecord& r : records) {
        const auto it = ratings.find(r.record.dossier);
        if (it != ratings.end()) {
            r.link = detail::link_of_ratings(it->second, r.record.outcome);
            write_link(tx, r.record.dossier, r.link);
        }
        deltas.add(r.record, r.link);
    }
    apply_dossier_rollups(tx, deltas);
}

class PgLinkQueries final : public detail::LinkQueries {
public:
    explicit PgLinkQueries(pqxx::work& tx) : tx_(tx) {}
    std::map<std::string, detail::LinkedRecord> records(const std::set<std::string>& dossiers) override {
        std::map<std::string, detail::LinkedRecord> out;
        if (dossiers.empty()) return out;
        for (const auto& row : tx_.exec_params(std::string("SELECT ") + rows::dossier_record_columns +
                                                   " FROM dossier_records WHERE dossier = ANY($1::text[])",
                                               array_literal(std::vector<std::string>(dossiers.begin(), dossiers.end()))))
            out.emplace(row[0].as<std::string>(), rows::linked_record_of(PgRow{row}));
        return out;
    }
    void set_link(const std::string& dossier, const DossierLink& link) override { write_link(tx_, dossier, link); }

private:
    pqxx::work& tx_;
};

// As in SQLite: every stored submission counted in the rollups afresh after version 9.
void rebuild_rollups(pqxx::work& tx) {
    tx.exec("DELETE FROM rollups");
    RollupDeltas deltas;
    for (const auto& row : tx.exec(std::string("SELECT ") + facts_columns + " FROM submissions"))
        deltas.add(rows::facts_of(PgRow{row}), row[12].as<int>() != 0);
    apply_rollups(tx, deltas);
}

std::optional<std::string> setting_in(pqxx::transaction_base& tx, const std::string& key) {
    const auto r = tx.exec_params("SELECT value FROM settings WHERE key = $1", key);
    if (r.empty()) return std::nullopt;
    return r[0][0].as<std::string>();
}

// Every version of the opening hours, in the order set.
std::vector<OpeningHoursVersion> opening_hours_in(pqxx::transaction_base& tx) {
    std::vector<OpeningHoursVersion> out;
    for (const auto& row : tx.exec(std::string("SELECT ") + rows::opening_hours_columns + " FROM opening_hours_versions" +
                                   rows::opening_hours_order))
        out.push_back(rows::opening_hours_of(PgRow{row}));
    return out;
}

// A stable 64-bit key for an advisory lock (FNV-1a), so every process locks the same number.
long long lock_key(std::string_view kind, std::string_view name) {
    std::uint64_t h = 14695981039346656037ULL;
    for (const std::string_view part : {kind, std::string_view(":"), name})
        for (const char c : part) {
            h ^= static_cast<unsigned char>(c);
            h *= 1099511628211ULL;
        }
    return static_cast<long long>(h);
}

// The lock that keeps a dossier import apart from the ingests that may link to its records:
// taken exclusive by the import and shared by an ingest whose ratings name a dossier, so that
// a record and a rating naming it, stored at the same time, cannot each miss the other.
long long dossier_import_lock() { return lock_key("import", "dossiers"); }

class PgFlagQueries final : public detail::FlagQueries {
public:
    explicit PgFlagQueries(pqxx::work& tx) : tx_(tx) {}
    std::vector<detail::FlagRow> kiosk_neighbourhood(const std::string& kiosk, Instant first, Instant last, std::size_t around,
                                                     microseconds reach) override {
        const std::int64_t a = first.time_since_epoch().count(), b = last.time_since_epoch().count();
        return read(tx_.exec_params(R"sql(
            SELECT seq, created_at_us, flags FROM (
                (SELECT seq, created_at_us, flags FROM submissions WHERE kiosk_id = $1 AND created_at_us < $2 AND created_at_us >= $2 - $4
                 ORDER BY created_at_us DESC, seq DESC LIMIT $5)
                UNION ALL
                (SELECT seq, created_at_us, flags FROM submissions WHERE kiosk_id = $1 AND created_at_us BETWEEN $2 AND $3)
                UNION ALL
                (SELECT seq, created_at_us, flags FROM submissions WHERE kiosk_id = $1 AND created_at_us > $3 AND created_at_us <= $3 + $4
                 ORDER BY created_at_us, seq LIMIT $5)) AS near
            ORDER BY created_at_us, seq)sql",
                                    kiosk, a, b, static_cast<std::int64_t>(reach.count()), static_cast<std::int64_t>(around)));
    }
    std::map<std::string, std::vector<detail::FlagRow>> dossier_rows(const std::set<std::string>& dossiers) override {
        std::map<std::string, std::vector<detail::FlagRow>> out;
        if (dossiers.empty()) return out;
        const auto r = tx_.exec_params(
            "SELECT seq, created_at_us, flags, dossier, stage, local_day FROM submissions WHERE dossier = ANY($1::text[]) ORDER BY seq",
            array_literal(std::vector<std::string>(dossiers.begin(), dossiers.end())));
        for (const auto& row : r)
            out[row[3].as<std::string>()].push_back({row[0].as<std::int64_t>(), Instant{microseconds{row[1].as<std::int64_t>()}},
                                                     static_cast<Flags>(row[2].as<std::int64_t>()),
                                                     row[4].is_null() ? std::nullopt : parse_dossier_stage(row[4].as<std::string>()),
                                                     row[5].as<int>()});
        return out;
    }
    std::optional<std::pair<Instant, Instant>> department_span(const std::string& department) override {
        const auto r = tx_.exec_params(
            "SELECT (SELECT MIN(created_at_us) FROM submissions WHERE department = $1), "
            "(SELECT MAX(created_at_us) FROM submissions WHERE department = $1)",
            department);
        if (r[0][0].is_null()) return std::nullopt;
        return std::pair{Instant{microseconds{r[0][0].as<std::int64_t>()}}, Instant{microseconds{r[0][1].as<std::int64_t>()}}};
    }
    std::vector<detail::StoredFlagRow> department_rows(const std::string& department, Instant from, Instant to) override {
        std::vector<detail::StoredFlagRow> out;
        for (const auto& row : tx_.exec_params(
                 "SELECT seq, created_at_us, flags, stage, local_day, kiosk_id, dossier FROM submissions "
                 "WHERE department = $1 AND created_at_us >= $2 AND created_at_us < $3 ORDER BY created_at_us, seq",
                 department, static_cast<std::int64_t>(from.time_since_epoch().count()), static_cast<std::int64_t>(to.time_since_epoch().count())))
            out.push_back({{row[0].as<std::int64_t>(), Instant{microseconds{row[1].as<std::int64_t>()}}, static_cast<Flags>(row[2].as<std::int64_t>()),
                            row[3].is_null() ? std::nullopt : parse_dossier_stage(row[3].as<std::string>()), row[4].as<int>()},
                           row[5].as<std::string>(),
                           rows::optional_text(PgRow{row}, 6)});
        return out;
    }
    RollupFacts facts(std::int64_t seq) override {
        const pqxx::result r = tx_.exec_params(std::string("SELECT ") + facts_columns + " FROM submissions WHERE seq = $1", seq);
        return rows::facts_of(PgRow{r[0]});
    }
    void set_flags(std::int64_t seq, Flags flags) override {
        tx_.exec_params("UPDATE submissions SET flags = $1 WHERE seq = $2", static_cast<std::int64_t>(flags), seq);
    }

private:
    static std::vector<detail::FlagRow> read(const pqxx::result& r) {
        std::vector<detail::FlagRow> out;
        for (const auto& row : r)
            out.push_back({row[0].as<std::int64_t>(), Instant{microseconds{row[1].as<std::int64_t>()}},
                           static_cast<Flags>(row[2].as<std::int64_t>()), std::nullopt, 0});
        return out;
    }
    pqxx::work& tx_;
};

// Any fixed number: the key of the advisory lock that serialises migrations between processes.
constexpr long long migration_lock_key = 0x6861696c6f6e67;  // "hailong"
// The lock that every ingest takes shared and a re-evaluation of flags (reflag) exclusive: the
// re-evaluation judges ratings by their neighbours, which no ingest may change meanwhile.
const long long flags_lock_key = lock_key("flags", "reflag");


std::int64_t micros(Instant t) { return t.time_since_epoch().count(); }

// The roster's reads and writes, inside a transaction (duty_roster.hpp).
class PgRosterQueries final : public detail::RosterLog {
public:
    explicit PgRosterQueries(pqxx::work& tx) : tx_(tx) {}

    std::vector<detail::RosterPoint> points(const std::string& kiosk, std::int64_t from_us, std::int64_t to_us) override {
        std::vector<detail::RosterPoint> out;
        for (const auto& row : tx_.exec_params(R"sql(
                (SELECT at_us, id::text, event, officer FROM duty_events WHERE kiosk_id = $1 AND voided_by IS NULL AND at_us < $2
                 ORDER BY at_us DESC, id DESC LIMIT 1)
                UNION ALL
                (SELECT at_us, id::text, event, officer FROM duty_events WHERE kiosk_id = $1 AND voided_by IS NULL AND at_us BETWEEN $2 AND $3))sql",
                                               kiosk, from_us, to_us))
            out.push_back(rows::roster_point_of(PgRow{row}));
        return out;
    }
    std::optional<std::int64_t> next_point_after(const std::string& kiosk, std::int64_t after_us) override {
        const auto r = tx_.exec_params("SELECT MIN(at_us) FROM duty_events WHERE kiosk_id = $1 AND voided_by IS NULL AND at_us > $2", kiosk,
                                       after_us);
        if (r[0][0].is_null()) return std::nullopt;
        return r[0][0].as<std::int64_t>();
    }
    std::vector<detail::CreditedRow> ratings(const std::string& kiosk, std::int64_t from_us, std::optional<std::int64_t> to_us) override {
        std::vector<detail::CreditedRow> out;
        for (const auto& row : tx_.exec_params(std::string("SELECT ") + rows::credited_row_columns +
                                                   " FROM submissions WHERE kiosk_id = $1 AND created_at_us >= $2 AND created_at_us < $3",
                                               kiosk, from_us, to_us.value_or(std::numeric_limits<std::int64_t>::max())))
            out.push_back(rows::credited_row_of(PgRow{row}));
        return out;
    }
    void set_credit(std::int64_t seq, const detail::Credit& credit) override {
        tx_.exec_params("UPDATE submissions SET officer = $1, officer_source = $2 WHERE seq = $3", credit.officer,
                        std::string(detail::to_string(credit.source)), seq);
    }
    bool kiosk_exists(const std::string& kiosk) override { return !tx_.exec_params("SELECT 1 FROM kiosks WHERE id = $1", kiosk).empty(); }
    std::optional<RosterEntry> entry(const Uuid& id) override {
        const auto r = tx_.exec_params(std::string("SELECT ") + pg_roster_entry_columns + " FROM duty_events WHERE id = $1::uuid", id.to_string());
        if (r.empty()) return std::nullopt;
        return rows::roster_entry_of(PgRow{r[0]});
    }
    std::int64_t open_correction(const RosterCorrection& c) override {
        return tx_
            .exec_params("INSERT INTO roster_corrections(at_us, actor, reason, kiosk_id, voided_event, added_event) "
                         "VALUES ($1, $2, $3, $4, $5::uuid, $6::uuid) RETURNING id",
                         micros(c.at), c.actor, c.reason, c.kiosk_id,
                         c.void_event ? std::optional<std::string>(c.void_event->to_string()) : std::nullopt,
                         c.add ? std::optional<std::string>(c.add->id.to_string()) : std::nullopt)[0][0]
            .as<std::int64_t>();
    }
    void void_entry(const Uuid& id, std::int64_t correction) override {
        tx_.exec_params("UPDATE duty_events SET voided_by = $1 WHERE id = $2::uuid", correction, id.to_string());
    }
    void add_entry(const std::string& kiosk, const DutyEvent& event, Instant received_at, std::int64_t correction) override {
        insert(kiosk, event, received_at, correction);
    }
    void seal_correction(std::int64_t correction, const detail::Reattributed& counts) override {
        tx_.exec_params("UPDATE roster_corrections SET examined = $1, moved = $2 WHERE id = $3", counts.examined, counts.moved, correction);
    }
    void insert(const std::string& kiosk, const DutyEvent& e, Instant received_at, std::optional<std::int64_t> added_by) {
        tx_.exec_params("INSERT INTO duty_events(id, kiosk_id, at_us, at_offset_min, event, officer, method, received_at_us, added_by) "
                        "VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9)",
                        e.id.to_string(), kiosk, micros(e.at.instant), static_cast<int>(e.at.offset.count()), std::string(to_string(e.kind)),
                        e.officer, e.method ? std::optional<std::string>(std::string(to_string(*e.method))) : std::nullopt, micros(received_at),
                        added_by);
    }

    // The roster entry columns with the id as text (PgRow reads a UUID from its text).
    static inline const std::string pg_roster_entry_columns = [] {
        std::string c = rows::roster_entry_columns;
        return "id::text" + c.substr(2);
    }();

private:
    pqxx::work& tx_;
};


bool exists(pqxx::work& tx, const std::string& sql, const std::string& key) { return !tx.exec_params(sql, key).empty(); }

}  // namespace

// A small pool: at most `size` connections, opened on demand, reused, dropped when broken.
struct PostgresStore::Pool {
    std::string url;
    std::size_t size;
    std::mutex mutex;
    std::condition_variable available;
    std::vector<std::unique_ptr<pqxx::connection>> idle;
    std::size_t open = 0;

    // A connection borrowed from the pool, given back when the lease ends.
    class Lease {
    public:
        Lease(Pool& pool, std::unique_ptr<pqxx::connection> c) : pool_(pool), c_(std::move(c)) {}
        Lease(Lease&&) noexcept = default;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Lease& operator=(Lease&&) = delete;
        ~Lease() {
            if (!c_) return;
            const std::lock_guard lock(pool_.mutex);
            if (c_->is_open()) {
                pool_.idle.push_back(std::move(c_));
            } else {
                --pool_.open;  // a broken connection is dropped; the next lease opens a new one
            }
            pool_.available.notify_one();
        }
        pqxx::connection& operator*() { return *c_; }

    private:
        Pool& pool_;
        std::unique_ptr<pqxx::connection> c_;
    };

    Lease lease() {
        std::unique_lock lock(mutex);
        available.wait(lock, [this] { return !idle.empty() || open < size; });
        if (!idle.empty()) {
            auto c = std::move(idle.back());
            idle.pop_back();
            return Lease(*this, std::move(c));
        }
        ++open;
        lock.unlock();
        try {
            return Lease(*this, std::make_unique<pqxx::connection>(url));
        } catch (...) {
            const std::lock_guard relock(mutex);
            --open;
            available.notify_one();
            throw;
        }
    }
};

int PostgresStore::schema_version() { return static_cast<int>(schema::postgres_migrations().size()); }

PostgresStore::PostgresStore(const std::string& url, std::size_t pool_size, StoreOptions options)
    : pool_(std::make_unique<Pool>()), options_(options) {
    pool_->url = url;
    pool_->size = pool_size;
    auto c = pool_->lease();
    pqxx::work tx(*c);
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", migration_lock_key);
    tx.exec("CREATE TABLE IF NOT EXISTS hailong_schema (version integer NOT NULL)");
    const auto r = tx.exec("SELECT version FROM hailong_schema");
    const int current = r.empty() ? 0 : r[0][0].as<int>();
    if (current > schema_version()) {
        throw StoreError(Message("server.store.schema_newer",
                                 {{"found", std::to_string(current)}, {"supported", std::to_string(schema_version())}}));
    }
    for (int v = current; v < schema_version(); ++v) {
        tx.exec(schema::postgres_migrations()[static_cast<std::size_t>(v)]);
        if (v + 1 == 8) backfill_kiosk_numbers(tx);
        if (v + 1 == 9) rebuild_rollups(tx);
        if (v + 1 == 10) relink_dossiers(tx);
    }
    tx.exec("DELETE FROM hailong_schema");
    tx.exec_params("INSERT INTO hailong_schema(version) VALUES ($1)", schema_version());
    tx.commit();
}

PostgresStore::~PostgresStore() = default;

ImportCounts PostgresStore::import_organisation(const std::vector<Department>& departments, const std::vector<Officer>& officers,
                                                LocalDate from) {
    auto c = pool_->lease();
    pqxx::work tx(*c);
    ImportCounts counts;
    const int day = day_number(from);
    // As in SQLite: a new version only where the one in force on `from` differs; each code's row
    // holds its newest version. The row's lock keeps two imports of one code in turn.
    for (const Department& d : departments) {
        const bool known = !tx.exec_params("SELECT 1 FROM departments WHERE code = $1 FOR UPDATE", d.code).empty();
        const auto in_force = tx.exec_params("SELECT name FROM department_versions WHERE code = $1 AND valid_from <= $2 "
                                             "ORDER BY valid_from DESC LIMIT 1", d.code, day);
        if (known && !in_force.empty() && in_force[0][0].as<std::string>() == d.name) continue;
        if (!known) tx.exec_params("INSERT INTO departments(code, name) VALUES ($1, $2)", d.code, d.name);
        tx.exec_params("INSERT INTO department_versions(code, valid_from, name) VALUES ($1, $2, $3) "
                       "ON CONFLICT (code, valid_from) DO UPDATE SET name = excluded.name", d.code, day, d.name);
        tx.exec_params("UPDATE departments SET name = (SELECT name FROM department_versions WHERE code = $1 "
                       "ORDER BY valid_from DESC LIMIT 1) WHERE code = $1", d.code);
        ++(known ? counts.departments_updated : counts.departments_added);
    }
    for (const Officer& o : officers) {
        if (!exists(tx, "SELECT 1 FROM departments WHERE code = $1", o.department))
            throw StoreError(Message("server.store.officer_department_unknown", {{"officer", o.code}, {"department", o.department}}));
        const bool known = !tx.exec_params("SELECT 1 FROM officers WHERE code = $1 FOR UPDATE", o.code).empty();
        const auto in_force = tx.exec_params("SELECT name, department FROM officer_versions WHERE code = $1 AND valid_from <= $2 "
                                             "ORDER BY valid_from DESC LIMIT 1", o.code, day);
        if (known && !in_force.empty() && in_force[0][0].as<std::string>() == o.name && in_force[0][1].as<std::string>() == o.department)
            continue;
        if (!known) tx.exec_params("INSERT INTO officers(code, name, department) VALUES ($1, $2, $3)", o.code, o.name, o.department);
        tx.exec_params("INSERT INTO officer_versions(code, valid_from, name, department) VALUES ($1, $2, $3, $4) "
                       "ON CONFLICT (code, valid_from) DO UPDATE SET name = excluded.name, department = excluded.department",
                       o.code, day, o.name, o.department);
        tx.exec_params("UPDATE officers SET (name, department) = (SELECT name, department FROM officer_versions WHERE code = $1 "
                       "ORDER BY valid_from DESC LIMIT 1) WHERE code = $1", o.code);
        ++(known ? counts.officers_updated : counts.officers_added);
    }
    tx.commit();
    return counts;
}

OrganisationHistory PostgresStore::organisation_history() {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    OrganisationHistory h;
    for (const auto& row : tx.exec("SELECT code, name, valid_from FROM department_versions ORDER BY code, valid_from"))
        h.departments.push_back({{row[0].as<std::string>(), row[1].as<std::string>()}, day_from_number(row[2].as<int>())});
    for (const auto& row : tx.exec("SELECT code, name, department, valid_from FROM officer_versions ORDER BY code, valid_from"))
        h.officers.push_back({{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>()},
                              day_from_number(row[3].as<int>())});
    return h;
}

std::vector<Department> PostgresStore::departments() {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    std::vector<Department> out;
    for (const auto& row : tx.exec("SELECT code, name FROM departments ORDER BY code"))
        out.push_back({row[0].as<std::string>(), row[1].as<std::string>()});
    return out;
}

std::vector<Officer> PostgresStore::officers(const std::string& department) {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    std::vector<Officer> out;
    for (const auto& row : tx.exec_params("SELECT code, name, department FROM officers WHERE $1 = '' OR department = $1 ORDER BY code",
                                          department))
        out.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>()});
    return out;
}

void PostgresStore::upsert_services(const std::vector<Service>& services) {
    auto c = pool_->lease();
    pqxx::work tx(*c);
    for (const Service& s : services) {
        if (s.department && !exists(tx, "SELECT 1 FROM departments WHERE code = $1", *s.department))
            throw StoreError(Message("server.store.department_unknown", {{"department", *s.department}}));
        tx.exec_params("INSERT INTO services(code, name, department) VALUES ($1, $2, $3) "
                       "ON CONFLICT (code) DO UPDATE SET name = excluded.name, department = excluded.department",
                       s.code, s.name, s.department);
    }
    tx.commit();
}

std::vector<Service> PostgresStore::services() {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    std::vector<Service> out;
    for (const auto& row : tx.exec("SELECT code, name, department FROM services ORDER BY code"))
        out.push_back({row[0].as<std::string>(), row[1].as<std::string>(), rows::optional_text(PgRow{row}, 2)});
    return out;
}

void PostgresStore::add_kiosk(const Kiosk& kiosk, const std::string& token_hash) {
    auto c = pool_->lease();
    pqxx::work tx(*c);
    if (exists(tx, "SELECT 1 FROM kiosks WHERE id = $1", kiosk.id))
        throw StoreError(Message("server.store.kiosk_exists", {{"kiosk", kiosk.id}}));
    if (!exists(tx, "SELECT 1 FROM departments WHERE code = $1", kiosk.department))
        throw StoreError(Message("server.store.department_unknown", {{"department", kiosk.department}}));
    tx.exec_params("INSERT INTO kiosks(id, department, token_hash, revoked) VALUES ($1, $2, $3, $4)", kiosk.id,
                   kiosk.department, token_hash, kiosk.revoked);
    tx.exec_params("INSERT INTO kiosk_number_history(number, kiosk_id) SELECT number, id FROM kiosks WHERE id = $1", kiosk.id);
    tx.commit();
}

void PostgresStore::set_kiosk_token(const std::string& kiosk_id, const std::string& token_hash) {
    auto c = pool_->lease();
    pqxx::work tx(*c);
    if (tx.exec_params("UPDATE kiosks SET token_hash = $1, revoked = false, number = nextval('kiosk_numbers') WHERE id = $2", token_hash, kiosk_id).affected_rows() == 0)
        throw StoreError(Message("server.store.kiosk_unknown", {{"kiosk", kiosk_id}}));
    tx.exec_params("INSERT INTO kiosk_number_history(number, kiosk_id) SELECT number, id FROM kiosks WHERE id = $1", kiosk_id);
    tx.commit();
}

std::optional<std::string> PostgresStore::kiosk_with_number(std::int64_t number) {
    auto c = pool_->lease();
    pqxx::nontransaction tx(*c);
    const auto r = tx.exec_params("SELECT kiosk_id FROM kiosk_number_history WHERE number = $1", static_cast<long long>(number));
    if (r.empty()) return std::nullopt;
    return r[0][0].as<std::string>();
}

void PostgresStore::revoke_kiosk(const std::string& kiosk_id) {
    auto c = pool_->lease();
    pqxx::work tx(*c);
    if (tx.exec_params("UPDATE kiosks SET revoked = true WHERE id = $1", kiosk_id).affected_rows() == 0)
        throw StoreError(Message("server.store.kiosk_unknown", {{"kiosk", kiosk_id}}));
    tx.commit();
}

std::optional<Kiosk> PostgresStore::kiosk_by_token_hash(const std::string& token_hash) {
    auto c = pool_->lease();
    pqxx::nontransaction tx(*c);  // one statement, one round trip: no BEGIN and COMMIT around it
    const auto r = tx.exec_params("SELECT id, department, revoked, number FROM kiosks WHERE token_hash = $1", token_hash);
    if (r.empty()) return std::nullopt;
    return Kiosk{r[0][0].as<std::string>(), r[0][1].as<std::string>(), r[0][2].as<bool>(), r[0][3].as<std::int64_t>()};
}

std::vector<Kiosk> PostgresStore::kiosks() {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    std::vector<Kiosk> out;
    for (const auto& row : tx.exec("SELECT id, department, revoked, number FROM kiosks ORDER BY id"))
        out.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<bool>(), row[3].as<std::int64_t>()});
    return out;
}

void PostgresStore::record_heartbeat(const Heartbeat& h) {
    auto c = pool_->lease();
    pqxx::work tx(*c);
    const std::string sql = R"sql(
        INSERT INTO kiosk_heartbeats(kiosk_id, received_at_us, kiosk_clock_us, app_version, queue_depth, last_error)
        VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (kiosk_id) DO UPDATE SET received_at_us = excluded.received_at_us,
            kiosk_clock_us = excluded.kiosk_clock_us, app_version = excluded.app_version,
            queue_depth = excluded.queue_depth, last_error = excluded.last_error)sql";
    // Two calls rather than a std::optional parameter: g++ 12 warns (wrongly) that libpqxx 6.4
    // reads an uninitialised optional<int64_t>.
    if (h.kiosk_clock) {
        tx.exec_params(sql, h.kiosk_id, micros(h.received_at), micros(*h.kiosk_clock), h.app_version, h.queue_depth, h.last_error);
    } else {
        tx.exec_params(sql, h.kiosk_id, micros(h.received_at), nullptr, h.app_version, h.queue_depth, h.last_error);
    }
    tx.commit();
}

std::vector<Heartbeat> PostgresStore::heartbeats() {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    std::vector<Heartbeat> out;
    for (const auto& row : tx.exec("SELECT kiosk_id, received_at_us, kiosk_clock_us, app_version, queue_depth, last_error "
                                   "FROM kiosk_heartbeats ORDER BY kiosk_id")) {
        Heartbeat h;
        h.kiosk_id = row[0].as<std::string>();
        h.received_at = Instant{microseconds{row[1].as<std::int64_t>()}};
        if (!row[2].is_null()) h.kiosk_clock = Instant{microseconds{row[2].as<std::int64_t>()}};
        h.app_version = row[3].as<std::string>();
        h.queue_depth = row[4].as<std::int64_t>();
        h.last_error = row[5].as<std::string>();
        out.push_back(std::move(h));
    }
    return out;
}

void PostgresStore::add_user(const User& user, const std::string& token_hash, const std::optional<std::string>& password_hash) {
    auto c = pool_->lease();
    pqxx::work tx(*c);
    if (exists(tx, "SELECT 1 FROM users WHERE name = $1", user.name))
        throw StoreError(Message("server.store.user_exists", {{"user", user.name}}));
    tx.exec_params("INSERT INTO users(name, role, token_hash, password_hash, revoked, all_departments) VALUES ($1, $2, $3, $4, $5, $6)",
                   user.name, std::string(to_string(user.role)), token_hash, password_hash, user.revoked, user.all_departments);
    for (const std::string& d : user.departments) {
        if (!exists(tx, "SELECT 1 FROM departments WHERE code = $1", d))
            throw StoreError(Message("server.store.department_unknown", {{"department", d}}));
        tx.exec_params("INSERT INTO user_departments(user_name, department) VALUES ($1, $2)", user.name, d);
    }
    tx.commit();
}

namespace {
User read_user(pqxx::transaction_base& tx, const pqxx::row& row) {
    User u;
    u.name = row[0].as<std::string>();
    u.role = parse_role(row[1].as<std::string>()).value_or(Role::analyst);
    u.revoked = row[2].as<bool>();
    u.all_departments = row[3].as<bool>();
    const auto deps = u.all_departments ? tx.exec("SELECT code FROM departments ORDER BY code")
                                        : tx.exec_params("SELECT department FROM user_departments WHERE user_name = $1 ORDER BY department", u.name);
    for (const auto& d : deps) u.departments.push_back(d[0].as<std::string>());
    return u;
}
}  // namespace

std::optional<User> PostgresStore::user_by_token_hash(const std::string& token_hash) {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    const auto r = tx.exec_params("SELECT name, role, revoked, all_departments FROM users WHERE token_hash = $1", token_hash);
    if (r.empty()) return std::nullopt;
    return read_user(tx, r[0]);
}

std::vector<User> PostgresStore::users() {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    std::vector<User> out;
    for (const auto& row : tx.exec("SELECT name, role, revoked, all_departments FROM users ORDER BY name")) out.push_back(read_user(tx, row));
    return out;
}

std::optional<std::pair<User, std::string>> PostgresStore::user_for_login(const std::string& name) {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    const auto r = tx.exec_params("SELECT name, role, revoked, all_departments, password_hash FROM users "
                                  "WHERE name = $1 AND NOT revoked AND password_hash IS NOT NULL",
                                  name);
    if (r.empty()) return std::nullopt;
    return std::make_pair(read_user(tx, r[0]), r[0][4].as<std::string>());
}

void PostgresStore::revoke_user(const std::string& name) {
    auto c = pool_->lease();
    pqxx::work tx(*c);
    if (tx.exec_params("UPDATE users SET revoked = true WHERE name = $1", name).affected_rows() == 0)
        throw StoreError(Message("server.store.user_unknown", {{"user", name}}));
    tx.exec_params("DELETE FROM sessions WHERE user_name = $1", name);
    tx.commit();
}

void PostgresStore::set_user_password(const std::string& name, const std::string& password_hash) {
    auto c = pool_->lease();
    pqxx::work tx(*c);
    if (tx.exec_params("UPDATE users SET password_hash = $1 WHERE name = $2", password_hash, name).affected_rows() == 0)
        throw StoreError(Message("server.store.user_unknown", {{"user", name}}));
    tx.exec_params("DELETE FROM sessions WHERE user_name = $1", name);
    tx.commit();
}

std::size_t PostgresStore::end_user_sessions(const std::string& name) {
    auto c = pool_->lease();
    pqxx::work tx(*c);
    if (!exists(tx, "SELECT 1 FROM users WHERE name = $1", name)) throw StoreError(Message("server.store.user_unknown", {{"user", name}}));
    const auto ended = static_cast<std::size_t>(tx.exec_params("DELETE FROM sessions WHERE user_name = $1", name).affected_rows());
    tx.commit();
    return ended;
}

void PostgresStore::create_session(const std::string& token_hash, const std::string& user_name, Instant expires_at) {
    auto c = pool_->lease();
    pqxx::work tx(*c);
    tx.exec_params("INSERT INTO sessions(token_hash, user_name, expires_at_us) VALUES ($1, $2, $3)", token_hash, user_name,
                   micros(expires_at));
    tx.commit();
}

std::optional<User> PostgresStore::session_user(const std::string& token_hash, Instant now) {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    const auto r = tx.exec_params("SELECT u.name, u.role, u.revoked, u.all_departments FROM sessions s JOIN users u ON u.name = s.user_name "
                                  "WHERE s.token_hash = $1 AND s.expires_at_us > $2 AND NOT u.revoked",
                                  token_hash, micros(now));
    if (r.empty()) return std::nullopt;
    return read_user(tx, r[0]);
}

void PostgresStore::delete_session(const std::string& token_hash, Instant now) {
    auto c = pool_->lease();
    pqxx::work tx(*c);
    tx.exec_params("DELETE FROM sessions WHERE token_hash = $1 OR expires_at_us <= $2", token_hash, micros(now));
    tx.commit();
}

namespace {

// The ingest rules' look-ups from sets read in a few round trips for the whole group; the caller
// adds each item it accepts, as rules::Lookups requires.
struct PgRuleLookups final : rules::Lookups {
    std::map<std::string, std::string> stored_ids;  // id (text form) -> the kiosk that stored it
    std::set<std::string> departments, taken_codes;
    std::map<std::string, std::string> kiosk_departments;

    std::optional<std::string> kiosk_of_stored_id(const Uuid& id) override {
        const auto it = stored_ids.find(id.to_string());
        return it == stored_ids.end() ? std::nullopt : std::optional<std::string>(it->second);
    }
    bool department_exists(const std::string& code) override { return departments.count(code) != 0; }
    std::string kiosk_department(const std::string& kiosk_id) override {
        const auto it = kiosk_departments.find(kiosk_id);
        return it == kiosk_departments.end() ? std::string() : it->second;
    }
    bool tracking_code_taken(const std::string& code) override { return taken_codes.count(code) != 0; }
};

}  // namespace

IngestBatchOutcome PostgresStore::ingest_batch(const IngestBatch& batch) {
    const std::vector<IngestItem>& items = batch.items;
    // Retried: (1) a tracking code taken by another process between our look-up and our insert
    // fails the insert on the unique index; the next attempt sees that row and rejects properly.
    // (2) PostgreSQL may still roll a transaction back (deadlock or serialization failure under
    // load); nothing of it was stored, so running it again is safe.
    constexpr int attempts = 4;
    for (int attempt = 1;; ++attempt) {
        try {
            auto c = pool_->lease();
            pqxx::work tx(*c);
            // The suspicion rules read a kiosk's recent submissions and a dossier's ratings:
            // another server must not change them until this transaction ends. One advisory lock
            // per kiosk and per dossier code, taken in one global order before any row is written.
            const bool names_dossier =
                std::any_of(items.begin(), items.end(), [](const IngestItem& item) { return item.submission.dossier.has_value(); });
            if (names_dossier) tx.exec_params("SELECT pg_advisory_xact_lock_shared($1)", dossier_import_lock());
            std::set<long long> locks;
            for (const DutyItem& d : batch.duty) locks.insert(lock_key("kiosk", d.kiosk_id));
            for (const IngestItem& item : items) {
                locks.insert(lock_key("kiosk", item.kiosk_id));
                if (item.submission.dossier) locks.insert(lock_key("dossier", *item.submission.dossier));
            }
            // All in one statement: unnest yields the array's elements in order, and the set has
            // sorted them, so the locks are still taken in the one global order. Among them,
            // shared, the lock a re-evaluation of flags takes exclusive (it holds no other, so
            // its place in the order cannot deadlock).
            locks.insert(flags_lock_key);
            std::string lock_array = "{";
            for (const long long key : locks) lock_array += (lock_array.size() > 1 ? "," : "") + std::to_string(key);
            tx.exec_params("SELECT CASE WHEN k = $2 THEN pg_advisory_xact_lock_shared(k) ELSE pg_advisory_xact_lock(k) END "
                           "FROM unnest($1::bigint[]) AS k",
                           lock_array + "}", flags_lock_key);
            // The duty events first: the submissions below are credited by the roster they
            // complete. Another process storing the same id meanwhile fails our insert on the
            // unique index; the next attempt sees its row.
            IngestBatchOutcome result;
            PgRosterQueries roster(tx);
            std::map<std::string, std::pair<std::int64_t, std::int64_t>> changed;  // kiosk -> first, last new event
            if (!batch.duty.empty()) {
                std::vector<std::string> duty_ids;
                for (const DutyItem& d : batch.duty) duty_ids.push_back(d.event.id.to_string());
                std::map<std::string, std::string> stored;  // id -> kiosk
                for (const auto& row : tx.exec_params("SELECT id::text, kiosk_id FROM duty_events WHERE id = ANY($1::uuid[])", array_literal(duty_ids)))
                    stored.emplace(row[0].as<std::string>(), row[1].as<std::string>());
                for (std::size_t i = 0; i < batch.duty.size(); ++i) {
                    const DutyItem& d = batch.duty[i];
                    if (const auto it = stored.find(duty_ids[i]); it != stored.end()) {
                        result.duty.push_back(it->second == d.kiosk_id ? IngestOutcome{IngestOutcome::Status::duplicate, std::nullopt}
                                                                       : IngestOutcome{IngestOutcome::Status::rejected, rules::id_conflict(d.event.id)});
                        continue;
                    }
                    roster.insert(d.kiosk_id, d.event, d.received_at, std::nullopt);
                    stored.emplace(duty_ids[i], d.kiosk_id);
                    result.duty.push_back({IngestOutcome::Status::accepted, std::nullopt});
                    const std::int64_t t = micros(d.event.at.instant);
                    const auto [span, fresh] = changed.try_emplace(d.kiosk_id, t, t);
                    span->second = {std::min(span->second.first, t), std::max(span->second.second, t)};
                }
            }
            RollupDeltas roster_moves;
            for (const auto& [kiosk, span] : changed) detail::reattribute(roster, kiosk, span.first, span.second, roster_moves);
            if (options_.rollups) apply_rollups(tx, roster_moves);
            const std::vector<detail::Credit> credits = detail::credit_new(roster, items);

            const OpeningHoursSchedule hours(opening_hours_in(tx));
            std::vector<detail::NewRow> new_rows;
            std::vector<std::string> ids, codes, kiosk_ids;
            for (const IngestItem& item : items) {
                ids.push_back(item.submission.id.to_string());
                if (item.submission.tracking_code) codes.push_back(*item.submission.tracking_code);
                kiosk_ids.push_back(item.kiosk_id);
            }
            // The rules' look-ups for the whole group in four round trips, not four per item.
            PgRuleLookups lookups;
            for (const auto& row : tx.exec_params("SELECT id::text, kiosk_id FROM submissions WHERE id = ANY($1::uuid[])", array_literal(ids)))
                lookups.stored_ids.emplace(row[0].as<std::string>(), row[1].as<std::string>());
            for (const auto& row : tx.exec("SELECT code FROM departments")) lookups.departments.insert(row[0].as<std::string>());
            for (const auto& row : tx.exec_params("SELECT id, department FROM kiosks WHERE id = ANY($1::text[])", array_literal(kiosk_ids)))
                lookups.kiosk_departments[row[0].as<std::string>()] = row[1].as<std::string>();
            if (!codes.empty()) {
                for (const auto& row : tx.exec_params("SELECT tracking_code FROM submissions WHERE tracking_code = ANY($1::text[])",
                                                      array_literal(codes)))
                    lookups.taken_codes.insert(row[0].as<std::string>());
            }

            // The rules are applied in request order (the first of two equal ids wins) ...
            std::vector<IngestOutcome>& outcomes = result.items;
            outcomes.resize(items.size());
            std::vector<std::size_t> to_insert;
            for (std::size_t i = 0; i < items.size(); ++i) {
                if (auto refused = rules::decide(items[i], lookups)) {
                    outcomes[i] = std::move(*refused);
                    continue;
                }
                lookups.stored_ids.emplace(ids[i], items[i].kiosk_id);
                if (items[i].submission.tracking_code) lookups.taken_codes.insert(*items[i].submission.tracking_code);
                to_insert.push_back(i);
            }
            // ... and the rows are inserted in id order, so that every process takes the unique
            // index's locks in the same order and two servers storing overlapping groups cannot
            // deadlock (measured: they did, when each inserted in its own arrival order).
            std::sort(to_insert.begin(), to_insert.end(), [&](std::size_t x, std::size_t y) { return ids[x] < ids[y]; });
            RowBatch insert("INSERT INTO submissions(id, kiosk_id, created_at_us, created_offset_min, local_day, received_at_us, "
                            "department, officer, service, dossier, lang, scale, value, tt01_time, tt01_contacts, tt01_agencies, "
                            "tt01_attitude, reasons, comment, contact, tracking_code, flags, harassment, stage, officer_sent, officer_source)",
                            {"uuid", "text", "bigint", "integer", "integer", "bigint", "text", "text", "text", "text", "text",
                             "smallint", "smallint", "smallint", "smallint", "smallint", "smallint", "text", "text", "text", "text",
                             "integer", "smallint", "text", "text", "text"},
                            " ON CONFLICT (id) DO NOTHING RETURNING seq, id::text");
            for (const std::size_t i : to_insert) {
                const IngestItem& item = items[i];
                // Stored with the officer it is credited to; the one the kiosk wrote kept beside it.
                Submission s = item.submission;
                s.officer = credits[i].officer;
                insert.add({param(ids[i]), param(item.kiosk_id), param(micros(s.created_at.instant)), param(s.created_at.offset.count()),
                            param(sys_days{vietnam_date(s.created_at.instant)}.time_since_epoch().count()), param(micros(item.received_at)),
                            param(s.department), param(s.officer), param(s.service), param(s.dossier), param(s.lang),
                            param(s.rating.scale), param(s.rating.value), param(s.tt01.time), param(s.tt01.contacts),
                            param(s.tt01.agencies), param(s.tt01.attitude), param(nlohmann::json(s.reasons).dump()), param(s.comment),
                            param(s.contact), param(s.tracking_code), param(detail::initial_flags(s, hours)), param(s.harassment),
                            param(s.stage), param(item.submission.officer), param(std::string(detail::to_string(credits[i].source)))});
            }
            std::map<std::string, std::int64_t> inserted;  // id -> seq of the rows this transaction stored
            if (insert.rows())
                for (const auto& row : insert.run(tx)) inserted.emplace(row[1].as<std::string>(), row[0].as<std::int64_t>());
            // No row back: another process stored this id after our look-up (the insert waited
            // for its commit, so the row is seen now). The rules decide again on what it stored:
            // a duplicate when the same kiosk sent it, id_conflict when another kiosk did.
            std::vector<std::string> raced;
            for (const std::size_t i : to_insert)
                if (!inserted.count(ids[i])) raced.push_back(ids[i]);
            if (!raced.empty()) {
                PgRuleLookups now_stored;
                for (const auto& row : tx.exec_params("SELECT id::text, kiosk_id FROM submissions WHERE id = ANY($1::uuid[])", array_literal(raced)))
                    now_stored.stored_ids.emplace(row[0].as<std::string>(), row[1].as<std::string>());
                for (const std::size_t i : to_insert) {
                    if (inserted.count(ids[i])) continue;
                    outcomes[i] = now_stored.stored_ids.count(ids[i]) ? *rules::decide(items[i], now_stored)
                                                                      : IngestOutcome{IngestOutcome::Status::duplicate, std::nullopt};
                }
            }
            for (const std::size_t i : to_insert) {
                Submission s = items[i].submission;
                s.officer = credits[i].officer;
                const auto seq = inserted.find(ids[i]);
                if (seq == inserted.end()) continue;
                outcomes[i] = {IngestOutcome::Status::accepted, std::nullopt};
                new_rows.push_back(detail::NewRow::of(seq->second, s, detail::initial_flags(s, hours), items[i].kiosk_id));
            }
            if (!new_rows.empty() && options_.rollups) {
                PgFlagQueries queries(tx);
                apply_rollups(tx, detail::settle_flags(queries, new_rows));
                PgLinkQueries links(tx);
                apply_dossier_rollups(tx, detail::link_new_ratings(links, new_rows));
            }
            tx.commit();
            return result;
        } catch (const pqxx::unique_violation&) {
            if (attempt >= attempts) throw;
        } catch (const pqxx::transaction_rollback&) {
            if (attempt >= attempts) throw;
        }
    }
}

namespace {

// The columns rows::submission_of() reads, in its order.
constexpr const char* submission_columns =
    "s.id::text, s.created_at_us, s.created_offset_min, s.department, s.officer, s.service, s.dossier, s.lang, "
    "s.scale, s.value, s.tt01_time, s.tt01_contacts, s.tt01_agencies, s.tt01_attitude, s.reasons, s.comment, "
    "s.contact, s.tracking_code, s.harassment, s.stage";


const std::string complaint_select = std::string("SELECT ") + submission_columns + ", " + rows::complaint_case_columns +
                                     " FROM submissions AS s LEFT JOIN complaint_cases AS c ON c.tracking_code = s.tracking_code ";


}  // namespace

std::optional<Submission> PostgresStore::find_submission(const Uuid& id) {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    const auto r = tx.exec_params(std::string("SELECT ") + submission_columns + " FROM submissions AS s WHERE s.id = $1::uuid",
                                  id.to_string());
    if (r.empty()) return std::nullopt;
    return rows::submission_of(PgRow{r[0]});
}

namespace {
// The cases a ComplaintQuery selects, after complaint_select or its count: parameters $1
// departments, $2 status, $5 open only, $6 harassment only, $7 since ($3 and $4 are the page).
constexpr const char* complaint_where = R"sql(
            WHERE s.tracking_code IS NOT NULL
              AND ($1::text[] IS NULL OR s.department = ANY($1::text[]))
              AND ($2::text IS NULL OR COALESCE(c.status, 'new') = $2::text)
              AND (NOT $5::boolean OR COALESCE(c.status, 'new') IN ('new', 'assigned', 'in_progress'))
              AND (NOT $6::boolean OR s.harassment = 1)
              AND ($7::bigint IS NULL OR s.created_at_us >= $7::bigint))sql";

pqxx::result select_complaints(pqxx::transaction_base& tx, const std::string& head, const std::string& tail, const ComplaintQuery& q) {
    const std::optional<std::string> departments =
        q.departments.empty() ? std::nullopt : std::optional<std::string>(array_literal(q.departments));
    const std::optional<std::string> status = q.status ? std::optional<std::string>(to_string(*q.status)) : std::nullopt;
    return tx.exec_params(head + complaint_where + tail, departments, status, static_cast<std::int64_t>(q.limit),
                          static_cast<std::int64_t>(q.offset), q.open_only, q.harassment_only,
                          q.since ? std::optional<std::int64_t>(q.since->time_since_epoch().count()) : std::nullopt);
}
}  // namespace

std::vector<ComplaintCase> PostgresStore::complaints(const ComplaintQuery& q) {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    std::vector<ComplaintCase> out;
    for (const auto& row : select_complaints(tx, complaint_select,
                                           std::string(q.oldest_first ? " ORDER BY s.created_at_us, s.id" : " ORDER BY s.created_at_us DESC, s.id DESC") +
                                               " LIMIT $3 OFFSET $4",
                                           q))
        out.push_back(rows::complaint_of(PgRow{row}));
    return out;
}

std::int64_t PostgresStore::count_complaints(const ComplaintQuery& q) {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    // $3 and $4 are not used by the count; PostgreSQL still wants their types.
    return select_complaints(tx, "SELECT count(*) FROM submissions AS s LEFT JOIN complaint_cases AS c ON c.tracking_code = s.tracking_code ",
                             " AND $3::bigint IS NOT NULL AND $4::bigint IS NOT NULL", q)[0][0].as<std::int64_t>();
}

std::optional<ComplaintCase> PostgresStore::complaint(const std::string& tracking_code) {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    const auto r = tx.exec_params(complaint_select + "WHERE s.tracking_code = $1", tracking_code);
    if (r.empty()) return std::nullopt;
    return rows::complaint_of(PgRow{r[0]});
}

std::vector<CaseEvent> PostgresStore::complaint_events(const std::string& tracking_code) {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    std::vector<CaseEvent> out;
    for (const auto& row : tx.exec_params(
             "SELECT id, at_us, actor, action, detail FROM complaint_events WHERE tracking_code = $1 ORDER BY id", tracking_code)) {
        out.push_back(CaseEvent{row[0].as<std::int64_t>(), tracking_code, Instant{microseconds{row[1].as<std::int64_t>()}},
                                row[2].as<std::string>(), row[3].as<std::string>(), row[4].as<std::string>()});
    }
    return out;
}

bool PostgresStore::update_complaint(const std::string& tracking_code, std::int64_t expected_version, const CaseState& next,
                                     const CaseEvent& event) {
    auto c = pool_->lease();
    pqxx::work tx(*c);
    if (tx.exec_params("SELECT 1 FROM submissions WHERE tracking_code = $1", tracking_code).empty())
        throw StoreError(Message("server.complaint.unknown", {{"code", tracking_code}}));
    const std::int64_t at = event.at.time_since_epoch().count();
    const std::string status(to_string(next.status));
    // Each statement is atomic on its own: two servers acting on one case at once cannot both
    // succeed from the same version (the row lock of the UPDATE, the key of the INSERT).
    const pqxx::result changed =
        expected_version == 0
            ? tx.exec_params(R"sql(
                INSERT INTO complaint_cases(tracking_code, status, assignee, reply, version, updated_at_us)
                VALUES ($1, $2, $3, $4, 1, $5) ON CONFLICT (tracking_code) DO NOTHING RETURNING version)sql",
                             tracking_code, status, next.assignee, next.reply, at)
            : tx.exec_params(R"sql(
                UPDATE complaint_cases SET status = $2, assignee = $3, reply = $4, version = version + 1, updated_at_us = $5
                WHERE tracking_code = $1 AND version = $6 RETURNING version)sql",
                             tracking_code, status, next.assignee, next.reply, at, expected_version);
    if (changed.empty()) return false;  // the transaction is aborted when tx goes: nothing written
    tx.exec_params("INSERT INTO complaint_events(tracking_code, at_us, actor, action, detail) VALUES ($1, $2, $3, $4, $5)",
                   tracking_code, at, event.actor, event.action, event.detail);
    tx.commit();
    return true;
}

std::optional<Flags> PostgresStore::submission_flags(const Uuid& id) {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    const auto r = tx.exec_params("SELECT flags FROM submissions WHERE id = $1::uuid", id.to_string());
    if (r.empty()) return std::nullopt;
    return static_cast<Flags>(r[0][0].as<std::int64_t>());
}

std::optional<std::string> PostgresStore::setting(const std::string& key) {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    return setting_in(tx, key);
}

void PostgresStore::set_setting(const std::string& key, const std::string& value) {
    auto c = pool_->lease();
    pqxx::work tx(*c);
    tx.exec_params("INSERT INTO settings(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value);
    tx.commit();
}

void PostgresStore::add_opening_hours(const OpeningHoursVersion& v) {
    auto c = pool_->lease();
    pqxx::work tx(*c);
    if (!v.department.empty() && !exists(tx, "SELECT 1 FROM departments WHERE code = $1", v.department))
        throw StoreError(Message("server.store.department_unknown", {{"department", v.department}}));
    tx.exec_params("INSERT INTO opening_hours_versions(department, valid_from, hours, set_at_us, set_by) VALUES (NULLIF($1, ''), $2, $3, $4, $5)",
                   v.department, day_number(v.valid_from), v.hours.to_string(), micros(v.set_at), v.set_by);
    tx.commit();
}

namespace {

// The settings change's SQL in one transaction (settings_change.hpp).
class PgSettingsQueries final : public detail::SettingsQueries {
public:
    explicit PgSettingsQueries(pqxx::work& tx) : tx_(tx) {}
    std::optional<std::string> setting(const std::string& key) override { return setting_in(tx_, key); }
    void put_setting(const std::string& key, const std::string& value) override {
        tx_.exec_params("INSERT INTO settings(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value);
    }
    bool department_exists(const std::string& code) override { return exists(tx_, "SELECT 1 FROM departments WHERE code = $1", code); }
    std::optional<int> unit_target(const std::string& department) override {
        const auto r = tx_.exec_params("SELECT target_tenths FROM unit_targets WHERE department = $1", department);
        if (r.empty()) return std::nullopt;
        return r[0][0].as<int>();
    }
    void put_unit_target(const std::string& department, std::optional<int> tenths) override {
        if (tenths) {
            tx_.exec_params("INSERT INTO unit_targets(department, target_tenths) VALUES ($1, $2) "
                            "ON CONFLICT (department) DO UPDATE SET target_tenths = excluded.target_tenths", department, *tenths);
        } else {
            tx_.exec_params("DELETE FROM unit_targets WHERE department = $1", department);
        }
    }
    std::optional<std::string> newest_site_hours() override {
        const auto r = tx_.exec("SELECT hours FROM opening_hours_versions WHERE department IS NULL ORDER BY id DESC LIMIT 1");
        if (r.empty()) return std::nullopt;
        return r[0][0].as<std::string>();
    }
    void add_opening_hours(const OpeningHoursVersion& v) override {
        tx_.exec_params("INSERT INTO opening_hours_versions(department, valid_from, hours, set_at_us, set_by) VALUES (NULLIF($1, ''), $2, $3, $4, $5)",
                        v.department, day_number(v.valid_from), v.hours.to_string(), micros(v.set_at), v.set_by);
    }
    std::int64_t append_log(const SettingsLogEntry& e) override {
        return tx_.exec_params("INSERT INTO settings_changes(at_us, actor, field, old_value, new_value) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                               micros(e.at), e.actor, e.field, e.old_value, e.new_value)[0][0].as<std::int64_t>();
    }

private:
    pqxx::work& tx_;
};

std::optional<std::string> optional_text(const pqxx::field& f) {
    if (f.is_null()) return std::nullopt;
    return f.as<std::string>();
}

}  // namespace

std::map<std::string, int> PostgresStore::unit_targets() {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    std::map<std::string, int> out;
    for (const auto& row : tx.exec("SELECT department, target_tenths FROM unit_targets ORDER BY department"))
        out.emplace(row[0].as<std::string>(), row[1].as<int>());
    return out;
}

std::vector<SettingsLogEntry> PostgresStore::change_settings(const SettingsChange& change) {
    auto c = pool_->lease();
    pqxx::work tx(*c);
    // One change at a time on the whole site (several servers may share the database), so that
    // each log line's old value is the one the change replaced.
    tx.exec("LOCK TABLE settings_changes IN EXCLUSIVE MODE");
    PgSettingsQueries queries(tx);
    auto logged = detail::change_settings(queries, change);
    tx.commit();
    return logged;
}

std::vector<SettingsLogEntry> PostgresStore::settings_log(std::size_t limit) {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    std::vector<SettingsLogEntry> out;
    const auto n = static_cast<std::int64_t>(std::min<std::size_t>(limit, std::numeric_limits<std::int32_t>::max()));
    for (const auto& row : tx.exec_params("SELECT id, at_us, actor, field, old_value, new_value FROM settings_changes ORDER BY id DESC LIMIT $1", n))
        out.push_back({row[0].as<std::int64_t>(), Instant{std::chrono::microseconds{row[1].as<std::int64_t>()}}, row[2].as<std::string>(),
                       row[3].as<std::string>(), optional_text(row[4]), optional_text(row[5])});
    return out;
}

std::vector<OpeningHoursVersion> PostgresStore::opening_hours_versions() {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    return opening_hours_in(tx);
}

ReflagCounts PostgresStore::reflag(const ReflagRequest& request) {
    auto c = pool_->lease();
    pqxx::work tx(*c);
    // Every ingest holds this lock shared: none runs until this commits.
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", flags_lock_key);
    std::vector<std::string> departments;
    for (const auto& row : tx.exec("SELECT code FROM departments ORDER BY code")) departments.push_back(row[0].as<std::string>());
    PgFlagQueries queries(tx);
    RollupDeltas deltas;
    const ReflagCounts counts = detail::reflag(queries, OpeningHoursSchedule(opening_hours_in(tx)), departments, request, deltas);
    apply_rollups(tx, deltas);
    tx.exec_params("INSERT INTO reflag_runs(at_us, actor, from_day, to_day, department, examined, became_flagged, became_unflagged, "
                   "reasons_changed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                   micros(request.at), request.actor, day_number(request.from), day_number(request.to), request.department, counts.examined,
                   counts.became_flagged, counts.became_unflagged, counts.reasons_changed);
    tx.commit();
    return counts;
}

std::vector<ReflagRun> PostgresStore::reflag_runs() {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    std::vector<ReflagRun> out;
    for (const auto& row : tx.exec(std::string("SELECT ") + rows::reflag_run_columns + " FROM reflag_runs ORDER BY id"))
        out.push_back(rows::reflag_run_of(PgRow{row}));
    return out;
}

namespace {
// Runs a SELECT made by rollup_select_sql or dossier_select_sql with the query's parameters, in
// the order those functions place them: dimension, level, first and last period, then the
// department and the key when the query has them.
pqxx::result exec_rollup_query(pqxx::transaction_base& tx, const std::string& sql, const RollupQuery& q) {
    const int dim = static_cast<int>(q.dim), level = static_cast<int>(q.run.level);
    if (q.department && q.key) return tx.exec_params(sql, dim, level, q.run.first, q.run.last, *q.department, *q.key);
    if (q.department) return tx.exec_params(sql, dim, level, q.run.first, q.run.last, *q.department);
    if (q.key) return tx.exec_params(sql, dim, level, q.run.first, q.run.last, *q.key);
    return tx.exec_params(sql, dim, level, q.run.first, q.run.last);
}
}  // namespace

std::vector<RollupRow> PostgresStore::rollups(const RollupQuery& q) {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    const pqxx::result r = exec_rollup_query(tx, rollup_select_sql(q, true), q);
    std::vector<RollupRow> out;
    for (const auto& row : r) {
        RollupRow rr;
        rr.period = row[0].as<int>();
        rr.department = row[1].as<std::string>();
        rr.key = row[2].as<std::string>();
        rr.flagged = row[3].as<int>() != 0;
        std::array<std::int64_t, tally_column_count> values{};
        for (std::size_t i = 0; i < values.size(); ++i) values[i] = row[static_cast<int>(4 + i)].as<std::int64_t>();
        rr.tally = tally_from_values(values);
        if (!rr.tally.empty()) out.push_back(std::move(rr));
    }
    return out;
}

namespace {

// The import path, for a file's records and for those folded from dossier events alike (as in
// SQLite). The caller holds dossier_import_lock exclusive.
DossierImportCounts write_dossier_records(pqxx::work& tx, const std::vector<DossierRecord>& records) {
    std::set<std::string> known;
    for (const auto& row : tx.exec("SELECT code FROM departments")) known.insert(row[0].as<std::string>());
    std::set<std::string> code_set;
    for (const DossierRecord& r : records) {
        if (!known.count(r.department)) throw StoreError(Message("server.store.department_unknown", {{"department", r.department}}));
        code_set.insert(r.dossier);
    }
    const std::vector<std::string> codes(code_set.begin(), code_set.end());
    PgLinkQueries stored(tx);
    auto old = stored.records(code_set);
    const auto ratings = rating_tallies(tx, codes);
    DossierImportCounts counts;
    DossierDeltas deltas;
    std::map<std::string, detail::LinkedRecord> latest;
    RowBatch upsert("INSERT INTO dossier_records(dossier, department, officer, service, completed_day, outcome, agency_time, "
                    "disclosure, fees, feedback, online, linked, complained, compared, agreeing)",
                    {"text", "text", "text", "text", "integer", "smallint", "smallint", "smallint", "smallint", "smallint", "smallint",
                     "smallint", "smallint", "smallint", "smallint"},
                    R"sql( ON CONFLICT (dossier) DO UPDATE SET department = excluded.department, officer = excluded.officer,
                service = excluded.service, completed_day = excluded.completed_day, outcome = excluded.outcome,
                agency_time = excluded.agency_time, disclosure = excluded.disclosure, fees = excluded.fees,
                feedback = excluded.feedback, online = excluded.online, linked = excluded.linked,
                complained = excluded.complained, compared = excluded.compared, agreeing = excluded.agreeing)sql");
    for (const DossierRecord& r : records) {
        if (const auto it = old.find(r.dossier); it != old.end()) {
            deltas.add(it->second.record, it->second.link, -1);
            ++counts.replaced;
        } else {
            ++counts.added;
        }
        // Worked out again, not kept: compared and agreeing depend on the record's outcome.
        const auto found = ratings.find(r.dossier);
        const DossierLink link = found == ratings.end() ? DossierLink{} : detail::link_of_ratings(found->second, r.outcome);
        deltas.add(r, link, +1);
        // The same code twice in one call: the second replaces the first, as in SQLite. One row
        // per code in the statement (PostgreSQL updates a row at most once per statement).
        old[r.dossier] = {r, link};
        latest[r.dossier] = {r, link};
    }
    for (const auto& [code, stored_now] : latest) {
        const DossierRecord& r = stored_now.record;
        const DossierLink& link = stored_now.link;
        const std::optional<int> outcome = r.outcome ? std::optional<int>(static_cast<int>(*r.outcome)) : std::nullopt;
        std::vector<Param> row = {param(r.dossier), param(r.department), param(r.officer), param(r.service),
                                  param(day_number(r.completed_on)), param(outcome)};
        for (const auto& points : r.unit) row.push_back(param(points));
        for (const bool b : {link.linked, link.complained, link.compared, link.agreeing}) row.push_back(param(b ? 1 : 0));
        upsert.add(row);
    }
    if (upsert.rows()) upsert.run(tx);
    apply_dossier_rollups(tx, deltas);
    return counts;
}

}  // namespace

DossierImportCounts PostgresStore::import_dossiers(const std::vector<DossierRecord>& records) {
    auto c = pool_->lease();
    pqxx::work tx(*c);
    // One import at a time, and no ingest linking to a record meanwhile (dossier_import_lock):
    // replacing a record reads it first, and the rollups must see each record taken out exactly once.
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", dossier_import_lock());
    const DossierImportCounts counts = write_dossier_records(tx, records);
    tx.commit();
    return counts;
}

std::vector<DossierRollupRow> PostgresStore::dossier_rollups(const RollupQuery& q) {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    const pqxx::result r = exec_rollup_query(tx, dossier_select_sql(q, true), q);
    std::vector<DossierRollupRow> out;
    for (const auto& row : r) {
        DossierRollupRow rr;
        rr.period = row[0].as<int>();
        rr.department = row[1].as<std::string>();
        rr.key = row[2].as<std::string>();
        std::array<std::int64_t, dossier_column_count> values{};
        for (std::size_t i = 0; i < values.size(); ++i) values[i] = row[static_cast<int>(3 + i)].as<std::int64_t>();
        rr.tally = dossier_from_values(values);
        if (!rr.tally.empty()) out.push_back(std::move(rr));
    }
    return out;
}

std::int64_t PostgresStore::submission_count() {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    return tx.exec("SELECT count(*) FROM submissions")[0][0].as<std::int64_t>();
}

std::vector<StoredSubmission> PostgresStore::submissions(const SubmissionQuery& q) {
    const auto opt_us = [](const std::optional<Instant>& t) {
        return t ? std::optional<std::int64_t>(t->time_since_epoch().count()) : std::nullopt;
    };
    const std::optional<std::string> departments =
        q.departments.empty() ? std::nullopt : std::optional<std::string>(array_literal(q.departments));
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    std::vector<StoredSubmission> out;
    for (const auto& row : tx.exec_params(std::string("SELECT ") + submission_columns + R"sql(, s.kiosk_id, s.received_at_us, s.flags
            FROM submissions AS s
            WHERE ($1::text[] IS NULL OR s.department = ANY($1::text[]))
              AND ($2::text IS NULL OR s.officer = $2::text)
              AND ($3::text IS NULL OR s.service = $3::text)
              AND ($4::text IS NULL OR s.kiosk_id = $4::text)
              AND ($5::bigint IS NULL OR s.created_at_us >= $5::bigint)
              AND ($6::bigint IS NULL OR s.created_at_us < $6::bigint)
              AND ($7::boolean OR s.flags = 0)
              AND (NOT $10::boolean OR s.value < s.scale - 1 OR s.harassment = 1 OR s.reasons <> '[]' OR s.comment IS NOT NULL)
              AND (NOT $11::boolean OR s.comment IS NOT NULL)
            ORDER BY s.created_at_us DESC, s.seq DESC LIMIT $8 OFFSET $9)sql",
                                          departments, q.officer, q.service, q.kiosk, opt_us(q.from), opt_us(q.to),
                                          q.include_flagged, static_cast<std::int64_t>(q.limit), static_cast<std::int64_t>(q.offset),
                                          q.asked_why, q.with_comment)) {
        const int n = submission_column_count;
        out.push_back(StoredSubmission{row[n].as<std::string>(), rows::submission_of(PgRow{row}),
                                       Instant{std::chrono::microseconds{row[n + 1].as<std::int64_t>()}},
                                       static_cast<Flags>(row[n + 2].as<int>())});
    }
    return out;
}

// --- the duty roster ---------------------------------------------------------------------------

std::vector<RosterEntry> PostgresStore::roster(const RosterQuery& q) {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    std::vector<RosterEntry> out;
    for (const auto& row : tx.exec_params(std::string("SELECT ") + PgRosterQueries::pg_roster_entry_columns +
                                              " FROM duty_events WHERE ($1::text IS NULL OR kiosk_id = $1) AND at_us >= $2 AND at_us < $3" +
                                              rows::roster_entry_order,
                                          q.kiosk, q.from ? micros(*q.from) : std::numeric_limits<std::int64_t>::min(),
                                          q.to ? micros(*q.to) : std::numeric_limits<std::int64_t>::max()))
        out.push_back(rows::roster_entry_of(PgRow{row}));
    return out;
}

RosterCorrectionRun PostgresStore::correct_roster(const RosterCorrection& correction) {
    auto c = pool_->lease();
    pqxx::work tx(*c);
    // As an ingest of the kiosk takes them, in the same order: the kiosk's lock exclusive (no
    // rating of the kiosk is credited meanwhile) and the re-evaluation's lock shared (a rating's
    // counted or flagged rows do not move under us).
    const long long kiosk_lock = lock_key("kiosk", correction.kiosk_id);
    tx.exec_params("SELECT CASE WHEN k = $3 THEN pg_advisory_xact_lock_shared(k) ELSE pg_advisory_xact_lock(k) END "
                   "FROM unnest(ARRAY[$1, $2]::bigint[]) AS k ORDER BY k",
                   std::min(kiosk_lock, flags_lock_key), std::max(kiosk_lock, flags_lock_key), flags_lock_key);
    PgRosterQueries roster(tx);
    RollupDeltas deltas;
    const RosterCorrectionRun run = detail::correct_roster(roster, correction, deltas);
    if (options_.rollups) apply_rollups(tx, deltas);
    tx.commit();
    return run;
}

std::vector<RosterCorrectionRun> PostgresStore::roster_corrections() {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    std::vector<RosterCorrectionRun> out;
    for (const auto& row : tx.exec(std::string("SELECT ") + rows::roster_correction_columns +
                                   " FROM roster_corrections c LEFT JOIN duty_events e ON e.id = c.added_event ORDER BY c.id"))
        out.push_back(rows::roster_correction_of(PgRow{row}));
    return out;
}

// --- officers' credentials -----------------------------------------------------------------------

void PostgresStore::set_officer_pin(const std::string& officer, const std::optional<std::string>& pin_hash) {
    auto c = pool_->lease();
    pqxx::work tx(*c);
    if (!exists(tx, "SELECT 1 FROM officers WHERE code = $1", officer))
        throw StoreError(Message("server.store.officer_unknown", {{"officer", officer}}));
    tx.exec_params("INSERT INTO officer_credentials(officer, pin_hash) VALUES ($1, $2) "
                   "ON CONFLICT (officer) DO UPDATE SET pin_hash = excluded.pin_hash",
                   officer, pin_hash);
    tx.commit();
}

void PostgresStore::set_officer_card(const std::string& officer, const std::optional<std::string>& card_hash) {
    auto c = pool_->lease();
    pqxx::work tx(*c);
    if (!exists(tx, "SELECT 1 FROM officers WHERE code = $1", officer))
        throw StoreError(Message("server.store.officer_unknown", {{"officer", officer}}));
    tx.exec_params("INSERT INTO officer_credentials(officer, card_hash) VALUES ($1, $2) "
                   "ON CONFLICT (officer) DO UPDATE SET card_hash = excluded.card_hash",
                   officer, card_hash);
    tx.commit();
}

std::vector<OfficerCredentials> PostgresStore::officer_credentials(const std::string& department) {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    std::vector<OfficerCredentials> out;
    for (const auto& row : tx.exec_params(
             "SELECT c.officer, c.pin_hash, c.card_hash FROM officer_credentials c JOIN officers o ON o.code = c.officer "
             "WHERE ($1 = '' OR o.department = $1) AND (c.pin_hash IS NOT NULL OR c.card_hash IS NOT NULL) ORDER BY c.officer",
             department))
        out.push_back({row[0].as<std::string>(), rows::optional_text(PgRow{row}, 1), rows::optional_text(PgRow{row}, 2)});
    return out;
}

namespace {

// The stored events of dossier codes, in one round trip.
std::map<std::string, std::vector<DossierEvent>> events_in(pqxx::transaction_base& tx, const std::set<std::string>& dossiers) {
    std::map<std::string, std::vector<DossierEvent>> out;
    if (dossiers.empty()) return out;
    std::string columns = rows::dossier_event_columns;
    columns.replace(0, 2, "id::text");
    for (const auto& row : tx.exec_params("SELECT " + columns + " FROM dossier_events WHERE dossier = ANY($1::text[])" + rows::dossier_event_order,
                                          array_literal(std::vector<std::string>(dossiers.begin(), dossiers.end())))) {
        DossierEvent e = rows::dossier_event_of(PgRow{row});
        out[e.dossier].push_back(std::move(e));
    }
    return out;
}

class PgEventQueries final : public detail::EventQueries {
public:
    explicit PgEventQueries(pqxx::work& tx) : tx_(tx) {}
    std::map<std::string, std::vector<DossierEvent>> events(const std::set<std::string>& dossiers) override { return events_in(tx_, dossiers); }

private:
    pqxx::work& tx_;
};

// The event rules' look-ups from sets read once for the whole request; the caller adds each
// event it accepts.
struct PgEventLookups final : rules::EventLookups {
    std::map<std::string, std::string> stored_ids;  // id (text form) -> the source that stored it
    std::set<std::string> departments;
    std::optional<std::string> source_of_stored_event(const Uuid& id) override {
        const auto it = stored_ids.find(id.to_string());
        return it == stored_ids.end() ? std::nullopt : std::optional<std::string>(it->second);
    }
    bool department_exists(const std::string& code) override { return departments.count(code) != 0; }
};

}  // namespace

std::vector<IngestOutcome> PostgresStore::ingest_dossier_events(const std::vector<DossierEventItem>& items) {
    auto c = pool_->lease();
    pqxx::work tx(*c);
    // Exclusive, as an import: the records folded here are read and replaced, no ingest may link
    // a rating to them meanwhile, and two servers storing the same id wait for each other (the
    // second then sees the first's row and answers duplicate or id_conflict).
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", dossier_import_lock());
    std::vector<std::string> ids;
    for (const DossierEventItem& item : items) ids.push_back(item.event.id.to_string());
    PgEventLookups lookups;
    for (const auto& row : tx.exec_params("SELECT id::text, source FROM dossier_events WHERE id = ANY($1::uuid[])", array_literal(ids)))
        lookups.stored_ids.emplace(row[0].as<std::string>(), row[1].as<std::string>());
    for (const auto& row : tx.exec("SELECT code FROM departments")) lookups.departments.insert(row[0].as<std::string>());

    std::vector<IngestOutcome> outcomes(items.size());
    std::set<std::string> touched;
    RowBatch insert("INSERT INTO dossier_events(id, source, dossier, event, at_us, at_offset_min, department, service, officers, "
                    "promised_day, received_at_us)",
                    {"uuid", "text", "text", "text", "bigint", "integer", "text", "text", "text", "integer", "bigint"}, "");
    for (std::size_t i = 0; i < items.size(); ++i) {
        const DossierEventItem& item = items[i];
        if (auto refused = rules::decide_event(item, lookups)) {
            outcomes[i] = std::move(*refused);
            continue;
        }
        const DossierEvent& e = item.event;
        lookups.stored_ids.emplace(ids[i], item.source);
        insert.add({param(ids[i]), param(item.source), param(e.dossier), param(std::string(to_string(e.event))), param(micros(e.at.instant)),
                    param(e.at.offset.count()), param(e.department), param(e.service), param(nlohmann::json(e.officers).dump()),
                    param(e.promised_on ? std::optional<int>(day_number(*e.promised_on)) : std::nullopt), param(micros(item.received_at))});
        touched.insert(e.dossier);
        outcomes[i] = {IngestOutcome::Status::accepted, std::nullopt};
    }
    if (insert.rows()) insert.run(tx);
    if (!touched.empty()) {
        PgEventQueries events(tx);
        PgLinkQueries stored(tx);
        const auto records = detail::records_from_events(events, stored, touched);
        if (!records.empty()) write_dossier_records(tx, records);
    }
    tx.commit();
    return outcomes;
}

std::vector<DossierEvent> PostgresStore::dossier_events(const std::string& dossier) {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    auto found = events_in(tx, {dossier});
    return found.empty() ? std::vector<DossierEvent>{} : std::move(found.begin()->second);
}

std::optional<DossierStatus> PostgresStore::dossier_status(const std::string& dossier) {
    auto c = pool_->lease();
    // Repeatable read: events, record and ratings as of one moment.
    pqxx::read_transaction tx(*c);
    auto found = events_in(tx, {dossier});
    std::optional<DossierRecord> record;
    for (const auto& row : tx.exec_params(std::string("SELECT ") + rows::dossier_record_columns + " FROM dossier_records WHERE dossier = $1", dossier))
        record = rows::linked_record_of(PgRow{row}).record;
    std::set<DossierStage> stages;
    for (const auto& row : tx.exec_params("SELECT DISTINCT stage FROM submissions WHERE dossier = $1 AND stage IS NOT NULL", dossier))
        if (const auto stage = parse_dossier_stage(row[0].as<std::string>())) stages.insert(*stage);
    return detail::status_of(found.empty() ? std::vector<DossierEvent>{} : found.begin()->second, record, stages);
}

std::vector<UnlinkedCount> PostgresStore::unlinked_ratings(const UnlinkedQuery& q) {
    auto c = pool_->lease();
    pqxx::read_transaction tx(*c);
    std::vector<std::string> params{std::to_string(q.from_day), std::to_string(q.to_day)};
    params.insert(params.end(), q.departments.begin(), q.departments.end());
    std::vector<UnlinkedCount> out;
    for (const auto& row : tx.exec_params(detail::unlinked_sql(q, true), pqxx::prepare::make_dynamic_params(params)))
        out.push_back({row[0].as<std::string>(), row[1].as<std::int64_t>(), row[2].as<std::int64_t>()});
    return out;
}

}  // namespace hailong::server
