// hailong_kiosk_driver: plays a hailong kiosk without its window, for the end-to-end and kill -9
// tests of the kiosk's store-then-forward core against a real hailong-server (tests/kiosk/e2e/).
//
// It opens what the kiosk opens, the way the kiosk opens it: the Outbox and the ConfigCache in
// --data, a CurlTransport to --server pinned to --ca with the token of --token-file, and an
// Uploader on its own thread. Then "citizens" rate, one after another, as the kiosk's flow keeps
// a rating (rating_machine.hpp): each gets a fresh UUID; the face tap is kept open with
// Outbox::keep_open, and once that has returned the id is written to the journal with write +
// fsync: from then on the rating counts and must reach the server. The rest of the answers are
// kept open too, then the whole is saved complete with Outbox::save (every
// --complaint-every-th as a complaint, with a tracking code), the uploader is notified, and only
// after save() has returned is the id journaled again: the thank-you screen. A kill -9 may
// strike anywhere, so the journal also holds a line written (and synced) before the face tap,
// naming the id about to be kept: the audit (hailong_kiosk_audit) uses it to tell a rating the
// kiosk may have kept from one it never made.
//
// Journal lines (one record per line, appended; a torn last line left by a kill is cut off when
// the journal is next opened, since it was never acknowledged):
//   try <uuid>                         about to keep the face tap
//   rated <uuid>                       the face tap is kept (open): the rating counts
//   ack <uuid> <r|c> <code|->          saved complete and acknowledged; c = complaint, with its
//                                      code (- when the kiosk has no number yet, so no code)
//
// With --trace FILE, one line per step is appended to FILE (without fsync: it only has to survive
// a kill -9 of this process, which the page cache does): start, ready, keep+/keep- <uuid> (each
// keep_open), save+/save- <uuid>, ack+/ack- <uuid>, send+ <method> <path> / send- <status|error>
// (for a 200 to an upload, with
// accepted=A duplicate=D: how many of the batch the server had already). The soak test reads the
// last lines after each kill to say what the kiosk was doing when it died, and sums the duplicates:
// resends of ratings whose first answer a kill (of either side) cut off.
//
//   hailong_kiosk_driver --data DIR --server URL --ca FILE --token-file FILE --kiosk-id ID
//                        --department CODE --officer CODE [options]
//     --journal FILE          the journal (default DIR/journal.log)
//     --submit N              citizens to rate (default 0); they rate one after another
//     --pace-ms MS            mean pause between two citizens, uniform in [0, 2 MS] (default 20)
//     --complaint-every K     every K-th citizen files a complaint (default 4; 0: none)
//     --wait-config-s S       before the first citizen, wait (at most S s) until this run has
//                             received the configuration from the server (a 200: an unchanged
//                             configuration answered 304 does not count) and the outbox holds its
//                             kiosk number, so complaints get codes with it; exit 3 if not
//     --drain                 after the citizens, wait until the outbox has nothing pending
//     --deadline-s S          give up whatever is happening after S seconds: exit 3 (default 300)
//     --backoff-max-ms MS     the uploader's backoff cap (default the kiosk's, 5 minutes)
//     --keep-sent N           sent rows kept in the outbox (default the kiosk's, 10,000); the
//                             soak keeps them all so the audit can compare row by row
//     --trace FILE            append step events to FILE (see above)
//     --seed N                seed of the citizens' answers (default: random)
//     --kill-after-face-tap K the K-th citizen taps a face and leaves: once the face tap is kept
//                             and journaled, the driver kill -9s itself (SIGKILL), so that a test
//                             can restart it and see that rating delivered once
//     --sign-in CODE          before the citizens, officer CODE signs the kiosk in (a duty event in
//                             the outbox, method pin, at this moment)
//     --sign-out              after the citizens, the officer signs out (method manual)
//     --unsafe-ack-before-save  a deliberately WRONG kiosk that counts the face tap and thanks the
//                             citizen before keeping and saving: only to show that the soak test
//                             catches a kiosk that loses ratings
//
// On exit one line on stdout: what was saved and the uploader's state, e.g.
//   kiosk driver: saved 50 (complaints 12), pending 0, sent 50, dead 0, connection online, last error none, kiosk number 1
// Exit codes: 0 done (and drained, with --drain, with no dead letters); 1 a save failed, a dead
// letter appeared or setup failed; 2 wrong usage; 3 the deadline (or --wait-config-s) passed first.
// Messages are English only: a developer tool, never read by citizens or officers.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "hailong/kiosk/config_cache.hpp"
#include "hailong/kiosk/curl_transport.hpp"
#include "hailong/kiosk/kiosk_settings.hpp"
#include "hailong/kiosk/outbox.hpp"
#include "hailong/kiosk/transport.hpp"
#include "hailong/kiosk/uploader.hpp"
#include "hailong/submission.hpp"
#include "hailong/time.hpp"
#include "hailong/uuid.hpp"

