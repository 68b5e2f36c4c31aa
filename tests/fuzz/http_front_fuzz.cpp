// Fuzz target: a raw HTTP/1.1 request through hailong-server's front, in process, to its answer
// (HttpServer::answer, http_server.hpp): the parser's limits, the target and query checks,
// routing by the route table, the dashboard's files, the browser checks, every handler with the
// real services over a real SQLite store, and every error path. The input is the bytes a client
// sends on a connection; the seeds are a request for every route with the credentials the
// fixture below holds (kiosk token hlk_fuzz_kiosk, user tokens hlu_fuzz_admin, hlu_fuzz_manager,
// hlu_fuzz_analyst, a session cookie hailong_session=hls_fuzz_session, a complaint 223-2259-4 of
// kiosk number 1), and the attacks of tests/security/attack_suite.py.
//
// What must hold for any bytes (http_server.hpp's contract: no request can stop the server, and
// every answer is well formed):
//   - answer() returns, without a sanitizer report, an HTTP/1.x response with a 3-digit status;
//   - the status is never 500 (a fault in a handler) nor 503 (the store failed: it must not,
//     on a local file, whatever the request; an exception a handler let escape used to be one);
//   - every answer carries X-Content-Type-Options: nosniff, and every answer but a dashboard
//     file carries Cache-Control: no-store;
//   - an error body is the contract's JSON error object;
//   - no answer holds a byte of a file outside the dashboard: the store and its WAL, the
//     server's key, /etc/passwd (their telltale strings, unless the request itself held them:
//     an error may repeat a query parameter's name).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.hpp"
#include "hailong/server/store/credentials.hpp"
#include "hailong/server/http/http_server.hpp"
#include "hailong/server/store/sqlite_store.hpp"
#include "hailong/submission_codec.hpp"
#include "hailong/time.hpp"
#include "hailong/tracking_code.hpp"

