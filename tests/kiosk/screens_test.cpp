// Scripted runs of the kiosk's screens in an offscreen window: what a citizen, a keypad user and
// an admin do, checked through what the services were asked and what the flow shows, and a
// screenshot of every screen in both languages compared with its golden image
// (assets/kiosk/golden; HAILONG_UPDATE_GOLDENS=1 rewrites them). See screen_harness.hpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cfloat>
#include <fstream>
#include <map>
#include <sstream>

#include "pin_hash.hpp"
#include "screen_harness.hpp"
#include "hailong/tracking_code.hpp"
#include "speech.hpp"
#include "support/temp_dir.hpp"
#include "support/zbar_read.hpp"

using namespace hailong;
using namespace hailong::kiosk;
using namespace hailong::kiosk::test;
using namespace std::chrono_literals;

namespace {

void to_rating(Harness& h) {
    h.tap("start");
    REQUIRE(h.flow().screen() == Screen::rating);
}

// A counter with many officers and services: the admin's lists need pages.
KioskSettings busy_counter() {
    KioskSettings s = test_settings();
    for (const auto& [code, name] : std::vector<std::pair<std::string, std::string>>{
             {"SCT-004", "Đỗ Minh Khoa"}, {"SCT-005", "Bùi Thị Lan"}, {"SCT-006", "Ngô Quang Minh"},
             {"SCT-008", "Hồ Thị Ngọc"}, {"SCT-009", "Dương Văn Phúc"}})
        s.counter.officers.push_back({code, name, ""});
    for (const auto& [code, name] : std::vector<std::pair<std::string, std::string>>{
             {"2.000591", "Cấp lại Giấy phép bán lẻ sản phẩm rượu"},
             {"2.000620", "Cấp sửa đổi, bổ sung Giấy phép bán lẻ sản phẩm rượu"},
             {"2.000666", "Cấp Giấy phép sản xuất rượu thủ công nhằm mục đích kinh doanh"},
             {"2.001283", "Cấp Giấy chứng nhận đủ điều kiện kinh doanh xăng dầu"},
             {"2.000162", "Cấp Giấy xác nhận đủ điều kiện làm tổng đại lý kinh doanh xăng dầu"},
             {"2.001624", "Cấp Giấy phép kinh doanh bán lẻ sản phẩm thuốc lá"}})
        s.counter.services.push_back({code, name});
    return s;
}

void to_admin(Harness& h) {
    h.key(SDL_SCANCODE_A, true, true);
    for (const SDL_Scancode k : {SDL_SCANCODE_2, SDL_SCANCODE_4, SDL_SCANCODE_6, SDL_SCANCODE_8, SDL_SCANCODE_RETURN}) h.key(k);
    REQUIRE(h.flow().screen() == Screen::admin);
}

bool overlap(const Rect& a, const Rect& b) {
    return a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom();
}

void to_reasons(Harness& h) {
    to_rating(h);
    h.tap("rating.1");
    send_tt01(h);
    REQUIRE(h.flow().screen() == Screen::reasons);
}

}  // namespace

// ---- behaviour, through real taps and keys ----

TEST_CASE("kiosk: three taps save a rating, and the thank-you comes after the save", "[screens]") {
    Harness h;
    h.doubles().hold_saves = true;
    h.tap("start");
    h.tap("rating.3");
    REQUIRE(h.flow().screen() == Screen::tt01);
    REQUIRE(h.doubles().kept.size() == 1);  // the face tap is kept at once
    h.frame();
    h.tap("next");
    CHECK(h.flow().screen() == Screen::saving);  // the save is held: no thanks yet
    h.doubles().release_saves();
    h.settle();
    CHECK(h.flow().screen() == Screen::thanks);
    REQUIRE(h.doubles().saved.size() == 1);
    const Submission& s = h.doubles().saved[0];
    CHECK(s == h.doubles().kept[0]);  // "Gửi" completes the same submission
    CHECK(s.rating == Rating{3, 3});
    CHECK(s.department == "SCT");
    CHECK(s.officer == "SCT-007");
    CHECK(s.service == "2.000633");
    CHECK(s.lang == "vi");
    CHECK_FALSE(h.doubles().complaints[0]);
    // Back to idle by itself after the thank-you time (6 s).
    h.tick(6s);
    CHECK(h.flow().screen() == Screen::idle);
}

TEST_CASE("kiosk: the server's officers, services and reasons replace the local ones between citizens", "[screens][config]") {
    Harness h;
    KioskConfig server;
    server.kiosk_id = "TH-HCC-01";
    server.department = {"SCT", "Sở Công Thương tỉnh Thanh Hóa"};
    server.officers = {{"SCT-007", "Phạm Thị Dung"}, {"SCT-044", "Đặng Quốc Huy"}};
    server.services = {{"2.000633", "Cấp Giấy phép bán lẻ sản phẩm rượu"}};
    server.survey.reasons = {{"queue", {{"vi", "Xếp hàng quá lâu, không có ghế ngồi"}, {"en", "Queued too long, no seats"}}}};
    server.source = KioskConfig::Source::server;

    // A citizen is on the reasons screen when it arrives: their screen does not change.
    to_reasons(h);
    h.doubles().push_config(server);
    h.frame();
    CHECK(h.app().widget("reason.slow"));
    CHECK_FALSE(h.app().widget("reason.queue"));
    for (int i = 0; i < 3; ++i) h.tap("back");  // reasons -> TT 01 -> rating -> idle
    REQUIRE(h.flow().screen() == Screen::idle);
    // Their face counts: sent as they left it.
    REQUIRE(h.doubles().saved.size() == 1);
    CHECK(h.doubles().saved[0].rating == Rating{3, 1});

    // The next citizen sees the server's survey, and the photo of SCT-007 (local file) stays.
    CHECK(h.flow().counter().officers.size() == 2);
    REQUIRE(h.flow().officer() != nullptr);
    CHECK(h.flow().officer()->photo == "photo-dung.png");
    to_reasons(h);
    CHECK_FALSE(h.app().widget("reason.slow"));
    h.tap("reason.queue");
    h.tap("next");
    h.settle();
    REQUIRE(h.doubles().saved.size() == 2);
    CHECK(h.doubles().saved[1].reasons == std::vector<std::string>{"queue"});
}

TEST_CASE("kiosk: the server's list of services lacks the counter's procedure: ratings still name it", "[screens][config]") {
    Harness h;
    KioskConfig server;
    server.kiosk_id = "TH-HCC-01";
    server.department = {"SCT", "Sở Công Thương"};
    server.officers = {{"SCT-007", "Phạm Thị Dung"}};
    server.services = {{"2.000181", "Cấp Giấy chứng nhận đủ điều kiện an toàn thực phẩm"}};  // not 2.000633
    server.source = KioskConfig::Source::server;
    h.doubles().push_config(server);
    h.settle();
    REQUIRE(h.flow().service() != nullptr);
    CHECK(h.flow().service()->code == "2.000633");
    to_rating(h);
    h.tap("rating.3");
    h.tap("next");
    REQUIRE(h.doubles().saved.size() == 1);
    CHECK(h.doubles().saved[0].service == "2.000633");
}

TEST_CASE("kiosk: a citizen looks a complaint up by its code and reads the reply", "[screens][lookup]") {
    Harness h;
    h.tap("open_lookup");
    REQUIRE(h.flow().screen() == Screen::lookup);
    const std::string code = tracking_code::make(7, 4242);
    // Tapped on the on-screen keys, symbol by symbol, the dashes left out. The keyboard's rows
    // (lookup_screen.cpp): 2-9, A-K, M-W, X-Z, without I, L and O; a key's id is row.index.
    const std::string rows[] = {"23456789", "ABCDEFGHJK", "MNPQRSTUVW", "XYZ"};
    for (const char c : code) {
        if (c == '-') continue;
        for (std::size_t r = 0; r < std::size(rows); ++r)
            if (const auto i = rows[r].find(c); i != std::string::npos) h.tap("key." + std::to_string(r) + "." + std::to_string(i));
    }
    CHECK(h.flow().lookup_code_valid() == code);
    h.tap("lookup");
    h.settle();
    REQUIRE(h.flow().screen() == Screen::lookup_result);
    CHECK(h.doubles().looked_up == std::vector<std::string>{code});
    REQUIRE(h.flow().lookup_result());
    CHECK(h.flow().lookup_result()->status == "in_progress");
    h.tap("finish");
    CHECK(h.flow().screen() == Screen::idle);
}

TEST_CASE("kiosk: a mistyped code is pointed out and never sent", "[screens][lookup]") {
    Harness h;
    h.tap("open_lookup");
    std::string code = tracking_code::make(7, 4242);
    code.erase(std::remove(code.begin(), code.end(), '-'), code.end());
    std::swap(code[3], code[4]);  // two symbols swapped: the check catches it
    h.type(code);
    CHECK(h.flow().lookup_code() == code);
    CHECK_FALSE(h.flow().lookup_code_valid());
    h.tap("lookup");
    h.key(SDL_SCANCODE_RETURN);
    h.settle();
    CHECK(h.flow().screen() == Screen::lookup);
    CHECK(h.doubles().looked_up.empty());
}

TEST_CASE("kiosk: a keypad alone rates: Enter starts, a digit picks a face, Enter sends", "[screens][keypad]") {
    Harness h;
    h.key(SDL_SCANCODE_RETURN);
    REQUIRE(h.flow().screen() == Screen::rating);
    h.key(SDL_SCANCODE_2);  // the second face: Hài lòng (2 on scale 3)
    REQUIRE(h.flow().screen() == Screen::tt01);
    // An arrow shows the focus ring, starting on the default button (send); Enter presses it.
    h.key(SDL_SCANCODE_DOWN);
    h.key(SDL_SCANCODE_RETURN);
    REQUIRE(h.flow().screen() == Screen::thanks);
    CHECK(h.doubles().saved.at(0).rating == Rating{3, 2});
    h.key(SDL_SCANCODE_ESCAPE);  // Escape finishes the thank-you
    CHECK(h.flow().screen() == Screen::idle);
}

TEST_CASE("kiosk: a complaint gets its tracking code on the thank-you screen", "[screens]") {
    Harness h;
    to_reasons(h);
    h.key(SDL_SCANCODE_1);  // digits tick reasons: 1 = slow
    h.tap("reason.long_wait");
    h.tap("next");
    REQUIRE(h.flow().screen() == Screen::thanks);
    CHECK(h.doubles().complaints.at(0));
    CHECK(h.doubles().saved.at(0).reasons == std::vector<std::string>{"slow", "long_wait"});
    REQUIRE(h.flow().tracking_code());
    CHECK(*h.flow().tracking_code() == "3AU-3X4X-C");
}

namespace {

// A counter whose thank-you shows the lookup link's QR code and the hotline.
KioskSettings public_counter() {
    KioskSettings s = test_settings();
    s.public_url = "https://hailong.thanhhoa.gov.vn";
    s.hotline = "0237 3 123 456";
    return s;
}

// Services that issue a real tracking code (3AU-3X4X-C: kiosk 1234, complaint 56789, as
// scripts/tracking_code.py makes it), with a receipt printer that works or fails.
std::shared_ptr<Doubles> printing(bool works) {
    auto d = std::make_shared<Doubles>();
    d->tracking_code = "3AU-3X4X-C";
    d->printer = true;
    d->fail_print = !works;
    return d;
}

const std::string lookup_link_3au = "https://hailong.thanhhoa.gov.vn/lookup.html?code=3AU-3X4X-C";

void complain(Harness& h) {
    to_reasons(h);
    h.tap("reason.slow");
    h.tap("next");
    REQUIRE(h.flow().screen() == Screen::thanks);
}

}  // namespace

