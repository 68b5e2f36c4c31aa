#include "ui.hpp"

#include <SDL_scancode.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <numbers>

namespace hailong::kiosk {

namespace {

constexpr float line_spacing = 1.18f;

struct Line {
    const char* begin;
    const char* end;
    float width;
};

// Splits at line feeds, then wraps each paragraph at `wrap`, at spaces only: ImGui's wrapping
// also breaks after '.' and ',', which cut a dossier code (000.00.12.H56-261120-0001) over three
// lines. A word wider than `wrap` stands whole on a line of its own, wider than asked, for the
// screen's layout to make room (the tests' layout check finds it).
std::vector<Line> layout_lines(ImFont* font, float size, std::string_view text, float wrap) {
    std::vector<Line> lines;
    const char* p = text.data();
    const char* const end = text.data() + text.size();
    const auto width = [&](const char* b, const char* e) { return font->CalcTextSizeA(size, FLT_MAX, 0.0f, b, e).x; };
    while (p <= end) {
        const char* para_end = std::find(p, end, '\n');
        const char* s = p;
        if (s == para_end) lines.push_back({s, s, 0.0f});
        while (s < para_end) {
            const char* eol = std::find(s, para_end, ' ');  // at least the first word
            while (wrap > 0 && eol < para_end) {
                const char* next = eol;
                while (next < para_end && *next == ' ') ++next;
                const char* next_end = std::find(next, para_end, ' ');
                if (next == para_end || width(s, next_end) > wrap) break;
                eol = next_end;
            }
            if (wrap <= 0) eol = para_end;
            const char* trimmed = eol;
            while (trimmed > s && trimmed[-1] == ' ') --trimmed;
            lines.push_back({s, trimmed, width(s, trimmed)});
            s = eol;
            while (s < para_end && *s == ' ') ++s;
        }
        if (para_end == end) break;
        p = para_end + 1;
    }
    return lines;
}

ImU32 with_alpha(ImU32 colour, float alpha) {
    const auto a = static_cast<unsigned>(static_cast<float>(colour >> 24) * alpha);
    return (colour & 0x00FFFFFFu) | (a << 24);
}

}  // namespace

Rect Rect::cut_top(float height, float gap) {
    Rect r{x, y, w, std::min(height, h)};
    y += r.h + gap;
    h = std::max(0.0f, h - r.h - gap);
    return r;
}

Rect Rect::cut_bottom(float height, float gap) {
    Rect r{x, y + h - std::min(height, h), w, std::min(height, h)};
    h = std::max(0.0f, h - r.h - gap);
    return r;
}

Rect Rect::cut_left(float width, float gap) {
    Rect r{x, y, std::min(width, w), h};
    x += r.w + gap;
    w = std::max(0.0f, w - r.w - gap);
    return r;
}

Rect Rect::cut_right(float width, float gap) {
    Rect r{x + w - std::min(width, w), y, std::min(width, w), h};
    w = std::max(0.0f, w - r.w - gap);
    return r;
}

std::vector<Rect> Rect::columns(int n, float gap) const {
    std::vector<Rect> out;
    const float cw = (w - gap * static_cast<float>(n - 1)) / static_cast<float>(n);
    for (int i = 0; i < n; ++i) out.push_back({x + static_cast<float>(i) * (cw + gap), y, cw, h});
    return out;
}

std::vector<Rect> Rect::rows(int n, float gap) const {
    std::vector<Rect> out;
    const float rh = (h - gap * static_cast<float>(n - 1)) / static_cast<float>(n);
    for (int i = 0; i < n; ++i) out.push_back({x, y + static_cast<float>(i) * (rh + gap), w, rh});
    return out;
}

Rect Rect::centered(float width, float height) const {
    return {x + (w - width) / 2, y + (h - height) / 2, width, height};
}

KeyInput KeyInput::read() {
    const ImGuiIO& io = ImGui::GetIO();
    KeyInput k;
    const auto pressed = [](SDL_Scancode code) { return ImGui::IsKeyPressed(static_cast<int>(code)); };
    k.left = pressed(SDL_SCANCODE_LEFT);
    k.right = pressed(SDL_SCANCODE_RIGHT);
    k.up = pressed(SDL_SCANCODE_UP);
    k.down = pressed(SDL_SCANCODE_DOWN);
    k.enter = pressed(SDL_SCANCODE_RETURN) || pressed(SDL_SCANCODE_KP_ENTER);
    k.escape = pressed(SDL_SCANCODE_ESCAPE);
    k.backspace = pressed(SDL_SCANCODE_BACKSPACE);
    static constexpr SDL_Scancode top_row[10] = {SDL_SCANCODE_0, SDL_SCANCODE_1, SDL_SCANCODE_2, SDL_SCANCODE_3,
                                                 SDL_SCANCODE_4, SDL_SCANCODE_5, SDL_SCANCODE_6, SDL_SCANCODE_7,
                                                 SDL_SCANCODE_8, SDL_SCANCODE_9};
    static constexpr SDL_Scancode keypad[10] = {SDL_SCANCODE_KP_0, SDL_SCANCODE_KP_1, SDL_SCANCODE_KP_2, SDL_SCANCODE_KP_3,
                                                SDL_SCANCODE_KP_4, SDL_SCANCODE_KP_5, SDL_SCANCODE_KP_6, SDL_SCANCODE_KP_7,
                                                SDL_SCANCODE_KP_8, SDL_SCANCODE_KP_9};
    for (int d = 0; d < 10; ++d) {
        if (!io.KeyShift && (pressed(top_row[d]) || pressed(keypad[d]))) k.digit = d;
    }
    k.ctrl_alt_a = io.KeyCtrl && io.KeyAlt && pressed(SDL_SCANCODE_A);
    for (const ImWchar c : io.InputQueueCharacters) {
        const auto cp = static_cast<unsigned>(c);
        if (cp < 0x20 || cp == 0x7F) continue;
        if (cp < 0x80) {
            k.typed += static_cast<char>(cp);
        } else if (cp < 0x800) {
            k.typed += static_cast<char>(0xC0 | (cp >> 6));
            k.typed += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            k.typed += static_cast<char>(0xE0 | (cp >> 12));
            k.typed += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            k.typed += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }
    k.any = k.left || k.right || k.up || k.down || k.enter || k.escape || k.backspace || k.digit >= 0 ||
            !k.typed.empty() || k.ctrl_alt_a;
    return k;
}

void Focus::reset() {
    focused_.clear();
    visible_ = false;
}

const Focus::Item* Focus::find(const std::string& id) const {
    for (const Item& item : previous_)
        if (item.id == id) return &item;
    return nullptr;
}

void Focus::begin_frame(const KeyInput& keys, bool shortcuts) {
    previous_ = std::move(current_);
    current_.clear();
    press_.clear();
    digit_ = -1;
    enter_unused_ = false;
    if (!focused_.empty() && !find(focused_)) focused_.clear();

    const auto start_item = [this]() -> std::string {
        for (const Item& item : previous_)
            if (item.is_default) return item.id;
        return previous_.empty() ? std::string() : previous_.front().id;
    };
    if (keys.left || keys.right || keys.up || keys.down) {
        if (!visible_ || focused_.empty()) {
            visible_ = true;
            focused_ = start_item();
        } else {
            move(keys.left ? -1.0f : keys.right ? 1.0f : 0.0f, keys.up ? -1.0f : keys.down ? 1.0f : 0.0f);
        }
    }
    if (keys.enter) {
        if (visible_ && !focused_.empty()) {
            press_ = focused_;
        } else {
            for (const Item& item : previous_)
                if (item.is_default) press_ = item.id;
            if (press_.empty()) enter_unused_ = true;
        }
    }
    if (shortcuts) digit_ = keys.digit;
}

void Focus::move(float dx, float dy) {
    const Item* from = find(focused_);
    if (!from) return;
    const ImVec2 c = from->rect.center();
    const Item* best = nullptr;
    float best_score = FLT_MAX;
    for (const Item& item : previous_) {
        if (item.id == focused_) continue;
        const ImVec2 o = item.rect.center();
        const float vx = o.x - c.x, vy = o.y - c.y;
        const float along = vx * dx + vy * dy;
        if (along <= 1.0f) continue;
        const float across = std::fabs(vx * dy - vy * dx);
        const float score = along + 2.0f * across;
        if (score < best_score) {
            best_score = score;
            best = &item;
        }
    }
    if (best) focused_ = best->id;
}

bool Focus::add(const std::string& id, const Rect& rect, const ButtonOptions& options) {
    current_.push_back({id, rect, options.is_default, options.shortcut});
    if (!press_.empty() && id == press_) {
        press_.clear();
        return true;
    }
    if (digit_ >= 0 && options.shortcut == digit_) {
        digit_ = -1;
        return true;
    }
    return false;
}

Ui::Ui(const Translator& translator, std::string lang, const Fonts& fonts, bool large_text, const Palette& palette,
       const Metrics& metrics, Focus& focus, TapGuard& taps)
    : translator_(translator),
      lang_(std::move(lang)),
      fonts_(fonts),
      large_(large_text),
      palette_(palette),
      metrics_(metrics),
      focus_(focus),
      taps_(taps),
      draw_(ImGui::GetWindowDrawList()) {}

ImVec2 Ui::measure(TextStyle style, std::string_view text, float wrap) const {
    ImFont* font = fonts_.font(style, large_);
    const float size = fonts_.size(style, large_);
    const auto lines = layout_lines(font, size, text, wrap);
    float width = 0;
    for (const Line& l : lines) width = std::max(width, l.width);
    const float n = static_cast<float>(lines.size());
    return {width, n > 0 ? size * (1.0f + (n - 1.0f) * line_spacing) : 0.0f};
}

float Ui::text(TextStyle style, std::string_view text, ImVec2 pos, float width, ImU32 colour, Align align) {
    ImFont* font = fonts_.font(style, large_);
    const float size = fonts_.size(style, large_);
    const auto lines = layout_lines(font, size, text, width);
    float y = pos.y;
    float left = FLT_MAX, right = -FLT_MAX;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const Line& l = lines[i];
        float x = pos.x;
        if (align == Align::center) x += (width - l.width) / 2;
        if (align == Align::right) x += width - l.width;
        draw_->AddText(font, size, {std::round(x), std::round(y)}, colour, l.begin, l.end);
        left = std::min(left, x);
        right = std::max(right, x + l.width);
        if (i + 1 < lines.size()) y += size * line_spacing;
    }
    const float height = lines.empty() ? 0.0f : y + size - pos.y;
    if (record_ && !lines.empty()) {
        const Rect column{pos.x, pos.y, std::max(width, 0.0f), 0.0f};
        record_->texts.push_back({std::string(text), {left, pos.y, right - left, height}, bounds_ ? *bounds_ : column,
                                  owner_ ? *owner_ : std::string(), record_->layer});
    }
    return height;
}

void Ui::text_in(TextStyle style, std::string_view str, const Rect& rect, ImU32 colour, Align align) {
    const ImVec2 size = measure(style, str, rect.w);
    const Rect* outer = bounds_;
    if (!bounds_) bounds_ = &rect;
    text(style, str, {rect.x, rect.y + (rect.h - size.y) / 2}, rect.w, colour, align);
    bounds_ = outer;
}

void Ui::fill(const Rect& r, ImU32 colour, float rounding) const {
    draw_->AddRectFilled(r.min(), r.max(), colour, rounding);
}

void Ui::frame(const Rect& r, ImU32 colour, float thickness, float rounding) const {
    const float h = thickness / 2;
    draw_->AddRect({r.x + h, r.y + h}, {r.right() - h, r.bottom() - h}, colour, rounding, 0, thickness);
}

void Ui::check_mark(ImVec2 c, float s, ImU32 colour) const {
    const ImVec2 points[3] = {{c.x - s * 0.38f, c.y + s * 0.02f}, {c.x - s * 0.1f, c.y + s * 0.3f}, {c.x + s * 0.4f, c.y - s * 0.3f}};
    draw_->AddPolyline(points, 3, colour, 0, std::max(2.0f, s * 0.14f));
}

void Ui::chevron_left(ImVec2 c, float s, ImU32 colour) const {
    const ImVec2 points[3] = {{c.x + s * 0.2f, c.y - s * 0.4f}, {c.x - s * 0.25f, c.y}, {c.x + s * 0.2f, c.y + s * 0.4f}};
    draw_->AddPolyline(points, 3, colour, 0, std::max(2.0f, s * 0.14f));
}

void Ui::speaker(ImVec2 c, float s, ImU32 colour, bool on) const {
    const ImVec2 body[4] = {{c.x - s * 0.45f, c.y - s * 0.15f}, {c.x - s * 0.25f, c.y - s * 0.15f},
                            {c.x - s * 0.25f, c.y + s * 0.15f}, {c.x - s * 0.45f, c.y + s * 0.15f}};
    draw_->AddConvexPolyFilled(body, 4, colour);
    const ImVec2 cone[4] = {{c.x - s * 0.25f, c.y - s * 0.15f}, {c.x + s * 0.02f, c.y - s * 0.4f},
                            {c.x + s * 0.02f, c.y + s * 0.4f}, {c.x - s * 0.25f, c.y + s * 0.15f}};
    draw_->AddConvexPolyFilled(cone, 4, colour);
    const float t = std::max(2.0f, s * 0.08f);
    if (on) {
        const float pi = std::numbers::pi_v<float>;
        for (int i = 1; i <= 2; ++i) {
            draw_->PathArcTo({c.x + s * 0.02f, c.y}, s * 0.2f * static_cast<float>(i), -pi / 4, pi / 4, 12);
            draw_->PathStroke(colour, 0, t);
        }
    } else {
        draw_->AddLine({c.x + s * 0.15f, c.y - s * 0.15f}, {c.x + s * 0.45f, c.y + s * 0.15f}, colour, t);
        draw_->AddLine({c.x + s * 0.15f, c.y + s * 0.15f}, {c.x + s * 0.45f, c.y - s * 0.15f}, colour, t);
    }
}

void Ui::half_circle(ImVec2 c, float r, ImU32 colour) const {
    const float pi = std::numbers::pi_v<float>;
    draw_->AddCircle(c, r, colour, 32, std::max(2.0f, r * 0.16f));
    draw_->PathArcTo(c, r, pi / 2, 3 * pi / 2, 24);
    draw_->PathFillConvex(colour);
}

bool Ui::button(const std::string& id, std::string_view label, const Rect& rect, const ButtonOptions& o) {
    widgets_.emplace_back(id, rect);
    controls_.push_back({id, std::string(label), std::string(o.context), o.kind, o.selected, o.enabled});
    if (record_) record_->boxes.push_back({id, rect, record_->layer});
    bool pressed = false;
    bool held = false;
    if (!inert_ && rect.w >= 1 && rect.h >= 1 && (o.enabled || speech_)) {
        ImGui::SetCursorScreenPos(rect.min());
        if (ImGui::InvisibleButton(id.c_str(), {rect.w, rect.h}) && taps_.accept(id)) {
            if (!speech_ || o.acts_at_once) {
                pressed = o.enabled;
                focus_.hide();
            } else if (focus_.shown() != id) {
                focus_.point(id);  // explore: the App reads it
            } else {
                pressed = o.enabled;  // the second touch; the ring stays for the next
            }
        }
        held = o.enabled && ImGui::IsItemActive();
        // With speech on a disabled control can have the ring, to be read, but not be pressed.
        if (focus_.add(id, rect, o) && o.enabled) pressed = true;
    }
    last_held_ = held;

    const Palette& p = palette_;
    const float u = metrics_.unit;
    const float rounding = 16 * u;
    ImU32 bg = p.secondary, fg = p.secondary_text, border = 0;
    float border_width = p.outline_width * u;
    switch (o.kind) {
    case ButtonKind::primary: bg = p.primary; fg = p.primary_text; break;
    case ButtonKind::secondary: bg = p.secondary; fg = p.secondary_text; border = p.outline; break;
    case ButtonKind::choice:
    case ButtonKind::key:
        bg = o.selected ? p.selected : p.surface;
        fg = o.selected ? p.selected_text : p.text;
        border = o.selected ? p.selected : p.outline;
        border_width = std::max(border_width, 2.0f * u);
        break;
    case ButtonKind::toolbar:
        bg = o.selected ? p.header_text : with_alpha(p.header_text, 0.14f);
        fg = o.selected ? p.header : p.header_text;
        border = p.header_text;
        break;
    case ButtonKind::danger: bg = p.danger; fg = rgba(0xFF, 0xFF, 0xFF); break;
    }
    if (o.kind == ButtonKind::danger && palette_.background == rgba(0, 0, 0)) fg = rgba(0, 0, 0);
    if (!o.enabled) {
        // Disabled: grey instead of colour, the label still readable (theme.hpp).
        bg = p.disabled;
        fg = p.disabled_text;
        border = p.disabled_text;
    }
    fill(rect, bg, rounding);
    if (border) frame(rect, border, std::max(1.0f, border_width), rounding);
    if (held) fill(rect, rgba(0, 0, 0, 0x38), rounding);

    Rect content = rect.inset(std::min(24 * u, rect.w * 0.08f), 8 * u);
    if (o.check) {
        const float box = std::min(rect.h * 0.5f, 56 * u);
        const Rect b{content.x, rect.y + (rect.h - box) / 2, box, box};
        if (o.selected) {
            fill(b, fg, 8 * u);
            check_mark(b.center(), box * 0.8f, bg);
        } else {
            fill(b, p.surface, 8 * u);
            frame(b, fg, std::max(2.0f, 3 * u), 8 * u);
        }
        content.cut_left(box + 20 * u);
        // The digit's badge takes the top right corner (below): wrapped words keep clear of it.
        if (o.shortcut >= 0) {
            const float badge = 2 * std::max(16 * u, fonts_.size(TextStyle::small, large_) * 0.62f) + 14 * u;
            content.cut_right(std::max(0.0f, badge - (rect.right() - content.right())));
        }
    } else if (o.selected && o.kind == ButtonKind::choice) {
        // A chosen answer shows a tick, not only its colour (WCAG 1.4.1), drawn as lines: no font
        // need have the glyph. The words keep the rest; centred on the whole button when they fit
        // on one line beside it, else they wrap in what is left.
        const float s = std::min(rect.h * 0.36f, 40 * u);
        if (measure(o.style, label, content.w - s - 10 * u).y <= content.h) {
            check_mark({content.x + s / 2, rect.center().y}, s, fg);
            content.cut_left(s + 10 * u);
            if (content.w - (s + 10 * u) > measure(o.style, label, 0).x) content.cut_right(s + 10 * u);
        } else {
            // No room beside the words: a smaller tick in the top left corner, the words keep
            // the whole width.
            const float c = std::min(s, 28 * u);
            check_mark({rect.x + 10 * u + c / 2, rect.y + 8 * u + c / 2}, c, fg);
        }
    }
    if (o.shortcut >= 0) {
        const float r = std::max(16 * u, fonts_.size(TextStyle::small, large_) * 0.62f);
        // Top left, or top right on a tile whose check box takes the left.
        const ImVec2 c{o.check ? rect.right() - r - 8 * u : rect.x + r + 8 * u, rect.y + r + 8 * u};
        draw_->AddCircleFilled(c, r, with_alpha(fg, 0.16f), 24);
        const std::string digit(1, static_cast<char>('0' + o.shortcut));
        const float size = fonts_.size(TextStyle::small, large_);
        ImFont* font = fonts_.font(TextStyle::small, large_);
        const ImVec2 ds = font->CalcTextSizeA(size, FLT_MAX, 0, digit.c_str());
        draw_->AddText(font, size, {std::round(c.x - ds.x / 2), std::round(c.y - ds.y / 2)}, fg, digit.c_str());
        if (record_) record_->texts.push_back({digit, {c.x - ds.x / 2, c.y - ds.y / 2, ds.x, ds.y}, rect, id, record_->layer});
    }
    if (!label.empty()) {
        // Never outside the button: a label too long for it (a long name on a short display) is
        // cut at its edge rather than drawn over its neighbours.
        draw_->PushClipRect(rect.min(), rect.max(), true);
        bounds_ = &rect;
        owner_ = &id;
        text_in(o.style, label, content, fg, o.align);
        bounds_ = nullptr;
        owner_ = nullptr;
        draw_->PopClipRect();
    }
    if (focus_.focused(id)) {
        const float t = 6 * u + 2;
        draw_->AddRect({rect.x - t, rect.y - t}, {rect.right() + t, rect.bottom() + t}, p.focus, rounding + t, 0, t);
    }
    return pressed;
}

std::string drop_last_character(std::string_view text) {
    if (text.empty()) return {};
    std::size_t n = text.size() - 1;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    return std::string(text.substr(0, n));
}

}  // namespace hailong::kiosk
