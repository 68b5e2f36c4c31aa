// Tests of the receipt printer (kiosk/core/include/hailong/kiosk/receipt_printer.hpp): a receipt
// printed to a file standing in for /dev/usb/lp0, compared byte for byte with a stream written
// out here by hand from the ESC/POS manual, command by command; the CUPS path through a stand-in
// for `lp`; and what becomes of hostile text.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "hailong/kiosk/receipt_printer.hpp"
#include "support/read_file.hpp"
#include "support/temp_dir.hpp"

using namespace hailong;
using namespace hailong::kiosk;

namespace {

// 2026-11-20 01:15:30 UTC, made at a kiosk at UTC+7: 08:15 local time.
Timestamp made_at() {
    using namespace std::chrono;
    return Timestamp{sys_days{year{2026} / 11 / 20} + hours(1) + minutes(15) + seconds(30), minutes(7 * 60)};
}

Receipt vietnamese_receipt() {
    return Receipt{"PHIẾU THEO DÕI PHẢN ÁNH",
                   "Sở Công Thương",
                   "Mã theo dõi phản ánh của Ông/Bà:",
                   "3AU-3X4X-C",
                   "https://hailong.thanhhoa.gov.vn/lookup.html?code=3AU-3X4X-C",
                   "Quét mã QR để xem kết quả xử lý phản ánh.",
                   "Thời gian:",
                   made_at(),
                   "Đường dây nóng:",
                   "0237 3 123 456"};
}

// The reviewed stream of vietnamese_receipt(), from the ESC/POS command reference.
std::string expected_stream() {
    using namespace std::string_literals;
    std::string b;
    b += "\x1B\x40"s;      // ESC @          initialise the printer
    b += "\x1B\x74\x00"s;  // ESC t 0        code page 0 (PC437); only ASCII follows
    b += "\x1B\x61\x01"s;  // ESC a 1        centre every line
    b += "\x1B\x45\x01"s;  // ESC E 1        bold on
    b += "PHIEU THEO DOI PHAN ANH\n";  // the title without its marks
    b += "\x1B\x45\x00"s;  // ESC E 0        bold off
    b += "So Cong Thuong\n";
    b += "\n";
    b += "Ma theo doi phan anh cua Ong/Ba:\n";
    b += "\x1D\x21\x11"s;  // GS ! 0x11      characters twice as wide and twice as high
    b += "3AU-3X4X-C\n";
    b += "\x1D\x21\x00"s;  // GS ! 0         normal characters
    b += "\n";
    // GS ( k <pL pH> cn=49 fn=65 n1=50 n2=0: QR model 2
    b += "\x1D\x28\x6B\x04\x00\x31\x41\x32\x00"s;
    // GS ( k <3 0> 49 fn=67 n=8: 8 dots a module. The link is 59 bytes: version 3 at level M holds
    // 42, version 4 holds 62, so the symbol is version 4, 33 modules, 41 with the quiet zone;
    // 384 dots (58 mm paper) / 41 = 9.4, more than the 8 dots (1 mm) the receipt allows.
    b += "\x1D\x28\x6B\x03\x00\x31\x43\x08"s;
    // GS ( k <3 0> 49 fn=69 n=49: error correction level M
    b += "\x1D\x28\x6B\x03\x00\x31\x45\x31"s;
    // GS ( k <pL pH> 49 fn=80 m=48 d1..dk: store the data; pL + 256 pH = k + 3 = 59 + 3 = 62
    b += "\x1D\x28\x6B\x3E\x00\x31\x50\x30"s;
    b += "https://hailong.thanhhoa.gov.vn/lookup.html?code=3AU-3X4X-C";
    // GS ( k <3 0> 49 fn=81 m=48: print the symbol stored
    b += "\x1D\x28\x6B\x03\x00\x31\x51\x30"s;
    b += "\n";
    b += "Quet ma QR de xem ket qua xu ly phan anh.\n";
    b += "\n";
    b += "Thoi gian: 20/11/2026 08:15\n";  // 01:15 UTC + 7 h
    b += "Duong day nong: 0237 3 123 456\n";
    b += "\x1B\x64\x04"s;  // ESC d 4        feed four lines, past the cutter
    b += "\x1D\x56\x01"s;  // GS V 1         partial cut
    return b;
}

}  // namespace

TEST_CASE("receipt printer: a complaint's receipt printed to the device file is the reviewed ESC/POS stream", "[receipt]") {
    hailong::test::TempDir dir;
    const auto device = dir.path() / "lp0";
    std::ofstream(device).close();  // the device exists; the sink never creates one
    DeviceSink sink(device);
    CHECK(sink.send(receipt_bytes(vietnamese_receipt())).empty());
    CHECK(hailong::test::read_file(device) == expected_stream());
}

TEST_CASE("receipt printer: a missing device is a failure, and no file appears in its place", "[receipt]") {
    hailong::test::TempDir dir;
    DeviceSink sink(dir.path() / "lp9");
    const std::string problem = sink.send("\x1B\x40");
    CHECK_THAT(problem, Catch::Contains("lp9"));
    CHECK_FALSE(std::filesystem::exists(dir.path() / "lp9"));
}

TEST_CASE("receipt printer: a directory or a FIFO is not a printer", "[receipt]") {
    hailong::test::TempDir dir;
    CHECK_FALSE(DeviceSink(dir.path()).send("x").empty());
    const auto fifo = dir.path() / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_FALSE(DeviceSink(fifo).send("x").empty());  // no reader: ENXIO, never a wait or SIGPIPE
}

