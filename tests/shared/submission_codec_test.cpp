#include "hailong/submission_codec.hpp"

#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

using namespace hailong;
using nlohmann::json;

namespace {

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(HAILONG_FIXTURES_DIR) + "/api-v1/" + name, std::ios::binary);
    REQUIRE(in);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

json valid_submission() {
    return json::parse(R"({
      "id": "3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c", "created_at": "2026-11-20T08:15:30+07:00",
      "department": "SCT", "rating": {"scale": 3, "value": 2}})");
}

std::string batch_of(const json& submission, std::size_t count = 1) {
    json list = json::array();
    for (std::size_t i = 0; i < count; ++i) list.push_back(submission);
    return json{{"kiosk_id", "TH-HCC-01"}, {"submissions", list}}.dump();
}

// Decodes a batch of one submission and returns its error, described in English.
std::string rejection(const json& submission) {
    const auto batch = decode_submission_batch(batch_of(submission));
    REQUIRE(batch.items.size() == 1);
    const auto& item = batch.items[0];
    if (!item.error) return "accepted";
    CHECK_FALSE(item.submission);
    return item.error->describe(Translator::builtin(), "en");
}

FieldError batch_error(const std::string& body) {
    try {
        decode_submission_batch(body);
    } catch (const InputError& e) {
        return e.error();
    }
    FAIL("expected the whole batch to be refused: " << body);
    return {};
}

}  // namespace

TEST_CASE("the contract's request example decodes field by field", "[codec]") {
    const auto batch = decode_submission_batch(fixture("submissions_request.json"));
    CHECK(batch.kiosk_id == "TH-HCC-01");
    REQUIRE(batch.items.size() == 1);
    REQUIRE(batch.items[0].submission);
    const Submission& s = *batch.items[0].submission;
    CHECK(s.id.to_string() == "3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c");
    CHECK(batch.items[0].id == "3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c");
    CHECK(format_rfc3339(s.created_at.instant) == "2026-11-20T01:15:30Z");
    CHECK(s.created_at.offset == std::chrono::minutes{420});
    CHECK(s.department == "SCT");
    CHECK(s.officer == "SCT-007");
    CHECK(s.service == "1.001234");
    CHECK(s.dossier == "000.00.12.H56-261120-0001");
    CHECK(s.lang == "vi");
    CHECK(s.rating == Rating{3, 2});
    CHECK(s.rating.satisfied());  // value 2 >= scale 3 - 1
    CHECK(s.tt01 == Tt01Answers{2, 1, 2, 1});
    CHECK(s.reasons == std::vector<std::string>{"slow"});
    CHECK_FALSE(s.comment);
    CHECK_FALSE(s.contact);
    CHECK_FALSE(s.tracking_code);
}

TEST_CASE("the contract's results and error examples decode", "[codec]") {
    const auto results = decode_results(fixture("submissions_response.json"));
    REQUIRE(results.size() == 3);
    CHECK(results[0].status == ResultStatus::accepted);
    CHECK(results[0].id == "3f1c...");
    CHECK(results[1].status == ResultStatus::duplicate);
    CHECK(results[2].status == ResultStatus::rejected);
    REQUIRE(results[2].error);
    CHECK(results[2].error->code == "unknown_department");
    CHECK(results[2].error->field == "submissions[2].department");

    const WireError e = decode_error_body(fixture("error_body.json"));
    CHECK(e == WireError{"...", "...", "..."});
}

