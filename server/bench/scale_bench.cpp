// hailong-scale-bench: a realistic province's year of ratings, and how fast the indices read it.
//
//   hailong-scale-bench generate (--data DIR | --database URL) [--submissions N] [--seed S]
//                                [--year Y] [--until YYYY-MM-DD] [--batch K] [--without-rollups]
//                                [--heartbeats]
//   hailong-scale-bench query    (--data DIR | --database URL) [--year Y] [--runs R]
//                                [--naive-runs R] [--group G]... [--json]
//
// generate: 60 departments (18 provincial departments, 10 district and 32 commune people's
// committees), 25 officers each (1,500), 5 services each (300), 200 kiosks, and N submissions
// (default 10 million) spread over the working days of year Y with office-hours patterns: a
// morning and an afternoon session, a mid-morning peak, busier Mondays and month ends, no
// ratings on Sundays, public holidays or during Tết, Saturday mornings at some sites. Each officer
// has a satisfaction of their own; a few kiosks use the 5-level scale; most citizens answer the
// TT 01 questions; about 1 in 100 files a complaint; a few ratings fall outside opening hours,
// repeat a dossier or come in bursts, so that the suspicion flags have work. Everything goes
// through Store::ingest, the path the server takes, so rollups and flags are what production
// would keep. Deterministic for a given seed. --until stops the year at that date (a demo's data
// then ends today); --heartbeats also records every kiosk's last heartbeat as of now, as a fleet
// would (most within the last minute, a few silent for hours, one with errors and a queue), for
// the dashboard's fleet view and alerts.
//
// query: for every grouping (department, officer, service, kiosk) the whole year's
// GET /api/v1/indices as IndicesService answers it (rollups), `--runs` times, and, side by side in
// the same run, the naive SQL GROUP BY over the raw submissions table that the rollups replace,
// `--naive-runs` times. Prints medians and the ratio, and checks that both give every group the
// same responses and satisfied counts (so the fast answer is also the right one).
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "hailong/server/api/indices_service.hpp"
#include "hailong/server/store/open_store.hpp"
#include "hailong/time.hpp"
#include "hailong/tracking_code.hpp"

