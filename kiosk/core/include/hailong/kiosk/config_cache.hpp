#pragma once
// What this kiosk shows (GET /api/v1/kiosk/config): its department, the department's officers,
// the services, the survey, and the kiosk's number for tracking codes. The server's answer is
// decoded strictly (every problem names its field path) but keys this version does not know are
// ignored, as everywhere on the wire. A good answer is kept on disk with its ETag, so a kiosk that
// restarts without a network shows what it showed before; a kiosk that has never reached its
// server shows the bundled survey (hailong::default_survey()) with the department and officers of
// its local configuration.
//
// A configuration that fails to decode never replaces the one in use, in memory or on disk.
//
// Thread safety: every method may be called from any thread. get() only copies a shared_ptr under
// a mutex and never blocks on I/O: the frame may call it. The constructor and apply() read or
// write the disk: call them from a worker (apply() is called by the uploader's thread). Listeners
// (subscribe) run on the thread that put the configuration in use, with no lock of the cache held.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hailong/field_error.hpp"
#include "hailong/kiosk/flow_types.hpp"

namespace hailong::kiosk {

/// An officer, a service or the department: a code and the name to show.
struct NamedCode {
    std::string code;
    std::string name;
    friend bool operator==(const NamedCode&, const NamedCode&) = default;
};

/// A reason a dissatisfied citizen can tick, with its label in each language the server sent.
struct ConfigReason {
    std::string code;                          ///< stored in Submission::reasons
    std::map<std::string, std::string> label;  ///< language ("vi", "en") -> text, NFC
    /// The label in `lang`, else Vietnamese, else English, else any, else the code itself.
    [[nodiscard]] const std::string& label_in(std::string_view lang) const;
    friend bool operator==(const ConfigReason&, const ConfigReason&) = default;
};

struct ConfigSurvey {
    int scale = 3;         ///< 3 or 5
    bool ask_tt01 = true;  ///< ask the four TT 01 questions
    std::vector<ConfigReason> reasons;
    friend bool operator==(const ConfigSurvey&, const ConfigSurvey&) = default;
};

/// An officer's credentials for signing in at the counter (staff_credentials.hpp); each empty
/// when not set.
struct OfficerCredentials {
    std::string pin_hash;   ///< crypto_pwhash_str of the personal PIN
    std::string card_hash;  ///< lowercase hex SHA-256 of the staff card's secret
    friend bool operator==(const OfficerCredentials&, const OfficerCredentials&) = default;
};

/// "HH:MM" (00:00..23:59) as minutes since midnight; nullopt for anything else.
std::optional<std::chrono::minutes> parse_time_of_day(std::string_view text);

struct KioskConfig {
    enum class Source { bundled, cache, server };

    std::string kiosk_id;
    NamedCode department;
    std::vector<NamedCode> officers;
    std::vector<NamedCode> services;
    ConfigSurvey survey;
    /// The server's number for this kiosk (tracking codes); absent from older servers.
    std::optional<std::int64_t> kiosk_number;
    /// Officers' `pin_hash` and `card_hash` by officer code (only those with at least one).
    std::map<std::string, OfficerCredentials> credentials;
    /// `shift_end`: the local time the kiosk signs the officer on duty out; absent or null: never.
    std::optional<std::chrono::minutes> shift_end;

    std::string etag;               ///< the server's ETag; empty for the bundled configuration
    Source source = Source::bundled;

