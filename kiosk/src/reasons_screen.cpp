// "What went wrong": the survey's reasons as tiles to tick (digits 1..9 tick them from a keypad),
// and the ways to a comment, a call-back number and the dossier code; the footer sends. Where the
// tiles cannot all stand at their labels' height (a small display, large text), they come in
// pages, turned by the buttons at each side of the hint, which say the page and how many
// reasons are chosen on all pages; the choices stay as the pages turn.
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
    const Palette& pal = ui.pal();
    Rect a = f.area.inset(f.px(48), f.px(28));
    const bool portrait = ui.m().portrait;
    const Answers& answers = f.flow.answers();

    // Footer: comment, phone, dossier, send. In a row, each cell at least as wide as its
    // label's longest line (a dossier code is never broken), the rest shared; else two rows of
    // two, halves where each label has the room, else by need; a pair that cannot share a row by
    // need goes one to a row.
    std::string comment = ui.t(answers.comment.empty() ? "kiosk.reasons.comment" : "kiosk.reasons.comment_edit");
    if (!answers.comment.empty()) comment += "\n" + preview(answers.comment, 18);
    std::string contact = ui.t("kiosk.reasons.contact");
    if (!answers.contact.empty()) contact += "\n" + group_digits(answers.contact);
    std::string dossier = ui.t("kiosk.tt01.dossier");
    if (!answers.dossier.empty()) dossier += "\n" + answers.dossier;
    const std::string send = ui.t("kiosk.common.send");
    const float footer_h = f.target(120);
    const float footer_gap = f.px(20);
    // Ui::button keeps 24 units clear at each side of a label (and a pixel for rounding).
    const float label_pad = 2 * f.px(24) + 2;
    std::vector<float> needs;
    for (const std::string& label : {comment, contact, dossier, send})
        needs.push_back(ui.measure(TextStyle::body_bold, label, 0).x);
    std::vector<Rect> cells;
    if (!portrait) {
        cells = columns_by_need(a.cut_bottom(footer_h, f.px(28)), needs, footer_gap, label_pad);
        if (cells.empty()) a.h += footer_h + f.px(28);  // give the row back
    }
    if (cells.empty()) {
        const auto fits = [&](std::size_t i, std::size_t j, float width) { return needs[i] + label_pad <= width && needs[j] + label_pad <= width; };
        const auto by_need = [&](std::size_t i, std::size_t j) {
            return !columns_by_need(Rect{0, 0, a.w, 1}, {needs[i], needs[j]}, footer_gap, label_pad).empty();
        };
        const bool first_shares = by_need(0, 1), second_shares = by_need(2, 3);
        const int n_rows = (first_shares ? 1 : 2) + (second_shares ? 1 : 2);
        Rect footer = a.cut_bottom(static_cast<float>(n_rows) * (footer_h + footer_gap) - footer_gap, f.px(28));
        for (const auto& [i, j, shares] : {std::tuple{0u, 1u, first_shares}, std::tuple{2u, 3u, second_shares}}) {
            if (!shares) {
                cells.push_back(footer.cut_top(footer_h, footer_gap));
                cells.push_back(footer.cut_top(footer_h, footer_gap));
                continue;
            }
            const Rect row = footer.cut_top(footer_h, footer_gap);
            const float half = (row.w - footer_gap) / 2;
            const auto pair = fits(i, j, half) ? row.columns(2, footer_gap)
                                                : columns_by_need(row, {needs[i], needs[j]}, footer_gap, label_pad);
            cells.insert(cells.end(), pair.begin(), pair.end());
        }
    }
    ButtonOptions so;
    so.style = TextStyle::body_bold;
    if (ui.button("open_comment", comment, cells[0], so)) f.emit(action::OpenComment{});
    if (ui.button("open_contact", contact, cells[1], so)) f.emit(action::OpenContact{});
    if (ui.button("open_dossier", dossier, cells[2], so)) f.emit(action::OpenDossier{});
    ButtonOptions po;
    po.kind = ButtonKind::primary;
    po.is_default = true;
    if (ui.button("next", send, cells[3], po)) f.emit(action::Next{});

    const auto& reasons = f.flow.survey().reasons;
    const int n = static_cast<int>(reasons.size());
    const std::string title = ui.t("kiosk.reasons.title");
    const std::string hint = ui.t("kiosk.reasons.hint");
    if (n == 0) {
        screen_title(f, a, title, hint);
        return;
    }

    // The tiles: as tall as their longest label needs (beside the check box, clear of the
    // digit's badge: ui.cpp), never under a touch target.
    const int cols = portrait ? 1 : 2;
    const float gap = f.px(18);
    const float col_gap = f.px(24);
    const float tile_w = (a.w - col_gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const float side = std::min(f.px(24), tile_w * 0.08f);
    const float badge = 2 * std::max(f.px(16), ui.font_size(TextStyle::small) * 0.62f) + f.px(14);
    const float wrap = tile_w - side - f.px(56 + 20) - std::max(side, badge);
    float need = ui.m().min_target;
    for (const SurveyReason& reason : reasons)
        need = std::max(need, ui.measure(TextStyle::body, reason.label(ui.translator(), f.flow.lang()), wrap).y + f.px(16) + 2);
    const auto rows_in = [&](float height) { return static_cast<int>((height + gap) / (need + gap)); };

    // All on one page when they fit under the title and hint; else pages, the hint between the
    // page buttons, over the page's number and how many reasons are chosen on all pages.
    const float title_h = ui.measure(TextStyle::heading, title, a.w).y + f.px(12) + f.px(20);
    const float hint_h = ui.measure(TextStyle::body, hint, a.w).y + f.px(8);
    const bool paged = rows_in(a.h - title_h - hint_h) * cols < n;
    if (!paged) a = screen_title(f, a, title, hint);
    int first = 0, count = n, rows = (n + cols - 1) / cols;
    if (paged) {
        a = screen_title(f, a, title);
        const float button_w = std::max(f.target(120), ui.m().min_target);
        const float middle_w = a.w - 2 * (button_w + col_gap);
        const std::string chosen =
            answers.reasons.empty() ? ui.t("kiosk.reasons.none_chosen")
                                    : ui.t(Message("kiosk.reasons.chosen", {{"count", std::to_string(answers.reasons.size())}}));
        const auto page_of = [&](int page, int pages) {
            return ui.t(Message("kiosk.reasons.page", {{"page", std::to_string(page + 1)}, {"pages", std::to_string(pages)}}));
        };
        const auto status_for = [&](int page, int pages) { return page_of(page, pages) + " · " + chosen; };
        // The row of the page buttons is as tall as its words, and the rows of tiles under it
        // make the pages: measured with a page number as wide as any.
        const float words_h = ui.measure(TextStyle::body, hint, middle_w).y + f.px(8) +
                              ui.measure(TextStyle::body_bold, status_for(8, 9), middle_w).y;
        const Rect nav = a.cut_top(std::max(f.target(100), words_h + f.px(16)), gap);
        rows = std::max(1, rows_in(a.h));
        const int per_page = rows * cols;
        const int pages = (n + per_page - 1) / per_page;
        int& page = f.state.reasons_page;
        page = std::clamp(page, 0, pages - 1);
        first = page * per_page;
        count = std::min(per_page, n - first);

        const Rect previous{nav.x, nav.y, button_w, nav.h};
        const Rect next{nav.right() - button_w, nav.y, button_w, nav.h};
        const auto chevron = [&](const Rect& r, bool enabled, float dir) {
            const ImVec2 c = r.center();
            const float s = std::min(r.h, r.w) * 0.4f;
            const ImVec2 points[3] = {{c.x + dir * s * 0.2f, c.y - s * 0.45f}, {c.x - dir * s * 0.3f, c.y}, {c.x + dir * s * 0.2f, c.y + s * 0.45f}};
            ui.draw()->AddPolyline(points, 3, enabled ? pal.secondary_text : pal.disabled_text, 0, std::max(3.0f, s * 0.16f));
        };
        const std::string status = status_for(page, pages);
        const std::string spoken = page_of(page, pages) + ". " + chosen + ".";  // without the "·"
        ButtonOptions back;
        back.enabled = page > 0;
        back.context = spoken;
        if (ui.button("reasons.previous", "", previous, back)) --page;
        chevron(previous, back.enabled, 1.0f);
        ButtonOptions on;
        on.enabled = page + 1 < pages;
        on.context = spoken;
        if (ui.button("reasons.next", "", next, on)) ++page;
        chevron(next, on.enabled, -1.0f);
        Rect middle{previous.right() + col_gap, nav.y, middle_w, nav.h};
        const float hint_lines = ui.measure(TextStyle::body, hint, middle_w).y;
        const float status_h = ui.measure(TextStyle::body_bold, status, middle_w).y;
        middle = middle.centered(middle_w, hint_lines + f.px(8) + status_h);
        ui.text(TextStyle::body, hint, middle.min(), middle_w, pal.muted, Align::center);
        ui.text(TextStyle::body_bold, status, {middle.x, middle.y + hint_lines + f.px(8)}, middle_w, pal.text, Align::center);
    }

    const int shown_rows = (count + cols - 1) / cols;
    const float row_h = std::min((a.h - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows), f.target(130));
    // A page's tiles start at the top, where the first page's are: rows do not move between pages.
    const float grid_h = paged ? row_h * static_cast<float>(rows) + gap * static_cast<float>(rows - 1)
                               : row_h * static_cast<float>(shown_rows) + gap * static_cast<float>(shown_rows - 1);
    const Rect grid = a.centered(a.w, grid_h);
    const auto columns = grid.columns(cols, col_gap);
    for (int k = 0; k < count; ++k) {
        const int i = first + k;
        const SurveyReason& reason = reasons[static_cast<std::size_t>(i)];
        const Rect col = columns[static_cast<std::size_t>(k % cols)];
        const Rect cell{col.x, col.y + static_cast<float>(k / cols) * (row_h + gap), col.w, row_h};
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
