#include "hailong/kiosk/outbox.hpp"

#include <cstring>
#include <set>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include "hailong/kiosk/sequence_permutation.hpp"
#include "hailong/submission_codec.hpp"
#include "hailong/tracking_code.hpp"
#include "support/temp_dir.hpp"

using namespace hailong;
using namespace hailong::kiosk;

namespace {

// The outbox's tracking-code key, read from its file with plain SQLite.
SequencePermutation::Key stored_key(const std::filesystem::path& dir) {
    SQLite::Database db((dir / "outbox.db").string(), SQLite::OPEN_READONLY);
    SQLite::Statement st(db, "SELECT value FROM kiosk_secrets WHERE key = 'tracking_sequence_key'");
    REQUIRE(st.executeStep());
    const SQLite::Column column = st.getColumn(0);
    SequencePermutation::Key key{};
    REQUIRE(static_cast<std::size_t>(column.getBytes()) == key.size());
    std::memcpy(key.data(), column.getBlob(), key.size());
    return key;
}

// A valid submission whose id is made from `n`, so tests can name rows by number.
Submission sample(int n) {
    Uuid::Bytes b{};
    b[14] = static_cast<std::uint8_t>(n >> 8);
    b[15] = static_cast<std::uint8_t>(n);
    Submission s;
    s.id = Uuid::v4_from_bytes(b);
    s.created_at = *parse_rfc3339("2026-11-20T08:15:30+07:00");
    s.department = "SCT";
    s.officer = "SCT-001";
    s.rating = Rating{3, 2};
    s.reasons = {"slow"};
    s.comment = "Chờ lâu quá";
    return s;
}

std::vector<Uuid> ids_of(const std::vector<OutboxItem>& items) {
    std::vector<Uuid> ids;
    for (const auto& i : items) ids.push_back(i.submission.id);
    return ids;
}

Instant at(const char* text) { return parse_rfc3339(text)->instant; }

// A duty event whose id is made from `n` (byte 13 set, so it never equals a sample()'s id).
DutyEvent duty(int n, DutyKind kind = DutyKind::sign_in, const char* when = "2026-12-07T07:30:05+07:00") {
    Uuid::Bytes b{};
    b[13] = 0xD0;
    b[15] = static_cast<std::uint8_t>(n);
    DutyEvent e;
    e.id = Uuid::v4_from_bytes(b);
    e.at = *parse_rfc3339(when);
    e.kind = kind;
    e.officer = "SCT-007";
    e.method = kind == DutyKind::sign_in ? DutyMethod::card : DutyMethod::shift_end;
    return e;
}

}  // namespace

TEST_CASE("outbox: a saved submission is there after reopening, pending, exactly as saved", "[outbox]") {
    test::TempDir dir;
    const Submission s = sample(1);
    {
        Outbox box(dir.path());
        CHECK(box.save(s, false) == s);
    }
    Outbox box(dir.path());
    CHECK(box.find(s.id) == s);
    CHECK(box.counts().pending == 1);
    const auto batch = box.take_batch(10);
    REQUIRE(batch.size() == 1);
    CHECK(batch[0].submission == s);
    // The stored text is the wire encoding itself: what is sent is what was saved.
    CHECK(batch[0].wire == encode_submission(s).dump());
    CHECK(batch[0].attempts == 1);
}

TEST_CASE("outbox: the file is WAL, at schema version 4", "[outbox]") {
    test::TempDir dir;
    { Outbox box(dir.path()); }
    SQLite::Database db((dir.path() / "outbox.db").string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == 4);
}

