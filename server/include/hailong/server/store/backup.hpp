#pragma once
// Backups of the embedded SQLite store (`hailong-admin backup DIR` / `restore DIR`).
//
// A backup directory holds hailong.db, a consistent copy made with SQLite's online backup API
// (one step over a read transaction: a server may keep ingesting while it runs, and the copy is
// the store as of one commit), and manifest.json: the schema version, row counts, when it was
// made, from where, the copy's size and SHA-256. PostgreSQL stores are backed up with pg_dump
// (docs/operations.md), not here.
//
// Errors: StoreError with a catalogue key (admin.backup.*, admin.restore.*) naming the file at
// fault; nothing is left half written (copies go to a temporary file renamed into place).
// Thread safety: free functions; they open their own connections.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace hailong::server {

struct BackupManifest {
    int schema_version = 0;
    std::map<std::string, std::int64_t> counts;  ///< rows per table: submissions, complaint_cases, ...
    std::string made_at;                          ///< RFC 3339, UTC
    std::string source;                           ///< the data directory copied
    std::uint64_t bytes = 0;
    std::string sha256;  ///< of hailong.db in the backup, lowercase hex
};

/// Copies `data_dir`/hailong.db into `backup_dir` (created if missing; refused if it already holds
/// a backup), checks the copy (PRAGMA integrity_check) and writes manifest.json.
BackupManifest backup_sqlite(const std::filesystem::path& data_dir, const std::filesystem::path& backup_dir);

/// Checks the backup in `backup_dir` (manifest present and matching the copy's SHA-256, integrity
/// check, schema version as the manifest says and not newer than this program's) and copies it to
/// `data_dir`/hailong.db. A `data_dir` that exists and is not empty is refused unless `overwrite`
/// (then only hailong.db and its -wal/-shm files are replaced; stop the server first). The store
/// is not opened: its schema is brought up to date by the next open. Returns the backup's manifest.
BackupManifest restore_sqlite(const std::filesystem::path& backup_dir, const std::filesystem::path& data_dir, bool overwrite);

/// The manifest's text (JSON, one object) and its reverse; read_manifest throws StoreError
/// (admin.restore.manifest) on a file it cannot read or understand.
std::string manifest_json(const BackupManifest& manifest);
BackupManifest read_manifest(const std::filesystem::path& file);

}  // namespace hailong::server
