#include "hailong/kiosk/pin_machine.hpp"

#include <algorithm>
#include <string_view>

namespace hailong::kiosk {

namespace {

bool all_digits(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

bool PinMachine::owns(Screen screen) { return screen == Screen::admin_pin || screen == Screen::admin; }

void PinMachine::open() {
    pin_.clear();
    rejected_ = false;
}

Step PinMachine::handle(const Action& action, const MachineContext& ctx, std::vector<Effect>& effects) {
    if (!owns(ctx.screen)) return Step::stay();
    return std::visit([&](const auto& a) { return on(a, ctx, effects); }, action);
}

void PinMachine::tick(const Now& now) {
    if (locked_until_ && now.steady >= *locked_until_) {
        locked_until_.reset();
        failures_ = 0;
    }
}

void PinMachine::reset() {
    pin_.clear();
    checking_ = false;
    rejected_ = false;
    quit_asked_ = false;
}

Step PinMachine::on(const action::SetPin& a, const MachineContext& ctx, std::vector<Effect>&) {
    if (ctx.screen != Screen::admin_pin || checking_ || locked(ctx.now)) return Step::stay();
    if (all_digits(a.digits) && a.digits.size() <= max_pin_digits) pin_ = a.digits;
    return Step::stay();
}

Step PinMachine::on(const action::SubmitPin&, const MachineContext& ctx, std::vector<Effect>& effects) {
    if (ctx.screen != Screen::admin_pin || checking_ || locked(ctx.now) || pin_.empty()) return Step::stay();
    checking_ = true;
    rejected_ = false;
    effects.emplace_back(effect::PinCheckRequested{pin_});
    return Step::stay();
}

Step PinMachine::on(const action::PinChecked& a, const MachineContext& ctx, std::vector<Effect>&) {
    if (ctx.screen != Screen::admin_pin || !checking_) return Step::stay();
    checking_ = false;
    pin_.clear();
    if (a.ok) {
        failures_ = 0;
        return Step::go(Screen::admin);
    }
    rejected_ = true;
    const FlowTimeouts& t = ctx.counter.timeouts;
    if (++failures_ >= t.pin_attempts) locked_until_ = ctx.now.steady + t.pin_lockout;
    return Step::stay();
}

Step PinMachine::on(const action::Back&, const MachineContext&, std::vector<Effect>&) {
    if (quit_asked_) {  // Back (or Escape) on the confirmation stays on the admin screen
        quit_asked_ = false;
        return Step::stay();
    }
    return Step::end_session();
}

Step PinMachine::on(const action::CloseAdmin&, const MachineContext&, std::vector<Effect>&) { return Step::end_session(); }

Step PinMachine::on(const action::Quit&, const MachineContext& ctx, std::vector<Effect>&) {
    if (ctx.screen == Screen::admin) quit_asked_ = true;
    return Step::stay();
}

Step PinMachine::on(const action::ConfirmQuit& a, const MachineContext& ctx, std::vector<Effect>& effects) {
    if (ctx.screen != Screen::admin || !quit_asked_) return Step::stay();
    quit_asked_ = false;
    if (a.exit) effects.emplace_back(effect::QuitRequested{});
    return Step::stay();
}

}  // namespace hailong::kiosk
