// The admin screen: what IT staff need to see (kiosk id, server, connection, queue depth, last
// sync, last error, display density) and what the counter needs set (the officer now serving,
// the service, the default language); a network test and the way out of the program, which
// stands apart and asks to be confirmed. The status (the facts, the language and the test) and
// the counter's lists sit side by side where both fit; where they do not (a small display, large
// text) each has a tab of its own, the whole screen's width.
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

struct Fact {
    std::string label;
    std::string value;
    ImU32 colour;
};

// The labels' column as wide as the widest label (up to 40%): "Đồng bộ lần cuối" on one line.
float fact_label_width(const ScreenFrame& f, const std::vector<Fact>& facts, float width) {
    float widest = 0;
    for (const Fact& fact : facts) widest = std::max(widest, f.ui.measure(TextStyle::small, fact.label, 0).x);
    return std::min(widest + f.px(16), width * 0.4f);
}

float fact_height(const ScreenFrame& f, const Fact& fact, float width, float label_w) {
    return std::max(f.ui.measure(TextStyle::small, fact.label, label_w - f.px(12)).y,
                    f.ui.measure(TextStyle::small, fact.value, width - label_w).y);
}

float heading_height(const ScreenFrame& f) { return f.ui.font_size(TextStyle::body_bold) * 1.3f; }

// A button's height for `label` at `width`: the design's `design` touch target, or more when the
// label needs more lines (Ui::button's insets: 8 units above and below, up to 24 at each side).
float button_height(const ScreenFrame& f, float design, TextStyle style, std::string_view label, float width) {
    const float text_w = width - 2 * std::min(f.px(24), width * 0.08f);
    return std::max(f.target(design), std::ceil(f.ui.measure(style, label, text_w).y + 2 * f.px(8) + 2));
}

// The status: the facts, one under another, and the default language and the network test,
// under the facts or (`beside`, on a wide tab) in a column of their own on the right.
class StatusPanel {
public:
    /// `test_result`: the network test's, if any, last among the facts or under the test's button.
    StatusPanel(ScreenFrame& f, std::vector<Fact> facts, std::optional<Fact> test_result, const Rect& area, bool beside)
        : f_(f), facts_(std::move(facts)), area_(area), beside_(beside) {
        Rect rest = area;
        if (beside_) {
            result_ = std::move(test_result);
            controls_ = rest.cut_right(rest.w * 0.36f, f.px(40));
            lang_ = controls_;
            lang_.h = heading_height(f) + f.px(4) + lang_button_height(controls_.w) + f.px(20) +
                      button_height(f, 88, TextStyle::body_bold, f.ui.t("kiosk.admin.test"), controls_.w);
            if (result_) lang_.h += f.px(12) + f.ui.measure(TextStyle::small, result_->value, controls_.w).y;
        } else {
            if (test_result) facts_.push_back(std::move(*test_result));
            const float test_w = rest.w / 3;
            const float row_h = std::max(lang_button_height((rest.w - test_w - f.px(20) - f.px(12)) / 2),
                                         button_height(f, 88, TextStyle::body_bold, f.ui.t("kiosk.admin.test"), test_w));
            lang_ = rest.cut_bottom(heading_height(f) + f.px(4) + row_h, f.px(20));
        }
        facts_area_ = rest;
    }

    /// Whether every fact and the controls fit.
    [[nodiscard]] bool fits() const {
        const float label_w = fact_label_width(f_, facts_, facts_area_.w);
        float h = 0;
        for (const Fact& fact : facts_) h += fact_height(f_, fact, facts_area_.w, label_w) + f_.px(6);
        return h - f_.px(6) <= facts_area_.h && lang_.h <= area_.h;
    }