TEST_CASE("kiosk: a complaint's thank-you shows its lookup link as a QR code of 35 mm or more, which reads back from the screen", "[screens][qr]") {
    const auto [width, height] = GENERATE(std::pair{1280, 800}, std::pair{1920, 1080}, std::pair{1080, 1920});
    Harness h(width, height, public_counter(), printing(true));
    complain(h);
    const std::optional<Rect> qr = h.app().widget("thanks.qr");
    REQUIRE(qr);
    // 35 mm at the 160 dpi assumed without a reported density: 35 / 25.4 × 160 = 220.5 px.
    CHECK(qr->w >= 220.5f);
    CHECK(qr->h == qr->w);
    CHECK(qr->x >= 0);
    CHECK(qr->right() <= static_cast<float>(width));
    CHECK_FALSE(overlap(*qr, *h.app().widget("finish")));

    hailong::test::TempDir dir;
    REQUIRE(write_png(dir.path() / "thanks.png", h.capture()));
    const auto read = hailong::test::zbar_read(dir.path() / "thanks.png");
    if (!read) {
        WARN("zbarimg (zbar-tools) is not installed: the screen's symbol was not decoded");
        return;
    }
    CHECK(*read == lookup_link_3au);
}

TEST_CASE("kiosk: the receipt goes to the printer with the code, its link, the department and the time of the rating", "[screens][receipt]") {
    Harness h(1920, 1080, public_counter(), printing(true));
    complain(h);
    std::lock_guard lock(h.doubles().mutex);
    REQUIRE(h.doubles().printed.size() == 1);
    const Receipt& r = h.doubles().printed[0];
    CHECK(r.code == "3AU-3X4X-C");
    CHECK(r.link == lookup_link_3au);
    CHECK(r.department == "Sở Công Thương");
    CHECK(r.title == "PHIẾU THEO DÕI PHẢN ÁNH");
    CHECK(r.hotline == "0237 3 123 456");
    CHECK(r.when == h.doubles().saved.at(0).created_at);
}

TEST_CASE("kiosk: a receipt that does not print is said so, and the rating and its code stay", "[screens][receipt]") {
    Harness h(1280, 800, public_counter(), printing(false));  // the tightest screen
    complain(h);
    CHECK(h.doubles().saved.size() == 1);
    REQUIRE(h.flow().tracking_code());
    CHECK(*h.flow().tracking_code() == "3AU-3X4X-C");
    CHECK(h.app().widget("thanks.qr"));
    h.screenshot("thanks_print_failed_vi_1280x800");
}

TEST_CASE("kiosk: no QR code without a public URL, and none for a code that is not one", "[screens][qr]") {
    {  // one window at a time
        Harness plain;  // test_settings(): no public_url
        complain(plain);
        CHECK_FALSE(plain.app().widget("thanks.qr"));
    }
    // TH1-0042-X has a 1, which no code has: the kiosk shows what it was given but links nothing.
    auto odd_code = std::make_shared<Doubles>();
    odd_code->tracking_code = "TH1-0042-X";
    Harness odd(1920, 1080, public_counter(), odd_code);
    complain(odd);
    REQUIRE(odd.flow().tracking_code());
    CHECK(*odd.flow().tracking_code() == "TH1-0042-X");
    CHECK_FALSE(odd.app().widget("thanks.qr"));
}

TEST_CASE("kiosk: a comment typed in Telex on the on-screen keys and a keyboard is saved in NFC", "[screens][comment]") {
    Harness h;
    to_reasons(h);
    h.tap("open_comment");
    REQUIRE(h.flow().screen() == Screen::comment);
    // On-screen keys: row 1 (q w e r ...): "t" is key.1.4; row 2 (a s d ...): "a" key.2.0.
    h.tap("key.1.4");  // t
    h.tap("key.1.2");  // e
    h.tap("key.1.2");  // e  -> tê
    h.tap("key.2.1");  // s  -> tế
    CHECK(h.flow().answers().comment == "t\xe1\xba\xbf");  // "tế"
    h.type(" nhij");    // a physical keyboard: " nhị"
    CHECK(h.flow().answers().comment == "t\xe1\xba\xbf nh\xe1\xbb\x8b");
    // VNI on the same text: "Vie65t" -> "Việt".
    h.tap("method.vni");
    h.type(" Vie65t");
    CHECK(h.flow().answers().comment == "t\xe1\xba\xbf nh\xe1\xbb\x8b Vi\xe1\xbb\x87t");
    h.tap("done");
    h.tap("next");
    CHECK(h.doubles().saved.at(0).comment == "t\xe1\xba\xbf nh\xe1\xbb\x8b Vi\xe1\xbb\x87t");
}

namespace {

// The comment keyboard's keys on a landscape display (comment_screen.cpp): row.index.
const std::map<char, std::string> comment_keys = {
    {'q', "key.1.0"}, {'w', "key.1.1"}, {'e', "key.1.2"}, {'r', "key.1.3"}, {'t', "key.1.4"}, {'y', "key.1.5"},
    {'u', "key.1.6"}, {'i', "key.1.7"}, {'o', "key.1.8"}, {'p', "key.1.9"}, {'a', "key.2.0"}, {'s', "key.2.1"},
    {'d', "key.2.2"}, {'f', "key.2.3"}, {'g', "key.2.4"}, {'h', "key.2.5"}, {'j', "key.2.6"}, {'k', "key.2.7"},
    {'l', "key.2.8"}, {'z', "key.3.1"}, {'x', "key.3.2"}, {'c', "key.3.3"}, {'v', "key.3.4"}, {'b', "key.3.5"},
    {'n', "key.3.6"}, {'m', "key.3.7"}, {' ', "key.3.8"}};
const std::string comment_delete = "key.0.10";
const std::string comment_clear = "key.3.9";

void tap_keys(Harness& h, std::string_view keys) {
    for (const char c : keys) h.tap(comment_keys.at(c));
}

}  // namespace

TEST_CASE("kiosk: the comment keyboard starts with Telex in Vietnamese and without accents in English", "[screens][comment]") {
    {
        Harness h;
        to_reasons(h);
        h.tap("open_comment");
        tap_keys(h, "too soon");
        CHECK(h.flow().answers().comment == "tô sôn");
    }
    {
        Harness h;
        h.tap("lang.en");
        to_reasons(h);
        h.tap("open_comment");
        tap_keys(h, "too soon");
        CHECK(h.flow().answers().comment == "too soon");
        // The citizen can still turn Telex on, and it stays on when they come back to the comment.
        h.tap("method.telex");
        tap_keys(h, " nguwowif");
        CHECK(h.flow().answers().comment == "too soon người");
        h.tap("done");
        h.tap("open_comment");
        tap_keys(h, " w");
        CHECK(h.flow().answers().comment == "too soon người ư");
    }
}

TEST_CASE("kiosk: 'Xóa hết' empties a short comment at once and asks before a long one goes", "[screens][comment]") {
    Harness h;
    to_reasons(h);
    h.tap("open_comment");
    tap_keys(h, "cham");
    h.tap(comment_clear);  // 4 characters: no question
    CHECK(h.flow().answers().comment.empty());
    CHECK_FALSE(h.app().widget("clear_confirm.keep"));
    h.type("Caanf ddi laij nhieeuf laanf");  // "Cần đi lại nhiều lần": 20 characters, still no question
    REQUIRE(h.flow().answers().comment == "Cần đi lại nhiều lần");
    h.tap(comment_clear);
    CHECK(h.flow().answers().comment.empty());
    h.type("Caanf ddi laij nhieeuf laanf vif thieeus giaays towf");  // 37 characters
    const std::string long_comment = h.flow().answers().comment;
    h.tap(comment_clear);
    REQUIRE(h.app().widget("clear_confirm.keep"));
    h.tap(comment_keys.at('a'));  // behind the question, the keys do nothing
    CHECK(h.flow().answers().comment == long_comment);
    h.tap("clear_confirm.keep");
    CHECK(h.flow().answers().comment == long_comment);
    CHECK_FALSE(h.app().widget("clear_confirm.keep"));
    h.tap(comment_clear);
    h.tap("clear_confirm.clear");
    CHECK(h.flow().answers().comment.empty());
    // Typing goes on from an empty field, in Telex.
    tap_keys(h, "tw");
    CHECK(h.flow().answers().comment == "tư");
}

TEST_CASE("kiosk: with large text at 1024×768 the keys with words, widened or in smaller letters, still do what they say", "[screens][comment]") {
    Harness h(1024, 768);
    h.tap("lang.en");
    h.tap("a11y.large_text");
    to_reasons(h);
    h.tap("open_comment");
    REQUIRE(h.flow().presentation().large_text);
    tap_keys(h, "ok no");
    h.tap(comment_delete);
    CHECK(h.flow().answers().comment == "ok n");
    h.tap("key.3.0");  // shift
    tap_keys(h, "a");
    CHECK(h.flow().answers().comment == "ok nA");
    h.tap(comment_clear);
    CHECK(h.flow().answers().comment.empty());
    h.tap("method.telex");
    tap_keys(h, "ddi");
    CHECK(h.flow().answers().comment == "đi");
}

TEST_CASE("kiosk: holding delete deletes word by word after half a second, a tap deletes a letter", "[screens][comment]") {
    Harness h;
    to_reasons(h);
    h.tap("open_comment");
    h.type("mootj hai ba boons nawm sasu");  // "một hai ba bốn năm sáu"
    REQUIRE(h.flow().answers().comment == "một hai ba bốn năm sáu");
    const Rect del = *h.app().widget(comment_delete);
    h.tap(comment_delete);
    CHECK(h.flow().answers().comment == "một hai ba bốn năm sá");
    // Held 500 ms (the harness moves the clock in 500 ms steps, a frame each): the first repeat,
    // one word ("sá"), and nothing more when the finger lifts.
    h.long_press(del.center(), 500ms);
    CHECK(h.flow().answers().comment == "một hai ba bốn năm ");
    // Held 1 s: 1 + floor((1000 - 500) / 150) = 4 words.
    h.long_press(del.center(), 1000ms);
    CHECK(h.flow().answers().comment == "một ");
    h.long_press(del.center(), 1000ms);
    CHECK(h.flow().answers().comment.empty());
}

TEST_CASE("kiosk: 'Xóa hết' empties a lookup code, and 'Tra mã khác' starts from an empty field", "[screens][lookup]") {
    Harness h;
    h.tap("open_lookup");
    std::string code = tracking_code::make(7, 4242);
    code.erase(std::remove(code.begin(), code.end(), '-'), code.end());
    h.type(code);
    REQUIRE(h.flow().lookup_code() == code);
    h.tap("key.3.3");  // after X, Y, Z
    CHECK(h.flow().lookup_code().empty());
    h.type(code);
    h.tap("lookup");
    REQUIRE(h.flow().screen() == Screen::lookup_result);
    h.tap("again");
    CHECK(h.flow().screen() == Screen::lookup);
    CHECK(h.flow().lookup_code().empty());
}

