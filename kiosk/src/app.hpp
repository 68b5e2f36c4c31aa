#pragma once
// The kiosk application: the rating flow, its screens, and the workers that do what the frame must
// not (save, check the PIN, fetch the uplink status, speak, decode photos, print receipts). No SDL window and no
// OpenGL in here: the caller owns the window (window.hpp) and calls, for every frame,
//
//   app.prepare(display size, reported dpi);   // before ImGui::NewFrame: fonts and sizes
//   ImGui::NewFrame(); app.frame(now); ImGui::Render();
//
// and sleeps between frames until an event arrives or next_wake() passes (render on events: an
// idle kiosk draws nothing and uses no CPU). Workers hand results back through a RunQueue that
// frame() runs first; posting to it calls `wake` so the caller's wait ends.
//
// Ownership: the App owns its services (called only from its workers), the flow and the workers;
// it holds references to the translator, the fonts and the renderer, which must outlive it.
// The destructor waits for the job each worker is running (a save in progress completes).
// Thread safety: every method on the UI thread only.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "fonts.hpp"
#include "hailong/kiosk/flow.hpp"
#include "hailong/kiosk/kiosk_settings.hpp"
#include "hailong/message.hpp"
#include "run_queue.hpp"
#include "screens.hpp"
#include "services.hpp"
#include "theme.hpp"
#include "ui.hpp"
#include "worker.hpp"

namespace hailong::kiosk {

/// What the App needs of the graphics backend (window.hpp implements it with OpenGL).
class Renderer {
public:
    virtual ~Renderer() = default;
    virtual ImTextureID create_texture(const Image& image) = 0;
    virtual void destroy_texture(ImTextureID texture) = 0;
    /// ImGui's font atlas was rebuilt: upload it again (replacing the last texture), after which
    /// the atlas's pixels may be freed.
    virtual void fonts_changed() = 0;
};

class App {
public:
    App(KioskSettings settings, KioskServices services, const Translator& translator, Fonts& fonts,
        Renderer& renderer, RandomSource random, const Now& now, std::function<void()> wake = {});
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    /// Before ImGui::NewFrame: sizes for this display; rebuilds the font atlas when they change.
    void prepare(ImVec2 display, std::optional<float> reported_dpi);
    /// Between ImGui::NewFrame and ImGui::Render. `touched_at`: when the pointer last went down,
    /// if it did since the last frame, from the window's event time stamps (Window::
    /// take_touch_time); without it a press this frame is taken to be at `now`. Taps are judged
    /// by these times (tap_guard.hpp).
    void frame(const Now& now, std::optional<std::chrono::steady_clock::time_point> touched_at = std::nullopt);

    /// When to draw again if no event arrives (nullopt: only on an event).
    [[nodiscard]] std::optional<std::chrono::steady_clock::time_point> next_wake(const Now& now) const;
    /// The last frame changed something: draw another frame now, without waiting.
    [[nodiscard]] bool needs_redraw() const { return redraw_; }
    /// The admin chose "exit".
    [[nodiscard]] bool quit() const { return quit_; }

    [[nodiscard]] const Flow& flow() const { return flow_; }
    [[nodiscard]] const Metrics& metrics() const { return metrics_; }
    /// Commits to the outbox that reported a durable commit (a face tap kept open, an amendment,
    /// a complete save), and how long the last one took from the tap: from the start of the
    /// frame that handled the tap (the loop wakes on the touch and starts that frame at once) to
    /// the save service's return, measured on the save worker.
    [[nodiscard]] std::uint64_t commits() const { return commits_; }
    [[nodiscard]] std::chrono::microseconds last_commit_latency() const { return last_commit_latency_; }
    /// A widget of the last frame by id, for tests that tap it.
    [[nodiscard]] std::optional<Rect> widget(std::string_view id) const;
    [[nodiscard]] std::vector<std::string> widget_ids() const;
    /// Tests only: from the next frame on, record where every text and widget lands (ui.hpp's
    /// LayoutRecord); layout() is the last frame's record.
    void record_layout(bool on) { record_layout_ = on; }
    [[nodiscard]] const LayoutRecord& layout() const { return layout_; }
    /// No job waits or runs on any worker and nothing waits in the run queue.
    [[nodiscard]] bool settled() const;