TEST_CASE("receipt printer: no link, no hotline: no QR commands and no hotline line", "[receipt]") {
    Receipt r = vietnamese_receipt();
    r.link.clear();
    r.hotline.clear();
    const std::string bytes = receipt_bytes(r);
    CHECK(bytes.find("\x1D\x28\x6B") == std::string::npos);
    CHECK(bytes.find("Duong day nong") == std::string::npos);
    CHECK(bytes.find("Quet ma QR") == std::string::npos);
    CHECK(bytes.find("3AU-3X4X-C\n") != std::string::npos);
}

TEST_CASE("receipt printer: text can never carry a printer command", "[receipt]") {
    // ESC @ inside a name, a line feed, a C1 control, and bytes that are not UTF-8.
    CHECK(receipt_text("S\x1B@ C\nT") == "S?@ C?T");
    CHECK(receipt_text("a\xC2\x9B" "b") == "a?b");
    CHECK(receipt_text("\xFF\xFE ok") == "?? ok");
    // Vietnamese loses its marks only; đ and Đ are letters of their own.
    CHECK(receipt_text("Đặng Quốc Huy, đường Lê Lợi") == "Dang Quoc Huy, duong Le Loi");
    CHECK(receipt_text("Ủy ban nhân dân tỉnh Thanh Hóa") == "Uy ban nhan dan tinh Thanh Hoa");
    // A character with no ASCII letter under it is one '?', not one per byte.
    CHECK(receipt_text("東京") == "??");

    Receipt r = vietnamese_receipt();
    r.department = "X\x1D\x56\x01Y";  // GS V 1 (cut) inside the department's name
    r.link = "https://a.vn/\x1B@";    // a link with a control byte is not printed as a QR code
    const std::string bytes = receipt_bytes(r);
    CHECK(bytes.find("X?V?Y\n") != std::string::npos);  // V is a letter; the controls are gone
    CHECK(bytes.find("\x1D\x28\x6B") == std::string::npos);
}

TEST_CASE("receipt printer: dates in the kiosk's local time, dd/mm/yyyy HH:MM", "[receipt]") {
    using namespace std::chrono;
    // 2026-12-31 17:05 UTC is 2027-01-01 00:05 at UTC+7: the day, month and year all turn.
    CHECK(receipt_time(Timestamp{sys_days{year{2026} / 12 / 31} + hours(17) + minutes(5) + seconds(59), minutes(420)}) ==
          "01/01/2027 00:05");
    CHECK(receipt_time(made_at()) == "20/11/2026 08:15");
}

TEST_CASE("receipt printer: module size fits 58 mm paper, 3 to 8 dots", "[receipt]") {
    CHECK(receipt_qr_module_dots(21) == 8);  // version 1: 29 with the quiet zone, 384 / 29 = 13.2
    CHECK(receipt_qr_module_dots(41) == 7);  // version 6: 49, 384 / 49 = 7.8
    CHECK(receipt_qr_module_dots(61) == 5);  // version 11: 69, 384 / 69 = 5.6
    CHECK(receipt_qr_module_dots(177) == 3);  // version 40: 185, 2.1, but never under 3
}

TEST_CASE("receipt printer: a CUPS queue gets the bytes on lp's standard input, raw", "[receipt]") {
    hailong::test::TempDir dir;
    // A stand-in for lp: writes its arguments and its standard input where the test reads them.
    const auto lp = dir.path() / "lp";
    {
        std::ofstream script(lp);
        script << "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" << (dir.path() / "args").string() << "'\ncat > '"
               << (dir.path() / "stdin").string() << "'\necho 'request id is receipts-1 (1 file(s))'\n";
    }
    ::chmod(lp.c_str(), 0755);
    CupsSink sink("receipts", lp.string());
    CHECK(sink.send(expected_stream()).empty());
    CHECK(hailong::test::read_file(dir.path() / "args") == "-d\nreceipts\n-o\nraw\n");
    CHECK(hailong::test::read_file(dir.path() / "stdin") == expected_stream());
}

TEST_CASE("receipt printer: lp failing or missing is a failure, never a crash", "[receipt]") {
    hailong::test::TempDir dir;
    const auto lp = dir.path() / "lp";
    {
        // Exits at once without reading: the kiosk's writes then meet a closed socket (EPIPE,
        // not SIGPIPE).
        std::ofstream script(lp);
        script << "#!/bin/sh\necho 'lp: The printer or class does not exist.' >&2\nexit 1\n";
    }
    ::chmod(lp.c_str(), 0755);
    CHECK_FALSE(CupsSink("receipts", lp.string()).send(std::string(1 << 20, 'x')).empty());
    CHECK_FALSE(CupsSink("receipts", (dir.path() / "no-such-lp").string()).send("x").empty());
    CHECK_FALSE(CupsSink("-o", lp.string()).send("x").empty());  // never reaches lp as an option
}

TEST_CASE("receipt printer: CUPS queue names", "[receipt]") {
    CHECK(valid_cups_queue("receipts"));
    CHECK(valid_cups_queue("EPSON_TM-T20III.quay1"));
    CHECK_FALSE(valid_cups_queue(""));
    CHECK_FALSE(valid_cups_queue("-d"));
    CHECK_FALSE(valid_cups_queue("a b"));
    CHECK_FALSE(valid_cups_queue("a/b"));
    CHECK_FALSE(valid_cups_queue(std::string(128, 'q')));
}
