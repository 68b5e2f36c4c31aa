// hailong-ingest-bench: load generator for POST /api/v1/submissions (docs/performance.md).
//
// Simulates N kiosks. Each kiosk is one keep-alive HTTP/1.1 connection that sends a batch of random,
// realistic submissions to {url}{path}, waits for the answer and only then sends the next (closed
// loop, as a real kiosk does). The run stops after --requests requests or --seconds seconds,
// whichever comes first, and reports throughput, answers by HTTP status, per-submission results and
// latency percentiles, as a table or (--json) as one JSON object on stdout.
//
// Traffic goes only to the URL given. Every run is bounded: no request starts after the deadline and
// each request has a timeout, so the program always stops by itself.
//
// Exit codes: 0 the run completed (whatever the server answered: the answers are the measurement);
// 1 the run completed but no request got an HTTP answer; 2 usage or setup error (bad option,
// unreadable token file, target unreachable, TLS verification failed), one line on stderr.
// Messages are English only: this is a developer tool, not read by citizens or officers.

#include <curl/curl.h>
#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "hailong/cli.hpp"
#include "hailong/field_error.hpp"
#include "hailong/submission.hpp"
#include "hailong/submission_codec.hpp"
#include "hailong/text.hpp"
#include "hailong/time.hpp"
#include "hailong/uuid.hpp"

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view program = "hailong-ingest-bench";
constexpr std::string_view ingest_path = "/api/v1/submissions";
constexpr std::size_t max_kiosks = 20000;
constexpr std::size_t max_response_bytes = std::size_t{1} << 20;

constexpr std::string_view usage = R"(usage: hailong-ingest-bench [options]

Simulates kiosks posting ratings to a hailong server over keep-alive HTTPS connections, one request
at a time per kiosk, and reports requests/s, accepted submissions/s and latency percentiles.

target
  --url URL           scheme, host and port of the server (default https://127.0.0.1:8443)
  --path PATH         request path (default /api/v1/submissions); per-submission results are
                      read from 200 answers only when PATH is /api/v1/submissions and the
                      method is POST
  --method POST|GET   (default POST; GET sends no body, for static reference locations)
  --cacert FILE       verify the server's certificate against this CA
  --insecure          do not verify the server's certificate (reference runs only)

load
  --kiosks N          concurrent kiosks, one connection each (default 1)
  --batch K           submissions per request, 1..500 (default 1)
  --requests R        stop after R requests in total
  --seconds S         stop starting requests after S seconds (default 10; 600 when only
                      --requests is given, as an upper bound)
  --timeout S         give up on one request after S seconds (default 10)
  --threads T         client threads sharing the kiosks, at most one per kiosk (default 1)

kiosks
  --tokens FILE       lines "kiosk_id token" ('#' comments and blank lines skipped);
                      kiosk i uses line i mod the number of lines
  --token T --kiosk-id ID
                      one token and kiosk id for every simulated kiosk
  --department CODE   department code of the generated submissions (default SCT)
  --ids v7|v4         how submission ids are made: v7, time-ordered, as the kiosk makes them
                      (default), or v4, all random, as another client may

output
  --json              print the result as one JSON object on stdout
  --record FILE       write every submission sent, one JSON line each:
                      {"kiosk_id", "status", "submission"}, status accepted, duplicate,
                      rejected or unanswered (no 200 answer: it may or may not be stored);
                      for checks of what was acknowledged (scripts/scale-out.sh)
  --help, --version

Latency is measured per request, from handing the request to libcurl to its complete answer;
percentiles use the nearest-rank method over every request of the run.
Exit codes: 0 run completed, 1 no request got an HTTP answer, 2 usage or setup error.
)";

/// A usage or setup problem. main prints "hailong-ingest-bench: <what()>" on stderr and exits 2.
class SetupError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Credential {
    std::string kiosk_id;
    std::string token;
};

struct Options {
    std::string url = "https://127.0.0.1:8443";
    std::string path = std::string(ingest_path);
    bool post = true;
    std::size_t kiosks = 1;
    std::size_t batch = 1;
    std::optional<std::uint64_t> requests;
    std::optional<double> seconds;
    double timeout = 10;
    std::size_t threads = 1;
    std::string tokens_file;
    std::optional<std::string> token;
    std::optional<std::string> kiosk_id;
    std::string department = "SCT";
    bool v4_ids = false;  // --ids v4
    std::string cacert;
    std::string record_file;
    bool insecure = false;
    bool json = false;
    bool help = false;
    bool version = false;

