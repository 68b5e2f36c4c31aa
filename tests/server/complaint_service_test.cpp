// Tests of the complaint endpoints' rules (server/include/hailong/server/api/complaint_service.hpp):
// who sees which case, the actions and their states, deadlines in working days, and the public
// lookup that shows nothing but the status and the reply. On SQLite; the store's own part of the
// contract runs on both stores in store_contract_test.cpp.
#include "hailong/server/api/complaint_service.hpp"
#include "hailong/server/store/setting_keys.hpp"

#include <algorithm>
#include <cctype>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "hailong/tracking_code.hpp"
#include "store_fixtures.hpp"

using namespace hailong;
using namespace hailong::server;
using nlohmann::json;

namespace {

LocalDate date(int y, unsigned m, unsigned d) { return LocalDate{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}; }

const User admin{"admin", Role::admin, {}, false};
const User lan{"lan", Role::manager, {"SCT"}, false};      // manager of SCT
const User cuong{"cuong", Role::manager, {"STTTT"}, false};  // manager of another department
const User analyst{"thu", Role::analyst, {}, false};

struct Fixture {
    test::SqliteBackend backend;
    Store& store = backend.store;
    Instant now = parse_rfc3339("2026-11-23T09:00:00+07:00")->instant;  // a Monday
    ComplaintService service{store, [this] { return now; }};
    std::string sct_code = tracking_code::make(1, 421);
    std::string tt_code = tracking_code::make(2, 77);

    Fixture() {
        test::seed_organisation(store);
        store.add_kiosk({"K-TT-01", "STTTT", false, 0}, "hash-tt");
        for (const User& u : {admin, lan, cuong, analyst}) store.add_user(u, "token-of-" + u.name, std::nullopt);
        Submission s = test::sample_submission("2026-11-20T08:15:30+07:00");  // a Friday
        s.rating = Rating{3, 1};
        s.tt01.attitude = 0;
        s.harassment = true;  // the citizen's own answer: only it makes a report
        s.reasons = {"conduct"};
        s.comment = "Cán bộ yêu cầu nộp thêm giấy tờ ngoài quy định";
        s.contact = "0912345678";
        s.tracking_code = sct_code;
        Submission t = test::sample_submission("2026-11-20T09:00:00+07:00");
        t.department = "STTTT";
        t.officer = "STTTT-001";
        t.rating = Rating{3, 1};
        t.tracking_code = tt_code;
        store.ingest({{"K-SCT-01", s, now}, {"K-TT-01", t, now}});
    }

    json act(const User& who, const std::string& code, json body, int expected_status = 200) {
        const Answer a = service.act(who, code, body.dump(), "en");
        INFO(a.body);
        CHECK(a.status == expected_status);
        return json::parse(a.body);
    }
    int version(const std::string& code) { return json::parse(service.show(admin, code, "en").body)["version"].get<int>(); }
};

}  // namespace

TEST_CASE("complaints: working days skip weekends and the policy's holidays", "[complaints]") {
    // By hand on a 2026 calendar: 20 November is a Friday.
    CHECK(add_working_days(date(2026, 11, 20), 1, {}) == date(2026, 11, 23));   // Monday
    CHECK(add_working_days(date(2026, 11, 20), 10, {}) == date(2026, 12, 4));   // 23-27 Nov, 30 Nov-4 Dec
    CHECK(add_working_days(date(2026, 11, 20), 10, {date(2026, 12, 2)}) == date(2026, 12, 7));
    // Tết Bính Ngọ: 16 to 20 February 2026 off; a complaint of Friday 13 February.
    const std::set<LocalDate> tet{date(2026, 2, 16), date(2026, 2, 17), date(2026, 2, 18), date(2026, 2, 19), date(2026, 2, 20)};
    CHECK(add_working_days(date(2026, 2, 13), 1, tet) == date(2026, 2, 23));
    // A complaint made on a Saturday counts from the Monday.
    CHECK(add_working_days(date(2026, 11, 21), 1, {}) == date(2026, 11, 23));
}

TEST_CASE("complaints: the policy setting is read strictly, naming the field", "[complaints]") {
    const ComplaintPolicy p = decode_complaint_policy(R"({"working_days": 15, "holidays": ["2026-09-02"]})");
    CHECK(p.working_days == 15);
    CHECK(p.holidays == std::set<LocalDate>{date(2026, 9, 2)});
    CHECK(decode_complaint_policy(encode_complaint_policy(p)) == p);
    try {
        (void)decode_complaint_policy(R"({"holidays": ["2026-09-02", "2 tháng 9"]})");
        FAIL("decoded");
    } catch (const InputError& e) {
        CHECK(e.error().field == "holidays[1]");
    }
    CHECK_THROWS_AS(decode_complaint_policy(R"({"working_days": 0})"), InputError);
}

