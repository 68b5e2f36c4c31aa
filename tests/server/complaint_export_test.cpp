// GET /api/v1/complaints?format=csv (complaint_export.hpp): the file a manager opens in a
// spreadsheet. The CSV is read back with read_csv_table (libcsv, strict RFC 4180), an independent
// reader, and its raw bytes are checked for the byte-order mark, CRLF and the quoting.
#include "hailong/server/api/complaint_export.hpp"

#include <set>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "hailong/server/store/csv_table.hpp"
#include "hailong/tracking_code.hpp"
#include "store_fixtures.hpp"

using namespace hailong;
using namespace hailong::server;
using hailong::test::header_of;
using nlohmann::json;

namespace {

const User admin{"admin", Role::admin, {}, false};
const User lan{"lan", Role::manager, {"SCT"}, false};
const User cuong{"cuong", Role::manager, {"STTTT"}, false};
const User analyst{"thu", Role::analyst, {}, false};

// Three cases, newest first: C (STTTT, 09:00), B (SCT, 08:45), A (SCT, 08:15:30), all on Friday
// 20 November 2026. A holds what a spreadsheet must not run: a formula in the comment, a phone
// number starting with +, and, once replied to, a reply starting with @.
struct Fixture {
    test::SqliteBackend backend;
    Store& store = backend.store;
    Instant now = parse_rfc3339("2026-11-23T09:00:00+07:00")->instant;  // a Monday
    ComplaintService service{store, [this] { return now; }};
    std::string a_code = tracking_code::make(1, 421);
    std::string b_code = tracking_code::make(1, 422);
    std::string c_code = tracking_code::make(2, 77);

    Fixture() {
        test::seed_organisation(store);
        store.add_kiosk({"K-TT-01", "STTTT", false, 0}, "hash-tt");
        Submission a = test::sample_submission("2026-11-20T08:15:30+07:00");
        a.rating = Rating{3, 1};
        a.tt01.attitude = 0;
        a.harassment = true;  // the citizen's own answer: only it makes a report
        a.reasons = {"slow", "conduct"};
        a.comment = "=HYPERLINK(\"http://example.invalid\",\"bấm vào đây\")";
        a.contact = "+84912345678";
        a.dossier = "-12";
        a.tracking_code = a_code;
        Submission b = test::sample_submission("2026-11-20T08:45:00+07:00");
        b.rating = Rating{5, 2};
        b.comment = "Chờ lâu, phải quay lại\nlần thứ hai";
        b.contact = "0912345678";
        b.tracking_code = b_code;
        Submission c = test::sample_submission("2026-11-20T09:00:00+07:00");
        c.department = "STTTT";
        c.officer = "STTTT-001";
        c.rating = Rating{3, 1};
        c.comment = "Không được hướng dẫn";
        c.tracking_code = c_code;
        for (const auto& o : store.ingest({{"K-SCT-01", a, now}, {"K-SCT-01", b, now}, {"K-TT-01", c, now}}))
            REQUIRE(o.status == IngestOutcome::Status::accepted);
        store.add_user(lan, "token-of-lan", std::nullopt);
        act(a_code, {{"action", "assign"}, {"assignee", "lan"}});
        act(a_code, {{"action", "reply"}, {"text", "@lan: đã gọi lại cho ông"}});
    }

    void act(const std::string& code, json body) {
        body["version"] = json::parse(service.show(admin, code, "en").body)["version"];
        const Answer a = service.act(admin, code, body.dump(), "en");
        INFO(a.body);
        REQUIRE(a.status == 200);
    }

    Answer csv(const User& who, QueryParams params, std::string_view lang = "en") {
        params.emplace_back("format", "csv");
        return complaints_table(service, who, params, lang);
    }
};

CsvTable read_back(const Answer& a) {
    INFO(a.body);
    REQUIRE(a.status == 200);
    std::vector<CsvProblem> problems;
    auto table = read_csv_table(a.body, {}, "error.missing", problems);
    REQUIRE(problems.empty());
    REQUIRE(table);
    return *table;
}

std::vector<std::string> codes_of(const CsvTable& t, std::string_view header = "Tracking code") {
    std::vector<std::string> codes;
    for (const auto& r : t.rows) codes.push_back(t.field(r, header));
    return codes;
}

}  // namespace