    void draw() {
        Ui& ui = f_.ui;
        const Palette& pal = ui.pal();
        Rect lang = lang_;
        ui.text(TextStyle::body_bold, ui.t("kiosk.admin.language"), lang.min(), lang.w, pal.text);
        lang.cut_top(heading_height(f_), f_.px(4));
        Rect test_button;
        std::vector<Rect> langs;
        if (beside_) {
            const Rect row = lang.cut_top(lang_button_height(lang.w), f_.px(20));
            langs = row.columns(2, f_.px(12));
            test_button = lang.cut_top(button_height(f_, 88, TextStyle::body_bold, ui.t("kiosk.admin.test"), lang.w), f_.px(12));
            if (result_) ui.text(TextStyle::small, result_->value, lang.min(), lang.w, result_->colour);
        } else {
            test_button = lang.cut_right(lang.w / 3, f_.px(20));
            langs = lang.columns(2, f_.px(12));
        }
        ButtonOptions lo;
        lo.kind = ButtonKind::choice;
        lo.style = TextStyle::small;
        lo.selected = f_.flow.counter().default_lang == "vi";
        if (ui.button("adm_lang.vi", ui.t("kiosk.lang.vi"), langs[0], lo)) f_.emit(action::SetDefaultLanguage{"vi"});
        lo.selected = f_.flow.counter().default_lang == "en";
        if (ui.button("adm_lang.en", ui.t("kiosk.lang.en"), langs[1], lo)) f_.emit(action::SetDefaultLanguage{"en"});
        using T = ScreenState::NetworkTestState;
        ButtonOptions to;
        to.enabled = f_.state.network_test != T::running;
        to.style = TextStyle::body_bold;
        if (ui.button("adm_test", ui.t("kiosk.admin.test"), test_button, to)) f_.state.network_test_requested = true;

        const float label_w = fact_label_width(f_, facts_, facts_area_.w);
        float y = facts_area_.y;
        bool full = false;
        for (const Fact& fact : facts_) {
            const float h = fact_height(f_, fact, facts_area_.w, label_w);
            full = full || y + h > facts_area_.bottom();
            if (full) {
                ui.left_out(fact.label);
                continue;
            }
            ui.text(TextStyle::small, fact.label, {facts_area_.x, y}, label_w - f_.px(12), pal.muted);
            ui.text(TextStyle::small, fact.value, {facts_area_.x + label_w, y}, facts_area_.w - label_w, fact.colour);
            y += h + f_.px(6);
        }
    }

private:
    // The two languages side by side in `width`.
    [[nodiscard]] float lang_button_height(float width) const {
        const float each = (width - f_.px(12)) / 2;
        return std::max(button_height(f_, 88, TextStyle::small, f_.ui.t("kiosk.lang.vi"), each),
                        button_height(f_, 88, TextStyle::small, f_.ui.t("kiosk.lang.en"), each));
    }

    ScreenFrame& f_;
    std::vector<Fact> facts_;
    std::optional<Fact> result_;
    Rect area_;
    bool beside_;
    Rect controls_;
    Rect lang_;
    Rect facts_area_;
};

std::vector<std::string> labels_of(const std::vector<Choice>& cs) {
    std::vector<std::string> out;
    for (const Choice& c : cs) out.push_back(c.label);
    return out;
}

// The counter's lists in `area`: the officer now serving above, the service below.
class CounterPanel {
public:
    explicit CounterPanel(ScreenFrame& f) : f_(f) {
        const auto& counter = f.flow.counter();
        officers_.push_back({"adm_officer.none", f.ui.t("kiosk.admin.no_officer"), !counter.officer,
                             [&f] { f.emit(action::SelectOfficer{std::nullopt}); }});
        for (const Officer& o : counter.officers)
            officers_.push_back({"adm_officer." + o.code, o.name, counter.officer == o.code,
                                 [&f, code = o.code] { f.emit(action::SelectOfficer{code}); }});
        services_.push_back({"adm_service.none", f.ui.t("kiosk.admin.no_service"), !counter.service,
                             [&f] { f.emit(action::SelectService{std::nullopt}); }});
        for (const Service& sv : counter.services)
            services_.push_back({"adm_service." + sv.code, sv.name, counter.service == sv.code,
                                 [&f, code = sv.code] { f.emit(action::SelectService{code}); }});
    }

