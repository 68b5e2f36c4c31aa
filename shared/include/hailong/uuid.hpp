#pragma once
// Universally unique identifiers (RFC 9562) as used for submission ids.
//
// A submission's id is its idempotency key (api-v1.md): the kiosk makes it when the citizen presses
// submit, and the server stores a submission once per id however often it is sent.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hailong {

/// A 128-bit UUID. A regular value type: cheap to copy, ordered, hashable via `hash()`.
/// Thread safety: immutable, safe to share.
class Uuid {
public:
    using Bytes = std::array<std::uint8_t, 16>;

    /// The nil UUID (all zero).
    constexpr Uuid() = default;
    constexpr explicit Uuid(const Bytes& bytes) : bytes_(bytes) {}

    /// Parses the canonical 8-4-4-4-12 hexadecimal form, upper or lower case, nothing around it
    /// (no braces, no "urn:uuid:"). Returns nullopt for anything else.
    static std::optional<Uuid> parse(std::string_view text);

    /// A random (version 4) UUID built from 16 bytes of randomness. The version and variant bits
    /// are overwritten; the other 122 bits come from `random`.
    static Uuid v4_from_bytes(Bytes random);

    /// A time-ordered (version 7) UUID: the first 48 bits are `unix_time` in milliseconds, big
    /// endian; the version and variant bits are set; the other 74 bits come from `random`. The
    /// kiosk makes its ids so: ids made one after another sort together, and a store's index of
    /// them grows at one end instead of touching a random page for every new submission.
    static Uuid v7_from(std::chrono::milliseconds unix_time, Bytes random);

    /// A random version 4 UUID from the operating system's random source (std::random_device,
    /// which reads getrandom(2) on Linux). Thread safe. Throws std::runtime_error if the system has
    /// no random source.
    static Uuid random_v4();

    /// Canonical lower-case 36-character form.
    [[nodiscard]] std::string to_string() const;

    [[nodiscard]] const Bytes& bytes() const { return bytes_; }
    [[nodiscard]] int version() const { return bytes_[6] >> 4; }
    [[nodiscard]] bool is_nil() const { return bytes_ == Bytes{}; }
    [[nodiscard]] std::size_t hash() const;

    friend bool operator==(const Uuid&, const Uuid&) = default;
    friend auto operator<=>(const Uuid&, const Uuid&) = default;

private:
    Bytes bytes_{};
};

}  // namespace hailong
