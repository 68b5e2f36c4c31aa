// The duty roster (store.hpp, server/src/store/duty_roster.hpp) on both stores: which officer a
// rating is credited to, whatever order the sign-ins and the ratings arrive in, and corrections.
// The expected credits are worked out by a brute-force reading of the roster written here
// (credit_by_hand), independently of RosterTimeline.
#include <map>
#include <random>

#include <catch2/catch.hpp>

#include "store_fixtures.hpp"

using namespace hailong;
using namespace hailong::server;
using hailong::test::sample_submission;
using hailong::test::seed_organisation;
using Status = IngestOutcome::Status;

#define STORE_BACKENDS hailong::test::SqliteBackend, hailong::test::PostgresBackend

namespace {

Instant received() { return parse_rfc3339("2026-11-20T18:00:00+07:00")->instant; }

DutyEvent duty(DutyKind kind, const std::string& at, std::optional<std::string> officer = std::nullopt) {
    return hailong::test::duty_event(kind, at, std::move(officer));
}

Submission rating_at(const std::string& at, std::optional<std::string> written) {
    Submission s = sample_submission(at);
    s.officer = std::move(written);
    return s;
}

IngestBatchOutcome send(Store& store, const std::string& kiosk, const std::vector<DutyEvent>& events,
                        const std::vector<Submission>& ratings) {
    IngestBatch batch;
    for (const DutyEvent& e : events) batch.duty.push_back({kiosk, e, received()});
    for (const Submission& s : ratings) batch.items.push_back({kiosk, s, received()});
    return store.ingest_batch(batch);
}

// The officer rollup rows of 20 November 2026 (counted and flagged alike), responses by officer
// key ("" for none).
std::map<std::string, std::int64_t> officer_responses(Store& store) {
    RollupQuery q;
    q.dim = RollupDim::officer;
    q.run = {RollupLevel::day, day_number(*parse_iso_date("2026-11-20")), day_number(*parse_iso_date("2026-11-20"))};
    std::map<std::string, std::int64_t> out;
    for (const RollupRow& r : store.rollups(q)) out[r.key] += r.tally.responses;
    std::map<std::string, std::int64_t> month;
    q.run = {RollupLevel::month, month_number(*parse_iso_date("2026-11-20")), month_number(*parse_iso_date("2026-11-20"))};
    for (const RollupRow& r : store.rollups(q)) month[r.key] += r.tally.responses;
    CHECK(month == out);  // the month rows moved with the day rows
    return out;
}

}  // namespace

TEMPLATE_TEST_CASE("roster: a rating is credited to the officer signed in at its kiosk when it was made", "[store][roster]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    // Before any sign-in the kiosk does not use the roster: its own officer stands (07:30).
    // SCT-001 signs in at 08:00; the kiosk still writes SCT-002 (an officer chosen long ago
    // behind the admin PIN): the roster wins (08:00 exactly, 09:00). SCT-001 signs out at 11:30:
    // nobody is on duty at 12:00.
    const Submission before = rating_at("2026-11-20T07:30:00+07:00", "SCT-002");
    const Submission at_sign_in = rating_at("2026-11-20T08:00:00+07:00", "SCT-002");
    const Submission during = rating_at("2026-11-20T09:00:00+07:00", "SCT-002");
    const Submission after = rating_at("2026-11-20T12:00:00+07:00", "SCT-002");
    const auto out = send(store, "K-SCT-01",
                          {duty(DutyKind::sign_in, "2026-11-20T08:00:00+07:00", "SCT-001"), duty(DutyKind::sign_out, "2026-11-20T11:30:00+07:00")},
                          {before, at_sign_in, during, after});
    REQUIRE(out.duty.size() == 2);
    for (const auto& o : out.duty) CHECK(o.status == Status::accepted);
    for (const auto& o : out.items) CHECK(o.status == Status::accepted);

    CHECK(store.find_submission(before.id)->officer == std::optional<std::string>("SCT-002"));
    CHECK(store.find_submission(at_sign_in.id)->officer == std::optional<std::string>("SCT-001"));
    CHECK(store.find_submission(during.id)->officer == std::optional<std::string>("SCT-001"));
    CHECK_FALSE(store.find_submission(after.id)->officer.has_value());
    CHECK(officer_responses(store) == std::map<std::string, std::int64_t>{{"", 1}, {"SCT-001", 2}, {"SCT-002", 1}});
}

