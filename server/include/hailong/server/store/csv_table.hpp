#pragma once
// Reading a CSV file a person exported from Excel or their unit's software, with every problem
// tied to the line it is on: RFC 4180 quoting (libcsv, strict), a UTF-8 byte-order mark allowed,
// blank lines skipped, columns found by their header names in any order, extra columns ignored.
// Used by the organisation chart and the dossier imports. Pure functions; thread safe.

#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hailong/message.hpp"

namespace hailong::server {

/// A problem on one line of the file. `line` counts from 1 (the header); `column` is a header
/// name, or empty for the whole line.
struct CsvProblem {
    std::size_t line = 0;
    std::string column;
    Message message;
    friend bool operator==(const CsvProblem&, const CsvProblem&) = default;
};

/// One data row and the line it starts on (a quoted field may span lines).
struct CsvRecord {
    std::size_t line = 0;
    std::vector<std::string> fields;
};

struct CsvTable {
    std::size_t header_line = 1;
    std::map<std::string, std::size_t, std::less<>> columns;  ///< header name -> field index
    std::vector<CsvRecord> rows;                              ///< data rows, blank ones left out

    /// The field of `row` under header `column`; empty if the row is short or there is no such column.
    [[nodiscard]] std::string field(const CsvRecord& row, std::string_view column) const;
};

/// Parses `text`. Problems (appended to `problems`): bad UTF-8, broken quoting, no data rows, and
/// each of `required` missing from the header (message `missing_column_key` with {column}).
/// Returns nullopt when any of these was found.
std::optional<CsvTable> read_csv_table(std::string_view text, std::span<const std::string_view> required,
                                       const char* missing_column_key, std::vector<CsvProblem>& problems);

/// Writing the other way, for exports a person opens in Excel: a UTF-8 byte-order mark (Excel then
/// reads Vietnamese right), the header, one line per row, CRLF line ends, RFC 4180 quoting of any
/// field holding a comma, quote or line break or starting or ending with a space or tab.
/// read_csv_table reads it back unchanged.
std::string write_csv_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);

}  // namespace hailong::server
