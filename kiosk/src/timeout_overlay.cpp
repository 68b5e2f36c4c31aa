// The idle warning over any screen of a session: a countdown before the session ends, "Tiếp tục"
// (the default, so Enter keeps going) and "Kết thúc". Before a face is tapped the answers would be
// discarded (at least 20 seconds to react); after it the rating is kept and the countdown says
// that what the citizen answered will be sent (flow.hpp).
#include <algorithm>
#include <numbers>

#include "screens.hpp"

namespace hailong::kiosk {

void timeout_overlay(ScreenFrame& f) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    Rect a = modal_card(f, f.px(1200), f.px(760));

    Rect footer = a.cut_bottom(f.target(120), f.px(28));
    const auto cells = footer.columns(2, f.px(28));
    if (ui.button("timeout.end", ui.t("kiosk.timeout.end"), cells[0], ButtonOptions{})) f.emit(action::Cancel{});
    ButtonOptions o;
    o.kind = ButtonKind::primary;
    o.is_default = true;
    if (ui.button("timeout.continue", ui.t("kiosk.timeout.continue"), cells[1], o)) f.emit(action::KeepGoing{});

    float th = ui.text(TextStyle::heading, ui.t("kiosk.timeout.title"), a.min(), a.w, pal.text, Align::center);
    a.cut_top(th, f.px(20));
    const int seconds = f.flow.warning_seconds_left(f.now);
    const std::string body = ui.t(Message(f.flow.rated() ? "kiosk.timeout.body_rated" : "kiosk.timeout.body",
                                          {{"seconds", std::to_string(seconds)}}));
    const float bh = ui.measure(TextStyle::body, body, a.w).y;
    const Rect bottom = a.cut_bottom(bh, f.px(20));
    ui.text(TextStyle::body, body, bottom.min(), bottom.w, pal.muted, Align::center);

    // The seconds left, in a ring that empties.
    const float r = std::min(a.h / 2, f.px(130));
    const ImVec2 c = a.center();
    const float total = static_cast<float>(f.flow.warning_total().count());
    const float pi = std::numbers::pi_v<float>;
    ui.draw()->AddCircle(c, r, pal.secondary, 64, f.px(16));
    const float frac = std::clamp(static_cast<float>(seconds) / std::max(total, 1.0f), 0.0f, 1.0f);
    ui.draw()->PathArcTo(c, r, -pi / 2, -pi / 2 + 2 * pi * frac, 64);
    ui.draw()->PathStroke(pal.primary, 0, f.px(16));
    const std::string n = std::to_string(seconds);
    const ImVec2 ns = ui.measure(TextStyle::huge, n, 0);
    ui.text(TextStyle::huge, n, {c.x - ns.x / 2, c.y - ns.y / 2}, ns.x + 1, pal.text);
}

}  // namespace hailong::kiosk
