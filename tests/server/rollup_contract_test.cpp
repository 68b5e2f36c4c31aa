// Rollups and suspicion flags kept at ingest (store.hpp, rollup.hpp), on every backend. The
// expected sums are recomputed here from the submissions themselves by a brute-force method that
// shares no code with the stores: flags by counting neighbours pairwise, days by the RFC 3339
// text's own date after conversion to UTC+7, sums by walking every submission.
#include <algorithm>
#include <map>
#include <random>
#include <thread>

#include <catch2/catch.hpp>

#include "hailong/server/store/setting_keys.hpp"
#include "store_fixtures.hpp"

using namespace hailong;
using namespace hailong::server;
using hailong::test::sample_submission;
using hailong::test::seed_organisation;

#define STORE_BACKENDS hailong::test::SqliteBackend, hailong::test::PostgresBackend

namespace {
using namespace std::chrono;

struct Stored {
    std::string kiosk;
    Submission s;
};

// Two departments, two kiosks at SCT and one at STTTT.
void seed(Store& store) {
    seed_organisation(store);
    store.add_kiosk({"K-SCT-02", "SCT", false, 0}, "hash-2");
    store.add_kiosk({"K-STTTT-01", "STTTT", false, 0}, "hash-3");
}

// A fixed-seed mix over 2026-10-28 .. 2026-11-03 (across a month boundary): office hours and
// some evenings, tight runs that make bursts, repeated dossier codes, every rating level and
// TT 01 answers with gaps.
std::vector<Stored> random_submissions(unsigned seed_value, std::size_t count) {
    std::mt19937 rng(seed_value);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    std::vector<Stored> out;
    const Instant first_day = parse_rfc3339("2026-10-28T00:00:00+07:00")->instant;
    for (std::size_t i = 0; i < count; ++i) {
        Stored st;
        Instant t;
        if (!out.empty() && pick(4) == 0) {
            // Right after the one before, at the same kiosk: runs of these make bursts.
            t = out.back().s.created_at.instant + seconds{1 + pick(3)};
            st.kiosk = out.back().kiosk;
        } else {
            // Office hours mostly, one in twenty at any time of day or night.
            const int minute = pick(20) ? 7 * 60 + pick(630) : pick(1440);
            t = first_day + days{pick(7)} + minutes{minute} + seconds{pick(60)};
            const int k = pick(3);
            st.kiosk = k == 0 ? "K-SCT-01" : k == 1 ? "K-SCT-02" : "K-STTTT-01";
        }
        const bool sct = st.kiosk != "K-STTTT-01";
        Submission& s = st.s;
        s.id = Uuid::random_v4();
        s.created_at = Timestamp{t, minutes{pick(2) ? 7 * 60 : 0}};
        s.department = sct ? "SCT" : "STTTT";
        if (pick(5)) s.officer = !sct ? "STTTT-001" : pick(2) ? "SCT-001" : "SCT-002";
        if (pick(4)) s.service = pick(2) ? "1.001234" : "2.000567";
        if (pick(3) == 0) s.dossier = "HS-" + std::to_string(pick(150));
        if (const int stage = pick(3); stage < 2) s.stage = stage ? DossierStage::collection : DossierStage::filing;
        const int scale = pick(4) ? 3 : 5;
        s.rating = Rating{scale, 1 + pick(scale)};
        if (pick(3)) s.tt01.time = pick(3);
        if (pick(3)) s.tt01.contacts = pick(3);
        if (pick(2)) s.tt01.agencies = pick(3);
        if (pick(3)) s.tt01.attitude = pick(3);
        if (const int h = pick(4); h < 3) s.harassment = h == 0;
        if (pick(10) == 0) s.tracking_code = "TC" + std::to_string(i);
        out.push_back(std::move(st));
    }
    return out;
}

// methodology.md section 6, counted the slow way.
bool flagged_brute_force(const std::vector<Stored>& all, const Stored& x) {
    // Outside the standard hours: Monday-Friday 07:00-17:30, Saturday 07:00-11:30, local time.
    const auto local = x.s.created_at.instant + hours{7};
    const auto day = floor<days>(local);
    const auto minute = duration_cast<minutes>(local - day).count();
    const unsigned wd = weekday{day}.iso_encoding();
    const bool open = (wd <= 5 && minute >= 420 && minute < 1050) || (wd == 6 && minute >= 420 && minute < 690);
    if (!open) return true;
    // Another rating of its dossier code at the same stage, or, where either stage is unknown,
    // on the same local day (pair by pair, unlike the store's counting).
    const auto local_date = [](const Submission& s) { return floor<days>(s.created_at.instant + hours{7}); };
    if (x.s.dossier && std::any_of(all.begin(), all.end(), [&](const Stored& o) {
            if (&o == &x || o.s.dossier != x.s.dossier) return false;
            return o.s.stage && x.s.stage ? *o.s.stage == *x.s.stage : local_date(o.s) == local_date(x.s);
        }))
        return true;
    // Some window [t, t + 10 s] starting at a submission of the same kiosk holds x and 4 others.
    for (const Stored& start : all) {
        if (start.kiosk != x.kiosk) continue;
        const Instant t0 = start.s.created_at.instant;
        if (x.s.created_at.instant < t0 || x.s.created_at.instant > t0 + seconds{10}) continue;
        const auto inside = std::count_if(all.begin(), all.end(), [&](const Stored& o) {
            return o.kiosk == x.kiosk && o.s.created_at.instant >= t0 && o.s.created_at.instant <= t0 + seconds{10};
        });
        if (inside >= 5) return true;
    }
    return false;
}

// The expected rows of one dimension over local dates from..to, from the submissions.
std::map<std::tuple<std::string, std::string, bool>, indices::Tally> expected(const std::vector<Stored>& all, RollupDim dim,
                                                                              const std::string& from, const std::string& to) {
    std::map<std::tuple<std::string, std::string, bool>, indices::Tally> rows;
    for (const Stored& x : all) {
        const std::string date = format_rfc3339(x.s.created_at.instant, hours{7}).substr(0, 10);
        if (date < from || date > to) continue;
        // The hour-of-week key read off the local time's text: the weekday counted from Monday
        // 2026-11-30 (a Monday), the hour its two digits.
        const auto weekday = [&] {
            const auto n = (sys_days{*parse_iso_date(date)} - sys_days{*parse_iso_date("2026-11-30")}).count();
            return std::to_string(((n % 7) + 7) % 7 + 1);
        };
        const std::string key = dim == RollupDim::department ? x.s.department
                                : dim == RollupDim::officer  ? x.s.officer.value_or("")
                                : dim == RollupDim::service  ? x.s.service.value_or("")
                                : dim == RollupDim::kiosk    ? x.kiosk
                                                             : weekday() + "-" + format_rfc3339(x.s.created_at.instant, hours{7}).substr(11, 2);
        rows[{x.s.department, key, flagged_brute_force(all, x)}].add(x.s);
    }
    return rows;
}

// What the store says for the same dimension and dates, summed over the planned runs.
std::map<std::tuple<std::string, std::string, bool>, indices::Tally> actual(Store& store, RollupDim dim, const std::string& from,
                                                                            const std::string& to) {
    std::map<std::tuple<std::string, std::string, bool>, indices::Tally> rows;
    for (const PeriodRun& run : plan_range(*parse_iso_date(from), *parse_iso_date(to))) {
        RollupQuery q;
        q.dim = dim;
        q.run = run;
        for (const RollupRow& r : store.rollups(q)) rows[{r.department, r.key, r.flagged}] += r.tally;
    }
    return rows;
}

void ingest_in_groups(Store& store, const std::vector<Stored>& all, std::size_t group) {
    for (std::size_t i = 0; i < all.size(); i += group) {
        std::vector<IngestItem> items;
        for (std::size_t j = i; j < std::min(all.size(), i + group); ++j)
            items.push_back({all[j].kiosk, all[j].s, parse_rfc3339("2026-11-04T09:00:00+07:00")->instant});
        for (const auto& o : store.ingest(items)) REQUIRE(o.status == IngestOutcome::Status::accepted);
    }
}
}  // namespace

