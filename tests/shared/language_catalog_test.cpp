// The language catalogues of assets/lang against the source tree: every key a program uses exists
// in every language, no catalogue keeps a key nobody uses, and the languages agree on placeholders.
//
// Convention this test enforces: a key is written in code as one whole string literal
// ("error.missing"), never assembled from pieces, so that a text search finds every use.
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>

#include "hailong/message.hpp"
#include "hailong/text.hpp"
#include "support/read_file.hpp"

namespace fs = std::filesystem;
using namespace hailong;

using hailong::test::read_file;

namespace {

// Every string literal in the sources that has the shape of a catalogue key.
std::set<std::string> keys_used_in_sources() {
    static const std::regex key_literal(R"re("((?:error|cli|kiosk|server|admin|dashboard|common)(?:\.[a-z0-9_]+)+)")re");
    std::set<std::string> used;
    const fs::path root = HAILONG_SOURCE_DIR;
    for (const char* dir : {"shared", "server", "kiosk", "assets/dashboard"}) {
        if (!fs::exists(root / dir)) continue;
        for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
            const auto ext = entry.path().extension();
            if (!entry.is_regular_file() || !(ext == ".cpp" || ext == ".hpp" || ext == ".js" || ext == ".html")) continue;
            const std::string text = read_file(entry.path());
            for (std::sregex_iterator it(text.begin(), text.end(), key_literal), end; it != end; ++it) used.insert((*it)[1]);
        }
    }
    return used;
}

std::set<std::string> placeholders(const std::string& text) {
    static const std::regex placeholder(R"(\{([a-z_]+)\})");
    std::set<std::string> names;
    for (std::sregex_iterator it(text.begin(), text.end(), placeholder), end; it != end; ++it) names.insert((*it)[1]);
    return names;
}

}  // namespace

TEST_CASE("every key used in the sources is in every language catalogue", "[i18n]") {
    const auto used = keys_used_in_sources();
    REQUIRE(used.count("error.missing") == 1);  // the scan does find keys
    for (const std::string_view lang : languages) {
        const Catalog* catalog = Translator::builtin().catalog(lang);
        REQUIRE(catalog);
        for (const auto& key : used) {
            INFO(lang << ": " << key);
            CHECK(catalog->find(key));
        }
    }
}

TEST_CASE("no language catalogue keeps a key that no source uses", "[i18n]") {
    const auto used = keys_used_in_sources();
    for (const std::string_view lang : languages) {
        for (const auto& [key, text] : Translator::builtin().catalog(lang)->entries()) {
            INFO(lang << ": " << key);
            CHECK(used.count(key) == 1);
        }
    }
}

TEST_CASE("the languages have the same keys and the same placeholders", "[i18n]") {
    const Catalog* vi = Translator::builtin().catalog("vi");
    const Catalog* en = Translator::builtin().catalog("en");
    REQUIRE(vi);
    REQUIRE(en);
    CHECK(vi->entries().size() == en->entries().size());
    for (const auto& [key, text] : vi->entries()) {
        INFO(key);
        const std::string* other = en->find(key);
        REQUIRE(other);
        CHECK(placeholders(text) == placeholders(*other));
        CHECK_FALSE(text.empty());
    }
}

TEST_CASE("the compiled-in catalogues are the files in assets/lang", "[i18n]") {
    const fs::path dir = fs::path(HAILONG_SOURCE_DIR) / "assets" / "lang";
    for (const std::string_view lang : languages) {
        const Catalog from_file = Catalog::parse(read_file(dir / (std::string(lang) + ".json")));
        CHECK(from_file.entries() == Translator::builtin().catalog(lang)->entries());
    }
}
