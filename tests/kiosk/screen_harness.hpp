#pragma once
// Drives the real kiosk App in an offscreen SDL window (SDL_VIDEODRIVER=offscreen: EGL on Mesa's
// llvmpipe) with a clock the test moves, services that record what they are asked, and input
// injected into ImGuiIO between the backends' NewFrame and ImGui::NewFrame (Debian's 1.86 SDL
// backend reads the pointer from the window system, so pushed SDL mouse events would not move it).
// Screenshots are read back with glReadPixels and compared with golden PNGs.
//
// Goldens: HAILONG_GOLDEN_DIR (assets/kiosk/golden), stored at half resolution. Run with
// HAILONG_UPDATE_GOLDENS=1 to write them instead of comparing. Every screenshot is also written at
// full resolution to HAILONG_SCREENSHOT_DIR for a person to look at.

#include <SDL_scancode.h>
#include <dlfcn.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <stb_image.h>
#include <stb_image_write.h>

#include "app.hpp"
#include "fonts.hpp"
#include "hailong/tracking_code.hpp"
#include "image_file.hpp"
#include "window.hpp"

namespace hailong::kiosk::test {

/// What the services were asked, shared between the test and the App's workers.
struct Doubles {
    std::mutex mutex;
    std::condition_variable released;
    std::vector<Submission> saved;     // saved complete, to be forwarded
    std::vector<bool> complaints;
    std::vector<Submission> kept;      // kept open: the face tap and each amendment
    std::vector<std::pair<std::string, std::string>> spoken;  // text, lang
    std::vector<effect::CounterChanged> counters;
    std::vector<DutyEvent> duty;                 // sign-ins and sign-outs stored
    std::string officer_pin = "1357";            // the PIN every officer's hash stands for here
    std::vector<std::string> dossiers_asked;     // codes the eligibility service was asked about
    DossierInfo dossier_answer;                  // what it answers (unavailable unless a test says)
    bool hold_saves = false;  // complete saves wait until release_saves()
    int saves_waiting = 0;    // saves blocked by hold_saves right now
    bool fail_saves = false;
    // A code as the outbox issues them: kiosk 1234, complaint 56789 (tracking_code.hpp's example),
    // in the alphabet without 0, 1, I, L, O.
    std::string tracking_code = tracking_code::make(1234, 56789);
    bool printer = false;            // the kiosk has a receipt printer (set before the Harness)
    bool fail_print = false;         // and it fails
    std::vector<Receipt> printed;    // receipts handed to it
    std::string pin = "2468";
    KioskServices::ConfigListener config_listener;  // what the App handed to watch_config
    std::vector<std::string> looked_up;              // codes the lookup service was asked about
    ComplaintLookup lookup_answer{ComplaintLookup::Outcome::found, "in_progress",
                                  "Sở Công Thương đã tiếp nhận phản ánh và đang xác minh với bộ phận một cửa; "
                                  "kết quả sẽ được thông báo trước ngày 04/12/2026."};

    /// Plays the uploader putting a configuration from the server in use.
    void push_config(const KioskConfig& config) {
        KioskServices::ConfigListener listener;
        {
            std::lock_guard lock(mutex);
            listener = config_listener;
        }
        if (listener) listener(std::make_shared<const KioskConfig>(config));
    }

