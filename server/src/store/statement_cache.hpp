#pragma once
// Prepared statements kept per SQLite connection. Preparing is what a short query mostly costs:
// profiled under the ingest benchmark (docs/performance.md), sqlite3_prepare_v2 took a fifth of
// hailong-server's CPU, for the kiosk token look-up of every request and the ingest statements of
// every group commit. A cache lends a prepared statement and takes it back reset, with its
// bindings cleared, so a statement never holds a read transaction open past its use (one left
// mid-step would keep SQLite's checkpoint from ever completing; see SqliteStore::ingest).
//
// Thread safety: none. A cache belongs to one connection and is used by whoever holds that
// connection (a ReadPool lease, or the store's writer mutex). Only for fixed SQL texts: every
// distinct text stays prepared for the connection's life.

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace hailong::server {

class StatementCache {
public:
    explicit StatementCache(SQLite::Database& db) : db_(db) {}
    StatementCache(const StatementCache&) = delete;
    StatementCache& operator=(const StatementCache&) = delete;

    /// A prepared statement on loan; given back (reset, bindings cleared) when this goes.
    class Use {
    public:
        Use(StatementCache& cache, std::string sql, std::unique_ptr<SQLite::Statement> st)
            : cache_(&cache), sql_(std::move(sql)), st_(std::move(st)) {}
        Use(Use&& other) noexcept = default;
        Use& operator=(Use&&) = delete;
        Use(const Use&) = delete;
        Use& operator=(const Use&) = delete;
        ~Use() {
            if (!st_) return;  // moved from
            st_->tryReset();
            try {
                st_->clearBindings();  // sqlite3_clear_bindings cannot fail; SQLiteCpp's signature can throw
            } catch (...) {
                return;  // not given back: dropped and finalised
            }
            cache_->free_[std::move(sql_)].push_back(std::move(st_));
        }
        SQLite::Statement& operator*() const { return *st_; }
        SQLite::Statement* operator->() const { return st_.get(); }

    private:
        StatementCache* cache_;
        std::string sql_;
        std::unique_ptr<SQLite::Statement> st_;
    };

    /// The statement for `sql`, prepared now only if none is free (the first use, or the same
    /// text lent twice at once).
    Use use(std::string_view sql) {
        std::string key(sql);
        if (const auto it = free_.find(key); it != free_.end() && !it->second.empty()) {
            auto st = std::move(it->second.back());
            it->second.pop_back();
            return Use(*this, std::move(key), std::move(st));
        }
        auto st = std::make_unique<SQLite::Statement>(db_, key);
        return Use(*this, std::move(key), std::move(st));
    }

private:
    SQLite::Database& db_;
    std::unordered_map<std::string, std::vector<std::unique_ptr<SQLite::Statement>>> free_;
};

}  // namespace hailong::server
