// Tests of the kiosk's one way of replacing a file (kiosk/core/include/hailong/kiosk/atomic_file.hpp).
#include "hailong/kiosk/atomic_file.hpp"

#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "support/read_file.hpp"
#include "support/temp_dir.hpp"

using namespace hailong;
using namespace hailong::kiosk;

using hailong::test::read_file;

TEST_CASE("atomic file: a new file is written whole, and a second write replaces it", "[atomic_file]") {
    test::TempDir dir;
    const auto target = dir.path() / "counter.json";
    CHECK(write_atomically(target, "{\"language\": \"vi\"}\n").empty());
    CHECK(read_file(target) == "{\"language\": \"vi\"}\n");
    // The kiosk's own files: its user reads and writes them, nobody else.
    namespace fs = std::filesystem;
    CHECK(fs::status(target).permissions() == (fs::perms::owner_read | fs::perms::owner_write));

    const std::string longer(100'000, 'x');  // more than one write(2) may take
    CHECK(write_atomically(target, longer).empty());
    CHECK(read_file(target) == longer);
    CHECK(write_atomically(target, "").empty());
    CHECK(read_file(target).empty());
    CHECK_FALSE(std::filesystem::exists(dir.path() / "counter.json.tmp"));
}

TEST_CASE("atomic file: a write that fails says where and why, and leaves the old content", "[atomic_file]") {
    test::TempDir dir;
    const auto target = dir.path() / "kiosk-config.json";
    REQUIRE(write_atomically(target, "old").empty());

    // Something in the way of the temporary file: the target is not touched.
    std::filesystem::create_directory(dir.path() / "kiosk-config.json.tmp");
    CHECK_THAT(write_atomically(target, "new"), Catch::StartsWith("cannot create " + target.string() + ".tmp: "));
    CHECK(read_file(target) == "old");

    // The rename cannot replace a directory.
    const auto blocked = dir.path() / "blocked";
    std::filesystem::create_directory(blocked);
    CHECK_THAT(write_atomically(blocked, "new"), Catch::StartsWith("cannot rename " + blocked.string() + ".tmp: "));
    CHECK(std::filesystem::is_directory(blocked));

    // No directory to write in.
    const auto nowhere = dir.path() / "missing" / "file.json";
    CHECK_THAT(write_atomically(nowhere, "new"), Catch::StartsWith("cannot create " + nowhere.string() + ".tmp: "));
    CHECK_FALSE(std::filesystem::exists(nowhere));
}