    [[nodiscard]] std::string target() const { return url + path; }
    [[nodiscard]] bool reads_results() const { return post && path == ingest_path; }
};

/// Parses a whole number in [min, max]. Throws SetupError naming the option otherwise.
template <typename T>
T parse_whole(std::string_view name, std::string_view text, T min, T max) {
    T value{};
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end || value < min || value > max)
        throw SetupError(std::string(name) + " expects a whole number from " + std::to_string(min) + " to " +
                         std::to_string(max) + ", got '" + std::string(text) + "'");
    return value;
}

/// Parses a number of seconds, 0 < s <= 86400. Throws SetupError naming the option otherwise.
double parse_seconds(std::string_view name, std::string_view text) {
    double value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end || !std::isfinite(value) || value <= 0 || value > 86400)
        throw SetupError(std::string(name) + " expects a number of seconds above 0 and at most 86400, got '" +
                         std::string(text) + "'");
    return value;
}

/// True if `token` can go into an Authorization header as it is: printable ASCII, no spaces.
bool is_header_safe(std::string_view token) {
    return !token.empty() && std::all_of(token.begin(), token.end(), [](char c) { return c > ' ' && c < '\x7f'; });
}

/// Reads the command line. Throws SetupError for an unknown option, a missing or bad value, or a
/// combination that cannot run.
Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view name = argv[i];
        if (name == "--help" || name == "-h") { o.help = true; return o; }
        if (name == "--version") { o.version = true; return o; }
        if (name == "--insecure") { o.insecure = true; continue; }
        if (name == "--json") { o.json = true; continue; }
        static constexpr std::string_view valued[] = {
            "--url", "--path", "--method", "--kiosks", "--batch", "--requests", "--seconds", "--timeout",
            "--threads", "--tokens", "--token", "--kiosk-id", "--department", "--cacert", "--record", "--ids"};
        if (std::find(std::begin(valued), std::end(valued), name) == std::end(valued))
            throw SetupError("unknown option: " + std::string(name) + " (see --help)");
        if (i + 1 >= argc) throw SetupError("missing value for " + std::string(name));
        const std::string_view value = argv[++i];
        if (name == "--url") o.url = value;
        else if (name == "--path") o.path = value;
        else if (name == "--method") {
            if (value != "POST" && value != "GET") throw SetupError("--method expects POST or GET, got '" + std::string(value) + "'");
            o.post = value == "POST";
        }
        else if (name == "--kiosks") o.kiosks = parse_whole<std::size_t>(name, value, 1, max_kiosks);
        else if (name == "--batch") o.batch = parse_whole<std::size_t>(name, value, 1, hailong::max_batch_submissions);
        else if (name == "--requests") o.requests = parse_whole<std::uint64_t>(name, value, 1, 1'000'000'000);
        else if (name == "--seconds") o.seconds = parse_seconds(name, value);
        else if (name == "--timeout") o.timeout = parse_seconds(name, value);
        else if (name == "--threads") o.threads = parse_whole<std::size_t>(name, value, 1, 64);
        else if (name == "--tokens") o.tokens_file = value;
        else if (name == "--token") o.token = value;
        else if (name == "--kiosk-id") o.kiosk_id = value;
        else if (name == "--department") o.department = value;
        else if (name == "--record") o.record_file = value;
        else if (name == "--ids") {
            if (value != "v7" && value != "v4") throw SetupError("--ids expects v7 or v4, got '" + std::string(value) + "'");
            o.v4_ids = value == "v4";
        }
        else o.cacert = value;
    }

    while (o.url.ends_with('/')) o.url.pop_back();
    if (!o.url.starts_with("https://") && !o.url.starts_with("http://"))
        throw SetupError("--url must start with https:// or http://, got '" + o.url + "'");
    if (!o.path.starts_with('/')) throw SetupError("--path must start with '/', got '" + o.path + "'");
    if (!hailong::is_valid_code(o.department)) throw SetupError("--department is not a valid code: '" + o.department + "'");
    if (!o.tokens_file.empty() && (o.token || o.kiosk_id))
        throw SetupError("give either --tokens FILE or --token and --kiosk-id, not both");
    if (o.tokens_file.empty() && (!o.token || !o.kiosk_id))
        throw SetupError("kiosk credentials missing: give --tokens FILE, or --token T and --kiosk-id ID");
    if (o.token && !is_header_safe(*o.token)) throw SetupError("--token must be printable ASCII without spaces");
    if (o.kiosk_id && !hailong::is_valid_code(*o.kiosk_id)) throw SetupError("--kiosk-id is not a valid code: '" + *o.kiosk_id + "'");
    if (!o.cacert.empty() && o.insecure) throw SetupError("give either --cacert or --insecure, not both");
    if (!o.cacert.empty() && !std::ifstream(o.cacert)) throw SetupError("cannot read --cacert file " + o.cacert);
    o.threads = std::min(o.threads, o.kiosks);
    if (!o.seconds) o.seconds = o.requests ? 600.0 : 10.0;
    return o;
}