namespace {

using namespace hailong;
using namespace std::chrono;
using Clock = steady_clock;

[[noreturn]] void usage(const char* why) {
    std::fprintf(stderr,
                 "hailong-scale-bench: %s\n"
                 "usage: hailong-scale-bench generate (--data DIR | --database URL) [--submissions N] [--seed S] [--year Y] [--until YYYY-MM-DD] [--batch K] [--without-rollups] [--heartbeats]\n"
                 "       hailong-scale-bench query (--data DIR | --database URL) [--year Y] [--runs R] [--naive-runs R] [--group G]... [--json]\n",
                 why);
    std::exit(2);
}

struct Options {
    std::string command;
    server::StoreLocation where;
    long long submissions = 10'000'000;
    unsigned long long seed = 20261202;
    int year = 2026;
    std::optional<year_month_day> until;
    bool heartbeats = false;
    long batch = 5000;
    bool rollups = true;
    int runs = 7;
    int naive_runs = 3;
    bool json = false;
    std::vector<std::string> groups;  // empty: all four
};

Options parse_options(int argc, char** argv) {
    if (argc < 2) usage("no command");
    Options o;
    o.command = argv[1];
    if (o.command != "generate" && o.command != "query") usage("the command is generate or query");
    for (int i = 2; i < argc; ++i) {
        const std::string_view a = argv[i];
        auto value = [&] { return i + 1 < argc ? std::string(argv[++i]) : (usage("an option lacks its value"), std::string()); };
        auto number = [&](long long least = 1) {
            const std::string v = value();
            char* end = nullptr;
            const long long n = std::strtoll(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0' || n < least) usage("a number must be a positive whole number (--naive-runs may be 0)");
            return n;
        };
        if (a == "--data") o.where.data_dir = value();
        else if (a == "--database") o.where.database_url = value();
        else if (a == "--submissions") o.submissions = number();
        else if (a == "--seed") o.seed = static_cast<unsigned long long>(number());
        else if (a == "--year") o.year = static_cast<int>(number());
        else if (a == "--batch") o.batch = static_cast<long>(number());
        else if (a == "--without-rollups") o.rollups = false;
        else if (a == "--heartbeats") o.heartbeats = true;
        else if (a == "--until") {
            const auto d = parse_iso_date(value());
            if (!d) usage("--until takes a date YYYY-MM-DD");
            o.until = *d;
        }
        else if (a == "--runs") o.runs = static_cast<int>(number());
        else if (a == "--naive-runs") o.naive_runs = static_cast<int>(number(0));
        else if (a == "--json") o.json = true;
        else if (a == "--group") o.groups.push_back(value());
        else usage("unknown option");
    }
    if (o.where.data_dir.empty() == o.where.database_url.empty()) usage("give exactly one of --data and --database");
    return o;
}

// --- the province ---------------------------------------------------------------------------------

struct KioskPlan {
    std::string id;
    int department = 0;  // index into departments
    int scale = 3;
    bool saturday = false;  // open on Saturday mornings
    double volume = 1.0;    // relative share of the day's citizens
};

struct Province {
    std::vector<server::Department> departments;
    std::vector<std::vector<server::Officer>> officers;  // per department
    std::vector<double> officer_satisfaction;            // by officer, in department order
    std::vector<std::vector<server::Service>> services;  // per department
    std::vector<KioskPlan> kiosks;
};

Province make_province(std::mt19937_64& rng) {
    static const std::array<const char*, 18> provincial = {
        "Sở Nội vụ", "Sở Tư pháp", "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Công Thương",
        "Sở Nông nghiệp và Phát triển nông thôn", "Sở Giao thông vận tải", "Sở Xây dựng",
        "Sở Tài nguyên và Môi trường", "Sở Thông tin và Truyền thông", "Sở Lao động - Thương binh và Xã hội",
        "Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ", "Sở Giáo dục và Đào tạo", "Sở Y tế",
        "Thanh tra tỉnh", "Ban Dân tộc", "Ban Quản lý Khu kinh tế"};
    // The usual abbreviations, as in assets/demo/org.csv (so the demo's chart extends this one).
    static const std::array<const char*, 18> provincial_codes = {
        "SNV", "STP", "SKHDT", "STC", "SCT", "SNNPTNT", "SGTVT", "SXD", "STNMT", "STTTT",
        "SLDTBXH", "SVHTTDL", "SKHCN", "SGDDT", "SYT", "TTT", "BDT", "BQLKKT"};
    static const std::array<const char*, 12> family = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh",
                                                       "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"};
    static const std::array<const char*, 10> middle = {"Văn", "Thị", "Hữu", "Minh", "Thanh", "Quốc", "Ngọc", "Đức", "Thu", "Xuân"};
    static const std::array<const char*, 16> given = {"An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh",
                                                      "Hòa", "Hùng", "Lan", "Linh", "Nam", "Phương", "Quân", "Thảo"};
    Province p;
    for (int d = 0; d < 60; ++d) {
        std::string code, name;
        if (d < 18) {
            code = provincial_codes[static_cast<std::size_t>(d)];
            name = provincial[static_cast<std::size_t>(d)];
        } else if (d < 28) {
            code = "H" + std::to_string(d - 17);
            name = "UBND huyện số " + std::to_string(d - 17);
        } else {
            code = "X" + std::to_string(d - 27);
            name = "UBND xã số " + std::to_string(d - 27);
        }
        p.departments.push_back({code, name});
    }
    std::normal_distribution<double> satisfaction(0.88, 0.06);
    p.officers.resize(p.departments.size());
    p.services.resize(p.departments.size());
    for (std::size_t d = 0; d < p.departments.size(); ++d) {
        const std::string& dep = p.departments[d].code;
        for (int k = 1; k <= 25; ++k) {
            const std::string name = std::string(family[rng() % family.size()]) + " " + middle[rng() % middle.size()] + " " +
                                     given[rng() % given.size()];
            char code[48];
            std::snprintf(code, sizeof code, "%s-%03d", dep.c_str(), k);
            p.officers[d].push_back({code, name, dep});
            p.officer_satisfaction.push_back(std::clamp(satisfaction(rng), 0.55, 0.995));
        }
        for (int k = 1; k <= 5; ++k) {
            char code[32];
            std::snprintf(code, sizeof code, "%d.%06zu", 1 + static_cast<int>(d % 3), 1000 + d * 10 + static_cast<std::size_t>(k));
            p.services[d].push_back({code, "Thủ tục " + std::to_string(k) + " của " + p.departments[d].name, dep});
        }
    }
    // 200 kiosks: the provincial departments and district committees (bigger counters) have
    // several, every commune one.
    std::uniform_real_distribution<double> volume(0.6, 1.6);
    for (int k = 0; k < 200; ++k) {
        KioskPlan kp;
        kp.department = k < 32 ? 28 + k : (k - 32) % 28;  // communes 28..59 first, then the rest in turn
        kp.id = "K-" + p.departments[static_cast<std::size_t>(kp.department)].code + "-" + std::to_string(k + 1);
        kp.scale = k % 10 == 7 ? 5 : 3;
        kp.saturday = k % 4 == 0;
        kp.volume = volume(rng) * (kp.department >= 28 ? 0.5 : 1.0);
        p.kiosks.push_back(kp);
    }
    return p;
}

// Days the counters are closed in year Y besides Sundays: New Year, Tết (the lunar new year: the
// table holds the years the benchmark is likely to be run for, else a late-January week), Hùng
// Kings' day, 30/4, 1/5, 2/9 and the day after.
bool is_holiday(year_month_day d) {
    const int y = static_cast<int>(d.year());
    const unsigned m = static_cast<unsigned>(d.month()), day = static_cast<unsigned>(d.day());
    if ((m == 1 && day == 1) || (m == 4 && day == 30) || (m == 5 && day == 1) || (m == 9 && (day == 2 || day == 1))) return true;
    static const std::map<int, std::pair<sys_days, sys_days>> tet = {
        {2025, {sys_days{2025y / 1 / 25}, sys_days{2025y / 2 / 2}}},
        {2026, {sys_days{2026y / 2 / 14}, sys_days{2026y / 2 / 22}}},
        {2027, {sys_days{2027y / 2 / 3}, sys_days{2027y / 2 / 11}}},
    };
    const auto it = tet.find(y);
    const auto range = it != tet.end() ? it->second : std::pair{sys_days{year{y} / 1 / 25}, sys_days{year{y} / 2 / 2}};
    return sys_days{d} >= range.first && sys_days{d} <= range.second;
}

// The minute of the day a citizen rates: two sessions, a mid-morning and a mid-afternoon peak, and
// about 0.3% of ratings outside the standard opening hours (staff testing the kiosk, or a clock
// that is wrong).
int rating_minute(std::mt19937_64& rng, bool saturday) {
    std::uniform_real_distribution<double> u(0, 1);
    if (u(rng) < 0.003) return std::uniform_int_distribution<int>(18 * 60, 21 * 60)(rng);
    const bool morning = saturday || u(rng) < 0.58;
    std::normal_distribution<double> t(morning ? 9 * 60 + 30 : 14 * 60 + 45, morning ? 65 : 60);
    const int lo = morning ? 7 * 60 + 30 : 13 * 60 + 30, hi = morning ? 11 * 60 + 30 : 17 * 60;
    return std::clamp(static_cast<int>(t(rng)), lo, hi - 1);
}

class Generator {
public:
    Generator(const Options& o, const Province& p) : o_(o), p_(p), rng_(o.seed ^ 0x9e3779b97f4a7c15ULL) {}

