// The officers' sign-in: find one's name (a search typed on the letter keys, without accents, or
// on a keyboard; the names in pages of six), then the personal PIN (sign_in_pin_screen.cpp). An
// officer with a staff card needs neither: scanning it on the idle screen signs them in.
#include <algorithm>

#include "screens.hpp"

namespace hailong::kiosk {

namespace {

constexpr int columns = 2;
constexpr int max_rows = 4;  // names per page: two columns of as many rows as fit, at most four

const std::vector<std::vector<KeyDef>>& letters() {
    static const std::vector<std::vector<KeyDef>> rows = {
        {{"Q"}, {"W"}, {"E"}, {"R"}, {"T"}, {"Y"}, {"U"}, {"I"}, {"O"}, {"P"}},
        {{"A"}, {"S"}, {"D"}, {"F"}, {"G"}, {"H"}, {"J"}, {"K"}, {"L"}, {"", 1.0f, KeyKind::backspace}},
        {{"Z"}, {"X"}, {"C"}, {"V"}, {"B"}, {"N"}, {"M"}, {" ", 3.0f, KeyKind::space}},
    };
    return rows;
}

// Room for the hints above the keys and pads, with every target at its full size.
bool roomy(const ScreenFrame& f) { return f.area.h > f.target(90) * 9; }

}  // namespace

void sign_in_screen(ScreenFrame& f) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    Rect a = f.area.inset(f.px(ui.m().portrait ? 16 : 48), f.px(20));
    const float row_h = f.target(90);
    // On a short screen (1280×800) the hint gives its room to the keys and a row of names.
    a = screen_title(f, a, ui.t("kiosk.sign_in.title"), roomy(f) ? ui.t("kiosk.sign_in.hint") : std::string());
    const std::string& filter = f.flow.sign_in().filter();
    const auto set = [&](std::string next) {
        if (next != filter) {
            f.emit(action::SetSignInFilter{std::move(next)});
            f.state.sign_in_page = 0;
        }
    };

    // Bottom: the letter keys.
    const float key_h = f.target(96);
    const Rect keys = a.cut_bottom(std::min(a.h - 2 * (row_h + f.px(14)), 3 * key_h + 2 * f.px(10)), f.px(16));
    const KeyboardInput typed = keyboard(f, keys, letters(), "letter");
    if (typed.delete_words > 0 && !filter.empty()) {
        std::string left = filter;
        for (int i = 0; i < typed.delete_words; ++i) left = drop_last_word(left);
        set(left);
    }
    if (const KeyDef* k = typed.pressed) {
        if (k->kind == KeyKind::backspace) {
            if (!filter.empty()) set(filter.substr(0, filter.size() - 1));
        } else {
            set(filter + (k->kind == KeyKind::space ? std::string(" ") : k->text));
        }
    }
    if (!f.keys.typed.empty()) set(filter + f.keys.typed);
    if (f.keys.backspace && !filter.empty()) set(filter.substr(0, filter.size() - 1));

    // Above the keys: the search as typed, between the page buttons when there are pages.
    const float gap = f.px(14);
    Rect nav = a.cut_bottom(row_h, gap);
    const int rows = std::clamp(static_cast<int>((a.h + gap) / (row_h + gap)), 1, max_rows);
    const int per_page = columns * rows;
    const std::vector<const Officer*> matches = f.flow.sign_in().matches(f.flow.counter());
    const int pages = std::max(1, (static_cast<int>(matches.size()) + per_page - 1) / per_page);
    int& page = f.state.sign_in_page;
    page = std::clamp(page, 0, pages - 1);
    if (pages > 1) {
        // As wide as their words need, on one line; in the small style when that would leave the
        // search less than two fifths of the row.
        const std::string previous_label = ui.t("kiosk.admin.previous");
        const std::string next_label = ui.t("kiosk.admin.next");
        const auto need = [&](TextStyle style) {
            return std::max(label_width(ui, style, previous_label, nav.h), label_width(ui, style, next_label, nav.h));
        };
        const TextStyle style = need(TextStyle::body_bold) <= nav.w * 0.3f - gap ? TextStyle::body_bold : TextStyle::small;
        const float side = std::max(std::min(f.target(300), nav.w * 0.25f), need(style));
        ButtonOptions prev;
        prev.enabled = page > 0;
        prev.style = style;
        if (ui.button("sign_in.prev", previous_label, nav.cut_left(side, gap), prev)) --page;
        ButtonOptions next = prev;
        next.enabled = page + 1 < pages;
        if (ui.button("sign_in.next", next_label, nav.cut_right(side, gap), next)) ++page;
    }
    entry_box(f, nav, filter, ui.t("kiosk.sign_in.search"));

