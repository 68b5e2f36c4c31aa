// hailong-admin: the admin command line (api-v1.md, "Programs"). This release has the offline
// commands; the store commands (init, import-org, add-kiosk, add-user...) come with the server.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "hailong/cli.hpp"
#include "hailong/message.hpp"
#include "hailong/submission_codec.hpp"

namespace {

using hailong::Message;

struct Cli {
    std::string lang = hailong::cli_language();
    const hailong::Translator& tr = hailong::Translator::builtin();

    void out(const std::string& text) const { std::printf("%s\n", text.c_str()); }
    int fail(const Message& message, int code = 2) const {
        std::fprintf(stderr, "hailong-admin: %s\n", tr.render(message, lang).c_str());
        return code;
    }
};

// check-batch FILE: decodes a POST /api/v1/submissions body exactly as the server does and prints
// one line per submission. Exit 0 when every submission is valid, 1 when any is not (or the whole
// batch is refused), 2 when the file cannot be read.
int check_batch(const Cli& cli, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return cli.fail(Message("cli.file.unreadable", {{"path", path}, {"reason", std::strerror(errno)}}));
    }
    std::ostringstream body;
    body << in.rdbuf();

    hailong::DecodedBatch batch;
    try {
        batch = hailong::decode_submission_batch(body.str());
    } catch (const hailong::InputError& e) {
        return cli.fail(Message("cli.check.batch_refused", {{"reason", e.error().describe(cli.tr, cli.lang)}}), 1);
    }
    std::size_t valid = 0;
    for (std::size_t i = 0; i < batch.items.size(); ++i) {
        const auto& item = batch.items[i];
        if (item.submission) {
            ++valid;
            cli.out(cli.tr.render(Message("cli.check.valid", {{"field", "submissions[" + std::to_string(i) + "]"},
                                                              {"id", item.submission->id.to_string()}}),
                                  cli.lang));
        } else {
            cli.out(item.error->describe(cli.tr, cli.lang));
        }
    }
    cli.out(cli.tr.render(Message("cli.check.summary", {{"kiosk", batch.kiosk_id},
                                                        {"valid", std::to_string(valid)},
                                                        {"rejected", std::to_string(batch.items.size() - valid)}}),
                          cli.lang));
    return valid == batch.items.size() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const Cli cli;
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        cli.out(cli.tr.text("cli.admin.usage", cli.lang));
        return 0;
    }
    if (args[0] == "--version") {
        cli.out(hailong::version_line("hailong-admin"));
        return 0;
    }
    if (args[0] == "check-batch") {
        if (args.size() != 2) return cli.fail(Message("cli.check.usage"));
        return check_batch(cli, std::string(args[1]));
    }
    return cli.fail(Message("cli.unknown_argument", {{"argument", std::string(args[0])}}));
}
