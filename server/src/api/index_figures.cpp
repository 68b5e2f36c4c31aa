#include "index_figures.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <span>
#include <vector>

namespace hailong::server::figures {

using namespace std::chrono;

OrganisationOn organisation_at(Store& store, const RequestScope& scope) { return organisation_on(store.organisation_history(), scope.to); }

namespace {
// Officer groups follow the officer (issue 17, item 7): the rollups key an officer under the
// department of each rating, so an officer who moved is one group per department; here they
// become one, under the officer's department at the end of the period (organisation_at). Officers
// the organisation does not know, and the "no officer" groups, stay as they are.
void follow_officers(Store& store, const RequestScope& scope, std::map<GroupKey, Counts>& groups) {
    const OrganisationOn then = organisation_at(store, scope);
    std::map<GroupKey, Counts> merged;
    for (auto& [key, c] : groups) {
        const auto it = key.second.empty() ? then.officers.end() : then.officers.find(key.second);
        merged[{it == then.officers.end() ? key.first : it->second.department, key.second}] += c;
    }
    groups = std::move(merged);
}

}  // namespace

std::map<GroupKey, Counts> sum_groups(Store& store, const RequestScope& scope, RollupDim dim, const std::optional<std::string>& key) {
    std::map<GroupKey, Counts> groups;
    for (const PeriodRun& run : plan_range(scope.from, scope.to)) {
        RollupQuery q;
        q.dim = dim;
        q.run = run;
        q.department = scope.department;
        q.key = key;
        for (const RollupRow& row : store.rollups(q)) {
            if (!scope.sees(row.department)) continue;
            Counts& c = groups[{row.department, row.key}];
            if (!row.flagged || scope.include_flagged) {
                c.counted += row.tally;
            } else {
                c.flagged += row.tally;
            }
        }
        if (dim == RollupDim::kiosk || dim == RollupDim::hour) continue;  // imported records name no kiosk nor hour
        for (const DossierRollupRow& row : store.dossier_rollups(q)) {
            if (!scope.sees(row.department)) continue;
            groups[{row.department, row.key}].dossiers += row.tally;
        }
    }
    if (dim == RollupDim::officer) follow_officers(store, scope, groups);
    return groups;
}

json number_or_null(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json interval_json(const std::optional<indices::Interval>& i) {
    return i ? json::array({i->low, i->high}) : json(nullptr);
}

namespace {

// With a service or kiosk filter the rollups, one dimension each, cannot answer: the matching
// ratings are read and summed here exactly as ingest sums them into rollups (RollupDeltas, day
// rows). Imported dossier records name no kiosk: with a kiosk filter they are left out; with a
// service filter only the service groups carry the service's records.
std::map<GroupKey, Counts> sum_filtered(Store& store, const RequestScope& scope, RollupDim dim, const std::optional<std::string>& service,
                                        const std::optional<std::string>& kiosk) {
    SubmissionQuery q;
    if (scope.department) {
        q.departments = {*scope.department};
    } else {
        q.departments.assign(scope.allowed.begin(), scope.allowed.end());
    }
    q.service = service;
    q.kiosk = kiosk;
    q.from = vietnam_day_start(scope.from);
    q.to = vietnam_day_start(LocalDate{sys_days{scope.to} + days{1}});
    q.limit = std::numeric_limits<std::int64_t>::max();
    RollupDeltas deltas;
    const std::array<RollupDim, 1> only{dim};
    for (const StoredSubmission& r : store.submissions(q))
        deltas.add(RollupFacts::of(r.submission, r.kiosk_id), r.flags != 0, +1, only);
    std::map<GroupKey, Counts> groups;
    for (const auto& [key, tally] : deltas.rows()) {
        if (key.level != RollupLevel::day || !scope.sees(key.department)) continue;
        Counts& c = groups[{key.department, key.key}];
        (!key.flagged || scope.include_flagged ? c.counted : c.flagged) += tally;
    }
    if (service && !kiosk && dim == RollupDim::service) {
        for (const PeriodRun& run : plan_range(scope.from, scope.to)) {
            RollupQuery rq;
            rq.dim = RollupDim::service;
            rq.run = run;
            rq.department = scope.department;
            rq.key = service;
            for (const DossierRollupRow& row : store.dossier_rollups(rq))
                if (scope.sees(row.department)) groups[{row.department, row.key}].dossiers += row.tally;
        }
    }
    if (dim == RollupDim::officer) follow_officers(store, scope, groups);
    return groups;
}

json distribution_json(const indices::Tally& t) {
    json d = json::object();
    auto add = [&](const char* scale, const auto& counts) {
        std::int64_t total = 0;
        for (const auto c : counts) total += c;
        if (total == 0) return;
        json levels = json::object();
        for (std::size_t v = counts.size(); v >= 1; --v) levels[std::to_string(v)] = counts[v - 1];
        d[scale] = levels;
    };
    add("3", t.scale3);
    add("5", t.scale5);
    return d;
}

// Where a group holds ratings on both scales, the rate of each scale beside the pooled one
// (methodology.md section 1, issue 17 item 9), each suppressed under the minimum on its own
// responses as the pooled rate is. Null when the group holds one scale or none.
json by_scale_json(const indices::Tally& t, std::int64_t min_responses) {
    auto one = [&](const auto& counts) {
        const int scale = static_cast<int>(counts.size());
        std::int64_t responses = 0;
        std::int64_t satisfied = 0;
        for (int v = 1; v <= scale; ++v) {
            const std::int64_t n = counts[static_cast<std::size_t>(v - 1)];
            responses += n;
            if (Rating{scale, v}.satisfied()) satisfied += n;  // the one definition (methodology.md section 1)
        }
        const bool suppressed = indices::suppressed(responses, min_responses);
        return json{{"responses", responses},
                    {"satisfied", satisfied},
                    {"satisfaction_rate", suppressed ? json(nullptr) : number_or_null(indices::satisfaction_rate(satisfied, responses))},
                    {"ci95", suppressed ? json(nullptr) : interval_json(indices::wilson_interval(satisfied, responses))},
                    {"suppressed", suppressed}};
    };
    json s3 = one(t.scale3);
    json s5 = one(t.scale5);
    if (s3["responses"] == 0 || s5["responses"] == 0) return json(nullptr);
    return {{"3", std::move(s3)}, {"5", std::move(s5)}};
}

// Index 7 states beside its figure how many late dossiers without a harassment report it holds
// and how they were scored (methodology.md section 2), also when it has no figure. A suppressed
// group shows each index's n and no mean (methodology.md section 5).
// Index 1 says where it comes from; from the records, the citizens' own answers stand beside it
// with how many linked dossiers were compared and how many agreed (issue 17, item 8).
json tt01_json(const Counts& c, const indices::Tt01Tallies& tallies, indices::LateNoComplaint policy, bool suppressed) {
    const std::int64_t late_no_complaint = c.counted.late_no_complaint;
    json out = json::object();
    for (const indices::Tt01Index i : indices::all_tt01_indices) {
        const auto tenths = indices::index_tenths(tallies[i]);
        const bool attitude = i == indices::Tt01Index::attitude;
        if (!tenths && !(attitude && late_no_complaint > 0)) continue;
        json figure = {{"mean", tenths && !suppressed ? json(*tenths / 10.0) : json(nullptr)}, {"n", tallies[i].n}};
        if (i == indices::Tt01Index::time) {
            const bool records = index1_from_records(c);
            figure["source"] = records ? "records" : "citizens";
            if (records) {
                const indices::IndexTally& said = c.counted.tt01[0];
                const auto citizens = indices::index_tenths(said);
                figure["citizens"] = {{"mean", citizens && !suppressed ? json(*citizens / 10.0) : json(nullptr)}, {"n", said.n}};
                figure["agreement"] = {{"compared", c.dossiers.time_compared}, {"agreeing", c.dossiers.time_agreeing}};
            }
        }
        if (attitude)
            figure["late_no_complaint"] = {{"count", late_no_complaint}, {"policy", std::string(indices::code(policy))}};
        out[std::string(indices::code(i))] = std::move(figure);
    }
    return out;
}

// A score with what it rests on (methodology.md section 5): `n`, the fewest dossiers any of its
// indices with data rests on, and `out_of`, the points its indices with data could reach (2
// each: 10 or 18 when complete, "5.3 / 8" when two of an officer's five are missing). A
// suppressed group's score has no value and no band; one with no index at all has no value.
template <class Band>
json score_json(const indices::Score<Band>& s, const indices::Tt01Tallies& t, std::span<const indices::Tt01Index> parts, bool suppressed) {
    json missing = json::array();
    for (const auto i : s.missing) missing.push_back(std::string(indices::code(i)));
    const auto present = static_cast<std::int64_t>(parts.size() - s.missing.size());
    const bool shown = !suppressed && present > 0;
    return {{"value", shown ? json(s.value()) : json(nullptr)},
            {"out_of", 2 * present},
            {"n", indices::fewest_dossiers(t, parts)},
            {"partial", s.partial()},
            {"missing", missing},
            {"band", shown && s.band ? json(std::string(indices::code(*s.band))) : json(nullptr)},
            {"suppressed", suppressed}};
}

}  // namespace

bool index1_from_records(const Counts& c) { return c.dossiers.early + c.dossiers.on_time + c.dossiers.late > 0; }

indices::Tt01Tallies tt01_of(const Counts& c, indices::LateNoComplaint policy) {
    indices::Tt01Tallies t = indices::kiosk_tt01(c.counted, policy);
    for (std::size_t i = 0; i < unit_tt01_indices.size(); ++i) t[unit_tt01_indices[i]] += c.dossiers.unit[i];
    // Index 1 from the records when they say whether each result came early, on time or late
    // (TT 01 intends it from the dates); the citizens' answers are then a cross-check.
    if (index1_from_records(c)) {
        const DossierTally& d = c.dossiers;
        t[indices::Tt01Index::time] = {d.early + d.on_time + d.late, 2 * d.early + d.on_time};
    }
    return t;
}

json dossier_766_json(const Counts& c, bool suppressed) {
    const DossierTally& d = c.dossiers;
    if (d.dossiers == 0) return json(nullptr);
    const auto figure = indices::dossier_766(d.dossiers, d.linked, d.late, d.complained);
    // No linked rating: no data, never a score; a suppressed group's figure is "not enough
    // responses" too (methodology.md sections 3 and 5).
    const bool shown = figure && !suppressed;
    return {{"rate", shown ? json(figure->rate) : json(nullptr)},
            {"points", shown ? json(figure->points) : json(nullptr)},
            {"status", !figure ? "no_data" : suppressed ? "suppressed" : "ok"},
            {"dossiers", d.dossiers},
            {"overdue", d.late},
            {"linked", d.linked},
            {"complained", d.complained},
            {"floored", shown && figure->floored},
            {"ratings_without_dossier", c.counted.responses - c.counted.with_dossier},
            {"suppressed", suppressed}};
}

json groups(Store& store, const RequestScope& scope, RollupDim dim, const std::optional<std::string>& service,
            const std::optional<std::string>& kiosk, const IndicesSettings& settings, std::string_view lang) {
    const auto groups = service || kiosk ? sum_filtered(store, scope, dim, service, kiosk) : sum_groups(store, scope, dim, std::nullopt);

    // Names to show beside the codes, as they were at the end of the period.
    const OrganisationOn then = organisation_at(store, scope);
    std::map<std::string, std::string> names_of;
    for (const auto& [code, d] : then.departments) names_of["d:" + code] = d.name;
    // Every officer's name: one who moved out of the filtered department is still named.
    if (dim == RollupDim::officer)
        for (const auto& [code, o] : then.officers) names_of["o:" + code] = o.name;
    if (dim == RollupDim::service)
        for (const Service& s : store.services()) names_of["s:" + s.code] = s.name;

    // Ranks are among all groups of the kind (issue 19): a manager's or a department filter's
    // view shows a subset of the province's ranking, never a ranking of its own. So the shrunk
    // rates and ranks come from every group of the period; a service or kiosk filter asks another
    // question and ranks what it selects.
    const bool narrowed = !service && !kiosk && (scope.department || !scope.allowed.empty());
    std::map<GroupKey, Counts> everyone_storage;
    if (narrowed) {
        RequestScope whole = scope;
        whole.department.reset();
        whole.allowed.clear();
        everyone_storage = sum_groups(store, whole, dim, std::nullopt);
    }
    const std::map<GroupKey, Counts>& everyone = narrowed ? everyone_storage : groups;

    // Priors for the shrunk rate: an officer's or kiosk's department; for departments and
    // services, every group of the period.
    std::map<std::string, indices::Tally> by_department;
    indices::Tally overall;
    for (const auto& [key, c] : everyone) {
        by_department[key.first] += c.counted;
        overall += c.counted;
    }
    auto prior_of = [&](const std::string& department) {
        const indices::Tally& t = (dim == RollupDim::officer || dim == RollupDim::kiosk) ? by_department[department] : overall;
        return t.responses ? 100.0 * static_cast<double>(t.satisfied) / static_cast<double>(t.responses) : 0.0;
    };
    auto shown = [](const Counts& c) { return c.counted.responses != 0 || c.flagged.responses != 0 || !c.dossiers.empty(); };
    auto shrunk_of = [&](const GroupKey& key, const Counts& c) -> std::optional<double> {
        if (indices::suppressed(c.counted.responses, settings.min_responses) || key.second.empty()) return std::nullopt;
        return indices::shrunk_rate(c.counted.satisfied, c.counted.responses, prior_of(key.first), settings.prior_weight);
    };
    // Ranked by the figure shown (2 decimals): two groups shown alike must rank alike.
    std::vector<GroupKey> ranked_keys;
    std::vector<std::optional<double>> estimates;
    for (const auto& [key, c] : everyone) {
        if (!shown(c)) continue;
        const auto shrunk = shrunk_of(key, c);
        ranked_keys.push_back(key);
        estimates.push_back(shrunk ? std::optional<double>(indices::round_half_away(*shrunk, 2)) : std::nullopt);
    }
    std::map<GroupKey, std::optional<int>> rank_of;
    const auto ranks = indices::competition_ranks(estimates);
    for (std::size_t i = 0; i < ranked_keys.size(); ++i) rank_of[ranked_keys[i]] = ranks[i];

    struct Row {
        GroupKey key;
        const Counts* counts;
        bool suppressed;
        std::optional<double> shrunk;
        std::optional<int> rank;
    };
    std::vector<Row> rows;
    for (const auto& [key, c] : groups) {
        if (!shown(c)) continue;
        const bool suppressed = indices::suppressed(c.counted.responses, settings.min_responses);
        // A group seen only in part (an officer who moved, through a department filter) is not
        // the group ranked: its own shrunk rate, no rank.
        const auto whole = everyone.find(key);
        const bool as_ranked = whole != everyone.end() && whole->second.counted == c.counted;
        rows.push_back({key, &c, suppressed, shrunk_of(key, c), as_ranked ? rank_of[key] : std::nullopt});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        if (a.rank.has_value() != b.rank.has_value()) return a.rank.has_value();
        if (a.rank && *a.rank != *b.rank) return *a.rank < *b.rank;
        return a.key < b.key;
    });

    const Translator& tr = Translator::builtin();
    auto name_of = [&](const GroupKey& k) -> std::string {
        switch (dim) {
        case RollupDim::department: return names_of["d:" + k.second];
        case RollupDim::officer: return k.second.empty() ? tr.render(Message("server.indices.no_officer"), lang) : names_of["o:" + k.second];
        case RollupDim::service: return k.second.empty() ? tr.render(Message("server.indices.no_service"), lang) : names_of["s:" + k.second];
        case RollupDim::kiosk: return k.second;
        case RollupDim::hour: return k.second;
        }
        return {};
    };

    json out_groups = json::array();
    for (const Row& r : rows) {
        const indices::Tally& t = r.counts->counted;
        json g;
        g["key"] = r.key.second.empty() ? json(nullptr) : json(r.key.second);
        g["name"] = name_of(r.key);
        g["department"] = r.key.first;
        g["responses"] = t.responses;
        g["satisfied"] = t.satisfied;
        g["satisfaction_rate"] = r.suppressed ? json(nullptr) : number_or_null(indices::satisfaction_rate(t.satisfied, t.responses));
        g["ci95"] = r.suppressed ? json(nullptr) : interval_json(indices::wilson_interval(t.satisfied, t.responses));
        g["distribution"] = distribution_json(t);
        if (json s = by_scale_json(t, settings.min_responses); !s.is_null()) g["by_scale"] = std::move(s);
        const indices::Tt01Tallies tt = tt01_of(*r.counts, settings.late_no_complaint);
        g["tt01"] = tt01_json(*r.counts, tt, settings.late_no_complaint, r.suppressed);
        if (dim == RollupDim::officer && !r.key.second.empty()) {
            g["officer_score"] = score_json(indices::officer_score(tt), tt, indices::officer_tt01_indices, r.suppressed);
        } else if (dim == RollupDim::department) {
            g["agency_score"] = score_json(indices::agency_score(tt), tt, indices::all_tt01_indices, r.suppressed);
        }
        g["complaints"] = t.complaints;
        if (dim != RollupDim::kiosk && dim != RollupDim::hour) {
            const DossierTally& d = r.counts->dossiers;
            g["dossiers"] = {{"count", d.dossiers}, {"early", d.early}, {"on_time", d.on_time}, {"late", d.late}};
            // 766-style: one population, the unit's records; ratings count through their code.
            g["dossier_766"] = dossier_766_json(*r.counts, r.suppressed);
        }
        g["shrunk_rate"] = r.shrunk ? json(indices::round_half_away(*r.shrunk, 2)) : json(nullptr);
        g["rank"] = r.rank ? json(*r.rank) : json(nullptr);
        g["suppressed"] = r.suppressed;
        g["flagged_excluded"] = r.counts->flagged.responses;
        out_groups.push_back(std::move(g));
    }

    return out_groups;
}

}  // namespace hailong::server::figures
