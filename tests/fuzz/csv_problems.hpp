#pragma once
// What every CsvProblem a CSV reader reports must be (hailong/server/store/csv_table.hpp): on a line
// of the file (1 up to the number of lines), naming one of the reader's columns or none, with a
// message key that has a text in every catalogue. Shared by org_csv_fuzz and dossier_csv_fuzz.

#include <algorithm>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "hailong/server/store/csv_table.hpp"

namespace hailong::fuzz {

inline void check_csv_problems(std::string_view text, const std::vector<server::CsvProblem>& problems,
                               std::span<const std::string_view> columns) {
    const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    for (const server::CsvProblem& p : problems) {
        const std::string where = std::to_string(p.line) + " " + p.column + " " + p.message.key;
        HAILONG_FUZZ_CHECK(p.line >= 1 && p.line <= lines, where + " (the file has " + std::to_string(lines) + " lines)");
        HAILONG_FUZZ_CHECK(p.column.empty() || std::find(columns.begin(), columns.end(), p.column) != columns.end(), where);
        HAILONG_FUZZ_CHECK(key_in_every_catalogue(p.message.key), where);
    }
}

}  // namespace hailong::fuzz
