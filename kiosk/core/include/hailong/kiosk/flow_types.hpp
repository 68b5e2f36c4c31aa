#pragma once
// The words the kiosk's flow is made of, shared by the dispatcher (flow.hpp), its three machines
// (rating_machine.hpp, pin_machine.hpp, lookup_machine.hpp), the screens, the configuration and
// the backend: the current time, the screens, the counter, the answers, and the actions and
// effects that go in and out of the flow. Plain values and two small look-ups; no I/O.
//
// Not named after one type: it is the flow's vocabulary, kept below every unit that speaks it so
// that none of them has to include the Flow class to name a screen or an action.
//
// Thread safety: plain values, as safe as any value. Errors: none.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "hailong/duty.hpp"
#include "hailong/submission.hpp"
#include "hailong/survey.hpp"
#include "hailong/time.hpp"
#include "hailong/uuid.hpp"

namespace hailong::kiosk {

/// The current time, as the caller's clocks read it: `steady` drives every timer (immune to the
/// wall clock being set), `wall` stamps created_at.
struct Now {
    std::chrono::steady_clock::time_point steady;
    Instant wall;
};

enum class Screen {
    idle,         ///< agency, officer, service, "Chạm để đánh giá", language switch
    rating,       ///< the faces
    tt01,         ///< the four TT 01 questions, each skippable; submit or go on to reasons
    dossier,      ///< typing the dossier code from the appointment slip
    reasons,      ///< what went wrong: reasons, and the ways to a comment and a phone number
    comment,      ///< the on-screen Vietnamese keyboard
    contact,      ///< the digit pad for a call-back number
    saving,       ///< waiting for the save service's durable commit
    thanks,       ///< after the commit; the tracking code of a complaint
    save_failed,  ///< the save service failed: nothing was stored; retry or give up
    admin_pin,    ///< the PIN pad behind the hidden gesture
    admin,        ///< kiosk status and counter settings
    lookup,       ///< typing the tracking code of an earlier complaint
    lookup_result,  ///< its status and the department's reply (or why there is none)
    sign_in,      ///< an officer finds their name (search, pages) to sign in with their PIN
    sign_in_pin,  ///< the officer's personal PIN
};

/// The answers to the TT 01 questions as the citizen gives them (converted to points by
/// tt01_points(), rating_machine.hpp).
enum class TimeAnswer { earlier, on_time, late };
enum class ContactsAnswer { none, once, more };
enum class AgenciesAnswer { none, one_stop_only, more };
enum class HarassmentAnswer { no, yes };

struct Tt01Choices {
    std::optional<TimeAnswer> time;
    std::optional<ContactsAnswer> contacts;
    std::optional<AgenciesAnswer> agencies;
    std::optional<HarassmentAnswer> harassment;
    friend bool operator==(const Tt01Choices&, const Tt01Choices&) = default;
};

/// An officer who may serve at this counter.
struct Officer {
    std::string code;   ///< officer code (is_valid_code)
    std::string name;   ///< as shown, NFC
    std::string photo;  ///< path of a JPEG/PNG photo, or empty
    std::string pin_hash{};   ///< personal PIN (crypto_pwhash_str), empty when none is set
    std::string card_hash{};  ///< lowercase hex SHA-256 of the staff card's secret, empty when none
    friend bool operator==(const Officer&, const Officer&) = default;
};

/// An administrative procedure (TTHC) served at this counter.
struct Service {
    std::string code;  ///< TTHC code (is_valid_code)
    std::string name;  ///< as shown, NFC
    friend bool operator==(const Service&, const Service&) = default;
};

/// The timers of the flow. A session gets the long pair (inactivity, warning) until the citizen
/// taps a face; from then on the rating is kept in the outbox and a timeout loses nothing, so the
/// short pair (rated_inactivity, rated_warning) frees the kiosk for the next citizen sooner.
struct FlowTimeouts {
    std::chrono::seconds inactivity{45};     ///< quiet time in a session before the warning
    std::chrono::seconds warning{25};        ///< how long the warning counts down (at least 20 s)
    std::chrono::seconds rated_inactivity{20};  ///< the same once a face is tapped
    std::chrono::seconds rated_warning{10};     ///< the same once a face is tapped (at least 10 s)
    std::chrono::seconds thanks{6};          ///< thank-you screen of a plain rating
    std::chrono::seconds thanks_complaint{40};  ///< thank-you screen with a tracking code to note down
    std::chrono::seconds pin_lockout{60};    ///< after pin_attempts wrong PINs
    int pin_attempts = 3;
    std::chrono::seconds sign_in_lockout{30};  ///< the officers' PIN pad, after sign_in_attempts wrong PINs
    int sign_in_attempts = 5;
};
/// The shortest warning the flow allows before answers that would be lost: a slow reader must
/// have time to react.
inline constexpr std::chrono::seconds min_warning{20};
/// The shortest warning once the rating is kept: time to read the card and tap "Tiếp tục".
inline constexpr std::chrono::seconds min_rated_warning{10};

/// What the flow needs to know about the counter. A plain value; the flow keeps a copy and the
/// admin screen changes the officer, the service and the default language in that copy.
struct CounterConfig {
    std::string department;          ///< department code, stamped on every submission
    std::vector<Officer> officers;   ///< who may sign in at this counter
    std::vector<Service> services;
    std::optional<std::string> officer;  ///< code of the officer now serving, if any
    std::optional<std::string> service;  ///< code of the service now served, if any
    std::string default_lang = "vi";     ///< "vi" or "en"
    /// Where this counter meets a dossier (filing or collection of the result), when it serves
    /// only one of them; stamped on every rating as `stage` (methodology.md section 6).
    std::optional<DossierStage> stage;
    Survey survey = default_survey();
    FlowTimeouts timeouts;
    /// Sign-in counters (staff_credentials.hpp, uses_sign_in): when the kiosk signs the officer
    /// out, as local time of day in Asia/Ho_Chi_Minh. `shift_end` is the server's; the kiosk's
    /// own file may override it (`shift_end_override`). Neither: never automatically.
    std::optional<std::chrono::minutes> shift_end;
    std::optional<std::chrono::minutes> shift_end_override;
    /// The officer signed in when the kiosk starts (the outbox's last duty event), and since when.
    std::optional<std::string> signed_in;
    std::optional<Instant> signed_in_at;
};

/// The end of shift in force: the kiosk's own, else the server's.
inline std::optional<std::chrono::minutes> shift_end_of(const CounterConfig& counter) {
    return counter.shift_end_override ? counter.shift_end_override : counter.shift_end;
}

/// The officer and service now serving, looked up in the counter's lists (nullptr if none, or
/// if the code is not listed).
inline const Officer* serving_officer(const CounterConfig& counter) {
    for (const Officer& o : counter.officers)
        if (counter.officer && o.code == *counter.officer) return &o;
    return nullptr;
}
inline const Service* serving_service(const CounterConfig& counter) {
    for (const Service& s : counter.services)
        if (counter.service && s.code == *counter.service) return &s;
    return nullptr;
}

/// What the server said of a complaint looked up by its tracking code.
struct ComplaintLookup {
    enum class Outcome {
        found,        ///< `status` and `reply` are the server's
        not_found,    ///< a well-formed code no kiosk issued (or not yet received by the server)
        unavailable,  ///< no server configured, no network, or the server failed: try later
    };
    Outcome outcome = Outcome::unavailable;
    std::string status;                ///< "new", "assigned", "in_progress", "resolved", "rejected"
    std::optional<std::string> reply;  ///< the department's answer, when there is one
    friend bool operator==(const ComplaintLookup&, const ComplaintLookup&) = default;
};

/// What the server said of a dossier code the citizen gave (GET /api/v1/kiosk/dossiers/{code}).
struct DossierInfo {
    enum class Outcome {
        known,        ///< the server knows the dossier: its procedure and stage below
        unknown,      ///< a code the server has no record of (yet)
        unavailable,  ///< no server, no answer, or an answer the kiosk cannot read
    };
    Outcome outcome = Outcome::unavailable;
    std::string service_code;  ///< the procedure, when the server names one
    std::string service_name;
    std::optional<DossierStage> stage;  ///< filing or collection
    bool rated_at_stage = false;        ///< a rating of this dossier already names that stage
    friend bool operator==(const DossierInfo&, const DossierInfo&) = default;
};

/// The longest dossier code, phone number and PIN the flow accepts.
inline constexpr std::size_t max_contact_digits = 15;  // E.164
inline constexpr std::size_t min_contact_digits = 9;   // a Vietnamese landline without the leading 0
inline constexpr std::size_t max_pin_digits = 12;
/// The symbols of a tracking code without its dashes (hailong/tracking_code.hpp).
inline constexpr std::size_t tracking_code_symbols = 8;

/// Actions: what a screen (or the caller, for results) tells the flow.
namespace action {
struct Start {};                               ///< idle: the citizen touched the screen
struct SetLanguage { std::string lang; };      ///< "vi" or "en"; anything else is ignored
struct Rate { int value; };                    ///< 1..scale
struct AnswerTime { std::optional<TimeAnswer> answer; };  ///< nullopt takes the answer back
struct AnswerContacts { std::optional<ContactsAnswer> answer; };
struct AnswerAgencies { std::optional<AgenciesAnswer> answer; };
struct AnswerHarassment { std::optional<HarassmentAnswer> answer; };
struct ToggleReason { std::string code; };     ///< a reason code of the survey
struct SetComment { std::string text; };       ///< the whole comment as typed so far (UTF-8)
struct SetContact { std::string digits; };     ///< the whole phone number typed so far
struct SetDossier { std::string code; };       ///< the whole dossier code typed so far
struct OpenComment {};
struct OpenContact {};
struct OpenDossier {};
struct Done {};      ///< leave the comment, contact or dossier editor, keeping what was typed
struct Next {};      ///< tt01: on to reasons or submit; reasons: submit
struct Back {};      ///< one screen back; on the rating screen: end the session
struct Cancel {};    ///< end the session now, discarding the answers
struct Retry {};     ///< save_failed: save the same submission again
struct Finish {};    ///< thanks: done reading, back to idle now
struct Activity {};  ///< any touch or key: the citizen is still there
struct KeepGoing {};  ///< the "Tiếp tục" button of the idle warning
struct ToggleHighContrast {};
struct ToggleLargeText {};
struct ToggleSpeech {};
/// The caller's answer to Effect SaveRequested: `ok` means durably committed.
struct SaveFinished {
    Uuid id;
    bool ok = false;
    std::optional<std::string> tracking_code;
};
struct OpenAdmin {};                 ///< the hidden gesture, on the idle screen only
struct SetPin { std::string digits; };
struct SubmitPin {};
struct PinChecked { bool ok = false; };  ///< the caller's answer to Effect PinCheckRequested
struct SelectOfficer { std::optional<std::string> code; };
struct SelectService { std::optional<std::string> code; };
struct SetDefaultLanguage { std::string lang; };
struct CloseAdmin {};
struct Quit {};                              ///< admin: "Thoát chương trình", which asks to confirm
struct ConfirmQuit { bool exit = false; };   ///< the confirmation's answer: exit, or stay
struct OpenLookup {};                        ///< idle: "Tra cứu phản ánh"
struct SetLookupCode { std::string code; };  ///< the whole code typed so far (symbols, any case)
struct SubmitLookup {};                      ///< look the typed code up (only when its check holds)
struct LookupAgain {};                       ///< lookup_result: "Tra mã khác", a new code from an empty field
/// The caller's answer to Effect LookupRequested.
struct LookupFinished { std::string code; ComplaintLookup result; };
/// A keyboard-wedge scanner read a code (scan_recogniser.hpp): a staff card or a dossier code.
struct Scanned { std::string text; };
struct OpenSignIn {};                          ///< idle: "Cán bộ đăng nhập"
struct SetSignInFilter { std::string text; };  ///< sign_in: the whole search typed so far
struct ChooseOfficer { std::string code; };    ///< sign_in: this officer's name; on to the PIN
/// The caller's answer to Effect CredentialCheckRequested.
struct CredentialChecked { std::string officer; bool ok = false; };
struct AskSignOut {};                         ///< idle: "Đăng xuất", which asks to confirm
struct ConfirmSignOut { bool sign_out = false; };
/// The caller's answer to Effect DossierCheckRequested.
struct DossierChecked { std::string code; DossierInfo info; };
}  // namespace action

using Action = std::variant<action::Start, action::SetLanguage, action::Rate, action::AnswerTime,
                            action::AnswerContacts, action::AnswerAgencies, action::AnswerHarassment,
                            action::ToggleReason, action::SetComment, action::SetContact, action::SetDossier,
                            action::OpenComment, action::OpenContact, action::OpenDossier, action::Done,
                            action::Next, action::Back, action::Cancel, action::Retry, action::Finish,
                            action::Activity, action::KeepGoing, action::ToggleHighContrast,
                            action::ToggleLargeText, action::ToggleSpeech, action::SaveFinished,
                            action::OpenAdmin, action::SetPin, action::SubmitPin, action::PinChecked,
                            action::SelectOfficer, action::SelectService, action::SetDefaultLanguage,
                            action::CloseAdmin, action::Quit, action::ConfirmQuit, action::OpenLookup, action::SetLookupCode,
                            action::SubmitLookup, action::LookupAgain, action::LookupFinished, action::Scanned, action::OpenSignIn,
                            action::SetSignInFilter, action::ChooseOfficer, action::CredentialChecked,
                            action::AskSignOut, action::ConfirmSignOut, action::DossierChecked>;

/// Effects: what the caller must do for the flow, answered (where noted) by an action.
namespace effect {
/// Keep the session's submission durably, open (the outbox does not forward it yet): asked at the
/// face tap, and again with the same id whenever the citizen has added to it. A later one replaces
/// the one before; one that arrives after the submission was saved complete changes nothing. No
/// answer: the flow goes on whether or not it was kept (the complete save still comes).
struct KeepOpen { Submission submission; };
/// Save durably as complete and forward it (replacing the open one of the same id): at "Gửi",
/// and when a session that holds a rating ends any other way (timeout, "Kết thúc", back out).
/// Answer: SaveFinished with the same id, awaited only after "Gửi". `complaint`: issue a tracking
/// code, which only "Gửi" asks for: the code is shown on the thank-you screen.
struct SaveRequested { Submission submission; bool complaint = false; };
/// Check the PIN against the stored hash, off the UI thread (answer: PinChecked).
struct PinCheckRequested { std::string pin; };
/// The admin changed the counter's officer, service or default language: remember it. The
/// service's name comes along, so that a service no list offers any more can be kept by name.
struct CounterChanged {
    std::optional<std::string> officer;
    std::optional<std::string> service;
    std::string default_lang;
    std::string service_name;  ///< empty when no service is chosen
};
/// The admin asked the program to exit, and confirmed it.
struct QuitRequested {};
/// Ask the server about this tracking code (display form; answer: LookupFinished, same code).
struct LookupRequested { std::string code; };
/// An officer signed in or out: store the duty event durably in the outbox, to be forwarded. No
/// answer: the counter shows the officer at once (a failed store is logged).
struct DutyRecorded { DutyEvent event; };
/// Check an officer's personal PIN against their hash, off the UI thread (answer:
/// CredentialChecked with the same officer).
struct CredentialCheckRequested { std::string officer; std::string pin; std::string pin_hash; };
/// Ask the server about the dossier code the citizen gave (answer: DossierChecked, same code).
struct DossierCheckRequested { std::string code; };
}  // namespace effect

using Effect = std::variant<effect::KeepOpen, effect::SaveRequested, effect::PinCheckRequested,
                            effect::CounterChanged, effect::QuitRequested, effect::LookupRequested,
                            effect::DutyRecorded, effect::CredentialCheckRequested, effect::DossierCheckRequested>;

/// The answers of the current session.
struct Answers {
    std::optional<int> rating;  ///< 1..scale
    Tt01Choices tt01;
    std::vector<std::string> reasons;  ///< ticked reason codes, in the survey's order
    std::string comment;               ///< as typed, UTF-8
    std::string contact;               ///< digits
    std::string dossier;               ///< as typed
    friend bool operator==(const Answers&, const Answers&) = default;
};

/// How the screens are drawn for this citizen.
struct Presentation {
    bool high_contrast = false;
    bool large_text = false;
    bool speech = false;  ///< read each screen's prompt aloud
    friend bool operator==(const Presentation&, const Presentation&) = default;
};

/// 16 random bytes per call (the random part of the v7 submission id).
using RandomSource = std::function<Uuid::Bytes()>;

/// What a machine hands its dispatcher along with an action: the dispatcher's state it may read.
/// References into the dispatcher, valid for the one call.
struct MachineContext {
    Screen screen;                  ///< the screen the action was emitted on
    const Now& now;
    const CounterConfig& counter;   ///< department, lists, survey and timers
    const std::string& lang;        ///< the citizen's language now
};

/// A machine's answer to an action or a tick: where the kiosk goes next. Only the dispatcher
/// moves between screens (a move restarts the idle timer and clears the warning).
struct Step {
    enum class Kind { stay, go, end_session };
    Kind kind = Kind::stay;
    Screen to = Screen::idle;  ///< for go

    static Step stay() { return {}; }
    static Step go(Screen screen) { return {Kind::go, screen}; }
    static Step end_session() { return {Kind::end_session, Screen::idle}; }
};

}  // namespace hailong::kiosk
