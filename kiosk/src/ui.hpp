#pragma once
// The kiosk's widgets on top of Dear ImGui: wrapped and centred text, large buttons, and keypad
// navigation (a tactile keypad or keyboard: arrows move a visible focus ring between the buttons
// of the screen, Enter presses the focused one, digits press the buttons that carry them,
// Escape goes back).
//
// One fullscreen ImGui window holds everything; each widget is an InvisibleButton at a rectangle
// the screen computes, drawn with the draw list. Widgets read input and return what happened;
// they never change application state (screens turn results into actions). A tap counts only if
// the App's TapGuard lets it (tap_guard.hpp: no tap on a screen younger than 300 ms, no repeat
// of a control within 300 ms); the keypad's presses are deliberate and always count.
//
// With speech on (the "Đọc to" toggle), touch explores: a touch on a control that does not have
// the focus gives it the focus ring, and the App reads it aloud; a touch on the control that has
// it presses it, and the ring stays there. The keypad is unchanged (arrows move the ring and the
// App reads where it lands, Enter presses, digits press at once). A control marked
// `acts_at_once` (the speech toggle itself) is pressed by the first touch.
//
// Thread safety: UI thread only, between ImGui::NewFrame and ImGui::Render.

#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "fonts.hpp"
#include "hailong/kiosk/tap_guard.hpp"
#include "hailong/message.hpp"
#include "theme.hpp"

namespace hailong::kiosk {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;

    [[nodiscard]] ImVec2 min() const { return {x, y}; }
    [[nodiscard]] ImVec2 max() const { return {x + w, y + h}; }
    [[nodiscard]] ImVec2 center() const { return {x + w / 2, y + h / 2}; }
    [[nodiscard]] float right() const { return x + w; }
    [[nodiscard]] float bottom() const { return y + h; }
    [[nodiscard]] bool contains(ImVec2 p) const { return p.x >= x && p.x < x + w && p.y >= y && p.y < y + h; }
    [[nodiscard]] Rect inset(float d) const { return {x + d, y + d, w - 2 * d, h - 2 * d}; }
    [[nodiscard]] Rect inset(float dx, float dy) const { return {x + dx, y + dy, w - 2 * dx, h - 2 * dy}; }
    /// Cuts a strip off one side and returns it; this rectangle keeps the rest (minus `gap`).
    Rect cut_top(float height, float gap = 0);
    Rect cut_bottom(float height, float gap = 0);
    Rect cut_left(float width, float gap = 0);
    Rect cut_right(float width, float gap = 0);
    /// `n` equal columns (rows) with `gap` between them.
    [[nodiscard]] std::vector<Rect> columns(int n, float gap) const;
    [[nodiscard]] std::vector<Rect> rows(int n, float gap) const;
    /// A rectangle of the given size centred in this one.
    [[nodiscard]] Rect centered(float width, float height) const;
};

enum class Align { left, center, right };

enum class ButtonKind {
    primary,    ///< the screen's main action
    secondary,  ///< other actions
    choice,     ///< an answer that can be selected (TT 01 options, reasons, languages)
    key,        ///< a key of an on-screen keyboard or pad
    toolbar,    ///< header buttons (back, accessibility toggles, language)
    danger,     ///< the admin's exit
};

struct ButtonOptions {
    ButtonKind kind = ButtonKind::secondary;
    bool selected = false;
    bool enabled = true;
    int shortcut = -1;       ///< a digit 0..9 that presses it (shown in a corner badge), -1 none
    bool is_default = false; ///< Enter presses it when no focus ring is shown; focus starts here
    bool check = false;      ///< draw a check box (reasons); a chosen `choice` gets a tick anyway
    TextStyle style = TextStyle::body_bold;
    Align align = Align::center;
    bool acts_at_once = false;    ///< with speech on, the first touch presses it (see the top)
    std::string_view context;     ///< read aloud before the label (an answer's question)
};