TEMPLATE_TEST_CASE("store: rollups equal the sums recomputed from the submissions, for every grouping and range", "[store][rollup]",
                   STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed(store);
    auto all = random_submissions(20261122, 400);
    // Arrival order is not creation order: a kiosk that was offline sends late.
    std::shuffle(all.begin(), all.end(), std::mt19937(7));
    ingest_in_groups(store, all, 37);

    REQUIRE(store.submission_count() == 400);
    std::size_t flagged = 0;
    for (const Stored& x : all) flagged += flagged_brute_force(all, x) ? 1U : 0U;
    INFO(flagged << " of 400 flagged");
    REQUIRE(flagged > 20);  // the data do exercise the rules
    REQUIRE(flagged < 300);

    for (const RollupDim dim : all_rollup_dims) {
        INFO("group " << to_string(dim));
        for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
                 {"2026-10-28", "2026-11-03"}, {"2026-10-01", "2026-11-30"}, {"2026-10-31", "2026-11-01"}, {"2026-11-02", "2026-11-02"}}) {
            INFO("from " << from << " to " << to);
            CHECK(actual(store, dim, from, to) == expected(all, dim, from, to));
        }
    }
    for (const Stored& x : all) {
        const auto f = store.submission_flags(x.s.id);
        REQUIRE(f);
        CHECK((*f != 0) == flagged_brute_force(all, x));
    }
}

