#include "hailong/kiosk/staff_credentials.hpp"

#include <sodium.h>
#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace hailong::kiosk {

namespace {

void start_sodium() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

}  // namespace

bool looks_like_staff_card(std::string_view text) { return text.substr(0, staff_card_prefix.size()) == staff_card_prefix; }

std::string sha256_hex(std::string_view text) {
    start_sodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (const unsigned char b : digest) {
        out += hex[b >> 4];
        out += hex[b & 0x0F];
    }
    return out;
}

const Officer* verify_staff_card(std::string_view payload, const std::vector<Officer>& officers) {
    if (!looks_like_staff_card(payload)) return nullptr;
    const std::string_view rest = payload.substr(staff_card_prefix.size());
    const auto colon = rest.find(':');
    if (colon == std::string_view::npos) return nullptr;
    const std::string_view code = rest.substr(0, colon);
    const std::string_view secret = rest.substr(colon + 1);
    if (code.empty() || secret.empty()) return nullptr;
    for (const Officer& o : officers) {
        if (o.code != code || o.card_hash.empty()) continue;
        std::string expected = o.card_hash;
        std::transform(expected.begin(), expected.end(), expected.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        const std::string actual = sha256_hex(secret);
        // Both are 64 hex characters when the hash is well formed; compared in constant time.
        if (expected.size() == actual.size() && sodium_memcmp(expected.data(), actual.data(), actual.size()) == 0) return &o;
        return nullptr;
    }
    return nullptr;
}

bool pin_hash_matches(const std::string& hash, const std::string& pin) {
    start_sodium();
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
    return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

bool uses_sign_in(const CounterConfig& counter) {
    return std::any_of(counter.officers.begin(), counter.officers.end(),
                       [](const Officer& o) { return !o.pin_hash.empty() || !o.card_hash.empty(); });
}

std::string fold_name(std::string_view name) {
    // "đ" and "Đ" have no decomposition: they are letters of their own, read as d.
    std::string text;
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (name.substr(i, 2) == "\xC4\x91" || name.substr(i, 2) == "\xC4\x90") {
            text += 'd';
            ++i;
        } else {
            text += name[i];
        }
    }
    utf8proc_uint8_t* folded = nullptr;
    const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                static_cast<utf8proc_ssize_t>(text.size()), &folded,
                                static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD));
    if (n < 0) return {};
    const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(folded, &std::free);
    return std::string(reinterpret_cast<const char*>(folded), static_cast<std::size_t>(n));
}

bool name_matches(std::string_view name, std::string_view query) {
    const std::vector<std::string> name_words = words(fold_name(name));
    for (const std::string& q : words(fold_name(query))) {
        if (std::none_of(name_words.begin(), name_words.end(), [&](const std::string& w) { return w.rfind(q, 0) == 0; }))
            return false;
    }
    return true;
}

}  // namespace hailong::kiosk
