// The admin screen: what IT staff need to see (kiosk id, server, connection, queue depth, last
// sync, last error, display density) and what the counter needs set (the officer now serving,
// the service, the default language); a network test and the way out of the program.
#include <algorithm>
#include <cmath>
#include <functional>

#include "hailong/time.hpp"
#include "screens.hpp"

namespace hailong::kiosk {

namespace {

std::string_view connection_key(ConnectionState s) {
    switch (s) {
    case ConnectionState::never_connected: return "kiosk.admin.connection.never_connected";
    case ConnectionState::online: return "kiosk.admin.connection.online";
    case ConnectionState::offline: return "kiosk.admin.connection.offline";
    case ConnectionState::auth_problem: return "kiosk.admin.connection.auth_problem";
    case ConnectionState::server_problem: return "kiosk.admin.connection.server_problem";
    }
    return "kiosk.admin.unknown";
}

std::string_view error_key(SyncError e) {
    switch (e) {
    case SyncError::none: return "kiosk.admin.error.none";
    case SyncError::network: return "kiosk.admin.error.network";
    case SyncError::timeout: return "kiosk.admin.error.timeout";
    case SyncError::tls: return "kiosk.admin.error.tls";
    case SyncError::unauthorized: return "kiosk.admin.error.unauthorized";
    case SyncError::forbidden: return "kiosk.admin.error.forbidden";
    case SyncError::rate_limited: return "kiosk.admin.error.rate_limited";
    case SyncError::unavailable: return "kiosk.admin.error.unavailable";
    case SyncError::server_error: return "kiosk.admin.error.server_error";
    case SyncError::bad_request: return "kiosk.admin.error.bad_request";
    case SyncError::too_large: return "kiosk.admin.error.too_large";
    case SyncError::unexpected_status: return "kiosk.admin.error.unexpected_status";
    case SyncError::bad_response: return "kiosk.admin.error.bad_response";
    case SyncError::config_invalid: return "kiosk.admin.error.config_invalid";
    case SyncError::storage: return "kiosk.admin.error.storage";
    }
    return "kiosk.admin.unknown";
}

// "2026-11-20 08:15:30", Vietnam time.
std::string local_time(Instant t) {
    std::string s = format_rfc3339(std::chrono::floor<std::chrono::seconds>(t), vietnam_offset);
    s = s.substr(0, 19);
    s[10] = ' ';
    return s;
}

struct Choice {
    std::string id;
    std::string label;
    bool selected;
    std::function<void()> pick;
};

// A grid of choices with pages when they do not fit.
void choice_list(ScreenFrame& f, Rect area, const std::string& id, std::vector<Choice> items, int& page) {
    Ui& ui = f.ui;
    const float row_h = f.target(88);
    const float gap = f.px(12);
    const int cols = area.w > f.px(840) ? 3 : 2;
    const int rows = std::max(1, static_cast<int>((area.h + gap) / (row_h + gap)));
    const int count = static_cast<int>(items.size());
    // When they do not all fit, the last row holds the page buttons.
    const bool paged = count > rows * cols;
    const int per_page = paged ? std::max(1, rows - 1) * cols : rows * cols;
    const int pages = std::max(1, (count + per_page - 1) / per_page);
    page = std::clamp(page, 0, pages - 1);
    const auto columns = area.columns(cols, gap);
    for (int i = 0; i < per_page && page * per_page + i < count; ++i) {
        Choice& c = items[static_cast<std::size_t>(page * per_page + i)];
        const Rect col = columns[static_cast<std::size_t>(i % cols)];
        const Rect r{col.x, col.y + static_cast<float>(i / cols) * (row_h + gap), col.w, row_h};
        ButtonOptions o;
        o.kind = ButtonKind::choice;
        o.selected = c.selected;
        o.style = TextStyle::small;
        if (ui.button(c.id, c.label, r, o)) c.pick();
    }
    if (pages > 1) {
        const float y = area.y + static_cast<float>(std::max(1, rows - 1)) * (row_h + gap);
        const Rect prev{columns[0].x, y, columns[0].w, row_h};
        const Rect next{columns[1].x, y, columns[1].w, row_h};
        ButtonOptions o;
        o.style = TextStyle::small;
        o.enabled = page > 0;
        if (ui.button(id + ".previous", ui.t("kiosk.admin.previous"), prev, o)) --page;
        o.enabled = page + 1 < pages;
        if (ui.button(id + ".next", ui.t(Message("kiosk.admin.next", {{"page", std::to_string(page + 1)}, {"pages", std::to_string(pages)}})), next, o)) ++page;
    }
}

}  // namespace

void admin_screen(ScreenFrame& f) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    const KioskSettings& s = *f.state.settings;
    Rect a = f.area.inset(f.px(40), f.px(24));
    const float gap = f.px(28);

