#include "hailong/kiosk/lookup_machine.hpp"

#include "hailong/tracking_code.hpp"

namespace hailong::kiosk {

bool LookupMachine::owns(Screen screen) { return screen == Screen::lookup || screen == Screen::lookup_result; }

Step LookupMachine::handle(const Action& action, const MachineContext& ctx, std::vector<Effect>& effects) {
    if (!owns(ctx.screen)) return Step::stay();
    return std::visit([&](const auto& a) { return on(a, ctx, effects); }, action);
}

void LookupMachine::reset() {
    code_.clear();
    pending_ = false;
    result_.reset();
}

std::optional<std::string> LookupMachine::code_valid() const { return tracking_code::normalise(code_); }

Step LookupMachine::on(const action::SetLookupCode& a, const MachineContext& ctx, std::vector<Effect>&) {
    if (ctx.screen != Screen::lookup) return Step::stay();
    std::string code;
    for (char c : a.code) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) code += c;
    }
    if (code.size() <= tracking_code_symbols) code_ = code;
    return Step::stay();
}

Step LookupMachine::on(const action::SubmitLookup&, const MachineContext& ctx, std::vector<Effect>& effects) {
    if (ctx.screen != Screen::lookup) return Step::stay();
    const auto code = code_valid();
    if (!code) return Step::stay();
    pending_ = true;
    result_.reset();
    effects.emplace_back(effect::LookupRequested{*code});
    return Step::go(Screen::lookup_result);
}

Step LookupMachine::on(const action::LookupFinished& a, const MachineContext& ctx, std::vector<Effect>&) {
    if (ctx.screen != Screen::lookup_result || !pending_ || code_valid() != a.code) return Step::stay();
    pending_ = false;
    result_ = a.result;
    return Step::stay();
}

Step LookupMachine::on(const action::Back&, const MachineContext& ctx, std::vector<Effect>&) {
    if (ctx.screen == Screen::lookup) return Step::end_session();
    pending_ = false;  // an answer still on its way is dropped (LookupFinished checks)
    result_.reset();
    return Step::go(Screen::lookup);
}

Step LookupMachine::on(const action::LookupAgain&, const MachineContext& ctx, std::vector<Effect>&) {
    if (ctx.screen != Screen::lookup_result) return Step::stay();
    // "Tra mã khác" is a new code: the old one would have to be deleted symbol by symbol.
    reset();
    return Step::go(Screen::lookup);
}

Step LookupMachine::on(const action::Finish&, const MachineContext& ctx, std::vector<Effect>&) {
    return ctx.screen == Screen::lookup_result ? Step::end_session() : Step::stay();
}

}  // namespace hailong::kiosk
