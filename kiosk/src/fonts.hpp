#pragma once
// The kiosk's fonts: Noto Sans Regular and Bold (Debian's fonts-noto-core) at the sizes of the
// screens, in two sets (normal and large text), with every glyph Vietnamese needs: ImGui's
// Vietnamese ranges (Latin, Latin-1, Ă Đ Ĩ Ũ Ơ Ư in both cases, U+1EA0..U+1EF9), the punctuation
// the catalogues use, the combining marks of decomposed input, and whatever else occurs in the
// catalogues and the configured names (added glyph by glyph from their text).
//
// The huge style (tracking codes, the countdown) has printable ASCII only: its glyphs are the
// largest, and with every range they took half the atlas.
//
// The font files are read once, at construction (before the first frame); build() rebuilds ImGui's
// atlas from the bytes in memory, so a change of display size never touches the disk. Both sets
// are in one atlas, so toggling large text draws from the same texture and rebuilds nothing.
// Memory (docs/performance.md, "Kiosk"): ImGui reads the two files in place instead of copying them
// for each of the twelve fonts, and drops its build input once the glyphs are baked; the renderer
// uploads the atlas at one byte a pixel and ImGui's pixels are freed after the upload
// (Window::fonts_changed).
//
// Thread safety: UI thread only (ImGui's atlas). Errors: the constructor throws MessageError
// (cli.file.unreadable) when a font file cannot be read.

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include <imgui.h>

#include "theme.hpp"

namespace hailong::kiosk {

enum class TextStyle { small, body, body_bold, heading, title, huge };
inline constexpr std::size_t text_style_count = 6;

/// The pixel size (em) of a text style on a display: its design size scaled by the display's
/// unit, but never under metrics.min_text (4.5 mm at the display's density, theme.hpp). On a 10"
/// 1280×800 screen (150 dpi, unit 0.74) that raises the small style from 22 to 27 px.
float font_pixels(TextStyle style, bool large, const Metrics& metrics);

class Fonts {
public:
    explicit Fonts(const std::filesystem::path& dir);
    Fonts(const Fonts&) = delete;
    Fonts& operator=(const Fonts&) = delete;

    /// Rebuilds ImGui's font atlas for a display (theme.hpp: its unit and density) at the sizes
    /// of font_pixels(), with glyphs for `extra_text`. The caller recreates the renderer's font
    /// texture afterwards.
    void build(const Metrics& metrics, const std::string& extra_text);
    /// Whether the atlas was built for these metrics' sizes.
    [[nodiscard]] bool built_for(const Metrics& metrics) const {
        return metrics.unit == unit_ && metrics.min_text == min_text_;
    }

    [[nodiscard]] ImFont* font(TextStyle style, bool large) const { return fonts_[large][index(style)]; }
    [[nodiscard]] float size(TextStyle style, bool large) const { return sizes_[large][index(style)]; }

private:
    static std::size_t index(TextStyle s) { return static_cast<std::size_t>(s); }

    std::vector<unsigned char> regular_;
    std::vector<unsigned char> bold_;
    ImVector<ImWchar> ranges_;
    float unit_ = 0.0f;
    float min_text_ = 0.0f;
    std::array<std::array<ImFont*, text_style_count>, 2> fonts_{};
    std::array<std::array<float, text_style_count>, 2> sizes_{};
};

}  // namespace hailong::kiosk
