// Fuzz target: the request body of POST /api/v1/submissions through decode_submission_batch
// (hailong/submission_codec.hpp), and the strict JSON parser under it (hailong/json_strict.hpp).
// The input is the body as a kiosk would send it; the seeds are JSON files.
//
// What must hold for any bytes, each from a header's contract:
//   parse_strict_json   returns a value or throws InputError with code invalid_json and one of its
//                       five reasons; it accepts only UTF-8 text without a NUL byte (RFC 8259
//                       allows none outside or raw inside a string); what it returns nests at
//                       most JsonLimits::max_depth deep and is what nlohmann's own parser reads
//                       from the same text (the strict parser refuses more, never reads
//                       differently); what it refuses as bad UTF-8, bad syntax or an
//                       out-of-range number nlohmann refuses too (compared only for text
//                       without a NUL byte, which nlohmann's lexer takes for the end of input).
//   decode_submission_batch
//                       throws nothing but InputError; every item is either a submission or an
//                       error (with a field path under its own "submissions[i]"); every decoded
//                       submission is what submission.hpp says one is (codes of the code shape,
//                       text NFC and within its limits, rating on its scale, TT 01 points 0..2);
//                       decode_submission(encode_submission(s)) == s for each (the encoder's
//                       contract), and the valid ones encoded as a batch decode back to the same
//                       kiosk and submissions. The same for the duty events of the "duty" array
//                       (hailong/duty.hpp): each an event or an error under its own "duty[i]",
//                       a sign-in always naming a code-shaped officer, no kiosk claiming the
//                       method "admin", decode_duty_event(encode_duty_event(e)) == e. Every
//                       error's message key has a text in every catalogue.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz_check.hpp"
#include "hailong/json_strict.hpp"
#include "hailong/submission_codec.hpp"
#include "hailong/text.hpp"