    // The names, a page at a time.
    if (matches.empty()) {
        ui.text_in(TextStyle::body, ui.t("kiosk.sign_in.none"), a, pal.muted, Align::center);
        return;
    }
    const Rect names = a.cut_top(std::min(a.h, static_cast<float>(rows) * (row_h + gap) - gap));
    const auto row_rects = names.rows(rows, gap);
    for (int i = 0; i < per_page; ++i) {
        const std::size_t index = static_cast<std::size_t>(page * per_page + i);
        if (index >= matches.size()) break;
        const auto cells = row_rects[static_cast<std::size_t>(i / columns)].columns(columns, f.px(20));
        const Officer& o = *matches[index];
        ButtonOptions bo;
        bo.kind = ButtonKind::choice;
        if (ui.button("officer." + o.code, o.name, cells[static_cast<std::size_t>(i % columns)], bo))
            f.emit(action::ChooseOfficer{o.code});
    }
}

void sign_in_pin_screen(ScreenFrame& f) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    Rect a = f.area.inset(f.px(48), f.px(28));
    const auto& machine = f.flow.sign_in();
    std::string name;
    for (const Officer& o : f.flow.counter().officers)
        if (machine.chosen() && o.code == *machine.chosen()) name = o.name;
    a = screen_title(f, a, ui.t(Message("kiosk.sign_in.pin_title", {{"name", name}})),
                     roomy(f) ? ui.t("kiosk.sign_in.pin_hint") : std::string());
    const std::string& pin = machine.pin();
    const bool locked = machine.locked(f.now);

    // The digits typed, as dots; before the first, what became of the last try (in the box, so
    // that the pad keeps its full size on a short screen).
    const Rect box = a.cut_top(f.target(96), f.px(16)).centered(std::min(a.w, f.px(900)), f.target(96));
    ui.fill(box, pal.surface, f.px(14));
    ui.frame(box, pal.outline, std::max(2.0f, 2 * ui.m().unit), f.px(14));
    const float dot = f.px(16);
    const float step = dot * 3;
    const float x0 = box.center().x - step * static_cast<float>(pin.size() - (pin.empty() ? 0 : 1)) / 2;
    for (std::size_t i = 0; i < pin.size(); ++i)
        ui.draw()->AddCircleFilled({x0 + step * static_cast<float>(i), box.center().y}, dot, pal.text, 24);

    std::string message;
    ImU32 colour = pal.muted;
    if (locked) {
        message = ui.t("kiosk.sign_in.locked");
        colour = pal.danger;
    } else if (machine.checking()) {
        message = ui.t("kiosk.admin.pin_checking");
    } else if (machine.rejected()) {
        message = ui.t("kiosk.sign_in.wrong");
        colour = pal.danger;
    }
    if (!message.empty() && pin.empty()) ui.text_in(TextStyle::body, message, box.inset(f.px(16), 0), colour, Align::center);

    const bool usable = !locked && !machine.checking();
    const auto type = [&](int code) {
        if (!usable) return;
        if (code >= 0 && code <= 9 && pin.size() < max_pin_digits)
            f.emit(action::SetPin{pin + static_cast<char>('0' + code)});
        else if (code == pad_delete && !pin.empty())
            f.emit(action::SetPin{pin.substr(0, pin.size() - 1)});
        else if (code == pad_done)
            f.emit(action::SubmitPin{});
    };
    type(digit_pad(f, a, "pin", ui.t("kiosk.sign_in.submit"), usable && !pin.empty()));
    if (f.keys.digit >= 0) type(f.keys.digit);
    if (f.keys.backspace) type(pad_delete);
    if (f.keys.enter) type(pad_done);
}

}  // namespace hailong::kiosk
