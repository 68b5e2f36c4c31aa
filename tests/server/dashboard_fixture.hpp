#pragma once
// The dashboard's test organisation (dashboard_service_test.cpp, alert_webhook_test.cpp): two
// departments with their kiosks and ratings, a harassment complaint and two heartbeats, read at
// a fixed Monday morning. The expected alerts of the tests are worked out from these rows.

#include <chrono>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "hailong/server/api/dashboard_service.hpp"
#include "hailong/server/store/setting_keys.hpp"
#include "hailong/tracking_code.hpp"
#include "store_fixtures.hpp"

namespace hailong::test::dashboard {

using namespace hailong::server;

using std::chrono::minutes;
using std::chrono::seconds;

inline const User admin{"admin", Role::admin, {}, false};
inline const User lan{"lan", Role::manager, {"SCT"}, false};        // manager of SCT
inline const User cuong{"cuong", Role::manager, {"STTTT"}, false};  // manager of another department
inline const User analyst{"thu", Role::analyst, {}, false};

inline Instant at(const char* text) { return parse_rfc3339(text)->instant; }

struct Fixture {
    test::SqliteBackend backend;
    Store& store = backend.store;
    Instant now = at("2026-11-23T09:00:00+07:00");  // a Monday
    DashboardService service{store, [this] { return now; }};
    std::string harassment_code = tracking_code::make(1, 5);

    Fixture() {
        test::seed_organisation(store);
        store.add_kiosk({"K-SCT-02", "SCT", false, 0}, "hash-2");
        store.add_kiosk({"K-TT-01", "STTTT", false, 0}, "hash-3");
        store.add_kiosk({"K-OLD", "SCT", false, 0}, "hash-4");
        store.revoke_kiosk("K-OLD");
        store.set_setting(setting_key::alert_policy, encode_alert_policy({60, 4, 60}));
        // SCT, newest last: satisfied, not, not, satisfied, not (the last one a harassment
        // complaint from K-SCT-01). The last four counted: 1 of 4 satisfied = 25 %, under 60 %.
        const char* times[] = {"2026-11-20T08:00:00+07:00", "2026-11-20T08:30:00+07:00", "2026-11-20T09:00:00+07:00",
                               "2026-11-20T09:30:00+07:00", "2026-11-20T10:00:00+07:00"};
        const int values[] = {3, 1, 1, 3, 1};
        std::vector<IngestItem> items;
        for (int i = 0; i < 5; ++i) {
            Submission s = test::sample_submission(times[i]);
            s.rating = Rating{3, values[i]};
            s.officer = i % 2 ? "SCT-002" : "SCT-001";
            if (i == 4) {
                s.tt01.attitude = 0;
                s.harassment = true;  // the citizen's own answer: only it makes a report
                s.comment = "Cán bộ gây khó dễ, đòi thêm giấy tờ";
                s.contact = "0912345678";
                s.tracking_code = harassment_code;
            }
            items.push_back({i == 1 ? "K-SCT-02" : "K-SCT-01", s, s.created_at.instant});
        }
        // STTTT: four satisfied ratings, no alert.
        for (int i = 0; i < 4; ++i) {
            Submission s = test::sample_submission(times[i]);
            s.department = "STTTT";
            s.officer = "STTTT-001";
            items.push_back({"K-TT-01", s, s.created_at.instant});
        }
        store.ingest(items);
        // K-SCT-01 reported 30 s ago, its clock 2.5 s ahead; K-SCT-02 two hours ago; K-TT-01 never.
        store.record_heartbeat({"K-SCT-01", now - seconds{30}, now - seconds{30} + std::chrono::milliseconds{2500}, "1.0.0", 3, ""});
        store.record_heartbeat({"K-SCT-02", now - minutes{120}, std::nullopt, "0.9.2", 12, "network: could not connect"});
    }

    nlohmann::json ok(const Answer& a) {
        INFO(a.body);
        REQUIRE(a.status == 200);
        return nlohmann::json::parse(a.body);
    }
};

inline QueryParams q(std::initializer_list<std::pair<std::string, std::string>> p) { return QueryParams(p); }

}  // namespace hailong::test::dashboard
