// Tests of the kiosk's configuration file (kiosk/core/include/hailong/kiosk/kiosk_settings.hpp):
// every field read, defaults, and each refusal naming its field.
#include <catch2/catch.hpp>

#include <fstream>

#include "hailong/field_error.hpp"
#include "hailong/kiosk/kiosk_settings.hpp"
#include "support/temp_dir.hpp"

using namespace hailong;
using namespace hailong::kiosk;

namespace {

// The field path and code of the error parse_kiosk_settings throws for `text`.
std::pair<std::string, std::string> refusal(const std::string& text) {
    try {
        (void)parse_kiosk_settings(text);
    } catch (const InputError& e) {
        return {e.error().field, e.error().message.key};
    }
    return {"(accepted)", ""};
}

const std::string minimal = R"({"kiosk_id": "TH-HCC-01", "department": {"code": "SCT", "name": "Sở Công Thương"}})";

}  // namespace

TEST_CASE("kiosk settings: a minimal file gets the documented defaults", "[settings]") {
    const KioskSettings s = parse_kiosk_settings(minimal);
    CHECK(s.kiosk_id == "TH-HCC-01");
    CHECK(s.counter.department == "SCT");
    CHECK(s.department_name == "Sở Công Thương");
    CHECK(s.server_url.empty());
    CHECK(s.data_dir == "/var/lib/hailong-kiosk");
    CHECK(s.fullscreen);
    CHECK(s.window_width == 1920);
    CHECK(s.window_height == 1080);
    CHECK_FALSE(s.display_dpi);
    CHECK(s.counter.default_lang == "vi");
    CHECK(s.counter.survey == default_survey());
    CHECK(s.counter.timeouts.inactivity == std::chrono::seconds(45));
    CHECK(s.counter.timeouts.warning == std::chrono::seconds(25));
    CHECK(s.counter.timeouts.rated_inactivity == std::chrono::seconds(20));
    CHECK(s.counter.timeouts.rated_warning == std::chrono::seconds(10));
    CHECK(s.pin_hash.empty());
    CHECK(s.font_dir == "/usr/share/fonts/truetype/noto");
    CHECK(s.speech_command == "espeak-ng");
}

TEST_CASE("kiosk settings: every field of the example file is read", "[settings]") {
    const hailong::test::TempDir dir;
    const auto file = dir.path() / "kiosk.json";
    std::ofstream(file) << R"({
      "kiosk_id": "TH-HCC-02", "server_url": "https://10.0.0.5:8443", "token_file": "/etc/hailong/token",
      "ca_file": "/etc/hailong/ca.pem", "data_dir": "/srv/kiosk",
      "department": {"code": "STTTT", "name": "Sở Thông tin và Truyền thông"},
      "site_name": "Trung tâm Phục vụ hành chính công",
      "officers": [{"code": "STTTT-012", "name": "Hoàng Văn Em", "photo": "/srv/em.jpg"},
                   {"code": "STTTT-015", "name": "Vũ Thị Phương"}],
      "services": [{"code": "1.004567", "name": "Cấp giấy phép bưu chính"}],
      "officer": "STTTT-015", "service": "1.004567", "language": "en",
      "survey": {"scale": 5, "ask_tt01": false}, "pin_hash": "$argon2id$x",
      "fullscreen": false, "window": {"width": 1280, "height": 800}, "display_dpi": 149,
      "timeouts": {"inactivity_seconds": 30, "warning_seconds": 20, "rated_inactivity_seconds": 15,
                   "rated_warning_seconds": 12, "thanks_seconds": 4, "complaint_thanks_seconds": 60},
      "font_dir": "/opt/fonts", "speech_command": "/usr/bin/espeak-ng"
    })";
    const KioskSettings s = load_kiosk_settings(file);
    CHECK(s.kiosk_id == "TH-HCC-02");
    CHECK(s.server_url == "https://10.0.0.5:8443");
    CHECK(s.token_file == "/etc/hailong/token");
    CHECK(s.ca_file == "/etc/hailong/ca.pem");
    CHECK(s.data_dir == "/srv/kiosk");
    CHECK(s.site_name == "Trung tâm Phục vụ hành chính công");
    REQUIRE(s.counter.officers.size() == 2);
    CHECK(s.counter.officers[0] == Officer{"STTTT-012", "Hoàng Văn Em", "/srv/em.jpg"});
    CHECK(s.counter.officers[1].photo.empty());
    CHECK(s.counter.services == std::vector<Service>{{"1.004567", "Cấp giấy phép bưu chính"}});
    CHECK(s.counter.officer == "STTTT-015");
    CHECK(s.counter.service == "1.004567");
    CHECK(s.counter.default_lang == "en");
    CHECK(s.counter.survey.scale == 5);
    CHECK_FALSE(s.counter.survey.ask_tt01);
    CHECK(s.counter.survey.reasons == default_survey().reasons);
    CHECK(s.pin_hash == "$argon2id$x");
    CHECK_FALSE(s.fullscreen);
    CHECK(s.window_width == 1280);
    CHECK(s.window_height == 800);
    CHECK(s.display_dpi == 149);
    CHECK(s.counter.timeouts.inactivity == std::chrono::seconds(30));
    CHECK(s.counter.timeouts.warning == std::chrono::seconds(20));
    CHECK(s.counter.timeouts.rated_inactivity == std::chrono::seconds(15));
    CHECK(s.counter.timeouts.rated_warning == std::chrono::seconds(12));
    CHECK(s.counter.timeouts.thanks == std::chrono::seconds(4));
    CHECK(s.counter.timeouts.thanks_complaint == std::chrono::seconds(60));
    CHECK(s.font_dir == "/opt/fonts");
    CHECK(s.speech_command == "/usr/bin/espeak-ng");
}

