#include "faces.hpp"

#include <algorithm>
#include <numbers>

namespace hailong::kiosk {

int face_mood(int scale, int value) {
    if (scale == 5) return value - 3;                   // 5..1 -> 2..-2
    return value == 3 ? 2 : value == 2 ? 1 : -1;         // scale 3: very happy, happy, unhappy
}

int face_colour_index(int scale, int value) {
    if (scale == 5) return 5 - value;                   // 5 -> 0 (green) .. 1 -> 4 (red)
    return value == 3 ? 0 : value == 2 ? 1 : 4;
}

void draw_face(ImDrawList* draw, ImVec2 c, float r, int mood, ImU32 fill, const Palette& palette) {
    const float pi = std::numbers::pi_v<float>;
    const ImU32 ink = palette.face_ink;
    draw->AddCircleFilled(c, r, fill, 64);
    draw->AddCircle(c, r, palette.face_outline, 64, std::max(1.5f, r * 0.03f * palette.outline_width / 2));
    const float eye = r * 0.11f;
    const float eye_y = c.y - r * 0.22f;
    draw->AddCircleFilled({c.x - r * 0.34f, eye_y}, eye, ink, 24);
    draw->AddCircleFilled({c.x + r * 0.34f, eye_y}, eye, ink, 24);
    const float t = r * 0.085f;
    switch (mood) {
    case 2:  // a wide open smile
        draw->PathArcTo({c.x, c.y + r * 0.05f}, r * 0.52f, 0.12f * pi, 0.88f * pi, 32);
        draw->PathFillConvex(ink);
        break;
    case 1:
        draw->PathArcTo({c.x, c.y - r * 0.12f}, r * 0.55f, 0.25f * pi, 0.75f * pi, 32);
        draw->PathStroke(ink, 0, t);
        break;
    case 0:
        draw->AddLine({c.x - r * 0.36f, c.y + r * 0.36f}, {c.x + r * 0.36f, c.y + r * 0.36f}, ink, t);
        break;
    case -1:
        draw->PathArcTo({c.x, c.y + r * 0.85f}, r * 0.55f, 1.25f * pi, 1.75f * pi, 32);
        draw->PathStroke(ink, 0, t);
        break;
    default:  // a deep frown with raised brows
        draw->PathArcTo({c.x, c.y + r * 0.72f}, r * 0.42f, 1.15f * pi, 1.85f * pi, 32);
        draw->PathStroke(ink, 0, t);
        draw->AddLine({c.x - r * 0.5f, eye_y - r * 0.24f}, {c.x - r * 0.2f, eye_y - r * 0.14f}, ink, t * 0.8f);
        draw->AddLine({c.x + r * 0.5f, eye_y - r * 0.24f}, {c.x + r * 0.2f, eye_y - r * 0.14f}, ink, t * 0.8f);
        break;
    }
}

}  // namespace hailong::kiosk
