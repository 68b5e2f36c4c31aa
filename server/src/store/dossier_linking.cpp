#include "dossier_linking.hpp"

namespace hailong::server::detail {

DossierLink link_of_ratings(std::span<const indices::Tally> ratings, const std::optional<DossierOutcome>& outcome) {
    DossierLink link;
    for (const indices::Tally& rating : ratings) link |= link_of(rating, outcome);
    return link;
}

DossierDeltas link_new_ratings(LinkQueries& q, const std::vector<NewRow>& rows) {
    DossierDeltas deltas;
    std::set<std::string> codes;
    for (const NewRow& row : rows)
        if (row.dossier) codes.insert(*row.dossier);
    if (codes.empty()) return deltas;
    std::map<std::string, LinkedRecord> records = q.records(codes);
    std::map<std::string, DossierLink> before;
    for (const NewRow& row : rows) {
        if (!row.dossier) continue;
        const auto it = records.find(*row.dossier);
        if (it == records.end()) continue;
        before.try_emplace(it->first, it->second.link);
        it->second.link |= link_of(row.facts.tally, it->second.record.outcome);
    }
    for (const auto& [code, old] : before) {
        const LinkedRecord& now = records.at(code);
        if (now.link == old) continue;
        q.set_link(code, now.link);
        deltas.add(now.record, old, -1);
        deltas.add(now.record, now.link, +1);
    }
    return deltas;
}

}  // namespace hailong::server::detail
