#include "hailong/server/api/report_service.hpp"
#include "hailong/server/store/setting_keys.hpp"

#include "hailong/server/api/request_scope.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <span>
#include <sstream>
#include <stdexcept>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>
#include <xlsxwriter.h>

#include "index_figures.hpp"
#include "report_rules.hpp"


namespace hailong::server {
namespace {

using json = figures::json;

std::string two(unsigned v) { return (v < 10 ? "0" : "") + std::to_string(v); }

// 30/11/2026, as Vietnamese documents write dates.
std::string vn_date(LocalDate d) {
    return two(static_cast<unsigned>(d.day())) + "/" + two(static_cast<unsigned>(d.month())) + "/" + std::to_string(static_cast<int>(d.year()));
}

std::string vn_time(Instant at) {
    const auto local = at + vietnam_offset;
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::hh_mm_ss hms{std::chrono::floor<std::chrono::minutes>(local - day)};
    return vn_date(LocalDate{day}) + " " + two(static_cast<unsigned>(hms.hours().count())) + ":" +
           two(static_cast<unsigned>(hms.minutes().count()));
}


// One row of a sheet, from a group of the indices JSON (or the totals).
struct Line {
    std::string code;
    std::string name;
    std::string department;  // officers' sheet only
    std::int64_t responses = 0;
    std::int64_t satisfied = 0;
    std::array<std::int64_t, 3> scale3{};  // by level - 1
    std::array<std::int64_t, 5> scale5{};
    json score;  // officer_score or agency_score, or null
    std::int64_t flagged = 0;
    bool total = false;
};

Line line_of(const json& g, const char* score_key) {
    Line l;
    l.code = g["key"].is_null() ? "" : g["key"].get<std::string>();
    l.name = g["name"].get<std::string>();
    l.department = g["department"].get<std::string>();
    l.responses = g["responses"].get<std::int64_t>();
    l.satisfied = g["satisfied"].get<std::int64_t>();
    const json& d = g["distribution"];
    if (d.contains("3"))
        for (int v = 1; v <= 3; ++v) l.scale3[static_cast<std::size_t>(v - 1)] = d["3"].value(std::to_string(v), std::int64_t{0});
    if (d.contains("5"))
        for (int v = 1; v <= 5; ++v) l.scale5[static_cast<std::size_t>(v - 1)] = d["5"].value(std::to_string(v), std::int64_t{0});
    l.score = g.value(score_key, json(nullptr));
    l.flagged = g["flagged_excluded"].get<std::int64_t>();
    return l;
}

// A workbook in a temporary file of its own, removed whatever happens.
class TempFile {
public:
    TempFile() {
        std::string pattern = (std::filesystem::temp_directory_path() / "hailong-report-XXXXXX").string();
        const int fd = mkstemp(pattern.data());
        if (fd < 0) throw std::runtime_error("cannot create a temporary file for the report in " + std::filesystem::temp_directory_path().string());
        ::close(fd);
        path_ = pattern;
    }
    ~TempFile() { std::remove(path_.c_str()); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    [[nodiscard]] const std::string& path() const { return path_; }

private:
    std::string path_;
};

struct Formats {
    lxw_format* bold = nullptr;
    lxw_format* centre_bold = nullptr;
    lxw_format* title = nullptr;
    lxw_format* centre_italic = nullptr;
    lxw_format* header = nullptr;
    lxw_format* text = nullptr;
    lxw_format* count = nullptr;
    lxw_format* percent = nullptr;
    lxw_format* score = nullptr;
    lxw_format* total_text = nullptr;
    lxw_format* total_count = nullptr;
    lxw_format* total_percent = nullptr;
    lxw_format* note = nullptr;

