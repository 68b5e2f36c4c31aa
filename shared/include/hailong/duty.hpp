#pragma once
// Duty events: an officer signing a kiosk in at the start of a shift and out at its end. The
// kiosk sends them with its ratings (the `duty` array of POST /api/v1/submissions, docs/api.md)
// and the server keeps them as the roster: who was at which kiosk when. A rating's officer is the
// one on duty at its created_at (server/src/store/duty_roster.cpp).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "hailong/time.hpp"
#include "hailong/uuid.hpp"

namespace hailong {

enum class DutyKind { sign_in, sign_out };
std::string_view to_string(DutyKind kind);  ///< "sign_in", "sign_out"
std::optional<DutyKind> parse_duty_kind(std::string_view text);

/// How the kiosk came to record the event. Values are stored: never rename.
enum class DutyMethod {
    card,       ///< the officer's staff QR card was scanned
    pin,        ///< the officer chose their name and typed their personal PIN
    shift_end,  ///< the kiosk's configured end of shift passed
    replaced,   ///< another officer signed in at the same kiosk
    manual,     ///< the officer signed out with the kiosk's button
    admin,      ///< entered by an administrator as a roster correction (never from a kiosk)
};
std::string_view to_string(DutyMethod method);
std::optional<DutyMethod> parse_duty_method(std::string_view text);

/// One sign-in or sign-out at a kiosk. A plain value type.
struct DutyEvent {
    Uuid id;              ///< idempotency key, like a submission's
    Timestamp at;         ///< when it happened, on the kiosk's clock
    DutyKind kind = DutyKind::sign_in;
    std::optional<std::string> officer;  ///< required for sign_in
    std::optional<DutyMethod> method;
    friend bool operator==(const DutyEvent&, const DutyEvent&) = default;
};

/// At most this many duty events in one request.
inline constexpr std::size_t max_batch_duty_events = 500;

}  // namespace hailong
