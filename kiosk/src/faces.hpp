#pragma once
// The rating faces, drawn with ImGui's draw list (circles and arcs), so no image assets are
// needed and they stay sharp at any size. `mood` runs from 2 (big smile) to -2 (deep frown).

#include <imgui.h>

#include "theme.hpp"

namespace hailong::kiosk {

void draw_face(ImDrawList* draw, ImVec2 center, float radius, int mood, ImU32 fill, const Palette& palette);

/// The mood and the palette's colour index (Palette::face) of rating `value` on `scale`.
int face_mood(int scale, int value);
int face_colour_index(int scale, int value);

}  // namespace hailong::kiosk
