#include "hailong/server/http/http_server.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <future>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <variant>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include "hailong/server/api/accounts_service.hpp"
#include "hailong/server/api/auth_service.hpp"
#include "hailong/server/api/complaint_export.hpp"
#include "hailong/server/api/complaint_service.hpp"
#include "hailong/server/api/dashboard_service.hpp"
#include "hailong/server/api/dossier_service.hpp"
#include "hailong/server/store/group_commit.hpp"
#include "hailong/server/api/indicator_export.hpp"
#include "hailong/server/api/indices_service.hpp"
#include "hailong/server/api/ingest_service.hpp"
#include "hailong/server/api/kiosk_api.hpp"
#include "hailong/server/api/metrics.hpp"
#include "hailong/server/api/public_results.hpp"
#include "hailong/server/api/rate_limiter.hpp"
#include "hailong/server/api/report_service.hpp"
#include "hailong/server/api/settings_service.hpp"
#include "hailong/server/api/why_service.hpp"
#include "hailong/server/http/route_table.hpp"
#include "hailong/text.hpp"
#include "static_files.hpp"

namespace hailong::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto read_timeout = std::chrono::seconds(10);   // a request's body, once its header came
constexpr auto write_timeout = std::chrono::seconds(10);  // an answer, to a client that reads slowly
constexpr std::uint32_t max_header_bytes = 16 * 1024;

bool is_loopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Undoes percent-encoding (and, in a query, '+' for a space). A '%' not followed by two hex
// digits stays as it is.
std::string percent_decode(std::string_view s, bool plus_is_space) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2])));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

QueryParams parse_query(std::string_view query) {
    QueryParams params;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        params.emplace_back(percent_decode(pair.substr(0, eq), true),
                            eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1), true));
    }
    return params;
}

// A JSON string of any bytes, for a log line: text that is not UTF-8 (a forwarded address, an
// exception's message) is written with U+FFFD in place of the bad bytes instead of throwing.
std::string json_quote(std::string_view text) {
    return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Text a route may read: UTF-8, without C0 or C1 control characters or DEL.
bool is_clean_text(std::string_view text) {
    if (!is_valid_utf8(text)) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7F) return false;
        if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F) return false;  // U+0080..U+009F
    }
    return true;
}