TEST_CASE("encode and decode are inverse for a full submission", "[codec]") {
    Submission s;
    s.id = Uuid::random_v4();
    s.created_at = *parse_rfc3339("2026-11-20T16:59:59.25+07:00");
    s.department = "STTTT";
    s.officer = "STTTT-012";
    s.service = "2.002156";
    s.dossier = "000.00.12.H56-261120-0042";
    s.lang = "en";
    s.rating = Rating{5, 1};
    s.tt01.time = 0;
    s.tt01.attitude = 0;
    s.reasons = {"slow", "rude"};
    s.comment = "Cán bộ hẹn trả kết quả\nnhưng trễ 3 ngày.";
    s.contact = "0912 345 678";
    s.tracking_code = "K7Q-4MX2-9";
    s.harassment = false;
    s.stage = DossierStage::collection;

    const auto batch = decode_submission_batch(encode_submission_batch("TH-HCC-01", {s, s}));
    REQUIRE(batch.items.size() == 2);
    REQUIRE(batch.items[1].submission);
    CHECK(*batch.items[1].submission == s);
}

TEST_CASE("a rejected submission names its path and reason", "[codec]") {
    // Fourth element (index 3) out of range: the example of the foundation issue, to the letter.
    json bad = valid_submission();
    bad["rating"]["value"] = 4;
    json list = json::array({valid_submission(), valid_submission(), valid_submission(), bad});
    const auto batch = decode_submission_batch(json{{"kiosk_id", "K1"}, {"submissions", list}}.dump());
    REQUIRE(batch.items.size() == 4);
    CHECK(batch.items[0].submission);
    CHECK(batch.items[2].submission);
    REQUIRE(batch.items[3].error);
    CHECK(batch.items[3].error->describe(Translator::builtin(), "en") == "submissions[3].rating.value: must be 1..3 for scale 3");
    CHECK(batch.items[3].error->describe(Translator::builtin(), "vi") ==
          "submissions[3].rating.value: phải từ 1 đến 3 với thang 3");
    CHECK(batch.items[3].error->code == "invalid_value");
    CHECK(batch.items[3].id == "3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c");
}

TEST_CASE("every field's rules, one bad value at a time", "[codec]") {
    struct Case {
        const char* pointer;  // JSON pointer of the field to change
        json value;
        const char* expected;
    };
    const std::string huge(2001, 'x');
    const Case cases[] = {
        {"/id", "not-a-uuid", "submissions[0].id: must be a UUID such as 3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c"},
        {"/id", "00000000-0000-0000-0000-000000000000", "submissions[0].id: must be a UUID such as 3f1c2a9e-5b7d-4c1e-9a0b-2d4e6f8a1b3c"},
        {"/id", 42, "submissions[0].id: must be a string"},
        {"/id", nullptr, "submissions[0].id: is required"},
        {"/created_at", "2026-11-20T08:15:30", "submissions[0].created_at: has no UTC offset: add +07:00 or Z at the end"},
        {"/created_at", "2026-02-30T08:15:30+07:00", "submissions[0].created_at: names a date or time that does not exist"},
        {"/created_at", "20/11/2026", "submissions[0].created_at: must be an RFC 3339 date-time such as 2026-11-20T08:15:30+07:00"},
        {"/department", "Sở Công Thương",
         "submissions[0].department: must be 1 to 64 characters: letters A-Z, digits, '.', '-', '_' or '/'"},
        {"/department", nullptr, "submissions[0].department: is required"},
        {"/officer", json::array(), "submissions[0].officer: must be a string"},
        {"/lang", "vietnamese", "submissions[0].lang: must be a language tag such as \"vi\" or \"en\""},
        {"/rating", "3", "submissions[0].rating: must be a JSON object"},
        {"/rating/scale", 4, "submissions[0].rating.scale: must be 3 or 5"},
        {"/rating/scale", 10, "submissions[0].rating.scale: must be 3 or 5"},
        {"/rating/value", 0, "submissions[0].rating.value: must be 1..3 for scale 3"},
        {"/rating/value", -1, "submissions[0].rating.value: must be 1..3 for scale 3"},
        {"/rating/value", "2", "submissions[0].rating.value: must be a whole number"},
        {"/rating/value", 2.0, "submissions[0].rating.value: must be a whole number"},
        {"/rating/value", 18446744073709551615ULL, "submissions[0].rating.value: must be 1..3 for scale 3"},
        {"/rating/value", 1e20, "submissions[0].rating.value: must be a whole number"},
        {"/rating/value", true, "submissions[0].rating.value: must be a whole number"},
        {"/tt01/time", 3, "submissions[0].tt01.time: must be 0, 1 or 2 points"},
        {"/tt01/attitude", -1, "submissions[0].tt01.attitude: must be 0, 1 or 2 points"},
        {"/tt01", json::array({1}), "submissions[0].tt01: must be a JSON object"},
        {"/reasons", "slow", "submissions[0].reasons: must be a JSON array"},
        {"/reasons", json::array({"slow", "slow"}), "submissions[0].reasons[1]: lists the reason \"slow\" twice"},
        {"/reasons", json::array({"slow", 7}), "submissions[0].reasons[1]: must be a string"},
        {"/comment", huge, "submissions[0].comment: is 2001 characters long; at most 2000 are allowed"},
        {"/comment", std::string("a\0b", 3), "submissions[0].comment: contains a control character at position 2"},
        {"/contact", std::string(65, '9'), "submissions[0].contact: is 65 characters long; at most 64 are allowed"},
        {"/contact", "0912\n345", "submissions[0].contact: contains a control character at position 5"},
        {"/tracking_code", "MÃ-01",
         "submissions[0].tracking_code: must be 1 to 64 characters: letters A-Z, digits, '.', '-', '_' or '/'"},
    };
    for (const auto& c : cases) {
        json s = valid_submission();
        s[json::json_pointer(c.pointer)] = c.value;
        INFO(c.pointer << " = " << c.value.dump());
        CHECK(rejection(s) == c.expected);
    }
}

