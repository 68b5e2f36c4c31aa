#pragma once
// Bearer tokens and passwords (libsodium). Secrets are shown once, stored only as hashes and
// never logged.
//
// Tokens carry 256 random bits, so a fast hash (SHA-256) is enough to store them: nobody can guess
// a token from its hash by trying candidates. Passwords are chosen by people and are guessable, so
// they are stored with argon2id, a deliberately slow and memory-hard hash. All functions are
// thread safe. They throw std::runtime_error only if libsodium cannot start or memory runs out.

#include <string>
#include <string_view>

namespace hailong::server {

/// A new random token: `prefix` + "_" + 43 characters of URL-safe base64 (32 bytes). Prefixes
/// say what a token is for when someone finds one in a file: "hlk" kiosk, "hlu" user.
std::string generate_token(std::string_view prefix);

/// A staff card's secret: 32 characters of base32 (A-Z, 2-7), 160 random bits; a QR scanner
/// types it without a shift key or a character a keyboard layout could change.
std::string generate_card_secret();
/// What a staff card's QR code holds (docs/api.md, "Officers at the counter"):
/// "HLSTAFF1:" officer code ":" secret. The server keeps hash_token(secret).
std::string staff_card_payload(std::string_view officer, std::string_view secret);

/// The stored form of a token: lower-case hex SHA-256, 64 characters.
std::string hash_token(std::string_view token);

/// The stored form of a password: libsodium's argon2id string (salt and parameters included).
std::string hash_password(std::string_view password);

/// True if `password` matches `stored` (a hash_password result). Constant time in the password.
bool verify_password(std::string_view stored, std::string_view password);

}  // namespace hailong::server
