// GET /api/v1/reports/monthly (report_service.hpp): the workbook is opened as a spreadsheet
// program would, with a real zip reader (minizip), and its cells are read from the sheet XML and
// the shared strings. The known answers are those of export_fixtures.hpp, worked by hand there;
// the percentages of the levels are worked here.
#include "hailong/server/api/report_service.hpp"

#include <unzip.h>

#include <fstream>
#include <map>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "export_fixtures.hpp"

using namespace hailong;
using namespace hailong::server;
using hailong::test::header_of;
using json = nlohmann::json;

namespace {

const User admin{"admin", Role::admin, {}, false};
const User analyst{"analyst", Role::analyst, {}, false};
const User sct_manager{"sct", Role::manager, {"SCT"}, false};

// 08:30 on 1 December 2026 in Vietnam.
Instant generated_at() { return parse_rfc3339("2026-12-01T01:30:00Z")->instant; }

std::string unescape(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        const auto end = s.find(';', i);
        const std::string_view entity = s.substr(i + 1, end - i - 1);
        out += entity == "amp" ? "&" : entity == "lt" ? "<" : entity == "gt" ? ">" : entity == "quot" ? "\"" : entity == "apos" ? "'" : "?";
        i = end;
    }
    return out;
}

// Every <tag ...>text</tag> in `xml`, in order (text unescaped).
std::vector<std::string> texts_of(const std::string& xml, const std::string& tag) {
    std::vector<std::string> out;
    for (std::size_t at = 0; (at = xml.find("<" + tag, at)) != std::string::npos;) {
        const auto open_end = xml.find('>', at);
        const auto close = xml.find("</" + tag + ">", open_end);
        out.push_back(unescape(std::string_view(xml).substr(open_end + 1, close - open_end - 1)));
        at = close;
    }
    return out;
}

std::string attribute(std::string_view tag, const std::string& name) {
    const auto at = tag.find(" " + name + "=\"");
    if (at == std::string_view::npos) return {};
    const auto start = at + name.size() + 3;
    return unescape(tag.substr(start, tag.find('"', start) - start));
}

// An XLSX workbook read back: each sheet by name, each cell by reference ("C12") holding its text
// (shared strings resolved) or its number as written; blank cells hold "".
struct Workbook {
    std::vector<std::string> sheet_names;
    std::map<std::string, std::map<std::string, std::string>> sheets;

