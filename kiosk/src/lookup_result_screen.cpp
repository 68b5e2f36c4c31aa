// The answer to "Tra cứu phản ánh": where the case stands, in words, and the department's reply.
// Nothing else about the case is known to the kiosk (the server's public lookup answers only
// these), so nothing else can be shown to whoever stands at the screen.
#include <algorithm>

#include "screens.hpp"

namespace hailong::kiosk {

const char* lookup_status_key(const std::string& status) {
    if (status == "new") return "kiosk.lookup.status.new";
    if (status == "assigned") return "kiosk.lookup.status.assigned";
    if (status == "in_progress") return "kiosk.lookup.status.in_progress";
    if (status == "resolved") return "kiosk.lookup.status.resolved";
    if (status == "rejected") return "kiosk.lookup.status.rejected";
    return "kiosk.lookup.status.other";
}

void lookup_result_screen(ScreenFrame& f) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    Rect a = f.area.inset(f.px(48), f.px(28));

    Rect footer = a.cut_bottom(f.target(110), f.px(24));
    footer = footer.centered(std::min(footer.w, f.px(1100)), footer.h);
    const auto cells = footer.columns(2, f.px(24));
    if (ui.button("again", ui.t("kiosk.lookup.again"), cells[0], ButtonOptions{})) f.emit(action::LookupAgain{});
    ButtonOptions done;
    done.kind = ButtonKind::primary;
    done.is_default = true;
    if (ui.button("finish", ui.t("kiosk.common.done"), cells[1], done)) f.emit(action::Finish{});

    a = a.centered(std::min(a.w, f.px(1300)), a.h);
    a.cut_top(ui.text(TextStyle::heading, ui.t("kiosk.lookup.result_title"), a.min(), a.w, pal.text, Align::center), f.px(8));
    a.cut_top(ui.text(TextStyle::body_bold, f.flow.lookup_code_valid().value_or(""), a.min(), a.w, pal.muted, Align::center),
              f.px(28));

    const auto& result = f.flow.lookup_result();
    if (f.flow.lookup_pending() || !result) {
        ui.text(TextStyle::title, ui.t("kiosk.lookup.pending"), a.min(), a.w, pal.text, Align::center);
        return;
    }
    if (result->outcome != ComplaintLookup::Outcome::found) {
        const bool missing = result->outcome == ComplaintLookup::Outcome::not_found;
        a.cut_top(ui.text(TextStyle::title, ui.t(missing ? "kiosk.lookup.not_found" : "kiosk.lookup.unavailable"), a.min(), a.w,
                          pal.text, Align::center),
                  f.px(16));
        ui.text(TextStyle::body, ui.t(missing ? "kiosk.lookup.not_found_hint" : "kiosk.lookup.unavailable_hint"), a.min(), a.w,
                pal.muted, Align::center);
        return;
    }
    a.cut_top(ui.text(TextStyle::small, ui.t("kiosk.lookup.status_label"), a.min(), a.w, pal.muted, Align::center), f.px(4));
    a.cut_top(ui.text(TextStyle::title, ui.t(lookup_status_key(result->status)), a.min(), a.w, pal.text, Align::center), f.px(28));

    Rect card = a;
    ui.fill(card, pal.surface, f.px(20));
    ui.frame(card, pal.outline, std::max(1.0f, pal.outline_width * ui.m().unit), f.px(20));
    Rect inner = card.inset(f.px(28));
    inner.cut_top(ui.text(TextStyle::small, ui.t("kiosk.lookup.reply_label"), inner.min(), inner.w, pal.muted), f.px(8));
    if (result->reply) {
        ui.text(TextStyle::body, *result->reply, inner.min(), inner.w, pal.text);
    } else {
        ui.text(TextStyle::body, ui.t("kiosk.lookup.no_reply"), inner.min(), inner.w, pal.muted);
    }
}

}  // namespace hailong::kiosk
