// Every kiosk screen fits at 1024×768, 1280×800, 1920×1080 and portrait 1080×1920, with large
// text on and off, in Vietnamese and English: the real App, driven through every screen by taps
// in the offscreen harness, records where each text and widget of a frame lands (ui.hpp's
// LayoutRecord) and the check below finds any text that leaves the screen, spills out of its
// button or the rectangle it was centred in, runs wider than its column, overlaps another text or
// straddles a widget, any two widgets that overlap, and any text a screen had no room for.
// Modal cards are a layer of their own, checked against each other only.
//
// One test case per combination (16), each walking the same script (walk()).
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "screen_harness.hpp"

using namespace hailong;
using namespace hailong::kiosk;
using namespace hailong::kiosk::test;
using namespace std::chrono_literals;

namespace {

// Rectangles closer than this are taken to touch, not to overlap (rounding of the layouts).
constexpr float slack = 0.5f;

std::string describe(const Rect& r) {
    std::ostringstream s;
    s << "[x " << r.x << ", y " << r.y << ", " << r.w << "×" << r.h << "]";
    return s.str();
}

bool overlap(const Rect& a, const Rect& b) {
    return a.x + slack < b.right() && b.x + slack < a.right() && a.y + slack < b.bottom() && b.y + slack < a.bottom();
}

bool inside(const Rect& inner, const Rect& outer) {
    return inner.x >= outer.x - slack && inner.right() <= outer.right() + slack && inner.y >= outer.y - slack &&
           inner.bottom() <= outer.bottom() + slack;
}

// Inside `bounds` along the axes it limits (w or h 0: no limit).
bool within_bounds(const Rect& box, const Rect& bounds) {
    const bool x_ok = bounds.w <= 0 || (box.x >= bounds.x - slack && box.right() <= bounds.right() + slack);
    const bool y_ok = bounds.h <= 0 || (box.y >= bounds.y - slack && box.bottom() <= bounds.bottom() + slack);
    return x_ok && y_ok;
}

/// What is wrong with the layout of one frame, one line per fault, each naming the texts and the
/// rectangles involved.
std::vector<std::string> layout_faults(const LayoutRecord& rec, ImVec2 display) {
    std::vector<std::string> faults;
    const Rect screen{0, 0, display.x, display.y};
    for (const std::string& t : rec.left_out) faults.push_back("left out for want of room: \"" + t + "\"");
    for (std::size_t i = 0; i < rec.texts.size(); ++i) {
        const LayoutRecord::Text& t = rec.texts[i];
        const std::string name = "\"" + t.text + "\" " + describe(t.box);
        if (!inside(t.box, screen)) faults.push_back(name + " leaves the screen " + describe(screen));
        if (!within_bounds(t.box, t.bounds))
            faults.push_back(name + " spills out of " + (t.owner.empty() ? "its rectangle " : t.owner + " ") + describe(t.bounds));
        for (std::size_t j = i + 1; j < rec.texts.size(); ++j) {
            const LayoutRecord::Text& u = rec.texts[j];
            if (u.layer == t.layer && overlap(t.box, u.box))
                faults.push_back(name + " overlaps \"" + u.text + "\" " + describe(u.box));
        }
        // A text is on a widget (its label, or drawn on it) or clear of it, never across its edge.
        for (const LayoutRecord::Box& b : rec.boxes) {
            if (b.layer != t.layer || b.id == t.owner) continue;
            if (overlap(t.box, b.rect) && !inside(t.box, b.rect))
                faults.push_back(name + " straddles " + b.id + " " + describe(b.rect));
        }
    }
    for (std::size_t i = 0; i < rec.boxes.size(); ++i) {
        const LayoutRecord::Box& a = rec.boxes[i];
        if (!inside(a.rect, screen)) faults.push_back(a.id + " " + describe(a.rect) + " leaves the screen");
        for (std::size_t j = i + 1; j < rec.boxes.size(); ++j) {
            const LayoutRecord::Box& b = rec.boxes[j];
            if (a.layer == b.layer && overlap(a.rect, b.rect))
                faults.push_back(a.id + " " + describe(a.rect) + " overlaps " + b.id + " " + describe(b.rect));
        }
    }
    return faults;
}

// Layouts not yet fixed, each a screen (its name's start) in the combinations whose name
// contains `where`: their faults are reported as warnings, every other fault fails. Kept short;
// docs/architecture.md says what each needs.
struct OpenFault {
    const char* screen;
    const char* where;
};
const std::vector<OpenFault> open_faults = {
    // None open: every screen fits in every combination. A layout found wanting and not fixed at
    // once is listed here, with the combinations it fails in, and said in docs/architecture.md.
};

// `screen` is the entry's screen or one of its states ("admin" covers "admin exit question",
// not "admin_pin").
bool known_open(const std::string& screen, const std::string& combination) {
    return std::any_of(open_faults.begin(), open_faults.end(), [&](const OpenFault& o) {
        const std::string name = o.screen;
        const bool same = screen == name || screen.rfind(name + " ", 0) == 0 || screen.rfind(name + ",", 0) == 0;
        return same && combination.find(o.where) != std::string::npos;
    });
}

struct Combination {
    int width, height;
    bool large;
    std::string lang;

