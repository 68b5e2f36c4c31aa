#include "hailong/server/api/auth_service.hpp"

#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "hailong/server/store/credentials.hpp"
#include "hailong/submission_codec.hpp"
#include "store_fixtures.hpp"

using namespace hailong;
using namespace hailong::server;

namespace {
struct Fixture {
    test::SqliteBackend backend;
    Instant now = parse_rfc3339("2026-11-20T08:00:00+07:00")->instant;
    RateLimiter::Clock::time_point steady_now{};  // the sign-in limits' clock, moved by hand
    AuthService auth{backend.store, [this] { return now; }, [this] { return steady_now; }};
    std::string api_token = generate_token("hlu");
    Fixture() {
        test::seed_organisation(backend.store);
        backend.store.add_user({"truong.phong", Role::manager, {"SCT"}, false}, hash_token(api_token),
                               hash_password("mật khẩu đủ dài"));
    }
    Answer login(const std::string& name, const std::string& password, const std::string& from = "10.0.0.1") {
        return auth.login(nlohmann::json{{"name", name}, {"password", password}}.dump(), from, "en");
    }
    /// Signs the manager in and returns what the browser then sends back ("hailong_session=...").
    std::string session(const std::string& from = "10.0.0.1") {
        const Answer ok = login("truong.phong", "mật khẩu đủ dài", from);
        REQUIRE(ok.status == 200);
        const std::string cookie = test::header_of(ok, "Set-Cookie");
        return cookie.substr(0, cookie.find(';'));
    }
};
}  // namespace

TEST_CASE("login gives a session cookie that /me accepts until it expires or the user signs out", "[auth]") {
    Fixture f;
    const Answer ok = f.login("truong.phong", "mật khẩu đủ dài");
    REQUIRE(ok.status == 200);
    CHECK(nlohmann::json::parse(ok.body) == nlohmann::json{{"name", "truong.phong"}, {"role", "manager"}, {"departments", {"SCT"}}, {"all_departments", false}});
    const std::string cookie = test::header_of(ok, "Set-Cookie");
    CHECK_THAT(cookie, Catch::StartsWith("hailong_session=hls_"));
    CHECK_THAT(cookie, Catch::Contains("; HttpOnly; Secure; SameSite=Strict"));
    CHECK_THAT(cookie, Catch::Contains("Max-Age=43200"));  // 12 hours
    const std::string sent = "theme=dark; " + cookie.substr(0, cookie.find(';'));

    CHECK(f.auth.me("", sent, "en").status == 200);
    f.now += std::chrono::hours{12};
    CHECK(f.auth.me("", sent, "en").status == 401);
    f.now -= std::chrono::hours{1};
    CHECK(f.auth.me("", sent, "en").status == 200);
    const Answer out = f.auth.logout(sent, "en");
    CHECK(out.status == 204);
    CHECK_THAT(test::header_of(out, "Set-Cookie"), Catch::Contains("Max-Age=0"));
    CHECK(f.auth.me("", sent, "en").status == 401);
}

TEST_CASE("a wrong password and an unknown name get the same answer", "[auth]") {
    Fixture f;
    const Answer wrong = f.login("truong.phong", "sai");
    const Answer unknown = f.login("khong.co", "sai", "10.0.0.2");
    CHECK(wrong.status == 401);
    CHECK(unknown.status == 401);
    CHECK(decode_error_body(wrong.body) == decode_error_body(unknown.body));
    CHECK(decode_error_body(wrong.body).message == "wrong name or password");
    CHECK(f.auth.login("{}", "10.0.0.3", "en").status == 400);
}

TEST_CASE("login attempts are limited per name and address", "[auth]") {
    Fixture f;
    for (int i = 0; i < 5; ++i) CHECK(f.login("truong.phong", "sai").status == 401);
    const Answer limited = f.login("truong.phong", "mật khẩu đủ dài");
    CHECK(limited.status == 429);
    CHECK(test::header_of(limited, "Retry-After") == "60");  // the bucket refills one try a minute
    // The same person from another address is not blocked by the attacker's tries.
    CHECK(f.login("truong.phong", "mật khẩu đủ dài", "10.9.9.9").status == 200);
    // A minute later, exactly one more try from the first address: a wrong one leaves it limited.
    f.steady_now += std::chrono::seconds{60};
    CHECK(f.login("truong.phong", "sai").status == 401);
    CHECK(f.login("truong.phong", "mật khẩu đủ dài").status == 429);
    // The right password, a minute on, clears the count: five wrong tries again before the limit.
    f.steady_now += std::chrono::seconds{60};
    CHECK(f.login("truong.phong", "mật khẩu đủ dài").status == 200);
    for (int i = 0; i < 5; ++i) CHECK(f.login("truong.phong", "sai").status == 401);
    CHECK(f.login("truong.phong", "mật khẩu đủ dài").status == 429);
}

TEST_CASE("signing in again and again with the right password meets no limit but the address's", "[auth]") {
    // Several tabs, a shared counter PC: the per-name limit is on guessing only. The address's
    // limit (30, then one every 2 s) still counts every attempt.
    Fixture f;
    for (int i = 0; i < 30; ++i) CHECK(f.login("truong.phong", "mật khẩu đủ dài").status == 200);
    CHECK(f.login("truong.phong", "mật khẩu đủ dài").status == 429);
}

