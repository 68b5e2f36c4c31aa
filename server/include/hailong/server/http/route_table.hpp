#pragma once
// Every route hailong-server answers, as data: method, path pattern, the name it is counted and
// logged under, and who may call it. HttpServer binds one handler to each entry (and refuses to
// start if an entry has none or a handler has no entry); `hailong-server --routes` prints the
// table, and the authorisation matrix test (tests/security) fails when a route has no row there.
// Adding a route means adding it here first.
//
// A pattern segment "{}" matches one non-empty path segment (a tracking code, a dossier code); nothing else is a
// wildcard. Paths are matched after percent-decoding. GET routes also answer HEAD.

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace hailong::server {

enum class Access {
    anyone,  ///< no credentials (the public lookup, health, metrics, sign-in)
    kiosk,   ///< a kiosk's bearer token
    user,    ///< a user's bearer token or dashboard session; the service checks role and department
             ///< (an integration account's token is refused: 403)
    integration,  ///< an integration account's bearer token (the one-stop software)
};

struct RouteSpec {
    std::string_view method;  ///< "GET", "POST" or "PUT"
    std::string_view path;    ///< "/api/v1/complaints/{}"
    std::string_view name;    ///< a fixed set, so /metrics stays bounded
    Access access;
};

inline constexpr std::array<RouteSpec, 37> route_table{{
    {"POST", "/api/v1/submissions", "submissions", Access::kiosk},
    {"GET", "/api/v1/kiosk/config", "kiosk_config", Access::kiosk},
    {"POST", "/api/v1/kiosk/heartbeat", "kiosk_heartbeat", Access::kiosk},
    {"GET", "/api/v1/kiosk/dossiers/{}", "kiosk_dossier", Access::kiosk},
    {"POST", "/api/v1/dossiers", "dossiers", Access::integration},
    {"POST", "/api/v1/login", "login", Access::anyone},
    {"POST", "/api/v1/logout", "logout", Access::anyone},
    {"GET", "/api/v1/me", "me", Access::user},
    {"GET", "/api/v1/indices", "indices", Access::user},
    {"GET", "/api/v1/indices/trend", "indices_trend", Access::user},
    {"GET", "/api/v1/complaints", "complaints", Access::user},
    {"GET", "/api/v1/complaints/{}", "complaint", Access::user},
    {"POST", "/api/v1/complaints/{}/actions", "complaint_actions", Access::user},
    {"GET", "/api/v1/indicators", "indicators", Access::user},
    {"GET", "/api/v1/reports/monthly", "reports_monthly", Access::user},
    {"GET", "/api/v1/fleet", "fleet", Access::user},
    {"GET", "/api/v1/submissions", "submissions_list", Access::user},
    {"GET", "/api/v1/why", "why", Access::user},
    {"GET", "/api/v1/organisation", "organisation", Access::user},
    {"GET", "/api/v1/alerts", "alerts", Access::user},
    {"GET", "/api/v1/roster", "roster", Access::user},
    {"POST", "/api/v1/roster/corrections", "roster_corrections", Access::user},
    {"GET", "/api/v1/settings", "settings", Access::user},
    {"PUT", "/api/v1/settings", "settings_update", Access::user},
    {"GET", "/api/v1/settings/accounts", "accounts", Access::user},
    {"POST", "/api/v1/settings/users", "users_add", Access::user},
    {"POST", "/api/v1/settings/users/{}/password", "user_password", Access::user},
    {"POST", "/api/v1/settings/users/{}/revoke", "user_revoke", Access::user},
    {"POST", "/api/v1/settings/kiosks", "kiosks_add", Access::user},
    {"POST", "/api/v1/settings/kiosks/{}/token", "kiosk_token", Access::user},
    {"POST", "/api/v1/settings/kiosks/{}/revoke", "kiosk_revoke", Access::user},
    {"GET", "/api/v1/dossiers/unlinked", "dossiers_unlinked", Access::user},
    {"GET", "/api/v1/public/complaints/{}", "public_complaint", Access::anyone},
    {"GET", "/api/v1/public/results", "public_results", Access::anyone},
    {"GET", "/healthz", "healthz", Access::anyone},
    {"GET", "/metrics", "metrics", Access::anyone},
    {"GET", "/{dashboard file}", "dashboard", Access::anyone},
}};

/// True if `path` matches `pattern` (see above); the "{}" segments' values are appended to
/// `captures` in order. The dashboard's entry is not matched here: any GET no other route takes
/// goes to the dashboard's files.
bool match_route(std::string_view pattern, std::string_view path, std::vector<std::string>& captures);

std::string_view to_string(Access access);

}  // namespace hailong::server