TEST_CASE("kiosk: a chosen TT 01 answer shows a tick, not only its colour", "[screens][a11y]") {
    Harness h;
    to_rating(h);
    h.tap("rating.2");
    h.tap("tt01.time.1");
    REQUIRE(h.flow().answers().tt01.time);
    // The tick is drawn in the chosen answer's label colour, in the left quarter of the button,
    // where the words ("Đúng hẹn", centred) do not reach: count those pixels there. (Before issue
    // 18 a button this narrow showed its choice by its fill alone.)
    const Image shot = h.capture();
    const auto count_tick_pixels = [&](const Rect& r) {
        const ImU32 ink = palette(false).selected_text;
        int n = 0;
        for (int y = static_cast<int>(r.y + r.h * 0.25f); y < static_cast<int>(r.y + r.h * 0.75f); ++y)
            for (int x = static_cast<int>(r.x + 4); x < static_cast<int>(r.x + r.w * 0.25f); ++x) {
                const std::size_t i = static_cast<std::size_t>((y * shot.width + x) * 4);
                if (std::abs(int(shot.rgba[i]) - int(ink & 0xFF)) < 40 && std::abs(int(shot.rgba[i + 1]) - int((ink >> 8) & 0xFF)) < 40 &&
                    std::abs(int(shot.rgba[i + 2]) - int((ink >> 16) & 0xFF)) < 40)
                    ++n;
            }
        return n;
    };
    const Rect chosen = *h.app().widget("tt01.time.1");
    CHECK(count_tick_pixels(chosen) > 50);
}

TEST_CASE("kiosk: a failed save shows no thanks, Retry saves the same submission", "[screens]") {
    Harness h;
    h.doubles().fail_saves = true;
    to_rating(h);
    h.tap("rating.3");
    h.tap("next");
    REQUIRE(h.flow().screen() == Screen::save_failed);
    CHECK(h.doubles().saved.empty());
    h.doubles().fail_saves = false;
    h.tap("retry");
    CHECK(h.flow().screen() == Screen::thanks);
    CHECK(h.doubles().saved.size() == 1);
}

TEST_CASE("kiosk: before a face, a session left alone ends after the warned timeout, nothing kept", "[screens][timer]") {
    Harness h;
    to_rating(h);
    CHECK(h.app().next_wake(h.now()) == h.now().steady + 45s);
    h.tick(45s);
    REQUIRE(h.flow().warning());
    CHECK(h.app().next_wake(h.now()) == h.now().steady + 1s);  // the countdown's next second
    h.tick(24s);
    CHECK(h.flow().screen() == Screen::rating);
    h.tick(1s);
    CHECK(h.flow().screen() == Screen::idle);
    CHECK(h.doubles().kept.empty());
    CHECK(h.doubles().saved.empty());
    CHECK_FALSE(h.app().next_wake(h.now()));  // idle: nothing to wake up for, no CPU used
}

TEST_CASE("kiosk: a face tapped and left is kept at once and sent 30 s later, once", "[screens][timer][kept]") {
    Harness h;
    to_rating(h);
    h.tap("rating.1");
    REQUIRE(h.flow().screen() == Screen::tt01);
    REQUIRE(h.doubles().kept.size() == 1);
    CHECK(h.doubles().kept[0].rating == Rating{3, 1});
    CHECK(h.doubles().saved.empty());  // kept open: not forwarded while the session lasts
    h.tap("tt01.time.2");              // an answer amends it, under the same id
    REQUIRE(h.doubles().kept.size() == 2);
    CHECK(h.doubles().kept[1].id == h.doubles().kept[0].id);
    CHECK(h.doubles().kept[1].tt01.time == 0);
    // 20 s untouched, then a 10 s countdown that says the answers will be sent.
    CHECK(h.app().next_wake(h.now()) == h.now().steady + 20s);
    h.tick(20s);
    REQUIRE(h.flow().warning());
    CHECK(h.flow().warning_seconds_left(h.now()) == 10);
    h.tick(9s);
    CHECK(h.flow().screen() == Screen::tt01);
    h.tick(1s);
    CHECK(h.flow().screen() == Screen::idle);
    REQUIRE(h.doubles().saved.size() == 1);
    CHECK(h.doubles().saved[0] == h.doubles().kept[1]);
    CHECK_FALSE(h.doubles().complaints[0]);
    CHECK(h.doubles().kept.size() == 2);
}

TEST_CASE("kiosk: 'Kết thúc' on the warning after a face sends the rating at once", "[screens][timer][kept]") {
    Harness h;
    to_rating(h);
    h.tap("rating.2");
    h.tick(20s);
    REQUIRE(h.flow().warning());
    h.tap("timeout.end");
    CHECK(h.flow().screen() == Screen::idle);
    REQUIRE(h.doubles().saved.size() == 1);
    CHECK(h.doubles().saved[0].rating == Rating{3, 2});
}

TEST_CASE("kiosk: two taps 150 ms apart on 'Chạm để đánh giá' do not choose a face", "[screens][taps]") {
    Harness h;
    const ImVec2 spot = h.app().widget("start")->center();
    h.tap_at(spot);
    REQUIRE(h.flow().screen() == Screen::rating);
    // The spot of "Chạm để đánh giá" is on a face now: the second tap would choose it.
    const auto faces = h.flow().rating_values();
    REQUIRE(std::any_of(faces.begin(), faces.end(),
                        [&](int v) { return h.app().widget("rating." + std::to_string(v))->contains(spot); }));
    h.tap_at(spot, 150ms);
    CHECK(h.flow().screen() == Screen::rating);
    CHECK_FALSE(h.flow().answers().rating);
    CHECK(h.doubles().kept.empty());
    // 300 ms after the faces appeared, the same tap counts.
    h.tap_at(spot, 150ms);
    CHECK(h.flow().screen() == Screen::tt01);
    CHECK(h.flow().answers().rating);
}

TEST_CASE("kiosk: a reason tapped twice within 300 ms stays ticked, a second tap later unticks it", "[screens][taps]") {
    Harness h;
    to_reasons(h);
    const ImVec2 slow = h.app().widget("reason.slow")->center();
    h.tap_at(slow);
    h.tap_at(slow, 299ms);
    CHECK(h.flow().answers().reasons == std::vector<std::string>{"slow"});
    h.tap_at(slow, 300ms);  // 300 ms after the first, counted tap
    CHECK(h.flow().answers().reasons.empty());
}

namespace {

// Whether the last frame drew a text that reads `words` (its layout record).
bool shows(Harness& h, const std::string& words) {
    const auto& texts = h.app().layout().texts;
    return std::any_of(texts.begin(), texts.end(), [&](const LayoutRecord::Text& t) { return t.text == words; });
}

}  // namespace

TEST_CASE("kiosk: reasons that cannot all stand at their height come in pages, and one chosen on the second page is sent with the first page's", "[screens][reasons]") {
    Harness h(1024, 768);
    h.app().record_layout(true);
    to_reasons(h);
    // 1024×768: two pages; the seventh reason is on the second.
    REQUIRE(h.app().widget("reasons.next"));
    CHECK(h.app().widget("reason.slow"));
    CHECK_FALSE(h.app().widget("reason.facilities"));
    CHECK(shows(h, "Trang 1/2 · Chưa chọn ý nào"));
    h.tap("reason.slow");
    CHECK(shows(h, "Trang 1/2 · Đã chọn 1 ý"));
    h.tap("reasons.previous");  // nothing before the first page
    CHECK(h.app().widget("reason.slow"));
    const Rect first_tile = *h.app().widget("reason.slow");
    h.tap("reasons.next");
    CHECK_FALSE(h.app().widget("reason.slow"));
    REQUIRE(h.app().widget("reason.facilities"));
    CHECK(shows(h, "Trang 2/2 · Đã chọn 1 ý"));  // the first page's choice is counted here too
    h.tap("reasons.next");  // nothing after the last
    REQUIRE(h.app().widget("reason.facilities"));
    h.tap("reason.facilities");
    CHECK(shows(h, "Trang 2/2 · Đã chọn 2 ý"));
    // The second page's tiles start where the first page's did.
    float top = FLT_MAX;
    for (const std::string& id : h.app().widget_ids())
        if (id.rfind("reason.", 0) == 0) top = std::min(top, h.app().widget(id)->y);
    CHECK(top == first_tile.y);
    // Back to the first page: its choice is kept, and can still be taken back and given again.
    h.tap("reasons.previous");
    REQUIRE(h.app().widget("reason.slow"));
    CHECK(h.flow().answers().reasons == std::vector<std::string>{"slow", "facilities"});
    h.tap("reason.slow");
    CHECK(shows(h, "Trang 1/2 · Đã chọn 1 ý"));
    h.tap("reason.slow");
    h.tap("next");
    REQUIRE(h.flow().screen() == Screen::thanks);
    CHECK(h.doubles().saved.at(0).reasons == std::vector<std::string>{"slow", "facilities"});  // in the survey's order
    // A new citizen starts on the first page.
    h.tap("finish");
    to_reasons(h);
    CHECK(h.app().widget("reason.slow"));
}

TEST_CASE("kiosk: holding the top-left corner 3 s opens the PIN pad, the PIN opens the admin screen", "[screens][admin]") {
    Harness h;
    h.long_press({20, 20}, 2000ms);
    CHECK(h.flow().screen() == Screen::idle);  // 2 s is not enough
    h.long_press({20, 20}, 3000ms);
    REQUIRE(h.flow().screen() == Screen::admin_pin);
    for (const SDL_Scancode k : {SDL_SCANCODE_1, SDL_SCANCODE_1, SDL_SCANCODE_1, SDL_SCANCODE_1}) h.key(k);
    h.tap("pin.11");  // OK
    CHECK(h.flow().pin_rejected());
    h.tap("pin.2");
    h.tap("pin.4");
    h.tap("pin.6");
    h.tap("pin.8");
    h.tap("pin.11");
    REQUIRE(h.flow().screen() == Screen::admin);
    h.tap("adm_officer.SCT-002");
    CHECK(h.flow().officer()->name == "Trần Thị Bình");
    REQUIRE(h.doubles().counters.size() == 1);
    CHECK(h.doubles().counters[0].officer == "SCT-002");
    h.tap("adm_quit");
    REQUIRE(h.flow().quit_asked());
    h.tap("adm_quit.exit");
    CHECK(h.app().quit());
}

TEST_CASE("kiosk: 'Thoát chương trình' asks first, and nothing behind the question answers a tap", "[screens][admin]") {
    Harness h;
    to_admin(h);
    h.tap("adm_quit");
    REQUIRE(h.flow().quit_asked());
    CHECK_FALSE(h.app().quit());
    // The lists behind the question are drawn but take no tap.
    h.tap("adm_officer.SCT-002");
    CHECK(h.flow().officer()->code == "SCT-007");
    h.tap("adm_quit.stay");
    CHECK_FALSE(h.flow().quit_asked());
    CHECK_FALSE(h.app().quit());
    CHECK(h.flow().screen() == Screen::admin);
    // Escape answers "stay" too, without leaving the admin screen.
    h.tap("adm_quit");
    h.key(SDL_SCANCODE_ESCAPE);
    CHECK_FALSE(h.flow().quit_asked());
    CHECK(h.flow().screen() == Screen::admin);
    h.tap("adm_quit");
    h.tap("adm_quit.exit");
    CHECK(h.app().quit());
}