    [[nodiscard]] std::string name() const {
        return std::to_string(width) + "x" + std::to_string(height) + (large ? " large text " : " normal text ") + lang;
    }
};

// A counter with everything a screen can show: ten officers who sign in (a card for Phạm Thị
// Dung, PINs for all: the services double compares the PIN itself), nine services (the admin's
// lists page), a public URL and a hotline (the thank-you's QR code and hotline).
KioskSettings full_counter() {
    KioskSettings s = test_settings();
    s.public_url = "https://hailong.thanhhoa.gov.vn";
    s.hotline = "0237 3 123 456";
    for (const auto& [code, name] : std::vector<std::pair<std::string, std::string>>{
             {"SCT-004", "Đỗ Minh Khoa"}, {"SCT-005", "Bùi Thị Lan"}, {"SCT-006", "Ngô Quang Minh"},
             {"SCT-008", "Hồ Thị Ngọc"}, {"SCT-009", "Dương Văn Phúc"}, {"SCT-010", "Nguyễn Thị Phương Thảo"}})
        s.counter.officers.push_back({code, name, ""});
    for (const auto& [code, name] : std::vector<std::pair<std::string, std::string>>{
             {"2.000620", "Cấp sửa đổi, bổ sung Giấy phép bán lẻ sản phẩm rượu"},
             {"2.000666", "Cấp Giấy phép sản xuất rượu thủ công nhằm mục đích kinh doanh"},
             {"2.000162", "Cấp Giấy xác nhận đủ điều kiện làm tổng đại lý kinh doanh xăng dầu"},
             {"2.001624", "Cấp Giấy phép kinh doanh bán lẻ sản phẩm thuốc lá"}})
        s.counter.services.push_back({code, name});
    for (Officer& o : s.counter.officers) o.pin_hash = "$argon2id$v=19$m=65536,t=2,p=1$placeholder";
    // SHA-256 of the card's secret (as in screens_test.cpp, worked out with Python's hashlib).
    s.counter.officers[0].card_hash = "2fd67e69907bff621c0c4078b1aef595c8562a11f840dd0ec5c5d7c0a4e59331";
    return s;
}

constexpr const char* card_dung = "HLSTAFF1:SCT-007:ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr const char* dossier_code = "000.00.12.H56-261120-0001";

class Walk {
public:
    explicit Walk(const Combination& c) : c_(c), h_(c.width, c.height, full_counter(), doubles()) {
        h_.app().record_layout(true);
    }

    /// Checks the frame now on screen under `screen`'s name.
    void check(const std::string& screen) {
        set_presentation();
        h_.frame();
        const std::vector<std::string> faults =
            layout_faults(h_.app().layout(), {static_cast<float>(c_.width), static_cast<float>(c_.height)});
        ++checked_;
        const bool open = known_open(screen, c_.name());
        for (const std::string& fault : faults) {
            if (open)
                WARN("known, not yet fixed: " << screen << " at " << c_.name() << ": " << fault);
            else
                FAIL_CHECK(screen << " at " << c_.name() << ": " << fault);
        }
    }

    Harness& h() { return h_; }
    [[nodiscard]] int checked() const { return checked_; }

