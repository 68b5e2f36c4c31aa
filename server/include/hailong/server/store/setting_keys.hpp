#pragma once
// The names of the site settings (OrganisationStore::setting), one place for every reader and
// writer, so that a setting cannot be written under one spelling and read under another. Each
// value is text whose format its own encoder defines; hailong-admin checks it before storing.

namespace hailong::server::setting_key {

/// OpeningHours::to_string() ("mon-fri 07:30-17:00; sat 07:30-11:30"); read by the off-hours
/// suspicion flag at ingest (hailong-admin set-opening-hours).
inline constexpr const char* opening_hours = "opening_hours";
/// encode_complaint_policy(): working days to answer and the holidays (set-complaint-policy).
inline constexpr const char* complaint_policy = "complaint_policy";
/// encode_alert_policy(): when a low-rate or silent-kiosk alert is raised (set-alert-policy).
inline constexpr const char* alert_policy = "alert_policy";

}  // namespace hailong::server::setting_key
