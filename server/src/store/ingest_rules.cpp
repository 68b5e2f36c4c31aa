#include "ingest_rules.hpp"

namespace hailong::server::rules {

FieldError id_conflict(const Uuid& id) {
    return {std::string(error_code::id_conflict), "id", Message("error.id.conflict", {{"id", id.to_string()}})};
}

FieldError unknown_department(const std::string& code) {
    return {std::string(error_code::unknown_department), "department", Message("error.department.unknown", {{"code", code}})};
}

FieldError department_not_allowed(const std::string& kiosk, const std::string& kiosk_department, const std::string& code) {
    return {std::string(error_code::department_not_allowed), "department",
            Message("error.department.not_kiosks", {{"kiosk", kiosk}, {"kiosk_department", kiosk_department}, {"code", code}})};
}

FieldError tracking_code_taken(const std::string& code) {
    return {std::string(error_code::duplicate_tracking_code), "tracking_code", Message("error.tracking_code.taken", {{"code", code}})};
}

std::optional<IngestOutcome> decide(const IngestItem& item, Lookups& lookups) {
    using Status = IngestOutcome::Status;
    const Submission& s = item.submission;
    if (const auto owner = lookups.kiosk_of_stored_id(s.id)) {
        if (*owner == item.kiosk_id) return IngestOutcome{Status::duplicate, std::nullopt};
        return IngestOutcome{Status::rejected, id_conflict(s.id)};
    }
    if (!lookups.department_exists(s.department)) return IngestOutcome{Status::rejected, unknown_department(s.department)};
    const std::string kiosk_department = lookups.kiosk_department(item.kiosk_id);
    if (kiosk_department != s.department)
        return IngestOutcome{Status::rejected, department_not_allowed(item.kiosk_id, kiosk_department, s.department)};
    if (s.tracking_code && lookups.tracking_code_taken(*s.tracking_code))
        return IngestOutcome{Status::rejected, tracking_code_taken(*s.tracking_code)};
    return std::nullopt;
}

std::optional<IngestOutcome> decide_event(const DossierEventItem& item, EventLookups& lookups) {
    using Status = IngestOutcome::Status;
    const DossierEvent& e = item.event;
    if (const auto owner = lookups.source_of_stored_event(e.id)) {
        if (*owner == item.source) return IngestOutcome{Status::duplicate, std::nullopt};
        return IngestOutcome{Status::rejected, FieldError{std::string(error_code::id_conflict), "id",
                                                          Message("error.dossier_event.id_conflict", {{"id", e.id.to_string()}})}};
    }
    if (e.department && !lookups.department_exists(*e.department)) return IngestOutcome{Status::rejected, unknown_department(*e.department)};
    return std::nullopt;
}

}  // namespace hailong::server::rules
