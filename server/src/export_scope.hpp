#pragma once
// What the export endpoints (indicator_export.cpp, report_service.cpp) share: reading the query
// strictly (every parameter named, none repeated, each error a 400 naming its field) and the
// user's reach, exactly as the indices endpoints read theirs (a manager sees only their own
// departments; another department is 403 with field "department"). Private to the server core.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>

#include "hailong/server/indices_service.hpp"

namespace hailong::server::detail {

struct ExportScope {
    LocalDate from;
    LocalDate to;
    std::optional<std::string> department;  ///< the filter the request gave
    std::set<std::string> allowed;          ///< a manager's departments; empty: every department
    bool include_flagged = false;
    std::string lang;                       ///< the `lang` parameter if given, else the request's language
    std::map<std::string, std::string> params;

    [[nodiscard]] bool sees(const std::string& dep) const { return allowed.empty() || allowed.count(dep) > 0; }
    [[nodiscard]] std::optional<std::string> param(const std::string& name) const {
        const auto it = params.find(name);
        return it == params.end() ? std::nullopt : std::optional<std::string>(it->second);
    }
};

/// How the dates are asked for: `period` or `from`/`to` (indicators), or `month` alone (reports).
enum class DatesBy { period_or_range, month };

/// Reads `params` against the parameter `names` the endpoint takes. `lang` is the request's
/// language (Accept-Language); a `lang` parameter (vi or en), when among `names`, overrides it.
std::variant<ExportScope, Answer> read_export_scope(Store& store, const User& user, const QueryParams& params,
                                                    const std::set<std::string>& names, DatesBy dates,
                                                    const IndicesSettings& settings, std::string_view lang);

/// The catalogue key of a TT 01 band's name ("server.band.excellent" for "excellent").
std::string band_key(const std::string& code);

}  // namespace hailong::server::detail
