#pragma once
// How a stored row becomes a domain value, written once for both stores. Each store wraps its
// own row type in a small reader with these members (column i counted from the reader's start):
//
//   bool null(int i) const;  std::string text(int i) const;  int integer(int i) const;
//   std::int64_t int64(int i) const;  Uuid uuid(int i) const;
//
// and selects the columns in the orders below (the PostgreSQL store names the same columns, with
// `id::text` where SQLite keeps the id as a 16-byte blob). Private to the store wing.
//
// Errors: a reader throws what its database library throws for a column of the wrong type; the
// stores' schemas make that a bug, not an input error.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hailong/server/store/complaint.hpp"
#include "hailong/server/store/rollup.hpp"
#include "hailong/server/store/store.hpp"
#include "hailong/submission.hpp"
#include "hailong/suspicion.hpp"
#include "dossier_linking.hpp"
#include "duty_roster.hpp"

namespace hailong::server::rows {

/// The columns facts_of() reads, in its order.
inline constexpr const char* facts_columns =
    "local_day, department, officer, service, kiosk_id, scale, value, tt01_time, tt01_contacts, tt01_agencies, "
    "tt01_attitude, tracking_code, flags, created_at_us, harassment, dossier";
/// How many columns submission_of() reads (id first, stage last).
inline constexpr int submission_column_count = 20;
/// The columns complaint_of() reads after the submission's: kiosk_id, then the case (null when
/// nobody has acted on it yet).
inline constexpr const char* complaint_case_columns = "s.kiosk_id, c.status, c.assignee, c.reply, c.version, c.updated_at_us";
/// The columns opening_hours_of() reads, from table opening_hours_versions, and their order.
inline constexpr const char* opening_hours_columns = "COALESCE(department, ''), valid_from, hours, set_at_us, set_by";
inline constexpr const char* opening_hours_order = " ORDER BY id";
/// The columns reflag_run_of() reads, from table reflag_runs.
inline constexpr const char* reflag_run_columns =
    "id, at_us, actor, from_day, to_day, department, examined, became_flagged, became_unflagged, reasons_changed";

template <class Row>
std::optional<std::string> optional_text(const Row& row, int i) {
    return row.null(i) ? std::nullopt : std::optional<std::string>(row.text(i));
}

template <class Row>
std::optional<int> optional_int(const Row& row, int i) {
    return row.null(i) ? std::nullopt : std::optional<int>(row.integer(i));
}

/// A stored yes/no (0 or 1), or nullopt for NULL.
template <class Row>
std::optional<bool> optional_bool(const Row& row, int i) {
    return row.null(i) ? std::nullopt : std::optional<bool>(row.integer(i) != 0);
}

/// The rollup facts of a submission row selected with facts_columns.
template <class Row>
RollupFacts facts_of(const Row& row) {
    RollupFacts f;
    f.local_day = row.integer(0);
    f.department = row.text(1);
    f.officer = optional_text(row, 2).value_or(std::string());
    f.service = optional_text(row, 3).value_or(std::string());
    f.kiosk = row.text(4);
    f.local_hour = vietnam_hour(Instant{std::chrono::microseconds{row.int64(13)}});
    Submission s;
    s.rating = Rating{row.integer(5), row.integer(6)};
    s.tt01 = Tt01Answers{optional_int(row, 7), optional_int(row, 8), optional_int(row, 9), optional_int(row, 10)};
    s.tracking_code = optional_text(row, 11);
    s.harassment = optional_bool(row, 14);
    s.dossier = optional_text(row, 15);
    f.tally.add(s);
    return f;
}

/// A submission from its submission_column_count columns: id, created_at_us,
/// created_offset_min, department, officer, service, dossier, lang, scale, value, the four TT 01
/// answers, reasons (JSON), comment, contact, tracking_code, harassment (0, 1 or NULL), stage
/// ("filing", "collection" or NULL).
template <class Row>
Submission submission_of(const Row& row) {
    Submission s;
    s.id = row.uuid(0);
    s.created_at = Timestamp{Instant{std::chrono::microseconds{row.int64(1)}}, std::chrono::minutes{row.integer(2)}};
    s.department = row.text(3);
    s.officer = optional_text(row, 4);
    s.service = optional_text(row, 5);
    s.dossier = optional_text(row, 6);
    s.lang = optional_text(row, 7);
    s.rating = Rating{row.integer(8), row.integer(9)};
    s.tt01 = Tt01Answers{optional_int(row, 10), optional_int(row, 11), optional_int(row, 12), optional_int(row, 13)};
    const std::string reasons = row.text(14);
    s.reasons = nlohmann::json::parse(reasons).get<std::vector<std::string>>();
    s.comment = optional_text(row, 15);
    s.contact = optional_text(row, 16);
    s.tracking_code = optional_text(row, 17);
    s.harassment = optional_bool(row, 18);
    if (const auto stage = optional_text(row, 19)) s.stage = parse_dossier_stage(*stage);
    return s;
}

/// The columns linked_record_of() reads, in its order.
inline constexpr const char* dossier_record_columns =
    "dossier, department, officer, service, completed_day, outcome, agency_time, disclosure, fees, feedback, online, "
    "linked, complained, compared, agreeing";

/// A dossier record and its link from a row selected with dossier_record_columns.
template <class Row>
detail::LinkedRecord linked_record_of(const Row& row) {
    detail::LinkedRecord out;
    DossierRecord& r = out.record;
    r.dossier = row.text(0);
    r.department = row.text(1);
    r.officer = optional_text(row, 2);
    r.service = optional_text(row, 3);
    r.completed_on = day_from_number(row.integer(4));
    if (const auto o = optional_int(row, 5)) r.outcome = static_cast<DossierOutcome>(*o);
    for (std::size_t i = 0; i < r.unit.size(); ++i) r.unit[i] = optional_int(row, static_cast<int>(6 + i));
    out.link = {row.integer(11) != 0, row.integer(12) != 0, row.integer(13) != 0, row.integer(14) != 0};
    return out;
}

/// The columns dossier_event_of() reads from table dossier_events (the PostgreSQL store reads
/// `id::text` for `id`), and the fold's order.
inline constexpr const char* dossier_event_columns =
    "id, dossier, event, at_us, at_offset_min, department, service, officers, promised_day";
inline constexpr const char* dossier_event_order = " ORDER BY at_us, id";

/// A stored dossier event from a row selected with dossier_event_columns.
template <class Row>
DossierEvent dossier_event_of(const Row& row) {
    DossierEvent e;
    e.id = row.uuid(0);
    e.dossier = row.text(1);
    e.event = parse_dossier_event_kind(row.text(2)).value_or(DossierEventKind::received);
    e.at = Timestamp{Instant{std::chrono::microseconds{row.int64(3)}}, std::chrono::minutes{row.integer(4)}};
    e.department = optional_text(row, 5);
    e.service = optional_text(row, 6);
    const std::string officers = row.text(7);
    e.officers = nlohmann::json::parse(officers).get<std::vector<std::string>>();
    if (const auto day = optional_int(row, 8)) e.promised_on = day_from_number(*day);
    return e;
}

/// A complaint case: the submission's columns, then complaint_case_columns.
template <class Row>
ComplaintCase complaint_of(const Row& row) {
    ComplaintCase c;
    c.submission = submission_of(row);
    const int n = submission_column_count;
    c.kiosk_id = row.text(n);
    if (!row.null(n + 1)) {
        c.state.status = case_status_from(row.text(n + 1)).value_or(CaseStatus::new_case);
        c.state.assignee = optional_text(row, n + 2);
        c.state.reply = optional_text(row, n + 3);
        c.version = row.int64(n + 4);
        c.updated_at = Instant{std::chrono::microseconds{row.int64(n + 5)}};
    }
    return c;
}

/// A version of the opening hours selected with opening_hours_columns. A text that does not
/// parse (it was checked when set, so the database was edited by hand) reads as the standard
/// hours, as a missing setting always did, rather than refusing every rating.
template <class Row>
OpeningHoursVersion opening_hours_of(const Row& row) {
    return {row.text(0), day_from_number(row.integer(1)), OpeningHours::parse(row.text(2)).value_or(OpeningHours::standard()),
            Instant{std::chrono::microseconds{row.int64(3)}}, row.text(4)};
}

/// A run of the reflag log selected with reflag_run_columns.
template <class Row>
ReflagRun reflag_run_of(const Row& row) {
    ReflagRun r;
    r.id = row.int64(0);
    r.request = {day_from_number(row.integer(3)), day_from_number(row.integer(4)), optional_text(row, 5),
                 Instant{std::chrono::microseconds{row.int64(1)}}, row.text(2)};
    r.counts = {row.int64(6), row.int64(7), row.int64(8), row.int64(9)};
    return r;
}

/// The columns roster_entry_of() reads, from table duty_events (PostgreSQL: id::text).
inline constexpr const char* roster_entry_columns =
    "id, kiosk_id, at_us, at_offset_min, event, officer, method, received_at_us, added_by, voided_by";
inline constexpr const char* roster_entry_order = " ORDER BY at_us, id";

/// A roster entry selected with roster_entry_columns.
template <class Row>
RosterEntry roster_entry_of(const Row& row) {
    RosterEntry e;
    e.event.id = row.uuid(0);
    e.kiosk_id = row.text(1);
    e.event.at = Timestamp{Instant{std::chrono::microseconds{row.int64(2)}}, std::chrono::minutes{row.integer(3)}};
    e.event.kind = parse_duty_kind(row.text(4)).value_or(DutyKind::sign_out);
    e.event.officer = optional_text(row, 5);
    if (const auto m = optional_text(row, 6)) e.event.method = parse_duty_method(*m);
    e.received_at = Instant{std::chrono::microseconds{row.int64(7)}};
    if (!row.null(8)) e.added_by = row.int64(8);
    if (!row.null(9)) e.voided_by = row.int64(9);
    return e;
}

/// The columns roster_point_of() reads: at_us, id (text in either store), event, officer.
template <class Row>
detail::RosterPoint roster_point_of(const Row& row) {
    return {row.int64(0), row.uuid(1).to_string(), parse_duty_kind(row.text(2)).value_or(DutyKind::sign_out), optional_text(row, 3)};
}

/// The columns roster_correction_of() reads: the log line joined to the entry it added (alias e),
/// which is null when it added none.
inline constexpr const char* roster_correction_columns =
    "c.id, c.at_us, c.actor, c.reason, c.kiosk_id, c.voided_event, c.added_event, c.examined, c.moved, "
    "e.at_us, e.at_offset_min, e.event, e.officer";

template <class Row>
RosterCorrectionRun roster_correction_of(const Row& row) {
    RosterCorrectionRun r;
    r.id = row.int64(0);
    RosterCorrection& c = r.correction;
    c.at = Instant{std::chrono::microseconds{row.int64(1)}};
    c.actor = row.text(2);
    c.reason = row.text(3);
    c.kiosk_id = row.text(4);
    if (!row.null(5)) c.void_event = row.uuid(5);
    if (!row.null(6) && !row.null(9)) {
        DutyEvent e;
        e.id = row.uuid(6);
        e.at = Timestamp{Instant{std::chrono::microseconds{row.int64(9)}}, std::chrono::minutes{row.integer(10)}};
        e.kind = parse_duty_kind(row.text(11)).value_or(DutyKind::sign_out);
        e.officer = optional_text(row, 12);
        e.method = DutyMethod::admin;
        c.add = e;
    }
    r.examined = row.null(7) ? 0 : row.int64(7);
    r.moved = row.null(8) ? 0 : row.int64(8);
    return r;
}

/// The columns credited_row_of() reads: seq, created_at_us, officer_sent, officer_source, then
/// facts_columns (officer among them, as credited now).
inline constexpr const char* credited_row_columns =
    "seq, created_at_us, officer_sent, officer_source, local_day, department, officer, service, kiosk_id, scale, value, "
    "tt01_time, tt01_contacts, tt01_agencies, tt01_attitude, tracking_code, flags, created_at_us, harassment, dossier";

template <class Row>
detail::CreditedRow credited_row_of(const Row& row) {
    // facts_of reads its columns from 0: a view of the same row shifted by four.
    struct Shifted {
        const Row& row;
        [[nodiscard]] bool null(int i) const { return row.null(i + 4); }
        [[nodiscard]] std::string text(int i) const { return row.text(i + 4); }
        [[nodiscard]] int integer(int i) const { return row.integer(i + 4); }
        [[nodiscard]] std::int64_t int64(int i) const { return row.int64(i + 4); }
    };
    detail::CreditedRow r;
    r.seq = row.int64(0);
    r.created_at_us = row.int64(1);
    r.written = optional_text(row, 2);
    r.facts = facts_of(Shifted{row});
    r.credit = {optional_text(row, 6), detail::parse_officer_source(row.text(3))};
    r.flagged = row.int64(16) != 0;
    return r;
}

}  // namespace hailong::server::rows
