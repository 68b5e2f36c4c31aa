#include "hailong/server/http/alert_webhook.hpp"

#include <cstdio>
#include <memory>

#include <curl/curl.h>
#include <nlohmann/json.hpp>

namespace hailong::server {

namespace {

constexpr int max_attempts = 3;

// The URL without its query or fragment, for logs.
std::string loggable(const std::string& url) { return url.substr(0, url.find_first_of("?#")); }

std::size_t discard(char*, std::size_t size, std::size_t n, void*) { return size * n; }

}  // namespace

AlertWebhook::AlertWebhook(DashboardService& dashboard, std::string url, std::chrono::milliseconds interval, std::string lang)
    : dashboard_(dashboard), url_(std::move(url)), lang_(std::move(lang)), checks_("alert check", interval, [this] { check_once(); }) {}

AlertWebhook::~AlertWebhook() { stop(); }

void AlertWebhook::start() { checks_.start(); }

void AlertWebhook::stop() { checks_.stop(); }

bool AlertWebhook::post(const std::string& body) {
    const std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) return false;
    const std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(
        curl_slist_append(nullptr, "Content-Type: application/json"), curl_slist_free_all);
    curl_easy_setopt(curl.get(), CURLOPT_URL, url_.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, discard);
    const CURLcode code = curl_easy_perform(curl.get());
    long status = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    if (code != CURLE_OK || status < 200 || status > 299) {
        std::fprintf(stderr, "hailong-server: alert webhook %s failed: %s\n", loggable(url_).c_str(),
                     code != CURLE_OK ? curl_easy_strerror(code) : ("HTTP " + std::to_string(status)).c_str());
        return false;
    }
    return true;
}

std::size_t AlertWebhook::check_once() {
    const User admin{"alert-webhook", Role::admin, {}, false};
    const AlertPolicy policy = dashboard_.policy();
    const std::vector<Alert> alerts = dashboard_.current_alerts(admin);
    std::set<std::string> active;
    std::size_t sent = 0;
    for (const Alert& a : alerts) {
        active.insert(a.id);
        if (sent_.count(a.id) || failures_[a.id] >= max_attempts) continue;
        nlohmann::ordered_json alert = {{"id", a.id}, {"kind", to_string(a.kind)}, {"department", a.department}, {"department_name", a.department_name}, {"subject", a.subject},
                                        {"rate", a.rate ? nlohmann::ordered_json(*a.rate) : nlohmann::ordered_json()},
                                        {"ci95", a.ci95 ? nlohmann::ordered_json::array({a.ci95->low, a.ci95->high}) : nlohmann::ordered_json()},
                                        {"responses", a.responses},
                                        {"since", a.since ? nlohmann::ordered_json(format_rfc3339(*a.since)) : nlohmann::ordered_json()}};
        const nlohmann::ordered_json body = {{"alert", std::move(alert)}, {"text", describe(a, policy, lang_)}, {"lang", lang_}};
        if (post(body.dump())) {
            sent_.insert(a.id);
            failures_.erase(a.id);
            ++sent;
        } else {
            ++failures_[a.id];
        }
    }
    // An alert that went away may be sent again when it comes back.
    std::erase_if(sent_, [&](const std::string& id) { return !active.count(id); });
    std::erase_if(failures_, [&](const auto& f) { return !active.count(f.first); });
    return sent;
}

}  // namespace hailong::server
