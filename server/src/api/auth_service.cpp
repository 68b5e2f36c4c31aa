#include "hailong/server/api/auth_service.hpp"

#include <cctype>

#include "hailong/json_reader.hpp"
#include "hailong/json_strict.hpp"
#include "hailong/server/store/credentials.hpp"

namespace hailong::server {
namespace {

using nlohmann::json;

std::string user_json(const User& u) {
    return json{{"name", u.name}, {"role", to_string(u.role)}, {"departments", u.departments}, {"all_departments", u.all_departments}}.dump();
}

std::string session_cookie(std::string_view token, long long max_age) {
    return std::string(AuthService::cookie_name) + "=" + std::string(token) + "; Path=/; Max-Age=" + std::to_string(max_age) +
           "; HttpOnly; Secure; SameSite=Strict";
}

Answer refused(std::string_view lang) {
    return error_answer(401, {std::string(error_code::unauthorized), "", Message("error.auth.user_required")}, lang);
}

}  // namespace

std::vector<std::string_view> cookie_values(std::string_view header, std::string_view name) {
    std::vector<std::string_view> values;
    while (!header.empty()) {
        const auto end = std::min(header.find(';'), header.size());
        auto pair = header.substr(0, end);
        while (!pair.empty() && (pair.front() == ' ' || pair.front() == '\t')) pair.remove_prefix(1);
        if (pair.size() > name.size() && pair.substr(0, name.size()) == name && pair[name.size()] == '=')
            values.push_back(pair.substr(name.size() + 1));
        header.remove_prefix(std::min(end + 1, header.size()));
    }
    return values;
}

AuthService::AuthService(SessionStore& store, Now clock, LimitClock limit_clock)
    : store_(store), clock_(std::move(clock)), limit_clock_(std::move(limit_clock)), per_name_(1.0 / 60, 5), per_address_(0.5, 30) {}

Answer AuthService::login(std::string_view body, std::string_view remote_address, std::string_view lang) {
    std::string name, password;
    try {
        const json doc = parse_strict_json(body);
        const JsonObjectReader r(doc, "");
        name = r.string_value(r.require("name"), "name");
        password = r.string_value(r.require("password"), "password");
    } catch (const InputError& e) {
        return error_answer(400, e.error(), lang);
    }
    std::string folded;
    for (const char c : name) folded.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    const auto now = limit_clock_();
    const std::string client = address_key(remote_address);
    const std::string name_key = folded + "|" + client;
    auto wait = per_address_.acquire(client, now);
    if (wait == RateLimiter::Clock::duration::zero()) wait = per_name_.acquire(name_key, now);
    if (wait > RateLimiter::Clock::duration::zero()) return too_many_requests(wait, "error.login.too_many", lang);

    // An unknown name costs the same argon2id check as a known one, so the answer time does not
    // tell an attacker which names exist.
    static const std::string dummy_hash = hash_password("hailong: no such user");
    const auto found = store_.user_for_login(name);
    // An integration account has no password (hailong-admin refuses one); should one have been
    // set by hand, it still never signs in.
    const bool ok = verify_password(found ? found->second : dummy_hash, password) && found.has_value() &&
                    found->first.role != Role::integration;
    if (!ok) return error_answer(401, {std::string(error_code::unauthorized), "", Message("error.login.failed")}, lang);
    // The right password clears the name's count: the limit is on guessing, and a person who signs
    // in again and again (several tabs, a shared counter PC) never meets it. The address's own
    // limit still counts every attempt.
    per_name_.forget(name_key);

    const std::string token = generate_token("hls");
    store_.create_session(hash_token(token), found->first.name, clock_() + session_lifetime);
    return {200, user_json(found->first),
            {{"Set-Cookie", session_cookie(token, std::chrono::duration_cast<std::chrono::seconds>(session_lifetime).count())},
             {"Cache-Control", "no-store"}}};
}

Answer AuthService::logout(std::string_view cookie_header, std::string_view /*lang*/) {
    for (const std::string_view token : cookie_values(cookie_header, cookie_name))
        if (!token.empty()) store_.delete_session(hash_token(token), clock_());
    return {204, "", {{"Set-Cookie", session_cookie("", 0)}}};
}

std::variant<User, Answer> AuthService::authenticate(std::string_view authorization, std::string_view cookie_header,
                                                     std::string_view lang) {
    if (const std::string_view token = bearer_token(authorization); !token.empty()) {
        auto user = store_.user_by_token_hash(hash_token(token));
        if (!user || user->revoked) return refused(lang);
        return std::move(*user);
    }
    // Of several session cookies (one may have been planted by a sibling site, which can set a
    // cookie for this host but cannot read ours), the first that names a live session counts.
    const auto tokens = cookie_values(cookie_header, cookie_name);
    for (std::size_t i = 0; i < tokens.size() && i < max_session_cookies; ++i) {
        if (tokens[i].empty()) continue;
        if (auto user = store_.session_user(hash_token(tokens[i]), clock_())) return std::move(*user);
    }
    return refused(lang);
}

std::variant<User, Answer> AuthService::reader(std::string_view authorization, std::string_view cookie_header, std::string_view lang) {
    auto who = authenticate(authorization, cookie_header, lang);
    if (const auto* user = std::get_if<User>(&who); user && user->role == Role::integration)
        return error_answer(403, {std::string(error_code::forbidden), "", Message("error.auth.integration_only")}, lang);
    return who;
}

std::variant<User, Answer> AuthService::integration(std::string_view authorization, std::string_view lang) {
    auto who = authenticate(authorization, "", lang);
    if (const auto* user = std::get_if<User>(&who); user && user->role != Role::integration)
        return error_answer(403, {std::string(error_code::forbidden), "", Message("error.auth.integration_required")}, lang);
    return who;
}

Answer AuthService::me(std::string_view authorization, std::string_view cookie_header, std::string_view lang) {
    auto who = reader(authorization, cookie_header, lang);
    if (auto* refusal = std::get_if<Answer>(&who)) return std::move(*refusal);
    return {200, user_json(std::get<User>(who)), {{"Cache-Control", "no-store"}}};
}

}  // namespace hailong::server
