// Thanks, shown only after the save service reported the durable commit. For a complaint, the
// tracking code, large and in groups, to note down, and beside it the QR code of its lookup link
// for a phone; the agency's hotline; how the receipt's printing went.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "screens.hpp"

namespace hailong::kiosk {

namespace {

// "K7M-4XQ2-P" -> {"K7M", "4XQ2", "P"}; a code without separators in groups of four.
std::vector<std::string> code_groups(const std::string& code) {
    std::vector<std::string> groups(1);
    for (const char c : code) {
        if (c == '-' || c == ' ') {
            if (!groups.back().empty()) groups.emplace_back();
        } else {
            groups.back() += c;
        }
    }
    if (groups.size() == 1 && groups[0].size() > 5) {
        std::vector<std::string> split;
        for (std::size_t i = 0; i < groups[0].size(); i += 4) split.push_back(groups[0].substr(i, 4));
        return split;
    }
    return groups;
}

// The QR code's side, quiet zone included: whole pixels a module (no blurred edges) and at least
// 38 mm at the display's density, so that a phone held at arm's length reads it (35 mm is the
// least asked for; 1280×800 on a 10-inch panel is 151 dpi against the 160 assumed without a
// reported density, hence the margin), or 280 design pixels where the screen has them.
float qr_side(const Ui& ui, const QrCode& qr) {
    const int modules = qr.size() + 2 * QrCode::quiet_zone;
    const float least = std::max(38.0f / 25.4f * ui.m().dpi, ui.m().px(280));
    return std::ceil(least / static_cast<float>(modules)) * static_cast<float>(modules);
}

// Dark modules on white whatever the theme: a reader wants dark on light, and high contrast's
// black background would otherwise swallow the quiet zone.
void draw_qr(Ui& ui, const QrCode& qr, ImVec2 at, float side) {
    const int modules = qr.size() + 2 * QrCode::quiet_zone;
    const float m = side / static_cast<float>(modules);
    at = {std::round(at.x), std::round(at.y)};
    ImDrawList* draw = ui.draw();
    draw->AddRectFilled(at, {at.x + side, at.y + side}, rgba(255, 255, 255));
    const ImVec2 origin{at.x + QrCode::quiet_zone * m, at.y + QrCode::quiet_zone * m};
    const auto edge = [m](int modules_in) { return static_cast<float>(modules_in) * m; };
    for (int y = 0; y < qr.size(); ++y) {
        // One rectangle per run of dark modules in a row.
        for (int x = 0; x < qr.size();) {
            if (!qr.dark(x, y)) {
                ++x;
                continue;
            }
            int end = x;
            while (end < qr.size() && qr.dark(end, y)) ++end;
            draw->AddRectFilled({origin.x + edge(x), origin.y + edge(y)}, {origin.x + edge(end), origin.y + edge(y + 1)},
                                rgba(0, 0, 0));
            x = end;
        }
    }
}

}  // namespace

void thanks_screen(ScreenFrame& f) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    Rect a = f.area.inset(f.px(48), f.px(32));
    const std::string* code = f.flow.tracking_code();
    const bool complaint = f.flow.is_complaint();

    Rect footer = a.cut_bottom(f.target(120), f.px(24));
    ButtonOptions o;
    o.kind = ButtonKind::primary;
    o.is_default = true;
    using P = ScreenState::PrintState;
    Rect finish = footer.centered(std::min(footer.w, f.px(520)), footer.h);
    if (f.state.print != P::none) {
        // With a printer: "In lại" beside "Xong", for as long as reprints are left.
        const auto cells = footer.centered(std::min(footer.w, f.px(1080)), footer.h).columns(2, f.px(40));
        finish = cells[1];
        ButtonOptions again;
        again.enabled = f.state.reprints_left > 0;  // a touch while it prints is let go by the App
        if (ui.button("print_again", ui.t("kiosk.thanks.print_again"), cells[0], again)) f.state.print_again_requested = true;
    }
    if (ui.button("finish", ui.t("kiosk.common.done"), finish, o)) f.emit(action::Finish{});

    const QrCode* qr = code && f.state.lookup_qr ? &*f.state.lookup_qr : nullptr;
    const ImU32 tick_ink = pal.background == rgba(0, 0, 0) ? rgba(0, 0, 0) : rgba(255, 255, 255);
    float h = 0;
    if (qr) {
        // The QR code needs the height: the tick goes small, before the title, on its line.
        const std::string title = ui.t("kiosk.thanks.title");
        const ImVec2 title_size = ui.measure(TextStyle::title, title, 0);
        const float r = title_size.y * 0.55f;
        const float title_w = title_size.x;
        const float gap = f.px(20);
        const float x = a.center().x - (2 * r + gap + title_w) / 2;
        const ImVec2 c{x + r, a.y + title_size.y / 2};
        ui.draw()->AddCircleFilled(c, r, pal.face[0], 48);
        ui.check_mark(c, r * 1.1f, tick_ink);
        h = ui.text(TextStyle::title, title, {x + 2 * r + gap, a.y}, title_w + 1, pal.text);
        a.cut_top(std::max(h, 2 * r), f.px(16));
    } else {
        // A tick in a circle.
        const float r = f.px(code ? 56 : 90);
        const ImVec2 c{a.center().x, a.y + r + f.px(code ? 0 : 40)};
        ui.draw()->AddCircleFilled(c, r, pal.face[0], 48);
        ui.check_mark(c, r * 1.1f, tick_ink);
        a.cut_top(2 * r + f.px(code ? 0 : 40), f.px(24));
        h = ui.text(TextStyle::title, ui.t("kiosk.thanks.title"), a.min(), a.w, pal.text, Align::center);
        a.cut_top(h, f.px(16));
    }
    h = ui.text(TextStyle::body, ui.t(complaint ? "kiosk.thanks.complaint" : "kiosk.thanks.body"), a.min(), a.w, pal.muted,
                Align::center);
    a.cut_top(h, f.px(28));

