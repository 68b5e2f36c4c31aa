#include "hailong/server/store/accounts.hpp"

#include "hailong/server/store/credentials.hpp"
#include "hailong/text.hpp"

namespace hailong::server {

std::optional<std::string_view> password_problem(std::string_view password) {
    const std::size_t n = count_code_points(password);
    if (n < min_password_chars) return "password_short";
    if (n > max_password_chars) return "password_long";
    return std::nullopt;
}

std::optional<std::string_view> new_user_problem(const User& user, bool with_password) {
    if (!is_valid_code(user.name)) return "name";
    if (user.all_departments && user.role != Role::manager) return "all_departments_manager_only";
    if (user.all_departments && !user.departments.empty()) return "all_departments_or_list";
    if (user.role == Role::manager && user.departments.empty() && !user.all_departments) return "manager_needs_department";
    // The one-stop software posts dossier events with its token and nothing else: it never signs
    // in, and its events may name any department.
    if (user.role == Role::integration && (with_password || !user.departments.empty())) return "integration_token_only";
    return std::nullopt;
}

std::string add_user_with_token(OrganisationStore& store, const User& user, const std::optional<std::string>& password) {
    const std::string token = generate_token("hlu");
    store.add_user(user, hash_token(token), password ? std::optional(hash_password(*password)) : std::nullopt);
    return token;
}

std::string add_kiosk_with_token(OrganisationStore& store, const Kiosk& kiosk) {
    const std::string token = generate_token("hlk");
    store.add_kiosk(kiosk, hash_token(token));
    return token;
}

std::string rotate_kiosk_token(OrganisationStore& store, const std::string& kiosk_id) {
    const std::string token = generate_token("hlk");
    store.set_kiosk_token(kiosk_id, hash_token(token));
    return token;
}

}  // namespace hailong::server
