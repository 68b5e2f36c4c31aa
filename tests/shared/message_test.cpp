#include "hailong/message.hpp"

#include <catch2/catch.hpp>

using namespace hailong;

TEST_CASE("substitute fills named parameters and leaves unknown ones visible", "[message]") {
    CHECK(substitute("must be 1..{max} for scale {scale}", {{"max", "3"}, {"scale", "3"}}) == "must be 1..3 for scale 3");
    CHECK(substitute("{a}{a}{b}", {{"a", "x"}}) == "xx{b}");
    CHECK(substitute("no close {brace", {{"brace", "x"}}) == "no close {brace");
    CHECK(substitute("", {}) == "");
}

TEST_CASE("Translator renders in the asked language and falls back to English, then the key", "[message]") {
    std::map<std::string, Catalog, std::less<>> catalogs;
    catalogs.emplace("vi", Catalog::parse(R"({"greet": "Xin chào {name}"})"));
    catalogs.emplace("en", Catalog::parse(R"({"greet": "Hello {name}", "only.en": "English only"})"));
    const Translator tr(std::move(catalogs));
    CHECK(tr.render(Message("greet", {{"name", "Lan"}}), "vi") == "Xin chào Lan");
    CHECK(tr.render(Message("greet", {{"name", "Lan"}}), "vi-VN") == "Xin chào Lan");
    CHECK(tr.render(Message("greet", {{"name", "Lan"}}), "en") == "Hello Lan");
    CHECK(tr.text("only.en", "vi") == "English only");
    CHECK(tr.text("no.such.key", "vi") == "no.such.key");
    CHECK(tr.text("greet", "fr") == "Hello {name}");
}

TEST_CASE("Catalog::parse refuses what is not a flat catalogue of NFC strings", "[message]") {
    CHECK_THROWS_AS(Catalog::parse("[]"), std::invalid_argument);
    CHECK_THROWS_AS(Catalog::parse(R"({"a": 1})"), std::invalid_argument);
    CHECK_THROWS_AS(Catalog::parse(R"({"a": {"b": "c"}})"), std::invalid_argument);
    CHECK_THROWS_AS(Catalog::parse("{"), std::invalid_argument);
    // "hài" with a combining grave accent is not NFC; catalogues must be stored precomposed.
    CHECK_THROWS_AS(Catalog::parse("{\"a\": \"ha\xCC\x80i\"}"), std::invalid_argument);
}

TEST_CASE("pick_language follows Accept-Language qualities and POSIX locales", "[message]") {
    CHECK(Translator::pick_language("vi-VN,vi;q=0.9,en;q=0.8", "en") == "vi");
    CHECK(Translator::pick_language("en-US,en;q=0.9,vi;q=0.8", "vi") == "en");
    CHECK(Translator::pick_language("en;q=0.3, vi;q=0.7", "en") == "vi");
    CHECK(Translator::pick_language("fr-FR, en;q=0.5", "vi") == "en");
    CHECK(Translator::pick_language("vi_VN.UTF-8", "en") == "vi");
    CHECK(Translator::pick_language("en_GB.UTF-8", "vi") == "en");
    CHECK(Translator::pick_language("de-DE", "vi") == "vi");
    CHECK(Translator::pick_language("", "vi") == "vi");
    CHECK(Translator::pick_language("vi;q=0", "en") == "en");
}
