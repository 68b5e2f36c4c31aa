#include "hailong/server/api/indicator_export.hpp"

#include "hailong/server/api/request_scope.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "hailong/server/store/csv_table.hpp"
#include "index_figures.hpp"
#include "report_rules.hpp"

namespace hailong::server {
namespace {

using json = nlohmann::ordered_json;

// What a unit's rows are computed from: the indices' own sums (figures::sum_groups), so that the
// two answers can never disagree.
using UnitCounts = figures::Counts;
using UnitKey = figures::GroupKey;

using figures::tt01_of;

// The stable code and catalogue key of each TT 01 index (whole literals: the catalogue test
// finds every key by a text search).
struct IndexCode {
    indices::Tt01Index index;
    const char* code;
    const char* label_key;
};
constexpr IndexCode tt01_codes[] = {
    {indices::Tt01Index::time, "TT01.I1_TIME", "server.indicator.tt01_i1_time"},
    {indices::Tt01Index::agency_time, "TT01.I2_AGENCY_TIME", "server.indicator.tt01_i2_agency_time"},
    {indices::Tt01Index::contacts, "TT01.I3_CONTACTS", "server.indicator.tt01_i3_contacts"},
    {indices::Tt01Index::agencies, "TT01.I4_AGENCIES", "server.indicator.tt01_i4_agencies"},
    {indices::Tt01Index::disclosure, "TT01.I5_DISCLOSURE", "server.indicator.tt01_i5_disclosure"},
    {indices::Tt01Index::fees, "TT01.I6_FEES", "server.indicator.tt01_i6_fees"},
    {indices::Tt01Index::attitude, "TT01.I7_ATTITUDE", "server.indicator.tt01_i7_attitude"},
    {indices::Tt01Index::feedback, "TT01.I8_FEEDBACK", "server.indicator.tt01_i8_feedback"},
    {indices::Tt01Index::online, "TT01.I9_ONLINE", "server.indicator.tt01_i9_online"},
};
std::string tt01_code(indices::Tt01Index index) {
    for (const IndexCode& ic : tt01_codes)
        if (ic.index == index) return ic.code;
    return {};
}

struct FactorCode {
    const char* code;
    const char* label_key;
};
constexpr FactorCode sipas_codes[] = {
    {"SIPAS.F1_ACCESS", "server.indicator.sipas_f1_access"},
    {"SIPAS.F2_PROCEDURES", "server.indicator.sipas_f2_procedures"},
    {"SIPAS.F3_CIVIL_SERVANTS", "server.indicator.sipas_f3_civil_servants"},
    {"SIPAS.F4_RESULTS", "server.indicator.sipas_f4_results"},
    {"SIPAS.F5_FEEDBACK", "server.indicator.sipas_f5_feedback"},
};

// The PAPI dimensions a figure informs (hailong's own reading, docs/api.md): what citizens say
// of their procedure at the counter informs dimension 5 (public administrative procedures); the
// overall satisfaction with the service also informs dimension 6 (public service delivery).
const std::vector<std::string> informs_d5 = {"PAPI.D5"};
const std::vector<std::string> informs_d5_d6 = {"PAPI.D5", "PAPI.D6"};

struct Row {
    std::string code;
    std::optional<std::string> department;
    std::string department_name;
    std::optional<std::string> officer;
    std::string officer_name;
    std::optional<double> value;
    std::int64_t n = 0;
    std::string unit;
    std::string status;
    std::string label_key;
    std::optional<std::string> band;
    std::vector<std::string> missing;
    std::vector<std::string> informs;
    std::optional<std::int64_t> out_of;  ///< a score's: the points its indices with data could reach
};

std::string band_code(const std::optional<indices::OfficerBand>& b) { return b ? std::string(indices::code(*b)) : std::string(); }
std::string band_code(const std::optional<indices::AgencyBand>& b) { return b ? std::string(indices::code(*b)) : std::string(); }

// n of a score: the fewest dossiers any of its indices rests on (the weakest part of the sum);
// out_of: 2 points per index with data. A suppressed unit's score has no value and no band
// (methodology.md section 5).
template <class Band>
Row score_row(const indices::Score<Band>& s, const indices::Tt01Tallies& t, std::span<const indices::Tt01Index> parts,
              std::string code, const char* label_key, bool suppressed) {
    Row r;
    r.code = std::move(code);
    r.label_key = label_key;
    r.unit = "points";
    r.informs = informs_d5;
    r.n = indices::fewest_dossiers(t, parts);
    for (const auto i : s.missing) r.missing.push_back(tt01_code(i));
    r.out_of = 2 * static_cast<std::int64_t>(parts.size() - s.missing.size());
    if (s.missing.size() == parts.size()) {
        r.status = "no_data";
    } else if (suppressed) {
        r.status = "suppressed";
    } else {
        r.value = s.value();
        r.status = s.partial() ? "partial" : "ok";
        if (!s.partial()) r.band = band_code(s.band);
    }
    return r;
}

// Every department-level row of one unit (a department, or the total of all in scope).
std::vector<Row> unit_rows(const UnitCounts& c, const IndicesSettings& settings) {
    std::vector<Row> rows;
    const indices::Tally& t = c.counted;
    const bool suppressed = indices::suppressed(t.responses, settings.min_responses);
    auto rate_status = [&] { return t.responses == 0 ? "no_data" : suppressed ? "suppressed" : "ok"; };
    const bool show_rate = t.responses > 0 && !suppressed;
    const auto rate = indices::satisfaction_rate(t.satisfied, t.responses);
    const auto ci = indices::wilson_interval(t.satisfied, t.responses);
    rows.push_back({"SAT.RATE", {}, {}, {}, {}, show_rate ? rate : std::nullopt, t.responses, "percent", rate_status(),
                    "server.indicator.sat_rate", {}, {}, informs_d5_d6, std::nullopt});
    rows.push_back({"SAT.RATE_CI95_LOW", {}, {}, {}, {}, show_rate ? std::optional<double>(ci->low) : std::nullopt, t.responses, "percent",
                    rate_status(), "server.indicator.sat_rate_ci95_low", {}, {}, informs_d5_d6, std::nullopt});
    rows.push_back({"SAT.RATE_CI95_HIGH", {}, {}, {}, {}, show_rate ? std::optional<double>(ci->high) : std::nullopt, t.responses, "percent",
                    rate_status(), "server.indicator.sat_rate_ci95_high", {}, {}, informs_d5_d6, std::nullopt});

    // Methodology §6: the figures say how many suspicious responses they left out.
    rows.push_back({"SAT.FLAGGED_EXCLUDED", {}, {}, {}, {}, static_cast<double>(c.flagged.responses), t.responses + c.flagged.responses,
                    "count", "ok", "server.indicator.sat_flagged_excluded", {}, {}, {}, std::nullopt});

    const indices::Tt01Tallies tt = tt01_of(c, settings.late_no_complaint);
    for (const IndexCode& ic : tt01_codes) {
        const auto tenths = indices::index_tenths(tt[ic.index]);
        rows.push_back({ic.code, {}, {}, {}, {}, tenths && !suppressed ? std::optional<double>(*tenths / 10.0) : std::nullopt, tt[ic.index].n,
                        "points", !tenths ? "no_data" : suppressed ? "suppressed" : "ok", ic.label_key, {}, {}, informs_d5, std::nullopt});
        if (ic.index != indices::Tt01Index::attitude) continue;
        // Beside index 7: the late dossiers without a harassment report it holds, and how the
        // policy scored them (the label names the policy).
        const char* policy_label = settings.late_no_complaint == indices::LateNoComplaint::one ? "server.indicator.tt01_i7_late_no_complaint_one"
                                   : settings.late_no_complaint == indices::LateNoComplaint::excluded
                                       ? "server.indicator.tt01_i7_late_no_complaint_excluded"
                                       : "server.indicator.tt01_i7_late_no_complaint_zero";
        rows.push_back({"TT01.I7_LATE_NO_COMPLAINT", {}, {}, {}, {}, t.responses ? std::optional<double>(static_cast<double>(t.late_no_complaint)) : std::nullopt,
                        t.responses, "count", t.responses ? "ok" : "no_data", policy_label, {}, {}, informs_d5, std::nullopt});
    }
    // Reports of harassment: the citizens' own answers, never index 7 points (methodology.md §2).
    rows.push_back({"SAT.HARASSMENT_REPORTS", {}, {}, {}, {}, t.responses ? std::optional<double>(static_cast<double>(t.harassment_reports)) : std::nullopt,
                    t.responses, "count", t.responses ? "ok" : "no_data", "server.indicator.sat_harassment_reports", {}, {}, informs_d5, std::nullopt});
    rows.push_back(score_row(indices::agency_score(tt), tt, indices::all_tt01_indices, "TT01.AGENCY_SCORE", "server.indicator.tt01_agency_score", suppressed));

    // 766-style, criterion 5.4 (methodology.md section 3): one population, the unit's records;
    // a rating counts through its dossier code. No linked rating: no data. Rate and points are
    // findings, suppressed with the unit; the counts are not.
    const DossierTally& d = c.dossiers;
    const auto d766 = indices::dossier_766(d.dossiers, d.linked, d.late, d.complained);
    const char* dossier_status = d.dossiers ? "ok" : "no_data";
    const bool show_766 = d766 && !suppressed;
    const char* finding_status = !d766 ? "no_data" : suppressed ? "suppressed" : "ok";
    const auto count_of = [&](std::int64_t v) { return d.dossiers ? std::optional<double>(static_cast<double>(v)) : std::nullopt; };
    rows.push_back({"QD766.C5_4_RATE", {}, {}, {}, {}, show_766 ? std::optional<double>(d766->rate) : std::nullopt, d.dossiers, "percent",
                    finding_status, "server.indicator.qd766_c5_4_rate", {}, {}, informs_d5, std::nullopt});
    rows.push_back({"QD766.C5_4_POINTS", {}, {}, {}, {}, show_766 ? std::optional<double>(d766->points) : std::nullopt, d.dossiers, "points",
                    finding_status, "server.indicator.qd766_c5_4_points", {}, {}, informs_d5, std::nullopt});
    rows.push_back({"QD766.C5_4_OVERDUE", {}, {}, {}, {}, count_of(d.late), d.dossiers, "count", dossier_status,
                    "server.indicator.qd766_c5_4_overdue", {}, {}, informs_d5, std::nullopt});
    rows.push_back({"QD766.C5_4_COMPLAINT_OR_UNSATISFIED", {}, {}, {}, {}, count_of(d.complained), d.dossiers, "count", dossier_status,
                    "server.indicator.qd766_c5_4_complaint_or_unsatisfied", {}, {}, informs_d5, std::nullopt});
    rows.push_back({"QD766.C5_4_LINKED", {}, {}, {}, {}, count_of(d.linked), d.dossiers, "count", dossier_status,
                    "server.indicator.qd766_c5_4_linked", {}, {}, informs_d5, std::nullopt});
    rows.push_back({"QD766.C5_4_RATINGS_WITHOUT_DOSSIER", {}, {}, {}, {},
                    t.responses ? std::optional<double>(static_cast<double>(t.responses - t.with_dossier)) : std::nullopt, t.responses,
                    "count", t.responses ? "ok" : "no_data", "server.indicator.qd766_c5_4_ratings_without_dossier", {}, {}, informs_d5,
                    std::nullopt});

    // SIPAS-style factors need the answers of a survey campaign's item bank, which no kiosk sends
    // yet (api-v1 has no field for them): the rows are there, with no data, so that a reform
    // team's sheet keeps its shape when campaigns arrive.
    for (const FactorCode& f : sipas_codes)
        rows.push_back({f.code, {}, {}, {}, {}, std::nullopt, 0, "percent", "no_data", f.label_key, {}, {}, informs_d5, std::nullopt});
    rows.push_back({"SIPAS.OVERALL", {}, {}, {}, {}, std::nullopt, 0, "percent", "no_data", "server.indicator.sipas_overall", {}, {}, informs_d5_d6, std::nullopt});
    return rows;
}

// A figure as the CSV writes it: a count as a whole number ("3", not "3.0"), others as JSON does.
std::string number_text(const std::optional<double>& v, const std::string& unit) {
    if (!v) return "";
    if (unit == "count") return std::to_string(static_cast<std::int64_t>(*v));
    return json(*v).dump();
}

std::string joined(const std::vector<std::string>& parts, const char* sep) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
    return out;
}

}  // namespace

