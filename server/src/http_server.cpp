#include "hailong/server/http_server.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <regex>
#include <variant>

#include <httplib.h>
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

using Clock = std::chrono::steady_clock;

Instant system_now() { return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now()); }

bool is_loopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

std::string lang_of(const httplib::Request& req) {
    return Translator::pick_language(req.get_header_value("Accept-Language"), "en");
}

// The JSON answers say their charset, which also keeps cpp-httplib from compressing them with
// Brotli at its slowest setting (it compresses only the bare "application/json" and text/*).
void send(httplib::Response& res, const Answer& a) {
    res.status = a.status;
    std::string content_type = "application/json; charset=utf-8";
    for (const auto& [k, v] : a.headers) {
        if (k == "Content-Type") {
            content_type = v;
        } else {
            res.set_header(k, v);
        }
    }
    if (!a.body.empty()) res.set_content(a.body, content_type);
}

QueryParams query_of(const httplib::Request& req) {
    QueryParams params;
    for (const auto& [k, v] : req.params) params.emplace_back(k, v);
    return params;
}

thread_local Clock::time_point request_started;

}  // namespace

struct HttpServer::Impl {
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
    std::unique_ptr<httplib::Server> http;
    // The name each route is counted and logged under: a fixed set, so /metrics stays bounded
    // however many odd paths clients try. Filled by add().
    std::map<std::string, std::string, std::less<>> route_names;
    std::vector<std::pair<std::regex, std::string>> pattern_names;  // routes with a path parameter
    int bound_port = 0;

    Impl(Store& s, HttpOptions o)
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
          dashboard(store, system_now) {}

    // The client's address for the per-address limits and the log. Plain HTTP is only served to a
    // reverse proxy on loopback (HttpServer refuses anything else), so there every request comes
    // from the proxy: the client is the last address the proxy appended to X-Forwarded-For (nginx:
    // proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for). Over TLS the header is the
    // client's own word and is ignored.
    std::string client_of(const httplib::Request& req) const {
        if (!options.plain_http) return req.remote_addr;
        const std::string forwarded = req.get_header_value("X-Forwarded-For");
        const auto comma = forwarded.rfind(',');
        std::string last = comma == std::string::npos ? forwarded : forwarded.substr(comma + 1);
        last.erase(0, last.find_first_not_of(" \t"));
        last.erase(last.find_last_not_of(" \t") + 1);
        return last.empty() ? req.remote_addr : last;
    }

    using Handler = std::function<Answer(const httplib::Request&)>;
    // Registers a route: its handler runs guarded, and its path is counted under `name`.
    void add(const char* method, const std::string& path, const std::string& name, Handler handler) {
        if (path.find('(') != std::string::npos) {
            pattern_names.emplace_back(std::regex(path), name);
        } else {
            route_names.emplace(path, name);
        }
        auto run = [this, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
            guarded(req, res, [&] { return handler(req); });
        };
        if (std::string_view(method) == "GET") {
            http->Get(path, std::move(run));
        } else {
            http->Post(path, std::move(run));
        }
    }

    std::string_view route_of(const std::string& path) const {
        if (const auto it = route_names.find(path); it != route_names.end()) return it->second;
        for (const auto& [pattern, name] : pattern_names)
            if (std::regex_match(path, pattern)) return name;
        return "other";
    }

    // A handler for signed-in users: the user behind the bearer token or session cookie, or 401.
    Handler for_user(std::function<Answer(const User&, const httplib::Request&)> handler) {
        return [this, handler = std::move(handler)](const httplib::Request& req) {
            auto who = auth.authenticate(req.get_header_value("Authorization"), req.get_header_value("Cookie"), lang_of(req));
            if (auto* a = std::get_if<Answer>(&who)) return std::move(*a);
            return handler(std::get<User>(who), req);
        };
    }

    // Runs a handler, turning a store failure into 503 (the client retries; nothing was stored
    // that was not answered) instead of a dropped connection.
    template <class F>
    void guarded(const httplib::Request& req, httplib::Response& res, F&& handler) {
        try {
            send(res, handler());
        } catch (const std::exception& e) {
            metrics.count_store_error();
            std::fprintf(stderr, "{\"level\":\"error\",\"event\":\"store_failed\",\"path\":%s,\"error\":%s}\n",
                         nlohmann::json(req.path).dump().c_str(), nlohmann::json(e.what()).dump().c_str());
            Answer a = error_answer(503, {std::string(error_code::unavailable), "", Message("error.server.unavailable")}, lang_of(req));
            a.headers.emplace_back("Retry-After", "5");
            send(res, a);
        }
    }