TEST_CASE("kiosk settings: the bundled example configuration is valid", "[settings]") {
    const KioskSettings s = load_kiosk_settings(std::string(HAILONG_SOURCE_DIR) + "/assets/kiosk/kiosk.example.json");
    CHECK(s.kiosk_id == "TH-HCC-01");
    CHECK(s.counter.officer == "SCT-007");
    CHECK_FALSE(s.pin_hash.empty());
}

TEST_CASE("kiosk settings: each refusal names the field", "[settings]") {
    using P = std::pair<std::string, std::string>;
    CHECK(refusal(R"({"department": {"code": "SCT", "name": "x"}})") == P{"kiosk_id", "error.missing"});
    CHECK(refusal(R"({"kiosk_id": "TH 01", "department": {"code": "SCT", "name": "x"}})") == P{"kiosk_id", "error.code.format"});
    CHECK(refusal(R"({"kiosk_id": "K", "department": {"code": "SCT"}})") == P{"department.name", "error.missing"});
    CHECK(refusal(R"({"kiosk_id": "K", "department": {"code": "SCT", "name": "x"}, "fulscreen": false})") ==
          P{"fulscreen", "error.settings.unknown_key"});
    CHECK(refusal(R"({"kiosk_id": "K", "department": {"code": "SCT", "name": "x"}, "fullscreen": "yes"})") ==
          P{"fullscreen", "error.query.boolean"});
    CHECK(refusal(R"({"kiosk_id": "K", "department": {"code": "SCT", "name": "x"}, "survey": {"scale": 4}})") ==
          P{"survey.scale", "error.rating.scale"});
    CHECK(refusal(R"({"kiosk_id": "K", "department": {"code": "SCT", "name": "x"}, "language": "fr"})") ==
          P{"language", "error.lang.format"});
    CHECK(refusal(R"({"kiosk_id": "K", "department": {"code": "SCT", "name": "x"}, "window": {"width": 100}})") ==
          P{"window.width", "error.settings.range"});
    CHECK(refusal(R"({"kiosk_id": "K", "department": {"code": "SCT", "name": "x"}, "timeouts": {"warning_seconds": 10}})") ==
          P{"timeouts.warning_seconds", "error.settings.range"});
    CHECK(refusal(R"({"kiosk_id": "K", "department": {"code": "SCT", "name": "x"}, "timeouts": {"rated_warning_seconds": 9}})") ==
          P{"timeouts.rated_warning_seconds", "error.settings.range"});
    CHECK(refusal(R"({"kiosk_id": "K", "department": {"code": "SCT", "name": "x"},
                      "officers": [{"code": "A", "name": "x"}, {"code": "A", "name": "y"}]})") ==
          P{"officers[1].code", "error.settings.duplicate_code"});
    CHECK(refusal(R"({"kiosk_id": "K", "department": {"code": "SCT", "name": "x"},
                      "officers": [{"code": "A", "name": "x"}], "officer": "B"})") ==
          P{"officer", "error.settings.not_listed"});
    CHECK(refusal(R"({"kiosk_id": "K", "department": {"code": "SCT", "name": "x"}, "kiosk_id": "L"})") ==
          P{"kiosk_id", "error.json.duplicate_key"});
}

