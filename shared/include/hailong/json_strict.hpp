#pragma once
// Strict JSON parsing for everything hailong accepts from outside.
//
// nlohmann_json alone accepts a repeated key (the last one silently wins) and any depth. Here a
// repeated key, nesting beyond a limit and text that is not UTF-8 are errors that name where they
// occur, because a silently dropped value is a silently wrong rating.

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

namespace hailong {

struct JsonLimits {
    std::size_t max_depth = 16;  ///< objects and arrays nested at most this deep
};

/// Parses `text` as one JSON value. Throws InputError with code invalid_json: for bytes that are
/// not UTF-8 (with the byte offset), syntax errors (with the byte offset), a key that appears twice
/// in one object or nesting beyond `limits.max_depth` (both with the field path).
nlohmann::json parse_strict_json(std::string_view text, const JsonLimits& limits = {});

}  // namespace hailong
