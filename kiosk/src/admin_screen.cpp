// The admin screen: what IT staff need to see (kiosk id, server, connection, queue depth, last
// sync, last error, display density) and what the counter needs set (the officer now serving,
// the service, the default language); a network test and the way out of the program, which
// stands apart and asks to be confirmed.
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

constexpr float choice_row = 88;  // design height of a choice, before the 15 mm minimum
constexpr float choice_gap = 12;

// Three columns while each is at least ten ems of the choices' text wide, else two: a narrower
// column would wrap a procedure's name into more lines than a row holds.
int choice_columns(const ScreenFrame& f, float width) {
    const float three = (width - 2 * f.px(choice_gap)) / 3;
    return three >= 10 * f.ui.font_size(TextStyle::small) ? 3 : 2;
}

// The height of a row of choices: the 15 mm target, or more when a label needs more lines, in
// either grid choice_list may draw (the whole width, or one row between "previous" and "next").
float choice_row_height(const ScreenFrame& f, float list_width, const std::vector<std::string>& labels) {
    float tallest = 0;
    for (const float width : {list_width, list_width - 2 * (f.target(100) + f.px(choice_gap))}) {
        const int cols = choice_columns(f, width);
        const float col_w = (width - static_cast<float>(cols - 1) * f.px(choice_gap)) / static_cast<float>(cols);
        // Ui::button's label insets: 8 units above and below, up to 24 at each side.
        const float text_w = col_w - 2 * std::min(f.px(24), col_w * 0.08f);
        for (const std::string& l : labels) tallest = std::max(tallest, f.ui.measure(TextStyle::small, l, text_w).y);
    }
    return std::max(f.target(choice_row), std::ceil(tallest + 2 * f.px(8) + 2));
}

// The height of `rows` rows of choices.
float choice_rows_height(const ScreenFrame& f, int rows, float row_h) {
    return static_cast<float>(rows) * row_h + static_cast<float>(std::max(0, rows - 1)) * f.px(choice_gap);
}

// A grid of choices inside `area`, never outside it: as many rows as fit. When they do not all
// fit, the last row holds "previous", the page and "next" (with room for one row only, that row's
// two ends hold "previous" and "next"), and when the entry chosen is on another page the row
// names it and its page. The list opens on the page of the entry chosen (`page` unset); `page`
// keeps the page turned to.
void choice_list(ScreenFrame& f, const Rect& area, const std::string& id, const std::vector<Choice>& items,
                 std::optional<int>& page, float row_h) {
    Ui& ui = f.ui;
    const float gap = f.px(choice_gap);
    const int rows = std::max(1, static_cast<int>((area.h + gap) / (row_h + gap)));
    const int count = static_cast<int>(items.size());
    Rect grid = area;
    int cols = choice_columns(f, area.w);
    const bool paged = count > rows * cols;
    Rect previous, next, where;
    if (paged && rows >= 2) {
        // The page buttons a quarter each, the half between them for the page and the choice.
        Rect nav{area.x, area.y + static_cast<float>(rows - 1) * (row_h + gap), area.w, row_h};
        const float quarter = (area.w - 2 * gap) / 4;
        previous = nav.cut_left(quarter, gap);
        next = nav.cut_right(quarter, gap);
        where = nav;
    } else if (paged) {
        grid.h = row_h;
        previous = grid.cut_left(f.target(100), gap);
        next = grid.cut_right(f.target(100), gap);
        cols = choice_columns(f, grid.w);
    }
    const int per_page = (paged && rows >= 2 ? rows - 1 : rows) * cols;
    const int pages = std::max(1, (count + per_page - 1) / per_page);
    const auto chosen = std::find_if(items.begin(), items.end(), [](const Choice& c) { return c.selected; });
    // The page the chosen entry is on; -1 when nothing is chosen. (A plain int: GCC's release
    // build took an optional here for maybe-uninitialised.)
    const int chosen_page = chosen == items.end() ? -1 : static_cast<int>(chosen - items.begin()) / per_page;
    const int shown = std::clamp(page.value_or(std::max(chosen_page, 0)), 0, pages - 1);
    page = shown;

    const auto columns = grid.columns(cols, gap);
    for (int i = 0; i < per_page && shown * per_page + i < count; ++i) {
        const Choice& c = items[static_cast<std::size_t>(shown * per_page + i)];
        const Rect col = columns[static_cast<std::size_t>(i % cols)];
        const Rect r{col.x, col.y + static_cast<float>(i / cols) * (row_h + gap), col.w, row_h};
        ButtonOptions o;
        o.kind = ButtonKind::choice;
        o.selected = c.selected;
        o.style = TextStyle::small;
        if (ui.button(c.id, c.label, r, o)) c.pick();
    }
    if (!paged) return;
    ButtonOptions o;
    o.style = TextStyle::small;
    o.enabled = shown > 0;
    if (ui.button(id + ".previous", ui.t("kiosk.admin.previous"), previous, o)) page = shown - 1;
    o.enabled = shown + 1 < pages;
    if (ui.button(id + ".next", ui.t("kiosk.admin.next"), next, o)) page = shown + 1;
    if (where.w <= 0) return;
    const std::string page_of = std::to_string(shown + 1);
    const std::string all = std::to_string(pages);
    std::string text = ui.t(Message("kiosk.admin.page", {{"page", page_of}, {"pages", all}}));
    if (chosen_page >= 0 && chosen_page != shown) {
        const std::string at = std::to_string(chosen_page + 1);
        text = ui.t(Message("kiosk.admin.page_chosen", {{"page", page_of}, {"pages", all}, {"name", chosen->label}, {"chosen", at}}));
        // A name too long for the row: only the page it is on.
        if (ui.measure(TextStyle::small, text, where.w).y > where.h)
            text = ui.t(Message("kiosk.admin.page_chosen_elsewhere", {{"page", page_of}, {"pages", all}, {"chosen", at}}));
    }
    ui.text_in(TextStyle::small, text, where, ui.pal().text);
}