    long long run(server::Store& store) {
        std::vector<sys_days> open_days;
        std::vector<double> weight;
        const sys_days last = o_.until ? std::min(sys_days{*o_.until}, sys_days{year{o_.year} / 12 / 31}) : sys_days{year{o_.year} / 12 / 31};
        for (sys_days d = sys_days{year{o_.year} / 1 / 1}; d <= last; d += days{1}) {
            const year_month_day ymd{d};
            const weekday wd{d};
            if (wd == Sunday || is_holiday(ymd)) continue;
            double w = wd == Monday ? 1.2 : wd == Saturday ? 0.35 : 1.0;
            if (static_cast<unsigned>(ymd.day()) >= 25) w *= 1.15;  // month-end deadlines
            open_days.push_back(d);
            weight.push_back(w);
        }
        double total_weight = 0;
        for (const double w : weight) total_weight += w;
        double kiosk_weight = 0;
        for (const auto& k : p_.kiosks) kiosk_weight += k.volume;

        long long made = 0;
        std::vector<server::IngestItem> batch;
        const auto start = Clock::now();
        double planned = 0;  // submissions due by the end of the current day, as a running total
        for (std::size_t di = 0; di < open_days.size(); ++di) {
            const bool saturday = weekday{open_days[di]} == Saturday;
            planned += static_cast<double>(o_.submissions) * weight[di] / total_weight;
            const long long due = di + 1 == open_days.size() ? o_.submissions : std::min(o_.submissions, std::llround(planned));
            while (made < due) {
                const KioskPlan& k = pick_kiosk(kiosk_weight, saturday);
                made += add(batch, k, open_days[di], saturday, due - made);
                if (static_cast<long>(batch.size()) >= o_.batch) flush(store, batch, made, start);
            }
        }
        flush(store, batch, made, start);
        return made;
    }

private:
    const KioskPlan& pick_kiosk(double kiosk_weight, bool saturday) {
        std::uniform_real_distribution<double> u(0, kiosk_weight);
        for (;;) {
            double x = u(rng_);
            for (const auto& k : p_.kiosks) {
                x -= k.volume;
                if (x <= 0) {
                    if (saturday && !k.saturday) break;  // closed today: draw again
                    return k;
                }
            }
        }
    }

