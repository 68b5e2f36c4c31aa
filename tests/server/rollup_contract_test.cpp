// Rollups and suspicion flags kept at ingest (store.hpp, rollup.hpp), on every backend. The
// expected sums are recomputed here from the submissions themselves by a brute-force method that
// shares no code with the stores: flags by counting neighbours pairwise, days by the RFC 3339
// text's own date after conversion to UTC+7, sums by walking every submission.
#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <thread>

#include <catch2/catch.hpp>

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

// Whether a rating was made in opening hours, given the department, the local weekday (1 Monday
// .. 7 Sunday), the minute of the local day and the local date as YYYY-MM-DD text.
using OpenRule = std::function<bool(const std::string& department, unsigned weekday, long minute, const std::string& date)>;

// The standard hours: Monday-Friday 07:00-17:30, Saturday 07:00-11:30, local time.
bool standard_open(const std::string&, unsigned wd, long minute, const std::string&) {
    return (wd <= 5 && minute >= 420 && minute < 1050) || (wd == 6 && minute >= 420 && minute < 690);
}

// methodology.md section 6, counted the slow way: every flag a rating earns.
Flags flags_brute_force(const std::vector<Stored>& all, const Stored& x, const OpenRule& open_at = standard_open) {
    Flags flags = 0;
    const auto local = x.s.created_at.instant + hours{7};
    const auto day = floor<days>(local);
    const auto minute = duration_cast<minutes>(local - day).count();
    const unsigned wd = weekday{day}.iso_encoding();
    if (!open_at(x.s.department, wd, minute, format_rfc3339(x.s.created_at.instant, hours{7}).substr(0, 10)))
        flags |= flag_bit(Flag::outside_hours);
    // Another rating of its dossier code at the same stage, or, where either stage is unknown,
    // on the same local day (pair by pair, unlike the store's counting).
    const auto local_date = [](const Submission& s) { return floor<days>(s.created_at.instant + hours{7}); };
    if (x.s.dossier && std::any_of(all.begin(), all.end(), [&](const Stored& o) {
            if (&o == &x || o.s.dossier != x.s.dossier) return false;
            return o.s.stage && x.s.stage ? *o.s.stage == *x.s.stage : local_date(o.s) == local_date(x.s);
        }))
        flags |= flag_bit(Flag::repeated_dossier);
    // Some window [t, t + 10 s] starting at a submission of the same kiosk holds x and 4 others.
    for (const Stored& start : all) {
        if (start.kiosk != x.kiosk) continue;
        const Instant t0 = start.s.created_at.instant;
        if (x.s.created_at.instant < t0 || x.s.created_at.instant > t0 + seconds{10}) continue;
        const auto inside = std::count_if(all.begin(), all.end(), [&](const Stored& o) {
            return o.kiosk == x.kiosk && o.s.created_at.instant >= t0 && o.s.created_at.instant <= t0 + seconds{10};
        });
        if (inside >= 5) flags |= flag_bit(Flag::burst);
    }
    return flags;
}

bool flagged_brute_force(const std::vector<Stored>& all, const Stored& x) { return flags_brute_force(all, x) != 0; }

using Sums = std::map<std::tuple<std::string, std::string, bool>, indices::Tally>;

// The expected rows of one dimension over local dates from..to, from the submissions, each
// flagged as `flagged` says.
Sums expected(const std::vector<Stored>& all, RollupDim dim, const std::string& from, const std::string& to,
              const std::function<bool(const Stored&)>& flagged) {
    Sums rows;
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
        rows[{x.s.department, key, flagged(x)}].add(x.s);
    }
    return rows;
}

// The same, flagged by the rules with the standard hours.
Sums expected(const std::vector<Stored>& all, RollupDim dim, const std::string& from, const std::string& to) {
    return expected(all, dim, from, to, [&](const Stored& x) { return flagged_brute_force(all, x); });
}

