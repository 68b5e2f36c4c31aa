// The dossier code from the appointment slip (phiếu hẹn), e.g. 000.00.12.H56-261120-0001: digits,
// capital letters and . - /, on an on-screen keyboard or a physical one.
#include <algorithm>

#include "hailong/text.hpp"
#include "screens.hpp"

namespace hailong::kiosk {

namespace {

const std::vector<std::vector<KeyDef>>& layout(bool portrait) {
    static const std::vector<std::vector<KeyDef>> wide = {
        {{"1"}, {"2"}, {"3"}, {"4"}, {"5"}, {"6"}, {"7"}, {"8"}, {"9"}, {"0"}, {"", 1.0f, KeyKind::backspace}},
        {{"Q"}, {"W"}, {"E"}, {"R"}, {"T"}, {"Y"}, {"U"}, {"I"}, {"O"}, {"P"}, {"/"}},
        {{"A"}, {"S"}, {"D"}, {"F"}, {"G"}, {"H"}, {"J"}, {"K"}, {"L"}, {"."}, {"-"}},
        {{"Z"}, {"X"}, {"C"}, {"V"}, {"B"}, {"N"}, {"M"}, {"", 2.0f, KeyKind::clear}},
    };
    static const std::vector<std::vector<KeyDef>> tall = {
        {{"1"}, {"2"}, {"3"}, {"4"}, {"5"}, {"6"}, {"7"}, {"8"}, {"9"}, {"0"}},
        {{"Q"}, {"W"}, {"E"}, {"R"}, {"T"}, {"Y"}, {"U"}, {"I"}, {"O"}, {"P"}},
        {{"A"}, {"S"}, {"D"}, {"F"}, {"G"}, {"H"}, {"J"}, {"K"}, {"L"}, {"", 1.0f, KeyKind::backspace}},
        {{"Z"}, {"X"}, {"C"}, {"V"}, {"B"}, {"N"}, {"M"}, {"."}, {"-"}, {"/"}},
        {{"", 3.0f, KeyKind::clear}},
    };
    return portrait ? tall : wide;
}

bool code_character(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '/' || c == '_';
}

}  // namespace

void dossier_screen(ScreenFrame& f) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    Rect a = f.area.inset(f.px(ui.m().portrait ? 16 : 40), f.px(16));
    const std::string& code = f.flow.answers().dossier;

    // The title beside "Xong", the bar as tall as the title's lines need (two in English in portrait).
    const std::string title = ui.t("kiosk.dossier.title");
    const float done_w = std::min(f.px(300), a.w * 0.3f);
    const float bar_h = std::max(f.target(92), ui.measure(TextStyle::heading, title, a.w - done_w - f.px(20)).y);
    Rect bar = a.cut_top(bar_h, f.px(16));
    ButtonOptions done;
    done.kind = ButtonKind::primary;
    done.is_default = true;
    done.enabled = f.flow.dossier_acceptable();
    if (ui.button("done", ui.t("kiosk.common.done"), bar.cut_right(done_w, f.px(20)), done)) f.emit(action::Done{});
    ui.text_in(TextStyle::heading, title, bar, pal.text, Align::left);
    const float hint_h = ui.text(TextStyle::body, ui.t("kiosk.dossier.hint"), a.min(), a.w, pal.muted);
    a.cut_top(hint_h, f.px(16));

    const Rect box = a.cut_top(f.target(104), f.px(16));
    entry_box(f, box, code, ui.t("kiosk.dossier.placeholder"));
    if (const float info_h = dossier_info_line(f, a); info_h > 0) a.cut_top(info_h, f.px(16));

    const auto type = [&](std::string_view typed) {
        std::string next = code;
        for (char c : typed) {
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
            if (code_character(c) && next.size() < max_code_length) next += c;
        }
        if (next != code) f.emit(action::SetDossier{next});
    };
    // A code is short and read off a slip: "Xóa hết" empties it without asking.
    const KeyboardInput keys = keyboard(f, a, layout(ui.m().portrait), "key");
    if (keys.delete_words > 0 && !code.empty()) {
        std::string left = code;
        for (int i = 0; i < keys.delete_words; ++i) left = drop_last_word(left);
        f.emit(action::SetDossier{left});
    }
    if (const KeyDef* k = keys.pressed) {
        if (k->kind == KeyKind::backspace) {
            if (!code.empty()) f.emit(action::SetDossier{code.substr(0, code.size() - 1)});
        } else if (k->kind == KeyKind::clear) {
            if (!code.empty()) f.emit(action::SetDossier{""});
        } else {
            type(k->text);
        }
    }
    if (!f.keys.typed.empty()) type(f.keys.typed);
    if (f.keys.backspace && !code.empty()) f.emit(action::SetDossier{code.substr(0, code.size() - 1)});
}

}  // namespace hailong::kiosk
