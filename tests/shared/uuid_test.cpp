#include "hailong/uuid.hpp"

#include <set>

#include <catch2/catch.hpp>

using hailong::Uuid;

TEST_CASE("Uuid parses the canonical form and prints it back in lower case", "[uuid]") {
    const auto id = Uuid::parse("3F1C2A9E-5B7D-4C1E-9A0B-2D4E6F8A1B3C");
    REQUIRE(id);
    CHECK(id->to_string() == "3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c");
    CHECK(id->version() == 4);
    // First and last bytes read off the text by hand: "3f" and "3c".
    CHECK(id->bytes().front() == 0x3f);
    CHECK(id->bytes().back() == 0x3c);
}

TEST_CASE("Uuid refuses every other spelling", "[uuid]") {
    for (const char* bad : {"", "3f1c2a9e5b7d4c1e9a0b2d4e6f8a1b3c", "{3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c}",
                            "urn:uuid:3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c", "3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3",
                            "3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c0", "3f1c2a9e-5b7d-4c1e-9a0b+2d4e6f8a1b3c",
                            "3g1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c", " 3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c"}) {
        INFO(bad);
        CHECK_FALSE(Uuid::parse(bad));
    }
}

TEST_CASE("Uuid::v4_from_bytes sets version 4 and the RFC 9562 variant and keeps the rest", "[uuid]") {
    Uuid::Bytes ones{};
    ones.fill(0xFF);
    const Uuid id = Uuid::v4_from_bytes(ones);
    // 0xFF with the version nibble replaced by 4 is 0x4F; with the variant bits 10 it is 0xBF.
    CHECK(id.to_string() == "ffffffff-ffff-4fff-bfff-ffffffffffff");
    CHECK(Uuid::v4_from_bytes(Uuid::Bytes{}).to_string() == "00000000-0000-4000-8000-000000000000");
}

TEST_CASE("Uuid::random_v4 gives distinct version 4 ids", "[uuid]") {
    std::set<Uuid> seen;
    for (int i = 0; i < 10000; ++i) {
        const Uuid id = Uuid::random_v4();
        REQUIRE(id.version() == 4);
        REQUIRE((id.bytes()[8] & 0xC0) == 0x80);
        seen.insert(id);
    }
    // 10,000 draws of 122 random bits collide with probability about 1e-29.
    CHECK(seen.size() == 10000);
}

TEST_CASE("Uuid round-trips through text, compares and hashes by value", "[uuid]") {
    const Uuid a = Uuid::random_v4();
    const auto b = Uuid::parse(a.to_string());
    REQUIRE(b);
    CHECK(a == *b);
    CHECK(a.hash() == b->hash());
    CHECK(Uuid{}.is_nil());
    CHECK_FALSE(a.is_nil());
}