// The first bytes of UTF-8 text, at most `max`, not ending inside a letter.
std::string utf8_prefix(std::string_view text, std::size_t max) {
    std::size_t n = std::min(text.size(), max);
    while (n > 0 && n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // a continuation byte
    return std::string(text.substr(0, n));
}

// The longest path, and query parameter name, an error message repeats back.
constexpr std::size_t max_echoed_path = 200;
constexpr std::size_t max_echoed_name = 64;

// What a handler sees of a request: the parsed message, its path and query apart, the client's
// address and the path's captures for routes with a pattern.
class HttpRequest {
public:
    http::request<http::string_body> message;
    std::string path;
    QueryParams params;
    std::string remote_addr;
    std::vector<std::string> matches;  // [0] the whole path, then the route pattern's groups

    [[nodiscard]] std::string header(std::string_view name) const {
        const auto it = message.find(beast::string_view(name.data(), name.size()));
        return it == message.end() ? std::string() : std::string(it->value());
    }
    [[nodiscard]] const std::string& body() const { return message.body(); }
    [[nodiscard]] std::string lang() const { return Translator::pick_language(header("Accept-Language"), "en"); }
};

// The JSON answers say their charset (and so does everything else a browser reads).
http::response<http::string_body> to_response(Answer&& a, unsigned version, bool keep_alive) {
    http::response<http::string_body> res{static_cast<http::status>(a.status), version};
    std::string content_type = "application/json; charset=utf-8";
    for (const auto& [k, v] : a.headers) {
        if (beast::iequals(k, "Content-Type")) {
            content_type = v;
        } else {
            res.insert(k, v);
        }
    }
    res.keep_alive(keep_alive);
    if (a.status == 204 || a.status == 304) return res;  // no body, no length
    if (!a.body.empty()) res.set(http::field::content_type, content_type);
    res.body() = std::move(a.body);  // an export can be megabytes: moved, not copied
    res.prepare_payload();
    return res;
}


// Everything behind HttpServer: the services, the routes and the event loop.
class Front {
public:
    Store& store;
    HttpOptions options;
    StaticFiles static_files;  // the dashboard's files, read once here
    Metrics metrics;
    RateLimiter kiosk_limiter;
    RateLimiter kiosk_control_limiter;  // configuration and heartbeats, per kiosk
    RateLimiter lookup_limiter;  // the public complaint lookup, per client address (address_key)
    GroupCommitter committer;
    IngestService ingest;
    KioskApi kiosk_api;
    AuthService auth;
    IndicesService indices;
    PublicResults public_results;
    ComplaintService complaints;
    IndicatorExport indicator_export;
    ReportService reports;
    DashboardService dashboard;
    WhyService why;
    DossierService dossiers;
    SettingsService settings;
    AccountsService accounts;

    // The event loop: a few threads (one per core) read, parse and write every connection; no
    // thread waits for a client. Handlers that read or write the store run on `workers`; the
    // ingest route checks a request on the loop and hands it to the group commit, whose writer
    // thread posts the answer back when the commit is durable.
    asio::io_context ioc;
    std::optional<ssl::context> tls;
    tcp::acceptor acceptor{ioc};
    asio::thread_pool workers;
    std::atomic<bool> stopping{false};
    int bound_port = 0;

    // Live connections, so that stop() can close the idle ones.
    struct Connection {
        virtual ~Connection() = default;
        virtual void close_if_idle() = 0;
    };
    std::mutex connections_mutex;
    std::set<std::weak_ptr<Connection>, std::owner_less<std::weak_ptr<Connection>>> connections;

    using Handler = std::function<Answer(const HttpRequest&)>;
    struct Route {
        const RouteSpec* spec;  // its entry in route_table
        http::verb method;
        Handler handler;        // empty for the ingest route, which is asynchronous
    };
    std::vector<Route> routes_;  // in route_table's order, the dashboard's entry left out

    Front(Store& s, HttpOptions o)
        : store(s),
          options(std::move(o)),
          static_files(options.dashboard_dir.empty() ? StaticFiles() : StaticFiles::load(options.dashboard_dir)),
          kiosk_limiter(options.kiosk_rate, options.kiosk_burst),
          kiosk_control_limiter(options.kiosk_control_rate, options.kiosk_control_burst),
          lookup_limiter(1.0, 20.0),
          committer(store),
          ingest(store, committer, system_now, &kiosk_limiter, &metrics, options.date_window),
          kiosk_api(store, system_now, &kiosk_control_limiter),
          auth(store, system_now),
          indices(store, options.indices, system_now),
          public_results(store, options.indices, system_now),
          complaints(store, system_now),
          indicator_export(store, options.indices, system_now),
          reports(store, options.indices, system_now),
          dashboard(store, system_now),
          why(store, options.indices),
          dossiers(store, system_now, options.date_window, options.indices),
          settings(store, system_now),
          accounts(store, system_now),
          workers(options.threads) {}

    ~Front() { workers.join(); }
    Front(const Front&) = delete;
    Front& operator=(const Front&) = delete;

    // The client's address for the per-address limits and the log. Plain HTTP is only served to a
    // reverse proxy on loopback (HttpServer refuses anything else), so there every request comes
    // from the proxy: the client is the last address the proxy appended to X-Forwarded-For (nginx:
    // proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for). Over TLS the header is the
    // client's own word and is ignored.
    std::string client_of(const HttpRequest& req) const {
        if (!options.plain_http) return req.remote_addr;
        const std::string forwarded = req.header("X-Forwarded-For");
        const auto comma = forwarded.rfind(',');
        std::string last = comma == std::string::npos ? forwarded : forwarded.substr(comma + 1);
        last.erase(0, last.find_first_not_of(" \t"));
        last.erase(last.find_last_not_of(" \t") + 1);
        return last.empty() ? req.remote_addr : last;
    }

    // Binds the handler of route_table's entry `name`. Start-up fails on a name the table lacks.
    void add(std::string_view name, Handler handler) {
        for (const RouteSpec& spec : route_table) {
            if (spec.name != name) continue;
            routes_.push_back({&spec, http::string_to_verb(beast::string_view(spec.method.data(), spec.method.size())), std::move(handler)});
            return;
        }
        throw std::logic_error("hailong-server: route " + std::string(name) + " is not in route_table");
    }

    // A handler for signed-in users: the user behind the bearer token or session cookie, or 401.
    Handler for_user(std::function<Answer(const User&, const HttpRequest&)> handler) {
        return [this, handler = std::move(handler)](const HttpRequest& req) {
            auto who = auth.reader(req.header("Authorization"), req.header("Cookie"), req.lang());
            if (auto* a = std::get_if<Answer>(&who)) return std::move(*a);
            return handler(std::get<User>(who), req);
        };
    }

    // Runs a handler so that nothing it throws ends the process or drops the connection
    // unanswered. The store reports its own failure as std::runtime_error (store.hpp): 503, which
    // the client retries (nothing was stored that was not answered). Anything else is a fault of
    // this program: 500, one log line, and the server goes on serving.
    template <class F>
    Answer guarded(std::string_view route, const std::string& lang, F&& handler) noexcept {
        try {
            try {
                return handler();
            } catch (const std::runtime_error& e) {
                metrics.count_store_error();
                log_error("store_failed", route, e.what());
                Answer a = error_answer(503, {std::string(error_code::unavailable), "", Message("error.server.unavailable")}, lang);
                a.headers.emplace_back("Retry-After", "5");
                return a;
            } catch (const std::exception& e) {
                log_error("handler_failed", route, e.what());
            } catch (...) {
                log_error("handler_failed", route, "not a std::exception");
            }
            return internal_error(lang);
        } catch (...) {  // the error answer itself failed (out of memory)
            return Answer{500, "", {}};
        }
    }

    static Answer internal_error(std::string_view lang) {
        return error_answer(500, {std::string(error_code::internal), "", Message("error.server.internal")}, lang);
    }

    // One JSON line on stderr; never throws. `route` is a route name, never a request's path.
    static void log_error(std::string_view event, std::string_view route, std::string_view what) noexcept {
        try {
            std::fprintf(stderr, "{\"level\":\"error\",\"event\":%s,\"route\":%s,\"error\":%s}\n", json_quote(event).c_str(),
                         json_quote(route).c_str(), json_quote(what).c_str());
        } catch (...) {
            std::fputs("{\"level\":\"error\",\"event\":\"log_failed\"}\n", stderr);
        }
    }

    // Work for the pool: a handler that throws past its own guard would end the pool's thread, and
    // with it the process (asio::thread_pool does not catch).
    template <class F>
    void post_work(F&& work) {
        asio::post(workers, [work = std::forward<F>(work)]() mutable noexcept {
            try {
                work();
            } catch (const std::exception& e) {
                log_error("worker_failed", "", e.what());
            } catch (...) {
                log_error("worker_failed", "", "not a std::exception");
            }
        });
    }

    void routes() {
        add("submissions", {});  // asynchronous: see dispatch()
        add("kiosk_config", [this](const HttpRequest& req) {
            return kiosk_api.config(req.header("Authorization"), req.header("If-None-Match"), req.lang());
        });
        add("kiosk_heartbeat", [this](const HttpRequest& req) {
            return kiosk_api.heartbeat(req.header("Authorization"), req.body(), req.lang());
        });
        add("kiosk_dossier", [this](const HttpRequest& req) {
            return kiosk_api.dossier(req.header("Authorization"), req.matches[0], req.lang());
        });
        add("dossiers", [this](const HttpRequest& req) {
            auto who = auth.integration(req.header("Authorization"), req.lang());
            if (auto* a = std::get_if<Answer>(&who)) return std::move(*a);
            return dossiers.post_events(std::get<User>(who), req.body(), req.lang());
        });
        add("login", [this](const HttpRequest& req) { return auth.login(req.body(), client_of(req), req.lang()); });
        add("logout", [this](const HttpRequest& req) { return auth.logout(req.header("Cookie"), req.lang()); });
        add("me", [this](const HttpRequest& req) { return auth.me(req.header("Authorization"), req.header("Cookie"), req.lang()); });
        add("indices", for_user([this](const User& user, const HttpRequest& req) { return indices.indices(user, req.params, req.lang()); }));
        add("indices_trend", for_user([this](const User& user, const HttpRequest& req) { return indices.trend(user, req.params, req.lang()); }));
        add("complaints", for_user([this](const User& user, const HttpRequest& req) {
            return complaints_table(complaints, user, req.params, req.lang());  // JSON, or CSV with format=csv
        }));
        add("complaint", for_user([this](const User& user, const HttpRequest& req) { return complaints.show(user, req.matches[0], req.lang()); }));
        add("complaint_actions", for_user([this](const User& user, const HttpRequest& req) {
            return complaints.act(user, req.matches[0], req.body(), req.lang());
        }));
        add("indicators", for_user([this](const User& user, const HttpRequest& req) {
            return indicator_export.indicators(user, req.params, req.lang());
        }));
        add("reports_monthly", for_user([this](const User& user, const HttpRequest& req) { return reports.monthly(user, req.params, req.lang()); }));
        add("fleet", for_user([this](const User& user, const HttpRequest& req) { return dashboard.fleet(user, req.params, req.lang()); }));
        add("roster", for_user([this](const User& user, const HttpRequest& req) { return dashboard.roster(user, req.params, req.lang()); }));
        add("roster_corrections", for_user([this](const User& user, const HttpRequest& req) {
            return dashboard.correct_roster(user, req.body(), req.lang());
        }));
        add("submissions_list", for_user([this](const User& user, const HttpRequest& req) {
            return dashboard.submissions(user, req.params, req.lang());
        }));
        add("why", for_user([this](const User& user, const HttpRequest& req) { return why.why(user, req.params, req.lang()); }));
        add("organisation", for_user([this](const User& user, const HttpRequest& req) { return dashboard.organisation(user, req.params, req.lang()); }));
        add("alerts", for_user([this](const User& user, const HttpRequest& req) { return dashboard.alerts(user, req.params, req.lang()); }));
        add("settings", for_user([this](const User& user, const HttpRequest& req) { return settings.get(user, req.lang()); }));
        add("settings_update", for_user([this](const User& user, const HttpRequest& req) { return settings.put(user, req.body(), req.lang()); }));
        add("accounts", for_user([this](const User& user, const HttpRequest& req) { return accounts.list(user, req.lang()); }));
        add("users_add", for_user([this](const User& user, const HttpRequest& req) { return accounts.add_user(user, req.body(), req.lang()); }));
        add("user_password", for_user([this](const User& user, const HttpRequest& req) {
            return accounts.set_password(user, req.matches[0], req.body(), req.lang());
        }));
        add("user_revoke", for_user([this](const User& user, const HttpRequest& req) { return accounts.revoke_user(user, req.matches[0], req.lang()); }));
        add("kiosks_add", for_user([this](const User& user, const HttpRequest& req) { return accounts.add_kiosk(user, req.body(), req.lang()); }));
        add("kiosk_token", for_user([this](const User& user, const HttpRequest& req) {
            return accounts.rotate_kiosk_token(user, req.matches[0], req.lang());
        }));
        add("kiosk_revoke", for_user([this](const User& user, const HttpRequest& req) { return accounts.revoke_kiosk(user, req.matches[0], req.lang()); }));
        add("dossiers_unlinked", for_user([this](const User& user, const HttpRequest& req) { return dossiers.unlinked(user, req.params, req.lang()); }));
        add("public_complaint", [this](const HttpRequest& req) {
            // Anyone may ask, so each client (an IPv4 address, or an IPv6 /64) may ask about once
            // a second: guessing codes (sequence_permutation.hpp) stays hopeless.
            if (const auto wait = lookup_limiter.acquire(address_key(client_of(req)), Clock::now()); wait > Clock::duration::zero())
                return too_many_requests(wait, "error.rate_limited", req.lang());
            return complaints.lookup(req.matches[0], req.lang());
        });
        add("public_results", [this](const HttpRequest& req) { return public_results.results(req.params, req.lang()); });
        add("healthz", [this](const HttpRequest&) {
            const auto n = store.submission_count();  // proves the store answers
            return Answer{200, nlohmann::json{{"status", "ok"}, {"submissions", n}}.dump(), {}};
        });
        add("metrics", [this](const HttpRequest&) {
            return Answer{200, metrics.render(committer.commits()), {{"Content-Type", "text/plain; version=0.0.4; charset=utf-8"}}};
        });
        // Every entry of the table has its handler (the dashboard's files are served by dispatch).
        for (const RouteSpec& spec : route_table) {
            const bool bound = spec.name == "dashboard" ||
                               std::any_of(routes_.begin(), routes_.end(), [&](const Route& r) { return r.spec == &spec; });
            if (!bound) throw std::logic_error("hailong-server: route " + std::string(spec.name) + " has no handler");
        }
    }

    // The dashboard's pages, scripts and styles, for a GET that names no route: only files read
    // at start-up, found by their exact name (static_files.hpp). Nothing here is secret.
    std::optional<Answer> dashboard_file(const HttpRequest& req) const {
        const StaticFiles::File* file = static_files.find(req.path);
        if (!file) return std::nullopt;
        return Answer{200, file->content,
                      {{"Content-Type", std::string(file->content_type)},
                       {"Cache-Control", "no-cache"},
                       {"Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"}}};
    }

    Answer not_found(const HttpRequest& req) const {
        // The path was checked to be clean text (read_target); a long one is cut.
        return error_answer(404, {std::string(error_code::not_found), "", Message("error.http.not_found", {{"path", utf8_prefix(req.path, max_echoed_path)}})},
                            req.lang());
    }

    // Splits the request target into its path and query, percent-decoded, and refuses what no
    // route may read: a target that is not a path (absolute or authority form, '*'), or a path,
    // query name or value that is not UTF-8 text or holds a control character (%00, %0A, %ff,
    // an overlong "%c0%af"). The answer to send instead, naming the part at fault; nullopt if
    // the request may be routed.
    std::optional<Answer> read_target(HttpRequest& req) const {
        const std::string_view target(req.message.target().data(), req.message.target().size());
        const std::string lang = req.lang();
        if (target.empty() || target.front() != '/')
            return bad_request("path", error_code::invalid_value, Message("error.http.target"), lang);
        const auto q = target.find('?');
        req.path = percent_decode(target.substr(0, q), false);
        if (!is_clean_text(req.path)) {
            req.path.clear();  // not to be repeated anywhere, the log included
            return bad_request("path", error_code::invalid_text, Message("error.http.path_text"), lang);
        }
        if (q != std::string_view::npos) req.params = parse_query(target.substr(q + 1));
        for (const auto& [name, value] : req.params) {
            if (!is_clean_text(name)) return bad_request("query", error_code::invalid_text, Message("error.http.query_text"), lang);
            if (!is_clean_text(value))
                return bad_request("query." + utf8_prefix(name, max_echoed_name), error_code::invalid_text, Message("error.http.query_text"), lang);
        }
        return std::nullopt;
    }

    // The origin a browser shows for this server, from the Host the request was sent to; empty
    // if the Host header is not a plain host[:port].
    std::string own_origin(const HttpRequest& req) const {
        const std::string host = req.header("Host");
        if (host.empty() || host.size() > 255 || host.find_first_of("/\\@?# \t") != std::string::npos) return {};
        return (options.plain_http ? "http://" : "https://") + host;
    }

    // A request that changes something, from a browser, must come from this server's own pages:
    // otherwise any site a signed-in manager visits could post a form or a fetch that the browser
    // sends with the session cookie. Requests with a bearer token (kiosks, API clients) are not a
    // browser's and carry their own proof. Refused: a body that is not JSON (HTML forms can send
    // only text/plain, multipart and form-encoded bodies without asking), and an Origin other than
    // ours or a Sec-Fetch-Site other than same-origin; a request with a session cookie must show
    // one of the two. Behind a proxy on loopback, the public origin is https with the Host the
    // proxy passes on (nginx: proxy_set_header Host $http_host), or Sec-Fetch-Site decides.
    std::optional<Answer> refuse_cross_site(const HttpRequest& req) const {
        if (!bearer_token(req.header("Authorization")).empty()) return std::nullopt;
        const std::string lang = req.lang();
        std::string content_type = req.header("Content-Type");
        content_type = content_type.substr(0, content_type.find(';'));
        while (!content_type.empty() && content_type.back() == ' ') content_type.pop_back();
        if (!req.body().empty() && !beast::iequals(content_type, "application/json"))
            return error_answer(415, {"unsupported_media_type", "", Message("error.http.content_type")}, lang);
        const std::string origin = req.header("Origin");
        const std::string fetch_site = req.header("Sec-Fetch-Site");
        const std::string own = own_origin(req);
        const bool proxied_https = options.plain_http && !own.empty() && origin == "https://" + own.substr(std::string_view("http://").size());
        const bool origin_ok = !origin.empty() && !own.empty() && (origin == own || proxied_https);
        const bool fetch_ok = fetch_site == "same-origin";
        const bool has_session = !cookie_values(req.header("Cookie"), AuthService::cookie_name).empty();
        const bool refused = (!origin.empty() && !origin_ok) || (!fetch_site.empty() && !fetch_ok) || (has_session && !origin_ok && !fetch_ok);
        if (!refused) return std::nullopt;
        return error_answer(403, {std::string(error_code::forbidden), "", Message("error.http.cross_site")}, lang);
    }

    // Sends its answer to the connection's strand: `produce` runs there, guarded.
    using Reply = std::function<void(std::function<Answer()> produce)>;

    // The route of a request (HEAD as GET), its "{}" values in req.matches; nullptr if none.
    const Route* find_route(HttpRequest& req) const {
        const http::verb method = req.message.method() == http::verb::head ? http::verb::get : req.message.method();
        for (const Route& r : routes_) {
            if (r.method != method) continue;
            req.matches.clear();
            if (match_route(r.spec->path, req.path, req.matches)) return &r;
        }
        req.matches.clear();
        return nullptr;
    }

    // Routes one request. `reply` is called exactly once, from any thread. Returns the route name.
    std::string dispatch(const std::shared_ptr<HttpRequest>& req, const Reply& reply) {
        if (auto refused = read_target(*req)) {
            reply([a = std::move(*refused)]() mutable { return std::move(a); });
            return "other";
        }
        const Route* route = find_route(*req);
        if (route == nullptr) {
            const bool get = req->message.method() == http::verb::get || req->message.method() == http::verb::head;
            if (get && static_files.size() > 0) {
                if (const auto file = dashboard_file(*req)) {
                    reply([a = std::move(*file)]() mutable { return std::move(a); });
                    return "dashboard";
                }
            }
            reply([this, req] { return not_found(*req); });
            return "other";
        }
        const std::string name(route->spec->name);
        // Every request that changes something (POST, PUT) is checked the same way.
        const bool changes = req->message.method() == http::verb::post || req->message.method() == http::verb::put;
        if (changes && route->spec->access != Access::kiosk) {
            if (auto refused = refuse_cross_site(*req)) {
                reply([a = std::move(*refused)]() mutable { return std::move(a); });
                return name;
            }
        }
        // A form-encoded body (curl's default for --data) that is not JSON: say what is wrong
        // with it rather than that it is not JSON.
        if (changes && !req->body().empty() &&
            req->header("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0 && !nlohmann::json::accept(req->body())) {
            reply([req] { return error_answer(415, {"unsupported_media_type", "", Message("error.http.content_type")}, req->lang()); });
            return name;
        }
        if (!route->handler) {  // POST /api/v1/submissions
            if (store.reads_wait_on_network()) {
                post_work([this, req, reply] { ingest_async(req, reply); });
            } else {
                ingest_async(req, reply);
            }
            return name;
        }
        post_work([this, req, reply, route] {
            Answer a = guarded(route->spec->name, req->lang(), [&] { return route->handler(*req); });
            reply([a = std::move(a)]() mutable { return std::move(a); });
        });
        return name;
    }

    // What every answer carries, whoever made it: HSTS over TLS (a browser that once reached the
    // server over HTTPS never tries it in clear again); nosniff; API answers and exports (which
    // hold comments, phone numbers, officers' figures) are never kept by a browser or proxy cache
    // and never framed.
    void finish(Answer& a, std::string_view route) const {
        auto set = [&](std::string_view name, std::string_view value) {
            for (auto& [k, v] : a.headers) {
                if (beast::iequals(k, beast::string_view(name.data(), name.size()))) {
                    v = value;
                    return;
                }
            }
            a.headers.emplace_back(name, value);
        };
        if (!options.plain_http) set("Strict-Transport-Security", "max-age=31536000");
        set("X-Content-Type-Options", "nosniff");
        set("X-Frame-Options", "DENY");
        set("Referrer-Policy", "no-referrer");
        if (route != "dashboard") {
            set("Cache-Control", "no-store");
            set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        }
    }

    // The ingest route: the checks (token, rate, body) on the event loop, in microseconds with
    // SQLite (on a worker when the token look-up is a round trip to PostgreSQL); the commit on the
    // group commit's writer thread; the answer back on the connection's strand.
    void ingest_async(const std::shared_ptr<HttpRequest>& req, const Reply& reply) {
        const std::string lang = req->lang();
        std::shared_ptr<IngestService::Checked> batch;
        Answer refused = guarded("submissions", lang, [&] {
            auto checked = ingest.check(req->header("Authorization"), req->body(), lang);
            if (auto* a = std::get_if<Answer>(&checked)) return std::move(*a);
            batch = std::make_shared<IngestService::Checked>(std::move(std::get<IngestService::Checked>(checked)));
            return Answer{};
        });
        if (!batch) {
            reply([a = std::move(refused)]() mutable { return std::move(a); });
            return;
        }
        IngestBatch items = std::move(batch->store);
        committer.ingest_async(std::move(items), [this, batch, req, lang, reply](IngestBatchOutcome outcomes, std::exception_ptr error) {
            auto result = std::make_shared<IngestBatchOutcome>(std::move(outcomes));
            reply([this, batch, result, error, lang] {
                if (error) std::rethrow_exception(error);
                return ingest.answer(*batch, *result, lang);
            });
        });
    }

    void log_request(const HttpRequest& req, std::string_view route, int status, Clock::time_point started) noexcept {
        try {
            const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
            metrics.observe_request(route, status, seconds);
            // One JSON line per request. Never the path, the Authorization or Cookie header, the
            // body or the query: they carry tokens, passwords, tracking codes, comments and phone
            // numbers. The method is one Beast knows or "<unknown>" (method_string() of an
            // unknown verb is the client's own text).
            const auto verb = req.message.method();
            const beast::string_view known = http::to_string(verb);
            const std::string_view method = verb == http::verb::unknown ? std::string_view("<unknown>") : std::string_view(known.data(), known.size());
            // The method and the route are from fixed lists of plain words (Beast's verbs,
            // route_table's names): written as they are, without a JSON writer on every request.
            std::fprintf(stderr, "{\"ts\":\"%s\",\"method\":\"%.*s\",\"route\":\"%.*s\",\"status\":%d,\"ms\":%.3f,\"remote\":%s}\n",
                         format_rfc3339(system_now()).c_str(), static_cast<int>(method.size()), method.data(), static_cast<int>(route.size()),
                         route.data(), status, seconds * 1000,
                         json_quote(client_of(req)).c_str());  // quoted: a forwarded address is the proxy's text
        } catch (...) {
            log_error("log_failed", route, "");
        }
    }

    // The response for an answer, with what every answer carries (finish()); HEAD gets the
    // headers a GET would, without the body.
    http::response<http::string_body> respond(Answer a, const HttpRequest& req, std::string_view route, bool keep_alive) const {
        finish(a, route);
        const unsigned version = req.message.version() == 0 ? 11 : req.message.version();
        auto res = to_response(std::move(a), version, keep_alive);
        if (req.message.method() == http::verb::head && res.has_content_length()) {
            const auto length = res.body().size();
            res.body().clear();
            res.content_length(length);  // what a GET would get
        }
        return res;
    }

    // An error HTTP itself gives (unparsable request, body too large), answered before closing.
    Answer protocol_error(const beast::error_code& ec, const std::string& lang) const {
        if (ec == http::error::body_limit)
            return error_answer(413, {std::string(error_code::body_too_large), "", Message("error.http.too_large")}, lang);
        return error_answer(400, {"http_error", "", Message("error.http.bad_request")}, lang);
    }

    void accept();
    void stop();
};


// One client connection over Stream (beast::tcp_stream, or TLS over it): reads a request, has it
// answered, writes the answer, and reads the next while the client keeps the connection alive.
// Everything it does runs on its own strand.
template <class Stream>
class Session final : public Front::Connection, public std::enable_shared_from_this<Session<Stream>> {
public:
    template <class... Args>
    Session(Front& server, std::string remote, Args&&... stream_args)
        : server_(server), remote_(std::move(remote)), stream_(std::forward<Args>(stream_args)...) {}

    void start() {
        if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
            read();
        } else {
            beast::get_lowest_layer(stream_).expires_after(read_timeout);
            stream_.async_handshake(ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code ec) {
                if (!ec) self->read();
            });
        }
    }

    // From stop(): a connection waiting for its next request is closed; one whose request is
    // under way finishes it, answers, and then closes.
    void close_if_idle() override {
        asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
            if (self->idle_) beast::get_lowest_layer(self->stream_).cancel();
        });
    }

