#include "hailong/kiosk/rating_machine.hpp"

#include <algorithm>
#include <utility>

#include "hailong/text.hpp"

namespace hailong::kiosk {

namespace {

bool is_blank(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\n' || c == '\t'; });
}

bool all_digits(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool code_characters(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == '/' || c == '-';
    });
}

int points(TimeAnswer a) {
    switch (a) {
    case TimeAnswer::earlier: return 2;
    case TimeAnswer::on_time: return 1;
    case TimeAnswer::late: return 0;
    }
    return 0;
}

int points(ContactsAnswer a) {
    switch (a) {
    case ContactsAnswer::none: return 2;
    case ContactsAnswer::once: return 1;
    case ContactsAnswer::more: return 0;
    }
    return 0;
}

int points(AgenciesAnswer a) {
    switch (a) {
    case AgenciesAnswer::none: return 2;
    case AgenciesAnswer::one_stop_only: return 1;
    case AgenciesAnswer::more: return 0;
    }
    return 0;
}

}  // namespace

Tt01Answers tt01_points(const Tt01Choices& c) {
    Tt01Answers a;
    if (c.time) a.time = points(*c.time);
    if (c.contacts) a.contacts = points(*c.contacts);
    if (c.agencies) a.agencies = points(*c.agencies);
    if (c.harassment == HarassmentAnswer::yes) {
        a.attitude = 0;
    } else if (c.harassment == HarassmentAnswer::no && c.time && *c.time != TimeAnswer::late) {
        a.attitude = *c.time == TimeAnswer::earlier ? 2 : 1;
    }
    return a;
}

std::string_view rating_label_key(int scale, int value) {
    if (scale == 5) {
        switch (value) {
        case 5: return "kiosk.rating.very_satisfied";
        case 4: return "kiosk.rating.satisfied";
        case 3: return "kiosk.rating.neutral";
        case 2: return "kiosk.rating.dissatisfied";
        default: return "kiosk.rating.very_dissatisfied";
        }
    }
    switch (value) {
    case 3: return "kiosk.rating.very_satisfied";
    case 2: return "kiosk.rating.satisfied";
    default: return "kiosk.rating.dissatisfied";
    }
}

RatingMachine::RatingMachine(RandomSource random) : random_(std::move(random)) {}

bool RatingMachine::owns(Screen screen) {
    switch (screen) {
    case Screen::rating:
    case Screen::tt01:
    case Screen::dossier:
    case Screen::reasons:
    case Screen::comment:
    case Screen::contact:
    case Screen::saving:
    case Screen::thanks:
    case Screen::save_failed: return true;
    default: return false;
    }
}

Step RatingMachine::handle(const Action& action, const MachineContext& ctx, std::vector<Effect>& effects) {
    if (!owns(ctx.screen)) return Step::stay();
    const Step step = std::visit([&](const auto& a) { return on(a, ctx, effects); }, action);
    keep(ctx, step, effects);
    return step;
}

void RatingMachine::keep(const MachineContext& ctx, const Step& step, std::vector<Effect>& effects) {
    // Once submitted, SaveRequested carries the submission; before the face there is none.
    if (!rated_ || in_flight_) return;
    // Typing is kept when its editor is left: a commit per answer, not one per letter.
    const bool typing = ctx.screen == Screen::comment || ctx.screen == Screen::contact || ctx.screen == Screen::dossier;
    if (typing && step.kind == Step::Kind::stay) return;
    Submission current = build_submission(ctx);
    if (kept_ == current) return;
    kept_ = current;
    effects.emplace_back(effect::KeepOpen{std::move(current)});
}

void RatingMachine::end(const MachineContext& ctx, std::vector<Effect>& effects) {
    if (!rated_ || saved_) return;
    effects.emplace_back(effect::SaveRequested{build_submission(ctx), false});
}

