// Tests of the QR code of a complaint's lookup link (kiosk/core/include/hailong/kiosk/qr_code.hpp):
// the symbol read back by an independent decoder (zbarimg, Debian's zbar-tools) from an image
// drawn here, and its structure checked against ISO/IEC 18004 by hand.
#include <catch2/catch.hpp>

#include <fstream>

#include "hailong/kiosk/qr_code.hpp"
#include "support/temp_dir.hpp"
#include "support/zbar_read.hpp"

using namespace hailong::kiosk;

namespace {

const std::string lookup_url = "https://hailong.thanhhoa.gov.vn/lookup.html?code=3AU-3X4X-C";

// The symbol as a binary PGM, 4 pixels a module, with its quiet zone.
void write_pgm(const QrCode& qr, const std::filesystem::path& file) {
    constexpr int scale = 4;
    const int side = (qr.size() + 2 * QrCode::quiet_zone) * scale;
    std::ofstream out(file, std::ios::binary);
    out << "P5\n" << side << " " << side << "\n255\n";
    for (int py = 0; py < side; ++py)
        for (int px = 0; px < side; ++px) {
            const int x = px / scale - QrCode::quiet_zone;
            const int y = py / scale - QrCode::quiet_zone;
            out.put(qr.dark(x, y) ? '\0' : '\xFF');
        }
}

// A finder pattern with its top-left module at (x, y): a 7×7 dark ring, a light ring, a dark 3×3.
bool finder_at(const QrCode& qr, int x, int y) {
    for (int dy = 0; dy < 7; ++dy)
        for (int dx = 0; dx < 7; ++dx) {
            const int ring = std::max(std::abs(dx - 3), std::abs(dy - 3));  // 3: outer, 2: light, ≤1: centre
            if (qr.dark(x + dx, y + dy) != (ring != 2)) return false;
        }
    return true;
}

}  // namespace

TEST_CASE("qr code: the lookup link reads back from the symbol with zbarimg", "[qr]") {
    const auto qr = QrCode::encode(lookup_url);
    REQUIRE(qr);
    hailong::test::TempDir dir;
    write_pgm(*qr, dir.path() / "link.pgm");
    const auto read = hailong::test::zbar_read(dir.path() / "link.pgm");
    if (!read) {
        WARN("zbarimg (zbar-tools) is not installed: the symbol was not decoded");
        return;
    }
    CHECK(*read == lookup_url);
}

TEST_CASE("qr code: version 4, 33 modules, finder and timing patterns where ISO/IEC 18004 puts them", "[qr]") {
    const auto qr = QrCode::encode(lookup_url);
    REQUIRE(qr);
    // 59 bytes: version 3 at level M holds 42 bytes, version 4 holds 62; 17 + 4 × 4 = 33 modules.
    CHECK(qr->version() == 4);
    CHECK(qr->size() == 33);
    CHECK(finder_at(*qr, 0, 0));
    CHECK(finder_at(*qr, 33 - 7, 0));
    CHECK(finder_at(*qr, 0, 33 - 7));
    CHECK_FALSE(finder_at(*qr, 33 - 7, 33 - 7));  // the fourth corner has none
    // Timing patterns: row 6 and column 6 alternate between the finders, dark on even modules.
    for (int i = 8; i < 33 - 8; ++i) {
        INFO("module " << i);
        CHECK(qr->dark(i, 6) == (i % 2 == 0));
        CHECK(qr->dark(6, i) == (i % 2 == 0));
    }
    // The dark module beside the bottom-left finder, at (8, 4 × version + 9).
    CHECK(qr->dark(8, 4 * 4 + 9));
    // Outside the symbol is light (the quiet zone the screen and the paper add).
    CHECK_FALSE(qr->dark(-1, 0));
    CHECK_FALSE(qr->dark(33, 5));
}

TEST_CASE("qr code: empty, too long or NUL-carrying texts are refused", "[qr]") {
    CHECK_FALSE(QrCode::encode(""));
    CHECK_FALSE(QrCode::encode(std::string(QrCode::max_text_bytes + 1, 'a')));
    CHECK_FALSE(QrCode::encode(std::string("a\0b", 3)));
    CHECK(QrCode::encode(std::string(QrCode::max_text_bytes, 'a')));
}