    /// A keyboard-wedge scanner read `text` (Window::take_scans): a staff card or a dossier code.
    void scanned(const std::string& text, const Now& now);

    /// Applies an action as if a screen had emitted it (the run queue's results come this way).
    void dispatch(const Action& action, const Now& now);

private:
    void handle(const Effect& effect);
    void count_commit(const SaveResult& result, std::chrono::microseconds latency);
    void on_screen_change();
    void open_thanks(const std::string& code);
    void print_receipt();
    void request_photo();
    void request_status(const Now& now);
    void start_network_test();
    void speak(const Ui& ui);
    void draw(const Now& now, const KeyInput& keys, std::vector<Action>& actions);
    void apply_server_config(const KioskConfig& config);
    void add_glyphs(const std::string& text);

    KioskSettings settings_;
    KioskServices services_;
    const Translator& translator_;
    Fonts& fonts_;
    Renderer& renderer_;
    Flow flow_;
    RunQueue queue_;

    Metrics metrics_;
    std::optional<float> reported_dpi_;
    std::string glyph_text_;  // every text the fonts must cover
    bool fonts_stale_ = false;  // glyph_text_ gained characters since the atlas was built

    // The newest configuration the listener of services_.watch_config handed over, for the next
    // frame (only the newest matters). Shared with the listener, which may outlive the App.
    struct ConfigInbox {
        std::mutex mutex;
        std::shared_ptr<const KioskConfig> latest;
        std::function<void()> wake;
    };
    std::shared_ptr<ConfigInbox> config_inbox_ = std::make_shared<ConfigInbox>();
    Focus focus_;
    TapGuard taps_;
    bool last_warning_ = false;
    // The TT 01 page and the admin tab of the last frame: turning either shows a new screen's
    // worth of controls, which the tap guard treats as a new screen.
    int last_tt01_page_ = 0;
    ScreenState::AdminTab last_admin_tab_ = ScreenState::AdminTab::status;
    ScreenState state_;
    std::vector<std::pair<std::string, Rect>> widgets_;
    bool record_layout_ = false;
    LayoutRecord layout_;

    Now now_;
    bool redraw_ = true;
    bool quit_ = false;
    std::chrono::steady_clock::time_point frame_started_;  // the real clock, even under a test's clock
    std::uint64_t commits_ = 0;
    std::chrono::microseconds last_commit_latency_{0};
    Screen last_screen_ = Screen::idle;
    std::uint64_t last_session_ = 0;
    // What the voice said last (speak()): the help as speech came on, the screen's prompt, the
    // control the ring is on and its words, the receipt's outcome.
    bool speech_was_on_ = false;
    bool spoke_for_screen_ = false;
    std::string said_prompt_;
    std::string said_focus_;
    ScreenState::PrintState said_print_ = ScreenState::PrintState::none;
    std::optional<Receipt> receipt_;  // the thank-you screen's, for "In lại"

    std::optional<std::string> photo_for_;  // officer code whose photo is loaded or loading
    ImTextureID photo_ = nullptr;
    std::optional<std::chrono::steady_clock::time_point> status_requested_;
    bool status_pending_ = false;
    std::optional<std::chrono::steady_clock::time_point> corner_press_;  // the hidden admin gesture

    // Last: joined first when the App goes, before anything their jobs use.
    Worker save_worker_;
    Worker admin_worker_;
    Worker voice_worker_{true};
    Worker printer_worker_;
};

/// How long the top-left corner of the idle screen must be held to open the admin PIN pad.
inline constexpr std::chrono::seconds admin_gesture_hold{3};
/// How many times "In lại" prints a complaint's receipt again: two, so that a receipt lost to a
/// paper jam and the one printed after it still leave one for a companion; no more, so that a
/// child at the kiosk cannot empty the roll.
inline constexpr int receipt_reprints = 2;

}  // namespace hailong::kiosk
