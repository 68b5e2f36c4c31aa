#pragma once
// The rating flow of the kiosk as a pure state machine: which screen a citizen sees, the answers
// given so far, the idle timer, and the Submission it produces. No ImGui, no clock, no I/O: the
// caller passes the current time into every call, and whatever needs the outside world (saving,
// checking the admin PIN, quitting) comes back as an Effect for the caller to carry out and
// answer with another Action. The screens of kiosk/src read this state and emit actions; the
// words (Screen, Action, Effect, CounterConfig...) are in flow_types.hpp.
//
//   idle ─Start─▶ rating ─Rate─▶ tt01 ──Next──▶ (reasons ◀─▶ comment | contact) ─Submit─▶ saving
//     ▲              │             │  ╲                                                    │
//     │              │             │   dossier (and back)              SaveFinished ok ◀───┤
//     │              └─────────────┴── Back ...                                            │
//     ├──────── after thanks_for / Finish ◀── thanks ◀──────────────────────────────────────┘
//     ├──────── Cancel ◀── save_failed (Retry ─▶ saving, same submission, same id)
//     ├─OpenLookup─▶ lookup ─SubmitLookup─▶ lookup_result (Back ─▶ lookup; Finish ─▶ idle)
//     └──────── idle timeout (warning, countdown, KeepGoing) from any screen of a session
//
// - The TT 01 screen is skipped when the survey does not ask it. The reasons screen (reasons,
//   comment, phone) comes only on the "something went wrong" path: a rating that is not
//   satisfied (methodology.md §1) or a report of harassment. Otherwise Next submits.
// - A submission is a *complaint* (the save service issues a tracking code for it) when, on that
//   path, the citizen ticked a reason, wrote a comment or left a phone number.
// - The thank-you screen comes only after the caller reports the durable save (SaveFinished).
// - "Tra cứu phản ánh": a citizen types the tracking code of an earlier complaint; the code's
//   check symbol is verified here, offline, before anything is asked of the server (effect
//   LookupRequested, answered by LookupFinished). Only the status and the reply come back.
// - A session ends (answers, language and display toggles back to the counter's defaults, so the
//   next citizen never sees the last one's answers) on Finish, when the thank-you time is over, on
//   Cancel, and when a warned idle timeout expires. session() counts sessions, so that the UI can
//   drop state of its own (an input engine, a keyboard focus) when it changes.
//
// TT 01/2018 points (methodology.md §2, api-v1.md `tt01`):
//   time     (index 1): earlier 2, on time 1, late 0
//   contacts (index 3): no extra contact 2, one 1, more than one 0
//   agencies (index 4): no other agency 2, only the one-stop desk 1, more than one 0
//   attitude (index 7): a report of harassment or irregularity 0; otherwise 2 when the result came
//     earlier than promised and 1 when on time, both rows of the table requiring "no complaint";
//     late with no complaint meets neither row and scores 0; when the time question was skipped
//     the index is not recorded (2 and 1 cannot be told apart, and a missing index must never be
//     guessed).
//
// Thread safety: none; one Flow belongs to the UI thread. Errors: none thrown; actions that make
// no sense on the current screen are ignored (a stale tap, a late save result).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hailong/kiosk/flow_types.hpp"
#include "hailong/submission.hpp"
#include "hailong/survey.hpp"

namespace hailong::kiosk {

/// Whether a screen offers "Quay lại" (its top-bar button and the Escape key go back one step).
bool has_back(Screen s);

/// The points of methodology.md §2 for the choices (see the table at the top of this file).
Tt01Answers tt01_points(const Tt01Choices& choices);

class Flow {
public:
    /// `random` must be callable; it is called once per submission. Starts idle at `now`.
    Flow(CounterConfig config, RandomSource random, const Now& now);