// What the store says for the same dimension and dates, summed over the planned runs.
Sums actual(Store& store, RollupDim dim, const std::string& from, const std::string& to) {
    Sums rows;
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

namespace {

// A version of the opening hours as hailong-admin records it.
OpeningHoursVersion hours_version(const char* department, const char* from, const char* text) {
    return {department, *parse_iso_date(from), *OpeningHours::parse(text), parse_rfc3339("2026-11-01T08:00:00+07:00")->instant, "tester"};
}

// A rating of STTTT's officer made at `created`.
Submission sttt_submission(const char* created) {
    Submission s = sample_submission(created);
    s.department = "STTTT";
    s.officer = "STTTT-001";
    return s;
}

// Every rollup row of the store, by key: each dimension's day rows over first..last and month
// rows over their months.
std::map<RollupKey, indices::Tally> all_rollups(Store& store, const char* first, const char* last) {
    std::map<RollupKey, indices::Tally> out;
    const LocalDate a = *parse_iso_date(first), b = *parse_iso_date(last);
    for (const RollupDim dim : all_rollup_dims) {
        for (const PeriodRun& run : {PeriodRun{RollupLevel::day, day_number(a), day_number(b)},
                                     PeriodRun{RollupLevel::month, month_number(a), month_number(b)}}) {
            RollupQuery q;
            q.dim = dim;
            q.run = run;
            q.by_period = true;
            for (const RollupRow& r : store.rollups(q)) out[RollupKey{dim, run.level, r.period, r.department, r.key, r.flagged}] = r.tally;
        }
    }
    return out;
}

// What a re-evaluation counts for a rating it judges whose flags go from `before` to `after`.
void count_change(ReflagCounts& counts, Flags before, Flags after) {
    ++counts.examined;
    if (before == after) return;
    if (before == 0) {
        ++counts.became_flagged;
    } else if (after == 0) {
        ++counts.became_unflagged;
    } else {
        ++counts.reasons_changed;
    }
}

// The rollups a full rebuild would make from the stored submissions and their stored flags.
std::map<RollupKey, indices::Tally> rebuilt_rollups(Store& store) {
    SubmissionQuery q;
    q.limit = 1000000;
    RollupDeltas deltas;
    for (const StoredSubmission& x : store.submissions(q)) deltas.add(RollupFacts::of(x.submission, x.kiosk_id), x.flags != 0);
    return deltas.rows();
}

}  // namespace

TEMPLATE_TEST_CASE("store: opening hours versions are kept in the order set, and an unknown department is refused", "[store][hours]",
                   STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed(store);
    CHECK(store.opening_hours_versions().empty());
    const auto site = hours_version("", "2026-11-01", "mon-fri 07:00-17:30");
    const auto sct = hours_version("SCT", "2026-11-16", "mon-fri 07:00-11:30 13:00-17:00");
    const auto earlier = hours_version("SCT", "2026-11-02", "sun 08:00-09:00");
    store.add_opening_hours(site);
    store.add_opening_hours(sct);
    store.add_opening_hours(earlier);
    CHECK(store.opening_hours_versions() == std::vector<OpeningHoursVersion>{site, sct, earlier});
    CHECK_THROWS_AS(store.add_opening_hours(hours_version("NOPE", "2026-11-01", "mon 07:00-08:00")), StoreError);
    CHECK(store.opening_hours_versions().size() == 3);
}

TEMPLATE_TEST_CASE("store: a version 11 database's opening hours setting becomes the site-wide version from 1970-01-01, judging as before",
                   "[store][hours]", STORE_BACKENDS) {
    // Before version 12 the site had one setting, "opening_hours", read when a rating arrived.
    TestType backend;
    seed(backend.store);
    const Instant before_upgrade = parse_rfc3339("2026-11-20T00:00:00Z")->instant;
    backend.exec(std::string(TestType::undo_since_12) +
                 "INSERT INTO settings(key, value) VALUES ('opening_hours', 'mon 07:00-11:30 13:00-17:00; sat 08:00-10:00')");
    backend.set_schema_version(11);
    const auto upgraded = backend.reopen();
    const auto versions = upgraded->opening_hours_versions();
    REQUIRE(versions.size() == 1);
    CHECK(versions[0].department.empty());
    CHECK(versions[0].valid_from == *parse_iso_date("1970-01-01"));
    CHECK(versions[0].hours == *OpeningHours::parse("mon 07:00-11:30 13:00-17:00; sat 08:00-10:00"));
    CHECK(versions[0].set_at > before_upgrade);  // recorded when the upgrade ran
    CHECK(versions[0].set_by == "upgrade: the opening_hours setting");
    CHECK_FALSE(upgraded->setting("opening_hours"));
    CHECK(upgraded->reflag_runs().empty());
    // A rating at noon on Monday 16 November is in the lunch break the setting had.
    const Submission noon = sample_submission("2026-11-16T12:00:00+07:00");
    upgraded->ingest({{"K-SCT-01", noon, noon.created_at.instant}});
    CHECK(upgraded->submission_flags(noon.id) == flag_bit(Flag::outside_hours));
}

TEMPLATE_TEST_CASE("store: a rating at 17:45 is flagged where its department closes at 17:30, not where it closes at 18:00",
                   "[store][hours]", STORE_BACKENDS) {
    // Issue 17 item 6. Thursday 19 November 2026, 17:45 in Hà Nội (10:45Z): SCT's hours end at
    // 17:30, so the rating is outside them; STTTT's end at 18:00, so the same instant is inside.
    TestType backend;
    Store& store = backend.store;
    seed(store);
    store.add_opening_hours(hours_version("SCT", "2026-11-01", "mon-fri 07:00-17:30"));
    store.add_opening_hours(hours_version("STTTT", "2026-11-01", "mon-fri 07:00-18:00"));
    const Submission a = sample_submission("2026-11-19T17:45:00+07:00");
    const Submission b = sttt_submission("2026-11-19T10:45:00Z");
    store.ingest({{"K-SCT-01", a, a.created_at.instant}, {"K-STTTT-01", b, b.created_at.instant}});
    CHECK(store.submission_flags(a.id) == flag_bit(Flag::outside_hours));
    CHECK(store.submission_flags(b.id) == Flags{0});
    RollupQuery q;
    q.dim = RollupDim::department;
    q.run = {RollupLevel::day, day_number(*parse_iso_date("2026-11-19")), day_number(*parse_iso_date("2026-11-19"))};
    const auto rows = store.rollups(q);
    REQUIRE(rows.size() == 2);
    CHECK((rows[0].department == "SCT" && rows[0].flagged && rows[0].tally.responses == 1));
    CHECK((rows[1].department == "STTTT" && !rows[1].flagged && rows[1].tally.responses == 1));
}

TEMPLATE_TEST_CASE("store: ratings made before a version's date keep the hours before it, those made from it follow it", "[store][hours]",
                   STORE_BACKENDS) {
    // SCT closes at 17:30 until Sunday 15 November and at 17:00 from Monday 16 November.
    TestType backend;
    Store& store = backend.store;
    seed(store);
    store.add_opening_hours(hours_version("SCT", "2026-11-01", "mon-fri 07:00-17:30"));
    store.add_opening_hours(hours_version("SCT", "2026-11-16", "mon-fri 07:00-17:00"));
    const Submission friday = sample_submission("2026-11-13T17:15:00+07:00");       // old hours: open
    const Submission monday = sample_submission("2026-11-16T17:15:00+07:00");       // new hours: closed
    const Submission monday_early = sample_submission("2026-11-16T16:45:00+07:00");  // new hours: open
    const Instant arrived = parse_rfc3339("2026-11-20T09:00:00+07:00")->instant;
    store.ingest({{"K-SCT-01", friday, arrived}, {"K-SCT-01", monday, arrived}, {"K-SCT-01", monday_early, arrived}});
    CHECK(store.submission_flags(friday.id) == Flags{0});
    CHECK(store.submission_flags(monday.id) == flag_bit(Flag::outside_hours));
    CHECK(store.submission_flags(monday_early.id) == Flags{0});
}

TEMPLATE_TEST_CASE("store: a rating that arrives after a later version was set is judged by the version in force when it was made",
                   "[store][hours]", STORE_BACKENDS) {
    // Issue 17 item 6: flags must not depend on arrival order. Two ratings made at 17:15 on Friday
    // 13 November (SCT's hours then end at 17:30): one arrives at once, the other from a kiosk
    // that was offline for a week, after SCT's hours were changed to end at 17:00 from the 16th.
    TestType backend;
    Store& store = backend.store;
    seed(store);
    store.add_opening_hours(hours_version("SCT", "2026-11-01", "mon-fri 07:00-17:30"));
    const Submission on_time = sample_submission("2026-11-13T17:15:00+07:00");
    Submission late = sample_submission("2026-11-13T17:15:30+07:00");
    store.ingest({{"K-SCT-01", on_time, on_time.created_at.instant}});
    store.add_opening_hours(hours_version("SCT", "2026-11-16", "mon-fri 07:00-17:00"));
    store.ingest({{"K-SCT-02", late, parse_rfc3339("2026-11-20T09:00:00+07:00")->instant}});
    CHECK(store.submission_flags(on_time.id) == Flags{0});
    CHECK(store.submission_flags(late.id) == Flags{0});
    // Made on the 16th at the same clock time, it is outside the hours in force then.
    const Submission after = sample_submission("2026-11-16T17:15:00+07:00");
    store.ingest({{"K-SCT-02", after, after.created_at.instant}});
    CHECK(store.submission_flags(after.id) == flag_bit(Flag::outside_hours));
}

TEMPLATE_TEST_CASE("store: setting opening hours changes no stored flag, reflag then moves exactly the ratings they judge otherwise",
                   "[store][hours][reflag]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed(store);
    // Under the standard hours (Monday-Friday 07:00-17:30): 17:15 on Monday 16 November is open,
    // 09:00 on Sunday 15 November is closed, 10:00 on Tuesday 17 November is open.
    const Submission monday = sample_submission("2026-11-16T17:15:00+07:00");
    const Submission sunday = sample_submission("2026-11-15T09:00:00+07:00");
    const Submission tuesday = sample_submission("2026-11-17T10:00:00+07:00");
    store.ingest({{"K-SCT-01", monday, monday.created_at.instant},
                  {"K-SCT-01", sunday, sunday.created_at.instant},
                  {"K-SCT-01", tuesday, tuesday.created_at.instant}});
    const auto before = all_rollups(store, "2026-11-01", "2026-11-30");
    // SCT from the 15th: every day 07:00-17:00. Monday 17:15 is now outside, Sunday 09:00 inside.
    store.add_opening_hours(hours_version("SCT", "2026-11-15", "mon-sun 07:00-17:00"));
    CHECK(store.submission_flags(monday.id) == Flags{0});
    CHECK(store.submission_flags(sunday.id) == flag_bit(Flag::outside_hours));
    CHECK(all_rollups(store, "2026-11-01", "2026-11-30") == before);
    CHECK(store.reflag_runs().empty());

    const ReflagRequest request{*parse_iso_date("2026-11-15"), *parse_iso_date("2026-11-17"), std::nullopt,
                                parse_rfc3339("2026-11-20T10:00:00+07:00")->instant, "tester"};
    CHECK(store.reflag(request) == ReflagCounts{3, 1, 1, 0});
    CHECK(store.submission_flags(monday.id) == flag_bit(Flag::outside_hours));
    CHECK(store.submission_flags(sunday.id) == Flags{0});
    CHECK(store.submission_flags(tuesday.id) == Flags{0});
    // Department SCT on the 16th: its one rating moved to the flagged row; the 15th's back.
    RollupQuery q;
    q.dim = RollupDim::department;
    q.run = {RollupLevel::day, day_number(*parse_iso_date("2026-11-15")), day_number(*parse_iso_date("2026-11-16"))};
    q.by_period = true;
    const auto rows = store.rollups(q);
    REQUIRE(rows.size() == 2);
    CHECK((rows[0].period == day_number(*parse_iso_date("2026-11-15")) && !rows[0].flagged && rows[0].tally.responses == 1));
    CHECK((rows[1].period == day_number(*parse_iso_date("2026-11-16")) && rows[1].flagged && rows[1].tally.responses == 1));
    CHECK(all_rollups(store, "2026-11-01", "2026-11-30") == rebuilt_rollups(store));
    const auto log = store.reflag_runs();
    REQUIRE(log.size() == 1);
    CHECK(log[0].request == request);
    CHECK(log[0].counts == ReflagCounts{3, 1, 1, 0});
    // Run again: nothing left to change, and that run is logged too.
    CHECK(store.reflag(request) == ReflagCounts{3, 0, 0, 0});
    CHECK(store.reflag_runs().size() == 2);
}

TEMPLATE_TEST_CASE("store: reflag judges a range by the hours in force then and its neighbours, and leaves everything else as it was",
                   "[store][hours][reflag]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed(store);
    // 400 ratings of 28 October to 3 November (bursts, repeated dossiers, evenings), ingested
    // under the standard hours.
    auto all = random_submissions(20261207, 400);
    ingest_in_groups(store, all, 50);
    // Then: every department without hours of its own closes at 17:15 on weekdays from
    // 29 October; SCT has its own from 30 October, closing at 17:00; STTTT its own from
    // 1 November, open every day 06:00-19:00.
    store.add_opening_hours(hours_version("", "2026-10-29", "mon-fri 07:00-17:15; sat 07:00-11:30"));
    store.add_opening_hours(hours_version("SCT", "2026-10-30", "mon-fri 07:00-17:00; sat 07:00-11:30"));
    store.add_opening_hours(hours_version("STTTT", "2026-11-01", "mon-sun 06:00-19:00"));
    const OpenRule now_open = [](const std::string& department, unsigned wd, long minute, const std::string& date) {
        if (department == "SCT" && date >= "2026-10-30") return (wd <= 5 && minute >= 420 && minute < 1020) || (wd == 6 && minute >= 420 && minute < 690);
        if (department == "STTTT" && date >= "2026-11-01") return minute >= 360 && minute < 1140;
        if (date >= "2026-10-29") return (wd <= 5 && minute >= 420 && minute < 1035) || (wd == 6 && minute >= 420 && minute < 690);
        return standard_open(department, wd, minute, date);
    };
    const auto local_date = [](const Stored& x) { return format_rfc3339(x.s.created_at.instant, hours{7}).substr(0, 10); };

    // Re-evaluate 29 October to 1 November: what each rating's flags should be afterwards, and
    // what the counts should say.
    const ReflagRequest request{*parse_iso_date("2026-10-29"), *parse_iso_date("2026-11-01"), std::nullopt,
                                parse_rfc3339("2026-11-04T10:00:00+07:00")->instant, "tester"};
    std::map<const Stored*, Flags> want;
    ReflagCounts counts;
    std::size_t outside_would_change = 0;  // ratings outside the range that the new hours would judge otherwise
    for (const Stored& x : all) {
        const Flags old_flags = flags_brute_force(all, x), new_flags = flags_brute_force(all, x, now_open);
        const bool inside = local_date(x) >= "2026-10-29" && local_date(x) <= "2026-11-01";
        want[&x] = inside ? new_flags : old_flags;
        if (inside) {
            count_change(counts, old_flags, new_flags);
        } else {
            outside_would_change += old_flags != new_flags ? 1U : 0U;
        }
    }
    INFO(counts.examined << " examined, " << counts.became_flagged << " to flag, " << counts.became_unflagged << " to unflag, "
                         << outside_would_change << " outside the range that the new hours would change");
    // The data do exercise the rule both ways, and outside the range too.
    REQUIRE(counts.became_flagged > 3);
    REQUIRE(counts.became_unflagged > 3);
    REQUIRE(outside_would_change > 3);

    CHECK(store.reflag(request) == counts);
    for (const Stored& x : all) {
        INFO(format_rfc3339(x.s.created_at.instant, hours{7}) << " " << x.s.department << " " << x.kiosk);
        CHECK(store.submission_flags(x.s.id) == want[&x]);
    }
    for (const RollupDim dim : all_rollup_dims)
        CHECK(actual(store, dim, "2026-10-01", "2026-11-30") ==
              expected(all, dim, "2026-10-01", "2026-11-30", [&](const Stored& x) { return want[&x] != 0; }));
    CHECK(all_rollups(store, "2026-10-01", "2026-11-30") == rebuilt_rollups(store));

    // Then STTTT alone over every day of the data: its ratings of 2 and 3 November follow the new
    // hours too; SCT's outside the first range keep theirs.
    const ReflagRequest sttt{*parse_iso_date("2026-10-28"), *parse_iso_date("2026-11-03"), std::string("STTTT"),
                             parse_rfc3339("2026-11-04T11:00:00+07:00")->instant, "tester"};
    ReflagCounts sttt_counts;
    for (const Stored& x : all) {
        if (x.s.department != "STTTT") continue;
        const Flags new_flags = flags_brute_force(all, x, now_open);
        count_change(sttt_counts, want[&x], new_flags);
        want[&x] = new_flags;
    }
    CHECK(store.reflag(sttt) == sttt_counts);
    for (const Stored& x : all) CHECK(store.submission_flags(x.s.id) == want[&x]);
    CHECK(all_rollups(store, "2026-10-01", "2026-11-30") == rebuilt_rollups(store));
    const auto log = store.reflag_runs();
    REQUIRE(log.size() == 2);
    CHECK((log[0].request == request && log[0].counts == counts));
    CHECK((log[1].request == sttt && log[1].counts == sttt_counts));
}

TEMPLATE_TEST_CASE("store: reflag of dates without ratings touches nothing, a bad request changes nothing, and the log cannot be changed",
                   "[store][hours][reflag]", STORE_BACKENDS) {
    TestType backend;
    Store& store = backend.store;
    seed(store);
    auto all = random_submissions(20261208, 150);
    ingest_in_groups(store, all, 50);
    std::map<std::string, Flags> flags_before;
    for (const Stored& x : all) flags_before[x.s.id.to_string()] = *store.submission_flags(x.s.id);
    const auto rollups_before = all_rollups(store, "2026-10-01", "2026-12-31");
    // Hours that would judge many ratings of the data otherwise, from 1 October.
    store.add_opening_hours(hours_version("", "2026-10-01", "mon-sun 00:00-24:00"));
    const Instant at = parse_rfc3339("2026-12-10T10:00:00+07:00")->instant;
    CHECK(store.reflag({*parse_iso_date("2026-12-01"), *parse_iso_date("2026-12-31"), std::nullopt, at, "tester"}) == ReflagCounts{0, 0, 0, 0});
    CHECK(store.reflag({*parse_iso_date("2026-11-04"), *parse_iso_date("2026-11-04"), std::string("SCT"), at, "tester"}) ==
          ReflagCounts{0, 0, 0, 0});
    CHECK_THROWS_AS(store.reflag({*parse_iso_date("2026-11-03"), *parse_iso_date("2026-10-28"), std::nullopt, at, "tester"}), StoreError);
    CHECK_THROWS_AS(store.reflag({*parse_iso_date("2026-10-28"), *parse_iso_date("2026-11-03"), std::string("NOPE"), at, "tester"}),
                    StoreError);
    for (const Stored& x : all) CHECK(store.submission_flags(x.s.id) == flags_before[x.s.id.to_string()]);
    CHECK(all_rollups(store, "2026-10-01", "2026-12-31") == rollups_before);
    REQUIRE(store.reflag_runs().size() == 2);  // the two that ran; the refused ones left no entry
    CHECK_THROWS(backend.exec("UPDATE reflag_runs SET became_flagged = 99"));
    CHECK_THROWS(backend.exec("DELETE FROM reflag_runs"));
    CHECK(store.reflag_runs().size() == 2);
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
            std::string(TestType::undo_since_12) +                    // versions 12 and 13
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