    // Adds one citizen's rating, or a burst of five when `room` allows; returns how many.
    long long add(std::vector<server::IngestItem>& batch, const KioskPlan& k, sys_days day, bool saturday, long long room) {
        std::uniform_real_distribution<double> u(0, 1);
        const auto d = static_cast<std::size_t>(k.department);
        const auto officer_index = static_cast<std::size_t>(rng_() % p_.officers[d].size());
        const double p_satisfied = p_.officer_satisfaction[d * 25 + officer_index];

        Submission s;
        Uuid::Bytes bytes{};
        for (auto& b : bytes) b = static_cast<std::uint8_t>(rng_());
        s.id = Uuid::v4_from_bytes(bytes);
        const int minute = rating_minute(rng_, saturday);
        const auto local = sys_seconds{day} + minutes{minute} + seconds{rng_() % 60};
        s.created_at = Timestamp{time_point_cast<microseconds>(local - hours{7}), minutes{7 * 60}};
        s.department = p_.departments[d].code;
        s.officer = p_.officers[d][officer_index].code;
        s.service = p_.services[d][rng_() % p_.services[d].size()].code;
        s.lang = u(rng_) < 0.97 ? "vi" : "en";
        const bool satisfied = u(rng_) < p_satisfied;
        s.rating.scale = k.scale;
        if (k.scale == 3) {
            s.rating.value = satisfied ? (u(rng_) < 0.45 ? 3 : 2) : 1;
        } else {
            s.rating.value = satisfied ? (u(rng_) < 0.45 ? 5 : 4) : (u(rng_) < 0.5 ? 3 : u(rng_) < 0.7 ? 2 : 1);
        }
        if (u(rng_) < 0.85) {
            auto points = [&](double p2, double p1) { const double x = u(rng_); return x < p2 ? 2 : x < p2 + p1 ? 1 : 0; };
            s.tt01.time = satisfied ? points(0.35, 0.6) : points(0.05, 0.55);
            if (u(rng_) < 0.95) s.tt01.contacts = satisfied ? points(0.7, 0.27) : points(0.3, 0.4);
            if (u(rng_) < 0.95) s.tt01.agencies = satisfied ? points(0.2, 0.78) : points(0.1, 0.7);
            // The harassment question, answered by most, yes mostly from the dissatisfied; index 7
            // as hailong's kiosk scores it: a report 0, otherwise the time row when early (2) or
            // on time (1), and nothing for a late dossier (the server's policy scores that).
            if (u(rng_) < 0.97) {
                s.harassment = u(rng_) < (satisfied ? 0.002 : 0.04);
                if (*s.harassment) {
                    s.tt01.attitude = 0;
                } else if (*s.tt01.time > 0) {
                    s.tt01.attitude = *s.tt01.time;
                }
            }
        }
        if (!satisfied) s.reasons = {u(rng_) < 0.5 ? "slow" : "unclear_guidance"};
        if (u(rng_) < 0.6) {
            // Appointment-slip numbers; about 1 in 400 is rated a second time (a repeated dossier).
            const long long serial = u(rng_) < 0.0025 && dossier_serial_ > 0 ? dossier_serial_ - 1 : dossier_serial_++;
            s.dossier = "000.00." + s.department + "-" + std::to_string(serial);
            // Only a citizen collecting a result can say whether it came on time.
            s.stage = s.tt01.time ? DossierStage::collection : DossierStage::filing;
        }
        add_words(s, satisfied);
        // A dissatisfied citizen who wrote something gets a tracking code, as at the kiosk; of the
        // rest, about 1 in 12 leave a number or ask for one.
        const bool asked = u(rng_) < 0.08;
        if (!satisfied && (asked || s.comment)) {
            // A real code: the kiosk's number (kiosks are added in plan order, numbered from 1)
            // and its own count of complaints, so the public lookup reads it.
            const auto kiosk_index = static_cast<std::size_t>(&k - p_.kiosks.data());
            s.tracking_code = tracking_code::make(static_cast<std::int64_t>(kiosk_index) + 1, ++complaint_serial_[kiosk_index]);
        }

        batch.push_back({k.id, s, s.created_at.instant + seconds{2}});
        // About 1 in 2,000 ratings starts a burst: four more from the same kiosk within seconds.
        if (u(rng_) < 0.0005 && room >= 5) {
            for (int extra = 1; extra <= 4; ++extra) {
                Submission b = s;
                for (auto& byte : bytes) byte = static_cast<std::uint8_t>(rng_());
                b.id = Uuid::v4_from_bytes(bytes);
                b.created_at.instant += seconds{extra * 2};
                b.dossier.reset();
                b.tracking_code.reset();
                b.rating.value = k.scale;
                batch.push_back({k.id, b, b.created_at.instant + seconds{2}});
            }
            return 5;
        }
        return 1;
    }

