#include "theme.hpp"

#include <algorithm>

namespace hailong::kiosk {

namespace {

// Contrast ratios (WCAG relative luminance): #1B2733 text on white 15:1, #44525F muted on white
// 8.0:1, white on the #0A4F94 buttons and header 8.2:1, the #6B7A89 outline 4.0:1 on the page
// and 3.6:1 around a #E1E8F0 secondary button, the #C45A00 focus ring 4.0:1 on the page, a
// disabled label #56606B on #E4E7EB 5.2:1. High contrast: white on black 21:1, black on the
// #FFE600 yellow 17:1, a disabled label #A8A8A8 on black 8.8:1.
// The faces' #1B2733 ink is at least 3:1 on every face's colour (non-text graphics, WCAG 1.4.11):
// the very unhappy red is #DC3B33 (3.4:1; the #C62828 it replaces gave 2.7:1), and the lightest
// ink pair is the green's 3.6:1. In high contrast, black ink on the bright faces, 5.4:1 at least.
const Palette normal{
    rgba(0xF2, 0xF5, 0xF8),  // background
    rgba(0xFF, 0xFF, 0xFF),  // surface
    rgba(0x0A, 0x4F, 0x94),  // header
    rgba(0xFF, 0xFF, 0xFF),  // header_text
    rgba(0x1B, 0x27, 0x33),  // text
    rgba(0x44, 0x52, 0x5F),  // muted
    rgba(0x6B, 0x7A, 0x89),  // outline
    rgba(0x0A, 0x4F, 0x94),  // primary
    rgba(0xFF, 0xFF, 0xFF),  // primary_text
    rgba(0xE1, 0xE8, 0xF0),  // secondary
    rgba(0x1B, 0x27, 0x33),  // secondary_text
    rgba(0x0A, 0x4F, 0x94),  // selected
    rgba(0xFF, 0xFF, 0xFF),  // selected_text
    rgba(0xC4, 0x5A, 0x00),  // focus
    rgba(0xA5, 0x1D, 0x16),  // danger
    rgba(0x0B, 0x14, 0x1E, 0xC8),  // dim
    rgba(0xFF, 0xF4, 0xD6),  // code_background
    rgba(0xE4, 0xE7, 0xEB),  // disabled
    rgba(0x56, 0x60, 0x6B),  // disabled_text
    {rgba(0x1E, 0x8E, 0x3E), rgba(0x7C, 0xB3, 0x42), rgba(0xF9, 0xB9, 0x00), rgba(0xEF, 0x6C, 0x00), rgba(0xDC, 0x3B, 0x33)},
    rgba(0x1B, 0x27, 0x33),  // face_ink
    rgba(0x1B, 0x27, 0x33, 0x40),  // face_outline
    2.0f,
};

const Palette high_contrast{
    rgba(0x00, 0x00, 0x00),  // background
    rgba(0x00, 0x00, 0x00),  // surface
    rgba(0x00, 0x00, 0x00),  // header
    rgba(0xFF, 0xE6, 0x00),  // header_text
    rgba(0xFF, 0xFF, 0xFF),  // text
    rgba(0xFF, 0xFF, 0xFF),  // muted
    rgba(0xFF, 0xFF, 0xFF),  // outline
    rgba(0xFF, 0xE6, 0x00),  // primary
    rgba(0x00, 0x00, 0x00),  // primary_text
    rgba(0x00, 0x00, 0x00),  // secondary
    rgba(0xFF, 0xFF, 0xFF),  // secondary_text
    rgba(0xFF, 0xE6, 0x00),  // selected
    rgba(0x00, 0x00, 0x00),  // selected_text
    rgba(0x00, 0xE5, 0xFF),  // focus
    rgba(0xFF, 0x8A, 0x80),  // danger
    rgba(0x00, 0x00, 0x00, 0xE6),  // dim
    rgba(0x00, 0x00, 0x00),  // code_background
    rgba(0x00, 0x00, 0x00),  // disabled
    rgba(0xA8, 0xA8, 0xA8),  // disabled_text
    {rgba(0x00, 0xC8, 0x53), rgba(0xB2, 0xFF, 0x59), rgba(0xFF, 0xE6, 0x00), rgba(0xFF, 0x91, 0x00), rgba(0xFF, 0x52, 0x52)},
    rgba(0x00, 0x00, 0x00),  // face_ink
    rgba(0xFF, 0xFF, 0xFF),  // face_outline
    4.0f,
};

bool plausible(float dpi) { return dpi >= 50.0f && dpi <= 1000.0f; }

}  // namespace

const Palette& palette(bool high) { return high ? high_contrast : normal; }

Metrics compute_metrics(ImVec2 display, std::optional<float> configured, std::optional<float> reported) {
    Metrics m;
    m.display = display;
    m.portrait = display.y > display.x;
    const float short_side = std::min(display.x, display.y);
    m.unit = short_side > 0.0f ? short_side / 1080.0f : 1.0f;
    if (configured && plausible(*configured)) {
        m.dpi = *configured;
        m.dpi_reported = true;
    } else if (reported && plausible(*reported)) {
        m.dpi = *reported;
        m.dpi_reported = true;
    }
    m.min_target = min_target_mm / 25.4f * m.dpi;
    m.min_text = min_text_mm / 25.4f * m.dpi;
    return m;
}

}  // namespace hailong::kiosk
