#include "hailong/server/api/dossier_service.hpp"

#include "hailong/dossier_event.hpp"
#include "hailong/submission_codec.hpp"

namespace hailong::server {
namespace {

using nlohmann::json;

// The rule the request alone decides: `at` within the believable window. A dossier returned
// years ahead would stay the latest event of its dossier for ever. Field relative to the event.
std::optional<FieldError> refuse_at(const DossierEvent& e, Instant now, const DateWindow& window) {
    if (e.at.instant > now + window.max_ahead)
        return FieldError{std::string(error_code::in_future), "at",
                          Message("error.time.in_future", {{"minutes", std::to_string(window.max_ahead.count())}})};
    if (e.at.instant < now - window.max_age)
        return FieldError{std::string(error_code::too_old), "at", Message("error.time.too_old", {{"days", std::to_string(window.max_age.count())}})};
    return std::nullopt;
}

}  // namespace

DossierService::DossierService(Store& store, Now clock, DateWindow window, IndicesSettings settings)
    : store_(store), clock_(std::move(clock)), window_(window), settings_(settings) {}

Answer DossierService::post_events(const User& user, std::string_view body, std::string_view lang) {
    if (user.role != Role::integration)
        return error_answer(403, {std::string(error_code::forbidden), "", Message("error.auth.integration_required")}, lang);
    if (body.size() > max_body_bytes) {
        return error_answer(413, {std::string(error_code::body_too_large), "",
                                  Message("error.body.too_large", {{"size", std::to_string(body.size())}, {"max", std::to_string(max_body_bytes)}})},
                            lang);
    }
    std::vector<DecodedDossierEvent> decoded;
    try {
        decoded = decode_dossier_event_batch(body);
    } catch (const InputError& e) {
        return error_answer(e.error().code == error_code::batch_too_large ? 413 : 400, e.error(), lang);
    }
    const Instant now = clock_();
    std::vector<DossierEventItem> items;
    for (std::size_t i = 0; i < decoded.size(); ++i) {
        DecodedDossierEvent& d = decoded[i];
        if (!d.event) continue;
        if (auto refused = refuse_at(*d.event, now, window_)) {
            refused->field = "events[" + std::to_string(i) + "]." + refused->field;
            d.error = std::move(*refused);
            d.event.reset();
            continue;
        }
        items.push_back({user.name, *d.event, now});
    }
    const std::vector<IngestOutcome> outcomes = items.empty() ? std::vector<IngestOutcome>{} : store_.ingest_dossier_events(items);

    std::vector<SubmissionResult> results;
    auto outcome = outcomes.begin();
    for (std::size_t i = 0; i < decoded.size(); ++i) {
        const DecodedDossierEvent& d = decoded[i];
        SubmissionResult r;
        r.id = d.id;
        if (d.error) {
            r.error = to_wire(*d.error, Translator::builtin(), lang);
        } else {
            const IngestOutcome& o = *outcome++;
            r.status = o.status == IngestOutcome::Status::accepted    ? ResultStatus::accepted
                       : o.status == IngestOutcome::Status::duplicate ? ResultStatus::duplicate
                                                                      : ResultStatus::rejected;
            if (o.error) {
                FieldError e = *o.error;
                e.field = "events[" + std::to_string(i) + "]." + e.field;
                r.error = to_wire(e, Translator::builtin(), lang);
            }
        }
        results.push_back(std::move(r));
    }
    return {200, encode_results(results), {}};
}

Answer DossierService::unlinked(const User& user, const QueryParams& params, std::string_view lang) {
    auto read = read_request_scope(store_, user, params, {"from", "to", "period", "department", "lang"}, DatesBy::period_or_range,
                                   settings_, lang);
    if (auto* refused = std::get_if<Answer>(&read)) return std::move(*refused);
    const RequestScope& scope = std::get<RequestScope>(read);
    UnlinkedQuery q;
    q.from_day = day_number(scope.from);
    q.to_day = day_number(scope.to);
    if (scope.department) {
        q.departments = {*scope.department};
    } else {
        q.departments.assign(scope.allowed.begin(), scope.allowed.end());
    }
    json departments = json::array();
    for (const UnlinkedCount& c : store_.unlinked_ratings(q))
        departments.push_back({{"department", c.department}, {"ratings_with_dossier", c.with_dossier}, {"unlinked", c.unlinked}});
    const json body{{"from", format_iso_date(scope.from)},
                    {"to", format_iso_date(scope.to)},
                    {"timezone", "Asia/Ho_Chi_Minh"},
                    {"department", scope.department ? json(*scope.department) : json(nullptr)},
                    {"departments", std::move(departments)}};
    return {200, body.dump(), {{"Cache-Control", "no-store"}}};
}

}  // namespace hailong::server
