// hailong-server: the aggregation server (api-v1.md). A thin program over the server core:
// parse options, open the store, serve until SIGTERM or SIGINT, then finish requests under way.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <memory>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <pthread.h>

#include "hailong/cli.hpp"
#include "hailong/server/http/alert_webhook.hpp"
#include "hailong/server/http/http_server.hpp"
#include "hailong/server/http/monthly_mail.hpp"
#include "hailong/server/store/open_store.hpp"
#include "hailong/server/http/route_table.hpp"

namespace {

using hailong::Message;

struct Options {
    hailong::server::StoreLocation store;
    hailong::server::HttpOptions http;
    hailong::server::StoreOptions store_options;
    bool dashboard = true;                 ///< false: --no-dashboard
    std::string alert_webhook;             ///< --alert-webhook URL
    std::chrono::seconds alert_interval{60};
    hailong::server::MailSettings mail;    ///< --report-mail*; mail.url empty: no mail
    std::string mail_once;                 ///< --report-mail-once YYYY-MM
};

// Splits "a@x,b@y" at its commas.
std::vector<std::string> addresses(const std::string& list) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto comma = std::min(list.find(',', start), list.size());
        if (comma > start) out.push_back(list.substr(start, comma - start));
        start = comma + 1;
    }
    return out;
}

// Where the dashboard's web files are when --dashboard is not given: beside an installed program
// (/usr/bin/../share/hailong/dashboard), else the source tree this program was built from.
std::string default_dashboard_dir(const char* argv0) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    const fs::path installed = (ec ? fs::path(argv0) : exe).parent_path() / ".." / "share" / "hailong" / "dashboard";
    if (fs::is_regular_file(installed / "index.html", ec)) return fs::weakly_canonical(installed, ec).string();
    const fs::path source = HAILONG_SOURCE_DASHBOARD_DIR;
    if (fs::is_regular_file(source / "index.html", ec)) return source.string();
    return {};
}