TEST_CASE("kiosk: the admin's lists stay in their place, nothing overlaps, the exit stands apart", "[screens][admin]") {
    const auto [width, height] = GENERATE(std::pair{1280, 800}, std::pair{1920, 1080}, std::pair{1080, 1920});
    INFO(width << "x" << height);
    Harness h(width, height, busy_counter());
    to_admin(h);
    const auto check_layout = [&] {
        const std::vector<std::string> ids = h.app().widget_ids();
        const Rect quit = *h.app().widget("adm_quit");
        for (std::size_t i = 0; i < ids.size(); ++i) {
            const Rect a = *h.app().widget(ids[i]);
            INFO(ids[i] << " " << a.x << "," << a.y << " " << a.w << "x" << a.h);
            CHECK(a.x >= 0);
            CHECK(a.y >= 0);
            CHECK(a.right() <= static_cast<float>(width));
            CHECK(a.bottom() <= static_cast<float>(height));
            for (std::size_t j = i + 1; j < ids.size(); ++j) {
                INFO("and " << ids[j]);
                CHECK_FALSE(overlap(a, *h.app().widget(ids[j])));
            }
            // Apart: a finger's width (15 mm, the smallest target) between the exit and the
            // controls a finger reaches for beside it: the two lists, their page buttons, "Đóng".
            const bool reached_for = ids[i].rfind("adm_officer", 0) == 0 || ids[i].rfind("adm_service", 0) == 0 ||
                                     ids[i] == "adm_close";
            if (!reached_for) continue;
            const float dx = std::max({0.0f, quit.x - a.right(), a.x - quit.right()});
            const float dy = std::max({0.0f, quit.y - a.bottom(), a.y - quit.bottom()});
            CHECK(std::max(dx, dy) >= h.app().metrics().min_target);
        }
    };
    check_layout();
    // Each list that has pages, turned to its next page (10 officers and 9 services: at least one
    // list has pages at every size).
    int paged = 0;
    for (const std::string list : {"adm_officers", "adm_services"}) {
        if (!h.app().widget(list + ".next")) continue;
        ++paged;
        h.tap(list + ".next");
        check_layout();
    }
    CHECK(paged >= 1);
}

TEST_CASE("kiosk: the admin's service list opens on the page of the one chosen, and names it from other pages", "[screens][admin]") {
    KioskSettings s = busy_counter();
    s.counter.service = "2.001624";  // the last of 9 choices
    Harness h(1920, 1080, s);
    to_admin(h);
    CHECK(h.app().widget("adm_service.2.001624"));
    CHECK_FALSE(h.app().widget("adm_service.none"));
    // Back a page: the chosen one is off screen, the page row says where it is (the golden: "Mục
    // đang chọn ở trang 3", its name being too long for the row); the officers' second page names
    // the officer serving ("Đang chọn: Phạm Thị Dung (trang 1)").
    h.tap("adm_services.previous");
    CHECK_FALSE(h.app().widget("adm_service.2.001624"));
    h.tap("adm_officers.next");
    CHECK_FALSE(h.app().widget("adm_officer.SCT-007"));
    h.screenshot("admin_services_paged_vi");
    // Back to the first page, and a choice there moves the choice.
    for (int i = 0; i < 5 && !h.app().widget("adm_service.none"); ++i) h.tap("adm_services.previous");
    h.tap("adm_service.2.000633");
    CHECK(h.flow().service()->code == "2.000633");
}

TEST_CASE("kiosk: Ctrl+Alt+A on the idle screen opens the PIN pad", "[screens][admin]") {
    Harness h;
    h.key(SDL_SCANCODE_A, true, true);
    CHECK(h.flow().screen() == Screen::admin_pin);
}

namespace {

// What a test hears: the last words the voice was given, and in which language.
std::pair<std::string, std::string> last_spoken(Harness& h) {
    std::lock_guard lock(h.doubles().mutex);
    REQUIRE_FALSE(h.doubles().spoken.empty());
    return h.doubles().spoken.back();
}

std::size_t spoken_count(Harness& h) {
    std::lock_guard lock(h.doubles().mutex);
    return h.doubles().spoken.size();
}

// The words of a complaint with speech on, in each language, written out from the catalogues
// (assets/lang) by hand: the help as speech comes on, then each screen's prompt and each
// control as a touch or the keypad reaches it.
struct SpokenScript {
    std::string lang;
    std::string help_and_idle;
    std::string start;
    std::string rating;
    std::string face;
    std::string tt01;
    std::string late, late_chosen;
    std::string next;
    std::string reasons;
    std::string slow, slow_chosen;
    std::string send;
    std::string thanks;
    std::string printed;
    std::string print_again;
    std::string unavailable;
};

const SpokenScript vi_script{
    "vi",
    "Đã bật đọc to. Ông/Bà chạm một lần để nghe, chạm lại lần nữa để chọn. Chạm để đánh giá",
    "Chạm để đánh giá",
    "Ông/Bà có hài lòng với việc giải quyết thủ tục hôm nay không? 1: Rất hài lòng. 2: Hài lòng. 3: Không hài lòng.",
    "Không hài lòng",
    "Xin Ông/Bà cho biết thêm. Mỗi câu chạm một lần; có thể bỏ qua câu không muốn trả lời.",
    "Hồ sơ được giải quyết so với ngày hẹn thế nào? Trễ hẹn",
    "Hồ sơ được giải quyết so với ngày hẹn thế nào? Trễ hẹn, đã chọn",
    "Tiếp theo",
    "Điều gì chưa làm Ông/Bà hài lòng? Chọn một hoặc nhiều ý, hoặc bỏ qua và gửi.",
    "Giải quyết chậm, trễ hẹn",
    "Giải quyết chậm, trễ hẹn, đã chọn",
    "Gửi đánh giá",
    "Cảm ơn Ông/Bà! Phản ánh của Ông/Bà đã được ghi nhận và sẽ được chuyển tới lãnh đạo đơn vị. "
    "Mã theo dõi phản ánh của Ông/Bà: 3 A U, 3 X 4 X, C. Đường dây nóng: 0 2 3 7, 3, 1 2 3, 4 5 6.",
    "Mời Ông/Bà nhận phiếu theo dõi ở khe máy in.",
    "In lại",
    "chưa dùng được",
};

const SpokenScript en_script{
    "en",
    "Read-aloud is on. Touch once to hear, touch again to choose. Touch to rate our service",
    "Touch to rate our service",
    "How satisfied are you with today's service? 1: Very satisfied. 2: Satisfied. 3: Dissatisfied.",
    "Dissatisfied",
    "A few quick questions. One touch per question; skip any you prefer not to answer.",
    "Was your dossier handled by the promised date? Late",
    "Was your dossier handled by the promised date? Late, selected",
    "Next",
    "What went wrong? Choose one or more, or skip and send.",
    "Slow, results later than promised",
    "Slow, results later than promised, selected",
    "Send",
    "Thank you! Your feedback has been recorded and will be passed to the head of the unit. "
    "Your tracking code: 3 A U, 3 X 4 X, C. Hotline: 0 2 3 7, 3, 1 2 3, 4 5 6.",
    "Please take your receipt from the printer.",
    "Print again",
    "not available yet",
};

}  // namespace

TEST_CASE("kiosk: with speech on, a first touch reads a control and a second presses it, on every screen of a complaint", "[screens][speech]") {
    const SpokenScript& w = GENERATE(std::cref(vi_script), std::cref(en_script));
    INFO(w.lang);
    Harness h(1920, 1080, public_counter(), printing(true));
    if (w.lang == "en") h.tap("lang.en");  // speech is off: the first touch acts
    CHECK(spoken_count(h) == 0);
    h.tap("a11y.speech");  // the speech toggle acts at once
    CHECK(last_spoken(h) == std::pair{w.help_and_idle, w.lang});
    const auto step = [&](const std::string& id, const std::string& words, Screen stays_on) {
        INFO(id);
        h.tap(id);
        CHECK(h.flow().screen() == stays_on);
        CHECK(last_spoken(h) == std::pair{words, w.lang});
    };
    step("start", w.start, Screen::idle);             // read, not pressed
    step("start", w.rating, Screen::rating);          // pressed: the next screen's prompt
    step("rating.1", w.face, Screen::rating);
    CHECK(h.doubles().kept.empty());                  // a face read aloud is no rating yet
    step("rating.1", w.tt01, Screen::tt01);
    CHECK(h.doubles().kept.size() == 1);
    step("tt01.time.2", w.late, Screen::tt01);        // an answer with its question
    h.screenshot("tt01_speech_touched_" + w.lang);    // the ring shows what was touched and read
    step("tt01.time.2", w.late_chosen, Screen::tt01);  // chosen: said so
    step("next", w.next, Screen::tt01);
    step("next", w.reasons, Screen::reasons);
    step("reason.slow", w.slow, Screen::reasons);
    step("reason.slow", w.slow_chosen, Screen::reasons);
    step("next", w.send, Screen::reasons);
    const std::size_t before_send = spoken_count(h);
    h.tap("next");
    REQUIRE(h.flow().screen() == Screen::thanks);
    CHECK(h.doubles().saved.at(0).reasons == std::vector<std::string>{"slow"});
    {
        // The thank-you's prompt (the saving screen's may come before it, or be overtaken by
        // it), then the printer's outcome after it, never instead of it.
        std::lock_guard lock(h.doubles().mutex);
        const auto& spoken = h.doubles().spoken;
        REQUIRE(spoken.size() >= before_send + 2);
        CHECK(spoken[spoken.size() - 2] == std::pair{w.thanks, w.lang});
        CHECK(spoken.back() == std::pair{w.printed, w.lang});
        REQUIRE(h.doubles().printed.size() == 1);
    }
    step("print_again", w.print_again, Screen::thanks);
    CHECK(h.doubles().printed.size() == 1);
    h.tap("print_again");
    CHECK(h.doubles().printed.size() == 2);
    CHECK(last_spoken(h) == std::pair{w.printed, w.lang});
    // The last reprint: the button cannot be used again, and says so.
    const std::size_t before_last = spoken_count(h);
    h.tap("print_again");
    CHECK(h.doubles().printed.size() == 3);
    std::lock_guard lock(h.doubles().mutex);
    const auto& spoken = h.doubles().spoken;
    const std::string none_left = w.print_again + ", " + w.unavailable;
    CHECK(std::any_of(spoken.begin() + static_cast<std::ptrdiff_t>(before_last), spoken.end(),
                      [&](const auto& s) { return s.first.rfind(none_left, 0) == 0; }));
}