    void release_saves() {
        {
            std::lock_guard lock(mutex);
            hold_saves = false;
        }
        released.notify_all();
    }
};

inline KioskSettings test_settings() {
    KioskSettings s;
    s.kiosk_id = "TH-HCC-01";
    s.server_url = "https://10.20.0.5:8443";
    s.department_name = "Sở Công Thương";
    s.site_name = "Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa";
    s.counter.department = "SCT";
    s.counter.officers = {{"SCT-007", "Phạm Thị Dung", "photo-dung.png"},
                          {"SCT-001", "Nguyễn Văn An", ""},
                          {"SCT-002", "Trần Thị Bình", ""},
                          {"SCT-003", "Lê Hoàng Cường", ""}};
    s.counter.services = {{"2.000633", "Cấp Giấy phép bán lẻ sản phẩm rượu"},
                          {"2.000181", "Cấp Giấy chứng nhận đủ điều kiện an toàn thực phẩm"}};
    s.counter.officer = "SCT-007";
    s.counter.service = "2.000633";
    s.pin_hash = "test";  // any non-empty hash: the double compares the PIN itself
    s.font_dir = HAILONG_FONT_DIR;
    return s;
}

// A photo drawn in code: a warm gradient with a lighter disc, so that the idle screen's photo
// frame shows something that is obviously an image.
inline Image test_photo() {
    Image img;
    img.width = 240;
    img.height = 300;
    img.rgba.resize(static_cast<std::size_t>(img.width * img.height * 4));
    for (int y = 0; y < img.height; ++y) {
        for (int x = 0; x < img.width; ++x) {
            const auto i = static_cast<std::size_t>((y * img.width + x) * 4);
            const int dx = x - 120, dy = y - 120;
            const bool face = dx * dx + dy * dy < 70 * 70;
            img.rgba[i] = static_cast<std::uint8_t>(face ? 236 : 60 + y / 3);
            img.rgba[i + 1] = static_cast<std::uint8_t>(face ? 200 : 90 + x / 4);
            img.rgba[i + 2] = static_cast<std::uint8_t>(face ? 170 : 140);
            img.rgba[i + 3] = 255;
        }
    }
    return img;
}

inline KioskServices test_services(const std::shared_ptr<Doubles>& d) {
    KioskServices s;
    s.save = [d](const Submission& sub, bool complaint) {
        std::unique_lock lock(d->mutex);
        ++d->saves_waiting;
        d->released.wait(lock, [&] { return !d->hold_saves; });
        --d->saves_waiting;
        if (d->fail_saves) return SaveResult{false, std::nullopt, "disk full (test)"};
        d->saved.push_back(sub);
        d->complaints.push_back(complaint);
        return SaveResult{true, complaint ? std::optional<std::string>(d->tracking_code) : std::nullopt, {}};
    };
    s.keep_open = [d](const Submission& sub) {
        std::lock_guard lock(d->mutex);
        d->kept.push_back(sub);
        return SaveResult{true, std::nullopt, {}};
    };
    s.status = [] {
        UploaderStatus st;
        st.connection = ConnectionState::offline;
        st.last_sync = std::chrono::sys_days{std::chrono::year{2026} / 11 / 20} + std::chrono::minutes(59);
        st.last_error = SyncError::network;
        st.last_error_detail = "Could not connect to server";
        st.queue_depth = 3;
        return st;
    };
    s.test_network = [] { return NetworkTest{false, "Connection refused"}; };
    s.check_pin = [d](const std::string& pin) {
        std::lock_guard lock(d->mutex);
        return pin == d->pin;
    };
    s.remember_counter = [d](const effect::CounterChanged& c) {
        std::lock_guard lock(d->mutex);
        d->counters.push_back(c);
    };
    s.speak = [d](const std::string& text, const std::string& lang) {
        std::lock_guard lock(d->mutex);
        d->spoken.emplace_back(text, lang);
    };
    s.lookup_complaint = [d](const std::string& code) {
        std::lock_guard lock(d->mutex);
        d->looked_up.push_back(code);
        return d->lookup_answer;
    };
    s.watch_config = [d](KioskServices::ConfigListener listener) {
        std::lock_guard lock(d->mutex);
        d->config_listener = std::move(listener);
    };
    s.record_duty = [d](const DutyEvent& event) {
        std::lock_guard lock(d->mutex);
        d->duty.push_back(event);
        return SaveResult{true, std::nullopt, {}};
    };
    s.check_officer_pin = [d](const std::string&, const std::string& pin) {
        std::lock_guard lock(d->mutex);
        return pin == d->officer_pin;
    };
    s.check_dossier = [d](const std::string& code) {
        std::lock_guard lock(d->mutex);
        d->dossiers_asked.push_back(code);
        return d->dossier_answer;
    };
    if (d->printer) {
        s.print_receipt = [d](const Receipt& receipt) {
            std::lock_guard lock(d->mutex);
            if (d->fail_print) throw std::runtime_error("/dev/usb/lp0: No such device (test)");
            d->printed.push_back(receipt);
        };
    }
    s.load_image = [](const std::string& path) -> std::optional<Image> {
        if (path == "photo-dung.png") return test_photo();
        return std::nullopt;
    };
    return s;
}

// Mesa loads its driver with dlopen and unloads it at SDL_Quit; LeakSanitizer, at exit, can then
// no longer name the driver in the stacks of what it keeps allocated, and no suppression can
// match them. Loaded once more here with RTLD_NODELETE, it stays mapped (and named) until exit.
inline void keep_gl_driver_mapped() {
    static const bool once = [] {
        for (const char* path : {"/usr/lib/x86_64-linux-gnu/dri/swrast_dri.so", "/usr/lib/x86_64-linux-gnu/libEGL_mesa.so.0"})
            dlopen(path, RTLD_LAZY | RTLD_LOCAL | RTLD_NODELETE);
        return true;
    }();
    (void)once;
}

class Harness {
public:
    explicit Harness(int width = 1920, int height = 1080, KioskSettings settings = test_settings(),
                     std::shared_ptr<Doubles> doubles = std::make_shared<Doubles>())
        : doubles_(std::move(doubles)),
          window_((keep_gl_driver_mapped(), WindowOptions{width, height, false, "hailong-kiosk test"})),
          fonts_(settings.font_dir),
          app_(settings, test_services(doubles_), Translator::builtin(), fonts_, window_, random_bytes(), now()) {
        settle();
    }
    ~Harness() { doubles_->release_saves(); }  // a held save must not keep the App from stopping
    Harness(const Harness&) = delete;
    Harness& operator=(const Harness&) = delete;

