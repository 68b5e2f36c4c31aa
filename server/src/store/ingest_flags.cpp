#include "ingest_flags.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace hailong::server::detail {
namespace {

using namespace std::chrono;

// The first and last created_at of the rows of each kiosk that a pass judges.
using KioskSpans = std::map<std::string, std::pair<Instant, Instant>>;

void widen(KioskSpans& spans, const std::string& kiosk, Instant t) {
    auto [it, inserted] = spans.try_emplace(kiosk, t, t);
    it->second.first = std::min(it->second.first, t);
    it->second.second = std::max(it->second.second, t);
}

// Calls mark(row) for every row, stored or judged, that a burst holds around each kiosk's span.
// A run of burst_size consecutive submissions (in time order) that holds a judged row lies within
// the burst_size - 1 neighbours on either side of the span, so those are all that is read: a
// kiosk flooding the server (a load test) has thousands of rows in the 10 s around a commit.
template <class Mark>
void mark_bursts(FlagQueries& q, const KioskSpans& spans, Mark mark) {
    for (const auto& [kiosk, span] : spans) {
        const auto window = q.kiosk_neighbourhood(kiosk, span.first, span.second, burst_size - 1, burst_window);
        std::vector<Instant> times;
        times.reserve(window.size());
        for (const FlagRow& w : window) times.push_back(w.created_at);
        for (const std::size_t i : burst_members(times)) mark(window[i]);
    }
}

// Calls mark(row) for every rating of these dossier codes that repeats another (at the same
// stage or, stage unknown, on the same local day), whatever its date.
template <class Mark>
void mark_repeats(FlagQueries& q, const std::set<std::string>& dossiers, Mark mark) {
    for (const auto& [dossier, same] : q.dossier_rows(dossiers))
        for (const std::size_t i : repeated_dossier_members(same)) mark(same[i]);
}

// A stored row whose flags go from `before` to `after`: taken out of the rollups it was counted
// in and counted in the others, when it changes between flagged and not.
void move_in_rollups(FlagQueries& q, std::int64_t seq, Flags before, Flags after, RollupDeltas& deltas) {
    if ((before != 0) == (after != 0)) return;
    const RollupFacts facts = q.facts(seq);
    deltas.add(facts, before != 0, -1);
    deltas.add(facts, after != 0, +1);
}

// Judges `rows` (all of one department) afresh and writes what changed.
void judge(FlagQueries& q, const OpeningHoursSchedule& hours, const std::string& department, const std::vector<StoredFlagRow>& rows,
           ReflagCounts& counts, RollupDeltas& deltas) {
    std::map<std::int64_t, Flags> fresh;  // seq -> flags under the rules as they are now
    KioskSpans spans;
    std::set<std::string> dossiers;
    for (const StoredFlagRow& r : rows) {
        fresh[r.row.seq] = hours_flags(hours, department, r.row.created_at);
        widen(spans, r.kiosk, r.row.created_at);
        if (r.dossier) dossiers.insert(*r.dossier);
    }
    // Neighbours outside the rows judged are context: their flags are read, never written.
    const auto mark = [&fresh](Flag flag) {
        return [&fresh, flag](const FlagRow& row) {
            if (const auto it = fresh.find(row.seq); it != fresh.end()) it->second |= flag_bit(flag);
        };
    };
    mark_bursts(q, spans, mark(Flag::burst));
    mark_repeats(q, dossiers, mark(Flag::repeated_dossier));
    for (const StoredFlagRow& r : rows) {
        ++counts.examined;
        const Flags before = r.row.flags, after = fresh.at(r.row.seq);
        if (before == after) continue;
        q.set_flags(r.row.seq, after);
        if (before == 0) {
            ++counts.became_flagged;
        } else if (after == 0) {
            ++counts.became_unflagged;
        } else {
            ++counts.reasons_changed;
        }
        move_in_rollups(q, r.row.seq, before, after, deltas);
    }
}

}  // namespace

Flags hours_flags(const OpeningHoursSchedule& hours, const std::string& department, Instant created_at) {
    return hours.is_open(department, created_at) ? 0 : flag_bit(Flag::outside_hours);
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
    const auto raise = [&](Flag flag) {
        return [&, flag](const FlagRow& row) {
            if (const auto n = new_by_seq.find(row.seq); n != new_by_seq.end()) {
                n->second->flags |= flag_bit(flag);
                return;
            }
            auto [it, inserted] = stored.try_emplace(row.seq, row.flags, 0);
            it->second.second |= flag_bit(flag);
        };
    };

    // Bursts around the new rows of each kiosk; runs of stored rows alone were flagged when their
    // last row came in.
    KioskSpans spans;
    for (const NewRow& r : rows) widen(spans, r.facts.kiosk, r.created_at);
    mark_bursts(q, spans, raise(Flag::burst));
    // Repeated dossiers: a stored pair was flagged when its second rating came in.
    std::set<std::string> dossiers;
    for (const NewRow& r : rows)
        if (r.dossier) dossiers.insert(*r.dossier);
    mark_repeats(q, dossiers, raise(Flag::repeated_dossier));

    RollupDeltas deltas;
    for (const auto& [seq, flags] : stored) {
        const auto& [before, added] = flags;
        if ((before | added) == before) continue;
        q.set_flags(seq, before | added);
        move_in_rollups(q, seq, before, before | added, deltas);
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].flags != inserted_flags[i]) q.set_flags(rows[i].seq, rows[i].flags);
        deltas.add(rows[i].facts, rows[i].flags != 0);
    }
    return deltas;
}

ReflagCounts reflag(FlagQueries& q, const OpeningHoursSchedule& hours, const std::vector<std::string>& departments,
                    const ReflagRequest& request, RollupDeltas& deltas) {
    if (sys_days{request.to} < sys_days{request.from})
        throw StoreError(Message("server.store.reflag_range", {{"from", format_iso_date(request.from)}, {"to", format_iso_date(request.to)}}));
    std::vector<std::string> judged = departments;
    if (request.department) {
        if (std::find(departments.begin(), departments.end(), *request.department) == departments.end())
            throw StoreError(Message("server.store.department_unknown", {{"department", *request.department}}));
        judged = {*request.department};
    }
    ReflagCounts counts;
    for (const std::string& department : judged) {
        // Only the dates that hold ratings, whatever the range asked (it may span centuries), and
        // a calendar month at a time, so that a year's range never holds a year of rows at once.
        const auto span = q.department_span(department);
        if (!span) continue;
        const sys_days to = std::min(sys_days{request.to}, sys_days{vietnam_date(span->second)});
        for (sys_days first = std::max(sys_days{request.from}, sys_days{vietnam_date(span->first)}); first <= to;) {
            const LocalDate start{first};
            const sys_days month_end{LocalDate{start.year() / start.month() / last}};
            const sys_days end = std::min(month_end, to);
            judge(q, hours, department, q.department_rows(department, vietnam_day_start(start), vietnam_day_start(LocalDate{end + days{1}})),
                  counts, deltas);
            first = end + days{1};
        }
    }
    return counts;
}

}  // namespace hailong::server::detail