TEMPLATE_TEST_CASE("roster: a sign-in that arrives after its ratings credits them afresh", "[store][roster]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    const Submission a = rating_at("2026-11-20T08:10:00+07:00", std::nullopt);
    const Submission b = rating_at("2026-11-20T10:10:00+07:00", std::nullopt);
    const Submission c = rating_at("2026-11-20T13:10:00+07:00", std::nullopt);
    send(store, "K-SCT-01", {}, {a, b, c});
    CHECK(officer_responses(store) == std::map<std::string, std::int64_t>{{"", 3}});

    // The kiosk's outbox sends the shift's events late: SCT-002 from 08:00 to 12:00, then SCT-001
    // from 13:00, each in its own request, the second first.
    send(store, "K-SCT-01", {duty(DutyKind::sign_in, "2026-11-20T13:00:00+07:00", "SCT-001")}, {});
    CHECK(officer_responses(store) == std::map<std::string, std::int64_t>{{"", 2}, {"SCT-001", 1}});
    send(store, "K-SCT-01",
         {duty(DutyKind::sign_in, "2026-11-20T08:00:00+07:00", "SCT-002"), duty(DutyKind::sign_out, "2026-11-20T12:00:00+07:00")}, {});
    CHECK(store.find_submission(a.id)->officer == std::optional<std::string>("SCT-002"));
    CHECK(store.find_submission(b.id)->officer == std::optional<std::string>("SCT-002"));
    CHECK(store.find_submission(c.id)->officer == std::optional<std::string>("SCT-001"));
    CHECK(officer_responses(store) == std::map<std::string, std::int64_t>{{"SCT-001", 1}, {"SCT-002", 2}});
}

TEMPLATE_TEST_CASE("roster: duty events are stored once, and another kiosk's id is refused", "[store][roster]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    store.add_kiosk({"K-SCT-02", "SCT", false, 0}, "hash-of-second-token");
    const DutyEvent in = duty(DutyKind::sign_in, "2026-11-20T08:00:00+07:00", "SCT-001");
    CHECK(send(store, "K-SCT-01", {in, in}, {}).duty[1].status == Status::duplicate);  // twice in one request
    CHECK(send(store, "K-SCT-01", {in}, {}).duty[0].status == Status::duplicate);      // and again later
    const auto other = send(store, "K-SCT-02", {in}, {});
    CHECK(other.duty[0].status == Status::rejected);
    REQUIRE(other.duty[0].error);
    CHECK(other.duty[0].error->code == "id_conflict");
    const auto entries = store.roster({});
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].kiosk_id == "K-SCT-01");
    CHECK(entries[0].event == in);
    CHECK_FALSE(entries[0].added_by);
    CHECK_FALSE(entries[0].voided_by);
}

