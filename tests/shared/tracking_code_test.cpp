#include "hailong/tracking_code.hpp"

#include <cstdint>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "hailong/text.hpp"

using namespace hailong;
using tracking_code::Parts;

namespace {

// The alphabet as tracking_code.cpp documents it, written out again here so the test checks the
// implementation against the documentation rather than against itself.
const std::string alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

// The eight symbols of a display code, without the dashes.
std::string symbols_of(const std::string& code) {
    std::string s;
    for (const char c : code) {
        if (c != '-') s += c;
    }
    return s;
}

// Codes at the limits and a fixed-seed random sample between them.
std::vector<Parts> sample_parts() {
    const std::int64_t k = tracking_code::max_kiosk_number;
    const std::int64_t q = tracking_code::max_sequence;
    std::vector<Parts> parts = {{1, 1}, {1, q}, {k, 1}, {k, q}, {7, 1}, {1234, 56789}, {30, 31}, {31, 30}, {961, 29791}};
    std::mt19937_64 rng(20240611);
    std::uniform_int_distribution<std::int64_t> kiosk(1, k), sequence(1, q);
    for (int i = 0; i < 200; ++i) parts.push_back({kiosk(rng), sequence(rng)});
    return parts;
}

}  // namespace

TEST_CASE("tracking_code: a hand-worked example", "[tracking_code]") {
    // Symbol values: '2'=0 ... '9'=7, 'A'=8, 'B'=9, 'C'=10, ..., 'U'=25, 'X'=28 (the alphabet
    // 23456789ABCDEFGHJKMNPQRSTUVWXYZ counted from 0).
    // Kiosk 1234 = 1·961 + 8·31 + 25 -> symbols 1, 8, 25 = "3AU".
    // Sequence 56789 = 1·29791 + 28·961 + 2·31 + 28 (29791 + 26908 + 62 + 28) -> 1, 28, 2, 28 = "3X4X".
    // Weighted sum, weights 8..2: 8·1 + 7·8 + 6·25 + 5·1 + 4·28 + 3·2 + 2·28
    //                            = 8 + 56 + 150 + 5 + 112 + 6 + 56 = 393 = 12·31 + 21.
    // Check value (weight 1): 31 − 21 = 10 -> 'C', so that 393 + 10 = 403 = 13·31.
    CHECK(tracking_code::make(1234, 56789) == "3AU-3X4X-C");
    CHECK(tracking_code::parse("3AU-3X4X-C") == Parts{1234, 56789});

    // Kiosk 7 -> 0, 0, 7 = "229"; sequence 1 -> 0, 0, 0, 1 = "2223";
    // sum 6·7 + 2·1 = 44 = 31 + 13; check 31 − 13 = 18 -> 'M' (44 + 18 = 62 = 2·31).
    CHECK(tracking_code::make(7, 1) == "229-2223-M");

    // The largest code: every data symbol is 'Z' = 30; sum 30·(8+7+6+5+4+3+2) = 30·35 = 1050
    // = 33·31 + 27; check 31 − 27 = 4 -> '6'.
    CHECK(tracking_code::make(tracking_code::max_kiosk_number, tracking_code::max_sequence) == "ZZZ-ZZZZ-6");
}

TEST_CASE("tracking_code: the limits hold at least 20,000 kiosks and 500,000 complaints each", "[tracking_code]") {
    // Three symbols of base 31 hold 31^3 − 1 = 29,790 kiosks (0 unused); four hold 31^4 − 1 = 923,520.
    CHECK(tracking_code::max_kiosk_number == 29790);
    CHECK(tracking_code::max_sequence == 923520);
    CHECK(tracking_code::max_kiosk_number >= 20000);
    CHECK(tracking_code::max_sequence >= 500000);
}

TEST_CASE("tracking_code: make and parse round-trip at the limits and on random values", "[tracking_code]") {
    for (const Parts& p : sample_parts()) {
        const std::string code = tracking_code::make(p.kiosk_number, p.sequence);
        INFO(code);
        CHECK(tracking_code::parse(code) == p);
        CHECK(tracking_code::normalise(code) == code);
        // Display form: KKK-SSSS-C, 10 characters, upper case symbols of the alphabet only.
        REQUIRE(code.size() == 10);
        CHECK(code[3] == '-');
        CHECK(code[8] == '-');
        const std::string symbols = symbols_of(code);
        CHECK(symbols.size() == 8);
        CHECK(symbols.find_first_not_of(alphabet) == std::string::npos);
        CHECK(is_valid_code(code));
    }
}

TEST_CASE("tracking_code: make refuses numbers outside the limits", "[tracking_code]") {
    const std::int64_t k = tracking_code::max_kiosk_number;
    const std::int64_t q = tracking_code::max_sequence;
    CHECK_THROWS_AS(tracking_code::make(0, 1), std::out_of_range);
    CHECK_THROWS_AS(tracking_code::make(-1, 1), std::out_of_range);
    CHECK_THROWS_AS(tracking_code::make(k + 1, 1), std::out_of_range);
    CHECK_THROWS_AS(tracking_code::make(1, 0), std::out_of_range);
    CHECK_THROWS_AS(tracking_code::make(1, -5), std::out_of_range);
    CHECK_THROWS_AS(tracking_code::make(1, q + 1), std::out_of_range);
    CHECK_NOTHROW(tracking_code::make(k, q));
}

