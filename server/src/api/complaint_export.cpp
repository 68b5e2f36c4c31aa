#include "hailong/server/api/complaint_export.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hailong/server/store/csv_table.hpp"
#include "hailong/survey.hpp"

namespace hailong::server {
namespace {

using nlohmann::json;

constexpr std::size_t page_size = 500;  // the JSON list's largest page

// Text typed by a person, made safe to open in a spreadsheet (see the header).
std::string as_text(const json& v) {
    if (v.is_null()) return "";
    std::string s = v.is_string() ? v.get<std::string>() : v.dump();
    if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')) s.insert(0, "'");
    return s;
}

std::string plain(const json& v) { return v.is_null() ? "" : v.is_string() ? v.get<std::string>() : v.dump(); }

std::string status_label(const std::string& status, std::string_view lang) {
    static const std::map<std::string, std::string> keys = {
        {"new", "server.complaint.status_new"},           {"assigned", "server.complaint.status_assigned"},
        {"in_progress", "server.complaint.status_in_progress"}, {"resolved", "server.complaint.status_resolved"},
        {"rejected", "server.complaint.status_rejected"}};
    const auto it = keys.find(status);
    return it == keys.end() ? status : Translator::builtin().render(Message(it->second), lang);
}

// The reasons as people read them (issue 19), in the request's language, "; " between them: the
// survey's label for each code it knows, the code itself for one it does not (a survey of
// earlier days), so that nothing stored is dropped.
std::string reason_labels(const json& codes, std::string_view lang) {
    static const Survey survey = default_survey();
    std::string out;
    for (const auto& r : codes) {
        const std::string code = r.get<std::string>();
        const auto it = std::find_if(survey.reasons.begin(), survey.reasons.end(), [&](const SurveyReason& x) { return x.code == code; });
        out += (out.empty() ? "" : "; ") + (it == survey.reasons.end() ? code : it->label(Translator::builtin(), lang));
    }
    return out;
}

}  // namespace

Answer complaints_table(ComplaintService& complaints, const User& user, const QueryParams& params, std::string_view lang) {
    QueryParams rest;
    std::optional<std::string> format;
    bool paged = false;
    std::size_t offset = 0;
    for (const auto& [name, value] : params) {
        if (name == "format") {
            if (format) return bad_request("format", error_code::invalid_value, Message("error.query.repeated"), lang);
            format = value;
            continue;
        }
        if (name == "limit") paged = true;
        rest.emplace_back(name, value);
    }
    if (format && *format != "json" && *format != "csv")
        return bad_request("format", error_code::invalid_value, Message("error.query.format"), lang);
    if (!format || *format == "json") return complaints.list(user, rest, lang);

    // Every page, unless the request asked for one (the list checks limit and offset itself).
    std::vector<json> cases;
    std::set<std::string> seen;  // a case filed while the pages are read shifts them: keep each once
    if (!paged) {
        QueryParams without_offset;
        for (const auto& [name, value] : rest) {
            if (name != "offset") {
                without_offset.emplace_back(name, value);
                continue;
            }
            // Let the list judge a bad offset, naming the field, before anything else.
            QueryParams probe = {{"offset", value}};
            if (Answer a = complaints.list(user, probe, lang); a.status != 200) return a;
            offset = static_cast<std::size_t>(std::stoull(value));
        }
        rest = std::move(without_offset);
    }
    for (;;) {
        QueryParams page = rest;
        if (!paged) {
            page.emplace_back("limit", std::to_string(page_size));
            page.emplace_back("offset", std::to_string(offset));
        }
        Answer a = complaints.list(user, page, lang);
        if (a.status != 200) return a;
        const json body = json::parse(a.body);
        const auto& list = body["complaints"];
        for (const auto& c : list)
            if (seen.insert(c["tracking_code"].get<std::string>()).second) cases.push_back(c);
        if (paged || list.size() < page_size) break;
        offset += page_size;
    }

    const Translator& tr = Translator::builtin();
    std::vector<std::vector<std::string>> rows;
    for (const json& c : cases) {
        const std::string reasons = reason_labels(c["reasons"], lang);
        // The rating as two numbers: "1/3" in one cell would be read as a date by a spreadsheet.
        rows.push_back({plain(c["tracking_code"]), status_label(c["status"].get<std::string>(), lang), as_text(c["assignee"]),
                        plain(c["created_at"]), plain(c["updated_at"]), plain(c["deadline"]), c["overdue"].get<bool>() ? "1" : "0",
                        as_text(c["department"]), as_text(c["officer"]), as_text(c["service"]), as_text(c["kiosk_id"]),
                        std::to_string(c["rating"]["value"].get<int>()), std::to_string(c["rating"]["scale"].get<int>()),
                        c["harassment"].is_boolean() ? (c["harassment"].get<bool>() ? "1" : "0") : "", as_text(reasons), as_text(c["comment"]), as_text(c["contact"]),
                        as_text(c["dossier"]), as_text(c["reply"]), std::to_string(c["version"].get<std::int64_t>())});
    }
    std::vector<std::string> header;
    for (const char* key : {"server.csv.tracking_code", "server.csv.status", "server.csv.assignee", "server.csv.created_at",
                            "server.csv.updated_at", "server.csv.deadline", "server.csv.overdue", "server.csv.department",
                            "server.csv.officer", "server.csv.service", "server.csv.kiosk", "server.csv.rating_value", "server.csv.rating_scale",
                            "server.csv.harassment", "server.csv.reasons", "server.csv.comment", "server.csv.contact",
                            "server.csv.dossier", "server.csv.reply", "server.csv.version"})
        header.push_back(tr.render(Message(key), lang));
    return Answer{200, write_csv_table(header, rows),
                  {{"Content-Type", "text/csv; charset=utf-8"}, {"Content-Disposition", "attachment; filename=\"hailong-complaints.csv\""}}};
}

}  // namespace hailong::server
