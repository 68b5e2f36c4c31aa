#pragma once
// hailong-server's HTTP(S) front: routes the contract's endpoints to the HTTP-free services,
// writes JSON error bodies for everything HTTP itself refuses, logs one JSON line per request
// (never a token, comment or contact), and serves /healthz and /metrics.
//
// The library is Boost.Beast on an Asio event loop (one thread per core): no thread waits for a
// client, so connected kiosks cost a socket each, not a thread. The ingest route is checked on the
// loop and answered when its group commit is durable; every other route runs on a worker pool
// (`threads`), as it may wait on the store. TCP_NODELAY is always on: measured here with the
// previous library, Nagle's algorithm against delayed ACKs held each TLS answer about 35 ms.

#include <cstddef>
#include <memory>
#include <string>

#include "hailong/server/indices_service.hpp"
#include "hailong/server/store.hpp"

namespace hailong::server {

struct HttpOptions {
    std::string host = "127.0.0.1";
    int port = 8443;                   ///< 0: any free port (see HttpServer::port)
    std::string tls_cert, tls_key;     ///< PEM files; required unless plain_http
    bool plain_http = false;           ///< only for a reverse proxy on loopback
    std::size_t threads = 16;          ///< worker threads for the routes that wait on the store
    int keep_alive_seconds = 10;
    double kiosk_rate = 20;            ///< requests per second per kiosk (0: unlimited)
    double kiosk_burst = 100;
    IndicesSettings indices;           ///< suppression and shrinkage of GET /api/v1/indices
    std::string dashboard_dir;         ///< the dashboard's web files, served at /; empty: none
};

class HttpServer {
public:
    /// `store` must outlive the server. Throws MessageError for bad options (plain HTTP on a
    /// non-loopback address, no certificate, a certificate or key that cannot be loaded).
    HttpServer(Store& store, HttpOptions options);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds the listening socket. Returns false if the address cannot be bound.
    bool bind();
    /// The bound port (after bind()).
    [[nodiscard]] int port() const;
    /// Serves until stop(); requests under way finish before it returns. Then every accepted
    /// submission has been committed.
    void serve();
    /// Stops accepting; safe to call from any thread (a signal-watching thread, a test).
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace hailong::server
