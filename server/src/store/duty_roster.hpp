#pragma once
// The duty roster: which officer was signed in at which kiosk when (issue 20), and the officer a
// rating is credited to, shared by both stores.
//
// A kiosk sends a duty event when an officer signs it in or out (hailong/duty.hpp). For a rating
// made at moment t at kiosk K, the latest event of K at or before t decides:
//   - a sign-in: the rating is that officer's (source `roster`), whatever officer the kiosk wrote;
//   - a sign-out: nobody was on duty (source `off_duty`, officer none);
//   - no event at or before t: the kiosk does not use sign-in (or did not yet): the officer the
//     kiosk wrote stands (source `kiosk`), as before rosters existed, so an older kiosk or
//     another vendor's that names the officer itself keeps working.
// Events of equal time are ordered by id. A voided event (a correction) is as if never sent.
//
// Events and ratings may arrive in either order (a kiosk's outbox after an outage, a correction
// made a week later): whenever the roster of K changes around [a, b], the stored ratings of K
// from a until K's next event after b are credited afresh (reattribute), and the rollups of the
// officer dimension move with them. Nothing else in the rollups depends on the officer.
//
// The caller serialises roster changes and ingest of the same kiosk (SQLite: one writer;
// PostgreSQL: the kiosk's advisory lock, which ingest takes too).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hailong/duty.hpp"
#include "hailong/server/store/rollup.hpp"
#include "hailong/server/store/store.hpp"

namespace hailong::server::detail {

/// How a stored rating came by its officer. Values are stored: never rename.
enum class OfficerSource { kiosk, roster, off_duty };
std::string_view to_string(OfficerSource source);  ///< "kiosk", "roster", "off_duty"
/// The stored text back; an unknown or missing one reads as `kiosk` (rows from before rosters).
OfficerSource parse_officer_source(std::string_view text);

/// One event of a kiosk's roster as attribution reads it.
struct RosterPoint {
    std::int64_t at_us = 0;  ///< its `at`, microseconds since the epoch (UTC)
    std::string id;          ///< its id, text: orders events of the same microsecond
    DutyKind kind = DutyKind::sign_in;
    std::optional<std::string> officer;
};

/// Who a rating is credited to.
struct Credit {
    std::optional<std::string> officer;
    OfficerSource source = OfficerSource::kiosk;
    friend bool operator==(const Credit&, const Credit&) = default;
};

/// The roster of one kiosk over a stretch of time: every event in it and the last one before.
class RosterTimeline {
public:
    explicit RosterTimeline(std::vector<RosterPoint> points);
    /// The credit of a rating made at `at_us` for which the kiosk wrote `written` (rules above).
    [[nodiscard]] Credit credit(std::int64_t at_us, const std::optional<std::string>& written) const;

private:
    std::vector<RosterPoint> points_;  // by (at_us, id)
};

/// A stored rating as re-attribution reads it.
struct CreditedRow {
    std::int64_t seq = 0;
    std::int64_t created_at_us = 0;
    std::optional<std::string> written;  ///< the officer the kiosk wrote (officer_sent)
    Credit credit;                       ///< as stored now
    bool flagged = false;
    RollupFacts facts;                   ///< with the officer as stored now
};

/// The store's side, within its transaction.
class RosterQueries {
public:
    virtual ~RosterQueries() = default;
    /// The events of `kiosk` not voided with at in [from_us, to_us], and the latest one before
    /// from_us, in any order.
    virtual std::vector<RosterPoint> points(const std::string& kiosk, std::int64_t from_us, std::int64_t to_us) = 0;
    /// The time of the first event of `kiosk` not voided after `after_us`; nullopt if none.
    virtual std::optional<std::int64_t> next_point_after(const std::string& kiosk, std::int64_t after_us) = 0;
    /// The stored ratings of `kiosk` made in [from_us, to_us) (to_us nullopt: no end).
    virtual std::vector<CreditedRow> ratings(const std::string& kiosk, std::int64_t from_us, std::optional<std::int64_t> to_us) = 0;
    virtual void set_credit(std::int64_t seq, const Credit& credit) = 0;
};

/// The credit of each item, in order, by the roster of its kiosk at its created_at (one read of
/// the roster per kiosk).
std::vector<Credit> credit_new(RosterQueries& q, const std::vector<IngestItem>& items);

/// What re-attribution did.
struct Reattributed {
    std::int64_t examined = 0;  ///< ratings of the kiosk in the stretch
    std::int64_t moved = 0;     ///< ratings whose officer or source changed
};

/// Credits afresh the stored ratings of `kiosk` made from `from_us` until its first event after
/// `through_us` (the stretch a roster change at from_us..through_us can affect), stores the
/// credits that changed and adds the officer rollups' moves to `deltas`.
Reattributed reattribute(RosterQueries& q, const std::string& kiosk, std::int64_t from_us, std::int64_t through_us,
                         RollupDeltas& deltas);

/// What a correction of the roster needs of a store besides RosterQueries, within one transaction.
class RosterLog : public RosterQueries {
public:
    virtual bool kiosk_exists(const std::string& kiosk) = 0;
    virtual std::optional<RosterEntry> entry(const Uuid& id) = 0;
    /// Appends the correction's line to the log (counts not yet known) and returns its id.
    virtual std::int64_t open_correction(const RosterCorrection& correction) = 0;
    virtual void void_entry(const Uuid& id, std::int64_t correction) = 0;
    virtual void add_entry(const std::string& kiosk, const DutyEvent& event, Instant received_at, std::int64_t correction) = 0;
    /// Writes the counts into the line; the log refuses any change after that.
    virtual void seal_correction(std::int64_t correction, const Reattributed& counts) = 0;
};

/// Checks, applies and logs a correction (Store::correct_roster), adding the officer rollups'
/// moves to `deltas`. StoreError, before anything is written, for what the store contract names.
RosterCorrectionRun correct_roster(RosterLog& q, const RosterCorrection& correction, RollupDeltas& deltas);

}  // namespace hailong::server::detail
