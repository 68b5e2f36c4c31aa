#include "hailong/kiosk/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hailong::kiosk {

namespace {

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

}  // namespace

std::string write_atomically(const std::filesystem::path& target, std::string_view bytes) {
    const std::filesystem::path temp = target.string() + ".tmp";
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return errno_text("cannot create " + temp.string());
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            std::string why = errno_text("cannot write " + temp.string());
            ::close(fd);
            return why;
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        std::string why = errno_text("cannot sync " + temp.string());
        ::close(fd);
        return why;
    }
    if (::close(fd) != 0) return errno_text("cannot close " + temp.string());
    if (::rename(temp.c_str(), target.c_str()) != 0) return errno_text("cannot rename " + temp.string());
    const int dir = ::open(target.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return errno_text("cannot open " + target.parent_path().string());
    const int synced = ::fsync(dir);
    std::string why = synced != 0 ? errno_text("cannot sync " + target.parent_path().string()) : std::string();
    ::close(dir);
    return why;
}

}  // namespace hailong::kiosk
