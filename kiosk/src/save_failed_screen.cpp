// The save service failed: nothing was stored, so there is no thank-you. The citizen may try
// again (the same submission, the same id) or leave; staff are asked to look.
#include <algorithm>

#include "screens.hpp"

namespace hailong::kiosk {

void save_failed_screen(ScreenFrame& f) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    Rect a = f.area.inset(f.px(48), f.px(40));
    Rect footer = a.cut_bottom(f.target(120), f.px(24));
    const Rect buttons = footer.centered(std::min(footer.w, f.px(1100)), footer.h);
    const auto cells = buttons.columns(2, f.px(28));
    if (ui.button("cancel", ui.t("kiosk.save_failed.cancel"), cells[0], ButtonOptions{})) f.emit(action::Cancel{});
    ButtonOptions o;
    o.kind = ButtonKind::primary;
    o.is_default = true;
    if (ui.button("retry", ui.t("kiosk.save_failed.retry"), cells[1], o)) f.emit(action::Retry{});

    const float r = f.px(80);
    const ImVec2 c{a.center().x, a.y + r + f.px(20)};
    ui.draw()->AddCircleFilled(c, r, pal.danger, 48);
    const ImU32 ink = pal.background == rgba(0, 0, 0) ? rgba(0, 0, 0) : rgba(255, 255, 255);
    ui.draw()->AddRectFilled({c.x - r * 0.09f, c.y - r * 0.55f}, {c.x + r * 0.09f, c.y + r * 0.15f}, ink, r * 0.05f);
    ui.draw()->AddCircleFilled({c.x, c.y + r * 0.45f}, r * 0.11f, ink, 20);
    a.cut_top(2 * r + f.px(20), f.px(36));
    const float h = ui.text(TextStyle::title, ui.t("kiosk.save_failed.title"), a.min(), a.w, pal.text, Align::center);
    a.cut_top(h, f.px(20));
    const Rect body = a.centered(std::min(a.w, f.px(1300)), a.h);
    ui.text(TextStyle::body, ui.t("kiosk.save_failed.body"), body.min(), body.w, pal.muted, Align::center);
}

}  // namespace hailong::kiosk
