#include "hailong/server/api/kiosk_api.hpp"

#include <catch2/catch.hpp>

#include "hailong/server/store/credentials.hpp"
#include "hailong/server/store/setting_keys.hpp"
#include "hailong/submission_codec.hpp"
#include "store_fixtures.hpp"

using namespace hailong;
using namespace hailong::server;
using nlohmann::json;

namespace {
struct Fixture {
    test::SqliteBackend backend;
    Instant now = parse_rfc3339("2026-11-20T08:16:00+07:00")->instant;
    KioskApi api{backend.store, [this] { return now; }};
    std::string auth = "Bearer " + test::seed_with_kiosk_token(backend.store);
    Fixture() {
        backend.store.upsert_services({{"2.000204", "Cấp Giấy phép bán lẻ rượu", std::string("SCT")},
                                       {"1.003818", "Cấp giấy phép xuất bản tài liệu", std::string("STTTT")},
                                       {"1.001234", "Chứng thực bản sao", std::nullopt}});
    }
};
}  // namespace

TEST_CASE("kiosk config: the kiosk's department, its officers and services, and the survey", "[kiosk_api]") {
    Fixture f;
    const Answer a = f.api.config(f.auth, "", "vi");
    REQUIRE(a.status == 200);
    const json c = json::parse(a.body);
    CHECK(c["kiosk_id"] == "K-SCT-01");
    CHECK(c["kiosk_number"] == 2);  // the only kiosk: number 1 when added, 2 since its token was rotated
    CHECK(c["department"] == json{{"code", "SCT"}, {"name", "Sở Công Thương"}});
    // seed_organisation gives SCT two officers and STTTT one; only SCT's are sent.
    CHECK(c["officers"] == json::parse(R"([{"code":"SCT-001","name":"Nguyễn Văn An"},{"code":"SCT-002","name":"Trần Thị Bình"}])"));
    // Services of SCT and services of no particular department, not STTTT's.
    CHECK(c["services"].size() == 2);
    CHECK(c["survey"]["scale"] == 3);
    CHECK(c["survey"]["reasons"][0] ==
          json{{"code", "slow"}, {"label", {{"vi", "Giải quyết chậm, trễ hẹn"}, {"en", "Slow, results later than promised"}}}});
}

TEST_CASE("kiosk config: officers' credential hashes and the end of shift, never more", "[kiosk_api][roster]") {
    Fixture f;
    f.backend.store.set_officer_pin("SCT-001", hash_password("2468"));
    f.backend.store.set_officer_card("SCT-002", hash_token("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"));
    f.backend.store.set_officer_card("STTTT-001", hash_token("another department's card secret"));
    f.backend.store.set_setting(setting_key::shift_end, "17:30");
    const json c = json::parse(f.api.config(f.auth, "", "vi").body);
    REQUIRE(c["officers"].size() == 2);
    CHECK(verify_password(c["officers"][0]["pin_hash"].get<std::string>(), "2468"));
    CHECK_FALSE(c["officers"][0].contains("card_hash"));
    // SHA-256 of the secret, worked out with: printf ABCDEFGHIJKLMNOPQRSTUVWXYZ234567 | sha256sum
    CHECK(c["officers"][1]["card_hash"] == "2fd67e69907bff621c0c4078b1aef595c8562a11f840dd0ec5c5d7c0a4e59331");
    CHECK_FALSE(c["officers"][1].contains("pin_hash"));
    CHECK(c["shift_end"] == "17:30");
    f.backend.store.set_setting(setting_key::shift_end, "");
    CHECK(json::parse(f.api.config(f.auth, "", "vi").body)["shift_end"].is_null());
    // The agency's name (the settings page), for the kiosk to show; null while none is set.
    CHECK(c["agency_name"].is_null());
    f.backend.store.set_setting(setting_key::agency_name, "UBND tỉnh Thái Hà");
    CHECK(json::parse(f.api.config(f.auth, "", "vi").body)["agency_name"] == "UBND tỉnh Thái Hà");
}

TEST_CASE("kiosk config: 304 for the current ETag, a new ETag when the organisation changes", "[kiosk_api]") {
    Fixture f;
    const std::string etag = test::header_of(f.api.config(f.auth, "", "vi"), "ETag");
    REQUIRE(etag.size() == 34);
    CHECK(f.api.config(f.auth, etag, "vi").status == 304);
    f.backend.store.import_organisation({}, {{"SCT-003", "Phạm Thị Dung", "SCT"}}, server::history_start);
    const Answer changed = f.api.config(f.auth, etag, "vi");
    CHECK(changed.status == 200);
    CHECK(test::header_of(changed, "ETag") != etag);
    CHECK(f.api.config("Bearer nope", "", "vi").status == 401);
}