    explicit Formats(lxw_workbook* wb) {
        auto make = [wb](bool border) {
            lxw_format* f = workbook_add_format(wb);
            format_set_font_name(f, "Times New Roman");
            format_set_font_size(f, 12);
            format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
            if (border) format_set_border(f, LXW_BORDER_THIN);
            return f;
        };
        bold = make(false);
        format_set_bold(bold);
        centre_bold = make(false);
        format_set_bold(centre_bold);
        format_set_align(centre_bold, LXW_ALIGN_CENTER);
        title = make(false);
        format_set_bold(title);
        format_set_font_size(title, 14);
        format_set_align(title, LXW_ALIGN_CENTER);
        format_set_text_wrap(title);
        centre_italic = make(false);
        format_set_italic(centre_italic);
        format_set_align(centre_italic, LXW_ALIGN_CENTER);
        header = make(true);
        format_set_bold(header);
        format_set_align(header, LXW_ALIGN_CENTER);
        format_set_text_wrap(header);
        format_set_bg_color(header, 0xDDEBF7);
        text = make(true);
        format_set_text_wrap(text);
        count = make(true);
        format_set_num_format(count, "#,##0");
        percent = make(true);
        format_set_num_format(percent, "0.00");
        score = make(true);
        format_set_num_format(score, "0.0");
        total_text = make(true);
        format_set_bold(total_text);
        total_count = make(true);
        format_set_bold(total_count);
        format_set_num_format(total_count, "#,##0");
        total_percent = make(true);
        format_set_bold(total_percent);
        format_set_num_format(total_percent, "0.00");
        note = make(false);
        format_set_italic(note);
    }
};

void check(lxw_error e) {
    if (e != LXW_NO_ERROR) throw std::runtime_error(std::string("writing the report workbook failed: ") + lxw_strerror(e));
}

struct SheetText {
    const Translator& tr;
    std::string lang;
    [[nodiscard]] std::string operator()(const Message& m) const { return tr.render(m, lang); }
    [[nodiscard]] std::string operator()(const char* key) const { return tr.render(Message(key), lang); }
};

// Writes one sheet: the title block, the header, `lines` and the totals, the footer.
void write_sheet(lxw_workbook* wb, const Formats& f, const SheetText& t, const std::string& sheet_name, bool officers,
                 const std::vector<Line>& lines, const Line& totals, bool with_scale5, const RequestScope& scope,
                 const std::string& unit_name, std::int64_t min_responses, Instant generated, const std::vector<std::string>& rules) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name.c_str());
    if (!ws) throw std::runtime_error("writing the report workbook failed: cannot add sheet " + sheet_name);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);  // A4
    worksheet_fit_to_pages(ws, 1, 0);

    using Row = lxw_row_t;
    using Col = lxw_col_t;
    auto col = [](int c) { return static_cast<Col>(c); };
    auto row = [](int r) { return static_cast<Row>(r); };

    // Columns: No., code, name, [department], responses, 3-level (6), [5-level (10)], rate,
    // interval low and high, TT 01 score, band or note, suspicious responses excluded.
    const int c_code = 1, c_name = 2;
    const int c_department = officers ? 3 : -1;
    const int c_responses = officers ? 4 : 3;
    const int c_scale3 = c_responses + 1;
    const int c_scale5 = c_scale3 + 6;
    const int c_rate = with_scale5 ? c_scale5 + 10 : c_scale5;
    const int c_low = c_rate + 1, c_high = c_rate + 2, c_score = c_rate + 3, c_band = c_rate + 4, c_flagged = c_rate + 5;
    const int last = c_flagged;

    check(worksheet_set_column(ws, 0, 0, 5, nullptr));
    check(worksheet_set_column(ws, col(c_code), col(c_code), 12, nullptr));
    check(worksheet_set_column(ws, col(c_name), col(c_name), 32, nullptr));
    if (officers) check(worksheet_set_column(ws, col(c_department), col(c_department), 10, nullptr));
    check(worksheet_set_column(ws, col(c_responses), col(c_rate - 1), 9, nullptr));
    check(worksheet_set_column(ws, col(c_rate), col(c_score), 11, nullptr));
    check(worksheet_set_column(ws, col(c_band), col(c_band), 28, nullptr));
    check(worksheet_set_column(ws, col(c_flagged), col(c_flagged), 12, nullptr));

    // The title block: the unit on the left, the national motto on the right, then the title.
    const int half = last / 2;
    check(worksheet_merge_range(ws, 0, 0, 0, col(half - 1), unit_name.c_str(), f.centre_bold));
    check(worksheet_merge_range(ws, 0, col(half), 0, col(last), t("server.report.motto_country").c_str(), f.centre_bold));
    check(worksheet_merge_range(ws, 1, col(half), 1, col(last), t("server.report.motto_words").c_str(), f.centre_bold));
    const std::string month = two(static_cast<unsigned>(scope.from.month()));
    const std::string year = std::to_string(static_cast<int>(scope.from.year()));
    check(worksheet_set_row(ws, 3, 36, nullptr));
    check(worksheet_merge_range(ws, 3, 0, 3, col(last), t(Message("server.report.title", {{"month", month}, {"year", year}})).c_str(), f.title));
    check(worksheet_merge_range(ws, 4, 0, 4, col(last), t(Message("server.report.unit", {{"unit", unit_name}})).c_str(), f.centre_italic));
    check(worksheet_merge_range(ws, 5, 0, 5, col(last),
                                t(Message("server.report.period", {{"from", vn_date(scope.from)}, {"to", vn_date(scope.to)}})).c_str(),
                                f.centre_italic));
    check(worksheet_write_string(ws, 7, 0, t(officers ? "server.report.heading_officers" : "server.report.heading_departments").c_str(), f.bold));

