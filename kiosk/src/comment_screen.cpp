// The comment, typed on an on-screen QWERTY keyboard with Vietnamese input (Telex, VNI, or none):
// the VietnameseInput engine turns the keys into text with full diacritics. A physical keyboard
// types here too.
#include <algorithm>

#include "hailong/text.hpp"
#include "screens.hpp"

namespace hailong::kiosk {

namespace {

using K = KeyDef;

// Landscape: 4 rows of 11 key widths. Portrait: 5 rows of 10 (each key at least 15 mm wide on a
// 1080 px wide display).
const std::vector<std::vector<KeyDef>>& layout(bool portrait) {
    static const std::vector<std::vector<KeyDef>> wide = {
        {{"1"}, {"2"}, {"3"}, {"4"}, {"5"}, {"6"}, {"7"}, {"8"}, {"9"}, {"0"}, {"", 1.0f, KeyKind::backspace}},
        {{"q"}, {"w"}, {"e"}, {"r"}, {"t"}, {"y"}, {"u"}, {"i"}, {"o"}, {"p"}, {"?"}},
        {{"a"}, {"s"}, {"d"}, {"f"}, {"g"}, {"h"}, {"j"}, {"k"}, {"l"}, {","}, {"."}},
        {{"", 1.5f, KeyKind::shift}, {"z"}, {"x"}, {"c"}, {"v"}, {"b"}, {"n"}, {"m"}, {" ", 1.5f, KeyKind::space},
         {"", 1.0f, KeyKind::clear}},
    };
    static const std::vector<std::vector<KeyDef>> tall = {
        {{"1"}, {"2"}, {"3"}, {"4"}, {"5"}, {"6"}, {"7"}, {"8"}, {"9"}, {"0"}},
        {{"q"}, {"w"}, {"e"}, {"r"}, {"t"}, {"y"}, {"u"}, {"i"}, {"o"}, {"p"}},
        {{"a"}, {"s"}, {"d"}, {"f"}, {"g"}, {"h"}, {"j"}, {"k"}, {"l"}, {"", 1.0f, KeyKind::backspace}},
        {{"", 1.5f, KeyKind::shift}, {"z"}, {"x"}, {"c"}, {"v"}, {"b"}, {"n"}, {"m"}, {".", 1.5f}},
        {{","}, {"?"}, {" ", 6.0f, KeyKind::space}, {"", 2.0f, KeyKind::clear}},
    };
    return portrait ? tall : wide;
}

// "Xóa hết" empties a short comment at once; a longer one asks first. Past a line of text
// (20 characters: a few words) the comment is minutes of work on these keys for many citizens, and
// the key sits at the keyboard's edge where a hand reaching for space or delete can touch it; a few
// words are quicker to type again than a question is to answer.
constexpr std::size_t clear_asks_over = 20;

void clear_confirmation(ScreenFrame& f) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    Rect a = modal_card(f, f.px(1100), f.px(460));
    const Rect footer = a.cut_bottom(f.target(110), f.px(28));
    const auto cells = footer.columns(2, f.px(28));
    ButtonOptions keep;
    keep.kind = ButtonKind::primary;
    keep.is_default = true;
    if (ui.button("clear_confirm.keep", ui.t("kiosk.comment.clear_confirm.keep"), cells[0], keep)) f.state.confirm_clear = false;
    ButtonOptions clear;
    clear.kind = ButtonKind::danger;
    if (ui.button("clear_confirm.clear", ui.t("kiosk.comment.clear_confirm.clear"), cells[1], clear)) {
        f.state.confirm_clear = false;
        f.state.comment_input.clear();
        f.emit(action::SetComment{""});
    }
    const float th = ui.text(TextStyle::heading, ui.t("kiosk.comment.clear_confirm.title"), a.min(), a.w, pal.text, Align::center);
    a.cut_top(th, f.px(24));
    ui.text(TextStyle::body, ui.t("kiosk.comment.clear_confirm.body"), a.min(), a.w, pal.muted, Align::center);
}

}  // namespace

