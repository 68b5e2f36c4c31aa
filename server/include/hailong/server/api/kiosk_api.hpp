#pragma once
// The kiosk's other two endpoints, without HTTP:
//   GET  /api/v1/kiosk/config     the survey, the department, its officers and services; with an
//                                 ETag, so a kiosk polling every minute mostly gets 304;
//   POST /api/v1/kiosk/heartbeat  {"app_version", "queue_depth", "last_error", "clock"}, stored
//                                 for the fleet view (online, queue, version, errors, clock drift).
//   GET  /api/v1/kiosk/dossiers/{code}  what the server knows of a dossier code the citizen
//                                 gave: its department, procedure, stage and the stages rated.
// All three count against a per-kiosk rate limit of their own (429 with Retry-After over it): a kiosk
// asks about twice a minute, and a heartbeat is a write to the store.
// Thread safety: both may be called from any number of threads at once.

#include <string_view>

#include "hailong/server/api/answer.hpp"

namespace hailong::server {

class KioskApi {
public:
    /// `store` must outlive the API; `clock` gives the server's time for heartbeats. `limiter`
    /// (optional; must outlive the API) limits both endpoints together, per kiosk.
    KioskApi(Store& store, Now clock, RateLimiter* limiter = nullptr);

    /// 200 with the configuration and an ETag header, 304 (empty body) if `if_none_match` is
    /// that ETag, 401 as for ingest, 429 over the kiosk's limit.
    Answer config(std::string_view authorization, std::string_view if_none_match, std::string_view lang);

    /// 204 when stored; 400 naming the field for a bad body; 401 as for ingest; 429 over the
    /// kiosk's limit.
    Answer heartbeat(std::string_view authorization, std::string_view body, std::string_view lang);

    /// 200 {"dossier", "known": true, "department", "service", "stage", "rated"} or
    /// {"dossier", "known": false}; 400 (field "dossier") for a code that is not a code; 401 and
    /// 429 as above. The code is only ever a value compared in the store.
    Answer dossier(std::string_view authorization, std::string_view code, std::string_view lang);

private:
    /// The kiosk of `authorization` within its limit, or the 401 or 429 answer.
    std::variant<Kiosk, Answer> admit(std::string_view authorization, std::string_view lang);

    Store& store_;
    Now clock_;
    RateLimiter* limiter_;
};

}  // namespace hailong::server
