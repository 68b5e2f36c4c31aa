#include "report_rules.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <tuple>

#include "hailong/message.hpp"

namespace hailong::server::figures {
namespace {

using json = nlohmann::ordered_json;
using namespace std::chrono;

// The departments a report covers: its filter, within the user's reach.
std::vector<std::string> departments_of(Store& store, const RequestScope& scope) {
    std::vector<std::string> out;
    for (const Department& d : store.departments())
        if (scope.sees(d.code) && (!scope.department || *scope.department == d.code)) out.push_back(d.code);
    return out;
}

// Whether a re-evaluation's dates and department meet the report's.
bool meets(const ReflagRun& run, const RequestScope& scope, const std::vector<std::string>& departments) {
    if (sys_days{run.request.to} < sys_days{scope.from} || sys_days{scope.to} < sys_days{run.request.from}) return false;
    return !run.request.department || std::find(departments.begin(), departments.end(), *run.request.department) != departments.end();
}

// A setting as a person reads it: 20, not 20.0; 2.5 as it is.
std::string number_text(double v) {
    if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
    return json(v).dump();
}

std::string joined(const std::vector<std::string>& parts, const char* separator) {
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : separator) + p;
    return out;
}

}  // namespace

std::string report_time(Instant at) { return format_rfc3339(floor<seconds>(at), vietnam_offset); }

ReportRules report_rules(Store& store, const RequestScope& scope, const IndicesSettings& settings, Instant made_at) {
    ReportRules rules{made_at, settings, scope.include_flagged, {}, {}};
    const std::vector<std::string> departments = departments_of(store, scope);
    const OpeningHoursSchedule schedule(store.opening_hours_versions());
    // Keyed by the dates, then the version's place in the schedule (the standard hours first),
    // so that the list reads in date order and departments judged alike share one entry; each
    // entry's departments come in code order, as the store lists them.
    std::map<std::tuple<int, int, std::ptrdiff_t>, HoursInForce> by_key;
    for (const std::string& department : departments) {
        for (const OpeningHoursSchedule::Span& span : schedule.spans(department, scope.from, scope.to)) {
            const std::ptrdiff_t place = span.version ? span.version - schedule.versions().data() : -1;
            auto [it, added] = by_key.try_emplace({day_number(span.from), day_number(span.to), place});
            if (added) {
                it->second.from = span.from;
                it->second.to = span.to;
                it->second.hours = span.version ? span.version->hours : OpeningHours::standard();
                if (span.version) it->second.version = *span.version;
            }
            it->second.departments.push_back(department);
        }
    }
    for (auto& [key, hours] : by_key) rules.hours.push_back(std::move(hours));
    for (ReflagRun& run : store.reflag_runs())
        if (meets(run, scope, departments)) rules.reevaluations.push_back(std::move(run));
    return rules;
}

void add_rules(json& body, const ReportRules& rules) {
    json in_force = json::array();
    for (const HoursInForce& h : rules.hours) {
        json version = nullptr;
        if (h.version)
            version = {{"department", h.version->department.empty() ? json(nullptr) : json(h.version->department)},
                       {"valid_from", format_iso_date(h.version->valid_from)},
                       {"set_at", report_time(h.version->set_at)}};
        in_force.push_back({{"departments", h.departments},
                            {"from", format_iso_date(h.from)},
                            {"to", format_iso_date(h.to)},
                            {"hours", h.hours.to_string()},
                            {"version", std::move(version)}});
    }
    json reevaluated = json::array();
    for (const ReflagRun& run : rules.reevaluations)
        reevaluated.push_back({{"at", report_time(run.request.at)},
                               {"from", format_iso_date(run.request.from)},
                               {"to", format_iso_date(run.request.to)},
                               {"department", run.request.department ? json(*run.request.department) : json(nullptr)}});
    const indices::Dossier766Settings dossier_766;
    body["made_at"] = report_time(rules.made_at);
    body["rules"] = {
        {"flags",
         {{"excluded", !rules.include_flagged},
          {"burst", {{"submissions", burst_size}, {"within_seconds", burst_window.count()}}},
          {"repeated_dossier", {{"same_stage", true}, {"same_local_day_when_stage_unknown", true}}},
          {"outside_hours", {{"timezone", std::string(vietnam_time_zone)}, {"public_holidays", false}, {"in_force", std::move(in_force)}}},
          {"reevaluated", std::move(reevaluated)}}},
        {"min_responses", rules.settings.min_responses},
        {"prior_weight", rules.settings.prior_weight},
        {"late_no_complaint", std::string(indices::code(rules.settings.late_no_complaint))},
        {"dossier_766", {{"target_percent", dossier_766.target_percent}, {"max_points", dossier_766.max_points}}}};
}

std::vector<std::string> rules_sentences(const ReportRules& rules, std::string_view lang, const std::function<std::string(LocalDate)>& date,
                                         const std::function<std::string(Instant)>& time) {
    const Translator& tr = Translator::builtin();
    const auto text = [&](const Message& m) { return tr.render(m, lang); };
    std::vector<std::string> out;
    out.push_back(text(Message(rules.include_flagged ? "server.rules.flags_included" : "server.rules.flags_excluded",
                               {{"count", std::to_string(burst_size)}, {"seconds", std::to_string(burst_window.count())}})));
    for (const HoursInForce& h : rules.hours) {
        const std::string source =
            !h.version                     ? text(Message("server.rules.hours_standard"))
            : h.version->department.empty()
                ? text(Message("server.rules.hours_site", {{"from", date(h.version->valid_from)}, {"set_at", time(h.version->set_at)}}))
                : text(Message("server.rules.hours_department", {{"department", h.version->department},
                                                                 {"from", date(h.version->valid_from)},
                                                                 {"set_at", time(h.version->set_at)}}));
        out.push_back(text(Message("server.rules.hours", {{"departments", joined(h.departments, ", ")},
                                                          {"from", date(h.from)},
                                                          {"to", date(h.to)},
                                                          {"hours", h.hours.to_string()},
                                                          {"source", source}})));
    }
    for (const ReflagRun& run : rules.reevaluations)
        out.push_back(text(Message("server.rules.reevaluated",
                                   {{"from", date(run.request.from)},
                                    {"to", date(run.request.to)},
                                    {"scope", run.request.department ? *run.request.department : text(Message("server.rules.every_department"))},
                                    {"time", time(run.request.at)}})));
    const indices::Dossier766Settings dossier_766;
    const char* late = rules.settings.late_no_complaint == indices::LateNoComplaint::one        ? "server.rules.late_one"
                       : rules.settings.late_no_complaint == indices::LateNoComplaint::excluded ? "server.rules.late_excluded"
                                                                                               : "server.rules.late_zero";
    out.push_back(text(Message("server.rules.settings", {{"min", std::to_string(rules.settings.min_responses)},
                                                         {"late", text(Message(late))},
                                                         {"weight", number_text(rules.settings.prior_weight)},
                                                         {"target", number_text(dossier_766.target_percent)},
                                                         {"points", number_text(dossier_766.max_points)}})));
    return out;
}

std::array<std::string, 2> csv_rules_cells(const ReportRules& rules, std::string_view lang) {
    return {report_time(rules.made_at), joined(rules_sentences(rules, lang, format_iso_date, report_time), " ")};
}

}  // namespace hailong::server::figures
