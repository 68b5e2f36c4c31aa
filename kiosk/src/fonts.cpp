#include "fonts.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>

#include "hailong/message.hpp"

namespace hailong::kiosk {

namespace {

std::vector<unsigned char> read_font(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw MessageError(Message("cli.file.unreadable", {{"path", path.string()}, {"reason", std::strerror(errno)}}));
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Design sizes in pixels at unit 1 (a 1080 px short side), normal and large text. Large text is
// about 1.3 times larger; the huge style (tracking code, countdown) is large enough already.
constexpr float design_sizes[2][text_style_count] = {
    {30.0f, 40.0f, 40.0f, 54.0f, 70.0f, 120.0f},
    {40.0f, 52.0f, 52.0f, 68.0f, 86.0f, 132.0f},
};

// Punctuation the catalogues use beyond Latin-1 (dashes, quotes, bullet, ellipsis), and the
// combining marks a decomposed name or comment may carry (grave, acute, tilde, hook, dot below,
// circumflex, breve, horn).
constexpr ImWchar extra_ranges[] = {0x0300, 0x0303, 0x0306, 0x0306, 0x0309, 0x0309, 0x031B, 0x031B,
                                    0x0323, 0x0323, 0x2013, 0x2014, 0x2018, 0x201D, 0x2022, 0x2022,
                                    0x2026, 0x2026, 0x20AB, 0x20AB, 0};

// Printable ASCII.
constexpr ImWchar ascii_range[] = {0x0020, 0x007E, 0};

}  // namespace

float font_pixels(TextStyle style, bool large, const Metrics& metrics) {
    const float scaled = std::round(design_sizes[large ? 1 : 0][static_cast<std::size_t>(style)] * metrics.unit);
    return std::max(scaled, std::ceil(metrics.min_text));
}

Fonts::Fonts(const std::filesystem::path& dir)
    : regular_(read_font(dir / "NotoSans-Regular.ttf")), bold_(read_font(dir / "NotoSans-Bold.ttf")) {}

void Fonts::build(const Metrics& metrics, const std::string& extra_text) {
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    atlas.Clear();
    // No rows past the last glyph (the height is not rounded up to a power of two), and no
    // software mouse cursors (the kiosk draws none).
    atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight | ImFontAtlasFlags_NoMouseCursors;
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(atlas.GetGlyphRangesVietnamese());
    builder.AddRanges(extra_ranges);
    builder.AddText(extra_text.c_str());
    ranges_.clear();
    builder.BuildRanges(&ranges_);

    for (std::size_t large = 0; large < 2; ++large) {
        for (std::size_t s = 0; s < text_style_count; ++s) {
            const bool bold = s != index(TextStyle::small) && s != index(TextStyle::body);
            std::vector<unsigned char>& data = bold ? bold_ : regular_;
            ImFontConfig config;
            // ImGui would copy the file for each of the twelve fonts; it reads ours instead, and
            // lets go of it below, before anything could free it.
            config.FontDataOwnedByAtlas = true;
            // Large text needs no sub-pixel oversampling; without it the atlas is a third the size.
            config.OversampleH = 1;
            config.OversampleV = 1;
            config.PixelSnapH = true;
            const float px = font_pixels(static_cast<TextStyle>(s), large == 1, metrics);
            sizes_[large][s] = px;
            // The huge style shows tracking codes and the countdown's seconds: ASCII is enough,
            // and its glyphs, the largest, would otherwise take half the atlas.
            const ImWchar* ranges = s == index(TextStyle::huge) ? ascii_range : ranges_.Data;
            fonts_[large][s] = atlas.AddFontFromMemoryTTF(data.data(), static_cast<int>(data.size()), px, &config, ranges);
        }
    }
    atlas.Build();
    // The glyphs are baked: the atlas needs neither the font files nor its build input any more.
    for (ImFontConfig& config : atlas.ConfigData) config.FontData = nullptr;
    atlas.ClearInputData();
    unit_ = metrics.unit;
    min_text_ = metrics.min_text;
}

}  // namespace hailong::kiosk
