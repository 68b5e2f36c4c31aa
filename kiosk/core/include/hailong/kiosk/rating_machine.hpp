#pragma once
// The rating machine: one of the three machines behind Flow (flow.hpp), the one a citizen walks
// through from the faces to the thank-you screen. It owns the answers of the session, the
// submission being saved and its tracking code; the dispatcher owns the screen, the counter, the
// language and the timers, and hands what the machine may read in a MachineContext. A handler
// returns a Step (stay, go to a screen, end the session) and appends the effects to carry out.
//
//   rating ─Rate─▶ tt01 ─Next─▶ reasons ─Next─▶ saving ─SaveFinished ok─▶ thanks ─Finish, time─▶ (end)
//     │             │  │          │   ▲            │
//     │             │  │          ▼   │ Done/Back  └─SaveFinished not ok─▶ save_failed ─Retry─▶ saving
//     │             │  │   comment | contact
//     │             │  └─Next, nothing went wrong─▶ saving
//     │             └─OpenDossier─▶ dossier ─Done/Back─▶ where it was opened (tt01 or reasons)
//     └─Back─▶ (end); Back from tt01 or reasons goes one screen up
//
// - The TT 01 screen is skipped when the survey does not ask it. The reasons screen (reasons,
//   comment, phone) comes only on the "something went wrong" path: a rating that is not
//   satisfied (methodology.md §1) or a report of harassment. Otherwise Next submits.
// - The face tap *is* the rating (as a one-press terminal counts it): it fixes the submission's
//   id and created_at and asks for it to be kept in the outbox at once, open (effect KeepOpen).
//   What the citizen adds after it (another face, TT 01 answers, the dossier code, reasons, a
//   comment, a phone number) is kept again under the same id when it changes, typing when its
//   editor is left rather than at every letter. The submission is saved complete, to be
//   forwarded, at "Gửi" (Next that submits: SaveRequested, then the saving screen) or, when the
//   session ends any other way, as it stands (end(): SaveRequested with no answer awaited). So a
//   citizen who taps a face and walks away is counted, once.
// - The officer a rating names is the one serving at the face tap (on a sign-in counter: the
//   one signed in, or nobody), fixed with the id: a sign-out later in the session changes nothing.
// - A dossier code given (typed and left with "Xong", or scanned: Scanned on rating, tt01 or
//   dossier) is asked about (effect DossierCheckRequested, answered by DossierChecked). When the
//   server knows the dossier, the rating carries its stage (filing or collection) instead of the
//   counter's; unknown, or no answer before the rating is sent: the counter's stage, if any.
// - A submission is a *complaint* (the save service issues a tracking code for it) when, on that
//   path, the citizen ticked a reason, wrote a comment or left a phone number, and sent it with
//   "Gửi": the code is shown on the thank-you screen, so only a save the citizen waits for asks
//   for one. A session that ends otherwise keeps its reasons, comment and phone without a code.
// - The thank-you screen comes only after the caller reports the durable save (SaveFinished), so
//   a tracking code is in the outbox before it is shown. Retry saves the same submission, with
//   the same id.
//
// TT 01/2018 points (methodology.md §2, api-v1.md `tt01`):
//   time     (index 1): earlier 2, on time 1, late 0
//   contacts (index 3): no extra contact 2, one 1, more than one 0
//   agencies (index 4): no other agency 2, only the one-stop desk 1, more than one 0
//   attitude (index 7): a report of harassment or irregularity 0; otherwise 2 when the result came
//     earlier than promised and 1 when on time, both rows of the table requiring "no complaint";
//     late with no complaint meets neither row and is not scored here: the server scores it by
//     its named policy (`--late-no-complaint`, default 0) and says so beside the figure; when the
//     time question was skipped the index is not recorded (2 and 1 cannot be told apart, and a
//     missing index must never be guessed).
//   The harassment answer itself is sent as `harassment` (true or false; absent when skipped):
//     only it marks a harassment report, never the index 7 points.
//
// Ownership: owns its random source and its state; keeps no reference to the context after a
// call. Thread safety: none; it belongs to its Flow, on the UI thread. Errors: none thrown;
// actions that make no sense on the current screen change nothing and return Step::stay().

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hailong/kiosk/flow_types.hpp"
#include "hailong/submission.hpp"

namespace hailong::kiosk {

/// The points of methodology.md §2 for the choices (see the table at the top of this file).
Tt01Answers tt01_points(const Tt01Choices& choices);

/// Catalogue key of the label of a rating value on a scale ("kiosk.rating.very_satisfied"...).
std::string_view rating_label_key(int scale, int value);

class RatingMachine {
public:
    /// `random` must be callable; it is called once per submission built.
    explicit RatingMachine(RandomSource random);