TEST_CASE("complaints CSV: byte-order mark, CRLF line ends, quoting, and every field read back", "[complaints][csv]") {
    Fixture f;
    const Answer a = f.csv(admin, {});
    REQUIRE(a.status == 200);
    CHECK(header_of(a, "Content-Type") == "text/csv; charset=utf-8");
    CHECK(header_of(a, "Content-Disposition") == "attachment; filename=\"hailong-complaints.csv\"");
    REQUIRE(a.body.rfind("\xEF\xBB\xBF", 0) == 0);

    // Outside quotes every line ends with CRLF (4 lines: the header and 3 cases); the line feed
    // inside B's comment stays a bare LF, inside its quotes.
    std::size_t crlf = 0, bare_lf = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < a.body.size(); ++i) {
        const char c = a.body[i];
        if (c == '"') quoted = !quoted;
        if (c == '\n' && !quoted) {
            CHECK(i > 0);
            CHECK(a.body[i - 1] == '\r');
            ++crlf;
        }
        if (c == '\n' && quoted) ++bare_lf;
    }
    CHECK_FALSE(quoted);
    CHECK(crlf == 4);
    CHECK(bare_lf == 1);
    CHECK(a.body.substr(3, a.body.find("\r\n") - 3) ==
          "Tracking code,Status,Assignee,Rated at,Updated at,Deadline,Overdue (1 = yes),Department,Officer code,Service code,"
          "Kiosk,Rating,Rating scale,Harassment reported (1 = yes),Reasons,Citizen's comment,Contact,Dossier,Reply to the citizen,Version");
    // The formula comment, guarded with an apostrophe, its quotes doubled, the field quoted.
    CHECK(a.body.find(",\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"bấm vào đây\"\")\",'+84912345678,'-12,'@lan: đã gọi lại cho ông,2\r\n") !=
          std::string::npos);
    CHECK(a.body.find("\"Chờ lâu, phải quay lại\nlần thứ hai\"") != std::string::npos);

    const CsvTable t = read_back(a);
    REQUIRE(t.rows.size() == 3);
    CHECK(codes_of(t) == std::vector<std::string>{f.c_code, f.b_code, f.a_code});  // newest first
    const CsvRecord& ra = t.rows[2];
    CHECK(t.field(ra, "Status") == "Assigned");
    CHECK(t.field(ra, "Assignee") == "lan");
    CHECK(t.field(ra, "Rated at") == "2026-11-20T08:15:30+07:00");
    // Ten working days after Friday 20 November: 23-27 November and 30 November-4 December.
    CHECK(t.field(ra, "Deadline") == "2026-12-04");
    CHECK(t.field(ra, "Overdue (1 = yes)") == "0");
    CHECK(t.field(ra, "Department") == "SCT");
    CHECK(t.field(ra, "Officer code") == "SCT-001");
    CHECK(t.field(ra, "Service code") == "");
    CHECK(t.field(ra, "Kiosk") == "K-SCT-01");
    CHECK(t.field(ra, "Rating") == "1");
    CHECK(t.field(ra, "Rating scale") == "3");
    CHECK(t.field(ra, "Harassment reported (1 = yes)") == "1");  // attitude 0
    // The labels of the bundled survey, as assets/lang/en.json words them, "; " between them.
    CHECK(t.field(ra, "Reasons") == "Slow, results later than promised; The officer's conduct");
    CHECK(t.field(ra, "Citizen's comment") == "'=HYPERLINK(\"http://example.invalid\",\"bấm vào đây\")");
    CHECK(t.field(ra, "Contact") == "'+84912345678");
    CHECK(t.field(ra, "Dossier") == "'-12");
    CHECK(t.field(ra, "Reply to the citizen") == "'@lan: đã gọi lại cho ông");
    CHECK(t.field(ra, "Version") == "2");
    const CsvRecord& rb = t.rows[1];
    CHECK(t.field(rb, "Status") == "New");
    CHECK(t.field(rb, "Citizen's comment") == "Chờ lâu, phải quay lại\nlần thứ hai");
    CHECK(t.field(rb, "Contact") == "0912345678");  // nothing to guard: unchanged
    CHECK(t.field(rb, "Rating") == "2");
    CHECK(t.field(rb, "Rating scale") == "5");
    CHECK(t.field(rb, "Updated at") == "");
}

