#include "hailong/json_reader.hpp"

namespace hailong {

using nlohmann::json;

void reject(std::string_view code, std::string field, std::string key, std::vector<std::pair<std::string, std::string>> params) {
    throw InputError(FieldError{std::string(code), std::move(field), Message(std::move(key), std::move(params))});
}

JsonObjectReader::JsonObjectReader(const json& object, std::string path) : object_(object), path_(std::move(path)) {
    if (!object_.is_object()) reject(error_code::invalid_shape, path_, "error.type.object");
}

std::string JsonObjectReader::path(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const json* JsonObjectReader::get(std::string_view key) const {
    const auto it = object_.find(key);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
}

const json& JsonObjectReader::require(std::string_view key) const {
    const json* v = get(key);
    if (!v) reject(error_code::missing_field, path(key), "error.missing");
    return *v;
}

const std::string& JsonObjectReader::string_value(const json& v, std::string_view key) const {
    if (!v.is_string()) reject(error_code::invalid_shape, path(key), "error.type.string");
    return v.get_ref<const std::string&>();
}

std::optional<std::string> JsonObjectReader::optional_code(std::string_view key) const {
    const json* v = get(key);
    if (!v) return std::nullopt;
    return checked_code(*v, path(key));
}

std::string JsonObjectReader::required_code(std::string_view key) const { return checked_code(require(key), path(key)); }

std::optional<std::string> JsonObjectReader::optional_text(std::string_view key, const TextRules& rules) const {
    const json* v = get(key);
    if (!v) return std::nullopt;
    return checked_text(string_value(*v, key), rules, path(key));
}

// Whole numbers only: 2.0 and 2e0 are floats in JSON terms and are refused, so that a client that
// sends fractional points learns it instead of having them truncated.
int JsonObjectReader::integer_in(const json& v, const std::string& field, int min, int max, const std::string& range_key,
                                 Params params) const {
    if (!v.is_number_integer()) reject(error_code::invalid_shape, field, "error.type.integer");
    std::int64_t n = 0;
    if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(max)) reject(error_code::invalid_value, field, range_key, std::move(params));
        n = static_cast<std::int64_t>(u);
    } else {
        n = v.get<std::int64_t>();
    }
    if (n < min || n > max) reject(error_code::invalid_value, field, range_key, std::move(params));
    return static_cast<int>(n);
}

std::string JsonObjectReader::checked_code(const json& v, const std::string& field) {
    if (!v.is_string()) reject(error_code::invalid_shape, field, "error.type.string");
    const auto& s = v.get_ref<const std::string&>();
    if (!is_valid_code(s)) reject(error_code::invalid_value, field, "error.code.format", {{"max", std::to_string(max_code_length)}});
    return s;
}

std::string JsonObjectReader::checked_text(const std::string& s, const TextRules& rules, const std::string& field) {
    TextProblem problem{};
    auto text = normalize_text(s, rules, &problem);
    if (text) return std::move(*text);
    throw InputError(FieldError{std::string(problem.kind == TextProblem::Kind::too_long ? error_code::too_long : error_code::invalid_text),
                                field, describe(problem, rules)});
}

}  // namespace hailong