namespace {

namespace fs = std::filesystem;
using namespace hailong;
using namespace hailong::kiosk;
using Clock = std::chrono::steady_clock;

constexpr int exit_failed = 1;
constexpr int exit_usage = 2;
constexpr int exit_deadline = 3;

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Options {
    fs::path data;
    std::string server;
    fs::path ca;
    fs::path token_file;
    std::string kiosk_id;
    std::string department;
    std::string officer;
    fs::path journal;
    std::int64_t submit = 0;
    std::int64_t pace_ms = 20;
    std::int64_t complaint_every = 4;
    std::optional<std::int64_t> wait_config_s;
    bool drain = false;
    std::int64_t deadline_s = 300;
    std::optional<std::int64_t> backoff_max_ms;
    std::optional<std::int64_t> keep_sent;
    fs::path trace;
    std::optional<std::uint64_t> seed;
    std::optional<std::int64_t> kill_after_face_tap;
    bool ack_before_save = false;
    std::optional<std::string> sign_in;
    bool sign_out = false;
};

template <typename T>
T whole(std::string_view name, std::string_view text, T min, T max) {
    T value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
        throw UsageError(std::string(name) + " must be a whole number from " + std::to_string(min) + " to " +
                         std::to_string(max) + ", not \"" + std::string(text) + "\"");
    }
    return value;
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view name = argv[i];
        if (name == "--drain") {
            o.drain = true;
            continue;
        }
        if (name == "--sign-out") {
            o.sign_out = true;
            continue;
        }
        if (name == "--unsafe-ack-before-save") {
            o.ack_before_save = true;
            continue;
        }
        if (i + 1 >= argc) throw UsageError(std::string(name) + ": unknown option or missing value");
        const std::string_view v = argv[++i];
        constexpr std::int64_t big = 1'000'000'000;
        if (name == "--data") o.data = v;
        else if (name == "--server") o.server = v;
        else if (name == "--ca") o.ca = v;
        else if (name == "--token-file") o.token_file = v;
        else if (name == "--kiosk-id") o.kiosk_id = v;
        else if (name == "--department") o.department = v;
        else if (name == "--officer") o.officer = v;
        else if (name == "--sign-in") o.sign_in = v;
        else if (name == "--journal") o.journal = v;
        else if (name == "--submit") o.submit = whole<std::int64_t>(name, v, 0, big);
        else if (name == "--pace-ms") o.pace_ms = whole<std::int64_t>(name, v, 0, 60'000);
        else if (name == "--complaint-every") o.complaint_every = whole<std::int64_t>(name, v, 0, big);
        else if (name == "--wait-config-s") o.wait_config_s = whole<std::int64_t>(name, v, 0, 3600);
        else if (name == "--deadline-s") o.deadline_s = whole<std::int64_t>(name, v, 1, 86'400);
        else if (name == "--backoff-max-ms") o.backoff_max_ms = whole<std::int64_t>(name, v, 1, 3'600'000);
        else if (name == "--keep-sent") o.keep_sent = whole<std::int64_t>(name, v, 0, INT64_MAX);
        else if (name == "--trace") o.trace = v;
        else if (name == "--seed") o.seed = whole<std::uint64_t>(name, v, 0, UINT64_MAX);
        else if (name == "--kill-after-face-tap") o.kill_after_face_tap = whole<std::int64_t>(name, v, 1, big);
        else throw UsageError(std::string(name) + ": unknown option");
    }
    if (o.data.empty() || o.server.empty() || o.token_file.empty() || o.kiosk_id.empty() || o.department.empty() ||
        o.officer.empty()) {
        throw UsageError("--data, --server, --token-file, --kiosk-id, --department and --officer are required");
    }
    if (o.journal.empty()) o.journal = o.data / "journal.log";
    return o;
}

std::string errno_text(const fs::path& path, const char* what) {
    return path.string() + ": " + what + ": " + std::strerror(errno);
}

void write_all(int fd, std::string_view text, const fs::path& path) {
    while (!text.empty()) {
        const ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error(errno_text(path, "write"));
        }
        text.remove_prefix(static_cast<std::size_t>(n));
    }
}

