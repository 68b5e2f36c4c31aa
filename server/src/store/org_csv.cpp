#include "hailong/server/store/org_csv.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>

#include "hailong/text.hpp"

namespace hailong::server {
namespace {

constexpr std::array<std::string_view, 4> columns{"department_code", "department_name", "officer_code", "officer_name"};
constexpr std::size_t max_name_chars = 200;

}  // namespace

OrgChart parse_org_csv(std::string_view text) {
    OrgChart chart;
    auto problem = [&](std::size_t line, std::string_view column, Message m) {
        chart.problems.push_back({line, std::string(column), std::move(m)});
    };

    const auto table = read_csv_table(text, columns, "admin.csv.missing_column", chart.problems);
    if (!table) return chart;

    std::map<std::string, std::pair<std::string, std::size_t>> department_seen;  // code -> name, line
    std::map<std::string, std::size_t> officer_seen;                            // code -> line

    for (const CsvRecord& rec : table->rows) {
        auto field = [&](std::size_t c) { return table->field(rec, columns[c]); };
        const std::size_t before = chart.problems.size();
        auto code = [&](std::size_t c) -> std::string {
            std::string v = field(c);
            if (v.empty()) {
                problem(rec.line, columns[c], Message("error.missing"));
            } else if (!is_valid_code(v)) {
                problem(rec.line, columns[c], Message("error.code.format", {{"max", std::to_string(max_code_length)}}));
            }
            return v;
        };
        auto name = [&](std::size_t c) -> std::string {
            TextProblem tp{};
            const std::string raw = field(c);
            if (raw.empty()) {
                problem(rec.line, columns[c], Message("error.missing"));
                return {};
            }
            auto text_value = normalize_text(raw, TextRules{max_name_chars, false}, &tp);
            if (!text_value) {
                problem(rec.line, columns[c], describe(tp, TextRules{max_name_chars, false}));
                return {};
            }
            return *text_value;
        };

        const std::string dep_code = code(0);
        const std::string dep_name = name(1);
        const bool has_officer = !field(2).empty() || !field(3).empty();
        std::string off_code, off_name;
        if (has_officer) {
            off_code = code(2);
            off_name = name(3);
        }
        if (chart.problems.size() != before) continue;

        if (const auto it = department_seen.find(dep_code); it == department_seen.end()) {
            department_seen.emplace(dep_code, std::make_pair(dep_name, rec.line));
            chart.departments.push_back({dep_code, dep_name});
        } else if (it->second.first != dep_name) {
            problem(rec.line, columns[1],
                    Message("admin.csv.department_renamed",
                            {{"code", dep_code}, {"name", it->second.first}, {"line", std::to_string(it->second.second)}}));
            continue;
        }
        if (!has_officer) continue;
        if (const auto it = officer_seen.find(off_code); it != officer_seen.end()) {
            problem(rec.line, columns[2], Message("admin.csv.officer_repeated", {{"code", off_code}, {"line", std::to_string(it->second)}}));
            continue;
        }
        officer_seen.emplace(off_code, rec.line);
        chart.officers.push_back({off_code, off_name, dep_code});
    }
    return chart;
}

}  // namespace hailong::server
