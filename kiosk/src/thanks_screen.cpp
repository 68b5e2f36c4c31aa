// Thanks, shown only after the save service reported the durable commit. For a complaint, the
// tracking code, large and in groups, to note down.
#include <algorithm>
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
    if (ui.button("finish", ui.t("kiosk.common.done"), footer.centered(std::min(footer.w, f.px(520)), footer.h), o))
        f.emit(action::Finish{});

    // A tick in a circle.
    const float r = f.px(code ? 56 : 90);
    const ImVec2 c{a.center().x, a.y + r + f.px(code ? 0 : 40)};
    ui.draw()->AddCircleFilled(c, r, pal.face[0], 48);
    ui.check_mark(c, r * 1.1f, pal.background == rgba(0, 0, 0) ? rgba(0, 0, 0) : rgba(255, 255, 255));
    a.cut_top(2 * r + f.px(code ? 0 : 40), f.px(24));

    float h = ui.text(TextStyle::title, ui.t("kiosk.thanks.title"), a.min(), a.w, pal.text, Align::center);
    a.cut_top(h, f.px(16));
    h = ui.text(TextStyle::body, ui.t(complaint ? "kiosk.thanks.complaint" : "kiosk.thanks.body"), a.min(), a.w, pal.muted,
                Align::center);
    a.cut_top(h, f.px(28));

    if (code) {
        h = ui.text(TextStyle::body_bold, ui.t("kiosk.thanks.code_label"), a.min(), a.w, pal.text, Align::center);
        a.cut_top(h, f.px(14));
        const auto groups = code_groups(*code);
        const float size = ui.font_size(TextStyle::huge);
        const float group_gap = size * 0.5f;
        float width = 0;
        for (const auto& g : groups) width += ui.measure(TextStyle::huge, g, 0).x;
        width += group_gap * static_cast<float>(groups.size() - 1);
        const Rect box = a.cut_top(size * 1.5f, f.px(20)).centered(std::min(a.w, width + 2 * f.px(60)), size * 1.5f);
        ui.fill(box, pal.code_background, f.px(18));
        ui.frame(box, pal.text, std::max(2.0f, 3 * ui.m().unit), f.px(18));
        float x = box.center().x - width / 2;
        for (const auto& g : groups) {
            const float w = ui.measure(TextStyle::huge, g, 0).x;
            ui.text(TextStyle::huge, g, {x, box.y + (box.h - size) / 2}, w + 1, pal.text);
            x += w + group_gap;
        }
        ui.text(TextStyle::body, ui.t("kiosk.thanks.code_hint"), a.min(), a.w, pal.muted, Align::center);
    } else if (complaint) {
        ui.text(TextStyle::body, ui.t("kiosk.thanks.no_code"), a.min(), a.w, pal.muted, Align::center);
    }
}

}  // namespace hailong::kiosk
