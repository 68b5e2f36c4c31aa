#pragma once
// GET /api/v1/indicators without the HTTP: the indicator export for reform teams, one row per
// indicator and unit, with stable codes (docs/api.md, "Indicator export", lists every code; codes
// are never renamed or given another meaning, new ones may be added).
//
//   /api/v1/indicators?period=2026|2026-Q4|2026-11|2026-W47|2026-11-20 | from=YYYY-MM-DD&to=YYYY-MM-DD
//                     [&department=CODE][&include_flagged=true][&format=json|csv][&lang=vi|en]
//
// Each row: code, department (null for the total of every department in scope), officer (only for
// TT01.OFFICER_SCORE), period ("FROM/TO"), value, n, unit (percent, points, count), status
// (ok, partial, suppressed, no_data), label in the asked language, band and missing indices (TT 01
// scores), and the PAPI dimensions the figure informs (it is never a PAPI score). The answer
// states when it was made and under which rules (report_rules.hpp): "made_at" and "rules" in
// JSON, two last columns in CSV.
//
// Computed from the rollups here, with the index maths of hailong/indices.hpp, independently of
// IndicesService (the tests compare the two). Access as for the indices: admins and analysts every
// department, managers their own (another is 403). Nothing here carries comment, contact or
// dossier text.
//
// Thread safety: indicators() may be called from any number of threads at once.

#include <string_view>

#include "hailong/server/api/answer.hpp"
#include "hailong/server/api/request_scope.hpp"
#include "hailong/server/store/store.hpp"

namespace hailong::server {

class IndicatorExport {
public:
    /// `store` must outlive the export; `now` gives the time every answer states it was made at.
    IndicatorExport(Store& store, IndicesSettings settings = {}, Now now = system_now);

    /// The rows as JSON, or as CSV with a byte-order mark (format=csv); or a 400/403 error.
    Answer indicators(const User& user, const QueryParams& params, std::string_view lang);

private:
    Store& store_;
    IndicesSettings settings_;
    Now now_;
};

}  // namespace hailong::server
