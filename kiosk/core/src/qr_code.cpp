#include "hailong/kiosk/qr_code.hpp"

#include <qrencode.h>

#include <memory>
#include <string>

namespace hailong::kiosk {

std::optional<QrCode> QrCode::encode(std::string_view text) {
    if (text.empty() || text.size() > max_text_bytes || text.find('\0') != std::string_view::npos) return std::nullopt;
    const std::string terminated(text);  // libqrencode reads a C string
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
        QRcode_encodeString(terminated.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
    if (!qr || qr->width <= 0) return std::nullopt;
    const auto n = static_cast<std::size_t>(qr->width);
    std::vector<std::uint8_t> modules(n * n);
    // libqrencode's bytes carry flags for its own use in the upper bits; bit 0 is the colour.
    for (std::size_t i = 0; i < modules.size(); ++i) modules[i] = qr->data[i] & 1u;
    return QrCode(qr->version, qr->width, std::move(modules));
}

bool QrCode::dark(int x, int y) const {
    if (x < 0 || y < 0 || x >= size_ || y >= size_) return false;
    return modules_[static_cast<std::size_t>(y) * static_cast<std::size_t>(size_) + static_cast<std::size_t>(x)] != 0;
}

}  // namespace hailong::kiosk
