#pragma once
// Colours and sizes of the kiosk's screens. Two palettes: the normal one (dark text on light
// surfaces, every text/background pair at least 7:1, WCAG AAA, but the grey of a disabled
// button's label) and the high-contrast one (white and yellow on black). In both, every label is
// at least 4.5:1 against what it is drawn on, a disabled button's too (WCAG 1.4.3 exempts inactive
// controls, but "Tra cứu" greyed out still tells the citizen what comes once the code is typed,
// so it must stay readable; a disabled button shows its state by losing its colour, not by
// fading), and every outline that marks a control's edge (a key, a secondary button, a chosen
// answer, a primary button's own fill, the keypad's focus ring) is at least 3:1 against the page
// (WCAG 1.4.11). tests/kiosk/theme_test.cpp computes every pair.
//
// Sizes scale with the display: `unit` is 1 on a display whose shorter side is 1080 px (1920×1080
// landscape, 1080×1920 portrait) and smaller on smaller displays, but no touch target is ever
// smaller than 15 mm (min_target: 15 mm in pixels at the display's density), and no text smaller
// than 4.5 mm (min_text, fonts.hpp).
//
// Text size is measured as the em, the font size ImGui is given: the length every text-size rule
// in length units means (CSS px and pt, WCAG's 18 pt large text, print), independent of the
// typeface. For Noto Sans (cap height 0.714 em, x-height 0.536 em) a 4.5 mm em gives 3.2 mm
// capitals, about 22 minutes of arc at the 50 cm a citizen stands from a counter's screen, the
// character height ISO 9241-303 asks for reading. Measured on the cap height instead, 4.5 mm
// would need a 6.3 mm em (37 px at 150 dpi), larger than the body text of every screen.
//
// Density: the kiosk configuration's display_dpi if given, else what SDL_GetDisplayDPI reports
// (horizontal), else 160 dpi. The fallback is deliberately high: touch monitors range from ~90 dpi
// (24" 1080p) to ~150 dpi (10" 1280×800); assuming 160 makes targets a little too large rather
// than too small when the system cannot tell. Reports outside 50..1000 dpi are treated as missing.

#include <optional>

#include <imgui.h>

namespace hailong::kiosk {

/// 8-bit RGBA packed as ImGui wants it (IM_COL32 without its casts).
constexpr ImU32 rgba(unsigned r, unsigned g, unsigned b, unsigned a = 255) { return (a << 24) | (b << 16) | (g << 8) | r; }

struct Palette {
    ImU32 background, surface, header, header_text, text, muted, outline;
    ImU32 primary, primary_text, secondary, secondary_text, selected, selected_text;
    ImU32 focus, danger, dim, code_background;
    ImU32 disabled, disabled_text;  ///< a disabled button's fill, and its label and outline
    ImU32 face[5];  ///< very satisfied, satisfied, neutral, dissatisfied, very dissatisfied
    ImU32 face_ink;
    ImU32 face_outline;
    float outline_width;  ///< in units
};

const Palette& palette(bool high_contrast);

inline constexpr float fallback_dpi = 160.0f;
inline constexpr float min_target_mm = 15.0f;
inline constexpr float min_text_mm = 4.5f;

struct Metrics {
    ImVec2 display{1920, 1080};
    float unit = 1.0f;        ///< design pixels at 1080 px short side -> display pixels
    float dpi = fallback_dpi;
    bool dpi_reported = false;  ///< from the configuration or SDL, not the fallback
    float min_target = 94.5f;   ///< 15 mm in display pixels
    float min_text = 28.35f;    ///< 4.5 mm in display pixels: the smallest font size (em)
    bool portrait = false;

    /// A design length (pixels at unit 1) on this display.
    [[nodiscard]] float px(float design) const { return design * unit; }
    /// A touch target's side: the design length, but never under 15 mm.
    [[nodiscard]] float target(float design) const { return design * unit > min_target ? design * unit : min_target; }
};

/// `configured`: the configuration's display_dpi; `reported`: SDL's, if it answered.
Metrics compute_metrics(ImVec2 display, std::optional<float> configured, std::optional<float> reported);

}  // namespace hailong::kiosk
