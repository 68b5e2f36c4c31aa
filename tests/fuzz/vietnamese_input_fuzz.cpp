// Fuzz target: the kiosk's Telex/VNI input engine, hailong::kiosk::VietnameseInput
// (hailong/kiosk/vietnamese_input.hpp), driven by keystrokes read from the input.
//
// Input layout (seeds are readable: "1hafi lofng" is Telex, "2ha2i lo2ng" is VNI):
//   byte 0          the starting settings: bits 0-1 the method (0 off, 1 Telex, 2 VNI, 3 Telex),
//                   bit 2 the tone style (0 classic, 1 modern); '0' off, '1' Telex, '2' VNI,
//                   '5' Telex modern, '6' VNI modern
//   ... 0x00        if a NUL byte follows, the bytes before the first one are given to
//                   set_text() first (any bytes: invalid UTF-8 must be refused), as a draft
//                   restored on the screen would be
//   the rest        one keystroke per byte: 0x08 backspace(), 0x0C clear(), 0x01 / 0x02 / 0x03
//                   set_method(off / Telex / VNI), 0x04 / 0x05 set_tone_style(classic / modern),
//                   any other byte key(byte), including the bytes key() must ignore
//
// What must hold after every step, each from the header's contract:
//   - text() is valid UTF-8 in NFC; nothing throws (set_text on invalid UTF-8 throws
//     std::invalid_argument and leaves the text as it was);
//   - key() ignores every byte but printable ASCII, line feed and tab; with the method off it
//     appends the key as it is; otherwise it only changes the word being typed: everything up to
//     the last ASCII non-letter (space, digit, punctuation, line feed, tab) stays as it was;
//   - the engine keeps no state besides text() but one: a fresh engine given the same text,
//     method and style reacts to the same key in the same way, except a Telex w right after a w
//     it typed as ư, which a fresh engine given the text before both w and both keys reproduces;
//   - backspace() deletes exactly the last code point (nothing when the text is empty);
//   - set_text() gives the NFC of what it was given; clear() empties the text.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "hailong/kiosk/vietnamese_input.hpp"
#include "hailong/text.hpp"

namespace {

using hailong::kiosk::VietnameseInput;
using Method = VietnameseInput::Method;
using Style = VietnameseInput::ToneStyle;

bool accepted(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 0x20 && u <= 0x7E) || c == '\n' || c == '\t';
}

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// One past the last ASCII byte of `text` that is not a letter; 0 if there is none. (A UTF-8
// continuation or lead byte is never ASCII, so this never splits a code point.)
std::size_t after_last_ascii_non_letter(const std::string& text) {
    for (std::size_t i = text.size(); i > 0; --i) {
        const auto u = static_cast<unsigned char>(text[i - 1]);
        if (u < 0x80 && !is_ascii_letter(text[i - 1])) return i;
    }
    return 0;
}

// `text` without its last code point.
std::string without_last_code_point(const std::string& text) {
    std::size_t last = text.size() - 1;
    while (last > 0 && (static_cast<unsigned char>(text[last]) & 0xC0) == 0x80) --last;
    return text.substr(0, last);
}

void check_text(const VietnameseInput& in, std::string_view step) {
    const std::string& text = in.text();
    HAILONG_FUZZ_CHECK(hailong::is_valid_utf8(text), std::string(step));
    HAILONG_FUZZ_CHECK(hailong::to_nfc(text) == text, std::string(step) + ": not NFC: " + text);
}

// The previous keystroke, while nothing else happened since (backspace, clear and a change of
// method or style forget it).
struct Previous {
    std::string before;
    char key = 0;
};
std::optional<Previous> previous;