TEMPLATE_TEST_CASE("roster: a correction credits the affected ratings afresh and is logged for good", "[store][roster]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    // SCT-001 signed in at 08:00 on the kiosk of SCT-002, who really served from 08:00 to 10:00.
    const DutyEvent wrong = duty(DutyKind::sign_in, "2026-11-20T08:00:00+07:00", "SCT-001");
    const Submission a = rating_at("2026-11-20T08:30:00+07:00", std::nullopt);
    const Submission b = rating_at("2026-11-20T09:30:00+07:00", std::nullopt);
    const Submission c = rating_at("2026-11-20T10:30:00+07:00", std::nullopt);
    send(store, "K-SCT-01", {wrong}, {a, b, c});
    CHECK(officer_responses(store) == std::map<std::string, std::int64_t>{{"SCT-001", 3}});

    RosterCorrection fix;
    fix.kiosk_id = "K-SCT-01";
    fix.void_event = wrong.id;
    fix.add = duty(DutyKind::sign_in, "2026-11-20T08:00:00+07:00", "SCT-002");
    fix.reason = "Cán bộ SCT-002 trực, quét nhầm thẻ";
    fix.actor = "admin";
    fix.at = received();
    const RosterCorrectionRun first = store.correct_roster(fix);
    CHECK(first.examined == 3);
    CHECK(first.moved == 3);
    // And SCT-001 took over at 10:00, which nobody recorded.
    RosterCorrection handover;
    handover.kiosk_id = "K-SCT-01";
    handover.add = duty(DutyKind::sign_in, "2026-11-20T10:00:00+07:00", "SCT-001");
    handover.reason = "Bàn giao ca lúc 10:00";
    handover.actor = "admin";
    handover.at = received();
    const RosterCorrectionRun second = store.correct_roster(handover);
    CHECK(second.examined == 1);  // from 10:00 on: only c
    CHECK(second.moved == 1);

    CHECK(store.find_submission(a.id)->officer == std::optional<std::string>("SCT-002"));
    CHECK(store.find_submission(b.id)->officer == std::optional<std::string>("SCT-002"));
    CHECK(store.find_submission(c.id)->officer == std::optional<std::string>("SCT-001"));
    CHECK(officer_responses(store) == std::map<std::string, std::int64_t>{{"SCT-001", 1}, {"SCT-002", 2}});

    const auto entries = store.roster({std::string("K-SCT-01"), std::nullopt, std::nullopt});
    REQUIRE(entries.size() == 3);
    const auto find = [&](const Uuid& id) {
        for (const auto& e : entries)
            if (e.event.id == id) return e;
        FAIL("no entry " + id.to_string());
        return entries.front();
    };
    CHECK(find(wrong.id).voided_by == std::optional<std::int64_t>(first.id));
    CHECK(find(fix.add->id).added_by == std::optional<std::int64_t>(first.id));
    CHECK(find(fix.add->id).event.method == std::optional<DutyMethod>(DutyMethod::admin));

    const auto log = store.roster_corrections();
    REQUIRE(log.size() == 2);
    CHECK(log[0].id == first.id);
    CHECK(log[0].correction.reason == fix.reason);
    CHECK(log[0].correction.void_event == std::optional<Uuid>(wrong.id));
    REQUIRE(log[0].correction.add);
    CHECK(log[0].correction.add->officer == std::optional<std::string>("SCT-002"));
    CHECK(log[0].moved == 3);
    CHECK(log[1].moved == 1);
    CHECK_FALSE(log[1].correction.void_event);

    // Nobody changes the log, not even with SQL.
    CHECK_THROWS(backend.exec("UPDATE roster_corrections SET reason = 'nothing happened'"));
    CHECK_THROWS(backend.exec("UPDATE roster_corrections SET moved = 0"));
    CHECK_THROWS(backend.exec("DELETE FROM roster_corrections"));

    // What cannot be corrected changes nothing.
    RosterCorrection again = fix;  // voiding an entry already voided
    again.add.reset();
    CHECK_THROWS_AS(store.correct_roster(again), StoreError);
    RosterCorrection nothing;
    nothing.kiosk_id = "K-SCT-01";
    nothing.reason = "?";
    nothing.actor = "admin";
    CHECK_THROWS_AS(store.correct_roster(nothing), StoreError);
    RosterCorrection elsewhere = handover;
    elsewhere.kiosk_id = "K-NOPE";
    elsewhere.add = duty(DutyKind::sign_out, "2026-11-20T11:00:00+07:00");
    CHECK_THROWS_AS(store.correct_roster(elsewhere), StoreError);
    CHECK(store.roster_corrections().size() == 2);
    CHECK(officer_responses(store) == std::map<std::string, std::int64_t>{{"SCT-001", 1}, {"SCT-002", 2}});
}