/// The credentials of the simulated kiosks: from --tokens, else the single --token/--kiosk-id.
/// Throws SetupError for an unreadable or empty file or a malformed line (with its number).
std::vector<Credential> load_credentials(const Options& o) {
    if (o.tokens_file.empty()) return {Credential{*o.kiosk_id, *o.token}};
    std::ifstream in(o.tokens_file);
    if (!in) throw SetupError("cannot read token file " + o.tokens_file);
    std::vector<Credential> list;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        std::istringstream fields(line);
        Credential c;
        if (!(fields >> c.kiosk_id) || c.kiosk_id.starts_with('#')) continue;
        std::string extra;
        if (!(fields >> c.token) || (fields >> extra) || !hailong::is_valid_code(c.kiosk_id) || !is_header_safe(c.token))
            throw SetupError(o.tokens_file + ":" + std::to_string(number) + ": expected \"kiosk_id token\"");
        list.push_back(std::move(c));
    }
    if (in.bad()) throw SetupError("cannot read token file " + o.tokens_file);
    if (list.empty()) throw SetupError("token file " + o.tokens_file + " holds no \"kiosk_id token\" line");
    return list;
}

/// Raises the soft limit on open files so that every kiosk can hold its connection. Throws
/// SetupError if the hard limit is too low.
void ensure_file_limit(std::size_t kiosks) {
    // Each connection is one descriptor; the rest covers stdio, libcurl's wake-up pipes and files.
    const rlim_t needed = static_cast<rlim_t>(kiosks) + 64;
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= needed) return;
    if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < needed)
        throw SetupError(std::to_string(kiosks) + " kiosks need " + std::to_string(needed) +
                         " open files, the hard limit is " + std::to_string(limit.rlim_max) + " (raise ulimit -n)");
    limit.rlim_cur = needed;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) throw SetupError("cannot raise the open-file limit to " + std::to_string(needed));
}

/// Random submissions shaped like those of a one-stop counter: scale 3, mostly satisfied, most TT 01
/// questions answered, mostly in Vietnamese, each with a fresh id and created now in UTC+7.
/// Not thread safe: one per worker thread.
class SubmissionMaker {
public:
    SubmissionMaker(std::string department, bool v4_ids) : department_(std::move(department)), v4_ids_(v4_ids), rng_(seeded_generator()) {}

    std::vector<hailong::Submission> make(std::size_t count) {
        std::vector<hailong::Submission> list(count);
        const hailong::Instant now = std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now());
        for (hailong::Submission& s : list) {
            // Uuid::random_v4 opens a random_device per id, which costs more client CPU than the
            // whole request; a generator seeded with 256 bits from it gives ids just as unique.
            hailong::Uuid::Bytes bytes{};
            for (std::size_t i = 0; i < bytes.size(); i += 8) {
                const std::uint64_t word = rng_();
                for (std::size_t b = 0; b < 8; ++b) bytes[i + b] = static_cast<std::uint8_t>(word >> (8 * b));
            }
            s.id = v4_ids_ ? hailong::Uuid::v4_from_bytes(bytes)
                           : hailong::Uuid::v7_from(std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()), bytes);
            s.created_at = hailong::Timestamp{now, hailong::vietnam_offset};
            s.department = department_;
            s.lang = vietnamese_(rng_) ? "vi" : "en";
            s.rating = hailong::Rating{3, rating_(rng_) + 1};
            // Citizens who were satisfied tend to give the TT 01 questions high points too.
            auto& points = s.rating.satisfied() ? points_satisfied_ : points_unsatisfied_;
            for (std::optional<int>* answer : {&s.tt01.time, &s.tt01.contacts, &s.tt01.agencies, &s.tt01.attitude})
                if (answered_(rng_)) *answer = points(rng_);
        }
        return list;
    }