namespace {

using hailong::fuzz::key_in_every_catalogue;
using nlohmann::json;

std::size_t depth_of(const json& value) {
    if (!value.is_structured()) return 0;
    std::size_t deepest = 0;
    for (const auto& child : value) deepest = std::max(deepest, depth_of(child));
    return deepest + 1;
}

bool nlohmann_refuses(std::string_view text) { return !json::accept(text); }

void check_strict_json(std::string_view text) {
    json value;
    try {
        value = hailong::parse_strict_json(text);
    } catch (const hailong::InputError& e) {
        const hailong::FieldError& error = e.error();
        HAILONG_FUZZ_CHECK(error.code == hailong::error_code::invalid_json, error.code);
        const std::string& key = error.message.key;
        HAILONG_FUZZ_CHECK(key == "error.json.utf8" || key == "error.json.syntax" || key == "error.json.number_range" ||
                               key == "error.json.duplicate_key" || key == "error.json.too_deep",
                           key);
        HAILONG_FUZZ_CHECK(key_in_every_catalogue(key), key);
        // nlohmann's lexer takes a NUL byte for the end of the input, so it is no reference for
        // text that holds one.
        if ((key == "error.json.utf8" || key == "error.json.syntax" || key == "error.json.number_range") &&
            text.find('\0') == std::string_view::npos)
            HAILONG_FUZZ_CHECK(nlohmann_refuses(text), std::string(e.what()));
        return;
    }
    HAILONG_FUZZ_CHECK(hailong::is_valid_utf8(text), "parse_strict_json accepted text that is not UTF-8");
    // RFC 8259: a NUL byte is neither whitespace nor allowed raw inside a string, so JSON text
    // never holds one; what follows a NUL must not be ignored.
    HAILONG_FUZZ_CHECK(text.find('\0') == std::string_view::npos,
                       "parse_strict_json accepted text with a NUL byte at " + std::to_string(text.find('\0')));
    HAILONG_FUZZ_CHECK(depth_of(value) <= hailong::JsonLimits{}.max_depth, std::to_string(depth_of(value)));
    json reference;
    try {
        reference = json::parse(text);
    } catch (const json::exception& e) {
        hailong::fuzz::fail("parse_strict_json accepted what nlohmann's parser refuses", e.what());
    }
    HAILONG_FUZZ_CHECK(value == reference, value.dump() + " vs " + reference.dump());
}

bool code_shaped(const std::optional<std::string>& code) { return !code || hailong::is_valid_code(*code); }

bool normalized(const std::optional<std::string>& text, const hailong::TextRules& rules) {
    if (!text) return true;
    if (text->empty()) return false;  // the decoder turns "" into "not given"
    return hailong::normalize_text(*text, rules) == *text;
}

bool points_ok(const std::optional<int>& points) { return !points || (*points >= 0 && *points <= 2); }

// What submission.hpp says of every Submission the decoder hands out.
void check_submission(const hailong::Submission& s) {
    HAILONG_FUZZ_CHECK(!s.id.is_nil(), s.id.to_string());
    HAILONG_FUZZ_CHECK(hailong::is_valid_code(s.department), s.department);
    HAILONG_FUZZ_CHECK(code_shaped(s.officer) && code_shaped(s.service) && code_shaped(s.dossier) &&
                           code_shaped(s.tracking_code),
                       "a code field that is not of the code shape");
    HAILONG_FUZZ_CHECK(!s.lang || !s.lang->empty(), "an empty lang");
    HAILONG_FUZZ_CHECK(s.rating.valid(), std::to_string(s.rating.value) + " on scale " + std::to_string(s.rating.scale));
    HAILONG_FUZZ_CHECK(points_ok(s.tt01.time) && points_ok(s.tt01.contacts) && points_ok(s.tt01.agencies) &&
                           points_ok(s.tt01.attitude),
                       "TT 01 points outside 0..2");
    HAILONG_FUZZ_CHECK(s.reasons.size() <= hailong::max_reasons, std::to_string(s.reasons.size()));
    const std::set<std::string> distinct(s.reasons.begin(), s.reasons.end());
    HAILONG_FUZZ_CHECK(distinct.size() == s.reasons.size(), "a reason given twice");
    for (const std::string& reason : s.reasons) HAILONG_FUZZ_CHECK(hailong::is_valid_code(reason), reason);
    HAILONG_FUZZ_CHECK(normalized(s.comment, hailong::TextRules{hailong::max_comment_chars, true}), *s.comment);
    HAILONG_FUZZ_CHECK(normalized(s.contact, hailong::TextRules{hailong::max_contact_chars, false}), *s.contact);
}

void check_round_trip(const hailong::Submission& s) {
    const json wire = hailong::encode_submission(s);
    try {
        const hailong::Submission back = hailong::decode_submission(wire, "submissions[0]");
        HAILONG_FUZZ_CHECK(back == s, wire.dump());
    } catch (const hailong::InputError& e) {
        hailong::fuzz::fail("decode_submission refused what encode_submission wrote", std::string(e.what()) + " in " + wire.dump());
    }
}

// What duty.hpp says of every DutyEvent the decoder hands out, and the encoder's round trip.
void check_duty(const hailong::DutyEvent& e) {
    HAILONG_FUZZ_CHECK(!e.id.is_nil(), e.id.to_string());
    HAILONG_FUZZ_CHECK(code_shaped(e.officer), *e.officer);
    HAILONG_FUZZ_CHECK(e.kind != hailong::DutyKind::sign_in || e.officer, "a sign-in without an officer");
    HAILONG_FUZZ_CHECK(e.method != hailong::DutyMethod::admin, "a kiosk's event marked admin");
    const json wire = hailong::encode_duty_event(e);
    try {
        HAILONG_FUZZ_CHECK(hailong::decode_duty_event(wire, "duty[0]") == e, wire.dump());
    } catch (const hailong::InputError& error) {
        hailong::fuzz::fail("decode_duty_event refused what encode_duty_event wrote", std::string(error.what()) + " in " + wire.dump());
    }
}

void check_batch(std::string_view body) {
    hailong::DecodedBatch batch;
    try {
        batch = hailong::decode_submission_batch(body);
    } catch (const hailong::InputError& e) {
        HAILONG_FUZZ_CHECK(!e.error().code.empty(), std::string(e.what()));
        HAILONG_FUZZ_CHECK(key_in_every_catalogue(e.error().message.key), e.error().message.key);
        return;
    }
    HAILONG_FUZZ_CHECK(hailong::is_valid_code(batch.kiosk_id), batch.kiosk_id);
    HAILONG_FUZZ_CHECK(batch.items.size() <= hailong::max_batch_submissions, std::to_string(batch.items.size()));

    HAILONG_FUZZ_CHECK(batch.duty.size() <= hailong::max_batch_duty_events, std::to_string(batch.duty.size()));
    HAILONG_FUZZ_CHECK(batch.has_duty || batch.duty.empty(), "duty events without a duty array");
    std::vector<hailong::DutyEvent> valid_duty;
    for (std::size_t i = 0; i < batch.duty.size(); ++i) {
        const hailong::DecodedDuty& item = batch.duty[i];
        HAILONG_FUZZ_CHECK(item.event.has_value() != item.error.has_value(), "duty[" + std::to_string(i) + "]");
        if (item.error) {
            const std::string prefix = "duty[" + std::to_string(i) + "]";
            HAILONG_FUZZ_CHECK(item.error->field.compare(0, prefix.size(), prefix) == 0, item.error->field);
            HAILONG_FUZZ_CHECK(key_in_every_catalogue(item.error->message.key), item.error->message.key);
            continue;
        }
        check_duty(*item.event);
        valid_duty.push_back(*item.event);
    }

    std::vector<hailong::Submission> valid;
    for (std::size_t i = 0; i < batch.items.size(); ++i) {
        const hailong::DecodedSubmission& item = batch.items[i];
        HAILONG_FUZZ_CHECK(item.submission.has_value() != item.error.has_value(), "submissions[" + std::to_string(i) + "]");
        if (item.error) {
            const std::string prefix = "submissions[" + std::to_string(i) + "]";
            HAILONG_FUZZ_CHECK(item.error->field.compare(0, prefix.size(), prefix) == 0, item.error->field);
            HAILONG_FUZZ_CHECK(!item.error->code.empty(), item.error->field);
            HAILONG_FUZZ_CHECK(key_in_every_catalogue(item.error->message.key), item.error->message.key);
            continue;
        }
        check_submission(*item.submission);
        check_round_trip(*item.submission);
        valid.push_back(*item.submission);
    }

    const std::string again = hailong::encode_submission_batch(batch.kiosk_id, valid, valid_duty);
    try {
        const hailong::DecodedBatch back = hailong::decode_submission_batch(again);
        HAILONG_FUZZ_CHECK(back.kiosk_id == batch.kiosk_id, back.kiosk_id);
        HAILONG_FUZZ_CHECK(back.items.size() == valid.size(), again);
        for (std::size_t i = 0; i < valid.size(); ++i) {
            HAILONG_FUZZ_CHECK(back.items[i].submission == valid[i], again);
            HAILONG_FUZZ_CHECK(back.items[i].id == valid[i].id.to_string(), again);
        }
        HAILONG_FUZZ_CHECK(back.duty.size() == valid_duty.size(), again);
        for (std::size_t i = 0; i < valid_duty.size(); ++i) HAILONG_FUZZ_CHECK(back.duty[i].event == valid_duty[i], again);
    } catch (const hailong::InputError& e) {
        hailong::fuzz::fail("decode_submission_batch refused what encode_submission_batch wrote", std::string(e.what()) + " in " + again);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    check_strict_json(body);
    check_batch(body);
    return 0;
}
