#pragma once
// Complaint cases (phản ánh): every submission that carries a tracking code is a case, from the
// moment it is stored. A case moves
//
//   new ──assign──▶ assigned ──start──▶ in_progress ──resolve──▶ resolved
//    │                 │  ▲ (assign again)    │       ──reject───▶ rejected
//    └─────────────────┴──┴── resolve / reject from any open state ┘
//
// with a note (internal, never shown to the citizen) or a reply (shown to the citizen on the
// public lookup) possible in any open state. Resolved and rejected are final; each needs a reply,
// since the citizen is owed an answer. Every action is an event in an append-only audit log: who,
// when, what changed. Nobody can edit or delete an event (the stores refuse it at the database).
//
// The case's deadline is not stored: it is the submission's local date plus the policy's working
// days (Monday to Friday, less the policy's holidays), so a holiday added later moves the deadline
// of every open case, as it would for a clerk counting on a calendar.
//
// Plain values; thread safety and errors as for any value type. The rules live in
// ComplaintService (complaint_service.hpp); the stores only keep the state and the log.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hailong/submission.hpp"
#include "hailong/time.hpp"

namespace hailong::server {

enum class CaseStatus { new_case, assigned, in_progress, resolved, rejected };

/// "new", "assigned", "in_progress", "resolved", "rejected" (the wire and the database).
std::string_view to_string(CaseStatus status);
std::optional<CaseStatus> case_status_from(std::string_view text);
/// Resolved and rejected: no further action.
bool is_final(CaseStatus status);

/// What an action changes: the whole mutable state of a case.
struct CaseState {
    CaseStatus status = CaseStatus::new_case;
    std::optional<std::string> assignee;  ///< a user name
    std::optional<std::string> reply;     ///< the answer the citizen reads
    friend bool operator==(const CaseState&, const CaseState&) = default;
};

struct ComplaintCase {
    Submission submission;  ///< the complaint as made at the kiosk; tracking_code is set
    std::string kiosk_id;
    CaseState state;
    /// Bumped by every action; 0 while nobody has acted. An action names the version it saw, so
    /// two managers acting at once cannot overwrite each other unknowingly.
    std::int64_t version = 0;
    std::optional<Instant> updated_at;  ///< the last action; nullopt while new
    [[nodiscard]] const std::string& tracking_code() const { return *submission.tracking_code; }
};

/// One line of the audit log.
struct CaseEvent {
    std::int64_t id = 0;  ///< set by the store, increasing
    std::string tracking_code;
    Instant at;
    std::string actor;   ///< user name
    std::string action;  ///< "assign", "start", "note", "reply", "resolve", "reject"
    /// What changed, as JSON text: {"status": ["new", "assigned"], "assignee": [null, "lan"],
    /// "text": "..."}; the text of a note or reply is kept here in full.
    std::string detail;
    friend bool operator==(const CaseEvent&, const CaseEvent&) = default;
};

struct ComplaintQuery {
    std::vector<std::string> departments;  ///< only these; empty: every department
    std::optional<CaseStatus> status;
    bool open_only = false;        ///< only new, assigned and in_progress cases
    bool harassment_only = false;  ///< only reports of harassment (the citizen answered `harassment` yes)
    std::optional<Instant> since;  ///< only cases made at or after this instant
    bool oldest_first = false;     ///< the longest waiting first (by deadline); else the newest first
    std::size_t limit = 200;
    std::size_t offset = 0;
};

}  // namespace hailong::server
