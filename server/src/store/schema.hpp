#pragma once
// Each store's schema as the list of its migrations: entry i is the SQL that moves a database
// from version i to version i + 1, so the list's length is the version this build writes. Never
// edit an entry that has shipped: add one. The two lists build the same tables with the same
// numbers (times in microseconds since the Unix epoch, local days since the epoch), so that the
// store contract test holds on both. After versions 8 (kiosk numbers from stored tracking codes)
// and 9 (the rollups, rebuilt from every stored submission) each store backfills in C++, in the
// same transaction. Private to the store wing.

#include <span>

namespace hailong::server::schema {

std::span<const char* const> sqlite_migrations();
std::span<const char* const> postgres_migrations();

}  // namespace hailong::server::schema
