#pragma once
// The optional receipt a citizen takes home with a complaint's tracking code: the code, its QR
// code (the lookup link, lookup_link.hpp), the date and time, the department and the hotline,
// as an ESC/POS byte stream for an 80 mm or 58 mm thermal receipt printer, sent to a device file
// (/dev/usb/lp0) or to a CUPS queue set up raw (`lp -d QUEUE -o raw`).
//
// Choices, and why:
// - The QR code is the printer's own (GS ( k, model 2, level M), not a raster image of
//   libqrencode's matrix: the printer draws it at its own dot pitch, so the modules come out
//   square and sharp; the stream stays about a hundred bytes; and the command is written out
//   byte by byte in the test, where a reviewer can check it against the ESC/POS manual. A
//   printer without GS ( k (rare since the Epson TM-T20/T88IV era) prints no symbol, but the
//   code is printed large as text above it, so the receipt still does its job. The module
//   size is chosen from the version libqrencode needs for the same text at the same level, so
//   the symbol fits 58 mm paper (384 dots) and is as large as it can be up to 8 dots (1 mm at
//   203 dpi) a module.
// - Vietnamese is printed without its diacritics ("Sở Công Thương" -> "So Cong Thuong", đ -> d):
//   most receipt printers have no Vietnamese code page, and those that do disagree (Windows-1258
//   with combining tones, TCVN 5712 (VN3), VISCII) and need a model-specific page number for
//   ESC t. Text without marks reads on every printer and is how Vietnamese SMS and bank
//   receipts are commonly written. Only the code (A-Z, 2-9) and the link must survive exactly,
//   and they are ASCII. Every byte of text outside printable ASCII that is left becomes '?',
//   so no text can ever carry a printer command.
//
// Thread safety: receipt_bytes() and receipt_text() are pure. A sink is used from one thread at a
// time (the App's printer worker); send() blocks until the bytes are handed over.

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "hailong/time.hpp"

namespace hailong::kiosk {

/// What a receipt says. The labels come translated in the citizen's language; the code is in
/// its display form and `link` is what the QR code holds.
struct Receipt {
    std::string title;          ///< "PHIẾU THEO DÕI PHẢN ÁNH"
    std::string department;     ///< the department's name
    std::string code_label;     ///< "Mã theo dõi phản ánh của Ông/Bà:"
    std::string code;           ///< "3AU-3X4X-C"
    std::string link;           ///< lookup_link(); empty: no QR code
    std::string link_hint;      ///< "Quét mã QR ..."
    std::string date_label;     ///< "Thời gian:"
    Timestamp when;             ///< printed in its own offset (the kiosk's: UTC+7)
    std::string hotline_label;  ///< "Đường dây nóng:"
    std::string hotline;        ///< empty: no hotline line
};

/// `text` as the printer gets it: NFC UTF-8 with its marks stripped, đ/Đ as d/D, anything else
/// outside printable ASCII (0x20..0x7E) as '?'.
std::string receipt_text(std::string_view text);

/// "dd/mm/yyyy HH:MM" of `when` in its offset.
std::string receipt_time(const Timestamp& when);

/// ESC/POS dots a QR module takes for a symbol of `modules` modules on a side (version 4: 33).
int receipt_qr_module_dots(int modules);

/// The whole receipt, from ESC @ (initialise) to the cut; receipt_printer.cpp lists the commands.
std::string receipt_bytes(const Receipt& receipt);

/// Where the bytes go: one method, so that tests print to a file.
class ReceiptSink {
public:
    virtual ~ReceiptSink() = default;
    /// Hands the bytes to the printer. Returns empty on success, else what went wrong, for the
    /// log (never shown to a citizen). Never throws.
    [[nodiscard]] virtual std::string send(std::string_view bytes) = 0;
};

/// Writes to a device file such as /dev/usb/lp0 (or, in tests, a regular file), which must exist:
/// it is never created, and anything but a character device or a regular file is refused. Gives up when the device takes no byte for `stall` (a printer out of
/// paper may hold the write for ever).
class DeviceSink final : public ReceiptSink {
public:
    explicit DeviceSink(std::filesystem::path device, std::chrono::milliseconds stall = std::chrono::seconds(15))
        : device_(std::move(device)), stall_(stall) {}
    [[nodiscard]] std::string send(std::string_view bytes) override;

private:
    std::filesystem::path device_;
    std::chrono::milliseconds stall_;
};

/// Runs `LP -d QUEUE -o raw` (no shell) with the bytes on its standard input and waits for it;
/// `lp` printing its job id on standard output and exiting 0 is success.
class CupsSink final : public ReceiptSink {
public:
    explicit CupsSink(std::string queue, std::string lp_command = "lp")
        : queue_(std::move(queue)), lp_(std::move(lp_command)) {}
    [[nodiscard]] std::string send(std::string_view bytes) override;

private:
    std::string queue_;
    std::string lp_;
};

/// Where a kiosk's receipts go (`receipt_printer` in kiosk_settings.hpp): a device file or a CUPS
/// queue, at most one of them; neither: the kiosk has no printer (the default).
struct ReceiptPrinterSettings {
    std::filesystem::path device;
    std::string queue;
    [[nodiscard]] bool enabled() const { return !device.empty() || !queue.empty(); }
};

/// The sink of `settings`, or nullptr when it names no printer.
std::unique_ptr<ReceiptSink> receipt_sink(const ReceiptPrinterSettings& settings);

/// A CUPS queue name as `receipt_printer.queue` may give it: 1..127 of A-Z a-z 0-9 _ . - and
/// not starting with '-' (CUPS allows more; these are enough and can never read as an option).
bool valid_cups_queue(std::string_view name);

}  // namespace hailong::kiosk