private:
    static std::mt19937_64 seeded_generator() {
        std::random_device device;
        std::seed_seq seed{device(), device(), device(), device(), device(), device(), device(), device()};
        return std::mt19937_64(seed);
    }

    std::string department_;
    bool v4_ids_;
    std::mt19937_64 rng_;
    std::discrete_distribution<int> rating_{8, 22, 70};  // values 1, 2, 3
    std::discrete_distribution<int> points_satisfied_{5, 20, 75};
    std::discrete_distribution<int> points_unsatisfied_{35, 45, 20};
    std::bernoulli_distribution answered_{0.9};
    std::bernoulli_distribution vietnamese_{0.9};
};

/// What one worker thread counted; merged into one after the run.
struct Tally {
    std::uint64_t requests = 0;          ///< completed: answered or failed in transport
    std::map<long, std::uint64_t> responses;  ///< by HTTP status
    std::uint64_t transport_errors = 0;  ///< no HTTP answer (connect, TLS, timeout, reset)
    std::uint64_t connections = 0;       ///< connections opened (keep-alive: ideally one per kiosk)
    std::uint64_t submissions_sent = 0;
    std::uint64_t submissions_in_ok = 0;  ///< submissions of requests answered 200
    std::uint64_t accepted = 0;
    std::uint64_t duplicate = 0;
    std::uint64_t rejected = 0;
    std::uint64_t no_result = 0;          ///< submissions answered 200 without a result of their own
    std::uint64_t unreadable_bodies = 0;  ///< 200 answers that are not a results body
    std::string first_transport_error;
    std::vector<std::uint32_t> latencies_us;
    Clock::time_point last_done{};

    void merge(Tally&& other) {
        requests += other.requests;
        for (const auto& [status, n] : other.responses) responses[status] += n;
        transport_errors += other.transport_errors;
        connections += other.connections;
        submissions_sent += other.submissions_sent;
        submissions_in_ok += other.submissions_in_ok;
        accepted += other.accepted;
        duplicate += other.duplicate;
        rejected += other.rejected;
        no_result += other.no_result;
        unreadable_bodies += other.unreadable_bodies;
        if (first_transport_error.empty()) first_transport_error = std::move(other.first_transport_error);
        latencies_us.insert(latencies_us.end(), other.latencies_us.begin(), other.latencies_us.end());
        last_done = std::max(last_done, other.last_done);
    }
};

/// The request budget and the deadline all worker threads draw from. Thread safe.
class RunControl {
public:
    RunControl(std::uint64_t requests, Clock::time_point deadline) : remaining_(requests), deadline_(deadline) {}

    /// Claims one request from the budget. False once the budget is spent or the deadline passed.
    bool claim() {
        if (Clock::now() >= deadline_) return false;
        std::uint64_t left = remaining_.load(std::memory_order_relaxed);
        while (left > 0)
            if (remaining_.compare_exchange_weak(left, left - 1, std::memory_order_relaxed)) return true;
        return false;
    }
    [[nodiscard]] Clock::time_point deadline() const { return deadline_; }

private:
    std::atomic<std::uint64_t> remaining_;
    Clock::time_point deadline_;
};

struct EasyDeleter {
    void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct MultiDeleter {
    void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;
using Headers = std::unique_ptr<curl_slist, SlistDeleter>;

std::size_t collect_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* body = static_cast<std::string*>(user);
    const std::size_t bytes = size * count;
    // A short count makes libcurl fail the transfer: an answer this large is not a results body.
    if (body->size() + bytes > max_response_bytes) return 0;
    body->append(data, bytes);
    return bytes;
}

/// Options every connection shares: the target, HTTP/1.1, no Nagle delay, timeouts and TLS
/// verification. Throws SetupError if libcurl refuses one.
void set_connection_options(CURL* easy, const Options& o, const std::string& target, char* error_buffer) {
    const auto timeout_ms = static_cast<long>(o.timeout * 1000);
    const auto check = [](CURLcode code) {
        if (code != CURLE_OK) throw SetupError(std::string("libcurl: ") + curl_easy_strerror(code));
    };
    check(curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer));
    check(curl_easy_setopt(easy, CURLOPT_URL, target.c_str()));
    check(curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https"));
    check(curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1)));
    check(curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L));
    check(curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L));
    check(curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms));
    check(curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout_ms));
    if (o.insecure) {
        check(curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L));
        check(curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L));
    } else if (!o.cacert.empty()) {
        check(curl_easy_setopt(easy, CURLOPT_CAINFO, o.cacert.c_str()));
    }
}