TEST_CASE("outbox: a version 2 file is upgraded with its rows, dead letters and row numbers", "[outbox]") {
    test::TempDir dir;
    {
        // What the previous release left: schema 2; rows 1..5 were saved, 4 and 5 pruned after
        // being sent, so the AUTOINCREMENT counter (5) is ahead of the last row (3); row 2 dead.
        SQLite::Database db((dir.path() / "outbox.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec(R"sql(
            CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, wire TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'dead')), attempts INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX outbox_status ON outbox(status, seq);
            CREATE TABLE dead_letters (seq INTEGER PRIMARY KEY REFERENCES outbox(seq) ON DELETE CASCADE, code TEXT NOT NULL,
                field TEXT NOT NULL, message TEXT NOT NULL, at_us INTEGER NOT NULL);
            CREATE TABLE kiosk_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
            CREATE TABLE kiosk_secrets (key TEXT PRIMARY KEY, value BLOB NOT NULL);
            PRAGMA user_version = 2;
        )sql");
        SQLite::Statement row(db, "INSERT INTO outbox(id, wire, status, attempts) VALUES (?, ?, ?, 1)");
        for (int n = 1; n <= 5; ++n) {
            row.reset();
            row.bind(1, sample(n).id.to_string());
            row.bind(2, encode_submission(sample(n)).dump());
            row.bind(3, n == 2 ? "dead" : n == 3 ? "pending" : "sent");
            row.exec();
        }
        db.exec("DELETE FROM outbox WHERE seq IN (4, 5)");
        db.exec("INSERT INTO dead_letters VALUES (2, 'unknown_department', 'submissions[0].department', 'no SCT', 7)");
    }
    Outbox box(dir.path());
    const OutboxCounts c = box.counts();
    CHECK(c.sent == 1);
    CHECK(c.dead == 1);
    CHECK(c.pending == 1);
    const auto letters = box.dead_letters();
    REQUIRE(letters.size() == 1);
    CHECK(letters[0].submission == sample(2));
    CHECK(letters[0].message == "no SCT");
    // A new row comes after every row ever stored (6, not 4), behind the pending row 3.
    box.save(sample(6), false);
    const auto batch = box.take_batch(10);
    REQUIRE(batch.size() == 2);
    CHECK(batch[0].seq == 3);
    CHECK(batch[0].submission == sample(3));
    CHECK(batch[1].seq == 6);
    // Foreign keys are on again: a dead letter still goes with its row.
    SQLite::Database db((dir.path() / "outbox.db").string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == 4);
    CHECK(db.execAndGet("SELECT count(*) FROM sqlite_sequence WHERE name = 'outbox'").getInt() == 1);
}

TEST_CASE("outbox: a version 1 file is upgraded and its code sequence goes on", "[outbox]") {
    test::TempDir dir;
    {
        // What the previous release left: schema 1, kiosk number 9, five codes issued, one row.
        SQLite::Database db((dir.path() / "outbox.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec(R"sql(
            CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, wire TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'dead')), attempts INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX outbox_status ON outbox(status, seq);
            CREATE TABLE dead_letters (seq INTEGER PRIMARY KEY REFERENCES outbox(seq) ON DELETE CASCADE, code TEXT NOT NULL,
                field TEXT NOT NULL, message TEXT NOT NULL, at_us INTEGER NOT NULL);
            CREATE TABLE kiosk_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
            INSERT INTO kiosk_state VALUES ('kiosk_number', 9), ('last_tracking_sequence', 5);
            PRAGMA user_version = 1;
        )sql");
        SQLite::Statement row(db, "INSERT INTO outbox(id, wire, status) VALUES (?, ?, 'pending')");
        row.bind(1, sample(1).id.to_string());
        row.bind(2, encode_submission(sample(1)).dump());
        row.exec();
    }
    Outbox box(dir.path());
    CHECK(box.counts().pending == 1);
    CHECK(box.kiosk_number() == 9);
    const std::string code = *box.save(sample(2), true).tracking_code;
    CHECK(code == tracking_code::make(9, SequencePermutation(stored_key(dir.path())).apply(6)));
}

TEST_CASE("outbox: a row saved survives the process dying the moment save() returns", "[outbox]") {
    test::TempDir dir;
    const Submission s = sample(7);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // No destructor, no close, no flush: like kill -9 right after the citizen is thanked.
        try {
            Outbox box(dir.path());
            box.save(s, false);
        } catch (...) {
            _exit(1);
        }
        _exit(0);
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    Outbox box(dir.path());
    CHECK(box.find(s.id) == s);
    CHECK(box.counts().pending == 1);
}

