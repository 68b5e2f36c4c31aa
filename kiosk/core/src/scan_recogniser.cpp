#include "hailong/kiosk/scan_recogniser.hpp"

namespace hailong::kiosk {

namespace {

std::size_t code_points(const std::string& text) {
    std::size_t n = 0;
    for (const char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

}  // namespace

ScanRecogniser::Outcome ScanRecogniser::release_all() {
    Outcome out;
    out.release = held_;
    held_ = 0;
    text_.clear();
    chars_ = 0;
    last_.reset();
    last_text_.reset();
    return out;
}

ScanRecogniser::Outcome ScanRecogniser::feed(Kind kind, Millis at, const std::string& text) {
    switch (kind) {
    case Kind::text: {
        Outcome out;
        // A pause longer than a scanner makes: what came before was typed by a person.
        if (last_text_ && at - *last_text_ > options_.max_gap) out = release_all();
        ++held_;
        text_ += text;
        chars_ += code_points(text);
        last_ = at;
        last_text_ = at;
        return out;
    }
    case Kind::held_key: {
        Outcome out;
        if (last_ && at - *last_ > options_.max_gap) out = release_all();
        ++held_;
        last_ = at;
        return out;
    }
    case Kind::enter: {
        if (last_text_ && at - *last_text_ <= options_.max_gap && chars_ >= options_.min_chars) {
            Outcome out;
            out.scan = text_;
            held_ = 0;
            text_.clear();
            chars_ = 0;
            last_.reset();
            last_text_.reset();
            return out;
        }
        ++held_;
        return release_all();
    }
    case Kind::other: break;
    }
    ++held_;
    return release_all();
}

ScanRecogniser::Outcome ScanRecogniser::poll(Millis now) {
    if (held_ == 0 || !last_ || now - *last_ <= options_.max_gap) return {};
    return release_all();
}

std::optional<ScanRecogniser::Millis> ScanRecogniser::deadline() const {
    if (held_ == 0 || !last_) return std::nullopt;
    return *last_ + options_.max_gap + Millis{1};
}

}  // namespace hailong::kiosk