    /// Applies the timers up to `now` (see tick), then the action. Returns what the caller must do.
    std::vector<Effect> dispatch(const Action& action, const Now& now);
    /// A new counter configuration (the server's: department, officers, services, survey). In use
    /// at once on the idle screen, otherwise from the end of the current session, so that nothing
    /// changes under a citizen's finger. The officer and service now serving, the default language
    /// and the timeouts stay the flow's own (the admin sets them at the counter); the officer and
    /// the service are dropped when the new lists no longer have them.
    void reconfigure(CounterConfig config);
    /// Applies the timers: the idle warning, its expiry, the end of the thank-you time, the end of
    /// a PIN lockout. Call it whenever the caller wakes up.
    void tick(const Now& now);
    /// The next instant at which tick() would change something the screens show (the warning
    /// starting, each second of its countdown, an expiry), or nullopt if nothing is pending: the
    /// caller may sleep until then.
    [[nodiscard]] std::optional<std::chrono::steady_clock::time_point> next_deadline(const Now& now) const;

    [[nodiscard]] Screen screen() const { return screen_; }
    [[nodiscard]] const Answers& answers() const { return answers_; }
    [[nodiscard]] const Presentation& presentation() const { return presentation_; }
    [[nodiscard]] const std::string& lang() const { return lang_; }
    [[nodiscard]] const CounterConfig& counter() const { return counter_; }
    [[nodiscard]] const Survey& survey() const { return counter_.survey; }
    [[nodiscard]] std::uint64_t session() const { return session_; }

    /// The officer and service now serving, looked up in the configuration (nullptr if none).
    [[nodiscard]] const Officer* officer() const;
    [[nodiscard]] const Service* service() const;

    /// True while the idle warning is shown; seconds left (rounded up) for its countdown.
    [[nodiscard]] bool warning() const { return warning_; }
    [[nodiscard]] int warning_seconds_left(const Now& now) const;

    /// True on the "something went wrong" path: not satisfied, or harassment reported.
    [[nodiscard]] bool wants_reasons() const;
    /// True if the submission being built would be a complaint (see the top of this file).
    [[nodiscard]] bool is_complaint() const;
    /// The phone number typed is empty or min..max_contact_digits digits.
    [[nodiscard]] bool contact_acceptable() const;
    /// The dossier code typed is empty or a valid code.
    [[nodiscard]] bool dossier_acceptable() const;
    /// The rating values from most satisfied to least: the order of the faces on the screen.
    [[nodiscard]] std::vector<int> rating_values() const;

    /// The submission being saved or shown as saved (saving, save_failed, thanks), else nullptr.
    [[nodiscard]] const Submission* submission() const { return in_flight_ ? &*in_flight_ : nullptr; }
    /// The tracking code of the saved complaint (thanks), else nullptr.
    [[nodiscard]] const std::string* tracking_code() const;

    /// Lookup: the symbols typed (upper case, no dashes), the code in its display form once all
    /// its symbols are there and its check holds, whether the server is being asked, its answer.
    [[nodiscard]] const std::string& lookup_code() const { return lookup_code_; }
    [[nodiscard]] std::optional<std::string> lookup_code_valid() const;
    [[nodiscard]] bool lookup_pending() const { return lookup_pending_; }
    [[nodiscard]] const std::optional<ComplaintLookup>& lookup_result() const { return lookup_result_; }

