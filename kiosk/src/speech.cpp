#include "speech.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <vector>

extern char** environ;

namespace hailong::kiosk {

namespace {

// argv and envp from copies: posix_spawn wants char*, and the strings must outlive the call.
std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (std::string& s : strings) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

// The exit status of `pid`, or -1 when it did not exit normally.
int wait_for(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

void speak_aloud(const std::string& command, const std::string& text, const std::string& lang, const std::string& sink) {
    const std::string voice = lang == "en" ? "en" : "vi";
    std::vector<std::string> args = {command, "-v", voice, "--", text};
    std::vector<char*> argv = pointers(args);
    std::vector<std::string> env;
    for (char** e = environ; e && *e; ++e)
        if (std::string_view(*e).rfind("PULSE_SINK=", 0) != 0) env.emplace_back(*e);
    if (!sink.empty()) env.push_back("PULSE_SINK=" + sink);
    std::vector<char*> envp = pointers(env);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, command.c_str(), nullptr, nullptr, argv.data(), envp.data());
    if (rc != 0) throw std::runtime_error(command + ": " + std::strerror(rc));
    if (wait_for(pid) != 0) throw std::runtime_error(command + " failed");
}

std::optional<std::vector<AudioSink>> list_audio_sinks(const std::string& pactl) {
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) return std::nullopt;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    std::vector<std::string> args = {pactl, "--format=json", "list", "sinks"};
    std::vector<char*> argv = pointers(args);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, pactl.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (rc != 0) {
        close(out[0]);
        return std::nullopt;
    }
    std::string text;
    char buffer[4096];
    for (;;) {
        const ssize_t n = read(out[0], buffer, sizeof buffer);
        if (n > 0) {
            text.append(buffer, static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
            break;
        }
    }
    close(out[0]);
    if (wait_for(pid) != 0) return std::nullopt;
    return parse_pactl_sinks(text);
}

}  // namespace hailong::kiosk
