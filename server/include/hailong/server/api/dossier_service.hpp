#pragma once
// The dossier endpoints without HTTP (docs/api.md, "Dossier events"):
//   POST /api/v1/dossiers           the one-stop software's events (an integration account);
//   GET  /api/v1/dossiers/unlinked  how many ratings name a dossier code that no record and no
//                                   event knows, per department (admins, managers, analysts).
// The kiosk's look-up of one code is KioskApi::dossier.
//
// Thread safety: every member may be called from any number of threads at once.

#include <cstddef>
#include <string_view>

#include "hailong/server/api/answer.hpp"
#include "hailong/server/api/request_scope.hpp"

namespace hailong::server {

class DossierService {
public:
    /// Largest request body accepted (413 above): 500 events are far below it.
    static constexpr std::size_t max_body_bytes = 4 * 1024 * 1024;

    /// `store` must outlive the service; `clock` gives the arrival time; `window` which `at`
    /// are believed (as a rating's created_at).
    DossierService(Store& store, Now clock, DateWindow window = {}, IndicesSettings settings = {});

    /// Stores a batch for `user`, whom the caller authenticated (AuthService::integration); any
    /// role but integration is 403. 400 for a body that is not {"events": [...]}, 413 for a
    /// body over max_body_bytes or more than 500 events; otherwise 200 with one result per event,
    /// in order, sent after the commit. Throws std::runtime_error if the store fails.
    Answer post_events(const User& user, std::string_view body, std::string_view lang);

    /// `from`/`to` or `period` and an optional `department`, read as the indices read them:
    /// 200 {"from", "to", "department", "departments": [{"department", "ratings_with_dossier",
    /// "unlinked"}]}.
    Answer unlinked(const User& user, const QueryParams& params, std::string_view lang);

private:
    Store& store_;
    Now clock_;
    DateWindow window_;
    IndicesSettings settings_;
};

}  // namespace hailong::server
