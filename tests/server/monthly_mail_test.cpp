// The monthly report by email (http wing): the message as RFC 5322 and MIME write it, the
// addresses it accepts, and when the thread sends which month. Sending goes to a fake MailSender
// here; tests/server/monthly_mail_test.sh sends to a real SMTP receiver.
#include "hailong/server/http/monthly_mail.hpp"

#include <catch2/catch.hpp>

#include "store_fixtures.hpp"

using namespace hailong;
using namespace hailong::server;

namespace {

Instant at(const std::string& rfc3339) { return parse_rfc3339(rfc3339)->instant; }

MailSettings settings() {
    MailSettings s;
    s.url = "smtp://127.0.0.1:2525";
    s.from = "hailong@sct.example.vn";
    s.to = {"giam.doc@example.vn", "cchc@example.vn"};
    return s;
}

struct FakeSender : MailSender {
    std::vector<std::string> sent;
    bool refuse = false;
    std::string send(const MailSettings&, const std::string& message) override {
        if (refuse) return "421 try later";
        sent.push_back(message);
        return {};
    }
};

}  // namespace

TEST_CASE("monthly mail: the message has its headers, a UTF-8 subject and both parts in base64 lines") {
    // The expected base64 is RFC 4648's own test vectors ("f" -> "Zg==", "foobar" -> "Zm9vYmFy")
    // and, for the subject, Python's base64.b64encode of its UTF-8 bytes.
    const std::string m = compose_mail(settings(), "Báo cáo tháng 11/2026", "f", "foobar", "report.xlsx", "application/x-test",
                                       at("2026-12-01T00:00:00Z"), "b-123");
    CHECK(m.find("Date: Tue, 01 Dec 2026 07:00:00 +0700\r\n") != std::string::npos);  // 1 December 2026 is a Tuesday
    CHECK(m.find("From: hailong@sct.example.vn\r\n") != std::string::npos);
    CHECK(m.find("To: giam.doc@example.vn, cchc@example.vn\r\n") != std::string::npos);
    CHECK(m.find("Subject: =?UTF-8?B?QsOhbyBjw6FvIHRow6FuZyAxMS8yMDI2?=\r\n") != std::string::npos);
    CHECK(m.find("Content-Type: multipart/mixed; boundary=\"b-123\"\r\n") != std::string::npos);
    CHECK(m.find("charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\nZg==\r\n--b-123\r\n") != std::string::npos);
    CHECK(m.find("Content-Disposition: attachment; filename=\"report.xlsx\"\r\n") != std::string::npos);
    CHECK(m.find("\r\n\r\nZm9vYmFy\r\n--b-123--\r\n") != std::string::npos);
    // Every line ends in CRLF and none is longer than RFC 5322's 78 characters.
    std::size_t start = 0;
    while (start < m.size()) {
        const auto end = m.find("\r\n", start);
        REQUIRE(end != std::string::npos);
        const std::string line = m.substr(start, end - start);
        INFO(line);
        CHECK(line.size() <= 78);
        CHECK(line.find('\n') == std::string::npos);
        start = end + 2;
    }
    // A long attachment is cut into lines of 76.
    const std::string long_one = compose_mail(settings(), "s", "t", std::string(300, 'x'), "a.xlsx", "application/x-test",
                                              at("2026-12-01T00:00:00Z"), "b");
    // "xxx" is "eHh4" (Python's base64.b64encode): 19 of them make a line of 76.
    std::string line76;
    for (int i = 0; i < 19; ++i) line76 += "eHh4";
    CHECK(long_one.find("\r\n\r\n" + line76 + "\r\n" + line76 + "\r\n") != std::string::npos);
}

