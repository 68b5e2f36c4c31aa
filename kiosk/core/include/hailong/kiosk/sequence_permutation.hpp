#pragma once
// A keyed, secret shuffle of the complaint sequence numbers of one kiosk, so that the tracking
// codes a kiosk prints one after another are not neighbours. Without it, a citizen who holds
// code ...-0042 could look up ...-0043 on the public lookup page and read another person's
// status and reply; with it, the next code is any of the kiosk's ~900,000 codes, and guessing
// one that was issued takes, on average, hundreds of thousands of tries divided by the number
// of complaints filed (the server rate-limits the public lookup).
//
// apply() is a bijection of 1..tracking_code::max_sequence onto itself (a four-round Feistel
// network over the two base-961 halves of a sequence number, BLAKE2b keyed with the kiosk's
// secret as the round function, with cycle-walking to keep 0 out), so distinct sequence numbers
// still give distinct codes and codes stay unique across the fleet without asking the server.
// The key is drawn once per outbox and kept beside the sequence counter (Outbox), never sent.
//
// Thread safety: immutable after construction; apply() may be called from any thread.
// Errors: apply() throws std::out_of_range for a sequence outside 1..max_sequence.

#include <array>
#include <cstdint>

namespace hailong::kiosk {

class SequencePermutation {
public:
    using Key = std::array<std::uint8_t, 32>;
    explicit SequencePermutation(const Key& key) : key_(key) {}

    [[nodiscard]] std::int64_t apply(std::int64_t sequence) const;

private:
    [[nodiscard]] std::int64_t feistel(std::int64_t value) const;
    Key key_;
};

}  // namespace hailong::kiosk