TEST_CASE("complaints: a manager sees only their departments' cases, an analyst none", "[complaints]") {
    Fixture f;
    const json mine = json::parse(f.service.list(lan, {}, "en").body);
    REQUIRE(mine["complaints"].size() == 1);
    const json& c = mine["complaints"][0];
    CHECK(c["tracking_code"] == f.sct_code);
    CHECK(c["status"] == "new");
    CHECK(c["comment"] == "Cán bộ yêu cầu nộp thêm giấy tờ ngoài quy định");
    CHECK(c["contact"] == "0912345678");
    CHECK(c["harassment"] == true);
    CHECK(c["deadline"] == "2026-12-04");  // Friday 20 November + 10 working days
    CHECK(c["overdue"] == false);
    CHECK(json::parse(f.service.list(admin, {}, "en").body)["complaints"].size() == 2);

    // Another department's case does not exist for this manager, by any route.
    CHECK(f.service.show(lan, f.tt_code, "en").status == 404);
    CHECK(f.service.act(lan, f.tt_code, R"({"action": "start", "version": 0})", "en").status == 404);
    CHECK(f.service.list(lan, {{"department", "STTTT"}}, "en").status == 403);
    CHECK(f.service.show(cuong, f.tt_code, "en").status == 200);

    CHECK(f.service.list(analyst, {}, "en").status == 403);
    CHECK(f.service.show(analyst, f.sct_code, "en").status == 403);
    CHECK(f.service.act(analyst, f.sct_code, R"({"action": "start", "version": 0})", "en").status == 403);
    // Bad filters say which parameter is wrong.
    const Answer bad = f.service.list(admin, {{"status", "done"}}, "en");
    CHECK(bad.status == 400);
    CHECK(json::parse(bad.body)["error"]["field"] == "status");
}

TEST_CASE("complaints: assign, start, note, reply and resolve, each in the log", "[complaints]") {
    Fixture f;
    // The assignee must be able to see the case's department.
    const json wrong = f.act(lan, f.sct_code, {{"action", "assign"}, {"assignee", "cuong"}, {"version", 0}}, 400);
    CHECK(wrong["error"]["field"] == "assignee");

    json c = f.act(admin, f.sct_code, {{"action", "assign"}, {"assignee", "lan"}, {"version", 0}});
    CHECK(c["status"] == "assigned");
    CHECK(c["assignee"] == "lan");
    c = f.act(lan, f.sct_code, {{"action", "start"}, {"version", 1}});
    CHECK(c["status"] == "in_progress");
    c = f.act(lan, f.sct_code, {{"action", "note"}, {"text", "Đã gọi điện cho người dân"}, {"version", 2}});
    CHECK(c["reply"].is_null());  // a note is internal
    // Closing needs an answer for the citizen.
    const json no_reply = f.act(lan, f.sct_code, {{"action", "resolve"}, {"version", 3}}, 400);
    CHECK(no_reply["error"]["field"] == "text");
    c = f.act(lan, f.sct_code, {{"action", "resolve"}, {"text", "Đơn vị đã nhắc nhở cán bộ và xin lỗi ông/bà."}, {"version", 3}});
    CHECK(c["status"] == "resolved");
    CHECK(c["reply"] == "Đơn vị đã nhắc nhở cán bộ và xin lỗi ông/bà.");

    const json& log = c["events"];
    REQUIRE(log.size() == 4);
    CHECK(log[0]["actor"] == "admin");
    CHECK(log[0]["action"] == "assign");
    CHECK(log[0]["detail"]["status"] == json::array({"new", "assigned"}));
    CHECK(log[0]["detail"]["assignee"] == json::array({nullptr, "lan"}));
    CHECK(log[2]["action"] == "note");
    CHECK(log[2]["detail"]["text"] == "Đã gọi điện cho người dân");
    CHECK(log[3]["detail"]["status"] == json::array({"in_progress", "resolved"}));

    // Closed: no more actions; and a stale version is a conflict, not an overwrite.
    const json closed = f.act(admin, f.sct_code, {{"action", "note"}, {"text", "x"}, {"version", 4}}, 409);
    CHECK(closed["error"]["code"] == "case_closed");
    const json stale = f.act(cuong, f.tt_code, {{"action", "start"}, {"version", 3}}, 409);
    CHECK(stale["error"]["code"] == "conflict");
    CHECK(f.version(f.tt_code) == 0);
}

