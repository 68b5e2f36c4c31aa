#pragma once
// The agency's settings without the HTTP (docs/api.md, "Settings"; issue 19):
//
//   GET /api/v1/settings   the agency's name, the default satisfaction target, each
//                          department's target, and for admins the site's and each department's
//                          opening hours, the alert thresholds and the last changes with who
//                          made them
//   PUT /api/v1/settings   admins only: change any of them; every change is logged
//
// Access: an admin reads and writes everything. A manager reads the name, the default target and
// the targets of their own departments (the targets their figures are coloured by); an analyst
// reads the name and every target (they see every department's figures). Neither sees the
// opening hours or the log (it names who changed what), and neither may write: 403. An
// integration account is refused before it gets here.
//
// Thread safety: every method may be called from any number of threads at once.

#include <string_view>

#include "hailong/server/api/answer.hpp"
#include "hailong/server/store/store.hpp"

namespace hailong::server {

class SettingsService {
public:
    /// `store` must outlive the service; `now` dates the changes and "today" for opening hours.
    SettingsService(Store& store, Now now);

    Answer get(const User& user, std::string_view lang);
    /// The body: a JSON object with any of
    ///   "agency_name": text, 1..200 characters, one line
    ///   "default_target": number, 0..100, at most one decimal
    ///   "unit_targets": {"CODE": number | null (back to the default), ...}, at most 1000
    ///   "opening_hours": {"hours": "mon-fri 07:00-11:30 13:00-17:00", "valid_from": "YYYY-MM-DD",
    ///                     "department": "CODE"}
    ///                    (valid_from optional: today; never before today; department optional:
    ///                    the whole site)
    ///   "alert_policy": {"min_rate": 0..100, "window": 1..10000, "silent_minutes": 1..100000,
    ///                    "harassment_days": 1..366}, any of them (alert_policy.hpp)
    /// Anything else is a 400 naming the field. Answers as get(), with "changed": the log lines
    /// this request added.
    Answer put(const User& user, std::string_view body, std::string_view lang);

    static constexpr std::size_t max_name_chars = 200;
    static constexpr std::size_t max_hours_chars = 300;
    static constexpr std::size_t max_unit_targets = 1000;
    static constexpr std::size_t log_lines = 50;

private:
    Store& store_;
    Now now_;
};

}  // namespace hailong::server