TEST_CASE("monthly mail: only plain addresses are accepted, so no setting can add a header or a recipient") {
    for (const char* good : {"a@b.vn", "giam.doc+bao.cao@so-cong-thuong.gov.vn"}) CHECK(plausible_address(good));
    for (const char* bad : {"", "@b.vn", "a@", "a@@b.vn", "a@b.vn\r\nBcc: x@y.vn", "Giám đốc <a@b.vn>", "a@b.vn,c@d.vn",
                            "a b@c.vn", "ä@b.vn", "a@b.vn;c@d.vn", "\"a\"@b.vn"}) {
        INFO(bad);
        CHECK_FALSE(plausible_address(bad));
    }
    MailSettings s = settings();
    s.to.push_back("x@y.vn\r\nBcc: z@w.vn");
    CHECK_THROWS_AS(check_mail_settings(s), MessageError);
    s = settings();
    s.url = "http://mail.example.vn";
    CHECK_THROWS_AS(check_mail_settings(s), MessageError);
    s = settings();
    s.day = 29;
    CHECK_THROWS_AS(check_mail_settings(s), MessageError);
    CHECK_NOTHROW(check_mail_settings(settings()));
}

TEST_CASE("monthly mail: the month before goes out once, from 07:00 on the day, again after a failure, never twice") {
    test::SqliteBackend backend;
    test::seed_organisation(backend.store);
    std::vector<IngestItem> items;
    test::add_minutely(items, "K-SCT-01", "2026-11-17", 3, [](Submission&, int) {});
    for (const auto& o : backend.store.ingest(items)) REQUIRE(o.status == IngestOutcome::Status::accepted);

    Instant now = at("2026-12-01T06:59:00+07:00");
    ReportService reports(backend.store, {}, [&] { return now; });
    IndicesService indices(backend.store, {}, [&] { return now; });
    FakeSender sender;
    MonthlyMail mail(backend.store, reports, indices, settings(), sender, [&] { return now; });

    CHECK_FALSE(mail.check_once());  // before 07:00
    CHECK(sender.sent.empty());
    now = at("2026-12-01T07:00:00+07:00");
    CHECK(mail.check_once() == std::optional<std::string>("2026-11"));
    REQUIRE(sender.sent.size() == 1);
    CHECK(sender.sent[0].find("filename=\"hailong-monthly-report-2026-11.xlsx\"") != std::string::npos);
    // The workbook is a zip: base64 of "PK\x03\x04" begins "UEsDB".
    CHECK(sender.sent[0].find("Content-Transfer-Encoding: base64\r\n\r\nUEsDB") != std::string::npos);
    CHECK(backend.store.setting("report_mail_sent") == std::optional<std::string>("2026-11"));
    now = at("2026-12-15T09:00:00+07:00");
    CHECK_FALSE(mail.check_once());  // sent already
    CHECK(sender.sent.size() == 1);

    // A refusal is tried again at the next check, and the month is recorded only once sent.
    now = at("2027-01-01T07:30:00+07:00");
    sender.refuse = true;
    CHECK_FALSE(mail.check_once());
    CHECK(backend.store.setting("report_mail_sent") == std::optional<std::string>("2026-11"));
    sender.refuse = false;
    now = at("2027-01-01T07:40:00+07:00");
    CHECK(mail.check_once() == std::optional<std::string>("2026-12"));
    CHECK(sender.sent.size() == 2);
}

TEST_CASE("monthly mail: with a later day, nothing before it, and a server down on the day sends when it is back") {
    test::SqliteBackend backend;
    test::seed_organisation(backend.store);
    Instant now = at("2027-02-04T10:00:00+07:00");
    ReportService reports(backend.store, {}, [&] { return now; });
    IndicesService indices(backend.store, {}, [&] { return now; });
    FakeSender sender;
    MailSettings s = settings();
    s.day = 5;
    MonthlyMail mail(backend.store, reports, indices, s, sender, [&] { return now; });
    CHECK_FALSE(mail.check_once());
    now = at("2027-02-09T15:00:00+07:00");  // down from the 5th to the 9th
    CHECK(mail.check_once() == std::optional<std::string>("2027-01"));
    CHECK(sender.sent.size() == 1);
}
