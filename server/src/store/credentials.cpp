#include "hailong/server/store/credentials.hpp"

#include <array>
#include <mutex>
#include <stdexcept>

#include <sodium.h>

namespace hailong::server {
namespace {

void ensure_sodium() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    });
}

}  // namespace

std::string generate_token(std::string_view prefix) {
    ensure_sodium();
    std::array<unsigned char, 32> raw{};
    randombytes_buf(raw.data(), raw.size());
    std::array<char, 64> text{};
    sodium_bin2base64(text.data(), text.size(), raw.data(), raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw.data(), raw.size());
    return std::string(prefix) + "_" + text.data();
}

std::string generate_card_secret() {
    ensure_sodium();
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::string secret(32, 'A');
    // randombytes_uniform draws without modulo bias.
    for (char& c : secret) c = alphabet[randombytes_uniform(32)];
    return secret;
}

std::string staff_card_payload(std::string_view officer, std::string_view secret) {
    return "HLSTAFF1:" + std::string(officer) + ":" + std::string(secret);
}

std::string hash_token(std::string_view token) {
    ensure_sodium();
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()), token.size());
    std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    return hex.data();
}

std::string hash_password(std::string_view password) {
    ensure_sodium();
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str(out.data(), password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw std::runtime_error("not enough memory to hash a password");
    return out.data();
}

bool verify_password(std::string_view stored, std::string_view password) {
    ensure_sodium();
    // crypto_pwhash_str_verify needs a NUL-terminated hash string.
    const std::string hash(stored);
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace hailong::server
