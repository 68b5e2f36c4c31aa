#pragma once
// The error every hailong interface reports for bad input: a stable machine code, the path of the
// offending field, and a translatable sentence. On the wire (api-v1.md) it is
//   {"code": "...", "field": "submissions[2].department", "message": "..."}

#include <stdexcept>
#include <string>
#include <string_view>

#include "hailong/message.hpp"

namespace hailong {

/// Stable error codes of the wire contract. Clients branch on these, never on messages.
namespace error_code {
inline constexpr std::string_view invalid_json = "invalid_json";            ///< not parseable JSON
inline constexpr std::string_view invalid_shape = "invalid_shape";          ///< wrong type or structure
inline constexpr std::string_view missing_field = "missing_field";          ///< required field absent or null
inline constexpr std::string_view invalid_value = "invalid_value";          ///< right type, unacceptable value
inline constexpr std::string_view invalid_text = "invalid_text";            ///< bad UTF-8, control char
inline constexpr std::string_view too_long = "too_long";                    ///< text over its length limit
inline constexpr std::string_view batch_too_large = "batch_too_large";      ///< more than 500 submissions
inline constexpr std::string_view body_too_large = "body_too_large";        ///< request body over the byte limit
inline constexpr std::string_view unknown_department = "unknown_department";
inline constexpr std::string_view department_not_allowed = "department_not_allowed";  ///< not the kiosk's department
inline constexpr std::string_view duplicate_tracking_code = "duplicate_tracking_code";  ///< code held by another submission
inline constexpr std::string_view id_conflict = "id_conflict";              ///< the id belongs to another kiosk's submission
inline constexpr std::string_view tracking_code_not_yours = "tracking_code_not_yours";  ///< code of another kiosk's number
inline constexpr std::string_view in_future = "in_future";                  ///< created_at over 10 minutes ahead of the server
inline constexpr std::string_view too_old = "too_old";                      ///< created_at older than the server's horizon
inline constexpr std::string_view unauthorized = "unauthorized";            ///< missing, wrong or revoked token
inline constexpr std::string_view forbidden = "forbidden";                  ///< token valid, not for this
inline constexpr std::string_view rate_limited = "rate_limited";            ///< too many requests; see Retry-After
inline constexpr std::string_view not_found = "not_found";                  ///< no such endpoint or object
inline constexpr std::string_view unavailable = "unavailable";              ///< the store failed; retry later
inline constexpr std::string_view internal = "internal";                    ///< the server failed on this request (a fault, logged)
}  // namespace error_code

/// A rejected input: what was wrong (code, message) and where (field path, "" for the whole input).
struct FieldError {
    std::string code;
    std::string field;
    Message message;

    /// "field: message" in `lang` (just the message when the field is empty).
    [[nodiscard]] std::string describe(const Translator& translator, std::string_view lang) const {
        std::string text = translator.render(message, lang);
        return field.empty() ? text : field + ": " + text;
    }
    friend bool operator==(const FieldError&, const FieldError&) = default;
};

/// Thrown by the decoders for input that cannot be accepted. Carries the FieldError; what()
/// gives its English description for logs.
class InputError : public std::runtime_error {
public:
    explicit InputError(FieldError error)
        : std::runtime_error(error.describe(Translator::builtin(), "en")), error_(std::move(error)) {}
    [[nodiscard]] const FieldError& error() const { return error_; }

private:
    FieldError error_;
};

}  // namespace hailong
