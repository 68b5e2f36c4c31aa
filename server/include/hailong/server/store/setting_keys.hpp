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

}  // namespace hailong::server::setting_key