namespace {

struct Planned {
    std::string kiosk;
    bool is_duty = false;
    DutyEvent event;
    Submission rating;
};

// The brute-force reading of a roster: among the kiosk's events at or before the moment, the
// latest (ties by id text) decides; none: the kiosk's own officer.
std::optional<std::string> credit_by_hand(const std::vector<Planned>& all, const std::string& kiosk, Instant at,
                                          const std::optional<std::string>& written) {
    const Planned* latest = nullptr;
    for (const Planned& p : all) {
        if (!p.is_duty || p.kiosk != kiosk || p.event.at.instant > at) continue;
        if (!latest || p.event.at.instant > latest->event.at.instant ||
            (p.event.at.instant == latest->event.at.instant && p.event.id.to_string() > latest->event.id.to_string()))
            latest = &p;
    }
    if (!latest) return written;
    return latest->event.kind == DutyKind::sign_in ? latest->event.officer : std::nullopt;
}

}  // namespace

TEMPLATE_TEST_CASE("roster: in any order of arrival, every rating ends with the officer the whole roster gives it", "[store][roster]",
                   STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    store.add_kiosk({"K-SCT-02", "SCT", false, 0}, "hash-of-second-token");
    std::mt19937 random(20261207);
    const std::vector<std::string> kiosks{"K-SCT-01", "K-SCT-02"};
    const std::vector<std::string> officers{"SCT-001", "SCT-002", "SCT-009"};  // SCT-009: not in the chart, kept as sent
    std::vector<Planned> all;
    // 60 ratings and 16 duty events over 08:00-16:00, on whole minutes so that some share a
    // moment with an event; ratings 3 minutes apart at the least per kiosk (never a burst).
    for (int i = 0; i < 60; ++i) {
        const int minute = 3 * i;
        char at[40];
        std::snprintf(at, sizeof at, "2026-11-20T%02d:%02d:00+07:00", 8 + minute / 60, minute % 60);
        Planned p;
        p.kiosk = kiosks[static_cast<std::size_t>(i % 2)];
        std::uniform_int_distribution<int> pick(0, 3);
        const int w = pick(random);
        p.rating = rating_at(at, w == 3 ? std::nullopt : std::optional<std::string>(officers[static_cast<std::size_t>(w)]));
        all.push_back(p);
    }
    for (int i = 0; i < 16; ++i) {
        std::uniform_int_distribution<int> minute_of(0, 180);
        const int minute = minute_of(random) / 3 * 3;  // often the very minute of a rating
        char at[40];
        std::snprintf(at, sizeof at, "2026-11-20T%02d:%02d:00+07:00", 8 + minute / 60, minute % 60);
        Planned p;
        p.kiosk = kiosks[static_cast<std::size_t>(i % 2)];
        p.is_duty = true;
        const bool in = std::uniform_int_distribution<int>(0, 2)(random) != 0;
        p.event = duty(in ? DutyKind::sign_in : DutyKind::sign_out, at,
                       in ? std::optional<std::string>(officers[static_cast<std::size_t>(i % 3)]) : std::nullopt);
        all.push_back(p);
    }
    std::vector<Planned> arrival = all;
    std::shuffle(arrival.begin(), arrival.end(), random);
    // Sent in requests of 1 to 7 elements, each for one kiosk, duty events and ratings mixed.
    std::size_t i = 0;
    while (i < arrival.size()) {
        const std::size_t n = std::uniform_int_distribution<std::size_t>(1, 7)(random);
        std::map<std::string, std::pair<std::vector<DutyEvent>, std::vector<Submission>>> requests;
        for (std::size_t j = i; j < std::min(arrival.size(), i + n); ++j) {
            auto& r = requests[arrival[j].kiosk];
            if (arrival[j].is_duty) {
                r.first.push_back(arrival[j].event);
            } else {
                r.second.push_back(arrival[j].rating);
            }
        }
        for (const auto& [kiosk, r] : requests) {
            const auto out = send(store, kiosk, r.first, r.second);
            for (const auto& o : out.duty) REQUIRE(o.status == Status::accepted);
            for (const auto& o : out.items) REQUIRE(o.status == Status::accepted);
        }
        i += n;
    }

    std::map<std::string, std::int64_t> expected_rows;
    for (const Planned& p : all) {
        if (p.is_duty) continue;
        const auto expected = credit_by_hand(all, p.kiosk, p.rating.created_at.instant, p.rating.officer);
        CHECK(store.find_submission(p.rating.id)->officer == expected);
        ++expected_rows[expected.value_or("")];
    }
    CHECK(officer_responses(store) == expected_rows);
}

