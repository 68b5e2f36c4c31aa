#pragma once
// The dashboard's web files (assets/dashboard/web, installed as /usr/share/hailong/dashboard),
// read once when the server starts and answered by exact name. No part of a request path ever
// reaches the file system: a request can only name one of the files read at start-up, so
// "//etc/passwd", "/../hailong.db", encoded slashes or backslashes find nothing.
//
// What is read: regular files (never a symbolic link, and no link to a directory is followed)
// whose every path segment is made of letters, digits, '.', '_' and '-' and does not start with
// '.', with one of the web extensions mime_type() knows; anything else in the folder (a licence
// text, an editor's backup, a hidden file) is left out. At most max_files files and max_bytes
// bytes in all, so that a wrong --dashboard (say, /) fails at start-up with a clear error instead
// of reading a disk.
//
// Thread safety: const after load(); find() may be called from any number of threads at once.
// Errors: load() throws MessageError (server.option.dashboard_*) naming the folder or file.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>

namespace hailong::server {

class StaticFiles {
public:
    static constexpr std::size_t max_files = 1000;
    static constexpr std::size_t max_bytes = 64u * 1024 * 1024;

    struct File {
        std::string content;
        std::string_view content_type;  ///< with a charset for text, as a browser would otherwise guess
    };

    StaticFiles() = default;  ///< serves nothing (--no-dashboard)

    /// Reads the files under `dir` (see above).
    static StaticFiles load(const std::filesystem::path& dir);

    /// The file served at request path `path` ("/views/overview.js"); "/" and any "/folder/" mean
    /// their index.html. nullptr if no file read at start-up has that exact name.
    [[nodiscard]] const File* find(std::string_view path) const;

    [[nodiscard]] std::size_t size() const { return files_.size(); }

    /// The Content-Type of a file name by its extension; empty for a name the dashboard does
    /// not serve.
    static std::string_view mime_type(std::string_view name);

private:
    std::unordered_map<std::string, File> files_;  // "/index.html" -> its file
};

}  // namespace hailong::server
