#include "hailong/server/store/open_store.hpp"

#include "hailong/server/store/postgres_store.hpp"
#include "hailong/server/store/sqlite_store.hpp"

namespace hailong::server {

std::unique_ptr<Store> open_store(const StoreLocation& where, StoreOptions options) {
    if (where.data_dir.empty() == where.database_url.empty()) throw MessageError(Message("server.option.store_choice"));
    if (!where.data_dir.empty()) return std::make_unique<SqliteStore>(where.data_dir, options);
    if (where.database_url.rfind("postgresql://", 0) != 0 && where.database_url.rfind("postgres://", 0) != 0)
        throw MessageError(Message("server.option.database_url"));
    return std::make_unique<PostgresStore>(where.database_url, 8, options);
}

}  // namespace hailong::server
