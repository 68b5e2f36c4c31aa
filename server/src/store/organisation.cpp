#include "hailong/server/store/organisation.hpp"

namespace hailong::server {

std::string_view to_string(Role role) {
    switch (role) {
    case Role::admin: return "admin";
    case Role::manager: return "manager";
    case Role::analyst: return "analyst";
    }
    return "analyst";
}

std::optional<Role> parse_role(std::string_view text) {
    for (const Role r : {Role::admin, Role::manager, Role::analyst}) {
        if (text == to_string(r)) return r;
    }
    return std::nullopt;
}

}  // namespace hailong::server
