#include "hailong/kiosk/curl_transport.hpp"

#include <algorithm>
#include <mutex>
#include <stdexcept>

#include <curl/curl.h>

#include "hailong/version.hpp"

namespace hailong::kiosk {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
    return s;
}

// The host part of "http://host:port/...", brackets kept for IPv6 ("[::1]").
std::string_view host_of(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return {};
    std::string_view rest = url.substr(scheme_end + 3);
    rest = rest.substr(0, rest.find('/'));
    if (!rest.empty() && rest.front() == '[') return rest.substr(0, rest.find(']') + 1);
    return rest.substr(0, rest.find(':'));
}

bool is_loopback_host(std::string_view host) {
    return host == "localhost" || host == "[::1]" || host.starts_with("127.");
}

TransportErrorKind kind_of(CURLcode code) {
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return TransportErrorKind::resolve;
    case CURLE_COULDNT_CONNECT:
        return TransportErrorKind::connect;
    case CURLE_OPERATION_TIMEDOUT:
        return TransportErrorKind::timeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
        return TransportErrorKind::tls;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_OUT_OF_MEMORY:
    case CURLE_FAILED_INIT:
    case CURLE_BAD_FUNCTION_ARGUMENT:
        return TransportErrorKind::setup;
    default:
        return TransportErrorKind::io;
    }
}

// An answer larger than this is not one of ours; stop reading rather than fill the memory.
constexpr std::size_t max_body_bytes = 16u << 20;

struct Collector {
    HttpResponse* response;
};

extern "C" std::size_t collect_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* c = static_cast<Collector*>(user);
    const std::size_t n = size * count;
    if (c->response->body.size() + n > max_body_bytes) return 0;  // libcurl then fails with CURLE_WRITE_ERROR
    c->response->body.append(data, n);
    return n;
}

extern "C" std::size_t collect_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* c = static_cast<Collector*>(user);
    const std::size_t n = size * count;
    const std::string_view line(data, n);
    // A status line starts a new header block: an interim "100 Continue" leaves only the final
    // answer's headers.
    if (line.starts_with("HTTP/")) {
        c->response->headers.clear();
    } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
        c->response->headers.emplace_back(std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
    }
    return n;
}

struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

void append(Slist& list, const std::string& line) {
    curl_slist* grown = curl_slist_append(list.get(), line.c_str());
    if (!grown) throw std::bad_alloc();
    (void)list.release();  // curl_slist_append returned the same list, now one longer
    list.reset(grown);
}

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (iequals(key, name)) return value;
    }
    return std::nullopt;
}

struct CurlTransport::Handle {
    CURL* easy = nullptr;
    char error[CURL_ERROR_SIZE] = {};
    ~Handle() {
        if (easy) curl_easy_cleanup(easy);
    }
};

CurlTransport::CurlTransport(CurlTransportOptions options) : options_(std::move(options)), handle_(std::make_unique<Handle>()) {
    while (options_.base_url.ends_with('/')) options_.base_url.pop_back();
    const bool https = options_.base_url.starts_with("https://");
    const bool loopback_http = options_.base_url.starts_with("http://") && is_loopback_host(host_of(options_.base_url));
    if ((!https && !loopback_http) || host_of(options_.base_url).empty()) {
        throw std::invalid_argument("server URL must be https://host[:port] (http:// only on loopback): " + options_.base_url);
    }
    if (!options_.ca_file.empty() && !std::filesystem::is_regular_file(options_.ca_file)) {
        throw std::invalid_argument("CA file not found: " + options_.ca_file.string());
    }
    if (options_.user_agent.empty()) options_.user_agent = "hailong-kiosk/" + std::string(hailong::version);

    // curl_global_init is not thread safe; do it once, before the first handle.
    static std::once_flag global;
    static CURLcode global_result = CURLE_OK;
    std::call_once(global, [] { global_result = curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (global_result != CURLE_OK) throw std::runtime_error(std::string("libcurl: ") + curl_easy_strerror(global_result));

    handle_->easy = curl_easy_init();
    if (!handle_->easy) throw std::runtime_error("libcurl: cannot create a handle");
    CURL* e = handle_->easy;
    auto check = [](CURLcode code) {
        if (code != CURLE_OK) throw std::runtime_error(std::string("libcurl: ") + curl_easy_strerror(code));
    };
    // Options that hold for every request; send() sets only what differs per request.
    check(curl_easy_setopt(e, CURLOPT_ERRORBUFFER, handle_->error));
    check(curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L));  // no SIGALRM for timeouts: we live in a thread
    check(curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, https ? "https" : "http"));
    check(curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L));
    check(curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1)));
    check(curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L));
    check(curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L));
    check(curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count())));
    check(curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count())));
    check(curl_easy_setopt(e, CURLOPT_USERAGENT, options_.user_agent.c_str()));
    check(curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L));
    check(curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L));
    if (!options_.ca_file.empty()) {
        check(curl_easy_setopt(e, CURLOPT_CAINFO, options_.ca_file.c_str()));
        // Without this, libcurl would also trust the compiled-in CA directory (/etc/ssl/certs).
        check(curl_easy_setopt(e, CURLOPT_CAPATH, nullptr));
    }
    check(curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, collect_body));
    check(curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, collect_header));
}

CurlTransport::~CurlTransport() = default;

HttpResponse CurlTransport::send(const HttpRequest& request) {
    HttpResponse response;
    CURL* e = handle_->easy;
    handle_->error[0] = '\0';
    Collector collector{&response};

    const std::string url = options_.base_url + request.path;
    Slist headers;
    CURLcode code = CURLE_OK;
    try {
        if (!options_.token.empty()) append(headers, "Authorization: Bearer " + options_.token);
        append(headers, "Accept: application/json");
        if (request.method != "GET") append(headers, "Content-Type: application/json");
        // libcurl would otherwise wait for "100 Continue" before sending a large body.
        append(headers, "Expect:");
        for (const auto& [name, value] : request.headers) append(headers, name + ": " + value);
    } catch (const std::bad_alloc&) {
        response.error = TransportError{TransportErrorKind::setup, "out of memory"};
        return response;
    }

    auto set = [&](CURLcode c) {
        if (code == CURLE_OK) code = c;
    };
    set(curl_easy_setopt(e, CURLOPT_URL, url.c_str()));
    set(curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers.get()));
    set(curl_easy_setopt(e, CURLOPT_WRITEDATA, &collector));
    set(curl_easy_setopt(e, CURLOPT_HEADERDATA, &collector));
    set(curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, nullptr));
    if (request.method == "GET") {
        set(curl_easy_setopt(e, CURLOPT_HTTPGET, 1L));
    } else {
        set(curl_easy_setopt(e, CURLOPT_POST, 1L));
        set(curl_easy_setopt(e, CURLOPT_POSTFIELDS, request.body.data()));
        set(curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size())));
        if (request.method != "POST") set(curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, request.method.c_str()));
    }
    if (code == CURLE_OK) code = curl_easy_perform(e);

    long connects = 0;
    if (curl_easy_getinfo(e, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK) connections_opened_ += connects;
    // The handle must not keep pointers into this call's locals.
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, nullptr);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, nullptr);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, nullptr);

    if (code != CURLE_OK) {
        std::string text = handle_->error[0] != '\0' ? std::string(handle_->error) : std::string(curl_easy_strerror(code));
        response = HttpResponse{};
        response.error = TransportError{kind_of(code), std::move(text)};
        return response;
    }
    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    return response;
}

}  // namespace hailong::kiosk