    Rect footer = a.cut_bottom(f.target(100), f.px(20));
    const auto buttons = footer.columns(2, gap);
    ButtonOptions close;
    close.kind = ButtonKind::primary;
    close.is_default = true;
    if (ui.button("adm_close", ui.t("kiosk.admin.close"), buttons[0], close)) f.emit(action::CloseAdmin{});
    ButtonOptions quit;
    quit.kind = ButtonKind::danger;
    if (ui.button("adm_quit", ui.t("kiosk.admin.quit"), buttons[1], quit)) f.emit(action::Quit{});

    const float th = ui.text(TextStyle::heading, ui.t("kiosk.admin.title"), a.min(), a.w, pal.text);
    a.cut_top(th, f.px(16));
    Rect left = ui.m().portrait ? a.cut_top(a.h * 0.45f, gap) : a.cut_left(a.w * 0.46f, gap);
    Rect right = a;

    // Status, one line per fact.
    const std::optional<UploaderStatus>& st = f.state.status;
    std::vector<std::pair<std::string, std::string>> facts;
    facts.emplace_back(ui.t("kiosk.admin.kiosk_id"), s.kiosk_id);
    facts.emplace_back(ui.t("kiosk.admin.server"), s.server_url.empty() ? ui.t("kiosk.admin.none") : s.server_url);
    facts.emplace_back(ui.t("kiosk.admin.connection"), ui.t(st ? connection_key(st->connection) : "kiosk.admin.unknown"));
    facts.emplace_back(ui.t("kiosk.admin.queue"), st ? std::to_string(st->queue_depth) : ui.t("kiosk.admin.unknown"));
    facts.emplace_back(ui.t("kiosk.admin.last_sync"),
                       st && st->last_sync ? local_time(*st->last_sync) : ui.t(st ? "kiosk.admin.never" : "kiosk.admin.unknown"));
    std::string error = ui.t(st ? error_key(st->last_error) : "kiosk.admin.unknown");
    if (st && !st->last_error_detail.empty()) error += " — " + st->last_error_detail;
    facts.emplace_back(ui.t("kiosk.admin.last_error"), error);
    const Metrics& m = ui.m();
    facts.emplace_back(ui.t("kiosk.admin.display"),
                       ui.t(Message(m.dpi_reported ? "kiosk.admin.display_value" : "kiosk.admin.display_value_assumed",
                                    {{"width", std::to_string(static_cast<int>(m.display.x))},
                                     {"height", std::to_string(static_cast<int>(m.display.y))},
                                     {"dpi", std::to_string(static_cast<int>(std::lround(m.dpi)))},
                                     {"target", std::to_string(static_cast<int>(std::lround(m.min_target)))}})));
    facts.emplace_back(ui.t("kiosk.admin.version"), f.state.version);

