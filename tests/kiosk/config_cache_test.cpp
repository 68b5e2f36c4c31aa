#include "hailong/kiosk/config_cache.hpp"

#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "hailong/survey.hpp"
#include "support/read_file.hpp"
#include "support/temp_dir.hpp"

using namespace hailong;
using namespace hailong::kiosk;
using nlohmann::json;

using hailong::test::read_file;

namespace {

// The example answer of docs/api.md (GET /api/v1/kiosk/config), with kiosk_number.
json example() {
    return json::parse(R"({
      "kiosk_id": "TH-HCC-01",
      "kiosk_number": 7,
      "department": {"code": "SCT", "name": "Sở Công Thương"},
      "officers": [{"code": "SCT-001", "name": "Nguyễn Văn An"}],
      "services": [{"code": "2.000204", "name": "Cấp Giấy phép bán lẻ rượu"}],
      "survey": {"scale": 3, "ask_tt01": true,
                 "reasons": [{"code": "slow", "label": {"vi": "Giải quyết chậm, trễ hẹn", "en": "Slow, results later than promised"}}]}
    })");
}

KioskConfig local_fallback() {
    return bundled_config("TH-HCC-01", {"SCT", "Sở Công Thương"}, {{"SCT-001", "Nguyễn Văn An"}});
}

// The error decode_kiosk_config throws for `doc`.
FieldError error_of(const json& doc) {
    try {
        (void)decode_kiosk_config(doc.dump());
    } catch (const InputError& e) {
        return e.error();
    }
    FAIL("decoded without an error: " << doc.dump());
    return {};
}

}  // namespace

TEST_CASE("config: the documented answer decodes field by field", "[config_cache]") {
    const KioskConfig c = decode_kiosk_config(example().dump());
    CHECK(c.kiosk_id == "TH-HCC-01");
    CHECK(c.kiosk_number == 7);
    CHECK(c.department == NamedCode{"SCT", "Sở Công Thương"});
    CHECK(c.officers == std::vector<NamedCode>{{"SCT-001", "Nguyễn Văn An"}});
    CHECK(c.services == std::vector<NamedCode>{{"2.000204", "Cấp Giấy phép bán lẻ rượu"}});
    CHECK(c.survey.scale == 3);
    CHECK(c.survey.ask_tt01);
    REQUIRE(c.survey.reasons.size() == 1);
    CHECK(c.survey.reasons[0].code == "slow");
    CHECK(c.survey.reasons[0].label_in("vi") == "Giải quyết chậm, trễ hẹn");
    CHECK(c.survey.reasons[0].label_in("en") == "Slow, results later than promised");
    CHECK(c.source == KioskConfig::Source::server);
}

TEST_CASE("config: keys it does not know are ignored, and kiosk_number may be absent", "[config_cache]") {
    json doc = example();
    doc.erase("kiosk_number");
    doc["opening_hours"] = "mon-fri 07:00-17:30";
    doc["department"]["address"] = "Thanh Hóa";
    doc["survey"]["reasons"][0]["label"]["fr"] = "Lent";
    const KioskConfig c = decode_kiosk_config(doc.dump());
    CHECK_FALSE(c.kiosk_number.has_value());
    CHECK(c.department == NamedCode{"SCT", "Sở Công Thương"});
    // A language the kiosk does not ship is kept but not preferred over Vietnamese.
    CHECK(c.survey.reasons[0].label_in("de") == "Giải quyết chậm, trễ hẹn");
}