// A file of lines, opened for appending; one write() per line, so lines written by two threads
// never interleave (O_APPEND). RAII: closes in the destructor. Not copyable.
class AppendFile {
public:
    AppendFile(fs::path path, bool repair_torn_tail) : path_(std::move(path)) {
        const bool existed = fs::exists(path_);
        fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (fd_ < 0) throw std::runtime_error(errno_text(path_, "open"));
        try {
            if (repair_torn_tail) cut_torn_tail();
            if (!existed) sync_directory();
        } catch (...) {
            ::close(fd_);
            throw;
        }
    }
    ~AppendFile() { ::close(fd_); }
    AppendFile(const AppendFile&) = delete;
    AppendFile& operator=(const AppendFile&) = delete;

    void line(std::string_view text, bool sync) {
        std::string l(text);
        l += '\n';
        write_all(fd_, l, path_);
        if (sync && ::fsync(fd_) != 0) throw std::runtime_error(errno_text(path_, "fsync"));
    }

private:
    // A last line without its '\n' was being written when the process died: its write (and so
    // its fsync) never returned, so nobody was told anything on its strength. It is cut off, or
    // the next record would be glued to it.
    void cut_torn_tail() {
        struct stat st {};
        if (::fstat(fd_, &st) != 0) throw std::runtime_error(errno_text(path_, "stat"));
        off_t end = st.st_size;
        char c = '\n';
        while (end > 0) {
            if (::pread(fd_, &c, 1, end - 1) != 1) throw std::runtime_error(errno_text(path_, "read"));
            if (c == '\n') break;
            --end;
        }
        if (end != st.st_size) {
            if (::ftruncate(fd_, end) != 0 || ::fsync(fd_) != 0) throw std::runtime_error(errno_text(path_, "truncate"));
            std::fprintf(stderr, "kiosk driver: %s: cut a torn last line of %lld bytes\n", path_.c_str(),
                         static_cast<long long>(st.st_size - end));
        }
    }

    // A new file's name must be on the disk too, or a power cut could lose the whole journal.
    void sync_directory() {
        const fs::path dir = path_.has_parent_path() ? path_.parent_path() : fs::path(".");
        const int d = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (d < 0) throw std::runtime_error(errno_text(dir, "open"));
        const int r = ::fsync(d);
        ::close(d);
        if (r != 0) throw std::runtime_error(errno_text(dir, "fsync"));
    }

    fs::path path_;
    int fd_ = -1;
};

// Step events for the soak test; a no-op without --trace. Thread safe (one write() per event).
class Trace {
public:
    explicit Trace(const fs::path& path) {
        if (!path.empty()) file_.emplace(path, false);
    }
    void event(std::string_view text) {
        if (file_) file_->line(text, false);
    }

private:
    std::optional<AppendFile> file_;
};

// The real transport, with each exchange's start and end traced. Passes everything through
// untouched: the uploader sees exactly what CurlTransport answers.
class TracedTransport final : public Transport {
public:
    TracedTransport(Transport& inner, Trace& trace) : inner_(inner), trace_(trace) {}
    HttpResponse send(const HttpRequest& request) override {
        trace_.event("send+ " + request.method + " " + request.path);
        HttpResponse response = inner_.send(request);
        std::string end = "send- " + (response.error ? std::string("error") : std::to_string(response.status));
        if (response.status == 200 && request.path == "/api/v1/submissions") {
            end += " accepted=" + std::to_string(count(response.body, "\"status\":\"accepted\"")) +
                   " duplicate=" + std::to_string(count(response.body, "\"status\":\"duplicate\""));
        }
        trace_.event(end);
        return response;
    }

private:
    static std::size_t count(std::string_view text, std::string_view what) {
        std::size_t n = 0;
        for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + what.size())) ++n;
        return n;
    }
    Transport& inner_;
    Trace& trace_;
};