std::chrono::seconds RatingMachine::thanks_time(const CounterConfig& counter) const {
    return in_flight_complaint_ ? counter.timeouts.thanks_complaint : counter.timeouts.thanks;
}

Step RatingMachine::tick(const MachineContext& ctx) const {
    if (ctx.screen == Screen::thanks && ctx.now.steady - thanks_since_ >= thanks_time(ctx.counter))
        return Step::end_session();
    return Step::stay();
}

std::optional<std::chrono::steady_clock::time_point> RatingMachine::next_deadline(const MachineContext& ctx) const {
    if (ctx.screen != Screen::thanks) return std::nullopt;
    return thanks_since_ + thanks_time(ctx.counter);
}

void RatingMachine::reset() {
    answers_ = Answers{};
    rated_.reset();
    kept_.reset();
    saved_ = false;
    in_flight_.reset();
    in_flight_complaint_ = false;
    tracking_code_.reset();
    asked_dossier_.reset();
    dossier_info_.reset();
}

bool RatingMachine::wants_reasons(const Survey& survey) const {
    if (answers_.tt01.harassment == HarassmentAnswer::yes) return true;
    return answers_.rating && !Rating{survey.scale, *answers_.rating}.satisfied();
}

bool RatingMachine::is_complaint(const Survey& survey) const {
    return wants_reasons(survey) &&
           (!answers_.reasons.empty() || !is_blank(answers_.comment) || !answers_.contact.empty());
}

bool RatingMachine::contact_acceptable() const {
    const auto n = answers_.contact.size();
    return n == 0 || (n >= min_contact_digits && n <= max_contact_digits);
}

bool RatingMachine::dossier_acceptable() const { return answers_.dossier.empty() || is_valid_code(answers_.dossier); }

Submission RatingMachine::build_submission(const MachineContext& ctx) const {
    const CounterConfig& counter = ctx.counter;
    Submission s;
    s.id = rated_->id;
    s.created_at = rated_->created_at;
    s.department = counter.department;
    s.officer = rated_->officer;
    if (serving_service(counter)) s.service = counter.service;
    if (!answers_.dossier.empty() && is_valid_code(answers_.dossier)) s.dossier = answers_.dossier;
    s.lang = ctx.lang;
    s.rating = Rating{counter.survey.scale, answers_.rating.value_or(counter.survey.scale)};
    s.tt01 = tt01_points(answers_.tt01);
    if (answers_.tt01.harassment) s.harassment = *answers_.tt01.harassment == HarassmentAnswer::yes;
    s.stage = counter.stage;
    if (dossier_info_ && dossier_info_->outcome == DossierInfo::Outcome::known && dossier_info_->stage &&
        s.dossier == asked_dossier_)
        s.stage = dossier_info_->stage;
    if (wants_reasons(counter.survey)) {
        s.reasons = answers_.reasons;
        if (!is_blank(answers_.comment)) {
            if (auto text = normalize_text(answers_.comment, TextRules{max_comment_chars, true})) s.comment = std::move(*text);
        }
        if (!answers_.contact.empty() && contact_acceptable()) s.contact = answers_.contact;
    }
    return s;
}

Step RatingMachine::submit(const MachineContext& ctx, std::vector<Effect>& effects) {
    in_flight_complaint_ = is_complaint(ctx.counter.survey);
    in_flight_ = build_submission(ctx);
    kept_ = in_flight_;
    effects.emplace_back(effect::SaveRequested{*in_flight_, in_flight_complaint_});
    return Step::go(Screen::saving);
}

Step RatingMachine::on(const action::Rate& a, const MachineContext& ctx, std::vector<Effect>& effects) {
    const Survey& survey = ctx.counter.survey;
    if (ctx.screen != Screen::rating || a.value < 1 || a.value > survey.scale) return Step::stay();
    answers_.rating = a.value;
    // The first face fixes the submission: another face later changes its value, not its id.
    if (!rated_) {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(ctx.now.wall.time_since_epoch());
        rated_ = Rated{Uuid::v7_from(ms, random_()), Timestamp{ctx.now.wall, vietnam_offset},
                       serving_officer(ctx.counter) ? ctx.counter.officer : std::nullopt};
    }
    if (survey.ask_tt01) return Step::go(Screen::tt01);
    if (wants_reasons(survey)) return Step::go(Screen::reasons);
    return submit(ctx, effects);
}