TEST_CASE("complaints: a case open after its deadline is overdue, a closed one never", "[complaints]") {
    Fixture f;
    f.now = parse_rfc3339("2026-12-07T08:00:00+07:00")->instant;  // the Monday after the deadline of 4 December
    f.act(admin, f.tt_code, {{"action", "reject"}, {"text", "Không thuộc thẩm quyền của Sở."}, {"version", 0}});
    const json overdue = json::parse(f.service.list(admin, {{"overdue", "true"}}, "en").body);
    REQUIRE(overdue["complaints"].size() == 1);
    CHECK(overdue["complaints"][0]["tracking_code"] == f.sct_code);
    CHECK(json::parse(f.service.show(admin, f.tt_code, "en").body)["overdue"] == false);
    // A holiday in the policy moves the deadline of the open case, and it is no longer late.
    f.store.set_setting(setting_key::complaint_policy, encode_complaint_policy({10, {date(2026, 12, 2)}}));
    const json shown = json::parse(f.service.show(admin, f.sct_code, "en").body);
    CHECK(shown["deadline"] == "2026-12-07");
    CHECK(shown["overdue"] == false);
}

TEST_CASE("complaints: the public lookup shows the status and the reply, nothing else", "[complaints]") {
    Fixture f;
    f.act(admin, f.sct_code, {{"action", "assign"}, {"assignee", "lan"}, {"version", 0}});
    f.act(lan, f.sct_code, {{"action", "note"}, {"text", "Ghi chú nội bộ"}, {"version", 1}});
    f.act(lan, f.sct_code, {{"action", "reply"}, {"text", "Chúng tôi đang xác minh."}, {"version", 2}});

    // Typed as a citizen might: lower case, no dashes, spaces.
    std::string typed = f.sct_code;
    typed.erase(std::remove(typed.begin(), typed.end(), '-'), typed.end());
    for (char& ch : typed) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const Answer a = f.service.lookup(" " + typed.substr(0, 3) + " " + typed.substr(3), "vi");
    REQUIRE(a.status == 200);
    const json j = json::parse(a.body);
    // The reply is dated: the fixture's clock when it was given, in Vietnam's time.
    CHECK(j == json{{"tracking_code", f.sct_code}, {"status", "assigned"}, {"reply", "Chúng tôi đang xác minh."},
                    {"replied_at", "2026-11-23T09:00:00+07:00"}, {"agency_name", nullptr}});
    for (const char* secret : {"Cán bộ yêu cầu", "0912345678", "Ghi chú nội bộ", "lan", "SCT", "conduct"})
        CHECK(a.body.find(secret) == std::string::npos);

    CHECK(f.service.lookup("not a code", "en").status == 400);
    CHECK(f.service.lookup(tracking_code::make(9, 9), "en").status == 404);  // well formed, never issued
    // The agency's name from the settings page, so the citizen sees whose answer it is.
    f.backend.store.set_setting(setting_key::agency_name, "UBND tỉnh Thái Hà");
    CHECK(json::parse(f.service.lookup(f.sct_code, "vi").body)["agency_name"] == "UBND tỉnh Thái Hà");
}

