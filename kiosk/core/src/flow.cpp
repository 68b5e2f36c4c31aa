#include "hailong/kiosk/flow.hpp"

#include <algorithm>
#include <utility>

#include "hailong/message.hpp"
#include "hailong/text.hpp"
#include "hailong/tracking_code.hpp"

namespace hailong::kiosk {

namespace {

using std::chrono::steady_clock;

bool known_language(std::string_view lang) {
    return std::find(std::begin(languages), std::end(languages), lang) != std::end(languages);
}

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
    } else if (c.harassment == HarassmentAnswer::no && c.time) {
        a.attitude = *c.time == TimeAnswer::earlier ? 2 : *c.time == TimeAnswer::on_time ? 1 : 0;
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

namespace {

void normalise(CounterConfig& c) {
    if (c.survey.scale != 3 && c.survey.scale != 5) c.survey.scale = 3;
    c.timeouts.warning = std::max(c.timeouts.warning, min_warning);
    if (!known_language(c.default_lang)) c.default_lang = "vi";
}

template <typename List>
std::optional<std::string> if_listed(const List& list, const std::optional<std::string>& code) {
    if (code && std::any_of(list.begin(), list.end(), [&](const auto& item) { return item.code == *code; })) return code;
    return std::nullopt;
}

}  // namespace

Flow::Flow(CounterConfig config, RandomSource random, const Now& now)
    : counter_(std::move(config)), random_(std::move(random)), lang_(counter_.default_lang), last_activity_(now.steady) {
    normalise(counter_);
    lang_ = counter_.default_lang;
}

void Flow::reconfigure(CounterConfig config) {
    pending_config_ = std::move(config);
    if (screen_ == Screen::idle) apply_pending_config();
}

void Flow::apply_pending_config() {
    if (!pending_config_) return;
    CounterConfig next = std::move(*pending_config_);
    pending_config_.reset();
    next.officer = if_listed(next.officers, counter_.officer);
    next.service = if_listed(next.services, counter_.service);
    next.default_lang = counter_.default_lang;
    next.timeouts = counter_.timeouts;
    normalise(next);
    counter_ = std::move(next);
}

std::vector<Effect> Flow::dispatch(const Action& action, const Now& now) {
    tick(now);
    std::vector<Effect> effects;
    // While the warning is up only its own buttons (and the caller's results) count: a tap that
    // slipped through to the screen behind must not change answers the citizen cannot see.
    const bool answer_from_caller =
        std::holds_alternative<action::SaveFinished>(action) || std::holds_alternative<action::PinChecked>(action);
    if (warning_ && !answer_from_caller && !std::holds_alternative<action::KeepGoing>(action) &&
        !std::holds_alternative<action::Cancel>(action))
        return effects;
    if (!answer_from_caller) last_activity_ = now.steady;
    std::visit([&](const auto& a) { on(a, now, effects); }, action);
    return effects;
}

bool Flow::in_session() const { return screen_ != Screen::idle; }

bool Flow::timed() const {
    switch (screen_) {
    case Screen::idle:
    case Screen::saving:
    case Screen::thanks: return false;
    default: return true;
    }
}

void Flow::tick(const Now& now) {
    if (timed()) {
        if (!warning_ && now.steady - last_activity_ >= counter_.timeouts.inactivity) {
            // The countdown starts when the warning is first shown, never in the past, so the
            // citizen always gets the whole warning time to react.
            warning_ = true;
            warning_since_ = now.steady;
        } else if (warning_ && now.steady - warning_since_ >= counter_.timeouts.warning) {
            end_session(now);
        }
    }
    if (screen_ == Screen::thanks) {
        const auto duration = in_flight_complaint_ ? counter_.timeouts.thanks_complaint : counter_.timeouts.thanks;
        if (now.steady - thanks_since_ >= duration) end_session(now);
    }
    if (pin_locked_until_ && now.steady >= *pin_locked_until_) {
        pin_locked_until_.reset();
        pin_failures_ = 0;
    }
}

std::optional<steady_clock::time_point> Flow::next_deadline(const Now& now) const {
    std::optional<steady_clock::time_point> next;
    const auto consider = [&](steady_clock::time_point t) {
        if (!next || t < *next) next = t;
    };
    if (timed() && !warning_) consider(last_activity_ + counter_.timeouts.inactivity);
    if (warning_) {
        const auto end = warning_since_ + counter_.timeouts.warning;
        const auto left = end - now.steady;
        // The countdown shows whole seconds rounded up: it changes when `left` crosses a whole second.
        auto step = left % std::chrono::seconds(1);
        if (step <= steady_clock::duration::zero()) step = std::chrono::seconds(1);
        consider(std::min(end, now.steady + step));
    }
    if (screen_ == Screen::thanks)
        consider(thanks_since_ + (in_flight_complaint_ ? counter_.timeouts.thanks_complaint : counter_.timeouts.thanks));
    if (pin_locked_until_) consider(*pin_locked_until_);
    return next;
}

int Flow::warning_seconds_left(const Now& now) const {
    if (!warning_) return 0;
    const auto left = warning_since_ + counter_.timeouts.warning - now.steady;
    if (left <= steady_clock::duration::zero()) return 0;
    return static_cast<int>(std::chrono::ceil<std::chrono::seconds>(left).count());
}

const Officer* Flow::officer() const {
    if (!counter_.officer) return nullptr;
    for (const Officer& o : counter_.officers)
        if (o.code == *counter_.officer) return &o;
    return nullptr;
}

const Service* Flow::service() const {
    if (!counter_.service) return nullptr;
    for (const Service& s : counter_.services)
        if (s.code == *counter_.service) return &s;
    return nullptr;
}

bool Flow::wants_reasons() const {
    if (answers_.tt01.harassment == HarassmentAnswer::yes) return true;
    return answers_.rating && !Rating{counter_.survey.scale, *answers_.rating}.satisfied();
}

bool Flow::is_complaint() const {
    return wants_reasons() && (!answers_.reasons.empty() || !is_blank(answers_.comment) || !answers_.contact.empty());
}

bool Flow::contact_acceptable() const {
    const auto n = answers_.contact.size();
    return n == 0 || (n >= min_contact_digits && n <= max_contact_digits);
}

bool Flow::dossier_acceptable() const { return answers_.dossier.empty() || is_valid_code(answers_.dossier); }

std::vector<int> Flow::rating_values() const {
    std::vector<int> values;
    for (int v = counter_.survey.scale; v >= 1; --v) values.push_back(v);
    return values;
}

const std::string* Flow::tracking_code() const {
    return screen_ == Screen::thanks && tracking_code_ ? &*tracking_code_ : nullptr;
}

bool Flow::pin_locked(const Now& now) const { return pin_locked_until_ && now.steady < *pin_locked_until_; }

void Flow::go(Screen screen, const Now& now) {
    screen_ = screen;
    last_activity_ = now.steady;
    warning_ = false;
}

void Flow::end_session(const Now& now) {
    apply_pending_config();
    answers_ = Answers{};
    presentation_ = Presentation{};
    lang_ = counter_.default_lang;
    in_flight_.reset();
    in_flight_complaint_ = false;
    tracking_code_.reset();
    lookup_code_.clear();
    lookup_pending_ = false;
    lookup_result_.reset();
    pin_.clear();
    pin_checking_ = false;
    pin_rejected_ = false;
    ++session_;
    go(Screen::idle, now);
}

Submission Flow::build_submission(const Now& now) const {
    Submission s;
    s.id = Uuid::v7_from(std::chrono::duration_cast<std::chrono::milliseconds>(now.wall.time_since_epoch()), random_());
    s.created_at = Timestamp{now.wall, vietnam_offset};
    s.department = counter_.department;
    if (officer()) s.officer = counter_.officer;
    if (service()) s.service = counter_.service;
    if (!answers_.dossier.empty() && is_valid_code(answers_.dossier)) s.dossier = answers_.dossier;
    s.lang = lang_;
    s.rating = Rating{counter_.survey.scale, answers_.rating.value_or(counter_.survey.scale)};
    s.tt01 = tt01_points(answers_.tt01);
    if (wants_reasons()) {
        s.reasons = answers_.reasons;
        if (!is_blank(answers_.comment)) {
            if (auto text = normalize_text(answers_.comment, TextRules{max_comment_chars, true})) s.comment = std::move(*text);
        }
        if (!answers_.contact.empty() && contact_acceptable()) s.contact = answers_.contact;
    }
    return s;
}

void Flow::submit(const Now& now, std::vector<Effect>& effects) {
    in_flight_complaint_ = is_complaint();
    in_flight_ = build_submission(now);
    go(Screen::saving, now);
    effects.emplace_back(effect::SaveRequested{*in_flight_, in_flight_complaint_});
}

effect::CounterChanged Flow::counter_changed() const {
    return effect::CounterChanged{counter_.officer, counter_.service, counter_.default_lang};
}

void Flow::on(const action::Start&, const Now& now, std::vector<Effect>&) {
    if (screen_ == Screen::idle) go(Screen::rating, now);
}

void Flow::on(const action::SetLanguage& a, const Now&, std::vector<Effect>&) {
    if (known_language(a.lang) && screen_ != Screen::saving) lang_ = a.lang;
}

void Flow::on(const action::Rate& a, const Now& now, std::vector<Effect>& effects) {
    if (screen_ != Screen::rating || a.value < 1 || a.value > counter_.survey.scale) return;
    answers_.rating = a.value;
    if (counter_.survey.ask_tt01)
        go(Screen::tt01, now);
    else if (wants_reasons())
        go(Screen::reasons, now);
    else
        submit(now, effects);
}

void Flow::on(const action::AnswerTime& a, const Now&, std::vector<Effect>&) {
    if (screen_ == Screen::tt01) answers_.tt01.time = a.answer;
}
void Flow::on(const action::AnswerContacts& a, const Now&, std::vector<Effect>&) {
    if (screen_ == Screen::tt01) answers_.tt01.contacts = a.answer;
}
void Flow::on(const action::AnswerAgencies& a, const Now&, std::vector<Effect>&) {
    if (screen_ == Screen::tt01) answers_.tt01.agencies = a.answer;
}
void Flow::on(const action::AnswerHarassment& a, const Now&, std::vector<Effect>&) {
    if (screen_ == Screen::tt01) answers_.tt01.harassment = a.answer;
}

void Flow::on(const action::ToggleReason& a, const Now&, std::vector<Effect>&) {
    if (screen_ != Screen::reasons) return;
    const auto& all = counter_.survey.reasons;
    if (std::none_of(all.begin(), all.end(), [&](const SurveyReason& r) { return r.code == a.code; })) return;
    std::vector<std::string> ticked;
    for (const SurveyReason& r : all) {
        const bool was = std::find(answers_.reasons.begin(), answers_.reasons.end(), r.code) != answers_.reasons.end();
        if (r.code == a.code ? !was : was) ticked.push_back(r.code);
    }
    answers_.reasons = std::move(ticked);
}

void Flow::on(const action::SetComment& a, const Now&, std::vector<Effect>&) {
    if (screen_ != Screen::comment) return;
    // Refused whole (the text stays as it was) if it is not valid text or longer than the contract allows.
    if (!normalize_text(a.text, TextRules{max_comment_chars, true})) return;
    answers_.comment = a.text;
}

void Flow::on(const action::SetContact& a, const Now&, std::vector<Effect>&) {
    if (screen_ == Screen::contact && all_digits(a.digits) && a.digits.size() <= max_contact_digits)
        answers_.contact = a.digits;
}

void Flow::on(const action::SetDossier& a, const Now&, std::vector<Effect>&) {
    if (screen_ == Screen::dossier && code_characters(a.code) && a.code.size() <= max_code_length)
        answers_.dossier = a.code;
}

void Flow::on(const action::OpenComment&, const Now& now, std::vector<Effect>&) {
    if (screen_ == Screen::reasons) go(Screen::comment, now);
}
void Flow::on(const action::OpenContact&, const Now& now, std::vector<Effect>&) {
    if (screen_ == Screen::reasons) go(Screen::contact, now);
}
void Flow::on(const action::OpenDossier&, const Now& now, std::vector<Effect>&) {
    if (screen_ != Screen::tt01 && screen_ != Screen::reasons) return;
    editor_return_ = screen_;
    go(Screen::dossier, now);
}

void Flow::on(const action::Done&, const Now& now, std::vector<Effect>&) {
    switch (screen_) {
    case Screen::comment: go(Screen::reasons, now); break;
    case Screen::contact:
        if (contact_acceptable()) go(Screen::reasons, now);
        break;
    case Screen::dossier:
        if (dossier_acceptable()) go(editor_return_, now);
        break;
    default: break;
    }
}

void Flow::on(const action::Next&, const Now& now, std::vector<Effect>& effects) {
    if (screen_ == Screen::tt01) {
        if (wants_reasons())
            go(Screen::reasons, now);
        else
            submit(now, effects);
    } else if (screen_ == Screen::reasons) {
        submit(now, effects);
    }
}

void Flow::on(const action::Back&, const Now& now, std::vector<Effect>&) {
    switch (screen_) {
    case Screen::rating: end_session(now); break;
    case Screen::tt01: go(Screen::rating, now); break;
    case Screen::reasons: go(counter_.survey.ask_tt01 ? Screen::tt01 : Screen::rating, now); break;
    case Screen::comment: go(Screen::reasons, now); break;
    case Screen::contact:
        // A half-typed number is not a number anyone can call back.
        if (!contact_acceptable()) answers_.contact.clear();
        go(Screen::reasons, now);
        break;
    case Screen::dossier:
        if (!dossier_acceptable()) answers_.dossier.clear();
        go(editor_return_, now);
        break;
    case Screen::admin_pin:
    case Screen::admin:
    case Screen::lookup: end_session(now); break;
    case Screen::lookup_result:
        lookup_pending_ = false;  // an answer still on its way is dropped (LookupFinished checks)
        lookup_result_.reset();
        go(Screen::lookup, now);
        break;
    default: break;
    }
}

void Flow::on(const action::Cancel&, const Now& now, std::vector<Effect>&) {
    if (in_session() && screen_ != Screen::saving) end_session(now);
}

void Flow::on(const action::Retry&, const Now& now, std::vector<Effect>& effects) {
    if (screen_ != Screen::save_failed || !in_flight_) return;
    go(Screen::saving, now);
    // The same submission with the same id: if the first attempt did reach the disk after all,
    // the store keeps one copy.
    effects.emplace_back(effect::SaveRequested{*in_flight_, in_flight_complaint_});
}

void Flow::on(const action::Finish&, const Now& now, std::vector<Effect>&) {
    if (screen_ == Screen::thanks || screen_ == Screen::lookup_result) end_session(now);
}

std::optional<std::string> Flow::lookup_code_valid() const { return tracking_code::normalise(lookup_code_); }

void Flow::on(const action::OpenLookup&, const Now& now, std::vector<Effect>&) {
    if (screen_ == Screen::idle) go(Screen::lookup, now);
}

void Flow::on(const action::SetLookupCode& a, const Now&, std::vector<Effect>&) {
    if (screen_ != Screen::lookup) return;
    std::string code;
    for (char c : a.code) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) code += c;
    }
    if (code.size() <= tracking_code_symbols) lookup_code_ = code;
}

