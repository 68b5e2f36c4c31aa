// The idle screen: whose counter this is (agency, officer, service), the invitation to rate, the
// language switch and "Tra cứu phản ánh". A touch anywhere below the header starts a rating.
#include <algorithm>
#include <numbers>

#include "faces.hpp"
#include "screens.hpp"

namespace hailong::kiosk {

namespace {

// The officer's photo, or a neutral silhouette when none is configured.
void portrait(ScreenFrame& f, const Rect& box) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    if (f.state.officer_photo && f.state.officer_photo_size.x > 0) {
        const ImVec2 s = f.state.officer_photo_size;
        // Cover the square: crop the longer side of the photo.
        const float aspect = s.x / s.y;
        ImVec2 uv0{0, 0}, uv1{1, 1};
        if (aspect > 1) {
            uv0.x = (1 - 1 / aspect) / 2;
            uv1.x = 1 - uv0.x;
        } else {
            uv0.y = (1 - aspect) / 2;
            uv1.y = 1 - uv0.y;
        }
        ui.draw()->AddImageRounded(f.state.officer_photo, box.min(), box.max(), uv0, uv1, rgba(255, 255, 255), f.px(14));
        return;
    }
    ui.fill(box, pal.secondary, f.px(14));
    const ImVec2 c = box.center();
    const float r = box.w * 0.2f;
    ui.draw()->AddCircleFilled({c.x, c.y - r * 0.55f}, r, pal.outline, 48);
    ui.draw()->PathArcTo({c.x, box.bottom()}, r * 1.9f, std::numbers::pi_v<float>, 2 * std::numbers::pi_v<float>, 48);
    ui.draw()->PathFillConvex(pal.outline);
}

}  // namespace

