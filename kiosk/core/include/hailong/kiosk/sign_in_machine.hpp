#pragma once
// The sign-in machine: one of the machines behind Flow (flow.hpp), the way an officer without a
// card signs the counter in: their name, then their personal PIN. It owns the search typed, the
// officer chosen, the PIN typed, whether a check is under way, and the wrong PINs with the short
// lockout they bring; the dispatcher owns the screen and who is on duty (it signs the officer in
// when CredentialChecked says ok).
//
//   (idle ─OpenSignIn─▶) sign_in ─ChooseOfficer (has a PIN)─▶ sign_in_pin ─SubmitPin─▶
//                          │  ▲                                  │   [CredentialCheckRequested]
//                          │  └──────────── Back ◀───────────────┤   ─CredentialChecked ok─▶ (end,
//                          └─Back─▶ (end)                        │      Flow signs them in)
//                                                                └── not ok: stays, "Mã PIN không
//                                                                    đúng"; sign_in_attempts wrong
//                                                                    in a row: locked sign_in_lockout
//
// The PIN is never checked here (argon2id is slow on purpose): the caller checks it off the UI
// thread. While a check is under way or the pad is locked, typing and submitting are ignored.
// The lockout outlives the session, like the admin PIN's: leaving and coming back gives no fresh
// attempts. A staff card needs none of this: Flow handles a scanned card itself.
//
// Ownership: owns its state. Thread safety: none; it belongs to its Flow, on the UI thread.
// Errors: none thrown; actions that make no sense on the current screen change nothing.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "hailong/kiosk/flow_types.hpp"

namespace hailong::kiosk {

class SignInMachine {
public:
    /// The screens this machine answers for: sign_in and sign_in_pin.
    [[nodiscard]] static bool owns(Screen screen);

    /// Applies an action emitted on ctx.screen; on a screen this machine does not own, nothing.
    Step handle(const Action& action, const MachineContext& ctx, std::vector<Effect>& effects);
    /// The caller's answer for `officer`: true when it is the PIN this machine asked about and it
    /// was right (the dispatcher then signs them in and ends the session). A wrong one counts.
    bool checked(const action::CredentialChecked& answer, const MachineContext& ctx);
    /// Clears the lockout once its time is over.
    void tick(const Now& now);
    [[nodiscard]] std::optional<std::chrono::steady_clock::time_point> next_deadline() const;
    /// Forgets the session (search, choice, PIN typed); the wrong-PIN count and lockout stay.
    void reset();

    /// The officers of `counter` whose name matches the search, in the counter's order; only
    /// those who can sign in with a PIN.
    [[nodiscard]] std::vector<const Officer*> matches(const CounterConfig& counter) const;
    [[nodiscard]] const std::string& filter() const { return filter_; }
    [[nodiscard]] const std::optional<std::string>& chosen() const { return chosen_; }
    [[nodiscard]] const std::string& pin() const { return pin_; }
    [[nodiscard]] bool checking() const { return checking_; }
    [[nodiscard]] bool rejected() const { return rejected_; }
    [[nodiscard]] bool locked(const Now& now) const { return locked_until_ && now.steady < *locked_until_; }

private:
    template <class A> Step on(const A&, const MachineContext&, std::vector<Effect>&) { return Step::stay(); }
    Step on(const action::SetSignInFilter&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::ChooseOfficer&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::SetPin&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::SubmitPin&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::Back&, const MachineContext&, std::vector<Effect>&);

    std::string filter_;
    std::optional<std::string> chosen_;
    std::string pin_;
    bool checking_ = false;
    bool rejected_ = false;
    int wrong_ = 0;
    std::optional<std::chrono::steady_clock::time_point> locked_until_;
};

}  // namespace hailong::kiosk
