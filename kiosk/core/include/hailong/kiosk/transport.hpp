#pragma once
// The uploader's only way to the server: one method, one request, one answer (ODK Collect's
// model). CurlTransport (curl_transport.hpp) speaks HTTPS; tests put in a fake that answers from a
// script and records what it was asked, so every network situation can be tested without one.
//
// Contract of send(): it blocks until the server answered or the exchange failed, and never
// throws for anything the network or the server does: an answer of any status (200, 401, 503...)
// comes back as `status`, and a failure to get one (no route, refused, TLS, timeout) as `error`.
// The implementation adds what every request carries (base URL, bearer token, Content-Type);
// a request names only its own path, extra headers and body.
//
// Thread safety: an implementation need not be thread safe; the uploader calls it from its one
// worker thread only.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hailong::kiosk {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method = "GET";  ///< "GET" or "POST"
    std::string path;            ///< from the API root, e.g. "/api/v1/submissions"
    HttpHeaders headers;         ///< extra headers, e.g. {"If-None-Match", "\"ab12\""}
    std::string body;            ///< JSON for POST; empty for GET
};

/// Why no HTTP answer arrived. The uploader sorts them into "offline" (everything but tls) and
/// shows the kind on the admin screen; `text` is the library's technical description.
enum class TransportErrorKind {
    resolve,   ///< the server's name could not be resolved
    connect,   ///< no connection (refused, unreachable, no route)
    tls,       ///< the TLS handshake failed: certificate not signed by the pinned CA, wrong name...
    timeout,   ///< no complete answer within the configured time
    io,        ///< the connection broke while sending or receiving, or the answer was malformed
    setup,     ///< the request could not even be started (bad URL, out of memory)
};

struct TransportError {
    TransportErrorKind kind = TransportErrorKind::io;
    std::string text;  ///< technical, English, never contains the token; for logs and the admin screen
};

struct HttpResponse {
    int status = 0;        ///< HTTP status; 0 when `error` is set
    HttpHeaders headers;   ///< as received, names as the server wrote them
    std::string body;
    std::optional<TransportError> error;

    /// The first header named `name` (ASCII case-insensitive), e.g. "Retry-After", "ETag".
    [[nodiscard]] std::optional<std::string> header(std::string_view name) const;
};

class Transport {
public:
    virtual ~Transport() = default;
    /// Sends one request and waits for its answer (see the contract above). Blocks.
    virtual HttpResponse send(const HttpRequest& request) = 0;
};

}  // namespace hailong::kiosk