private:
    void read() {
        if (server_.stopping) return close();
        parser_.emplace();
        parser_->body_limit(IngestService::max_body_bytes);
        parser_->header_limit(max_header_bytes);
        idle_ = true;
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(server_.options.keep_alive_seconds));
        http::async_read_header(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
            self->on_header(ec);
        });
    }

    void on_header(beast::error_code ec) {
        idle_ = false;
        if (ec) return fail(ec);
        started_ = Clock::now();
        beast::get_lowest_layer(stream_).expires_after(read_timeout);
        auto read_body = [self = this->shared_from_this()] {
            http::async_read(self->stream_, self->buffer_, *self->parser_,
                             [self](beast::error_code e, std::size_t) { e ? self->fail(e) : self->on_request(); });
        };
        if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
            // curl, and libcurl in the kiosk, wait for this before sending a body over 1 KiB.
            auto go_on = std::make_shared<http::response<http::empty_body>>(http::status::continue_, parser_->get().version());
            http::async_write(stream_, *go_on, [self = this->shared_from_this(), go_on, read_body](beast::error_code e, std::size_t) {
                e ? self->close() : read_body();
            });
            return;
        }
        read_body();
    }

    // A request that could not be read: a closed or idle connection ends quietly; anything else
    // gets its error answer, then the connection closes (the rest of the stream cannot be trusted).
    void fail(beast::error_code ec) {
        const bool nothing_sent = !parser_ || !parser_->got_some();  // the client closed between requests
        if (nothing_sent || ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
            ec == asio::error::eof || ec == asio::error::connection_reset || ec == ssl::error::stream_truncated) {
            return close();
        }
        if (!parser_->is_header_done()) started_ = Clock::now();  // else on_header set it
        HttpRequest req;
        req.remote_addr = remote_;
        const std::string lang = parser_->is_header_done() ? Translator::pick_language(std::string(parser_->get()[http::field::accept_language]), "en")
                                                           : std::string("en");
        keep_alive_ = false;
        write(server_.protocol_error(ec, lang), std::make_shared<HttpRequest>(std::move(req)), "other");
    }

    void on_request() {
        auto req = std::make_shared<HttpRequest>();
        req->message = parser_->release();
        parser_.reset();
        req->remote_addr = remote_;
        keep_alive_ = req->message.keep_alive();
        auto route = std::make_shared<std::string>("other");
        auto replied = std::make_shared<std::atomic<bool>>(false);
        auto self = this->shared_from_this();
        // Keeps the event loop running (serve() from returning) until this request is answered,
        // however long its handler or commit takes after stop().
        auto work = std::make_shared<asio::executor_work_guard<asio::io_context::executor_type>>(server_.ioc.get_executor());
        try {
            *route = server_.dispatch(req, [self, req, route, replied, work](std::function<Answer()> produce) {
                replied->store(true);
                asio::post(self->stream_.get_executor(), [self, req, route, work, produce = std::move(produce)]() mutable {
                    self->write(self->server_.guarded(*route, req->lang(), produce), req, *route);
                });
            });
        } catch (const std::exception& e) {
            Front::log_error("dispatch_failed", *route, e.what());
            if (!replied->load()) write(Front::internal_error(req->lang()), req, *route);
        }
    }

    void write(Answer a, const std::shared_ptr<HttpRequest>& req, std::string route) {
        const int status = a.status;
        auto res = std::make_shared<http::response<http::string_body>>(server_.respond(std::move(a), *req, route, keep_alive_ && !server_.stopping));
        server_.log_request(*req, route, status, started_);
        beast::get_lowest_layer(stream_).expires_after(write_timeout);
        http::async_write(stream_, *res, [self = this->shared_from_this(), res](beast::error_code ec, std::size_t) {
            if (ec || res->need_eof()) return self->close();
            self->read();
        });
    }

    void close() {
        beast::error_code ignored;
        if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
            stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        } else {
            beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(2));
            stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
                beast::error_code e;
                beast::get_lowest_layer(self->stream_).socket().shutdown(tcp::socket::shutdown_both, e);
            });
        }
    }

    Front& server_;
    std::string remote_;
    Stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    Clock::time_point started_{};
    bool keep_alive_ = true;
    bool idle_ = false;
};


