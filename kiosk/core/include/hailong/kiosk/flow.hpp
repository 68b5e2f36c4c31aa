#pragma once
// The kiosk's flow as a pure state machine: which screen a citizen sees, the answers given so
// far, the idle timer, and the Submission it produces. No ImGui, no clock, no I/O: the caller
// passes the current time into every call, and whatever needs the outside world (saving,
// checking the admin PIN, asking the server, quitting) comes back as an Effect for the caller to
// carry out and answer with another Action. The screens of kiosk/src read this state and emit
// actions; the words (Screen, Action, Effect...) are in flow_types.hpp.
//
// Flow is the dispatcher over three machines, each in its own file with its own drawing:
//   RatingMachine (rating_machine.hpp)  rating, tt01, dossier, reasons, comment, contact, saving,
//                                       thanks, save_failed: the answers and the submission
//   PinMachine (pin_machine.hpp)        admin_pin, admin: the PIN pad and its lockout
//   LookupMachine (lookup_machine.hpp)  lookup, lookup_result: "Tra cứu phản ánh"
//   SignInMachine (sign_in_machine.hpp) sign_in, sign_in_pin: an officer's name and PIN
// Flow itself keeps what they share: the screen, the session, the counter (and the admin's
// changes to it), the language, the display toggles and the idle timer. It handles the actions
// that hold on any screen (language, toggles, KeepGoing, Cancel), the idle screen's ways out
// (Start, OpenLookup, OpenAdmin) and the admin screen's counter choices; every other action
// goes to the machine that owns the current screen, which answers with a Step (stay, go to a
// screen, end the session) that only Flow carries out.
//
//   idle ─Start─▶ rating … thanks (RatingMachine) ─Back on rating, Finish, thanks time─▶ idle
//     ├─OpenLookup─▶ lookup … lookup_result (LookupMachine) ─Back, Finish─▶ idle
//     ├─OpenAdmin─▶ admin_pin … admin (PinMachine) ─Back, CloseAdmin─▶ idle
//     ├─OpenSignIn─▶ sign_in … sign_in_pin (SignInMachine) ─PIN right, Back─▶ idle
//     ├─Scanned (a dossier code)─▶ rating, the code filled in
//     ├─Scanned (a staff card), AskSignOut + ConfirmSignOut: who is on duty changes, stays idle
//     └──◀── Cancel (any screen of a session but saving); a warned idle timeout (warning,
//            countdown, KeepGoing) on any screen but idle, saving and thanks
//
// - A session ends (answers, language and display toggles back to the counter's defaults, so the
//   next citizen never sees the last one's answers) on Finish, when the thank-you time is over, on
//   Cancel, and when a warned idle timeout expires. session() counts sessions, so that the UI can
//   drop state of its own (an input engine, a keyboard focus) when it changes.
// - A face tap is a rating kept at once (rating_machine.hpp): a session that holds one and ends
//   without "Gửi" sends it as it stands (effect SaveRequested from tick() or dispatch()). Until
//   the face, the idle timer is FlowTimeouts::inactivity and ::warning (45 s + 25 s: nothing is
//   kept yet); from the face on, ::rated_inactivity and ::rated_warning (20 s + 10 s), since a
//   timeout then loses nothing and the next citizen should not wait at a half-finished screen.
// - Duty (a counter that uses sign-in: staff_credentials.hpp). Flow keeps who is signed in, across
//   sessions. An officer signs in by a scanned staff card (Scanned on idle, sign_in or
//   sign_in_pin, checked here: a SHA-256) or by name and PIN (SignInMachine); another officer
//   signing in signs the first out (`replaced`); "Đăng xuất" asks, then signs out (`manual`); the
//   end of shift (shift_end_of) passing signs out (`shift_end`, dated at the end of shift, also
//   when the kiosk was off then). Each is an effect DutyRecorded. On such a counter the officer
//   of the ratings is the one signed in (or nobody), and the admin screen's choice of officer
//   signs that officer in (`manual`) rather than overriding the roster. A counter whose officers
//   have no credentials keeps the admin's choice, as before.
// - While the idle warning is shown, only its own buttons (KeepGoing, Cancel) and the caller's
//   answers (SaveFinished, PinChecked, LookupFinished) count: a tap that slipped through to the
//   screen behind changes nothing, and an answer is never dropped. An answer is not activity: it
//   does not hold the idle timer back.
//
// Ownership: a plain value; it owns its copy of the counter and its three machines (the random
// source is the rating machine's). Thread safety: none; one Flow belongs to the UI thread.
// Errors: none thrown; actions that make no sense on the current screen are ignored (a stale
// tap, a late save result).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hailong/kiosk/flow_types.hpp"
#include "hailong/kiosk/lookup_machine.hpp"
#include "hailong/kiosk/pin_machine.hpp"
#include "hailong/kiosk/rating_machine.hpp"
#include "hailong/kiosk/sign_in_machine.hpp"
#include "hailong/submission.hpp"
#include "hailong/survey.hpp"