    // What some citizens write: a comment from one in ten of the dissatisfied and one in fifty of
    // the others, a phone number from one in three who wrote. Drawn from a generator of its own,
    // so the ratings stay those of the same seed without text.
    void add_words(Submission& s, bool satisfied) {
        static const std::array<const char*, 8> complaints = {
            "Phải đi lại ba lần mới xong hồ sơ", "Hẹn trả kết quả nhưng đến nơi vẫn chưa có",
            "Cán bộ yêu cầu bổ sung giấy tờ không có trong quy định", "Chờ hơn một tiếng mới đến lượt",
            "Hướng dẫn mỗi lần một khác, không rõ phải nộp gì", "Thái độ cán bộ chưa nhiệt tình, trả lời cộc lốc",
            "Không có chỗ ngồi chờ, máy lấy số bị hỏng", "Thu thêm tiền photo ngoài lệ phí"};
        static const std::array<const char*, 5> praise = {
            "Cán bộ hướng dẫn tận tình, dễ hiểu", "Trả kết quả sớm hơn hẹn, cảm ơn", "Thủ tục nhanh gọn",
            "Nơi làm việc sạch sẽ, có nước uống", "Cán bộ vui vẻ, giải thích kỹ"};
        std::uniform_real_distribution<double> u(0, 1);
        if (u(text_rng_) >= (satisfied ? 0.02 : 0.10)) return;
        s.comment = satisfied ? praise[text_rng_() % praise.size()] : complaints[text_rng_() % complaints.size()];
        if (u(text_rng_) < 0.33) s.contact = "09" + std::to_string(10000000 + text_rng_() % 90000000);
    }