void Flow::on(const action::SubmitLookup&, const Now& now, std::vector<Effect>& effects) {
    if (screen_ != Screen::lookup) return;
    const auto code = lookup_code_valid();
    if (!code) return;
    lookup_pending_ = true;
    lookup_result_.reset();
    go(Screen::lookup_result, now);
    effects.emplace_back(effect::LookupRequested{*code});
}

void Flow::on(const action::LookupFinished& a, const Now&, std::vector<Effect>&) {
    if (screen_ != Screen::lookup_result || !lookup_pending_ || lookup_code_valid() != a.code) return;
    lookup_pending_ = false;
    lookup_result_ = a.result;
}

void Flow::on(const action::KeepGoing&, const Now& now, std::vector<Effect>&) {
    warning_ = false;
    last_activity_ = now.steady;
}

void Flow::on(const action::ToggleHighContrast&, const Now&, std::vector<Effect>&) {
    presentation_.high_contrast = !presentation_.high_contrast;
}
void Flow::on(const action::ToggleLargeText&, const Now&, std::vector<Effect>&) {
    presentation_.large_text = !presentation_.large_text;
}
void Flow::on(const action::ToggleSpeech&, const Now&, std::vector<Effect>&) { presentation_.speech = !presentation_.speech; }

void Flow::on(const action::SaveFinished& a, const Now& now, std::vector<Effect>&) {
    if (screen_ != Screen::saving || !in_flight_ || in_flight_->id != a.id) return;
    if (!a.ok) {
        go(Screen::save_failed, now);
        return;
    }
    tracking_code_ = a.tracking_code;
    in_flight_->tracking_code = a.tracking_code;
    thanks_since_ = now.steady;
    go(Screen::thanks, now);
}

