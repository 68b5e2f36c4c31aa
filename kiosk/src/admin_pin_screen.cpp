// The admin PIN pad, behind the hidden gesture. The PIN is checked off the UI thread (argon2id is
// slow on purpose); three wrong PINs lock the pad for a minute.
#include <algorithm>
#include <chrono>

#include "screens.hpp"

namespace hailong::kiosk {

void admin_pin_screen(ScreenFrame& f) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    Rect a = f.area.inset(f.px(48), f.px(28));
    a = screen_title(f, a, ui.t("kiosk.admin.pin_title"), ui.t("kiosk.admin.pin_hint"));
    const std::string& pin = f.flow.pin();
    const bool locked = f.flow.pin_locked(f.now);

    // The digits typed, as dots.
    const Rect box = a.cut_top(f.target(110), f.px(12)).centered(std::min(a.w, f.px(640)), f.target(110));
    ui.fill(box, pal.surface, f.px(14));
    ui.frame(box, pal.outline, std::max(2.0f, 2 * ui.m().unit), f.px(14));
    const float dot = f.px(16);
    const float step = dot * 3;
    const float x0 = box.center().x - step * static_cast<float>(pin.size() - (pin.empty() ? 0 : 1)) / 2;
    for (std::size_t i = 0; i < pin.size(); ++i)
        ui.draw()->AddCircleFilled({x0 + step * static_cast<float>(i), box.center().y}, dot, pal.text, 24);

    std::string message;
    ImU32 colour = pal.muted;
    if (!f.state.pin_configured) {
        message = ui.t("kiosk.admin.pin_missing");
        colour = pal.danger;
    } else if (locked) {
        message = ui.t("kiosk.admin.pin_locked");
        colour = pal.danger;
    } else if (f.flow.pin_checking()) {
        message = ui.t("kiosk.admin.pin_checking");
    } else if (f.flow.pin_rejected()) {
        message = ui.t("kiosk.admin.pin_wrong");
        colour = pal.danger;
    }
    const float mh = ui.font_size(TextStyle::body) * 2.4f;
    const Rect line = a.cut_top(mh, f.px(12));
    if (!message.empty()) ui.text_in(TextStyle::body, message, line, colour, Align::center);

    const bool usable = f.state.pin_configured && !locked && !f.flow.pin_checking();
    const auto type = [&](int code) {
        if (!usable) return;
        if (code >= 0 && code <= 9 && pin.size() < max_pin_digits)
            f.emit(action::SetPin{pin + static_cast<char>('0' + code)});
        else if (code == pad_delete && !pin.empty())
            f.emit(action::SetPin{pin.substr(0, pin.size() - 1)});
        else if (code == pad_done)
            f.emit(action::SubmitPin{});
    };
    type(digit_pad(f, a, "pin", ui.t("kiosk.common.ok"), usable && !pin.empty()));
    if (f.keys.digit >= 0) type(f.keys.digit);
    if (f.keys.backspace) type(pad_delete);
}

}  // namespace hailong::kiosk