// Issue 19: the backlog is visible: a total for paging, and the open, overdue and ageing counts.
TEST_CASE("complaints: the list gives its total for paging and the backlog's open, overdue and ageing counts", "[complaints]") {
    Fixture f;
    // Besides the fixture's two cases (Friday 20 November, SCT and STTTT), three more at SCT:
    // 28 October, 9 November and 4 December. Policy: 10 working days (the default).
    int sequence = 500;
    for (const char* at : {"2026-10-28T10:00:00+07:00", "2026-11-09T10:00:00+07:00", "2026-12-04T10:00:00+07:00"}) {
        Submission s = test::sample_submission(at);
        s.rating = Rating{3, 1};
        s.tracking_code = tracking_code::make(1, sequence++);
        REQUIRE(f.store.ingest({{"K-SCT-01", s, f.now}}).at(0).status == IngestOutcome::Status::accepted);
    }
    f.now = parse_rfc3339("2026-12-07T08:00:00+07:00")->instant;  // Monday 7 December
    f.act(admin, f.tt_code, {{"action", "reject"}, {"text", "Không thuộc thẩm quyền của Sở."}, {"version", 0}});

    // Worked by hand, on 7 December: open are the four SCT cases (STTTT's was rejected).
    //   28 Oct: deadline 11 Nov, overdue, 40 days old (over 30)
    //    9 Nov: deadline 23 Nov, overdue, 28 days (8-30)
    //   20 Nov: deadline  4 Dec, overdue, 17 days (8-30)
    //    4 Dec: deadline 18 Dec, not overdue, 3 days (0-7)
    const json page = json::parse(f.service.list(admin, {{"limit", "2"}}, "en").body);
    CHECK(page["total"] == 5);  // every case, the rejected one too
    CHECK(page["complaints"].size() == 2);
    CHECK(page["summary"] == json{{"open", 4}, {"overdue", 3}, {"ageing", {{"days_0_7", 1}, {"days_8_30", 2}, {"days_over_30", 1}}}});
    const json last = json::parse(f.service.list(admin, {{"limit", "2"}, {"offset", "4"}}, "en").body);
    CHECK(last["total"] == 5);
    CHECK(last["complaints"].size() == 1);
    const json late = json::parse(f.service.list(admin, {{"overdue", "true"}, {"limit", "2"}}, "en").body);
    CHECK(late["total"] == 3);
    CHECK(late["complaints"].size() == 2);
    // A manager's backlog is their departments' (all four are SCT's); another department's none.
    CHECK(json::parse(f.service.list(lan, {}, "en").body)["summary"]["open"] == 4);
    CHECK(json::parse(f.service.list(cuong, {}, "en").body)["summary"]["open"] == 0);
    CHECK(json::parse(f.service.list(cuong, {}, "en").body)["total"] == 1);
}

// Issue 19, worst first: the backlog a manager works through is the open cases, the longest
// waiting first; reports of harassment can be listed on their own; an unknown order is refused.
// Issue 19: a harassment report reaches the centre's director, not only the accused officer's own
// department; the director is read from the store as every request reads its user.
TEST_CASE("complaints: the centre's director sees every department's cases and harassment reports, and may be assigned them",
          "[complaints]") {
    Fixture f;
    f.store.add_user({"giam.doc", Role::manager, {}, false, true}, "token-of-giam.doc", std::nullopt);
    const User director = *f.store.user_by_token_hash("token-of-giam.doc");
    const json all = json::parse(f.service.list(director, {}, "en").body);
    REQUIRE(all["complaints"].size() == 2);  // SCT's and STTTT's, as the admin sees them
    const json reports = json::parse(f.service.list(director, {{"harassment", "true"}}, "en").body);
    REQUIRE(reports["complaints"].size() == 1);
    CHECK(reports["complaints"][0]["tracking_code"] == f.sct_code);
    CHECK(reports["complaints"][0]["comment"] == "Cán bộ yêu cầu nộp thêm giấy tờ ngoài quy định");
    CHECK(f.service.show(director, f.tt_code, "en").status == 200);
    // Whom each case may go to: its department's manager, the admin and the director.
    CHECK(json::parse(f.service.show(admin, f.sct_code, "en").body)["assignees"] == json::array({"admin", "giam.doc", "lan"}));
    CHECK(json::parse(f.service.show(admin, f.tt_code, "en").body)["assignees"] == json::array({"admin", "cuong", "giam.doc"}));
    f.act(director, f.sct_code, {{"action", "assign"}, {"assignee", "giam.doc"}, {"version", 0}});
    // The accused officer's own department still sees its case.
    CHECK(f.service.show(lan, f.sct_code, "en").status == 200);
}