TEST_CASE("config: every problem names its field path", "[config_cache]") {
    json doc = example();
    doc["officers"].push_back(json{{"code", "SCT-002"}});
    CHECK(error_of(doc) == FieldError{"missing_field", "officers[1].name", Message("error.missing")});

    doc = example();
    doc["officers"][0]["code"] = "SCT 001";  // a space is not a code character
    CHECK(error_of(doc).field == "officers[0].code");

    doc = example();
    doc["survey"]["scale"] = 4;
    CHECK(error_of(doc).field == "survey.scale");

    doc = example();
    doc["survey"]["ask_tt01"] = "yes";
    CHECK(error_of(doc).field == "survey.ask_tt01");

    doc = example();
    doc["survey"]["reasons"][0]["label"]["vi"] = 5;
    CHECK(error_of(doc).field == "survey.reasons[0].label.vi");

    doc = example();
    doc["survey"]["reasons"].push_back(doc["survey"]["reasons"][0]);
    CHECK(error_of(doc) == FieldError{"invalid_value", "survey.reasons[1].code", Message("error.reasons.repeated", {{"code", "slow"}})});

    doc = example();
    doc["kiosk_number"] = 0;
    CHECK(error_of(doc) == FieldError{"invalid_value", "kiosk_number", Message("error.json.number_range")});
    doc["kiosk_number"] = "7";
    CHECK(error_of(doc).field == "kiosk_number");

    doc = example();
    doc.erase("services");
    CHECK(error_of(doc).field == "services");

    CHECK_THROWS_AS(decode_kiosk_config(R"({"kiosk_id": "A", "kiosk_id": "B"})"), InputError);
}

TEST_CASE("config: with no cache the bundled survey and the local department are in use", "[config_cache]") {
    test::TempDir dir;
    const ConfigCache cache(dir.path(), local_fallback());
    const auto c = cache.get();
    CHECK(c->source == KioskConfig::Source::bundled);
    CHECK(c->etag.empty());
    CHECK(cache.etag().empty());
    CHECK(cache.load_problem().empty());
    CHECK(c->department == NamedCode{"SCT", "Sở Công Thương"});
    CHECK(c->officers.size() == 1);
    CHECK_FALSE(c->kiosk_number.has_value());
    // The reasons of default_survey(), in its order, labelled from the catalogues.
    const Survey bundled = default_survey();
    REQUIRE(c->survey.reasons.size() == bundled.reasons.size());
    for (std::size_t i = 0; i < bundled.reasons.size(); ++i) CHECK(c->survey.reasons[i].code == bundled.reasons[i].code);
    CHECK(c->survey.reasons[0].label_in("vi") == "Giải quyết chậm, trễ hẹn");
    CHECK(c->survey.scale == bundled.scale);
}

TEST_CASE("config: a good answer is kept on disk with its ETag and used after a restart", "[config_cache]") {
    test::TempDir dir;
    {
        ConfigCache cache(dir.path(), local_fallback());
        const ConfigUpdate u = cache.apply(example().dump(), "\"v1\"");
        CHECK(u.outcome == ConfigUpdate::Outcome::updated);
        CHECK(cache.get()->source == KioskConfig::Source::server);
        CHECK(cache.etag() == "\"v1\"");
        // Written through a temporary file that is renamed away.
        CHECK_FALSE(std::filesystem::exists(cache.file().string() + ".tmp"));
        // The same answer again changes nothing and writes nothing.
        CHECK(cache.apply(example().dump(), "\"v1\"").outcome == ConfigUpdate::Outcome::unchanged);
    }
    const ConfigCache cache(dir.path(), local_fallback());
    const auto c = cache.get();
    CHECK(c->source == KioskConfig::Source::cache);
    CHECK(c->etag == "\"v1\"");
    CHECK(c->same_content(decode_kiosk_config(example().dump())));
    CHECK(cache.load_problem().empty());
}

TEST_CASE("config: a bad answer replaces nothing, in memory or on disk", "[config_cache]") {
    test::TempDir dir;
    ConfigCache cache(dir.path(), local_fallback());
    REQUIRE(cache.apply(example().dump(), "\"v1\"").outcome == ConfigUpdate::Outcome::updated);
    const auto before = cache.get();
    const std::string file_before = read_file(cache.file());

    json bad = example();
    bad["officers"][0].erase("name");
    const ConfigUpdate u = cache.apply(bad.dump(), "\"v2\"");
    CHECK(u.outcome == ConfigUpdate::Outcome::invalid);
    REQUIRE(u.error.has_value());
    CHECK(u.error->field == "officers[0].name");
    CHECK(cache.get() == before);  // the very same snapshot
    CHECK(cache.etag() == "\"v1\"");
    CHECK(read_file(cache.file()) == file_before);
    CHECK(cache.apply("not json", "\"v3\"").outcome == ConfigUpdate::Outcome::invalid);
    CHECK(cache.get() == before);
}

