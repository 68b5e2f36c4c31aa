#include "hailong/server/store/org_csv.hpp"
#include "hailong/server/store/csv_table.hpp"

#include <catch2/catch.hpp>

using namespace hailong;
using namespace hailong::server;

namespace {
std::string describe(const CsvProblem& p) {
    return std::to_string(p.line) + " " + p.column + ": " + Translator::builtin().render(p.message, "en");
}
}  // namespace

TEST_CASE("an organisation chart with quotes, a BOM and CRLF line ends", "[org_csv]") {
    const std::string text =
        "\xEF\xBB\xBF"
        "department_code,department_name,officer_code,officer_name\r\n"
        "SCT,Sở Công Thương,SCT-001,Nguyễn Văn An\r\n"
        "SCT,Sở Công Thương,SCT-002,\"Trần Thị Bình, Phó phòng\"\r\n"
        "\r\n"
        "STTTT,Sở Thông tin và Truyền thông,,\r\n";
    const OrgChart chart = parse_org_csv(text);
    CHECK(chart.problems.empty());
    CHECK(chart.departments == std::vector<Department>{{"SCT", "Sở Công Thương"}, {"STTTT", "Sở Thông tin và Truyền thông"}});
    CHECK(chart.officers == std::vector<Officer>{{"SCT-001", "Nguyễn Văn An", "SCT"}, {"SCT-002", "Trần Thị Bình, Phó phòng", "SCT"}});
}

TEST_CASE("columns may come in any order, and names are stored NFC", "[org_csv]") {
    const OrgChart chart = parse_org_csv(
        "officer_name,officer_code,department_name,department_code,note\n"
        "Le\xCC\x82 Va\xCC\x86n Cu\xCC\x9Bo\xCC\x9B\xCC\x80ng,SXD-01,Sở Xây dựng,SXD,x\n");
    REQUIRE(chart.problems.empty());
    CHECK(chart.officers.at(0).name == "Lê Văn Cường");
}

TEST_CASE("every bad line is reported with its number and column", "[org_csv]") {
    const std::string text =
        "department_code,department_name,officer_code,officer_name\n"  // 1
        "SCT,Sở Công Thương,SCT-001,Nguyễn Văn An\n"                   // 2
        "\n"                                                            // 3 (blank, skipped)
        "SCT,Sở Công thương,SCT-002,Trần Thị Bình\n"                   // 4 name differs in one letter
        "Sở GTVT,Sở Giao thông vận tải,,\n"                            // 5 code with spaces and diacritics
        "SGTVT,,SGTVT-1,Phạm Văn C\n"                                  // 6 empty department name
        "SCT,Sở Công Thương,SCT-001,Nguyễn Văn An\n"                   // 7 officer repeated
        "SCT,Sở Công Thương,SCT-003,\n";                               // 8 officer without a name
    const OrgChart chart = parse_org_csv(text);
    REQUIRE(chart.problems.size() == 5);
    CHECK(describe(chart.problems[0]) ==
          "4 department_name: department SCT was already named \"Sở Công Thương\" on line 2; a department has one name");
    CHECK(describe(chart.problems[1]) ==
          "5 department_code: must be 1 to 64 characters: letters A-Z, digits, '.', '-', '_' or '/'");
    CHECK(describe(chart.problems[2]) == "6 department_name: is required");
    CHECK(describe(chart.problems[3]) == "7 officer_code: officer SCT-001 already appears on line 2");
    CHECK(describe(chart.problems[4]) == "8 officer_name: is required");
}

TEST_CASE("a quoted field spanning lines keeps later line numbers right", "[org_csv]") {
    const OrgChart chart = parse_org_csv(
        "department_code,department_name,officer_code,officer_name\n"
        "SCT,\"Sở Công\nThương\",,\n"  // lines 2-3: a name with a line break is refused
        "BAD CODE,X,,\n");              // line 4
    REQUIRE(chart.problems.size() == 2);
    CHECK(describe(chart.problems[0]) == "2 department_name: contains a control character at position 8");
    CHECK(describe(chart.problems[1]).rfind("4 department_code:", 0) == 0);
}

TEST_CASE("structural problems: missing columns, unbalanced quotes, no rows, bad bytes", "[org_csv]") {
    auto chart = parse_org_csv("department_code,name,officer_code,officer_name\nSCT,x,,\n");
    REQUIRE(chart.problems.size() == 1);
    CHECK(describe(chart.problems[0]).rfind("1 department_name: the column department_name is missing", 0) == 0);

    chart = parse_org_csv("department_code,department_name,officer_code,officer_name\nSCT,\"Sở\"x,,\n");
    REQUIRE(chart.problems.size() == 1);
    CHECK(chart.problems[0].line == 2);
    CHECK(chart.problems[0].message.key == "admin.csv.malformed");

    chart = parse_org_csv("department_code,department_name,officer_code,officer_name\n");
    REQUIRE(chart.problems.size() == 1);
    CHECK(chart.problems[0].message.key == "admin.csv.empty");

    chart = parse_org_csv("department_code,department_name,officer_code,officer_name\nSCT,S\xFF,,\n");
    REQUIRE(chart.problems.size() == 1);
    CHECK(chart.problems[0].line == 2);
    CHECK(chart.problems[0].message.key == "error.text.utf8");
}

TEST_CASE("a name that starts or ends with a space survives writing and reading back", "[org_csv]") {
    // Found by org_csv_fuzz: write_csv_table wrote such a field unquoted, and read_csv_table
    // (libcsv trims spaces and tabs around unquoted fields) read it back without them.
    const OrgChart chart = parse_org_csv("department_code,department_name,officer_code,officer_name\n"
                                         "SCT,\" Sở Công Thương\",SCT-001,\"Nguyễn Văn An \"\n");
    REQUIRE(chart.problems.empty());
    REQUIRE(chart.departments.at(0).name == " Sở Công Thương");
    const std::string file = write_csv_table({"department_code", "department_name", "officer_code", "officer_name"},
                                             {{"SCT", " Sở Công Thương", "SCT-001", "Nguyễn Văn An "}});
    CHECK(file == "\xEF\xBB\xBF" "department_code,department_name,officer_code,officer_name\r\n"
                  "SCT,\" Sở Công Thương\",SCT-001,\"Nguyễn Văn An \"\r\n");
    const OrgChart again = parse_org_csv(file);
    CHECK(again.departments == chart.departments);
    CHECK(again.officers == chart.officers);
}