TEST_CASE("a missing rating is named, and so is a missing part of it", "[codec]") {
    json s = valid_submission();
    s.erase("rating");
    CHECK(rejection(s) == "submissions[0].rating: is required");
    s = valid_submission();
    s["rating"].erase("value");
    CHECK(rejection(s) == "submissions[0].rating.value: is required");
}

TEST_CASE("optional fields may be absent or null, and scale 5 uses its own range", "[codec]") {
    json s = valid_submission();
    s["officer"] = nullptr;
    s["tt01"] = {{"time", nullptr}, {"attitude", 0}};
    s["rating"] = {{"scale", 5}, {"value", 4}};
    s["comment"] = "";
    const auto batch = decode_submission_batch(batch_of(s));
    REQUIRE(batch.items[0].submission);
    const Submission& d = *batch.items[0].submission;
    CHECK_FALSE(d.officer);
    CHECK(d.tt01 == Tt01Answers{std::nullopt, std::nullopt, std::nullopt, 0});
    CHECK(d.rating.satisfied());              // 4 >= 5 - 1
    CHECK_FALSE(Rating{5, 3}.satisfied());    // Bình thường is not satisfied
    CHECK_FALSE(d.comment);                   // empty text is stored as no comment

    s["rating"]["value"] = 6;
    CHECK(rejection(s) == "submissions[0].rating.value: must be 1..5 for scale 5");
}

TEST_CASE("harassment is a JSON boolean and stage one of two words, both optional", "[codec]") {
    json s = valid_submission();
    s["harassment"] = true;
    s["stage"] = "filing";
    auto batch = decode_submission_batch(batch_of(s));
    REQUIRE(batch.items[0].submission);
    CHECK(batch.items[0].submission->harassment == true);
    CHECK(batch.items[0].submission->stage == DossierStage::filing);
    s["harassment"] = nullptr;  // null is "not asked", like absent
    s.erase("stage");
    batch = decode_submission_batch(batch_of(s));
    REQUIRE(batch.items[0].submission);
    CHECK_FALSE(batch.items[0].submission->harassment);
    CHECK_FALSE(batch.items[0].submission->stage);
    // 1 or "yes" is not a boolean: a kiosk that sends them has a bug worth hearing about.
    s["harassment"] = 1;
    CHECK(rejection(s) == "submissions[0].harassment: must be true or false");
    s["harassment"] = false;
    s["stage"] = "return";
    CHECK(rejection(s) == "submissions[0].stage: must be \"filing\" or \"collection\"");
    s["stage"] = 2;
    CHECK(rejection(s) == "submissions[0].stage: must be a string");
}