TEST_CASE("kiosk: with speech on, the keypad's focus ring reads where it lands, and Enter presses", "[screens][speech][keypad]") {
    Harness h;
    h.tap("a11y.speech");  // in Vietnamese, as every word below
    h.key(SDL_SCANCODE_RETURN);  // Enter presses the default button, "start", at once
    REQUIRE(h.flow().screen() == Screen::rating);
    h.key(SDL_SCANCODE_3);  // a digit picks a face at once: the third, "Không hài lòng"
    REQUIRE(h.flow().screen() == Screen::tt01);
    // An arrow shows the ring on the default button (on to the reasons, bottom right); the next
    // one moves it up, to the agencies question's third answer: the harassment question's two
    // answers below it fill only the left two thirds of their row (tt01_screen.cpp), so that is
    // the nearest control straight above "Tiếp theo".
    h.key(SDL_SCANCODE_DOWN);
    CHECK(last_spoken(h).first == "Tiếp theo");
    h.key(SDL_SCANCODE_UP);
    CHECK(last_spoken(h).first == "Ông/Bà phải liên hệ bao nhiêu cơ quan để làm xong thủ tục này? Từ hai cơ quan trở lên");
    h.key(SDL_SCANCODE_RETURN);
    CHECK(h.flow().answers().tt01.agencies == AgenciesAnswer::more);
    CHECK(last_spoken(h).first == "Ông/Bà phải liên hệ bao nhiêu cơ quan để làm xong thủ tục này? Từ hai cơ quan trở lên, đã chọn");
    // The header's toggles say whether they are on.
    h.tap("a11y.large_text");
    CHECK(last_spoken(h).first == "Chữ lớn, đang tắt");
    h.tap("a11y.large_text");
    CHECK(h.flow().presentation().large_text);
    CHECK(last_spoken(h).first == "Chữ lớn, đang bật");
    // Back is read, not pressed, by the first touch.
    h.tap("back");
    CHECK(h.flow().screen() == Screen::tt01);
    CHECK(last_spoken(h).first == "Quay lại");
    // The speech toggle turns the voice off in one touch; touches act at once again.
    const std::size_t said = spoken_count(h);
    h.tap("a11y.speech");
    CHECK_FALSE(h.flow().presentation().speech);
    h.tap("next");
    CHECK(h.flow().screen() != Screen::tt01);
    CHECK(spoken_count(h) == said);
}

TEST_CASE("kiosk: the keypad and the voice reach the reasons' page buttons, which say the page and how many are chosen", "[screens][reasons][speech][keypad]") {
    Harness h(1024, 768);
    to_reasons(h);
    h.tap("a11y.speech");
    // Up from "Gửi đánh giá", where the ring starts, to the first row's right tile, and right to
    // the next page's button.
    for (int i = 0; i < 8 && last_spoken(h).first != "Phải đi lại nhiều lần"; ++i) h.key(SDL_SCANCODE_UP);
    REQUIRE(last_spoken(h).first == "Phải đi lại nhiều lần");
    h.key(SDL_SCANCODE_RIGHT);
    REQUIRE(last_spoken(h).first == "Trang 1/2. Chưa chọn ý nào. Trang sau");
    h.key(SDL_SCANCODE_RETURN);
    REQUIRE(h.app().widget("reason.facilities"));
    // The ring stays on the button, which now says it cannot be used.
    CHECK(last_spoken(h) == std::pair<std::string, std::string>{"Trang 2/2. Chưa chọn ý nào. Trang sau, chưa dùng được", "vi"});
    h.key(SDL_SCANCODE_7);  // a digit ticks the tile that shows it
    CHECK(h.flow().answers().reasons == std::vector<std::string>{"facilities"});
    // A touch reads the other page button, a second presses it.
    h.tap("reasons.previous");
    CHECK(last_spoken(h).first == "Trang 2/2. Đã chọn 1 ý. Trang trước");
    CHECK(h.app().widget("reason.facilities"));
    h.tap("reasons.previous");
    REQUIRE(h.app().widget("reason.slow"));
    h.key(SDL_SCANCODE_7);  // the seventh is not on this page: its digit does nothing here
    CHECK(h.flow().answers().reasons == std::vector<std::string>{"facilities"});
    h.key(SDL_SCANCODE_1);
    CHECK(h.flow().answers().reasons == std::vector<std::string>{"slow", "facilities"});
}

TEST_CASE("kiosk: with speech on, the entry screens, the idle warning and a failed save are read too", "[screens][speech]") {
    const std::string lang = GENERATE(as<std::string>{}, "vi", "en");
    const bool vi = lang == "vi";
    INFO(lang);
    Harness h;
    if (!vi) h.tap("lang.en");
    h.tap("a11y.speech");
    const auto twice = [&](const std::string& id) {
        h.tap(id);
        h.tap(id);
    };
    const auto heard = [&](const std::string& words) { CHECK(last_spoken(h) == std::pair{words, lang}); };
    // The first touch reads the button, the second opens its screen, whose prompt is read.
    const auto open = [&](const std::string& id, const std::string& button, Screen screen, const std::string& prompt) {
        h.tap(id);
        heard(button);
        h.tap(id);
        REQUIRE(h.flow().screen() == screen);
        heard(prompt);
    };
    twice("start");
    twice("rating.1");
    REQUIRE(h.flow().screen() == Screen::tt01);
    open("open_dossier", vi ? "Nhập mã hồ sơ" : "Enter the dossier code", Screen::dossier,
         vi ? "Mã hồ sơ trên phiếu hẹn" : "Dossier code on the appointment slip");
    twice("back");
    twice("next");
    REQUIRE(h.flow().screen() == Screen::reasons);
    open("open_comment", vi ? "Viết góp ý" : "Write a comment", Screen::comment, vi ? "Góp ý của Ông/Bà" : "Your comment");
    twice("done");
    open("open_contact", vi ? "Để lại số điện thoại" : "Leave a phone number", Screen::contact,
         vi ? "Số điện thoại để liên hệ lại" : "A phone number to call you back");
    h.tap("pad.7");
    heard("7");
    twice("back");
    REQUIRE(h.flow().screen() == Screen::reasons);
    // Untouched after a face: 20 s, then the warning's countdown.
    h.tick(20s);
    h.tick(1s);
    REQUIRE(h.flow().warning());
    heard(vi ? "Ông/Bà có cần thêm thời gian không?" : "Do you need more time?");
    h.tap("timeout.continue");
    heard(vi ? "Tiếp tục" : "Continue");
    h.tap("timeout.continue");
    heard(vi ? "Điều gì chưa làm Ông/Bà hài lòng? Chọn một hoặc nhiều ý, hoặc bỏ qua và gửi."
             : "What went wrong? Choose one or more, or skip and send.");
    h.doubles().fail_saves = true;
    twice("next");
    REQUIRE(h.flow().screen() == Screen::save_failed);
    heard(vi ? "Chưa lưu được đánh giá. Xin lỗi Ông/Bà, ki-ốt đang gặp sự cố nên đánh giá chưa được lưu. Vui lòng thử lại hoặc "
               "báo cán bộ tại quầy."
             : "Your rating was not saved. We are sorry: the kiosk has a problem and your rating was not saved. Please try "
               "again or tell the staff at the counter.");
}

TEST_CASE("kiosk: with speech on, a lookup's answer is read when it arrives, in the citizen's language", "[screens][speech][lookup]") {
    const std::string lang = GENERATE(as<std::string>{}, "vi", "en");
    Harness h;
    if (lang == "en") h.tap("lang.en");
    h.tap("a11y.speech");
    h.tap("open_lookup");
    h.tap("open_lookup");
    REQUIRE(h.flow().screen() == Screen::lookup);
    CHECK(last_spoken(h).first == (lang == "vi" ? "Tra cứu phản ánh. Nhập mã theo dõi đã nhận khi gửi phản ánh, ví dụ 3AU-3X4X-C."
                                                : "Look up a complaint. Type the tracking code you were given when you filed the complaint, such as 3AU-3X4X-C."));
    h.type("3AU3X4XC");
    h.tap("lookup");
    h.tap("lookup");
    REQUIRE(h.flow().screen() == Screen::lookup_result);
    CHECK(last_spoken(h) ==
          std::pair<std::string, std::string>{
              lang == "vi" ? "Tình trạng: Đang xử lý. Sở Công Thương đã tiếp nhận phản ánh và đang xác minh với bộ phận một cửa; "
                             "kết quả sẽ được thông báo trước ngày 04/12/2026."
                           : "Status: Being handled. Sở Công Thương đã tiếp nhận phản ánh và đang xác minh với bộ phận một cửa; "
                             "kết quả sẽ được thông báo trước ngày 04/12/2026.",
              lang});
}

TEST_CASE("kiosk: 'In lại' prints the receipt again, twice at most, and only with a printer and a code", "[screens][receipt]") {
    {
        Harness h(1920, 1080, public_counter(), printing(true));
        complain(h);
        REQUIRE(h.doubles().printed.size() == 1);
        h.tap("print_again");
        h.tap("print_again");
        CHECK(h.doubles().printed.size() == 3);
        h.tap("print_again");  // none left: drawn disabled
        CHECK(h.doubles().printed.size() == 3);
        {
            std::lock_guard lock(h.doubles().mutex);
            CHECK(h.doubles().printed[2].code == "3AU-3X4X-C");
            CHECK(h.doubles().printed[2].when == h.doubles().printed[0].when);
        }
        h.screenshot("thanks_printed_twice_again_vi");
        // The next citizen's complaint has its own two.
        h.tap("finish");
        complain(h);
        h.tap("print_again");
        CHECK(h.doubles().printed.size() == 5);
    }
    {
        Harness failing(1920, 1080, public_counter(), printing(false));
        complain(failing);
        CHECK(failing.app().widget("print_again"));  // a failed print may be tried again
    }
    {
        Harness no_printer(1920, 1080, public_counter());
        complain(no_printer);
        CHECK_FALSE(no_printer.app().widget("print_again"));
    }
    Harness no_code(1920, 1080, public_counter(), printing(true));
    to_rating(no_code);
    no_code.tap("rating.3");
    no_code.tap("next");
    REQUIRE(no_code.flow().screen() == Screen::thanks);
    CHECK_FALSE(no_code.app().widget("print_again"));
    CHECK(no_code.doubles().printed.empty());
}

TEST_CASE("kiosk: every touch target is at least 15 mm at the display's density", "[screens][a11y]") {
    // 1280×800 and portrait 1080×1920 at the fallback of 160 dpi: 15 mm = 15 / 25.4 × 160 = 94.49 px.
    const auto [width, height] = GENERATE(std::pair{1280, 800}, std::pair{1080, 1920});
    Harness h(width, height);
    CHECK(h.app().metrics().min_target == Approx(94.488).epsilon(0.001));
    const auto check_all = [&] {
        for (const std::string& id : h.app().widget_ids()) {
            const Rect r = *h.app().widget(id);
            INFO(id << " " << r.w << "x" << r.h);
            CHECK(std::min(r.w, r.h) >= 94.48f);
        }
    };
    check_all();
    to_reasons(h);
    check_all();
    h.tap("open_comment");
    check_all();
    h.tap("done");
    h.tap("open_contact");
    check_all();
    h.tap("back");
    h.tap("open_dossier");
    check_all();
}

// ---- issue 20: officers sign in at the counter; scanned codes; the dossier's stage ----

