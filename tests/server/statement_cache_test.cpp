// The SQLite store's per-connection cache of prepared statements (server/src/store/statement_cache.hpp).
#include <filesystem>

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include "../../server/src/store/statement_cache.hpp"
#include "support/temp_dir.hpp"

using hailong::server::StatementCache;

namespace {

// A WAL database with the numbers 1, 2, 3 in table t.
SQLite::Database numbers_db(const std::filesystem::path& dir) {
    SQLite::Database db((dir / "t.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("CREATE TABLE t(n INTEGER); INSERT INTO t VALUES (1), (2), (3)");
    return db;
}

}  // namespace

TEST_CASE("statement cache: the same text is prepared once and lent again", "[sqlite]") {
    hailong::test::TempDir dir;
    SQLite::Database db = numbers_db(dir.path());
    StatementCache cache(db);
    const SQLite::Statement* first = nullptr;
    {
        const auto st = cache.use("SELECT n FROM t WHERE n = ?");
        first = &*st;
        st->bind(1, 2);
        REQUIRE(st->executeStep());
        CHECK(st->getColumn(0).getInt() == 2);
    }
    const auto again = cache.use("SELECT n FROM t WHERE n = ?");
    CHECK(&*again == first);
}

TEST_CASE("statement cache: a statement comes back reset, its bindings cleared", "[sqlite]") {
    hailong::test::TempDir dir;
    SQLite::Database db = numbers_db(dir.path());
    StatementCache cache(db);
    {
        const auto st = cache.use("SELECT n, ?1 IS NULL FROM t WHERE n >= COALESCE(?1, 0) ORDER BY n");
        st->bind(1, 2);
        REQUIRE(st->executeStep());  // left on its first row, 2
        CHECK(st->getColumn(0).getInt() == 2);
    }
    const auto st = cache.use("SELECT n, ?1 IS NULL FROM t WHERE n >= COALESCE(?1, 0) ORDER BY n");
    REQUIRE(st->executeStep());  // from the start, with ?1 NULL again: every row, first 1
    CHECK(st->getColumn(0).getInt() == 1);
    CHECK(st->getColumn(1).getInt() == 1);
}

TEST_CASE("statement cache: the same text lent twice at once gives two statements", "[sqlite]") {
    hailong::test::TempDir dir;
    SQLite::Database db = numbers_db(dir.path());
    StatementCache cache(db);
    const auto outer = cache.use("SELECT n FROM t ORDER BY n");
    const auto inner = cache.use("SELECT n FROM t ORDER BY n");
    CHECK(&*outer != &*inner);
    REQUIRE(outer->executeStep());
    REQUIRE(inner->executeStep());
    REQUIRE(inner->executeStep());
    CHECK(outer->getColumn(0).getInt() == 1);  // each keeps its own place
    CHECK(inner->getColumn(0).getInt() == 2);
}

TEST_CASE("statement cache: a statement given back mid-read holds no read transaction", "[sqlite]") {
    // A statement left mid-step keeps its connection in a read transaction, and a checkpoint
    // cannot then copy the WAL past that reader's snapshot (SqliteStore::ingest's comment).
    hailong::test::TempDir dir;
    SQLite::Database db = numbers_db(dir.path());
    SQLite::Database reader((dir.path() / "t.db").string(), SQLite::OPEN_READONLY);
    StatementCache cache(reader);
    auto checkpoint_busy = [&] {
        db.exec("INSERT INTO t VALUES (4)");  // a frame the checkpoint must copy
        SQLite::Statement ck(db, "PRAGMA wal_checkpoint(TRUNCATE)");
        REQUIRE(ck.executeStep());
        return ck.getColumn(0).getInt();  // 1: blocked by a reader
    };
    {
        const auto st = cache.use("SELECT n FROM t ORDER BY n");
        REQUIRE(st->executeStep());
        CHECK(checkpoint_busy() == 1);  // the check can fail: a reader mid-step does block it
    }
    CHECK(checkpoint_busy() == 0);
}
