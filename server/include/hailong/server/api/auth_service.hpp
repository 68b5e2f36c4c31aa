#pragma once
// People signing in to the dashboard, without the HTTP:
//   POST /api/v1/login   {"name", "password"} -> 200 {"name", "role", "departments", "all_departments"} and a session
//                        cookie; 401 for a wrong name or password (never saying which); 429
//                        after too many attempts for one name from one address (a successful
//                        sign-in clears that count), or from one address
//                        (an address: IPv4, or an IPv6 /64, address_key())
//   POST /api/v1/logout  ends the session; 204
//   GET  /api/v1/me      who the request's session cookie or user bearer token belongs to
// The cookie (hailong_session) is HttpOnly, Secure and SameSite=Strict; its token has 256 random
// bits and is stored only as a hash, valid for `session_lifetime`.
// Thread safety: every method may be called from any number of threads at once.

#include <chrono>
#include <functional>
#include <string_view>
#include <variant>
#include <vector>

#include "hailong/server/api/answer.hpp"
#include "hailong/server/api/rate_limiter.hpp"

namespace hailong::server {

/// The values of every cookie named `name` in a Cookie header ("a=1; hailong_session=xyz"), in
/// the order sent; empty if there is none.
std::vector<std::string_view> cookie_values(std::string_view header, std::string_view name);

class AuthService {
public:
    static constexpr std::string_view cookie_name = "hailong_session";
    static constexpr std::chrono::hours session_lifetime{12};
    /// At most this many session cookies of one request are looked up (each is a store read).
    static constexpr std::size_t max_session_cookies = 4;

    /// The monotonic clock the sign-in limits count with.
    using LimitClock = std::function<RateLimiter::Clock::time_point()>;

    /// `store` must outlive the service; `clock` gives the time sessions are checked against,
    /// `limit_clock` the time the sign-in limits count with (tests pass fixed clocks: a limit
    /// measured on the real clock refills while the slow password hashes of the test run).
    AuthService(SessionStore& store, Now clock, LimitClock limit_clock = &RateLimiter::Clock::now);

    Answer login(std::string_view body, std::string_view remote_address, std::string_view lang);
    Answer logout(std::string_view cookie_header, std::string_view lang);
    Answer me(std::string_view authorization, std::string_view cookie_header, std::string_view lang);

    /// The user behind a user bearer token (API clients) or a session cookie (the dashboard), or
    /// the 401 answer to send instead.
    std::variant<User, Answer> authenticate(std::string_view authorization, std::string_view cookie_header,
                                            std::string_view lang);
    /// authenticate() for the routes that read (every user route but POST /api/v1/dossiers):
    /// an integration token is refused with 403, it only posts dossier events.
    std::variant<User, Answer> reader(std::string_view authorization, std::string_view cookie_header, std::string_view lang);
    /// The integration user behind a bearer token (never a session), for POST /api/v1/dossiers:
    /// 401 as authenticate(), 403 for any other role.
    std::variant<User, Answer> integration(std::string_view authorization, std::string_view lang);

private:
    SessionStore& store_;
    Now clock_;
    LimitClock limit_clock_;
    RateLimiter per_name_;     // one name from one address: 5 tries, then one a minute; cleared by the right password
    RateLimiter per_address_;  // one address, any names: 30 tries, then one every 2 s
};

}  // namespace hailong::server