/// A control drawn in a frame, as the voice reads it (spoken_words.cpp).
struct SpokenControl {
    std::string id;
    std::string label;    ///< the words on it (empty for an icon or a face drawn by the screen)
    std::string context;  ///< ButtonOptions::context
    ButtonKind kind = ButtonKind::secondary;
    bool selected = false;
    bool enabled = true;
};

/// What the keyboard did in this frame, read from ImGui's input state.
struct KeyInput {
    bool left = false, right = false, up = false, down = false;
    bool enter = false;
    bool escape = false;
    bool backspace = false;
    int digit = -1;     ///< 0..9 when a digit key (top row or keypad) was pressed
    std::string typed;  ///< text typed this frame (UTF-8), for the keyboards
    bool ctrl_alt_a = false;  ///< the admin key combination
    bool any = false;   ///< any key at all (counts as activity)

    static KeyInput read();
};

/// Where the texts and widgets of one frame landed, for the layout check of the tests
/// (App::record_layout; nothing is recorded otherwise). A rectangle's w or h of 0 in `bounds`
/// means no limit along that axis.
struct LayoutRecord {
    struct Text {
        std::string text;
        Rect box;           ///< what its lines cover: the widest line, from the top of the first to the bottom of the last
        Rect bounds;        ///< where it must stay: its button, the rectangle it was centred in, or its wrap column
        std::string owner;  ///< the id of the button it labels, else empty
        int layer = 0;
    };
    struct Box {
        std::string id;
        Rect rect;
        int layer = 0;
    };
    std::vector<Text> texts;
    std::vector<Box> boxes;
    std::vector<std::string> left_out;  ///< texts a screen had no room for
    int layer = 0;                      ///< a modal card starts a layer over the ones before
};

/// The keypad focus ring, kept across frames.
class Focus {
public:
    /// Called at the start of a frame, before any widget: moves the ring by the arrow keys over
    /// the buttons of the previous frame, and decides which button Enter or a digit presses.
    /// `shortcuts`: digits press buttons (false on screens where digits are typed).
    void begin_frame(const KeyInput& keys, bool shortcuts);
    /// Forget the ring (a new screen, or a touch: the ring shows only while the keypad is used).
    void reset();
    void hide() { visible_ = false; }
    /// Shows the ring on `id` (a touch with speech on).
    void point(const std::string& id) {
        focused_ = id;
        visible_ = true;
    }
    /// The control the ring is on, empty while none is shown.
    [[nodiscard]] std::string shown() const { return visible_ ? focused_ : std::string(); }

    /// Registers a button drawn this frame; returns true if the keypad pressed it.
    bool add(const std::string& id, const Rect& rect, const ButtonOptions& options);
    [[nodiscard]] bool focused(const std::string& id) const { return visible_ && id == focused_; }
    [[nodiscard]] bool visible() const { return visible_; }
    /// Enter was pressed with no button to take it (entry screens use it as "done").
    [[nodiscard]] bool enter_unused() const { return enter_unused_; }

private:
    struct Item {
        std::string id;
        Rect rect;
        bool is_default = false;
        int shortcut = -1;
    };
    void move(float dx, float dy);
    [[nodiscard]] const Item* find(const std::string& id) const;

    std::vector<Item> previous_;
    std::vector<Item> current_;
    std::string focused_;
    bool visible_ = false;
    std::string press_;  // pressed by Enter this frame
    int digit_ = -1;     // pressed digit this frame
    bool enter_unused_ = false;
};

/// Everything a screen draws with, for one frame.
class Ui {
public:
    Ui(const Translator& translator, std::string lang, const Fonts& fonts, bool large_text, const Palette& palette,
       const Metrics& metrics, Focus& focus, TapGuard& taps);