TEMPLATE_TEST_CASE("store: the fifth submission of a burst flags the four before it and moves them in the rollups", "[store][rollup]",
                   STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed(store);
    std::vector<Submission> subs;
    for (int i = 0; i < 5; ++i) subs.push_back(sample_submission("2026-11-20T09:00:0" + std::to_string(2 * i) + "+07:00"));
    for (int i = 0; i < 4; ++i) store.ingest({{"K-SCT-01", subs[static_cast<std::size_t>(i)], subs[0].created_at.instant}});
    RollupQuery q;
    q.dim = RollupDim::department;
    q.run = plan_range(*parse_iso_date("2026-11-20"), *parse_iso_date("2026-11-20")).front();
    auto rows = store.rollups(q);
    REQUIRE(rows.size() == 1);
    CHECK_FALSE(rows[0].flagged);
    CHECK(rows[0].tally.responses == 4);
    CHECK(store.submission_flags(subs[0].id) == Flags{0});

    store.ingest({{"K-SCT-01", subs[4], subs[4].created_at.instant}});
    rows = store.rollups(q);
    REQUIRE(rows.size() == 1);  // the unflagged row is now empty and left out
    CHECK(rows[0].flagged);
    CHECK(rows[0].tally.responses == 5);
    for (const auto& s : subs) CHECK(store.submission_flags(s.id) == flag_bit(Flag::burst));

    // The month row moved too.
    q.run = plan_range(*parse_iso_date("2026-11-01"), *parse_iso_date("2026-11-30")).front();
    REQUIRE(q.run.level == RollupLevel::month);
    rows = store.rollups(q);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].flagged);
}

