// "Tra cứu phản ánh": the tracking code of an earlier complaint, typed on a keyboard of exactly
// the symbols a code can hold (2-9 and the letters without I, L, O), in alphabetical order so a
// citizen reading the code off a slip finds each symbol quickly. The code's check symbol is
// verified as soon as all eight are there: a mistyped code is pointed out before anything is
// asked of the server.
#include <algorithm>

#include "screens.hpp"

namespace hailong::kiosk {

namespace {

const std::vector<std::vector<KeyDef>>& layout() {
    static const std::vector<std::vector<KeyDef>> rows = {
        {{"2"}, {"3"}, {"4"}, {"5"}, {"6"}, {"7"}, {"8"}, {"9"}, {"", 2.0f, KeyKind::backspace}},
        {{"A"}, {"B"}, {"C"}, {"D"}, {"E"}, {"F"}, {"G"}, {"H"}, {"J"}, {"K"}},
        {{"M"}, {"N"}, {"P"}, {"Q"}, {"R"}, {"S"}, {"T"}, {"U"}, {"V"}, {"W"}},
        {{"X"}, {"Y"}, {"Z"}, {"", 2.0f, KeyKind::clear}},
    };
    return rows;
}

// "3AU3X4XC" -> "3AU-3X4X-C", as far as it goes.
std::string with_dashes(const std::string& symbols) {
    std::string out;
    for (std::size_t i = 0; i < symbols.size(); ++i) {
        if (i == 3 || i == 7) out += '-';
        out += symbols[i];
    }
    return out;
}

}  // namespace

void lookup_screen(ScreenFrame& f) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    Rect a = f.area.inset(f.px(ui.m().portrait ? 16 : 40), f.px(16));
    const std::string& code = f.flow.lookup_code();
    const bool complete = code.size() == tracking_code_symbols;
    const bool valid = f.flow.lookup_code_valid().has_value();

    const Rect bar = a.cut_top(f.target(92), f.px(12));
    ButtonOptions go;
    go.kind = ButtonKind::primary;
    go.is_default = true;
    go.enabled = valid;
    Rect title = bar;
    if (ui.button("lookup", ui.t("kiosk.lookup.search"), title.cut_right(std::min(f.px(340), bar.w * 0.34f), f.px(20)), go))
        f.emit(action::SubmitLookup{});
    ui.text_in(TextStyle::heading, ui.t("kiosk.lookup.title"), title, pal.text, Align::left);
    a.cut_top(ui.text(TextStyle::body, ui.t("kiosk.lookup.hint"), a.min(), a.w, pal.muted), f.px(12));

    const Rect box = a.cut_top(f.target(104), f.px(8));
    entry_box(f, box, with_dashes(code), ui.t("kiosk.lookup.placeholder"));
    const char* note = complete && !valid ? "kiosk.lookup.mistyped" : "kiosk.lookup.symbols";
    a.cut_top(ui.text(TextStyle::body_bold, ui.t(note), a.min(), a.w, complete && !valid ? pal.danger : pal.muted, Align::center),
              f.px(12));

    const auto type = [&](std::string_view typed) {
        std::string next = code;
        for (const char c : typed) next += c;  // the flow keeps the symbols and the length
        if (next != code) f.emit(action::SetLookupCode{next});
    };
    const auto erase = [&] {
        if (!code.empty()) f.emit(action::SetLookupCode{code.substr(0, code.size() - 1)});
    };
    // Eight symbols: "Xóa hết" empties them without asking; held, delete takes them all at once.
    const KeyboardInput keys = keyboard(f, a, layout(), "key");
    if (keys.delete_words > 0 && !code.empty()) f.emit(action::SetLookupCode{drop_last_word(code)});
    if (const KeyDef* k = keys.pressed) {
        if (k->kind == KeyKind::backspace) {
            erase();
        } else if (k->kind == KeyKind::clear) {
            if (!code.empty()) f.emit(action::SetLookupCode{""});
        } else {
            type(k->text);
        }
    }
    if (!f.keys.typed.empty()) type(f.keys.typed);
    if (f.keys.backspace) erase();
}

}  // namespace hailong::kiosk
