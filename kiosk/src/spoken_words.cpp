// The words read aloud when speech is on (screens.hpp): a screen's prompt as it opens, and the
// control the focus ring lands on.
#include <cctype>
#include <string_view>

#include "screens.hpp"

namespace hailong::kiosk {

namespace {

// Two lines of a screen as one utterance: a full stop after the first unless it ends a sentence
// already, so that the voice pauses between them.
std::string then(const std::string& first, const std::string& second) {
    const bool ends = first.ends_with('.') || first.ends_with('?') || first.ends_with('!') || first.ends_with(':') ||
                      first.ends_with("…");
    return first + (ends ? " " : ". ") + second;
}

}  // namespace

std::string spelled(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '+') {
            if (!out.empty() && out.back() != ' ') out += ' ';
            out += c;
        } else if (!out.empty() && out.back() != ',') {
            out += ',';
        }
    }
    if (!out.empty() && out.back() == ',') out.pop_back();
    return out;
}

std::string spoken_prompt(const Flow& flow, const Ui& ui, const ScreenState& state) {
    if (flow.warning()) return ui.t("kiosk.timeout.title");
    switch (flow.screen()) {
    case Screen::idle: return ui.t("kiosk.idle.touch");
    case Screen::rating: {
        std::string text = ui.t("kiosk.rating.title");
        const auto values = flow.rating_values();
        for (std::size_t i = 0; i < values.size(); ++i)
            text += " " + std::to_string(i + 1) + ": " + ui.t(rating_label_key(flow.survey().scale, values[i])) + ".";
        return text;
    }
    case Screen::tt01:
        // The second page of questions (tt01_screen.cpp) is said as it opens, as a screen is.
        if (state.tt01_page == 1) return then(ui.t("kiosk.tt01.second_page"), ui.t("kiosk.tt01.hint"));
        return then(ui.t("kiosk.tt01.title"), ui.t("kiosk.tt01.hint"));
    case Screen::dossier: return ui.t("kiosk.dossier.title");
    case Screen::reasons: return then(ui.t("kiosk.reasons.title"), ui.t("kiosk.reasons.hint"));
    case Screen::comment: return ui.t("kiosk.comment.title");
    case Screen::contact: return ui.t("kiosk.contact.title");
    case Screen::saving: return ui.t("kiosk.saving.title");
    case Screen::thanks: {
        std::string text = ui.t("kiosk.thanks.title") + " " +
                           ui.t(flow.is_complaint() ? "kiosk.thanks.complaint" : "kiosk.thanks.body");
        // Sign by sign, so that the voice spells the code instead of reading it as a word.
        if (const std::string* code = flow.tracking_code())
            text += " " + ui.t("kiosk.thanks.code_label") + " " + spelled(*code) + ".";
        else if (flow.is_complaint())
            text += " " + ui.t("kiosk.thanks.no_code");
        if (state.settings && !state.settings->hotline.empty())
            text += " " + ui.t("kiosk.thanks.hotline") + " " + spelled(state.settings->hotline) + ".";
        return text;
    }
    case Screen::save_failed: return then(ui.t("kiosk.save_failed.title"), ui.t("kiosk.save_failed.body"));
    case Screen::admin_pin:
    case Screen::admin:
    case Screen::sign_in:
    case Screen::sign_in_pin: return {};  // for officers, not citizens
    case Screen::lookup: return then(ui.t("kiosk.lookup.title"), ui.t("kiosk.lookup.hint"));
    case Screen::lookup_result: {
        const auto& r = flow.lookup_result();
        if (!r) return ui.t("kiosk.lookup.pending");
        if (r->outcome == ComplaintLookup::Outcome::not_found) return ui.t("kiosk.lookup.not_found");
        if (r->outcome == ComplaintLookup::Outcome::unavailable) return ui.t("kiosk.lookup.unavailable");
        return ui.t("kiosk.lookup.status_label") + " " + ui.t(lookup_status_key(r->status)) + ". " +
               (r->reply ? *r->reply : ui.t("kiosk.lookup.no_reply"));
    }
    }
    return {};
}

std::string spoken_control(const Flow& flow, const Ui& ui, const SpokenControl& c) {
    // The controls whose words the screen draws itself, beside an empty label.
    std::string words = c.label;
    if (c.id == "start") {
        words = ui.t("kiosk.idle.touch");
    } else if (c.id == "back") {
        words = ui.t("kiosk.common.back");
    } else if (c.id == "a11y.large_text") {
        words = ui.t("kiosk.a11y.large_text");
    } else if (c.id == "a11y.contrast") {
        words = ui.t("kiosk.a11y.contrast");
    } else if (c.id == "a11y.speech") {
        words = ui.t("kiosk.a11y.speech");
    } else if (c.id == "reasons.previous") {
        words = ui.t("kiosk.reasons.previous");
    } else if (c.id == "reasons.next") {
        words = ui.t("kiosk.reasons.next");
    } else if (c.id.rfind("rating.", 0) == 0) {
        for (const int v : flow.rating_values())
            if (c.id == "rating." + std::to_string(v)) words = ui.t(rating_label_key(flow.survey().scale, v));
    }
    if (!c.context.empty()) words = c.context + " " + words;
    if (c.kind == ButtonKind::toolbar && c.id != "back")
        words += ", " + ui.t(c.selected ? "kiosk.speech.on" : "kiosk.speech.off");
    else if (c.selected)
        words += ", " + ui.t("kiosk.speech.selected");
    if (!c.enabled) words += ", " + ui.t("kiosk.speech.unavailable");
    return words;
}

}  // namespace hailong::kiosk
