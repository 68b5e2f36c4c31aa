#include "hailong/kiosk/lookup_link.hpp"

#include <algorithm>

#include "hailong/tracking_code.hpp"

namespace hailong::kiosk {

namespace {

bool unreserved(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
           c == '~';
}

// RFC 3986 query value: every byte but the unreserved ones as %XX. A display-form code is only
// unreserved characters; the escaping is there so that nothing else could ever reach the query.
std::string percent_encoded(std::string_view value) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : value) {
        if (unreserved(c)) {
            out += c;
        } else {
            const auto b = static_cast<unsigned char>(c);
            out += '%';
            out += hex[b >> 4];
            out += hex[b & 15];
        }
    }
    return out;
}

}  // namespace

std::optional<std::string> public_base_url(std::string_view text) {
    if (text.size() > max_public_url_chars) return std::nullopt;
    std::string_view rest;
    if (text.starts_with("https://")) {
        rest = text.substr(8);
    } else if (text.starts_with("http://")) {
        rest = text.substr(7);
    } else {
        return std::nullopt;
    }
    const bool plain = std::all_of(rest.begin(), rest.end(), [](char c) { return unreserved(c) || c == '/' || c == ':'; });
    if (!plain) return std::nullopt;
    const std::string_view host = rest.substr(0, rest.find_first_of(":/"));
    if (host.empty() || host.front() == '.' || host.front() == '-') return std::nullopt;
    while (!text.empty() && text.back() == '/') text.remove_suffix(1);
    return std::string(text);
}

std::optional<std::string> lookup_link(std::string_view public_url, std::string_view code) {
    const auto base = public_base_url(public_url);
    const auto display = tracking_code::normalise(code);
    if (!base || !display) return std::nullopt;
    return *base + "/lookup.html?code=" + percent_encoded(*display);
}

}  // namespace hailong::kiosk
