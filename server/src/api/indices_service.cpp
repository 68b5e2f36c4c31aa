#include "hailong/server/api/indices_service.hpp"

#include "hailong/server/api/request_scope.hpp"

#include "hailong/server/store/csv_table.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <variant>

#include <nlohmann/json.hpp>

#include "index_figures.hpp"
#include "report_rules.hpp"
#include "targets.hpp"


namespace hailong::server {
namespace {

using namespace std::chrono;
using json = figures::json;
using figures::Counts;
using figures::interval_json;
using figures::number_or_null;

// What every indices request shares: the dates, the department filter, the user's reach (read
// as the export endpoints read theirs, request_scope.hpp), and whether the answer is CSV.
struct Scope : RequestScope {
    bool csv = false;
};

std::variant<Scope, Answer> read_scope(Store& store, const User& user, const QueryParams& params,
                                       const std::set<std::string>& names, const IndicesSettings& settings,
                                       std::string_view lang) {
    auto read = read_request_scope(store, user, params, names, DatesBy::period_or_range, settings, lang);
    if (auto* a = std::get_if<Answer>(&read)) return std::move(*a);
    Scope scope{std::get<RequestScope>(std::move(read))};
    if (const auto f = scope.param("format")) {
        if (*f != "json" && *f != "csv") return bad_request("format", std::string(error_code::invalid_value), Message("error.query.format"), lang);
        scope.csv = *f == "csv";
    }
    return scope;
}

std::string csv_number(const json& v) {
    if (v.is_null()) return "";
    if (v.is_boolean()) return v.get<bool>() ? "1" : "0";
    if (v.is_string()) return v.get<std::string>();
    return v.dump();
}

// A CSV answer: the header in `lang`, every row followed by the columns that say when the file
// was made and under which rules.
Answer csv_answer(std::vector<std::string> header_keys, std::vector<std::vector<std::string>> rows, const figures::ReportRules& rules,
                  const std::string& filename, std::string_view lang) {
    const Translator& tr = Translator::builtin();
    header_keys.insert(header_keys.end(), figures::csv_rules_header.begin(), figures::csv_rules_header.end());
    std::vector<std::string> header;
    for (const std::string& key : header_keys) header.push_back(tr.render(Message(key), lang));
    const auto stated = figures::csv_rules_cells(rules, lang);
    for (auto& row : rows) row.insert(row.end(), stated.begin(), stated.end());
    return Answer{200, write_csv_table(header, rows),
                  {{"Content-Type", "text/csv; charset=utf-8"}, {"Content-Disposition", "attachment; filename=\"" + filename + "\""}}};
}


std::string range_name(const Scope& s) { return format_iso_date(s.from) + "_" + format_iso_date(s.to); }

}  // namespace

IndicesService::IndicesService(Store& store, IndicesSettings settings, Now now)
    : store_(store), settings_(settings), now_(std::move(now)) {}

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
    const figures::ReportRules rules = figures::report_rules(store_, scope, settings_, now_());
    json groups = figures::groups(store_, scope, *dim, service, kiosk, settings_, lang);
    // Each group's satisfaction target (its department's own, else the default) and where its
    // rate stands against it by the evidence, so that no page works out the rule again.
    const targets::Targets targets = targets::read_targets(store_);
    targets::annotate(groups, targets);
    if (scope.csv) {
        const Translator& tr = Translator::builtin();
        std::vector<std::vector<std::string>> csv_rows;
        for (const json& g : groups) {
            const json& tt = g["tt01"];
            auto mean = [&](const char* code) { return tt.contains(code) ? csv_number(tt[code]["mean"]) : std::string(); };
            const json score = g.contains("officer_score") ? g["officer_score"] : g.value("agency_score", json(nullptr));
            const json& ci = g["ci95"];
            // Each scale's own rate, only for a group rated on both (empty when suppressed).
            auto scale_rate = [&](const char* scale) { return g.contains("by_scale") ? csv_number(g["by_scale"][scale]["satisfaction_rate"]) : std::string(); };
            csv_rows.push_back({g["key"].is_null() ? "" : g["key"].get<std::string>(), g["name"].get<std::string>(),
                                g["department"].get<std::string>(), g["responses"].dump(), g["satisfied"].dump(),
                                csv_number(g["satisfaction_rate"]), ci.is_null() ? "" : ci[0].dump(), ci.is_null() ? "" : ci[1].dump(),
                                csv_number(g["shrunk_rate"]), csv_number(g["rank"]), g["suppressed"].get<bool>() ? "1" : "0",
                                g["flagged_excluded"].dump(), mean("time"), mean("contacts"), mean("agencies"), mean("attitude"),
                                score.is_null() ? "" : csv_number(score["value"]),
                                score.is_null() || score["value"].is_null() ? "" : score["out_of"].dump(),
                                score.is_null() || score["band"].is_null()
                                    ? ""
                                    : tr.render(Message(band_key(score["band"].get<std::string>())), lang),
                                scale_rate("3"), scale_rate("5")});
        }
        return csv_answer({"server.csv.key", "server.csv.name", "server.csv.department", "server.csv.responses",
                           "server.csv.satisfied", "server.csv.satisfaction_rate", "server.csv.ci95_low", "server.csv.ci95_high",
                           "server.csv.shrunk_rate", "server.csv.rank", "server.csv.suppressed", "server.csv.flagged_excluded",
                           "server.csv.tt01_time", "server.csv.tt01_contacts", "server.csv.tt01_agencies", "server.csv.tt01_attitude",
                           "server.csv.score", "server.csv.score_out_of", "server.csv.band", "server.csv.rate_scale3",
                           "server.csv.rate_scale5"},
                          std::move(csv_rows), rules, "hailong-indices-" + std::string(to_string(*dim)) + "-" + range_name(scope) + ".csv",
                          lang);
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
    body["default_target"] = targets::target_json(targets.default_target);
    figures::add_rules(body, rules);
    body["groups"] = groups;
    // Every group's ratings together (each rating is in exactly one group), with its interval
    // and target: the overview's headline figure.
    {
        std::int64_t responses = 0, satisfied = 0;
        for (const json& g : groups) {
            responses += g["responses"].get<std::int64_t>();
            satisfied += g["satisfied"].get<std::int64_t>();
        }
        const bool suppressed = indices::suppressed(responses, settings_.min_responses);
        json total;
        total["responses"] = responses;
        total["satisfied"] = satisfied;
        total["satisfaction_rate"] = suppressed ? json(nullptr) : number_or_null(indices::satisfaction_rate(satisfied, responses));
        total["ci95"] = suppressed ? json(nullptr) : interval_json(indices::wilson_interval(satisfied, responses));
        total["suppressed"] = suppressed;
        const int t = targets.for_department(scope.department.value_or(""));
        total["target"] = targets::target_json(t);
        total["target_status"] = std::string(targets::status(total, t));
        body["total"] = std::move(total);
    }
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
    const figures::ReportRules rules = figures::report_rules(store_, scope, settings_, now_());

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
                          std::move(csv_rows), rules, "hailong-trend-" + interval + "-" + range_name(scope) + ".csv", lang);
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
    figures::add_rules(body, rules);
    body["series"] = std::move(series);
    return Answer{200, body.dump(), {}};
}

}  // namespace hailong::server