    /// The citizen's choices of this combination, made again after a session ends.
    void set_presentation() {
        if (h_.flow().lang() != c_.lang && h_.app().widget("lang." + c_.lang)) h_.tap("lang." + c_.lang);
        if (h_.flow().presentation().large_text != c_.large && h_.app().widget("a11y.large_text")) h_.tap("a11y.large_text");
    }

private:
    static std::shared_ptr<Doubles> doubles() {
        auto d = std::make_shared<Doubles>();
        d->tracking_code = "3AU-3X4X-C";  // kiosk 1234, complaint 56789, as the outbox issues it
        d->printer = true;
        return d;
    }

    Combination c_;
    Harness h_;
    int checked_ = 0;
};

void walk(const Combination& c) {
    Walk w(c);
    Harness& h = w.h();
    // The officers sign in.
    w.check("idle, nobody signed in");
    h.tap("open_sign_in");
    w.check("sign_in");
    h.tap("officer.SCT-001");
    w.check("sign_in_pin");
    h.key(SDL_SCANCODE_ESCAPE);
    h.key(SDL_SCANCODE_ESCAPE);
    h.keyboard_device(card_dung, 5ms);
    w.check("idle, signed in");
    h.tap("sign_out");
    w.check("sign-out question");
    h.tap("sign_out.stay");

    // The complaint lookup.
    w.set_presentation();
    h.tap("open_lookup");
    h.type("3AU3X4XC");
    w.check("lookup");
    h.tap("lookup");
    w.check("lookup_result");
    h.tap("finish");

    // The admin's screens.
    h.key(SDL_SCANCODE_A, true, true);
    h.key(SDL_SCANCODE_2);
    h.key(SDL_SCANCODE_4);
    w.check("admin_pin");
    for (const SDL_Scancode k : {SDL_SCANCODE_6, SDL_SCANCODE_8, SDL_SCANCODE_RETURN}) h.key(k);
    REQUIRE(h.flow().screen() == Screen::admin);
    w.check("admin");
    // Where the status and the lists do not fit side by side, each has a tab: both are checked.
    const bool tabs = h.app().widget("adm_tab.counter").has_value();
    if (tabs) {
        h.tap("adm_tab.counter");
        w.check("admin, the counter's tab");
    }
    for (const std::string list : {"adm_officers", "adm_services"}) {
        if (!h.app().widget(list + ".next")) continue;
        h.tap(list + ".next");
        w.check("admin, " + list + " page 2");
    }
    // The exit, and the network test's result (on the status's tab where there are tabs).
    if (tabs) h.tap("adm_tab.status");
    h.tap("adm_quit");
    w.check("admin exit question");
    h.tap("adm_quit.stay");
    h.tap("adm_test");
    h.settle();
    w.check("admin, with the network test's result");
    h.tap("adm_close");

    // A dissatisfied citizen with a dossier, reasons, a comment and a phone number.
    w.set_presentation();
    w.check("idle");
    h.tap("start");
    w.check("rating");
    h.tap("rating.1");
    REQUIRE(h.flow().screen() == Screen::tt01);
    w.check("tt01");
    // Where the four questions do not fit one page, two pages of two: both are checked.
    const bool pages = h.app().widget("tt01.more").has_value();
    for (const char* answer : {"tt01.time.2", "tt01.contacts.2"}) h.tap(answer);
    if (pages) {
        w.check("tt01, the first page answered");
        h.tap("tt01.more");
        w.check("tt01, the second page");
    }
    for (const char* answer : {"tt01.agencies.1", "tt01.harassment.0"}) h.tap(answer);
    w.check("tt01, answered");
    if (h.app().widget("tt01.back_to_first")) h.tap("tt01.back_to_first");
    h.tap("open_dossier");
    h.type(dossier_code);
    w.check("dossier");
    h.tap("done");
    w.check("tt01, with the dossier code");
    if (h.app().widget("tt01.more")) {
        h.tap("tt01.more");
        w.check("tt01, the second page with the dossier code");
    }
    h.tap("next");
    REQUIRE(h.flow().screen() == Screen::reasons);
    for (const char* reason : {"reason.slow", "reason.many_trips", "reason.conduct"}) h.tap(reason);
    w.check("reasons, with the dossier code");
    h.tap("open_comment");
    h.type("Caanf ddi laij nhieeuf laanf vif thieeus giaays towf, ddeef nghij huowngs daanx ro rangf hown");
    w.check("comment");
    h.tap("done");
    h.tap("open_contact");
    for (const SDL_Scancode k : {SDL_SCANCODE_0, SDL_SCANCODE_9, SDL_SCANCODE_1, SDL_SCANCODE_2, SDL_SCANCODE_3,
                                 SDL_SCANCODE_4, SDL_SCANCODE_5, SDL_SCANCODE_6, SDL_SCANCODE_7, SDL_SCANCODE_8})
        h.key(k);
    w.check("contact");
    h.key(SDL_SCANCODE_ESCAPE);
    w.check("reasons, with a comment and a phone number");
    h.tick(20s);
    h.tick(3s);
    REQUIRE(h.flow().warning());
    w.check("timeout overlay");
    h.tap("timeout.continue");
    h.doubles().hold_saves = true;
    h.tap("next");
    w.check("saving");
    h.doubles().release_saves();
    h.settle();
    REQUIRE(h.flow().screen() == Screen::thanks);
    w.check("thanks, with the code, its QR code and the hotline");
    h.tap("finish");

    // A satisfied citizen: the thanks with the hotline only; then a save that fails.
    w.set_presentation();
    h.tap("start");
    h.tap("rating.3");
    send_tt01(h);
    w.check("thanks, the hotline only");
    h.tap("finish");
    w.set_presentation();
    h.doubles().fail_saves = true;
    h.tap("start");
    h.tap("rating.3");
    send_tt01(h);
    REQUIRE(h.flow().screen() == Screen::save_failed);
    w.check("save_failed");
    CHECK(w.checked() >= 27);  // more with the admin's tabs, its lists' pages and TT 01's pages
}

}  // namespace