    void flush(server::Store& store, std::vector<server::IngestItem>& batch, long long made, Clock::time_point start) {
        if (batch.empty()) return;
        store.ingest(batch);
        batch.clear();
        const double seconds_so_far = duration<double>(Clock::now() - start).count();
        if (made / 500'000 != last_report_) {
            last_report_ = made / 500'000;
            std::fprintf(stderr, "hailong-scale-bench: %lld submissions stored, %.0f/s\n", made, static_cast<double>(made) / seconds_so_far);
        }
    }

    const Options& o_;
    const Province& p_;
    std::mt19937_64 rng_;
    std::mt19937_64 text_rng_{0x5eed};
    long long dossier_serial_ = 1;
    std::map<std::size_t, std::int64_t> complaint_serial_;  // by kiosk
    long long last_report_ = 0;
};

// Every kiosk's last heartbeat as a working fleet's would be now: most seconds ago, about one in
// twenty silent for hours (switched off, or its network down), one reporting an error with
// ratings waiting in its outbox, clocks a few seconds off.
void record_heartbeats(server::Store& store, const Province& p, std::mt19937_64& rng) {
    const Instant now = time_point_cast<microseconds>(system_clock::now());
    std::uniform_real_distribution<double> u(0, 1);
    for (std::size_t i = 0; i < p.kiosks.size(); ++i) {
        server::Heartbeat h;
        h.kiosk_id = p.kiosks[i].id;
        const bool silent = u(rng) < 0.05;
        h.received_at = now - (silent ? minutes{90 + static_cast<int>(rng() % 600)} : seconds{static_cast<int>(rng() % 60)});
        h.kiosk_clock = h.received_at + milliseconds{static_cast<int>(rng() % 4000) - 2000};
        h.app_version = i % 10 == 0 ? "0.9.2" : "1.0.0";
        if (i == 3) {
            h.queue_depth = 37;
            h.last_error = "network: could not connect to the server";
        }
        store.record_heartbeat(h);
    }
}

int generate(const Options& o) {
    std::mt19937_64 rng(o.seed);
    const Province p = make_province(rng);
    server::StoreOptions so;
    so.rollups = o.rollups;
    auto store = server::open_store(o.where, so);
    if (store->submission_count() > 0) {
        std::fprintf(stderr, "hailong-scale-bench: the store already holds submissions; generate into an empty one\n");
        return 1;
    }
    std::vector<server::Officer> officers;
    std::vector<server::Service> services;
    for (std::size_t d = 0; d < p.departments.size(); ++d) {
        officers.insert(officers.end(), p.officers[d].begin(), p.officers[d].end());
        services.insert(services.end(), p.services[d].begin(), p.services[d].end());
    }
    store->import_organisation(p.departments, officers, server::history_start);
    store->upsert_services(services);
    for (const auto& k : p.kiosks)
        store->add_kiosk({k.id, p.departments[static_cast<std::size_t>(k.department)].code, false, 0}, "scale-bench-" + k.id);

    const auto start = Clock::now();
    Generator g(o, p);
    const long long made = g.run(*store);
    const double secs = duration<double>(Clock::now() - start).count();
    const long long stored = store->submission_count();
    if (o.heartbeats) record_heartbeats(*store, p, rng);
    std::printf("{\"generated\": %lld, \"stored\": %lld, \"seconds\": %.1f, \"submissions_per_second\": %.0f, \"rollups\": %s}\n",
                made, stored, secs, static_cast<double>(stored) / secs, o.rollups ? "true" : "false");
    return 0;
}

// --- the query benchmark ----------------------------------------------------------------------------

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

// responses and satisfied per (department, key), as the naive GROUP BY sees them.
using Counts = std::map<std::pair<std::string, std::string>, std::pair<long long, long long>>;

// The GROUP BY that rollups replace: every column the indices need, summed over the raw rows of
// the range that carry no suspicion flag.
std::string naive_sql(const std::string& group, bool postgres) {
    const std::string key = group == "department" ? "department" : group == "kiosk" ? "kiosk_id" : "COALESCE(" + group + ", '')";
    const std::string b = postgres ? "::int" : "";  // PostgreSQL does not sum booleans
    return "SELECT department, " + key + " AS k, COUNT(*), SUM((value >= scale - 1)" + b + "), " +
           "SUM((scale = 3 AND value = 1)" + b + "), SUM((scale = 3 AND value = 2)" + b + "), SUM((scale = 3 AND value = 3)" + b + "), " +
           "SUM((scale = 5 AND value = 1)" + b + "), SUM((scale = 5 AND value = 2)" + b + "), SUM((scale = 5 AND value = 3)" + b + "), " +
           "SUM((scale = 5 AND value = 4)" + b + "), SUM((scale = 5 AND value = 5)" + b + "), " +
           "COUNT(tt01_time), SUM(tt01_time), COUNT(tt01_contacts), SUM(tt01_contacts), COUNT(tt01_agencies), SUM(tt01_agencies), " +
           "COUNT(tt01_attitude), SUM(tt01_attitude), COUNT(tracking_code) " +
           "FROM submissions WHERE local_day BETWEEN " + (postgres ? "$1 AND $2" : "?1 AND ?2") +
           " AND flags = 0 GROUP BY department, k";
}

Counts naive_sqlite(SQLite::Database& db, const std::string& group, int first, int last) {
    SQLite::Statement st(db, naive_sql(group, false));
    st.bind(1, first);
    st.bind(2, last);
    Counts out;
    while (st.executeStep())
        out[{st.getColumn(0).getString(), st.getColumn(1).getString()}] = {st.getColumn(2).getInt64(), st.getColumn(3).getInt64()};
    return out;
}

Counts naive_postgres(pqxx::connection& c, const std::string& group, int first, int last) {
    pqxx::read_transaction tx(c);
    Counts out;
    for (const auto& row : tx.exec_params(naive_sql(group, true), first, last))
        out[{row[0].as<std::string>(), row[1].as<std::string>()}] = {row[2].as<long long>(), row[3].as<long long>()};
    return out;
}

Counts counts_of(const std::string& body) {
    Counts out;
    const auto doc = nlohmann::json::parse(body);
    for (const auto& g : doc.at("groups"))
        if (g.at("responses").get<long long>() > 0)
            out[{g.at("department").get<std::string>(), g.at("key").is_null() ? std::string() : g.at("key").get<std::string>()}] = {g.at("responses").get<long long>(),
                                                                                        g.at("satisfied").get<long long>()};
    return out;
}

int query(const Options& o) {
    auto store = server::open_store(o.where);
    server::IndicesService service(*store);
    const server::User analyst{"scale-bench", server::Role::analyst, {}, false};
    const std::string from = std::to_string(o.year) + "-01-01", to = std::to_string(o.year) + "-12-31";
    const int first = static_cast<int>(sys_days{year{o.year} / 1 / 1}.time_since_epoch().count());
    const int last = static_cast<int>(sys_days{year{o.year} / 12 / 31}.time_since_epoch().count());

    std::unique_ptr<SQLite::Database> sqlite;
    std::unique_ptr<pqxx::connection> pg;
    if (!o.where.data_dir.empty()) {
        sqlite = std::make_unique<SQLite::Database>(o.where.data_dir + "/hailong.db", SQLite::OPEN_READONLY);
    } else {
        pg = std::make_unique<pqxx::connection>(o.where.database_url);
    }
    const long long total = store->submission_count();
    const char* store_name = sqlite ? "SQLite" : "PostgreSQL";

    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    bool all_match = true;
    const std::vector<std::string> groups =
        o.groups.empty() ? std::vector<std::string>{"department", "officer", "service", "kiosk"} : o.groups;
    for (const std::string& group : groups) {
        const server::QueryParams params = {{"group", group}, {"from", from}, {"to", to}};
        std::vector<double> fast, naive;
        std::string body;
        for (int r = 0; r <= o.runs; ++r) {  // run 0 warms the caches and is not counted
            const auto t0 = Clock::now();
            const server::Answer a = service.indices(analyst, params, "vi");
            const double ms = duration<double, std::milli>(Clock::now() - t0).count();
            if (a.status != 200) {
                std::fprintf(stderr, "hailong-scale-bench: /indices?group=%s answered %d: %s\n", group.c_str(), a.status, a.body.c_str());
                return 1;
            }
            if (r > 0) fast.push_back(ms);
            body = a.body;
        }
        Counts naive_counts;
        for (int r = 0; r < o.naive_runs; ++r) {
            const auto t0 = Clock::now();
            naive_counts = sqlite ? naive_sqlite(*sqlite, group, first, last) : naive_postgres(*pg, group, first, last);
            naive.push_back(duration<double, std::milli>(Clock::now() - t0).count());
        }
        if (std::getenv("HAILONG_SCALE_BENCH_DEBUG")) std::fprintf(stderr, "%s: %.400s\n", group.c_str(), body.c_str());
        const Counts fast_counts = counts_of(body);
        const bool match = o.naive_runs == 0 || fast_counts == naive_counts;  // nothing to compare without a naive run
        all_match = all_match && match;
        rows.push_back({{"store", store_name}, {"group", group}, {"groups", fast_counts.size()},
                        {"indices_median_ms", median(fast)}, {"naive_group_by_median_ms", median(naive)},
                        {"ratio", median(naive) / median(fast)}, {"same_counts", match}});
    }
    if (o.json) {
        std::printf("%s\n", nlohmann::ordered_json{{"submissions", total}, {"year", o.year}, {"runs", o.runs},
                                                   {"naive_runs", o.naive_runs}, {"rows", rows}}
                                .dump()
                                .c_str());
    } else {
        std::printf("%s, %lld submissions, year %d: medians of %d runs (indices) and %d runs (naive GROUP BY)\n\n", store_name, total,
                    o.year, o.runs, o.naive_runs);
        std::printf("| store | group | groups | indices ms | naive GROUP BY ms | ratio | same counts |\n|---|---|---|---|---|---|---|\n");
        for (const auto& r : rows)
            std::printf("| %s | %s | %zu | %.1f | %.0f | %.0f× | %s |\n", r["store"].get<std::string>().c_str(),
                        r["group"].get<std::string>().c_str(), r["groups"].get<std::size_t>(), r["indices_median_ms"].get<double>(),
                        r["naive_group_by_median_ms"].get<double>(), r["ratio"].get<double>(), r["same_counts"].get<bool>() ? "yes" : "NO");
    }
    if (!all_match) std::fprintf(stderr, "hailong-scale-bench: the rollups and the raw rows disagree; see the table\n");
    return all_match ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse_options(argc, argv);
    try {
        return o.command == "generate" ? generate(o) : query(o);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hailong-scale-bench: %s\n", e.what());
        return 1;
    }
}
