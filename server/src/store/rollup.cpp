#include "hailong/server/store/rollup.hpp"

#include <span>

namespace hailong::server {
namespace {

using namespace std::chrono;

std::string placeholder(int i, bool postgres) { return (postgres ? "$" : "?") + std::to_string(i); }

}  // namespace

std::string_view to_string(RollupDim dim) {
    switch (dim) {
    case RollupDim::department: return "department";
    case RollupDim::officer: return "officer";
    case RollupDim::service: return "service";
    case RollupDim::kiosk: return "kiosk";
    case RollupDim::hour: return "hour";
    }
    return "department";
}

std::optional<RollupDim> parse_rollup_dim(std::string_view text) {
    for (const RollupDim d : all_rollup_dims)
        if (to_string(d) == text) return d;
    return std::nullopt;
}

int day_number(LocalDate date) { return static_cast<int>(sys_days{date}.time_since_epoch().count()); }
LocalDate day_from_number(int number) { return LocalDate{sys_days{days{number}}}; }
int month_number(LocalDate date) {
    return static_cast<int>(date.year()) * 12 + static_cast<int>(static_cast<unsigned>(date.month())) - 1;
}

int vietnam_hour(Instant instant) {
    const auto local = floor<hours>(instant) + hours{7};  // Asia/Ho_Chi_Minh: UTC+7, no daylight saving
    return static_cast<int>((local - floor<days>(local)).count());
}

std::string hour_key(int local_day, int local_hour) {
    const unsigned weekday = year_month_weekday{day_from_number(local_day)}.weekday().iso_encoding();
    std::string key = std::to_string(weekday) + "-";
    if (local_hour < 10) key += '0';
    key += std::to_string(local_hour);
    return key;
}

std::vector<PeriodRun> plan_range(LocalDate from, LocalDate to) {
    std::vector<PeriodRun> runs;
    if (sys_days{to} < sys_days{from}) return runs;
    // The first day of a whole month at or after `from`, and the last day of a whole month at or
    // before `to`.
    const LocalDate first_month_start =
        from.day() == day{1} ? from : LocalDate{(from.year() / from.month() + months{1}) / 1};
    const LocalDate to_month_last = LocalDate{to.year() / to.month() / last};
    const LocalDate last_month_end =
        to == to_month_last ? to : LocalDate{sys_days{LocalDate{to.year() / to.month() / 1}} - days{1}};
    if (sys_days{last_month_end} < sys_days{first_month_start}) {
        // No whole month inside: days only.
        runs.push_back({RollupLevel::day, day_number(from), day_number(to)});
        return runs;
    }
    if (sys_days{from} < sys_days{first_month_start})
        runs.push_back({RollupLevel::day, day_number(from), day_number(first_month_start) - 1});
    runs.push_back({RollupLevel::month, month_number(first_month_start), month_number(last_month_end)});
    if (sys_days{last_month_end} < sys_days{to})
        runs.push_back({RollupLevel::day, day_number(last_month_end) + 1, day_number(to)});
    return runs;
}

RollupFacts RollupFacts::of(const Submission& s, const std::string& kiosk_id) {
    RollupFacts f;
    f.local_day = day_number(vietnam_date(s.created_at.instant));
    f.local_hour = vietnam_hour(s.created_at.instant);
    f.department = s.department;
    f.officer = s.officer.value_or("");
    f.service = s.service.value_or("");
    f.kiosk = kiosk_id;
    f.tally.add(s);
    return f;
}

void RollupDeltas::add(const RollupFacts& facts, bool flagged, int sign, std::span<const RollupDim> dims) {
    const int month = month_number(day_from_number(facts.local_day));
    const std::string hour = hour_key(facts.local_day, facts.local_hour);
    for (const RollupDim dim : dims) {
        const std::string* key = nullptr;
        switch (dim) {
        case RollupDim::department: key = &facts.department; break;
        case RollupDim::officer: key = &facts.officer; break;
        case RollupDim::service: key = &facts.service; break;
        case RollupDim::kiosk: key = &facts.kiosk; break;
        case RollupDim::hour: key = &hour; break;
        }
        for (const auto& [level, period] : {std::pair{RollupLevel::day, facts.local_day}, std::pair{RollupLevel::month, month}}) {
            indices::Tally& row = rows_[RollupKey{dim, level, period, facts.department, *key, flagged}];
            if (sign > 0) {
                row += facts.tally;
            } else {
                row -= facts.tally;
            }
        }
    }
}

const std::array<std::string_view, tally_column_count> tally_columns = {
    "responses",    "satisfied",     "s3_1",          "s3_2",           "s3_3",
    "s5_1",         "s5_2",          "s5_3",          "s5_4",           "s5_5",
    "time_n",       "time_points",   "contacts_n",    "contacts_points", "agencies_n",
    "agencies_points", "attitude_n", "attitude_points", "complaints",    "complaint_or_unsatisfied",
    "harassment_reports", "late_no_complaint", "with_dossier"};

std::array<std::int64_t, tally_column_count> tally_values(const indices::Tally& t) {
    return {t.responses,  t.satisfied,  t.scale3[0],   t.scale3[1],       t.scale3[2],  t.scale5[0],      t.scale5[1],
            t.scale5[2],  t.scale5[3],  t.scale5[4],   t.tt01[0].n,       t.tt01[0].points, t.tt01[1].n, t.tt01[1].points,
            t.tt01[2].n,  t.tt01[2].points, t.tt01[3].n, t.tt01[3].points, t.complaints, t.complaint_or_unsatisfied,
            t.harassment_reports, t.late_no_complaint, t.with_dossier};
}

indices::Tally tally_from_values(const std::array<std::int64_t, tally_column_count>& v) {
    indices::Tally t;
    t.responses = v[0];
    t.satisfied = v[1];
    t.scale3 = {v[2], v[3], v[4]};
    t.scale5 = {v[5], v[6], v[7], v[8], v[9]};
    for (std::size_t i = 0; i < 4; ++i) t.tt01[i] = {v[10 + 2 * i], v[11 + 2 * i]};
    t.complaints = v[18];
    t.complaint_or_unsatisfied = v[19];
    t.harassment_reports = v[20];
    t.late_no_complaint = v[21];
    t.with_dossier = v[22];
    return t;
}

namespace {

std::string upsert_sql(std::string_view table, bool with_flagged, std::span<const std::string_view> values_columns, bool postgres) {
    std::string columns = with_flagged ? "dim, level, period, department, key, flagged" : "dim, level, period, department, key";
    const int keys = with_flagged ? 6 : 5;
    std::string values;
    std::string updates;
    for (int i = 1; i <= keys; ++i) values += (i > 1 ? ", " : "") + placeholder(i, postgres);
    int i = keys + 1;
    for (const std::string_view c : values_columns) {
        columns += ", ";
        columns += c;
        values += ", " + placeholder(i++, postgres);
        if (!updates.empty()) updates += ", ";
        updates += std::string(c) + " = " + std::string(table) + "." + std::string(c) + " + excluded." + std::string(c);
    }
    return "INSERT INTO " + std::string(table) + "(" + columns + ") VALUES (" + values + ") ON CONFLICT (" +
           (with_flagged ? "dim, level, period, department, key, flagged" : "dim, level, period, department, key") +
           ") DO UPDATE SET " + updates;
}

std::string select_sql(std::string_view table, bool with_flagged, std::span<const std::string_view> value_columns,
                       const RollupQuery& q, bool postgres) {
    const std::string flagged = with_flagged ? ", flagged" : "";
    std::string sql = (q.by_period ? "SELECT period, department, key" : "SELECT 0, department, key") + flagged;
    for (const std::string_view c : value_columns) sql += ", SUM(" + std::string(c) + ")";
    sql += " FROM " + std::string(table) + " WHERE dim = " + placeholder(1, postgres) + " AND level = " + placeholder(2, postgres) +
           " AND period BETWEEN " + placeholder(3, postgres) + " AND " + placeholder(4, postgres);
    int next = 5;
    if (q.department) sql += " AND department = " + placeholder(next++, postgres);
    if (q.key) sql += " AND key = " + placeholder(next++, postgres);
    const std::string group = (q.by_period ? "period, department, key" : "department, key") + flagged;
    return sql + " GROUP BY " + group + " ORDER BY " + group;
}

}  // namespace

std::string rollup_upsert_sql(bool postgres) { return upsert_sql("rollups", true, tally_columns, postgres); }
std::string dossier_upsert_sql(bool postgres) { return upsert_sql("dossier_rollups", false, dossier_columns, postgres); }
std::string rollup_select_sql(const RollupQuery& q, bool postgres) { return select_sql("rollups", true, tally_columns, q, postgres); }
std::string rollup_rows_sql(const RollupQuery& q, bool postgres) {
    std::string sql = "SELECT period, department, key, flagged";
    for (const std::string_view c : tally_columns) sql += ", " + std::string(c);
    sql += " FROM rollups WHERE dim = " + placeholder(1, postgres) + " AND level = " + placeholder(2, postgres) +
           " AND period BETWEEN " + placeholder(3, postgres) + " AND " + placeholder(4, postgres);
    int next = 5;
    if (q.department) sql += " AND department = " + placeholder(next++, postgres);
    if (q.key) sql += " AND key = " + placeholder(next++, postgres);
    return sql;
}
std::string dossier_select_sql(const RollupQuery& q, bool postgres) {
    return select_sql("dossier_rollups", false, dossier_columns, q, postgres);
}

void DossierDeltas::add(const DossierRecord& r, const DossierLink& link, int sign) {
    DossierTally t;
    t.add(r, link);
    const int day = day_number(r.completed_on);
    const int month = month_number(r.completed_on);
    for (const auto& [dim, key] : {std::pair{RollupDim::department, r.department}, std::pair{RollupDim::officer, r.officer.value_or("")},
                                   std::pair{RollupDim::service, r.service.value_or("")}}) {
        for (const auto& [level, period] : {std::pair{RollupLevel::day, day}, std::pair{RollupLevel::month, month}}) {
            DossierTally& row = rows_[RollupKey{dim, level, period, r.department, key, false}];
            if (sign > 0) {
                row += t;
            } else {
                row -= t;
            }
        }
    }
}

}  // namespace hailong::server
