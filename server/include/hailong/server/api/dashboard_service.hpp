#pragma once
// The dashboard's own endpoints without the HTTP (docs/api.md, "Dashboard"):
//
//   GET /api/v1/fleet                  every kiosk: online or not, last heartbeat, queue depth,
//                                      app version, last error, clock drift
//   GET /api/v1/submissions?department=CODE[&officer=][&service=][&kiosk=]
//                          [&period= | &from=&to=][&include_flagged=true|false][&limit=1..200][&offset=N]
//                                      one department's submissions, newest first, with what the
//                                      citizen wrote: the drill-down department → officer → rating
//   GET /api/v1/alerts[?limit=N]       what needs a person now (see Alert), at most N of each kind
//                                      (default 1000) with the count of each
//   GET /api/v1/organisation           the departments the user sees, their officers and services,
//                                      for the dashboard's filters and names
//
// Access: the fleet is for every role (a manager sees the kiosks of their departments); the
// submissions are for admins and for managers of that department (another department is 403,
// analysts are 403: they see aggregates only); alerts as the fleet, except that an analyst gets
// no harassment alerts (they name a complaint case).
//
// Thread safety: every method may be called from any number of threads at once.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hailong/indices.hpp"
#include "hailong/server/api/alert_policy.hpp"
#include "hailong/server/api/answer.hpp"
#include "hailong/server/api/request_scope.hpp"
#include "hailong/server/store/store.hpp"

namespace hailong::server {

/// One condition that needs a person. `id` is stable while the condition lasts (the webhook
/// sends each id once, when it appears).
struct Alert {
    enum class Kind { low_rate, harassment, kiosk_silent };
    Kind kind = Kind::low_rate;
    std::string id;          ///< "low_rate:department:SCT", "low_rate:kiosk:K1", "harassment:3AU-3X4X-C", "kiosk_silent:K1"
    std::string department;
    std::string department_name;  ///< for the texts a person reads
    std::string subject;     ///< the department code, kiosk id or tracking code
    std::optional<double> rate;          ///< low_rate: the rate over the window, percent
    std::optional<indices::Interval> ci95;  ///< low_rate: its 95 % Wilson interval, whose upper bound is under the threshold
    std::int64_t responses = 0;          ///< low_rate: the window's size
    std::optional<Instant> since;        ///< low_rate: the oldest response of the window; kiosk_silent: the last heartbeat (none: never)
};
std::string_view to_string(Alert::Kind kind);  ///< "low_rate", "harassment", "kiosk_silent"

/// The text a person reads for an alert, in `lang` (for the webhook and the dashboard).
std::string describe(const Alert& alert, const AlertPolicy& policy, std::string_view lang);

class DashboardService {
public:
    /// `store` must outlive the service; `now` reads the clock (injectable for tests).
    DashboardService(Store& store, std::function<Instant()> now);

    Answer fleet(const User& user, const QueryParams& params, std::string_view lang);
    Answer submissions(const User& user, const QueryParams& params, std::string_view lang);
    Answer alerts(const User& user, const QueryParams& params, std::string_view lang);
    Answer organisation(const User& user, const QueryParams& params, std::string_view lang);
    /// GET /api/v1/roster: the sign-ins and sign-outs of the kiosks `user` sees (an admin every
    /// kiosk, a manager their departments'; an analyst none: 403), with the corrections' log.
    /// Query: kiosk, from, to (local dates, inclusive).
    Answer roster(const User& user, const QueryParams& params, std::string_view lang);
    /// POST /api/v1/roster/corrections (admins only): Store::correct_roster with the user as actor.
    Answer correct_roster(const User& user, std::string_view body, std::string_view lang);

    /// The alerts `user` may see now, departments and kiosks in code order, then harassment cases
    /// newest first. Computed for the whole site at most every `alert_cache_for` (one caller
    /// computes, the others wait for it) and then filtered by the user's reach: an alert that
    /// cleared may still show for that long.
    std::vector<Alert> current_alerts(const User& user);
    static constexpr std::chrono::seconds alert_cache_for{20};
    /// The policy in use (the store's setting, or the defaults).
    AlertPolicy policy();

    /// How long a kiosk may go without a heartbeat and still count as online: five of its
    /// one-minute heartbeats.
    static constexpr std::chrono::minutes online_within{5};
    /// How far a kiosk's clock may be from the server's, by its last heartbeat, before the fleet
    /// shows it as a problem (`clock_problem`): its ratings' created_at would be that far off, and
    /// beyond 10 minutes ahead they are refused (DateWindow).
    static constexpr std::chrono::minutes max_clock_drift{2};

private:
    std::vector<Alert> compute_alerts();

    Store& store_;
    std::function<Instant()> now_;
    std::mutex cache_mutex_;
    std::shared_ptr<const std::vector<Alert>> cache_;
    Instant cached_at_;
};

}  // namespace hailong::server
