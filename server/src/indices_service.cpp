#include "hailong/server/indices_service.hpp"

#include "hailong/server/csv_table.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <variant>

#include <nlohmann/json.hpp>

#include "export_scope.hpp"

namespace hailong::server {
namespace {

using namespace std::chrono;
using json = nlohmann::ordered_json;

// What every indices request shares: the dates, the department filter, the user's reach (read
// as the export endpoints read theirs, export_scope.hpp), and whether the answer is CSV.
struct Scope : detail::ExportScope {
    bool csv = false;
};

std::variant<Scope, Answer> read_scope(Store& store, const User& user, const QueryParams& params,
                                       const std::set<std::string>& names, const IndicesSettings& settings,
                                       std::string_view lang) {
    auto read = detail::read_export_scope(store, user, params, names, detail::DatesBy::period_or_range, settings, lang);
    if (auto* a = std::get_if<Answer>(&read)) return std::move(*a);
    Scope scope{std::get<detail::ExportScope>(std::move(read))};
    if (const auto f = scope.param("format")) {
        if (*f != "json" && *f != "csv") return bad_request("format", std::string(error_code::invalid_value), Message("error.query.format"), lang);
        scope.csv = *f == "csv";
    }
    return scope;
}

// Sums the rollup rows of `dim` over the scope's dates (whole months from month rows, the rest
// from day rows), keeping counted and flagged submissions apart.
struct Counts {
    indices::Tally counted;
    indices::Tally flagged;  ///< excluded (unless include_flagged, then already in counted)
    DossierTally dossiers;   ///< the unit's imported records (never flagged)
};
using GroupKey = std::pair<std::string, std::string>;  // department, key

std::map<GroupKey, Counts> sum_groups(Store& store, const Scope& scope, RollupDim dim, const std::optional<std::string>& key) {
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
    return groups;
}

// With a service or kiosk filter the rollups, one dimension each, cannot answer: the matching
// ratings are read and summed here exactly as ingest sums them into rollups (RollupDeltas, day
// rows). Imported dossier records name no kiosk: with a kiosk filter they are left out; with a
// service filter only the service groups carry the service's records.
std::map<GroupKey, Counts> sum_filtered(Store& store, const Scope& scope, RollupDim dim, const std::optional<std::string>& service,
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
    return groups;
}

// The TT 01 tallies of a group: the kiosk's four from its ratings, the other five from records.
indices::Tt01Tallies tt01_of(const Counts& c) {
    indices::Tt01Tallies t = indices::kiosk_tt01(c.counted);
    for (std::size_t i = 0; i < unit_tt01_indices.size(); ++i) t[unit_tt01_indices[i]] += c.dossiers.unit[i];
    return t;
}

json number_or_null(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json interval_json(const std::optional<indices::Interval>& i) {
    return i ? json::array({i->low, i->high}) : json(nullptr);
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

json tt01_json(const indices::Tt01Tallies& tallies) {
    json out = json::object();
    for (const indices::Tt01Index i : indices::all_tt01_indices) {
        const auto tenths = indices::index_tenths(tallies[i]);
        if (!tenths) continue;
        out[std::string(indices::code(i))] = {{"mean", *tenths / 10.0}, {"n", tallies[i].n}};
    }
    return out;
}

template <class Band>
json score_json(const indices::Score<Band>& s) {
    json missing = json::array();
    for (const auto i : s.missing) missing.push_back(std::string(indices::code(i)));
    return {{"value", s.value()},
            {"partial", s.partial()},
            {"missing", missing},
            {"band", s.band ? json(std::string(indices::code(*s.band))) : json(nullptr)}};
}

std::string csv_number(const json& v) {
    if (v.is_null()) return "";
    if (v.is_boolean()) return v.get<bool>() ? "1" : "0";
    if (v.is_string()) return v.get<std::string>();
    return v.dump();
}

Answer csv_answer(const std::vector<std::string>& header_keys, const std::vector<std::vector<std::string>>& rows,
                  const std::string& filename, std::string_view lang) {
    const Translator& tr = Translator::builtin();
    std::vector<std::string> header;
    for (const std::string& key : header_keys) header.push_back(tr.render(Message(key), lang));
    return Answer{200, write_csv_table(header, rows),
                  {{"Content-Type", "text/csv; charset=utf-8"}, {"Content-Disposition", "attachment; filename=\"" + filename + "\""}}};
}


std::string range_name(const Scope& s) { return format_iso_date(s.from) + "_" + format_iso_date(s.to); }

}  // namespace

std::optional<std::pair<LocalDate, LocalDate>> parse_period(std::string_view text) {
    auto number = [](std::string_view s, int& out) {
        return !s.empty() && std::from_chars(s.data(), s.data() + s.size(), out).ptr == s.data() + s.size();
    };
    int y = 0;
    if (text.size() < 4 || !number(text.substr(0, 4), y) || y < 1970 || y > 9998) return std::nullopt;
    const year yr{y};
    if (text.size() == 4) return std::pair{LocalDate{yr / January / 1}, LocalDate{yr / December / 31}};
    if (text[4] != '-') return std::nullopt;
    const std::string_view rest = text.substr(5);
    int n = 0;
    if (rest.size() == 2 && (rest[0] == 'Q' || rest[0] == 'q') && number(rest.substr(1), n) && n >= 1 && n <= 4) {
        const month first{static_cast<unsigned>(3 * n - 2)};
        return std::pair{LocalDate{yr / first / 1}, LocalDate{yr / month{static_cast<unsigned>(3 * n)} / last}};
    }
    if (rest.size() == 3 && (rest[0] == 'W' || rest[0] == 'w') && number(rest.substr(1), n) && n >= 1 && n <= 53) {
        // ISO week 1 holds 4 January; weeks start on Monday.
        const sys_days jan4{yr / January / 4};
        const sys_days week1 = jan4 - (weekday{jan4} - Monday);
        const sys_days start = week1 + weeks{n - 1};
        if (n == 53 && iso_week_label(LocalDate{start}) != std::string(text.substr(0, 4)) + "-W53") return std::nullopt;
        return std::pair{LocalDate{start}, LocalDate{start + days{6}}};
    }
    if (rest.size() == 2 && number(rest, n) && n >= 1 && n <= 12) {
        const month m{static_cast<unsigned>(n)};
        return std::pair{LocalDate{yr / m / 1}, LocalDate{yr / m / last}};
    }
    if (const auto d = parse_iso_date(text)) return std::pair{*d, *d};
    return std::nullopt;
}

std::string iso_week_label(LocalDate date) {
    const sys_days d{date};
    // The ISO year is the year of this week's Thursday.
    const sys_days thursday = d - (weekday{d} - Monday) + days{3};
    const year iso_year = LocalDate{thursday}.year();
    const sys_days jan4{iso_year / January / 4};
    const sys_days week1 = jan4 - (weekday{jan4} - Monday);
    const auto week = (d - week1).count() / 7 + 1;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-W%02d", static_cast<int>(iso_year), static_cast<int>(week));
    return buf;
}

IndicesService::IndicesService(Store& store, IndicesSettings settings) : store_(store), settings_(settings) {}

Answer IndicesService::indices(const User& user, const QueryParams& params, std::string_view lang) {
    static const std::set<std::string> names = {"group", "from", "to", "period", "department", "service", "kiosk", "include_flagged", "format"};
    auto read = read_scope(store_, user, params, names, settings_, lang);
    if (auto* a = std::get_if<Answer>(&read)) return std::move(*a);
    const Scope& scope = std::get<Scope>(read);
    const auto group_text = scope.param("group");
    if (!group_text) return bad_request("group", std::string(error_code::missing_field), Message("error.missing"), lang);
    const auto dim = parse_rollup_dim(*group_text);
    if (!dim) return bad_request("group", std::string(error_code::invalid_value), Message("error.query.group"), lang);

    const auto service = scope.param("service");
    const auto kiosk = scope.param("kiosk");
    const auto groups = service || kiosk ? sum_filtered(store_, scope, *dim, service, kiosk) : sum_groups(store_, scope, *dim, std::nullopt);

    // Names to show beside the codes.
    std::map<std::string, std::string> names_of;
    for (const Department& d : store_.departments()) names_of["d:" + d.code] = d.name;
    if (*dim == RollupDim::officer)
        for (const Officer& o : store_.officers(scope.department.value_or(""))) names_of["o:" + o.code] = o.name;
    if (*dim == RollupDim::service)
        for (const Service& s : store_.services()) names_of["s:" + s.code] = s.name;

    // Priors for the shrunk rate: an officer's or kiosk's department; for departments and
    // services, everything the request covers.
    std::map<std::string, indices::Tally> by_department;
    indices::Tally overall;
    for (const auto& [key, c] : groups) {
        by_department[key.first] += c.counted;
        overall += c.counted;
    }
    auto prior_of = [&](const std::string& department) {
        const indices::Tally& t = (*dim == RollupDim::officer || *dim == RollupDim::kiosk) ? by_department[department] : overall;
        return t.responses ? 100.0 * static_cast<double>(t.satisfied) / static_cast<double>(t.responses) : 0.0;
    };

    struct Row {
        GroupKey key;
        const Counts* counts;
        bool suppressed;
        std::optional<double> shrunk;
        std::optional<int> rank;
    };
    std::vector<Row> rows;
    std::vector<std::optional<double>> estimates;
    for (const auto& [key, c] : groups) {
        if (c.counted.responses == 0 && c.flagged.responses == 0 && c.dossiers.empty()) continue;
        const bool suppressed = indices::suppressed(c.counted.responses, settings_.min_responses);
        std::optional<double> shrunk;
        if (!suppressed && !key.second.empty())
            shrunk = indices::shrunk_rate(c.counted.satisfied, c.counted.responses, prior_of(key.first), settings_.prior_weight);
        rows.push_back({key, &c, suppressed, shrunk, std::nullopt});
        estimates.push_back(shrunk);
    }
    const auto ranks = indices::competition_ranks(estimates);
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i].rank = ranks[i];
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        if (a.rank.has_value() != b.rank.has_value()) return a.rank.has_value();
        if (a.rank && *a.rank != *b.rank) return *a.rank < *b.rank;
        return a.key < b.key;
    });

