#pragma once
// Flags and rollups at ingest, shared by both stores (methodology.md section 6).
//
// Inside the ingest transaction, after the accepted rows are inserted, a store hands their facts
// to settle_flags() together with a FlagQueries view of the same transaction. settle_flags sets
// the burst and repeated-dossier flags on the new rows and on stored rows that the new ones turn
// suspicious (the first four of a burst were innocent until the fifth arrived), and returns the
// rollup changes: each new row counted under its final flags, and each stored row that became
// flagged moved from the unflagged rows to the flagged ones.
//
// reflag() judges stored rows afresh on purpose (hailong-admin reflag): every rule, with the
// same look-ups, for the rows made in a range of local dates.
//
// The caller serialises ingest per kiosk and per dossier code (SQLite: one writer; PostgreSQL:
// advisory locks), and a re-evaluation against every ingest (SQLite: one writer; PostgreSQL: an
// advisory lock that ingest takes shared and a re-evaluation exclusive), so the neighbours read
// here cannot change until the transaction ends.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "hailong/server/store/rollup.hpp"
#include "hailong/server/store/store.hpp"
#include "hailong/suspicion.hpp"

namespace hailong::server::detail {

/// A stored submission as the flag rules see it. `stage` and `local_day` are read for the
/// repeated-dossier rule only (dossier_rows); the burst rule leaves them empty.
struct FlagRow {
    std::int64_t seq = 0;
    Instant created_at;
    Flags flags = 0;
    std::optional<DossierStage> stage;
    int local_day = 0;  ///< day_number of created_at in Asia/Ho_Chi_Minh
};

/// A stored submission as a re-evaluation judges it: its FlagRow (stage and local day filled in)
/// and what the neighbour rules group it by.
struct StoredFlagRow {
    FlagRow row;
    std::string kiosk;
    std::optional<std::string> dossier;
};

/// The store's side: reads and writes within the ingest (or re-evaluation) transaction.
class FlagQueries {
public:
    virtual ~FlagQueries() = default;
    /// Submissions of `kiosk` with first <= created_at <= last, and the `around` nearest before
    /// `first` and after `last` that lie within `reach` of them; ordered by created_at then seq.
    virtual std::vector<FlagRow> kiosk_neighbourhood(const std::string& kiosk, Instant first, Instant last,
                                                     std::size_t around, std::chrono::microseconds reach) = 0;
    /// Submissions with each of these dossier codes, by code (codes no submission has are left out),
    /// with their stage and local day, in one call so that a store on the other side of a network
    /// asks once per ingest.
    virtual std::map<std::string, std::vector<FlagRow>> dossier_rows(const std::set<std::string>& dossiers) = 0;
    /// The first and last created_at of the submissions of `department`; nullopt when it has none.
    virtual std::optional<std::pair<Instant, Instant>> department_span(const std::string& department) = 0;
    /// Submissions of `department` with from <= created_at < to, ordered by created_at then seq.
    virtual std::vector<StoredFlagRow> department_rows(const std::string& department, Instant from, Instant to) = 0;
    /// The rollup facts of a stored submission.
    virtual RollupFacts facts(std::int64_t seq) = 0;
    virtual void set_flags(std::int64_t seq, Flags flags) = 0;
};

/// A row inserted by this transaction.
struct NewRow {
    std::int64_t seq = 0;
    Instant created_at;
    std::optional<std::string> dossier;
    Flags flags = 0;  ///< as inserted (outside_hours already decided)
    RollupFacts facts;

    static NewRow of(std::int64_t seq, const Submission& s, Flags flags, const std::string& kiosk_id) {
        return {seq, s.created_at.instant, s.dossier, flags, RollupFacts::of(s, kiosk_id)};
    }
};

/// The repeated-dossier rule (methodology.md section 6) over every rating of one dossier code:
/// the positions of those rated more than once at the same stage, or, where a rating's stage is
/// unknown, more than once on its local day. Rating once at filing and once at collection is
/// normal; a rating of unknown stage may be either, so it repeats any rating of its day.
/// Linear in the number of ratings. Returns positions ascending.
std::vector<std::size_t> repeated_dossier_members(const std::vector<FlagRow>& ratings);

/// The flags of a rating before the neighbour rules: outside_hours when it was made outside the
/// hours in force for its department on its local date, or nothing.
Flags hours_flags(const OpeningHoursSchedule& hours, const std::string& department, Instant created_at);
inline Flags initial_flags(const Submission& s, const OpeningHoursSchedule& hours) {
    return hours_flags(hours, s.department, s.created_at.instant);
}

/// Applies the neighbour rules, writes changed flags through `q`, and returns the rollup changes
/// for `rows` and for the stored rows whose flagged state changed.
RollupDeltas settle_flags(FlagQueries& q, std::vector<NewRow>& rows);

/// Re-evaluates every rule for the ratings `request` names (hailong-admin reflag): for each
/// department asked for (all of `departments`, or the request's, which must be among them), a
/// calendar month of the range at a time (within the dates the department has ratings), the rows
/// made then are judged afresh (hours from `hours`; bursts and repeated dossiers with their
/// neighbours, whatever their dates, read as context); changed flags are written through `q` and
/// the rollup moves added to `deltas`. Rows outside the range or the department are never
/// written. Throws StoreError (nothing written) when request.to < request.from or the department
/// is not among `departments`.
ReflagCounts reflag(FlagQueries& q, const OpeningHoursSchedule& hours, const std::vector<std::string>& departments,
                    const ReflagRequest& request, RollupDeltas& deltas);

}  // namespace hailong::server::detail
