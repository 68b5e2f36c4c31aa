#pragma once
// The real Transport: HTTPS to hailong-server through one libcurl easy handle.
//
// Security: the server's certificate is always verified (peer and host name); there is no option
// to turn that off. When `ca_file` is given, it is the ONLY trust anchor (the site's own CA, made
// when the server was set up): the system's CA store is not consulted, so a certificate from any
// public CA is refused. Plain http:// is accepted only for a loopback address (a reverse proxy on
// the same machine, or tests). Redirects are not followed. The bearer token is sent on every
// request and appears in no error text and no log.
//
// Performance: the handle is kept and reused, so consecutive requests share one keep-alive
// connection (and TLS session); TCP_NODELAY is set so a small request is not held back.
//
// Ownership and threads: owns its curl handle (RAII, released in the destructor); not copyable,
// not movable, not thread safe: one thread (the uploader's) uses it. Errors: the constructor
// throws std::invalid_argument for a base URL that is not https:// (or http:// on loopback) and
// std::runtime_error if libcurl cannot be set up; send() never throws for network failures (see
// transport.hpp).

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "hailong/kiosk/transport.hpp"

namespace hailong::kiosk {

struct CurlTransportOptions {
    std::string base_url;            ///< e.g. "https://10.20.0.5:8443" (a trailing '/' is ignored)
    std::string token;               ///< the kiosk's bearer token (hlk_...); empty sends none
    std::filesystem::path ca_file;   ///< PEM file of the server's CA; empty: the system's CA store
    std::chrono::milliseconds connect_timeout{10'000};  ///< TCP + TLS handshake
    std::chrono::milliseconds total_timeout{60'000};    ///< the whole exchange
    std::string user_agent;          ///< empty: "hailong-kiosk/<version>"
};

class CurlTransport final : public Transport {
public:
    explicit CurlTransport(CurlTransportOptions options);
    ~CurlTransport() override;
    CurlTransport(const CurlTransport&) = delete;
    CurlTransport& operator=(const CurlTransport&) = delete;
    CurlTransport(CurlTransport&&) = delete;
    CurlTransport& operator=(CurlTransport&&) = delete;

    /// Blocks for at most total_timeout.
    HttpResponse send(const HttpRequest& request) override;

    /// Connections opened so far (a reused keep-alive connection does not count). For tests and
    /// the admin screen's diagnostics.
    [[nodiscard]] long connections_opened() const { return connections_opened_; }

private:
    struct Handle;
    CurlTransportOptions options_;
    std::unique_ptr<Handle> handle_;
    long connections_opened_ = 0;
};

}  // namespace hailong::kiosk