    /// Whether the lists fit `area`: two rows of officers at least (a row of them and the page
    /// buttons' row) and a row of services.
    [[nodiscard]] bool fits(const Rect& area) const {
        const int cols = choice_columns(f_, area.w);
        const int officer_rows = std::min(2, (static_cast<int>(officers_.size()) + cols - 1) / cols);
        const float need = 2 * (heading_height(f_) + f_.px(4)) + between() +
                           choice_rows_height(f_, officer_rows, officer_row(area.w)) +
                           choice_rows_height(f_, 1, service_row(area.w));
        return need <= area.h;
    }

    void draw(Rect area) {
        Ui& ui = f_.ui;
        const Palette& pal = ui.pal();
        // Whole rows of choices, shared by need: the services (a counter serves few) take the
        // rows they need, up to half; the officers the rest. Each list's rows as tall as its
        // longest label needs.
        const float officer_h = officer_row(area.w);
        const float service_h = service_row(area.w);
        const float heading = heading_height(f_);
        const float lists_h = area.h - 2 * (heading + f_.px(4)) - between() + 2 * f_.px(choice_gap);
        const int cols = choice_columns(f_, area.w);
        const int service_rows = std::clamp((static_cast<int>(services_.size()) + cols - 1) / cols, 1,
                                            std::max(1, static_cast<int>(lists_h / 2 / (service_h + f_.px(choice_gap)))));
        Rect officer_area =
            area.cut_top(area.h - (heading + f_.px(4) + choice_rows_height(f_, service_rows, service_h)), between());
        ui.text(TextStyle::body_bold, ui.t("kiosk.admin.officer"), officer_area.min(), officer_area.w, pal.text);
        officer_area.cut_top(heading, f_.px(4));
        choice_list(f_, officer_area, "adm_officers", officers_, f_.state.officer_page, officer_h);
        ui.text(TextStyle::body_bold, ui.t("kiosk.admin.service"), area.min(), area.w, pal.text);
        area.cut_top(heading, f_.px(4));
        choice_list(f_, area.cut_top(choice_rows_height(f_, service_rows, service_h)), "adm_services", services_,
                    f_.state.service_page, service_h);
    }

private:
    [[nodiscard]] float between() const { return f_.px(20); }
    [[nodiscard]] float officer_row(float width) const { return choice_row_height(f_, width, labels_of(officers_)); }
    [[nodiscard]] float service_row(float width) const { return choice_row_height(f_, width, labels_of(services_)); }

