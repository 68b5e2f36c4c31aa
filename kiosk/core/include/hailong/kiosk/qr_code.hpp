#pragma once
// A QR code symbol as a matrix of modules, encoded by Debian's libqrencode: the thank-you screen
// draws it and the tests read it back. Model 2, error correction level M (15 % of the symbol may
// be lost: a scratched screen, a finger's smudge), the smallest version that holds the text, in
// whatever mix of modes libqrencode finds shortest (case is kept).
//
// The matrix holds the symbol only; whoever draws it adds the quiet zone of `quiet_zone` light
// modules on every side, which a reader needs to find the symbol.
//
// Ownership: a plain value (the matrix is copied out of libqrencode's buffer, which is freed at
// once). Thread safety: encode() is reentrant (libqrencode keeps no global state for it); a
// QrCode is immutable. Errors: encode() returns nullopt for an empty text, a text with a NUL
// byte, a text longer than max_text_bytes, or when libqrencode fails (out of memory); it never
// throws for the text.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace hailong::kiosk {

class QrCode {
public:
    /// Light modules a reader needs around the symbol (ISO/IEC 18004: four).
    static constexpr int quiet_zone = 4;
    /// Longer texts are refused: version 13 at level M holds 331 bytes; the lookup URL is far
    /// shorter (lookup_link.hpp), and a bigger symbol would not scan from the screen.
    static constexpr std::size_t max_text_bytes = 300;

    static std::optional<QrCode> encode(std::string_view text);

    /// 1..40; the symbol is 17 + 4 × version modules on a side.
    [[nodiscard]] int version() const { return version_; }
    /// Modules on a side, without the quiet zone.
    [[nodiscard]] int size() const { return size_; }
    /// The module at column x, row y (0 ≤ x, y < size(), else light) is dark.
    [[nodiscard]] bool dark(int x, int y) const;

private:
    QrCode(int version, int size, std::vector<std::uint8_t> modules)
        : version_(version), size_(size), modules_(std::move(modules)) {}
    int version_;
    int size_;
    std::vector<std::uint8_t> modules_;  // row by row, 1 = dark
};

}  // namespace hailong::kiosk
