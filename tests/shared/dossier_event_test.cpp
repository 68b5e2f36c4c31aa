#include "hailong/dossier_event.hpp"

#include <catch2/catch.hpp>

using namespace hailong;
using nlohmann::json;

TEST_CASE("dossier events: the vendor's example decodes, and every event encodes back to itself", "[dossier_event]") {
    const auto items = decode_dossier_event_batch(R"({"events": [
        {"id": "0b7e4c52-3f0e-4d8a-9a51-6f1d2c3b4a59", "dossier": "000.00.12.H56-261120-0001", "event": "received",
         "at": "2026-11-20T08:10:00+07:00", "department": "SCT", "service": "2.000204", "officers": ["SCT-007"],
         "promised_on": "2026-11-27", "extra": "ignored"},
        {"id": "5c2d9e1a-7b3f-4e6c-8d2a-1f0e9b8c7a65", "dossier": "000.00.12.H56-261120-0001", "event": "returned",
         "at": "2026-11-26T08:00:00Z", "officers": ["SCT-009"], "department": null}]})");
    REQUIRE(items.size() == 2);
    REQUIRE(items[0].event);
    const DossierEvent& r = *items[0].event;
    CHECK(r.event == DossierEventKind::received);
    CHECK(r.at.offset == std::chrono::minutes{420});
    CHECK(r.officers == std::vector<std::string>{"SCT-007"});
    CHECK(r.promised_on == parse_iso_date("2026-11-27"));
    CHECK(items[0].id == "0b7e4c52-3f0e-4d8a-9a51-6f1d2c3b4a59");
    REQUIRE(items[1].event);
    CHECK_FALSE(items[1].event->department);
    for (const auto& item : items) CHECK(decode_dossier_event(encode_dossier_event(*item.event), "") == *item.event);
}

TEST_CASE("dossier events: a bad event is named by its path, the envelope's faults refuse the request", "[dossier_event]") {
    const auto items = decode_dossier_event_batch(R"({"events": [
        {"id": "0b7e4c52-3f0e-4d8a-9a51-6f1d2c3b4a59", "dossier": "D1", "event": "supplement_requested", "at": "2026-11-20T08:10:00+07:00",
         "officers": ["SCT-1", "SCT 2"]},
        {"id": "5c2d9e1a-7b3f-4e6c-8d2a-1f0e9b8c7a65", "dossier": "D1", "event": "received", "at": "2026-11-20T08:10:00+07:00"}]})");
    REQUIRE(items.size() == 2);
    CHECK(items[0].error->field == "events[0].officers[1]");
    CHECK(items[1].error->code == "missing_field");
    CHECK(items[1].error->field == "events[1].department");

    const auto code_of = [](std::string_view body) {
        try {
            decode_dossier_event_batch(body);
        } catch (const InputError& e) {
            return e.error().code + " " + e.error().field;
        }
        return std::string("accepted");
    };
    CHECK(code_of(R"({"events": [], "events": []})") == "invalid_json events");  // the strict parser names the repeated key
    CHECK(code_of(R"({"events": "x"})") == "invalid_shape events");
    CHECK(code_of(R"([])") == "invalid_shape ");
    CHECK(code_of(R"({"events": []})") == "accepted");
    json many = json::array();
    for (int i = 0; i < 501; ++i) many.push_back(json::object());
    CHECK(code_of(json{{"events", many}}.dump()) == "batch_too_large events");
}
