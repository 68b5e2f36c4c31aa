#include "hailong/kiosk/sequence_permutation.hpp"

#include <stdexcept>
#include <string>

#include <sodium.h>

#include "hailong/tracking_code.hpp"

namespace hailong::kiosk {
namespace {

// The sequence symbols are 4 base-31 digits: 31^4 = 961 × 961 values, split in two halves.
constexpr std::int64_t half = 961;
constexpr int rounds = 4;

std::int64_t round_function(const SequencePermutation::Key& key, int round, std::int64_t value) {
    const std::uint8_t message[3] = {static_cast<std::uint8_t>(round), static_cast<std::uint8_t>(value >> 8),
                                     static_cast<std::uint8_t>(value & 0xff)};
    std::uint8_t out[8];
    crypto_generichash(out, sizeof out, message, sizeof message, key.data(), key.size());
    std::uint64_t v = 0;
    for (const std::uint8_t b : out) v = (v << 8) | b;
    return static_cast<std::int64_t>(v % static_cast<std::uint64_t>(half));  // bias < 2^-50: irrelevant
}

}  // namespace

std::int64_t SequencePermutation::feistel(std::int64_t value) const {
    std::int64_t left = value / half, right = value % half;
    for (int r = 0; r < rounds; ++r) {
        const std::int64_t next = (left + round_function(key_, r, right)) % half;
        left = right;
        right = next;
    }
    return left * half + right;
}

std::int64_t SequencePermutation::apply(std::int64_t sequence) const {
    if (sequence < 1 || sequence > tracking_code::max_sequence)
        throw std::out_of_range("sequence " + std::to_string(sequence) + " is outside 1.." +
                                std::to_string(tracking_code::max_sequence));
    // The Feistel network permutes 0..961²-1; walking the cycle past 0 (never a valid sequence)
    // restricts it to a permutation of 1..max_sequence. Its cycle through 0 is short on average.
    std::int64_t v = feistel(sequence);
    while (v == 0) v = feistel(v);
    return v;
}

}  // namespace hailong::kiosk