void type_key(VietnameseInput& in, char c) {
    const std::string before = in.text();
    in.key(c);
    const std::string& after = in.text();
    // Built only when a check fails (HAILONG_FUZZ_CHECK evaluates its detail only then).
    const auto step = [&] {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(c)));
        return std::string("key ") + hex + " after \"" + before + "\" gave \"" + after + "\"";
    };
    if (!accepted(c)) {
        HAILONG_FUZZ_CHECK(after == before, step() + ": an ignored byte changed the text");
        return;  // the engine did not see it: the previous key is still the last one
    }
    if (in.method() == Method::off) {
        HAILONG_FUZZ_CHECK(after == before + c, step() + ": Off did not type the key as it is");
    } else {
        const std::size_t kept = after_last_ascii_non_letter(before);
        HAILONG_FUZZ_CHECK(after.compare(0, kept, before, 0, kept) == 0, step() + ": an earlier word changed");
    }
    VietnameseInput fresh(in.method(), in.tone_style());
    fresh.set_text(before);
    fresh.key(c);
    if (fresh.text() != after) {
        // The engine's one memory: a Telex w right after the w it typed as ư takes it back.
        const auto is_w = [](char k) { return k == 'w' || k == 'W'; };
        HAILONG_FUZZ_CHECK(previous && in.method() == Method::telex && is_w(c) && is_w(previous->key),
                           step() + ", but a fresh engine typed \"" + fresh.text() + "\"");
        VietnameseInput replay(in.method(), in.tone_style());
        replay.set_text(previous->before);
        replay.key(previous->key);
        replay.key(c);
        HAILONG_FUZZ_CHECK(replay.text() == after, step() + ", but a fresh engine given both w typed \"" + replay.text() + "\"");
    }
    previous = Previous{before, c};
    const std::string& text = in.text();
    HAILONG_FUZZ_CHECK(hailong::is_valid_utf8(text), step());
    HAILONG_FUZZ_CHECK(hailong::to_nfc(text) == text, step() + ": not NFC");
}

void press_backspace(VietnameseInput& in) {
    previous.reset();
    const std::string before = in.text();
    in.backspace();
    const std::string expected = before.empty() ? before : without_last_code_point(before);
    HAILONG_FUZZ_CHECK(in.text() == expected, "backspace after \"" + before + "\" gave \"" + in.text() + "\"");
    check_text(in, "backspace");
}

void restore_draft(VietnameseInput& in, std::string_view draft) {
    const std::string before = in.text();
    const bool valid = hailong::is_valid_utf8(draft);
    try {
        in.set_text(draft);
        HAILONG_FUZZ_CHECK(valid, "set_text accepted invalid UTF-8");
        HAILONG_FUZZ_CHECK(in.text() == hailong::to_nfc(draft), "set_text: \"" + in.text() + "\"");
    } catch (const std::invalid_argument&) {
        HAILONG_FUZZ_CHECK(!valid, "set_text refused valid UTF-8");
        HAILONG_FUZZ_CHECK(in.text() == before, "a refused set_text changed the text");
    }
    check_text(in, "set_text");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto settings = static_cast<unsigned char>(input[0]);
    const Method start_methods[] = {Method::off, Method::telex, Method::vni, Method::telex};
    VietnameseInput in(start_methods[settings & 3U], (settings & 4U) != 0 ? Style::modern : Style::classic);
    previous.reset();

    std::string_view keys = input.substr(1);
    if (const std::size_t nul = keys.find('\0'); nul != std::string_view::npos) {
        restore_draft(in, keys.substr(0, nul));
        keys.remove_prefix(nul + 1);
    }
    for (const char c : keys) {
        switch (c) {
        case '\x08': press_backspace(in); break;
        case '\x0C':
            previous.reset();
            in.clear();
            HAILONG_FUZZ_CHECK(in.text().empty(), "clear");
            break;
        case '\x01': previous.reset(), in.set_method(Method::off); break;
        case '\x02': previous.reset(), in.set_method(Method::telex); break;
        case '\x03': previous.reset(), in.set_method(Method::vni); break;
        case '\x04': previous.reset(), in.set_tone_style(Style::classic); break;
        case '\x05': previous.reset(), in.set_tone_style(Style::modern); break;
        default: type_key(in, c); break;
        }
    }
    return 0;
}