namespace {

constexpr const char* card_dung = "HLSTAFF1:SCT-007:ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// A counter whose officers sign in: ten with a personal PIN (two pages of names), SCT-007 with
// a staff card too (SHA-256 of its secret worked out with Python's hashlib, as in
// staff_credentials_test.cpp). The PIN hashes are placeholders: the services double compares the
// PIN itself (Doubles::officer_pin).
KioskSettings sign_in_counter() {
    KioskSettings s = test_settings();
    s.counter.officers.push_back({"SCT-010", "Bùi Minh Châu", ""});
    s.counter.officers.push_back({"SCT-011", "Hoàng Văn Bảo", ""});
    s.counter.officers.push_back({"SCT-012", "Vũ Thị Hạnh", ""});
    s.counter.officers.push_back({"SCT-013", "Đặng Quốc Huy", ""});
    s.counter.officers.push_back({"SCT-014", "Ngô Thanh Bình", ""});
    s.counter.officers.push_back({"SCT-015", "Đỗ Thị Lan", ""});
    for (Officer& o : s.counter.officers) o.pin_hash = "$argon2id$v=19$m=65536,t=2,p=1$placeholder";
    s.counter.officers[0].card_hash = "2fd67e69907bff621c0c4078b1aef595c8562a11f840dd0ec5c5d7c0a4e59331";
    return s;
}

std::vector<DutyEvent> duty(Harness& h) {
    std::lock_guard lock(h.doubles().mutex);
    return h.doubles().duty;
}

}  // namespace

TEST_CASE("kiosk: a staff card scanned at full speed (keys 5 ms apart) signs the officer in, and 'Đăng xuất' asks first", "[screens][duty]") {
    Harness h(1920, 1080, sign_in_counter());
    CHECK_FALSE(h.flow().officer());  // the admin's old choice no longer names anyone
    CHECK(h.app().widget("open_sign_in"));
    h.keyboard_device(card_dung, 5ms);
    CHECK(h.flow().screen() == Screen::idle);  // no key of the card reached the screen
    REQUIRE(duty(h).size() == 1);
    CHECK(duty(h)[0].kind == DutyKind::sign_in);
    CHECK(duty(h)[0].officer == "SCT-007");
    CHECK(duty(h)[0].method == DutyMethod::card);
    REQUIRE(h.flow().officer());
    CHECK(h.flow().officer()->name == "Phạm Thị Dung");

    // A citizen rates: the rating names her.
    h.tap("start");
    h.tap("rating.3");
    REQUIRE(h.doubles().kept.size() == 1);
    CHECK(h.doubles().kept[0].officer == "SCT-007");
    h.tap("next");
    h.tick(6s);
    REQUIRE(h.flow().screen() == Screen::idle);

    h.tap("sign_out");
    CHECK(h.flow().sign_out_asked());
    h.tap("start");  // behind the question: nothing
    CHECK(h.flow().screen() == Screen::idle);
    h.tap("sign_out.stay");
    CHECK(h.flow().officer());
    h.tap("sign_out");
    h.tap("sign_out.confirm");
    REQUIRE(duty(h).size() == 2);
    CHECK(duty(h)[1].kind == DutyKind::sign_out);
    CHECK(duty(h)[1].method == DutyMethod::manual);
    CHECK_FALSE(h.flow().officer());
}

TEST_CASE("kiosk: an officer finds their name by its first letter and signs in with their PIN", "[screens][duty]") {
    Harness h(1920, 1080, sign_in_counter());
    h.keyboard_device(card_dung, 5ms);
    h.tap("open_sign_in");
    REQUIRE(h.flow().screen() == Screen::sign_in);
    CHECK(h.app().widget("sign_in.next"));  // ten names: two pages
    h.tap("letter.2.4");                     // B
    CHECK(h.flow().sign_in().filter() == "B");
    // Trần Thị Bình, Hoàng Văn Bảo, Ngô Thanh Bình, Bùi Minh Châu: one page.
    CHECK_FALSE(h.app().widget("sign_in.next"));
    CHECK(h.app().widget("officer.SCT-014"));
    CHECK_FALSE(h.app().widget("officer.SCT-001"));
    h.tap("officer.SCT-014");
    REQUIRE(h.flow().screen() == Screen::sign_in_pin);
    for (const char* k : {"pin.2", "pin.4", "pin.6", "pin.8"}) h.tap(k);
    h.tap("pin.11");
    CHECK(h.flow().sign_in().rejected());  // 2468 is not her PIN
    for (const char* k : {"pin.1", "pin.3", "pin.5", "pin.7"}) h.tap(k);
    h.tap("pin.11");
    CHECK(h.flow().screen() == Screen::idle);
    REQUIRE(duty(h).size() == 3);
    CHECK(duty(h)[1].officer == "SCT-007");
    CHECK(duty(h)[1].method == DutyMethod::replaced);
    CHECK(duty(h)[2].officer == "SCT-014");
    CHECK(duty(h)[2].method == DutyMethod::pin);
    CHECK(h.flow().officer()->name == "Ngô Thanh Bình");
}

TEST_CASE("kiosk: the officers' sign-in screens keep every touch target at least 15 mm", "[screens][a11y][duty]") {
    // As "every touch target is at least 15 mm": 160 dpi, 15 mm = 94.49 px.
    const auto [width, height] = GENERATE(std::pair{1280, 800}, std::pair{1080, 1920});
    Harness h(width, height, sign_in_counter());
    const auto check_all = [&] {
        for (const std::string& id : h.app().widget_ids()) {
            const Rect r = *h.app().widget(id);
            INFO(id << " " << r.w << "x" << r.h);
            CHECK(std::min(r.w, r.h) >= 94.48f);
        }
    };
    check_all();
    h.tap("open_sign_in");
    check_all();
    CHECK(h.app().widget("officer.SCT-007"));  // at least one row of names fits
    h.tap("officer.SCT-007");
    check_all();
    h.tap("back");
    h.tap("back");
    h.keyboard_device(card_dung, 5ms);
    check_all();  // "Đăng xuất" beside the name
}

TEST_CASE("kiosk: a dossier code scanned on idle starts a rating with it, and the server's stage goes with it", "[screens][dossier]") {
    Harness h;
    {
        std::lock_guard lock(h.doubles().mutex);
        h.doubles().dossier_answer = DossierInfo{DossierInfo::Outcome::known, "2.000633", "Cấp Giấy phép bán lẻ sản phẩm rượu",
                                                 DossierStage::collection, false};
    }
    h.keyboard_device("000.00.12.H56-261120-0001", 5ms);
    REQUIRE(h.flow().screen() == Screen::rating);
    CHECK(h.flow().answers().dossier == "000.00.12.H56-261120-0001");
    CHECK(h.doubles().dossiers_asked == std::vector<std::string>{"000.00.12.H56-261120-0001"});
    h.tap("rating.3");
    h.tap("next");
    h.settle();
    REQUIRE(h.doubles().saved.size() == 1);
    CHECK(h.doubles().saved[0].dossier == "000.00.12.H56-261120-0001");
    CHECK(h.doubles().saved[0].stage == DossierStage::collection);
}

TEST_CASE("kiosk: offline, a scanned dossier code is kept and the rating has no stage", "[screens][dossier]") {
    Harness h;  // the double answers unavailable
    h.keyboard_device("000.00.12.H56-261120-0001", 5ms);
    h.tap("rating.2");
    h.tap("next");
    h.settle();
    REQUIRE(h.doubles().saved.size() == 1);
    CHECK(h.doubles().saved[0].dossier == "000.00.12.H56-261120-0001");
    CHECK_FALSE(h.doubles().saved[0].stage);
}

TEST_CASE("kiosk: a person typing 150 ms apart on the dossier screen types, nothing is scanned", "[screens][dossier]") {
    Harness h;
    to_rating(h);
    h.tap("rating.3");
    h.tap("open_dossier");
    REQUIRE(h.flow().screen() == Screen::dossier);
    h.keyboard_device("H56-0001", 150ms);
    CHECK(h.flow().screen() == Screen::dossier);
    CHECK(h.flow().answers().dossier == "H56-0001");
    CHECK(h.doubles().dossiers_asked.empty());
    // The same code from a scanner fills the field in one go and goes back to the questions.
    h.keyboard_device("000.00.12.H56-261120-0001", 5ms);
    CHECK(h.flow().screen() == Screen::tt01);
    CHECK(h.flow().answers().dossier == "000.00.12.H56-261120-0001");
}

// ---- screenshots: every screen in Vietnamese at 1920×1080, some in English, 1280×800, portrait ----

TEST_CASE("kiosk: TT 01 on two pages where four questions do not fit: turning keeps the answers and sends nothing", "[screens][tt01]") {
    // 1024×768 with large text: two pages; 1280×800 with normal text: one, as before.
    {
        Harness one(1280, 800);
        to_rating(one);
        one.tap("rating.1");
        REQUIRE(one.flow().screen() == Screen::tt01);
        CHECK(one.app().widget("tt01.harassment.0"));
        CHECK_FALSE(one.app().widget("tt01.more"));
    }

    Harness h(1024, 768);
    h.tap("a11y.large_text");
    to_rating(h);
    h.tap("rating.1");
    REQUIRE(h.flow().screen() == Screen::tt01);
    // The first page: questions 1 and 2, the dossier code, and the way to 3 and 4 where "Tiếp
    // theo" will be; nothing that sends.
    CHECK(h.app().widget("tt01.time.0"));
    CHECK(h.app().widget("tt01.contacts.0"));
    CHECK_FALSE(h.app().widget("tt01.agencies.0"));
    CHECK_FALSE(h.app().widget("tt01.harassment.0"));
    CHECK(h.app().widget("open_dossier"));
    CHECK_FALSE(h.app().widget("next"));
    h.tap("tt01.time.2");
    h.tap("tt01.contacts.1");
    const Rect more = *h.app().widget("tt01.more");
    h.tap("tt01.more");
    // The second page: questions 3 and 4, the way back and the way on; still TT 01, nothing kept
    // but the face tap and the two answers.
    CHECK(h.flow().screen() == Screen::tt01);
    CHECK_FALSE(h.app().widget("tt01.time.0"));
    CHECK(h.app().widget("tt01.agencies.0"));
    CHECK(h.app().widget("tt01.harassment.1"));
    CHECK(h.app().widget("tt01.back_to_first"));
    CHECK_FALSE(h.app().widget("open_dossier"));
    CHECK(h.flow().answers().tt01.time == TimeAnswer::late);
    // A second tap where "Tiếp: câu hỏi 3 và 4" was, too soon after it, lands on the new page:
    // it must not send.
    h.tap_at(more.center(), 100ms);
    CHECK(h.flow().screen() == Screen::tt01);
    h.tap("tt01.harassment.1");
    // Back: the first page shows the answers given; tapping a chosen answer again clears it,
    // which only a chosen one does.
    h.tap("tt01.back_to_first");
    CHECK(h.app().widget("tt01.time.2"));
    CHECK(h.flow().answers().tt01.contacts == ContactsAnswer::once);
    CHECK(h.flow().answers().tt01.harassment == HarassmentAnswer::yes);
    h.tap("tt01.contacts.1");
    CHECK_FALSE(h.flow().answers().tt01.contacts);
    // The dossier code from the first page, and back to it after.
    h.tap("open_dossier");
    REQUIRE(h.flow().screen() == Screen::dossier);
    h.type("000.00.12.H56-261120-0001");
    h.tap("done");
    REQUIRE(h.flow().screen() == Screen::tt01);
    CHECK(h.app().widget("open_dossier"));
    h.tap("tt01.more");
    h.tap("next");
    CHECK(h.flow().screen() == Screen::reasons);
    CHECK(h.flow().answers().tt01.time == TimeAnswer::late);
    CHECK(h.flow().answers().tt01.harassment == HarassmentAnswer::yes);
    CHECK(h.flow().answers().dossier == "000.00.12.H56-261120-0001");
    // Back from the reasons: the page the way on was taken from.
    h.tap("back");
    REQUIRE(h.flow().screen() == Screen::tt01);
    CHECK(h.app().widget("tt01.harassment.1"));
}

