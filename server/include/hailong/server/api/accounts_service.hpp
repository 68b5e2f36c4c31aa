#pragma once
// Users and kiosks on the administrators' settings page, without the HTTP (docs/api.md,
// "Accounts and kiosks"; issue 19): what hailong-admin add-user, revoke-user, set-password,
// add-kiosk, revoke-kiosk, rotate-kiosk-token and list do, through the same rules (accounts.hpp).
//
//   GET  /api/v1/settings/accounts               every user and kiosk
//   POST /api/v1/settings/users                  add a user with a dashboard password
//   POST /api/v1/settings/users/{name}/revoke    revoke a user: their token and sessions end
//   POST /api/v1/settings/users/{name}/password  a new password: their sessions end
//   POST /api/v1/settings/kiosks                 add a kiosk: its token, shown this once
//   POST /api/v1/settings/kiosks/{id}/revoke     revoke a kiosk: its token stops working
//   POST /api/v1/settings/kiosks/{id}/token      a new token, shown this once; the old one ends
//
// Access: admins only; anyone else 403 (an integration account is refused before it gets here).
// An admin may not revoke their own account, nor the last admin that is not revoked. Every change
// is written to the settings' log with who and when, right after the change itself (its own
// transaction: a crash between the two would leave the change unlogged). Tokens and passwords
// are never logged, never stored but as hashes, and a token is in no answer but the one that
// issued it.
//
// Thread safety: every method may be called from any number of threads at once.

#include <string>
#include <string_view>

#include "hailong/server/api/answer.hpp"
#include "hailong/server/store/store.hpp"

namespace hailong::server {

class AccountsService {
public:
    /// `store` must outlive the service; `now` dates the log lines.
    AccountsService(Store& store, Now now);

    /// {"users": [{"name", "role", "departments", "revoked", "you"}],
    ///  "kiosks": [{"id", "department", "revoked", "number"}]}, each ordered by name or id.
    Answer list(const User& user, std::string_view lang);
    /// Body {"name": code, "role": "admin"|"manager"|"analyst", "departments": [code...],
    /// "password": text}: 201 {"user": {...}}. 400 naming the field for anything refused, 409
    /// (field "name") when the name is taken.
    Answer add_user(const User& user, std::string_view body, std::string_view lang);
    /// 200 {"user": {...}}; 404 for no such user; 400 for the caller's own account or the last admin.
    Answer revoke_user(const User& user, const std::string& name, std::string_view lang);
    /// Body {"password": text}: 200 {"user": {...}}; 404 for no such user, 400 for an
    /// integration account (it has no password) or a password the rules refuse.
    Answer set_password(const User& user, const std::string& name, std::string_view body, std::string_view lang);
    /// Body {"id": code, "department": code}: 201 {"kiosk": {...}, "token": "hlk_..."}; 409 (field
    /// "id") when the id is taken.
    Answer add_kiosk(const User& user, std::string_view body, std::string_view lang);
    /// 200 {"kiosk": {...}}; 404 for no such kiosk.
    Answer revoke_kiosk(const User& user, const std::string& id, std::string_view lang);
    /// 200 {"kiosk": {...}, "token": "hlk_..."}; 404 for no such kiosk.
    Answer rotate_kiosk_token(const User& user, const std::string& id, std::string_view lang);

private:
    void log(const User& actor, std::string field, std::string what);

    Store& store_;
    Now now_;
};

}  // namespace hailong::server
