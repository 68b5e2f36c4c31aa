// Pieces every screen shares: the header band, titles, the on-screen keyboards.
#include <algorithm>

#include "screens.hpp"

namespace hailong::kiosk {

namespace {

char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

}  // namespace

void header_bar(ScreenFrame& f, const Rect& band_in) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    ui.fill(band_in, pal.header);
    if (pal.background == pal.header) ui.fill({band_in.x, band_in.bottom() - 3 * ui.m().unit - 1, band_in.w, 3 * ui.m().unit + 1}, pal.outline);
    Rect band = band_in.inset(f.px(24), f.px(10));
    const float gap = f.px(14);
    const Presentation& p = f.flow.presentation();

    // Right: the accessibility toggles, on every screen.
    // Four buttons at most share the band (back and three toggles): each gets a quarter.
    const float toggle_w = std::min(f.target(250), (band.w - 3 * gap) / 4.0f);
    const Rect speech = band.cut_right(toggle_w, gap);
    const Rect contrast = band.cut_right(toggle_w, gap);
    const Rect large = band.cut_right(toggle_w, gap);
    const auto toggle = [&](const std::string& id, const Rect& r, bool on, std::string_view label, int icon) {
        ButtonOptions o;
        o.kind = ButtonKind::toolbar;
        o.selected = on;
        o.acts_at_once = icon == 2;  // speech off in one touch
        const bool pressed = ui.button(id, "", r, o);
        const ImU32 fg = on ? pal.header : pal.header_text;
        const float s = std::min(r.h * 0.5f, f.px(44));
        const ImVec2 ic{r.x + f.px(16) + s / 2, r.center().y};
        float icon_right = ic.x + s / 2;
        if (icon == 0) {
            // A large "A" and a small one beside it, not over it, nor over the label.
            const float big_w = ui.measure(TextStyle::body_bold, "A", 0).x;
            icon_right = std::max(icon_right, ic.x - s * 0.45f + big_w + ui.measure(TextStyle::small, "A", 0).x);
            ui.text(TextStyle::body_bold, "A", {ic.x - s * 0.45f, r.center().y - ui.font_size(TextStyle::body_bold) / 2}, s, fg);
            ui.text(TextStyle::small, "A", {ic.x - s * 0.45f + big_w, r.center().y - ui.font_size(TextStyle::small) / 2 + f.px(4)}, s, fg);
        } else if (icon == 1) {
            ui.half_circle(ic, s * 0.42f, fg);
        } else {
            ui.speaker(ic, s, fg, on);
        }
        Rect text_area{icon_right + f.px(10), r.y, r.right() - (icon_right + f.px(10)) - f.px(8), r.h};
        ui.text_in(TextStyle::small, label, text_area, fg, Align::left);
        return pressed;
    };
    if (toggle("a11y.large_text", large, p.large_text, ui.t("kiosk.a11y.large_text"), 0))
        f.emit(action::ToggleLargeText{});
    if (toggle("a11y.contrast", contrast, p.high_contrast, ui.t("kiosk.a11y.contrast"), 1))
        f.emit(action::ToggleHighContrast{});
    if (toggle("a11y.speech", speech, p.speech, ui.t("kiosk.a11y.speech"), 2)) f.emit(action::ToggleSpeech{});

    // Left: back, where there is one. The idle screen keeps its top-left corner free: holding it
    // opens the admin PIN pad.
    const Screen screen = f.flow.screen();
    if (has_back(screen)) {
        const Rect back = band.cut_left(std::min(f.target(250), band.w), gap);
        ButtonOptions o;
        o.kind = ButtonKind::toolbar;
        if (ui.button("back", "", back, o)) f.emit(action::Back{});
        const float s = std::min(back.h * 0.5f, f.px(40));
        ui.chevron_left({back.x + f.px(14) + s / 2, back.center().y}, s, pal.header_text);
        ui.text_in(TextStyle::body_bold, ui.t("kiosk.common.back"),
                   {back.x + s + f.px(24), back.y, back.w - s - f.px(30), back.h}, pal.header_text, Align::left);
    }
    // Centre: whose counter this is.
    if (screen != Screen::idle && band.w > f.px(240)) {
        const std::string name = f.state.department_name;
        // Centred on the whole band when it clears the buttons, else in the room between them.
        const float w = ui.measure(TextStyle::small, name, 0).x;
        const float mid = band_in.center().x;
        const Rect room = (mid - w / 2 >= band.x && mid + w / 2 <= band.right()) ? Rect{mid - w / 2 - 1, band.y, w + 2, band.h} : band;
        ui.text_in(TextStyle::small, name, room, pal.header_text, Align::center);
    }
}

Rect modal_card(ScreenFrame& f, float width, float height) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    const Rect whole{0, 0, ui.m().display.x, ui.m().display.y};
    ui.fill(whole, pal.dim);
    ui.begin_layer();
    const Rect card = whole.centered(std::min(whole.w - f.px(80), width), std::min(whole.h - f.px(80), height));
    ui.fill(card, pal.surface, f.px(24));
    ui.frame(card, pal.text, std::max(2.0f, pal.outline_width * ui.m().unit), f.px(24));
    return card.inset(f.px(48), f.px(40));
}

