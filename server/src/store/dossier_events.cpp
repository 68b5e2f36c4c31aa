#include "dossier_events.hpp"

namespace hailong::server::detail {

std::vector<DossierRecord> records_from_events(EventQueries& events, LinkQueries& stored, const std::set<std::string>& dossiers) {
    std::vector<DossierRecord> out;
    const auto by_code = events.events(dossiers);
    const auto records = stored.records(dossiers);
    for (const auto& [code, list] : by_code) {
        DossierFold fold = fold_dossier_events(list);
        if (!fold.record) continue;
        DossierRecord& r = *fold.record;
        const auto it = records.find(code);
        if (it != records.end()) {
            r.unit = it->second.record.unit;
            if (it->second.record == r) continue;
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::optional<DossierStatus> status_of(const std::vector<DossierEvent>& events, const std::optional<DossierRecord>& record,
                                       const std::set<DossierStage>& rated_stages) {
    if (events.empty() && !record) return std::nullopt;
    const DossierFold fold = fold_dossier_events(events);
    DossierStatus s;
    s.department = record ? std::optional<std::string>(record->department) : fold.department;
    s.service = record && record->service ? record->service : fold.service;
    s.collection = record.has_value() || fold.returned;
    s.rated_filing = rated_stages.count(DossierStage::filing) != 0;
    s.rated_collection = rated_stages.count(DossierStage::collection) != 0;
    return s;
}

std::string unlinked_sql(const UnlinkedQuery& q, bool postgres) {
    int n = 0;
    auto p = [&] { return postgres ? "$" + std::to_string(++n) : std::string("?"); };
    // A code is known when a record or an event has it; both are looked up by their index on
    // the code, once per rating of the range that names one.
    std::string sql =
        "SELECT s.department, count(*), count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM dossier_records r WHERE r.dossier = s.dossier) "
        "AND NOT EXISTS (SELECT 1 FROM dossier_events e WHERE e.dossier = s.dossier)) "
        "FROM submissions s WHERE s.dossier IS NOT NULL AND s.local_day >= ";
    // One call per statement: the operands of a + chain may be evaluated in any order.
    sql += p();
    sql += " AND s.local_day <= ";
    sql += p();
    if (!q.departments.empty()) {
        sql += " AND s.department IN (";
        for (std::size_t i = 0; i < q.departments.size(); ++i) {
            if (i) sql += ", ";
            sql += p();
        }
        sql += ")";
    }
    return sql + " GROUP BY s.department ORDER BY s.department";
}

}  // namespace hailong::server::detail