void comment_screen(ScreenFrame& f) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    const bool portrait = ui.m().portrait;
    Rect a = f.area.inset(f.px(portrait ? 16 : 40), f.px(22));
    const std::string& comment = f.flow.answers().comment;
    VietnameseInput& input = f.state.comment_input;
    // Behind the clear's question nothing answers a tap or a key.
    const bool asking = f.state.confirm_clear;
    if (asking) ui.set_inert(true);

    // Top: title, the input method, done; the method buttons alike, as wide as the widest word
    // needs, and "Xong" giving the title room down to its own word's need. The bar grows when the
    // title must take two lines all the same.
    struct MethodButton {
        VietnameseInput::Method method;
        const char* id;
        std::string_view key;
    };
    const MethodButton methods[3] = {{VietnameseInput::Method::off, "method.off", "kiosk.comment.method_off"},
                                     {VietnameseInput::Method::vni, "method.vni", "kiosk.comment.method_vni"},
                                     {VietnameseInput::Method::telex, "method.telex", "kiosk.comment.method_telex"}};
    const float button_h = f.target(92);
    const float method_gap = f.px(14);
    float method_w = std::min(f.target(190), a.w / (portrait ? 3.2f : 6.0f));
    // The chosen one shows a tick beside its words (Ui::button).
    const float tick = std::min(button_h * 0.36f, f.px(40)) + f.px(10);
    for (const MethodButton& m : methods)
        method_w = std::max(method_w, label_width(ui, TextStyle::body_bold, ui.t(m.key), button_h) + tick);
    const std::string title = ui.t("kiosk.comment.title");
    const std::string done_label = ui.t("kiosk.common.done");
    const float methods_w = portrait ? 0.0f : 3 * method_w + 3 * method_gap;
    const float title_w = ui.measure(TextStyle::heading, title, 0).x + 1;
    const float done_w = std::max(std::min(f.px(300), a.w * 0.3f), label_width(ui, TextStyle::body_bold, done_label, button_h));
    const float done_room = std::max(label_width(ui, TextStyle::body_bold, done_label, button_h),
                                     std::min(done_w, a.w - methods_w - f.px(20) - title_w));
    const float title_room = a.w - methods_w - f.px(20) - done_room;
    Rect bar = a.cut_top(std::max(button_h, ui.measure(TextStyle::heading, title, title_room).y), f.px(16));
    Rect methods_bar = portrait ? a.cut_top(button_h, f.px(16)) : bar;
    ButtonOptions done;
    done.kind = ButtonKind::primary;
    done.is_default = true;
    if (ui.button("done", done_label, bar.cut_right(done_room, f.px(20)).centered(done_room, button_h), done))
        f.emit(action::Done{});
    if (portrait) methods_bar = methods_bar.centered(3 * method_w + 2 * method_gap, methods_bar.h);
    for (const MethodButton& m : methods) {
        ButtonOptions o;
        o.kind = ButtonKind::choice;
        o.selected = input.method() == m.method;
        o.style = TextStyle::body_bold;
        const Rect r = portrait ? methods_bar.cut_left(method_w, method_gap) : bar.cut_right(method_w, method_gap).centered(method_w, button_h);
        if (ui.button(m.id, ui.t(m.key), r, o)) {
            input.set_method(m.method);
            f.state.method_chosen = true;
        }
    }
    ui.text_in(TextStyle::heading, title, bar, pal.text, Align::left);

    // The text so far, its last lines if it is long, with a caret and a character count.
    const float line = ui.font_size(TextStyle::body) * 1.18f;
    const float box_lines = portrait ? 7.0f : (ui.m().display.y < 900 ? 2.0f : 3.0f);
    Rect box = a.cut_top(line * box_lines + f.px(36), f.px(10));
    ui.fill(box, pal.surface, f.px(14));
    ui.frame(box, pal.outline, std::max(2.0f, 2 * ui.m().unit), f.px(14));
    const Rect inner = box.inset(f.px(20), f.px(16));
    const std::size_t count = count_code_points(comment);
    if (comment.empty()) {
        ui.text(TextStyle::body, ui.t("kiosk.comment.placeholder"), inner.min(), inner.w, pal.muted);
    } else {
        // Show the tail that fits: drop leading words until the wrapped text has box_lines lines.
        std::string_view shown = comment;
        while (ui.measure(TextStyle::body, std::string(shown) + "|", inner.w - f.px(10)).y > line * (box_lines - 1) + ui.font_size(TextStyle::body) + 1) {
            const auto space = shown.find_first_of(" \n");
            shown.remove_prefix(space == std::string_view::npos ? std::min<std::size_t>(shown.size(), 8) : space + 1);
            while (!shown.empty() && (static_cast<unsigned char>(shown.front()) & 0xC0) == 0x80) shown.remove_prefix(1);
        }
        ui.text(TextStyle::body, std::string(shown) + "|", inner.min(), inner.w - f.px(10), pal.text);
    }
    const std::string counter = ui.t(Message("kiosk.comment.count", {{"count", std::to_string(count)}, {"max", std::to_string(max_comment_chars)}}));
    const ImVec2 cs = ui.measure(TextStyle::small, counter, 0);
    ui.text(TextStyle::small, counter, {box.right() - cs.x - f.px(16), box.bottom() + f.px(4)}, cs.x, pal.muted);

    // How the method works, in one line.
    const std::string_view hint_key = input.method() == VietnameseInput::Method::telex ? "kiosk.comment.hint_telex"
                                      : input.method() == VietnameseInput::Method::vni ? "kiosk.comment.hint_vni"
                                                                                      : "kiosk.comment.hint_off";
    const std::string hint_text = ui.t(hint_key);
    const float hint_w = a.w - cs.x - f.px(30);
    const Rect hint = a.cut_top(ui.measure(TextStyle::small, hint_text, hint_w).y + f.px(8), f.px(12));
    ui.text(TextStyle::small, hint_text, {hint.x, hint.y + f.px(4)}, hint_w, pal.muted);

    // Keys: the on-screen ones and a physical keyboard's.
    const bool full = count >= max_comment_chars;
    const auto type = [&](std::string_view keys) {
        input.set_text(comment);
        for (const char c : keys) {
            if (static_cast<unsigned char>(c) < 0x80) {
                if (count_code_points(input.text()) < max_comment_chars) input.key(c);
            }
        }
        if (input.text() != comment) f.emit(action::SetComment{input.text()});
    };
    const KeyboardInput keys = keyboard(f, a, layout(portrait), "key", f.state.shift);
    if (keys.delete_words > 0 && !comment.empty()) {
        std::string left = comment;
        for (int i = 0; i < keys.delete_words; ++i) left = drop_last_word(left);
        input.set_text(left);
        f.emit(action::SetComment{left});
    }
    if (const KeyDef* k = keys.pressed) {
        switch (k->kind) {
        case KeyKind::text:
            if (!full) {
                std::string typed = k->text;
                if (f.state.shift && typed[0] >= 'a' && typed[0] <= 'z') typed[0] = static_cast<char>(typed[0] - 'a' + 'A');
                type(typed);
            }
            f.state.shift = false;
            break;
        case KeyKind::space:
            if (!full) type(" ");
            break;
        case KeyKind::shift: f.state.shift = !f.state.shift; break;
        case KeyKind::backspace:
            input.set_text(comment);
            input.backspace();
            f.emit(action::SetComment{input.text()});
            break;
        case KeyKind::clear:
            if (count > clear_asks_over) {
                f.state.confirm_clear = true;
            } else if (!comment.empty()) {
                input.clear();
                f.emit(action::SetComment{""});
            }
            break;
        }
    }
    if (asking) {
        ui.set_inert(f.flow.warning());
        clear_confirmation(f);
        return;
    }
    if (!f.keys.typed.empty() && !full) type(f.keys.typed);
    if (f.keys.backspace && !comment.empty()) {
        input.set_text(comment);
        input.backspace();
        f.emit(action::SetComment{input.text()});
    }
}

}  // namespace hailong::kiosk
