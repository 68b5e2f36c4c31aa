#pragma once
// The screens of the kiosk, one function per screen, each in its own <name>_screen.cpp. A screen
// reads the flow's state (and the little the App knows besides: names, the officer's photo, the
// uplink status) and emits actions; it never does I/O and never changes the flow itself: the App
// dispatches the emitted actions after the frame is drawn.

#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "hailong/kiosk/delete_key.hpp"
#include "hailong/kiosk/flow.hpp"
#include "hailong/kiosk/kiosk_settings.hpp"
#include "hailong/kiosk/qr_code.hpp"
#include "hailong/kiosk/uploader.hpp"
#include "hailong/kiosk/vietnamese_input.hpp"
#include "ui.hpp"

namespace hailong::kiosk {

/// What the App keeps for the screens besides the flow: display data and UI-only state that
/// lives as long as a screen (keyboard shift, list pages). Reset when the session changes.
struct ScreenState {
    // display data
    const KioskSettings* settings = nullptr;
    std::string department_name;  ///< the server's name for the department, else the local file's
    ImTextureID officer_photo = nullptr;
    ImVec2 officer_photo_size{0, 0};
    std::optional<UploaderStatus> status;
    enum class NetworkTestState { none, running, ok, failed } network_test = NetworkTestState::none;
    std::string network_detail;
    bool network_test_requested = false;  ///< set by the admin screen; the App runs the test
    bool pin_configured = false;
    std::string version;
    /// The thank-you screen's QR code of the complaint's lookup link (lookup_link.hpp), made by
    /// the App when the screen opens; none without a code or a public URL.
    std::optional<QrCode> lookup_qr;
    /// The complaint's receipt (only with a receipt printer): sent, printed, or not printed.
    enum class PrintState { none, printing, printed, failed } print = PrintState::none;
    /// How many more times "In lại" may print the receipt in this session (the App sets it).
    int reprints_left = 0;
    bool print_again_requested = false;  ///< set by the thank-you screen; the App prints

    // UI-only state
    VietnameseInput comment_input{VietnameseInput::Method::telex, VietnameseInput::ToneStyle::modern};
    bool shift = false;
    DeleteKey delete_key;            ///< the keyboards' delete key, held or not
    bool confirm_clear = false;      ///< the comment's "clear" is asking to confirm
    bool method_chosen = false;      ///< the citizen chose the input method in this session
    std::optional<int> officer_page;  ///< unset: the page of the officer now serving
    std::optional<int> service_page;  ///< unset: the page of the service now served
    int sign_in_page = 0;             ///< the page of the officers' list on the sign-in screen
    int reasons_page = 0;             ///< the page of the reasons' tiles, where they need pages
    /// The TT 01 questions' page (0: questions 1 and 2, 1: questions 3 and 4) when the four do
    /// not fit on one; 0 while they do. Kept while the session lasts, so that the answers and the
    /// page survive the dossier code's screen.
    int tt01_page = 0;
    /// The admin screen's tab when its status and its lists do not fit side by side.
    enum class AdminTab { status, counter } admin_tab = AdminTab::status;
};

/// One frame of one screen.
struct ScreenFrame {
    const Flow& flow;
    Ui& ui;
    const Now& now;
    const KeyInput& keys;
    Rect area;  ///< below the header
    ScreenState& state;
    std::vector<Action>& actions;

