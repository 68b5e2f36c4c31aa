#pragma once
// GET /api/v1/indices and GET /api/v1/indices/trend without the HTTP (api-v1.md "Indices";
// docs/api.md has every parameter; docs/indices.md every figure). Reads rollups only, never the
// raw submissions.
//
//   /api/v1/indices?group=department|officer|service|kiosk&from=YYYY-MM-DD&to=YYYY-MM-DD
//                   [&period=2026|2026-Q4|2026-11|2026-W47|2026-11-20 instead of from/to]
//                   [&department=CODE][&include_flagged=true][&format=json|csv]
//   /api/v1/indices/trend?interval=day|week|month&from=..&to=..|period=..
//                   [&department=CODE][&group=officer|service|kiosk&key=CODE][&include_flagged=true]
//                   [&format=json|csv]
//
// Every answer states when it was made and under which rules (report_rules.hpp): "made_at" and
// "rules" in JSON, two last columns in CSV.
//
// Access: admins and analysts see every department; managers only their own (another department
// is 403, no department means all of theirs). Nothing here carries comment, contact or dossier
// text, so analysts may read all of it.
//
// Thread safety: the methods may be called from any number of threads at once.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hailong/indices.hpp"
#include "hailong/server/api/answer.hpp"
#include "hailong/server/api/request_scope.hpp"
#include "hailong/server/store/store.hpp"

namespace hailong::server {

class IndicesService {
public:
    /// `store` must outlive the service; `now` gives the time every answer states it was made at.
    IndicesService(Store& store, IndicesSettings settings = {}, Now now = system_now);

    /// The indices of every group (JSON, or CSV with a BOM when format=csv), or a 400/403 error.
    Answer indices(const User& user, const QueryParams& params, std::string_view lang);
    /// A series of satisfaction rates per day, ISO week or month.
    Answer trend(const User& user, const QueryParams& params, std::string_view lang);

private:
    Store& store_;
    IndicesSettings settings_;
    Now now_;
};

}  // namespace hailong::server
