#include "ingest_flags.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace hailong::server::detail {

Flags initial_flags(const Submission& s, const OpeningHours& hours) {
    return hours.is_open(s.created_at.instant) ? 0 : flag_bit(Flag::outside_hours);
}

OpeningHours opening_hours_from(const std::optional<std::string>& setting) {
    if (!setting) return OpeningHours::standard();
    return OpeningHours::parse(*setting).value_or(OpeningHours::standard());
}

std::vector<std::size_t> repeated_dossier_members(const std::vector<FlagRow>& ratings) {
    std::map<DossierStage, std::size_t> by_stage;  // ratings of a known stage
    std::map<int, std::size_t> by_day;             // every rating, by local day
    std::map<int, std::size_t> unknown_by_day;     // ratings of unknown stage, by local day
    for (const FlagRow& r : ratings) {
        ++by_day[r.local_day];
        if (r.stage) {
            ++by_stage[*r.stage];
        } else {
            ++unknown_by_day[r.local_day];
        }
    }
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < ratings.size(); ++i) {
        const FlagRow& r = ratings[i];
        const bool repeats = r.stage ? by_stage[*r.stage] >= 2 || unknown_by_day[r.local_day] >= 1 : by_day[r.local_day] >= 2;
        if (repeats) members.push_back(i);
    }
    return members;
}

RollupDeltas settle_flags(FlagQueries& q, std::vector<NewRow>& rows) {
    std::map<std::int64_t, NewRow*> new_by_seq;
    std::vector<Flags> inserted_flags;
    for (NewRow& r : rows) {
        new_by_seq[r.seq] = &r;
        inserted_flags.push_back(r.flags);
    }
    // Stored rows touched here: flags as read, and the bits to add.
    std::map<std::int64_t, std::pair<Flags, Flags>> stored;

    auto raise = [&](const FlagRow& row, Flag flag) {
        if (const auto n = new_by_seq.find(row.seq); n != new_by_seq.end()) {
            n->second->flags |= flag_bit(flag);
            return;
        }
        auto [it, inserted] = stored.try_emplace(row.seq, row.flags, 0);
        it->second.second |= flag_bit(flag);
    };

    // Bursts: per kiosk, the window from 10 s before its earliest new row to 10 s after its last.
    std::map<std::string, std::pair<Instant, Instant>> spans;
    for (const NewRow& r : rows) {
        auto [it, inserted] = spans.try_emplace(r.facts.kiosk, r.created_at, r.created_at);
        it->second.first = std::min(it->second.first, r.created_at);
        it->second.second = std::max(it->second.second, r.created_at);
    }
    // A run of burst_size consecutive submissions (in time order) that holds a new one lies within
    // the burst_size - 1 neighbours on either side of the new rows, so those are all that is read:
    // a kiosk flooding the server (a load test) has thousands of rows in the 10 s around a commit.
    // Runs of stored rows alone were flagged when their last row came in.
    for (const auto& [kiosk, span] : spans) {
        const auto window = q.kiosk_neighbourhood(kiosk, span.first, span.second, burst_size - 1, burst_window);
        std::vector<Instant> times;
        times.reserve(window.size());
        for (const FlagRow& w : window) times.push_back(w.created_at);
        for (const std::size_t i : burst_members(times)) raise(window[i], Flag::burst);
    }

    // Repeated dossiers: the ratings of a code that repeat one at the same stage or, stage
    // unknown, on the same local day. A stored pair was flagged when its second rating came in.
    std::set<std::string> dossiers;
    for (const NewRow& r : rows)
        if (r.dossier) dossiers.insert(*r.dossier);
    for (const auto& [dossier, same] : q.dossier_rows(dossiers))
        for (const std::size_t i : repeated_dossier_members(same)) raise(same[i], Flag::repeated_dossier);

    RollupDeltas deltas;
    for (const auto& [seq, flags] : stored) {
        const auto& [before, added] = flags;
        if ((before | added) == before) continue;
        q.set_flags(seq, before | added);
        if (before == 0) {
            const RollupFacts facts = q.facts(seq);
            deltas.add(facts, false, -1);
            deltas.add(facts, true, +1);
        }
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].flags != inserted_flags[i]) q.set_flags(rows[i].seq, rows[i].flags);
        deltas.add(rows[i].facts, rows[i].flags != 0);
    }
    return deltas;
}

}  // namespace hailong::server::detail
