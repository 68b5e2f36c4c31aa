#pragma once
// What the fuzz targets share: a check that stops the run with a message naming the broken
// promise (libFuzzer and the replay runner then keep the input that broke it), and a test that
// a message key has a text in every catalogue. Used only by tests/fuzz/*_fuzz.cpp.
//
// The checks are not assert(): RelWithDebInfo defines NDEBUG, and a fuzz target that stops
// checking in an optimised build finds nothing.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "hailong/message.hpp"

namespace hailong::fuzz {

/// Prints "fuzz check failed: <what>" and `detail` to stderr and aborts (a crash to libFuzzer).
[[noreturn]] inline void fail(std::string_view what, std::string_view detail = {}) {
    std::fprintf(stderr, "fuzz check failed: %.*s\n", static_cast<int>(what.size()), what.data());
    if (!detail.empty()) std::fprintf(stderr, "  %.*s\n", static_cast<int>(detail.size()), detail.data());
    std::fflush(stderr);
    std::abort();
}

/// True if `key` has a text in every catalogue hailong ships (message.hpp: every sentence a
/// person reads is a catalogue key; Translator falls back to the bare key otherwise).
inline bool key_in_every_catalogue(std::string_view key) {
    for (const std::string_view lang : languages) {
        const Catalog* catalog = Translator::builtin().catalog(lang);
        if (catalog == nullptr || catalog->find(key) == nullptr) return false;
    }
    return true;
}

/// `text` with its ASCII letters upper-cased (or lower-cased); other bytes as they are. For the
/// parsers that promise that case does not matter (tracking codes, RFC 3339's T and Z).
inline std::string ascii_case(std::string_view text, bool upper) {
    std::string out(text);
    for (char& c : out) {
        if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

}  // namespace hailong::fuzz

/// Aborts with the condition's text (and `detail`, a string) when `condition` is false.
#define HAILONG_FUZZ_CHECK(condition, detail)                                                   \
    do {                                                                                        \
        if (!(condition)) ::hailong::fuzz::fail("HAILONG_FUZZ_CHECK(" #condition ")", (detail)); \
    } while (false)
