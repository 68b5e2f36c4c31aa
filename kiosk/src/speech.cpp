#include "speech.hpp"

#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

extern char** environ;

namespace hailong::kiosk {

void speak_aloud(const std::string& command, const std::string& text, const std::string& lang) {
    const std::string voice = lang == "en" ? "en" : "vi";
    // argv is built from copies: posix_spawn wants char*, and the strings must outlive the call.
    std::vector<std::string> args = {command, "-v", voice, "--", text};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, command.c_str(), nullptr, nullptr, argv.data(), environ);
    if (rc != 0) throw std::runtime_error(command + ": " + std::strerror(rc));
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) throw std::runtime_error(command + ": waitpid: " + std::strerror(errno));
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error(command + " failed");
}

}  // namespace hailong::kiosk
