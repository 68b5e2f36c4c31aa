// The four TT 01/2018 questions (time against the appointment, contacts, agencies, harassment),
// each a single tap, each skippable; the footer submits (or leads to "what went wrong") and
// opens the dossier code entry.
#include <algorithm>
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

}  // namespace

void tt01_screen(ScreenFrame& f) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    Rect a = f.area.inset(f.px(48), f.px(28));
    const bool portrait = ui.m().portrait;

    // Footer: the dossier code (optional) and the way on.
    Rect footer = a.cut_bottom(f.target(110), f.px(24));
    const Answers& answers = f.flow.answers();
    const bool on_to_reasons = f.flow.wants_reasons();
    const Rect next = footer.cut_right(std::min(f.px(620), footer.w * 0.5f), f.px(24));
    const Rect dossier = footer.cut_left(std::min(f.px(620), footer.w), 0);
    ButtonOptions po;
    po.kind = ButtonKind::primary;
    po.is_default = true;
    if (ui.button("next", ui.t(on_to_reasons ? "kiosk.common.next" : "kiosk.common.send"), next, po))
        f.emit(action::Next{});
    std::string dossier_label = ui.t("kiosk.tt01.dossier");
    if (!answers.dossier.empty()) dossier_label += "\n" + answers.dossier;
    if (ui.button("open_dossier", dossier_label, dossier, ButtonOptions{})) f.emit(action::OpenDossier{});

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

    const float gap = f.px(portrait ? 44 : 18);
    std::vector<Rect> rows = a.rows(static_cast<int>(questions.size()), gap);
    if (portrait) {
        // Each question above its answers, the blocks packed and centred as a whole.
        float total = 0;
        std::vector<float> heights;
        for (const Question& q : questions) {
            heights.push_back(ui.measure(TextStyle::body_bold, ui.t(q.question), a.w).y + f.px(14) + f.target(120));
            total += heights.back();
        }
        total += gap * static_cast<float>(questions.size() - 1);
        float y = a.y + std::max(0.0f, (a.h - total) / 2);
        for (std::size_t q = 0; q < questions.size(); ++q) {
            rows[q] = {a.x, y, a.w, heights[q]};
            y += heights[q] + gap;
        }
    }
    for (std::size_t q = 0; q < questions.size(); ++q) {
        const Question& question = questions[q];
        Rect row = rows[q];
        const std::string text = ui.t(question.question);
        Rect options_area = row;
        if (portrait) {
            const float th = ui.measure(TextStyle::body_bold, text, row.w).y;
            ui.text(TextStyle::body_bold, text, row.min(), row.w, pal.text);
            options_area.cut_top(th, f.px(14));
        } else {
            const Rect label = options_area.cut_left(row.w * 0.36f, f.px(24));
            ui.text_in(TextStyle::body_bold, text, label, pal.text, Align::left);
        }
        options_area = options_area.centered(options_area.w, std::min(options_area.h, f.target(130)));
        const int n = static_cast<int>(question.options.size());
        // Two answers (harassment) take the width of two of three.
        Rect span = options_area;
        if (n == 2) span.w = (options_area.w - gap) * 2 / 3;
        const auto cells = span.columns(n, f.px(16));
        for (int i = 0; i < n; ++i) {
            ButtonOptions o;
            o.kind = ButtonKind::choice;
            o.selected = question.chosen == i;
            o.style = TextStyle::body;
            o.context = text;
            if (ui.button("tt01." + question.id + "." + std::to_string(i), ui.t(question.options[static_cast<std::size_t>(i)]),
                          cells[static_cast<std::size_t>(i)], o))
                f.emit(question.answer(o.selected ? std::nullopt : std::optional<int>(i)));
        }
    }
}

}  // namespace hailong::kiosk