    // Three header rows: scale, level, count or percent; single columns span all three.
    const int h = 8;
    auto single = [&](int c, const char* key) { check(worksheet_merge_range(ws, row(h), col(c), row(h + 2), col(c), t(key).c_str(), f.header)); };
    single(0, "server.report.col_no");
    single(c_code, "server.report.col_code");
    single(c_name, officers ? "server.report.col_officer" : "server.report.col_department");
    if (officers) single(c_department, "server.report.col_department_code");
    single(c_responses, "server.report.col_responses");
    auto levels = [&](int first, const char* scale_key, std::initializer_list<const char*> level_keys) {
        const int width = static_cast<int>(level_keys.size()) * 2;
        check(worksheet_merge_range(ws, row(h), col(first), row(h), col(first + width - 1), t(scale_key).c_str(), f.header));
        int c = first;
        for (const char* k : level_keys) {
            check(worksheet_merge_range(ws, row(h + 1), col(c), row(h + 1), col(c + 1), t(k).c_str(), f.header));
            check(worksheet_write_string(ws, row(h + 2), col(c), t("server.report.col_count").c_str(), f.header));
            check(worksheet_write_string(ws, row(h + 2), col(c + 1), t("server.report.col_percent").c_str(), f.header));
            c += 2;
        }
    };
    levels(c_scale3, "server.report.col_scale3", {"server.report.level_very_satisfied", "server.report.level_satisfied", "server.report.level_unsatisfied"});
    if (with_scale5)
        levels(c_scale5, "server.report.col_scale5",
               {"server.report.level_very_satisfied", "server.report.level_satisfied", "server.report.level_neutral",
                "server.report.level_unsatisfied", "server.report.level_very_unsatisfied"});
    single(c_rate, "server.report.col_rate");
    single(c_low, "server.report.col_ci_low");
    single(c_high, "server.report.col_ci_high");
    single(c_score, officers ? "server.report.col_officer_score" : "server.report.col_agency_score");
    single(c_band, "server.report.col_band");
    single(c_flagged, "server.report.col_flagged");