TEST_CASE("outbox: rows left sending by a crash are pending again on open, oldest first", "[outbox]") {
    test::TempDir dir;
    {
        Outbox box(dir.path());
        for (int n = 1; n <= 3; ++n) box.save(sample(n), false);
        const auto taken = box.take_batch(2);
        REQUIRE(taken.size() == 2);
        CHECK(box.take_batch(10).size() == 1);  // only the third was still pending
        // Closed with all three `sending`, as a crash mid-upload leaves them.
    }
    Outbox box(dir.path());
    CHECK(box.counts().pending == 3);
    const auto batch = box.take_batch(10);
    REQUIRE(batch.size() == 3);
    // Oldest first; each was taken once before, so this is its second attempt.
    CHECK(batch[0].submission.id == sample(1).id);
    CHECK(batch[1].submission.id == sample(2).id);
    CHECK(batch[2].submission.id == sample(3).id);
    CHECK(batch[0].attempts == 2);
    CHECK(batch[2].attempts == 2);
    CHECK(batch[0].seq < batch[1].seq);
}

TEST_CASE("outbox: an id saved twice is stored once, and the first one stands", "[outbox]") {
    test::TempDir dir;
    Outbox box(dir.path());
    const Submission first = sample(1);
    box.save(first, false);
    Submission again = first;
    again.rating = Rating{3, 1};
    CHECK(box.save(again, false) == first);
    CHECK(box.counts().pending == 1);
    CHECK(box.find(first.id)->rating == Rating{3, 2});
}

TEST_CASE("outbox: tracking codes are issued in sequence with the row and continue after reopening", "[outbox]") {
    test::TempDir dir;
    std::vector<std::string> codes;
    {
        Outbox box(dir.path());
        CHECK_FALSE(box.kiosk_number().has_value());
        box.set_kiosk_number(7);
        for (int n = 1; n <= 3; ++n) codes.push_back(*box.save(sample(n), true).tracking_code);
        // A submission without a complaint takes no number from the sequence.
        CHECK_FALSE(box.save(sample(4), false).tracking_code.has_value());
        // Saving an id again returns the stored row and consumes no number.
        CHECK(box.save(sample(2), true).tracking_code == codes[1]);
    }
    Outbox box(dir.path());
    CHECK(box.kiosk_number() == 7);
    codes.push_back(*box.save(sample(5), true).tracking_code);
    CHECK(box.find(sample(5).id)->tracking_code == codes[3]);

    // Kiosk 7's complaints 1, 2, 3, then 4 after the restart, shuffled with the key in the file
    // (read here straight from SQLite), and read back by the code's own parser.
    const SequencePermutation shuffle(stored_key(dir.path()));
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const std::int64_t sequence = shuffle.apply(static_cast<std::int64_t>(i + 1));
        CHECK(codes[i] == tracking_code::make(7, sequence));
        CHECK(tracking_code::parse(codes[i]) == tracking_code::Parts{7, sequence});
    }
}

TEST_CASE("outbox: without a kiosk number no code is issued, a bad number is refused", "[outbox]") {
    test::TempDir dir;
    Outbox box(dir.path());
    CHECK_FALSE(box.save(sample(1), true).tracking_code.has_value());
    CHECK_THROWS_AS(box.set_kiosk_number(0), std::out_of_range);
    CHECK_THROWS_AS(box.set_kiosk_number(tracking_code::max_kiosk_number + 1), std::out_of_range);
    CHECK_FALSE(box.kiosk_number().has_value());
    // The number arrives (from the server's configuration): the first code is complaint 1.
    box.set_kiosk_number(3);
    const std::string code = *box.save(sample(2), true).tracking_code;
    CHECK(code == tracking_code::make(3, SequencePermutation(stored_key(dir.path())).apply(1)));
}