/// Opens one connection to the target (TCP and TLS handshake, no request) so that a wrong URL,
/// a server that is down or a certificate that does not verify is one clear error before the run.
/// Throws SetupError with libcurl's reason.
void check_reachable(const Options& o) {
    EasyHandle easy(curl_easy_init());
    if (!easy) throw SetupError("libcurl: cannot create a handle");
    char error[CURL_ERROR_SIZE] = {};
    const std::string target = o.target();
    set_connection_options(easy.get(), o, target, error);
    curl_easy_setopt(easy.get(), CURLOPT_CONNECT_ONLY, 1L);
    const CURLcode code = curl_easy_perform(easy.get());
    if (code != CURLE_OK)
        throw SetupError("cannot connect to " + o.url + ": " + (error[0] ? std::string(error) : curl_easy_strerror(code)));
}

/// The --record file, shared by the worker threads. Each thread gathers its lines and hands them
/// over in large pieces; write() is thread safe. Lines are whole: one submission each.
class Recorder {
public:
    explicit Recorder(const std::string& path) : out_(path, std::ios::binary | std::ios::trunc) {
        if (!out_) throw SetupError("cannot write --record file " + path);
    }
    void write(std::string& lines) {
        if (lines.empty()) return;
        const std::lock_guard lock(mutex_);
        out_ << lines;
        lines.clear();
    }
    [[nodiscard]] bool ok() {
        const std::lock_guard lock(mutex_);
        return static_cast<bool>(out_.flush());
    }

private:
    std::mutex mutex_;
    std::ofstream out_;
};

/// Appends one --record line per submission of the batch `body`, with the status of its result
/// (results[i] for submission i; "unanswered" past the end of `results`).
void record_batch(std::string& lines, const std::string& body, const std::vector<hailong::SubmissionResult>& results) {
    const auto batch = nlohmann::json::parse(body);
    const auto& list = batch.at("submissions");
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::string_view status = "unanswered";
        if (i < results.size()) {
            status = results[i].status == hailong::ResultStatus::accepted    ? "accepted"
                     : results[i].status == hailong::ResultStatus::duplicate ? "duplicate"
                                                                             : "rejected";
        }
        lines += nlohmann::json{{"kiosk_id", batch.at("kiosk_id")}, {"status", status}, {"submission", list[i]}}.dump();
        lines += '\n';
    }
}

/// One simulated kiosk: its handle (and through it its kept-alive connection) and the request in
/// flight. Address-stable: libcurl holds pointers into it.
struct Kiosk {
    EasyHandle easy;
    Headers headers;
    std::string kiosk_id;
    std::string body;
    std::string response;
    std::size_t submissions = 0;
    Clock::time_point started{};
    char error[CURL_ERROR_SIZE] = {};
};