// One citizen's answers: varied enough to exercise the codec end to end (Vietnamese comments,
// TT 01 answers, reasons), always within the contract. A complaint is a dissatisfied rating with
// a comment and a contact.
Submission citizen(const Options& o, std::mt19937_64& rng, bool complaint) {
    auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    Submission s;
    s.id = Uuid::random_v4();
    s.created_at = Timestamp{std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now()), vietnam_offset};
    s.department = o.department;
    s.officer = o.officer;
    if (pick(0, 1) == 1) s.service = "1.001234";
    s.lang = pick(0, 4) == 0 ? "en" : "vi";
    s.rating = Rating{3, complaint ? 1 : pick(1, 3)};
    if (pick(0, 2) > 0) s.tt01 = Tt01Answers{pick(0, 2), pick(0, 2), pick(0, 2), pick(0, 2)};
    if (s.rating.value == 1) s.reasons = {"slow"};
    if (complaint) {
        s.comment = "Hồ sơ trễ hẹn ba ngày, cán bộ không giải thích lý do.";
        s.contact = "0912 345 678";
    } else if (pick(0, 3) == 0) {
        s.comment = "Cán bộ hướng dẫn tận tình.";
    }
    return s;
}

// What the kiosk keeps at the face tap: the rating and what the counter stamps on it, none of the
// answers that come after.
Submission face_tap(const Submission& s) {
    Submission face;
    face.id = s.id;
    face.created_at = s.created_at;
    face.department = s.department;
    face.officer = s.officer;
    face.service = s.service;
    face.lang = s.lang;
    face.rating = s.rating;
    return face;
}

void print_status(std::int64_t saved, std::int64_t complaints, Outbox& outbox, const Uploader& uploader) {
    const OutboxCounts c = outbox.counts();
    const UploaderStatus st = uploader.status();
    const auto number = outbox.kiosk_number();
    std::printf("kiosk driver: saved %lld (complaints %lld), pending %lld, sent %lld, dead %lld, connection %s, "
                "last error %s, kiosk number %s\n",
                static_cast<long long>(saved), static_cast<long long>(complaints), static_cast<long long>(c.pending),
                static_cast<long long>(c.sent), static_cast<long long>(c.dead), std::string(to_string(st.connection)).c_str(),
                std::string(to_string(st.last_error)).c_str(), number ? std::to_string(*number).c_str() : "none");
    if (st.last_error != SyncError::none) std::printf("kiosk driver: last error detail: %s\n", st.last_error_detail.c_str());
    for (const DeadLetter& d : outbox.dead_letters()) {
        std::printf("kiosk driver: dead letter %s: %s %s %s\n", d.submission.id.to_string().c_str(), d.code.c_str(),
                    d.field.c_str(), d.message.c_str());
    }
    std::fflush(stdout);
}

