#include "hailong/kiosk/outbox.hpp"

#include <cstring>
#include <stdexcept>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sodium.h>

#include "hailong/json_strict.hpp"
#include "hailong/kiosk/sequence_permutation.hpp"
#include "hailong/submission_codec.hpp"
#include "hailong/tracking_code.hpp"

namespace hailong::kiosk {
namespace {

// Each entry moves the schema one version up; index i leads to version i + 1. Never edit an
// entry that has shipped: add a new one.
const char* const migrations[] = {
    // 1: the rows, their dead letters, and the kiosk's own counters
    R"sql(
    CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        wire TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX outbox_status ON outbox(status, seq);
    CREATE TABLE dead_letters (
        seq INTEGER PRIMARY KEY REFERENCES outbox(seq) ON DELETE CASCADE,
        code TEXT NOT NULL,
        field TEXT NOT NULL,
        message TEXT NOT NULL,
        at_us INTEGER NOT NULL
    );
    CREATE TABLE kiosk_state (
        key TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    );
    )sql",
    // 2: the secret key that shuffles tracking-code sequence numbers (sequence_permutation.hpp)
    R"sql(
    CREATE TABLE kiosk_secrets (
        key TEXT PRIMARY KEY,
        value BLOB NOT NULL
    );
    )sql",
    // 3: the status `open`, a session's rating not yet complete. SQLite cannot change a CHECK,
    // so the table is rebuilt (its rows, sequence numbers and AUTOINCREMENT counter kept); run
    // with foreign keys off, or dropping the old table would empty dead_letters by cascade.
    R"sql(
    CREATE TABLE outbox_v3 (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        wire TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'pending', 'sending', 'sent', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO outbox_v3(seq, id, wire, status, attempts) SELECT seq, id, wire, status, attempts FROM outbox;
    DELETE FROM sqlite_sequence WHERE name = 'outbox_v3';
    INSERT INTO sqlite_sequence(name, seq) SELECT 'outbox_v3', seq FROM sqlite_sequence WHERE name = 'outbox';
    DROP TABLE outbox;
    ALTER TABLE outbox_v3 RENAME TO outbox;
    CREATE INDEX outbox_status ON outbox(status, seq);
    )sql",
    // 4: duty events (an officer signing in or out) beside the submissions, in the same queue;
    // every row an older program wrote is a submission.
    R"sql(
    ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'submission' CHECK (kind IN ('submission', 'duty'));
    DROP INDEX outbox_status;
    CREATE INDEX outbox_status ON outbox(kind, status, seq);
    )sql",
};
constexpr int schema_version = static_cast<int>(std::size(migrations));

constexpr const char* kiosk_number_key = "kiosk_number";
constexpr const char* last_sequence_key = "last_tracking_sequence";

std::optional<std::int64_t> state_value(SQLite::Database& db, const char* key) {
    SQLite::Statement st(db, "SELECT value FROM kiosk_state WHERE key = ?");
    st.bind(1, key);
    if (!st.executeStep()) return std::nullopt;
    return st.getColumn(0).getInt64();
}

