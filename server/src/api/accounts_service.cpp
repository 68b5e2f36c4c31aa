#include "hailong/server/api/accounts_service.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "hailong/json_reader.hpp"
#include "hailong/json_strict.hpp"
#include "hailong/server/store/accounts.hpp"
#include "hailong/server/store/credentials.hpp"

namespace hailong::server {
namespace {

using json = nlohmann::ordered_json;

json user_json(const User& u, const User& caller) {
    return {{"name", u.name}, {"role", std::string(to_string(u.role))}, {"departments", u.departments}, {"all_departments", u.all_departments},
            {"revoked", u.revoked}, {"you", u.name == caller.name}};
}

json kiosk_json(const Kiosk& k) { return {{"id", k.id}, {"department", k.department}, {"revoked", k.revoked}, {"number", k.number}}; }

Answer json_answer(int status, const json& body) { return Answer{status, body.dump(), {{"Content-Type", "application/json"}}}; }

Answer forbidden(std::string_view lang) {
    return error_answer(403, {std::string(error_code::forbidden), "", Message("error.accounts.admin_only")}, lang);
}

Answer not_found(const char* key, std::string_view lang) { return error_answer(404, {std::string(error_code::not_found), "", Message(key)}, lang); }

// An accounts.hpp problem in the API's words, as a 400 naming `field`.
[[noreturn]] void refuse(std::string_view word, std::string field) {
    // Each key written in full, so that the catalogue test sees every one of them used.
    static const std::map<std::string_view, const char*> keys = {
        {"name", "error.accounts.name"},
        {"password_short", "error.accounts.password_short"},
        {"password_long", "error.accounts.password_long"},
        {"manager_needs_department", "error.accounts.manager_needs_department"},
        {"integration_token_only", "error.accounts.integration_token_only"},
        {"all_departments_manager_only", "error.accounts.all_departments_manager_only"},
        {"all_departments_or_list", "error.accounts.all_departments_or_list"}};
    reject(error_code::invalid_value, std::move(field), keys.at(word),
           {{"min", std::to_string(min_password_chars)}, {"max", std::to_string(max_password_chars)}});
}

// The password member of a request: text as typed (spaces count), by the rules of accounts.hpp.
std::string read_password(const JsonObjectReader& r) {
    const nlohmann::json* v = r.get("password");
    if (v == nullptr || v->is_null()) reject(error_code::missing_field, "password", "error.missing");
    const std::string& password = r.string_value(*v, "password");
    if (const auto problem = password_problem(password)) refuse(*problem, "password");
    return password;
}

void only_members(const nlohmann::json& doc, const std::set<std::string>& known) {
    for (const auto& [key, value] : doc.items())
        if (!known.count(key)) reject(error_code::invalid_shape, is_valid_code(key) ? key : "", "error.accounts.unknown_field");
}

std::optional<User> find_user(Store& store, const std::string& name) {
    for (User& u : store.users())
        if (u.name == name) return std::move(u);
    return std::nullopt;
}

std::optional<Kiosk> find_kiosk(Store& store, const std::string& id) {
    for (Kiosk& k : store.kiosks())
        if (k.id == id) return std::move(k);
    return std::nullopt;
}

bool department_exists(Store& store, const std::string& code) {
    const auto all = store.departments();
    return std::any_of(all.begin(), all.end(), [&](const Department& d) { return d.code == code; });
}

}  // namespace

AccountsService::AccountsService(Store& store, Now now) : store_(store), now_(std::move(now)) {}

void AccountsService::log(const User& actor, std::string field, std::string what) {
    SettingsChange change;
    change.records.emplace_back(std::move(field), std::move(what));
    change.actor = actor.name;
    change.at = now_();
    store_.change_settings(change);
}

Answer AccountsService::list(const User& user, std::string_view lang) {
    if (user.role != Role::admin) return forbidden(lang);
    json users = json::array();
    for (const User& u : store_.users()) users.push_back(user_json(u, user));
    json kiosks = json::array();
    for (const Kiosk& k : store_.kiosks()) kiosks.push_back(kiosk_json(k));
    return json_answer(200, {{"users", std::move(users)}, {"kiosks", std::move(kiosks)}});
}

Answer AccountsService::add_user(const User& user, std::string_view body, std::string_view lang) {
    if (user.role != Role::admin) return forbidden(lang);
    User added;
    std::string password;
    try {
        const nlohmann::json doc = parse_strict_json(body);
        const JsonObjectReader r(doc, "");
        only_members(doc, {"name", "role", "departments", "all_departments", "password"});
        const nlohmann::json* name = r.get("name");
        if (name == nullptr || name->is_null()) reject(error_code::missing_field, "name", "error.missing");
        added.name = r.string_value(*name, "name");
        if (!is_valid_code(added.name)) refuse("name", "name");
        const nlohmann::json* role = r.get("role");
        if (role == nullptr || role->is_null()) reject(error_code::missing_field, "role", "error.missing");
        // The settings page adds people, who sign in; the one-stop software's account has a token
        // and no password, and only hailong-admin issues it.
        const auto parsed = parse_role(r.string_value(*role, "role"));
        if (!parsed || *parsed == Role::integration) reject(error_code::invalid_value, "role", "error.accounts.role");
        added.role = *parsed;
        if (const nlohmann::json* deps = r.get("departments"); deps && !deps->is_null()) {
            if (!deps->is_array()) reject(error_code::invalid_shape, "departments", "error.type.array");
            for (std::size_t i = 0; i < deps->size(); ++i) {
                const std::string field = "departments[" + std::to_string(i) + "]";
                const std::string code = JsonObjectReader::checked_code((*deps)[i], field);
                if (!department_exists(store_, code)) reject(error_code::unknown_department, field, "error.agency_settings.department", {{"department", code}});
                if (std::find(added.departments.begin(), added.departments.end(), code) == added.departments.end()) added.departments.push_back(code);
            }
        }
        if (const nlohmann::json* all = r.get("all_departments"); all && !all->is_null()) {
            if (!all->is_boolean()) reject(error_code::invalid_shape, "all_departments", "error.type.boolean");
            added.all_departments = all->get<bool>();
        }
        if (const auto problem = new_user_problem(added, true)) {
            const bool about_departments = *problem == "manager_needs_department" || *problem == "all_departments_or_list";
            refuse(*problem, *problem == "all_departments_manager_only" ? "all_departments" : about_departments ? "departments" : "role");
        }
        password = read_password(r);
    } catch (const InputError& e) {
        return error_answer(400, e.error(), lang);
    }
    try {
        add_user_with_token(store_, added, password);  // the API token is not shown: the person signs in
    } catch (const StoreError& e) {
        return error_answer(409, {"conflict", "name", e.message()}, lang);
    }
    std::string what = "added " + std::string(to_string(added.role));
    for (const std::string& d : added.departments) what += " " + d;
    if (added.all_departments) what += " *";  // every department, as hailong-admin list users writes it
    log(user, "users." + added.name, what);
    return json_answer(201, {{"user", user_json(*find_user(store_, added.name), user)}});
}

Answer AccountsService::revoke_user(const User& user, const std::string& name, std::string_view lang) {
    if (user.role != Role::admin) return forbidden(lang);
    const auto target = is_valid_code(name) ? find_user(store_, name) : std::nullopt;
    if (!target) return not_found("error.accounts.no_user", lang);
    if (target->name == user.name) return bad_request("name", error_code::invalid_value, Message("error.accounts.self"), lang);
    if (target->role == Role::admin && !target->revoked) {
        const auto all = store_.users();
        const auto admins = std::count_if(all.begin(), all.end(), [](const User& u) { return u.role == Role::admin && !u.revoked; });
        if (admins <= 1) return bad_request("name", error_code::invalid_value, Message("error.accounts.last_admin"), lang);
    }
    store_.revoke_user(name);  // ends every session of theirs in the same transaction
    log(user, "users." + name, "revoked");
    return json_answer(200, {{"user", user_json(*find_user(store_, name), user)}});
}

Answer AccountsService::set_password(const User& user, const std::string& name, std::string_view body, std::string_view lang) {
    if (user.role != Role::admin) return forbidden(lang);
    const auto target = is_valid_code(name) ? find_user(store_, name) : std::nullopt;
    if (!target) return not_found("error.accounts.no_user", lang);
    std::string password;
    try {
        const nlohmann::json doc = parse_strict_json(body);
        const JsonObjectReader r(doc, "");
        only_members(doc, {"password"});
        if (target->role == Role::integration) reject(error_code::invalid_value, "name", "error.accounts.integration_token_only");
        password = read_password(r);
    } catch (const InputError& e) {
        return error_answer(400, e.error(), lang);
    }
    store_.set_user_password(name, hash_password(password));  // ends every session of theirs
    log(user, "users." + name, "password reset");
    return json_answer(200, {{"user", user_json(*find_user(store_, name), user)}});
}

Answer AccountsService::add_kiosk(const User& user, std::string_view body, std::string_view lang) {
    if (user.role != Role::admin) return forbidden(lang);
    Kiosk kiosk;
    try {
        const nlohmann::json doc = parse_strict_json(body);
        const JsonObjectReader r(doc, "");
        only_members(doc, {"id", "department"});
        const nlohmann::json* id = r.get("id");
        if (id == nullptr || id->is_null()) reject(error_code::missing_field, "id", "error.missing");
        kiosk.id = r.string_value(*id, "id");
        if (!is_valid_code(kiosk.id)) reject(error_code::invalid_value, "id", "error.accounts.kiosk_id");
        const nlohmann::json* department = r.get("department");
        if (department == nullptr || department->is_null()) reject(error_code::missing_field, "department", "error.missing");
        kiosk.department = JsonObjectReader::checked_code(*department, "department");
        if (!department_exists(store_, kiosk.department))
            reject(error_code::unknown_department, "department", "error.agency_settings.department", {{"department", kiosk.department}});
    } catch (const InputError& e) {
        return error_answer(400, e.error(), lang);
    }
    std::string token;
    try {
        token = add_kiosk_with_token(store_, kiosk);
    } catch (const StoreError& e) {
        return error_answer(409, {"conflict", "id", e.message()}, lang);
    }
    log(user, "kiosks." + kiosk.id, "added " + kiosk.department);
    return json_answer(201, {{"kiosk", kiosk_json(*find_kiosk(store_, kiosk.id))}, {"token", token}});
}

Answer AccountsService::revoke_kiosk(const User& user, const std::string& id, std::string_view lang) {
    if (user.role != Role::admin) return forbidden(lang);
    if (!is_valid_code(id) || !find_kiosk(store_, id)) return not_found("error.accounts.no_kiosk", lang);
    store_.revoke_kiosk(id);
    log(user, "kiosks." + id, "revoked");
    return json_answer(200, {{"kiosk", kiosk_json(*find_kiosk(store_, id))}});
}

Answer AccountsService::rotate_kiosk_token(const User& user, const std::string& id, std::string_view lang) {
    if (user.role != Role::admin) return forbidden(lang);
    if (!is_valid_code(id) || !find_kiosk(store_, id)) return not_found("error.accounts.no_kiosk", lang);
    const std::string token = server::rotate_kiosk_token(store_, id);
    const Kiosk kiosk = *find_kiosk(store_, id);
    log(user, "kiosks." + id, "token rotated, number " + std::to_string(kiosk.number));
    return json_answer(200, {{"kiosk", kiosk_json(kiosk)}, {"token", token}});
}

}  // namespace hailong::server
