#include "hailong/server/store/credentials.hpp"

#include <set>

#include <catch2/catch.hpp>

using namespace hailong::server;

TEST_CASE("tokens are prefixed, 256-bit, URL-safe and distinct", "[credentials]") {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        const std::string t = generate_token("hlk");
        // "hlk_" + 43 characters: 32 bytes are 256 bits, base64 without padding needs ceil(256/6) = 43.
        REQUIRE(t.size() == 4 + 43);
        REQUIRE(t.rfind("hlk_", 0) == 0);
        REQUIRE(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 4) == std::string::npos);
        seen.insert(t);
    }
    CHECK(seen.size() == 1000);
}

TEST_CASE("hash_token is SHA-256 in hex", "[credentials]") {
    // Known answer from `printf abc | sha256sum`.
    CHECK(hash_token("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(hash_token("hlk_x") != hash_token("hlk_y"));
}

TEST_CASE("passwords are stored as argon2id and verified", "[credentials]") {
    const std::string stored = hash_password("Mật khẩu 2026!");
    CHECK(stored.rfind("$argon2id$", 0) == 0);
    CHECK(stored.find("Mật khẩu") == std::string::npos);
    CHECK(verify_password(stored, "Mật khẩu 2026!"));
    CHECK_FALSE(verify_password(stored, "Mật khẩu 2026"));
    CHECK_FALSE(verify_password("not a hash", "x"));
    // A fresh salt each time: the same password never hashes the same twice.
    CHECK(hash_password("Mật khẩu 2026!") != stored);
}
