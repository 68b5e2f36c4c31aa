#include "hailong/server/store/backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "hailong/message.hpp"
#include "hailong/server/store/sqlite_store.hpp"
#include "hailong/server/store/store.hpp"
#include "hailong/time.hpp"

namespace hailong::server {
namespace {

namespace fs = std::filesystem;

constexpr const char* db_name = "hailong.db";
constexpr const char* manifest_name = "manifest.json";
constexpr const char* manifest_format = "hailong-sqlite-backup-1";
// The tables whose rows the manifest counts, when the schema has them.
constexpr std::array counted_tables = {"departments", "officers",        "kiosks",          "users",          "submissions",
                                       "rollups",     "dossier_records", "complaint_cases", "complaint_events"};

struct DbClose {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, DbClose>;

[[noreturn]] void failed(std::string_view step, std::string reason) {
    throw StoreError(Message("admin.backup.failed", {{"step", std::string(step)}, {"reason", std::move(reason)}}));
}

Db open_db(const fs::path& path, int flags) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    Db db(raw);
    if (rc != SQLITE_OK) failed("open " + path.string(), raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc));
    sqlite3_busy_timeout(db.get(), 10000);
    return db;
}

// Runs a query and returns the first column of every row as text.
std::vector<std::string> column(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) failed(sql, sqlite3_errmsg(db));
    std::vector<std::string> out;
    int rc = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const auto* text = sqlite3_column_text(st, 0);
        out.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) failed(sql, sqlite3_errmsg(db));
    return out;
}

// One backup step over the whole file: a single read transaction, so the copy is the store as of
// one commit even while a server writes. Steps of a few pages would restart each time the server
// committed and, under steady ingest, might never finish.
void copy_database(sqlite3* from, const fs::path& to) {
    const Db dest = open_db(to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    sqlite3_backup* b = sqlite3_backup_init(dest.get(), "main", from, "main");
    if (b == nullptr) failed("sqlite3_backup_init", sqlite3_errmsg(dest.get()));
    int rc = 0;
    for (int attempt = 0; attempt < 500; ++attempt) {
        rc = sqlite3_backup_step(b, -1);
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) failed("sqlite3_backup_step", sqlite3_errstr(rc));
    // The copy stands alone: its own journal, its pages on disk before it is renamed into place.
    sqlite3_exec(dest.get(), "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
}

void check_integrity(sqlite3* db, const fs::path& path) {
    const auto result = column(db, "PRAGMA integrity_check");
    if (result.size() != 1 || result[0] != "ok") {
        std::string problem;
        for (std::size_t i = 0; i < result.size() && i < 5; ++i) problem += (i ? "; " : "") + result[i];
        throw StoreError(Message("admin.backup.integrity", {{"path", path.string()}, {"problem", problem}}));
    }
}

int user_version(sqlite3* db) { return std::stoi(column(db, "PRAGMA user_version").at(0)); }

std::map<std::string, std::int64_t> count_rows(sqlite3* db) {
    std::map<std::string, std::int64_t> counts;
    const auto tables = column(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
    for (const char* t : counted_tables) {
        if (std::find(tables.begin(), tables.end(), t) == tables.end()) continue;
        counts[t] = std::stoll(column(db, std::string("SELECT count(*) FROM ") + t).at(0));
    }
    return counts;
}

std::string sha256_of(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) failed("read " + path.string(), std::strerror(errno));
    // libsodium's SHA-256 (the store wing links libsodium for the credentials, not OpenSSL).
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    std::vector<char> buffer(1 << 16);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        if (in.gcount() > 0) {
            crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(buffer.data()),
                                      static_cast<unsigned long long>(in.gcount()));
        }
    }
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256_final(&state, digest.data());
    const std::size_t n = digest.size();
    std::string hex;
    for (std::size_t i = 0; i < n; ++i) {
        char two[3];
        std::snprintf(two, sizeof two, "%02x", digest[i]);
        hex += two;
    }
    return hex;
}

void fsync_path(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) failed("open " + path.string(), std::strerror(errno));
    const int rc = ::fsync(fd);
    const int saved = errno;
    ::close(fd);
    if (rc != 0) failed("fsync " + path.string(), std::strerror(saved));
}

void write_text(const fs::path& path, const std::string& text) {
    const fs::path tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out.flush()) failed("write " + tmp.string(), std::strerror(errno));
    }
    fsync_path(tmp);
    fs::rename(tmp, path);
}

bool is_empty_dir(const fs::path& dir) {
    std::error_code ec;
    return !fs::exists(dir, ec) || fs::is_empty(dir, ec);
}

}  // namespace