namespace hailong::kiosk {

/// Whether a screen offers "Quay lại" (its top-bar button and the Escape key go back one step).
bool has_back(Screen s);

class Flow {
public:
    /// `random` must be callable; it is called once per submission. Starts idle at `now`.
    Flow(CounterConfig config, RandomSource random, const Now& now);

    /// Applies the timers up to `now` (see tick), then the action. Returns what the caller must do.
    std::vector<Effect> dispatch(const Action& action, const Now& now);
    /// A new counter configuration (the server's: department, officers, services, survey). In use
    /// at once on the idle screen, otherwise from the end of the current session, so that nothing
    /// changes under a citizen's finger. The officer and service now serving, the default language
    /// and the timeouts stay the flow's own (the admin sets them at the counter). The officer is
    /// dropped when the new list no longer has them; the service never is: when the new list
    /// lacks it, it is added to the list (a rating must not lose its procedure).
    void reconfigure(CounterConfig config);
    /// Applies the timers: the idle warning, its expiry, the end of the thank-you time, the end of
    /// a PIN lockout. Call it whenever the caller wakes up, and carry out what it returns (a
    /// session that a timeout ended sends its rating).
    [[nodiscard]] std::vector<Effect> tick(const Now& now);
    /// The next instant at which tick() would change something the screens show (the warning
    /// starting, each second of its countdown, an expiry), or nullopt if nothing is pending: the
    /// caller may sleep until then.
    [[nodiscard]] std::optional<std::chrono::steady_clock::time_point> next_deadline(const Now& now) const;

    [[nodiscard]] Screen screen() const { return screen_; }
    [[nodiscard]] const Answers& answers() const { return rating_.answers(); }
    [[nodiscard]] const Presentation& presentation() const { return presentation_; }
    [[nodiscard]] const std::string& lang() const { return lang_; }
    [[nodiscard]] const CounterConfig& counter() const { return counter_; }
    [[nodiscard]] const Survey& survey() const { return counter_.survey; }
    [[nodiscard]] std::uint64_t session() const { return session_; }

    /// The officer and service now serving, looked up in the configuration (nullptr if none).
    [[nodiscard]] const Officer* officer() const { return serving_officer(counter_); }
    [[nodiscard]] const Service* service() const { return serving_service(counter_); }

    /// True while the idle warning is shown; seconds left (rounded up) for its countdown, and the
    /// countdown's whole length (shorter once the citizen has rated).
    [[nodiscard]] bool warning() const { return warning_; }
    [[nodiscard]] int warning_seconds_left(const Now& now) const;
    [[nodiscard]] std::chrono::seconds warning_total() const;
    /// A face was tapped in this session: the rating is kept and a timeout sends it.
    [[nodiscard]] bool rated() const { return rating_.rated(); }

    /// True on the "something went wrong" path: not satisfied, or harassment reported.
    [[nodiscard]] bool wants_reasons() const { return rating_.wants_reasons(counter_.survey); }
    /// True if the submission being built would be a complaint (rating_machine.hpp).
    [[nodiscard]] bool is_complaint() const { return rating_.is_complaint(counter_.survey); }
    /// The phone number typed is empty or min..max_contact_digits digits.
    [[nodiscard]] bool contact_acceptable() const { return rating_.contact_acceptable(); }
    /// The dossier code typed is empty or a valid code.
    [[nodiscard]] bool dossier_acceptable() const { return rating_.dossier_acceptable(); }
    /// The rating values from most satisfied to least: the order of the faces on the screen.
    [[nodiscard]] std::vector<int> rating_values() const;

    /// The submission being saved or shown as saved (saving, save_failed, thanks), else nullptr.
    [[nodiscard]] const Submission* submission() const { return rating_.submission(); }
    /// The tracking code of the saved complaint (thanks), else nullptr.
    [[nodiscard]] const std::string* tracking_code() const {
        return screen_ == Screen::thanks ? rating_.tracking_code() : nullptr;
    }

    /// Lookup: the symbols typed (upper case, no dashes), the code in its display form once all
    /// its symbols are there and its check holds, whether the server is being asked, its answer.
    [[nodiscard]] const std::string& lookup_code() const { return lookup_.code(); }
    [[nodiscard]] std::optional<std::string> lookup_code_valid() const { return lookup_.code_valid(); }
    [[nodiscard]] bool lookup_pending() const { return lookup_.pending(); }
    [[nodiscard]] const std::optional<ComplaintLookup>& lookup_result() const { return lookup_.result(); }