TEMPLATE_TEST_CASE("roster: officers' sign-in credentials are kept as hashes, per department", "[store][roster]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed_organisation(store);
    CHECK(store.officer_credentials("SCT").empty());
    store.set_officer_pin("SCT-001", std::string("$argon2id$pin-hash-1"));
    store.set_officer_card("SCT-001", std::string("card-hash-1"));
    store.set_officer_card("SCT-002", std::string("card-hash-2"));
    store.set_officer_card("STTTT-001", std::string("card-hash-3"));
    CHECK(store.officer_credentials("SCT") ==
          std::vector<OfficerCredentials>{{"SCT-001", std::string("$argon2id$pin-hash-1"), std::string("card-hash-1")},
                                          {"SCT-002", std::nullopt, std::string("card-hash-2")}});
    // A new card replaces the old; the PIN stays. A PIN removed leaves the card.
    store.set_officer_card("SCT-001", std::string("card-hash-1b"));
    store.set_officer_pin("SCT-002", std::nullopt);
    CHECK(store.officer_credentials("SCT")[0] == OfficerCredentials{"SCT-001", std::string("$argon2id$pin-hash-1"), std::string("card-hash-1b")});
    CHECK(store.officer_credentials().size() == 3);
    CHECK_THROWS_AS(store.set_officer_pin("SCT-404", std::string("x")), StoreError);
    CHECK_THROWS_AS(store.set_officer_card("SCT-404", std::string("x")), StoreError);
}

TEMPLATE_TEST_CASE("roster: after the upgrade to version 13 a stored rating keeps its officer, and a late sign-in still credits it",
                   "[store][roster]", STORE_BACKENDS) {
    TestType backend;
    seed_organisation(backend.store);
    const Submission old = rating_at("2026-11-20T09:00:00+07:00", "SCT-002");
    backend.store.ingest({{"K-SCT-01", old, received()}});
    backend.exec(TestType::undo_since_12);
    backend.set_schema_version(11);
    const auto upgraded = backend.reopen();
    CHECK(upgraded->find_submission(old.id)->officer == std::optional<std::string>("SCT-002"));
    // The officer the kiosk wrote was kept as written: a sign-out before it, then a correction
    // voiding that sign-out, give it back.
    const DutyEvent out = duty(DutyKind::sign_out, "2026-11-20T08:00:00+07:00");
    send(*upgraded, "K-SCT-01", {out}, {});
    CHECK_FALSE(upgraded->find_submission(old.id)->officer.has_value());
    RosterCorrection undo;
    undo.kiosk_id = "K-SCT-01";
    undo.void_event = out.id;
    undo.reason = "sent by mistake";
    undo.actor = "admin";
    undo.at = received();
    CHECK(upgraded->correct_roster(undo).moved == 1);
    CHECK(upgraded->find_submission(old.id)->officer == std::optional<std::string>("SCT-002"));
}
