#include "hailong/server/store/dossier.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "hailong/text.hpp"

namespace hailong::server {
namespace {

constexpr std::array<std::string_view, 3> required_columns{"dossier", "department", "completed_on"};
constexpr std::array<std::string_view, 5> unit_columns{"agency_time", "disclosure", "fees", "feedback", "online"};

}  // namespace

DossierOutcome outcome_of(LocalDate promised, LocalDate completed) {
    const auto p = std::chrono::sys_days{promised}, c = std::chrono::sys_days{completed};
    return c < p ? DossierOutcome::early : c == p ? DossierOutcome::on_time : DossierOutcome::late;
}

DossierLink& DossierLink::operator|=(const DossierLink& o) {
    linked |= o.linked;
    complained |= o.complained;
    compared |= o.compared;
    agreeing |= o.agreeing;
    return *this;
}

DossierLink link_of(const indices::Tally& rating, const std::optional<DossierOutcome>& outcome) {
    static_assert(indices::kiosk_tt01_indices[0] == indices::Tt01Index::time);
    const indices::IndexTally& time = rating.tt01[0];
    const bool compared = outcome.has_value() && time.n > 0;
    // DossierOutcome's values are index 1's points
    return {true, rating.complaint_or_unsatisfied > 0, compared, compared && time.points == static_cast<int>(*outcome)};
}

void DossierTally::add(const DossierRecord& r, const DossierLink& link) {
    ++dossiers;
    linked += link.linked ? 1 : 0;
    complained += link.complained ? 1 : 0;
    time_compared += link.compared ? 1 : 0;
    time_agreeing += link.agreeing ? 1 : 0;
    if (r.outcome == DossierOutcome::early) ++early;
    if (r.outcome == DossierOutcome::on_time) ++on_time;
    if (r.outcome == DossierOutcome::late) ++late;
    for (std::size_t i = 0; i < unit.size(); ++i)
        if (r.unit[i]) unit[i].add(*r.unit[i]);
}

DossierTally& DossierTally::operator+=(const DossierTally& o) {
    dossiers += o.dossiers;
    early += o.early;
    on_time += o.on_time;
    late += o.late;
    for (std::size_t i = 0; i < unit.size(); ++i) unit[i] += o.unit[i];
    linked += o.linked;
    complained += o.complained;
    time_compared += o.time_compared;
    time_agreeing += o.time_agreeing;
    return *this;
}

DossierTally& DossierTally::operator-=(const DossierTally& o) {
    dossiers -= o.dossiers;
    early -= o.early;
    on_time -= o.on_time;
    late -= o.late;
    for (std::size_t i = 0; i < unit.size(); ++i) unit[i] -= o.unit[i];
    linked -= o.linked;
    complained -= o.complained;
    time_compared -= o.time_compared;
    time_agreeing -= o.time_agreeing;
    return *this;
}

const std::array<std::string_view, dossier_column_count> dossier_columns = {
    "dossiers",     "early",          "on_time",      "late",       "agency_time_n", "agency_time_points", "disclosure_n",
    "disclosure_points", "fees_n",    "fees_points",  "feedback_n", "feedback_points", "online_n",         "online_points",
    "linked",       "complained",     "time_compared", "time_agreeing"};

std::array<std::int64_t, dossier_column_count> dossier_values(const DossierTally& t) {
    std::array<std::int64_t, dossier_column_count> v{t.dossiers, t.early, t.on_time, t.late};
    for (std::size_t i = 0; i < t.unit.size(); ++i) {
        v[4 + 2 * i] = t.unit[i].n;
        v[5 + 2 * i] = t.unit[i].points;
    }
    v[14] = t.linked;
    v[15] = t.complained;
    v[16] = t.time_compared;
    v[17] = t.time_agreeing;
    return v;
}

DossierTally dossier_from_values(const std::array<std::int64_t, dossier_column_count>& v) {
    DossierTally t;
    t.dossiers = v[0];
    t.early = v[1];
    t.on_time = v[2];
    t.late = v[3];
    for (std::size_t i = 0; i < t.unit.size(); ++i) t.unit[i] = {v[4 + 2 * i], v[5 + 2 * i]};
    t.linked = v[14];
    t.complained = v[15];
    t.time_compared = v[16];
    t.time_agreeing = v[17];
    return t;
}

DossierFold fold_dossier_events(std::vector<DossierEvent> events) {
    std::sort(events.begin(), events.end(),
              [](const DossierEvent& a, const DossierEvent& b) { return std::tie(a.at.instant, a.id) < std::tie(b.at.instant, b.id); });
    DossierFold fold;
    const DossierEvent* last_returned = nullptr;
    const DossierEvent* last_received = nullptr;
    std::optional<LocalDate> promised;
    for (const DossierEvent& e : events) {
        if (e.department) fold.department = e.department;
        if (e.service) fold.service = e.service;
        if (e.promised_on) promised = e.promised_on;
        if (e.event == DossierEventKind::returned) last_returned = &e;
        if (e.event == DossierEventKind::received) last_received = &e;
    }
    fold.returned = last_returned != nullptr;
    if (!last_returned || !fold.department) return fold;
    DossierRecord r;
    r.dossier = last_returned->dossier;
    r.department = *fold.department;
    r.service = fold.service;
    r.completed_on = vietnam_date(last_returned->at.instant);
    if (promised) r.outcome = outcome_of(*promised, r.completed_on);
    if (!last_returned->officers.empty()) {
        r.officer = last_returned->officers.front();
    } else if (last_received && !last_received->officers.empty()) {
        r.officer = last_received->officers.front();
    }
    fold.record = std::move(r);
    return fold;
}

DossierFile parse_dossier_csv(std::string_view text) {
    DossierFile file;
    const auto table = read_csv_table(text, required_columns, "admin.dossiers.missing_column", file.problems);
    if (!table) return file;
    std::map<std::string, std::size_t> seen;  // dossier code -> line
    for (const CsvRecord& row : table->rows) {
        const std::size_t before = file.problems.size();
        auto problem = [&](std::string_view column, Message m) { file.problems.push_back({row.line, std::string(column), std::move(m)}); };
        auto code = [&](std::string_view column, bool required) -> std::optional<std::string> {
            std::string v = table->field(row, column);
            if (v.empty()) {
                if (required) problem(column, Message("error.missing"));
                return std::nullopt;
            }
            if (!is_valid_code(v)) problem(column, Message("error.code.format", {{"max", std::to_string(max_code_length)}}));
            return v;
        };
        DossierRecord r;
        r.dossier = code("dossier", true).value_or("");
        r.department = code("department", true).value_or("");
        r.officer = code("officer", false);
        r.service = code("service", false);
        const std::string date = table->field(row, "completed_on");
        if (date.empty()) {
            problem("completed_on", Message("error.missing"));
        } else if (const auto d = parse_iso_date(date)) {
            r.completed_on = *d;
        } else {
            problem("completed_on", Message("error.query.date"));
        }
        const std::string outcome = table->field(row, "outcome");
        if (outcome == "early") {
            r.outcome = DossierOutcome::early;
        } else if (outcome == "on_time") {
            r.outcome = DossierOutcome::on_time;
        } else if (outcome == "late") {
            r.outcome = DossierOutcome::late;
        } else if (!outcome.empty()) {
            problem("outcome", Message("admin.dossiers.outcome"));
        }
        // The promised date (ngày hẹn trả), when the software gives it: the outcome is then the
        // records' own (TT 01 index 1 from the dates), and a stated outcome must agree with it.
        if (const std::string promised = table->field(row, "promised_on"); !promised.empty()) {
            const auto p = parse_iso_date(promised);
            if (!p) {
                problem("promised_on", Message("error.query.date"));
            } else if (!date.empty() && parse_iso_date(date)) {
                const auto from_dates = outcome_of(*p, r.completed_on);
                if (r.outcome && *r.outcome != from_dates)
                    problem("outcome", Message("admin.dossiers.outcome_disagrees", {{"promised", promised}, {"completed", date}}));
                r.outcome = from_dates;
            }
        }
        for (std::size_t i = 0; i < unit_columns.size(); ++i) {
            const std::string v = table->field(row, unit_columns[i]);
            if (v.empty()) continue;
            if (v == "0" || v == "1" || v == "2") {
                r.unit[i] = v[0] - '0';
            } else {
                problem(unit_columns[i], Message("error.tt01.points"));
            }
        }
        if (file.problems.size() != before) continue;
        if (const auto it = seen.find(r.dossier); it != seen.end()) {
            problem("dossier", Message("admin.dossiers.repeated", {{"code", r.dossier}, {"line", std::to_string(it->second)}}));
            continue;
        }
        seen.emplace(r.dossier, row.line);
        file.records.push_back(std::move(r));
    }
    return file;
}

}  // namespace hailong::server