TEST_CASE("config: a damaged cache file falls back to the bundled configuration and says why", "[config_cache]") {
    test::TempDir dir;
    {
        std::ofstream out(dir.path() / "kiosk-config.json");
        out << R"({"format": 1, "etag": "\"v1\"", "config": {"kiosk_id": "TH-HCC-01"}})";
    }
    const ConfigCache cache(dir.path(), local_fallback());
    CHECK(cache.get()->source == KioskConfig::Source::bundled);
    CHECK(cache.etag().empty());  // so the next fetch is a full 200, not a 304 for a config we lack
    CHECK(cache.load_problem().find("department") != std::string::npos);
}

TEST_CASE("config: a snapshot held by a reader stays whole when a new configuration arrives", "[config_cache]") {
    test::TempDir dir;
    ConfigCache cache(dir.path(), local_fallback());
    const auto held = cache.get();
    json next = example();
    next["officers"].push_back(json{{"code", "SCT-002"}, {"name", "Trần Thị Bình"}});
    REQUIRE(cache.apply(next.dump(), "\"v2\"").outcome == ConfigUpdate::Outcome::updated);
    CHECK(held->source == KioskConfig::Source::bundled);
    CHECK(held->officers.size() == 1);
    CHECK(cache.get()->officers.size() == 2);
}

TEST_CASE("config: a reason label falls back to Vietnamese, then English, then the code", "[config_cache]") {
    ConfigReason r{"slow", {{"en", "Slow"}}};
    CHECK(r.label_in("vi") == "Slow");
    r.label["vi"] = "Chậm";
    CHECK(r.label_in("en") == "Slow");
    CHECK(r.label_in("fr") == "Chậm");
    CHECK(ConfigReason{"slow", {}}.label_in("vi") == "slow");
}

TEST_CASE("config: a listener hears the configuration in use, then each change, not a repeat", "[config_cache]") {
    test::TempDir dir;
    ConfigCache cache(dir.path(), local_fallback());
    std::vector<std::shared_ptr<const KioskConfig>> heard;
    cache.subscribe([&](std::shared_ptr<const KioskConfig> c) { heard.push_back(std::move(c)); });
    REQUIRE(heard.size() == 1);
    CHECK(heard[0]->source == KioskConfig::Source::bundled);

    REQUIRE(cache.apply(example().dump(), "\"v1\"").outcome == ConfigUpdate::Outcome::updated);
    REQUIRE(heard.size() == 2);
    CHECK(heard[1]->source == KioskConfig::Source::server);
    CHECK(heard[1]->etag == "\"v1\"");

    // The same content under a new ETag, and an answer that does not decode: nothing to hear.
    CHECK(cache.apply(example().dump(), "\"v2\"").outcome == ConfigUpdate::Outcome::unchanged);
    CHECK(cache.apply("{\"kiosk_id\": 7}", "\"v3\"").outcome == ConfigUpdate::Outcome::invalid);
    CHECK(heard.size() == 2);
}