TEST_CASE("outbox: codes stay unique when two threads save at once", "[outbox]") {
    test::TempDir dir;
    Outbox box(dir.path());
    box.set_kiosk_number(12);
    constexpr int per_thread = 25;
    std::vector<std::string> a, b;
    std::thread t1([&] {
        for (int n = 0; n < per_thread; ++n) a.push_back(*box.save(sample(n), true).tracking_code);
    });
    std::thread t2([&] {
        for (int n = per_thread; n < 2 * per_thread; ++n) b.push_back(*box.save(sample(n), true).tracking_code);
    });
    t1.join();
    t2.join();
    std::set<std::string> all(a.begin(), a.end());
    all.insert(b.begin(), b.end());
    // 50 saves, 50 different codes, and they are exactly complaints 1..50 of kiosk 12 (shuffled).
    CHECK(all.size() == 2 * per_thread);
    std::set<std::string> expected;
    const SequencePermutation shuffle(stored_key(dir.path()));
    for (int i = 1; i <= 2 * per_thread; ++i) expected.insert(tracking_code::make(12, shuffle.apply(i)));
    CHECK(all == expected);
    CHECK(box.counts().pending == 2 * per_thread);
}

TEST_CASE("outbox: sent, dead and released rows, and the dead letters with the server's reason", "[outbox]") {
    test::TempDir dir;
    {
        Outbox box(dir.path());
        for (int n = 1; n <= 4; ++n) box.save(sample(n), false);
        const auto batch = box.take_batch(3);
        REQUIRE(ids_of(batch) == std::vector<Uuid>{sample(1).id, sample(2).id, sample(3).id});
        box.mark_sent({sample(1).id});
        box.mark_dead(sample(2).id, "unknown_department", "submissions[1].department", "unknown department SCT",
                      at("2026-11-20T08:20:00+07:00"));
        box.release({sample(3).id});
        // Pending: 3 (released) and 4 (never taken).
        const OutboxCounts c = box.counts();
        CHECK(c.pending == 2);
        CHECK(c.sent == 1);
        CHECK(c.dead == 1);
        // The first answer stands: a late "sent" for a dead row changes nothing.
        box.mark_sent({sample(2).id});
        CHECK(box.counts().dead == 1);
    }
    Outbox box(dir.path());
    const auto letters = box.dead_letters();
    REQUIRE(letters.size() == 1);
    CHECK(letters[0].submission == sample(2));
    CHECK(letters[0].code == "unknown_department");
    CHECK(letters[0].field == "submissions[1].department");
    CHECK(letters[0].message == "unknown department SCT");
    CHECK(letters[0].at == at("2026-11-20T08:20:00+07:00"));
    CHECK(ids_of(box.take_batch(10)) == std::vector<Uuid>{sample(3).id, sample(4).id});
}

TEST_CASE("outbox: prune_sent keeps only the newest sent rows", "[outbox]") {
    test::TempDir dir;
    Outbox box(dir.path());
    for (int n = 1; n <= 5; ++n) box.save(sample(n), false);
    box.save(sample(6), false);  // stays pending: never pruned
    auto batch = box.take_batch(5);
    box.mark_sent(ids_of(batch));
    // 5 sent, keep 2: rows 1, 2, 3 go.
    CHECK(box.prune_sent(2) == 3);
    CHECK_FALSE(box.find(sample(3).id).has_value());
    CHECK(box.find(sample(4).id).has_value());
    CHECK(box.find(sample(6).id).has_value());
    const OutboxCounts c = box.counts();
    CHECK(c.sent == 2);
    CHECK(c.pending == 1);
}

TEST_CASE("outbox: a submission the contract refuses is not stored", "[outbox]") {
    test::TempDir dir;
    Outbox box(dir.path());
    Submission bad = sample(1);
    bad.rating = Rating{3, 4};
    CHECK_THROWS_AS(box.save(bad, false), InputError);
    CHECK(box.counts().pending == 0);
    CHECK_FALSE(box.find(bad.id).has_value());
}

