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
        store.set_setting(setting_key::alert_policy, encode_alert_policy({60, 10, 60}));
        // SCT, twelve ratings half an hour apart on Friday 20 November from 08:00 local (all within
        // opening hours, none a burst), newest last:
        //   index   0  1  2  3  4  5  6  7  8  9 10 11
        //   value   3  1  1  1  1  3  1  1  3  1  1  1      (3 satisfied, 1 not, on scale 3)
        //   kiosk   K-SCT-01 all but index 5 (K-SCT-02); index 11 is a harassment complaint.
        // An alert needs the window's whole 95 % Wilson interval under 60 % (methodology §5):
        //   SCT's last ten, indices 2..11: 2 of 10 = 20.00 %, ci95 [5.67, 50.98]: fires.
        //   K-SCT-01's last ten, indices 1..4 and 6..11: 1 of 10 = 10.00 %, ci95 [1.79, 40.42]: fires.
        //   K-SCT-02: one rating, fewer than the window: no judgement.
        // For contrast, 3 of 10 (30 %, ci95 [10.78, 60.32]) would not fire. The bounds, by the
        // formula of docs/indices.md, independently of the C++:
        //   python3 -c "z=1.959964;[print(k,n,*(round(100*(k/n+z*z/2/n+s*z*(k/n*(1-k/n)/n+z*z/4/n/n)**.5)/(1+z*z/n),4) for s in(-1,1))) for k,n in((1,10),(2,10),(3,10))]"
        //   1 10 1.7876 40.415 / 2 10 5.6682 50.9838 / 3 10 10.7791 60.3222
        const int values[] = {3, 1, 1, 1, 1, 3, 1, 1, 3, 1, 1, 1};
        const Instant first = at("2026-11-20T08:00:00+07:00");
        std::vector<IngestItem> items;
        for (int i = 0; i < 12; ++i) {
            Submission s = test::sample_submission(format_rfc3339(first + minutes{30 * i}, vietnam_offset));
            s.rating = Rating{3, values[i]};
            s.officer = i % 2 ? "SCT-002" : "SCT-001";
            if (i == 11) {
                s.tt01.attitude = 0;
                s.harassment = true;  // the citizen's own answer: only it makes a report
                s.comment = "Cán bộ gây khó dễ, đòi thêm giấy tờ";
                s.contact = "0912345678";
                s.tracking_code = harassment_code;
            }
            items.push_back({i == 5 ? "K-SCT-02" : "K-SCT-01", s, s.created_at.instant});
        }
        // STTTT: four satisfied ratings, fewer than the window: no alert.
        for (int i = 0; i < 4; ++i) {
            Submission s = test::sample_submission(format_rfc3339(first + minutes{30 * i}, vietnam_offset));
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