std::vector<Rect> columns_by_need(const Rect& row, const std::vector<float>& needs, float gap, float padding) {
    float total = gap * static_cast<float>(needs.size() - 1);
    std::vector<float> widths;
    for (const float n : needs) {
        widths.push_back(n + padding);
        total += widths.back();
    }
    if (needs.empty() || total > row.w) return {};
    const float extra = (row.w - total) / static_cast<float>(needs.size());
    std::vector<Rect> out;
    float x = row.x;
    for (const float w : widths) {
        out.push_back({x, row.y, w + extra, row.h});
        x += w + extra + gap;
    }
    return out;
}

float label_width(const Ui& ui, TextStyle style, std::string_view label, float height) {
    const float u = ui.m().unit;
    const float line = ui.measure(style, label, 0).x;
    float widest = 0;
    for (std::size_t start = 0; start <= label.size();) {
        const std::size_t end = std::min(label.find(' ', start), label.size());
        widest = std::max(widest, ui.measure(style, label.substr(start, end - start), 0).x);
        start = end + 1;
    }
    float text_w = line;
    if (widest < line && ui.measure(style, label, widest + 1).y <= height - 16 * u) text_w = widest + 1;
    // Ui::button insets its label by 8 % of its width on each side, at most 24 units.
    return std::min(text_w / 0.84f, text_w + 48 * u) + 1;
}

Rect screen_title(ScreenFrame& f, Rect area, std::string_view title, std::string_view hint) {
    Ui& ui = f.ui;
    const float h = ui.text(TextStyle::heading, title, area.min(), area.w, ui.pal().text, Align::center);
    area.cut_top(h, f.px(12));
    if (!hint.empty()) {
        const float hh = ui.text(TextStyle::body, hint, area.min(), area.w, ui.pal().muted, Align::center);
        area.cut_top(hh, f.px(8));
    }
    area.cut_top(f.px(20));
    return area;
}

KeyboardInput keyboard(ScreenFrame& f, const Rect& area, const std::vector<std::vector<KeyDef>>& rows,
                       const std::string& id_prefix, bool shift_on) {
    Ui& ui = f.ui;
    float max_units = 0;
    std::size_t max_keys = 0;
    for (const auto& row : rows) {
        float u = 0;
        for (const KeyDef& k : row) u += k.units;
        max_units = std::max(max_units, u);
        max_keys = std::max(max_keys, row.size());
    }
    // Narrower gaps before narrower keys: a key is never less than 15 mm wide if the row fits.
    float gap = f.px(10);
    const auto key_width = [&] { return (area.w - gap * static_cast<float>(max_keys - 1)) / max_units; };
    while (key_width() < ui.m().min_target && gap > 2.0f) gap -= 1.0f;
    const float unit_w = key_width();
    const float n_rows = static_cast<float>(rows.size());
    const float tallest = ui.m().portrait ? std::max(unit_w * 1.15f, f.target(116)) : std::max(unit_w, f.target(100));
    const float key_h = std::min((area.h - gap * (n_rows - 1)) / n_rows, tallest);
    const auto word = [&](const KeyDef& k) {
        switch (k.kind) {
        case KeyKind::text: break;
        case KeyKind::backspace: return ui.t("kiosk.key.backspace");
        case KeyKind::shift: return ui.t("kiosk.key.shift");
        case KeyKind::space: return ui.t("kiosk.key.space");
        case KeyKind::clear: return ui.t("kiosk.key.clear");
        }
        return std::string();
    };
    // Each key's width, its words in `style`; false when a row cannot give a key the room its words need.
    std::vector<std::vector<float>> widths;
    const auto lay_out = [&](TextStyle style) {
        bool fits = true;
        widths.clear();
        for (const auto& row : rows) {
            std::vector<float> base, least;
            float wanted = 0, spare = 0;
            for (const KeyDef& k : row) {
                base.push_back(k.units * unit_w);
                least.push_back(std::min(base.back(), ui.m().min_target));
                if (k.kind != KeyKind::text) least.back() = std::max(least.back(), label_width(ui, style, word(k), key_h));
                if (least.back() > base.back())
                    wanted += least.back() - base.back();
                else
                    spare += base.back() - least.back();
            }
            fits = fits && wanted <= spare;
            // What the wide keys get, and the share of their spare room the others give.
            const float got = wanted <= spare ? 1.0f : spare / wanted;
            const float given = spare > 0 ? std::min(wanted, spare) / spare : 0.0f;
            std::vector<float>& w = widths.emplace_back();
            for (std::size_t i = 0; i < row.size(); ++i)
                w.push_back(least[i] > base[i] ? base[i] + (least[i] - base[i]) * got : base[i] - (base[i] - least[i]) * given);
        }
        return fits;
    };
    const TextStyle word_style = lay_out(TextStyle::body_bold) ? TextStyle::body_bold : TextStyle::small;
    if (word_style == TextStyle::small) lay_out(TextStyle::small);
    float y = area.y;
    const KeyDef* pressed = nullptr;
    bool delete_held = false;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        float row_w = 0;
        for (const KeyDef& k : rows[r]) row_w += k.units * unit_w;
        row_w += gap * static_cast<float>(rows[r].size() - 1);
        float x = area.x + (area.w - row_w) / 2;
        for (std::size_t i = 0; i < rows[r].size(); ++i) {
            const KeyDef& k = rows[r][i];
            const Rect rect{x, y, widths[r][i], key_h};
            ButtonOptions o;
            o.kind = ButtonKind::key;
            o.style = word_style;
            std::string label = word(k);
            if (k.kind == KeyKind::text) {
                label = k.text;
                if (shift_on && label.size() == 1) label[0] = upper(label[0]);
                o.style = TextStyle::heading;
            }
            o.selected = k.kind == KeyKind::shift && shift_on;
            if (ui.button(id_prefix + "." + std::to_string(r) + "." + std::to_string(i), label, rect, o)) pressed = &k;
            if (k.kind == KeyKind::backspace && ui.last_held()) delete_held = true;
            x += rect.w + gap;
        }
        y += key_h + gap;
    }
    KeyboardInput input;
    input.delete_words = f.state.delete_key.update(delete_held, f.now.steady);
    input.pressed = pressed;
    if (pressed && pressed->kind == KeyKind::backspace && !f.state.delete_key.tap_counts()) input.pressed = nullptr;
    return input;
}

