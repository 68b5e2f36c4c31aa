// A phone number for a call-back, on a digit pad (or the keypad's digits).
#include <algorithm>

#include "screens.hpp"

namespace hailong::kiosk {

void contact_screen(ScreenFrame& f) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    Rect a = f.area.inset(f.px(48), f.px(28));
    a = screen_title(f, a, ui.t("kiosk.contact.title"), ui.t("kiosk.contact.hint"));
    const std::string& digits = f.flow.answers().contact;

    Rect left = a, right = a;
    if (!ui.m().portrait) {
        left = a.cut_left(a.w * 0.5f, f.px(40));
        right = a;
    } else {
        left = a.cut_top(f.target(130) + f.px(90), f.px(24));
        right = a;
    }
    const Rect box = left.cut_top(f.target(130), f.px(16));
    entry_box(f, box.centered(std::min(box.w, f.px(760)), box.h), group_digits(digits), ui.t("kiosk.contact.placeholder"));
    if (!digits.empty() && !f.flow.contact_acceptable())
        ui.text(TextStyle::body, ui.t(Message("kiosk.contact.length", {{"min", std::to_string(min_contact_digits)}, {"max", std::to_string(max_contact_digits)}})),
                left.min(), left.w, pal.danger, Align::center);

    const auto type = [&](int code) {
        if (code >= 0 && code <= 9 && digits.size() < max_contact_digits)
            f.emit(action::SetContact{digits + static_cast<char>('0' + code)});
        else if (code == pad_delete && !digits.empty())
            f.emit(action::SetContact{digits.substr(0, digits.size() - 1)});
        else if (code == pad_done)
            f.emit(action::Done{});
    };
    type(digit_pad(f, right, "pad", ui.t("kiosk.common.done"), f.flow.contact_acceptable()));
    if (f.keys.digit >= 0) type(f.keys.digit);
    if (f.keys.backspace) type(pad_delete);
}

}  // namespace hailong::kiosk