/// Runs the kiosks `first`, `first + step`, ... until the budget or the deadline ends the run, on
/// the calling thread, and returns what they counted. Touches only its own handles; shares only
/// `control`. Throws SetupError if libcurl cannot create or configure a handle.
Tally run_kiosks(const Options& o, const std::vector<Credential>& credentials, std::size_t first, std::size_t step,
                 RunControl& control, Recorder* recorder) {
    Tally tally;
    std::string recorded;
    const std::string target = o.target();
    SubmissionMaker maker(o.department, o.v4_ids);

    std::vector<std::unique_ptr<Kiosk>> kiosks;
    std::unordered_map<CURL*, Kiosk*> by_handle;
    for (std::size_t i = first; i < o.kiosks; i += step) {
        auto k = std::make_unique<Kiosk>();
        const Credential& c = credentials[i % credentials.size()];
        k->kiosk_id = c.kiosk_id;
        k->easy.reset(curl_easy_init());
        if (!k->easy) throw SetupError("libcurl: cannot create a handle");
        CURL* easy = k->easy.get();
        set_connection_options(easy, o, target, k->error);
        for (const std::string& line : {"Authorization: Bearer " + c.token, std::string("Content-Type: application/json"),
                                        // Without this libcurl waits for "100 Continue" before larger bodies.
                                        std::string("Expect:")}) {
            curl_slist* grown = curl_slist_append(k->headers.get(), line.c_str());
            if (!grown) throw SetupError("libcurl: out of memory");
            static_cast<void>(k->headers.release());
            k->headers.reset(grown);
        }
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, k->headers.get());
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, collect_body);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, static_cast<void*>(&k->response));
        if (!o.post) curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
        by_handle.emplace(easy, k.get());
        kiosks.push_back(std::move(k));
    }

    MultiHandle multi(curl_multi_init());
    if (!multi) throw SetupError("libcurl: cannot create a multi handle");
    // The pool holds the idle connections between a kiosk's requests; it must keep one per kiosk.
    curl_multi_setopt(multi.get(), CURLMOPT_MAXCONNECTS, static_cast<long>(kiosks.size()));
    tally.latencies_us.reserve((o.requests ? std::min<std::uint64_t>(*o.requests, 1'000'000) : 100'000) / step);

    std::size_t in_flight = 0;
    const auto start = [&](Kiosk& k) {
        if (o.post) {
            k.submissions = o.batch;
            k.body = hailong::encode_submission_batch(k.kiosk_id, maker.make(o.batch));
            curl_easy_setopt(k.easy.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(k.body.size()));
            curl_easy_setopt(k.easy.get(), CURLOPT_POSTFIELDS, k.body.data());
        }
        k.response.clear();
        k.error[0] = '\0';
        k.started = Clock::now();
        curl_multi_add_handle(multi.get(), k.easy.get());
        ++in_flight;
    };
    const auto finish = [&](Kiosk& k, CURLcode result) {
        const Clock::time_point done = Clock::now();
        const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(done - k.started).count();
        tally.latencies_us.push_back(static_cast<std::uint32_t>(std::clamp<std::int64_t>(micros, 0, UINT32_MAX)));
        tally.last_done = done;
        ++tally.requests;
        tally.submissions_sent += k.submissions;
        long connects = 0;
        curl_easy_getinfo(k.easy.get(), CURLINFO_NUM_CONNECTS, &connects);
        tally.connections += static_cast<std::uint64_t>(std::max(0L, connects));
        if (recorder != nullptr && o.post) {
            long answered = 0;
            if (result == CURLE_OK) curl_easy_getinfo(k.easy.get(), CURLINFO_RESPONSE_CODE, &answered);
            std::vector<hailong::SubmissionResult> results;
            if (answered == 200) {
                try {
                    results = hailong::decode_results(k.response);
                } catch (const hailong::InputError&) {
                }
            }
            record_batch(recorded, k.body, results);
            if (recorded.size() > (std::size_t{1} << 20)) recorder->write(recorded);
        }
        if (result != CURLE_OK) {
            ++tally.transport_errors;
            if (tally.first_transport_error.empty())
                tally.first_transport_error = k.error[0] ? std::string(k.error) : curl_easy_strerror(result);
            return;
        }
        long status = 0;
        curl_easy_getinfo(k.easy.get(), CURLINFO_RESPONSE_CODE, &status);
        ++tally.responses[status];
        if (status != 200 || !o.reads_results()) return;
        tally.submissions_in_ok += k.submissions;
        try {
            const std::vector<hailong::SubmissionResult> results = hailong::decode_results(k.response);
            for (const hailong::SubmissionResult& r : results) {
                if (r.status == hailong::ResultStatus::accepted) ++tally.accepted;
                else if (r.status == hailong::ResultStatus::duplicate) ++tally.duplicate;
                else ++tally.rejected;
            }
            if (results.size() < k.submissions) tally.no_result += k.submissions - results.size();
        } catch (const hailong::InputError&) {
            ++tally.unreadable_bodies;
            tally.no_result += k.submissions;
        }
    };

    for (const auto& k : kiosks) {
        if (!control.claim()) break;
        start(*k);
    }
    // Every request ends within the timeout, so the loop ends by then; the hard stop only guards
    // against a libcurl that fails to report a transfer.
    const Clock::time_point hard_stop =
        control.deadline() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.timeout + 5));
    while (in_flight > 0 && Clock::now() < hard_stop) {
        int running = 0;
        if (curl_multi_perform(multi.get(), &running) != CURLM_OK) break;
        int queued = 0;
        while (CURLMsg* message = curl_multi_info_read(multi.get(), &queued)) {
            if (message->msg != CURLMSG_DONE) continue;
            Kiosk& k = *by_handle.at(message->easy_handle);
            const CURLcode result = message->data.result;
            curl_multi_remove_handle(multi.get(), k.easy.get());
            --in_flight;
            finish(k, result);
            if (control.claim()) start(k);
        }
        if (in_flight > 0) curl_multi_poll(multi.get(), nullptr, 0, 100, nullptr);
    }
    for (const auto& k : kiosks) curl_multi_remove_handle(multi.get(), k->easy.get());
    if (recorder != nullptr) recorder->write(recorded);
    return tally;
}

