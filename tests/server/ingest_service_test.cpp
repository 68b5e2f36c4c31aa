// POST /api/v1/submissions end to end, without HTTP: every status of the contract's table.
#include "hailong/server/api/ingest_service.hpp"

#include <catch2/catch.hpp>

#include "hailong/server/store/credentials.hpp"
#include "hailong/tracking_code.hpp"
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

TEST_CASE("ingest: created_at more than 10 minutes ahead or 400 days behind the server is rejected", "[ingest]") {
    // The server's clock is 2026-11-20T08:16:00+07:00 (the fixture's). The bounds by hand:
    // 08:26:00 is 10 minutes ahead (accepted), 08:26:01 is not; 400 days before 2026-11-20 is
    // 2025-10-16 (2025-11-20 is 365 days before, 35 more go back through October's 31 days to
    // 2025-10-16), so 2025-10-16T08:16:00+07:00 is accepted and one second earlier is not.
    Fixture f;
    auto at = [](const char* text) {
        Submission s = test::sample_submission();
        s.created_at = *parse_rfc3339(text);
        return s;
    };
    const std::vector<Submission> batch = {at("2026-11-20T08:26:00+07:00"), at("2026-11-20T08:26:01+07:00"),
                                           at("2025-10-16T08:16:00+07:00"), at("2025-10-16T08:15:59+07:00"),
                                           at("2099-01-01T00:00:00Z"),      at("9999-12-31T23:59:59Z"),
                                           at("0001-01-01T00:00:00Z")};
    const Answer a = f.post(encode_submission_batch("K-SCT-01", batch));
    REQUIRE(a.status == 200);
    const auto results = decode_results(a.body);
    REQUIRE(results.size() == batch.size());
    CHECK(results[0].status == ResultStatus::accepted);
    CHECK(results[1].error == WireError{"in_future", "submissions[1].created_at",
                                        "is more than 10 minutes ahead of the server's clock; check the kiosk's clock"});
    CHECK(results[2].status == ResultStatus::accepted);
    CHECK(results[3].error == WireError{"too_old", "submissions[3].created_at",
                                        "is more than 400 days in the past; the server no longer accepts ratings that old"});
    CHECK(results[4].error->code == "in_future");
    CHECK(results[5].error->code == "in_future");
    CHECK(results[6].error->code == "too_old");
    CHECK(f.backend.store.submission_count() == 2);
}

TEST_CASE("ingest: the horizon is the server's to set", "[ingest]") {
    test::SqliteBackend backend;
    GroupCommitter committer{backend.store};
    const std::string token = test::seed_with_kiosk_token(backend.store);
    IngestService service{backend.store, committer, [] { return parse_rfc3339("2026-11-20T08:16:00+07:00")->instant; }, nullptr, nullptr,
                          DateWindow{std::chrono::minutes{1}, std::chrono::days{30}}};
    Submission ahead = test::sample_submission();
    ahead.created_at = *parse_rfc3339("2026-11-20T08:17:30+07:00");
    Submission old = test::sample_submission();
    old.created_at = *parse_rfc3339("2026-10-20T08:15:00+07:00");  // 31 days before
    const auto results = decode_results(service.handle("Bearer " + token, encode_submission_batch("K-SCT-01", {ahead, old}), "en").body);
    CHECK(results.at(0).error->code == "in_future");
    CHECK(results.at(1).error->code == "too_old");
}

TEST_CASE("ingest: a tracking code must come from the sending kiosk's own code space", "[ingest]") {
    // seed_with_kiosk_token rotated K-SCT-01's token, so it was number 1 and is number 2 now; the
    // codes of its outbox from before the rotation carry 1 and are still its own.
    Fixture f;
    f.backend.store.add_kiosk({"K-SCT-09", "SCT", false, 0}, "hash-9");  // number 3
    auto with_code = [](const std::string& code) {
        Submission s = test::sample_submission();
        s.tracking_code = code;
        return s;
    };
    const std::vector<Submission> batch = {with_code(tracking_code::make(2, 41)), with_code(tracking_code::make(1, 42)),
                                           with_code(tracking_code::make(3, 43)), with_code(tracking_code::make(4, 44)),
                                           with_code("ABC-123")};
    const Answer a = f.post(encode_submission_batch("K-SCT-01", batch));
    REQUIRE(a.status == 200);
    const auto results = decode_results(a.body);
    REQUIRE(results.size() == 5);
    CHECK(results[0].status == ResultStatus::accepted);
    CHECK(results[1].status == ResultStatus::accepted);
    for (std::size_t i = 2; i < 5; ++i) {
        INFO(i);
        CHECK(results[i].status == ResultStatus::rejected);
        CHECK(results[i].error->code == "tracking_code_not_yours");
        CHECK(results[i].error->field == "submissions[" + std::to_string(i) + "].tracking_code");
    }
    CHECK(results[2].error->message == "the tracking code \"" + tracking_code::make(3, 43) +
                                           "\" was not issued by kiosk K-SCT-01: its kiosk number is not one this kiosk has held");
    // Nothing of the refused ones reached the store: the public lookup of the other kiosk's code
    // finds no case.
    CHECK_FALSE(f.backend.store.complaint(tracking_code::make(3, 43)));
    CHECK(f.backend.store.submission_count() == 2);
}