Step RatingMachine::on(const action::AnswerTime& a, const MachineContext& ctx, std::vector<Effect>&) {
    if (ctx.screen == Screen::tt01) answers_.tt01.time = a.answer;
    return Step::stay();
}
Step RatingMachine::on(const action::AnswerContacts& a, const MachineContext& ctx, std::vector<Effect>&) {
    if (ctx.screen == Screen::tt01) answers_.tt01.contacts = a.answer;
    return Step::stay();
}
Step RatingMachine::on(const action::AnswerAgencies& a, const MachineContext& ctx, std::vector<Effect>&) {
    if (ctx.screen == Screen::tt01) answers_.tt01.agencies = a.answer;
    return Step::stay();
}
Step RatingMachine::on(const action::AnswerHarassment& a, const MachineContext& ctx, std::vector<Effect>&) {
    if (ctx.screen == Screen::tt01) answers_.tt01.harassment = a.answer;
    return Step::stay();
}

Step RatingMachine::on(const action::ToggleReason& a, const MachineContext& ctx, std::vector<Effect>&) {
    if (ctx.screen != Screen::reasons) return Step::stay();
    const auto& all = ctx.counter.survey.reasons;
    if (std::none_of(all.begin(), all.end(), [&](const SurveyReason& r) { return r.code == a.code; })) return Step::stay();
    std::vector<std::string> ticked;
    for (const SurveyReason& r : all) {
        const bool was = std::find(answers_.reasons.begin(), answers_.reasons.end(), r.code) != answers_.reasons.end();
        if (r.code == a.code ? !was : was) ticked.push_back(r.code);
    }
    answers_.reasons = std::move(ticked);
    return Step::stay();
}

Step RatingMachine::on(const action::SetComment& a, const MachineContext& ctx, std::vector<Effect>&) {
    if (ctx.screen != Screen::comment) return Step::stay();
    // Refused whole (the text stays as it was) if it is not valid text or longer than the contract allows.
    if (normalize_text(a.text, TextRules{max_comment_chars, true})) answers_.comment = a.text;
    return Step::stay();
}

Step RatingMachine::on(const action::SetContact& a, const MachineContext& ctx, std::vector<Effect>&) {
    if (ctx.screen == Screen::contact && all_digits(a.digits) && a.digits.size() <= max_contact_digits)
        answers_.contact = a.digits;
    return Step::stay();
}

Step RatingMachine::on(const action::SetDossier& a, const MachineContext& ctx, std::vector<Effect>&) {
    if (ctx.screen == Screen::dossier && code_characters(a.code) && a.code.size() <= max_code_length)
        answers_.dossier = a.code;
    return Step::stay();
}

Step RatingMachine::on(const action::OpenComment&, const MachineContext& ctx, std::vector<Effect>&) {
    return ctx.screen == Screen::reasons ? Step::go(Screen::comment) : Step::stay();
}
Step RatingMachine::on(const action::OpenContact&, const MachineContext& ctx, std::vector<Effect>&) {
    return ctx.screen == Screen::reasons ? Step::go(Screen::contact) : Step::stay();
}
Step RatingMachine::on(const action::OpenDossier&, const MachineContext& ctx, std::vector<Effect>&) {
    if (ctx.screen != Screen::tt01 && ctx.screen != Screen::reasons) return Step::stay();
    editor_return_ = ctx.screen;
    return Step::go(Screen::dossier);
}

