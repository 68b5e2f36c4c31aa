#include "hailong/server/api/public_results.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <variant>

#include <nlohmann/json.hpp>

#include "index_figures.hpp"
#include "report_rules.hpp"
#include "hailong/server/store/setting_keys.hpp"

namespace hailong::server {
namespace {

using namespace std::chrono;
using json = figures::json;

// What the public may read of one department's group in one period.
json period_json(const json* group) {
    if (!group) return json{{"responses", 0}, {"satisfaction_rate", nullptr}, {"ci95", nullptr}, {"suppressed", true}};
    return json{{"responses", (*group)["responses"]},
                {"satisfaction_rate", (*group)["satisfaction_rate"]},
                {"ci95", (*group)["ci95"]},
                {"suppressed", (*group)["suppressed"]}};
}

}  // namespace

PublicResults::PublicResults(Store& store, IndicesSettings settings, Now now)
    : store_(store), settings_(settings), now_(std::move(now)) {}

Answer PublicResults::results(const QueryParams& params, std::string_view lang) {
    const Instant now = now_();
    const LocalDate today = vietnam_date(now);
    const year_month current{today.year(), today.month()};

    QueryParams asked = params;
    const bool has_month = std::any_of(asked.begin(), asked.end(), [](const auto& p) { return p.first == "month"; });
    if (!has_month) asked.emplace_back("month", month_label(current));
    // Every department, as an analyst sees them: nothing here is more than a department publishes.
    static const User everyone{"public", Role::analyst, {}, false};
    static const std::set<std::string> names = {"month", "lang"};
    auto read = read_request_scope(store_, everyone, asked, names, DatesBy::month, settings_, lang);
    if (auto* a = std::get_if<Answer>(&read)) return std::move(*a);
    RequestScope scope = std::get<RequestScope>(std::move(read));
    const year_month month{scope.from.year(), scope.from.month()};
    if (month > current) return bad_request("month", error_code::invalid_value, Message("error.query.month_future"), scope.lang);
    if (month < current - months(max_months_back))
        return bad_request("month", error_code::invalid_value,
                           Message("error.query.month_too_old", {{"months", std::to_string(max_months_back)}}), scope.lang);

    const std::string key = month_label(month);
    {
        std::lock_guard lock(mutex_);
        if (const auto it = kept_.find(key); it != kept_.end() && now - it->second.first < fresh_for)
            return Answer{200, it->second.second, {}};
    }

    if (scope.to > today) scope.to = today;  // the current month, to today
    RequestScope previous = scope;
    const year_month before = month - months(1);
    previous.from = LocalDate{before / day(1)};
    previous.to = LocalDate{before / last};

    // Department names are the organisation's own (Vietnamese), whatever the reader's language.
    const json now_groups = figures::groups(store_, scope, RollupDim::department, std::nullopt, std::nullopt, settings_, "vi");
    const json before_groups = figures::groups(store_, previous, RollupDim::department, std::nullopt, std::nullopt, settings_, "vi");
    std::map<std::string, std::pair<const json*, const json*>> departments;
    for (const json& g : now_groups)
        if (g["key"].is_string()) departments[g["key"].get<std::string>()].first = &g;
    for (const json& g : before_groups)
        if (g["key"].is_string()) departments[g["key"].get<std::string>()].second = &g;

    json list = json::array();
    for (const auto& [code, groups] : departments) {
        const json& named = groups.first ? *groups.first : *groups.second;
        list.push_back(json{{"department", code},
                            {"name", named["name"]},
                            {"this_month", period_json(groups.first)},
                            {"last_month", period_json(groups.second)}});
    }
    json body;
    // The agency's name (the settings page), so that a lobby screen says whose results these are.
    const auto agency = store_.setting(setting_key::agency_name);
    body["agency_name"] = agency ? json(*agency) : json(nullptr);
    body["month"] = key;
    body["from"] = format_iso_date(scope.from);
    body["to"] = format_iso_date(scope.to);
    body["last_month"] = {{"month", month_label(before)}, {"from", format_iso_date(previous.from)}, {"to", format_iso_date(previous.to)}};
    body["timezone"] = std::string(vietnam_time_zone);
    body["min_responses"] = settings_.min_responses;
    body["made_at"] = figures::report_time(now);
    body["departments"] = std::move(list);
    std::string text = body.dump();
    {
        std::lock_guard lock(mutex_);
        kept_[key] = {now, text};
    }
    return Answer{200, std::move(text), {}};
}

}  // namespace hailong::server