void idle_screen(ScreenFrame& f) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    Rect a = f.area.inset(f.px(56), f.px(36));
    const bool asking = f.flow.sign_out_asked();
    if (asking) ui.set_inert(true);

    // Bottom: the language switch, each language written in itself, and the complaint lookup
    // (beside it, or on a row of its own on a narrow screen).
    const bool narrow = ui.m().portrait;
    Rect lang_row = a.cut_bottom(f.target(100), f.px(28));
    const Rect lookup_button = narrow ? a.cut_bottom(f.target(100), f.px(20)).centered(std::min(a.w, f.target(520)), f.target(100))
                                      : lang_row.cut_right(std::min(f.target(440), lang_row.w * 0.3f), f.px(24));
    if (ui.button("open_lookup", ui.t("kiosk.idle.lookup"), lookup_button, ButtonOptions{})) f.emit(action::OpenLookup{});
    // The officers' own way in and out, on the other side (a row of its own on a narrow screen).
    const Officer* on_duty = f.flow.on_duty();
    const bool any_pin = std::any_of(f.flow.counter().officers.begin(), f.flow.counter().officers.end(),
                                     [](const Officer& o) { return !o.pin_hash.empty(); });
    if (f.flow.uses_sign_in() && any_pin) {
        const Rect sign_in_button = narrow ? a.cut_bottom(f.target(100), f.px(20)).centered(std::min(a.w, f.target(520)), f.target(100))
                                           : lang_row.cut_left(std::min(f.target(440), lang_row.w * 0.3f), f.px(24));
        if (ui.button("open_sign_in", ui.t("kiosk.idle.sign_in"), sign_in_button, ButtonOptions{})) f.emit(action::OpenSignIn{});
    }
    const float lang_w = std::min(f.target(340), (lang_row.w - f.px(24)) / 2);
    Rect langs = lang_row.centered(2 * lang_w + f.px(24), lang_row.h);
    const Rect vi = langs.cut_left(lang_w, f.px(24));
    const Rect en = langs;
    ButtonOptions lo;
    lo.kind = ButtonKind::choice;
    lo.selected = f.flow.lang() == "vi";
    if (ui.button("lang.vi", ui.t("kiosk.lang.vi"), vi, lo)) f.emit(action::SetLanguage{"vi"});
    lo.selected = f.flow.lang() == "en";
    if (ui.button("lang.en", ui.t("kiosk.lang.en"), en, lo)) f.emit(action::SetLanguage{"en"});

    const KioskSettings& s = *f.state.settings;
    const std::string touch = ui.t("kiosk.idle.touch");
    const std::string hint = ui.t("kiosk.idle.hint");
    // The invitation's least height: faces, the words below them, its margins.
    const float cta_w = std::min(a.w, f.px(1300));
    const float words_h = ui.measure(TextStyle::title, touch, cta_w - f.px(48)).y + f.px(8) +
                          ui.measure(TextStyle::body, hint, cta_w - f.px(48)).y;
    const float face_r = f.px(46);
    const float cta_least = words_h + 2 * face_r + f.px(12 + 12 + 12);
    const float site_h = s.site_name.empty() ? 0.0f : ui.measure(TextStyle::body, s.site_name, a.w).y + f.px(8);
    const float title_h = ui.measure(TextStyle::title, f.state.department_name, a.w).y;

    // The officer now serving and the service, on a card as tall as its words need, the service's
    // name wrapped in full (in the small style when the body's lines would leave the invitation
    // too little room).
    const Officer* officer = f.flow.officer();
    const Service* service = f.flow.service();
    const bool nobody_on_duty = f.flow.uses_sign_in() && !officer;
    const bool has_card = officer || service || nobody_on_duty;
    const float card_w = std::min(a.w, f.px(1300));
    const float pad = f.px(24);
    const float base_h = std::min(f.px(f.ui.m().portrait ? 300 : 220) * (ui.large() ? 1.2f : 1.0f),
                                  (a.h - site_h - title_h - f.px(28)) * 0.4f);
    const float out_w = on_duty ? std::min(f.target(300), (card_w - 2 * pad) * 0.3f) : 0.0f;
    const float photo = officer ? base_h - 2 * pad : 0.0f;
    const float words_w = card_w - 2 * pad - (on_duty ? out_w + f.px(24) : 0.0f) - (officer ? photo + f.px(28) : 0.0f);
    const auto words_height = [&](TextStyle service_style) {
        float y = 0;
        if (officer || nobody_on_duty) {
            y += ui.measure(TextStyle::small, ui.t("kiosk.idle.officer"), words_w).y + f.px(4);
            y += officer ? ui.measure(TextStyle::heading, officer->name, words_w).y
                         : ui.measure(TextStyle::body, ui.t("kiosk.idle.nobody_signed_in"), words_w).y;
            y += f.px(14);
        }
        if (service) {
            y += ui.measure(TextStyle::small, ui.t("kiosk.idle.service"), words_w).y + f.px(4);
            y += ui.measure(service_style, service->name, words_w).y;
        }
        return y;
    };
    // The card's words keep at least this much of its padding above and below.
    const auto card_height = [&](TextStyle service_style) {
        return std::max(base_h, words_height(service_style) + 2 * f.px(16));
    };
    // Narrower gaps between the parts, then the service's name smaller, when they do not fit.
    const auto fits = [&](float gap, TextStyle service_style) {
        return site_h + title_h + (has_card ? gap + card_height(service_style) : 0.0f) + gap + cta_least <= a.h;
    };
    const float gap = fits(f.px(28), TextStyle::body) ? f.px(28) : f.px(12);
    const TextStyle service_style = fits(gap, TextStyle::body) ? TextStyle::body : TextStyle::small;

    // Top: the agency.
    if (!s.site_name.empty()) {
        ui.text(TextStyle::body, s.site_name, a.min(), a.w, pal.muted, Align::center);
        a.cut_top(site_h);
    }
    ui.text(TextStyle::title, f.state.department_name, a.min(), a.w, pal.text, Align::center);
    a.cut_top(title_h, gap);

    if (has_card) {
        const float card_h = card_height(service_style);
        Rect card = a.cut_top(card_h, gap);
        card = card.centered(card_w, card.h);
        ui.fill(card, pal.surface, f.px(20));
        ui.frame(card, pal.outline, std::max(1.0f, pal.outline_width * ui.m().unit), f.px(20));
        Rect inner = card.inset(pad, std::min(pad, card_h - words_height(service_style) - f.px(16)));
        // The officer signed in signs out here, beside their name.
        if (on_duty) {
            const Rect out = inner.cut_right(out_w, f.px(24));
            if (ui.button("sign_out", ui.t("kiosk.idle.sign_out"), out.centered(out.w, std::min(out.h, f.target(100))),
                          ButtonOptions{}))
                f.emit(action::AskSignOut{});
        }
        if (officer) {
            const float side = std::min(card_h - 2 * pad, photo);
            portrait(f, inner.cut_left(photo, f.px(28)).centered(side, side));
        }
        float y = inner.y;
        if (officer) {
            y += ui.text(TextStyle::small, ui.t("kiosk.idle.officer"), {inner.x, y}, inner.w, pal.muted);
            y += f.px(4);
            y += ui.text(TextStyle::heading, officer->name, {inner.x, y}, inner.w, pal.text);
            y += f.px(14);
        } else if (nobody_on_duty) {
            y += ui.text(TextStyle::small, ui.t("kiosk.idle.officer"), {inner.x, y}, inner.w, pal.muted);
            y += f.px(4);
            y += ui.text(TextStyle::body, ui.t("kiosk.idle.nobody_signed_in"), {inner.x, y}, inner.w, pal.muted);
            y += f.px(14);
        }
        if (service) {
            y += ui.text(TextStyle::small, ui.t("kiosk.idle.service"), {inner.x, y}, inner.w, pal.muted);
            y += f.px(4);
            ui.text(service_style, service->name, {inner.x, y}, inner.w, pal.text);
        }
    }

    // A staff card that was scanned and is no good for this counter.
    if (f.flow.card_rejected()) {
        const float rh = ui.text(TextStyle::body_bold, ui.t("kiosk.idle.card_rejected"), a.min(), a.w, pal.danger, Align::center);
        a.cut_top(rh, f.px(16));
    }

    // The invitation: one large button, three small faces and the words below them.
    Rect cta = a.centered(cta_w, std::min(a.h, std::max(f.px(ui.m().portrait ? 520 : 330), cta_least)));
    ButtonOptions co;
    co.kind = ButtonKind::primary;
    co.is_default = true;
    if (ui.button("start", "", cta, co)) f.emit(action::Start{});
    const float r = std::min({cta.h * 0.17f, face_r, (cta.h - words_h - f.px(36)) / 2});
    const float faces_y = std::max(std::min(cta.y + cta.h * 0.28f, cta.bottom() - f.px(24) - words_h - r), cta.y + f.px(12) + r);
    const int values[3] = {3, 2, 1};
    for (int i = 0; i < 3; ++i) {
        const ImVec2 c{cta.center().x + static_cast<float>(i - 1) * r * 2.8f, faces_y};
        draw_face(ui.draw(), c, r, face_mood(3, values[i]), pal.face[face_colour_index(3, values[i])], pal);
    }
    Rect words{cta.x + f.px(24), faces_y + r + f.px(12), cta.w - f.px(48), cta.bottom() - faces_y - r - f.px(24)};
    float wy = words.y + std::max(0.0f, (words.h - words_h) / 2);
    wy += ui.text(TextStyle::title, touch, {words.x, wy}, words.w, pal.primary_text, Align::center) + f.px(8);
    ui.text(TextStyle::body, hint, {words.x, wy}, words.w, pal.primary_text, Align::center);

    // A touch anywhere else below the header starts too (but not the end of a press that began
    // in the admin corner, which lies in the header), unless speech is on: then touch explores.
    const ImGuiIO& io = ImGui::GetIO();
    if (!asking && !f.flow.presentation().speech && ImGui::IsMouseReleased(0) && !ImGui::IsAnyItemHovered() &&
        f.area.contains(io.MousePos) && f.area.contains(io.MouseClickedPos[0]))
        f.emit(action::Start{});

    // "Đăng xuất" asks first: a citizen's stray tap must not leave the counter without its officer.
    if (asking) {
        ui.set_inert(false);
        Rect card = modal_card(f, f.px(1100), f.px(460));
        const Rect footer = card.cut_bottom(f.target(110), f.px(28));
        const auto cells = footer.columns(2, f.px(28));
        ButtonOptions stay;
        stay.kind = ButtonKind::primary;
        stay.is_default = true;
        if (ui.button("sign_out.stay", ui.t("kiosk.sign_out.stay"), cells[0], stay)) f.emit(action::ConfirmSignOut{false});
        if (ui.button("sign_out.confirm", ui.t("kiosk.sign_out.confirm"), cells[1], ButtonOptions{}))
            f.emit(action::ConfirmSignOut{true});
        const std::string name = on_duty ? on_duty->name : std::string();
        const float question_h = ui.text(TextStyle::heading, ui.t(Message("kiosk.sign_out.title", {{"name", name}})), card.min(),
                                      card.w, pal.text, Align::center);
        card.cut_top(question_h, f.px(24));
        ui.text(TextStyle::body, ui.t("kiosk.sign_out.body"), card.min(), card.w, pal.muted, Align::center);
    }
}

}  // namespace hailong::kiosk