    auto write_line = [&](int r, int number, const Line& l) {
        lxw_format* tf = l.total ? f.total_text : f.text;
        lxw_format* cf = l.total ? f.total_count : f.count;
        lxw_format* pf = l.total ? f.total_percent : f.percent;
        if (l.total) {
            check(worksheet_merge_range(ws, row(r), 0, row(r), col(c_name), t("server.report.total").c_str(), tf));
        } else {
            check(worksheet_write_number(ws, row(r), 0, number, cf));
            check(worksheet_write_string(ws, row(r), col(c_code), l.code.c_str(), tf));
            check(worksheet_write_string(ws, row(r), col(c_name), l.name.c_str(), tf));
        }
        if (officers && !l.total) check(worksheet_write_string(ws, row(r), col(c_department), l.department.c_str(), tf));
        if (officers && l.total) check(worksheet_write_blank(ws, row(r), col(c_department), tf));
        check(worksheet_write_number(ws, row(r), col(c_responses), static_cast<double>(l.responses), cf));
        const bool suppressed = indices::suppressed(l.responses, min_responses);
        // Percentages of the scale's own responses; none for a suppressed group (not a finding).
        auto dist = [&](int first, std::span<const std::int64_t> counts) {
            std::int64_t n = 0;
            for (const auto c : counts) n += c;
            int c = first;
            for (std::size_t i = counts.size(); i-- > 0;) {
                check(worksheet_write_number(ws, row(r), col(c), static_cast<double>(counts[i]), cf));
                const auto p = suppressed ? std::nullopt : indices::satisfaction_rate(counts[i], n);
                if (p) {
                    check(worksheet_write_number(ws, row(r), col(c + 1), *p, pf));
                } else {
                    check(worksheet_write_blank(ws, row(r), col(c + 1), pf));
                }
                c += 2;
            }
        };
        dist(c_scale3, l.scale3);
        if (with_scale5) dist(c_scale5, l.scale5);
        const auto rate = indices::satisfaction_rate(l.satisfied, l.responses);
        const auto ci = indices::wilson_interval(l.satisfied, l.responses);
        if (suppressed || !rate) {
            check(worksheet_write_string(ws, row(r), col(c_rate),
                                         t(Message("server.report.not_enough", {{"n", std::to_string(l.responses)}, {"min", std::to_string(min_responses)}})).c_str(),
                                         tf));
            check(worksheet_write_blank(ws, row(r), col(c_low), pf));
            check(worksheet_write_blank(ws, row(r), col(c_high), pf));
        } else {
            check(worksheet_write_number(ws, row(r), col(c_rate), *rate, pf));
            check(worksheet_write_number(ws, row(r), col(c_low), ci->low, pf));
            check(worksheet_write_number(ws, row(r), col(c_high), ci->high, pf));
        }
        // A score is shown with what it rests on; a suppressed group's is "not enough responses"
        // (methodology.md section 5), a partial one says what it is out of ("5,3 / 8").
        const bool has_score = l.score.is_object() && !l.score["value"].is_null();
        if (l.score.is_object() && l.score["suppressed"] == true && l.score["missing"].size() < (officers ? 5u : 9u)) {
            check(worksheet_write_string(ws, row(r), col(c_score),
                                         t(Message("server.report.not_enough", {{"n", std::to_string(l.responses)}, {"min", std::to_string(min_responses)}})).c_str(),
                                         tf));
            check(worksheet_write_blank(ws, row(r), col(c_band), tf));
        } else if (has_score) {
            check(worksheet_write_number(ws, row(r), col(c_score), l.score["value"].get<double>(), f.score));
            std::string band;
            if (l.score["partial"].get<bool>()) {
                std::string missing;
                for (const auto& m : l.score["missing"]) {
                    const auto index = indices::parse_tt01_index(m.get<std::string>());
                    missing += (missing.empty() ? "" : ", ") + std::to_string(index ? indices::number(*index) : 0);
                }
                band = t(Message("server.report.partial", {{"missing", missing}, {"out_of", l.score["out_of"].dump()}}));
            } else {
                band = t(band_key(l.score["band"].get<std::string>()).c_str());
            }
            check(worksheet_write_string(ws, row(r), col(c_band), band.c_str(), tf));
        } else {
            check(worksheet_write_blank(ws, row(r), col(c_score), f.score));
            check(worksheet_write_blank(ws, row(r), col(c_band), tf));
        }
        check(worksheet_write_number(ws, row(r), col(c_flagged), static_cast<double>(l.flagged), cf));
    };

    int r = h + 3;
    int number = 1;
    for (const Line& l : lines) write_line(r++, number++, l);
    write_line(r++, 0, totals);

    // The footer: how to read the figures, what was left out, when it was made.
    r += 1;
    // A row rated on both scales pools them in its rate (methodology.md section 1): said so
    // under the sheet when one does, the totals row included (issue 17 item 9).
    auto any = [](std::span<const std::int64_t> counts) { return std::any_of(counts.begin(), counts.end(), [](std::int64_t c) { return c > 0; }); };
    const bool mixed = any(totals.scale3) && any(totals.scale5);
    std::vector<Message> notes = {Message("server.report.note_rate"),
                                  Message("server.report.note_suppressed", {{"min", std::to_string(min_responses)}}),
                                  Message("server.report.note_partial")};
    if (mixed) notes.push_back(Message("server.report.note_scales"));
    notes.push_back(Message("server.report.flagged", {{"count", std::to_string(totals.flagged)}}));
    notes.push_back(Message("server.report.generated", {{"time", vn_time(generated)}}));
    for (const Message& m : notes) check(worksheet_write_string(ws, row(r++), 0, t(m).c_str(), f.note));
    // Under which rules the figures were made (report_rules.hpp).
    for (const std::string& line : rules) check(worksheet_write_string(ws, row(r++), 0, line.c_str(), f.note));
    r += 1;
    check(worksheet_merge_range(ws, row(r), 0, row(r), col(half - 1), t("server.report.preparer").c_str(), f.centre_bold));
    check(worksheet_merge_range(ws, row(r), col(half), row(r), col(last), t("server.report.head").c_str(), f.centre_bold));
}