TEST_CASE("complaints: open cases oldest first, harassment reports alone, a wrong order named", "[complaints]") {
    Fixture f;
    // The fixture's cases: SCT 20 Nov 08:15 (harassment), STTTT 20 Nov 09:00. Three more at SCT,
    // made on 28 October, 9 November and 4 December; then STTTT's is rejected.
    int sequence = 600;
    std::vector<std::string> codes;
    for (const char* at : {"2026-10-28T10:00:00+07:00", "2026-11-09T10:00:00+07:00", "2026-12-04T10:00:00+07:00"}) {
        Submission s = test::sample_submission(at);
        s.rating = Rating{3, 1};
        s.tracking_code = tracking_code::make(1, sequence++);
        codes.push_back(*s.tracking_code);
        REQUIRE(f.store.ingest({{"K-SCT-01", s, f.now}}).at(0).status == IngestOutcome::Status::accepted);
    }
    f.now = parse_rfc3339("2026-12-07T08:00:00+07:00")->instant;
    f.act(admin, f.tt_code, {{"action", "reject"}, {"text", "Không thuộc thẩm quyền của Sở."}, {"version", 0}});
    const auto listed = [&](const QueryParams& params) {
        const Answer a = f.service.list(admin, params, "en");
        INFO(a.body);
        REQUIRE(a.status == 200);
        std::vector<std::string> out;
        const json body = json::parse(a.body);  // kept: a range-for over a temporary's member would dangle
        for (const json& c : body["complaints"]) out.push_back(c["tracking_code"].get<std::string>());
        return out;
    };
    // Open, oldest first, by their dates above: 28 Oct, 9 Nov, 20 Nov (SCT), 4 Dec; the rejected
    // STTTT case is not open.
    CHECK(listed({{"status", "open"}, {"order", "oldest"}}) == std::vector<std::string>{codes[0], codes[1], f.sct_code, codes[2]});
    // The default is still the newest first (api-v1's order), every status.
    CHECK(listed({}) == std::vector<std::string>{codes[2], f.tt_code, f.sct_code, codes[1], codes[0]});
    // Paging keeps the order: the second page of two.
    CHECK(listed({{"status", "open"}, {"order", "oldest"}, {"limit", "2"}, {"offset", "2"}}) == std::vector<std::string>{f.sct_code, codes[2]});
    // Overdue on 7 December (deadlines 11 Nov, 23 Nov, 4 Dec, 18 Dec): the first three, oldest first.
    CHECK(listed({{"overdue", "true"}, {"order", "oldest"}}) == std::vector<std::string>{codes[0], codes[1], f.sct_code});
    // Only the fixture's SCT case is a harassment report; the backlog summary ignores the filter.
    const json harassment = json::parse(f.service.list(admin, {{"harassment", "true"}}, "en").body);
    CHECK(harassment["total"] == 1);
    CHECK(harassment["complaints"].at(0)["tracking_code"] == f.sct_code);
    CHECK(harassment["summary"]["open"] == 4);
    CHECK(listed({{"harassment", "true"}, {"overdue", "true"}}) == std::vector<std::string>{f.sct_code});
    for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{{"order", "worst"}, {"harassment", "yes"}, {"status", "opened"}}) {
        const Answer bad = f.service.list(admin, {{name, value}}, "en");
        INFO(bad.body);
        CHECK(bad.status == 400);
        CHECK(json::parse(bad.body)["error"]["field"] == name);
    }
}

// Issue 19: the case says whom it may be assigned to (people who may see it) and when the citizen
// was answered.
TEST_CASE("complaints: a case lists whom it may be assigned to, and dates its reply", "[complaints]") {
    Fixture f;
    f.store.add_user({"vy", Role::manager, {"SCT"}, true}, "token-of-vy", std::nullopt);  // revoked
    const json shown = json::parse(f.service.show(admin, f.sct_code, "en").body);
    CHECK(shown["assignees"] == json::array({"admin", "lan"}));  // not cuong (STTTT), the analyst, or a revoked manager
    CHECK(shown["replied_at"].is_null());
    json c = f.act(lan, f.sct_code, {{"action", "note"}, {"text", "Ghi chú"}, {"version", 0}});
    CHECK(c["replied_at"].is_null());  // a note is no answer
    f.now += std::chrono::hours(2);
    c = f.act(lan, f.sct_code, {{"action", "reply"}, {"text", "Đơn vị đã làm việc với cán bộ."}, {"version", 1}});
    CHECK(c["replied_at"] == "2026-11-23T04:00:00Z");  // 11:00 in Hà Nội
    f.now += std::chrono::hours(1);
    c = f.act(lan, f.sct_code, {{"action", "resolve"}, {"version", 2}});  // no text: the reply stays, and its date
    CHECK(c["replied_at"] == "2026-11-23T04:00:00Z");
    f.now += std::chrono::hours(1);
    c = f.act(admin, f.tt_code, {{"action", "reject"}, {"text", "Không thuộc thẩm quyền."}, {"version", 0}});
    CHECK(c["replied_at"] == "2026-11-23T06:00:00Z");  // a rejection with a text is an answer: 09:00 + 4 h = 13:00 in Hà Nội
}