TEST_CASE("kiosk heartbeat: stored with the server's time, bad fields named", "[kiosk_api]") {
    Fixture f;
    const Answer ok = f.api.heartbeat(
        f.auth, R"({"app_version": "0.1.0", "queue_depth": 12, "last_error": "máy chủ không trả lời", "clock": "2026-11-20T08:15:00+07:00"})", "vi");
    CHECK(ok.status == 204);
    const auto beats = f.backend.store.heartbeats();
    REQUIRE(beats.size() == 1);
    CHECK(beats[0].queue_depth == 12);
    CHECK(beats[0].received_at == f.now);
    // The kiosk's clock is a minute behind the server's: the fleet view shows the drift.
    CHECK(f.now - *beats[0].kiosk_clock == std::chrono::minutes{1});

    const Answer bad = f.api.heartbeat(f.auth, R"({"app_version": "0.1.0", "queue_depth": -1})", "en");
    CHECK(bad.status == 400);
    CHECK(decode_error_body(bad.body) == WireError{"invalid_value", "queue_depth", "must be a whole number, zero or more"});
    CHECK(decode_error_body(f.api.heartbeat(f.auth, R"({"queue_depth": 0})", "en").body).field == "app_version");
    CHECK(f.api.heartbeat(f.auth, "[]", "en").status == 400);
}

TEST_CASE("kiosk config, heartbeats and dossier look-ups share a per-kiosk limit", "[kiosk_api]") {
    // 2 requests a second, bursts of 3, on a clock the test does not move: the fourth request of
    // either kind is refused with the wait in Retry-After; another kiosk is not held back. The
    // limiter counts on the steady clock; the test's requests take far less than the half second
    // a token takes to come back (asserted by the refusal itself).
    Fixture f;
    RateLimiter limiter(2.0, 3.0);
    KioskApi api{f.backend.store, [&] { return f.now; }, &limiter};
    const std::string beat = R"({"app_version":"1.0","queue_depth":0})";
    CHECK(api.heartbeat(f.auth, beat, "en").status == 204);
    CHECK(api.config(f.auth, "", "en").status == 200);
    CHECK(api.heartbeat(f.auth, beat, "en").status == 204);
    const Answer refused = api.heartbeat(f.auth, beat, "en");
    CHECK(refused.status == 429);
    CHECK(decode_error_body(refused.body).code == "rate_limited");
    CHECK(test::header_of(refused, "Retry-After") == "1");
    CHECK(api.config(f.auth, "", "en").status == 429);
    CHECK(api.dossier(f.auth, "D1", "en").status == 429);

    const std::string other = generate_token("hlk");
    f.backend.store.add_kiosk({"K-SCT-02", "SCT", false, 0}, hash_token(other));
    CHECK(api.heartbeat("Bearer " + other, beat, "en").status == 204);
    // An unknown token is 401 and spends nobody's budget.
    CHECK(api.heartbeat("Bearer hlk_wrong", beat, "en").status == 401);
}

TEST_CASE("kiosk dossier: unknown, then at filing, then at collection with the stages already rated", "[kiosk_api]") {
    Fixture f;
    const std::string code = "000.00.12.H56-261120-0001";
    Answer a = f.api.dossier(f.auth, code, "vi");
    REQUIRE(a.status == 200);
    CHECK(json::parse(a.body) == json{{"dossier", code}, {"known", false}});

    DossierEvent received;
    received.id = Uuid::random_v4();
    received.dossier = code;
    received.at = *parse_rfc3339("2026-11-20T08:10:00+07:00");
    received.department = "SCT";
    received.service = "2.000204";
    f.backend.store.ingest_dossier_events({{"mot.cua", received, f.now}});
    a = f.api.dossier(f.auth, code, "vi");
    CHECK(json::parse(a.body) == json::parse(R"({"dossier": "000.00.12.H56-261120-0001", "known": true, "department": "SCT",
        "service": {"code": "2.000204", "name": "Cấp Giấy phép bán lẻ rượu"}, "stage": "filing",
        "rated": {"filing": false, "collection": false}})"));

    // Rated at filing, then returned: collection, filing rated.
    Submission s = test::sample_submission("2026-11-20T08:15:00+07:00");
    s.dossier = code;
    s.stage = DossierStage::filing;
    REQUIRE(f.backend.store.ingest({{"K-SCT-01", s, f.now}}).at(0).status == IngestOutcome::Status::accepted);
    DossierEvent back = received;
    back.id = Uuid::random_v4();
    back.event = DossierEventKind::returned;
    back.at = *parse_rfc3339("2026-11-26T15:00:00+07:00");
    back.service = "9.999999";  // a procedure not in the list: named by its code
    f.backend.store.ingest_dossier_events({{"mot.cua", back, f.now}});
    const json known = json::parse(f.api.dossier(f.auth, code, "vi").body);
    CHECK(known["stage"] == "collection");
    CHECK(known["service"] == json{{"code", "9.999999"}, {"name", "9.999999"}});
    CHECK(known["rated"] == json{{"filing", true}, {"collection", false}});
}

TEST_CASE("kiosk dossier: a code that is not a code is a 400 naming it, and 401 without a kiosk token", "[kiosk_api]") {
    Fixture f;
    for (const std::string& bad : std::vector<std::string>{"mã hồ sơ", "D 1", std::string(65, 'A'), std::string("a\0b", 3), ""}) {
        const Answer a = f.api.dossier(f.auth, bad, "en");
        CHECK(a.status == 400);
        CHECK(decode_error_body(a.body).field == "dossier");
    }
    // Dots and slashes are of the code shape: such a code is only compared with stored codes.
    const Answer dots = f.api.dossier(f.auth, "../../etc/passwd", "en");
    CHECK(dots.status == 200);
    CHECK(json::parse(dots.body) == json{{"dossier", "../../etc/passwd"}, {"known", false}});
    CHECK(f.api.dossier("Bearer nope", "D1", "en").status == 401);
}