TEST_CASE("kiosk settings: a file that cannot be read is named", "[settings]") {
    try {
        (void)load_kiosk_settings("/nonexistent/kiosk.json");
        FAIL("accepted");
    } catch (const MessageError& e) {
        CHECK(e.message().key == "cli.file.unreadable");
        CHECK(e.message().params.at(0).second == "/nonexistent/kiosk.json");
    }
}

TEST_CASE("kiosk settings: the token file's first line is the token, trailing CR and spaces dropped", "[settings]") {
    const hailong::test::TempDir dir;
    const auto file = dir.path() / "kiosk.token";
    std::ofstream(file) << "hlk_abc123 \r\nsecond line ignored\n";
    CHECK(hailong::kiosk::read_token_file(file) == "hlk_abc123");
    std::ofstream(file, std::ios::trunc) << "\n";
    CHECK_THROWS_WITH(hailong::kiosk::read_token_file(file), Catch::Contains("kiosk.token: the kiosk token file is empty"));
    CHECK_THROWS_WITH(hailong::kiosk::read_token_file(dir.path() / "missing"), Catch::Contains("missing: cannot read the kiosk token"));
}

TEST_CASE("kiosk settings: the kiosk's own end of shift overrides the server's, as HH:MM", "[settings][duty]") {
    const KioskSettings s = parse_kiosk_settings(
        R"({"kiosk_id": "TH-HCC-01", "department": {"code": "SCT", "name": "Sở Công Thương"}, "shift_end": "11:30"})");
    CHECK(s.counter.shift_end_override == std::chrono::minutes(11 * 60 + 30));
    CHECK_FALSE(s.counter.shift_end);  // the server's, until it sends one
    CHECK_FALSE(parse_kiosk_settings(minimal).counter.shift_end_override);
    using P = std::pair<std::string, std::string>;
    CHECK(refusal(R"({"kiosk_id": "K", "department": {"code": "SCT", "name": "x"}, "shift_end": "25:00"})") ==
          P{"shift_end", "error.time.syntax"});
}

namespace {

// `minimal` with more fields: `fields` is the text of members to add, e.g. R"("hotline": "1900")".
std::string with(const std::string& fields) {
    return R"({"kiosk_id": "TH-HCC-01", "department": {"code": "SCT", "name": "Sở Công Thương"}, )" + fields + "}";
}

}  // namespace