TEST_CASE("outbox: a file from a newer program is refused and left as it was", "[outbox]") {
    test::TempDir dir;
    { Outbox box(dir.path()); }
    {
        SQLite::Database db((dir.path() / "outbox.db").string(), SQLite::OPEN_READWRITE);
        db.exec("PRAGMA user_version=99");
    }
    CHECK_THROWS_AS(Outbox(dir.path()), std::runtime_error);
    SQLite::Database db((dir.path() / "outbox.db").string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == 99);
}

TEST_CASE("outbox: a rating kept open is not sent, is amended under its id, and save() completes it", "[outbox][open]") {
    test::TempDir dir;
    Outbox box(dir.path());
    box.set_kiosk_number(4);
    Submission face = sample(1);
    face.reasons.clear();
    face.comment.reset();
    face.rating = Rating{3, 1};
    CHECK(box.keep_open(face));
    CHECK(box.find(face.id) == face);
    CHECK(box.counts().open == 1);
    CHECK(box.counts().pending == 0);
    CHECK(box.take_batch(10).empty());  // open: the uploader does not take it

    Submission more = face;
    more.reasons = {"slow"};
    more.tracking_code = "ignored";  // an open row never holds a code
    CHECK(box.keep_open(more));
    more.tracking_code.reset();
    CHECK(box.find(face.id) == more);
    CHECK(box.counts().open == 1);

    // "Gửi" with a complaint: the same row, complete, pending, with kiosk 4's first code.
    Submission complete = more;
    complete.comment = "Chờ lâu";
    const Submission stored = box.save(complete, true);
    CHECK(stored.tracking_code == tracking_code::make(4, SequencePermutation(stored_key(dir.path())).apply(1)));
    CHECK(box.counts().open == 0);
    CHECK(box.counts().pending == 1);
    const auto batch = box.take_batch(10);
    REQUIRE(batch.size() == 1);
    CHECK(batch[0].seq == 1);  // the row of the face tap: its place in the queue is kept
    CHECK(batch[0].submission == stored);

    // An amendment that comes after the save changes nothing, and takes no code.
    CHECK_FALSE(box.keep_open(face));
    CHECK(box.find(face.id) == stored);
}

TEST_CASE("outbox: a rating left open by a process that died is pending on the next open, as last kept", "[outbox][open]") {
    test::TempDir dir;
    Submission face = sample(9);
    face.reasons.clear();
    face.comment.reset();
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // The face tap kept, then the process dies at once: no destructor, no close, no flush.
        try {
            Outbox box(dir.path());
            box.keep_open(face);
        } catch (...) {
            _exit(1);
        }
        _exit(0);
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    Outbox box(dir.path());
    CHECK(box.counts().open == 0);
    CHECK(box.counts().pending == 1);
    const auto batch = box.take_batch(10);
    REQUIRE(batch.size() == 1);
    CHECK(batch[0].submission == face);
    // Its session is over: a late amendment cannot reopen it.
    CHECK_FALSE(box.keep_open(sample(9)));
}

TEST_CASE("outbox: a duty event is stored durably, once, and sent in its own queue beside the ratings", "[outbox][duty]") {
    test::TempDir dir;
    {
        Outbox box(dir.path());
        CHECK(box.save_duty(duty(1)));
        CHECK_FALSE(box.save_duty(duty(1)));  // the same id again: stored once
        box.save(sample(1), false);
        CHECK(box.save_duty(duty(2, DutyKind::sign_out, "2026-12-07T11:30:00+07:00")));
    }
    Outbox box(dir.path());
    const OutboxCounts c = box.counts();
    CHECK(c.pending == 1);  // the submission
    CHECK(c.duty_pending == 2);
    // The submissions' queue holds submissions only, the duty queue duty events only, each
    // oldest first.
    const auto ratings = box.take_batch(10);
    REQUIRE(ratings.size() == 1);
    CHECK(ratings[0].submission == sample(1));
    const auto events = box.take_duty_batch(10);
    REQUIRE(events.size() == 2);
    CHECK(events[0].event == duty(1));
    CHECK(events[1].event == duty(2, DutyKind::sign_out, "2026-12-07T11:30:00+07:00"));
    CHECK(events[0].wire == R"({"at":"2026-12-07T07:30:05+07:00","event":"sign_in","id":")" + duty(1).id.to_string() +
                                R"(","method":"card","officer":"SCT-007"})");
    CHECK(box.duty_status(duty(1).id) == "sending");
    CHECK_FALSE(box.find(duty(1).id));  // not a submission
    // Marked by id as submissions are.
    box.mark_sent({duty(1).id});
    box.release({duty(2).id});
    CHECK(box.duty_status(duty(1).id) == "sent");
    CHECK(box.duty_status(duty(2).id) == "pending");
    CHECK(box.last_duty() == duty(2, DutyKind::sign_out, "2026-12-07T11:30:00+07:00"));
}