void Front::accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;  // stopped
        if (!ec) {
            // Nagle's algorithm held small TLS answers back about 35 ms against the client's
            // delayed ACKs (measured here with the previous HTTP library); answers go at once.
            socket.set_option(tcp::no_delay(true), ec);
            beast::error_code peer_ec;
            const auto peer = socket.remote_endpoint(peer_ec);
            std::string remote = peer_ec ? std::string() : peer.address().to_string();
            std::shared_ptr<Connection> session;
            if (tls) {
                auto s = std::make_shared<Session<ssl::stream<beast::tcp_stream>>>(*this, std::move(remote), std::move(socket), *tls);
                s->start();
                session = s;
            } else {
                auto s = std::make_shared<Session<beast::tcp_stream>>(*this, std::move(remote), std::move(socket));
                s->start();
                session = s;
            }
            const std::lock_guard lock(connections_mutex);
            for (auto it = connections.begin(); it != connections.end();) it = it->expired() ? connections.erase(it) : std::next(it);
            connections.insert(session);
        }
        accept();
    });
}

void Front::stop() {
    asio::post(ioc, [this] {
        stopping = true;
        beast::error_code ignored;
        acceptor.close(ignored);
        const std::lock_guard lock(connections_mutex);
        for (const auto& weak : connections)
            if (auto c = weak.lock()) c->close_if_idle();
    });
}

}  // namespace

