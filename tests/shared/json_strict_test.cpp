#include "hailong/json_strict.hpp"

#include <string>

#include <catch2/catch.hpp>

#include "hailong/field_error.hpp"

using namespace hailong;

namespace {
FieldError error_of(const std::string& text, const JsonLimits& limits = {}) {
    try {
        parse_strict_json(text, limits);
    } catch (const InputError& e) {
        return e.error();
    }
    FAIL("expected an InputError for: " << text);
    return {};
}
}  // namespace

TEST_CASE("parse_strict_json parses ordinary JSON", "[json]") {
    const auto doc = parse_strict_json(R"({"a": [1, {"b": "Sở"}], "c": null})");
    CHECK(doc["a"][1]["b"] == "Sở");
    CHECK(doc["c"].is_null());
}

TEST_CASE("a key repeated in one object is an error that names its path", "[json]") {
    auto e = error_of(R"({"a": 1, "a": 2})");
    CHECK(e.code == "invalid_json");
    CHECK(e.field == "a");
    CHECK(e.message.key == "error.json.duplicate_key");

    e = error_of(R"({"submissions": [{"x": 1}, {"rating": {"scale": 3, "value": 1, "value": 3}}]})");
    CHECK(e.field == "submissions[1].rating.value");
    CHECK(e.describe(Translator::builtin(), "en") ==
          "submissions[1].rating.value: the key \"value\" appears twice in the same object");

    e = error_of(R"([1, [2, 3], {"k": 0, "k": 0}])");
    CHECK(e.field == "[2].k");
}

TEST_CASE("the same key in sibling objects is not a repetition", "[json]") {
    CHECK_NOTHROW(parse_strict_json(R"([{"id": 1}, {"id": 2}, {"a": {"id": 3}, "id": 4}])"));
}

TEST_CASE("nesting beyond the limit is refused without recursion trouble", "[json]") {
    const JsonLimits limits{4};
    CHECK_NOTHROW(parse_strict_json("[[[[1]]]]", limits));
    auto e = error_of("[[[[[1]]]]]", limits);
    CHECK(e.message.key == "error.json.too_deep");
    CHECK(e.field == "[0][0][0][0]");
    // A hostile body of 100,000 open brackets stops at the limit.
    e = error_of(std::string(100000, '['));
    CHECK(e.message.key == "error.json.too_deep");
}

TEST_CASE("syntax errors, truncation and bad bytes give the byte offset", "[json]") {
    auto e = error_of(R"({"kiosk_id": "A")");
    CHECK(e.message.key == "error.json.syntax");
    CHECK(e.message.params.at(0) == std::pair<std::string, std::string>{"byte", "16"});

    e = error_of("");
    CHECK(e.message.key == "error.json.syntax");

    // `{"a":"S` is bytes 0-6, "ở" is bytes 7-9, so the stray continuation byte is at offset 10: {"a":"S\xE1\xBB\x9F\x80"}
    e = error_of("{\"a\":\"S\xE1\xBB\x9F\x80\"}");
    CHECK(e.message.key == "error.json.utf8");
    CHECK(e.message.params.at(0).second == "10");

    e = error_of(R"(["\ud800"])");  // an unpaired surrogate escape
    CHECK(e.message.key == "error.json.syntax");
    e = error_of(R"({"a": 1} {"b": 2})");  // trailing content
    CHECK(e.message.key == "error.json.syntax");
}

TEST_CASE("a NUL byte is a syntax error at its offset, not the end of the text", "[json]") {
    // Found by submission_codec_fuzz: nlohmann's lexer took NUL for the end of the input, so a
    // body with anything after a NUL was accepted as what came before it. The batch below is
    // 41 bytes, so the NUL is at offset 41.
    const std::string body = std::string(R"({"kiosk_id":"TH-HCC-01","submissions":[]})") + '\0' + R"({"ignored": [)";
    REQUIRE(body.find('\0') == 41);
    const auto e = error_of(body);
    CHECK(e.message.key == "error.json.syntax");
    CHECK(e.message.params.at(0) == std::pair<std::string, std::string>{"byte", "41"});
    CHECK(error_of(std::string("{\"a\":\"x\0y\"}", 11)).message.key == "error.json.syntax");  // inside a string too
    CHECK(parse_strict_json(R"({"a":"x\u0000y"})")["a"] == std::string("x\0y", 3));           // an escaped NUL is text
}

TEST_CASE("a number beyond double range is refused, with its path", "[json]") {
    const auto e = error_of(R"({"rating": {"value": 1e400}})");
    CHECK(e.message.key == "error.json.number_range");
    CHECK(e.field == "rating.value");
}
