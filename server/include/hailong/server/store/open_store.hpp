#pragma once
// Where a program's data lives (api-v1.md): `--data DIR` (embedded SQLite, created if missing) or
// `--database postgresql://...` (several server processes sharing one PostgreSQL).

#include <memory>
#include <string>

#include "hailong/server/store/store.hpp"

namespace hailong::server {

struct StoreLocation {
    std::string data_dir;      ///< --data
    std::string database_url;  ///< --database
};

/// Opens the store named by `where`, bringing its schema up to date. Throws MessageError when
/// neither or both are given or the URL is not postgresql://; StoreError / std::runtime_error
/// when the store cannot be opened.
std::unique_ptr<Store> open_store(const StoreLocation& where, StoreOptions options = {});

}  // namespace hailong::server
