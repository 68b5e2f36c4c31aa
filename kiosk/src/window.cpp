#include "window.hpp"

#include <SDL.h>
#include <SDL_opengl.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <malloc.h>
#include <stdexcept>
#include <utility>
#include <vector>

#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

namespace hailong::kiosk {

namespace {

std::atomic<Uint32> wake_event{0};

[[noreturn]] void sdl_failed(const char* what) {
    throw std::runtime_error(std::string(what) + ": " + SDL_GetError());
}

GLuint texture_name(ImTextureID id) { return static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(id)); }

}  // namespace

Window::Window(const WindowOptions& options) {
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0) sdl_failed("SDL_Init");
    wake_event = SDL_RegisterEvents(1);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, SDL_GL_CONTEXT_FORWARD_COMPATIBLE_FLAG);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
    SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);

    Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
    if (options.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
    window_ = SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, options.width,
                               options.height, flags);
    if (!window_) {
        SDL_Quit();
        sdl_failed("SDL_CreateWindow");
    }
    gl_ = SDL_GL_CreateContext(window_);
    if (!gl_) {
        SDL_DestroyWindow(window_);
        SDL_Quit();
        sdl_failed("SDL_GL_CreateContext");
    }
    SDL_GL_MakeCurrent(window_, gl_);
    SDL_GL_SetSwapInterval(1);  // may fail offscreen; frames are drawn on demand anyway
    if (options.fullscreen) SDL_ShowCursor(SDL_DISABLE);  // a touch screen has no pointer to show

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini: the frame writes no files
    io.LogFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange;
    ImGui_ImplSDL2_InitForOpenGL(window_, gl_);
    // The backend loads the OpenGL functions from libGL.so.1 at run time; without them every
    // later GL call would crash, so a missing library is reported here, as a display problem.
    if (!ImGui_ImplOpenGL3_Init("#version 150")) {
        ImGui_ImplSDL2_Shutdown();
        ImGui::DestroyContext();
        SDL_GL_DeleteContext(gl_);
        SDL_DestroyWindow(window_);
        SDL_Quit();
        throw std::runtime_error("the OpenGL 3 functions could not be loaded (is libgl1 installed?)");
    }
    // The backend's own font texture is RGBA: four bytes a pixel, kept twice (ImGui's RGBA copy
    // of the atlas and the driver's texture). The kiosk uploads the atlas itself, one byte a pixel
    // (fonts_changed). The backend makes its shaders and buffers now, with the texture of ImGui's
    // small default font, which is dropped at once.
    ImGui_ImplOpenGL3_CreateDeviceObjects();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    io.Fonts->Clear();
    int major = 0, minor = 0;
    if (const auto* v = reinterpret_cast<const char*>(glGetString(GL_VERSION))) std::sscanf(v, "%d.%d", &major, &minor);
    swizzle_ = major > 3 || (major == 3 && minor >= 3) || SDL_GL_ExtensionSupported("GL_ARB_texture_swizzle");
}

Window::~Window() {
    if (font_texture_) glDeleteTextures(1, &font_texture_);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    SDL_GL_DeleteContext(gl_);
    SDL_DestroyWindow(window_);
    SDL_Quit();
}

bool Window::wait_events(std::optional<std::chrono::milliseconds> timeout) {
    SDL_Event e;
    int got = 0;
    // Keys held back for the scanner recogniser are passed on when it says: wake up for that.
    if (const auto deadline = scanner_.deadline()) {
        const auto left = std::chrono::milliseconds(std::max<std::int64_t>(deadline->count() - SDL_GetTicks(), 0));
        if (!timeout || left < *timeout) timeout = left;
    }
    if (timeout) {
        const auto ms = std::clamp<std::int64_t>(timeout->count(), 0, 24 * 3600 * 1000);
        got = SDL_WaitEventTimeout(&e, static_cast<int>(ms));
    } else {
        got = SDL_WaitEvent(&e);
    }
    bool open = true;
    while (got) {
        process_event(e);
        // SDL stamps an event with SDL_GetTicks() when it arrives; its age now dates the touch.
        if (e.type == SDL_MOUSEBUTTONDOWN && e.button.button == SDL_BUTTON_LEFT)
            touched_ = std::chrono::steady_clock::now() - std::chrono::milliseconds(SDL_GetTicks() - e.button.timestamp);
        if (e.type == SDL_QUIT) open = false;
        if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE &&
            e.window.windowID == SDL_GetWindowID(window_))
            open = false;
        got = SDL_PollEvent(&e);
    }
    release_keys(SDL_GetTicks());
    return open;
}

namespace {

bool types_text(SDL_Keycode key) {
    return (key >= 0x20 && key < 0x7F) || key == SDLK_LSHIFT || key == SDLK_RSHIFT || key == SDLK_CAPSLOCK;
}

}  // namespace

