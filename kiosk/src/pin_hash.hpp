#pragma once
// The admin PIN, stored hashed in the kiosk configuration (`pin_hash`): argon2id through
// libsodium's crypto_pwhash_str (its own salt and parameters are part of the string). Checking
// takes a noticeable fraction of a second on purpose: run it on a worker.
// Errors: std::runtime_error if libsodium cannot start or runs out of memory.

#include <string>

namespace hailong::kiosk {

/// "$argon2id$v=19$m=...": what `hailong-kiosk --hash-pin` prints.
std::string hash_pin(const std::string& pin);
/// True if `pin` matches `hash` (false for a malformed hash).
bool pin_matches(const std::string& hash, const std::string& pin);

}  // namespace hailong::kiosk
