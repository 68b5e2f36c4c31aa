#include "hailong/json_strict.hpp"

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
    std::size_t index = 0;  // arrays: index of the element being read
    std::string key;        // objects: the key being read
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

using json = nlohmann::json;

// Builds the document from nlohmann's SAX events, as its own DOM parser does, and checks as it
// goes: depth, repeated keys (an object's key is looked up before its value is read), numbers out
// of range. A SAX handler rather than the parser's callback: the callback variant builds a
// temporary value for every key and keeps bookkeeping of its own, and parsing was a tenth of
// hailong-server's CPU under the ingest benchmark.
class StrictBuilder final : public nlohmann::json_sax<json> {
public:
    explicit StrictBuilder(const JsonLimits& limits) : limits_(limits) {}

    json result() { return std::move(root_); }

    bool null() override { return value(nullptr); }
    bool boolean(bool v) override { return value(v); }
    bool number_integer(number_integer_t v) override { return value(v); }
    bool number_unsigned(number_unsigned_t v) override { return value(v); }
    bool number_float(number_float_t v, const string_t&) override { return value(v); }
    bool string(string_t& v) override { return value(std::move(v)); }
    bool binary(binary_t& v) override { return value(json::binary(std::move(v))); }

    bool start_object(std::size_t) override { return open(false, json::value_t::object); }
    bool start_array(std::size_t) override { return open(true, json::value_t::array); }
    bool key(string_t& k) override {
        Frame& top = frames_.back();
        top.key = k;
        auto& object = containers_.back()->get_ref<json::object_t&>();
        if (object.find(k) != object.end()) fail(path_of(frames_), "error.json.duplicate_key", {{"key", k}});
        next_ = &object[std::move(k)];
        return true;
    }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }

    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
        if (dynamic_cast<const nlohmann::detail::out_of_range*>(&e) != nullptr) fail(path_of(frames_), "error.json.number_range", {});
        // `position` counts from 1 and points just past the offending character.
        fail("", "error.json.syntax", {{"byte", std::to_string(position > 0 ? position - 1 : 0)}});
    }

private:
    // Places a value where the document is at: the root, the next element of the array being
    // read, or the member of the object whose key came last.
    template <class V>
    json* place(V&& v) {
        if (containers_.empty()) {
            root_ = json(std::forward<V>(v));
            return &root_;
        }
        json& parent = *containers_.back();
        if (parent.is_array()) {
            auto& array = parent.get_ref<json::array_t&>();
            array.emplace_back(std::forward<V>(v));
            return &array.back();
        }
        *next_ = json(std::forward<V>(v));
        return next_;
    }
    template <class V>
    bool value(V&& v) {
        place(std::forward<V>(v));
        element_done();
        return true;
    }
    bool open(bool is_array, json::value_t type) {
        if (frames_.size() >= limits_.max_depth) fail(path_of(frames_), "error.json.too_deep", {{"max", std::to_string(limits_.max_depth)}});
        containers_.push_back(place(type));
        frames_.push_back(Frame{is_array, 0, {}});
        return true;
    }
    bool close() {
        containers_.pop_back();
        frames_.pop_back();
        element_done();
        return true;
    }
    void element_done() {
        if (!frames_.empty() && frames_.back().is_array) ++frames_.back().index;
    }

    const JsonLimits& limits_;
    json root_;
    std::vector<json*> containers_;  // the arrays and objects being read, outermost first
    std::vector<Frame> frames_;      // the same, as a path for errors
    json* next_ = nullptr;           // where the value of the last key goes
};

}  // namespace

nlohmann::json parse_strict_json(std::string_view text, const JsonLimits& limits) {
    std::size_t bad = 0;
    if (!is_valid_utf8(text, &bad)) fail("", "error.json.utf8", {{"byte", std::to_string(bad)}});
    // JSON text never holds a raw NUL (it is neither white space nor allowed in a string), and
    // nlohmann's lexer would take one for the end of the input and ignore what follows.
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) fail("", "error.json.syntax", {{"byte", std::to_string(nul)}});
    StrictBuilder builder(limits);
    json::sax_parse(text.begin(), text.end(), &builder);
    return builder.result();
}

}  // namespace hailong
