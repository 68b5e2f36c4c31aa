#pragma once
// OrganisationStore::change_settings written once: what changes, in which order, and what the log
// says. Each store supplies only its SQL through SettingsQueries, inside its own transaction.
// Private to the store wing.

#include <optional>
#include <string>
#include <vector>

#include "hailong/server/store/store.hpp"

namespace hailong::server::detail {

/// The look-ups and writes of one store, all inside the transaction the caller holds.
class SettingsQueries {
public:
    virtual ~SettingsQueries() = default;
    virtual std::optional<std::string> setting(const std::string& key) = 0;
    virtual void put_setting(const std::string& key, const std::string& value) = 0;
    virtual bool department_exists(const std::string& code) = 0;
    virtual std::optional<int> unit_target(const std::string& department) = 0;
    /// nullopt: delete the department's own target.
    virtual void put_unit_target(const std::string& department, std::optional<int> tenths) = 0;
    /// The hours text of the newest version set for the site (department ""), if any.
    virtual std::optional<std::string> newest_site_hours() = 0;
    virtual void add_opening_hours(const OpeningHoursVersion& version) = 0;
    /// Appends a line to the log and returns its id.
    virtual std::int64_t append_log(const SettingsLogEntry& entry) = 0;
};

/// Checks every target first (StoreError, nothing written), then writes what differs from what
/// is stored and logs it: settings in the order given, then targets, then the opening hours, then
/// the records as they are.
std::vector<SettingsLogEntry> change_settings(SettingsQueries& queries, const SettingsChange& change);

}  // namespace hailong::server::detail
