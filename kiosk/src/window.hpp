#pragma once
// The kiosk's window: SDL2 with an OpenGL 3 context, Dear ImGui's context and its SDL and OpenGL3
// backends (compiled from the sources Debian's libimgui-dev ships, MIT licence), plus what the App
// needs of a renderer (textures for photos, the font texture) and screenshots for the tests.
//
// Runs anywhere SDL finds a video driver: X11 or Wayland on the kiosk, `SDL_VIDEODRIVER=offscreen`
// (EGL, Mesa's llvmpipe) in tests. Rendering is on demand: wait_events() sleeps in
// SDL_WaitEventTimeout until an event, the given timeout, or wake() from any thread.
//
// Ownership: owns SDL (initialised here, quit in the destructor), the window, the GL context and
// the ImGui context; one Window per process. Thread safety: UI thread only, except wake().
// Errors: the constructor throws std::runtime_error with SDL's message.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <deque>
#include <string>
#include <vector>

#include <SDL_events.h>
#include <imgui.h>

#include "app.hpp"
#include "hailong/kiosk/scan_recogniser.hpp"
#include "services.hpp"

struct SDL_Window;

namespace hailong::kiosk {

struct WindowOptions {
    int width = 1920;
    int height = 1080;
    bool fullscreen = true;  ///< the desktop's size, no decorations
    std::string title = "hailong-kiosk";
};

class Window : public Renderer {
public:
    explicit Window(const WindowOptions& options);
    ~Window() override;
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    /// Waits up to `timeout` (nullopt: until something happens) for events and feeds them all to
    /// ImGui. Returns false when the window was asked to close.
    bool wait_events(std::optional<std::chrono::milliseconds> timeout);
    /// When the pointer (a finger, the mouse's left button) last went down among the events fed
    /// since the last call, on the steady clock, from the event's own time stamp (not when it was
    /// read); nullopt if it did not go down. Clears it.
    std::optional<std::chrono::steady_clock::time_point> take_touch_time();
    /// Ends a wait_events() from any thread (an SDL user event).
    static void wake();

    /// What a keyboard-wedge scanner read since the last call (scan_recogniser.hpp), oldest
    /// first; its keys never reached ImGui. Clears it.
    std::vector<std::string> take_scans();
    /// One event as wait_events() feeds it: keyboard events go through the scanner recogniser
    /// (held while they come fast, then passed on or taken as a scan), the rest to ImGui at once.
    /// Public so that tests can feed events with the time stamps they choose.
    void process_event(const SDL_Event& event);
    /// Passes on keys held back for the recogniser once `now_ms` (SDL ticks) is past its deadline.
    void release_keys(std::uint32_t now_ms);

    [[nodiscard]] ImVec2 size() const;
    /// SDL's horizontal density of the window's display, if it reports one.
    [[nodiscard]] std::optional<float> dpi() const;

    /// Starts an ImGui frame. `inject` runs after the backends have read the window system and
    /// before ImGui::NewFrame: tests set io.MousePos, io.MouseDown and io.KeysDown there.
    void begin_frame(const std::function<void(ImGuiIO&)>& inject = {});
    /// Renders the frame into the back buffer.
    void end_frame();
    /// Shows the back buffer.
    void present();
    /// The back buffer as RGBA rows, top row first (after end_frame, before present).
    [[nodiscard]] Image capture() const;

    ImTextureID create_texture(const Image& image) override;
    void destroy_texture(ImTextureID texture) override;
    void fonts_changed() override;

private:
    SDL_Window* window_ = nullptr;
    void* gl_ = nullptr;
    unsigned font_texture_ = 0;  // the atlas, one byte a pixel (fonts_changed)
    bool swizzle_ = false;      // the driver has texture swizzles (OpenGL 3.3, ARB_texture_swizzle)
    std::optional<std::chrono::steady_clock::time_point> touched_;
    ScanRecogniser scanner_;
    std::deque<SDL_Event> held_keys_;  // the recogniser's held events, oldest first
    std::vector<std::string> scans_;

    void apply(const ScanRecogniser::Outcome& outcome);
};

}  // namespace hailong::kiosk