TEMPLATE_TEST_CASE("store: a late submission counts on the day it was made, a repeated dossier and a night rating are flagged",
                   "[store][rollup]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed(store);
    // Made at 23:30 UTC on 19 November = 06:30 on 20 November in Hà Nội (before opening);
    // received two days later.
    Submission night = sample_submission("2026-11-19T23:30:00Z");
    Submission first = sample_submission("2026-11-20T08:00:00+07:00");
    first.dossier = "000.00.12.H56-261120-0001";
    Submission again = sample_submission("2026-11-20T10:00:00+07:00");
    again.dossier = first.dossier;
    const Instant later = parse_rfc3339("2026-11-22T08:00:00+07:00")->instant;
    store.ingest({{"K-SCT-01", night, later}, {"K-SCT-01", first, later}});
    CHECK(store.submission_flags(night.id) == flag_bit(Flag::outside_hours));
    CHECK(store.submission_flags(first.id) == Flags{0});
    store.ingest({{"K-SCT-02", again, later}});
    CHECK(store.submission_flags(first.id) == flag_bit(Flag::repeated_dossier));
    CHECK(store.submission_flags(again.id) == flag_bit(Flag::repeated_dossier));

    RollupQuery q;
    q.dim = RollupDim::kiosk;
    q.run = {RollupLevel::day, day_number(*parse_iso_date("2026-11-20")), day_number(*parse_iso_date("2026-11-22"))};
    q.by_period = true;
    const auto rows = store.rollups(q);
    REQUIRE(rows.size() == 2);
    // Everything on the 20th (the day made), nothing on the 22nd (the day received).
    CHECK(rows[0].period == day_number(*parse_iso_date("2026-11-20")));
    CHECK(rows[0].key == "K-SCT-01");
    CHECK(rows[0].flagged);
    CHECK(rows[0].tally.responses == 2);
    CHECK(rows[1].key == "K-SCT-02");
    CHECK(rows[1].tally.responses == 1);
}

TEMPLATE_TEST_CASE("store: a dossier rated at filing and at collection is not a repeat, twice at one stage or twice a day unknown is",
                   "[store][rollup]", STORE_BACKENDS) {
    // Issue 17 item 5, methodology.md section 6.
    TestType backend;
    Store& store = backend.store;
    seed(store);
    auto rating = [](const char* at, const char* dossier, std::optional<DossierStage> stage) {
        Submission s = sample_submission(at);
        s.dossier = dossier;
        s.stage = stage;
        return s;
    };
    // A: filed on Monday 16 Nov, collected on Friday 20 Nov (a December rating of a November
    // dossier is the same case): normal, neither flagged.
    const Submission a_filing = rating("2026-11-16T09:00:00+07:00", "HS-A", DossierStage::filing);
    const Submission a_collection = rating("2026-11-20T09:00:00+07:00", "HS-A", DossierStage::collection);
    // B: collected twice, days apart: both flagged.
    const Submission b1 = rating("2026-11-16T09:00:00+07:00", "HS-B", DossierStage::collection);
    const Submission b2 = rating("2026-11-19T09:00:00+07:00", "HS-B", DossierStage::collection);
    // C: stage unknown, on two days: not flagged; D: stage unknown, twice in one day: both.
    const Submission c1 = rating("2026-11-16T09:00:00+07:00", "HS-C", std::nullopt);
    const Submission c2 = rating("2026-11-17T09:00:00+07:00", "HS-C", std::nullopt);
    const Submission d1 = rating("2026-11-18T08:00:00+07:00", "HS-D", std::nullopt);
    const Submission d2 = rating("2026-11-18T16:00:00+07:00", "HS-D", std::nullopt);
    // E: filed, and the same day a rating of unknown stage, which may be a second filing: both.
    const Submission e1 = rating("2026-11-18T08:00:00+07:00", "HS-E", DossierStage::filing);
    const Submission e2 = rating("2026-11-18T09:00:00+07:00", "HS-E", std::nullopt);
    for (const Submission* s : {&a_filing, &a_collection, &b1, &b2, &c1, &c2, &d1, &d2, &e1, &e2})
        store.ingest({{"K-SCT-01", *s, s->created_at.instant}});  // one at a time: stored rows meet new ones
    const Flags repeated = flag_bit(Flag::repeated_dossier);
    CHECK(store.submission_flags(a_filing.id) == Flags{0});
    CHECK(store.submission_flags(a_collection.id) == Flags{0});
    CHECK(store.submission_flags(b1.id) == repeated);
    CHECK(store.submission_flags(b2.id) == repeated);
    CHECK(store.submission_flags(c1.id) == Flags{0});
    CHECK(store.submission_flags(c2.id) == Flags{0});
    CHECK(store.submission_flags(d1.id) == repeated);
    CHECK(store.submission_flags(d2.id) == repeated);
    CHECK(store.submission_flags(e1.id) == repeated);
    CHECK(store.submission_flags(e2.id) == repeated);
    // The stage is kept with the rating.
    CHECK(store.find_submission(a_collection.id)->stage == DossierStage::collection);
    CHECK_FALSE(store.find_submission(c1.id)->stage);
}