IndicatorExport::IndicatorExport(Store& store, IndicesSettings settings, Now now)
    : store_(store), settings_(settings), now_(std::move(now)) {}

Answer IndicatorExport::indicators(const User& user, const QueryParams& params, std::string_view request_lang) {
    static const std::set<std::string> names = {"from", "to", "period", "department", "include_flagged", "format", "lang"};
    auto read = read_request_scope(store_, user, params, names, DatesBy::period_or_range, settings_, request_lang);
    if (auto* a = std::get_if<Answer>(&read)) return std::move(*a);
    const RequestScope& scope = std::get<RequestScope>(read);
    const std::string& lang = scope.lang;
    bool csv = false;
    if (const auto f = scope.param("format")) {
        if (*f != "json" && *f != "csv") return bad_request("format", error_code::invalid_value, Message("error.query.format"), lang);
        csv = *f == "csv";
    }
    const Translator& tr = Translator::builtin();
    const figures::ReportRules rules = figures::report_rules(store_, scope, settings_, now_());

    // Names as they were at the end of the period.
    const OrganisationOn then = figures::organisation_at(store_, scope);
    std::map<std::string, std::string> department_names;
    for (const auto& [code, d] : then.departments)
        if (scope.sees(code) && (!scope.department || *scope.department == code)) department_names[code] = d.name;
    std::map<std::string, std::string> officer_names;
    for (const auto& [code, o] : then.officers) officer_names[code] = o.name;  // one who moved out is still named

    const auto departments = figures::sum_groups(store_, scope, RollupDim::department, std::nullopt);
    const auto officers = figures::sum_groups(store_, scope, RollupDim::officer, std::nullopt);
    const std::string period = format_iso_date(scope.from) + "/" + format_iso_date(scope.to);

    std::vector<Row> rows;
    // The total of every department in scope first (only when no department was asked for: with
    // one it would repeat that department's rows), then each department in scope, with or without
    // data, by code; then the officers' TT 01 scores.
    if (!scope.department) {
        UnitCounts total;
        for (const auto& [key, c] : departments) total += c;
        for (Row r : unit_rows(total, settings_)) {
            r.department_name = tr.render(Message("server.indicator.scope_total"), lang);
            rows.push_back(std::move(r));
        }
    }
    for (const auto& [code, name] : department_names) {
        const auto it = departments.find({code, code});
        for (Row r : unit_rows(it == departments.end() ? UnitCounts{} : it->second, settings_)) {
            r.department = code;
            r.department_name = name;
            rows.push_back(std::move(r));
        }
    }
    for (const auto& [key, c] : officers) {
        if (key.second.empty()) continue;  // ratings that named no officer have no officer score
        const indices::Tt01Tallies tt = tt01_of(c, settings_.late_no_complaint);
        Row r = score_row(indices::officer_score(tt), tt, indices::officer_tt01_indices, "TT01.OFFICER_SCORE",
                          "server.indicator.tt01_officer_score", indices::suppressed(c.counted.responses, settings_.min_responses));
        r.department = key.first;
        r.department_name = department_names.count(key.first) ? department_names[key.first] : key.first;
        r.officer = key.second;
        r.officer_name = officer_names.count(key.second) ? officer_names[key.second] : "";
        rows.push_back(std::move(r));
    }

    if (csv) {
        // Every row ends with when the file was made and under which rules, as the indices CSV.
        const auto [made_at, stated] = figures::csv_rules_cells(rules, lang);
        std::vector<std::vector<std::string>> lines;
        for (const Row& r : rows) {
            lines.push_back({r.code, r.department.value_or(""), r.department_name, r.officer.value_or(""), r.officer_name, period,
                             number_text(r.value, r.unit), std::to_string(r.n), r.unit, r.status, tr.render(Message(r.label_key), lang),
                             r.band.value_or(""), joined(r.missing, " "), joined(r.informs, " "),
                             r.out_of ? std::to_string(*r.out_of) : std::string(), made_at, stated});
        }
        std::vector<std::string> header;
        for (const char* key : {"server.csv.indicator", "server.csv.department", "server.csv.department_name", "server.csv.officer",
                                "server.csv.officer_name", "server.csv.period", "server.csv.value", "server.csv.n", "server.csv.unit",
                                "server.csv.status", "server.csv.label", "server.csv.band_code", "server.csv.missing", "server.csv.informs",
                                "server.csv.score_out_of"})
            header.push_back(tr.render(Message(key), lang));
        for (const char* key : figures::csv_rules_header) header.push_back(tr.render(Message(key), lang));
        return Answer{200, write_csv_table(header, lines),
                      {{"Content-Type", "text/csv; charset=utf-8"},
                       {"Content-Disposition", "attachment; filename=\"hailong-indicators-" + format_iso_date(scope.from) + "_" +
                                                   format_iso_date(scope.to) + (scope.department ? "-" + *scope.department : "") + ".csv\""}}};
    }

    json out = json::array();
    for (const Row& r : rows) {
        json missing = json::array();
        for (const auto& m : r.missing) missing.push_back(m);
        out.push_back({{"code", r.code},
                       {"department", r.department ? json(*r.department) : json(nullptr)},
                       {"department_name", r.department_name},
                       {"officer", r.officer ? json(*r.officer) : json(nullptr)},
                       {"officer_name", r.officer ? json(r.officer_name) : json(nullptr)},
                       {"period", period},
                       {"value", r.value ? json(*r.value) : json(nullptr)},
                       {"n", r.n},
                       {"unit", r.unit},
                       {"status", r.status},
                       {"label", tr.render(Message(r.label_key), lang)},
                       {"band", r.band ? json(*r.band) : json(nullptr)},
                       {"missing", std::move(missing)},
                       {"informs", r.informs},
                       {"out_of", r.out_of ? json(*r.out_of) : json(nullptr)}});
    }
    json body;
    body["from"] = format_iso_date(scope.from);
    body["to"] = format_iso_date(scope.to);
    body["timezone"] = std::string(vietnam_time_zone);
    body["department"] = scope.department ? json(*scope.department) : json(nullptr);
    body["include_flagged"] = scope.include_flagged;
    body["min_responses"] = settings_.min_responses;
    figures::add_rules(body, rules);
    body["papi"] = {{"PAPI.D5", tr.render(Message("server.indicator.papi_d5"), lang)},
                    {"PAPI.D6", tr.render(Message("server.indicator.papi_d6"), lang)}};
    body["indicators"] = std::move(out);
    return Answer{200, body.dump(), {}};
}

}  // namespace hailong::server
