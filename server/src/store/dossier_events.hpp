#pragma once
// Dossier events (dossier_event.hpp) in the store, written once for both stores: which records
// the stored events make, what a kiosk is told of a dossier code, and the count of ratings no
// record and no event knows. Each store supplies its reads (EventQueries) and writes the
// records through its own import path, so that a record made from events and one imported from
// a file are kept alike: links to the ratings, dossier rollups. Private to the store wing.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "hailong/server/store/dossier.hpp"
#include "hailong/server/store/store.hpp"
#include "dossier_linking.hpp"

namespace hailong::server::detail {

/// The store's side: reads within the caller's transaction (or a reader's snapshot).
class EventQueries {
public:
    virtual ~EventQueries() = default;
    /// Every stored event of each of `dossiers`, by code (codes without one left out).
    virtual std::map<std::string, std::vector<DossierEvent>> events(const std::set<std::string>& dossiers) = 0;
};

/// The records the stored events of `dossiers` make now (fold_dossier_events), each keeping the
/// unit points of the record stored for its code (a file import's TT 01 indices 2, 5, 6, 8, 9:
/// events carry none); only those that differ from what is stored, in code order. A dossier
/// whose events make no record (not returned yet, or no department named) keeps its stored
/// record, if any.
std::vector<DossierRecord> records_from_events(EventQueries& events, LinkQueries& stored, const std::set<std::string>& dossiers);

/// What a kiosk is told of a code (DossierStatus), or nullopt when neither `events` nor
/// `record` exists. `rated_stages` are the stages the stored ratings of the code name.
std::optional<DossierStatus> status_of(const std::vector<DossierEvent>& events, const std::optional<DossierRecord>& record,
                                       const std::set<DossierStage>& rated_stages);

/// The SELECT of unlinked_ratings for `q`: parameters from_day, to_day, then each department;
/// columns department, with_dossier, unlinked. `postgres` numbers the parameters ($1...).
std::string unlinked_sql(const UnlinkedQuery& q, bool postgres);

}  // namespace hailong::server::detail
