// The overall rating: one large face per level of the scale, most satisfied first, each with its
// colour, its words and its keypad digit.
#include <algorithm>

#include "faces.hpp"
#include "screens.hpp"

namespace hailong::kiosk {

void rating_screen(ScreenFrame& f) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    Rect a = f.area.inset(f.px(48), f.px(32));
    std::string hint;
    if (const Officer* officer = f.flow.officer())
        hint = ui.t(Message("kiosk.rating.officer", {{"name", officer->name}}));
    a = screen_title(f, a, ui.t("kiosk.rating.title"), hint);

    const int scale = f.flow.survey().scale;
    const std::vector<int> values = f.flow.rating_values();
    const int n = static_cast<int>(values.size());
    const float gap = f.px(scale == 5 ? 20 : 32);
    const bool portrait = ui.m().portrait;
    std::vector<Rect> cells;
    if (portrait) {
        const Rect list = a.centered(a.w, std::min(a.h, static_cast<float>(n) * f.target(scale == 5 ? 250 : 330)));
        cells = list.rows(n, gap);
    } else {
        const Rect row = a.centered(std::min(a.w, static_cast<float>(n) * f.px(480)), std::min(a.h, f.px(600)));
        cells = row.columns(n, gap);
    }
    for (int i = 0; i < n; ++i) {
        const int v = values[static_cast<std::size_t>(i)];
        const Rect cell = cells[static_cast<std::size_t>(i)];
        ButtonOptions o;
        o.kind = ButtonKind::choice;
        o.shortcut = i + 1;
        o.selected = f.flow.answers().rating == v;
        if (ui.button("rating." + std::to_string(v), "", cell, o)) f.emit(action::Rate{v});
        const ImU32 fill = pal.face[face_colour_index(scale, v)];
        const ImU32 ink = o.selected ? pal.selected_text : pal.text;
        const std::string label = ui.t(rating_label_key(scale, v));
        if (portrait) {
            const float r = std::min(cell.h * 0.38f, f.px(110));
            const ImVec2 c{cell.x + f.px(70) + r, cell.center().y};
            draw_face(ui.draw(), c, r, face_mood(scale, v), fill, pal);
            const float tx = c.x + r + f.px(40);
            ui.text_in(TextStyle::heading, label, {tx, cell.y, cell.right() - tx - f.px(20), cell.h}, ink, Align::left);
        } else {
            const float r = std::min({cell.w * 0.36f, cell.h * 0.27f, f.px(150)});
            const ImVec2 c{cell.center().x, cell.y + cell.h * 0.1f + r + f.px(20)};
            draw_face(ui.draw(), c, r, face_mood(scale, v), fill, pal);
            const Rect words{cell.x + f.px(16), c.y + r + f.px(16), cell.w - f.px(32), cell.bottom() - c.y - r - f.px(32)};
            ui.text_in(scale == 5 ? TextStyle::body_bold : TextStyle::heading, label, words, ink, Align::center);
        }
    }
}

}  // namespace hailong::kiosk