    explicit Workbook(const std::string& bytes) {
        test::TempDir dir;
        const auto path = (dir.path() / "report.xlsx").string();
        std::ofstream(path, std::ios::binary) << bytes;
        unzFile zip = unzOpen64(path.c_str());
        REQUIRE(zip != nullptr);
        auto member = [&](const std::string& name) {
            INFO(name);
            REQUIRE(unzLocateFile(zip, name.c_str(), 1) == UNZ_OK);
            REQUIRE(unzOpenCurrentFile(zip) == UNZ_OK);
            std::string out;
            char buf[8192];
            int n = 0;
            while ((n = unzReadCurrentFile(zip, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
            REQUIRE(n == 0);
            REQUIRE(unzCloseCurrentFile(zip) == UNZ_OK);  // also checks the CRC
            return out;
        };
        const std::string workbook = member("xl/workbook.xml");
        const std::vector<std::string> strings = texts_of(member("xl/sharedStrings.xml"), "t");
        for (std::size_t at = 0; (at = workbook.find("<sheet ", at)) != std::string::npos; ++at)
            sheet_names.push_back(attribute(std::string_view(workbook).substr(at, workbook.find('>', at) - at), "name"));
        for (std::size_t i = 0; i < sheet_names.size(); ++i) {
            const std::string xml = member("xl/worksheets/sheet" + std::to_string(i + 1) + ".xml");
            auto& cells = sheets[sheet_names[i]];
            for (std::size_t at = 0; (at = xml.find("<c ", at)) != std::string::npos;) {
                const auto tag_end = xml.find('>', at);
                const std::string_view tag = std::string_view(xml).substr(at, tag_end - at + 1);
                const std::string ref = attribute(tag, "r");
                std::string value;
                if (tag.substr(tag.size() - 2) != "/>") {
                    const auto close = xml.find("</c>", tag_end);
                    const auto v = xml.find("<v>", tag_end);
                    if (v != std::string::npos && v < close) value = unescape(std::string_view(xml).substr(v + 3, xml.find("</v>", v) - v - 3));
                    if (attribute(tag, "t") == "s") value = strings.at(std::stoul(value));
                    at = close;
                } else {
                    at = tag_end;
                }
                cells[ref] = value;
            }
        }
        unzClose(zip);
    }

    [[nodiscard]] std::string text(const std::string& sheet, const std::string& ref) const {
        const auto& cells = sheets.at(sheet);
        const auto it = cells.find(ref);
        return it == cells.end() ? std::string("<no cell>") : it->second;
    }
    [[nodiscard]] double number(const std::string& sheet, const std::string& ref) const {
        const std::string t = text(sheet, ref);
        INFO(sheet << "!" << ref << " = " << t);
        REQUIRE_FALSE(t.empty());
        return std::stod(t);
    }
};

}  // namespace

TEST_CASE("monthly report: the workbook's cells, worked by hand", "[reports]") {
    test::SqliteBackend backend;
    test::store_export_month(backend.store);
    ReportService reports(backend.store, test::export_settings(), generated_at);
    const Answer a = reports.monthly(admin, {{"month", "2026-11"}}, "vi");
    if (a.status != 200) FAIL(a.body);
    CHECK(header_of(a, "Content-Type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    CHECK(header_of(a, "Content-Disposition") == "attachment; filename=\"hailong-monthly-report-2026-11.xlsx\"");
    const Workbook wb(a.body);
    REQUIRE(wb.sheet_names == std::vector<std::string>{"Đơn vị", "Cán bộ"});

    // Departments. Columns: A No., B code, C name, D responses, E..J the 3 levels (count, % of
    // the 3-level responses), K rate, L M the 95% interval, N agency score, O band, P suspicious
    // responses excluded. No 5-level column: no response of the month used that scale.
    const std::string d = "Đơn vị";
    CHECK(wb.text(d, "A1") == "Tất cả đơn vị");
    CHECK(wb.text(d, "H1") == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    CHECK(wb.text(d, "H2") == "Độc lập - Tự do - Hạnh phúc");
    CHECK(wb.text(d, "A4") == "BÁO CÁO KẾT QUẢ ĐÁNH GIÁ MỨC ĐỘ HÀI LÒNG CỦA NGƯỜI DÂN, TỔ CHỨC THÁNG 11/2026");
    CHECK(wb.text(d, "A6") == "Từ ngày 01/11/2026 đến ngày 30/11/2026");
    CHECK(wb.text(d, "C9") == "Đơn vị");
    CHECK(wb.text(d, "E9") == "Thang 3 mức");
    CHECK(wb.text(d, "E10") == "Rất hài lòng");
    CHECK(wb.text(d, "G10") == "Hài lòng");
    CHECK(wb.text(d, "I10") == "Không hài lòng");
    CHECK(wb.text(d, "F11") == "Tỷ lệ (%)");
    CHECK(wb.text(d, "K9") == "Tỷ lệ hài lòng (%)");

    // SCT: 7 responses; levels 3, 2, 1 = 3, 1, 3: 3 / 7 = 42.857 -> 42.86, 1 / 7 = 14.286 ->
    // 14.29, 42.86; rate 4 / 7 = 57.14, interval [25.05, 84.18]; agency score 13.8, Tốt.
    CHECK(wb.number(d, "A12") == 1);
    CHECK(wb.text(d, "B12") == "SCT");
    CHECK(wb.text(d, "C12") == "Sở Công Thương");
    CHECK(wb.number(d, "D12") == 7);
    CHECK(wb.number(d, "E12") == 3);
    CHECK(wb.number(d, "F12") == Approx(42.86).epsilon(1e-12));
    CHECK(wb.number(d, "G12") == 1);
    CHECK(wb.number(d, "H12") == Approx(14.29).epsilon(1e-12));
    CHECK(wb.number(d, "I12") == 3);
    CHECK(wb.number(d, "J12") == Approx(42.86).epsilon(1e-12));
    CHECK(wb.number(d, "K12") == Approx(57.14).epsilon(1e-12));
    CHECK(wb.number(d, "L12") == Approx(25.05).epsilon(1e-12));
    CHECK(wb.number(d, "M12") == Approx(84.18).epsilon(1e-12));
    // Index 1 from SCT's 20 records, 1.9 (issue 17 item 8; indicator_export_test.cpp): 14.7.
    CHECK(wb.number(d, "N12") == Approx(14.7).epsilon(1e-12));
    CHECK(wb.text(d, "O12") == "Tốt");
    CHECK(wb.number(d, "P12") == 1);  // the Sunday rating

    // STTTT: 1 response, under the minimum of 3: "not enough responses" with n, no percentages,
    // no interval; no TT 01 data, so no score.
    CHECK(wb.text(d, "B13") == "STTTT");
    CHECK(wb.number(d, "D13") == 1);
    CHECK(wb.number(d, "E13") == 1);
    CHECK(wb.text(d, "F13") == "");
    CHECK(wb.text(d, "K13") == "Chưa đủ số phiếu (n = 1, cần ít nhất 3)");
    CHECK(wb.text(d, "L13") == "");
    CHECK(wb.text(d, "N13") == "");
    CHECK(wb.number(d, "P13") == 0);

    // Totals: 8 responses; levels 4, 1, 3 = 50.00, 12.50, 37.50 %; 5 of 8 = 62.50 % in
    // [30.57, 86.32] (indicator_export_test.cpp works this interval).
    CHECK(wb.text(d, "A14") == "Tổng cộng");
    CHECK(wb.number(d, "D14") == 8);
    CHECK(wb.number(d, "E14") == 4);
    CHECK(wb.number(d, "F14") == 50);
    CHECK(wb.number(d, "H14") == 12.5);
    CHECK(wb.number(d, "J14") == 37.5);
    CHECK(wb.number(d, "K14") == 62.5);
    CHECK(wb.number(d, "L14") == Approx(30.57).epsilon(1e-12));
    CHECK(wb.number(d, "M14") == Approx(86.32).epsilon(1e-12));
    CHECK(wb.number(d, "P14") == 1);
    // The footer, from row 16.
    CHECK(wb.text(d, "A17") == "Đơn vị, cán bộ có dưới 3 phiếu ghi \"chưa đủ số phiếu\": tỷ lệ chưa phải là kết luận, không dùng để so sánh hay xếp hạng.");
    CHECK(wb.text(d, "A19").ends_with("đã loại khỏi số liệu: 1"));
    CHECK(wb.text(d, "A20") == "Báo cáo do hệ thống hailong lập lúc 01/12/2026 08:30 (giờ Việt Nam)");
    // Then under which rules (report_rules.hpp): the flag rules, the hours in force over the month
    // for the departments of the report (none set: the standard ones), the settings.
    CHECK(wb.text(d, "A21") ==
          "Phiếu nghi vấn, đã loại khỏi số liệu: từ 5 phiếu trở lên của một ki-ốt trong vòng 10 giây; một hồ sơ được đánh giá nhiều lần ở "
          "cùng một bước (nộp hồ sơ, nhận kết quả), hoặc nhiều lần trong cùng một ngày khi không rõ bước; phiếu ngoài giờ làm việc có "
          "hiệu lực với đơn vị vào ngày đó (nêu dưới đây; chưa tính ngày nghỉ lễ).");
    CHECK(wb.text(d, "A22") == "Giờ làm việc của SCT, STTTT từ 01/11/2026 đến 30/11/2026: mon 07:00-17:30; tue 07:00-17:30; wed 07:00-17:30; "
                               "thu 07:00-17:30; fri 07:00-17:30; sat 07:00-11:30 (giờ mặc định, chưa đặt giờ nào).");
    CHECK(wb.text(d, "A23") ==
          "Nhóm có dưới 3 phiếu được ghi là chưa đủ số phiếu; chỉ số 7 tính hồ sơ trả trễ hẹn mà người dân không phản ánh nhũng nhiễu là "
          "0 điểm (mặc định); khi xếp hạng, tỷ lệ của mỗi nhóm được kéo về tỷ lệ tham chiếu với trọng số 20 phiếu; số liệu kiểu 766 lấy "
          "mục tiêu 90 % và 6 điểm.");

    // Officers: A No., B code, C name, D department, E responses, F..K levels, L rate, M N the
    // interval, O officer score, P band, Q excluded. By department, then code.
    const std::string o = "Cán bộ";
    CHECK(wb.text(o, "B12") == "SCT-001");
    CHECK(wb.text(o, "C12") == "Nguyễn Văn An");
    CHECK(wb.text(o, "D12") == "SCT");
    // SCT-001: 3 3 2 1: levels 2, 1, 1 of 4 = 50, 25, 25 %; 3 of 4 = 75 %, [30.06, 95.44];
    // officer score 7.3, complete: hoàn thành 100%.
    CHECK(wb.number(o, "E12") == 4);
    CHECK(wb.number(o, "G12") == 50);
    CHECK(wb.number(o, "I12") == 25);
    CHECK(wb.number(o, "K12") == 25);
    CHECK(wb.number(o, "L12") == 75);
    CHECK(wb.number(o, "M12") == Approx(30.06).epsilon(1e-12));
    CHECK(wb.number(o, "N12") == Approx(95.44).epsilon(1e-12));
    CHECK(wb.number(o, "O12") == Approx(8.2).epsilon(1e-12));  // index 1 from SCT-001's records, 1.9
    CHECK(wb.text(o, "P12") == "hoàn thành 100%");
    // SCT-002: 1 1 3: levels 1, 0, 2 of 3 = 33.33, 0.00, 66.67 %; 1 of 3 = 33.33 %, [6.15, 79.23];
    // no TT 01 answers, no score; its Sunday rating excluded.
    CHECK(wb.text(o, "B13") == "SCT-002");
    CHECK(wb.number(o, "G13") == Approx(33.33).epsilon(1e-12));
    CHECK(wb.number(o, "I13") == 0);
    CHECK(wb.number(o, "K13") == Approx(66.67).epsilon(1e-12));
    CHECK(wb.number(o, "L13") == Approx(33.33).epsilon(1e-12));
    CHECK(wb.number(o, "M13") == Approx(6.15).epsilon(1e-12));
    CHECK(wb.text(o, "O13") == "");
    CHECK(wb.number(o, "Q13") == 1);
    CHECK(wb.text(o, "B14") == "STTTT-001");
    CHECK(wb.text(o, "L14") == "Chưa đủ số phiếu (n = 1, cần ít nhất 3)");
    CHECK(wb.text(o, "A15") == "Tổng cộng");
    CHECK(wb.number(o, "E15") == 8);
    CHECK(wb.number(o, "L15") == 62.5);
}

TEST_CASE("monthly report: one department in English, with the 5-level scale and a partial score", "[reports]") {
    test::SqliteBackend backend;
    test::store_export_month(backend.store);
    // One rating of 5 on the 5-level scale for SCT-002, answering TT 01 index 1 only (2 points).
    Submission s = test::export_rating("2026-11-25T10:00:00+07:00", "SCT-002", 5);
    s.rating = Rating{5, 5};
    s.tt01.time = 2;
    backend.store.ingest({{"K-SCT-01", s, s.created_at.instant}});
    // SCT's own opening hours from Monday 16 November, recorded after the month's ratings.
    backend.store.add_opening_hours({"SCT", *parse_iso_date("2026-11-16"), *OpeningHours::parse("mon-fri 07:30-17:00"), generated_at(), "lan"});
    ReportService reports(backend.store, test::export_settings(), generated_at);
    const Answer a = reports.monthly(sct_manager, {{"month", "2026-11"}, {"department", "SCT"}, {"lang", "en"}}, "vi");
    REQUIRE(a.status == 200);
    CHECK(header_of(a, "Content-Disposition") == "attachment; filename=\"hailong-monthly-report-2026-11-SCT.xlsx\"");
    const Workbook wb(a.body);
    REQUIRE(wb.sheet_names == std::vector<std::string>{"Departments", "Officers"});
    const std::string d = "Departments";
    CHECK(wb.text(d, "A1") == "Sở Công Thương");
    CHECK(wb.text(d, "A5") == "Unit: Sở Công Thương");
    // The 5-level scale's ten columns K..T, after the 3-level ones; the rate moves to U.
    CHECK(wb.text(d, "K9") == "5-level scale");
    CHECK(wb.text(d, "O10") == "Neutral");
    CHECK(wb.text(d, "U9") == "Satisfaction rate (%)");
    // SCT: 8 responses (7 on scale 3, 1 on scale 5), 5 satisfied: 62.50 %. The 3-level
    // percentages stay of the 7 scale-3 responses (42.86); level 5 is 1 of 1 = 100 %.
    CHECK(wb.text(d, "B12") == "SCT");
    CHECK(wb.number(d, "D12") == 8);
    CHECK(wb.number(d, "F12") == Approx(42.86).epsilon(1e-12));
    CHECK(wb.number(d, "K12") == 1);
    CHECK(wb.number(d, "L12") == 100);
    CHECK(wb.number(d, "M12") == 0);
    CHECK(wb.number(d, "U12") == 62.5);
    // Index 1 comes from SCT's records (1.9): the new rating's answer is a cross-check, not a
    // part of it, so the agency score stays 14.7, Good.
    CHECK(wb.number(d, "X12") == Approx(14.7).epsilon(1e-12));
    CHECK(wb.text(d, "Y12") == "Good");
    // Only SCT: the next row is the totals.
    CHECK(wb.text(d, "A13") == "Total");
    // SCT holds both scales: a note under the sheet says the rate pools them (issue 17 item 9),
    // after the notes on the rate (A15), the minimum (A16) and partial scores (A17).
    CHECK(wb.text(d, "A18").starts_with("Rows with responses on both scales: the satisfaction rate pools them"));
    CHECK(wb.text(d, "A19").starts_with("Suspicious responses (bursts"));
    CHECK(wb.text(d, "A20") == "Produced by hailong at 01/12/2026 08:30 (Vietnam time)");
    CHECK(wb.text(d, "A21").starts_with("Suspicious responses, left out of the figures: 5 or more from one kiosk within 10 seconds;"));
    // The hours of SCT over the month, as they were in force: the standard ones to Sunday the
    // 15th, its own from the 16th.
    CHECK(wb.text(d, "A22") == "Opening hours of SCT from 01/11/2026 to 15/11/2026: mon 07:00-17:30; tue 07:00-17:30; wed 07:00-17:30; "
                               "thu 07:00-17:30; fri 07:00-17:30; sat 07:00-11:30 (the standard hours, none set).");
    CHECK(wb.text(d, "A23") == "Opening hours of SCT from 16/11/2026 to 30/11/2026: mon 07:30-17:00; tue 07:30-17:00; wed 07:30-17:00; "
                               "thu 07:30-17:00; fri 07:30-17:00 (set for SCT, in force from 16/11/2026, recorded 01/12/2026 08:30).");
    CHECK(wb.text(d, "A24").starts_with("A group with fewer than 3 responses is suppressed;"));

    // SCT-002's officer score is 2.0 from index 1 alone: partial, the missing indices named.
    const std::string o = "Officers";
    CHECK(wb.text(o, "B13") == "SCT-002");
    CHECK(wb.number(o, "Y13") == 2);
    CHECK(wb.text(o, "Z13") == "Partial: of 2 points (indices 2, 3, 4, 7 missing)");  // only index 1 has data: 2 points
    CHECK(wb.text(o, "A14") == "Total");
}

TEST_CASE("monthly report: access as for the indices, and bad parameters named", "[reports]") {
    test::SqliteBackend backend;
    test::store_export_month(backend.store);
    ReportService reports(backend.store, test::export_settings(), generated_at);

    const Answer other = reports.monthly(sct_manager, {{"month", "2026-11"}, {"department", "STTTT"}}, "en");
    CHECK(other.status == 403);
    CHECK(json::parse(other.body)["error"]["field"] == "department");
    // Without a department a manager's report holds only their own.
    const Workbook mine(reports.monthly(sct_manager, {{"month", "2026-11"}}, "en").body);
    CHECK(mine.text("Departments", "A1") == "Sở Công Thương");  // the unit it holds, not "All units" (issue 19)
    CHECK(mine.text("Departments", "B12") == "SCT");
    CHECK(mine.text("Departments", "A13") == "Total");
    CHECK(reports.monthly(analyst, {{"month", "2026-11"}}, "en").status == 200);

    auto field_of = [&](const QueryParams& p) {
        const Answer a = reports.monthly(admin, p, "en");
        INFO(a.body);
        CHECK(a.status == 400);
        return json::parse(a.body)["error"]["field"].get<std::string>();
    };
    CHECK(field_of({}) == "month");
    CHECK(field_of({{"month", "2026-13"}}) == "month");
    CHECK(field_of({{"month", "2026"}}) == "month");
    CHECK(field_of({{"month", "2026-Q4"}}) == "month");
    CHECK(field_of({{"month", "2026-11-20"}}) == "month");
    CHECK(field_of({{"month", "2026-11"}, {"lang", "fr"}}) == "lang");
    CHECK(field_of({{"month", "2026-11"}, {"department", "NOPE"}}) == "department");
    CHECK(field_of({{"month", "2026-11"}, {"format", "csv"}}) == "format");
    const Answer a = reports.monthly(admin, {{"month", "11/2026"}}, "vi");
    CHECK(json::parse(a.body)["error"]["message"] == "phải là tháng dạng 2026-11");
}
