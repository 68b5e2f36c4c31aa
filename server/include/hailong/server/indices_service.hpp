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
#include "hailong/server/ingest_service.hpp"
#include "hailong/server/store.hpp"

namespace hailong::server {

/// Query parameters as they came, in order (a repeated name is an error).
using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct IndicesSettings {
    std::int64_t min_responses = indices::default_min_responses;  ///< below this a group is suppressed
    double prior_weight = indices::default_prior_weight;          ///< responses' worth of prior in the shrunk rate
    std::int64_t max_days = 3660;                                  ///< longest range one query may ask for
};

/// The local dates a period text names: "2026" (year), "2026-Q4" (quarter), "2026-11" (month),
/// "2026-W47" (ISO week, Monday to Sunday), "2026-11-20" (day). nullopt if it names none.
std::optional<std::pair<LocalDate, LocalDate>> parse_period(std::string_view text);
/// The ISO week label of a date, e.g. "2026-W47" (the ISO year may differ from the calendar year).
std::string iso_week_label(LocalDate date);

class IndicesService {
public:
    /// `store` must outlive the service.
    IndicesService(Store& store, IndicesSettings settings = {});

    /// The indices of every group (JSON, or CSV with a BOM when format=csv), or a 400/403 error.
    Answer indices(const User& user, const QueryParams& params, std::string_view lang);
    /// A series of satisfaction rates per day, ISO week or month.
    Answer trend(const User& user, const QueryParams& params, std::string_view lang);

private:
    Store& store_;
    IndicesSettings settings_;
};

}  // namespace hailong::server