    // Left, from the bottom: the network test, the default language; the facts above them.
    const float heading = ui.font_size(TextStyle::body_bold) * 1.3f;
    Rect test_row = left.cut_bottom(f.target(88), f.px(20));
    const Rect test_button = test_row.cut_left(std::min(test_row.w * 0.5f, f.px(460)), f.px(20));
    const Rect result_line = test_row;
    const Rect lang_row = left.cut_bottom(f.target(88), f.px(24));
    const Rect lang_label = left.cut_bottom(heading, f.px(4));
    ui.text(TextStyle::body_bold, ui.t("kiosk.admin.language"), lang_label.min(), lang_label.w, pal.text);
    const auto langs = lang_row.columns(2, f.px(12));
    ButtonOptions lo;
    lo.kind = ButtonKind::choice;
    lo.style = TextStyle::small;
    lo.selected = f.flow.counter().default_lang == "vi";
    if (ui.button("adm_lang.vi", ui.t("kiosk.lang.vi"), langs[0], lo)) f.emit(action::SetDefaultLanguage{"vi"});
    lo.selected = f.flow.counter().default_lang == "en";
    if (ui.button("adm_lang.en", ui.t("kiosk.lang.en"), langs[1], lo)) f.emit(action::SetDefaultLanguage{"en"});

    const float label_w = left.w * 0.3f;
    float y = left.y;
    for (const auto& [label, value] : facts) {
        const float lh = ui.measure(TextStyle::small, label, label_w - f.px(12)).y;
        const float vh = ui.measure(TextStyle::small, value, left.w - label_w).y;
        if (y + std::max(lh, vh) > left.bottom()) break;
        ui.text(TextStyle::small, label, {left.x, y}, label_w - f.px(12), pal.muted);
        ui.text(TextStyle::small, value, {left.x + label_w, y}, left.w - label_w, pal.text);
        y += std::max(lh, vh) + f.px(10);
    }
    using T = ScreenState::NetworkTestState;
    std::string result;
    ImU32 colour = pal.muted;
    switch (f.state.network_test) {
    case T::none: break;
    case T::running: result = ui.t("kiosk.admin.test_running"); break;
    case T::ok:
        result = ui.t(Message("kiosk.admin.test_ok", {{"detail", f.state.network_detail}}));
        colour = pal.text;
        break;
    case T::failed:
        result = ui.t(Message("kiosk.admin.test_failed", {{"detail", f.state.network_detail}}));
        colour = pal.danger;
        break;
    }
    if (!result.empty()) ui.text_in(TextStyle::small, result, result_line, colour, Align::left);
    ButtonOptions to;
    to.enabled = f.state.network_test != T::running;
    to.style = TextStyle::body_bold;
    if (ui.button("adm_test", ui.t("kiosk.admin.test"), test_button, to))
        f.state.network_test_requested = true;

    // Right: the officer now serving and the service.
    const auto& counter = f.flow.counter();
    std::vector<Choice> officers;
    officers.push_back({"adm_officer.none", ui.t("kiosk.admin.no_officer"), !counter.officer,
                        [&f] { f.emit(action::SelectOfficer{std::nullopt}); }});
    for (const Officer& o : counter.officers)
        officers.push_back({"adm_officer." + o.code, o.name, counter.officer == o.code,
                            [&f, code = o.code] { f.emit(action::SelectOfficer{code}); }});
    std::vector<Choice> services;
    services.push_back({"adm_service.none", ui.t("kiosk.admin.no_service"), !counter.service,
                        [&f] { f.emit(action::SelectService{std::nullopt}); }});
    for (const Service& sv : counter.services)
        services.push_back({"adm_service." + sv.code, sv.name, counter.service == sv.code,
                            [&f, code = sv.code] { f.emit(action::SelectService{code}); }});

    Rect officer_area = right.cut_top((right.h - 2 * heading) * 0.58f + heading, f.px(20));
    ui.text(TextStyle::body_bold, ui.t("kiosk.admin.officer"), officer_area.min(), officer_area.w, pal.text);
    officer_area.cut_top(heading, f.px(4));
    choice_list(f, officer_area, "adm_officers", std::move(officers), f.state.officer_page);
    ui.text(TextStyle::body_bold, ui.t("kiosk.admin.service"), right.min(), right.w, pal.text);
    right.cut_top(heading, f.px(4));
    choice_list(f, right, "adm_services", std::move(services), f.state.service_page);
}

}  // namespace hailong::kiosk