// "Thoát chương trình" asks first: the counter has no kiosk until someone starts it again.
void quit_confirmation(ScreenFrame& f) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    Rect a = modal_card(f, f.px(1100), f.px(460));
    const Rect footer = a.cut_bottom(f.target(110), f.px(28));
    const auto cells = footer.columns(2, f.px(28));
    ButtonOptions stay;
    stay.kind = ButtonKind::primary;
    stay.is_default = true;
    if (ui.button("adm_quit.stay", ui.t("kiosk.admin.quit_confirm.stay"), cells[0], stay)) f.emit(action::ConfirmQuit{false});
    ButtonOptions exit;
    exit.kind = ButtonKind::danger;
    if (ui.button("adm_quit.exit", ui.t("kiosk.admin.quit_confirm.exit"), cells[1], exit)) f.emit(action::ConfirmQuit{true});
    const float th = ui.text(TextStyle::heading, ui.t("kiosk.admin.quit_confirm.title"), a.min(), a.w, pal.text, Align::center);
    a.cut_top(th, f.px(24));
    ui.text(TextStyle::body, ui.t("kiosk.admin.quit_confirm.body"), a.min(), a.w, pal.muted, Align::center);
}

}  // namespace

void admin_screen(ScreenFrame& f) {
    Ui& ui = f.ui;
    const Palette& pal = ui.pal();
    const KioskSettings& s = *f.state.settings;
    Rect a = f.area.inset(f.px(40), f.px(24));
    const float gap = f.px(28);

    // Behind the exit's confirmation nothing answers a tap.
    const bool asking = f.flow.quit_asked();
    if (asking) ui.set_inert(true);

    // The footer: "Đóng" on the right, under the lists; the exit on the left, narrower, apart from
    // everything, and only asking (quit_confirmation).
    Rect footer = a.cut_bottom(f.target(100), f.px(32));
    const Rect quit_button = footer.cut_left(std::min(footer.w * 0.3f, f.px(520)));
    const Rect close_button = footer.cut_right(std::min(footer.w * 0.5f, f.px(860)));
    ButtonOptions close;
    close.kind = ButtonKind::primary;
    close.is_default = true;
    if (ui.button("adm_close", ui.t("kiosk.admin.close"), close_button, close)) f.emit(action::CloseAdmin{});
    ButtonOptions quit;
    quit.kind = ButtonKind::danger;
    quit.style = TextStyle::small;
    if (ui.button("adm_quit", ui.t("kiosk.admin.quit"), quit_button, quit)) f.emit(action::Quit{});

    const float th = ui.text(TextStyle::heading, ui.t("kiosk.admin.title"), a.min(), a.w, pal.text);
    const Rect title_line = a.cut_top(th, f.px(16));
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
    // The version on the title's line when there is room for it there, else among the facts.
    const float title_w = ui.measure(TextStyle::heading, ui.t("kiosk.admin.title"), 0).x;
    const std::string version_label = ui.t("kiosk.admin.version");
    const float version_w = ui.measure(TextStyle::small, version_label + "  " + f.state.version, 0).x;
    const bool version_in_title = title_w + f.px(40) + version_w <= title_line.w;
    if (!version_in_title) facts.emplace_back(version_label, f.state.version);

    if (version_in_title) {
        const float value_w = ui.measure(TextStyle::small, f.state.version, 0).x;
        const float small_size = ui.font_size(TextStyle::small);
        const float baseline_y = title_line.y + (ui.font_size(TextStyle::heading) - small_size) / 2;
        ui.text(TextStyle::small, f.state.version, {title_line.right() - value_w, baseline_y}, value_w + 1, pal.text);
        const float label_w = ui.measure(TextStyle::small, version_label, 0).x;
        ui.text(TextStyle::small, version_label, {title_line.right() - value_w - f.px(16) - label_w, baseline_y}, label_w + 1, pal.muted);
    }

    // Left, from the bottom: the default language and the network test in one row; the facts
    // above them, the test's result last among them.
    const float heading = ui.font_size(TextStyle::body_bold) * 1.3f;
    Rect lang_row = left.cut_bottom(f.target(88), f.px(20));
    const Rect test_button = lang_row.cut_right(lang_row.w / 3, f.px(20));
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

    using T = ScreenState::NetworkTestState;
    std::string result;
    ImU32 result_colour = pal.muted;
    switch (f.state.network_test) {
    case T::none: break;
    case T::running: result = ui.t("kiosk.admin.test_running"); break;
    case T::ok:
        result = ui.t(Message("kiosk.admin.test_ok", {{"detail", f.state.network_detail}}));
        result_colour = pal.text;
        break;
    case T::failed:
        result = ui.t(Message("kiosk.admin.test_failed", {{"detail", f.state.network_detail}}));
        result_colour = pal.danger;
        break;
    }
    if (!result.empty()) facts.emplace_back(ui.t("kiosk.admin.test"), result);

    // The labels' column as wide as the widest label (up to 40%): "Đồng bộ lần cuối" on one line.
    float widest = 0;
    for (const auto& fact : facts) widest = std::max(widest, ui.measure(TextStyle::small, fact.first, 0).x);
    const float label_w = std::min(widest + f.px(16), left.w * 0.4f);
    float y = left.y;
    bool full = false;
    for (const auto& [label, value] : facts) {
        const float lh = ui.measure(TextStyle::small, label, label_w - f.px(12)).y;
        const float vh = ui.measure(TextStyle::small, value, left.w - label_w).y;
        full = full || y + std::max(lh, vh) > left.bottom();
        if (full) {
            ui.left_out(label);
            continue;
        }
        ui.text(TextStyle::small, label, {left.x, y}, label_w - f.px(12), pal.muted);
        ui.text(TextStyle::small, value, {left.x + label_w, y}, left.w - label_w, value == result ? result_colour : pal.text);
        y += std::max(lh, vh) + f.px(6);
    }
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

    // Whole rows of choices, shared by need: the services (a counter serves few) take the rows
    // they need, up to half; the officers the rest.
    // Each list's rows as tall as its longest label needs.
    const auto labels = [](const std::vector<Choice>& cs) {
        std::vector<std::string> out;
        for (const Choice& c : cs) out.push_back(c.label);
        return out;
    };
    const float officer_row = choice_row_height(f, right.w, labels(officers));
    const float service_row = choice_row_height(f, right.w, labels(services));
    const float between = f.px(20);
    const float lists_h = right.h - 2 * (heading + f.px(4)) - between + 2 * f.px(choice_gap);
    const int cols = choice_columns(f, right.w);
    const int service_rows = std::clamp((static_cast<int>(services.size()) + cols - 1) / cols, 1,
                                        std::max(1, static_cast<int>(lists_h / 2 / (service_row + f.px(choice_gap)))));
    Rect officer_area = right.cut_top(right.h - (heading + f.px(4) + choice_rows_height(f, service_rows, service_row)), between);
    ui.text(TextStyle::body_bold, ui.t("kiosk.admin.officer"), officer_area.min(), officer_area.w, pal.text);
    officer_area.cut_top(heading, f.px(4));
    choice_list(f, officer_area, "adm_officers", officers, f.state.officer_page, officer_row);
    ui.text(TextStyle::body_bold, ui.t("kiosk.admin.service"), right.min(), right.w, pal.text);
    right.cut_top(heading, f.px(4));
    choice_list(f, right.cut_top(choice_rows_height(f, service_rows, service_row)), "adm_services", services,
                f.state.service_page, service_row);

    if (asking) {
        ui.set_inert(f.flow.warning());
        quit_confirmation(f);
    }
}

}  // namespace hailong::kiosk
