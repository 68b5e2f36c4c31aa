#pragma once
// The satisfaction targets (issue 19, "Targets and colour by evidence"): the site's default and
// each department's own, and how a group's rate with its interval stands against its target.
// Written once here for every answer that carries them (the indices, the settings). Private to
// the api wing.
//
// Thread safety: free functions and a value type; read_targets reads the store, which any thread
// may call.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "hailong/server/store/store.hpp"

namespace hailong::server::targets {

/// The default when the site has set none: 80 %.
inline constexpr int default_tenths = 800;

struct Targets {
    int default_target = default_tenths;  ///< tenths of a percent
    std::map<std::string, int> units;     ///< a department's own target, tenths of a percent
    /// The department's own target, else the default (also for "" and unknown codes).
    [[nodiscard]] int for_department(const std::string& department) const;
};

/// Reads the setting "satisfaction_target" (a stored text that does not parse reads as the
/// default) and the departments' own targets.
Targets read_targets(OrganisationStore& store);

/// "82.5" -> 825; nullopt unless a number from 0 to 100 with at most one decimal.
std::optional<int> parse_target_text(std::string_view text);

/// The target as a JSON number of percent: 800 -> 80, 825 -> 82.5.
nlohmann::ordered_json target_json(int tenths);

/// How a group of the indices answer stands against `tenths` by the evidence: "met" when its
/// interval's lower bound is at or above the target, "missed" when the upper bound is below it,
/// "uncertain" otherwise, "not_enough" when the group is suppressed. Compares the interval as the
/// answer shows it (2 decimals), so that anyone can check it from the answer alone.
std::string_view status(const nlohmann::ordered_json& group, int tenths);

/// Adds "target" and "target_status" to every group of an indices answer, by its department.
void annotate(nlohmann::ordered_json& groups, const Targets& targets);

}  // namespace hailong::server::targets
