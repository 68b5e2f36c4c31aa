// hailong-kiosk: the touch-screen rating kiosk (README.md, docs/architecture.md). Reads its
// configuration file (kiosk_settings.hpp), opens its Backend (the outbox, the configuration cache
// and the uploader: backend.hpp), opens a fullscreen window and runs the App over them, drawing
// only when an event, a timer or a worker's result asks for it.
//
//   hailong-kiosk --config FILE [--windowed] [--size WIDTHxHEIGHT] [--timings FILE]
//     --timings FILE  for benchmarks (scripts/bench-kiosk.sh): at exit, write to FILE one line per
//                     frame, "frame <microseconds>" (from before ImGui's frame to after the
//                     buffer swap), and per durable save, "commit <microseconds>" (from the tap
//                     to the outbox's commit; App::last_commit_latency)
//   hailong-kiosk --hash-pin        reads a PIN on standard input, prints its hash for pin_hash
//   hailong-kiosk --version | --help
//
// Exit codes: 0 done (the admin chose exit, or the window was closed), 1 the display could not be
// opened, 2 wrong usage or an unusable configuration file.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app.hpp"
#include "fonts.hpp"
#include "hailong/cli.hpp"
#include "hailong/field_error.hpp"
#include "hailong/kiosk/backend.hpp"
#include "hailong/kiosk/kiosk_settings.hpp"
#include "hailong/message.hpp"
#include "pin_hash.hpp"
#include "services.hpp"
#include "window.hpp"

namespace {

using namespace hailong;
using namespace hailong::kiosk;

struct Cli {
    std::string lang = cli_language();
    const Translator& tr = Translator::builtin();
    int fail(const std::string& text, int code = 2) const {
        std::fprintf(stderr, "hailong-kiosk: %s\n", text.c_str());
        return code;
    }
    int fail(const Message& m, int code = 2) const { return fail(tr.render(m, lang), code); }
};

Now clock_now() {
    return Now{std::chrono::steady_clock::now(),
               std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now())};
}

RandomSource system_random() {
    return [] {
        static std::random_device device;  // getrandom(2)
        static std::mutex mutex;
        std::lock_guard lock(mutex);
        Uuid::Bytes b;
        for (std::size_t i = 0; i < b.size(); i += 4) {
            const unsigned r = device();
            for (std::size_t j = 0; j < 4; ++j) b[i + j] = static_cast<std::uint8_t>(r >> (8 * j));
        }
        return b;
    };
}

int hash_pin_command(const Cli& cli) {
    std::string pin;
    std::getline(std::cin, pin);
    if (pin.empty() || pin.size() > max_pin_digits || pin.find_first_not_of("0123456789") != std::string::npos)
        return cli.fail(Message("cli.kiosk.pin_format", {{"max", std::to_string(max_pin_digits)}}));
    std::printf("%s\n", hash_pin(pin).c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const Cli cli;
    std::optional<std::string> config;
    bool windowed = false;
    std::optional<std::pair<int, int>> size;
    std::optional<std::string> timings_file;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--version") {
            std::printf("%s\n", version_line("hailong-kiosk").c_str());
            return 0;
        }
        if (arg == "--help" || arg == "-h") {
            std::printf("%s\n", cli.tr.text("cli.kiosk.usage", cli.lang).c_str());
            return 0;
        }
        if (arg == "--hash-pin") return hash_pin_command(cli);
        if (arg == "--config" && i + 1 < argc) {
            config = argv[++i];
            continue;
        }
        if (arg == "--timings" && i + 1 < argc) {
            timings_file = argv[++i];
            continue;
        }
        if (arg == "--windowed") {
            windowed = true;
            continue;
        }
        if (arg == "--size" && i + 1 < argc) {
            int w = 0, h = 0;
            char tail = 0;
            if (std::sscanf(argv[++i], "%dx%d%c", &w, &h, &tail) != 2 || w < 320 || h < 240 || w > 8192 || h > 8192)
                return cli.fail(Message("cli.kiosk.size", {{"size", argv[i]}}));
            size = std::make_pair(w, h);
            windowed = true;
            continue;
        }
        return cli.fail(Message("cli.unknown_argument", {{"argument", std::string(arg)}}));
    }
    if (!config) return cli.fail(Message("cli.kiosk.needs_config"));

    KioskSettings settings;
    try {
        settings = load_kiosk_settings(*config);
    } catch (const InputError& e) {
        return cli.fail(*config + ": " + e.error().describe(cli.tr, cli.lang));
    } catch (const MessageError& e) {
        return cli.fail(e.message());
    }
    restore_counter(settings);
    if (windowed) settings.fullscreen = false;
    if (size) std::tie(settings.window_width, settings.window_height) = *size;

    std::unique_ptr<Backend> backend;
    try {
        backend = std::make_unique<Backend>(settings, curl_connect(settings));
        // Who was on duty when the kiosk stopped is still (the flow signs them out if their
        // shift ended meanwhile).
        restore_duty(settings, backend->last_duty());
    } catch (const std::exception& e) {
        return cli.fail(Message("cli.kiosk.storage", {{"reason", e.what()}}));
    }
    // Kept in memory while running (the frame does no I/O), written at exit.
    std::vector<std::pair<const char*, std::int64_t>> timings;

    try {
        Fonts fonts(settings.font_dir);
        Window window(WindowOptions{settings.window_width, settings.window_height, settings.fullscreen, "hailong-kiosk"});
        App app(settings, kiosk_services(*backend, settings), cli.tr, fonts, window, system_random(), clock_now(), [] { Window::wake(); });
        bool open = true;
        std::uint64_t commits = 0;
        while (open && !app.quit()) {
            const auto frame_start = std::chrono::steady_clock::now();
            for (const std::string& scan : window.take_scans()) app.scanned(scan, clock_now());
            app.prepare(window.size(), window.dpi());
            window.begin_frame();
            app.frame(clock_now(), window.take_touch_time());
            window.end_frame();
            window.present();
            const Now now = clock_now();
            if (timings_file) {
                timings.emplace_back("frame", std::chrono::duration_cast<std::chrono::microseconds>(now.steady - frame_start).count());
                if (app.commits() != commits) {
                    commits = app.commits();
                    timings.emplace_back("commit", app.last_commit_latency().count());
                }
            }
            std::optional<std::chrono::milliseconds> timeout;
            if (app.needs_redraw()) {
                timeout = std::chrono::milliseconds(0);
            } else if (const auto wake = app.next_wake(now)) {
                timeout = std::chrono::ceil<std::chrono::milliseconds>(*wake - now.steady);
                if (*timeout < std::chrono::milliseconds(0)) timeout = std::chrono::milliseconds(0);
            }
            open = window.wait_events(timeout);
        }
    } catch (const MessageError& e) {
        return cli.fail(e.message());
    } catch (const std::runtime_error& e) {
        return cli.fail(Message("cli.kiosk.display", {{"reason", e.what()}}), 1);
    }
    if (timings_file) {
        std::ofstream out(*timings_file, std::ios::trunc);
        for (const auto& [what, us] : timings) out << what << ' ' << us << '\n';
        if (!out) return cli.fail(Message("cli.kiosk.timings", {{"file", *timings_file}}), 1);
    }
    return 0;
}