TEST_CASE("kiosk settings: the public URL of the lookup link, else the server's", "[settings][receipt]") {
    CHECK(parse_kiosk_settings(minimal).public_url.empty());
    CHECK(parse_kiosk_settings(with(R"("server_url": "https://10.0.0.5:8443/")")).public_url == "https://10.0.0.5:8443");
    CHECK(parse_kiosk_settings(with(R"("server_url": "https://10.0.0.5:8443", "public_url": "https://hailong.thanhhoa.gov.vn/")"))
              .public_url == "https://hailong.thanhhoa.gov.vn");
    // A server URL that is no plain address (curl may still take it) gives no link, not a refusal.
    CHECK(parse_kiosk_settings(with(R"("server_url": "https://user@10.0.0.5")")).public_url.empty());
    using P = std::pair<std::string, std::string>;
    CHECK(refusal(with(R"j("public_url": "javascript:alert(1)")j")) == P{"public_url", "error.settings.public_url"});
    CHECK(refusal(with(R"("public_url": "https://a.vn/?code=X")")) == P{"public_url", "error.settings.public_url"});
    CHECK(refusal(with(R"("public_url": 42)")) == P{"public_url", "error.type.string"});
}

TEST_CASE("kiosk settings: the hotline is a telephone number", "[settings][receipt]") {
    CHECK(parse_kiosk_settings(minimal).hotline.empty());
    for (const char* ok : {"1900 1234", "0237.3.123.456", "+84 (237) 3123456", "113"}) {
        INFO(ok);
        CHECK(parse_kiosk_settings(with(std::string(R"("hotline": ")") + ok + "\"")).hotline == ok);
    }
    using P = std::pair<std::string, std::string>;
    for (const char* bad : {"", "12", "gọi 1900 1234", "1900+1234", "---", "1900 1234 5678 9012 345", "19\\u001b00"}) {
        INFO(bad);
        CHECK(refusal(with(std::string(R"("hotline": ")") + bad + "\"")) == P{"hotline", "error.settings.hotline"});
    }
}

TEST_CASE("kiosk settings: a receipt printer is a device or a CUPS queue, off by default", "[settings][receipt]") {
    CHECK_FALSE(parse_kiosk_settings(minimal).receipt_printer.enabled());
    const KioskSettings device = parse_kiosk_settings(with(R"("receipt_printer": {"device": "/dev/usb/lp0"})"));
    CHECK(device.receipt_printer.device == "/dev/usb/lp0");
    CHECK(device.receipt_printer.queue.empty());
    const KioskSettings queue = parse_kiosk_settings(with(R"("receipt_printer": {"queue": "receipts"})"));
    CHECK(queue.receipt_printer.queue == "receipts");
    CHECK(queue.receipt_printer.enabled());

    using P = std::pair<std::string, std::string>;
    CHECK(refusal(with(R"("receipt_printer": {})")) == P{"receipt_printer", "error.settings.printer"});
    CHECK(refusal(with(R"("receipt_printer": {"device": "/dev/usb/lp0", "queue": "receipts"})")) ==
          P{"receipt_printer", "error.settings.printer"});
    CHECK(refusal(with(R"("receipt_printer": {"device": "usb/lp0"})")) ==
          P{"receipt_printer.device", "error.settings.printer_device"});
    CHECK(refusal(with(R"("receipt_printer": {"queue": "-o"})")) == P{"receipt_printer.queue", "error.settings.printer_queue"});
    CHECK(refusal(with(R"("receipt_printer": {"queue": "a b"})")) == P{"receipt_printer.queue", "error.settings.printer_queue"});
    CHECK(refusal(with(R"("receipt_printer": {"devise": "/dev/usb/lp0"})")) ==
          P{"receipt_printer.devise", "error.settings.unknown_key"});
}

TEST_CASE("kiosk settings: the voice plays on headphones when plugged in, unless the setting says otherwise", "[settings][speech]") {
    CHECK(parse_kiosk_settings(minimal).speech_output == SpeechOutput::automatic);
    CHECK(parse_kiosk_settings(with(R"("speech_output": "auto")")).speech_output == SpeechOutput::automatic);
    CHECK(parse_kiosk_settings(with(R"("speech_output": "headphones")")).speech_output == SpeechOutput::headphones);
    CHECK(parse_kiosk_settings(with(R"("speech_output": "speaker")")).speech_output == SpeechOutput::speaker);
    using P = std::pair<std::string, std::string>;
    CHECK(refusal(with(R"("speech_output": "Headphones")")) == P{"speech_output", "error.settings.speech_output"});
    CHECK(refusal(with(R"("speech_output": true)")) == P{"speech_output", "error.type.string"});
}
