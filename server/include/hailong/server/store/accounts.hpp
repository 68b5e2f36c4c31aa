#pragma once
// Users and kiosks as hailong-admin and the settings page both create them (issue 19): one set of
// rules for a new account and a password, and the one way a kiosk's token is issued (generated,
// handed back once, stored only as its hash). The store checks what needs the database (a name
// taken, a department unknown); these check everything else first.
//
// Thread safety: the functions keep no state; the ones taking a store are as safe as it is.
// Errors: the *_problem functions name what is wrong with a word that each caller turns into its
// own sentence ("admin.user.<word>" in hailong-admin, "error.accounts.<word>" on the API, with
// the parameters {user}, {min} and {max}); nullopt: acceptable. The store calls throw
// StoreError as store.hpp says.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "hailong/server/store/store.hpp"

namespace hailong::server {

/// A dashboard password has at least this many characters (code points)...
inline constexpr std::size_t min_password_chars = 10;
/// ...and at most this many: argon2id would hash more, but no person types it.
inline constexpr std::size_t max_password_chars = 256;

/// Why `password` (valid UTF-8) may not be a dashboard password: "password_short",
/// "password_long"; nullopt if it may.
std::optional<std::string_view> password_problem(std::string_view password);

/// Why `user` may not be added: "name" (not a code), "manager_needs_department",
/// "integration_token_only" (an integration account with a password or departments),
/// "all_departments_manager_only" (only a manager reaches every department: an admin already
/// does, an analyst reads aggregates), "all_departments_or_list" (every department and a list of
/// some); nullopt if
/// it may. `with_password`: a dashboard password comes with it. Whether the name is taken and
/// the departments exist is the store's to say.
std::optional<std::string_view> new_user_problem(const User& user, bool with_password);

/// Adds a user with a fresh API token, stored as its hash, and the argon2id hash of `password`
/// when given (checked by the caller with password_problem). Returns the token, for the one
/// caller who shows it (hailong-admin prints it; the settings page drops it).
std::string add_user_with_token(OrganisationStore& store, const User& user, const std::optional<std::string>& password);

/// Registers a kiosk with a fresh token and returns the token: shown once, never stored.
std::string add_kiosk_with_token(OrganisationStore& store, const Kiosk& kiosk);

/// Gives a kiosk a fresh token (the old one stops working at once, the kiosk is un-revoked and
/// gets a new number) and returns it: shown once, never stored.
std::string rotate_kiosk_token(OrganisationStore& store, const std::string& kiosk_id);

}  // namespace hailong::server
