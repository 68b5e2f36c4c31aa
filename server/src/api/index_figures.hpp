#pragma once
// The figures of GET /api/v1/indices, computed once for every answer that shows them: the
// indices endpoint (JSON and CSV) and the monthly XLSX report read the same groups, so that the
// two can never disagree (methodology.md sections 2-5; docs/indices.md has every field).
// Private to the api wing.
//
// Thread safety: free functions; they read the store, which any thread may call.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "hailong/indices.hpp"
#include "hailong/server/api/request_scope.hpp"
#include "hailong/server/store/store.hpp"

namespace hailong::server::figures {

using json = nlohmann::ordered_json;

/// The rollup sums of one group, counted and flagged submissions apart.
struct Counts {
    indices::Tally counted;
    indices::Tally flagged;  ///< excluded (unless include_flagged, then already in counted)
    DossierTally dossiers;   ///< the unit's imported records (never flagged) and their links to ratings

    Counts& operator+=(const Counts& o) {
        counted += o.counted;
        flagged += o.flagged;
        dossiers += o.dossiers;
        return *this;
    }
};
using GroupKey = std::pair<std::string, std::string>;  ///< department, key

/// The organisation as it stood on the last day of the scope's period: the names and
/// departments a report of that period shows (issue 17, item 7).
OrganisationOn organisation_at(Store& store, const RequestScope& scope);

/// Sums the rollup rows of `dim` over the scope's dates (whole months from month rows, the rest
/// from day rows), only the groups the scope sees; `key` narrows to one group. Department,
/// officer and service groups also get their dossier records and those records' linked ratings.
std::map<GroupKey, Counts> sum_groups(Store& store, const RequestScope& scope, RollupDim dim, const std::optional<std::string>& key);

/// The satisfaction rate as JSON (null when there is none) and its Wilson interval ([low, high] or null).
json number_or_null(const std::optional<double>& v);
json interval_json(const std::optional<indices::Interval>& i);

/// True when a group's records say how its results came (early, on time, late): TT 01 index 1
/// then comes from them, and the citizens' answers are a cross-check.
bool index1_from_records(const Counts& c);
/// The TT 01 tallies of a group: the kiosk's four from its ratings (index 7 by `policy`), the
/// other five from its records, and index 1 from the records when index1_from_records.
indices::Tt01Tallies tt01_of(const Counts& c, indices::LateNoComplaint policy);

/// The 766-style figure of a group with records (null without): rate and points, or null with
/// `status` no_data (no linked rating) or suppressed; the counts it comes from beside them.
json dossier_766_json(const Counts& c, bool suppressed);

/// Every group of `dim` in the scope, ranked (competition ranks of the shrunk rate; unranked
/// last), each as the indices answer's group object. A `service` or `kiosk` filter reads the
/// matching ratings instead of the rollups. Names are in `lang`.
json groups(Store& store, const RequestScope& scope, RollupDim dim, const std::optional<std::string>& service,
            const std::optional<std::string>& kiosk, const IndicesSettings& settings, std::string_view lang);

}  // namespace hailong::server::figures
