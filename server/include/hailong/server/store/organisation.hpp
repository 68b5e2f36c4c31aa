#pragma once
// The organisation a hailong server serves: departments (sở, ban, ngành, UBND huyện/xã), their
// officers, the administrative procedures (TTHC) they handle, the kiosks at their counters and the
// people who read the results. Plain value types.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hailong/time.hpp"

namespace hailong::server {

struct Department {
    std::string code;  ///< e.g. "SCT"
    std::string name;  ///< e.g. "Sở Công Thương"
    friend bool operator==(const Department&, const Department&) = default;
};

struct Officer {
    std::string code;        ///< e.g. "SCT-007"
    std::string name;        ///< e.g. "Nguyễn Văn A"
    std::string department;  ///< department code
    friend bool operator==(const Officer&, const Officer&) = default;
};

/// The organisation's history (issue 17, item 7): units are renamed and merged, officers move.
/// Each version holds from its day on (local date, inclusive) until the next version of the same
/// code. Versions imported before history was kept hold from 1970-01-01 (as far back as known).
/// The day versions known before history was kept hold from (1970-01-01): "as far back as known".
inline constexpr LocalDate history_start{std::chrono::year{1970} / 1 / 1};

struct DepartmentVersion {
    Department department;
    LocalDate from;
    friend bool operator==(const DepartmentVersion&, const DepartmentVersion&) = default;
};
struct OfficerVersion {
    Officer officer;
    LocalDate from;
    friend bool operator==(const OfficerVersion&, const OfficerVersion&) = default;
};
struct OrganisationHistory {
    std::vector<DepartmentVersion> departments;  ///< ordered by code, then from
    std::vector<OfficerVersion> officers;        ///< ordered by code, then from
};

/// The organisation as it stood on one day, by code.
struct OrganisationOn {
    std::map<std::string, Department> departments;
    std::map<std::string, Officer> officers;
};
/// Each department and officer as its newest version from `day` or before said; one whose first
/// version is later than `day` as that first version (it existed before the history knew it, and
/// a name is better than a blank).
OrganisationOn organisation_on(const OrganisationHistory& history, LocalDate day);

struct Service {
    std::string code;  ///< TTHC code from the national procedure database, e.g. "1.001234"
    std::string name;
    std::optional<std::string> department;  ///< the department that handles it, if only one
    friend bool operator==(const Service&, const Service&) = default;
};

/// A kiosk as the server knows it. Its bearer token is stored only as a hash.
struct Kiosk {
    std::string id;          ///< e.g. "TH-HCC-01"
    std::string department;  ///< the department whose counter it stands at
    bool revoked = false;
    /// The kiosk's number in this installation, never reused: 1, 2, 3 ... in the order kiosks were
    /// added, and a fresh one each time the kiosk's token is rotated (a reinstalled kiosk, which
    /// gets a new token, may have lost its outbox and with it its count of issued codes). A revoked
    /// kiosk keeps its number. Issued by the store; ignored by add_kiosk. Kiosks put it into their
    /// complaint tracking codes (hailong/tracking_code.hpp), which is what makes those codes unique
    /// across the fleet without asking the server.
    std::int64_t number = 0;
    friend bool operator==(const Kiosk&, const Kiosk&) = default;
};

/// What a user may see (api-v1.md, "Indices"): admins everything; managers their own
/// departments, comments included; analysts aggregates of every department, never comment,
/// contact or dossier text.
/// Who a user is. `integration` is a machine: the province's one-stop software, which may only
/// post dossier events (POST /api/v1/dossiers) and never reads anything or signs in.
enum class Role { admin, manager, analyst, integration };
std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

struct User {
    std::string name;
    Role role = Role::analyst;
    std::vector<std::string> departments;  ///< managers: the departments they may see
    bool revoked = false;
    /// Managers only: every department, those added later too (the centre's director, who must
    /// see harassment reports and the whole backlog, not one department's). Stored as a flag, not
    /// as a list, so that a department added tomorrow is in reach: the stores read such a user
    /// with `departments` holding every department they know, so every check of a manager's
    /// reach counts them without knowing the flag.
    bool all_departments = false;
    friend bool operator==(const User&, const User&) = default;
};

}  // namespace hailong::server