/// The value at percentile `p` (1..100) of sorted `values` by the nearest-rank method: the
/// smallest value with at least p % of all values at or below it. 0 for no values.
std::uint32_t nearest_rank(const std::vector<std::uint32_t>& sorted, std::size_t p) {
    if (sorted.empty()) return 0;
    const std::size_t rank = std::max<std::size_t>(1, (p * sorted.size() + 99) / 100);
    return sorted[rank - 1];
}

double per_second(std::uint64_t count, double seconds) {
    return seconds > 0 ? static_cast<double>(count) / seconds : 0.0;
}

double ms(std::uint32_t micros) { return static_cast<double>(micros) / 1000.0; }

/// How long the run took: wall-clock time from the first request to the last answer, and the CPU
/// time (user and system, all threads) this process spent in it.
struct Elapsed {
    double wall = 0;
    double cpu = 0;
};

/// CPU seconds (user and system, all threads) this process has used so far; 0 if unknown.
double process_cpu_seconds() {
    rusage self{};
    if (getrusage(RUSAGE_SELF, &self) != 0) return 0;
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(self.ru_utime) + seconds(self.ru_stime);
}

void print_table(const Options& o, const Tally& t, Elapsed elapsed) {
    const double wall = elapsed.wall;
    const auto& l = t.latencies_us;
    std::printf("%s: %s %s, %zu kiosks, batch %zu, %zu client thread%s\n", std::string(program).c_str(),
                o.post ? "POST" : "GET", o.target().c_str(), o.kiosks, o.batch, o.threads, o.threads == 1 ? "" : "s");
    std::printf("  wall time            %10.2f s\n", wall);
    std::printf("  client CPU           %10.2f s   (%.0f %% of one core)\n", elapsed.cpu,
                wall > 0 ? 100 * elapsed.cpu / wall : 0.0);
    std::printf("  requests             %10llu   %10.1f /s\n", static_cast<unsigned long long>(t.requests),
                per_second(t.requests, wall));
    for (const auto& [status, n] : t.responses)
        std::printf("    HTTP %3ld           %10llu\n", status, static_cast<unsigned long long>(n));
    std::printf("    transport errors   %10llu%s%s\n", static_cast<unsigned long long>(t.transport_errors),
                t.first_transport_error.empty() ? "" : "   first: ", t.first_transport_error.c_str());
    std::printf("  connections opened   %10llu\n", static_cast<unsigned long long>(t.connections));
    if (o.post) {
        std::printf("  submissions sent     %10llu\n", static_cast<unsigned long long>(t.submissions_sent));
        if (o.reads_results()) {
            std::printf("    in 200 answers     %10llu\n", static_cast<unsigned long long>(t.submissions_in_ok));
            std::printf("      accepted         %10llu   %10.1f /s\n", static_cast<unsigned long long>(t.accepted),
                        per_second(t.accepted, wall));
            std::printf("      duplicate        %10llu\n", static_cast<unsigned long long>(t.duplicate));
            std::printf("      rejected         %10llu\n", static_cast<unsigned long long>(t.rejected));
            std::printf("      no result        %10llu   (unreadable 200 bodies: %llu)\n",
                        static_cast<unsigned long long>(t.no_result), static_cast<unsigned long long>(t.unreadable_bodies));
        }
    }
    std::printf("  latency ms (nearest rank)  p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n", ms(nearest_rank(l, 50)),
                ms(nearest_rank(l, 90)), ms(nearest_rank(l, 99)), ms(l.empty() ? 0 : l.back()));
}