void Flow::on(const action::OpenAdmin&, const Now& now, std::vector<Effect>&) {
    if (screen_ != Screen::idle) return;
    pin_.clear();
    pin_rejected_ = false;
    go(Screen::admin_pin, now);
}

void Flow::on(const action::SetPin& a, const Now& now, std::vector<Effect>&) {
    if (screen_ != Screen::admin_pin || pin_checking_ || pin_locked(now)) return;
    if (all_digits(a.digits) && a.digits.size() <= max_pin_digits) pin_ = a.digits;
}

void Flow::on(const action::SubmitPin&, const Now& now, std::vector<Effect>& effects) {
    if (screen_ != Screen::admin_pin || pin_checking_ || pin_locked(now) || pin_.empty()) return;
    pin_checking_ = true;
    pin_rejected_ = false;
    effects.emplace_back(effect::PinCheckRequested{pin_});
}

void Flow::on(const action::PinChecked& a, const Now& now, std::vector<Effect>&) {
    if (screen_ != Screen::admin_pin || !pin_checking_) return;
    pin_checking_ = false;
    pin_.clear();
    if (a.ok) {
        pin_failures_ = 0;
        go(Screen::admin, now);
        return;
    }
    pin_rejected_ = true;
    if (++pin_failures_ >= counter_.timeouts.pin_attempts) pin_locked_until_ = now.steady + counter_.timeouts.pin_lockout;
}

