// Thanks, shown only after the save service reported the durable commit. For a complaint, the
// tracking code, large and in groups, to note down, and beside it the QR code of its lookup link
// for a phone; the agency's hotline; how the receipt's printing went.
#include <algorithm>
#include <cmath>
#include <functional>
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
    using P = ScreenState::PrintState;
    const bool printer = f.state.print != P::none;
    const QrCode* qr = code && f.state.lookup_qr ? &*f.state.lookup_qr : nullptr;
    const float side = qr ? qr_side(ui, *qr) : 0;
    const std::string hotline = f.state.settings && !f.state.settings->hotline.empty()
                                    ? ui.t("kiosk.thanks.hotline") + " " + f.state.settings->hotline
                                    : std::string();
    const std::string again_label = ui.t("kiosk.thanks.print_again");
    const std::string done_label = ui.t("kiosk.common.done");

    // "Xong", and with a printer "In lại" for as long as reprints are left (a touch while it
    // prints is let go by the App). Landscape with a code: in a column on the right, under the
    // QR code, so that the words have the whole height on the left; else in a row at the bottom.
    const bool column = code && !ui.m().portrait;
    Rect finish, again;
    Rect beside;  // in the column, between the QR code and the buttons
    if (column) {
        const float pad = 2 * f.px(24) + 2;  // Ui::button's room at each side of a label
        float w = std::max({side, f.target(260), ui.measure(TextStyle::body_bold, done_label, 0).x + pad});
        if (printer) w = std::max(w, ui.measure(TextStyle::body_bold, again_label, 0).x + pad);
        Rect right = a.cut_right(std::min(w, a.w / 2), f.px(48));
        a = a.centered(std::min(a.w, f.px(1300)), a.h);
        finish = right.cut_bottom(f.target(120), f.px(24));
        if (printer) again = right.cut_bottom(f.target(120), f.px(24));
        if (qr) {
            const Rect box{std::round(right.center().x - side / 2), std::round(right.y), side, side};
            draw_qr(ui, *qr, box.min(), side);
            ui.frame(box.inset(-std::max(1.0f, ui.m().unit)), pal.outline, std::max(1.0f, ui.m().unit));
            ui.mark("thanks.qr", box);
            right.cut_top(side, f.px(24));
        }
        beside = right;
    } else {
        const Rect footer = a.cut_bottom(f.target(120), f.px(24));
        finish = footer.centered(std::min(footer.w, f.px(520)), footer.h);
        if (printer) {
            const auto cells = footer.centered(std::min(footer.w, f.px(1080)), footer.h).columns(2, f.px(40));
            again = cells[0];
            finish = cells[1];
        }
    }
    if (printer) {
        ButtonOptions o;
        o.enabled = f.state.reprints_left > 0;
        if (ui.button("print_again", again_label, again, o)) f.state.print_again_requested = true;
    }
    ButtonOptions o;
    o.kind = ButtonKind::primary;
    o.is_default = true;
    if (ui.button("finish", done_label, finish, o)) f.emit(action::Finish{});

    // The words, one under the other, each with the gap it wants after it; where the height is
    // short (large text on a small display) the gaps give way, never the words.
    struct Block {
        float h = 0;
        float gap = 0;
        std::function<void(const Rect&)> draw;
    };
    std::vector<Block> blocks;
    const auto words = [&](TextStyle style, std::string text, ImU32 colour, float gap) {
        const float h = ui.measure(style, text, a.w).y;
        blocks.push_back({h, gap, [&ui, style, text = std::move(text), colour](const Rect& r) {
                              ui.text(style, text, r.min(), r.w, colour, Align::center);
                          }});
    };
    const ImU32 tick_ink = pal.background == rgba(0, 0, 0) ? rgba(0, 0, 0) : rgba(255, 255, 255);
    const std::string title = ui.t("kiosk.thanks.title");
    if (qr || column) {
        // Height is dear: the tick goes small, before the title, on its line.
        const ImVec2 title_size = ui.measure(TextStyle::title, title, 0);
        const float r = title_size.y * 0.55f;
        blocks.push_back({std::max(title_size.y, 2 * r), f.px(16), [&, title_size, r](const Rect& row) {
                              const float gap = f.px(20);
                              const float x = row.center().x - (2 * r + gap + title_size.x) / 2;
                              const ImVec2 c{x + r, row.y + title_size.y / 2};
                              ui.draw()->AddCircleFilled(c, r, pal.face[0], 48);
                              ui.check_mark(c, r * 1.1f, tick_ink);
                              ui.text(TextStyle::title, title, {x + 2 * r + gap, row.y}, title_size.x + 1, pal.text);
                          }});
    } else {
        // A tick in a circle.
        const float r = f.px(code ? 56 : 90);
        const float above = f.px(code ? 0 : 40);
        blocks.push_back({above + 2 * r, f.px(24), [&, r, above](const Rect& row) {
                              const ImVec2 c{row.center().x, row.y + above + r};
                              ui.draw()->AddCircleFilled(c, r, pal.face[0], 48);
                              ui.check_mark(c, r * 1.1f, tick_ink);
                          }});
        words(TextStyle::title, title, pal.text, f.px(16));
    }
    words(TextStyle::body, ui.t(complaint ? "kiosk.thanks.complaint" : "kiosk.thanks.body"), pal.muted, f.px(28));
    if (code) {
        words(TextStyle::body_bold, ui.t("kiosk.thanks.code_label"), pal.text, f.px(14));
        // The code, large and in groups, in a box.
        const auto groups = code_groups(*code);
        const float size = ui.font_size(TextStyle::huge);
        const float group_gap = size * 0.5f;
        float width = group_gap * static_cast<float>(groups.size() - 1);
        for (const auto& g : groups) width += ui.measure(TextStyle::huge, g, 0).x;
        blocks.push_back({size * 1.5f, f.px(20), [&, groups, size, group_gap, width](const Rect& row) {
                              const Rect box = row.centered(std::min(row.w, width + 2 * f.px(60)), row.h);
                              ui.fill(box, pal.code_background, f.px(18));
                              ui.frame(box, pal.text, std::max(2.0f, 3 * ui.m().unit), f.px(18));
                              float x = box.center().x - width / 2;
                              for (const auto& g : groups) {
                                  const float w = ui.measure(TextStyle::huge, g, 0).x;
                                  ui.text(TextStyle::huge, g, {x, box.y + (box.h - size) / 2}, w + 1, pal.text);
                                  x += w + group_gap;
                              }
                          }});
        words(TextStyle::body, ui.t("kiosk.thanks.code_hint"), pal.muted, f.px(12));
        if (qr) words(TextStyle::body, ui.t("kiosk.thanks.qr_hint"), pal.muted, f.px(20));
    } else if (complaint) {
        words(TextStyle::body, ui.t("kiosk.thanks.no_code"), pal.muted, f.px(20));
    }
    const std::size_t hotline_block = blocks.size();
    if (!hotline.empty()) words(TextStyle::body_bold, hotline, pal.text, f.px(20));
    if (qr && !column) {
        // Portrait: the QR code under the words, where there is height to spare, and above the
        // printer's word, which changes: the symbol must not move under a phone.
        blocks.push_back({side + f.px(8), f.px(28), [&, side](const Rect& row) {
                              const Rect box{std::round(row.center().x - side / 2), std::round(row.y + f.px(8)), side, side};
                              draw_qr(ui, *qr, box.min(), side);
                              ui.frame(box.inset(-std::max(1.0f, ui.m().unit)), pal.outline, std::max(1.0f, ui.m().unit));
                              ui.mark("thanks.qr", box);
                          }});
    }
    // The printer's word last; the room its longest needs is kept, so that nothing above moves
    // when it changes.
    float reserve = 0;
    if (printer) {
        const std::string printing = ui.t("kiosk.thanks.printing");
        const std::string printed = ui.t("kiosk.thanks.printed");
        const std::string failed = ui.t("kiosk.thanks.print_failed");
        reserve = std::max({ui.measure(TextStyle::body, printing, a.w).y, ui.measure(TextStyle::body_bold, printed, a.w).y,
                            ui.measure(TextStyle::body_bold, failed, a.w).y});
        switch (f.state.print) {
        case P::none: break;
        case P::printing: words(TextStyle::body, printing, pal.muted, 0); break;
        case P::printed: words(TextStyle::body_bold, printed, pal.text, 0); break;
        case P::failed: words(TextStyle::body_bold, failed, pal.danger, 0); break;
        }
        reserve -= blocks.back().h;
    }
    if (!blocks.empty()) blocks.back().gap = 0;

    const auto total = [&](float squeeze) {
        float h = reserve;
        for (const Block& b : blocks) h += b.h + b.gap * squeeze;
        return h;
    };
    constexpr float least_squeeze = 0.15f;
    if (column && !hotline.empty() && total(least_squeeze) > a.h) {
        // Still too tall: the hotline goes beside, under the QR code, its number on a line of
        // its own, where the column has the room.
        const std::string label = ui.t("kiosk.thanks.hotline");
        const std::string& number = f.state.settings->hotline;
        const ImVec2 label_size = ui.measure(TextStyle::body_bold, label, 0);
        const ImVec2 number_size = ui.measure(TextStyle::body_bold, number, 0);
        const float h = label_size.y + ui.font_size(TextStyle::body_bold) * 0.18f + number_size.y;
        if (std::max(label_size.x, number_size.x) <= beside.w && h <= beside.h) {
            const Rect at = beside.centered(beside.w, h);
            ui.text(TextStyle::body_bold, label, at.min(), at.w, pal.text, Align::center);
            ui.text(TextStyle::body_bold, number, {at.x, at.bottom() - number_size.y}, at.w, pal.text, Align::center);
            blocks.erase(blocks.begin() + static_cast<std::ptrdiff_t>(hotline_block));
            if (!blocks.empty() && !printer) blocks.back().gap = 0;
        }
    }
    float heights = reserve, gaps = 0;
    for (const Block& b : blocks) {
        heights += b.h;
        gaps += b.gap;
    }
    const float squeeze = gaps > 0 ? std::clamp((a.h - heights) / gaps, least_squeeze, 1.0f) : 1.0f;
    for (const Block& b : blocks) {
        b.draw(Rect{a.x, a.y, a.w, b.h});
        a.cut_top(b.h, b.gap * squeeze);
    }
}

}  // namespace hailong::kiosk