Line totals_of(const std::vector<Line>& lines) {
    Line t;
    t.total = true;
    for (const Line& l : lines) {
        t.responses += l.responses;
        t.satisfied += l.satisfied;
        for (std::size_t i = 0; i < 3; ++i) t.scale3[i] += l.scale3[i];
        for (std::size_t i = 0; i < 5; ++i) t.scale5[i] += l.scale5[i];
        t.flagged += l.flagged;
    }
    return t;
}

}  // namespace

ReportService::ReportService(Store& store, IndicesSettings settings, std::function<Instant()> now)
    : store_(store), settings_(settings), now_(std::move(now)) {}

Answer ReportService::monthly(const User& user, const QueryParams& params, std::string_view request_lang) {
    static const std::set<std::string> names = {"month", "department", "lang"};
    auto read = read_request_scope(store_, user, params, names, DatesBy::month, settings_, request_lang);
    if (auto* a = std::get_if<Answer>(&read)) return std::move(*a);
    const RequestScope& scope = std::get<RequestScope>(read);
    const SheetText t{Translator::builtin(), scope.lang};

    const Instant generated = now_();
    const std::vector<std::string> rules =
        figures::rules_sentences(figures::report_rules(store_, scope, settings_, generated), scope.lang, vn_date, vn_time);
    const json by_department = figures::groups(store_, scope, RollupDim::department, std::nullopt, std::nullopt, settings_, scope.lang);
    const json by_officer = figures::groups(store_, scope, RollupDim::officer, std::nullopt, std::nullopt, settings_, scope.lang);

    // Every department in scope has its row, with or without responses, in code order.
    std::map<std::string, json> groups;
    for (const json& g : by_department) groups[g["department"].get<std::string>()] = g;
    std::vector<Line> departments;
    // The heading names what the workbook holds: all units only when it holds them all (a
    // manager's workbook names the manager's departments).
    // The whole agency's workbook carries its name when the settings page has one.
    std::string unit_name = scope.department || !scope.allowed.empty()
                                ? std::string()
                                : store_.setting(setting_key::agency_name).value_or(t("server.report.all_units"));
    // Named as they were at the end of the period (a unit renamed since keeps its name then).
    for (const auto& [code, d] : figures::organisation_at(store_, scope).departments) {
        if (!scope.sees(d.code) || (scope.department && *scope.department != d.code)) continue;
        if (scope.department || !scope.allowed.empty()) unit_name += (unit_name.empty() ? "" : "; ") + d.name;
        if (const auto it = groups.find(d.code); it != groups.end()) {
            departments.push_back(line_of(it->second, "agency_score"));
        } else {
            Line l;
            l.code = d.code;
            l.name = d.name;
            l.department = d.code;
            departments.push_back(std::move(l));
        }
    }
    // Officers by department, then code; the ratings that named no officer last in their department.
    std::vector<Line> officers;
    for (const json& g : by_officer) officers.push_back(line_of(g, "officer_score"));
    std::sort(officers.begin(), officers.end(), [](const Line& a, const Line& b) {
        if (a.department != b.department) return a.department < b.department;
        if (a.code.empty() != b.code.empty()) return b.code.empty();
        return a.code < b.code;
    });
    bool with_scale5 = false;
    for (const Line& l : departments)
        for (const auto c : l.scale5) with_scale5 = with_scale5 || c > 0;

    const TempFile file;
    lxw_workbook* wb = workbook_new(file.path().c_str());
    if (!wb) throw std::runtime_error("cannot start the report workbook in " + file.path());
    {
        const Formats f(wb);
        try {
            write_sheet(wb, f, t, t("server.report.sheet_departments"), false, departments, totals_of(departments), with_scale5, scope,
                        unit_name, settings_.min_responses, generated, rules);
            write_sheet(wb, f, t, t("server.report.sheet_officers"), true, officers, totals_of(officers), with_scale5, scope, unit_name,
                        settings_.min_responses, generated, rules);
        } catch (...) {
            workbook_close(wb);
            throw;
        }
    }
    check(workbook_close(wb));
    std::ifstream in(file.path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    const std::string filename =
        "hailong-monthly-report-" + scope.param("month").value() + (scope.department ? "-" + *scope.department : "") + ".xlsx";
    return Answer{200, body.str(),
                  {{"Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
                   {"Content-Disposition", "attachment; filename=\"" + filename + "\""}}};
}

}  // namespace hailong::server
