// The four TT 01/2018 questions (time against the appointment, contacts, agencies, harassment),
// each a single tap, each skippable; the footer submits (or leads to "what went wrong") and
// opens the dossier code entry. Where the four do not fit on one screen (a small display, large
// text) they take two pages of two: the first page's footer holds the dossier code and the way to
// questions 3 and 4, the second's the way back and the way on. Turning a page submits nothing; the
// answers are the flow's, whichever page shows them.
#include <algorithm>
#include <cmath>
#include <functional>

#include "screens.hpp"

namespace hailong::kiosk {

namespace {

struct Question {
    std::string id;
    std::string_view question;
    std::vector<std::string_view> options;  // catalogue keys
    std::optional<int> chosen;              // index into options
    std::function<Action(std::optional<int>)> answer;
};

template <class E>
std::optional<int> index_of(const std::optional<E>& e) {
    return e ? std::optional<int>(static_cast<int>(*e)) : std::nullopt;
}

template <class E>
std::optional<E> value_of(std::optional<int> i) {
    return i ? std::optional<E>(static_cast<E>(*i)) : std::nullopt;
}

constexpr float answer_gap = 16;  // between the answers of a question

// The answers' cells of a question in `area`: two answers (harassment) take the width of two of
// three, so that they line up under the others.
std::vector<Rect> answer_cells(const ScreenFrame& f, const Rect& area, int n, float gap) {
    Rect span = area;
    if (n == 2) span.w = (area.w - gap) * 2 / 3;
    return span.columns(n, f.px(answer_gap));
}

// The height of the tallest answer's button: its words at the cell's width, inside Ui::button's
// insets (8 units above and below, up to 24 at each side).
float answers_height(const ScreenFrame& f, const Question& q, float width, float gap) {
    const std::vector<Rect> cells = answer_cells(f, {0, 0, width, 1}, static_cast<int>(q.options.size()), gap);
    float tallest = 0;
    for (std::size_t i = 0; i < q.options.size(); ++i) {
        const float text_w = cells[i].w - 2 * std::min(f.px(24), cells[i].w * 0.08f);
        tallest = std::max(tallest, f.ui.measure(TextStyle::body, f.ui.t(q.options[i]), text_w).y);
    }
    return tallest + 2 * f.px(8) + 2;
}

}  // namespace

void tt01_screen(ScreenFrame& f) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    Rect a = f.area.inset(f.px(48), f.px(28));
    const bool portrait = ui.m().portrait;

    // Footer: its two places, filled below once the pages are known. The left one holds the
    // dossier code (or, on the second page, the way back), as wide as the code needs: it has no
    // space to wrap at. Both as tall as their labels need.
    const Answers& answers = f.flow.answers();
    std::string dossier_label = ui.t("kiosk.tt01.dossier");
    if (!answers.dossier.empty()) dossier_label += "\n" + answers.dossier;
    const std::string more_label = ui.t("kiosk.tt01.more");
    const std::string back_label = ui.t("kiosk.tt01.back_to_first");
    const std::string next_label = ui.t(f.flow.wants_reasons() ? "kiosk.common.next" : "kiosk.common.send");
    const float footer_gap = f.px(24);
    float right_w = std::min(f.px(620), a.w * 0.5f);
    float left_w = std::min(f.px(620), a.w - right_w - footer_gap);
    // Room for a code kept whether one is given or not, so that typing one changes nothing else.
    const std::string code = answers.dossier.empty() ? std::string("000.00.00.H00-000000-0000") : answers.dossier;
    const float code_w = ui.measure(TextStyle::body_bold, code, 0).x + 2 * f.px(24) + 2;
    if (code_w > left_w) {
        left_w = std::min(code_w, a.w - footer_gap - f.target(200));
        right_w = std::min(right_w, a.w - footer_gap - left_w);
    }
    const auto label_h = [&](std::string_view label, float width) {
        const float text_w = width - 2 * std::min(f.px(24), width * 0.08f);
        return std::ceil(ui.measure(TextStyle::body_bold, label, text_w).y + 2 * f.px(8) + 2);
    };
    const float footer_h = std::max({f.target(110), label_h(ui.t("kiosk.tt01.dossier") + "\n" + code, left_w), label_h(back_label, left_w),
                                     label_h(more_label, right_w), label_h(next_label, right_w)});
    Rect footer = a.cut_bottom(footer_h, footer_gap);
    const Rect right_button = footer.cut_right(right_w, footer_gap);
    const Rect left_button = footer.cut_left(left_w, 0);

    // What the server knows of the dossier code given (scanned or typed), above the footer.
    const auto& info = f.flow.dossier_info();
    if (f.flow.dossier_checking() || (info && info->outcome != DossierInfo::Outcome::unavailable)) {
        const float lines = info && info->rated_at_stage ? 2.6f : 1.4f;
        dossier_info_line(f, a.cut_bottom(ui.font_size(TextStyle::body) * lines, f.px(12)));
    }

    a = screen_title(f, a, ui.t("kiosk.tt01.title"), ui.t("kiosk.tt01.hint"));

