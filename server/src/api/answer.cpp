#include "hailong/server/api/answer.hpp"

#include <cctype>
#include <chrono>
#include <cstdlib>

#include "hailong/server/store/credentials.hpp"
#include "hailong/submission_codec.hpp"

namespace hailong::server {

Instant system_now() { return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now()); }

Answer error_answer(int status, const FieldError& error, std::string_view lang) {
    return {status, encode_error_body(to_wire(error, Translator::builtin(), lang)), {}};
}

Answer bad_request(std::string field, std::string_view code, Message message, std::string_view lang) {
    return error_answer(400, {std::string(code), std::move(field), std::move(message)}, lang);
}

std::optional<Answer> read_count(const std::string& name, const std::string& value, long long min, long long max, std::size_t& out,
                                 std::string_view lang) {
    char* end = nullptr;
    const long long n = std::strtoll(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0' || n < min || n > max)
        return bad_request(name, error_code::invalid_value, Message("error.complaint.paging", {{"max", std::to_string(max)}}), lang);
    out = static_cast<std::size_t>(n);
    return std::nullopt;
}

Answer too_many_requests(RateLimiter::Clock::duration wait, std::string key, std::string_view lang) {
    const std::string seconds = std::to_string(std::chrono::ceil<std::chrono::seconds>(wait).count());
    Answer a = error_answer(429, {std::string(error_code::rate_limited), "", Message(std::move(key), {{"seconds", seconds}})}, lang);
    a.headers.emplace_back("Retry-After", seconds);
    return a;
}

std::string_view bearer_token(std::string_view authorization) {
    constexpr std::string_view scheme = "bearer ";
    if (authorization.size() <= scheme.size()) return {};
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(authorization[i])) != scheme[i]) return {};
    }
    auto token = authorization.substr(scheme.size());
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
    return token;
}

std::variant<Kiosk, Answer> authenticate_kiosk(IngestStore& store, std::string_view authorization, std::string_view lang) {
    const std::string_view token = bearer_token(authorization);
    if (token.empty())
        return error_answer(401, {std::string(error_code::unauthorized), "", Message("error.auth.missing")}, lang);
    auto kiosk = store.kiosk_by_token_hash(hash_token(token));
    if (!kiosk) return error_answer(401, {std::string(error_code::unauthorized), "", Message("error.auth.unknown")}, lang);
    if (kiosk->revoked)
        return error_answer(401, {std::string(error_code::unauthorized), "", Message("error.auth.kiosk_revoked", {{"kiosk", kiosk->id}})}, lang);
    return std::move(*kiosk);
}

}  // namespace hailong::server
