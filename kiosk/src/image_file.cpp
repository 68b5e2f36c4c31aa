#include "image_file.hpp"

#include <stb_image.h>
#include <stb_image_write.h>

#include <cstring>

namespace hailong::kiosk {

std::optional<Image> load_image_file(const std::filesystem::path& path) {
    int w = 0, h = 0, channels = 0;
    unsigned char* pixels = stbi_load(path.c_str(), &w, &h, &channels, 4);
    if (!pixels) return std::nullopt;
    Image image;
    image.width = w;
    image.height = h;
    image.rgba.assign(pixels, pixels + static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
    stbi_image_free(pixels);
    return image;
}

bool write_png(const std::filesystem::path& path, const Image& image) {
    return stbi_write_png(path.c_str(), image.width, image.height, 4, image.rgba.data(), image.width * 4) != 0;
}

}  // namespace hailong::kiosk
