#pragma once
// The names of the site settings (OrganisationStore::setting), one place for every reader and
// writer, so that a setting cannot be written under one spelling and read under another. Each
// value is text whose format its own encoder defines; hailong-admin checks it before storing.
// (The opening hours were the setting "opening_hours" until schema 12; they are versions of their
// own now: OrganisationStore::add_opening_hours.)

namespace hailong::server::setting_key {

/// encode_complaint_policy(): working days to answer and the holidays (set-complaint-policy).
inline constexpr const char* complaint_policy = "complaint_policy";
/// encode_alert_policy(): when a low-rate or silent-kiosk alert is raised (set-alert-policy).
inline constexpr const char* alert_policy = "alert_policy";
/// "HH:MM", local time: the end of shift at which a kiosk signs its officer out (set-shift-end;
/// sent to kiosks as `shift_end` in their configuration). Absent: no automatic sign-out.
inline constexpr const char* shift_end = "shift_end";
/// "YYYY-MM": the last month whose report hailong-server mailed (MonthlyMail), so that a restart
/// does not send it again.
inline constexpr const char* report_mail_sent = "report_mail_sent";
/// The agency's name as people read it (UTF-8, NFC, one line, at most 200 characters): on
/// reports, the public lookup page and the kiosk (`agency_name` in its configuration). Absent:
/// none shown. Set on the dashboard's settings page (PUT /api/v1/settings).
inline constexpr const char* agency_name = "agency_name";
/// The default satisfaction target, percent with at most one decimal ("80", "82.5"); a
/// department's own target (OrganisationStore::unit_targets) overrides it. Absent: 80.
inline constexpr const char* satisfaction_target = "satisfaction_target";

}  // namespace hailong::server::setting_key
