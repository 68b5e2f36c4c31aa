#pragma once
// Backends and sample data for the store contract test: the same test cases run against every
// Store implementation, each on a fresh database.
#include <memory>
#include <string>

#include "hailong/server/sqlite_store.hpp"
#include "support/temp_dir.hpp"

namespace hailong::test {

struct SqliteBackend {
    static constexpr const char* name = "sqlite";
    TempDir dir;
    server::SqliteStore store{dir.path()};
};

/// A valid submission for department SCT made at `created` (RFC 3339).
inline Submission sample_submission(const std::string& created = "2026-11-20T08:15:30+07:00") {
    Submission s;
    s.id = Uuid::random_v4();
    s.created_at = *parse_rfc3339(created);
    s.department = "SCT";
    s.officer = "SCT-001";
    s.rating = Rating{3, 3};
    return s;
}

/// Two departments, three officers and kiosk K-SCT-01 at SCT.
inline void seed_organisation(server::Store& store) {
    store.import_organisation({{"SCT", "Sở Công Thương"}, {"STTTT", "Sở Thông tin và Truyền thông"}},
                              {{"SCT-001", "Nguyễn Văn An", "SCT"},
                               {"SCT-002", "Trần Thị Bình", "SCT"},
                               {"STTTT-001", "Lê Văn Cường", "STTTT"}});
    store.add_kiosk({"K-SCT-01", "SCT", false}, "hash-of-kiosk-token");
}

}  // namespace hailong::test
