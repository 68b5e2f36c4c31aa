// hailong-kiosk: the touch-screen rating kiosk (README.md, docs/architecture.md). Reads its
// configuration file (kiosk_settings.hpp), opens a fullscreen window and runs the App, drawing
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
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "app.hpp"
#include "fonts.hpp"
#include "hailong/cli.hpp"
#include "hailong/field_error.hpp"
#include "hailong/kiosk/config_cache.hpp"
#include "hailong/kiosk/curl_transport.hpp"
#include "hailong/kiosk/kiosk_settings.hpp"
#include "hailong/kiosk/outbox.hpp"
#include "hailong/kiosk/uploader.hpp"
#include "hailong/message.hpp"
#include "hailong/submission_codec.hpp"
#include "image_file.hpp"
#include "pin_hash.hpp"
#include "speech.hpp"
#include "window.hpp"

namespace {

namespace fs = std::filesystem;
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

// Writes `text` to `path` so that a power cut leaves either the old or the new file: a temporary
// file, fsync, rename.
bool write_atomically(const fs::path& path, const std::string& text) {
    const fs::path tmp = path.string() + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return false;
    const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    std::error_code ec;
    if (ok) fs::rename(tmp, path, ec);
    return ok && !ec;
}

// The officer, service and default language the admin last chose, kept in data_dir/counter.json
// so that a restart keeps the sign-in. Unknown codes in the file are ignored.
void restore_counter(KioskSettings& settings) {
    std::ifstream in(settings.data_dir / "counter.json");
    if (!in) return;
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_object()) return;
    CounterConfig& c = settings.counter;
    const auto pick = [&](const char* key, auto& list, std::optional<std::string>& target) {
        if (!j.contains(key)) return;
        if (j[key].is_null()) target.reset();
        if (!j[key].is_string()) return;
        const std::string code = j[key].get<std::string>();
        for (const auto& item : list)
            if (item.code == code) target = code;
    };
    pick("officer", c.officers, c.officer);
    pick("service", c.services, c.service);
    if (j.contains("language") && j["language"].is_string()) {
        const std::string lang = j["language"].get<std::string>();
        if (lang == "vi" || lang == "en") c.default_lang = lang;
    }
}

// Store, then forward: the outbox and the cached server configuration in data_dir, and, when a
// server is configured, the uploader thread that forwards the outbox to it. Without server_url
// the kiosk still rates and keeps everything; it forwards once a server is configured.
class Backend {
public:
    explicit Backend(const KioskSettings& settings)
        : outbox_(settings.data_dir),
          config_(settings.data_dir, bundled_config(settings.kiosk_id, NamedCode{settings.counter.department, settings.department_name},
                                                    named(settings.counter.officers), named(settings.counter.services))) {
        if (settings.server_url.empty()) return;
        transport_options_.base_url = settings.server_url;
        transport_options_.token = settings.token_file.empty() ? std::string() : read_token_file(settings.token_file);
        transport_options_.ca_file = settings.ca_file;
        transport_ = std::make_unique<CurlTransport>(transport_options_);
        UploaderOptions uo;
        uo.kiosk_id = settings.kiosk_id;
        uploader_ = std::make_unique<Uploader>(outbox_, config_, *transport_, uo);
        uploader_->start();
    }

    // Called from the App's save worker: the durable commit, then a nudge to the uploader.
    SaveResult save(const Submission& submission, bool complaint) {
        try {
            const Submission stored = outbox_.save(submission, complaint);
            if (uploader_) uploader_->notify();
            return SaveResult{true, stored.tracking_code, {}};
        } catch (const std::exception& e) {
            return SaveResult{false, std::nullopt, e.what()};
        }
    }

    ConfigCache& config() { return config_; }

    UploaderStatus status() {
        if (uploader_) return uploader_->status();
        UploaderStatus s;  // no server configured: the queue is all there is to show
        const OutboxCounts counts = outbox_.counts();
        s.queue_depth = counts.pending;
        s.dead_count = counts.dead;
        s.sent_count = counts.sent;
        return s;
    }

