#include "hailong/server/http_server.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
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

#include "hailong/server/auth_service.hpp"
#include "hailong/server/complaint_export.hpp"
#include "hailong/server/complaint_service.hpp"
#include "hailong/server/dashboard_service.hpp"
#include "hailong/server/group_commit.hpp"
#include "hailong/server/indicator_export.hpp"
#include "hailong/server/indices_service.hpp"
#include "hailong/server/ingest_service.hpp"
#include "hailong/server/kiosk_api.hpp"
#include "hailong/server/metrics.hpp"
#include "hailong/server/rate_limiter.hpp"
#include "hailong/server/report_service.hpp"

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

Instant system_now() { return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now()); }

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

// The dashboard's file types. With a charset, as the browser would otherwise guess.
std::string_view mime_type(std::string_view path) {
    const auto dot = path.rfind('.');
    const std::string_view ext = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    if (ext == "html") return "text/html; charset=utf-8";
    if (ext == "js" || ext == "mjs") return "application/javascript; charset=utf-8";
    if (ext == "css") return "text/css; charset=utf-8";
    if (ext == "json" || ext == "map") return "application/json; charset=utf-8";
    if (ext == "svg") return "image/svg+xml";
    if (ext == "png") return "image/png";
    if (ext == "ico") return "image/x-icon";
    if (ext == "woff2") return "font/woff2";
    if (ext == "txt") return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

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
http::response<http::string_body> to_response(const Answer& a, unsigned version, bool keep_alive) {
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
    res.body() = a.body;
    res.prepare_payload();
    return res;
}


// Everything behind HttpServer: the services, the routes and the event loop.
class Front {
public:
    Store& store;
    HttpOptions options;
    Metrics metrics;
    RateLimiter kiosk_limiter;
    RateLimiter lookup_limiter;  // the public complaint lookup, per client address
    GroupCommitter committer;
    IngestService ingest;
    KioskApi kiosk_api;
    AuthService auth;
    IndicesService indices;
    ComplaintService complaints;
    IndicatorExport indicator_export;
    ReportService reports;
    DashboardService dashboard;

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
        http::verb method;
        std::string name;  // counted and logged under it: a fixed set, so /metrics stays bounded
        std::optional<std::regex> pattern;
        Handler handler;   // empty for the ingest route, which is asynchronous
    };
    std::map<std::pair<http::verb, std::string>, Route, std::less<>> exact_routes;
    std::vector<std::pair<std::string, Route>> pattern_routes;  // routes with a path parameter

    Front(Store& s, HttpOptions o)
        : store(s),
          options(std::move(o)),
          kiosk_limiter(options.kiosk_rate, options.kiosk_burst),
          lookup_limiter(1.0, 20.0),
          committer(store),
          ingest(store, committer, system_now, &kiosk_limiter, &metrics),
          kiosk_api(store, system_now),
          auth(store, system_now),
          indices(store, options.indices),
          complaints(store, system_now),
          indicator_export(store, options.indices),
          reports(store, options.indices, system_now),
          dashboard(store, system_now),
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

    void add(http::verb method, const std::string& path, const std::string& name, Handler handler) {
        Route route{method, name, std::nullopt, std::move(handler)};
        if (path.find('(') != std::string::npos) {
            route.pattern.emplace(path);
            pattern_routes.emplace_back(path, std::move(route));
        } else {
            exact_routes.emplace(std::make_pair(method, path), std::move(route));
        }
    }

    // A handler for signed-in users: the user behind the bearer token or session cookie, or 401.
    Handler for_user(std::function<Answer(const User&, const HttpRequest&)> handler) {
        return [this, handler = std::move(handler)](const HttpRequest& req) {
            auto who = auth.authenticate(req.header("Authorization"), req.header("Cookie"), req.lang());
            if (auto* a = std::get_if<Answer>(&who)) return std::move(*a);
            return handler(std::get<User>(who), req);
        };
    }

    // Runs a handler, turning a store failure into 503 (the client retries; nothing was stored
    // that was not answered) instead of a dropped connection.
    template <class F>
    Answer guarded(const std::string& path, const std::string& lang, F&& handler) {
        try {
            return handler();
        } catch (const std::exception& e) {
            metrics.count_store_error();
            std::fprintf(stderr, "{\"level\":\"error\",\"event\":\"store_failed\",\"path\":%s,\"error\":%s}\n",
                         nlohmann::json(path).dump().c_str(), nlohmann::json(e.what()).dump().c_str());
            Answer a = error_answer(503, {std::string(error_code::unavailable), "", Message("error.server.unavailable")}, lang);
            a.headers.emplace_back("Retry-After", "5");
            return a;
        }
    }

    void routes() {
        using http::verb;
        add(verb::post, "/api/v1/submissions", "submissions", {});  // asynchronous: see dispatch()
        add(verb::get, "/api/v1/kiosk/config", "kiosk_config", [this](const HttpRequest& req) {
            return kiosk_api.config(req.header("Authorization"), req.header("If-None-Match"), req.lang());
        });
        add(verb::post, "/api/v1/kiosk/heartbeat", "kiosk_heartbeat", [this](const HttpRequest& req) {
            return kiosk_api.heartbeat(req.header("Authorization"), req.body(), req.lang());
        });
        add(verb::post, "/api/v1/login", "login", [this](const HttpRequest& req) {
            return auth.login(req.body(), client_of(req), req.lang());
        });
        add(verb::post, "/api/v1/logout", "logout", [this](const HttpRequest& req) {
            return auth.logout(req.header("Cookie"), req.lang());
        });
        add(verb::get, "/api/v1/me", "me", [this](const HttpRequest& req) {
            return auth.me(req.header("Authorization"), req.header("Cookie"), req.lang());
        });
        add(verb::get, "/api/v1/indices", "indices", for_user([this](const User& user, const HttpRequest& req) {
            return indices.indices(user, req.params, req.lang());
        }));
        add(verb::get, "/api/v1/indices/trend", "indices_trend", for_user([this](const User& user, const HttpRequest& req) {
            return indices.trend(user, req.params, req.lang());
        }));
        add(verb::get, "/api/v1/complaints", "complaints", for_user([this](const User& user, const HttpRequest& req) {
            return complaints_table(complaints, user, req.params, req.lang());  // JSON, or CSV with format=csv
        }));
        add(verb::get, "/api/v1/indicators", "indicators", for_user([this](const User& user, const HttpRequest& req) {
            return indicator_export.indicators(user, req.params, req.lang());
        }));
        add(verb::get, "/api/v1/reports/monthly", "reports_monthly", for_user([this](const User& user, const HttpRequest& req) {
            return reports.monthly(user, req.params, req.lang());
        }));
        add(verb::get, "/api/v1/fleet", "fleet", for_user([this](const User& user, const HttpRequest& req) {
            return dashboard.fleet(user, req.params, req.lang());
        }));
        add(verb::get, "/api/v1/submissions", "submissions_list", for_user([this](const User& user, const HttpRequest& req) {
            return dashboard.submissions(user, req.params, req.lang());
        }));
        add(verb::get, "/api/v1/organisation", "organisation", for_user([this](const User& user, const HttpRequest& req) {
            return dashboard.organisation(user, req.params, req.lang());
        }));
        add(verb::get, "/api/v1/alerts", "alerts", for_user([this](const User& user, const HttpRequest& req) {
            return dashboard.alerts(user, req.params, req.lang());
        }));
        add(verb::get, R"(/api/v1/complaints/([^/]+))", "complaint", for_user([this](const User& user, const HttpRequest& req) {
            return complaints.show(user, req.matches[1], req.lang());
        }));
        add(verb::post, R"(/api/v1/complaints/([^/]+)/actions)", "complaint_actions",
            for_user([this](const User& user, const HttpRequest& req) {
                return complaints.act(user, req.matches[1], req.body(), req.lang());
            }));
        add(verb::get, R"(/api/v1/public/complaints/([^/]+))", "public_complaint", [this](const HttpRequest& req) {
            // Anyone may ask, so each address may ask about once a second: guessing codes
            // (sequence_permutation.hpp) stays hopeless.
            if (const auto wait = lookup_limiter.acquire(client_of(req), Clock::now()); wait > Clock::duration::zero())
                return too_many_requests(wait, "error.rate_limited", req.lang());
            Answer a = complaints.lookup(req.matches[1], req.lang());
            a.headers.emplace_back("Cache-Control", "no-store");
            return a;
        });
        add(verb::get, "/healthz", "healthz", [this](const HttpRequest&) {
            const auto n = store.submission_count();  // proves the store answers
            return Answer{200, nlohmann::json{{"status", "ok"}, {"submissions", n}}.dump(), {}};
        });
        add(verb::get, "/metrics", "metrics", [this](const HttpRequest&) {
            return Answer{200, metrics.render(committer.commits()), {{"Content-Type", "text/plain; version=0.0.4; charset=utf-8"}}};
        });
    }

    // The dashboard's pages, scripts and styles (assets/dashboard/web), for a GET that names no
    // route. The pages read everything through the API; nothing here is secret.
    std::optional<Answer> dashboard_file(const HttpRequest& req) const {
        if (options.dashboard_dir.empty()) return std::nullopt;
        std::string path = req.path;
        if (path.empty() || path.front() != '/' || path.find("..") != std::string::npos || path.find('\\') != std::string::npos ||
            path.find('\0') != std::string::npos)
            return std::nullopt;
        if (path.back() == '/') path += "index.html";
        const std::filesystem::path file = std::filesystem::path(options.dashboard_dir) / path.substr(1);
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
        std::ifstream in(file, std::ios::binary);
        std::ostringstream content;
        content << in.rdbuf();
        if (!in) return std::nullopt;
        return Answer{200, std::move(content).str(),
                      {{"Content-Type", std::string(mime_type(path))},
                       {"Cache-Control", "no-cache"},
                       {"X-Content-Type-Options", "nosniff"},
                       {"X-Frame-Options", "DENY"},
                       {"Referrer-Policy", "no-referrer"},
                       {"Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"}}};
    }

    Answer not_found(const HttpRequest& req) const {
        return error_answer(404, {std::string(error_code::not_found), "", Message("error.http.not_found", {{"path", req.path}})}, req.lang());
    }

    // Sends its answer to the connection's strand: `produce` runs there, guarded.
    using Reply = std::function<void(std::function<Answer()> produce)>;

    // Routes one request. `reply` is called exactly once, from any thread. Returns the route name.
    std::string dispatch(const std::shared_ptr<HttpRequest>& req, const Reply& reply) {
        // HEAD is answered as GET, without the body (Session::write).
        const http::verb method = req->message.method() == http::verb::head ? http::verb::get : req->message.method();
        const Route* route = nullptr;
        if (const auto it = exact_routes.find(std::make_pair(method, req->path)); it != exact_routes.end()) {
            route = &it->second;
        } else {
            for (const auto& [text, r] : pattern_routes) {
                std::smatch m;
                if (r.method == method && std::regex_match(req->path, m, *r.pattern)) {
                    for (const auto& group : m) req->matches.push_back(group.str());
                    route = &r;
                    break;
                }
            }
        }
        if (route == nullptr) {
            if (method == http::verb::get && !options.dashboard_dir.empty()) {
                asio::post(workers, [this, req, reply] {
                    auto file = dashboard_file(*req);
                    Answer a = file ? std::move(*file) : not_found(*req);
                    reply([a = std::move(a)] { return a; });
                });
                return "dashboard";
            }
            reply([this, req] { return not_found(*req); });
            return "other";
        }
        // A form-encoded body (curl's default for --data) that is not JSON: say what is wrong
        // with it rather than that it is not JSON.
        if (req->message.method() == http::verb::post && !req->body().empty() &&
            req->header("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0 && !nlohmann::json::accept(req->body())) {
            reply([req] { return error_answer(415, {"unsupported_media_type", "", Message("error.http.content_type")}, req->lang()); });
            return route->name;
        }
        if (!route->handler) {  // POST /api/v1/submissions
            if (store.reads_wait_on_network()) {
                asio::post(workers, [this, req, reply] { ingest_async(req, reply); });
            } else {
                ingest_async(req, reply);
            }
            return route->name;
        }
        asio::post(workers, [this, req, reply, route] {
            Answer a = guarded(req->path, req->lang(), [&] { return route->handler(*req); });
            reply([a = std::move(a)] { return a; });
        });
        return route->name;
    }

    // The ingest route: the checks (token, rate, body) on the event loop, in microseconds with
    // SQLite (on a worker when the token look-up is a round trip to PostgreSQL); the commit on the
    // group commit's writer thread; the answer back on the connection's strand.
    void ingest_async(const std::shared_ptr<HttpRequest>& req, const Reply& reply) {
        const std::string lang = req->lang();
        std::shared_ptr<IngestService::Checked> batch;
        Answer refused = guarded(req->path, lang, [&] {
            auto checked = ingest.check(req->header("Authorization"), req->body(), lang);
            if (auto* a = std::get_if<Answer>(&checked)) return std::move(*a);
            batch = std::make_shared<IngestService::Checked>(std::move(std::get<IngestService::Checked>(checked)));
            return Answer{};
        });
        if (!batch) {
            reply([a = std::move(refused)] { return a; });
            return;
        }
        std::vector<IngestItem> items = std::move(batch->items);
        committer.ingest_async(std::move(items), [this, batch, req, lang, reply](std::vector<IngestOutcome> outcomes, std::exception_ptr error) {
            auto result = std::make_shared<std::vector<IngestOutcome>>(std::move(outcomes));
            reply([this, batch, result, error, lang] {
                if (error) std::rethrow_exception(error);
                return ingest.answer(*batch, *result, lang);
            });
        });
    }

    void log_request(const HttpRequest& req, std::string_view route, int status, Clock::time_point started) {
        const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
        metrics.observe_request(route, status, seconds);
        // One JSON line per request. Never the Authorization or Cookie header, the body or the
        // query: they carry tokens, passwords, comments and phone numbers.
        const std::string method(req.message.method_string());
        std::fprintf(stderr, "{\"ts\":\"%s\",\"method\":\"%s\",\"route\":\"%.*s\",\"status\":%d,\"ms\":%.3f,\"remote\":%s}\n",
                     format_rfc3339(system_now()).c_str(), method.c_str(), static_cast<int>(route.size()), route.data(), status,
                     seconds * 1000, nlohmann::json(client_of(req)).dump().c_str());  // quoted: a forwarded address is the proxy's text
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
        req.path = parser_->is_header_done() ? std::string(parser_->get().target()) : std::string();
        req.remote_addr = remote_;
        const std::string lang = parser_->is_header_done() ? Translator::pick_language(std::string(parser_->get()[http::field::accept_language]), "en")
                                                           : std::string("en");
        const Answer a = server_.protocol_error(ec, lang);
        keep_alive_ = false;
        write(a, std::make_shared<HttpRequest>(std::move(req)), "other");
    }

    void on_request() {
        auto req = std::make_shared<HttpRequest>();
        req->message = parser_->release();
        parser_.reset();
        const std::string_view target(req->message.target().data(), req->message.target().size());
        const auto q = target.find('?');
        req->path = percent_decode(target.substr(0, q), false);
        if (q != std::string_view::npos) req->params = parse_query(target.substr(q + 1));
        req->remote_addr = remote_;
        keep_alive_ = req->message.keep_alive();
        auto route = std::make_shared<std::string>();
        auto self = this->shared_from_this();
        // Keeps the event loop running (serve() from returning) until this request is answered,
        // however long its handler or commit takes after stop().
        auto work = std::make_shared<asio::executor_work_guard<asio::io_context::executor_type>>(server_.ioc.get_executor());
        *route = server_.dispatch(req, [self, req, route, work](std::function<Answer()> produce) {
            asio::post(self->stream_.get_executor(), [self, req, route, work, produce = std::move(produce)] {
                const Answer a = self->server_.guarded(req->path, req->lang(), produce);
                self->write(a, req, *route);
            });
        });
    }

    void write(const Answer& a, const std::shared_ptr<HttpRequest>& req, std::string route) {
        const unsigned version = req->message.version() == 0 ? 11 : req->message.version();
        auto res = std::make_shared<http::response<http::string_body>>(to_response(a, version, keep_alive_ && !server_.stopping));
        if (req->message.method() == http::verb::head && res->has_content_length()) {
            const auto length = res->body().size();
            res->body().clear();
            res->content_length(length);  // what a GET would get
        }
        server_.log_request(*req, route, a.status, started_);
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
            tls.use_certificate_chain_file(o.tls_cert);
            tls.use_private_key_file(o.tls_key, ssl::context::pem);
        } catch (const boost::system::system_error&) {
            throw MessageError(Message("server.option.tls_unreadable", {{"cert", o.tls_cert}, {"key", o.tls_key}}));
        }
    }
    if (std::error_code ec; !o.dashboard_dir.empty() && !std::filesystem::is_directory(o.dashboard_dir, ec))
        throw MessageError(Message("server.option.dashboard_missing", {{"dir", o.dashboard_dir}}));
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
    for (unsigned i = 1; i < n; ++i) loop.emplace_back([this] { impl_->ioc.run(); });
    impl_->ioc.run();
    for (auto& t : loop) t.join();
}

void HttpServer::stop() { impl_->stop(); }

}  // namespace hailong::server
