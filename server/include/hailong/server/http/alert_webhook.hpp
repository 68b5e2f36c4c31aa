#pragma once
// Sends each new alert (DashboardService::current_alerts, as an admin sees them) once to a
// webhook: an HTTP(S) POST of JSON, when the alert first appears.
//
//   {"alert": {"id": "low_rate:department:SCT", "kind": "low_rate", "department": "SCT",
//              "subject": "SCT", "rate": 54.0, "ci95": [40.4, 67.03], "responses": 50,
//              "since": "2026-11-30T01:02:03Z"},
//    "text": "…", "lang": "vi"}
//
// An alert that is still there at the next check is not sent again; one that went away and comes
// back is. A webhook that fails (no answer in 10 s, or a status other than 2xx) is retried at the
// next check, up to three times, and logged to stderr without the URL's query (it may hold a key).
// With several servers on one PostgreSQL, give the webhook to one of them, or each sends it.
//
// Thread safety: start() and stop() from one thread; the checks run on a thread of their own.

#include <chrono>
#include <map>
#include <set>
#include <string>

#include "hailong/server/http/periodic_task.hpp"
#include "hailong/server/api/dashboard_service.hpp"

namespace hailong::server {

class AlertWebhook {
public:
    /// `dashboard` must outlive the webhook. `lang` is the language of the "text" field.
    AlertWebhook(DashboardService& dashboard, std::string url, std::chrono::milliseconds interval, std::string lang = "vi");
    ~AlertWebhook();
    AlertWebhook(const AlertWebhook&) = delete;
    AlertWebhook& operator=(const AlertWebhook&) = delete;

    void start();
    void stop();
    /// One check now (what the thread does each interval); returns how many alerts were sent.
    std::size_t check_once();

private:
    bool post(const std::string& body);

    DashboardService& dashboard_;
    std::string url_;
    std::string lang_;
    std::set<std::string> sent_;              ///< ids sent and still active
    std::map<std::string, int> failures_;     ///< ids whose sending failed, with the attempts so far
    PeriodicTask checks_;  ///< last, so destroyed first: its thread is joined before what it reads goes
};

}  // namespace hailong::server
