#include "hailong/cli.hpp"

#include <cstdlib>

#include "hailong/message.hpp"
#include "hailong/version.hpp"

namespace hailong {

std::string cli_language() {
    for (const char* name : {"HAILONG_LANG", "LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* value = std::getenv(name);
        // "C" and "POSIX" say nothing about a language; keep looking.
        if (value && *value && std::string_view(value) != "C" && std::string_view(value) != "POSIX")
            return Translator::pick_language(value, "vi");
    }
    return "vi";
}

std::string version_line(std::string_view program) {
    return std::string(program) + " " + std::string(version);
}

}  // namespace hailong