struct HttpServer::Impl final : Front {
    using Front::Front;
};

HttpServer::HttpServer(Store& store, HttpOptions options) : impl_(std::make_unique<Impl>(store, std::move(options))) {
    const HttpOptions& o = impl_->options;
    if (o.plain_http) {
        if (!is_loopback(o.host)) throw MessageError(Message("server.option.plain_not_loopback", {{"host", o.host}}));
    } else {
        if (o.tls_cert.empty() || o.tls_key.empty()) throw MessageError(Message("server.option.tls_required"));
        auto& tls = impl_->tls.emplace(ssl::context::tls_server);
        try {
            tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                            ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
            // TLS 1.2 with forward secrecy and authenticated encryption only (ECDHE with AES-GCM
            // or ChaCha20-Poly1305: no CBC, no SHA-1 MAC, no static RSA key exchange); TLS 1.3,
            // whose suites are all of that kind. No renegotiation.
            SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION);
            if (SSL_CTX_set_cipher_list(tls.native_handle(), "ECDHE+AESGCM:ECDHE+CHACHA20") != 1)
                throw std::runtime_error("no TLS 1.2 cipher suite left");
            SSL_CTX_set_options(tls.native_handle(), SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION);
            tls.use_certificate_chain_file(o.tls_cert);
            tls.use_private_key_file(o.tls_key, ssl::context::pem);
        } catch (const boost::system::system_error&) {
            throw MessageError(Message("server.option.tls_unreadable", {{"cert", o.tls_cert}, {"key", o.tls_key}}));
        }
    }
    impl_->routes();
}

