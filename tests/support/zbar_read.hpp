#pragma once
// Reads the QR codes in an image file with zbarimg (Debian's zbar-tools), a decoder that shares
// nothing with libqrencode: what it reads is what a phone would.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

namespace hailong::test {

/// The text of the symbol zbarimg finds in `file` (several: one a line); empty when it finds
/// none; nullopt when zbarimg is not installed.
inline std::optional<std::string> zbar_read(const std::filesystem::path& file) {
    if (std::system("command -v zbarimg >/dev/null 2>&1") != 0) return std::nullopt;
    // The path is the test's own temporary file, quoted for the shell popen runs.
    const std::string command = "zbarimg --raw -q '" + file.string() + "' 2>/dev/null";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return std::nullopt;
    std::string text;
    char buffer[512];
    while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) text.append(buffer, n);
    ::pclose(pipe);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
}

}  // namespace hailong::test