    /// The screens this machine answers for: rating to save_failed.
    [[nodiscard]] static bool owns(Screen screen);

    /// Applies an action emitted on ctx.screen; on a screen this machine does not own, nothing.
    /// Appends KeepOpen when the rated submission changed (see the top of this file).
    Step handle(const Action& action, const MachineContext& ctx, std::vector<Effect>& effects);
    /// The session ends (on whatever screen): a rating not yet saved complete is saved as it
    /// stands (SaveRequested, no tracking code). Call before reset().
    void end(const MachineContext& ctx, std::vector<Effect>& effects);
    /// The thank-you time: Step::end_session() once it is over.
    [[nodiscard]] Step tick(const MachineContext& ctx) const;
    /// When the thank-you time ends, if the kiosk shows it.
    [[nodiscard]] std::optional<std::chrono::steady_clock::time_point> next_deadline(const MachineContext& ctx) const;
    /// Forgets the session: answers, the submission, its tracking code (call end() first).
    void reset();

    [[nodiscard]] const Answers& answers() const { return answers_; }
    /// A face was tapped in this session: the rating is kept, and will be sent however it ends.
    [[nodiscard]] bool rated() const { return rated_.has_value(); }
    /// True on the "something went wrong" path: not satisfied, or harassment reported.
    [[nodiscard]] bool wants_reasons(const Survey& survey) const;
    /// True if the submission being built would be a complaint (see the top of this file).
    [[nodiscard]] bool is_complaint(const Survey& survey) const;
    /// The phone number typed is empty or min..max_contact_digits digits.
    [[nodiscard]] bool contact_acceptable() const;
    /// The dossier code typed is empty or a valid code.
    [[nodiscard]] bool dossier_acceptable() const;
    /// The submission being saved or shown as saved, else nullptr.
    [[nodiscard]] const Submission* submission() const { return in_flight_ ? &*in_flight_ : nullptr; }
    /// What the server said of the dossier code given (nullopt: not asked, or no answer yet).
    [[nodiscard]] const std::optional<DossierInfo>& dossier_info() const { return dossier_info_; }
    /// The server is being asked about the dossier code given.
    [[nodiscard]] bool dossier_checking() const {
        return asked_dossier_ && !dossier_info_ && *asked_dossier_ == answers_.dossier;
    }
    /// The tracking code the save service issued, else nullptr.
    [[nodiscard]] const std::string* tracking_code() const { return tracking_code_ ? &*tracking_code_ : nullptr; }

private:
    template <class A> Step on(const A&, const MachineContext&, std::vector<Effect>&) { return Step::stay(); }
    Step on(const action::Rate&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::AnswerTime&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::AnswerContacts&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::AnswerAgencies&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::AnswerHarassment&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::ToggleReason&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::SetComment&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::SetContact&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::SetDossier&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::OpenComment&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::OpenContact&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::OpenDossier&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::Done&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::Next&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::Back&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::Retry&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::Finish&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::SaveFinished&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::Scanned&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::DossierChecked&, const MachineContext&, std::vector<Effect>&);
    void ask_about_dossier(std::vector<Effect>& effects);

    Step submit(const MachineContext& ctx, std::vector<Effect>& effects);
    void keep(const MachineContext& ctx, const Step& step, std::vector<Effect>& effects);
    [[nodiscard]] Submission build_submission(const MachineContext& ctx) const;
    [[nodiscard]] std::chrono::seconds thanks_time(const CounterConfig& counter) const;

    // What the face tap fixed: the submission's id and when the citizen rated.
    struct Rated {
        Uuid id;
        Timestamp created_at;
        std::optional<std::string> officer;  // serving (or signed in) at the face tap
    };

    RandomSource random_;
    Answers answers_;
    Screen editor_return_ = Screen::tt01;  // where Done leads from the dossier editor
    std::optional<Rated> rated_;
    std::optional<Submission> kept_;  // the last one asked to be kept (KeepOpen) or saved
    bool saved_ = false;              // SaveFinished ok: saved complete, nothing left to send
    std::optional<Submission> in_flight_;
    bool in_flight_complaint_ = false;
    std::optional<std::string> tracking_code_;
    std::chrono::steady_clock::time_point thanks_since_;
    std::optional<std::string> asked_dossier_;  // the code last asked about (DossierCheckRequested)
    std::optional<DossierInfo> dossier_info_;   // the server's answer for answers_.dossier
};

}  // namespace hailong::kiosk
