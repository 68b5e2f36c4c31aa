#include "static_files.hpp"

#include <fstream>
#include <system_error>

#include "hailong/message.hpp"

namespace hailong::server {
namespace {

bool is_served_segment(std::string_view segment) {
    if (segment.empty() || segment.front() == '.') return false;
    for (const char c : segment) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

}  // namespace

std::string_view StaticFiles::mime_type(std::string_view name) {
    const auto dot = name.rfind('.');
    const std::string_view ext = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
    if (ext == "html") return "text/html; charset=utf-8";
    if (ext == "js" || ext == "mjs") return "application/javascript; charset=utf-8";
    if (ext == "css") return "text/css; charset=utf-8";
    if (ext == "json" || ext == "map") return "application/json; charset=utf-8";
    if (ext == "svg") return "image/svg+xml";
    if (ext == "png") return "image/png";
    if (ext == "ico") return "image/x-icon";
    if (ext == "woff2") return "font/woff2";
    if (ext == "txt") return "text/plain; charset=utf-8";
    return {};
}

StaticFiles StaticFiles::load(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw MessageError(Message("server.option.dashboard_missing", {{"dir", dir.string()}}));
    StaticFiles files;
    std::size_t total = 0;
    // Symbolic links are neither followed into (the default) nor read (symlink_status below).
    fs::recursive_directory_iterator it(dir, ec), end;
    if (ec) throw MessageError(Message("server.option.dashboard_unreadable", {{"path", dir.string()}}));
    for (; it != end; it.increment(ec)) {
        if (ec) throw MessageError(Message("server.option.dashboard_unreadable", {{"path", dir.string()}}));
        const fs::path& file = it->path();
        const fs::path relative = file.lexically_relative(dir);
        bool served = true;
        for (const fs::path& segment : relative) served = served && is_served_segment(segment.native());
        if (!served) {
            if (it->is_directory(ec)) it.disable_recursion_pending();  // a hidden folder: not a word of it
            continue;
        }
        if (!fs::is_regular_file(it->symlink_status(ec)) || mime_type(file.filename().native()).empty()) continue;
        if (files.files_.size() >= max_files || total > max_bytes)
            throw MessageError(Message("server.option.dashboard_too_big",
                                       {{"dir", dir.string()}, {"files", std::to_string(max_files)}, {"mib", std::to_string(max_bytes >> 20)}}));
        // Read by size, not through istreambuf_iterator, which GCC 12 -O2 reports as a possible
        // null dereference inside libstdc++.
        std::error_code size_ec;
        const std::uintmax_t size = fs::file_size(file, size_ec);
        if (size_ec) throw MessageError(Message("server.option.dashboard_unreadable", {{"path", file.string()}}));
        if (size > max_bytes - total)
            throw MessageError(Message("server.option.dashboard_too_big",
                                       {{"dir", dir.string()}, {"files", std::to_string(max_files)}, {"mib", std::to_string(max_bytes >> 20)}}));
        std::ifstream in(file, std::ios::binary);
        std::string content(static_cast<std::size_t>(size), '\0');
        if (!in || !in.read(content.data(), static_cast<std::streamsize>(content.size())))
            throw MessageError(Message("server.option.dashboard_unreadable", {{"path", file.string()}}));
        total += content.size();
        files.files_.emplace("/" + relative.generic_string(), File{std::move(content), mime_type(file.filename().native())});
    }
    return files;
}

const StaticFiles::File* StaticFiles::find(std::string_view path) const {
    std::string key(path);
    if (!key.empty() && key.back() == '/') key += "index.html";
    const auto it = files_.find(key);
    return it == files_.end() ? nullptr : &it->second;
}

}  // namespace hailong::server