TEST_CASE("user API tokens authenticate, kiosk tokens and revoked users do not", "[auth]") {
    Fixture f;
    CHECK(f.auth.me("Bearer " + f.api_token, "", "en").status == 200);
    CHECK(f.auth.me("Bearer hlu_wrong", "", "en").status == 401);
    CHECK(f.auth.me("", "", "en").status == 401);
    using Values = std::vector<std::string_view>;
    CHECK(cookie_values("a=1; hailong_session=abc; b=2", "hailong_session") == Values{"abc"});
    CHECK(cookie_values("hailong_session_x=1", "hailong_session").empty());
    CHECK(cookie_values("hailong_session=bogus; hailong_session=abc", "hailong_session") == Values{"bogus", "abc"});
}

TEST_CASE("of several session cookies the one that names a live session is used", "[auth]") {
    // A sibling site (another port or subdomain of the same host) can plant a cookie of the same
    // name for this host; the browser then sends both. The manager must not be locked out.
    Fixture f;
    const std::string mine = f.session();
    CHECK(f.auth.me("", "hailong_session=bogus; " + mine, "en").status == 200);
    CHECK(f.auth.me("", mine + "; hailong_session=bogus", "en").status == 200);
    CHECK(f.auth.me("", "hailong_session=bogus; hailong_session=also-bogus", "en").status == 401);
    // At most max_session_cookies are looked up: a header of many planted cookies is refused.
    std::string many;
    for (std::size_t i = 0; i < AuthService::max_session_cookies; ++i) many += "hailong_session=x" + std::to_string(i) + "; ";
    CHECK(f.auth.me("", many + mine, "en").status == 401);
}

TEST_CASE("a revoked user's token and sessions stop working at once", "[auth]") {
    Fixture f;
    const std::string session = f.session();
    REQUIRE(f.auth.me("", session, "en").status == 200);
    REQUIRE(f.auth.me("Bearer " + f.api_token, "", "en").status == 200);

    f.backend.store.revoke_user("truong.phong");
    CHECK(f.auth.me("", session, "en").status == 401);
    CHECK(f.auth.me("Bearer " + f.api_token, "", "en").status == 401);
    CHECK(f.login("truong.phong", "mật khẩu đủ dài", "10.0.0.8").status == 401);
    CHECK_THROWS_AS(f.backend.store.revoke_user("khong.co"), StoreError);
}

TEST_CASE("a new password ends the sessions signed in with the old one", "[auth]") {
    Fixture f;
    const std::string session = f.session();

    f.backend.store.set_user_password("truong.phong", hash_password("một mật khẩu mới"));
    CHECK(f.auth.me("", session, "en").status == 401);
    CHECK(f.login("truong.phong", "mật khẩu đủ dài", "10.0.0.8").status == 401);
    CHECK(f.login("truong.phong", "một mật khẩu mới", "10.0.0.8").status == 200);
    CHECK_THROWS_AS(f.backend.store.set_user_password("khong.co", hash_password("x")), StoreError);
}

TEST_CASE("ending a user's sessions signs them out everywhere and leaves their API token", "[auth]") {
    Fixture f;
    const std::vector<std::string> sessions = {f.session("10.0.0.1"), f.session("10.0.0.2")};
    CHECK(f.backend.store.end_user_sessions("truong.phong") == 2);
    for (const auto& s : sessions) CHECK(f.auth.me("", s, "en").status == 401);
    CHECK(f.auth.me("Bearer " + f.api_token, "", "en").status == 200);
    CHECK(f.backend.store.end_user_sessions("truong.phong") == 0);
    CHECK_THROWS_AS(f.backend.store.end_user_sessions("khong.co"), StoreError);
}

TEST_CASE("sign-in limits count an IPv6 client by its /64", "[auth]") {
    // 30 tries from one address are allowed, then one every 2 s: an attacker who steps through
    // the addresses of a /64 is still one client.
    Fixture f;
    for (int i = 0; i < 30; ++i) REQUIRE(f.login("khong.co." + std::to_string(i), "sai", "2001:db8:1:2::" + std::to_string(i + 1)).status == 401);
    CHECK(f.login("truong.phong", "mật khẩu đủ dài", "2001:db8:1:2:ffff::9").status == 429);
    CHECK(f.login("truong.phong", "mật khẩu đủ dài", "2001:db8:1:3::1").status == 200);
}

TEST_CASE("an integration token posts dossier events only: refused by every reader, never signs in", "[auth]") {
    Fixture f;
    const std::string token = generate_token("hlu");
    // Given a password behind hailong-admin's back: it still never signs in.
    f.backend.store.add_user({"mot.cua", Role::integration, {}, false}, hash_token(token), hash_password("mật khẩu đủ dài"));
    const std::string bearer = "Bearer " + token;
    CHECK(std::get<User>(f.auth.integration(bearer, "en")).name == "mot.cua");
    const auto reader = f.auth.reader(bearer, "", "en");
    REQUIRE(std::holds_alternative<Answer>(reader));
    CHECK(std::get<Answer>(reader).status == 403);
    CHECK(f.auth.me(bearer, "", "en").status == 403);
    CHECK(f.login("mot.cua", "mật khẩu đủ dài").status == 401);
    // The manager's token is no integration token; a reader as before.
    const auto manager = f.auth.integration("Bearer " + f.api_token, "en");
    REQUIRE(std::holds_alternative<Answer>(manager));
    CHECK(std::get<Answer>(manager).status == 403);
    CHECK(std::holds_alternative<User>(f.auth.reader("Bearer " + f.api_token, "", "en")));
    CHECK(std::get<Answer>(f.auth.integration("Bearer hlu_nope", "en")).status == 401);
}
