// Tests of the PIN machine on its own (kiosk/core/include/hailong/kiosk/pin_machine.hpp): what
// flow_test.cpp cannot see through the Flow, that wrong attempts and the lockout belong to the
// kiosk and not to one visit to the pad, and that the machine acts only on its own screens.
#include "hailong/kiosk/pin_machine.hpp"

#include <catch2/catch.hpp>

using namespace hailong;
using namespace hailong::kiosk;
using namespace std::chrono_literals;

namespace {

struct Pad {
    PinMachine pin;
    CounterConfig counter;  // pin_attempts 3, pin_lockout 60 s
    std::string lang = "vi";
    Now now{std::chrono::steady_clock::time_point(1000h), Instant{}};

    Step act(Screen screen, const Action& action, std::vector<Effect>* effects = nullptr) {
        std::vector<Effect> ignored;
        return pin.handle(action, MachineContext{screen, now, counter, lang}, effects ? *effects : ignored);
    }
    // Types a PIN, submits it and answers the check with `ok`.
    Step attempt(bool ok) {
        act(Screen::admin_pin, action::SetPin{"1234"});
        std::vector<Effect> effects;
        act(Screen::admin_pin, action::SubmitPin{}, &effects);
        REQUIRE(effects.size() == 1);
        return act(Screen::admin_pin, action::PinChecked{ok});
    }
    // The citizen or the officer walks away: the session ends, the pad is opened again later.
    void leave_and_come_back() {
        pin.reset();
        now.steady += 5s;
        pin.tick(now);
        pin.open();
    }
};

bool same(const Step& a, const Step& b) { return a.kind == b.kind && (a.kind != Step::Kind::go || a.to == b.to); }

}  // namespace

TEST_CASE("pin machine: wrong PINs count across visits to the pad, and the lockout outlives leaving it", "[pin_machine]") {
    Pad p;
    CHECK(same(p.attempt(false), Step::stay()));
    CHECK(p.pin.rejected());
    p.leave_and_come_back();
    CHECK_FALSE(p.pin.rejected());  // a fresh pad shows no old rejection...
    CHECK(same(p.attempt(false), Step::stay()));
    p.leave_and_come_back();
    CHECK_FALSE(p.pin.locked(p.now));
    CHECK(same(p.attempt(false), Step::stay()));  // ...but the third wrong PIN in a row locks it
    CHECK(p.pin.locked(p.now));
    REQUIRE(p.pin.next_deadline() == p.now.steady + 60s);

    p.leave_and_come_back();
    CHECK(p.pin.locked(p.now));
    p.act(Screen::admin_pin, action::SetPin{"1234"});
    CHECK(p.pin.pin().empty());
    std::vector<Effect> effects;
    p.act(Screen::admin_pin, action::SubmitPin{}, &effects);
    CHECK(effects.empty());

    p.now.steady += 55s;  // 60 s after the third wrong PIN
    p.pin.tick(p.now);
    CHECK_FALSE(p.pin.locked(p.now));
    CHECK_FALSE(p.pin.next_deadline().has_value());
    CHECK(same(p.attempt(false), Step::stay()));  // the count started again
    CHECK_FALSE(p.pin.locked(p.now));
    CHECK(same(p.attempt(true), Step::go(Screen::admin)));
}

TEST_CASE("pin machine: it answers only on the pad and the admin screen", "[pin_machine]") {
    Pad p;
    CHECK(same(p.act(Screen::admin_pin, action::Back{}), Step::end_session()));
    CHECK(same(p.act(Screen::admin, action::Back{}), Step::end_session()));
    CHECK(same(p.act(Screen::admin, action::CloseAdmin{}), Step::end_session()));
    CHECK(same(p.act(Screen::rating, action::Back{}), Step::stay()));
    CHECK(same(p.act(Screen::idle, action::CloseAdmin{}), Step::stay()));

    p.act(Screen::rating, action::SetPin{"1234"});
    CHECK(p.pin.pin().empty());

    std::vector<Effect> effects;
    p.act(Screen::admin_pin, action::Quit{}, &effects);
    p.act(Screen::admin_pin, action::ConfirmQuit{true}, &effects);
    CHECK(effects.empty());  // quitting needs the PIN first
    CHECK_FALSE(p.pin.quit_asked());
    p.act(Screen::admin, action::ConfirmQuit{true}, &effects);
    CHECK(effects.empty());  // an answer to a question nobody asked
    // "Thoát chương trình" only asks; staying answers it; Back (Escape) answers it too, without
    // leaving the admin screen.
    p.act(Screen::admin, action::Quit{}, &effects);
    CHECK(p.pin.quit_asked());
    CHECK(effects.empty());
    p.act(Screen::admin, action::ConfirmQuit{false}, &effects);
    CHECK_FALSE(p.pin.quit_asked());
    p.act(Screen::admin, action::Quit{});
    CHECK(same(p.act(Screen::admin, action::Back{}), Step::stay()));
    CHECK_FALSE(p.pin.quit_asked());
    // Asked and confirmed: the program exits.
    p.act(Screen::admin, action::Quit{});
    p.act(Screen::admin, action::ConfirmQuit{true}, &effects);
    REQUIRE(effects.size() == 1);
    CHECK(std::holds_alternative<effect::QuitRequested>(effects[0]));
    CHECK_FALSE(p.pin.quit_asked());

    // A check's answer that nobody asked for opens nothing.
    CHECK(same(p.act(Screen::admin_pin, action::PinChecked{true}), Step::stay()));
}