// Each combination on its own, so that ctest runs them side by side and names the one that fails.
#define HAILONG_FIT_CASE(W, H, SIZE, LANG)                                                                  \
    TEST_CASE("kiosk: every screen fits at " #W "x" #H " with " #SIZE " text in " LANG, "[screens][fit]") { \
        walk(Combination{W, H, std::string(#SIZE) == "large", LANG});                                       \
    }

HAILONG_FIT_CASE(1024, 768, normal, "vi")
HAILONG_FIT_CASE(1024, 768, normal, "en")
HAILONG_FIT_CASE(1024, 768, large, "vi")
HAILONG_FIT_CASE(1024, 768, large, "en")
HAILONG_FIT_CASE(1280, 800, normal, "vi")
HAILONG_FIT_CASE(1280, 800, normal, "en")
HAILONG_FIT_CASE(1280, 800, large, "vi")
HAILONG_FIT_CASE(1280, 800, large, "en")
HAILONG_FIT_CASE(1920, 1080, normal, "vi")
HAILONG_FIT_CASE(1920, 1080, normal, "en")
HAILONG_FIT_CASE(1920, 1080, large, "vi")
HAILONG_FIT_CASE(1920, 1080, large, "en")
HAILONG_FIT_CASE(1080, 1920, normal, "vi")
HAILONG_FIT_CASE(1080, 1920, normal, "en")
HAILONG_FIT_CASE(1080, 1920, large, "vi")
HAILONG_FIT_CASE(1080, 1920, large, "en")

// The check itself, on made-up records: each fault it must find, and none on a clean layout.
TEST_CASE("kiosk: the layout check finds a text out of its button, across a widget, over another text, off screen, left out", "[fit]") {
    const ImVec2 display{1000, 800};
    LayoutRecord clean;
    clean.boxes.push_back({"ok", {100, 100, 300, 100}, 0});
    clean.texts.push_back({"Gửi", {200, 130, 80, 40}, {100, 100, 300, 100}, "ok", 0});
    clean.texts.push_back({"Tiêu đề", {100, 20, 300, 50}, {100, 20, 300, 0}, "", 0});
    // Behind a modal card: overlaps across layers do not count.
    clean.texts.push_back({"Bạn còn đó không?", {150, 120, 200, 50}, {150, 120, 200, 0}, "", 1});
    CHECK(layout_faults(clean, display).empty());

    const auto one_fault = [&](const LayoutRecord& r, const std::string& words) {
        const auto faults = layout_faults(r, display);
        INFO(faults.size() << " faults" << (faults.empty() ? std::string() : ": " + faults.front()));
        REQUIRE(faults.size() == 1);
        CHECK(faults.front().find(words) != std::string::npos);
    };
    LayoutRecord spill = clean;  // a label 20 px wider than its button
    spill.texts[0].box = {90, 130, 320, 40};
    one_fault(spill, "spills out of ok [x 100, y 100, 300×100]");
    LayoutRecord wide = clean;  // a title wider than its column
    wide.texts[1].box = {90, 20, 320, 50};
    one_fault(wide, "\"Tiêu đề\" [x 90, y 20, 320×50] spills out of its rectangle");
    LayoutRecord across = clean;  // the title's second line runs into the button
    across.texts[1].box = {100, 20, 300, 100};
    one_fault(across, "straddles ok");
    LayoutRecord collide = clean;  // two lines of free text on top of each other
    collide.texts.push_back({"Câu hỏi", {100, 60, 300, 30}, {100, 60, 300, 0}, "", 0});
    one_fault(collide, "\"Tiêu đề\" [x 100, y 20, 300×50] overlaps \"Câu hỏi\"");
    LayoutRecord off = clean;  // below the bottom of the screen
    off.texts[1].box = {100, 780, 300, 50};
    off.texts[1].bounds = {100, 780, 300, 0};
    one_fault(off, "leaves the screen");
    LayoutRecord out = clean;
    out.left_out.push_back("Lỗi gần nhất");
    one_fault(out, "left out for want of room: \"Lỗi gần nhất\"");
}

// Goldens of the screens most at risk with large text that fit today (the rating, the dossier
// code and the reasons with it), in Vietnamese at 1280×800, 1920×1080 and portrait, in English at
// 1280×800 (assets/kiosk/golden/*_large_*), and the admin screen at 1280×800 in English;
// the fit check above covers every combination.
void large_text_goldens(int width, int height, const std::string& lang) {
    Walk w(Combination{width, height, true, lang});
    Harness& h = w.h();
    const std::string suffix = "_large_" + lang + "_" + std::to_string(width) + "x" + std::to_string(height);
    w.set_presentation();
    h.tap("start");
    w.set_presentation();
    h.screenshot("rating" + suffix);
    h.tap("rating.1");
    h.tap("open_dossier");
    h.type(dossier_code);
    h.screenshot("dossier" + suffix);
    h.tap("done");
    send_tt01(h);
    h.tap("reason.slow");
    h.tap("reason.conduct");
    h.screenshot("reasons" + suffix);
}

TEST_CASE("screenshot: large text at 1280x800", "[screenshot][fit]") { large_text_goldens(1280, 800, "vi"); }
TEST_CASE("screenshot: large text at 1920x1080", "[screenshot][fit]") { large_text_goldens(1920, 1080, "vi"); }
TEST_CASE("screenshot: large text at 1280x800 in English", "[screenshot][fit]") { large_text_goldens(1280, 800, "en"); }

// In Vietnamese: admin_busy_vi_1280x800 (screens_test.cpp).
TEST_CASE("screenshot: the admin screen at 1280x800 in English shows every fact", "[screenshot][fit]") {
    Walk w(Combination{1280, 800, false, "en"});
    w.set_presentation();
    w.h().key(SDL_SCANCODE_A, true, true);
    for (const SDL_Scancode k : {SDL_SCANCODE_2, SDL_SCANCODE_4, SDL_SCANCODE_6, SDL_SCANCODE_8, SDL_SCANCODE_RETURN})
        w.h().key(k);
    REQUIRE(w.h().flow().screen() == Screen::admin);
    w.h().screenshot("admin_en_1280x800");
}

// The idle screen of an officer on duty and the comment keyboard with large text on the smallest
// display: the service's name wrapped on its card above the invitation, the keys with words as
// wide as their words need (comment_large_vi_1024x768, idle_large_vi_1024x768).
TEST_CASE("screenshot: the idle screen and the comment keyboard with large text at 1024x768", "[screenshot][fit]") {
    Walk w(Combination{1024, 768, true, "vi"});
    Harness& h = w.h();
    h.keyboard_device(card_dung, 5ms);
    w.set_presentation();
    h.screenshot("idle_large_vi_1024x768");
    h.tap("start");
    h.tap("rating.1");
    send_tt01(h);
    h.tap("open_comment");
    h.type("Chowf quas laau");
    h.screenshot("comment_large_vi_1024x768");
}
