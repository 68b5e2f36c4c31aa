#include "hailong/kiosk/flow.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

#include "hailong/message.hpp"

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
           std::holds_alternative<action::LookupFinished>(action);
}

template <typename List>
std::optional<std::string> if_listed(const List& list, const std::optional<std::string>& code) {
    if (code && std::any_of(list.begin(), list.end(), [&](const auto& item) { return item.code == *code; })) return code;
    return std::nullopt;
}

}  // namespace

Flow::Flow(CounterConfig config, RandomSource random, const Now& now)
    : counter_(std::move(config)), last_activity_(now.steady), rating_(std::move(random)) {
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
    // The service now served stays, listed or not: a list that lacks it (the server's, which
    // need not know every procedure of the counter) must never leave ratings without one.
    if (const Service* serving = serving_service(counter_); serving && !if_listed(next.services, counter_.service))
        next.services.push_back(*serving);
    next.service = counter_.service;
    next.default_lang = counter_.default_lang;
    next.timeouts = counter_.timeouts;
    normalise(next);
    counter_ = std::move(next);
}

std::vector<Effect> Flow::dispatch(const Action& action, const Now& now) {
    std::vector<Effect> effects = tick(now);
    // While the warning is up only its own buttons (and the caller's answers) count: a tap that
    // slipped through to the screen behind must not change answers the citizen cannot see.
    const bool answer = answer_from_caller(action);
    if (warning_ && !answer && !std::holds_alternative<action::KeepGoing>(action) &&
        !std::holds_alternative<action::Cancel>(action))
        return effects;
    if (!answer) last_activity_ = now.steady;
    if (std::visit([&](const auto& a) { return on(a, now, effects); }, action)) return effects;

    Step step;
    if (RatingMachine::owns(screen_))
        step = rating_.handle(action, context(now), effects);
    else if (PinMachine::owns(screen_))
        step = pin_.handle(action, context(now), effects);
    else if (LookupMachine::owns(screen_))
        step = lookup_.handle(action, context(now), effects);
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

bool Flow::on(const action::SelectOfficer& a, const Now&, std::vector<Effect>& effects) {
    if (screen_ != Screen::admin) return true;
    if (a.code && std::none_of(counter_.officers.begin(), counter_.officers.end(),
                               [&](const Officer& o) { return o.code == *a.code; }))
        return true;
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
