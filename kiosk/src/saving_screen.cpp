// While the save service commits the submission: a turning arc. Nothing to press; the thank-you
// screen follows only once the commit is reported.
#include <chrono>
#include <numbers>

#include "screens.hpp"

namespace hailong::kiosk {

void saving_screen(ScreenFrame& f) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    const Rect a = f.area.inset(f.px(48));
    const ImVec2 c{a.center().x, a.y + a.h * 0.38f};
    const float r = f.px(80);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(f.now.steady.time_since_epoch()).count() % 1200;
    const float pi = std::numbers::pi_v<float>;
    const float start = static_cast<float>(ms) / 1200.0f * 2 * pi;
    ui.draw()->AddCircle(c, r, pal.secondary, 64, f.px(14));
    ui.draw()->PathArcTo(c, r, start, start + 1.3f * pi, 48);
    ui.draw()->PathStroke(pal.primary, 0, f.px(14));
    ui.text(TextStyle::heading, ui.t("kiosk.saving.title"), {a.x, c.y + r + f.px(50)}, a.w, pal.text, Align::center);
}

}  // namespace hailong::kiosk
