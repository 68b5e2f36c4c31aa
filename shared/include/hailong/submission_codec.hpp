#pragma once
// The JSON wire codec of POST /api/v1/submissions (api-v1.md): request batches, per-item results
// and error bodies. Strict: every rejection names the field path and the reason, text is checked
// UTF-8 and normalised to NFC. Keys this version does not know are ignored, so that a newer kiosk
// that sends an extra field is still understood by an older server (the contract grows, never
// breaks). Pure functions, no I/O; thread safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "hailong/duty.hpp"
#include "hailong/field_error.hpp"
#include "hailong/submission.hpp"

namespace hailong {

/// One element of the "submissions" array after decoding: either a submission or an error.
struct DecodedSubmission {
    std::optional<std::string> id;         ///< the "id" as sent, if it was a string (echoed in results)
    std::optional<Submission> submission;  ///< set when the element is valid
    std::optional<FieldError> error;       ///< set when it is rejected
};

/// One element of the "duty" array after decoding: either a duty event or an error.
struct DecodedDuty {
    std::optional<std::string> id;    ///< the "id" as sent, if it was a string (echoed in results)
    std::optional<DutyEvent> event;   ///< set when the element is valid
    std::optional<FieldError> error;  ///< set when it is rejected
};

/// A decoded request body.
struct DecodedBatch {
    std::string kiosk_id;
    std::vector<DecodedSubmission> items;  ///< in request order
    /// The duty events (sign-ins and sign-outs), in request order; `has_duty` when the request
    /// had a "duty" array at all (then the answer carries "duty_results", even if it was empty).
    std::vector<DecodedDuty> duty;
    bool has_duty = false;
};

/// Decodes a request body. Whole-request problems throw InputError: not JSON, duplicate keys or
/// nesting (code invalid_json), not the envelope shape (invalid_shape, missing_field,
/// invalid_value on kiosk_id), more than max_batch_submissions submissions or
/// max_batch_duty_events duty events (batch_too_large). Problems inside one submission or duty
/// event reject only it, with a path such as "submissions[2].department" or "duty[0].officer".
DecodedBatch decode_submission_batch(std::string_view body);

/// Decodes one submission object. `path` prefixes field paths ("submissions[2]"). Throws
/// InputError naming the first problem found.
Submission decode_submission(const nlohmann::json& value, const std::string& path);

/// Encodes a submission as the wire object; decode_submission(encode_submission(s)) == s.
nlohmann::json encode_submission(const Submission& submission);
/// Decodes one duty event object; `path` prefixes field paths ("duty[0]"). Throws InputError
/// naming the first problem found. A sign_in needs an officer.
DutyEvent decode_duty_event(const nlohmann::json& value, const std::string& path);
/// Encodes a duty event as the wire object; decode_duty_event(encode_duty_event(e)) == e.
nlohmann::json encode_duty_event(const DutyEvent& event);

/// Encodes a request body for POST /api/v1/submissions; the "duty" array only when `duty` is
/// not empty.
std::string encode_submission_batch(std::string_view kiosk_id, const std::vector<Submission>& submissions,
                                    const std::vector<DutyEvent>& duty = {});

/// An error as it travels: code, field path and the message already rendered in one language.
struct WireError {
    std::string code;
    std::string field;
    std::string message;
    friend bool operator==(const WireError&, const WireError&) = default;
};
/// Renders a FieldError for the wire in `lang`.
WireError to_wire(const FieldError& error, const Translator& translator, std::string_view lang);

/// The body of every whole-request failure: {"error": {"code", "message", "field"}}.
std::string encode_error_body(const WireError& error);
/// Reads such a body back. Throws InputError if it is not one.
WireError decode_error_body(std::string_view body);

enum class ResultStatus { accepted, duplicate, rejected };
std::string_view to_string(ResultStatus status);

/// The server's answer for one submission.
struct SubmissionResult {
    std::optional<std::string> id;  ///< as the client sent it; null if it sent no string id
    ResultStatus status = ResultStatus::rejected;
    std::optional<WireError> error;  ///< set for rejected
    friend bool operator==(const SubmissionResult&, const SubmissionResult&) = default;
};

/// Encodes the 200 answer: {"results": [...]}, one per submission in request order, and, when
/// `duty_results` is given, {"duty_results": [...]}, one per duty event in request order.
std::string encode_results(const std::vector<SubmissionResult>& results,
                           const std::optional<std::vector<SubmissionResult>>& duty_results = std::nullopt);
/// Decodes the 200 answer (kiosk side). Throws InputError if it is not of that shape.
std::vector<SubmissionResult> decode_results(std::string_view body);
/// The "duty_results" of a 200 answer; nullopt when the answer has none (a server that predates
/// duty events, which ignores them). Throws InputError if it is there but not of that shape.
std::optional<std::vector<SubmissionResult>> decode_duty_results(std::string_view body);

}  // namespace hailong
