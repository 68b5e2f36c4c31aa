#include "hailong/server/store/complaint.hpp"

namespace hailong::server {

std::string_view to_string(CaseStatus status) {
    switch (status) {
    case CaseStatus::new_case: return "new";
    case CaseStatus::assigned: return "assigned";
    case CaseStatus::in_progress: return "in_progress";
    case CaseStatus::resolved: return "resolved";
    case CaseStatus::rejected: return "rejected";
    }
    return "new";
}

std::optional<CaseStatus> case_status_from(std::string_view text) {
    for (const CaseStatus s : {CaseStatus::new_case, CaseStatus::assigned, CaseStatus::in_progress, CaseStatus::resolved,
                               CaseStatus::rejected})
        if (to_string(s) == text) return s;
    return std::nullopt;
}

bool is_final(CaseStatus status) { return status == CaseStatus::resolved || status == CaseStatus::rejected; }

}  // namespace hailong::server
