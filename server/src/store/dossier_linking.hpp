#pragma once
// Keeping each dossier record's link to the ratings naming it (DossierLink), shared by both
// stores (methodology.md sections 2 and 3).
//
// A rating and its record may arrive in either order. A record imported after its ratings gets
// its link from them at import (link_of_ratings); a rating stored after its record joins the
// record's link inside the ingest transaction (link_new_ratings). Either way the record's link
// and the dossier rollups change together, so a query reads the 766-style counts from the
// rollups without touching a rating. Ratings are never deleted and a stored rating's answers
// never change, so a link only ever grows.
//
// The caller serialises ingest and import of the same dossier code (SQLite: one writer;
// PostgreSQL: the import holds an exclusive advisory lock that ingest takes shared).

#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "hailong/server/store/dossier.hpp"
#include "hailong/server/store/rollup.hpp"
#include "ingest_flags.hpp"

namespace hailong::server::detail {

/// A stored record with its link.
struct LinkedRecord {
    DossierRecord record;
    DossierLink link;
};

/// The store's side: reads and writes within the ingest transaction.
class LinkQueries {
public:
    virtual ~LinkQueries() = default;
    /// The stored records with these dossier codes, by code (codes without a record left out), in
    /// one call so that a store on the other side of a network asks once per ingest.
    virtual std::map<std::string, LinkedRecord> records(const std::set<std::string>& dossiers) = 0;
    virtual void set_link(const std::string& dossier, const DossierLink& link) = 0;
};

/// The link of a record with `outcome` from the tallies of every stored rating naming it.
DossierLink link_of_ratings(std::span<const indices::Tally> ratings, const std::optional<DossierOutcome>& outcome);

/// Adds each new rating that names a stored record to that record's link, writes the links that
/// changed through `q`, and returns the dossier rollup changes (each changed record taken out
/// with its old link and counted again with the new).
DossierDeltas link_new_ratings(LinkQueries& q, const std::vector<NewRow>& rows);

}  // namespace hailong::server::detail