HttpServer::~HttpServer() = default;

bool HttpServer::bind() {
    auto& acceptor = impl_->acceptor;
    beast::error_code ec;
    const std::string host = impl_->options.host == "localhost" ? "127.0.0.1" : impl_->options.host;
    const auto address = asio::ip::make_address(host, ec);
    if (ec) return false;
    const tcp::endpoint endpoint(address, static_cast<unsigned short>(impl_->options.port));
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        acceptor.close(ec);
        return false;
    }
    impl_->bound_port = acceptor.local_endpoint().port();
    return true;
}

int HttpServer::port() const { return impl_->bound_port; }

void HttpServer::serve() {
    impl_->accept();
    // One loop thread per core, this one among them. run() returns when the acceptor is closed
    // and every connection has ended: every accepted submission has then been answered.
    const unsigned n = std::max(2u, std::thread::hardware_concurrency());
    std::vector<std::thread> loop;
    // The last guard: a handler that throws past every other one ends its connection (its
    // session is dropped), is logged, and the loop goes on (Asio's run() may be called again
    // after a handler threw).
    auto run = [this] {
        for (;;) {
            try {
                impl_->ioc.run();
                return;
            } catch (const std::exception& e) {
                Front::log_error("event_loop", "", e.what());
            } catch (...) {
                Front::log_error("event_loop", "", "not a std::exception");
            }
        }
    };
    for (unsigned i = 1; i < n; ++i) loop.emplace_back(run);
    run();
    for (auto& t : loop) t.join();
}