TEMPLATE_TEST_CASE("store: opening hours come from the site setting", "[store][rollup]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed(store);
    CHECK_FALSE(store.setting(server::setting_key::opening_hours));
    store.set_setting(server::setting_key::opening_hours, "sun 08:00-12:00");
    CHECK(store.setting(server::setting_key::opening_hours) == "sun 08:00-12:00");
    const Submission sunday = sample_submission("2026-11-22T09:00:00+07:00");
    const Submission friday = sample_submission("2026-11-20T09:00:00+07:00");
    store.ingest({{"K-SCT-01", sunday, sunday.created_at.instant}, {"K-SCT-01", friday, friday.created_at.instant}});
    CHECK(store.submission_flags(sunday.id) == Flags{0});
    CHECK(store.submission_flags(friday.id) == flag_bit(Flag::outside_hours));
}

TEMPLATE_TEST_CASE("store: rollups stay exact when several threads ingest one kiosk's bursts at once", "[store][rollup]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed(store);
    // 4 threads, each 50 submissions of kiosk K-SCT-01; thread i takes every 4th, so bursts span
    // threads and the flag rules see rows that other transactions are writing.
    std::vector<Stored> all;
    const Instant t0 = parse_rfc3339("2026-11-20T08:00:00+07:00")->instant;
    for (int i = 0; i < 200; ++i) {
        Stored st{"K-SCT-01", sample_submission()};
        st.s.created_at = Timestamp{t0 + seconds{(i / 10) * 60 + i % 10}, minutes{420}};  // runs of ten, one a second
        st.s.rating.value = 1 + i % 3;
        if (i % 7 == 0) st.s.dossier = "HS-" + std::to_string(i % 3);
        all.push_back(std::move(st));
    }
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (std::size_t i = t; i < all.size(); i += 4) store.ingest({{all[i].kiosk, all[i].s, t0}});
        });
    }
    for (auto& th : threads) th.join();
    for (const RollupDim dim : all_rollup_dims)
        CHECK(actual(store, dim, "2026-11-01", "2026-11-30") == expected(all, dim, "2026-11-01", "2026-11-30"));
}

