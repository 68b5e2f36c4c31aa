// "What went wrong": the survey's reasons as tiles to tick (digits 1..9 tick them from a keypad),
// and the ways to a comment, a call-back number and the dossier code; the footer sends.
#include <algorithm>

#include "hailong/text.hpp"
#include "screens.hpp"

namespace hailong::kiosk {

namespace {

// The first characters of a comment, for the button that opens it again.
std::string preview(const std::string& text, std::size_t max_chars) {
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if ((byte & 0xC0) != 0x80 && chars++ == max_chars) return out + "…";
        out += text[i] == '\n' ? ' ' : text[i];
    }
    return out;
}

}  // namespace

void reasons_screen(ScreenFrame& f) {
    Ui& ui = f.ui;
    Rect a = f.area.inset(f.px(48), f.px(28));
    const bool portrait = ui.m().portrait;
    const Answers& answers = f.flow.answers();

    // Footer: comment, phone, dossier, send. In a row, each cell at least as wide as its
    // label's longest line (a dossier code is never broken), the rest shared; two rows of two
    // when the row cannot give every label its width (portrait, or large text on a small screen).
    std::string comment = ui.t(answers.comment.empty() ? "kiosk.reasons.comment" : "kiosk.reasons.comment_edit");
    if (!answers.comment.empty()) comment += "\n" + preview(answers.comment, 18);
    std::string contact = ui.t("kiosk.reasons.contact");
    if (!answers.contact.empty()) contact += "\n" + group_digits(answers.contact);
    std::string dossier = ui.t("kiosk.tt01.dossier");
    if (!answers.dossier.empty()) dossier += "\n" + answers.dossier;
    const float footer_h = f.target(120);
    const float footer_gap = f.px(20);
    std::vector<Rect> cells;
    if (!portrait) {
        std::vector<float> needs;
        for (const std::string* label : {&comment, &contact, &dossier})
            needs.push_back(ui.measure(TextStyle::body_bold, *label, 0).x);
        needs.push_back(ui.measure(TextStyle::body_bold, ui.t("kiosk.common.send"), 0).x);
        // Ui::button keeps 24 units clear at each side of a label (and a pixel for rounding).
        cells = columns_by_need(a.cut_bottom(footer_h, f.px(28)), needs, footer_gap, 2 * f.px(24) + 2);
        if (cells.empty()) a.h += footer_h + f.px(28);  // give the row back
    }
    if (cells.empty()) {
        const Rect footer = a.cut_bottom(2 * footer_h + footer_gap, f.px(28));
        for (const Rect& row : footer.rows(2, footer_gap))
            for (const Rect& c : row.columns(2, footer_gap)) cells.push_back(c);
    }
    ButtonOptions so;
    so.style = TextStyle::body_bold;
    if (ui.button("open_comment", comment, cells[0], so)) f.emit(action::OpenComment{});
    if (ui.button("open_contact", contact, cells[1], so)) f.emit(action::OpenContact{});
    if (ui.button("open_dossier", dossier, cells[2], so)) f.emit(action::OpenDossier{});
    ButtonOptions po;
    po.kind = ButtonKind::primary;
    po.is_default = true;
    if (ui.button("next", ui.t("kiosk.common.send"), cells[3], po)) f.emit(action::Next{});

    a = screen_title(f, a, ui.t("kiosk.reasons.title"), ui.t("kiosk.reasons.hint"));

    const auto& reasons = f.flow.survey().reasons;
    const int n = static_cast<int>(reasons.size());
    if (n == 0) return;
    const int cols = portrait ? 1 : 2;
    const int rows = (n + cols - 1) / cols;
    const float gap = f.px(18);
    const float row_h = std::min((a.h - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows), f.target(130));
    const Rect grid = a.centered(a.w, row_h * static_cast<float>(rows) + gap * static_cast<float>(rows - 1));
    const auto columns = grid.columns(cols, f.px(24));
    for (int i = 0; i < n; ++i) {
        const SurveyReason& reason = reasons[static_cast<std::size_t>(i)];
        const Rect col = columns[static_cast<std::size_t>(i % cols)];
        const Rect cell{col.x, col.y + static_cast<float>(i / cols) * (row_h + gap), col.w, row_h};
        ButtonOptions o;
        o.kind = ButtonKind::choice;
        o.check = true;
        o.align = Align::left;
        o.style = TextStyle::body;
        o.shortcut = i < 9 ? i + 1 : -1;
        o.selected = std::find(answers.reasons.begin(), answers.reasons.end(), reason.code) != answers.reasons.end();
        if (ui.button("reason." + reason.code, reason.label(ui.translator(), f.flow.lang()), cell, o)) f.emit(action::ToggleReason{reason.code});
    }
}

}  // namespace hailong::kiosk