int digit_pad(ScreenFrame& f, const Rect& area, const std::string& id_prefix, std::string_view done_label,
              bool done_enabled) {
    Ui& ui = f.ui;
    const float gap = f.px(16);
    const float key = std::min({(area.w - 2 * gap) / 3, (area.h - 3 * gap) / 4, f.target(150)});
    const Rect pad = area.centered(3 * key + 2 * gap, 4 * key + 3 * gap);
    int pressed = -1;
    const int digits[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    for (int i = 0; i < 12; ++i) {
        const Rect r{pad.x + static_cast<float>(i % 3) * (key + gap), pad.y + static_cast<float>(i / 3) * (key + gap), key, key};
        ButtonOptions o;
        o.kind = ButtonKind::key;
        o.style = TextStyle::title;
        std::string label;
        int code = 0;
        if (i < 9) {
            code = digits[i];
            label = std::to_string(code);
        } else if (i == 9) {
            code = pad_delete;
            label = ui.t("kiosk.key.backspace");
            o.style = TextStyle::body_bold;
        } else if (i == 10) {
            code = 0;
            label = "0";
        } else {
            code = pad_done;
            label = std::string(done_label);
            o.kind = ButtonKind::primary;
            o.style = TextStyle::body_bold;
            o.enabled = done_enabled;
            o.is_default = true;
        }
        if (ui.button(id_prefix + "." + std::to_string(code), label, r, o)) pressed = code;
    }
    return pressed;
}

void entry_box(ScreenFrame& f, const Rect& box, std::string_view text, std::string_view placeholder) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    ui.fill(box, pal.surface, f.px(14));
    ui.frame(box, pal.outline, std::max(2.0f, 2 * ui.m().unit), f.px(14));
    if (text.empty())
        ui.text_in(TextStyle::body, placeholder, box.inset(f.px(20), 0), pal.muted, Align::center);
    else
        ui.text_in(TextStyle::title, text, box.inset(f.px(20), 0), pal.text, Align::center);
}

std::string group_digits(std::string_view digits) {
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i == 4 || (i > 4 && (i - 4) % 3 == 0)) out += ' ';
        out += digits[i];
    }
    return out;
}

float dossier_info_line(ScreenFrame& f, const Rect& area) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    std::string text;
    ImU32 colour = pal.muted;
    if (f.flow.dossier_checking()) {
        text = ui.t("kiosk.dossier.checking");
    } else if (const auto& info = f.flow.dossier_info(); info && info->outcome == DossierInfo::Outcome::known) {
        const std::string stage = !info->stage ? std::string()
                                  : *info->stage == DossierStage::collection ? ui.t("kiosk.dossier.stage.collection")
                                                                             : ui.t("kiosk.dossier.stage.filing");
        const std::string service = info->service_name.empty() ? info->service_code : info->service_name;
        if (!service.empty() && !stage.empty())
            text = ui.t(Message("kiosk.dossier.known", {{"service", service}, {"stage", stage}}));
        else if (!stage.empty())
            text = ui.t(Message("kiosk.dossier.known_stage", {{"stage", stage}}));
        else if (!service.empty())
            text = ui.t(Message("kiosk.dossier.known_service", {{"service", service}}));
        if (info->rated_at_stage) text += (text.empty() ? "" : "\n") + ui.t("kiosk.dossier.already_rated");
        colour = pal.text;
    } else if (info && info->outcome == DossierInfo::Outcome::unknown) {
        text = ui.t("kiosk.dossier.unknown");
    }
    if (text.empty()) return 0;
    return ui.text(TextStyle::body, text, area.min(), area.w, colour, Align::left);
}

}  // namespace hailong::kiosk
