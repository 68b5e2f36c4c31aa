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
//
// Hostile input: the routes are route_table.hpp's; a path or query that is not clean UTF-8 text
// is a 400 naming it; the dashboard's files are only those read at start-up (static_files.hpp);
// a browser's state-changing request must be same-origin JSON; every handler runs guarded (503
// for a store failure, 500 for anything else, one log line), and the event loop's threads and
// the worker pool outlive any exception. docs/security.md has the whole threat model.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "hailong/server/api/ingest_service.hpp"
#include "hailong/server/api/request_scope.hpp"
#include "hailong/server/store/store.hpp"

namespace hailong::server {

struct HttpOptions {
    std::string host = "127.0.0.1";
    int port = 8443;                   ///< 0: any free port (see HttpServer::port)
    std::string tls_cert, tls_key;     ///< PEM files; required unless plain_http
    bool plain_http = false;           ///< only for a reverse proxy on loopback
    std::size_t threads = 16;          ///< worker threads for the routes that wait on the store
    int keep_alive_seconds = 10;
    double kiosk_rate = 20;            ///< ingest requests per second per kiosk (0: unlimited)
    double kiosk_burst = 100;
    double kiosk_control_rate = 0.5;   ///< configuration and heartbeat requests per second per kiosk
    double kiosk_control_burst = 20;   ///< (a kiosk sends about two a minute)
    DateWindow date_window;            ///< which created_at ingest believes
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

    /// Answers one raw HTTP/1.1 request (the bytes a client would send on a connection) exactly
    /// as the front does on a socket: parsing, routing, every check, the handler, the headers.
    /// Returns the response's bytes. For the fuzzing harness (tests/fuzz/http_front_fuzz.cpp)
    /// and tests; needs no bind() and no serve(). Thread safe; blocks until the answer is made.
    std::string answer(std::string_view raw_request, const std::string& remote_address = "127.0.0.1");

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace hailong::server
