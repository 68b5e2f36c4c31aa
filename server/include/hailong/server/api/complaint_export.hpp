#pragma once
// GET /api/v1/complaints?format=csv: the complaints list as CSV (UTF-8 with a byte-order mark,
// CRLF, headers and statuses in the request's language), with the same filters and the same
// access rules as the JSON list (ComplaintService::list: admins every case, managers their own
// departments', analysts none). Without `limit` the CSV holds every matching case (the JSON list
// pages at 500); with `limit`/`offset` it holds that page. format=json, or no format, is the JSON
// list unchanged.
//
// Every field that came from a person or a kiosk (comment, contact, reply, assignee, reasons and
// the department, officer, service, kiosk and dossier codes) that begins with =, +, -, @, a tab or
// a carriage return is written with a leading apostrophe, so that a spreadsheet shows it as text
// and never runs it as a formula. The rating is two columns, value and scale ("1/3" would be read
// as a date).
//
// Thread safety: as ComplaintService.

#include <string_view>

#include "hailong/server/api/complaint_service.hpp"

namespace hailong::server {

/// The list as JSON or CSV (format=json|csv); every other parameter as ComplaintService::list.
Answer complaints_table(ComplaintService& complaints, const User& user, const QueryParams& params, std::string_view lang);

}  // namespace hailong::server
