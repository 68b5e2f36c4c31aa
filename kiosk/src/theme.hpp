#pragma once
// Colours and sizes of the kiosk's screens. Two palettes: the normal one (dark text on light
// surfaces, every text/background pair at least 7:1, WCAG AAA) and the high-contrast one (white
// and yellow on black). Sizes scale with the display: `unit` is 1 on a display whose shorter side
// is 1080 px (1920×1080 landscape, 1080×1920 portrait) and smaller on smaller displays, but no
// touch target is ever smaller than 15 mm: min_target is 15 mm in pixels at the display's density.
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
    ImU32 face[5];  ///< very satisfied, satisfied, neutral, dissatisfied, very dissatisfied
    ImU32 face_ink;
    ImU32 face_outline;
    float outline_width;  ///< in units
};

const Palette& palette(bool high_contrast);

inline constexpr float fallback_dpi = 160.0f;
inline constexpr float min_target_mm = 15.0f;

struct Metrics {
    ImVec2 display{1920, 1080};
    float unit = 1.0f;        ///< design pixels at 1080 px short side -> display pixels
    float dpi = fallback_dpi;
    bool dpi_reported = false;  ///< from the configuration or SDL, not the fallback
    float min_target = 94.5f;   ///< 15 mm in display pixels
    bool portrait = false;

    /// A design length (pixels at unit 1) on this display.
    [[nodiscard]] float px(float design) const { return design * unit; }
    /// A touch target's side: the design length, but never under 15 mm.
    [[nodiscard]] float target(float design) const { return design * unit > min_target ? design * unit : min_target; }
};

/// `configured`: the configuration's display_dpi; `reported`: SDL's, if it answered.
Metrics compute_metrics(ImVec2 display, std::optional<float> configured, std::optional<float> reported);

}  // namespace hailong::kiosk