    const Translator& tr = Translator::builtin();
    auto name_of = [&](const GroupKey& k) -> std::string {
        switch (*dim) {
        case RollupDim::department: return names_of["d:" + k.second];
        case RollupDim::officer: return k.second.empty() ? tr.render(Message("server.indices.no_officer"), lang) : names_of["o:" + k.second];
        case RollupDim::service: return k.second.empty() ? tr.render(Message("server.indices.no_service"), lang) : names_of["s:" + k.second];
        case RollupDim::kiosk: return k.second;
        case RollupDim::hour: return k.second;
        }
        return {};
    };

    json out_groups = json::array();
    std::vector<std::vector<std::string>> csv_rows;
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
        const indices::Tt01Tallies tt = tt01_of(*r.counts);
        g["tt01"] = tt01_json(tt);
        json score = nullptr;
        if (*dim == RollupDim::officer && !r.key.second.empty()) {
            const auto s = indices::officer_score(tt);
            g["officer_score"] = score_json(s);
            score = g["officer_score"];
        } else if (*dim == RollupDim::department) {
            const auto s = indices::agency_score(tt);
            g["agency_score"] = score_json(s);
            score = g["agency_score"];
        }
        g["complaints"] = t.complaints;
        if (*dim != RollupDim::kiosk && *dim != RollupDim::hour) {
            const DossierTally& d = r.counts->dossiers;
            g["dossiers"] = {{"count", d.dossiers}, {"early", d.early}, {"on_time", d.on_time}, {"late", d.late}};
            // 766-style: overdue from the records, complaints and "not satisfied" from the ratings.
            const auto d766 = indices::dossier_766(d.dossiers, d.late, t.complaint_or_unsatisfied);
            g["dossier_766"] = d766 ? json{{"rate", d766->rate}, {"points", d766->points}} : json(nullptr);
        }
        g["shrunk_rate"] = r.shrunk ? json(indices::round_half_away(*r.shrunk, 2)) : json(nullptr);
        g["rank"] = r.rank ? json(*r.rank) : json(nullptr);
        g["suppressed"] = r.suppressed;
        g["flagged_excluded"] = r.counts->flagged.responses;
        if (scope.csv) {
            auto mean = [&](const char* code) { return g["tt01"].contains(code) ? g["tt01"][code]["mean"].dump() : std::string(); };
            csv_rows.push_back({r.key.second, g["name"].get<std::string>(), r.key.first, std::to_string(t.responses),
                                std::to_string(t.satisfied), csv_number(g["satisfaction_rate"]),
                                g["ci95"].is_null() ? "" : g["ci95"][0].dump(), g["ci95"].is_null() ? "" : g["ci95"][1].dump(),
                                csv_number(g["shrunk_rate"]), csv_number(g["rank"]), r.suppressed ? "1" : "0",
                                std::to_string(r.counts->flagged.responses), mean("time"), mean("contacts"), mean("agencies"),
                                mean("attitude"), score.is_null() ? "" : score["value"].dump(),
                                score.is_null() || score["band"].is_null()
                                    ? ""
                                    : tr.render(Message(detail::band_key(score["band"].get<std::string>())), lang)});
        }
        out_groups.push_back(std::move(g));
    }

    if (scope.csv) {
        return csv_answer({"server.csv.key", "server.csv.name", "server.csv.department", "server.csv.responses",
                           "server.csv.satisfied", "server.csv.satisfaction_rate", "server.csv.ci95_low", "server.csv.ci95_high",
                           "server.csv.shrunk_rate", "server.csv.rank", "server.csv.suppressed", "server.csv.flagged_excluded",
                           "server.csv.tt01_time", "server.csv.tt01_contacts", "server.csv.tt01_agencies", "server.csv.tt01_attitude",
                           "server.csv.score", "server.csv.band"},
                          csv_rows, "hailong-indices-" + std::string(to_string(*dim)) + "-" + range_name(scope) + ".csv", lang);
    }
    json body;
    body["from"] = format_iso_date(scope.from);
    body["to"] = format_iso_date(scope.to);
    body["timezone"] = std::string(vietnam_time_zone);
    body["group"] = std::string(to_string(*dim));
    body["department"] = scope.department ? json(*scope.department) : json(nullptr);
    body["service"] = service ? json(*service) : json(nullptr);
    body["kiosk"] = kiosk ? json(*kiosk) : json(nullptr);
    body["include_flagged"] = scope.include_flagged;
    body["min_responses"] = settings_.min_responses;
    body["prior_weight"] = settings_.prior_weight;
    body["groups"] = std::move(out_groups);
    return Answer{200, body.dump(), {}};
}

