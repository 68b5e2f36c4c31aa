// Tests of the delete key's hold (kiosk/core/include/hailong/kiosk/delete_key.hpp): a tap deletes
// a character; held 500 ms it repeats, a word at 500 ms and one more every 150 ms after, and a hold
// that repeated is no tap. Times are moved by hand from an arbitrary start t0; the expected counts
// are worked from that schedule: repeats due after a hold of h ms = 0 below 500, else
// 1 + floor((h - 500) / 150).
#include "hailong/kiosk/delete_key.hpp"

#include <catch2/catch.hpp>

using namespace hailong::kiosk;
using namespace std::chrono_literals;

namespace {

const DeleteKey::time_point t0{std::chrono::hours(1000)};

}  // namespace

TEST_CASE("delete key: a short tap deletes a character and never repeats", "[delete_key]") {
    DeleteKey key;
    CHECK(key.update(true, t0) == 0);
    CHECK(key.update(true, t0 + 300ms) == 0);
    CHECK(key.update(false, t0 + 320ms) == 0);  // lifted: the button's press is the tap
    CHECK(key.tap_counts());
    CHECK_FALSE(key.next_due());
}

TEST_CASE("delete key: held, it repeats at 500 ms and every 150 ms after, counted from the press", "[delete_key]") {
    DeleteKey key;
    CHECK(key.update(true, t0) == 0);
    CHECK(key.next_due() == t0 + 500ms);
    CHECK(key.update(true, t0 + 499ms) == 0);
    CHECK(key.update(true, t0 + 500ms) == 1);   // 1 + floor(0 / 150)
    CHECK(key.next_due() == t0 + 650ms);
    CHECK(key.update(true, t0 + 649ms) == 0);
    CHECK(key.update(true, t0 + 650ms) == 1);   // 1 + floor(150 / 150) = 2 in all
    // A slow frame deletes what fell due meanwhile: at 1400 ms, 1 + floor(900 / 150) = 7 in all.
    CHECK(key.update(true, t0 + 1400ms) == 5);
    CHECK(key.update(false, t0 + 1450ms) == 0);
    CHECK_FALSE(key.tap_counts());  // the release after a repeat deletes nothing more
    CHECK_FALSE(key.next_due());
}

TEST_CASE("delete key: the next press starts afresh", "[delete_key]") {
    DeleteKey key;
    key.update(true, t0);
    key.update(true, t0 + 600ms);
    key.update(false, t0 + 700ms);
    CHECK(key.update(true, t0 + 2s) == 0);
    CHECK(key.tap_counts());
    CHECK(key.update(true, t0 + 2s + 499ms) == 0);
    CHECK(key.update(true, t0 + 2s + 500ms) == 1);
}

TEST_CASE("delete key: a word is the letters after the last separator, with the separators after it", "[delete_key]") {
    CHECK(drop_last_word("Tôi chờ lâu. ") == "Tôi chờ ");
    CHECK(drop_last_word("Tôi chờ ") == "Tôi ");
    CHECK(drop_last_word("người") == "");
    CHECK(drop_last_word("Cán bộ\nhướng dẫn") == "Cán bộ\nhướng ");
    CHECK(drop_last_word("2000.12-H56") == "2000.12-");
    CHECK(drop_last_word("3AU3X4XC") == "");
    CHECK(drop_last_word("   ") == "");
    CHECK(drop_last_word("") == "");
}