    App& app() { return app_; }
    const Flow& flow() { return app_.flow(); }
    Doubles& doubles() { return *doubles_; }

    [[nodiscard]] Now now() const { return Now{steady_, wall_}; }
    void advance(std::chrono::milliseconds d) {
        steady_ += d;
        wall_ += d;
    }

    /// One frame with the pointer at `pos` (nullopt: no pointer), the button down or not, keys
    /// held for this frame only, and typed text.
    void frame(std::optional<ImVec2> pos = std::nullopt, bool down = false, std::vector<SDL_Scancode> keys = {},
               std::string typed = {}, bool ctrl = false, bool alt = false) {
        app_.prepare(window_.size(), window_.dpi());
        window_.begin_frame([&](ImGuiIO& io) {
            io.MousePos = pos ? *pos : ImVec2(-FLT_MAX, -FLT_MAX);
            io.MouseDown[0] = down;
            for (bool& k : io.KeysDown) k = false;
            for (const SDL_Scancode k : keys) io.KeysDown[k] = true;
            io.KeyCtrl = ctrl;
            io.KeyAlt = alt;
            io.KeyShift = false;
            if (!typed.empty()) io.AddInputCharactersUTF8(typed.c_str());
        });
        app_.frame(now());
        window_.end_frame();
    }

