// hailong-kiosk: see docs/architecture.md for what this program does.
#include <cstdio>
#include <string_view>

#include "hailong/cli.hpp"
#include "hailong/message.hpp"

int main(int argc, char** argv) {
    const auto lang = hailong::cli_language();
    const auto& tr = hailong::Translator::builtin();
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--version") {
            std::printf("%s\n", hailong::version_line("hailong-kiosk").c_str());
            return 0;
        }
        if (arg == "--help" || arg == "-h") {
            std::printf("%s\n", tr.text("cli.kiosk.usage", lang).c_str());
            return 0;
        }
        std::fprintf(stderr, "hailong-kiosk: %s\n",
                     tr.render(hailong::Message("cli.unknown_argument", {{"argument", std::string(arg)}}), lang).c_str());
        return 2;
    }
    std::printf("%s\n", tr.text("cli.kiosk.usage", lang).c_str());
    return 0;
}