    [[nodiscard]] std::string t(std::string_view key) const { return translator_.text(key, lang_); }
    [[nodiscard]] std::string t(const Message& message) const { return translator_.render(message, lang_); }
    [[nodiscard]] const std::string& lang() const { return lang_; }
    [[nodiscard]] const Translator& translator() const { return translator_; }
    [[nodiscard]] const Palette& pal() const { return palette_; }
    [[nodiscard]] const Metrics& m() const { return metrics_; }
    [[nodiscard]] ImDrawList* draw() const { return draw_; }
    [[nodiscard]] float font_size(TextStyle style) const { return fonts_.size(style, large_); }
    [[nodiscard]] bool large() const { return large_; }

    /// While inert (a modal dialog is up), buttons are drawn but take no input.
    void set_inert(bool inert) { inert_ = inert; }
    /// Speech is on: touch explores (see the top).
    void set_speech(bool on) { speech_ = on; }

    /// Records where texts and widgets land in `record` (tests only; null: nothing recorded).
    void record(LayoutRecord* record) { record_ = record; }
    /// What follows is drawn over everything before it (a modal card): laid out on its own.
    void begin_layer() {
        if (record_) ++record_->layer;
    }
    /// A screen had no room for `text` and leaves it out: a layout that does not fit.
    void left_out(std::string_view text) {
        if (record_) record_->left_out.emplace_back(text);
    }

    /// Size of `text` wrapped at `wrap` (<= 0: no wrapping).
    [[nodiscard]] ImVec2 measure(TextStyle style, std::string_view text, float wrap) const;
    /// Draws `text` wrapped at `width` from `pos`, each line aligned; returns the height used.
    float text(TextStyle style, std::string_view text, ImVec2 pos, float width, ImU32 colour, Align align = Align::left);
    /// Draws `text` centred in `rect` (vertically too), wrapped at its width.
    void text_in(TextStyle style, std::string_view text, const Rect& rect, ImU32 colour, Align align = Align::center);

    /// A button; returns true when pressed (a touch or click released on it that the TapGuard
    /// counts, Enter on it, or its digit).
    bool button(const std::string& id, std::string_view label, const Rect& rect, const ButtonOptions& options);
    /// Whether the last button() drawn is held down by a finger or the mouse in this frame.
    [[nodiscard]] bool last_held() const { return last_held_; }
    /// The rectangle of a widget drawn in this frame, by id (tests use it to tap).
    [[nodiscard]] const std::vector<std::pair<std::string, Rect>>& widgets() const { return widgets_; }
    /// The buttons of this frame as the voice reads them.
    [[nodiscard]] const std::vector<SpokenControl>& controls() const { return controls_; }
    /// Names a drawn rectangle that is not a button (a QR code) among the widgets, for tests.
    void mark(const std::string& id, const Rect& rect) {
        widgets_.emplace_back(id, rect);
        if (record_) record_->boxes.push_back({id, rect, record_->layer});
    }

    void fill(const Rect& r, ImU32 colour, float rounding = 0) const;
    void frame(const Rect& r, ImU32 colour, float thickness, float rounding = 0) const;
    void check_mark(ImVec2 center, float size, ImU32 colour) const;
    void chevron_left(ImVec2 center, float size, ImU32 colour) const;
    void speaker(ImVec2 center, float size, ImU32 colour, bool on) const;
    void half_circle(ImVec2 center, float radius, ImU32 colour) const;

private:
    const Translator& translator_;
    std::string lang_;
    const Fonts& fonts_;
    bool large_;
    const Palette& palette_;
    const Metrics& metrics_;
    Focus& focus_;
    TapGuard& taps_;
    ImDrawList* draw_;
    bool inert_ = false;
    bool speech_ = false;
    bool last_held_ = false;
    std::vector<std::pair<std::string, Rect>> widgets_;
    std::vector<SpokenControl> controls_;
    LayoutRecord* record_ = nullptr;
    const Rect* bounds_ = nullptr;         // the text drawn now must stay in this rectangle
    const std::string* owner_ = nullptr;   // and labels this button
};

/// Characters of a UTF-8 string, for editing with the on-screen keyboards: the string without
/// its last character (code point).
std::string drop_last_character(std::string_view text);

}  // namespace hailong::kiosk
