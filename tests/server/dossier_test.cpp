#include "hailong/server/store/dossier.hpp"

#include <catch2/catch.hpp>

using namespace hailong;
using namespace hailong::server;

TEST_CASE("dossier csv: records with a BOM, columns in any order, empty optional fields", "[dossier]") {
    const auto file = parse_dossier_csv(
        "\xEF\xBB\xBF" "completed_on,dossier,department,officer,service,outcome,agency_time,disclosure,fees,feedback,online,note\r\n"
        "2026-11-20,000.00.12.H56-261120-0001,SCT,SCT-001,1.001234,early,2,2,1,,0,\"ghi chú, có dấu phẩy\"\r\n"
        "\r\n"
        "2026-11-21,000.00.12.H56-261121-0002,SCT,,,,,,,,\r\n");
    REQUIRE(file.problems.empty());
    REQUIRE(file.records.size() == 2);
    const DossierRecord& a = file.records[0];
    CHECK(a.dossier == "000.00.12.H56-261120-0001");
    CHECK(a.officer == "SCT-001");
    CHECK(a.service == "1.001234");
    CHECK(a.completed_on == *parse_iso_date("2026-11-20"));
    CHECK(a.outcome == DossierOutcome::early);
    CHECK(a.unit == std::array<std::optional<int>, 5>{2, 2, 1, std::nullopt, 0});
    const DossierRecord& b = file.records[1];
    CHECK_FALSE(b.officer);
    CHECK_FALSE(b.outcome);
    CHECK(b.unit == std::array<std::optional<int>, 5>{});
}

TEST_CASE("dossier csv: every bad field is named with its line, and nothing is kept from a bad row", "[dossier]") {
    const auto file = parse_dossier_csv(
        "dossier,department,completed_on,outcome,fees\n"
        "D1,SCT,2026-11-20,late,2\n"
        ",SCT,2026-11-31,soon,3\n"
        "D1,SCT,2026-11-22,,\n");
    REQUIRE(file.problems.size() == 5);
    CHECK(file.problems[0] == CsvProblem{3, "dossier", Message("error.missing")});
    CHECK(file.problems[1] == CsvProblem{3, "completed_on", Message("error.query.date")});
    CHECK(file.problems[2] == CsvProblem{3, "outcome", Message("admin.dossiers.outcome")});
    CHECK(file.problems[3] == CsvProblem{3, "fees", Message("error.tt01.points")});
    CHECK(file.problems[4] == CsvProblem{4, "dossier", Message("admin.dossiers.repeated", {{"code", "D1"}, {"line", "2"}})});
    CHECK(file.records.size() == 1);

    const auto no_date = parse_dossier_csv("dossier,department\nD1,SCT\n");
    REQUIRE(no_date.problems.size() == 1);
    CHECK(no_date.problems[0].column == "completed_on");
    CHECK(no_date.problems[0].message.key == "admin.dossiers.missing_column");
}

TEST_CASE("dossier csv: the promised date gives the outcome, and a stated outcome must agree with it", "[dossier]") {
    // Issue 17 item 8: TT 01 index 1 from the records' dates. Promised 20/11: returned 19/11 is
    // early, 20/11 on time, 23/11 late.
    const auto file = parse_dossier_csv(
        "dossier,department,completed_on,promised_on,outcome\n"
        "D1,SCT,2026-11-19,2026-11-20,\n"
        "D2,SCT,2026-11-20,2026-11-20,\n"
        "D3,SCT,2026-11-23,2026-11-20,late\n");
    REQUIRE(file.problems.empty());
    REQUIRE(file.records.size() == 3);
    CHECK(file.records[0].outcome == DossierOutcome::early);
    CHECK(file.records[1].outcome == DossierOutcome::on_time);
    CHECK(file.records[2].outcome == DossierOutcome::late);

    const auto bad = parse_dossier_csv(
        "dossier,department,completed_on,promised_on,outcome\n"
        "D1,SCT,2026-11-23,2026-11-20,on_time\n"
        "D2,SCT,2026-11-20,20/11/2026,\n");
    REQUIRE(bad.problems.size() == 2);
    CHECK(bad.problems[0] == CsvProblem{2, "outcome", Message("admin.dossiers.outcome_disagrees",
                                                               {{"promised", "2026-11-20"}, {"completed", "2026-11-23"}})});
    CHECK(bad.problems[1] == CsvProblem{3, "promised_on", Message("error.query.date")});
    CHECK(bad.records.empty());
}
