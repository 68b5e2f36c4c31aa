#include "duty_roster.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <tuple>

namespace hailong::server::detail {

std::string_view to_string(OfficerSource source) {
    switch (source) {
    case OfficerSource::kiosk: return "kiosk";
    case OfficerSource::roster: return "roster";
    case OfficerSource::off_duty: return "off_duty";
    }
    return "kiosk";
}

OfficerSource parse_officer_source(std::string_view text) {
    if (text == "roster") return OfficerSource::roster;
    if (text == "off_duty") return OfficerSource::off_duty;
    return OfficerSource::kiosk;
}

RosterTimeline::RosterTimeline(std::vector<RosterPoint> points) : points_(std::move(points)) {
    std::sort(points_.begin(), points_.end(), [](const RosterPoint& a, const RosterPoint& b) {
        return std::tie(a.at_us, a.id) < std::tie(b.at_us, b.id);
    });
}

Credit RosterTimeline::credit(std::int64_t at_us, const std::optional<std::string>& written) const {
    // The first event after the moment; the one before it decides.
    const auto after = std::upper_bound(points_.begin(), points_.end(), at_us,
                                        [](std::int64_t t, const RosterPoint& p) { return t < p.at_us; });
    if (after == points_.begin()) return {written, OfficerSource::kiosk};
    const RosterPoint& last = *std::prev(after);
    if (last.kind == DutyKind::sign_in) return {last.officer, OfficerSource::roster};
    return {std::nullopt, OfficerSource::off_duty};
}

std::vector<Credit> credit_new(RosterQueries& q, const std::vector<IngestItem>& items) {
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> spans;  // kiosk -> first, last created_at
    for (const IngestItem& item : items) {
        const std::int64_t t = item.submission.created_at.instant.time_since_epoch().count();
        const auto [it, fresh] = spans.try_emplace(item.kiosk_id, t, t);
        it->second = {std::min(it->second.first, t), std::max(it->second.second, t)};
    }
    std::map<std::string, RosterTimeline> rosters;
    for (const auto& [kiosk, span] : spans) rosters.emplace(kiosk, RosterTimeline(q.points(kiosk, span.first, span.second)));
    std::vector<Credit> credits;
    credits.reserve(items.size());
    for (const IngestItem& item : items)
        credits.push_back(rosters.at(item.kiosk_id).credit(item.submission.created_at.instant.time_since_epoch().count(),
                                                           item.submission.officer));
    return credits;
}

Reattributed reattribute(RosterQueries& q, const std::string& kiosk, std::int64_t from_us, std::int64_t through_us,
                         RollupDeltas& deltas) {
    const std::optional<std::int64_t> until = q.next_point_after(kiosk, through_us);
    const RosterTimeline roster(q.points(kiosk, from_us, until.value_or(through_us)));
    static constexpr std::array<RollupDim, 1> officer_dim = {RollupDim::officer};
    Reattributed done;
    for (CreditedRow& row : q.ratings(kiosk, from_us, until)) {
        ++done.examined;
        const Credit now = roster.credit(row.created_at_us, row.written);
        if (now == row.credit) continue;
        ++done.moved;
        q.set_credit(row.seq, now);
        if (now.officer != row.credit.officer) {
            deltas.add(row.facts, row.flagged, -1, officer_dim);
            row.facts.officer = now.officer.value_or(std::string());
            deltas.add(row.facts, row.flagged, +1, officer_dim);
        }
    }
    return done;
}

RosterCorrectionRun correct_roster(RosterLog& q, const RosterCorrection& c, RollupDeltas& deltas) {
    if (!c.void_event && !c.add) throw StoreError(Message("server.store.roster_nothing"));
    if (!q.kiosk_exists(c.kiosk_id)) throw StoreError(Message("server.store.kiosk_unknown", {{"kiosk", c.kiosk_id}}));
    std::int64_t first = std::numeric_limits<std::int64_t>::max(), last = std::numeric_limits<std::int64_t>::min();
    auto touch = [&](const Timestamp& at) {
        const std::int64_t t = at.instant.time_since_epoch().count();
        first = std::min(first, t);
        last = std::max(last, t);
    };
    if (c.void_event) {
        const auto e = q.entry(*c.void_event);
        if (!e || e->kiosk_id != c.kiosk_id || e->voided_by)
            throw StoreError(Message("server.store.roster_no_entry", {{"entry", c.void_event->to_string()}, {"kiosk", c.kiosk_id}}));
        touch(e->event.at);
    }
    if (c.add) {
        if (q.entry(c.add->id)) throw StoreError(Message("server.store.roster_id_taken", {{"entry", c.add->id.to_string()}}));
        if (c.add->kind == DutyKind::sign_in && !c.add->officer) throw StoreError(Message("error.duty.officer"));
        touch(c.add->at);
    }
    RosterCorrectionRun run;
    run.correction = c;
    run.id = q.open_correction(c);
    if (c.void_event) q.void_entry(*c.void_event, run.id);
    if (c.add) {
        DutyEvent added = *c.add;
        added.method = DutyMethod::admin;
        run.correction.add = added;
        q.add_entry(c.kiosk_id, added, c.at, run.id);
    }
    const Reattributed counts = reattribute(q, c.kiosk_id, first, last, deltas);
    q.seal_correction(run.id, counts);
    run.examined = counts.examined;
    run.moved = counts.moved;
    return run;
}

}  // namespace hailong::server::detail
