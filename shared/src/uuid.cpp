#include "hailong/uuid.hpp"

#include <random>

namespace hailong {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

constexpr bool is_dash_position(std::size_t i) { return i == 8 || i == 13 || i == 18 || i == 23; }

}  // namespace

std::optional<Uuid> Uuid::parse(std::string_view text) {
    if (text.size() != 36) return std::nullopt;
    Bytes bytes{};
    std::size_t out = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (is_dash_position(i)) {
            if (text[i] != '-') return std::nullopt;
            ++i;
            continue;
        }
        const int hi = hex_value(text[i]);
        const int lo = hex_value(text[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        bytes[out++] = static_cast<std::uint8_t>(hi << 4 | lo);
        i += 2;
    }
    return Uuid(bytes);
}

Uuid Uuid::v4_from_bytes(Bytes random) {
    random[6] = static_cast<std::uint8_t>((random[6] & 0x0F) | 0x40);  // version 4
    random[8] = static_cast<std::uint8_t>((random[8] & 0x3F) | 0x80);  // variant 10xx (RFC 9562)
    return Uuid(random);
}

Uuid Uuid::v7_from(std::chrono::milliseconds unix_time, Bytes random) {
    const auto ms = static_cast<std::uint64_t>(unix_time.count());
    for (std::size_t i = 0; i < 6; ++i) random[i] = static_cast<std::uint8_t>(ms >> (8 * (5 - i)));
    random[6] = static_cast<std::uint8_t>((random[6] & 0x0F) | 0x70);  // version 7
    random[8] = static_cast<std::uint8_t>((random[8] & 0x3F) | 0x80);  // variant 10xx (RFC 9562)
    return Uuid(random);
}

Uuid Uuid::random_v4() {
    // A fresh random_device per call: it holds no state worth sharing and this keeps the call
    // thread safe without a lock. Ids are made once per citizen, so the cost does not matter.
    std::random_device device;
    Bytes bytes{};
    for (std::size_t i = 0; i < bytes.size(); i += 4) {
        const std::uint32_t word = device();
        for (std::size_t k = 0; k < 4; ++k) bytes[i + k] = static_cast<std::uint8_t>(word >> (8 * k));
    }
    return v4_from_bytes(bytes);
}

std::string Uuid::to_string() const {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < bytes_.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        out.push_back(digits[bytes_[i] >> 4]);
        out.push_back(digits[bytes_[i] & 0x0F]);
    }
    return out;
}

std::size_t Uuid::hash() const {
    // FNV-1a: ids are random already, any mixing that touches every byte is enough.
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const std::uint8_t b : bytes_) {
        h ^= b;
        h *= 0x100000001b3ULL;
    }
    return static_cast<std::size_t>(h);
}

}  // namespace hailong
