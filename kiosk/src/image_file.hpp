#pragma once
// Image files for the kiosk: officer photos (JPEG, PNG) and the PNG screenshots of the tests,
// through stb_image and stb_image_write (Debian's libstb). Blocking file I/O: workers and tests
// only, never the frame.

#include <filesystem>
#include <optional>

#include "services.hpp"

namespace hailong::kiosk {

/// Decodes an image file to RGBA; nullopt if it cannot be read or decoded.
std::optional<Image> load_image_file(const std::filesystem::path& path);
/// Writes `image` as PNG; false on failure.
bool write_png(const std::filesystem::path& path, const Image& image);

}  // namespace hailong::kiosk