    /// Equal content (ETag and source not compared).
    [[nodiscard]] bool same_content(const KioskConfig& other) const;
};

/// The configuration to use before the server has ever answered: the given department, officers
/// and services (from the kiosk's local configuration file) and the bundled default survey, its
/// labels rendered from the compiled-in catalogues.
KioskConfig bundled_config(std::string kiosk_id, NamedCode department, std::vector<NamedCode> officers = {},
                           std::vector<NamedCode> services = {});

/// The counter as the server's configuration describes it: the department, officers and survey
/// of `server` (reasons with the server's labels), keeping what only the kiosk knows from
/// `current`: the timeouts, the default language, and the officer and service now serving (as
/// chosen; Flow::reconfigure decides what stays), and the kiosk's own end-of-shift override. The
/// officers' credentials and the end of shift are the server's. Each officer's photo comes from
/// `local_officers` (the kiosk's configuration file) by code. The services are the server's, then
/// those of `local_services` (the kiosk's file) that the server does not list: a procedure set
/// up at the counter is never lost to a server list that lacks it. A bundled configuration
/// returns `current` unchanged: it was made from the local file. Pure.
CounterConfig counter_from_config(const KioskConfig& server, CounterConfig current,
                                  const std::vector<Officer>& local_officers, const std::vector<Service>& local_services);

/// Decodes a GET /api/v1/kiosk/config body. Throws InputError naming the first problem, with its
/// field path ("officers[2].code", "survey.reasons[0].label.vi"). Pure; thread safe.
KioskConfig decode_kiosk_config(std::string_view body);

/// What apply() did with an answer.
struct ConfigUpdate {
    enum class Outcome {
        updated,    ///< decoded, in use, saved on disk
        unchanged,  ///< decoded, same content as the one in use (only the ETag may have moved)
        invalid,    ///< did not decode: `error` says where; the configuration in use is kept
        not_saved,  ///< decoded and in use, but the disk write failed: `detail` says why
    };
    Outcome outcome = Outcome::invalid;
    std::optional<FieldError> error;  ///< for invalid
    std::string detail;               ///< technical text for invalid and not_saved, for logs
};

class ConfigCache {
public:
    /// Loads `dir/kiosk-config.json` if it is there and decodes; otherwise `fallback` is in use
    /// (load_problem() then says why, unless there simply was no file). Creates `dir` if missing.
    /// Reads the disk. Throws std::filesystem::filesystem_error only if `dir` cannot be created.
    ConfigCache(std::filesystem::path dir, KioskConfig fallback);
    ConfigCache(const ConfigCache&) = delete;
    ConfigCache& operator=(const ConfigCache&) = delete;

    /// The configuration in use: an immutable snapshot, valid for as long as it is held even if
    /// a newer one arrives. Never null. Does not block on I/O.
    [[nodiscard]] std::shared_ptr<const KioskConfig> get() const;
    /// The ETag to send as If-None-Match; empty when the server has never answered.
    [[nodiscard]] std::string etag() const;

    /// A 200 answer with its ETag: decodes it and, when good, writes it to disk atomically
    /// (atomic_file.hpp: temporary file, fsync, rename, fsync of the directory) and puts it in
    /// use. Blocks on the disk. Never throws for a bad body or a failed write (see ConfigUpdate).
    ConfigUpdate apply(std::string_view body, std::string_view etag);

    /// Called with every configuration put in use from now on: once at once, on the caller's
    /// thread, with the one in use, then from apply() whenever the content changes. Must not throw.
    /// Listeners stay for the life of the cache.
    using Listener = std::function<void(std::shared_ptr<const KioskConfig>)>;
    void subscribe(Listener listener);

    /// Why the cached file was not used at start (empty if it was, or there was none).
    [[nodiscard]] std::string load_problem() const;

    /// The cache file's path.
    [[nodiscard]] std::filesystem::path file() const { return dir_ / "kiosk-config.json"; }

private:
    std::filesystem::path dir_;
    std::mutex write_mutex_;     // serialises apply(): decoding and the disk write happen outside mutex_
    mutable std::mutex mutex_;   // guards current_ and load_problem_; held only to copy or swap
    std::shared_ptr<const KioskConfig> current_;
    std::string load_problem_;
    std::vector<Listener> listeners_;  // guarded by mutex_; copied out before they are called

    ConfigUpdate apply_locked(std::string_view body, std::string_view etag);
};

}  // namespace hailong::kiosk
