#pragma once
// The PIN machine: one of the three machines behind Flow (flow.hpp), the gate to the admin
// screen. It owns what was typed on the PIN pad, whether a check is under way, the count of
// wrong PINs and the lockout they bring; the dispatcher owns the screen and the counter (the
// admin screen's choice of officer, service and default language change the counter, so the
// dispatcher handles those itself). A handler returns a Step and appends the effects.
//
//   (idle ─OpenAdmin─▶) admin_pin ─SubmitPin─▶ [PinCheckRequested] ─PinChecked ok─▶ admin
//                         │   ▲                                      │
//                         │   └──────────── PinChecked not ok ◀──────┘  (pin_attempts wrong in a
//                         │                                              row: locked pin_lockout)
//                         └─Back, CloseAdmin─▶ (end)          admin ─Back, CloseAdmin─▶ (end)
//                                                             admin ─Quit─▶ asking ─ConfirmQuit exit─▶ [QuitRequested]
//                                                                             └─ConfirmQuit stay, Back─▶ admin
//
// Exiting the program leaves the counter without a kiosk until someone restarts it, so "Thoát
// chương trình" only asks (quit_asked()); the exit comes with the confirmation's answer.
//
// The PIN is never checked here: the caller checks it off the UI thread (effect
// PinCheckRequested, slow on purpose) and answers PinChecked. While a check is under way or the
// pad is locked, typing and submitting are ignored. The lockout outlives the session: leaving
// the pad and coming back does not give a fresh set of attempts.
//
// Ownership: owns its state; keeps no reference to the context after a call. Thread safety: none;
// it belongs to its Flow, on the UI thread. Errors: none thrown; actions that make no sense on
// the current screen change nothing and return Step::stay().

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "hailong/kiosk/flow_types.hpp"

namespace hailong::kiosk {

class PinMachine {
public:
    /// The screens this machine answers for: admin_pin and admin.
    [[nodiscard]] static bool owns(Screen screen);

    /// The pad is about to open (from idle): an empty pad, no rejection shown.
    void open();
    /// Applies an action emitted on ctx.screen; on a screen this machine does not own, nothing.
    Step handle(const Action& action, const MachineContext& ctx, std::vector<Effect>& effects);
    /// Ends a lockout whose time is over (on any screen).
    void tick(const Now& now);
    /// When the lockout ends, if the pad is locked.
    [[nodiscard]] std::optional<std::chrono::steady_clock::time_point> next_deadline() const { return locked_until_; }
    /// Forgets the session: what was typed, a check under way, the rejection shown, an exit being
    /// confirmed. Not the wrong attempts or the lockout.
    void reset();

    [[nodiscard]] const std::string& pin() const { return pin_; }
    [[nodiscard]] bool checking() const { return checking_; }
    [[nodiscard]] bool rejected() const { return rejected_; }
    [[nodiscard]] bool locked(const Now& now) const { return locked_until_ && now.steady < *locked_until_; }
    /// "Thoát chương trình" was tapped: the confirmation is up.
    [[nodiscard]] bool quit_asked() const { return quit_asked_; }

private:
    template <class A> Step on(const A&, const MachineContext&, std::vector<Effect>&) { return Step::stay(); }
    Step on(const action::SetPin&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::SubmitPin&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::PinChecked&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::Back&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::CloseAdmin&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::Quit&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::ConfirmQuit&, const MachineContext&, std::vector<Effect>&);

    std::string pin_;
    bool checking_ = false;
    bool rejected_ = false;
    bool quit_asked_ = false;
    int failures_ = 0;
    std::optional<std::chrono::steady_clock::time_point> locked_until_;
};

}  // namespace hailong::kiosk
