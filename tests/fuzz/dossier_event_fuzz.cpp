// Fuzz target: the request body of POST /api/v1/dossiers through decode_dossier_event_batch
// (hailong/dossier_event.hpp), as the province's one-stop software would send it; the seeds are
// JSON files.
//
// What must hold for any bytes, each from the header's contract:
//   decode_dossier_event_batch
//                       throws nothing but InputError, whose message key has a text in every
//                       catalogue; holds at most max_batch_dossier_events items; every item is
//                       either an event or an error with a field path under its own
//                       "events[i]" and a key in every catalogue; every event is what
//                       dossier_event.hpp says one is (a non-nil id, codes of the code shape, a
//                       department on every `received`, at most max_event_officers officers);
//                       decode_dossier_event(encode_dossier_event(e)) == e.
//   fold_dossier_events is not reached from here (it is the store wing's, tested by hand).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz_check.hpp"
#include "hailong/dossier_event.hpp"
#include "hailong/text.hpp"

namespace {

using hailong::fuzz::key_in_every_catalogue;

void check_event(const hailong::DossierEvent& e) {
    HAILONG_FUZZ_CHECK(!e.id.is_nil(), e.id.to_string());
    HAILONG_FUZZ_CHECK(hailong::is_valid_code(e.dossier), e.dossier);
    HAILONG_FUZZ_CHECK(!e.department || hailong::is_valid_code(*e.department), *e.department);
    HAILONG_FUZZ_CHECK(!e.service || hailong::is_valid_code(*e.service), *e.service);
    HAILONG_FUZZ_CHECK(e.event != hailong::DossierEventKind::received || e.department, "a received event without a department");
    HAILONG_FUZZ_CHECK(e.officers.size() <= hailong::max_event_officers, std::to_string(e.officers.size()));
    for (const std::string& officer : e.officers) HAILONG_FUZZ_CHECK(hailong::is_valid_code(officer), officer);
    const nlohmann::json wire = hailong::encode_dossier_event(e);
    try {
        HAILONG_FUZZ_CHECK(hailong::decode_dossier_event(wire, "events[0]") == e, wire.dump());
    } catch (const hailong::InputError& error) {
        hailong::fuzz::fail("decode_dossier_event refused what encode_dossier_event wrote", std::string(error.what()) + " in " + wire.dump());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    std::vector<hailong::DecodedDossierEvent> items;
    try {
        items = hailong::decode_dossier_event_batch(body);
    } catch (const hailong::InputError& e) {
        HAILONG_FUZZ_CHECK(!e.error().code.empty(), std::string(e.what()));
        HAILONG_FUZZ_CHECK(key_in_every_catalogue(e.error().message.key), e.error().message.key);
        return 0;
    }
    HAILONG_FUZZ_CHECK(items.size() <= hailong::max_batch_dossier_events, std::to_string(items.size()));
    for (std::size_t i = 0; i < items.size(); ++i) {
        const hailong::DecodedDossierEvent& item = items[i];
        HAILONG_FUZZ_CHECK(item.event.has_value() != item.error.has_value(), "events[" + std::to_string(i) + "]");
        if (item.error) {
            const std::string prefix = "events[" + std::to_string(i) + "]";
            HAILONG_FUZZ_CHECK(item.error->field.compare(0, prefix.size(), prefix) == 0, item.error->field);
            HAILONG_FUZZ_CHECK(key_in_every_catalogue(item.error->message.key), item.error->message.key);
            continue;
        }
        check_event(*item.event);
    }
    return 0;
}
