// Fuzz target: the organisation chart CSV of `hailong-admin import-org` through
// hailong::server::parse_org_csv (hailong/server/store/org_csv.hpp). The input is the file; the seeds
// are the demo chart and files with quotes, a byte-order mark, CRLF, blank lines, a quoted field
// spanning lines, NFC and decomposed Vietnamese, and the mistakes the unit tests name.
//
// What must hold for any bytes, each from the headers' contracts:
//   - parse_org_csv never throws; every problem is on a line of the file, names one of the four
//     columns or none, and has a message key with a text in every catalogue;
//   - every department and officer it returns has a code of the code shape (is_valid_code), no
//     code twice, and a non-empty name that is already what normalize_text makes of it (NFC, no
//     control or invisible characters, at most 200 characters); each officer's department is
//     one of the departments;
//   - a file without problems has at least one department, and the chart written back with
//     write_csv_table (which "read_csv_table reads back unchanged") parses to the same chart.

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "csv_problems.hpp"
#include "fuzz_check.hpp"
#include "hailong/server/store/csv_table.hpp"
#include "hailong/server/store/org_csv.hpp"
#include "hailong/text.hpp"

namespace {

using hailong::server::OrgChart;

constexpr std::string_view columns[] = {"department_code", "department_name", "officer_code", "officer_name"};
constexpr hailong::TextRules name_rules{200, false};  // org_csv.cpp: max_name_chars, one line

bool is_name(const std::string& name) { return !name.empty() && hailong::normalize_text(name, name_rules) == name; }

void check_chart(const OrgChart& chart) {
    std::set<std::string> departments;
    for (const auto& d : chart.departments) {
        HAILONG_FUZZ_CHECK(hailong::is_valid_code(d.code), d.code);
        HAILONG_FUZZ_CHECK(departments.insert(d.code).second, "department " + d.code + " twice");
        HAILONG_FUZZ_CHECK(is_name(d.name), d.code + ": " + d.name);
    }
    std::set<std::string> officers;
    for (const auto& o : chart.officers) {
        HAILONG_FUZZ_CHECK(hailong::is_valid_code(o.code), o.code);
        HAILONG_FUZZ_CHECK(officers.insert(o.code).second, "officer " + o.code + " twice");
        HAILONG_FUZZ_CHECK(is_name(o.name), o.code + ": " + o.name);
        HAILONG_FUZZ_CHECK(departments.count(o.department) == 1, o.code + " in " + o.department);
    }
}

// The chart as a CSV file: one department-only row per department, in order, then one row per
// officer, in order, so that both lists come back in the same order.
std::string written(const OrgChart& chart) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& d : chart.departments) rows.push_back({d.code, d.name, "", ""});
    for (const auto& o : chart.officers) {
        std::string name;
        for (const auto& d : chart.departments) {
            if (d.code == o.department) name = d.name;
        }
        rows.push_back({o.department, name, o.code, o.name});
    }
    return hailong::server::write_csv_table(std::vector<std::string>(std::begin(columns), std::end(columns)), rows);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const OrgChart chart = hailong::server::parse_org_csv(text);
    hailong::fuzz::check_csv_problems(text, chart.problems, columns);
    check_chart(chart);
    if (!chart.problems.empty()) return 0;

    HAILONG_FUZZ_CHECK(!chart.departments.empty(), "no problem and no department");
    const std::string file = written(chart);
    const OrgChart again = hailong::server::parse_org_csv(file);
    HAILONG_FUZZ_CHECK(again.problems.empty(), file);
    HAILONG_FUZZ_CHECK(again.departments == chart.departments, file);
    HAILONG_FUZZ_CHECK(again.officers == chart.officers, file);
    return 0;
}