    // The admin's network test: a configuration request straight to the server, on a connection
    // of its own (a CurlTransport belongs to one thread, and the uploader's is busy).
    NetworkTest test_network() {
        if (!transport_) return NetworkTest{false, "server_url is not set in the configuration file"};
        const auto start = std::chrono::steady_clock::now();
        CurlTransport probe(transport_options_);
        const HttpResponse r = probe.send(HttpRequest{"GET", "/api/v1/kiosk/config", {}, {}});
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
        if (r.error) return NetworkTest{false, r.error->text};
        uploader_->retry_now();
        return NetworkTest{r.status == 200, "HTTP " + std::to_string(r.status) + " in " + std::to_string(ms) + " ms"};
    }

    // "Tra cứu phản ánh", from the App's admin worker: the public lookup, on a connection of its
    // own. Only the status and the reply are read from the answer.
    ComplaintLookup lookup_complaint(const std::string& code) {
        ComplaintLookup result;
        if (!transport_) return result;  // unavailable: no server configured
        CurlTransport probe(transport_options_);
        const HttpResponse r = probe.send(HttpRequest{"GET", "/api/v1/public/complaints/" + code, {}, {}});
        if (r.error) return result;
        if (r.status == 404) {
            result.outcome = ComplaintLookup::Outcome::not_found;
            return result;
        }
        if (r.status != 200) return result;
        const nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
        if (!j.is_object() || !j.contains("status") || !j["status"].is_string()) return result;
        result.outcome = ComplaintLookup::Outcome::found;
        result.status = j["status"].get<std::string>();
        if (j.contains("reply") && j["reply"].is_string()) result.reply = j["reply"].get<std::string>();
        return result;
    }

private:
    template <typename List>
    static std::vector<NamedCode> named(const List& list) {
        std::vector<NamedCode> out;
        for (const auto& item : list) out.push_back(NamedCode{item.code, item.name});
        return out;
    }

    Outbox outbox_;
    ConfigCache config_;
    CurlTransportOptions transport_options_;
    std::unique_ptr<CurlTransport> transport_;  // the uploader's
    std::unique_ptr<Uploader> uploader_;
};

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
        backend = std::make_unique<Backend>(settings);
    } catch (const std::exception& e) {
        return cli.fail(Message("cli.kiosk.storage", {{"reason", e.what()}}));
    }
    KioskServices services;
    services.save = [&backend](const Submission& s, bool complaint) { return backend->save(s, complaint); };
    services.status = [&backend] { return backend->status(); };
    services.test_network = [&backend] { return backend->test_network(); };
    services.check_pin = [hash = settings.pin_hash](const std::string& pin) { return pin_matches(hash, pin); };
    services.remember_counter = [dir = settings.data_dir](const effect::CounterChanged& c) {
        nlohmann::json j = {{"officer", c.officer ? nlohmann::json(*c.officer) : nlohmann::json()},
                            {"service", c.service ? nlohmann::json(*c.service) : nlohmann::json()},
                            {"language", c.default_lang}};
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (!write_atomically(dir / "counter.json", j.dump(2) + "\n"))
            throw std::runtime_error((dir / "counter.json").string() + ": " + std::strerror(errno));
    };
    services.speak = [command = settings.speech_command](const std::string& text, const std::string& lang) {
        speak_aloud(command, text, lang);
    };
    services.load_image = [](const std::string& path) { return load_image_file(path); };
    services.lookup_complaint = [&backend](const std::string& code) { return backend->lookup_complaint(code); };
    services.watch_config = [&backend](KioskServices::ConfigListener listener) {
        backend->config().subscribe(std::move(listener));
    };
    // Kept in memory while running (the frame does no I/O), written at exit.
    std::vector<std::pair<const char*, std::int64_t>> timings;

    try {
        Fonts fonts(settings.font_dir);
        Window window(WindowOptions{settings.window_width, settings.window_height, settings.fullscreen, "hailong-kiosk"});
        App app(settings, std::move(services), cli.tr, fonts, window, system_random(), clock_now(), [] { Window::wake(); });
        bool open = true;
        std::uint64_t commits = 0;
        while (open && !app.quit()) {
            const auto frame_start = std::chrono::steady_clock::now();
            app.prepare(window.size(), window.dpi());
            window.begin_frame();
            app.frame(clock_now());
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