    const std::string hotline = f.state.settings && !f.state.settings->hotline.empty()
                                    ? ui.t("kiosk.thanks.hotline") + " " + f.state.settings->hotline
                                    : std::string();
    if (code) {
        // Landscape: the code and the words, and the QR code on their right, centred together.
        // Portrait: the QR code under the words, where there is height to spare.
        Rect left = a;
        const float qr_gap = f.px(48);
        const float side = qr ? qr_side(ui, *qr) : 0;
        const auto place_qr = [&](ImVec2 at) {
            const Rect box{std::round(at.x), std::round(at.y), side, side};
            draw_qr(ui, *qr, box.min(), side);
            ui.frame(box.inset(-std::max(1.0f, ui.m().unit)), pal.outline, std::max(1.0f, ui.m().unit));
            ui.mark("thanks.qr", box);
        };
        const bool qr_beside = qr && !ui.m().portrait;
        if (qr_beside) {
            const float words = std::min(a.w - qr_gap - side, f.px(1100));
            left = Rect{a.x + (a.w - words - qr_gap - side) / 2, a.y, words, a.h};
            place_qr({left.right() + qr_gap, a.y});
        }
        h = ui.text(TextStyle::body_bold, ui.t("kiosk.thanks.code_label"), left.min(), left.w, pal.text, Align::center);
        left.cut_top(h, f.px(14));
        const auto groups = code_groups(*code);
        const float size = ui.font_size(TextStyle::huge);
        const float group_gap = size * 0.5f;
        float width = 0;
        for (const auto& g : groups) width += ui.measure(TextStyle::huge, g, 0).x;
        width += group_gap * static_cast<float>(groups.size() - 1);
        const Rect box = left.cut_top(size * 1.5f, f.px(20)).centered(std::min(left.w, width + 2 * f.px(60)), size * 1.5f);
        ui.fill(box, pal.code_background, f.px(18));
        ui.frame(box, pal.text, std::max(2.0f, 3 * ui.m().unit), f.px(18));
        float x = box.center().x - width / 2;
        for (const auto& g : groups) {
            const float w = ui.measure(TextStyle::huge, g, 0).x;
            ui.text(TextStyle::huge, g, {x, box.y + (box.h - size) / 2}, w + 1, pal.text);
            x += w + group_gap;
        }
        h = ui.text(TextStyle::body, ui.t("kiosk.thanks.code_hint"), left.min(), left.w, pal.muted, Align::center);
        left.cut_top(h, f.px(12));
        if (qr) {
            h = ui.text(TextStyle::body, ui.t("kiosk.thanks.qr_hint"), left.min(), left.w, pal.muted, Align::center);
            left.cut_top(h, f.px(20));
        }
        if (!hotline.empty()) {
            h = ui.text(TextStyle::body_bold, hotline, left.min(), left.w, pal.text, Align::center);
            left.cut_top(h, f.px(20));
        }
        if (qr && !qr_beside) {
            // Above the printer's word, which changes: the symbol must not move under a phone.
            place_qr({left.center().x - side / 2, left.y + f.px(8)});
            left.cut_top(side + f.px(8), f.px(28));
        }
        switch (f.state.print) {
        case P::none: break;
        case P::printing: ui.text(TextStyle::body, ui.t("kiosk.thanks.printing"), left.min(), left.w, pal.muted, Align::center); break;
        case P::printed: ui.text(TextStyle::body_bold, ui.t("kiosk.thanks.printed"), left.min(), left.w, pal.text, Align::center); break;
        case P::failed:
            ui.text(TextStyle::body_bold, ui.t("kiosk.thanks.print_failed"), left.min(), left.w, pal.danger, Align::center);
            break;
        }
    } else {
        if (complaint) {
            h = ui.text(TextStyle::body, ui.t("kiosk.thanks.no_code"), a.min(), a.w, pal.muted, Align::center);
            a.cut_top(h, f.px(20));
        }
        if (!hotline.empty()) ui.text(TextStyle::body_bold, hotline, a.min(), a.w, pal.text, Align::center);
    }
}

}  // namespace hailong::kiosk