TEST_CASE("outbox: a duty event left sending by a crash is pending again on open", "[outbox][duty]") {
    test::TempDir dir;
    {
        Outbox box(dir.path());
        box.save_duty(duty(1));
        REQUIRE(box.take_duty_batch(10).size() == 1);
    }
    Outbox box(dir.path());
    CHECK(box.duty_status(duty(1).id) == "pending");
    const auto again = box.take_duty_batch(10);
    REQUIRE(again.size() == 1);
    CHECK(again[0].attempts == 2);
}

TEST_CASE("outbox: a sign-in without an officer is refused and nothing is stored", "[outbox][duty]") {
    test::TempDir dir;
    Outbox box(dir.path());
    DutyEvent bad = duty(1);
    bad.officer.reset();
    CHECK_THROWS_AS(box.save_duty(bad), InputError);
    CHECK(box.counts().duty_pending == 0);
    CHECK_FALSE(box.last_duty());
}

TEST_CASE("outbox: a version 3 file is upgraded: its rows are submissions, duty events go beside them", "[outbox][duty]") {
    test::TempDir dir;
    {
        // What the issue 18 release left: schema 3 with an open row, a pending one and a sent one.
        SQLite::Database db((dir.path() / "outbox.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec(R"sql(
            CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, wire TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('open', 'pending', 'sending', 'sent', 'dead')),
                attempts INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX outbox_status ON outbox(status, seq);
            CREATE TABLE dead_letters (seq INTEGER PRIMARY KEY REFERENCES outbox(seq) ON DELETE CASCADE, code TEXT NOT NULL,
                field TEXT NOT NULL, message TEXT NOT NULL, at_us INTEGER NOT NULL);
            CREATE TABLE kiosk_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
            CREATE TABLE kiosk_secrets (key TEXT PRIMARY KEY, value BLOB NOT NULL);
            PRAGMA user_version = 3;
        )sql");
        SQLite::Statement row(db, "INSERT INTO outbox(id, wire, status, attempts) VALUES (?, ?, ?, 0)");
        for (int n = 1; n <= 3; ++n) {
            row.reset();
            row.bind(1, sample(n).id.to_string());
            row.bind(2, encode_submission(sample(n)).dump());
            row.bind(3, n == 1 ? "open" : n == 2 ? "pending" : "sent");
            row.exec();
        }
    }
    Outbox box(dir.path());
    const OutboxCounts c = box.counts();
    CHECK(c.pending == 2);  // the open row of a process that is gone, and the pending one
    CHECK(c.sent == 1);
    CHECK(c.duty_pending == 0);
    box.save_duty(duty(1));
    const auto batch = box.take_batch(10);
    REQUIRE(batch.size() == 2);
    CHECK(batch[0].submission == sample(1));
    CHECK(batch[1].submission == sample(2));
    const auto events = box.take_duty_batch(10);
    REQUIRE(events.size() == 1);
    CHECK(events[0].seq == 4);  // after every row of the old file
    SQLite::Database db((dir.path() / "outbox.db").string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == 4);
    CHECK(db.execAndGet("SELECT count(*) FROM outbox WHERE kind = 'submission'").getInt() == 3);
}
