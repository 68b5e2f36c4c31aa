#pragma once
// The ingest rules every store applies inside its transaction, decided here once, in this order,
// so that the backends give the same answer to the same input:
//   1. an id already stored is a duplicate when the same kiosk stored it (even if it would now be
//      rejected: the first answer stands, and a kiosk resending after a lost answer must hear
//      "duplicate"), and is rejected (id_conflict) when another kiosk did: nobody can take, or
//      silence, another kiosk's submission by sending its id first;
//   2. the department must exist;
//   3. the department must be the kiosk's own;
//   4. a tracking code must not be held by another submission.
// A store supplies only the look-ups (Lookups), over its own transaction. Field paths are relative
// to the submission ("department"); the caller prefixes them.
//
// The rules that need no store (created_at within the plausible window, a tracking code from the
// sender's own code space) are checked before, in IngestService::check().

#include <optional>
#include <string>

#include "hailong/field_error.hpp"
#include "hailong/server/store/store.hpp"

namespace hailong::server::rules {

/// What the rules ask a store, inside its ingest transaction. Every answer includes the items the
/// same transaction has accepted before.
class Lookups {
public:
    virtual ~Lookups() = default;
    /// The kiosk that stored a submission with this id; nullopt if none has it.
    virtual std::optional<std::string> kiosk_of_stored_id(const Uuid& id) = 0;
    virtual bool department_exists(const std::string& code) = 0;
    /// The department a kiosk stands at; empty if the kiosk is unknown.
    virtual std::string kiosk_department(const std::string& kiosk_id) = 0;
    virtual bool tracking_code_taken(const std::string& code) = 0;
};

/// What the rules for dossier events ask a store, inside its transaction; answers include the
/// events the same transaction has accepted before.
class EventLookups {
public:
    virtual ~EventLookups() = default;
    /// The source (integration user) that stored an event with this id; nullopt if none has.
    virtual std::optional<std::string> source_of_stored_event(const Uuid& id) = 0;
    virtual bool department_exists(const std::string& code) = 0;
};

/// The rules of a dossier event, in this order: an id already stored is a duplicate when the
/// same source stored it (the first answer stands) and id_conflict when another did; a
/// department named must exist. nullopt when the event is to be stored.
std::optional<IngestOutcome> decide_event(const DossierEventItem& item, EventLookups& lookups);

/// The outcome of `item` when a rule refuses it or it is a duplicate; nullopt when it is to be
/// stored (the store then inserts it, and counts it as accepted from then on).
std::optional<IngestOutcome> decide(const IngestItem& item, Lookups& lookups);

FieldError id_conflict(const Uuid& id);
FieldError unknown_department(const std::string& code);
FieldError department_not_allowed(const std::string& kiosk, const std::string& kiosk_department, const std::string& code);
FieldError tracking_code_taken(const std::string& code);

}  // namespace hailong::server::rules
