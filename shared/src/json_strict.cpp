#include "hailong/json_strict.hpp"

#include <set>
#include <string>
#include <vector>

#include "hailong/field_error.hpp"
#include "hailong/text.hpp"

namespace hailong {
namespace {

// The path of containers being parsed, rebuilt from nlohmann's parser-callback events, so that
// errors found mid-parse can say where they are ("submissions[3].rating").
struct Frame {
    bool is_array = false;
    std::size_t index = 0;        // arrays: index of the element being read
    std::string key;              // objects: the key being read
    std::set<std::string> keys;   // objects: keys seen so far
};

std::string path_of(const std::vector<Frame>& stack) {
    std::string path;
    for (const Frame& f : stack) {
        if (f.is_array) {
            path += '[' + std::to_string(f.index) + ']';
        } else if (!f.key.empty()) {
            if (!path.empty()) path += '.';
            path += f.key;
        }
    }
    return path;
}

[[noreturn]] void fail(std::string field, std::string key, std::vector<std::pair<std::string, std::string>> params) {
    throw InputError(FieldError{std::string(error_code::invalid_json), std::move(field), Message(std::move(key), std::move(params))});
}

void element_done(std::vector<Frame>& stack) {
    if (!stack.empty() && stack.back().is_array) ++stack.back().index;
}

}  // namespace

nlohmann::json parse_strict_json(std::string_view text, const JsonLimits& limits) {
    std::size_t bad = 0;
    if (!is_valid_utf8(text, &bad)) fail("", "error.json.utf8", {{"byte", std::to_string(bad)}});

    std::vector<Frame> stack;
    using event = nlohmann::json::parse_event_t;
    auto callback = [&](int /*depth*/, event ev, nlohmann::json& value) {
        switch (ev) {
        case event::object_start:
        case event::array_start:
            if (stack.size() >= limits.max_depth) fail(path_of(stack), "error.json.too_deep", {{"max", std::to_string(limits.max_depth)}});
            stack.push_back(Frame{ev == event::array_start, 0, {}, {}});
            break;
        case event::key: {
            Frame& top = stack.back();
            top.key = value.get<std::string>();
            if (!top.keys.insert(top.key).second) fail(path_of(stack), "error.json.duplicate_key", {{"key", top.key}});
            break;
        }
        case event::object_end:
        case event::array_end:
            stack.pop_back();
            element_done(stack);
            break;
        case event::value:
            element_done(stack);
            break;
        }
        return true;
    };
    try {
        return nlohmann::json::parse(text.begin(), text.end(), callback);
    } catch (const nlohmann::json::parse_error& e) {
        // e.byte counts from 1 and points just past the offending character.
        fail("", "error.json.syntax", {{"byte", std::to_string(e.byte > 0 ? e.byte - 1 : 0)}});
    } catch (const nlohmann::json::out_of_range&) {
        fail(path_of(stack), "error.json.number_range", {});
    }
}

}  // namespace hailong
