#include "hailong/server/org_csv.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>

#include <csv.h>

#include "hailong/text.hpp"

namespace hailong::server {
namespace {

constexpr std::array<std::string_view, 4> columns{"department_code", "department_name", "officer_code", "officer_name"};
constexpr std::size_t max_name_chars = 200;

struct Record {
    std::size_t line;
    std::vector<std::string> fields;
};

// libcsv reports fields and record ends through C callbacks; this collects them with the line on
// which each record started (a quoted field may span lines, so records and lines differ).
struct Collector {
    std::vector<Record> records;
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

OrgChart parse_org_csv(std::string_view text) {
    OrgChart chart;
    auto problem = [&](std::size_t line, std::string_view column, Message m) {
        chart.problems.push_back({line, std::string(column), std::move(m)});
    };

    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::size_t bad_byte = 0;
    if (!is_valid_utf8(text, &bad_byte)) {
        std::size_t line = 1;
        for (std::size_t i = 0; i < bad_byte; ++i) line += text[i] == '\n';
        problem(line, "", Message("error.text.utf8", {{"byte", std::to_string(bad_byte)}}));
        return chart;
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
        return chart;
    }

    // Skip blank lines (a record whose fields are all empty).
    std::erase_if(collector.records, [](const Record& r) {
        return std::all_of(r.fields.begin(), r.fields.end(), [](const std::string& f) { return f.empty(); });
    });
    if (collector.records.empty()) {
        problem(1, "", Message("admin.csv.empty"));
        return chart;
    }

    std::array<std::optional<std::size_t>, columns.size()> index;
    const Record& header = collector.records.front();
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        for (std::size_t c = 0; c < columns.size(); ++c) {
            if (header.fields[i] == columns[c]) index[c] = i;
        }
    }
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (!index[c]) problem(header.line, columns[c], Message("admin.csv.missing_column", {{"column", std::string(columns[c])}}));
    }
    if (!chart.problems.empty()) return chart;
    if (collector.records.size() == 1) {
        problem(header.line, "", Message("admin.csv.empty"));
        return chart;
    }

    std::map<std::string, std::pair<std::string, std::size_t>> department_seen;  // code -> name, line
    std::map<std::string, std::size_t> officer_seen;                            // code -> line

    for (std::size_t r = 1; r < collector.records.size(); ++r) {
        const Record& rec = collector.records[r];
        auto field = [&](std::size_t c) -> std::string {
            return *index[c] < rec.fields.size() ? rec.fields[*index[c]] : std::string();
        };
        const std::size_t before = chart.problems.size();
        auto code = [&](std::size_t c) -> std::string {
            std::string v = field(c);
            if (v.empty()) {
                problem(rec.line, columns[c], Message("error.missing"));
            } else if (!is_valid_code(v)) {
                problem(rec.line, columns[c], Message("error.code.format", {{"max", std::to_string(max_code_length)}}));
            }
            return v;
        };
        auto name = [&](std::size_t c) -> std::string {
            TextProblem tp{};
            const std::string raw = field(c);
            if (raw.empty()) {
                problem(rec.line, columns[c], Message("error.missing"));
                return {};
            }
            auto text_value = normalize_text(raw, TextRules{max_name_chars, false}, &tp);
            if (!text_value) {
                problem(rec.line, columns[c],
                        tp.kind == TextProblem::Kind::too_long
                            ? Message("error.text.too_long", {{"length", std::to_string(tp.position)}, {"max", std::to_string(max_name_chars)}})
                            : Message("error.text.control", {{"position", std::to_string(tp.position + 1)}}));
                return {};
            }
            return *text_value;
        };

        const std::string dep_code = code(0);
        const std::string dep_name = name(1);
        const bool has_officer = !field(2).empty() || !field(3).empty();
        std::string off_code, off_name;
        if (has_officer) {
            off_code = code(2);
            off_name = name(3);
        }
        if (chart.problems.size() != before) continue;

        if (const auto it = department_seen.find(dep_code); it == department_seen.end()) {
            department_seen.emplace(dep_code, std::make_pair(dep_name, rec.line));
            chart.departments.push_back({dep_code, dep_name});
        } else if (it->second.first != dep_name) {
            problem(rec.line, columns[1],
                    Message("admin.csv.department_renamed",
                            {{"code", dep_code}, {"name", it->second.first}, {"line", std::to_string(it->second.second)}}));
            continue;
        }
        if (!has_officer) continue;
        if (const auto it = officer_seen.find(off_code); it != officer_seen.end()) {
            problem(rec.line, columns[2], Message("admin.csv.officer_repeated", {{"code", off_code}, {"line", std::to_string(it->second)}}));
            continue;
        }
        officer_seen.emplace(off_code, rec.line);
        chart.officers.push_back({off_code, off_name, dep_code});
    }
    return chart;
}

}  // namespace hailong::server
