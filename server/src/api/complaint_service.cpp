#include "hailong/server/api/complaint_service.hpp"
#include "hailong/server/store/setting_keys.hpp"

#include <algorithm>
#include <array>
#include <limits>

#include <nlohmann/json.hpp>

#include "hailong/json_reader.hpp"
#include "hailong/json_strict.hpp"
#include "hailong/tracking_code.hpp"

namespace hailong::server {

using nlohmann::json;
using std::chrono::sys_days;

ComplaintPolicy decode_complaint_policy(std::string_view text) {
    const json doc = parse_strict_json(text);
    const JsonObjectReader r(doc, "");
    ComplaintPolicy p;
    if (const json* days = r.get("working_days"))
        p.working_days = r.integer_in(*days, r.path("working_days"), 1, 365, "error.settings.range", {{"min", "1"}, {"max", "365"}});
    if (const json* holidays = r.get("holidays")) {
        if (!holidays->is_array())
            throw InputError({std::string(error_code::invalid_shape), r.path("holidays"), Message("error.type.array")});
        for (std::size_t i = 0; i < holidays->size(); ++i) {
            const std::string field = r.path("holidays") + "[" + std::to_string(i) + "]";
            const auto date = (*holidays)[i].is_string() ? parse_iso_date((*holidays)[i].get<std::string>()) : std::nullopt;
            if (!date) throw InputError({std::string(error_code::invalid_value), field, Message("error.query.date")});
            p.holidays.insert(*date);
        }
    }
    return p;
}

std::string encode_complaint_policy(const ComplaintPolicy& policy) {
    json holidays = json::array();
    for (const LocalDate& d : policy.holidays) holidays.push_back(format_iso_date(d));
    return json{{"working_days", policy.working_days}, {"holidays", std::move(holidays)}}.dump();
}

LocalDate add_working_days(LocalDate from, int days, const std::set<LocalDate>& holidays) {
    sys_days day{from};
    while (days > 0) {
        day += std::chrono::days{1};
        const std::chrono::weekday w{day};
        if (w == std::chrono::Saturday || w == std::chrono::Sunday || holidays.count(LocalDate{day})) continue;
        --days;
    }
    return LocalDate{day};
}

namespace {

constexpr std::size_t max_text_chars = 2000;  // as a citizen's comment (api-v1.md)


Answer not_found(const std::string& code, std::string_view lang) {
    return error_answer(404, {std::string(error_code::not_found), "code", Message("error.complaint.not_found", {{"code", code}})}, lang);
}

bool sees(const User& user, const std::string& department) {
    if (user.role == Role::admin) return true;
    if (user.role != Role::manager) return false;
    return std::find(user.departments.begin(), user.departments.end(), department) != user.departments.end();
}

json optional_json(const std::optional<std::string>& v) { return v ? json(*v) : json(); }

// When the citizen's answer was last given: the newest action that wrote the reply (a reply, or
// a resolve or reject with a text). nullopt while there is none.
std::optional<Instant> replied_at(const std::vector<CaseEvent>& events) {
    std::optional<Instant> at;
    for (const CaseEvent& e : events) {
        if (e.action != "reply" && e.action != "resolve" && e.action != "reject") continue;
        const json detail = json::parse(e.detail, nullptr, false);
        if (detail.is_object() && detail.contains("text") && (!at || e.at > *at)) at = e.at;
    }
    return at;
}

}  // namespace

ComplaintService::ComplaintService(Store& store, std::function<Instant()> now) : store_(store), now_(std::move(now)) {}

ComplaintPolicy ComplaintService::policy() {
    const auto text = store_.setting(setting_key::complaint_policy);
    if (!text) return {};
    try {
        return decode_complaint_policy(*text);
    } catch (const InputError&) {
        return {};  // hailong-admin checks the policy before storing it; a damaged one falls back
    }
}

namespace {

json case_json(const ComplaintCase& c, const ComplaintPolicy& policy, LocalDate today) {
    const Submission& s = c.submission;
    const LocalDate deadline = add_working_days(vietnam_date(s.created_at.instant), policy.working_days, policy.holidays);
    json reasons = s.reasons;
    return {
        {"tracking_code", c.tracking_code()},
        {"status", to_string(c.state.status)},
        {"assignee", optional_json(c.state.assignee)},
        {"reply", optional_json(c.state.reply)},
        {"version", c.version},
        {"created_at", format_rfc3339(s.created_at.instant, s.created_at.offset)},
        {"updated_at", c.updated_at ? json(format_rfc3339(*c.updated_at)) : json()},
        {"deadline", format_iso_date(deadline)},
        {"overdue", !is_final(c.state.status) && sys_days{today} > sys_days{deadline}},
        {"department", s.department},
        {"officer", optional_json(s.officer)},
        {"service", optional_json(s.service)},
        {"kiosk_id", c.kiosk_id},
        {"submission_id", s.id.to_string()},
        {"rating", {{"scale", s.rating.scale}, {"value", s.rating.value}}},
        {"harassment", s.harassment ? json(*s.harassment) : json(nullptr)},
        {"reasons", std::move(reasons)},
        {"comment", optional_json(s.comment)},
        {"contact", optional_json(s.contact)},
        {"dossier", optional_json(s.dossier)},
        {"lang", optional_json(s.lang)},
    };
}

}  // namespace

Answer ComplaintService::list(const User& user, const QueryParams& params, std::string_view lang) {
    if (user.role == Role::analyst)
        return error_answer(403, {std::string(error_code::forbidden), "", Message("error.complaint.analyst")}, lang);
    ComplaintQuery q;
    bool overdue_only = false;
    std::optional<std::string> department;
    for (const auto& [name, value] : params) {
        if (name == "status") {
            // "open": new, assigned and in progress together, the backlog a manager works through.
            if (value == "open") {
                q.open_only = true;
                continue;
            }
            q.status = case_status_from(value);
            if (!q.status) return bad_request("status", error_code::invalid_value, Message("error.complaint.status", {{"status", value}}), lang);
        } else if (name == "order") {
            if (value != "newest" && value != "oldest") return bad_request("order", error_code::invalid_value, Message("error.complaint.order", {{"order", value}}), lang);
            q.oldest_first = value == "oldest";
        } else if (name == "harassment") {
            if (value != "true" && value != "false") return bad_request("harassment", error_code::invalid_value, Message("error.query.boolean"), lang);
            q.harassment_only = value == "true";
        } else if (name == "department") {
            department = value;
        } else if (name == "overdue") {
            if (value != "true" && value != "false") return bad_request("overdue", error_code::invalid_value, Message("error.query.boolean"), lang);
            overdue_only = value == "true";
        } else if (name == "limit") {
            if (auto bad = read_count(name, value, 1, 500, q.limit, lang)) return std::move(*bad);
        } else if (name == "offset") {
            if (auto bad = read_count(name, value, 0, std::numeric_limits<int>::max(), q.offset, lang)) return std::move(*bad);
        } else {
            return bad_request(name, error_code::invalid_value, Message("error.query.unknown"), lang);
        }
    }
    if (department) {
        if (!sees(user, *department))
            return error_answer(403, {std::string(error_code::forbidden), "department", Message("error.auth.department_forbidden", {{"department", *department}})},
                                lang);
        q.departments = {*department};
    } else if (user.role == Role::manager) {
        if (user.departments.empty())
            return error_answer(403, {std::string(error_code::forbidden), "department", Message("error.auth.no_departments")}, lang);
        q.departments = user.departments;
    }

    const ComplaintPolicy p = policy();
    const LocalDate today = vietnam_date(now_());
    // The backlog of the departments in reach, whatever the filters: every open case, how many
    // are past their deadline, and how long they have waited (days since the rating, local).
    ComplaintQuery open = q;
    open.status.reset();
    open.open_only = true;
    open.harassment_only = false;
    open.limit = std::numeric_limits<int>::max();
    open.offset = 0;
    const std::vector<ComplaintCase> backlog = store_.complaints(open);
    std::int64_t overdue = 0;
    std::array<std::int64_t, 3> ageing{};  // 0-7 days, 8-30 days, over 30
    for (const ComplaintCase& c : backlog) {
        const LocalDate made = vietnam_date(c.submission.created_at.instant);
        if (sys_days{today} > sys_days{add_working_days(made, p.working_days, p.holidays)}) ++overdue;
        const auto age = (sys_days{today} - sys_days{made}).count();
        ++ageing[age <= 7 ? 0 : age <= 30 ? 1 : 2];
    }
    const json summary = {{"open", static_cast<std::int64_t>(backlog.size())},
                          {"overdue", overdue},
                          {"ageing", {{"days_0_7", ageing[0]}, {"days_8_30", ageing[1]}, {"days_over_30", ageing[2]}}}};

    json cases = json::array();
    std::int64_t total = 0;
    if (overdue_only) {
        // Overdue is computed, not stored: page over the overdue ones among the open cases (a
        // case the status filter leaves out is not listed).
        std::size_t skipped = 0;
        for (const ComplaintCase& c : backlog) {
            if (q.status && c.state.status != *q.status) continue;
            if (q.harassment_only && !(c.submission.harassment && *c.submission.harassment)) continue;
            json j = case_json(c, p, today);
            if (!j["overdue"].get<bool>()) continue;
            ++total;
            if (skipped++ < q.offset || cases.size() >= q.limit) continue;
            cases.push_back(std::move(j));
        }
    } else {
        total = store_.count_complaints(q);
        for (const ComplaintCase& c : store_.complaints(q)) cases.push_back(case_json(c, p, today));
    }
    return Answer{200,
                  json{{"complaints", std::move(cases)}, {"total", total}, {"limit", q.limit}, {"offset", q.offset}, {"summary", summary}}.dump(),
                  {}};
}

Answer ComplaintService::show(const User& user, const std::string& code, std::string_view lang) {
    if (user.role == Role::analyst)
        return error_answer(403, {std::string(error_code::forbidden), "", Message("error.complaint.analyst")}, lang);
    const auto c = store_.complaint(code);
    if (!c || !sees(user, c->submission.department)) return not_found(code, lang);
    json j = case_json(*c, policy(), vietnam_date(now_()));
    const std::vector<CaseEvent> log = store_.complaint_events(code);
    const auto replied = replied_at(log);
    j["replied_at"] = replied ? json(format_rfc3339(std::chrono::floor<std::chrono::seconds>(*replied))) : json(nullptr);
    // Whom the case may be assigned to: every active manager or admin who may see it.
    json assignees = json::array();
    for (const User& u : store_.users())
        if (!u.revoked && (u.role == Role::manager || u.role == Role::admin) && sees(u, c->submission.department)) assignees.push_back(u.name);
    j["assignees"] = std::move(assignees);
    json events = json::array();
    for (const CaseEvent& e : log) {
        events.push_back({{"id", e.id}, {"at", format_rfc3339(e.at)}, {"actor", e.actor}, {"action", e.action},
                          {"detail", json::parse(e.detail, nullptr, false)}});
    }
    j["events"] = std::move(events);
    return Answer{200, j.dump(), {}};
}

Answer ComplaintService::act(const User& user, const std::string& code, const std::string& body, std::string_view lang) {
    if (user.role == Role::analyst)
        return error_answer(403, {std::string(error_code::forbidden), "", Message("error.complaint.analyst")}, lang);
    const auto c = store_.complaint(code);
    if (!c || !sees(user, c->submission.department)) return not_found(code, lang);

    std::string action;
    std::int64_t version = 0;
    std::optional<std::string> assignee, text;
    try {
        const json doc = parse_strict_json(body);
        const JsonObjectReader r(doc, "");
        action = r.string_value(r.require("action"), "action");
        version = r.integer_in(r.require("version"), "version", 0, std::numeric_limits<int>::max(), "error.settings.range", {{"min", "0"}, {"max", std::to_string(std::numeric_limits<int>::max())}});
        assignee = r.optional_code("assignee");
        text = r.optional_text("text", TextRules{max_text_chars, true});
    } catch (const InputError& e) {
        return error_answer(400, e.error(), lang);
    }
    if (text && text->empty()) text.reset();

    if (is_final(c->state.status))
        return error_answer(409, {"case_closed", "action", Message("error.complaint.closed", {{"status", std::string(to_string(c->state.status))}})}, lang);

    CaseState next = c->state;
    json detail = json::object();
    if (action == "assign") {
        if (!assignee) return bad_request("assignee", error_code::missing_field, Message("error.missing"), lang);
        const auto users = store_.users();
        const auto it = std::find_if(users.begin(), users.end(), [&](const User& u) { return u.name == *assignee; });
        if (it == users.end() || it->revoked || !sees(*it, c->submission.department))
            return bad_request("assignee", error_code::invalid_value, Message("error.complaint.assignee", {{"user", *assignee}}), lang);
        next.assignee = *assignee;
        if (next.status == CaseStatus::new_case) next.status = CaseStatus::assigned;
    } else if (action == "start") {
        if (next.status == CaseStatus::in_progress)
            return error_answer(409, {"invalid_transition", "action", Message("error.complaint.already_started")}, lang);
        next.status = CaseStatus::in_progress;
        if (!next.assignee) next.assignee = user.name;
    } else if (action == "note" || action == "reply") {
        if (!text) return bad_request("text", error_code::missing_field, Message("error.missing"), lang);
        if (action == "reply") next.reply = *text;
    } else if (action == "resolve" || action == "reject") {
        if (text) next.reply = *text;
        if (!next.reply) return bad_request("text", error_code::missing_field, Message("error.complaint.reply_needed"), lang);
        next.status = action == "resolve" ? CaseStatus::resolved : CaseStatus::rejected;
    } else {
        return bad_request("action", error_code::invalid_value, Message("error.complaint.action", {{"action", action}}), lang);
    }
    if (next.status != c->state.status) detail["status"] = {to_string(c->state.status), to_string(next.status)};
    if (next.assignee != c->state.assignee) detail["assignee"] = {optional_json(c->state.assignee), optional_json(next.assignee)};
    if (text) detail["text"] = *text;

    const CaseEvent event{0, code, now_(), user.name, action, detail.dump()};
    if (!store_.update_complaint(code, version, next, event))
        return error_answer(409, {"conflict", "version", Message("error.complaint.conflict")}, lang);
    return show(user, code, lang);
}

Answer ComplaintService::lookup(const std::string& typed_code, std::string_view lang) {
    const auto code = tracking_code::normalise(typed_code);
    if (!code) return bad_request("code", error_code::invalid_value, Message("error.complaint.code_format"), lang);
    const auto c = store_.complaint(*code);
    if (!c) return not_found(*code, lang);
    // Only what the citizen is owed: where their case stands and the answer. Never the
    // department's notes, who handles it, or anything the citizen wrote.
    // The agency's name (the settings page) so the citizen sees whose answer it is, and when.
    const auto replied = c->state.reply ? replied_at(store_.complaint_events(*code)) : std::nullopt;
    const json j{{"tracking_code", *code},
                 {"status", to_string(c->state.status)},
                 {"reply", optional_json(c->state.reply)},
                 {"replied_at", replied ? json(format_rfc3339(std::chrono::floor<std::chrono::seconds>(*replied), std::chrono::hours(7))) : json(nullptr)},
                 {"agency_name", optional_json(store_.setting(setting_key::agency_name))}};
    return Answer{200, j.dump(), {}};
}

}  // namespace hailong::server
