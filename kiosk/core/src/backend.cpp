#include "hailong/kiosk/backend.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "hailong/kiosk/atomic_file.hpp"
#include "hailong/kiosk/curl_transport.hpp"
#include "hailong/text.hpp"

namespace hailong::kiosk {

namespace {

constexpr const char* counter_file = "counter.json";

template <typename List>
std::vector<NamedCode> named(const List& list) {
    std::vector<NamedCode> out;
    for (const auto& item : list) out.push_back(NamedCode{item.code, item.name});
    return out;
}

KioskConfig bundled(const KioskSettings& settings) {
    return bundled_config(settings.kiosk_id, NamedCode{settings.counter.department, settings.department_name},
                          named(settings.counter.officers), named(settings.counter.services));
}

// Only the status and the reply are read: the lookup shows nothing else, and a server that adds
// keys must not break it.
ComplaintLookup complaint_lookup_from(const HttpResponse& r) {
    ComplaintLookup result;
    if (r.error) return result;
    if (r.status == 404) {
        result.outcome = ComplaintLookup::Outcome::not_found;
        return result;
    }
    if (r.status != 200) return result;
    const nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
    if (!j.is_object() || !j.contains("status") || !j["status"].is_string()) return result;
    result.outcome = ComplaintLookup::Outcome::found;
    result.status = j["status"].get<std::string>();
    if (j.contains("reply") && j["reply"].is_string()) result.reply = j["reply"].get<std::string>();
    return result;
}

DossierInfo dossier_info_from(const HttpResponse& r) {
    DossierInfo info;
    if (r.error || r.status != 200) return info;
    const nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
    if (!j.is_object() || !j.contains("known") || !j["known"].is_boolean()) return info;
    if (!j["known"].get<bool>()) {
        info.outcome = DossierInfo::Outcome::unknown;
        return info;
    }
    info.outcome = DossierInfo::Outcome::known;
    if (j.contains("stage") && j["stage"].is_string()) info.stage = parse_dossier_stage(j["stage"].get<std::string>());
    if (j.contains("service") && j["service"].is_object()) {
        const auto& service = j["service"];
        if (service.contains("code") && service["code"].is_string()) info.service_code = service["code"].get<std::string>();
        if (service.contains("name") && service["name"].is_string()) {
            if (auto name = normalize_text(service["name"].get<std::string>(), TextRules{200, false})) info.service_name = *name;
        }
    }
    if (info.stage && j.contains("rated") && j["rated"].is_object()) {
        const auto& rated = j["rated"];
        const std::string key(to_string(*info.stage));
        info.rated_at_stage = rated.contains(key) && rated[key].is_boolean() && rated[key].get<bool>();
    }
    return info;
}

}  // namespace

void restore_duty(KioskSettings& settings, const std::optional<DutyEvent>& last) {
    if (!last || last->kind != DutyKind::sign_in || !last->officer) return;
    settings.counter.signed_in = last->officer;
    settings.counter.signed_in_at = last->at.instant;
}

SaveResult Backend::record_duty(const DutyEvent& event) {
    try {
        outbox_.save_duty(event);
        if (uploader_) uploader_->notify();
        return SaveResult{true, std::nullopt, {}};
    } catch (const std::exception& e) {
        return SaveResult{false, std::nullopt, e.what()};
    }
}

std::optional<DutyEvent> Backend::last_duty() { return outbox_.last_duty(); }

DossierInfo Backend::check_dossier(const std::string& code) {
    if (!connect_ || !is_valid_code(code)) return DossierInfo{};
    return dossier_info_from(connect_()->send(HttpRequest{"GET", "/api/v1/kiosk/dossiers/" + code, {}, {}}));
}

Connect curl_connect(const KioskSettings& settings) {
    if (settings.server_url.empty()) return {};
    CurlTransportOptions options;
    options.base_url = settings.server_url;
    options.token = settings.token_file.empty() ? std::string() : read_token_file(settings.token_file);
    options.ca_file = settings.ca_file;
    return [options]() -> std::unique_ptr<Transport> { return std::make_unique<CurlTransport>(options); };
}

void restore_counter(KioskSettings& settings) {
    std::ifstream in(settings.data_dir / counter_file);
    if (!in) return;
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_object()) return;
    CounterConfig& c = settings.counter;
    const auto pick = [&](const char* key, const auto& list, std::optional<std::string>& target) {
        if (!j.contains(key)) return;
        if (j[key].is_null()) target.reset();
        if (!j[key].is_string()) return;
        const std::string code = j[key].get<std::string>();
        for (const auto& item : list)
            if (item.code == code) target = code;
    };
    pick("officer", c.officers, c.officer);
    // A service the admin chose from a list the file does not have (the server's) is kept under
    // the name it was chosen with: a restart must not lose the procedure of the counter.
    if (j.contains("service") && j["service"].is_string() && j.contains("service_name") && j["service_name"].is_string()) {
        const std::string code = j["service"].get<std::string>();
        const std::string name = j["service_name"].get<std::string>();
        const bool listed = std::any_of(c.services.begin(), c.services.end(), [&](const Service& s) { return s.code == code; });
        if (!listed && is_valid_code(code) && !name.empty()) c.services.push_back(Service{code, name});
    }
    pick("service", c.services, c.service);
    if (j.contains("language") && j["language"].is_string()) {
        const std::string lang = j["language"].get<std::string>();
        if (lang == "vi" || lang == "en") c.default_lang = lang;
    }
}