TEST_CASE("tracking_code: every single substitution and every transposition is detected", "[tracking_code]") {
    // Exhaustive over the sample: for each code, every one of its 8 positions replaced by each of
    // the 30 other symbols (8·30 = 240 variants), and every pair of positions holding different
    // symbols swapped (adjacent pairs, which the brief requires, and all others, which distinct
    // weights also give). Each variant must be refused, not read as some other complaint.
    std::size_t substitutions = 0;
    std::size_t adjacent = 0;
    for (const Parts& p : sample_parts()) {
        const std::string good = symbols_of(tracking_code::make(p.kiosk_number, p.sequence));
        for (std::size_t i = 0; i < good.size(); ++i) {
            for (const char c : alphabet) {
                if (c == good[i]) continue;
                std::string bad = good;
                bad[i] = c;
                INFO(good << " -> " << bad);
                CHECK_FALSE(tracking_code::parse(bad));
                ++substitutions;
            }
            for (std::size_t j = i + 1; j < good.size(); ++j) {
                if (good[i] == good[j]) continue;  // swapping equal symbols changes nothing
                std::string bad = good;
                std::swap(bad[i], bad[j]);
                INFO(good << " -> " << bad);
                CHECK_FALSE(tracking_code::parse(bad));
                if (j == i + 1) ++adjacent;
            }
        }
    }
    CHECK(substitutions == sample_parts().size() * 8 * 30);
    CHECK(adjacent > sample_parts().size() * 5);  // most codes have several unequal neighbours
}

TEST_CASE("tracking_code: codes of different kiosks or sequences never collide", "[tracking_code]") {
    // Why: the code is a fixed-length base-31 writing of (kiosk, sequence), 3 + 4 symbols, which
    // is a bijection on each field's range, so different pairs give different first seven
    // symbols; and parse(make(k, s)) == (k, s) (round-trip case above) makes make() injective.
    // Here, exhaustively for 150 kiosks × 150 sequences, and for neighbours across the base-31
    // carries (30/31, 960/961 ...) where a variable-length layout would collide.
    std::set<std::string> codes;
    std::size_t made = 0;
    for (std::int64_t k = 1; k <= 150; ++k) {
        for (std::int64_t s = 1; s <= 150; ++s) {
            codes.insert(tracking_code::make(k, s));
            ++made;
        }
    }
    for (const std::int64_t k : {30, 31, 32, 960, 961, 962, 29790}) {
        for (const std::int64_t s : {30, 31, 32, 960, 961, 962, 29790, 29791, 29792, 923520}) {
            codes.insert(tracking_code::make(k, s));
            ++made;
        }
    }
    // The two loops overlap in (30..32) × (30..32): 9 pairs made twice.
    CHECK(codes.size() == made - 9);
    CHECK(tracking_code::make(1, 31) != tracking_code::make(31, 1));
}

TEST_CASE("tracking_code: parse reads what a person types", "[tracking_code]") {
    const Parts expected{1234, 56789};  // "3AU-3X4X-C", worked out above
    CHECK(tracking_code::parse("3au-3x4x-c") == expected);
    CHECK(tracking_code::parse("3au 3x4x c") == expected);
    CHECK(tracking_code::parse("  3AU3X4XC ") == expected);
    CHECK(tracking_code::parse("3a u-3x\t4x--c") == expected);
    CHECK(tracking_code::normalise(" 3au 3x4x c") == std::optional<std::string>("3AU-3X4X-C"));

    CHECK_FALSE(tracking_code::parse(""));
    CHECK_FALSE(tracking_code::parse("---"));
    CHECK_FALSE(tracking_code::parse("3AU-3X4X"));        // check symbol missing
    CHECK_FALSE(tracking_code::parse("3AU-3X4X-CC"));     // one symbol too many
    CHECK_FALSE(tracking_code::parse("3AU-3X4X-C2"));
    CHECK_FALSE(tracking_code::parse("3AU_3X4X_C"));      // only dashes and spaces are separators
    CHECK_FALSE(tracking_code::parse("3AU-3X4X-C\xC3\xA0"));  // non-ASCII
    CHECK_FALSE(tracking_code::normalise("3AU-3X4X-D"));
    // 222-2222-2 passes the check (sum 0) but kiosk 0 and sequence 0 are never issued.
    CHECK_FALSE(tracking_code::parse("222-2222-2"));
}

TEST_CASE("tracking_code: look-alikes 0 O 1 I L are refused, not guessed", "[tracking_code]") {
    // None of them is ever printed; each replaces a symbol of a valid code and must not parse.
    const std::string good = "3AU-3X4X-C";
    for (const char c : std::string("0Oo1IiLl")) {
        for (const std::size_t at : {std::size_t{0}, std::size_t{5}, std::size_t{9}}) {
            std::string typed = good;
            typed[at] = c;
            INFO(typed);
            CHECK_FALSE(tracking_code::parse(typed));
        }
    }
}