    /// Frames until the workers are done (or only a held save is left) and nothing changes.
    void settle() {
        const auto quiet = [&] {
            if (app_.needs_redraw()) return false;
            if (app_.settled()) return true;
            // A save is only "quiet" while it is held: once released, its worker may not have
            // woken yet (seen under load), and the kiosk is not settled until it has.
            std::lock_guard lock(doubles_->mutex);
            return doubles_->hold_saves && doubles_->saves_waiting > 0;
        };
        for (int i = 0; i < 2000; ++i) {
            frame(pointer_, pointer_down_);
            if (quiet()) {
                frame(pointer_, pointer_down_);  // one more, so ImGui's hover state is current
                if (quiet()) return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        FAIL("the kiosk never settled");
    }

    /// A citizen's pace: the time between two taps unless a test says otherwise. Longer than
    /// TapGuard::settle, so that each tap counts.
    static constexpr std::chrono::milliseconds tap_pace{500};

    /// Taps the centre of a widget of the last frame, as a finger would, tap_pace after whatever
    /// came before: down, then up.
    void tap(const std::string& id) {
        const std::optional<Rect> r = app_.widget(id);
        INFO("widget " << id);
        REQUIRE(r);
        tap_at(r->center());
    }
    /// Taps a point of the screen, `after` the last thing that happened (the clock moves first).
    void tap_at(ImVec2 pos, std::chrono::milliseconds after = tap_pace) {
        advance(after);
        frame(pos, false);
        frame(pos, true);
        frame(pos, false);
        pointer_.reset();
        settle();
    }

    /// Holds the pointer down at `pos` for `held`, moving the clock, then releases it.
    void long_press(ImVec2 pos, std::chrono::milliseconds held) {
        frame(pos, false);
        frame(pos, true);
        for (auto t = std::chrono::milliseconds(0); t < held; t += std::chrono::milliseconds(500)) {
            advance(std::chrono::milliseconds(500));
            frame(pos, true);
        }
        frame(pos, false);
        settle();
    }

    void key(SDL_Scancode k, bool ctrl = false, bool alt = false) {
        frame(std::nullopt, false, {k}, {}, ctrl, alt);
        settle();
    }
    void type(const std::string& text) {
        frame(std::nullopt, false, {}, text);
        settle();
    }
    void tick(std::chrono::milliseconds d) {
        advance(d);
        settle();
    }

    /// Types `text` on a keyboard-wedge device into the window's event path, one character every
    /// `gap` (key-down, text, key-up, each stamped with the character's time), then Enter, as SDL
    /// would deliver them; between keys the window releases what it held back, as its wait does,
    /// and a frame is drawn. A scan goes to the App. The time stamps are the test's own.
    void keyboard_device(const std::string& text, std::chrono::milliseconds gap) {
        const auto ms = static_cast<std::uint32_t>(gap.count());
        const auto key_event = [&](Uint32 type, SDL_Keycode sym) {
            SDL_Event e{};
            e.type = type;
            e.key.timestamp = key_clock_;
            e.key.keysym.sym = sym;
            window_.process_event(e);
        };
        for (const char c : text) {
            const auto sym = static_cast<SDL_Keycode>(std::tolower(static_cast<unsigned char>(c)));
            key_event(SDL_KEYDOWN, sym);
            SDL_Event t{};
            t.type = SDL_TEXTINPUT;
            t.text.timestamp = key_clock_;
            t.text.text[0] = c;
            window_.process_event(t);
            key_event(SDL_KEYUP, sym);
            key_clock_ += ms;
            advance(gap);
            window_.release_keys(key_clock_);
            frame();
        }
        key_event(SDL_KEYDOWN, SDLK_RETURN);
        key_event(SDL_KEYUP, SDLK_RETURN);
        key_clock_ += 1000;
        window_.release_keys(key_clock_);
        for (const std::string& scan : window_.take_scans()) app_.scanned(scan, now());
        settle();
    }

    /// Renders a frame and returns it as drawn (full resolution, top row first).
    Image capture() {
        frame(pointer_, pointer_down_);
        return window_.capture();
    }
    /// Renders a frame, writes it for review and compares it with (or writes) its golden.
    void screenshot(const std::string& name);

private:
    std::uint32_t key_clock_ = 100000;  // SDL time stamps of keyboard_device's events, in ms

    static RandomSource random_bytes() {
        return [n = std::uint8_t{0x30}]() mutable {
            Uuid::Bytes b;
            b.fill(n++);
            return b;
        };
    }

    std::shared_ptr<Doubles> doubles_;
    std::chrono::steady_clock::time_point steady_{std::chrono::hours(500)};
    // 2026-11-20T08:15:30+07:00
    Instant wall_ = std::chrono::sys_days{std::chrono::year{2026} / 11 / 20} + std::chrono::hours(1) +
                    std::chrono::minutes(15) + std::chrono::seconds(30);
    std::optional<ImVec2> pointer_;
    bool pointer_down_ = false;
    Window window_;
    Fonts fonts_;
    App app_;
};

/// Halves an image by averaging 2×2 blocks (goldens are stored this way: a quarter of the bytes,
/// and one-pixel anti-aliasing differences between GL drivers average out).
inline Image half(const Image& in) {
    Image out;
    out.width = in.width / 2;
    out.height = in.height / 2;
    out.rgba.resize(static_cast<std::size_t>(out.width * out.height * 4));
    for (int y = 0; y < out.height; ++y)
        for (int x = 0; x < out.width; ++x)
            for (int c = 0; c < 4; ++c) {
                int sum = 0;
                for (int dy = 0; dy < 2; ++dy)
                    for (int dx = 0; dx < 2; ++dx)
                        sum += in.rgba[static_cast<std::size_t>(((2 * y + dy) * in.width + 2 * x + dx) * 4 + c)];
                out.rgba[static_cast<std::size_t>((y * out.width + x) * 4 + c)] = static_cast<std::uint8_t>((sum + 2) / 4);
            }
    return out;
}

inline void Harness::screenshot(const std::string& name) {
    frame(pointer_, pointer_down_);
    const Image shot = window_.capture();
    namespace fs = std::filesystem;
    fs::create_directories(HAILONG_SCREENSHOT_DIR);
    REQUIRE(write_png(fs::path(HAILONG_SCREENSHOT_DIR) / (name + ".png"), shot));
    const Image small = half(shot);
    const fs::path golden = fs::path(HAILONG_GOLDEN_DIR) / (name + ".png");
    const char* update = std::getenv("HAILONG_UPDATE_GOLDENS");
    if (update && std::string(update) == "1") {
        fs::create_directories(golden.parent_path());
        // Goldens without their (always opaque) alpha channel, compressed hard: smaller files.
        std::vector<std::uint8_t> rgb;
        for (std::size_t i = 0; i < small.rgba.size(); i += 4) rgb.insert(rgb.end(), &small.rgba[i], &small.rgba[i] + 3);
        stbi_write_png_compression_level = 9;
        REQUIRE(stbi_write_png(golden.c_str(), small.width, small.height, 3, rgb.data(), small.width * 3) != 0);
        return;
    }
    INFO("golden " << golden.string() << " (regenerate with HAILONG_UPDATE_GOLDENS=1)");
    const std::optional<Image> expected = load_image_file(golden);
    REQUIRE(expected);
    REQUIRE(expected->width == small.width);
    REQUIRE(expected->height == small.height);
    // A pixel differs when a channel is off by more than 48 of 255; up to 0.2% may (text
    // anti-aliasing of another GL driver), no more.
    std::size_t differing = 0;
    for (std::size_t i = 0; i < small.rgba.size(); i += 4) {
        for (std::size_t c = 0; c < 3; ++c) {
            if (std::abs(int(small.rgba[i + c]) - int(expected->rgba[i + c])) > 48) {
                ++differing;
                break;
            }
        }
    }
    const std::size_t pixels = small.rgba.size() / 4;
    if (differing * 500 > pixels) {
        REQUIRE(write_png(fs::path(HAILONG_SCREENSHOT_DIR) / (name + ".actual-half.png"), small));
    }
    INFO(differing << " of " << pixels << " pixels differ; see " << HAILONG_SCREENSHOT_DIR);
    CHECK(differing * 500 <= pixels);
}

/// On from TT 01: to its second page first where its questions take two (tt01_screen.cpp pages
/// them where the four do not fit), then "next".
inline void send_tt01(Harness& h) {
    if (h.app().widget("tt01.more")) h.tap("tt01.more");
    h.tap("next");
}

}  // namespace hailong::kiosk::test