    ScreenFrame& f_;
    std::vector<Choice> officers_;
    std::vector<Choice> services_;
};

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
    // everything (on the status's tab where there are tabs: not under the lists' page buttons),
    // and only asking (quit_confirmation).
    const float quit_w = std::min(a.w * 0.3f, f.px(520));
    const float close_w = std::min((a.w - quit_w) * 0.5f, f.px(860));
    Rect footer = a.cut_bottom(std::max(button_height(f, 100, TextStyle::small, ui.t("kiosk.admin.quit"), quit_w),
                                        button_height(f, 100, TextStyle::body_bold, ui.t("kiosk.admin.close"), close_w)),
                               f.px(32));
    const Rect quit_button = footer.cut_left(quit_w);
    const Rect close_button = footer.cut_right(close_w);
    ButtonOptions close;
    close.kind = ButtonKind::primary;
    close.is_default = true;
    if (ui.button("adm_close", ui.t("kiosk.admin.close"), close_button, close)) f.emit(action::CloseAdmin{});

    const float th = ui.text(TextStyle::heading, ui.t("kiosk.admin.title"), a.min(), a.w, pal.text);
    const Rect title_line = a.cut_top(th, f.px(16));

    // Status, one line per fact.
    const std::optional<UploaderStatus>& st = f.state.status;
    std::vector<Fact> facts;
    const auto fact = [&](std::string label, std::string value) { facts.push_back({std::move(label), std::move(value), pal.text}); };
    fact(ui.t("kiosk.admin.kiosk_id"), s.kiosk_id);
    fact(ui.t("kiosk.admin.server"), s.server_url.empty() ? ui.t("kiosk.admin.none") : s.server_url);
    fact(ui.t("kiosk.admin.connection"), ui.t(st ? connection_key(st->connection) : "kiosk.admin.unknown"));
    fact(ui.t("kiosk.admin.queue"), st ? std::to_string(st->queue_depth) : ui.t("kiosk.admin.unknown"));
    fact(ui.t("kiosk.admin.last_sync"),
         st && st->last_sync ? local_time(*st->last_sync) : ui.t(st ? "kiosk.admin.never" : "kiosk.admin.unknown"));
    std::string error = ui.t(st ? error_key(st->last_error) : "kiosk.admin.unknown");
    if (st && !st->last_error_detail.empty()) error += " — " + st->last_error_detail;
    fact(ui.t("kiosk.admin.last_error"), error);
    const Metrics& m = ui.m();
    fact(ui.t("kiosk.admin.display"),
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
    if (!version_in_title) fact(version_label, f.state.version);

    if (version_in_title) {
        const float value_w = ui.measure(TextStyle::small, f.state.version, 0).x;
        const float small_size = ui.font_size(TextStyle::small);
        const float baseline_y = title_line.y + (ui.font_size(TextStyle::heading) - small_size) / 2;
        ui.text(TextStyle::small, f.state.version, {title_line.right() - value_w, baseline_y}, value_w + 1, pal.text);
        const float label_w = ui.measure(TextStyle::small, version_label, 0).x;
        ui.text(TextStyle::small, version_label, {title_line.right() - value_w - f.px(16) - label_w, baseline_y}, label_w + 1, pal.muted);
    }

    using T = ScreenState::NetworkTestState;
    std::optional<Fact> result;
    switch (f.state.network_test) {
    case T::none: break;
    case T::running: result = Fact{ui.t("kiosk.admin.test"), ui.t("kiosk.admin.test_running"), pal.muted}; break;
    case T::ok:
        result = Fact{ui.t("kiosk.admin.test"), ui.t(Message("kiosk.admin.test_ok", {{"detail", f.state.network_detail}})), pal.text};
        break;
    case T::failed:
        result = Fact{ui.t("kiosk.admin.test"), ui.t(Message("kiosk.admin.test_failed", {{"detail", f.state.network_detail}})),
                      pal.danger};
        break;
    }

    // Side by side (in portrait the status above the lists) where both fit, else a tab each.
    CounterPanel counter(f);
    Rect rest = a;
    const Rect left = ui.m().portrait ? rest.cut_top(rest.h * 0.45f, gap) : rest.cut_left(rest.w * 0.46f, gap);
    StatusPanel status(f, facts, result, left, false);
    const bool side_by_side = status.fits() && counter.fits(rest);
    if (side_by_side || f.state.admin_tab == ScreenState::AdminTab::status) {
        ButtonOptions quit;
        quit.kind = ButtonKind::danger;
        quit.style = TextStyle::small;
        if (ui.button("adm_quit", ui.t("kiosk.admin.quit"), quit_button, quit)) f.emit(action::Quit{});
    }
    if (side_by_side) {
        status.draw();
        counter.draw(rest);
    } else {
        using Tab = ScreenState::AdminTab;
        const std::string status_label = ui.t("kiosk.admin.tab.status");
        const std::string counter_label = ui.t("kiosk.admin.tab.counter");
        const float tab_w = (a.w - f.px(20)) / 2;
        const float tab_h = std::max(button_height(f, 88, TextStyle::body_bold, status_label, tab_w),
                                     button_height(f, 88, TextStyle::body_bold, counter_label, tab_w));
        const auto tabs = a.cut_top(tab_h, f.px(24)).columns(2, f.px(20));
        ButtonOptions to;
        to.kind = ButtonKind::choice;
        to.selected = f.state.admin_tab == Tab::status;
        if (ui.button("adm_tab.status", status_label, tabs[0], to)) f.state.admin_tab = Tab::status;
        to.selected = f.state.admin_tab == Tab::counter;
        if (ui.button("adm_tab.counter", counter_label, tabs[1], to)) f.state.admin_tab = Tab::counter;
        if (f.state.admin_tab == Tab::status) {
            StatusPanel(f, facts, result, a, !ui.m().portrait).draw();
        } else {
            counter.draw(a);
        }
    }

    if (asking) {
        ui.set_inert(f.flow.warning());
        quit_confirmation(f);
    }
}

}  // namespace hailong::kiosk