    const Tt01Choices& c = answers.tt01;
    const std::vector<Question> questions = {
        {"time", "kiosk.tt01.time.question",
         {"kiosk.tt01.time.earlier", "kiosk.tt01.time.on_time", "kiosk.tt01.time.late"},
         index_of(c.time),
         [](std::optional<int> i) { return Action(action::AnswerTime{value_of<TimeAnswer>(i)}); }},
        {"contacts", "kiosk.tt01.contacts.question",
         {"kiosk.tt01.contacts.none", "kiosk.tt01.contacts.once", "kiosk.tt01.contacts.more"},
         index_of(c.contacts),
         [](std::optional<int> i) { return Action(action::AnswerContacts{value_of<ContactsAnswer>(i)}); }},
        {"agencies", "kiosk.tt01.agencies.question",
         {"kiosk.tt01.agencies.none", "kiosk.tt01.agencies.one_stop_only", "kiosk.tt01.agencies.more"},
         index_of(c.agencies),
         [](std::optional<int> i) { return Action(action::AnswerAgencies{value_of<AgenciesAnswer>(i)}); }},
        {"harassment", "kiosk.tt01.harassment.question",
         {"kiosk.tt01.harassment.no", "kiosk.tt01.harassment.yes"},
         index_of(c.harassment),
         [](std::optional<int> i) { return Action(action::AnswerHarassment{value_of<HarassmentAnswer>(i)}); }},
    };

    // What each question needs: its words, and its answers' words at their cells' width, never
    // less than a touch target; in portrait the question above its answers.
    const float gap = f.px(portrait ? 44 : 18);
    const float label_w = a.w * 0.36f;
    const float answers_w = portrait ? a.w : a.w - label_w - f.px(24);
    std::vector<float> answer_h, need;
    for (const Question& q : questions) {
        const float text_h = ui.measure(TextStyle::body_bold, ui.t(q.question), portrait ? a.w : label_w).y;
        answer_h.push_back(std::max(answers_height(f, q, answers_w, gap), portrait ? f.target(120) : f.target(90)));
        need.push_back(portrait ? text_h + f.px(14) + answer_h.back() : std::max(text_h, answer_h.back()));
    }
    const auto total = [&](std::size_t from, std::size_t count) {
        float sum = gap * static_cast<float>(count - 1);
        for (std::size_t q = from; q < from + count; ++q) sum += need[q];
        return sum;
    };
    // One page while the four fit, else two of two.
    const bool paged = total(0, questions.size()) > a.h;
    int& page = f.state.tt01_page;
    if (!paged) page = 0;
    const std::size_t first = paged ? static_cast<std::size_t>(page) * 2 : 0;
    const std::size_t shown = paged ? 2 : questions.size();

    ButtonOptions po;
    po.kind = ButtonKind::primary;
    po.is_default = true;
    if (paged && page == 0) {
        // "Câu hỏi 3 và 4" where "Gửi đánh giá" will be: nothing is sent from the first page.
        if (ui.button("tt01.more", more_label, right_button, po)) page = 1;
    } else if (ui.button("next", next_label, right_button, po)) {
        f.emit(action::Next{});
    }
    if (paged && page == 1) {
        if (ui.button("tt01.back_to_first", back_label, left_button, ButtonOptions{})) page = 0;
    } else if (ui.button("open_dossier", dossier_label, left_button, ButtonOptions{})) {
        f.emit(action::OpenDossier{});
    }

    // The rows of the questions shown: in landscape equal while each has what it needs (the
    // rows line up), else each its need and a share of what is left; in portrait packed and
    // centred as a whole.
    std::vector<Rect> rows;
    if (portrait) {
        float y = a.y + std::max(0.0f, (a.h - total(first, shown)) / 2);
        for (std::size_t q = first; q < first + shown; ++q) {
            rows.push_back({a.x, y, a.w, need[q]});
            y += need[q] + gap;
        }
    } else {
        rows = a.rows(static_cast<int>(shown), gap);
        const float extra = std::max(0.0f, (a.h - total(first, shown)) / static_cast<float>(shown));
        const bool equal = std::all_of(need.begin() + static_cast<std::ptrdiff_t>(first),
                                       need.begin() + static_cast<std::ptrdiff_t>(first + shown),
                                       [&](float n) { return n <= rows.front().h; });
        float y = a.y;
        for (std::size_t i = 0; i < shown && !equal; ++i) {
            rows[i] = {a.x, y, a.w, need[first + i] + extra};
            y += rows[i].h + gap;
        }
    }
    for (std::size_t i = 0; i < shown; ++i) {
        const Question& question = questions[first + i];
        const Rect row = rows[i];
        const std::string text = ui.t(question.question);
        Rect options_area = row;
        if (portrait) {
            const float th = ui.measure(TextStyle::body_bold, text, row.w).y;
            ui.text(TextStyle::body_bold, text, row.min(), row.w, pal.text);
            options_area.cut_top(th, f.px(14));
        } else {
            const Rect label = options_area.cut_left(label_w, f.px(24));
            ui.text_in(TextStyle::body_bold, text, label, pal.text, Align::left);
        }
        options_area = options_area.centered(options_area.w,
                                             std::min(options_area.h, std::max(f.target(130), answer_h[first + i])));
        const int n = static_cast<int>(question.options.size());
        const auto cells = answer_cells(f, options_area, n, gap);
        for (int k = 0; k < n; ++k) {
            ButtonOptions o;
            o.kind = ButtonKind::choice;
            o.selected = question.chosen == k;
            o.style = TextStyle::body;
            o.context = text;
            if (ui.button("tt01." + question.id + "." + std::to_string(k), ui.t(question.options[static_cast<std::size_t>(k)]),
                          cells[static_cast<std::size_t>(k)], o))
                f.emit(question.answer(o.selected ? std::nullopt : std::optional<int>(k)));
        }
    }
}

}  // namespace hailong::kiosk