Step RatingMachine::on(const action::Done&, const MachineContext& ctx, std::vector<Effect>& effects) {
    switch (ctx.screen) {
    case Screen::comment: return Step::go(Screen::reasons);
    case Screen::contact: return contact_acceptable() ? Step::go(Screen::reasons) : Step::stay();
    case Screen::dossier:
        if (!dossier_acceptable()) return Step::stay();
        ask_about_dossier(effects);
        return Step::go(editor_return_);
    default: return Step::stay();
    }
}

void RatingMachine::ask_about_dossier(std::vector<Effect>& effects) {
    if (answers_.dossier.empty() || !is_valid_code(answers_.dossier) || asked_dossier_ == answers_.dossier) return;
    asked_dossier_ = answers_.dossier;
    dossier_info_.reset();
    effects.emplace_back(effect::DossierCheckRequested{answers_.dossier});
}

Step RatingMachine::on(const action::Scanned& a, const MachineContext& ctx, std::vector<Effect>& effects) {
    const bool fillable = ctx.screen == Screen::rating || ctx.screen == Screen::tt01 || ctx.screen == Screen::dossier;
    if (!fillable || in_flight_ || !is_valid_code(a.text) || a.text.size() > max_code_length) return Step::stay();
    answers_.dossier = a.text;
    ask_about_dossier(effects);
    return ctx.screen == Screen::dossier ? Step::go(editor_return_) : Step::stay();
}

Step RatingMachine::on(const action::DossierChecked& a, const MachineContext&, std::vector<Effect>&) {
    if (asked_dossier_ == a.code) dossier_info_ = a.info;
    return Step::stay();
}

Step RatingMachine::on(const action::Next&, const MachineContext& ctx, std::vector<Effect>& effects) {
    if (ctx.screen == Screen::tt01) {
        if (wants_reasons(ctx.counter.survey)) return Step::go(Screen::reasons);
        return submit(ctx, effects);
    }
    if (ctx.screen == Screen::reasons) return submit(ctx, effects);
    return Step::stay();
}

Step RatingMachine::on(const action::Back&, const MachineContext& ctx, std::vector<Effect>& effects) {
    switch (ctx.screen) {
    case Screen::rating: return Step::end_session();
    case Screen::tt01: return Step::go(Screen::rating);
    case Screen::reasons: return Step::go(ctx.counter.survey.ask_tt01 ? Screen::tt01 : Screen::rating);
    case Screen::comment: return Step::go(Screen::reasons);
    case Screen::contact:
        // A half-typed number is not a number anyone can call back.
        if (!contact_acceptable()) answers_.contact.clear();
        return Step::go(Screen::reasons);
    case Screen::dossier:
        if (!dossier_acceptable()) answers_.dossier.clear();
        ask_about_dossier(effects);
        return Step::go(editor_return_);
    default: return Step::stay();
    }
}

Step RatingMachine::on(const action::Retry&, const MachineContext& ctx, std::vector<Effect>& effects) {
    if (ctx.screen != Screen::save_failed || !in_flight_) return Step::stay();
    // The same submission with the same id: if the first attempt did reach the disk after all,
    // the store keeps one copy.
    effects.emplace_back(effect::SaveRequested{*in_flight_, in_flight_complaint_});
    return Step::go(Screen::saving);
}

Step RatingMachine::on(const action::Finish&, const MachineContext& ctx, std::vector<Effect>&) {
    return ctx.screen == Screen::thanks ? Step::end_session() : Step::stay();
}

Step RatingMachine::on(const action::SaveFinished& a, const MachineContext& ctx, std::vector<Effect>&) {
    if (ctx.screen != Screen::saving || !in_flight_ || in_flight_->id != a.id) return Step::stay();
    if (!a.ok) return Step::go(Screen::save_failed);
    saved_ = true;
    tracking_code_ = a.tracking_code;
    in_flight_->tracking_code = a.tracking_code;
    thanks_since_ = ctx.now.steady;
    return Step::go(Screen::thanks);
}

}  // namespace hailong::kiosk
