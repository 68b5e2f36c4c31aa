#pragma once
// What every request handler of the api wing shares: the Answer it returns (status, JSON or CSV
// body, extra headers), the query as it came, the clock, the error answers of api-v1.md and the
// kiosk's bearer token. A service includes this header, request_scope.hpp when it reads dates and
// a department, and the store; never another service's header.
//
// Thread safety: free functions over their arguments; authenticate_kiosk reads the store, which
// may be called from any thread.

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "hailong/field_error.hpp"
#include "hailong/message.hpp"
#include "hailong/server/api/rate_limiter.hpp"
#include "hailong/server/store/store.hpp"
#include "hailong/time.hpp"

namespace hailong::server {

/// Query parameters as they came, in order (a repeated name is an error).
using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// The server's clock as the services read it (tests pass a fixed one).
using Now = std::function<Instant()>;
/// The system clock, to microseconds: the Now of a running server.
Instant system_now();

/// When a submission's created_at, or a dossier event's `at`, is believable (api-v1.md,
/// created_at): a kiosk's clock may run a little ahead of the server's, and a kiosk offline for a
/// long time may send old ratings, but a rating dated years ahead or behind would move figures
/// and alerts it has no part in.
struct DateWindow {
    std::chrono::minutes max_ahead{10};  ///< later than the server's clock plus this: in_future
    std::chrono::days max_age{400};      ///< older than the server's clock minus this: too_old
};

/// An HTTP answer: status, JSON body and any extra headers.
struct Answer {
    int status = 200;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

/// Renders a whole-request error body in `lang`.
Answer error_answer(int status, const FieldError& error, std::string_view lang);
/// A 400 naming the field at fault.
Answer bad_request(std::string field, std::string_view code, Message message, std::string_view lang);
/// Reads query parameter `name` as a whole number from `min` to `max` into `out`; nullopt when it
/// is one, else the 400 naming it ("must be a whole number, at most {max}": the paging message).
std::optional<Answer> read_count(const std::string& name, const std::string& value, long long min, long long max, std::size_t& out,
                                 std::string_view lang);

/// The 429 answer for a request a RateLimiter refused: code rate_limited, the message `key` with
/// {seconds}, and Retry-After, both `wait` rounded up to whole seconds.
Answer too_many_requests(RateLimiter::Clock::duration wait, std::string key, std::string_view lang);

/// The kiosk an Authorization header names, or the 401 answer to send instead (missing, unknown
/// or revoked token).
std::variant<Kiosk, Answer> authenticate_kiosk(IngestStore& store, std::string_view authorization, std::string_view lang);

/// The bearer token in an Authorization header value ("Bearer <token>", scheme case-insensitive),
/// or empty if there is none.
std::string_view bearer_token(std::string_view authorization);

}  // namespace hailong::server
