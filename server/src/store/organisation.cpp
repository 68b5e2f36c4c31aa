#include "hailong/server/store/organisation.hpp"

namespace hailong::server {
namespace {

// Into `out[code]`, the newest of each code's versions (ordered by code, then from) that holds on
// `day`, or its first when all are later.
template <class Version, class Value, class Get>
void versions_on(const std::vector<Version>& versions, LocalDate day, std::map<std::string, Value>& out, Get value_of) {
    const auto d = std::chrono::sys_days{day};
    for (const Version& v : versions) {
        const Value& value = value_of(v);
        const auto it = out.find(value.code);
        if (it == out.end() || std::chrono::sys_days{v.from} <= d) out[value.code] = value;
    }
}

}  // namespace

OrganisationOn organisation_on(const OrganisationHistory& history, LocalDate day) {
    OrganisationOn on;
    versions_on(history.departments, day, on.departments, [](const DepartmentVersion& v) -> const Department& { return v.department; });
    versions_on(history.officers, day, on.officers, [](const OfficerVersion& v) -> const Officer& { return v.officer; });
    return on;
}

std::string_view to_string(Role role) {
    switch (role) {
    case Role::admin: return "admin";
    case Role::manager: return "manager";
    case Role::analyst: return "analyst";
    case Role::integration: return "integration";
    }
    return "analyst";
}

std::optional<Role> parse_role(std::string_view text) {
    for (const Role r : {Role::admin, Role::manager, Role::analyst, Role::integration}) {
        if (text == to_string(r)) return r;
    }
    return std::nullopt;
}

}  // namespace hailong::server
