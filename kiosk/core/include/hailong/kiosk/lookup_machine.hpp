#pragma once
// The lookup machine: one of the three machines behind Flow (flow.hpp), "Tra cứu phản ánh". A
// citizen types the tracking code of an earlier complaint; the code's check symbol is verified
// here, offline, before anything is asked of the server (effect LookupRequested, answered by
// LookupFinished). Only the status and the reply come back. It owns the code typed, whether the
// server is being asked and its answer; the dispatcher owns the screen. A handler returns a Step
// and appends the effects.
//
//   (idle ─OpenLookup─▶) lookup ─SubmitLookup, check holds─▶ lookup_result ─LookupFinished─▶ shown
//                          │   ▲                                 │
//                          │   ├───────────── Back ◀─────────────┤ (an answer on its way is dropped;
//                          │   │                                 │  the code stays, to be corrected)
//                          │   └────────── LookupAgain ◀─────────┤ (the same, with the code cleared)
//                          └─Back─▶ (end)                        └─Finish─▶ (end)
//
// Ownership: owns its state; keeps no reference to the context after a call. Thread safety: none;
// it belongs to its Flow, on the UI thread. Errors: none thrown; actions that make no sense on
// the current screen (a late answer, an answer for another code) change nothing.

#include <optional>
#include <string>
#include <vector>

#include "hailong/kiosk/flow_types.hpp"

namespace hailong::kiosk {

class LookupMachine {
public:
    /// The screens this machine answers for: lookup and lookup_result.
    [[nodiscard]] static bool owns(Screen screen);

    /// Applies an action emitted on ctx.screen; on a screen this machine does not own, nothing.
    Step handle(const Action& action, const MachineContext& ctx, std::vector<Effect>& effects);
    /// Forgets the session: the code, the question under way, the answer.
    void reset();

    /// The symbols typed (upper case, no dashes).
    [[nodiscard]] const std::string& code() const { return code_; }
    /// The code in its display form once all its symbols are there and its check holds.
    [[nodiscard]] std::optional<std::string> code_valid() const;
    /// The server is being asked.
    [[nodiscard]] bool pending() const { return pending_; }
    /// The server's answer, once it came.
    [[nodiscard]] const std::optional<ComplaintLookup>& result() const { return result_; }

private:
    template <class A> Step on(const A&, const MachineContext&, std::vector<Effect>&) { return Step::stay(); }
    Step on(const action::SetLookupCode&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::SubmitLookup&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::LookupFinished&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::Back&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::LookupAgain&, const MachineContext&, std::vector<Effect>&);
    Step on(const action::Finish&, const MachineContext&, std::vector<Effect>&);

    std::string code_;
    bool pending_ = false;
    std::optional<ComplaintLookup> result_;
};

}  // namespace hailong::kiosk
