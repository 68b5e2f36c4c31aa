#include "hailong/kiosk/delete_key.hpp"

namespace hailong::kiosk {

namespace {

bool separator(char c) {
    switch (c) {
    case ' ':
    case '\n':
    case '\t':
    case '.':
    case ',':
    case '-':
    case '/':
    case '?':
    case '!': return true;
    default: return false;
    }
}

}  // namespace

int DeleteKey::update(bool down, time_point now) {
    if (!down) {
        down_since_.reset();
        return 0;
    }
    if (!down_since_) {
        down_since_ = now;
        repeats_ = 0;
        return 0;
    }
    const auto held = now - *down_since_;
    const int due = held < hold_delay ? 0 : 1 + static_cast<int>((held - hold_delay) / repeat_interval);
    const int fresh = due - repeats_;
    repeats_ = due;
    return fresh;
}

std::optional<DeleteKey::time_point> DeleteKey::next_due() const {
    if (!down_since_) return std::nullopt;
    return *down_since_ + hold_delay + repeat_interval * repeats_;
}

std::string drop_last_word(std::string_view text) {
    // Separators are ASCII, and no byte of a multi-byte UTF-8 sequence is: cutting at a byte
    // boundary found this way always leaves valid UTF-8.
    std::size_t end = text.size();
    while (end > 0 && separator(text[end - 1])) --end;
    while (end > 0 && !separator(text[end - 1])) --end;
    return std::string(text.substr(0, end));
}

}  // namespace hailong::kiosk
