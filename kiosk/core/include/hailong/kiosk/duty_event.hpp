#pragma once
// A duty event: an officer signing the kiosk in or out at the counter (the duty roster, issue
// 20). Kept in the same outbox as the ratings and sent in the `duty` array of
// POST /api/v1/submissions (docs/api.md):
//
//   {"id": "<uuid v4>", "at": "2026-12-07T07:30:05+07:00", "event": "sign_in",
//    "officer": "SCT-007", "method": "card"}
//
// `id` is the idempotency key, as a submission's; `officer` is required for sign_in and optional
// for sign_out; `method` is card, pin, shift_end, replaced or manual. Plain values and their wire
// form; no I/O. Thread safety: plain values. Errors: decode_duty_event throws InputError naming
// the field.

#include <optional>
#include <string>
#include <string_view>

#include "hailong/time.hpp"
#include "hailong/uuid.hpp"

namespace hailong::kiosk {

enum class DutyKind { sign_in, sign_out };
/// How the event came about.
enum class DutyMethod {
    card,       ///< the officer's staff QR card was scanned
    pin,        ///< the officer chose their name and typed their personal PIN
    shift_end,  ///< the configured end of shift passed
    replaced,   ///< another officer signed in
    manual,     ///< the officer's "Đăng xuất", or the admin screen's choice
};

std::string_view to_string(DutyKind kind);
std::string_view to_string(DutyMethod method);

struct DutyEvent {
    Uuid id;
    Timestamp at;
    DutyKind event = DutyKind::sign_in;
    std::optional<std::string> officer;  ///< an officer code; required for sign_in
    std::optional<DutyMethod> method;
    friend bool operator==(const DutyEvent&, const DutyEvent&) = default;
};

/// The wire object, compact JSON.
std::string encode_duty_event(const DutyEvent& event);
/// Reads what encode_duty_event wrote (strictly: unknown event or method names are refused).
DutyEvent decode_duty_event(std::string_view json_text);

}  // namespace hailong::kiosk