Backend::Backend(const KioskSettings& settings, Connect connect)
    : data_dir_(settings.data_dir), outbox_(settings.data_dir), config_(settings.data_dir, bundled(settings)),
      connect_(std::move(connect)) {
    if (!connect_) return;
    transport_ = connect_();
    UploaderOptions options;
    options.kiosk_id = settings.kiosk_id;
    uploader_ = std::make_unique<Uploader>(outbox_, config_, *transport_, options);
    uploader_->start();
}

Backend::~Backend() {
    if (uploader_) uploader_->stop();
}

SaveResult Backend::save(const Submission& submission, bool complaint) {
    try {
        const Submission stored = outbox_.save(submission, complaint);
        if (uploader_) uploader_->notify();
        return SaveResult{true, stored.tracking_code, {}};
    } catch (const std::exception& e) {
        return SaveResult{false, std::nullopt, e.what()};
    }
}

SaveResult Backend::keep_open(const Submission& submission) {
    try {
        outbox_.keep_open(submission);
        return SaveResult{true, std::nullopt, {}};
    } catch (const std::exception& e) {
        return SaveResult{false, std::nullopt, e.what()};
    }
}

UploaderStatus Backend::status() {
    if (uploader_) return uploader_->status();
    UploaderStatus s;
    const OutboxCounts counts = outbox_.counts();
    s.queue_depth = counts.pending;
    s.dead_count = counts.dead;
    s.sent_count = counts.sent;
    return s;
}

NetworkTest Backend::test_network() {
    if (!connect_) return NetworkTest{false, "server_url is not set in the configuration file"};
    const auto start = std::chrono::steady_clock::now();
    const HttpResponse r = connect_()->send(HttpRequest{"GET", "/api/v1/kiosk/config", {}, {}});
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    if (r.error) return NetworkTest{false, r.error->text};
    uploader_->retry_now();
    return NetworkTest{r.status == 200, "HTTP " + std::to_string(r.status) + " in " + std::to_string(ms) + " ms"};
}

ComplaintLookup Backend::lookup_complaint(const std::string& code) {
    if (!connect_) return ComplaintLookup{};
    return complaint_lookup_from(connect_()->send(HttpRequest{"GET", "/api/v1/public/complaints/" + code, {}, {}}));
}

void Backend::remember_counter(const effect::CounterChanged& c) {
    const nlohmann::json j = {{"officer", c.officer ? nlohmann::json(*c.officer) : nlohmann::json()},
                              {"service", c.service ? nlohmann::json(*c.service) : nlohmann::json()},
                              {"service_name", c.service_name},
                              {"language", c.default_lang}};
    const std::lock_guard lock(counter_mutex_);
    std::error_code ec;
    std::filesystem::create_directories(data_dir_, ec);
    const std::string problem = write_atomically(data_dir_ / counter_file, j.dump(2) + "\n");
    if (!problem.empty()) throw std::runtime_error(problem);
}

}  // namespace hailong::kiosk