    /// Duty: the officer signed in (sign-in counters), else nullptr; whether this counter uses
    /// sign-in; a scanned card that was no good (shown on idle until the next action).
    [[nodiscard]] const Officer* on_duty() const;
    [[nodiscard]] bool uses_sign_in() const;
    [[nodiscard]] bool card_rejected() const { return card_rejected_; }
    /// "Đăng xuất" was tapped and waits for its confirmation.
    [[nodiscard]] bool sign_out_asked() const { return sign_out_asked_; }
    /// Sign-in screens: the officers matching the search, the one chosen, the PIN pad's state.
    [[nodiscard]] const SignInMachine& sign_in() const { return sign_in_; }
    /// What the server said of the dossier code given, and whether it is being asked.
    [[nodiscard]] const std::optional<DossierInfo>& dossier_info() const { return rating_.dossier_info(); }
    [[nodiscard]] bool dossier_checking() const { return rating_.dossier_checking(); }

    /// PIN screen: what was typed, whether a check is under way, wrong attempts, lockout.
    [[nodiscard]] const std::string& pin() const { return pin_.pin(); }
    [[nodiscard]] bool pin_checking() const { return pin_.checking(); }
    [[nodiscard]] bool pin_rejected() const { return pin_.rejected(); }
    [[nodiscard]] bool pin_locked(const Now& now) const { return pin_.locked(now); }
    /// Admin screen: "Thoát chương trình" was tapped and waits for its confirmation.
    [[nodiscard]] bool quit_asked() const { return pin_.quit_asked(); }

private:
    // The actions Flow answers itself; on() returns false for the others, which go to the
    // machine of the current screen.
    template <class A> bool on(const A&, const Now&, std::vector<Effect>&) { return false; }
    bool on(const action::Start&, const Now&, std::vector<Effect>&);
    bool on(const action::OpenLookup&, const Now&, std::vector<Effect>&);
    bool on(const action::OpenAdmin&, const Now&, std::vector<Effect>&);
    bool on(const action::SetLanguage&, const Now&, std::vector<Effect>&);
    bool on(const action::Cancel&, const Now&, std::vector<Effect>&);
    bool on(const action::KeepGoing&, const Now&, std::vector<Effect>&);
    bool on(const action::ToggleHighContrast&, const Now&, std::vector<Effect>&);
    bool on(const action::ToggleLargeText&, const Now&, std::vector<Effect>&);
    bool on(const action::ToggleSpeech&, const Now&, std::vector<Effect>&);
    bool on(const action::SelectOfficer&, const Now&, std::vector<Effect>&);
    bool on(const action::SelectService&, const Now&, std::vector<Effect>&);
    bool on(const action::SetDefaultLanguage&, const Now&, std::vector<Effect>&);
    bool on(const action::OpenSignIn&, const Now&, std::vector<Effect>&);
    bool on(const action::Scanned&, const Now&, std::vector<Effect>&);
    bool on(const action::CredentialChecked&, const Now&, std::vector<Effect>&);
    bool on(const action::AskSignOut&, const Now&, std::vector<Effect>&);
    bool on(const action::ConfirmSignOut&, const Now&, std::vector<Effect>&);

    void sign_in_officer(const std::string& code, DutyMethod method, const Now& now, std::vector<Effect>& effects);
    void sign_out_officer(DutyMethod method, Timestamp at, std::vector<Effect>& effects);
    [[nodiscard]] std::optional<Instant> shift_ends() const;  // when the officer on duty is signed out
    void sync_officer();  // a sign-in counter's officer is the one on duty

    [[nodiscard]] MachineContext context(const Now& now) const { return MachineContext{screen_, now, counter_, lang_}; }
    void apply(const Step& step, const Now& now, std::vector<Effect>& effects);
    void go(Screen screen, const Now& now);
    void end_session(const Now& now, std::vector<Effect>& effects);
    [[nodiscard]] std::chrono::seconds inactivity() const;  // quiet time before the warning
    void apply_pending_config();
    [[nodiscard]] bool timed() const;  // the inactivity timer runs on this screen
    [[nodiscard]] bool in_session() const { return screen_ != Screen::idle; }
    [[nodiscard]] effect::CounterChanged counter_changed() const;

    CounterConfig counter_;
    std::optional<CounterConfig> pending_config_;  // reconfigure() during a session
    Screen screen_ = Screen::idle;
    Presentation presentation_;
    std::string lang_;
    std::uint64_t session_ = 0;

    std::chrono::steady_clock::time_point last_activity_;
    bool warning_ = false;
    std::chrono::steady_clock::time_point warning_since_;

    RatingMachine rating_;
    PinMachine pin_;
    LookupMachine lookup_;
    SignInMachine sign_in_;

    RandomSource random_;  // duty event ids
    std::optional<std::string> on_duty_;
    std::optional<Instant> on_duty_since_;
    bool card_rejected_ = false;
    bool sign_out_asked_ = false;
};

}  // namespace hailong::kiosk