TEST_CASE("config: the server's lists become the counter's, keeping what only the kiosk knows", "[config_cache]") {
    CounterConfig current;
    current.department = "OLD";
    current.officers = {{"SCT-001", "An (local name)", "an.png"}, {"SCT-009", "Gone", "gone.png"}};
    current.services = {{"9.999999", "Gone too"}};
    current.officer = "SCT-001";
    current.service = "9.999999";
    current.default_lang = "en";
    current.timeouts.inactivity = std::chrono::seconds(90);
    const std::vector<Officer> local = current.officers;
    const std::vector<Service> local_services = {{"1.000001", "Set up at the counter"}, {"2.000204", "Local name"}};

    const KioskConfig server = decode_kiosk_config(example().dump());
    const CounterConfig c = counter_from_config(server, current, local, local_services);
    CHECK(c.department == "SCT");
    // The server's names; the photo by code from the local file.
    CHECK(c.officers == std::vector<Officer>{{"SCT-001", "Nguyễn Văn An", "an.png"}});
    // The server's services, then the local file's that the server does not list.
    CHECK(c.services == std::vector<Service>{{"2.000204", "Cấp Giấy phép bán lẻ rượu"}, {"1.000001", "Set up at the counter"}});
    // What is serving is the flow's to decide (Flow::reconfigure): passed on as chosen.
    CHECK(c.officer == "SCT-001");
    CHECK(c.service == "9.999999");
    CHECK(c.default_lang == "en");
    CHECK(c.timeouts.inactivity == std::chrono::seconds(90));
    REQUIRE(c.survey.reasons.size() == 1);
    CHECK(c.survey.reasons[0].code == "slow");
    CHECK(c.survey.reasons[0].label_key.empty());
    CHECK(c.survey.reasons[0].label(Translator::builtin(), "en") == "Slow, results later than promised");

    // A server that lists no services leaves the kiosk's own (it has no way to set them yet).
    KioskConfig no_services = server;
    no_services.services.clear();
    CHECK(counter_from_config(no_services, current, local, local_services).services == local_services);

    // The bundled configuration was made from the local file: nothing changes.
    CHECK(counter_from_config(local_fallback(), current, local, local_services).department == "OLD");
}

TEST_CASE("config: officers' pin_hash and card_hash and the shift_end are read, and reach the counter", "[config_cache][duty]") {
    json doc = example();
    doc["officers"] = json::parse(R"([
      {"code": "SCT-001", "name": "Nguyễn Văn An", "pin_hash": "$argon2id$v=19$m=65536,t=2,p=1$abc$def"},
      {"code": "SCT-007", "name": "Phạm Thị Dung", "card_hash": "2fd67e69907bff621c0c4078b1aef595c8562a11f840dd0ec5c5d7c0a4e59331"},
      {"code": "SCT-009", "name": "Lê Văn Cường"}])");
    doc["shift_end"] = "17:30";
    const KioskConfig c = decode_kiosk_config(doc.dump());
    REQUIRE(c.credentials.size() == 2);
    CHECK(c.credentials.at("SCT-001").pin_hash == "$argon2id$v=19$m=65536,t=2,p=1$abc$def");
    CHECK(c.credentials.at("SCT-007").card_hash == "2fd67e69907bff621c0c4078b1aef595c8562a11f840dd0ec5c5d7c0a4e59331");
    CHECK(c.shift_end == std::chrono::minutes(17 * 60 + 30));

    const CounterConfig counter = counter_from_config(c, CounterConfig{}, {}, {});
    REQUIRE(counter.officers.size() == 3);
    CHECK(counter.officers[0].pin_hash == "$argon2id$v=19$m=65536,t=2,p=1$abc$def");
    CHECK(counter.officers[1].card_hash == "2fd67e69907bff621c0c4078b1aef595c8562a11f840dd0ec5c5d7c0a4e59331");
    CHECK(counter.officers[2].pin_hash.empty());
    CHECK(counter.shift_end == std::chrono::minutes(17 * 60 + 30));

    // null is "never automatically", like an absent key.
    doc["shift_end"] = nullptr;
    CHECK_FALSE(decode_kiosk_config(doc.dump()).shift_end);
}

TEST_CASE("config: a malformed credential or end of shift refuses the whole answer, naming the field", "[config_cache][duty]") {
    json doc = example();
    doc["officers"][0]["card_hash"] = "2FD67E69";  // not 64 lowercase hex digits
    CHECK(error_of(doc).field == "officers[0].card_hash");
    doc = example();
    doc["officers"][0]["pin_hash"] = "1234";  // a PIN, not its hash
    CHECK(error_of(doc).field == "officers[0].pin_hash");
    doc = example();
    doc["shift_end"] = "5:30 PM";
    CHECK(error_of(doc).field == "shift_end");
    CHECK(parse_time_of_day("00:00") == std::chrono::minutes(0));
    CHECK(parse_time_of_day("23:59") == std::chrono::minutes(23 * 60 + 59));
    CHECK_FALSE(parse_time_of_day("24:00"));
    CHECK_FALSE(parse_time_of_day("7:30"));
}
