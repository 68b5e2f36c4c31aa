#include "export_scope.hpp"

#include <algorithm>
#include <map>
#include <cctype>

namespace hailong::server::detail {

using std::chrono::sys_days;

std::variant<ExportScope, Answer> read_export_scope(Store& store, const User& user, const QueryParams& params,
                                                    const std::set<std::string>& names, DatesBy dates,
                                                    const IndicesSettings& settings, std::string_view lang) {
    ExportScope scope;
    scope.lang = std::string(lang);
    for (const auto& [name, value] : params) {
        if (!names.count(name)) return bad_request(name, error_code::invalid_value, Message("error.query.unknown"), lang);
        if (!scope.params.emplace(name, value).second)
            return bad_request(name, error_code::invalid_value, Message("error.query.repeated"), lang);
    }
    // The language first, so that every later error is in the language asked for.
    if (const auto l = scope.param("lang")) {
        if (std::find(std::begin(languages), std::end(languages), *l) == std::end(languages))
            return bad_request("lang", error_code::invalid_value, Message("error.query.lang"), lang);
        scope.lang = *l;
    }
    lang = scope.lang;

    if (dates == DatesBy::month) {
        const auto month = scope.param("month");
        if (!month) return bad_request("month", error_code::missing_field, Message("error.missing"), lang);
        // YYYY-MM only: parse_period alone would also take a quarter ("2026-Q4" is 7 long too).
        const bool shape = month->size() == 7 && (*month)[4] == '-' && std::isdigit(static_cast<unsigned char>((*month)[5])) &&
                           std::isdigit(static_cast<unsigned char>((*month)[6]));
        const auto range = shape ? parse_period(*month) : std::nullopt;
        if (!range) return bad_request("month", error_code::invalid_value, Message("error.query.month"), lang);
        scope.from = range->first;
        scope.to = range->second;
    } else {
        const auto period = scope.param("period");
        const auto from = scope.param("from");
        const auto to = scope.param("to");
        if (period) {
            if (from || to) return bad_request("period", error_code::invalid_value, Message("error.query.period_and_range"), lang);
            const auto range = parse_period(*period);
            if (!range) return bad_request("period", error_code::invalid_value, Message("error.query.period"), lang);
            scope.from = range->first;
            scope.to = range->second;
        } else {
            if (!from) return bad_request("from", error_code::missing_field, Message("error.missing"), lang);
            if (!to) return bad_request("to", error_code::missing_field, Message("error.missing"), lang);
            const auto f = parse_iso_date(*from);
            if (!f) return bad_request("from", error_code::invalid_value, Message("error.query.date"), lang);
            const auto t = parse_iso_date(*to);
            if (!t) return bad_request("to", error_code::invalid_value, Message("error.query.date"), lang);
            if (sys_days{*t} < sys_days{*f})
                return bad_request("to", error_code::invalid_value, Message("error.query.range_order", {{"from", *from}}), lang);
            scope.from = *f;
            scope.to = *t;
        }
        const auto length = (sys_days{scope.to} - sys_days{scope.from}).count() + 1;
        if (length > settings.max_days)
            return bad_request(period ? "period" : "to", error_code::invalid_value,
                               Message("error.query.range_too_long", {{"days", std::to_string(length)}, {"max", std::to_string(settings.max_days)}}),
                               lang);
    }
    if (const auto f = scope.param("include_flagged")) {
        if (*f != "true" && *f != "false") return bad_request("include_flagged", error_code::invalid_value, Message("error.query.boolean"), lang);
        scope.include_flagged = *f == "true";
    }
    if (user.role == Role::manager) scope.allowed.insert(user.departments.begin(), user.departments.end());
    if (const auto d = scope.param("department")) {
        const auto deps = store.departments();
        if (std::none_of(deps.begin(), deps.end(), [&](const Department& x) { return x.code == *d; }))
            return bad_request("department", error_code::unknown_department, Message("error.department.unknown", {{"code", *d}}), lang);
        if (!scope.sees(*d))
            return error_answer(403, {std::string(error_code::forbidden), "department", Message("error.auth.department_forbidden", {{"department", *d}})},
                                lang);
        scope.department = *d;
    } else if (user.role == Role::manager && scope.allowed.empty()) {
        return error_answer(403, {std::string(error_code::forbidden), "department", Message("error.auth.no_departments")}, lang);
    }
    return scope;
}

// Whole literals, so that the catalogue test sees every key.
std::string band_key(const std::string& code) {
    static const std::map<std::string, std::string> keys = {
        {"completed_100", "server.band.completed_100"}, {"from_70_to_100", "server.band.from_70_to_100"},
        {"below_70", "server.band.below_70"},           {"excellent", "server.band.excellent"},
        {"good", "server.band.good"},                   {"fair", "server.band.fair"},
        {"average", "server.band.average"},             {"weak", "server.band.weak"}};
    return keys.at(code);
}

}  // namespace hailong::server::detail