void Flow::on(const action::SelectOfficer& a, const Now&, std::vector<Effect>& effects) {
    if (screen_ != Screen::admin) return;
    if (a.code && std::none_of(counter_.officers.begin(), counter_.officers.end(),
                               [&](const Officer& o) { return o.code == *a.code; }))
        return;
    counter_.officer = a.code;
    effects.emplace_back(counter_changed());
}

void Flow::on(const action::SelectService& a, const Now&, std::vector<Effect>& effects) {
    if (screen_ != Screen::admin) return;
    if (a.code && std::none_of(counter_.services.begin(), counter_.services.end(),
                               [&](const Service& s) { return s.code == *a.code; }))
        return;
    counter_.service = a.code;
    effects.emplace_back(counter_changed());
}

void Flow::on(const action::SetDefaultLanguage& a, const Now&, std::vector<Effect>& effects) {
    if (screen_ != Screen::admin || !known_language(a.lang)) return;
    counter_.default_lang = a.lang;
    lang_ = a.lang;
    effects.emplace_back(counter_changed());
}

void Flow::on(const action::CloseAdmin&, const Now& now, std::vector<Effect>&) {
    if (screen_ == Screen::admin || screen_ == Screen::admin_pin) end_session(now);
}

void Flow::on(const action::Quit&, const Now&, std::vector<Effect>& effects) {
    if (screen_ == Screen::admin) effects.emplace_back(effect::QuitRequested{});
}

bool has_back(Screen s) {
    switch (s) {
    case Screen::rating:
    case Screen::tt01:
    case Screen::dossier:
    case Screen::reasons:
    case Screen::comment:
    case Screen::contact:
    case Screen::admin_pin:
    case Screen::admin:
    case Screen::lookup:
    case Screen::lookup_result: return true;
    default: return false;
    }
}

}  // namespace hailong::kiosk