Answer IndicesService::trend(const User& user, const QueryParams& params, std::string_view lang) {
    static const std::set<std::string> names = {"interval", "from", "to", "period", "department", "group", "key", "include_flagged", "format"};
    auto read = read_scope(store_, user, params, names, settings_, lang);
    if (auto* a = std::get_if<Answer>(&read)) return std::move(*a);
    const Scope& scope = std::get<Scope>(read);
    const std::string interval = scope.param("interval").value_or("day");
    if (interval != "day" && interval != "week" && interval != "month")
        return bad_request("interval", std::string(error_code::invalid_value), Message("error.query.interval"), lang);
    RollupDim dim = RollupDim::department;
    const auto key = scope.param("key");
    if (const auto g = scope.param("group")) {
        const auto d = parse_rollup_dim(*g);
        if (!d) return bad_request("group", std::string(error_code::invalid_value), Message("error.query.group"), lang);
        dim = *d;
    }
    if (key && dim == RollupDim::department) return bad_request("key", std::string(error_code::invalid_value), Message("error.query.key_needs_group"), lang);

    // Buckets in date order, each with its label and days.
    struct Bucket {
        std::string label;
        LocalDate from, to;
        Counts counts;
    };
    std::vector<Bucket> buckets;
    std::map<int, std::size_t> bucket_of_day;
    for (sys_days d{scope.from}; d <= sys_days{scope.to}; d += days{1}) {
        const LocalDate date{d};
        std::string label = interval == "day"    ? format_iso_date(date)
                            : interval == "week" ? iso_week_label(date)
                                                 : format_iso_date(date).substr(0, 7);
        if (buckets.empty() || buckets.back().label != label) buckets.push_back({std::move(label), date, date, {}});
        buckets.back().to = date;
        bucket_of_day[day_number(date)] = buckets.size() - 1;
    }
    RollupQuery q;
    q.dim = dim;
    q.run = {RollupLevel::day, day_number(scope.from), day_number(scope.to)};
    q.department = scope.department;
    q.key = key;
    q.by_period = true;
    for (const RollupRow& row : store_.rollups(q)) {
        if (!scope.sees(row.department)) continue;
        Counts& c = buckets[bucket_of_day.at(row.period)].counts;
        if (!row.flagged || scope.include_flagged) {
            c.counted += row.tally;
        } else {
            c.flagged += row.tally;
        }
    }

    json series = json::array();
    std::vector<std::vector<std::string>> csv_rows;
    for (const Bucket& b : buckets) {
        const indices::Tally& t = b.counts.counted;
        const bool suppressed = indices::suppressed(t.responses, settings_.min_responses);
        json p;
        p["period"] = b.label;
        p["from"] = format_iso_date(b.from);
        p["to"] = format_iso_date(b.to);
        p["responses"] = t.responses;
        p["satisfied"] = t.satisfied;
        p["satisfaction_rate"] = suppressed ? json(nullptr) : number_or_null(indices::satisfaction_rate(t.satisfied, t.responses));
        p["ci95"] = suppressed ? json(nullptr) : interval_json(indices::wilson_interval(t.satisfied, t.responses));
        p["suppressed"] = suppressed;
        p["flagged_excluded"] = b.counts.flagged.responses;
        if (scope.csv)
            csv_rows.push_back({b.label, p["from"].get<std::string>(), p["to"].get<std::string>(), std::to_string(t.responses),
                                std::to_string(t.satisfied), csv_number(p["satisfaction_rate"]),
                                p["ci95"].is_null() ? "" : p["ci95"][0].dump(), p["ci95"].is_null() ? "" : p["ci95"][1].dump(),
                                suppressed ? "1" : "0", std::to_string(b.counts.flagged.responses)});
        series.push_back(std::move(p));
    }
    if (scope.csv) {
        return csv_answer({"server.csv.period", "server.csv.from", "server.csv.to", "server.csv.responses", "server.csv.satisfied",
                           "server.csv.satisfaction_rate", "server.csv.ci95_low", "server.csv.ci95_high", "server.csv.suppressed",
                           "server.csv.flagged_excluded"},
                          csv_rows, "hailong-trend-" + interval + "-" + range_name(scope) + ".csv", lang);
    }
    json body;
    body["from"] = format_iso_date(scope.from);
    body["to"] = format_iso_date(scope.to);
    body["timezone"] = std::string(vietnam_time_zone);
    body["interval"] = interval;
    body["group"] = std::string(to_string(dim));
    body["key"] = key ? json(*key) : json(nullptr);
    body["department"] = scope.department ? json(*scope.department) : json(nullptr);
    body["include_flagged"] = scope.include_flagged;
    body["min_responses"] = settings_.min_responses;
    body["series"] = std::move(series);
    return Answer{200, body.dump(), {}};
}

}  // namespace hailong::server
