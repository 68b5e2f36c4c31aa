#include "hailong/server/store/csv_table.hpp"

#include <algorithm>

#include <csv.h>

#include "hailong/text.hpp"

namespace hailong::server {
namespace {

// libcsv reports fields and record ends through C callbacks; this collects them with the line on
// which each record started (a quoted field may span lines, so records and lines differ).
struct Collector {
    std::vector<CsvRecord> records;
    std::vector<std::string> fields;
    std::size_t current_line = 1;
    std::size_t record_start = 1;

    static void on_field(void* data, std::size_t size, void* self) {
        static_cast<Collector*>(self)->fields.emplace_back(static_cast<const char*>(data), size);
    }
    static void on_record(int /*terminator*/, void* self) {
        auto* c = static_cast<Collector*>(self);
        c->records.push_back({c->record_start, std::move(c->fields)});
        c->fields.clear();
    }
};

class CsvParser {
public:
    CsvParser() {
        if (csv_init(&parser_, CSV_STRICT | CSV_STRICT_FINI) != 0) throw std::bad_alloc();
    }
    ~CsvParser() { csv_free(&parser_); }
    CsvParser(const CsvParser&) = delete;
    CsvParser& operator=(const CsvParser&) = delete;
    csv_parser* get() { return &parser_; }

private:
    csv_parser parser_{};
};

}  // namespace

std::string CsvTable::field(const CsvRecord& row, std::string_view column) const {
    const auto it = columns.find(column);
    return it == columns.end() || it->second >= row.fields.size() ? std::string() : row.fields[it->second];
}

std::optional<CsvTable> read_csv_table(std::string_view text, std::span<const std::string_view> required,
                                       const char* missing_column_key, std::vector<CsvProblem>& problems) {
    auto problem = [&](std::size_t line, std::string_view column, Message m) {
        problems.push_back({line, std::string(column), std::move(m)});
    };
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::size_t bad_byte = 0;
    if (!is_valid_utf8(text, &bad_byte)) {
        std::size_t line = 1;
        for (std::size_t i = 0; i < bad_byte; ++i) line += text[i] == '\n';
        problem(line, "", Message("error.text.utf8", {{"byte", std::to_string(bad_byte)}}));
        return std::nullopt;
    }

    Collector collector;
    CsvParser parser;
    // Fed one physical line at a time, so a record that ends while line N is fed ended on line N.
    std::size_t pos = 0;
    bool malformed = false;
    while (pos < text.size() && !malformed) {
        // pstate 0 is libcsv's ROW_NOT_BEGUN (csv.h exposes the struct): a record that is not under
        // way yet starts on this line. Blank lines never start one, so they cannot shift numbers.
        if (parser.get()->pstate == 0) collector.record_start = collector.current_line;
        const std::size_t end = std::min(text.find('\n', pos), text.size() - 1) + 1;
        if (csv_parse(parser.get(), text.data() + pos, end - pos, Collector::on_field, Collector::on_record, &collector) != end - pos)
            malformed = true;
        pos = end;
        if (!malformed) ++collector.current_line;
    }
    if (!malformed && csv_fini(parser.get(), Collector::on_field, Collector::on_record, &collector) != 0) malformed = true;
    if (malformed) {
        problem(collector.record_start, "", Message("admin.csv.malformed"));
        return std::nullopt;
    }

    // Skip blank lines (a record whose fields are all empty).
    std::erase_if(collector.records, [](const CsvRecord& r) {
        return std::all_of(r.fields.begin(), r.fields.end(), [](const std::string& f) { return f.empty(); });
    });
    if (collector.records.empty()) {
        problem(1, "", Message("admin.csv.empty"));
        return std::nullopt;
    }

    CsvTable table;
    const CsvRecord& header = collector.records.front();
    table.header_line = header.line;
    for (std::size_t i = 0; i < header.fields.size(); ++i) table.columns.emplace(header.fields[i], i);
    bool missing = false;
    for (const std::string_view column : required) {
        if (table.columns.count(column)) continue;
        problem(header.line, column, Message(missing_column_key, {{"column", std::string(column)}}));
        missing = true;
    }
    if (missing) return std::nullopt;
    if (collector.records.size() == 1) {
        problem(header.line, "", Message("admin.csv.empty"));
        return std::nullopt;
    }
    table.rows.assign(std::make_move_iterator(collector.records.begin() + 1), std::make_move_iterator(collector.records.end()));
    return table;
}

namespace {

void append_csv_field(std::string& out, const std::string& text) {
    // Quoted also when it starts or ends with a space or tab: readers (libcsv in read_csv_table,
    // spreadsheets) trim those around an unquoted field.
    const bool edge_space = !text.empty() && (text.front() == ' ' || text.front() == '\t' || text.back() == ' ' || text.back() == '\t');
    if (!edge_space && text.find_first_of(",\"\r\n") == std::string::npos) {
        out += text;
        return;
    }
    out += '"';
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void append_csv_line(std::string& out, const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) out += ',';
        append_csv_field(out, fields[i]);
    }
    out += "\r\n";
}

}  // namespace

std::string write_csv_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
    std::string out = "\xEF\xBB\xBF";
    append_csv_line(out, header);
    for (const auto& row : rows) append_csv_line(out, row);
    return out;
}

}  // namespace hailong::server