void print_json(const Options& o, const Tally& t, Elapsed elapsed) {
    const double wall = elapsed.wall;
    const auto& l = t.latencies_us;
    nlohmann::json responses = nlohmann::json::object();
    for (const auto& [status, n] : t.responses) responses[std::to_string(status)] = n;
    const nlohmann::json out{
        {"url", o.url},
        {"path", o.path},
        {"method", o.post ? "POST" : "GET"},
        {"kiosks", o.kiosks},
        {"batch", o.batch},
        {"threads", o.threads},
        {"wall_seconds", wall},
        {"client_cpu_seconds", elapsed.cpu},
        {"requests", t.requests},
        {"requests_per_second", per_second(t.requests, wall)},
        {"responses", responses},
        {"transport_errors", t.transport_errors},
        {"first_transport_error", t.first_transport_error},
        {"connections_opened", t.connections},
        {"submissions_sent", t.submissions_sent},
        {"results_read", o.reads_results()},
        {"submissions_in_200", t.submissions_in_ok},
        {"accepted", t.accepted},
        {"duplicate", t.duplicate},
        {"rejected", t.rejected},
        {"no_result", t.no_result},
        {"unreadable_bodies", t.unreadable_bodies},
        {"accepted_per_second", per_second(t.accepted, wall)},
        {"latency_ms",
         {{"method", "nearest-rank"},
          {"p50", ms(nearest_rank(l, 50))},
          {"p90", ms(nearest_rank(l, 90))},
          {"p99", ms(nearest_rank(l, 99))},
          {"max", ms(l.empty() ? 0 : l.back())}}},
    };
    std::printf("%s\n", out.dump().c_str());
}

int run(int argc, char** argv) {
    const Options o = parse_options(argc, argv);
    if (o.help) {
        std::fputs(usage.data(), stdout);
        return 0;
    }
    if (o.version) {
        std::printf("%s\n", hailong::version_line(program).c_str());
        return 0;
    }
    const std::vector<Credential> credentials = load_credentials(o);
    ensure_file_limit(o.kiosks);
    check_reachable(o);

    std::unique_ptr<Recorder> recorder;
    if (!o.record_file.empty()) recorder = std::make_unique<Recorder>(o.record_file);

    const double cpu_before = process_cpu_seconds();
    const Clock::time_point begin = Clock::now();
    RunControl control(o.requests.value_or(UINT64_MAX),
                       begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(*o.seconds)));
    std::vector<Tally> tallies(o.threads);
    std::vector<std::exception_ptr> failures(o.threads);
    {
        std::vector<std::jthread> workers;
        for (std::size_t t = 0; t < o.threads; ++t)
            workers.emplace_back([&, t] {
                try {
                    tallies[t] = run_kiosks(o, credentials, t, o.threads, control, recorder.get());
                } catch (...) {
                    failures[t] = std::current_exception();
                }
            });
    }
    for (const std::exception_ptr& failure : failures)
        if (failure) std::rethrow_exception(failure);
    if (recorder && !recorder->ok()) throw SetupError("cannot write --record file " + o.record_file);

    Tally total;
    total.last_done = begin;
    for (Tally& t : tallies) total.merge(std::move(t));
    std::sort(total.latencies_us.begin(), total.latencies_us.end());
    const Elapsed elapsed{std::chrono::duration<double>(total.last_done - begin).count(),
                          process_cpu_seconds() - cpu_before};

    if (o.json) print_json(o, total, elapsed);
    else print_table(o, total, elapsed);
    return total.requests > total.transport_errors ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        std::fprintf(stderr, "%s: libcurl failed to initialise\n", std::string(program).c_str());
        return 2;
    }
    // libcurl allocates and frees its transfer buffers for every request; with glibc's default trim
    // threshold the freed memory goes back to the kernel each time and page faults cost more client
    // CPU than TLS does. Keeping it bounds nothing that matters here: a few buffers per kiosk.
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    // With CURLOPT_NOSIGNAL libcurl leaves SIGPIPE alone; a server closing a kept-alive connection
    // must count as a transport error, not kill the run.
    std::signal(SIGPIPE, SIG_IGN);
    int code = 2;
    try {
        code = run(argc, argv);
    } catch (const SetupError& e) {
        std::fprintf(stderr, "%s: %s\n", std::string(program).c_str(), e.what());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: unexpected error: %s\n", std::string(program).c_str(), e.what());
    }
    curl_global_cleanup();
    return code;
}
