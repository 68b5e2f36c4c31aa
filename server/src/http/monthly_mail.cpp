#include "hailong/server/http/monthly_mail.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>

#include <curl/curl.h>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include "hailong/message.hpp"
#include "hailong/server/store/setting_keys.hpp"

namespace hailong::server {
namespace {

using namespace std::chrono;

std::string base64(std::string_view bytes) {
    if (bytes.empty()) return {};
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // the terminating NUL
    return out;
}

// Base64 in lines of 76 characters, each ended by CRLF (RFC 2045 section 6.8).
std::string base64_lines(std::string_view bytes) {
    const std::string all = base64(bytes);
    std::string out;
    for (std::size_t i = 0; i < all.size(); i += 76) out += all.substr(i, 76) + "\r\n";
    return out;
}

// "Mon, 07 Dec 2026 08:00:00 +0700" (RFC 5322 section 3.3), in Vietnam's time.
std::string mail_date(Instant at) {
    static const char* const weekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto local = floor<seconds>(at) + hours(7);
    const auto day = floor<days>(local);
    const year_month_day ymd{day};
    const hh_mm_ss time{local - day};
    char text[64];
    std::snprintf(text, sizeof text, "%s, %02u %s %04d %02ld:%02ld:%02ld +0700", weekdays[weekday{day}.c_encoding()],
                  static_cast<unsigned>(ymd.day()), months[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                  static_cast<long>(time.hours().count()), static_cast<long>(time.minutes().count()),
                  static_cast<long>(time.seconds().count()));
    return text;
}

// "11/2026" for "2026-11".
std::string month_shown(const std::string& month) { return month.substr(5, 2) + "/" + month.substr(0, 4); }

// A rate as the language writes it: "88,2" in Vietnamese, "88.2" in English.
std::string rate_text(double rate, const std::string& lang) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", rate);
    std::string out = text;
    if (lang == "vi")
        for (char& c : out)
            if (c == '.') c = ',';
    return out;
}

struct Reader {
    const std::string* text;
    std::size_t at = 0;
};

std::size_t read_message(char* buffer, std::size_t size, std::size_t n, void* user) {
    auto* r = static_cast<Reader*>(user);
    const std::size_t count = std::min(size * n, r->text->size() - r->at);
    std::memcpy(buffer, r->text->data() + r->at, count);
    r->at += count;
    return count;
}

}  // namespace

bool plausible_address(std::string_view address) {
    if (address.empty() || address.size() > 254) return false;
    const auto at = address.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == address.size() || address.find('@', at + 1) != std::string_view::npos)
        return false;
    for (const char c : address) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f) return false;
        if (std::string_view("\"<>(),;:\\[]").find(c) != std::string_view::npos) return false;
    }
    return true;
}

void read_mail_credentials(const std::string& path, MailSettings& settings) {
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line)) throw MessageError(Message("server.mail.credentials_unreadable", {{"file", path}}));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto colon = line.find(':');
    if (colon == std::string::npos || colon == 0) throw MessageError(Message("server.mail.credentials_shape", {{"file", path}}));
    settings.user = line.substr(0, colon);
    settings.password = line.substr(colon + 1);
}

void check_mail_settings(const MailSettings& s) {
    if (s.url.rfind("smtp://", 0) != 0 && s.url.rfind("smtps://", 0) != 0)
        throw MessageError(Message("server.mail.bad_url", {{"option", "--report-mail"}}));
    if (!plausible_address(s.from)) throw MessageError(Message("server.mail.bad_address", {{"option", "--report-mail-from"}, {"value", s.from}}));
    if (s.to.empty()) throw MessageError(Message("server.mail.no_recipient", {{"option", "--report-mail-to"}}));
    for (const auto& to : s.to)
        if (!plausible_address(to)) throw MessageError(Message("server.mail.bad_address", {{"option", "--report-mail-to"}, {"value", to}}));
    if (s.day < 1 || s.day > 28) throw MessageError(Message("server.mail.bad_day", {{"option", "--report-mail-day"}}));
}

std::string compose_mail(const MailSettings& settings, const std::string& subject, const std::string& text, const std::string& attachment,
                         const std::string& filename, const std::string& content_type, Instant date, const std::string& boundary) {
    std::string to;
    for (const auto& address : settings.to) to += (to.empty() ? "" : ", ") + address;
    std::string m;
    m += "Date: " + mail_date(date) + "\r\n";
    m += "From: " + settings.from + "\r\n";
    m += "To: " + to + "\r\n";
    m += "Subject: =?UTF-8?B?" + base64(subject) + "?=\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n";
    m += "\r\n";
    m += "--" + boundary + "\r\n";
    m += "Content-Type: text/plain; charset=UTF-8\r\n";
    m += "Content-Transfer-Encoding: base64\r\n\r\n";
    m += base64_lines(text);
    m += "--" + boundary + "\r\n";
    m += "Content-Type: " + content_type + "; name=\"" + filename + "\"\r\n";
    m += "Content-Disposition: attachment; filename=\"" + filename + "\"\r\n";
    m += "Content-Transfer-Encoding: base64\r\n\r\n";
    m += base64_lines(attachment);
    m += "--" + boundary + "--\r\n";
    return m;
}

