#pragma once
// The kiosk's own configuration file: `hailong-kiosk --config FILE`. What the kiosk must know
// before it has ever reached its server (its id, where the server is, its department and the
// officers at the counter) and how it runs (window, PIN, timers). What the server later sends
// (GET /api/v1/kiosk/config) is ConfigCache's business (config_cache.hpp); this file is local.
//
// The file is one JSON object, UTF-8. Field by field (only `kiosk_id` and `department` are
// required):
//
//   kiosk_id        code      the kiosk's id as registered with `hailong-admin add-kiosk`, e.g. "TH-HCC-01"
//   server_url      string    the server's base URL, e.g. "https://10.0.0.5:8443" (default: none, offline)
//   token_file      path      file holding the kiosk's bearer token, one line (default: none)
//   ca_file         path      PEM certificate authority the server's certificate must chain to
//                             (default: the system's store)
//   data_dir        path      where the outbox and the cached server configuration live
//                             (default /var/lib/hailong-kiosk)
//   department      object    {"code": "SCT", "name": "Sở Công Thương"}: stamped on every rating;
//                             the name is shown large on the idle screen
//   site_name       text      shown above the department's name, e.g. "Trung tâm Phục vụ hành chính
//                             công tỉnh Thanh Hóa" (default: none)
//   officers        array     [{"code": "SCT-007", "name": "Nguyễn Văn An", "photo": "/path/an.jpg"}]:
//                             who may serve at this counter; "photo" (JPEG or PNG) is optional
//   services        array     [{"code": "1.001234", "name": "Cấp Giấy phép kinh doanh"}]
//   officer         code      the officer serving when the kiosk starts (one of `officers`)
//   service         code      the service served when the kiosk starts (one of `services`)
//   language        "vi"|"en" the language each citizen starts in (default "vi")
//   survey          object    {"scale": 3 or 5, "ask_tt01": true|false} (default 3, true); the
//                             reasons are the bundled ones until the server sends its own
//   shift_end       "HH:MM"   on a counter where officers sign in (their PIN or staff card, from the
//                             server's configuration), the local time the kiosk signs the officer
//                             on duty out; overrides the server's `shift_end` (default: the server's)
//   pin_hash        string    the admin PIN as `hailong-kiosk --hash-pin` prints it (argon2id);
//                             without it the admin screen cannot be opened
//   fullscreen      bool      fill the display (default true)
//   window          object    {"width": 1920, "height": 1080}: the window size when not
//                             fullscreen, 320..8192 × 240..8192 (default 1920 × 1080)
//   display_dpi     integer   the display's pixel density, 50..1000, when the system reports none
//                             or a wrong one: touch targets are sized from it (default: asked of
//                             SDL, else 160)
//   timeouts        object    {"inactivity_seconds": 45 (10..600), "warning_seconds": 25 (20..120),
//                             "rated_inactivity_seconds": 20 (10..600), "rated_warning_seconds": 10
//                             (10..120), "thanks_seconds": 6 (2..60), "complaint_thanks_seconds": 40
//                             (10..300)}; the rated pair holds once the citizen has tapped a face
//                             (flow_types.hpp, FlowTimeouts)
//   font_dir        path      where NotoSans-Regular.ttf and NotoSans-Bold.ttf are
//                             (default /usr/share/fonts/truetype/noto, Debian's fonts-noto-core)
//   speech_command  string    the text-to-speech program, run as `CMD -v vi TEXT`
//                             (default "espeak-ng")
//   speech_output   string    where the voice plays (audio_output.hpp): "auto" on headphones
//                             when some are plugged in, else the kiosk's speaker; "headphones"
//                             only ever on headphones (silent without); "speaker" always the
//                             default output (default "auto")
//   public_url      string    the server's address as citizens' phones reach it, for the lookup
//                             link of the thank-you screen's QR code and the receipt
//                             (`<public_url>/lookup.html?code=...`, lookup_link.hpp), e.g.
//                             "https://hailong.thanhhoa.gov.vn" (default: server_url; no QR code
//                             when that is not a plain http(s) address either)
//   hotline         string    the agency's hotline, shown on the thank-you screen and printed,
//                             e.g. "0237 3 123 456": 3..20 characters, digits, spaces, . - ( )
//                             and a leading +, at least 3 digits (default: none)
//   receipt_printer object    {"device": "/dev/usb/lp0"} or {"queue": "receipts"} (a CUPS queue
//                             set up raw): print a receipt for each complaint's tracking code
//                             (receipt_printer.hpp); default: no printer
//
// A key that is not one of these is refused (a misspelt "fulscreen" must not pass silently),
// unlike on the wire, where unknown keys are ignored for forward compatibility.
//
// Errors: parse_kiosk_settings throws InputError naming the field ("officers[1].code") and the
// reason; load_kiosk_settings also throws MessageError (cli.file.unreadable) for a file it cannot
// read. Thread safety: pure functions (load reads one file).

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "hailong/kiosk/audio_output.hpp"
#include "hailong/kiosk/flow_types.hpp"
#include "hailong/kiosk/receipt_printer.hpp"

namespace hailong::kiosk {

struct KioskSettings {
    std::string kiosk_id;
    std::string server_url;
    std::filesystem::path token_file;
    std::filesystem::path ca_file;
    std::filesystem::path data_dir = "/var/lib/hailong-kiosk";
    std::string department_name;
    std::string site_name;
    /// department code, officers, services, the officer and service now serving, language,
    /// survey and timers: what the rating flow gets a copy of.
    CounterConfig counter;
    std::string pin_hash;
    bool fullscreen = true;
    int window_width = 1920;
    int window_height = 1080;
    std::optional<int> display_dpi;
    std::filesystem::path font_dir = "/usr/share/fonts/truetype/noto";
    std::string speech_command = "espeak-ng";
    SpeechOutput speech_output = SpeechOutput::automatic;
    /// Checked by public_base_url(), without trailing slashes; empty: no lookup link.
    std::string public_url;
    std::string hotline;
    ReceiptPrinterSettings receipt_printer;
};

/// Reads the text of a configuration file (see the table above).
KioskSettings parse_kiosk_settings(std::string_view json_text);

/// Reads and parses `file`.
KioskSettings load_kiosk_settings(const std::filesystem::path& file);

/// The kiosk's bearer token from `token_file`: its first line, without a trailing carriage return
/// or spaces. Throws std::runtime_error naming the file when it cannot be read or the line is
/// empty. Reads one file; the token is never logged.
std::string read_token_file(const std::filesystem::path& file);

}  // namespace hailong::kiosk