void set_state_value(SQLite::Database& db, const char* key, std::int64_t value) {
    SQLite::Statement st(db, "INSERT INTO kiosk_state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    st.bind(1, key);
    st.bind(2, value);
    st.exec();
}

// The outbox's key for shuffling sequence numbers, drawn on first use inside the caller's
// transaction, so that the key and the sequence it shuffles are always stored together.
SequencePermutation::Key sequence_key(SQLite::Database& db) {
    SequencePermutation::Key key{};
    {
        SQLite::Statement st(db, "SELECT value FROM kiosk_secrets WHERE key = 'tracking_sequence_key'");
        if (st.executeStep()) {
            const SQLite::Column column = st.getColumn(0);
            if (static_cast<std::size_t>(column.getBytes()) != key.size())
                throw std::runtime_error("outbox.db: the tracking-code key is damaged (" + std::to_string(column.getBytes()) +
                                         " bytes instead of " + std::to_string(key.size()) + ")");
            std::memcpy(key.data(), column.getBlob(), key.size());
            return key;
        }
    }
    randombytes_buf(key.data(), key.size());
    SQLite::Statement insert(db, "INSERT INTO kiosk_secrets(key, value) VALUES ('tracking_sequence_key', ?)");
    insert.bind(1, key.data(), static_cast<int>(key.size()));
    insert.exec();
    return key;
}

Submission decode_wire(const std::string& wire) { return decode_submission(parse_strict_json(wire), ""); }

struct StoredRow {
    std::string wire;
    std::string status;
};

std::optional<StoredRow> stored_row(SQLite::Database& db, const Uuid& id) {
    SQLite::Statement st(db, "SELECT wire, status FROM outbox WHERE id = ? AND kind = 'submission'");
    st.bind(1, id.to_string());
    if (!st.executeStep()) return std::nullopt;
    return StoredRow{st.getColumn(0).getString(), st.getColumn(1).getString()};
}

// Inserts the row, or replaces the content and status of the row of its id (`exists`), which
// keeps its place (seq) in the queue.
void write_row(SQLite::Database& db, const Submission& s, bool exists, const char* status) {
    SQLite::Statement st(db, exists ? "UPDATE outbox SET wire = ?, status = ? WHERE id = ?"
                                    : "INSERT INTO outbox(wire, status, id) VALUES (?, ?, ?)");
    st.bind(1, encode_submission(s).dump());
    st.bind(2, status);
    st.bind(3, s.id.to_string());
    st.exec();
}

void update_status(SQLite::Database& db, const Uuid& id, const char* status, const char* from_statuses) {
    SQLite::Statement st(db, std::string("UPDATE outbox SET status = ? WHERE id = ? AND status IN ") + from_statuses);
    st.bind(1, status);
    st.bind(2, id.to_string());
    st.exec();
}

void insert_dead_letter(SQLite::Database& db, std::int64_t seq, const std::string& code, const std::string& field,
                        const std::string& message, Instant at) {
    SQLite::Statement st(db, "INSERT OR REPLACE INTO dead_letters(seq, code, field, message, at_us) VALUES (?, ?, ?, ?, ?)");
    st.bind(1, seq);
    st.bind(2, code);
    st.bind(3, field);
    st.bind(4, message);
    st.bind(5, static_cast<std::int64_t>(at.time_since_epoch().count()));
    st.exec();
}

// Up to `max` pending rows of `kind` ('submission' or 'duty'), oldest first, marked `sending` in
// one transaction, each with its attempt counted; `decode(item)` reads the item's value from its
// stored wire. A row whose wire no longer decodes is never sent: it becomes a dead letter
// (unreadable_row) in the same transaction. The caller holds the outbox's lock.
template <class Item, class Decode>
std::vector<Item> take_pending(SQLite::Database& db, const char* kind, std::size_t max, Decode decode) {
    std::vector<Item> items;
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    std::vector<std::pair<std::int64_t, std::string>> unreadable;
    {
        SQLite::Statement rows(db, "SELECT seq, wire, attempts FROM outbox WHERE kind = ? AND status = 'pending' ORDER BY seq LIMIT ?");
        rows.bind(1, kind);
        rows.bind(2, static_cast<std::int64_t>(std::min<std::size_t>(max, INT64_MAX)));
        while (rows.executeStep()) {
            Item item;
            item.seq = rows.getColumn(0).getInt64();
            item.wire = rows.getColumn(1).getString();
            item.attempts = rows.getColumn(2).getInt() + 1;
            try {
                decode(item);
            } catch (const std::exception& e) {
                unreadable.emplace_back(item.seq, e.what());
                continue;
            }
            items.push_back(std::move(item));
        }
    }
    SQLite::Statement mark(db, "UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE seq = ?");
    for (const Item& item : items) {
        mark.reset();
        mark.bind(1, item.seq);
        mark.exec();
    }
    for (const auto& [seq, why] : unreadable) {
        SQLite::Statement dead(db, "UPDATE outbox SET status = 'dead' WHERE seq = ?");
        dead.bind(1, seq);
        dead.exec();
        insert_dead_letter(db, seq, "unreadable_row", "", why,
                           std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now()));
    }
    tx.commit();
    return items;
}

}  // namespace

