// Fuzz target: the unit's dossier records of `hailong-admin import-dossiers` through
// hailong::server::parse_dossier_csv (hailong/server/store/dossier.hpp). The input is the file; the
// seeds are files with every column, columns in another order, a byte-order mark, CRLF, quoted
// fields, empty optional fields, and the mistakes the unit tests name.
//
// What must hold for any bytes, each from the headers' contracts:
//   - parse_dossier_csv never throws; every problem is on a line of the file, names one of the
//     twelve columns (promised_on among them) or none, and has a message key with a text in
//     every catalogue;
//   - every record has a dossier and a department of the code shape, an officer and a service
//     that are absent or of the code shape, a valid calendar date, TT 01 points 0..2 or none,
//     and no dossier code appears twice ("a dossier code given twice is a problem");
//   - the records written back with write_csv_table (which "read_csv_table reads back
//     unchanged") parse to the same records, without problems (a record keeps the outcome its
//     promised date gave, so the eleven columns without promised_on say all of it).

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "csv_problems.hpp"
#include "fuzz_check.hpp"
#include "hailong/server/store/csv_table.hpp"
#include "hailong/server/store/dossier.hpp"
#include "hailong/text.hpp"
#include "hailong/time.hpp"

namespace {

using hailong::server::DossierFile;
using hailong::server::DossierOutcome;
using hailong::server::DossierRecord;

constexpr std::string_view columns[] = {"dossier",      "department", "officer", "service",  "completed_on", "outcome",
                                        "agency_time",  "disclosure", "fees",    "feedback", "online"};

// The columns a problem may name: the written ones and the promised date, read but not kept.
constexpr std::string_view problem_columns[] = {"dossier",     "department", "officer", "service",  "completed_on", "outcome",
                                                "agency_time", "disclosure", "fees",    "feedback", "online",       "promised_on"};

bool code_shaped(const std::optional<std::string>& code) { return !code || hailong::is_valid_code(*code); }

void check_records(const DossierFile& file) {
    std::set<std::string> seen;
    for (const DossierRecord& r : file.records) {
        HAILONG_FUZZ_CHECK(hailong::is_valid_code(r.dossier), r.dossier);
        HAILONG_FUZZ_CHECK(seen.insert(r.dossier).second, "dossier " + r.dossier + " twice");
        HAILONG_FUZZ_CHECK(hailong::is_valid_code(r.department), r.dossier + ": " + r.department);
        HAILONG_FUZZ_CHECK(code_shaped(r.officer) && code_shaped(r.service), r.dossier);
        HAILONG_FUZZ_CHECK(r.completed_on.ok(), r.dossier);
        for (const auto& points : r.unit) HAILONG_FUZZ_CHECK(!points || (*points >= 0 && *points <= 2), r.dossier);
    }
}

std::string outcome_text(const std::optional<DossierOutcome>& outcome) {
    if (!outcome) return "";
    switch (*outcome) {
    case DossierOutcome::early: return "early";
    case DossierOutcome::on_time: return "on_time";
    case DossierOutcome::late: return "late";
    }
    hailong::fuzz::fail("an outcome outside early, on_time, late");
}

std::string written(const DossierFile& file) {
    std::vector<std::vector<std::string>> rows;
    for (const DossierRecord& r : file.records) {
        std::vector<std::string> row{r.dossier, r.department, r.officer.value_or(""), r.service.value_or(""),
                                     hailong::format_iso_date(r.completed_on), outcome_text(r.outcome)};
        for (const auto& points : r.unit) row.push_back(points ? std::to_string(*points) : "");
        rows.push_back(std::move(row));
    }
    return hailong::server::write_csv_table(std::vector<std::string>(std::begin(columns), std::end(columns)), rows);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const DossierFile file = hailong::server::parse_dossier_csv(text);
    hailong::fuzz::check_csv_problems(text, file.problems, problem_columns);
    check_records(file);
    if (!file.problems.empty()) return 0;

    HAILONG_FUZZ_CHECK(!file.records.empty(), "no problem and no record");

    const std::string csv = written(file);
    const DossierFile again = hailong::server::parse_dossier_csv(csv);
    HAILONG_FUZZ_CHECK(again.problems.empty(), csv);
    HAILONG_FUZZ_CHECK(again.records == file.records, csv);
    return 0;
}