TEMPLATE_TEST_CASE("store: dossier records are added, replaced on re-import, and counted once in the rollups", "[store][rollup]",
                   STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed(store);
    DossierRecord a{"D1", "SCT", "SCT-001", std::nullopt, *parse_iso_date("2026-11-20"), DossierOutcome::late, {2, 2, 2, 2, 2}};
    DossierRecord b{"D2", "SCT", "SCT-002", "1.001234", *parse_iso_date("2026-11-21"), DossierOutcome::early, {}};
    CHECK(store.import_dossiers({a, b}) == DossierImportCounts{2, 0});
    // D1 again: now on time, done on the 25th, indices 1 point each.
    a.outcome = DossierOutcome::on_time;
    a.completed_on = *parse_iso_date("2026-11-25");
    a.unit = {1, 1, 1, 1, 1};
    CHECK(store.import_dossiers({a}) == DossierImportCounts{0, 1});
    CHECK_THROWS_AS(store.import_dossiers({DossierRecord{"D3", "NOPE", {}, {}, *parse_iso_date("2026-11-20"), {}, {}}}), StoreError);

    RollupQuery q;
    q.dim = RollupDim::department;
    q.run = plan_range(*parse_iso_date("2026-11-01"), *parse_iso_date("2026-11-30")).front();
    auto rows = store.dossier_rollups(q);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].tally.dossiers == 2);
    CHECK(rows[0].tally.late == 0);
    CHECK(rows[0].tally.on_time == 1);
    CHECK(rows[0].tally.early == 1);
    CHECK(rows[0].tally.unit[0] == indices::IndexTally{1, 1});
    // Per day: nothing left on the 20th, D1 on the 25th.
    q.dim = RollupDim::officer;
    q.run = {RollupLevel::day, day_number(*parse_iso_date("2026-11-20")), day_number(*parse_iso_date("2026-11-25"))};
    q.by_period = true;
    rows = store.dossier_rollups(q);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].key == "SCT-002");
    CHECK(rows[1].key == "SCT-001");
    CHECK(rows[1].period == day_number(*parse_iso_date("2026-11-25")));
}

namespace {
// One row of the department's dossier rollups for November 2026 (all of this test's records).
DossierTally november_dossiers(Store& store) {
    RollupQuery q;
    q.dim = RollupDim::department;
    q.run = plan_range(*parse_iso_date("2026-11-01"), *parse_iso_date("2026-11-30")).front();
    const auto rows = store.dossier_rollups(q);
    REQUIRE(rows.size() == 1);
    return rows[0].tally;
}

// A rating of `dossier` at `at` on `scale` with `value`, index 1 answered `time`.
Submission rating_of(const std::string& dossier, const char* at, int scale, int value, std::optional<int> time) {
    Submission s = sample_submission(at);
    s.dossier = dossier;
    s.rating = Rating{scale, value};
    s.tt01.time = time;
    return s;
}
}  // namespace

