// POST /api/v1/dossiers and GET /api/v1/dossiers/unlinked without HTTP (DossierService): who may
// call them, every whole-request status, the field path of each rejected event.
#include "hailong/server/api/dossier_service.hpp"

#include <catch2/catch.hpp>

#include "hailong/submission_codec.hpp"
#include "store_fixtures.hpp"

using namespace hailong;
using namespace hailong::server;
using nlohmann::json;

namespace {

struct Fixture {
    test::SqliteBackend backend;
    DossierService service{backend.store, [] { return parse_rfc3339("2026-11-30T08:00:00+07:00")->instant; }};
    const User one_stop{"mot.cua", Role::integration, {}, false};
    Fixture() { test::seed_organisation(backend.store); }
    Answer post(const json& body, const User& user) { return service.post_events(user, body.dump(), "en"); }
    Answer post(const json& body) { return post(body, one_stop); }
};

json received_event(const std::string& id = Uuid::random_v4().to_string()) {
    return json{{"id", id},          {"dossier", "000.00.12.H56-261120-0001"}, {"event", "received"}, {"at", "2026-11-20T08:10:00+07:00"},
                {"department", "SCT"}, {"service", "2.000204"}, {"officers", {"SCT-001"}}, {"promised_on", "2026-11-27"}};
}

}  // namespace

TEST_CASE("dossier events: accepted, then duplicate, and only an integration account may post", "[dossier_service]") {
    Fixture f;
    const std::string id = Uuid::random_v4().to_string();
    const json body{{"events", {received_event(id)}}};
    Answer a = f.post(body);
    REQUIRE(a.status == 200);
    CHECK(decode_results(a.body) == std::vector<SubmissionResult>{{id, ResultStatus::accepted, std::nullopt}});
    a = f.post(body);
    CHECK(decode_results(a.body) == std::vector<SubmissionResult>{{id, ResultStatus::duplicate, std::nullopt}});
    // Another integration account sending the same id: rejected, the path names it.
    const auto other = decode_results(f.post(body, User{"phan.mem.khac", Role::integration, {}, false}).body);
    CHECK(other[0].status == ResultStatus::rejected);
    CHECK(other[0].error->code == "id_conflict");
    CHECK(other[0].error->field == "events[0].id");
    for (const Role role : {Role::admin, Role::manager, Role::analyst}) {
        const Answer refused = f.post(body, User{"nguoi.dung", role, {"SCT"}, false});
        CHECK(refused.status == 403);
        CHECK(decode_error_body(refused.body).code == "forbidden");
    }
}

TEST_CASE("dossier events: each bad event is rejected with its field path, the others stored", "[dossier_service]") {
    Fixture f;
    json no_offset = received_event();
    no_offset["at"] = "2026-11-20T08:10:00";
    json bad_officer = received_event();
    bad_officer["officers"] = {"SCT 001"};
    json bad_kind = received_event();
    bad_kind["event"] = "closed";
    json no_department = received_event();
    no_department.erase("department");
    json bad_promise = received_event();
    bad_promise["promised_on"] = "27/11/2026";
    json ahead = received_event();
    ahead["at"] = "2026-11-30T08:11:00+07:00";  // 11 minutes after the server's clock
    json unknown = received_event();
    unknown["department"] = "NOPE";
    const json good = received_event();
    const Answer a = f.post({{"events", {no_offset, bad_officer, bad_kind, no_department, bad_promise, ahead, unknown, good, "x"}}});
    REQUIRE(a.status == 200);
    const auto results = decode_results(a.body);
    REQUIRE(results.size() == 9);
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"invalid_value", "events[0].at"},         {"invalid_value", "events[1].officers[0]"}, {"invalid_value", "events[2].event"},
        {"missing_field", "events[3].department"}, {"invalid_value", "events[4].promised_on"}, {"in_future", "events[5].at"},
        {"unknown_department", "events[6].department"}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO(i);
        CHECK(results[i].status == ResultStatus::rejected);
        CHECK(std::pair{results[i].error->code, results[i].error->field} == expected[i]);
        CHECK_FALSE(results[i].error->message.empty());
    }
    CHECK(results[7].status == ResultStatus::accepted);
    CHECK(results[8].status == ResultStatus::rejected);
    CHECK(results[8].error->field == "events[8]");
    CHECK_FALSE(results[8].id);
    CHECK(f.backend.store.dossier_events("000.00.12.H56-261120-0001").size() == 1);
}

TEST_CASE("dossier events: 400 for a body that is not the shape, 413 over 500 events or the byte limit", "[dossier_service]") {
    Fixture f;
    Answer a = f.service.post_events(f.one_stop, "{\"events\": ", "en");
    CHECK(a.status == 400);
    CHECK(decode_error_body(a.body).code == "invalid_json");
    a = f.post({{"events", json::object()}});
    CHECK(a.status == 400);
    CHECK(decode_error_body(a.body).field == "events");
    a = f.post(json::object());
    CHECK(a.status == 400);
    CHECK(decode_error_body(a.body).code == "missing_field");
    json many = json::array();
    for (int i = 0; i < 501; ++i) many.push_back(received_event());
    a = f.post({{"events", many}});
    CHECK(a.status == 413);
    CHECK(decode_error_body(a.body).code == "batch_too_large");
    CHECK(decode_error_body(a.body).field == "events");
    const std::string huge(DossierService::max_body_bytes + 1, ' ');
    a = f.service.post_events(f.one_stop, huge, "en");
    CHECK(a.status == 413);
    CHECK(decode_error_body(a.body).code == "body_too_large");
    CHECK(f.backend.store.dossier_events("000.00.12.H56-261120-0001").empty());
}

TEST_CASE("unlinked ratings: counted per department in the user's reach, resolved when the events come", "[dossier_service]") {
    Fixture f;
    Submission s = test::sample_submission("2026-11-21T09:00:00+07:00");
    s.dossier = "000.00.12.H56-261120-0001";
    REQUIRE(f.backend.store.ingest({{"K-SCT-01", s, s.created_at.instant}}).at(0).status == IngestOutcome::Status::accepted);
    const User admin{"quan.tri", Role::admin, {}, false};
    const QueryParams november{{"period", "2026-11"}};
    Answer a = f.service.unlinked(admin, november, "en");
    REQUIRE(a.status == 200);
    CHECK(json::parse(a.body)["departments"] == json::parse(R"([{"department": "SCT", "ratings_with_dossier": 1, "unlinked": 1}])"));
    f.post({{"events", {received_event()}}});
    a = f.service.unlinked(admin, november, "en");
    CHECK(json::parse(a.body)["departments"][0]["unlinked"] == 0);
    // A manager of another department sees none of SCT's; asking for it is 403; an integration
    // account reads nothing.
    const User other{"lanh.dao.stttt", Role::manager, {"STTTT"}, false};
    CHECK(json::parse(f.service.unlinked(other, november, "en").body)["departments"].empty());
    CHECK(f.service.unlinked(other, {{"period", "2026-11"}, {"department", "SCT"}}, "en").status == 403);
    CHECK(f.service.unlinked(f.one_stop, november, "en").status == 403);
    CHECK(f.service.unlinked(admin, {{"period", "2026-11"}, {"kiosk", "K"}}, "en").status == 400);
}