namespace {

namespace fs = std::filesystem;
using namespace hailong;
using namespace hailong::server;

// One site for the whole run: a store on a RAM disk where there is one (a commit's fsync would
// otherwise set the pace), seeded once, and the front over it.
class Site {
public:
    Site() {
        std::string base = fs::is_directory("/dev/shm") ? "/dev/shm/hailong-http-fuzz-XXXXXX" : "/tmp/hailong-http-fuzz-XXXXXX";
        if (!mkdtemp(base.data())) fail("cannot make the fuzzing site's directory", base);
        dir_ = base;
        store_ = std::make_unique<SqliteStore>(dir_);
        store_->import_organisation({{"SCT", "Sở Công Thương"}, {"STP", "Sở Tư pháp"}},
                                    {{"SCT-001", "Nguyễn Văn An", "SCT"}, {"STP-001", "Lê Văn Cường", "STP"}}, history_start);
        store_->add_kiosk({"K-SCT-01", "SCT", false, 0}, hash_token("hlk_fuzz_kiosk"));  // number 1
        store_->add_user({"quan.tri", Role::admin, {}, false}, hash_token("hlu_fuzz_admin"), std::nullopt);
        store_->add_user({"lanh.dao", Role::manager, {"SCT"}, false}, hash_token("hlu_fuzz_manager"), std::nullopt);
        store_->add_user({"phan.tich", Role::analyst, {}, false}, hash_token("hlu_fuzz_analyst"), std::nullopt);
        keep_session();
        Submission s;
        s.id = *Uuid::parse("0192f0c0-0000-7000-8000-000000000001");
        s.created_at = Timestamp{now_instant(), std::chrono::minutes{420}};
        s.department = "SCT";
        s.rating = Rating{3, 1};
        s.comment = "Chờ lâu";
        s.tracking_code = tracking_code::make(1, 100);  // 223-2259-4, as the seeds spell it
        store_->ingest({{"K-SCT-01", s, s.created_at.instant}});
        HttpOptions options;
        options.plain_http = true;  // no socket: answer() takes the bytes
        options.threads = 2;
        options.dashboard_dir = HAILONG_SOURCE_DASHBOARD_DIR;
        front_ = std::make_unique<HttpServer>(*store_, options);
        secrets_ = {"SQLite format 3", "root:x:0:0", "PRIVATE KEY"};
    }
    ~Site() {
        front_.reset();
        store_.reset();
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    Site(const Site&) = delete;
    Site& operator=(const Site&) = delete;

    HttpServer& front() { return *front_; }

    /// The seeds' session, again if an input signed it out (POST /api/v1/logout ends it), so
    /// that every input meets the same site.
    void keep_session() {
        if (!store_->session_user(session_hash_, now_instant())) store_->create_session(session_hash_, "lanh.dao", now_instant() + std::chrono::hours{24 * 3650});
    }
    const std::vector<std::string>& secrets() const { return secrets_; }

private:
    static Instant now_instant() {
        return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    }
    [[noreturn]] static void fail(std::string_view what, std::string_view detail) { hailong::fuzz::fail(what, detail); }

    fs::path dir_;
    const std::string session_hash_ = hash_token("hls_fuzz_session");
    std::unique_ptr<SqliteStore> store_;
    std::unique_ptr<HttpServer> front_;
    std::vector<std::string> secrets_;
};

Site& site() {
    static Site s;
    return s;
}

std::string header_value(std::string_view head, std::string_view name) {
    // Header names as the front writes them (Beast keeps the case it was given).
    const std::string needle = "\r\n" + std::string(name) + ": ";
    const auto at = head.find(needle);
    if (at == std::string_view::npos) return {};
    const auto start = at + needle.size();
    return std::string(head.substr(start, head.find("\r\n", start) - start));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Site& s = site();
    s.keep_session();
    const std::string response = s.front().answer(std::string_view(reinterpret_cast<const char*>(data), size));

    // HAILONG_FUZZ_TRACE=1 prints each answer's status line: to see what a new seed reaches.
    static const bool trace = std::getenv("HAILONG_FUZZ_TRACE") != nullptr;
    if (trace) std::fprintf(stderr, "answer: %s\n", response.substr(0, response.find("\r\n")).c_str());
    // The version of the request's (HTTP/1.0 or 1.1), or 1.1 for one that could not be read.
    HAILONG_FUZZ_CHECK((response.rfind("HTTP/1.1 ", 0) == 0 || response.rfind("HTTP/1.0 ", 0) == 0) && response.size() >= 12,
                       response.substr(0, 80));
    const int status = std::atoi(response.substr(9, 3).c_str());
    HAILONG_FUZZ_CHECK(status >= 100 && status <= 599, response.substr(0, 80));
    const auto head_end = response.find("\r\n\r\n");
    HAILONG_FUZZ_CHECK(head_end != std::string::npos, response.substr(0, 200));
    const std::string_view head(response.data(), head_end);
    const std::string_view body(response.data() + head_end + 4, response.size() - head_end - 4);
    HAILONG_FUZZ_CHECK(status != 500 && status != 503, response.substr(0, 400));
    HAILONG_FUZZ_CHECK(header_value(head, "X-Content-Type-Options") == "nosniff", std::string(head));
    const bool dashboard_file = status == 200 && header_value(head, "Cache-Control") == "no-cache";
    HAILONG_FUZZ_CHECK(dashboard_file || header_value(head, "Cache-Control") == "no-store", std::string(head));
    if (status >= 400 && !body.empty()) {
        bool ok = false;
        try {
            const WireError e = decode_error_body(body);
            ok = !e.code.empty() && !e.message.empty();
        } catch (const std::exception&) {
        }
        HAILONG_FUZZ_CHECK(ok, std::string(body.substr(0, 200)));
    }
    // A secret the request itself carries may come back in an error that repeats the request
    // (a query parameter's name); only one it did not carry would be a leak.
    const std::string_view request(reinterpret_cast<const char*>(data), size);
    for (const std::string& secret : s.secrets())
        HAILONG_FUZZ_CHECK(request.find(secret) != std::string_view::npos || body.find(secret) == std::string_view::npos, secret);
    return 0;
}