TEST_CASE("complaints CSV: headers and statuses in the request's language", "[complaints][csv]") {
    Fixture f;
    const Answer a = f.csv(admin, {{"status", "assigned"}}, "vi");
    const CsvTable t = read_back(a);
    CHECK(a.body.substr(3, a.body.find("\r\n") - 3) ==
          "Mã theo dõi,Trạng thái,Người xử lý,Thời điểm đánh giá,Cập nhật lúc,Hạn giải quyết,Quá hạn (1 = có),Đơn vị,Mã cán bộ,"
          "Mã thủ tục,Ki-ốt,Mức đánh giá,Thang đánh giá,Phản ánh nhũng nhiễu (1 = có),Lý do,Ý kiến của người dân,Liên hệ,Mã hồ sơ,"
          "Trả lời người dân,Phiên bản");
    REQUIRE(t.rows.size() == 1);
    CHECK(t.field(t.rows[0], "Mã theo dõi") == f.a_code);
    CHECK(t.field(t.rows[0], "Trạng thái") == "Đã giao xử lý");
    const CsvTable fresh = read_back(f.csv(admin, {{"status", "new"}}, "vi"));
    REQUIRE(fresh.rows.size() == 2);
    CHECK(fresh.field(fresh.rows[0], "Trạng thái") == "Mới tiếp nhận");
}

TEST_CASE("complaints CSV: an analyst gets none, a manager only their own departments", "[complaints][csv]") {
    Fixture f;
    const Answer none = f.csv(analyst, {});
    CHECK(none.status == 403);
    CHECK(json::parse(none.body)["error"]["code"] == "forbidden");

    CHECK(codes_of(read_back(f.csv(lan, {}))) == std::vector<std::string>{f.b_code, f.a_code});
    CHECK(codes_of(read_back(f.csv(cuong, {}))) == std::vector<std::string>{f.c_code});
    const Answer other = f.csv(lan, {{"department", "STTTT"}});
    CHECK(other.status == 403);
    CHECK(json::parse(other.body)["error"]["field"] == "department");
    const User nobody{"m", Role::manager, {}, false};
    CHECK(f.csv(nobody, {}).status == 403);
}

TEST_CASE("complaints CSV: every case without limit, one page with it, bad parameters named", "[complaints][csv]") {
    Fixture f;
    // 510 more cases of SCT (more than one 500-case page of the JSON list), one minute apart.
    std::vector<IngestItem> items;
    for (int i = 0; i < 510; ++i) {
        Submission s = test::sample_submission("2026-11-19T08:00:00+07:00");
        s.created_at.instant += std::chrono::minutes(i);
        s.rating = Rating{3, 1};
        s.tracking_code = tracking_code::make(1, 1000 + i);
        items.push_back({"K-SCT-01", s, f.now});
    }
    for (const auto& o : f.store.ingest(items)) REQUIRE(o.status == IngestOutcome::Status::accepted);

    const std::vector<std::string> all = codes_of(read_back(f.csv(admin, {})));
    CHECK(all.size() == 513);
    CHECK(std::set<std::string>(all.begin(), all.end()).size() == 513);  // each case once
    CHECK(all.front() == f.c_code);
    CHECK(all.back() == tracking_code::make(1, 1000));  // the oldest
    // offset without limit: every case from there on.
    CHECK(codes_of(read_back(f.csv(admin, {{"offset", "3"}}))).size() == 510);
    // limit (and offset): that page only, as the JSON list pages.
    const auto page = codes_of(read_back(f.csv(admin, {{"limit", "2"}, {"offset", "1"}})));
    CHECK(page == std::vector<std::string>{f.b_code, f.a_code});

    auto field_of = [&](QueryParams p) {
        const Answer a = complaints_table(f.service, admin, p, "en");
        INFO(a.body);
        CHECK(a.status == 400);
        return json::parse(a.body)["error"]["field"].get<std::string>();
    };
    CHECK(field_of({{"format", "xlsx"}}) == "format");
    CHECK(field_of({{"format", "csv"}, {"format", "csv"}}) == "format");
    CHECK(field_of({{"format", "csv"}, {"offset", "-1"}}) == "offset");
    CHECK(field_of({{"format", "csv"}, {"limit", "0"}}) == "limit");
    CHECK(field_of({{"format", "csv"}, {"status", "opened"}}) == "status");
    // format=json, or none, is the JSON list unchanged.
    CHECK(complaints_table(f.service, admin, {{"format", "json"}, {"limit", "1"}}, "en").body ==
          f.service.list(admin, {{"limit", "1"}}, "en").body);
}