std::string HttpServer::answer(std::string_view raw_request, const std::string& remote_address) {
    Front& front = *impl_;
    http::request_parser<http::string_body> parser;
    parser.body_limit(IngestService::max_body_bytes);
    parser.header_limit(max_header_bytes);
    parser.eager(true);
    beast::error_code ec;
    std::string_view rest = raw_request;
    while (!rest.empty() && !parser.is_done()) {
        const std::size_t used = parser.put(asio::buffer(rest.data(), rest.size()), ec);
        rest.remove_prefix(used);
        if (ec || used == 0) break;
    }
    if (ec == http::error::need_more || (!ec && !parser.is_done())) {
        ec = {};
        parser.put_eof(ec);  // the connection ends here
        if (!ec && !parser.is_done()) ec = http::error::partial_message;
    }
    auto req = std::make_shared<HttpRequest>();
    req->remote_addr = remote_address;
    std::string route = "other";
    Answer answer;
    if (ec) {
        answer = front.protocol_error(ec, "en");
    } else {
        req->message = parser.release();
        std::promise<std::function<Answer()>> produced;
        route = front.dispatch(req, [&produced](std::function<Answer()> produce) { produced.set_value(std::move(produce)); });
        answer = front.guarded(route, req->lang(), produced.get_future().get());
    }
    std::ostringstream out;
    out << front.respond(std::move(answer), *req, route, false);
    return std::move(out).str();
}

void HttpServer::stop() { impl_->stop(); }

}  // namespace hailong::server
