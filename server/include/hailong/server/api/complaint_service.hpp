#pragma once
// The complaint endpoints without the HTTP (docs/api.md, "Complaints"):
//
//   GET  /api/v1/complaints[?status=new|assigned|in_progress|resolved|rejected][&department=CODE]
//                          [&overdue=true][&limit=1..500][&offset=N]      cases, newest first
//   GET  /api/v1/complaints/{code}                                        one case and its log
//   POST /api/v1/complaints/{code}/actions  {"action": ..., "version": N, "assignee": ..., "text": ...}
//   GET  /api/v1/public/complaints/{code}                                 status and reply only
//
// Access: admins see every case; managers the cases of their departments (another department's
// case is 404, exactly as a case that does not exist, so its existence is not revealed);
// analysts none (403: cases carry comments and phone numbers). The public lookup needs no
// account and answers only the status and the reply, never what the citizen wrote.
//
// Actions (complaint.hpp has the state diagram): assign {assignee}, start, note {text},
// reply {text}, resolve [{text}], reject [{text}]; resolve and reject need a reply, given now or
// before. `version` is the case version the person saw; if someone acted since, 409.
//
// Deadlines: the submission's local date plus ComplaintPolicy::working_days working days
// (Monday to Friday, holidays excepted), from the "complaint_policy" setting (defaults below).
// A case is overdue when it is open after its deadline day.
//
// Thread safety: the methods may be called from any number of threads at once.

#include <functional>
#include <set>
#include <string>
#include <string_view>

#include "hailong/server/api/answer.hpp"
#include "hailong/server/store/store.hpp"

namespace hailong::server {

struct ComplaintPolicy {
    /// Working days a department has to answer. Ten is a default, not a legal figure: set the
    /// unit's own rule with `hailong-admin set-complaint-policy`.
    int working_days = 10;
    std::set<LocalDate> holidays;  ///< days off besides Saturdays and Sundays
    friend bool operator==(const ComplaintPolicy&, const ComplaintPolicy&) = default;
};

/// The setting's JSON: {"working_days": 10, "holidays": ["2026-01-01", ...]}. Throws InputError
/// naming the field ("holidays[2]") for anything else.
ComplaintPolicy decode_complaint_policy(std::string_view json);
std::string encode_complaint_policy(const ComplaintPolicy& policy);

/// `days` working days after `from` (`from` itself not counted): Monday to Friday, not holidays.
LocalDate add_working_days(LocalDate from, int days, const std::set<LocalDate>& holidays);

class ComplaintService {
public:
    /// `store` must outlive the service; `now` reads the clock (injectable for tests).
    ComplaintService(Store& store, std::function<Instant()> now);

    Answer list(const User& user, const QueryParams& params, std::string_view lang);
    Answer show(const User& user, const std::string& code, std::string_view lang);
    Answer act(const User& user, const std::string& code, const std::string& body, std::string_view lang);
    /// The citizen's lookup, by the code as they typed it (any case, with or without dashes).
    Answer lookup(const std::string& typed_code, std::string_view lang);

    /// The policy in use (the store's setting, or the defaults).
    ComplaintPolicy policy();

private:
    Store& store_;
    std::function<Instant()> now_;
};

}  // namespace hailong::server