    void routes() {
        add("POST", "/api/v1/submissions", "submissions", [this](const httplib::Request& req) {
            return ingest.handle(req.get_header_value("Authorization"), req.body, lang_of(req));
        });
        add("GET", "/api/v1/kiosk/config", "kiosk_config", [this](const httplib::Request& req) {
            return kiosk_api.config(req.get_header_value("Authorization"), req.get_header_value("If-None-Match"), lang_of(req));
        });
        add("POST", "/api/v1/kiosk/heartbeat", "kiosk_heartbeat", [this](const httplib::Request& req) {
            return kiosk_api.heartbeat(req.get_header_value("Authorization"), req.body, lang_of(req));
        });
        add("POST", "/api/v1/login", "login", [this](const httplib::Request& req) {
            return auth.login(req.body, client_of(req), lang_of(req));
        });
        add("POST", "/api/v1/logout", "logout", [this](const httplib::Request& req) {
            return auth.logout(req.get_header_value("Cookie"), lang_of(req));
        });
        add("GET", "/api/v1/me", "me", [this](const httplib::Request& req) {
            return auth.me(req.get_header_value("Authorization"), req.get_header_value("Cookie"), lang_of(req));
        });
        add("GET", "/api/v1/indices", "indices", for_user([this](const User& user, const httplib::Request& req) {
            return indices.indices(user, query_of(req), lang_of(req));
        }));
        add("GET", "/api/v1/indices/trend", "indices_trend", for_user([this](const User& user, const httplib::Request& req) {
            return indices.trend(user, query_of(req), lang_of(req));
        }));
        add("GET", "/api/v1/complaints", "complaints", for_user([this](const User& user, const httplib::Request& req) {
            return complaints_table(complaints, user, query_of(req), lang_of(req));  // JSON, or CSV with format=csv
        }));
        add("GET", "/api/v1/indicators", "indicators", for_user([this](const User& user, const httplib::Request& req) {
            return indicator_export.indicators(user, query_of(req), lang_of(req));
        }));
        add("GET", "/api/v1/reports/monthly", "reports_monthly", for_user([this](const User& user, const httplib::Request& req) {
            return reports.monthly(user, query_of(req), lang_of(req));
        }));
        add("GET", "/api/v1/fleet", "fleet", for_user([this](const User& user, const httplib::Request& req) {
            return dashboard.fleet(user, query_of(req), lang_of(req));
        }));
        add("GET", "/api/v1/submissions", "submissions_list", for_user([this](const User& user, const httplib::Request& req) {
            return dashboard.submissions(user, query_of(req), lang_of(req));
        }));
        add("GET", "/api/v1/organisation", "organisation", for_user([this](const User& user, const httplib::Request& req) {
            return dashboard.organisation(user, query_of(req), lang_of(req));
        }));
        add("GET", "/api/v1/alerts", "alerts", for_user([this](const User& user, const httplib::Request& req) {
            return dashboard.alerts(user, query_of(req), lang_of(req));
        }));
        add("GET", R"(/api/v1/complaints/([^/]+))", "complaint", for_user([this](const User& user, const httplib::Request& req) {
            return complaints.show(user, req.matches[1].str(), lang_of(req));
        }));
        add("POST", R"(/api/v1/complaints/([^/]+)/actions)", "complaint_actions",
            for_user([this](const User& user, const httplib::Request& req) {
                return complaints.act(user, req.matches[1].str(), req.body, lang_of(req));
            }));
        add("GET", R"(/api/v1/public/complaints/([^/]+))", "public_complaint", [this](const httplib::Request& req) {
            // Anyone may ask, so each address may ask about once a second: guessing codes
            // (sequence_permutation.hpp) stays hopeless.
            if (const auto wait = lookup_limiter.acquire(client_of(req), Clock::now()); wait > Clock::duration::zero())
                return too_many_requests(wait, "error.rate_limited", lang_of(req));
            Answer a = complaints.lookup(req.matches[1].str(), lang_of(req));
            a.headers.emplace_back("Cache-Control", "no-store");
            return a;
        });
        add("GET", "/healthz", "healthz", [this](const httplib::Request&) {
            const auto n = store.submission_count();  // proves the store answers
            return Answer{200, nlohmann::json{{"status", "ok"}, {"submissions", n}}.dump(), {}};
        });
        if (!options.dashboard_dir.empty()) {
            // The dashboard's pages, scripts and styles (assets/dashboard/web). The pages read
            // everything through the API above; nothing here is secret. Tried before the routes
            // for GET, so an /api/ path never names a file.
            const httplib::Headers headers = {{"Cache-Control", "no-cache"}, {"X-Content-Type-Options", "nosniff"},
                                              {"X-Frame-Options", "DENY"}, {"Referrer-Policy", "no-referrer"},
                                              {"Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"}};
            if (!http->set_mount_point("/", options.dashboard_dir, headers))
                throw MessageError(Message("server.option.dashboard_missing", {{"dir", options.dashboard_dir}}));
            // With a charset the types are not the bare ones cpp-httplib compresses on the fly,
            // with Brotli at its slowest setting: 1 s for Chart.js's 200 KB on this machine,
            // where sending it as it is takes a millisecond on a local network.
            http->set_file_extension_and_mimetype_mapping("js", "application/javascript; charset=utf-8");
            http->set_file_extension_and_mimetype_mapping("json", "application/json; charset=utf-8");
        }
        route_names.emplace("/metrics", "metrics");
        http->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
            res.set_content(metrics.render(committer.commits()), "text/plain; version=0.0.4; charset=utf-8");
        });

        http->set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
            request_started = Clock::now();
            return httplib::Server::HandlerResponse::Unhandled;
        });
        // Statuses that httplib sets itself (404, 413 over the payload limit, 400 unparsable
        // request) get the contract's JSON error body too.
        http->set_error_handler([](const httplib::Request& req, httplib::Response& res) {
            if (!res.body.empty()) return;
            const std::string lang = lang_of(req);
            switch (res.status) {
            case 404: send(res, error_answer(404, {std::string(error_code::not_found), "", Message("error.http.not_found", {{"path", req.path}})}, lang)); break;
            case 413:
                // cpp-httplib caps form-encoded bodies at 8 KiB and answers 413; the real mistake
                // is the content type (curl's default for --data), so say that.
                if (req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0 &&
                    std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10) <= IngestService::max_body_bytes) {
                    send(res, error_answer(415, {"unsupported_media_type", "", Message("error.http.content_type")}, lang));
                } else {
                    send(res, error_answer(413, {std::string(error_code::body_too_large), "", Message("error.http.too_large")}, lang));
                }
                break;
            default: send(res, error_answer(res.status, {"http_error", "", Message("error.http.bad_request")}, lang)); break;
            }
        });
        http->set_logger([this](const httplib::Request& req, const httplib::Response& res) {
            // route_names is complete before the server starts and never changes afterwards.
            const double seconds = std::chrono::duration<double>(Clock::now() - request_started).count();
            const auto route = route_of(req.path);
            metrics.observe_request(route, res.status, seconds);
            // One JSON line per request. Never the Authorization or Cookie header, the body or the
            // query: they carry tokens, passwords, comments and phone numbers.
            std::fprintf(stderr, "{\"ts\":\"%s\",\"method\":\"%s\",\"route\":\"%.*s\",\"status\":%d,\"ms\":%.3f,\"remote\":%s}\n",
                         format_rfc3339(system_now()).c_str(), req.method.c_str(), static_cast<int>(route.size()), route.data(),
                         res.status, seconds * 1000, nlohmann::json(client_of(req)).dump().c_str());  // quoted: a forwarded address is the proxy's text
        });
    }
};

