#pragma once
// The small month of data that the export tests (indicator_export_test.cpp,
// report_service_test.cpp) read, with every figure worked out by hand below, so that the tests'
// known answers can be checked with pencil and paper.
//
// Organisation: seed_organisation (SCT with SCT-001 and SCT-002, STTTT with STTTT-001), kiosks
// K-SCT-01 and K-STTTT-01. All times +07:00, November 2026, 3-level scale.
//   SCT-001, Friday 20 November, 08:00 08:10 08:20 08:30: values 3 3 2 1 (3 of 4 satisfied);
//            TT 01 time 2 1 - 0 (3 points / 3), contacts 2 2 2 2 (8 / 4), agencies 1 1 1 1 (4 / 4),
//            attitude 2 2 2 1 (7 / 4)
//   SCT-002, Saturday 21 November, 08:00 08:10 08:20: values 1 1 3 (1 of 3), no TT 01 answers
//   SCT-002, Sunday 22 November, 09:00: value 3, outside opening hours: flagged, excluded
//   STTTT-001, Friday 20 November, 09:00: value 3 (1 of 1)
// Imported records, all SCT, officer SCT-001, completed Thursday 19 November: D1 late with
// indices 2, 5, 6, 8, 9 = 2 2 2 2 2; D2 on time with 1 2 2 1 0; D3 to D20 early, no indices.
//
// By hand, counted responses only (the Sunday rating left out):
//   SCT:   7 responses, 4 satisfied (3 + 1); levels 3/2/1: 3, 1, 3.
//   STTTT: 1 response, 1 satisfied; level 3: 1.
//   All:   8 responses, 5 satisfied; levels 3/2/1: 4, 1, 3.
//   TT 01 (all SCT-001): 1 time 3/3 = 1.0 (n 3); 2 agency_time (2+1)/2 = 1.5 (n 2);
//   3 contacts 8/4 = 2.0 (n 4); 4 agencies 4/4 = 1.0 (n 4); 5 disclosure 4/2 = 2.0; 6 fees 4/2 =
//   2.0; 7 attitude 7/4 = 1.75 -> 1.8 (n 4, half away from zero); 8 feedback 3/2 = 1.5;
//   9 online 2/2 = 1.0.
//   SCT agency score 1.0+1.5+2.0+1.0+2.0+2.0+1.8+1.5+1.0 = 13.8, complete: band good (12 to < 15).
//   SCT-001 officer score 1.0+1.5+2.0+1.0+1.8 = 7.3, complete: band completed_100 (>= 5).
//   766-style for SCT: 20 dossiers, 1 late; "not satisfied" ratings 1 (SCT-001) + 2 (SCT-002) = 3;
//   rate 100 x (20 - 1 - 3) / 20 = 80.00; points min(1, 80 / 90) x 6 = 5.333 -> 5.33.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "store_fixtures.hpp"

namespace hailong::test {

inline Submission export_rating(const std::string& created, const std::string& officer, int value) {
    Submission s = sample_submission(created);
    s.officer = officer;
    s.rating = Rating{3, value};
    s.department = officer.rfind("SCT-", 0) == 0 ? "SCT" : "STTTT";
    return s;
}

inline void store_export_month(server::Store& store) {
    seed_organisation(store);
    store.add_kiosk({"K-STTTT-01", "STTTT", false, 0}, "hash-stttt");
    std::vector<Submission> sct;
    const int values[] = {3, 3, 2, 1};
    const std::optional<int> time[] = {2, 1, std::nullopt, 0};
    const int attitude[] = {2, 2, 2, 1};
    for (int i = 0; i < 4; ++i) {
        Submission s = export_rating("2026-11-20T08:" + std::to_string(i) + "0:00+07:00", "SCT-001", values[i]);
        s.tt01.time = time[i];
        s.tt01.contacts = 2;
        s.tt01.agencies = 1;
        s.tt01.attitude = attitude[i];
        s.dossier = "D" + std::to_string(i + 1);  // the records below: D4 is rated 1, a complaint in the 766 sense
        sct.push_back(s);
    }
    for (int i = 0; i < 3; ++i) sct.push_back(export_rating("2026-11-21T08:" + std::to_string(i) + "0:00+07:00", "SCT-002", i == 2 ? 3 : 1));
    sct[4].dossier = "D5";  // SCT-002's two ratings of 1 name D5 and D6; its others name none
    sct[5].dossier = "D6";
    sct.push_back(export_rating("2026-11-22T09:00:00+07:00", "SCT-002", 3));
    std::vector<server::IngestItem> items;
    for (const auto& s : sct) items.push_back({"K-SCT-01", s, s.created_at.instant});
    items.push_back({"K-STTTT-01", export_rating("2026-11-20T09:00:00+07:00", "STTTT-001", 3), sct[0].created_at.instant});
    for (const auto& o : store.ingest(items)) REQUIRE(o.status == server::IngestOutcome::Status::accepted);

    std::vector<server::DossierRecord> records;
    for (int i = 1; i <= 20; ++i) {
        server::DossierRecord r{"D" + std::to_string(i), "SCT", "SCT-001", std::nullopt, *parse_iso_date("2026-11-19"),
                                server::DossierOutcome::early, {}};
        if (i == 1) {
            r.outcome = server::DossierOutcome::late;
            r.unit = {2, 2, 2, 2, 2};
        }
        if (i == 2) {
            r.outcome = server::DossierOutcome::on_time;
            r.unit = {1, 2, 2, 1, 0};
        }
        records.push_back(r);
    }
    store.import_dossiers(records);
}

/// Settings with a minimum of 3 responses, so that the hand-sized month has groups above and
/// below it (STTTT, with 1, is suppressed).
inline server::IndicesSettings export_settings() {
    server::IndicesSettings s;
    s.min_responses = 3;
    return s;
}

}  // namespace hailong::test