void Window::process_event(const SDL_Event& e) {
    using Kind = ScanRecogniser::Kind;
    std::optional<Kind> kind;
    std::string text;
    if (e.type == SDL_TEXTINPUT) {
        kind = Kind::text;
        text = e.text.text;
    } else if (e.type == SDL_KEYDOWN || e.type == SDL_KEYUP) {
        const SDL_Keycode key = e.key.keysym.sym;
        const bool enter = key == SDLK_RETURN || key == SDLK_KP_ENTER;
        if (enter && e.type == SDL_KEYDOWN) kind = Kind::enter;
        else if (enter || types_text(key)) kind = Kind::held_key;
        else kind = Kind::other;
    }
    if (!kind) {
        ImGui_ImplSDL2_ProcessEvent(&e);
        return;
    }
    held_keys_.push_back(e);
    apply(scanner_.feed(*kind, ScanRecogniser::Millis(e.common.timestamp), text));
}

void Window::release_keys(std::uint32_t now_ms) { apply(scanner_.poll(ScanRecogniser::Millis(now_ms))); }

void Window::apply(const ScanRecogniser::Outcome& outcome) {
    if (outcome.scan) {
        held_keys_.clear();
        scans_.push_back(*outcome.scan);
        return;
    }
    for (std::size_t i = 0; i < outcome.release && !held_keys_.empty(); ++i) {
        SDL_Event e = held_keys_.front();
        held_keys_.pop_front();
        ImGui_ImplSDL2_ProcessEvent(&e);
    }
}

std::vector<std::string> Window::take_scans() { return std::exchange(scans_, {}); }

std::optional<std::chrono::steady_clock::time_point> Window::take_touch_time() { return std::exchange(touched_, std::nullopt); }

void Window::wake() {
    const Uint32 type = wake_event.load();
    if (type == 0 || type == static_cast<Uint32>(-1)) return;
    SDL_Event e;
    std::memset(&e, 0, sizeof e);
    e.type = type;
    SDL_PushEvent(&e);
}

ImVec2 Window::size() const {
    int w = 0, h = 0;
    SDL_GetWindowSize(window_, &w, &h);
    return {static_cast<float>(w), static_cast<float>(h)};
}

std::optional<float> Window::dpi() const {
    float diagonal = 0, horizontal = 0, vertical = 0;
    const int display = SDL_GetWindowDisplayIndex(window_);
    if (display < 0 || SDL_GetDisplayDPI(display, &diagonal, &horizontal, &vertical) != 0 || horizontal <= 0)
        return std::nullopt;
    return horizontal;
}

void Window::begin_frame(const std::function<void(ImGuiIO&)>& inject) {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    if (inject) inject(ImGui::GetIO());
    ImGui::NewFrame();
}

void Window::end_frame() {
    ImGui::Render();
    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(window_, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Window::present() { SDL_GL_SwapWindow(window_); }

Image Window::capture() const {
    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(window_, &w, &h);
    Image image;
    image.width = w;
    image.height = h;
    const auto row = static_cast<std::size_t>(w) * 4;
    std::vector<std::uint8_t> flipped(row * static_cast<std::size_t>(h));
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, flipped.data());
    image.rgba.resize(flipped.size());
    for (int y = 0; y < h; ++y)
        std::memcpy(image.rgba.data() + static_cast<std::size_t>(y) * row,
                    flipped.data() + static_cast<std::size_t>(h - 1 - y) * row, row);
    for (std::size_t i = 3; i < image.rgba.size(); i += 4) image.rgba[i] = 255;
    return image;
}

ImTextureID Window::create_texture(const Image& image) {
    GLuint id = 0;
    glGenTextures(1, &id);
    glBindTexture(GL_TEXTURE_2D, id);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, image.width, image.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, image.rgba.data());
    return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(id));
}

void Window::destroy_texture(ImTextureID texture) {
    const GLuint id = texture_name(texture);
    glDeleteTextures(1, &id);
}

void Window::fonts_changed() {
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    // Already uploaded and freed (no build since): asked for its pixels now, ImGui would build
    // its default font in place of ours.
    if (!atlas.TexPixelsAlpha8) return;
    unsigned char* alpha = nullptr;
    int w = 0, h = 0;
    atlas.GetTexDataAsAlpha8(&alpha, &w, &h);
    if (font_texture_) glDeleteTextures(1, &font_texture_);
    font_texture_ = 0;
    GLint last_texture = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &last_texture);
    glGenTextures(1, &font_texture_);
    glBindTexture(GL_TEXTURE_2D, font_texture_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    if (swizzle_) {
        // One byte a pixel, read by the backend's shader as (1, 1, 1, coverage): what ImGui's
        // RGBA copy holds, in a quarter of the memory.
        const GLint swizzle[4] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
        glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, w, h, 0, GL_RED, GL_UNSIGNED_BYTE, alpha);
    } else {
        // A driver without swizzles (OpenGL 3.2) gets RGBA, from a copy freed after the upload.
        std::vector<std::uint32_t> rgba(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
        for (std::size_t i = 0; i < rgba.size(); ++i) rgba[i] = 0x00FFFFFFu | (std::uint32_t{alpha[i]} << 24);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
    }
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(last_texture));
    atlas.SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(font_texture_)));
    // The driver has its copy: ImGui's goes, and what the build freed goes back to the system.
    atlas.ClearTexData();
    malloc_trim(0);
}

}  // namespace hailong::kiosk
