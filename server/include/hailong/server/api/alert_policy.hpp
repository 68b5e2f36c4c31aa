#pragma once
// When the dashboard and the webhook raise an alert: the "alert_policy" setting, set by
// `hailong-admin set-alert-policy` and on the settings page (PUT /api/v1/settings), read by
// DashboardService. Its own small header, so that every reader and writer shares one definition
// of its ranges. Pure functions but stored_alert_policy, all thread safe.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "hailong/server/store/store.hpp"

namespace hailong::server {

struct AlertPolicy {
    double min_rate = 70;        ///< percent: a department or kiosk whose rate over `window` responses is below
                                 ///< it beyond chance: the 95 % Wilson interval's upper bound is under it
    int window = 50;             ///< the last N counted responses (flagged ones left out)
    int silent_minutes = 60;     ///< a kiosk with no heartbeat for this long
    int harassment_days = 14;    ///< a harassment complaint made in the last N days and still open
    friend bool operator==(const AlertPolicy&, const AlertPolicy&) = default;
};
/// JSON text of the setting: {"min_rate": 70, "window": 50, "silent_minutes": 60,
/// "harassment_days": 14}. decode takes the defaults for what is absent and throws InputError
/// naming the field when a value is out of range (min_rate 0..100, window 1..10000,
/// silent_minutes 1..100000, harassment_days 1..366).
std::string encode_alert_policy(const AlertPolicy& policy);
AlertPolicy decode_alert_policy(std::string_view text);
/// The same from a JSON object found at `path` of a request ("alert_policy"): members absent
/// keep `base`'s values; InputError names "path.member" for a wrong value and `path` for a
/// value that is not an object or a member that is not one of the four.
AlertPolicy read_alert_policy(const nlohmann::json& value, const std::string& path, const AlertPolicy& base = {});
/// The policy the store holds; the defaults when none is set or the stored text is damaged
/// (both writers check it before storing). Throws what the store throws.
AlertPolicy stored_alert_policy(OrganisationStore& store);

}  // namespace hailong::server
