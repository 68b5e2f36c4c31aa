#include "hailong/kiosk/receipt_printer.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utf8proc.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <vector>

#include "hailong/kiosk/qr_code.hpp"

extern char** environ;

namespace hailong::kiosk {

namespace {

// The widest paper the receipt must fit: 58 mm printers print 384 dots (48 mm at 203 dpi).
constexpr int paper_dots = 384;
constexpr int max_module_dots = 8;
constexpr int min_module_dots = 3;

bool printable_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c <= 0x7E; });
}

// A file descriptor closed when it goes.
class Fd {
public:
    explicit Fd(int fd = -1) : fd_(fd) {}
    ~Fd() { reset(); }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    [[nodiscard]] int get() const { return fd_; }
    void reset() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_;
};

std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

}  // namespace

std::string receipt_text(std::string_view text) {
    // "đ" and "Đ" have no decomposition: letters of their own, printed as d and D.
    std::string plain;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.substr(i, 2) == "\xC4\x91" || text.substr(i, 2) == "\xC4\x90") {
            plain += text[i + 1] == '\x91' ? 'd' : 'D';
            ++i;
        } else {
            plain += text[i];
        }
    }
    utf8proc_uint8_t* stripped = nullptr;
    const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(plain.data()),
                                static_cast<utf8proc_ssize_t>(plain.size()), &stripped,
                                static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK));
    std::string out;
    if (n >= 0) {
        const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(stripped, &std::free);
        out.assign(reinterpret_cast<const char*>(stripped), static_cast<std::size_t>(n));
    } else {
        out = plain;  // not UTF-8: every byte outside ASCII becomes '?' below
    }
    std::string printed;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto b = static_cast<unsigned char>(out[i]);
        if (b >= 0x20 && b <= 0x7E) {
            printed += out[i];
        } else {
            printed += '?';
            // One '?' per character, not per byte of its UTF-8 form.
            while (i + 1 < out.size() && (static_cast<unsigned char>(out[i + 1]) & 0xC0) == 0x80) ++i;
        }
    }
    return printed;
}

std::string receipt_time(const Timestamp& when) {
    using namespace std::chrono;
    const auto local = when.instant + when.offset;
    const auto day = floor<days>(local);
    const year_month_day ymd{day};
    const hh_mm_ss hms{floor<minutes>(local - day)};
    char text[32];
    std::snprintf(text, sizeof text, "%02u/%02u/%04d %02d:%02d", static_cast<unsigned>(ymd.day()),
                  static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()));
    return text;
}

int receipt_qr_module_dots(int modules) {
    return std::clamp(paper_dots / (modules + 2 * QrCode::quiet_zone), min_module_dots, max_module_dots);
}

std::string receipt_bytes(const Receipt& r) {
    std::string out;
    const auto command = [&](std::initializer_list<int> bytes) {
        for (const int b : bytes) out += static_cast<char>(b);
    };
    const auto line = [&](std::string_view text) {
        out += receipt_text(text);
        out += '\n';
    };

    command({0x1B, 0x40});        // ESC @: initialise, clearing whatever modes a previous job left
    command({0x1B, 0x74, 0x00});  // ESC t 0: code page 437; only ASCII follows, the same on every page
    command({0x1B, 0x61, 0x01});  // ESC a 1: centre
    command({0x1B, 0x45, 0x01});  // ESC E 1: bold
    line(r.title);
    command({0x1B, 0x45, 0x00});  // ESC E 0: bold off
    line(r.department);
    out += '\n';
    line(r.code_label);
    command({0x1D, 0x21, 0x11});  // GS ! 0x11: double width, double height
    line(r.code);
    command({0x1D, 0x21, 0x00});  // GS ! 0: normal size

    // The link is ours (lookup_link()), but it is checked again: it goes out as data bytes.
    const std::optional<QrCode> qr = printable_ascii(r.link) ? QrCode::encode(r.link) : std::nullopt;
    if (qr) {
        const std::size_t stored = r.link.size() + 3;  // cn fn m, then the data
        out += '\n';
        command({0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00});  // GS ( k fn 65: model 2
        command({0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, receipt_qr_module_dots(qr->size())});  // fn 67: module size
        command({0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x31});  // fn 69: error correction M
        command({0x1D, 0x28, 0x6B, static_cast<int>(stored & 0xFF), static_cast<int>(stored >> 8), 0x31, 0x50, 0x30});
        out += r.link;                                              // fn 80: store the data
        command({0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30});  // fn 81: print the symbol
        out += '\n';
        line(r.link_hint);
    }
    out += '\n';
    line(r.date_label + " " + receipt_time(r.when));
    if (!r.hotline.empty()) line(r.hotline_label + " " + r.hotline);
    command({0x1B, 0x64, 0x04});  // ESC d 4: feed four lines, past the cutter
    command({0x1D, 0x56, 0x01});  // GS V 1: partial cut
    return out;
}

std::string DeviceSink::send(std::string_view bytes) {
    // Never O_CREAT: a mistyped device must not become a file that silently swallows receipts.
    const Fd fd(::open(device_.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK));
    if (fd.get() < 0) return errno_text(device_.c_str());
    // A printer is a character device (a test's stand-in a regular file); a FIFO or a socket
    // could raise SIGPIPE mid-write and end the kiosk.
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return errno_text(device_.c_str());
    if (!S_ISCHR(st.st_mode) && !S_ISREG(st.st_mode)) return device_.string() + ": not a device";
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd.get(), bytes.data(), bytes.size());
        if (n > 0) {
            bytes.remove_prefix(static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return errno_text(device_.c_str());
        pollfd p{fd.get(), POLLOUT, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(stall_.count()));
        if (ready == 0) return device_.string() + ": the printer took nothing for " + std::to_string(stall_.count()) + " ms";
        if (ready < 0 && errno != EINTR) return errno_text("poll");
    }
    return {};
}

std::string CupsSink::send(std::string_view bytes) {
    if (!valid_cups_queue(queue_)) return "not a CUPS queue name: " + receipt_text(queue_);
    // A socket pair, not a pipe: send() with MSG_NOSIGNAL reports an lp that quit early as EPIPE
    // instead of raising SIGPIPE, which would end the kiosk.
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) return errno_text("socketpair");
    Fd ours(pair[0]);
    Fd theirs(pair[1]);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, theirs.get(), 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);  // "request id is ..."
    std::vector<std::string> args = {lp_, "-d", queue_, "-o", "raw"};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = ::posix_spawnp(&pid, lp_.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return lp_ + ": " + std::strerror(rc);
    theirs.reset();

    std::string problem;
    while (!bytes.empty()) {
        const ssize_t n = ::send(ours.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            problem = errno_text(lp_.c_str());
            break;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    ours.reset();  // end of input: lp submits the job
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return errno_text("waitpid");
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return lp_ + " -d " + queue_ + " failed (status " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")";
    return problem;
}

bool valid_cups_queue(std::string_view name) {
    if (name.empty() || name.size() > 127 || name.front() == '-') return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    });
}

std::unique_ptr<ReceiptSink> receipt_sink(const ReceiptPrinterSettings& settings) {
    if (!settings.device.empty()) return std::make_unique<DeviceSink>(settings.device);
    if (!settings.queue.empty()) return std::make_unique<CupsSink>(settings.queue);
    return nullptr;
}

}  // namespace hailong::kiosk