HttpServer::HttpServer(Store& store, HttpOptions options) : impl_(std::make_unique<Impl>(store, std::move(options))) {
    const HttpOptions& o = impl_->options;
    if (o.plain_http) {
        if (!is_loopback(o.host)) throw MessageError(Message("server.option.plain_not_loopback", {{"host", o.host}}));
        impl_->http = std::make_unique<httplib::Server>();
    } else {
        if (o.tls_cert.empty() || o.tls_key.empty()) throw MessageError(Message("server.option.tls_required"));
        auto tls = std::make_unique<httplib::SSLServer>(o.tls_cert.c_str(), o.tls_key.c_str());
        if (!tls->is_valid())
            throw MessageError(Message("server.option.tls_unreadable", {{"cert", o.tls_cert}, {"key", o.tls_key}}));
        impl_->http = std::move(tls);
    }
    auto& http = *impl_->http;
    const std::size_t threads = o.threads;
    http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http.set_tcp_nodelay(true);
    http.set_keep_alive_max_count(100000);
    http.set_keep_alive_timeout(o.keep_alive_seconds);
    http.set_read_timeout(10);
    http.set_write_timeout(10);
    http.set_payload_max_length(IngestService::max_body_bytes);
    impl_->routes();
}

HttpServer::~HttpServer() = default;

bool HttpServer::bind() {
    if (impl_->options.port == 0) {
        impl_->bound_port = impl_->http->bind_to_any_port(impl_->options.host);
        return impl_->bound_port > 0;
    }
    impl_->bound_port = impl_->options.port;
    return impl_->http->bind_to_port(impl_->options.host, impl_->options.port);
}

int HttpServer::port() const { return impl_->bound_port; }

void HttpServer::serve() { impl_->http->listen_after_bind(); }

void HttpServer::stop() { impl_->http->stop(); }

}  // namespace hailong::server