std::string CurlMailSender::send(const MailSettings& s, const std::string& message) {
    const std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) return "curl_easy_init failed";
    curl_slist* list = nullptr;
    for (const auto& to : s.to) list = curl_slist_append(list, ("<" + to + ">").c_str());
    const std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(list, curl_slist_free_all);
    Reader reader{&message};
    const std::string from = "<" + s.from + ">";
    curl_easy_setopt(curl.get(), CURLOPT_URL, s.url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(curl.get(), CURLOPT_READDATA, &reader);
    curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    if (!s.user.empty()) {
        // A password only over TLS: smtps:// is TLS from the start; on smtp:// STARTTLS is required.
        curl_easy_setopt(curl.get(), CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
        curl_easy_setopt(curl.get(), CURLOPT_USERNAME, s.user.c_str());
        curl_easy_setopt(curl.get(), CURLOPT_PASSWORD, s.password.c_str());
    } else {
        curl_easy_setopt(curl.get(), CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    }
    const CURLcode code = curl_easy_perform(curl.get());
    if (code == CURLE_OK) return {};
    long status = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    return std::string(curl_easy_strerror(code)) + (status ? " (SMTP " + std::to_string(status) + ")" : "");
}

MonthlyMail::MonthlyMail(Store& store, ReportService& reports, IndicesService& indices, MailSettings settings, MailSender& sender, Now now,
                         std::chrono::milliseconds interval)
    : store_(store), reports_(reports), indices_(indices), settings_(std::move(settings)), sender_(sender), now_(std::move(now)),
      checks_("monthly report mail", interval, [this] { check_once(); }) {}

MonthlyMail::~MonthlyMail() { stop(); }

void MonthlyMail::start() { checks_.start(); }

void MonthlyMail::stop() { checks_.stop(); }

std::string MonthlyMail::send(const std::string& month) {
    const User admin{"report-mail", Role::admin, {}, false};
    const std::string& lang = settings_.lang;
    const Answer workbook = reports_.monthly(admin, {{"month", month}, {"lang", lang}}, lang);
    if (workbook.status != 200) return "HTTP " + std::to_string(workbook.status) + ": " + workbook.body;
    std::string filename = "hailong-monthly-report-" + month + ".xlsx";
    const Answer figures = indices_.indices(admin, {{"group", "department"}, {"period", month}}, lang);
    if (figures.status != 200) return "HTTP " + std::to_string(figures.status) + ": " + figures.body;
    std::int64_t responses = 0, satisfied = 0;
    const nlohmann::json parsed = nlohmann::json::parse(figures.body);
    for (const auto& g : parsed["groups"]) {
        responses += g["responses"].get<std::int64_t>();
        satisfied += g["satisfied"].get<std::int64_t>();
    }
    const Translator& tr = Translator::builtin();
    const std::string shown = month_shown(month);
    const std::string subject = tr.render(Message("server.mail.subject", {{"month", shown}}), lang);
    const std::string rate = responses ? rate_text(100.0 * static_cast<double>(satisfied) / static_cast<double>(responses), lang) : "–";
    const std::string text = tr.render(Message("server.mail.text", {{"month", shown}, {"responses", std::to_string(responses)}, {"rate", rate}}), lang);
    unsigned char random[12];
    randombytes_buf(random, sizeof random);
    std::string boundary = "hailong-";
    for (const unsigned char b : random) {
        char hex[3];
        std::snprintf(hex, sizeof hex, "%02x", b);
        boundary += hex;
    }
    const std::string message = compose_mail(settings_, subject, text, workbook.body, filename,
                                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", now_(), boundary);
    return sender_.send(settings_, message);
}

std::optional<std::string> MonthlyMail::check_once() {
    const Instant now = now_();
    const LocalDate today = vietnam_date(now);
    const auto since_midnight = now - vietnam_day_start(today);
    if (static_cast<unsigned>(today.day()) < static_cast<unsigned>(settings_.day) || since_midnight < hours(7)) return std::nullopt;
    const std::string due = month_label(year_month{today.year(), today.month()} - months(1));
    if (store_.setting(setting_key::report_mail_sent).value_or("") >= due) return std::nullopt;
    if (const std::string problem = send(due); !problem.empty()) {
        std::fprintf(stderr, "hailong-server: the monthly report of %s was not sent: %s\n", due.c_str(), problem.c_str());
        return std::nullopt;
    }
    store_.set_setting(setting_key::report_mail_sent, due);
    return due;
}

}  // namespace hailong::server