    /// PIN screen: what was typed, whether a check is under way, wrong attempts, lockout.
    [[nodiscard]] const std::string& pin() const { return pin_; }
    [[nodiscard]] bool pin_checking() const { return pin_checking_; }
    [[nodiscard]] bool pin_rejected() const { return pin_rejected_; }
    [[nodiscard]] bool pin_locked(const Now& now) const;

private:
    template <class A> void on(const A&, const Now&, std::vector<Effect>&) {}
    void on(const action::Start&, const Now&, std::vector<Effect>&);
    void on(const action::SetLanguage&, const Now&, std::vector<Effect>&);
    void on(const action::Rate&, const Now&, std::vector<Effect>&);
    void on(const action::AnswerTime&, const Now&, std::vector<Effect>&);
    void on(const action::AnswerContacts&, const Now&, std::vector<Effect>&);
    void on(const action::AnswerAgencies&, const Now&, std::vector<Effect>&);
    void on(const action::AnswerHarassment&, const Now&, std::vector<Effect>&);
    void on(const action::ToggleReason&, const Now&, std::vector<Effect>&);
    void on(const action::SetComment&, const Now&, std::vector<Effect>&);
    void on(const action::SetContact&, const Now&, std::vector<Effect>&);
    void on(const action::SetDossier&, const Now&, std::vector<Effect>&);
    void on(const action::OpenComment&, const Now&, std::vector<Effect>&);
    void on(const action::OpenContact&, const Now&, std::vector<Effect>&);
    void on(const action::OpenDossier&, const Now&, std::vector<Effect>&);
    void on(const action::Done&, const Now&, std::vector<Effect>&);
    void on(const action::Next&, const Now&, std::vector<Effect>&);
    void on(const action::Back&, const Now&, std::vector<Effect>&);
    void on(const action::Cancel&, const Now&, std::vector<Effect>&);
    void on(const action::Retry&, const Now&, std::vector<Effect>&);
    void on(const action::Finish&, const Now&, std::vector<Effect>&);
    void on(const action::KeepGoing&, const Now&, std::vector<Effect>&);
    void on(const action::ToggleHighContrast&, const Now&, std::vector<Effect>&);
    void on(const action::ToggleLargeText&, const Now&, std::vector<Effect>&);
    void on(const action::ToggleSpeech&, const Now&, std::vector<Effect>&);
    void on(const action::SaveFinished&, const Now&, std::vector<Effect>&);
    void on(const action::OpenAdmin&, const Now&, std::vector<Effect>&);
    void on(const action::SetPin&, const Now&, std::vector<Effect>&);
    void on(const action::SubmitPin&, const Now&, std::vector<Effect>&);
    void on(const action::PinChecked&, const Now&, std::vector<Effect>&);
    void on(const action::SelectOfficer&, const Now&, std::vector<Effect>&);
    void on(const action::SelectService&, const Now&, std::vector<Effect>&);
    void on(const action::SetDefaultLanguage&, const Now&, std::vector<Effect>&);
    void on(const action::CloseAdmin&, const Now&, std::vector<Effect>&);
    void on(const action::Quit&, const Now&, std::vector<Effect>&);
    void on(const action::OpenLookup&, const Now&, std::vector<Effect>&);
    void on(const action::SetLookupCode&, const Now&, std::vector<Effect>&);
    void on(const action::SubmitLookup&, const Now&, std::vector<Effect>&);
    void on(const action::LookupFinished&, const Now&, std::vector<Effect>&);

    void go(Screen screen, const Now& now);
    void end_session(const Now& now);
    void apply_pending_config();
    void submit(const Now& now, std::vector<Effect>& effects);
    [[nodiscard]] Submission build_submission(const Now& now) const;
    [[nodiscard]] bool timed() const;  // the inactivity timer runs on this screen
    [[nodiscard]] bool in_session() const;
    [[nodiscard]] effect::CounterChanged counter_changed() const;

    CounterConfig counter_;
    std::optional<CounterConfig> pending_config_;  // reconfigure() during a session
    std::string lookup_code_;
    bool lookup_pending_ = false;
    std::optional<ComplaintLookup> lookup_result_;
    RandomSource random_;
    Screen screen_ = Screen::idle;
    Screen editor_return_ = Screen::tt01;  // where Done leads from the dossier editor
    Answers answers_;
    Presentation presentation_;
    std::string lang_;
    std::uint64_t session_ = 0;

    std::chrono::steady_clock::time_point last_activity_;
    bool warning_ = false;
    std::chrono::steady_clock::time_point warning_since_;
    std::chrono::steady_clock::time_point thanks_since_;

    std::optional<Submission> in_flight_;
    bool in_flight_complaint_ = false;
    std::optional<std::string> tracking_code_;

    std::string pin_;
    bool pin_checking_ = false;
    bool pin_rejected_ = false;
    int pin_failures_ = 0;
    std::optional<std::chrono::steady_clock::time_point> pin_locked_until_;
};

/// Catalogue key of the label of a rating value on a scale ("kiosk.rating.very_satisfied"...).
std::string_view rating_label_key(int scale, int value);

}  // namespace hailong::kiosk
