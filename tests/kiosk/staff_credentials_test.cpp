// Tests of the officers' credentials (kiosk/core/include/hailong/kiosk/staff_credentials.hpp).
// Known answers: SHA-256("abc") is the FIPS 180-2 example; the card secret's digest was worked
// out with Python's hashlib.sha256(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567").hexdigest(); the PIN hash
// is what `echo 1357 | hailong-kiosk --hash-pin` printed once (argon2id, libsodium).
#include <catch2/catch.hpp>

#include "hailong/kiosk/staff_credentials.hpp"

using namespace hailong::kiosk;

namespace {

constexpr const char* secret = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr const char* secret_sha256 = "2fd67e69907bff621c0c4078b1aef595c8562a11f840dd0ec5c5d7c0a4e59331";
constexpr const char* pin_1357 = "$argon2id$v=19$m=65536,t=2,p=1$3D+1LvZqQt4yDqXYtalevg$BZ6IIsKqHqUOG7Y6eBxr0nSsURmzOdm6HrD7tHCFjFQ";

std::vector<Officer> officers() {
    std::vector<Officer> list = {{"SCT-007", "Phạm Thị Dung", ""}, {"SCT-001", "Nguyễn Văn An", ""},
                                 {"SCT-002", "Đỗ Đức Bình", ""}};
    list[0].card_hash = secret_sha256;
    list[1].pin_hash = pin_1357;
    return list;
}

}  // namespace

TEST_CASE("staff credentials: SHA-256 in lowercase hex, the FIPS example", "[credentials]") {
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex(secret) == secret_sha256);
}

TEST_CASE("staff credentials: a staff card is good only for its officer, with the right secret", "[credentials]") {
    const auto list = officers();
    const Officer* o = verify_staff_card(std::string("HLSTAFF1:SCT-007:") + secret, list);
    REQUIRE(o);
    CHECK(o->code == "SCT-007");
    // Another officer's code with the same secret, a wrong secret, an officer without a card, an
    // unknown officer, another prefix, a payload cut short: no good.
    CHECK_FALSE(verify_staff_card(std::string("HLSTAFF1:SCT-001:") + secret, list));
    CHECK_FALSE(verify_staff_card("HLSTAFF1:SCT-007:ABCDEFGHIJKLMNOPQRSTUVWXYZ234566", list));
    CHECK_FALSE(verify_staff_card(std::string("HLSTAFF1:SCT-009:") + secret, list));
    CHECK_FALSE(verify_staff_card(std::string("HLSTAFF2:SCT-007:") + secret, list));
    CHECK_FALSE(verify_staff_card("HLSTAFF1:SCT-007", list));
    CHECK_FALSE(verify_staff_card("HLSTAFF1:SCT-007:", list));
    CHECK(looks_like_staff_card("HLSTAFF1:anything"));
    CHECK_FALSE(looks_like_staff_card("000.00.12.H56-261120-0001"));
}

TEST_CASE("staff credentials: a personal PIN is checked against its argon2id hash", "[credentials]") {
    CHECK(pin_hash_matches(pin_1357, "1357"));
    CHECK_FALSE(pin_hash_matches(pin_1357, "1358"));
    CHECK_FALSE(pin_hash_matches("", "1357"));
    CHECK_FALSE(pin_hash_matches("$argon2id$not-a-hash", "1357"));
}

TEST_CASE("staff credentials: a counter uses sign-in once one officer has a PIN or a card", "[credentials]") {
    CounterConfig c;
    c.officers = {{"SCT-001", "Nguyễn Văn An", ""}};
    CHECK_FALSE(uses_sign_in(c));
    c.officers = officers();
    CHECK(uses_sign_in(c));
}

TEST_CASE("staff credentials: names are found by the first letters of their words, without accents", "[credentials]") {
    CHECK(fold_name("Phạm Thị Dung") == "pham thi dung");
    CHECK(fold_name("Đỗ Đức Bình") == "do duc binh");
    CHECK(name_matches("Phạm Thị Dung", ""));
    CHECK(name_matches("Phạm Thị Dung", "dung"));
    CHECK(name_matches("Phạm Thị Dung", "ph d"));
    CHECK(name_matches("Đỗ Đức Bình", "DUC"));
    CHECK(name_matches("Đỗ Đức Bình", "đức"));
    CHECK_FALSE(name_matches("Phạm Thị Dung", "ung"));  // inside a word, not its beginning
    CHECK_FALSE(name_matches("Nguyễn Văn An", "binh"));
}
