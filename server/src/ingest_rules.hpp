#pragma once
// The ingest rules every store applies inside its transaction, in this order, so that the
// backends give the same answer to the same input:
//   1. an id already stored is a duplicate (even if it would now be rejected: the first answer
//      stands, and a kiosk resending after a lost answer must hear "duplicate");
//   2. the department must exist;
//   3. the department must be the kiosk's own;
//   4. a tracking code must not be held by another submission.
// Field paths are relative to the submission ("department"); the caller prefixes them.

#include <string>

#include "hailong/field_error.hpp"

namespace hailong::server::rules {

inline FieldError unknown_department(const std::string& code) {
    return {std::string(error_code::unknown_department), "department",
            Message("error.department.unknown", {{"code", code}})};
}

inline FieldError department_not_allowed(const std::string& kiosk, const std::string& kiosk_department,
                                         const std::string& code) {
    return {std::string(error_code::department_not_allowed), "department",
            Message("error.department.not_kiosks", {{"kiosk", kiosk}, {"kiosk_department", kiosk_department}, {"code", code}})};
}

inline FieldError tracking_code_taken(const std::string& code) {
    return {std::string(error_code::duplicate_tracking_code), "tracking_code", Message("error.tracking_code.taken", {{"code", code}})};
}

}  // namespace hailong::server::rules