TEST_CASE("ingest: duty events travel with the ratings, are answered in duty_results and credit them", "[ingest][roster]") {
    Fixture f;
    DutyEvent in;
    in.id = Uuid::random_v4();
    in.at = *parse_rfc3339("2026-11-20T08:00:00+07:00");
    in.kind = DutyKind::sign_in;
    in.officer = "SCT-002";
    in.method = DutyMethod::card;
    Submission s = test::sample_submission();  // 08:15:30, written SCT-001
    json body = json::parse(encode_submission_batch("K-SCT-01", {s}, {in}));
    // Three bad events, each refused alone with its path: a sign-in naming nobody, an unknown
    // kind, a time an hour ahead of the server's clock (08:16).
    body["duty"].push_back(json{{"id", Uuid::random_v4().to_string()}, {"at", "2026-11-20T08:01:00+07:00"}, {"event", "sign_in"}});
    body["duty"].push_back(json{{"id", Uuid::random_v4().to_string()}, {"at", "2026-11-20T08:01:00+07:00"}, {"event", "lunch"}});
    body["duty"].push_back(json{{"id", Uuid::random_v4().to_string()}, {"at", "2026-11-20T09:30:00+07:00"}, {"event", "sign_out"}});
    body["duty"].push_back(json{{"id", Uuid::random_v4().to_string()}, {"at", "2026-11-20T08:02:00+07:00"}, {"event", "sign_out"},
                                {"method", "admin"}});  // the server's own mark: no kiosk may claim it
    const Answer a = f.post(body.dump());
    REQUIRE(a.status == 200);
    CHECK(decode_results(a.body)[0].status == ResultStatus::accepted);
    const auto duty = decode_duty_results(a.body);
    REQUIRE(duty);
    REQUIRE(duty->size() == 5);
    CHECK((*duty)[0] == SubmissionResult{in.id.to_string(), ResultStatus::accepted, std::nullopt});
    CHECK((*duty)[1].error->field == "duty[1].officer");
    CHECK((*duty)[1].error->code == "missing_field");
    CHECK((*duty)[2].error->field == "duty[2].event");
    CHECK((*duty)[3].error->field == "duty[3].at");
    CHECK((*duty)[3].error->code == "in_future");
    CHECK((*duty)[4].error->field == "duty[4].method");
    CHECK(f.backend.store.roster({}).size() == 1);
    CHECK(f.backend.store.find_submission(s.id)->officer == std::optional<std::string>("SCT-002"));

    // Sent again (the answer was lost): duplicates, nothing changes. A request without "duty"
    // gets no duty_results, as before.
    const Answer again = f.post(encode_submission_batch("K-SCT-01", {s}, {in}));
    CHECK(decode_duty_results(again.body) == std::optional<std::vector<SubmissionResult>>(
                                                 std::vector<SubmissionResult>{{in.id.to_string(), ResultStatus::duplicate, std::nullopt}}));
    CHECK_FALSE(decode_duty_results(f.post(encode_submission_batch("K-SCT-01", {s})).body));
    // Only duty events, no rating: fine.
    DutyEvent out = in;
    out.id = Uuid::random_v4();
    out.kind = DutyKind::sign_out;
    out.officer.reset();
    out.at = *parse_rfc3339("2026-11-20T08:10:00+07:00");
    const Answer alone = f.post(encode_submission_batch("K-SCT-01", {}, {out}));
    CHECK((*decode_duty_results(alone.body))[0].status == ResultStatus::accepted);
    // The sign-out at 08:10 came before the 08:15:30 rating: nobody was on duty then.
    CHECK_FALSE(f.backend.store.find_submission(s.id)->officer.has_value());
}

TEST_CASE("ingest: more than 500 duty events is a 413 naming the array", "[ingest][roster]") {
    Fixture f;
    json body = json::parse(encode_submission_batch("K-SCT-01", {}));
    body["duty"] = json::array();
    for (int i = 0; i < 501; ++i)
        body["duty"].push_back(json{{"id", Uuid::random_v4().to_string()}, {"at", "2026-11-20T08:00:00+07:00"}, {"event", "sign_out"}});
    const Answer a = f.post(body.dump());
    CHECK(a.status == 413);
    CHECK(error_of(a).field == "duty");
    CHECK(f.backend.store.roster({}).empty());
}
