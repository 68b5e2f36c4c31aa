// POST /api/v1/submissions end to end, without HTTP: every status of the contract's table.
#include "hailong/server/ingest_service.hpp"

#include <catch2/catch.hpp>

#include "hailong/server/credentials.hpp"
#include "hailong/submission_codec.hpp"
#include "store_fixtures.hpp"

using namespace hailong;
using namespace hailong::server;
using nlohmann::json;

namespace {

struct Fixture {
    test::SqliteBackend backend;
    GroupCommitter committer{backend.store};
    IngestService service{backend.store, committer, [] { return parse_rfc3339("2026-11-20T08:16:00+07:00")->instant; }};
    std::string token = test::seed_with_kiosk_token(backend.store);

    Answer post(const std::string& body, const std::string& lang = "en") { return service.handle("Bearer " + token, body, lang); }
};

WireError error_of(const Answer& a) { return decode_error_body(a.body); }

}  // namespace

TEST_CASE("ingest: accepted, then duplicate, then rejected, one result per submission in order", "[ingest]") {
    Fixture f;
    const Submission a = test::sample_submission();
    Submission bad = test::sample_submission();
    bad.department = "NOPE";

    auto answer = f.post(encode_submission_batch("K-SCT-01", {a}));
    REQUIRE(answer.status == 200);
    CHECK(decode_results(answer.body) == std::vector<SubmissionResult>{{a.id.to_string(), ResultStatus::accepted, std::nullopt}});

    json body = json::parse(encode_submission_batch("K-SCT-01", {a, bad}));
    body["submissions"].push_back(json{{"id", "oops"}});
    answer = f.post(body.dump());
    REQUIRE(answer.status == 200);
    const auto results = decode_results(answer.body);
    REQUIRE(results.size() == 3);
    CHECK(results[0].status == ResultStatus::duplicate);
    CHECK(results[1].status == ResultStatus::rejected);
    CHECK(results[1].error == WireError{"unknown_department", "submissions[1].department", "no department has the code \"NOPE\""});
    CHECK(results[2].status == ResultStatus::rejected);
    CHECK(results[2].id == "oops");
    CHECK(results[2].error->field == "submissions[2].id");
    CHECK(f.backend.store.submission_count() == 1);
}

TEST_CASE("ingest: 401 for a missing, unknown or revoked token", "[ingest]") {
    Fixture f;
    const std::string body = encode_submission_batch("K-SCT-01", {test::sample_submission()});
    for (const std::string auth : {"", "Basic abc", "Bearer ", "Bearer hlk_wrong"}) {
        INFO(auth);
        const Answer a = f.service.handle(auth, body, "en");
        CHECK(a.status == 401);
        CHECK(error_of(a).code == "unauthorized");
    }
    CHECK(f.service.handle("bearer  " + f.token, body, "en").status == 200);  // scheme is case-insensitive

    f.backend.store.revoke_kiosk("K-SCT-01");
    const Answer revoked = f.post(body, "vi");
    CHECK(revoked.status == 401);
    CHECK(error_of(revoked).message == "mã truy cập của ki-ốt K-SCT-01 đã bị thu hồi; xin cấp mã mới cho ki-ốt");
    CHECK(f.backend.store.submission_count() == 1);
}

TEST_CASE("ingest: 403 for a token of another kiosk, naming kiosk_id", "[ingest]") {
    Fixture f;
    const Answer a = f.post(encode_submission_batch("K-OTHER", {test::sample_submission()}));
    CHECK(a.status == 403);
    CHECK(error_of(a) == WireError{"forbidden", "kiosk_id", "this access token belongs to kiosk K-SCT-01, not to kiosk K-OTHER"});
}

TEST_CASE("ingest: 400 for a body that is not the contract's shape, with the field", "[ingest]") {
    Fixture f;
    CHECK(f.post("{").status == 400);
    CHECK(error_of(f.post("{")).code == "invalid_json");
    CHECK(error_of(f.post(R"({"kiosk_id": "K-SCT-01"})")).field == "submissions");
    CHECK(error_of(f.post(R"({"kiosk_id": "K-SCT-01", "submissions": 5})")).code == "invalid_shape");
}

TEST_CASE("ingest: 413 for a batch over 500 or a body over the byte limit", "[ingest]") {
    Fixture f;
    std::vector<Submission> many;
    for (int i = 0; i < 501; ++i) many.push_back(test::sample_submission());
    const Answer big_batch = f.post(encode_submission_batch("K-SCT-01", many));
    CHECK(big_batch.status == 413);
    CHECK(error_of(big_batch).code == "batch_too_large");

    const Answer big_body = f.post(std::string(IngestService::max_body_bytes + 1, ' '));
    CHECK(big_body.status == 413);
    CHECK(error_of(big_body).code == "body_too_large");
    CHECK(f.backend.store.submission_count() == 0);
}

TEST_CASE("bearer_token reads the token and nothing else", "[ingest]") {
    CHECK(bearer_token("Bearer abc") == "abc");
    CHECK(bearer_token("BEARER abc ") == "abc");
    CHECK(bearer_token("Bearerabc").empty());
    CHECK(bearer_token("Token abc").empty());
}
