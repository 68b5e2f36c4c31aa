#include "hailong/kiosk/sign_in_machine.hpp"

#include <algorithm>

#include "hailong/kiosk/staff_credentials.hpp"

namespace hailong::kiosk {

namespace {

constexpr std::size_t max_filter_bytes = 64;

const Officer* find_officer(const CounterConfig& counter, const std::string& code) {
    for (const Officer& o : counter.officers)
        if (o.code == code) return &o;
    return nullptr;
}

}  // namespace

bool SignInMachine::owns(Screen screen) { return screen == Screen::sign_in || screen == Screen::sign_in_pin; }

Step SignInMachine::handle(const Action& action, const MachineContext& ctx, std::vector<Effect>& effects) {
    if (!owns(ctx.screen)) return Step::stay();
    return std::visit([&](const auto& a) { return on(a, ctx, effects); }, action);
}

void SignInMachine::reset() {
    filter_.clear();
    chosen_.reset();
    pin_.clear();
    checking_ = false;
    rejected_ = false;
}

void SignInMachine::tick(const Now& now) {
    if (locked_until_ && now.steady >= *locked_until_) {
        locked_until_.reset();
        wrong_ = 0;
    }
}

std::optional<std::chrono::steady_clock::time_point> SignInMachine::next_deadline() const { return locked_until_; }

std::vector<const Officer*> SignInMachine::matches(const CounterConfig& counter) const {
    std::vector<const Officer*> out;
    for (const Officer& o : counter.officers)
        if (!o.pin_hash.empty() && name_matches(o.name, filter_)) out.push_back(&o);
    return out;
}

Step SignInMachine::on(const action::SetSignInFilter& a, const MachineContext& ctx, std::vector<Effect>&) {
    if (ctx.screen == Screen::sign_in && a.text.size() <= max_filter_bytes) filter_ = a.text;
    return Step::stay();
}

Step SignInMachine::on(const action::ChooseOfficer& a, const MachineContext& ctx, std::vector<Effect>&) {
    if (ctx.screen != Screen::sign_in) return Step::stay();
    const Officer* officer = find_officer(ctx.counter, a.code);
    if (!officer || officer->pin_hash.empty()) return Step::stay();
    chosen_ = officer->code;
    pin_.clear();
    rejected_ = false;
    return Step::go(Screen::sign_in_pin);
}

Step SignInMachine::on(const action::SetPin& a, const MachineContext& ctx, std::vector<Effect>&) {
    if (ctx.screen != Screen::sign_in_pin || checking_ || locked(ctx.now)) return Step::stay();
    if (a.digits.size() > max_pin_digits ||
        !std::all_of(a.digits.begin(), a.digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return Step::stay();
    pin_ = a.digits;
    rejected_ = false;
    return Step::stay();
}

Step SignInMachine::on(const action::SubmitPin&, const MachineContext& ctx, std::vector<Effect>& effects) {
    if (ctx.screen != Screen::sign_in_pin || checking_ || locked(ctx.now) || pin_.empty() || !chosen_) return Step::stay();
    const Officer* officer = find_officer(ctx.counter, *chosen_);
    if (!officer || officer->pin_hash.empty()) return Step::stay();
    checking_ = true;
    effects.emplace_back(effect::CredentialCheckRequested{officer->code, pin_, officer->pin_hash});
    return Step::stay();
}

Step SignInMachine::on(const action::Back&, const MachineContext& ctx, std::vector<Effect>&) {
    if (ctx.screen == Screen::sign_in) return Step::end_session();
    chosen_.reset();
    pin_.clear();
    checking_ = false;  // an answer still on its way is dropped (checked() compares)
    rejected_ = false;
    return Step::go(Screen::sign_in);
}

bool SignInMachine::checked(const action::CredentialChecked& a, const MachineContext& ctx) {
    if (ctx.screen != Screen::sign_in_pin || !checking_ || chosen_ != a.officer) return false;
    checking_ = false;
    pin_.clear();
    if (a.ok) {
        wrong_ = 0;
        return true;
    }
    rejected_ = true;
    if (++wrong_ >= ctx.counter.timeouts.sign_in_attempts) locked_until_ = ctx.now.steady + ctx.counter.timeouts.sign_in_lockout;
    return false;
}

}  // namespace hailong::kiosk
