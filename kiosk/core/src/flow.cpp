#include "hailong/kiosk/flow.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

#include "hailong/kiosk/staff_credentials.hpp"
#include "hailong/message.hpp"
#include "hailong/text.hpp"

namespace hailong::kiosk {

namespace {

using std::chrono::steady_clock;

bool known_language(std::string_view lang) {
    return std::find(std::begin(languages), std::end(languages), lang) != std::end(languages);
}

void normalise(CounterConfig& c) {
    if (c.survey.scale != 3 && c.survey.scale != 5) c.survey.scale = 3;
    c.timeouts.warning = std::max(c.timeouts.warning, min_warning);
    c.timeouts.rated_warning = std::max(c.timeouts.rated_warning, min_rated_warning);
    if (!known_language(c.default_lang)) c.default_lang = "vi";
}

// The caller's answers to the flow's effects. They come whatever the citizen is doing: the warning
// does not hold them back, and they are not the citizen's activity.
bool answer_from_caller(const Action& action) {
    return std::holds_alternative<action::SaveFinished>(action) || std::holds_alternative<action::PinChecked>(action) ||
           std::holds_alternative<action::LookupFinished>(action) ||
           std::holds_alternative<action::CredentialChecked>(action) ||
           std::holds_alternative<action::DossierChecked>(action);
}

template <typename List>
std::optional<std::string> if_listed(const List& list, const std::optional<std::string>& code) {
    if (code && std::any_of(list.begin(), list.end(), [&](const auto& item) { return item.code == *code; })) return code;
    return std::nullopt;
}

}  // namespace

Flow::Flow(CounterConfig config, RandomSource random, const Now& now)
    : counter_(std::move(config)), last_activity_(now.steady), rating_(random), random_(std::move(random)) {
    normalise(counter_);
    lang_ = counter_.default_lang;
    // Kept even when the local list lacks the officer: the server's list, which has them, comes
    // from the cache at the first frame (reconfigure drops an officer the new list lacks).
    if (counter_.signed_in && is_valid_code(*counter_.signed_in)) {
        on_duty_ = counter_.signed_in;
        on_duty_since_ = counter_.signed_in_at.value_or(now.wall);
    }
    sync_officer();
}

bool Flow::uses_sign_in() const { return hailong::kiosk::uses_sign_in(counter_); }

const Officer* Flow::on_duty() const {
    if (!uses_sign_in() || !on_duty_) return nullptr;
    for (const Officer& o : counter_.officers)
        if (o.code == *on_duty_) return &o;
    return nullptr;
}

void Flow::sync_officer() {
    if (uses_sign_in()) counter_.officer = on_duty_;
}

std::optional<Instant> Flow::shift_ends() const {
    const auto end = shift_end_of(counter_);
    if (!on_duty_ || !on_duty_since_ || !end) return std::nullopt;
    // The first end of shift (local time of day, UTC+7) after the sign-in.
    const auto local = *on_duty_since_ + vietnam_offset;
    const auto day = std::chrono::floor<std::chrono::days>(local);
    Instant at = day + *end - vietnam_offset;
    if (at <= *on_duty_since_) at += std::chrono::days{1};
    return at;
}

void Flow::sign_in_officer(const std::string& code, DutyMethod method, const Now& now, std::vector<Effect>& effects) {
    const Timestamp at{now.wall, vietnam_offset};
    if (on_duty_ == code) return;
    if (on_duty_) sign_out_officer(DutyMethod::replaced, at, effects);
    effects.emplace_back(effect::DutyRecorded{DutyEvent{Uuid::v4_from_bytes(random_()), at, DutyKind::sign_in, code, method}});
    on_duty_ = code;
    on_duty_since_ = now.wall;
    sync_officer();
}

void Flow::sign_out_officer(DutyMethod method, Timestamp at, std::vector<Effect>& effects) {
    if (!on_duty_) return;
    effects.emplace_back(effect::DutyRecorded{DutyEvent{Uuid::v4_from_bytes(random_()), at, DutyKind::sign_out, on_duty_, method}});
    on_duty_.reset();
    on_duty_since_.reset();
    sign_out_asked_ = false;
    sync_officer();
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
    // Who is on duty is the flow's own; an officer the new list no longer has is no longer shown.
    if (!if_listed(next.officers, on_duty_)) {
        on_duty_.reset();
        on_duty_since_.reset();
    }
    next.shift_end_override = counter_.shift_end_override;
    // The service now served stays, listed or not: a list that lacks it (the server's, which
    // need not know every procedure of the counter) must never leave ratings without one.
    if (const Service* serving = serving_service(counter_); serving && !if_listed(next.services, counter_.service))
        next.services.push_back(*serving);
    next.service = counter_.service;
    next.default_lang = counter_.default_lang;
    next.timeouts = counter_.timeouts;
    normalise(next);
    counter_ = std::move(next);
    sync_officer();
}

std::vector<Effect> Flow::dispatch(const Action& action, const Now& now) {
    std::vector<Effect> effects = tick(now);
    // While the warning is up only its own buttons (and the caller's answers) count: a tap that
    // slipped through to the screen behind must not change answers the citizen cannot see.
    const bool answer = answer_from_caller(action);
    if (warning_ && !answer && !std::holds_alternative<action::KeepGoing>(action) &&
        !std::holds_alternative<action::Cancel>(action))
        return effects;
    if (!answer) {
        last_activity_ = now.steady;
        card_rejected_ = false;
    }
    if (std::visit([&](const auto& a) { return on(a, now, effects); }, action)) return effects;

    Step step;
    if (RatingMachine::owns(screen_))
        step = rating_.handle(action, context(now), effects);
    else if (PinMachine::owns(screen_))
        step = pin_.handle(action, context(now), effects);
    else if (LookupMachine::owns(screen_))
        step = lookup_.handle(action, context(now), effects);
    else if (SignInMachine::owns(screen_))
        step = sign_in_.handle(action, context(now), effects);
    apply(step, now, effects);
    return effects;
}

void Flow::apply(const Step& step, const Now& now, std::vector<Effect>& effects) {
    switch (step.kind) {
    case Step::Kind::stay: break;
    case Step::Kind::go: go(step.to, now); break;
    case Step::Kind::end_session: end_session(now, effects); break;
    }
}

bool Flow::timed() const {
    switch (screen_) {
    case Screen::idle:
    case Screen::saving:
    case Screen::thanks: return false;
    default: return true;
    }
}

std::chrono::seconds Flow::inactivity() const {
    return rated() ? counter_.timeouts.rated_inactivity : counter_.timeouts.inactivity;
}

std::chrono::seconds Flow::warning_total() const {
    return rated() ? counter_.timeouts.rated_warning : counter_.timeouts.warning;
}

std::vector<Effect> Flow::tick(const Now& now) {
    std::vector<Effect> effects;
    if (timed()) {
        if (!warning_ && now.steady - last_activity_ >= inactivity()) {
            // The countdown starts when the warning is first shown, never in the past, so the
            // citizen always gets the whole warning time to react.
            warning_ = true;
            warning_since_ = now.steady;
        } else if (warning_ && now.steady - warning_since_ >= warning_total()) {
            end_session(now, effects);
        }
    }
    apply(rating_.tick(context(now)), now, effects);
    pin_.tick(now);
    sign_in_.tick(now);
    if (const auto end = shift_ends(); end && now.wall >= *end)
        sign_out_officer(DutyMethod::shift_end, Timestamp{*end, vietnam_offset}, effects);
    return effects;
}

std::optional<steady_clock::time_point> Flow::next_deadline(const Now& now) const {
    std::optional<steady_clock::time_point> next;
    const auto consider = [&](std::optional<steady_clock::time_point> t) {
        if (t && (!next || *t < *next)) next = t;
    };
    if (timed() && !warning_) consider(last_activity_ + inactivity());
    if (warning_) {
        const auto end = warning_since_ + warning_total();
        const auto left = end - now.steady;
        // The countdown shows whole seconds rounded up: it changes when `left` crosses a whole second.
        auto step = left % std::chrono::seconds(1);
        if (step <= steady_clock::duration::zero()) step = std::chrono::seconds(1);
        consider(std::min(end, now.steady + step));
    }
    consider(rating_.next_deadline(context(now)));
    consider(pin_.next_deadline());
    consider(sign_in_.next_deadline());
    if (const auto end = shift_ends())
        consider(now.steady + std::chrono::ceil<steady_clock::duration>(std::max(*end - now.wall, Instant::duration::zero())));
    return next;
}

int Flow::warning_seconds_left(const Now& now) const {
    if (!warning_) return 0;
    const auto left = warning_since_ + warning_total() - now.steady;
    if (left <= steady_clock::duration::zero()) return 0;
    return static_cast<int>(std::chrono::ceil<std::chrono::seconds>(left).count());
}

std::vector<int> Flow::rating_values() const {
    std::vector<int> values;
    for (int v = counter_.survey.scale; v >= 1; --v) values.push_back(v);
    return values;
}

void Flow::go(Screen screen, const Now& now) {
    screen_ = screen;
    last_activity_ = now.steady;
    warning_ = false;
}

void Flow::end_session(const Now& now, std::vector<Effect>& effects) {
    // The rating goes out as the session left it, with the counter it was given under.
    rating_.end(context(now), effects);
    apply_pending_config();
    rating_.reset();
    lookup_.reset();
    pin_.reset();
    sign_in_.reset();
    sign_out_asked_ = false;
    presentation_ = Presentation{};
    lang_ = counter_.default_lang;
    ++session_;
    go(Screen::idle, now);
}

effect::CounterChanged Flow::counter_changed() const {
    const Service* serving = service();
    return effect::CounterChanged{counter_.officer, counter_.service, counter_.default_lang,
                                  serving ? serving->name : std::string()};
}

bool Flow::on(const action::Start&, const Now& now, std::vector<Effect>&) {
    if (screen_ == Screen::idle) go(Screen::rating, now);
    return true;
}

bool Flow::on(const action::OpenLookup&, const Now& now, std::vector<Effect>&) {
    if (screen_ == Screen::idle) go(Screen::lookup, now);
    return true;
}

bool Flow::on(const action::OpenAdmin&, const Now& now, std::vector<Effect>&) {
    if (screen_ != Screen::idle) return true;
    pin_.open();
    go(Screen::admin_pin, now);
    return true;
}

bool Flow::on(const action::SetLanguage& a, const Now&, std::vector<Effect>&) {
    if (known_language(a.lang) && screen_ != Screen::saving) lang_ = a.lang;
    return true;
}

bool Flow::on(const action::Cancel&, const Now& now, std::vector<Effect>& effects) {
    if (in_session() && screen_ != Screen::saving) end_session(now, effects);
    return true;
}

bool Flow::on(const action::KeepGoing&, const Now& now, std::vector<Effect>&) {
    warning_ = false;
    last_activity_ = now.steady;
    return true;
}

bool Flow::on(const action::ToggleHighContrast&, const Now&, std::vector<Effect>&) {
    presentation_.high_contrast = !presentation_.high_contrast;
    return true;
}

bool Flow::on(const action::ToggleLargeText&, const Now&, std::vector<Effect>&) {
    presentation_.large_text = !presentation_.large_text;
    return true;
}

bool Flow::on(const action::ToggleSpeech&, const Now&, std::vector<Effect>&) {
    presentation_.speech = !presentation_.speech;
    return true;
}

bool Flow::on(const action::SelectOfficer& a, const Now& now, std::vector<Effect>& effects) {
    if (screen_ != Screen::admin) return true;
    if (a.code && std::none_of(counter_.officers.begin(), counter_.officers.end(),
                               [&](const Officer& o) { return o.code == *a.code; }))
        return true;
    if (uses_sign_in()) {
        // On a sign-in counter the admin's choice is a sign-in (or out) by hand, in the roster.
        if (a.code) sign_in_officer(*a.code, DutyMethod::manual, now, effects);
        else sign_out_officer(DutyMethod::manual, Timestamp{now.wall, vietnam_offset}, effects);
    }
    counter_.officer = a.code;
    effects.emplace_back(counter_changed());
    return true;
}

bool Flow::on(const action::SelectService& a, const Now&, std::vector<Effect>& effects) {
    if (screen_ != Screen::admin) return true;
    if (a.code && std::none_of(counter_.services.begin(), counter_.services.end(),
                               [&](const Service& s) { return s.code == *a.code; }))
        return true;
    counter_.service = a.code;
    effects.emplace_back(counter_changed());
    return true;
}

bool Flow::on(const action::SetDefaultLanguage& a, const Now&, std::vector<Effect>& effects) {
    if (screen_ != Screen::admin || !known_language(a.lang)) return true;
    counter_.default_lang = a.lang;
    lang_ = a.lang;
    effects.emplace_back(counter_changed());
    return true;
}

bool Flow::on(const action::OpenSignIn&, const Now& now, std::vector<Effect>&) {
    const bool any_pin = std::any_of(counter_.officers.begin(), counter_.officers.end(),
                                     [](const Officer& o) { return !o.pin_hash.empty(); });
    if (screen_ == Screen::idle && any_pin) go(Screen::sign_in, now);
    return true;
}

bool Flow::on(const action::Scanned& a, const Now& now, std::vector<Effect>& effects) {
    if (looks_like_staff_card(a.text)) {
        if (screen_ != Screen::idle && !SignInMachine::owns(screen_)) return true;
        if (const Officer* officer = verify_staff_card(a.text, counter_.officers)) {
            const std::string code = officer->code;
            sign_in_officer(code, DutyMethod::card, now, effects);
            if (screen_ != Screen::idle) end_session(now, effects);
        } else {
            card_rejected_ = true;
        }
        return true;
    }
    if (screen_ != Screen::idle) return false;  // the rating machine fills the code on its screens
    if (!is_valid_code(a.text) || a.text.size() > max_code_length) return true;
    go(Screen::rating, now);
    apply(rating_.handle(a, context(now), effects), now, effects);
    return true;
}

bool Flow::on(const action::CredentialChecked& a, const Now& now, std::vector<Effect>& effects) {
    if (!SignInMachine::owns(screen_)) return true;
    if (sign_in_.checked(a, context(now))) {
        sign_in_officer(a.officer, DutyMethod::pin, now, effects);
        end_session(now, effects);
    }
    return true;
}

bool Flow::on(const action::AskSignOut&, const Now&, std::vector<Effect>&) {
    if (screen_ == Screen::idle && on_duty()) sign_out_asked_ = true;
    return true;
}

bool Flow::on(const action::ConfirmSignOut& a, const Now& now, std::vector<Effect>& effects) {
    if (screen_ != Screen::idle || !sign_out_asked_) return true;
    sign_out_asked_ = false;
    if (a.sign_out) sign_out_officer(DutyMethod::manual, Timestamp{now.wall, vietnam_offset}, effects);
    return true;
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
    case Screen::lookup_result:
    case Screen::sign_in:
    case Screen::sign_in_pin: return true;
    default: return false;
    }
}

}  // namespace hailong::kiosk
