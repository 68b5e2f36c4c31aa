#pragma once
// Dossier events from a province's one-stop software (POST /api/v1/dossiers, docs/api.md): what
// happened to a dossier (hồ sơ) and when: received at the counter, a supplement asked of the
// citizen, the result returned. The server keeps every event and works each dossier's record out
// of all of them (server/include/hailong/server/store/dossier.hpp, fold_dossier_events).
//
// The codec is strict like the submissions' (submission_codec.hpp): every rejection names its
// field path ("events[2].officers[0]") and a translatable reason; keys it does not know are
// ignored. Pure functions, no I/O; thread safe.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hailong/field_error.hpp"
#include "hailong/time.hpp"
#include "hailong/uuid.hpp"

namespace hailong {

enum class DossierEventKind { received, supplement_requested, returned };
std::string_view to_string(DossierEventKind kind);
std::optional<DossierEventKind> parse_dossier_event_kind(std::string_view text);

struct DossierEvent {
    Uuid id;                                  ///< the idempotency key, as a submission's
    std::string dossier;                      ///< the dossier code (a code: is_valid_code)
    DossierEventKind event = DossierEventKind::received;
    Timestamp at;                             ///< when it happened, with the sender's offset
    std::optional<std::string> department;    ///< required on `received`
    std::optional<std::string> service;       ///< the procedure (TTHC) code
    std::vector<std::string> officers;        ///< officer codes, the one who handled it first
    std::optional<LocalDate> promised_on;     ///< the promised date (ngày hẹn trả)
    friend bool operator==(const DossierEvent&, const DossierEvent&) = default;
};

/// Limits of POST /api/v1/dossiers.
inline constexpr std::size_t max_batch_dossier_events = 500;
inline constexpr std::size_t max_event_officers = 16;

/// One element of the "events" array after decoding: an event or the reason it was refused.
struct DecodedDossierEvent {
    std::optional<std::string> id;      ///< the "id" as sent, if it was a string (echoed in results)
    std::optional<DossierEvent> event;  ///< set when the element is valid
    std::optional<FieldError> error;    ///< set when it is rejected
};

/// Decodes a request body {"events": [...]}. Whole-request problems throw InputError: not JSON
/// (invalid_json), not that shape (invalid_shape, missing_field), more than
/// max_batch_dossier_events (batch_too_large, field "events"). A problem inside one event rejects
/// only that event, with a path such as "events[2].at".
std::vector<DecodedDossierEvent> decode_dossier_event_batch(std::string_view body);

/// Decodes one event object; `path` prefixes field paths ("events[2]"). Throws InputError.
DossierEvent decode_dossier_event(const nlohmann::json& value, const std::string& path);
/// The wire object of an event; decode_dossier_event(encode_dossier_event(e), "") == e.
nlohmann::json encode_dossier_event(const DossierEvent& event);

}  // namespace hailong
