#pragma once
// Reading the organisation chart from CSV (api-v1.md: `hailong-admin import-org org.csv`).
//
// Header: department_code,department_name,officer_code,officer_name (any order, extra columns
// ignored, a UTF-8 byte-order mark allowed, as Excel writes one). One row per officer; a row with
// empty officer columns adds just the department. Quoted fields per RFC 4180 (libcsv). Text is
// checked UTF-8 and stored NFC. Pure function; thread safe.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "hailong/message.hpp"
#include "hailong/server/store/csv_table.hpp"
#include "hailong/server/store/organisation.hpp"

namespace hailong::server {

struct OrgChart {
    std::vector<Department> departments;  ///< in order of first appearance
    std::vector<Officer> officers;
    std::vector<CsvProblem> problems;     ///< every problem found; import nothing unless empty
};

/// Parses the whole file. Never throws for bad content: everything wrong is in `problems`.
OrgChart parse_org_csv(std::string_view text);

}  // namespace hailong::server
