#pragma once
// Field-by-field reading of JSON objects from outside, for every decoder of the wire contract.
// Each check throws InputError naming the member's full path ("submissions[2].rating.value") and
// a translatable reason. Absent and null mean the same: "not given".

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "hailong/field_error.hpp"
#include "hailong/text.hpp"

namespace hailong {

/// Throws InputError{code, field, Message(key, params)}.
[[noreturn]] void reject(std::string_view code, std::string field, std::string key,
                         std::vector<std::pair<std::string, std::string>> params = {});

/// Reads one JSON object. Holds a reference: `object` must outlive the reader. Not thread safe
/// (no state changes, but keep one per thread anyway).
class JsonObjectReader {
public:
    using Params = std::vector<std::pair<std::string, std::string>>;

    /// Throws InputError (invalid_shape) if `object` is not a JSON object. `path` is the object's
    /// own path, "" for the top level.
    JsonObjectReader(const nlohmann::json& object, std::string path);

    /// The path of a member: "rating" + "value" -> "rating.value".
    [[nodiscard]] std::string path(std::string_view key) const;
    /// The member, or nullptr if absent or null.
    [[nodiscard]] const nlohmann::json* get(std::string_view key) const;
    /// The member; missing_field if absent or null.
    [[nodiscard]] const nlohmann::json& require(std::string_view key) const;
    /// `v` as a string; invalid_shape otherwise. `key` names it in the error.
    [[nodiscard]] const std::string& string_value(const nlohmann::json& v, std::string_view key) const;
    /// A code member (is_valid_code), or nullopt if not given.
    [[nodiscard]] std::optional<std::string> optional_code(std::string_view key) const;
    [[nodiscard]] std::string required_code(std::string_view key) const;
    /// A free-text member checked and normalised by normalize_text, or nullopt if not given.
    [[nodiscard]] std::optional<std::string> optional_text(std::string_view key, const TextRules& rules) const;
    /// A JSON integer (never 2.0 or "2") in min..max; invalid_value with `range_key` otherwise.
    [[nodiscard]] int integer_in(const nlohmann::json& v, const std::string& field, int min, int max,
                                 const std::string& range_key, Params params) const;

    static std::string checked_code(const nlohmann::json& v, const std::string& field);
    static std::string checked_text(const std::string& s, const TextRules& rules, const std::string& field);

private:
    const nlohmann::json& object_;
    std::string path_;
};

}  // namespace hailong
