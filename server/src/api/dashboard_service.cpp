#include "hailong/server/api/dashboard_service.hpp"

#include "hailong/comment_words.hpp"
#include "hailong/server/store/setting_keys.hpp"

#include "hailong/server/api/request_scope.hpp"
#include "hailong/server/api/why_service.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "hailong/indices.hpp"
#include "hailong/json_reader.hpp"
#include "hailong/json_strict.hpp"
#include "hailong/submission_codec.hpp"

namespace hailong::server {

using json = nlohmann::ordered_json;
using std::chrono::sys_days;

namespace {


json optional_json(const std::optional<std::string>& v) { return v ? json(*v) : json(); }

// The departments whose kiosks `user` sees: every one (empty) or a manager's own.
std::set<std::string> reach_of(const User& user) {
    if (user.role != Role::manager) return {};
    return {user.departments.begin(), user.departments.end()};
}

json flags_json(Flags flags) {
    json names = json::array();
    if (flags & flag_bit(Flag::burst)) names.push_back("burst");
    if (flags & flag_bit(Flag::repeated_dossier)) names.push_back("repeated_dossier");
    if (flags & flag_bit(Flag::outside_hours)) names.push_back("outside_hours");
    return names;
}

json instant_json(const std::optional<Instant>& t) { return t ? json(format_rfc3339(*t)) : json(); }

// "12:54 03/12/2026": the local time in Vietnam as people write it, for the alerts' texts.
std::string vietnam_clock_text(Instant t) {
    const std::string r = format_rfc3339(std::chrono::floor<std::chrono::seconds>(t), std::chrono::hours{7});  // 2026-12-03T12:54:11+07:00
    return r.substr(11, 5) + " " + r.substr(8, 2) + "/" + r.substr(5, 2) + "/" + r.substr(0, 4);
}

}  // namespace

std::string_view to_string(Alert::Kind kind) {
    switch (kind) {
    case Alert::Kind::low_rate: return "low_rate";
    case Alert::Kind::harassment: return "harassment";
    case Alert::Kind::kiosk_silent: return "kiosk_silent";
    }
    return "low_rate";
}

std::string describe(const Alert& a, const AlertPolicy& policy, std::string_view lang) {
    const Translator& tr = Translator::builtin();
    char rate[32] = "";
    if (a.rate) std::snprintf(rate, sizeof rate, "%.1f", *a.rate);
    // The bounds with the 2 decimals the rule compares: at 1 decimal an upper bound of 69.96 would
    // read "70.0", not under a 70.0 % threshold.
    char low[32] = "", high[32] = "";
    if (a.ci95) {
        std::snprintf(low, sizeof low, "%.2f", a.ci95->low);
        std::snprintf(high, sizeof high, "%.2f", a.ci95->high);
    }
    char min[32];
    std::snprintf(min, sizeof min, "%.1f", policy.min_rate);
    const std::string department = a.department_name.empty() ? a.department : a.department_name + " (" + a.department + ")";
    switch (a.kind) {
    case Alert::Kind::low_rate:
        if (a.id.rfind("low_rate:kiosk:", 0) == 0)
            return tr.render(Message("server.alert.low_rate_kiosk", {{"subject", a.subject}, {"rate", rate}, {"responses", std::to_string(a.responses)},
                                                                     {"low", low}, {"high", high}, {"min", min}}),
                             lang);
        return tr.render(Message("server.alert.low_rate_department", {{"subject", department}, {"rate", rate}, {"responses", std::to_string(a.responses)},
                                                                       {"low", low}, {"high", high}, {"min", min}}),
                         lang);
    case Alert::Kind::harassment:
        return tr.render(Message("server.alert.harassment", {{"code", a.subject}, {"department", department}}), lang);
    case Alert::Kind::kiosk_silent:
        if (!a.since) return tr.render(Message("server.alert.kiosk_never", {{"kiosk", a.subject}}), lang);
        return tr.render(Message("server.alert.kiosk_silent", {{"kiosk", a.subject}, {"since", vietnam_clock_text(*a.since)}}), lang);
    }
    return {};
}

DashboardService::DashboardService(Store& store, std::function<Instant()> now) : store_(store), now_(std::move(now)) {}

AlertPolicy DashboardService::policy() { return stored_alert_policy(store_); }

Answer DashboardService::fleet(const User& user, const QueryParams& params, std::string_view lang) {
    std::optional<std::string> department;
    for (const auto& [name, value] : params) {
        if (name != "department") return bad_request(name, error_code::invalid_value, Message("error.query.unknown"), lang);
        if (department) return bad_request(name, error_code::invalid_value, Message("error.query.repeated"), lang);
        department = value;
    }
    const std::set<std::string> reach = reach_of(user);
    if (user.role == Role::manager && reach.empty())
        return error_answer(403, {std::string(error_code::forbidden), "department", Message("error.auth.no_departments")}, lang);
    if (department && !reach.empty() && !reach.count(*department))
        return error_answer(403, {std::string(error_code::forbidden), "department", Message("error.auth.department_forbidden", {{"department", *department}})}, lang);

    std::map<std::string, Heartbeat> beats;
    for (Heartbeat& h : store_.heartbeats()) beats.emplace(h.kiosk_id, std::move(h));
    const Instant now = now_();
    json kiosks = json::array();
    std::size_t online = 0, clock_problems = 0;
    for (const Kiosk& k : store_.kiosks()) {
        if (department ? k.department != *department : (!reach.empty() && !reach.count(k.department))) continue;
        json row = {{"kiosk_id", k.id}, {"department", k.department}, {"revoked", k.revoked}};
        const auto it = beats.find(k.id);
        if (it == beats.end()) {
            row.update({{"online", false}, {"last_heartbeat", nullptr}, {"silent_seconds", nullptr}, {"app_version", nullptr},
                        {"queue_depth", nullptr}, {"last_error", nullptr}, {"clock_drift_seconds", nullptr}, {"clock_problem", nullptr}});
        } else {
            const Heartbeat& h = it->second;
            const auto silent = std::chrono::duration_cast<std::chrono::seconds>(now - h.received_at);
            const bool is_online = !k.revoked && silent <= online_within;
            online += is_online ? 1 : 0;
            json drift, clock_problem;
            if (h.kiosk_clock) {
                const auto off = *h.kiosk_clock - h.received_at;
                drift = std::round(std::chrono::duration<double>(off).count() * 10) / 10;
                const bool problem = off > max_clock_drift || off < -max_clock_drift;
                clock_problem = problem;
                clock_problems += problem ? 1 : 0;
            }
            row.update({{"online", is_online}, {"last_heartbeat", format_rfc3339(h.received_at)}, {"silent_seconds", std::max<std::int64_t>(0, silent.count())},
                        {"app_version", h.app_version}, {"queue_depth", h.queue_depth},
                        {"last_error", h.last_error.empty() ? json() : json(h.last_error)}, {"clock_drift_seconds", drift},
                        {"clock_problem", clock_problem}});
        }
        kiosks.push_back(std::move(row));
    }
    const json body = {{"now", format_rfc3339(now)}, {"online_within_seconds", std::chrono::seconds(online_within).count()},
                       {"online", online}, {"clock_problems", clock_problems},
                       {"max_clock_drift_seconds", std::chrono::seconds(max_clock_drift).count()}, {"kiosks", std::move(kiosks)}};
    return {200, body.dump(), {}};
}

Answer DashboardService::submissions(const User& user, const QueryParams& params, std::string_view lang) {
    if (user.role == Role::analyst)
        return error_answer(403, {std::string(error_code::forbidden), "", Message("error.submissions.analyst")}, lang);
    // The dates are optional here: without them, the newest of every date.
    QueryParams dated = params;
    const bool has_dates = std::any_of(params.begin(), params.end(), [](const auto& p) { return p.first == "period" || p.first == "from" || p.first == "to"; });
    // A word of the why (`term`) is looked for in the comments themselves, so it reads what the
    // why reads: dates required, the same bounds (request_scope.hpp).
    const bool has_term = std::any_of(params.begin(), params.end(), [](const auto& p) { return p.first == "term"; });
    if (has_term && !has_dates) return bad_request("period", error_code::missing_field, Message("error.missing"), lang);
    if (!has_dates) dated.emplace_back("period", "2000");  // read_export_scope needs a range; ignored below
    auto read = read_request_scope(store_, user, dated,
                                          {"department", "officer", "service", "kiosk", "period", "from", "to", "include_flagged", "limit", "offset", "term"},
                                          DatesBy::period_or_range,
                                          IndicesSettings{.max_days = has_term ? why_max_days : std::numeric_limits<std::int64_t>::max()}, lang);
    if (auto* answer = std::get_if<Answer>(&read)) return std::move(*answer);
    const RequestScope& scope = std::get<RequestScope>(read);
    if (!scope.department) return bad_request("department", error_code::missing_field, Message("error.missing"), lang);

    SubmissionQuery q;
    q.departments = {*scope.department};
    q.officer = scope.param("officer");
    q.service = scope.param("service");
    q.kiosk = scope.param("kiosk");
    q.include_flagged = !scope.param("include_flagged") || scope.include_flagged;  // all, unless asked to leave the flagged out
    if (has_dates) {
        q.from = vietnam_day_start(scope.from);
        q.to = vietnam_day_start(LocalDate{sys_days{scope.to} + std::chrono::days{1}});
    }
    if (const auto limit = scope.param("limit"))
        if (auto bad = read_count("limit", *limit, 1, 200, q.limit, lang)) return std::move(*bad);
    if (const auto offset = scope.param("offset"))
        if (auto bad = read_count("offset", *offset, 0, std::numeric_limits<int>::max(), q.offset, lang)) return std::move(*bad);

    std::vector<StoredSubmission> found;
    std::optional<std::size_t> total;
    if (const auto term = scope.param("term")) {
        const std::size_t limit = q.limit, offset = q.offset;
        q.with_comment = true;
        q.limit = why_max_rows + 1;
        q.offset = 0;
        std::vector<StoredSubmission> all = store_.submissions(q);
        if (all.size() > why_max_rows)
            return bad_request("period", error_code::invalid_value, Message("error.why.too_many", {{"max", std::to_string(why_max_rows)}}), lang);
        // The comments the why counted the word in: those that explain a complaint, not praise.
        std::erase_if(all, [&](const StoredSubmission& r) { return !comment_explains(r.submission) || !comment_has_term(*r.submission.comment, *term); });
        total = all.size();
        for (std::size_t i = offset; i < all.size() && i < offset + limit; ++i) found.push_back(std::move(all[i]));
        q.limit = limit;
        q.offset = offset;
    } else {
        found = store_.submissions(q);
    }
    json rows = json::array();
    for (const StoredSubmission& r : found) {
        const Submission& s = r.submission;
        rows.push_back({
            {"submission_id", s.id.to_string()},
            {"created_at", format_rfc3339(s.created_at.instant, s.created_at.offset)},
            {"received_at", format_rfc3339(r.received_at)},
            {"kiosk_id", r.kiosk_id},
            {"department", s.department},
            {"officer", optional_json(s.officer)},
            {"service", optional_json(s.service)},
            {"rating", {{"scale", s.rating.scale}, {"value", s.rating.value}}},
            {"satisfied", s.rating.satisfied()},
            {"tt01", {{"time", s.tt01.time ? json(*s.tt01.time) : json()}, {"contacts", s.tt01.contacts ? json(*s.tt01.contacts) : json()},
                      {"agencies", s.tt01.agencies ? json(*s.tt01.agencies) : json()}, {"attitude", s.tt01.attitude ? json(*s.tt01.attitude) : json()}}},
            {"harassment", s.harassment ? json(*s.harassment) : json(nullptr)},
            {"reasons", s.reasons},
            {"comment", optional_json(s.comment)},
            {"contact", optional_json(s.contact)},
            {"dossier", optional_json(s.dossier)},
            {"tracking_code", optional_json(s.tracking_code)},
            {"flags", flags_json(r.flags)},
        });
    }
    json body = {{"department", *scope.department}, {"limit", q.limit}, {"offset", q.offset}, {"submissions", std::move(rows)}};
    if (total) {
        body["term"] = *scope.param("term");
        body["total"] = *total;
    }
    return {200, body.dump(), {}};
}

std::vector<Alert> DashboardService::current_alerts(const User& user) {
    if (user.role == Role::manager && user.departments.empty()) return {};
    std::shared_ptr<const std::vector<Alert>> all;
    {
        const std::lock_guard lock(cache_mutex_);
        const Instant now = now_();
        if (!cache_ || now < cached_at_ || now - cached_at_ >= alert_cache_for) {
            cache_ = std::make_shared<const std::vector<Alert>>(compute_alerts());
            cached_at_ = now;
        }
        all = cache_;
    }
    const std::set<std::string> reach = reach_of(user);
    std::vector<Alert> out;
    for (const Alert& a : *all) {
        if (!reach.empty() && !reach.count(a.department)) continue;
        if (user.role == Role::analyst && a.kind == Alert::Kind::harassment) continue;  // it names a case
        out.push_back(a);
    }
    return out;
}

// Every alert of the site, as an admin sees them.
std::vector<Alert> DashboardService::compute_alerts() {
    const User user{"alerts", Role::admin, {}, false};
    const AlertPolicy p = policy();
    const std::set<std::string> reach = reach_of(user);
    if (user.role == Role::manager && reach.empty()) return {};
    const auto in_reach = [&](const std::string& dep) { return reach.empty() || reach.count(dep) > 0; };
    const std::vector<Department> departments = store_.departments();
    std::map<std::string, std::string> name_of;
    for (const Department& d : departments) name_of[d.code] = d.name;
    std::vector<Alert> out;

    // Low rates over the last `window` counted responses: departments, then kiosks. A rate merely
    // under the threshold is not enough (34 of 50, 68 %, fits a true 75 % unit; the old rule fired
    // for such a unit one window in six): only a window whose whole 95 % interval, upper bound as
    // shown, lies under the threshold accuses the unit (methodology §5; docs/indices.md,
    // "Low-rate alerts", gives the false-alarm rates).
    const auto low_rate = [&](SubmissionQuery q, const std::string& department, const std::string& id, const std::string& subject) {
        q.include_flagged = false;
        q.limit = static_cast<std::size_t>(p.window);
        const auto window = store_.submissions(q);
        if (window.size() < q.limit) return;  // not enough responses yet to judge
        indices::Tally t;
        for (const StoredSubmission& r : window) t.add(r.submission);
        const auto rate = indices::satisfaction_rate(t.satisfied, t.responses);
        const auto ci95 = indices::wilson_interval(t.satisfied, t.responses);
        if (!rate || !ci95 || ci95->high >= p.min_rate) return;
        Alert a;
        a.kind = Alert::Kind::low_rate;
        a.id = id;
        a.department = department;
        a.subject = subject;
        a.rate = rate;
        a.ci95 = ci95;
        a.responses = t.responses;
        a.since = window.back().submission.created_at.instant;
        out.push_back(std::move(a));
    };
    for (const Department& d : departments) {
        if (!in_reach(d.code)) continue;
        SubmissionQuery q;
        q.departments = {d.code};
        low_rate(q, d.code, "low_rate:department:" + d.code, d.code);
    }
    std::map<std::string, Heartbeat> beats;
    for (Heartbeat& h : store_.heartbeats()) beats.emplace(h.kiosk_id, std::move(h));
    const Instant now = now_();
    std::vector<Alert> silent;
    for (const Kiosk& k : store_.kiosks()) {
        if (k.revoked || !in_reach(k.department)) continue;
        SubmissionQuery q;
        q.departments = {k.department};
        q.kiosk = k.id;
        low_rate(q, k.department, "low_rate:kiosk:" + k.id, k.id);
        const auto it = beats.find(k.id);
        if (it != beats.end() && now - it->second.received_at < std::chrono::minutes{p.silent_minutes}) continue;
        Alert a;
        a.kind = Alert::Kind::kiosk_silent;
        a.id = "kiosk_silent:" + k.id;
        a.department = k.department;
        a.subject = k.id;
        if (it != beats.end()) a.since = it->second.received_at;
        silent.push_back(std::move(a));
    }
    out.insert(out.end(), std::make_move_iterator(silent.begin()), std::make_move_iterator(silent.end()));

    // Open complaints of harassment made lately, for those who may see the cases (older open
    // cases are the complaint list's overdue ones).
    if (user.role != Role::analyst) {
        ComplaintQuery q;
        q.departments.assign(reach.begin(), reach.end());
        q.open_only = true;
        q.harassment_only = true;
        q.since = now - std::chrono::days{p.harassment_days};
        q.limit = std::numeric_limits<int>::max();
        const std::vector<ComplaintCase> open = store_.complaints(q);  // newest first
        for (const ComplaintCase& c : open) {
            Alert a;
            a.kind = Alert::Kind::harassment;
            a.id = "harassment:" + c.tracking_code();
            a.department = c.submission.department;
            a.subject = c.tracking_code();
            a.since = c.submission.created_at.instant;
            out.push_back(std::move(a));
        }
    }
    for (Alert& a : out) a.department_name = name_of[a.department];
    return out;
}

Answer DashboardService::alerts(const User& user, const QueryParams& params, std::string_view lang) {
    // At most `limit` alerts of each kind (a province's first days can hold thousands of open
    // harassment reports); `counts` says how many there are of each.
    std::size_t limit = 1000;
    for (const auto& [name, value] : params) {
        if (name == "limit") {
            if (auto bad = read_count(name, value, 1, 10000, limit, lang)) return std::move(*bad);
        } else if (name != "lang") {
            return bad_request(name, error_code::invalid_value, Message("error.query.unknown"), lang);
        }
    }
    if (user.role == Role::manager && user.departments.empty())
        return error_answer(403, {std::string(error_code::forbidden), "department", Message("error.auth.no_departments")}, lang);
    const AlertPolicy p = policy();
    json list = json::array();
    std::map<std::string, std::size_t> counts = {{"low_rate", 0}, {"harassment", 0}, {"kiosk_silent", 0}};
    for (const Alert& a : current_alerts(user)) {
        const std::string kind(to_string(a.kind));
        if (++counts[kind] > limit) continue;
        list.push_back({{"id", a.id}, {"kind", kind}, {"department", a.department}, {"department_name", a.department_name}, {"subject", a.subject},
                        {"rate", a.rate ? json(*a.rate) : json()}, {"ci95", a.ci95 ? json::array({a.ci95->low, a.ci95->high}) : json()},
                        {"responses", a.responses}, {"since", instant_json(a.since)},
                        {"text", describe(a, p, lang)}});
    }
    json count_json = json::object();
    for (const auto& [kind, n] : counts) count_json[kind] = n;
    const json body = {{"policy", {{"min_rate", p.min_rate}, {"window", p.window}, {"silent_minutes", p.silent_minutes}, {"harassment_days", p.harassment_days}}},
                       {"counts", std::move(count_json)},
                       {"alerts", std::move(list)}};
    return {200, body.dump(), {}};
}

Answer DashboardService::organisation(const User& user, const QueryParams& params, std::string_view lang) {
    for (const auto& [name, value] : params)
        if (name != "lang") return bad_request(name, error_code::invalid_value, Message("error.query.unknown"), lang);
    const std::set<std::string> reach = reach_of(user);
    if (user.role == Role::manager && reach.empty())
        return error_answer(403, {std::string(error_code::forbidden), "department", Message("error.auth.no_departments")}, lang);
    const auto in_reach = [&](const std::string& dep) { return reach.empty() || reach.count(dep) > 0; };
    json departments = json::array();
    for (const Department& d : store_.departments())
        if (in_reach(d.code)) departments.push_back({{"code", d.code}, {"name", d.name}});
    json officers = json::array();
    for (const Officer& o : store_.officers())
        if (in_reach(o.department)) officers.push_back({{"code", o.code}, {"name", o.name}, {"department", o.department}});
    json services = json::array();
    for (const Service& s : store_.services())
        if (!s.department || in_reach(*s.department))
            services.push_back({{"code", s.code}, {"name", s.name}, {"department", optional_json(s.department)}});
    json kiosks = json::array();
    for (const Kiosk& k : store_.kiosks())
        if (in_reach(k.department)) kiosks.push_back({{"kiosk_id", k.id}, {"department", k.department}, {"revoked", k.revoked}});
    const json body = {{"departments", std::move(departments)}, {"officers", std::move(officers)},
                       {"services", std::move(services)}, {"kiosks", std::move(kiosks)}};
    return {200, body.dump(), {}};
}

namespace {

json roster_entry_json(const RosterEntry& e, const std::map<std::string, std::string>& officer_names) {
    json officer_name;
    if (e.event.officer) {
        const auto it = officer_names.find(*e.event.officer);
        if (it != officer_names.end()) officer_name = it->second;
    }
    return {{"id", e.event.id.to_string()},
            {"kiosk", e.kiosk_id},
            {"at", format_rfc3339(e.event.at.instant, e.event.at.offset)},
            {"event", std::string(to_string(e.event.kind))},
            {"officer", optional_json(e.event.officer)},
            {"officer_name", officer_name},
            {"method", e.event.method ? json(std::string(to_string(*e.event.method))) : json()},
            {"added_by", e.added_by ? json(*e.added_by) : json()},
            {"voided_by", e.voided_by ? json(*e.voided_by) : json()}};
}

json correction_json(const RosterCorrectionRun& r) {
    json added;
    if (r.correction.add)
        added = {{"id", r.correction.add->id.to_string()},
                 {"at", format_rfc3339(r.correction.add->at.instant, r.correction.add->at.offset)},
                 {"event", std::string(to_string(r.correction.add->kind))},
                 {"officer", optional_json(r.correction.add->officer)}};
    return {{"id", r.id},
            {"at", format_rfc3339(std::chrono::floor<std::chrono::seconds>(r.correction.at), vietnam_offset)},
            {"actor", r.correction.actor},
            {"reason", r.correction.reason},
            {"kiosk", r.correction.kiosk_id},
            {"voided", r.correction.void_event ? json(r.correction.void_event->to_string()) : json()},
            {"added", added},
            {"examined", r.examined},
            {"moved", r.moved}};
}

constexpr std::size_t max_reason_chars = 500;

}  // namespace

Answer DashboardService::roster(const User& user, const QueryParams& params, std::string_view lang) {
    if (user.role == Role::analyst)
        return error_answer(403, {std::string(error_code::forbidden), "", Message("error.roster.analyst")}, lang);
    RosterQuery q;
    for (const auto& [name, value] : params) {
        if (name == "kiosk") {
            if (q.kiosk) return bad_request(name, error_code::invalid_value, Message("error.query.repeated"), lang);
            if (!is_valid_code(value))
                return bad_request(name, error_code::invalid_value, Message("error.code.format", {{"max", std::to_string(max_code_length)}}), lang);
            q.kiosk = value;
        } else if (name == "from" || name == "to") {
            const auto date = parse_iso_date(value);
            if (!date) return bad_request(name, error_code::invalid_value, Message("error.query.date"), lang);
            if (name == "from") {
                q.from = vietnam_day_start(*date);
            } else {
                q.to = vietnam_day_start(LocalDate{sys_days{*date} + std::chrono::days{1}});
            }
        } else {
            return bad_request(name, error_code::invalid_value, Message("error.query.unknown"), lang);
        }
    }
    const std::set<std::string> reach = reach_of(user);
    if (user.role == Role::manager && reach.empty())
        return error_answer(403, {std::string(error_code::forbidden), "department", Message("error.auth.no_departments")}, lang);
    std::set<std::string> kiosks;  // the kiosks the user sees
    for (const Kiosk& k : store_.kiosks())
        if (reach.empty() || reach.count(k.department)) kiosks.insert(k.id);
    if (q.kiosk && !kiosks.count(*q.kiosk))
        return error_answer(404, {std::string(error_code::not_found), "kiosk", Message("error.roster.kiosk", {{"kiosk", *q.kiosk}})}, lang);

    std::map<std::string, std::string> names;
    for (const Officer& o : store_.officers()) names.emplace(o.code, o.name);
    json entries = json::array();
    for (const RosterEntry& e : store_.roster(q))
        if (kiosks.count(e.kiosk_id)) entries.push_back(roster_entry_json(e, names));
    json corrections = json::array();
    for (const RosterCorrectionRun& r : store_.roster_corrections())
        if (kiosks.count(r.correction.kiosk_id) && (!q.kiosk || r.correction.kiosk_id == *q.kiosk)) corrections.push_back(correction_json(r));
    return {200, json{{"entries", std::move(entries)}, {"corrections", std::move(corrections)}}.dump(), {{"Content-Type", "application/json"}}};
}

Answer DashboardService::correct_roster(const User& user, std::string_view body, std::string_view lang) {
    if (user.role != Role::admin)
        return error_answer(403, {std::string(error_code::forbidden), "", Message("error.roster.admin_only")}, lang);
    RosterCorrection c;
    try {
        const nlohmann::json doc = parse_strict_json(body);
        const JsonObjectReader r(doc, "");
        c.kiosk_id = r.required_code("kiosk");
        if (const auto voided = r.optional_code("void")) {
            const auto id = Uuid::parse(*voided);
            if (!id) reject(error_code::invalid_value, "void", "error.uuid");
            c.void_event = *id;
        }
        if (const nlohmann::json* add = r.get("add"); add && !add->is_null()) {
            // The wire form of a duty event, with an id of the server's making.
            nlohmann::json event = *add;
            if (!event.is_object()) reject(error_code::invalid_shape, "add", "error.type.object");
            event["id"] = Uuid::random_v4().to_string();
            c.add = decode_duty_event(event, "add");
        }
        c.reason = r.optional_text("reason", TextRules{max_reason_chars, false}).value_or("");
        if (c.reason.empty()) reject(error_code::missing_field, "reason", "error.roster.reason");
    } catch (const InputError& e) {
        return error_answer(400, e.error(), lang);
    }
    c.actor = user.name;
    c.at = now_();
    try {
        const RosterCorrectionRun run = store_.correct_roster(c);
        return {200, correction_json(run).dump(), {{"Content-Type", "application/json"}}};
    } catch (const StoreError& e) {
        return error_answer(409, {"roster_refused", "", e.message()}, lang);
    }
}

}  // namespace hailong::server
