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

TEST_CASE("Uuid::v7_from gives RFC 9562's example version 7 UUID", "[uuid]") {
    // RFC 9562, appendix A.6: unix_ts_ms 0x017F22E279B0 (2022-02-22 19:22:22 UTC), rand_a 0xCC3,
    // rand_b 0x18C4DC0C0C07398F; the example UUID is 017F22E2-79B0-7CC3-98C4-DC0C0C07398F. The
    // random bytes below hold rand_a and rand_b where v7_from keeps them; the rest is overwritten.
    const Uuid::Bytes random{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFC, 0xC3, 0xD8, 0xC4, 0xDC, 0x0C, 0x0C, 0x07, 0x39, 0x8F};
    const Uuid id = Uuid::v7_from(std::chrono::milliseconds(0x017F22E279B0), random);
    CHECK(id.to_string() == "017f22e2-79b0-7cc3-98c4-dc0c0c07398f");
    CHECK(id.version() == 7);
}

TEST_CASE("version 7 UUIDs made later sort later, whatever their random bits", "[uuid]") {
    const Uuid earlier = Uuid::v7_from(std::chrono::milliseconds(1795137332500), Uuid::Bytes{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                                                                            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF});
    const Uuid later = Uuid::v7_from(std::chrono::milliseconds(1795137332501), Uuid::Bytes{});
    CHECK(earlier < later);
    CHECK(earlier.to_string() < later.to_string());
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