TEST_CASE("kiosk: with speech on, TT 01's second page is read as it opens, and the keypad reaches its controls", "[screens][speech][keypad][tt01]") {
    Harness h(1024, 768);
    h.tap("a11y.large_text");
    h.tap("a11y.speech");
    h.key(SDL_SCANCODE_RETURN);
    REQUIRE(h.flow().screen() == Screen::rating);
    h.key(SDL_SCANCODE_3);  // the third face, "Không hài lòng"
    REQUIRE(h.flow().screen() == Screen::tt01);
    // The ring starts on the default button, the way to questions 3 and 4; Enter turns the page.
    h.key(SDL_SCANCODE_DOWN);
    CHECK(last_spoken(h).first == "Tiếp: câu hỏi 3 và 4");
    h.key(SDL_SCANCODE_RETURN);
    REQUIRE(h.app().widget("tt01.harassment.0"));
    CHECK(last_spoken(h).first == "Câu hỏi 3 và 4. Mỗi câu chạm một lần; có thể bỏ qua câu không muốn trả lời.");
    // The arrows reach the new page's footer and answers, each answer read with its question.
    h.key(SDL_SCANCODE_DOWN);
    CHECK(last_spoken(h).first == "Tiếp theo");
    h.key(SDL_SCANCODE_UP);
    const std::string answer = last_spoken(h).first;
    INFO(answer);
    CHECK((answer.rfind("Cán bộ có nhũng nhiễu, gây phiền hà không? ", 0) == 0 ||
           answer.rfind("Ông/Bà phải liên hệ bao nhiêu cơ quan để làm xong thủ tục này? ", 0) == 0));
    h.key(SDL_SCANCODE_RETURN);
    CHECK((h.flow().answers().tt01.harassment || h.flow().answers().tt01.agencies));
    // Touch explores: the first touch reads the way back, the second takes it, and the first
    // page's prompt is read again.
    h.tap("tt01.back_to_first");
    CHECK(last_spoken(h).first == "Quay lại câu hỏi 1 và 2");
    h.tap("tt01.back_to_first");
    CHECK(h.app().widget("tt01.time.0"));
    CHECK(last_spoken(h).first == "Xin Ông/Bà cho biết thêm. Mỗi câu chạm một lần; có thể bỏ qua câu không muốn trả lời.");
}

TEST_CASE("kiosk: the admin screen takes two tabs where its status and lists do not fit side by side", "[screens][admin]") {
    // 1280×800 with normal text: side by side, no tabs.
    {
        Harness wide(1280, 800, busy_counter());
        to_admin(wide);
        CHECK_FALSE(wide.app().widget("adm_tab.status"));
        CHECK(wide.app().widget("adm_lang.vi"));
        CHECK(wide.app().widget("adm_officer.none"));
    }

    Harness h(1024, 768, busy_counter());
    h.tap("a11y.large_text");
    to_admin(h);
    // The status first: the language, the test; no list.
    REQUIRE(h.app().widget("adm_tab.counter"));
    CHECK(h.app().widget("adm_lang.en"));
    CHECK(h.app().widget("adm_test"));
    CHECK_FALSE(h.app().widget("adm_officer.none"));
    h.tap("adm_lang.en");
    CHECK(h.flow().counter().default_lang == "en");
    h.tap("adm_test");
    h.settle();
    CHECK(h.app().widget("adm_test"));
    // The counter's tab: the lists, with their pages; the choice is made from there.
    h.tap("adm_tab.counter");
    CHECK_FALSE(h.app().widget("adm_lang.en"));
    CHECK_FALSE(h.app().widget("adm_test"));
    CHECK(h.app().widget("adm_officer.none"));
    CHECK(h.app().widget("adm_officers.next"));
    h.tap("adm_officer.none");
    CHECK_FALSE(h.flow().officer());
    h.tap("adm_officers.next");
    CHECK_FALSE(h.app().widget("adm_officer.none"));
    // "Đóng" on both tabs; the exit on the status's only, never under the lists' page buttons.
    CHECK(h.app().widget("adm_close"));
    CHECK_FALSE(h.app().widget("adm_quit"));
    h.tap("adm_tab.status");
    CHECK(h.app().widget("adm_lang.en"));
    REQUIRE(h.app().widget("adm_quit"));
    h.tap("adm_quit");
    CHECK(h.flow().quit_asked());
    h.tap("adm_quit.stay");
    // The page turned stays turned; leaving and coming back opens on the status.
    h.tap("adm_tab.counter");
    CHECK_FALSE(h.app().widget("adm_officer.none"));
    h.tap("adm_close");
    to_admin(h);
    CHECK(h.app().widget("adm_lang.en"));
}

TEST_CASE("screenshot: idle", "[screenshot]") {
    Harness h;
    h.screenshot("idle_vi");
    h.tap("lang.en");
    h.screenshot("idle_en");
}

TEST_CASE("screenshot: rating", "[screenshot]") {
    Harness h;
    to_rating(h);
    h.screenshot("rating_vi");
    h.tap("a11y.contrast");
    h.screenshot("rating_contrast_vi");
}

TEST_CASE("screenshot: rating on scale 5, in English", "[screenshot]") {
    KioskSettings s = test_settings();
    s.counter.survey.scale = 5;
    Harness h(1920, 1080, s);
    h.tap("lang.en");
    to_rating(h);
    h.screenshot("rating5_en");
}

TEST_CASE("screenshot: TT 01 questions", "[screenshot]") {
    Harness h;
    to_rating(h);
    h.tap("rating.2");
    h.tap("tt01.time.1");
    h.tap("tt01.harassment.0");
    h.screenshot("tt01_vi");
    h.tap("a11y.large_text");
    h.screenshot("tt01_large_vi");
}

TEST_CASE("screenshot: TT 01 questions in English", "[screenshot]") {
    Harness h;
    h.tap("lang.en");
    to_rating(h);
    h.tap("rating.3");
    h.tap("tt01.contacts.0");
    h.screenshot("tt01_en");
}

TEST_CASE("screenshot: reasons", "[screenshot]") {
    Harness h;
    to_reasons(h);
    h.tap("reason.slow");
    h.tap("reason.conduct");
    h.screenshot("reasons_vi");
}

TEST_CASE("screenshot: reasons in English", "[screenshot]") {
    Harness h;
    h.tap("lang.en");
    to_reasons(h);
    h.tap("reason.many_trips");
    h.screenshot("reasons_en");
}

TEST_CASE("screenshot: the reasons' second page at 1280x800 with large text", "[screenshot]") {
    Harness h(1280, 800);
    h.tap("a11y.large_text");
    to_reasons(h);
    h.tap("reason.slow");
    REQUIRE(h.app().widget("reasons.next"));
    h.tap("reasons.next");
    h.tap("reason.facilities");
    h.screenshot("reasons_page2_large_vi_1280x800");
}

TEST_CASE("screenshot: comment keyboard", "[screenshot]") {
    Harness h;
    to_reasons(h);
    h.tap("open_comment");
    h.type("Caanf ddi laij nhieeuf laanf vif thieeus giaays towf");
    h.screenshot("comment_vi");
}

TEST_CASE("screenshot: phone number", "[screenshot]") {
    Harness h;
    to_reasons(h);
    h.tap("open_contact");
    for (const SDL_Scancode k : {SDL_SCANCODE_0, SDL_SCANCODE_9, SDL_SCANCODE_1, SDL_SCANCODE_2}) h.key(k);
    h.screenshot("contact_vi");
}

TEST_CASE("screenshot: dossier code", "[screenshot]") {
    Harness h;
    to_rating(h);
    h.tap("rating.3");
    h.tap("open_dossier");
    h.type("000.00.12.h56-261120-0001");
    h.screenshot("dossier_vi");
}

TEST_CASE("screenshot: saving", "[screenshot]") {
    Harness h;
    h.doubles().hold_saves = true;
    to_rating(h);
    h.tap("rating.3");
    h.tap("next");
    REQUIRE(h.flow().screen() == Screen::saving);
    h.screenshot("saving_vi");
    h.doubles().release_saves();
    h.settle();
}

TEST_CASE("screenshot: thank-you", "[screenshot]") {
    Harness h;
    to_rating(h);
    h.tap("rating.3");
    h.tap("next");
    h.screenshot("thanks_vi");
}

TEST_CASE("screenshot: thank-you with a tracking code", "[screenshot]") {
    Harness h;
    to_reasons(h);
    h.tap("reason.slow");
    h.tap("next");
    h.screenshot("thanks_code_vi");
    h.tap("finish");
    h.tap("lang.en");
    to_reasons(h);
    h.tap("reason.slow");
    h.tap("next");
    h.screenshot("thanks_code_en");
}

TEST_CASE("screenshot: thank-you with the tracking code's QR code and the hotline", "[screenshot]") {
    Harness h(1920, 1080, public_counter(), printing(true));
    complain(h);
    h.screenshot("thanks_qr_vi");
    h.tap("finish");
    h.tap("lang.en");
    complain(h);
    h.screenshot("thanks_qr_en");
    h.tap("finish");
    to_rating(h);
    h.tap("rating.3");
    h.tap("next");
    h.screenshot("thanks_hotline_vi");  // no complaint: only the hotline
}

TEST_CASE("screenshot: thank-you with the QR code at 1280×800 and portrait, and in high contrast", "[screenshot]") {
    {  // one window at a time
        Harness h(1280, 800, public_counter(), printing(true));
        complain(h);
        h.screenshot("thanks_qr_vi_1280x800");
    }
    {
        Harness p(1080, 1920, public_counter(), printing(true));
        complain(p);
        p.screenshot("thanks_qr_vi_1080x1920");
    }
    Harness c(1920, 1080, public_counter(), printing(true));
    to_rating(c);
    c.tap("a11y.contrast");
    c.tap("rating.1");
    c.tap("next");
    c.tap("reason.slow");
    c.tap("next");
    c.screenshot("thanks_qr_contrast_vi");
}

TEST_CASE("screenshot: thank-you with the QR code and large text at 1024x768", "[screenshot]") {
    Harness h(1024, 768, public_counter(), printing(true));
    h.tap("a11y.large_text");
    complain(h);
    h.screenshot("thanks_large_vi_1024x768");
}