Outbox::Outbox(const std::filesystem::path& dir) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    std::filesystem::create_directories(dir);
    db_ = std::make_unique<SQLite::Database>((dir / "outbox.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db_->setBusyTimeout(10000);
    // WAL + synchronous=FULL: a commit returns after the WAL is on the disk, so a row survives
    // a power cut the moment save() returns.
    db_->exec("PRAGMA journal_mode=WAL");
    db_->exec("PRAGMA synchronous=FULL");

    const int current = db_->execAndGet("PRAGMA user_version").getInt();
    if (current > schema_version) {
        throw std::runtime_error((dir / "outbox.db").string() + " has schema version " + std::to_string(current) +
                                 ", newer than this program's " + std::to_string(schema_version) +
                                 "; it is left untouched");
    }
    for (int v = current; v < schema_version; ++v) {
        SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
        db_->exec(migrations[v]);
        db_->exec("PRAGMA user_version=" + std::to_string(v + 1));
        tx.commit();
    }
    // After the migrations, which rebuild tables (a pragma that is a no-op inside a transaction).
    db_->exec("PRAGMA foreign_keys=ON");
    // Rows a crashed process was sending may or may not have reached the server; sending them
    // again is harmless because the server is idempotent by id. A row still open belonged to a
    // session of a process that is gone: the rating stands as last kept, and goes out.
    db_->exec("UPDATE outbox SET status = 'pending' WHERE status IN ('open', 'sending')");
}

Outbox::~Outbox() = default;

Submission Outbox::save(Submission submission, bool issue_tracking_code) {
    // Through the wire codec first: what is stored is exactly what the server will decode, and a
    // submission the contract refuses is refused here, before anyone is thanked.
    Submission stored = decode_submission(encode_submission(submission), "");

    const std::lock_guard lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    const std::optional<StoredRow> existing = stored_row(*db_, stored.id);
    if (existing && existing->status != "open") return decode_wire(existing->wire);
    if (issue_tracking_code) {
        if (const auto number = state_value(*db_, kiosk_number_key)) {
            const std::int64_t sequence = state_value(*db_, last_sequence_key).value_or(0) + 1;
            if (sequence > tracking_code::max_sequence)
                throw std::out_of_range("this kiosk has issued all " + std::to_string(tracking_code::max_sequence) +
                                        " tracking codes of kiosk number " + std::to_string(*number) +
                                        "; rotate its token for a new number");
            stored.tracking_code = tracking_code::make(*number, SequencePermutation(sequence_key(*db_)).apply(sequence));
            set_state_value(*db_, last_sequence_key, sequence);
        }
    }
    write_row(*db_, stored, existing.has_value(), "pending");
    tx.commit();
    return stored;
}

bool Outbox::keep_open(Submission submission) {
    submission.tracking_code.reset();
    const Submission kept = decode_submission(encode_submission(submission), "");

    const std::lock_guard lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    const std::optional<StoredRow> existing = stored_row(*db_, kept.id);
    if (existing && existing->status != "open") return false;
    write_row(*db_, kept, existing.has_value(), "open");
    tx.commit();
    return true;
}

void Outbox::set_kiosk_number(std::int64_t number) {
    if (number < 1 || number > tracking_code::max_kiosk_number) {
        throw std::out_of_range("kiosk number " + std::to_string(number) + " is outside 1.." +
                                std::to_string(tracking_code::max_kiosk_number));
    }
    const std::lock_guard lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    set_state_value(*db_, kiosk_number_key, number);
    tx.commit();
}

std::optional<std::int64_t> Outbox::kiosk_number() {
    const std::lock_guard lock(mutex_);
    return state_value(*db_, kiosk_number_key);
}

std::vector<OutboxItem> Outbox::take_batch(std::size_t max) {
    if (max == 0) return {};
    const std::lock_guard lock(mutex_);
    return take_pending<OutboxItem>(*db_, "submission", max, [](OutboxItem& item) { item.submission = decode_wire(item.wire); });
}

void Outbox::mark_sent(const std::vector<Uuid>& ids) {
    if (ids.empty()) return;
    const std::lock_guard lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    for (const Uuid& id : ids) update_status(*db_, id, "sent", "('pending', 'sending')");
    tx.commit();
}

void Outbox::mark_dead(const Uuid& id, const std::string& code, const std::string& field, const std::string& message,
                       Instant at) {
    const std::lock_guard lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement find_row(*db_, "SELECT seq FROM outbox WHERE id = ? AND status IN ('pending', 'sending')");
    find_row.bind(1, id.to_string());
    if (!find_row.executeStep()) return;  // unknown, or already answered: the first answer stands
    update_status(*db_, id, "dead", "('pending', 'sending')");
    insert_dead_letter(*db_, find_row.getColumn(0).getInt64(), code, field, message, at);
    tx.commit();
}

void Outbox::release(const std::vector<Uuid>& ids) {
    if (ids.empty()) return;
    const std::lock_guard lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    for (const Uuid& id : ids) update_status(*db_, id, "pending", "('sending')");
    tx.commit();
}

bool Outbox::renew_id(const Uuid& id, const Uuid& fresh) {
    const std::lock_guard lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement find_row(
        *db_, "SELECT wire FROM outbox WHERE id = ? AND kind = 'submission' AND status IN ('pending', 'sending')");
    find_row.bind(1, id.to_string());
    if (!find_row.executeStep()) return false;
    Submission s = decode_wire(find_row.getColumn(0).getString());
    find_row.reset();
    s.id = fresh;
    SQLite::Statement update(*db_, "UPDATE outbox SET id = ?, wire = ?, status = 'pending' WHERE id = ?");
    update.bind(1, fresh.to_string());
    update.bind(2, encode_submission(s).dump());
    update.bind(3, id.to_string());
    update.exec();
    tx.commit();
    return true;
}

std::int64_t Outbox::prune_sent(std::int64_t keep) {
    const std::lock_guard lock(mutex_);
    SQLite::Statement st(*db_,
                         "DELETE FROM outbox WHERE status = 'sent' AND seq NOT IN "
                         "(SELECT seq FROM outbox WHERE status = 'sent' ORDER BY seq DESC LIMIT ?)");
    st.bind(1, std::max<std::int64_t>(keep, 0));
    return st.exec();
}

OutboxCounts Outbox::counts() {
    const std::lock_guard lock(mutex_);
    OutboxCounts c;
    SQLite::Statement st(*db_, "SELECT kind, status, count(*) FROM outbox GROUP BY kind, status");
    while (st.executeStep()) {
        const std::string kind = st.getColumn(0).getString();
        const std::string status = st.getColumn(1).getString();
        const std::int64_t n = st.getColumn(2).getInt64();
        if (kind == "duty") {
            if (status == "pending" || status == "sending") c.duty_pending += n;
            continue;
        }
        if (status == "open") c.open = n;
        else if (status == "pending" || status == "sending") c.pending += n;
        else if (status == "sent") c.sent = n;
        else if (status == "dead") c.dead = n;
    }
    return c;
}

std::vector<DeadLetter> Outbox::dead_letters() {
    const std::lock_guard lock(mutex_);
    std::vector<DeadLetter> letters;
    SQLite::Statement st(*db_,
                         "SELECT o.wire, d.code, d.field, d.message, d.at_us FROM dead_letters d "
                         "JOIN outbox o ON o.seq = d.seq WHERE o.kind = 'submission' ORDER BY d.at_us, d.seq");
    while (st.executeStep()) {
        DeadLetter d;
        // An unreadable row is kept as an empty submission rather than hiding its dead letter.
        try {
            d.submission = decode_wire(st.getColumn(0).getString());
        } catch (const std::exception&) {
        }
        d.code = st.getColumn(1).getString();
        d.field = st.getColumn(2).getString();
        d.message = st.getColumn(3).getString();
        d.at = Instant{std::chrono::microseconds{st.getColumn(4).getInt64()}};
        letters.push_back(std::move(d));
    }
    return letters;
}

std::optional<Submission> Outbox::find(const Uuid& id) {
    const std::lock_guard lock(mutex_);
    SQLite::Statement st(*db_, "SELECT wire FROM outbox WHERE id = ? AND kind = 'submission'");
    st.bind(1, id.to_string());
    if (!st.executeStep()) return std::nullopt;
    return decode_wire(st.getColumn(0).getString());
}

bool Outbox::save_duty(const DutyEvent& event) {
    // Through the codec both ways: what is stored is what the uploader sends, and reads back.
    const std::string wire = encode_duty_event(event).dump();
    (void)decode_duty_event(parse_strict_json(wire), "");
    const std::lock_guard lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement st(*db_, "INSERT INTO outbox(id, wire, status, kind) VALUES (?, ?, 'pending', 'duty') ON CONFLICT(id) DO NOTHING");
    st.bind(1, event.id.to_string());
    st.bind(2, wire);
    const bool stored = st.exec() == 1;
    tx.commit();
    return stored;
}

std::vector<DutyItem> Outbox::take_duty_batch(std::size_t max) {
    if (max == 0) return {};
    const std::lock_guard lock(mutex_);
    return take_pending<DutyItem>(*db_, "duty", max, [](DutyItem& item) { item.event = decode_duty_event(parse_strict_json(item.wire), ""); });
}

std::optional<DutyEvent> Outbox::last_duty() {
    const std::lock_guard lock(mutex_);
    SQLite::Statement st(*db_, "SELECT wire FROM outbox WHERE kind = 'duty' ORDER BY seq DESC LIMIT 1");
    if (!st.executeStep()) return std::nullopt;
    try {
        return decode_duty_event(parse_strict_json(st.getColumn(0).getString()), "");
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<std::string> Outbox::duty_status(const Uuid& id) {
    const std::lock_guard lock(mutex_);
    SQLite::Statement st(*db_, "SELECT status FROM outbox WHERE id = ? AND kind = 'duty'");
    st.bind(1, id.to_string());
    if (!st.executeStep()) return std::nullopt;
    return st.getColumn(0).getString();
}

}  // namespace hailong::kiosk
