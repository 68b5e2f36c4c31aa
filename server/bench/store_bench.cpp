// hailong-store-bench: the raw insert rate of the submissions hailong-ingest-bench sends, stored
// straight into a store with the server's own durability (SQLite WAL + synchronous=FULL, or
// PostgreSQL with synchronous_commit=on), one transaction per `--batch` submissions, no HTTP.
// The reference that shows what HTTPS, decoding and authentication cost on top of the store.
//
//   hailong-store-bench (--data DIR | --database URL) [--count N] [--batch K] [--json]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>

#include "hailong/server/store/open_store.hpp"

namespace {
[[noreturn]] void usage(const char* why) {
    std::fprintf(stderr, "hailong-store-bench: %s\nusage: hailong-store-bench (--data DIR | --database URL) [--count N] [--batch K] [--json]\n", why);
    std::exit(2);
}
}  // namespace

int main(int argc, char** argv) {
    using namespace hailong;
    server::StoreLocation where;
    long count = 20000, batch = 1;
    bool json = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        auto value = [&] { return i + 1 < argc ? std::string(argv[++i]) : (usage("an option lacks its value"), std::string()); };
        if (a == "--data") where.data_dir = value();
        else if (a == "--database") where.database_url = value();
        else if (a == "--count") count = std::strtol(value().c_str(), nullptr, 10);
        else if (a == "--batch") batch = std::strtol(value().c_str(), nullptr, 10);
        else if (a == "--json") json = true;
        else usage("unknown option");
    }
    if (count <= 0 || batch <= 0 || batch > 500) usage("--count must be positive and --batch 1..500");

    try {
        auto store = server::open_store(where);
        store->import_organisation({{"SCT", "Sở Công Thương"}}, {}, server::history_start);
        try {
            store->add_kiosk({"BENCH-RAW", "SCT", false, 0}, "bench-raw-token-hash");
        } catch (const server::StoreError&) {
            // Already there from an earlier run on the same store.
        }
        std::mt19937_64 rng(std::random_device{}());
        std::uniform_int_distribution<int> value(1, 3);
        std::vector<server::IngestItem> items;
        const auto start = std::chrono::steady_clock::now();
        long stored = 0;
        while (stored < count) {
            items.clear();
            // Made now, as the kiosk makes them, with its version 7 ids. (One instant for the whole
            // run made every submission a neighbour of every other for the suspicion rules, whose
            // reads then grew with the store: a cost no real kiosk causes.)
            const Instant now = std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
            for (long k = 0; k < batch && stored + k < count; ++k) {
                Uuid::Bytes bytes{};
                for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
                Submission s;
                s.id = Uuid::v7_from(std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()), bytes);
                s.created_at = Timestamp{now, vietnam_offset};
                s.department = "SCT";
                s.rating = Rating{3, value(rng)};
                items.push_back({"BENCH-RAW", std::move(s), now});
            }
            store->ingest(items);
            stored += static_cast<long>(items.size());
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (json) {
            std::printf("{\"submissions\":%ld,\"batch\":%ld,\"seconds\":%.3f,\"submissions_per_second\":%.1f}\n", stored, batch, seconds,
                        static_cast<double>(stored) / seconds);
        } else {
            std::printf("%ld submissions in %.3f s, %ld per transaction: %.0f submissions/s\n", stored, seconds, batch,
                        static_cast<double>(stored) / seconds);
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hailong-store-bench: %s\n", e.what());
        return 1;
    }
}