TEST_CASE("screenshot: save failed", "[screenshot]") {
    Harness h;
    h.doubles().fail_saves = true;
    to_rating(h);
    h.tap("rating.3");
    h.tap("next");
    h.screenshot("save_failed_vi");
}

TEST_CASE("screenshot: idle warning", "[screenshot]") {
    Harness h;
    to_rating(h);
    h.tick(45s);
    h.tick(3s);
    h.screenshot("timeout_vi");
}

TEST_CASE("screenshot: idle warning after a face", "[screenshot]") {
    Harness h;
    to_rating(h);
    h.tap("rating.3");
    h.tick(20s);
    h.tick(3s);
    h.screenshot("timeout_rated_vi");
}

TEST_CASE("screenshot: complaint lookup", "[screenshot]") {
    Harness h;
    h.tap("open_lookup");
    h.type("3AU3X4");
    h.screenshot("lookup_vi");
}

TEST_CASE("screenshot: complaint lookup with a mistyped code, in English", "[screenshot]") {
    Harness h;
    h.tap("lang.en");
    h.tap("open_lookup");
    h.type("3AU3X4XD");
    h.screenshot("lookup_mistyped_en");
}

TEST_CASE("screenshot: complaint lookup answer", "[screenshot]") {
    Harness h;
    h.tap("open_lookup");
    h.type(tracking_code::make(1234, 56789));
    h.tap("lookup");
    h.settle();
    h.screenshot("lookup_result_vi");
}

TEST_CASE("screenshot: complaint lookup answer in English, not found", "[screenshot]") {
    Harness h;
    h.doubles().lookup_answer = ComplaintLookup{ComplaintLookup::Outcome::not_found, "", std::nullopt};
    h.tap("lang.en");
    h.tap("open_lookup");
    h.type(tracking_code::make(1234, 56789));
    h.tap("lookup");
    h.settle();
    h.screenshot("lookup_result_en");
}

TEST_CASE("screenshot: admin PIN and admin screen", "[screenshot]") {
    Harness h;
    h.key(SDL_SCANCODE_A, true, true);
    h.key(SDL_SCANCODE_2);
    h.key(SDL_SCANCODE_4);
    h.screenshot("admin_pin_vi");
    h.key(SDL_SCANCODE_6);
    h.key(SDL_SCANCODE_8);
    h.key(SDL_SCANCODE_RETURN);
    REQUIRE(h.flow().screen() == Screen::admin);
    h.screenshot("admin_vi");
}

TEST_CASE("screenshot: admin screen of a busy counter at 1280×800, and its exit's question", "[screenshot]") {
    Harness h(1280, 800, busy_counter());
    to_admin(h);
    h.screenshot("admin_busy_vi_1280x800");
    h.tap("adm_quit");
    h.screenshot("admin_quit_vi_1280x800");
}

// The layouts of a small display with large text: the admin's two tabs and TT 01's two pages.
TEST_CASE("screenshot: admin tabs and TT 01 pages at 1024×768 with large text", "[screenshot]") {
    Harness h(1024, 768, busy_counter());
    h.tap("a11y.large_text");
    to_admin(h);
    h.screenshot("admin_status_large_vi_1024x768");
    h.tap("adm_tab.counter");
    h.screenshot("admin_counter_large_vi_1024x768");
    h.tap("adm_close");
    if (!h.flow().presentation().large_text) h.tap("a11y.large_text");
    to_rating(h);
    h.tap("rating.1");
    h.tap("tt01.time.1");
    h.screenshot("tt01_large_vi_1024x768");
    h.tap("tt01.more");
    h.tap("tt01.harassment.0");
    h.screenshot("tt01_page2_large_vi_1024x768");
}

TEST_CASE("screenshot: officers sign in, sign out, and the dossier's stage", "[screenshot]") {
    Harness h(1920, 1080, sign_in_counter());
    h.screenshot("idle_nobody_signed_in_vi");
    h.keyboard_device(card_dung, 5ms);
    h.screenshot("idle_signed_in_vi");
    h.tap("sign_out");
    h.screenshot("idle_sign_out_confirm_vi");
    h.tap("sign_out.stay");
    h.tap("open_sign_in");
    h.screenshot("sign_in_vi");
    h.tap("letter.2.4");
    h.tap("officer.SCT-014");
    for (const char* k : {"pin.2", "pin.4", "pin.6", "pin.8"}) h.tap(k);
    h.tap("pin.11");
    h.screenshot("sign_in_pin_wrong_vi");
}

TEST_CASE("screenshot: officers' sign-in at 1280×800", "[screenshot]") {
    Harness h(1280, 800, sign_in_counter());
    h.tap("open_sign_in");
    h.screenshot("sign_in_1280_vi");
    h.tap("officer.SCT-001");
    h.screenshot("sign_in_pin_1280_vi");
}

TEST_CASE("screenshot: an officer signed in, portrait 1080×1920", "[screenshot]") {
    Harness h(1080, 1920, sign_in_counter());
    h.keyboard_device(card_dung, 5ms);
    h.screenshot("idle_signed_in_portrait_vi");
}

TEST_CASE("screenshot: officers' sign-in in English", "[screenshot]") {
    Harness h(1920, 1080, sign_in_counter());
    h.tap("lang.en");
    h.tap("open_sign_in");
    h.screenshot("sign_in_en");
}

TEST_CASE("screenshot: TT 01 with a scanned dossier the server knows, already rated at collection", "[screenshot]") {
    Harness h;
    {
        std::lock_guard lock(h.doubles().mutex);
        h.doubles().dossier_answer = DossierInfo{DossierInfo::Outcome::known, "2.000633", "Cấp Giấy phép bán lẻ sản phẩm rượu",
                                                 DossierStage::collection, true};
    }
    h.keyboard_device("000.00.12.H56-261120-0001", 5ms);
    h.tap("rating.3");
    h.screenshot("tt01_dossier_known_vi");
}

TEST_CASE("screenshot: 1280×800", "[screenshot]") {
    Harness h(1280, 800);
    h.screenshot("idle_vi_1280x800");
    to_rating(h);
    h.tap("rating.1");
    h.screenshot("tt01_vi_1280x800");
    h.tap("next");
    h.tap("open_comment");
    h.type("Chowf quas laau");
    h.screenshot("comment_vi_1280x800");
}

TEST_CASE("screenshot: portrait 1080×1920", "[screenshot]") {
    Harness h(1080, 1920);
    h.screenshot("idle_vi_1080x1920");
    to_rating(h);
    h.screenshot("rating_vi_1080x1920");
    h.tap("rating.1");
    h.screenshot("tt01_vi_1080x1920");
    h.tap("next");
    h.tap("open_comment");
    h.screenshot("comment_vi_1080x1920");
}

// ---- the pieces main() wires: speech and the PIN hash ----

TEST_CASE("kiosk: spoken prompts run the speech program with the Vietnamese voice", "[speech]") {
    const hailong::test::TempDir dir;
    const auto script = dir.path() / "fake-espeak";
    const auto args = dir.path() / "args";
    // A stand-in for espeak-ng that writes down its arguments, one per line.
    std::ofstream(script) << "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" << args.string() << "'\n";
    std::filesystem::permissions(script, std::filesystem::perms::owner_all);
    speak_aloud(script.string(), "Chạm để đánh giá", "vi");
    std::ifstream in(args);
    std::stringstream got;
    got << in.rdbuf();
    CHECK(got.str() == "-v\nvi\n--\nChạm để đánh giá\n");
    speak_aloud(script.string(), "Thank you", "en");
    std::ifstream again(args);
    std::stringstream got_en;
    got_en << again.rdbuf();
    CHECK(got_en.str() == "-v\nen\n--\nThank you\n");
    CHECK_THROWS_AS(speak_aloud((dir.path() / "no-such-program").string(), "x", "vi"), std::runtime_error);
    CHECK_THROWS_AS(speak_aloud("false", "x", "vi"), std::runtime_error);
}

TEST_CASE("kiosk: the voice plays on the output chosen, and the outputs are asked of pactl", "[speech]") {
    const hailong::test::TempDir dir;
    const auto write_script = [&](const std::string& name, const std::string& body) {
        const auto path = dir.path() / name;
        std::ofstream(path) << "#!/bin/sh\n" << body;
        std::filesystem::permissions(path, std::filesystem::perms::owner_all);
        return path.string();
    };
    const auto read = [](const std::filesystem::path& file) {
        std::ifstream in(file);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    };
    // espeak-ng's stand-in writes down the output its sound library would play on.
    const auto sink_file = dir.path() / "sink";
    const std::string espeak = write_script("fake-espeak", "printf '%s' \"${PULSE_SINK-unset}\" > '" + sink_file.string() + "'\n");
    speak_aloud(espeak, "Đã bật đọc to", "vi", "alsa_output.usb-Jabra_Link_370-00.analog-stereo");
    CHECK(read(sink_file) == "alsa_output.usb-Jabra_Link_370-00.analog-stereo");
    speak_aloud(espeak, "Đã bật đọc to", "vi");  // the server's default: no PULSE_SINK at all
    CHECK(read(sink_file) == "unset");

    // pactl's stand-in answers only the question the kiosk must ask.
    const std::string pactl = write_script(
        "fake-pactl", "[ \"$*\" = '--format=json list sinks' ] || exit 2\n"
                      "echo '[{\"name\": \"builtin\", \"active_port\": \"analog-output-headphones\", \"ports\": "
                      "[{\"name\": \"analog-output-headphones\", \"type\": \"Headphones\", \"availability\": \"available\"}]}]'\n");
    CHECK(list_audio_sinks(pactl) == std::vector<AudioSink>{{"builtin", true}});
    // No sound server (pactl says "Connection failure" and exits 1), no pactl at all.
    CHECK_FALSE(list_audio_sinks(write_script("no-server", "echo 'Connection failure: Connection refused' >&2\nexit 1\n")));
    CHECK_FALSE(list_audio_sinks((dir.path() / "no-such-pactl").string()));
}

TEST_CASE("kiosk: a code or a telephone number is spelled sign by sign, its groups apart", "[speech]") {
    CHECK(spelled("3AU-3X4X-C") == "3 A U, 3 X 4 X, C");
    CHECK(spelled("0237 3 123 456") == "0 2 3 7, 3, 1 2 3, 4 5 6");
    CHECK(spelled("+84 (237) 3123456") == "+ 8 4, 2 3 7, 3 1 2 3 4 5 6");
    CHECK(spelled("1900.1234") == "1 9 0 0, 1 2 3 4");
    CHECK(spelled("") == "");
    CHECK(spelled("--") == "");
}

TEST_CASE("kiosk: the admin PIN is kept as an argon2id hash and checked against it", "[admin]") {
    const std::string hash = hash_pin("2468");
    CHECK(hash.rfind("$argon2id$", 0) == 0);
    CHECK(hash.find("2468") == std::string::npos);
    CHECK(pin_matches(hash, "2468"));
    CHECK_FALSE(pin_matches(hash, "2469"));
    CHECK_FALSE(pin_matches(hash, ""));
    CHECK_FALSE(pin_matches("", "2468"));
    CHECK_FALSE(pin_matches("not a hash", "2468"));
    CHECK(hash_pin("2468") != hash);  // a fresh salt each time
}
