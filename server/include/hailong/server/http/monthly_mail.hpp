#pragma once
// The monthly report by email: once a month, the month before's XLSX workbook (ReportService, as
// an admin gets it from GET /api/v1/reports/monthly, every department) goes to the addresses the
// site gave, over SMTP with libcurl, with a few lines of text that say what it holds.
//
//   hailong-server --report-mail smtp://mail.example.vn:587 --report-mail-from hailong@example.vn
//                  --report-mail-to a@example.vn,b@example.vn [--report-mail-credentials FILE]
//                  [--report-mail-day N] [--report-mail-once YYYY-MM]
//
// When: on day N of the month (1 to 28, default 1), from 07:00 Vietnam time, the month before is
// due; it is sent once, and the store remembers it (setting `report_mail_sent`), so a restart does
// not send it again and a server down on the day sends it when it is back. A failed sending is
// tried again at the next check. With several servers on one PostgreSQL, give the option to one.
//
// Safety: addresses must be plain addr-specs (no name, no line break, no comma), so nothing a
// setting holds can add a header or a recipient. The credentials file's first line is
// "user:password"; with credentials the connection must be TLS (smtps://, or STARTTLS required
// on smtp://), so a password never crosses the network in clear. Neither is ever logged.
//
// Thread safety: start() and stop() from one thread; the checks run on a thread of their own;
// send() and check_once() may be called from any thread, one at a time.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hailong/server/http/periodic_task.hpp"
#include "hailong/server/api/indices_service.hpp"
#include "hailong/server/api/report_service.hpp"
#include "hailong/server/store/store.hpp"

namespace hailong::server {

struct MailSettings {
    std::string url;              ///< smtp://host[:port] or smtps://host[:port]
    std::string from;             ///< the envelope sender and From:
    std::vector<std::string> to;  ///< at least one
    std::string user;             ///< empty: no authentication
    std::string password;
    int day = 1;                  ///< the day of the month on which the month before is due, 1..28
    std::string lang = "vi";      ///< the text's and the workbook's language
};

/// True if `address` is a plain addr-spec hailong sends to: one '@', a local part and a domain of
/// printable ASCII without spaces, quotes, angle brackets, commas or semicolons, at most 254 bytes.
bool plausible_address(std::string_view address);

/// Reads a credentials file ("user:password" on its first line) into `settings`. Throws
/// MessageError naming the file (never its content) when it cannot be read or has no ':'.
void read_mail_credentials(const std::string& path, MailSettings& settings);

/// Checks the settings; throws MessageError naming the option at fault.
void check_mail_settings(const MailSettings& settings);

/// A message with a text part and one attachment, as RFC 5322 and MIME (RFC 2045-2047) write it:
/// CRLF line ends, the subject and parts in UTF-8 (base64, lines of 76), `boundary` between parts.
std::string compose_mail(const MailSettings& settings, const std::string& subject, const std::string& text,
                         const std::string& attachment, const std::string& filename, const std::string& content_type,
                         Instant date, const std::string& boundary);

/// How a message reaches the server: one method, so tests swap in a fake.
class MailSender {
public:
    virtual ~MailSender() = default;
    /// Sends `message` (from compose_mail); returns "" on success, else what went wrong (never a
    /// password).
    virtual std::string send(const MailSettings& settings, const std::string& message) = 0;
};

/// libcurl's SMTP, 60 s at most per message, TLS verified against the system's CAs.
class CurlMailSender : public MailSender {
public:
    std::string send(const MailSettings& settings, const std::string& message) override;
};

class MonthlyMail {
public:
    /// Every reference must outlive the mailer. `interval` is how often the thread checks.
    MonthlyMail(Store& store, ReportService& reports, IndicesService& indices, MailSettings settings, MailSender& sender,
                Now now = system_now, std::chrono::milliseconds interval = std::chrono::minutes(10));
    ~MonthlyMail();
    MonthlyMail(const MonthlyMail&) = delete;
    MonthlyMail& operator=(const MonthlyMail&) = delete;

    void start();
    void stop();
    /// Sends `month`'s ("2026-11") report now, due or not, without recording it; "" on success,
    /// else what went wrong.
    std::string send(const std::string& month);
    /// What the thread does: sends the month that is due, if it has not been sent, and records it.
    /// Returns the month sent; nullopt when none was due or sending failed (logged to stderr).
    std::optional<std::string> check_once();

private:
    Store& store_;
    ReportService& reports_;
    IndicesService& indices_;
    MailSettings settings_;
    MailSender& sender_;
    Now now_;
    PeriodicTask checks_;  ///< last, so destroyed first: its thread is joined before what it reads goes
};

}  // namespace hailong::server