    void emit(Action action) const { actions.push_back(std::move(action)); }
    [[nodiscard]] float px(float design) const { return ui.m().px(design); }
    [[nodiscard]] float target(float design) const { return ui.m().target(design); }
};

void idle_screen(ScreenFrame& f);
void rating_screen(ScreenFrame& f);
void tt01_screen(ScreenFrame& f);
void dossier_screen(ScreenFrame& f);
void reasons_screen(ScreenFrame& f);
void comment_screen(ScreenFrame& f);
void contact_screen(ScreenFrame& f);
void saving_screen(ScreenFrame& f);
void thanks_screen(ScreenFrame& f);
void save_failed_screen(ScreenFrame& f);
void admin_pin_screen(ScreenFrame& f);
void admin_screen(ScreenFrame& f);
void lookup_screen(ScreenFrame& f);
void lookup_result_screen(ScreenFrame& f);
void sign_in_screen(ScreenFrame& f);
void sign_in_pin_screen(ScreenFrame& f);
/// A line under the dossier code: the procedure and stage the server knows it at, whether it was
/// already rated at that stage, or that it is being asked. Returns its height (0 when nothing).
float dossier_info_line(ScreenFrame& f, const Rect& area);
/// The catalogue key of a complaint status word ("in_progress" -> "kiosk.lookup.status.in_progress").
const char* lookup_status_key(const std::string& status);
/// The idle warning, drawn over whichever screen is up.
void timeout_overlay(ScreenFrame& f);

/// The header band of every screen: back (where there is one), accessibility toggles.
void header_bar(ScreenFrame& f, const Rect& band);

// What the voice says with speech on (spoken_words.cpp); every word from the catalogues.
/// A screen's title or question and what it shows that a citizen must hear (the faces, the
/// tracking code and the hotline, a lookup's answer), said as the screen opens and again when
/// it changes (the lookup's answer arriving, the language).
std::string spoken_prompt(const Flow& flow, const Ui& ui, const ScreenState& state);
/// A control that got the focus ring, by a touch or the keypad: its words (a face's, an icon's),
/// an answer with its question, and whether it is chosen, on, or cannot be used yet.
std::string spoken_control(const Flow& flow, const Ui& ui, const SpokenControl& control);
/// A code or telephone number as a voice should spell it, sign by sign, a pause between its
/// groups: "3AU-3X4X-C" -> "3 A U, 3 X 4 X, C"; "0237 3 123 456" -> "0 2 3 7, 3, 1 2 3, 4 5 6".
std::string spelled(std::string_view text);

// Shared pieces of the screens.

/// A dialog over the whole screen: the screen dimmed, a card of at most `width` × `height`
/// centred on it. Returns the card's inside, for its words and buttons.
Rect modal_card(ScreenFrame& f, float width, float height);
/// Cells side by side in `row`, each at least `needs` plus `padding` (a button's label insets)
/// wide, the rest shared equally; empty when the row is too narrow for them all.
std::vector<Rect> columns_by_need(const Rect& row, const std::vector<float>& needs, float gap, float padding);
/// The narrowest button (Ui::button, its label's insets included) `height` tall whose `label` in
/// `style` fits inside it: on one line, or wrapped at its spaces when the lines fit the height.
float label_width(const Ui& ui, TextStyle style, std::string_view label, float height);
/// A screen title and optional hint at the top of `area`; returns the rest of the area.
Rect screen_title(ScreenFrame& f, Rect area, std::string_view title, std::string_view hint = {});
/// A keyboard of the given rows (each a list of keys, `units` wide). Returns the key pressed, or
/// nullptr. Text keys type `text` (shifted to upper case when `shift_on`).
enum class KeyKind { text, backspace, shift, space, clear };
struct KeyDef {
    std::string text;
    float units = 1.0f;
    KeyKind kind = KeyKind::text;
};
/// What an on-screen keyboard did in this frame.
struct KeyboardInput {
    /// The key tapped, if any. A tap of delete is reported only when the key did not repeat
    /// while it was held (DeleteKey::tap_counts).
    const KeyDef* pressed = nullptr;
    /// Delete held: how many words to delete now (DeleteKey, driven by the frame's time).
    int delete_words = 0;
};
/// Draws the keys of `rows` in `area`. Keys with words (delete, shift, space, clear) are as wide as
/// their words need, the other keys of their row giving the room down to a touch target (or to
/// what they were, on a display too small for that); when a row cannot give it, the words of every
/// key step down to the small style. The delete key's hold is tracked in f.state.delete_key.
KeyboardInput keyboard(ScreenFrame& f, const Rect& area, const std::vector<std::vector<KeyDef>>& rows,
                       const std::string& id_prefix, bool shift_on = false);
/// A 3×4 digit pad: 1 2 3 / 4 5 6 / 7 8 9 / delete 0 done. Returns the digit pressed (0..9),
/// pad_delete, pad_done, or -1.
inline constexpr int pad_delete = 10;
inline constexpr int pad_done = 11;
int digit_pad(ScreenFrame& f, const Rect& area, const std::string& id_prefix, std::string_view done_label,
              bool done_enabled);
/// A framed box showing `text` large (phone number, dossier code, PIN dots are drawn by the caller).
void entry_box(ScreenFrame& f, const Rect& box, std::string_view text, std::string_view placeholder);
/// Digits grouped for reading: "0912345678" -> "0912 345 678".
std::string group_digits(std::string_view digits);

}  // namespace hailong::kiosk