TEMPLATE_TEST_CASE("store: a dossier record links to the ratings naming it, whichever arrives first", "[store][rollup][dossier]",
                   STORE_BACKENDS) {
    // The 766-style population (methodology.md section 3): records; a record is linked when a
    // rating names it, complained when one of them is a complaint or below the middle level, and
    // (index 1's cross-check) compared when it has an outcome and a rating answered index 1,
    // agreeing when that answer is the outcome's points. Worked by hand below, per record.
    TestType backend;
    Store& store = backend.store;
    seed(store);
    const auto ingest = [&](const Submission& s) {
        REQUIRE(store.ingest({{"K-SCT-01", s, s.created_at.instant}}).at(0).status == IngestOutcome::Status::accepted);
    };
    // Before the records: D1 rated satisfied, index 1 "on time" (1) -> linked, compared, agreeing.
    ingest(rating_of("D1", "2026-11-20T08:00:00+07:00", 3, 3, 1));
    // D2 rated "Bình thường" (scale 5, level 3: the middle, not a complaint), index 1 "early" (2).
    ingest(rating_of("D2", "2026-11-20T08:05:00+07:00", 5, 3, 2));
    const auto on = [](const char* day) { return *parse_iso_date(day); };
    const DossierRecord d1{"D1", "SCT", "SCT-001", std::nullopt, on("2026-11-20"), DossierOutcome::on_time, {}};
    DossierRecord d2{"D2", "SCT", "SCT-001", std::nullopt, on("2026-11-20"), DossierOutcome::late, {}};
    const DossierRecord d3{"D3", "SCT", "SCT-002", std::nullopt, on("2026-11-21"), std::nullopt, {}};
    const DossierRecord d4{"D4", "SCT", "SCT-002", std::nullopt, on("2026-11-22"), DossierOutcome::early, {}};
    CHECK(store.import_dossiers({d1, d2, d3, d4}) == DossierImportCounts{4, 0});
    DossierTally t = november_dossiers(store);
    CHECK(t.dossiers == 4);
    CHECK(t.linked == 2);         // D1, D2
    CHECK(t.complained == 0);     // the middle level is not a complaint
    CHECK(t.time_compared == 2);  // D1, D2
    CHECK(t.time_agreeing == 1);  // D1 (D2 answered early, the record says late)

    // After the records: D2 rated below the middle (scale 5, level 2) -> complained; D3 a
    // complaint without an outcome -> linked, complained, not compared; a code without a record
    // counts nowhere; D1 rated again in one batch with D3 changes nothing for D1.
    ingest(rating_of("D2", "2026-11-21T09:00:00+07:00", 5, 2, std::nullopt));
    Submission complaint = rating_of("D3", "2026-11-21T09:10:00+07:00", 3, 1, 0);
    complaint.tracking_code = "TC-LINK-1";
    const Submission d1_again = rating_of("D1", "2026-11-21T09:20:00+07:00", 3, 1, 0);
    const auto outcomes = store.ingest({{"K-SCT-01", complaint, complaint.created_at.instant},
                                        {"K-SCT-01", d1_again, d1_again.created_at.instant},
                                        {"K-SCT-01", rating_of("D9", "2026-11-21T09:30:00+07:00", 3, 1, 0), complaint.created_at.instant}});
    for (const IngestOutcome& o : outcomes) REQUIRE(o.status == IngestOutcome::Status::accepted);
    t = november_dossiers(store);
    CHECK(t.dossiers == 4);
    CHECK(t.linked == 3);         // D1, D2, D3 (D4 has no rating)
    CHECK(t.complained == 3);     // D2 (level 2), D3 (complaint), D1 (its second rating, level 1 of 3)
    CHECK(t.time_compared == 2);  // D1, D2; D3 has no outcome
    CHECK(t.time_agreeing == 1);  // D1's first answer agreed; its second (late) does not take that back

    // D2 imported again as early: its first rating's answer (early) now agrees.
    d2.outcome = DossierOutcome::early;
    CHECK(store.import_dossiers({d2}) == DossierImportCounts{0, 1});
    t = november_dossiers(store);
    CHECK(t.dossiers == 4);
    CHECK(t.linked == 3);
    CHECK(t.time_compared == 2);
    CHECK(t.time_agreeing == 2);

    // Per officer and day: SCT-002's records are D3 (linked, on the 21st) and D4 (not, the 22nd).
    RollupQuery q;
    q.dim = RollupDim::officer;
    q.key = "SCT-002";
    q.run = {RollupLevel::day, day_number(on("2026-11-21")), day_number(on("2026-11-22"))};
    q.by_period = true;
    const auto rows = store.dossier_rollups(q);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].tally.linked == 1);
    CHECK(rows[1].tally.linked == 0);

    SECTION("a database of schema version 9 learns the links from its ratings") {
        // Version 9 had neither the records' nor the rollups' link columns (the 766-style counts
        // were read by a join at each query): drop them, and the upgrade must work them out again.
        backend.exec(
            "DROP TABLE officer_versions; DROP TABLE department_versions; "  // version 11
            "ALTER TABLE dossier_records DROP COLUMN linked; ALTER TABLE dossier_records DROP COLUMN complained; "
            "ALTER TABLE dossier_records DROP COLUMN compared; ALTER TABLE dossier_records DROP COLUMN agreeing; "
            "ALTER TABLE dossier_rollups DROP COLUMN linked; ALTER TABLE dossier_rollups DROP COLUMN complained; "
            "ALTER TABLE dossier_rollups DROP COLUMN time_compared; ALTER TABLE dossier_rollups DROP COLUMN time_agreeing;");
        backend.set_schema_version(9);
        const auto upgraded = backend.reopen();
        CHECK(november_dossiers(*upgraded) == t);
        CHECK(upgraded->dossier_rollups(q) == rows);
    }
}
