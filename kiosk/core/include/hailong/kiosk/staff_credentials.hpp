#pragma once
// An officer's credentials at the counter, verified offline against the kiosk's configuration
// (GET /api/v1/kiosk/config: each officer's optional `pin_hash` and `card_hash`):
//
// - A staff QR card holds `HLSTAFF1:<officer_code>:<secret>` (hailong-admin issue-staff-card); it
//   is good when the officer code is one of the counter's officers and the lowercase hex SHA-256
//   of the secret equals that officer's `card_hash`.
// - A personal PIN is good when libsodium's crypto_pwhash_str_verify accepts it against the
//   officer's `pin_hash` (argon2id: slow on purpose, so call pin_hash_matches off the UI thread).
//
// A counter *uses sign-in* when at least one of its officers has a PIN or a card: the officer a
// rating names is then the one signed in (nobody: null), never the admin's choice.
//
// Thread safety: pure functions. Errors: none thrown for any input (a malformed hash or payload
// is simply no match); std::runtime_error only if libsodium cannot be initialised.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hailong/kiosk/flow_types.hpp"

namespace hailong::kiosk {

/// The payload's prefix; anything scanned that starts with it is meant as a staff card.
inline constexpr std::string_view staff_card_prefix = "HLSTAFF1:";

/// `text` starts with staff_card_prefix.
bool looks_like_staff_card(std::string_view text);

/// The officer whose card `payload` is, among `officers`, or nullptr when it is no good card of
/// theirs (wrong prefix, unknown officer, officer without a card, secret that does not match).
const Officer* verify_staff_card(std::string_view payload, const std::vector<Officer>& officers);

/// Lowercase hex SHA-256 of `text` (64 characters).
std::string sha256_hex(std::string_view text);

/// `pin` matches `hash` (crypto_pwhash_str format). False for an empty or malformed hash. Slow.
bool pin_hash_matches(const std::string& hash, const std::string& pin);

/// At least one officer has a PIN or a card.
bool uses_sign_in(const CounterConfig& counter);

/// Lower case, without diacritics, "đ" as "d": "Phạm Thị Dung" -> "pham thi dung". For matching
/// what an officer types in the sign-in list against names.
std::string fold_name(std::string_view name);
/// Every word of `query` (folded) begins a word of `name` (folded); an empty query matches all.
bool name_matches(std::string_view name, std::string_view query);

}  // namespace hailong::kiosk
