// Tests of the keyed shuffle of tracking-code sequence numbers
// (kiosk/core/include/hailong/kiosk/sequence_permutation.hpp).
#include "hailong/kiosk/sequence_permutation.hpp"

#include <cstdlib>
#include <vector>

#include <catch2/catch.hpp>

#include "hailong/tracking_code.hpp"

using namespace hailong;
using namespace hailong::kiosk;

namespace {

SequencePermutation::Key counting_key(std::uint8_t first = 0) {
    SequencePermutation::Key key{};
    for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(first + i);
    return key;
}

}  // namespace

TEST_CASE("sequence permutation: known answers of an independent implementation", "[sequence_permutation]") {
    // Computed with Python's hashlib, not with libsodium: hashlib.blake2b(bytes([round, v >> 8,
    // v & 0xff]), digest_size=8, key=bytes(range(32))) as the round function, read big-endian,
    // mod 961; four rounds L, R = R, (L + F(r, R)) % 961 over divmod(sequence, 961); applied again
    // while the result is 0.
    const SequencePermutation p(counting_key());
    CHECK(p.apply(1) == 43329);
    CHECK(p.apply(2) == 720352);
    CHECK(p.apply(3) == 531428);
    CHECK(p.apply(42) == 391541);
    CHECK(p.apply(tracking_code::max_sequence) == 52271);
}

TEST_CASE("sequence permutation: every sequence number maps to a different one, never to 0", "[sequence_permutation]") {
    const SequencePermutation p(counting_key(7));
    std::vector<bool> seen(static_cast<std::size_t>(tracking_code::max_sequence) + 1, false);
    std::int64_t repeats = 0, out_of_range = 0;
    for (std::int64_t s = 1; s <= tracking_code::max_sequence; ++s) {
        const std::int64_t v = p.apply(s);
        if (v < 1 || v > tracking_code::max_sequence) {
            ++out_of_range;
            continue;
        }
        if (seen[static_cast<std::size_t>(v)]) ++repeats;
        seen[static_cast<std::size_t>(v)] = true;
    }
    CHECK(out_of_range == 0);
    CHECK(repeats == 0);  // with no repeat over the whole domain, it is a bijection onto it
    CHECK_THROWS_AS(p.apply(0), std::out_of_range);
    CHECK_THROWS_AS(p.apply(tracking_code::max_sequence + 1), std::out_of_range);
}

TEST_CASE("sequence permutation: consecutive complaints get far-apart codes, and keys differ", "[sequence_permutation]") {
    const SequencePermutation a(counting_key(1)), b(counting_key(2));
    int near = 0, same = 0;
    for (std::int64_t s = 1; s < 10000; ++s) {
        if (std::llabs(a.apply(s + 1) - a.apply(s)) <= 100) ++near;
        if (a.apply(s) == b.apply(s)) ++same;
    }
    // For a random shuffle of 923,520 numbers, a neighbour within ±100 has probability about
    // 200 / 923,520 (about 2 of these 9,999 pairs), and two keys agree on about 1 in 923,520.
    CHECK(near <= 20);
    CHECK(same <= 5);
}