int run(const Options& o) {
    const auto deadline = Clock::now() + std::chrono::seconds{o.deadline_s};
    Trace trace(o.trace);
    trace.event("start");

    Outbox outbox(o.data);
    ConfigCache config(o.data, bundled_config(o.kiosk_id, NamedCode{o.department, o.department}, {NamedCode{o.officer, o.officer}}));
    CurlTransportOptions to;
    to.base_url = o.server;
    to.token = read_token_file(o.token_file);
    to.ca_file = o.ca;
    CurlTransport curl(std::move(to));
    TracedTransport traced(curl, trace);
    UploaderOptions uo;
    uo.kiosk_id = o.kiosk_id;
    if (o.backoff_max_ms) uo.backoff_max = std::chrono::milliseconds{*o.backoff_max_ms};
    if (o.keep_sent) uo.keep_sent = *o.keep_sent;
    Uploader uploader(outbox, config, o.trace.empty() ? static_cast<Transport&>(curl) : traced, uo);
    AppendFile journal(o.journal, true);
    uploader.start();
    trace.event("ready");

    std::int64_t saved = 0, complaints = 0;
    auto finish = [&](int code) {
        uploader.stop();
        print_status(saved, complaints, outbox, uploader);
        return code;
    };
    auto past_deadline = [&] { return Clock::now() >= deadline; };

    if (o.wait_config_s) {
        const auto until = std::min(deadline, Clock::now() + std::chrono::seconds{*o.wait_config_s});
        for (;;) {
            const auto in_use = config.get();
            if (in_use->source == KioskConfig::Source::server && in_use->kiosk_number &&
                outbox.kiosk_number() == in_use->kiosk_number) {
                break;
            }
            if (Clock::now() >= until) {
                std::fprintf(stderr, "kiosk driver: no configuration with a kiosk number from the server within %lld s\n",
                             static_cast<long long>(*o.wait_config_s));
                return finish(exit_deadline);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds{20});
        }
    }

    // A sign-in or sign-out, kept as the kiosk keeps one: a duty event in the outbox, durable
    // before this returns, then sent with the ratings.
    auto duty = [&](DutyKind kind, std::optional<std::string> officer, DutyMethod method) {
        DutyEvent e;
        e.id = Uuid::random_v4();
        e.at = Timestamp{std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now()), vietnam_offset};
        e.kind = kind;
        e.officer = std::move(officer);
        e.method = method;
        outbox.save_duty(e);
        uploader.notify();
        trace.event(std::string("duty ") + std::string(to_string(kind)) + " " + e.id.to_string());
    };
    if (o.sign_in) duty(DutyKind::sign_in, o.sign_in, DutyMethod::pin);

    std::mt19937_64 rng(o.seed ? *o.seed : std::random_device{}());
    for (std::int64_t i = 1; i <= o.submit; ++i) {
        if (past_deadline()) return finish(exit_deadline);
        const bool complaint = o.complaint_every > 0 && i % o.complaint_every == 0;
        const Submission s = citizen(o, rng, complaint);
        const std::string id = s.id.to_string();
        std::string ack_code = "-";
        auto acknowledge = [&] {
            trace.event("ack+ " + id);
            journal.line("ack " + id + (complaint ? " c " : " r ") + ack_code, true);
            trace.event("ack- " + id);
        };
        auto keep = [&](const Submission& kept) {
            trace.event("keep+ " + id);
            outbox.keep_open(kept);
            trace.event("keep- " + id);
        };
        journal.line("try " + id, true);
        // The deliberate bug: see --unsafe-ack-before-save.
        if (o.ack_before_save) {
            journal.line("rated " + id, true);
            acknowledge();
        }
        Submission stored;
        try {
            keep(face_tap(s));
            if (!o.ack_before_save) journal.line("rated " + id, true);
            if (o.kill_after_face_tap == i) {
                std::fflush(nullptr);
                std::raise(SIGKILL);
            }
            keep(s);  // the TT 01 answers, reasons, comment: the same row, amended
            trace.event("save+ " + id);
            stored = outbox.save(s, complaint);
            trace.event("save- " + id);
        } catch (const std::exception& e) {
            // The real kiosk shows "could not save" here and thanks nobody.
            std::fprintf(stderr, "kiosk driver: save of %s failed: %s\n", id.c_str(), e.what());
            return finish(exit_failed);
        }
        uploader.notify();
        ++saved;
        if (complaint) ++complaints;
        if (stored.tracking_code) ack_code = *stored.tracking_code;
        if (!o.ack_before_save) acknowledge();
        if (o.pace_ms > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds{
                std::uniform_int_distribution<std::int64_t>(0, 2 * o.pace_ms)(rng)});
        }
    }

    if (o.sign_out) duty(DutyKind::sign_out, o.sign_in, DutyMethod::manual);

    if (o.drain) {
        uploader.notify();
        while (outbox.counts().pending > 0 || outbox.counts().duty_pending > 0) {
            if (past_deadline()) return finish(exit_deadline);
            std::this_thread::sleep_for(std::chrono::milliseconds{20});
        }
        if (outbox.counts().dead > 0) return finish(exit_failed);
    }
    return finish(0);
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(parse(argc, argv));
    } catch (const UsageError& e) {
        std::fprintf(stderr, "kiosk driver: %s\n", e.what());
        return exit_usage;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kiosk driver: %s\n", e.what());
        return exit_failed;
    }
}