// Parses the command line; throws MessageError naming the option at fault.
Options parse(const std::vector<std::string_view>& args) {
    Options o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size()) throw hailong::MessageError(Message("server.option.needs_value", {{"option", std::string(a)}}));
            return std::string(args[++i]);
        };
        auto number = [&](double min, double max) {
            const std::string v = value();
            char* end = nullptr;
            const double n = std::strtod(v.c_str(), &end);
            if (v.empty() || *end != '\0' || n < min || n > max)
                throw hailong::MessageError(Message("server.option.bad_number",
                                                    {{"option", std::string(a)}, {"value", v}, {"min", std::to_string(static_cast<long long>(min))},
                                                     {"max", std::to_string(static_cast<long long>(max))}}));
            return n;
        };
        if (a == "--data") {
            o.store.data_dir = value();
        } else if (a == "--database") {
            o.store.database_url = value();
        } else if (a == "--listen") {
            const std::string v = value();
            const auto colon = v.rfind(':');
            char* end = nullptr;
            const long port = colon == std::string::npos ? -1 : std::strtol(v.c_str() + colon + 1, &end, 10);
            if (colon == std::string::npos || colon == 0 || *end != '\0' || port < 0 || port > 65535)
                throw hailong::MessageError(Message("server.option.bad_listen", {{"value", v}}));
            o.http.host = v.substr(0, colon);
            if (o.http.host.size() > 2 && o.http.host.front() == '[' && o.http.host.back() == ']')
                o.http.host = o.http.host.substr(1, o.http.host.size() - 2);
            o.http.port = static_cast<int>(port);
        } else if (a == "--tls-cert") {
            o.http.tls_cert = value();
        } else if (a == "--tls-key") {
            o.http.tls_key = value();
        } else if (a == "--plain-http") {
            o.http.plain_http = true;
        } else if (a == "--threads") {
            o.http.threads = static_cast<std::size_t>(number(1, 4096));
        } else if (a == "--kiosk-rate") {
            o.http.kiosk_rate = number(0, 1e6);
        } else if (a == "--kiosk-burst") {
            o.http.kiosk_burst = number(1, 1e6);
        } else if (a == "--max-age-days") {
            o.http.date_window.max_age = std::chrono::days(static_cast<long>(number(1, 36500)));
        } else if (a == "--min-responses") {
            o.http.indices.min_responses = static_cast<std::int64_t>(number(1, 1e6));
        } else if (a == "--prior-weight") {
            o.http.indices.prior_weight = number(0, 1e6);
        } else if (a == "--late-no-complaint") {
            const std::string v = value();
            const auto policy = hailong::indices::parse_late_no_complaint(v);
            if (!policy) throw hailong::MessageError(Message("server.option.late_no_complaint", {{"value", v}}));
            o.http.indices.late_no_complaint = *policy;
        } else if (a == "--dashboard") {
            o.http.dashboard_dir = value();
        } else if (a == "--no-dashboard") {
            o.dashboard = false;
        } else if (a == "--alert-webhook") {
            o.alert_webhook = value();
        } else if (a == "--alert-interval") {
            o.alert_interval = std::chrono::seconds(static_cast<long>(number(1, 86400)));
        } else if (a == "--report-mail") {
            o.mail.url = value();
        } else if (a == "--report-mail-from") {
            o.mail.from = value();
        } else if (a == "--report-mail-to") {
            o.mail.to = addresses(value());
        } else if (a == "--report-mail-credentials") {
            hailong::server::read_mail_credentials(value(), o.mail);
        } else if (a == "--report-mail-day") {
            o.mail.day = static_cast<int>(number(1, 28));
        } else if (a == "--report-mail-once") {
            o.mail_once = value();
            if (!hailong::server::parse_period(o.mail_once) || o.mail_once.size() != 7 || o.mail_once[4] != '-')
                throw hailong::MessageError(Message("error.query.month"));
        } else if (a == "--benchmark-without-rollups") {
            o.store_options.rollups = false;
        } else {
            throw hailong::MessageError(Message("cli.unknown_argument", {{"argument", std::string(a)}}));
        }
    }
    if (!o.mail.url.empty()) {
        hailong::server::check_mail_settings(o.mail);
    } else if (!o.mail_once.empty() || !o.mail.from.empty() || !o.mail.to.empty() || !o.mail.user.empty()) {
        throw hailong::MessageError(Message("server.mail.needs_url", {{"option", o.mail_once.empty() ? "--report-mail-to" : "--report-mail-once"}}));
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string lang = hailong::cli_language();
    const auto& tr = hailong::Translator::builtin();
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
        std::printf("%s\n", tr.text("cli.server.usage", lang).c_str());
        return 0;
    }
    if (!args.empty() && args[0] == "--routes") {
        // The route table as JSON lines, for the authorisation matrix test and for operators
        // putting a proxy's rules in front of the server.
        for (const auto& r : hailong::server::route_table) {
            std::printf("{\"method\":\"%.*s\",\"path\":\"%.*s\",\"name\":\"%.*s\",\"access\":\"%.*s\"}\n",
                        static_cast<int>(r.method.size()), r.method.data(), static_cast<int>(r.path.size()), r.path.data(),
                        static_cast<int>(r.name.size()), r.name.data(), static_cast<int>(to_string(r.access).size()), to_string(r.access).data());
        }
        return 0;
    }
    if (!args.empty() && args[0] == "--version") {
        std::printf("%s\n", hailong::version_line("hailong-server").c_str());
        return 0;
    }

    // Block the stop signals before any thread starts, so that every thread inherits the mask and
    // only the watcher below receives them (sigwait), outside any signal-handler restrictions.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGUSR1);  // sent to ourselves to end the watcher after a failed start
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    try {
        Options options = parse(args);
        if (!options.dashboard) {
            options.http.dashboard_dir.clear();
        } else if (options.http.dashboard_dir.empty()) {
            options.http.dashboard_dir = default_dashboard_dir(argv[0]);
        }
        const auto store = hailong::server::open_store(options.store, options.store_options);
        options.mail.lang = lang;
        hailong::server::ReportService reports(*store, options.http.indices, hailong::server::system_now);
        hailong::server::IndicesService indices(*store, options.http.indices);
        hailong::server::CurlMailSender mail_sender;
        std::unique_ptr<hailong::server::MonthlyMail> mail;
        if (!options.mail.url.empty())
            mail = std::make_unique<hailong::server::MonthlyMail>(*store, reports, indices, options.mail, mail_sender);
        if (!options.mail_once.empty()) {
            // The operator's "send it now": one month's report, then exit (0 sent, 1 not).
            const std::string problem = mail->send(options.mail_once);
            std::string to;
            for (const auto& t : options.mail.to) to += (to.empty() ? "" : ", ") + t;
            if (!problem.empty()) {
                std::fprintf(stderr, "hailong-server: %s\n",
                             tr.render(Message("server.mail.failed", {{"month", options.mail_once}, {"reason", problem}}), lang).c_str());
                return 1;
            }
            std::printf("%s\n", tr.render(Message("server.mail.sent", {{"month", options.mail_once}, {"to", to}}), lang).c_str());
            return 0;
        }
        hailong::server::HttpServer server(*store, options.http);
        hailong::server::DashboardService dashboard(*store, [] { return hailong::Instant(std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now())); });
        std::unique_ptr<hailong::server::AlertWebhook> webhook;
        if (!options.alert_webhook.empty()) {
            webhook = std::make_unique<hailong::server::AlertWebhook>(dashboard, options.alert_webhook, options.alert_interval, lang);
            webhook->start();
        }
        if (mail) mail->start();
        if (!server.bind()) {
            std::fprintf(stderr, "hailong-server: %s\n",
                         tr.render(Message("server.option.bind_failed", {{"address", options.http.host + ":" + std::to_string(options.http.port)}}), lang).c_str());
            return 1;
        }
        std::thread watcher([&] {
            int sig = 0;
            sigwait(&stop_signals, &sig);
            server.stop();
        });
        const std::string url = std::string(options.http.plain_http ? "http" : "https") + "://" + options.http.host + ":" + std::to_string(server.port());
        std::printf("%s\n", tr.render(Message("server.listening", {{"url", url}}), lang).c_str());
        std::fflush(stdout);
        server.serve();
        if (webhook) webhook->stop();
        if (mail) mail->stop();
        pthread_kill(watcher.native_handle(), SIGUSR1);
        watcher.join();
        std::printf("%s\n", tr.text("server.stopped", lang).c_str());
        return 0;
    } catch (const hailong::MessageError& e) {
        std::fprintf(stderr, "hailong-server: %s\n", tr.render(e.message(), lang).c_str());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hailong-server: %s\n", tr.render(Message("server.failed", {{"reason", e.what()}}), lang).c_str());
        return 1;
    }
}
