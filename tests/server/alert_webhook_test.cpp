// The alert webhook (http wing): each new alert posted once to a receiving server, again only
// after it went away and came back, and retried after a refusal.

#include "hailong/server/http/alert_webhook.hpp"

#include <httplib.h>

#include <atomic>
#include <mutex>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "dashboard_fixture.hpp"

using namespace hailong;
using namespace hailong::server;
using namespace hailong::test::dashboard;
using nlohmann::json;
using std::chrono::minutes;

TEST_CASE("dashboard: the webhook gets each new alert once, and again only after it went away", "[dashboard]") {
    Fixture f;
    httplib::Server receiver;
    std::mutex mutex;
    std::vector<json> received;
    std::atomic<bool> refuse{false};
    receiver.Post("/hook", [&](const httplib::Request& req, httplib::Response& res) {
        if (refuse) {
            res.status = 500;
            return;
        }
        const std::lock_guard lock(mutex);
        received.push_back(json::parse(req.body));
        res.status = 204;
    });
    const int port = receiver.bind_to_any_port("127.0.0.1");
    std::thread serving([&] { receiver.listen_after_bind(); });
    while (!receiver.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds{1});

    AlertWebhook hook(f.service, "http://127.0.0.1:" + std::to_string(port) + "/hook?key=secret", std::chrono::hours{1}, "vi");
    CHECK(hook.check_once() == 5);
    CHECK(hook.check_once() == 0);  // nothing new
    {
        const std::lock_guard lock(mutex);
        REQUIRE(received.size() == 5);
        CHECK(received[0]["alert"]["id"] == "low_rate:department:SCT");
        CHECK(received[0]["alert"]["ci95"] == json{5.67, 50.98});  // worked out in dashboard_fixture.hpp
        CHECK(received[0]["text"] ==
              "Đơn vị Sở Công Thương (SCT): tỷ lệ hài lòng 20.0% trong 10 phiếu gần nhất, khoảng tin cậy 95% từ 5.67% đến 50.98%: cả cận trên "
              "cũng dưới ngưỡng 60.0%");
        CHECK(received[4]["alert"]["kind"] == "harassment");
    }
    // K-SCT-02 reports again: its alert goes; silent again later, it comes back and is sent again.
    f.store.record_heartbeat({"K-SCT-02", f.now, std::nullopt, "1.0.0", 0, ""});
    f.now += DashboardService::alert_cache_for;  // the next computation of the alerts
    CHECK(hook.check_once() == 0);
    f.now += minutes{61};
    f.store.record_heartbeat({"K-SCT-01", f.now, std::nullopt, "1.0.0", 0, ""});
    CHECK(hook.check_once() == 1);
    {
        const std::lock_guard lock(mutex);
        CHECK(received.back()["alert"]["id"] == "kiosk_silent:K-SCT-02");
    }
    // A webhook that fails is tried again at the next check.
    refuse = true;
    f.now += minutes{61};  // K-SCT-01 now silent too: a new alert, refused
    CHECK(hook.check_once() == 0);
    refuse = false;
    CHECK(hook.check_once() == 1);
    receiver.stop();
    serving.join();
}