TEST_CASE("comments are normalised to NFC and keep Vietnamese intact", "[codec]") {
    json s = valid_submission();
    s["comment"] = "Ca\xCC\x81n bo\xCC\xA3\xCC\x82 nhie\xCC\xA3\xCC\x82t ti\xCC\x80nh";  // decomposed
    const auto batch = decode_submission_batch(batch_of(s));
    REQUIRE(batch.items[0].submission);
    CHECK(batch.items[0].submission->comment == "Cán bộ nhiệt tình");
}

TEST_CASE("unknown fields are ignored so newer kiosks still get through", "[codec]") {
    json s = valid_submission();
    s["photo_consent"] = true;
    json body{{"kiosk_id", "K1"}, {"submissions", json::array({s})}, {"sent_at", "2026-11-20T08:16:00+07:00"}};
    const auto batch = decode_submission_batch(body.dump());
    CHECK(batch.items[0].submission);
}

TEST_CASE("an element that is not an object is rejected alone, with a null id", "[codec]") {
    const auto batch = decode_submission_batch(json{{"kiosk_id", "K1"}, {"submissions", json::array({42, valid_submission()})}}.dump());
    REQUIRE(batch.items.size() == 2);
    CHECK_FALSE(batch.items[0].id);
    REQUIRE(batch.items[0].error);
    CHECK(batch.items[0].error->describe(Translator::builtin(), "en") == "submissions[0]: must be a JSON object");
    CHECK(batch.items[1].submission);
}

TEST_CASE("whole-request problems refuse the batch", "[codec]") {
    CHECK(batch_error("[]").field.empty());
    CHECK(batch_error("[]").code == "invalid_shape");
    CHECK(batch_error(R"({"submissions": []})").field == "kiosk_id");
    CHECK(batch_error(R"({"kiosk_id": "K 1", "submissions": []})").code == "invalid_value");
    CHECK(batch_error(R"({"kiosk_id": "K1"})").code == "missing_field");
    CHECK(batch_error(R"({"kiosk_id": "K1", "submissions": {}})").field == "submissions");
    CHECK(batch_error(R"({"kiosk_id": "K1", "submissions": [)").code == "invalid_json");
    CHECK(batch_error(R"({"kiosk_id": "K1", "kiosk_id": "K2", "submissions": []})").field == "kiosk_id");

    const FieldError big = batch_error(batch_of(valid_submission(), 501));
    CHECK(big.code == "batch_too_large");
    CHECK(big.describe(Translator::builtin(), "en") == "submissions: holds 501 submissions; at most 500 are allowed per request");
    CHECK(decode_submission_batch(batch_of(valid_submission(), 500)).items.size() == 500);
    CHECK(decode_submission_batch(R"({"kiosk_id": "K1", "submissions": []})").items.empty());
}

TEST_CASE("results and error bodies round-trip", "[codec]") {
    const std::vector<SubmissionResult> results{
        {"a", ResultStatus::accepted, std::nullopt},
        {"b", ResultStatus::duplicate, std::nullopt},
        {std::nullopt, ResultStatus::rejected, WireError{"invalid_shape", "submissions[2]", "must be a JSON object"}},
    };
    CHECK(decode_results(encode_results(results)) == results);
    const WireError e{"unauthorized", "", "Mã truy cập không hợp lệ"};
    CHECK(decode_error_body(encode_error_body(e)) == e);
    CHECK_THROWS_AS(decode_results(R"({"results": [{"id": "a", "status": "maybe"}]})"), InputError);
}