std::string manifest_json(const BackupManifest& m) {
    nlohmann::json j = {{"format", manifest_format}, {"schema_version", m.schema_version}, {"made_at", m.made_at},
                        {"source", m.source},        {"bytes", m.bytes},                   {"sha256", m.sha256},
                        {"counts", m.counts}};
    return j.dump(2) + "\n";
}

BackupManifest read_manifest(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw StoreError(Message("admin.restore.manifest", {{"path", file.string()}, {"reason", std::strerror(errno)}}));
    try {
        const auto j = nlohmann::json::parse(in);
        if (j.at("format").get<std::string>() != manifest_format) throw std::runtime_error("format is not " + std::string(manifest_format));
        BackupManifest m;
        m.schema_version = j.at("schema_version").get<int>();
        m.made_at = j.at("made_at").get<std::string>();
        m.source = j.at("source").get<std::string>();
        m.bytes = j.at("bytes").get<std::uint64_t>();
        m.sha256 = j.at("sha256").get<std::string>();
        m.counts = j.at("counts").get<std::map<std::string, std::int64_t>>();
        return m;
    } catch (const std::exception& e) {
        throw StoreError(Message("admin.restore.manifest", {{"path", file.string()}, {"reason", e.what()}}));
    }
}

BackupManifest backup_sqlite(const fs::path& data_dir, const fs::path& backup_dir) {
    const fs::path source = data_dir / db_name;
    std::error_code ec;
    if (!fs::is_regular_file(source, ec)) throw StoreError(Message("admin.backup.no_store", {{"path", source.string()}}));
    const fs::path target = backup_dir / db_name;
    for (const auto& p : {target, backup_dir / manifest_name}) {
        if (fs::exists(p, ec)) throw StoreError(Message("admin.backup.exists", {{"path", p.string()}}));
    }
    fs::create_directories(backup_dir, ec);
    if (ec) failed("mkdir " + backup_dir.string(), ec.message());

    const fs::path tmp = target.string() + ".tmp";
    fs::remove(tmp, ec);
    BackupManifest m;
    {
        const Db from = open_db(source, SQLITE_OPEN_READONLY);
        copy_database(from.get(), tmp);
    }
    {
        const Db copy = open_db(tmp, SQLITE_OPEN_READONLY);
        check_integrity(copy.get(), tmp);
        m.schema_version = user_version(copy.get());
        m.counts = count_rows(copy.get());
    }
    fsync_path(tmp);
    fs::rename(tmp, target);
    m.made_at = format_rfc3339(std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now()));
    m.source = fs::absolute(data_dir).lexically_normal().string();
    m.bytes = static_cast<std::uint64_t>(fs::file_size(target));
    m.sha256 = sha256_of(target);
    write_text(backup_dir / manifest_name, manifest_json(m));
    return m;
}

BackupManifest restore_sqlite(const fs::path& backup_dir, const fs::path& data_dir, bool overwrite) {
    const fs::path copy_path = backup_dir / db_name;
    const fs::path manifest_path = backup_dir / manifest_name;
    std::error_code ec;
    for (const auto& p : {manifest_path, copy_path}) {
        if (!fs::is_regular_file(p, ec))
            throw StoreError(Message("admin.restore.not_backup", {{"dir", backup_dir.string()}, {"missing", p.string()}}));
    }
    const BackupManifest m = read_manifest(manifest_path);
    const std::string sha = sha256_of(copy_path);
    if (sha != m.sha256)
        throw StoreError(Message("admin.restore.checksum", {{"path", copy_path.string()}, {"found", sha}, {"expected", m.sha256}}));
    const Db from = open_db(copy_path, SQLITE_OPEN_READONLY);
    check_integrity(from.get(), copy_path);
    const int version = user_version(from.get());
    if (version != m.schema_version)
        throw StoreError(Message("admin.restore.schema_mismatch",
                                 {{"path", copy_path.string()}, {"found", std::to_string(version)}, {"expected", std::to_string(m.schema_version)}}));
    if (version > SqliteStore::schema_version())
        throw StoreError(Message("server.store.schema_newer",
                                 {{"found", std::to_string(version)}, {"supported", std::to_string(SqliteStore::schema_version())}}));
    if (!overwrite && !is_empty_dir(data_dir)) throw StoreError(Message("admin.restore.not_empty", {{"path", data_dir.string()}}));

    fs::create_directories(data_dir, ec);
    if (ec) failed("mkdir " + data_dir.string(), ec.message());
    const fs::path target = data_dir / db_name;
    const fs::path tmp = target.string() + ".tmp";
    fs::remove(tmp, ec);
    copy_database(from.get(), tmp);
    fsync_path(tmp);
    // The old store's write-ahead log must not be replayed onto the restored file.
    fs::remove(target.string() + "-wal", ec);
    fs::remove(target.string() + "-shm", ec);
    fs::rename(tmp, target);
    return m;
}

}  // namespace hailong::server
