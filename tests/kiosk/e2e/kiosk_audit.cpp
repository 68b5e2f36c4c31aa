// hailong_kiosk_audit: compares what a kiosk told its citizens (the journal of
// hailong_kiosk_driver), what it kept (its outbox) and what the server stored (the server's store,
// read through the Store interface, so it works on SQLite and PostgreSQL alike). Run it after the
// kiosk has drained and the server has stopped.
//
//   hailong_kiosk_audit --journal FILE --outbox DIR (--data DIR | --database URL)
//                       [--max-unacknowledged N]
//
// What must hold (each failure is counted and its first ids printed):
//   lost           every counted id (a "rated" line: the face tap was kept; or an "ack" line) is
//                  on the server: a citizen who tapped a face and left is counted too
//   unkept         every counted id is in the outbox (the face tap was journaled after its
//                  commit, the thank-you after the save)
//   undelivered    every id in the outbox is on the server, and nothing is pending or dead
//   invented       every id of this journal on the server is in the outbox (nothing arrived that
//                  the kiosk did not save)
//   extra          the server holds no more submissions than the ids found (none stored twice,
//                  none from anywhere else)
//   altered        each stored submission equals the outbox's copy field by field (what arrived
//                  is what was saved), and an acknowledged complaint's code is the one shown
//   codes          tracking codes are valid and distinct, and their sequence numbers are exactly
//                  1..K for the K complaints saved with a code (no code reused or skipped), once
//                  unshuffled with the key in the outbox (sequence_permutation.hpp)
//   unacknowledged kept but never counted (killed between the face tap's commit and its journal
//                  line): allowed, at most N with --max-unacknowledged N (one per kill)
// The journal's try/ack lines are described in kiosk_driver.cpp; a torn last line is ignored.
//
// Output: the problems, then one line:
//   kiosk audit: tried T, rated R, acknowledged A (complaints C), saved S, stored N, unacknowledged U, lost 0, duplicated or foreign 0, ...
// Exit codes: 0 everything holds; 1 a check failed; 2 wrong usage or a file cannot be read.
// Messages are English only: a developer tool.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "hailong/kiosk/outbox.hpp"
#include "hailong/kiosk/sequence_permutation.hpp"
#include "hailong/server/store/open_store.hpp"
#include "hailong/submission.hpp"
#include "hailong/tracking_code.hpp"
#include "hailong/uuid.hpp"

namespace {

// The outbox's tracking-code key, read with plain SQLite (the Outbox never hands it out).
hailong::kiosk::SequencePermutation::Key tracking_key(const std::string& outbox_dir) {
    SQLite::Database db(outbox_dir + "/outbox.db", SQLite::OPEN_READONLY);
    SQLite::Statement st(db, "SELECT value FROM kiosk_secrets WHERE key = 'tracking_sequence_key'");
    hailong::kiosk::SequencePermutation::Key key{};
    if (!st.executeStep() || static_cast<std::size_t>(st.getColumn(0).getBytes()) != key.size())
        throw std::runtime_error(outbox_dir + "/outbox.db has no tracking-code key");
    std::memcpy(key.data(), st.getColumn(0).getBlob(), key.size());
    return key;
}

using namespace hailong;

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Options {
    std::string journal;
    std::string outbox;
    server::StoreLocation store;
    std::optional<std::int64_t> max_unacknowledged;
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view name = argv[i];
        const std::string value = argv[i + 1];
        if (name == "--journal") o.journal = value;
        else if (name == "--outbox") o.outbox = value;
        else if (name == "--data") o.store.data_dir = value;
        else if (name == "--database") o.store.database_url = value;
        else if (name == "--max-unacknowledged") o.max_unacknowledged = std::stoll(value);
        else throw UsageError(std::string(name) + ": unknown option");
    }
    if (argc % 2 == 0) throw UsageError(std::string(argv[argc - 1]) + ": missing value");
    if (o.journal.empty() || o.outbox.empty() || (o.store.data_dir.empty() == o.store.database_url.empty())) {
        throw UsageError("--journal, --outbox and one of --data or --database are required");
    }
    return o;
}

struct Ack {
    bool complaint = false;
    std::optional<std::string> code;
};

struct Journal {
    std::vector<Uuid> tried;          // in order, each once
    std::set<Uuid> rated;             // the face tap kept
    std::map<Uuid, Ack> acknowledged;
    // Rated or acknowledged: the kiosk counted the rating, so the server must have it.
    [[nodiscard]] bool counted(const Uuid& id) const { return rated.contains(id) || acknowledged.contains(id); }
};

Journal read_journal(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UsageError(path + ": cannot read the journal");
    std::stringstream text;
    text << in.rdbuf();
    const std::string all = text.str();
    Journal j;
    std::set<Uuid> tried;
    std::size_t start = 0, line_no = 0;
    for (std::size_t end; (end = all.find('\n', start)) != std::string::npos; start = end + 1) {
        ++line_no;
        std::istringstream line(all.substr(start, end - start));
        std::string kind, id_text, what, code;
        line >> kind >> id_text;
        const auto id = Uuid::parse(id_text);
        const auto where = path + ", line " + std::to_string(line_no) + ": ";
        if (!id) throw std::runtime_error(where + "not a journal line");
        if (kind == "try") {
            if (!tried.insert(*id).second) throw std::runtime_error(where + "id tried twice (the driver reused an id)");
            j.tried.push_back(*id);
        } else if (kind == "rated") {
            if (!tried.contains(*id)) throw std::runtime_error(where + "rated without a try line before it");
            if (!j.rated.insert(*id).second) throw std::runtime_error(where + "id rated twice");
        } else if (kind == "ack" && (line >> what >> code) && (what == "r" || what == "c")) {
            if (!tried.contains(*id)) throw std::runtime_error(where + "acknowledged without a try line before it");
            Ack a{what == "c", code == "-" ? std::nullopt : std::optional<std::string>(code)};
            if (!j.acknowledged.emplace(*id, a).second) throw std::runtime_error(where + "id acknowledged twice");
        } else {
            throw std::runtime_error(where + "not a journal line");
        }
    }
    if (start != all.size()) std::printf("kiosk audit: ignored a torn last line of the journal (%zu bytes)\n", all.size() - start);
    return j;
}

// Counts of one kind of failure, with the first few ids for the reader.
struct Check {
    explicit Check(const char* check_name) : name(check_name) {}
    const char* name;
    std::int64_t count = 0;
    std::vector<std::string> examples;
    void fail(const Uuid& id, const std::string& detail = {}) {
        ++count;
        if (examples.size() < 5) examples.push_back(id.to_string() + (detail.empty() ? "" : " (" + detail + ")"));
    }
};

std::string differences(const Submission& a, const Submission& b) {
    std::string d;
    auto note = [&d](bool same, const char* field) {
        if (!same) d += std::string(d.empty() ? "" : ", ") + field;
    };
    note(a.created_at == b.created_at, "created_at");
    note(a.department == b.department, "department");
    note(a.officer == b.officer, "officer");
    note(a.service == b.service, "service");
    note(a.dossier == b.dossier, "dossier");
    note(a.lang == b.lang, "lang");
    note(a.rating == b.rating, "rating");
    note(a.tt01 == b.tt01, "tt01");
    note(a.reasons == b.reasons, "reasons");
    note(a.comment == b.comment, "comment");
    note(a.contact == b.contact, "contact");
    note(a.tracking_code == b.tracking_code, "tracking_code");
    return d;
}

int run(const Options& o) {
    const Journal journal = read_journal(o.journal);

    // The outbox first: opening it turns rows a dead process left `sending` into `pending`,
    // which the counts below then show as undelivered.
    std::map<Uuid, Submission> saved;
    kiosk::OutboxCounts counts;
    {
        kiosk::Outbox outbox(o.outbox);
        counts = outbox.counts();
        for (const Uuid& id : journal.tried)
            if (auto s = outbox.find(id)) saved.emplace(id, std::move(*s));
    }
    std::map<Uuid, Submission> stored;
    std::int64_t stored_total = 0;
    {
        const auto store = server::open_store(o.store);
        for (const Uuid& id : journal.tried)
            if (auto s = store->find_submission(id)) stored.emplace(id, std::move(*s));
        stored_total = store->submission_count();
    }

    Check lost{"lost"}, unkept{"unkept"}, undelivered{"undelivered"}, invented{"invented"}, altered{"altered"},
        codes{"codes"};
    std::int64_t complaints = 0, unacknowledged = 0;
    for (const Uuid& id : journal.tried) {
        if (!journal.counted(id)) continue;
        if (!stored.contains(id)) lost.fail(id);
        if (!saved.contains(id)) unkept.fail(id);
    }
    for (const auto& [id, ack] : journal.acknowledged) {
        if (ack.complaint) ++complaints;
        const auto kept = saved.find(id);
        if (kept != saved.end() && kept->second.tracking_code != ack.code) {
            altered.fail(id, "the code shown was " + ack.code.value_or("none") + ", the outbox has " +
                                 kept->second.tracking_code.value_or("none"));
        }
    }
    std::map<std::int64_t, Uuid> sequences;  // code sequence number -> id
    std::set<std::string> code_texts;
    std::set<std::int64_t> kiosk_numbers;
    for (const auto& [id, s] : saved) {
        if (!journal.counted(id)) ++unacknowledged;
        const auto there = stored.find(id);
        if (there == stored.end()) {
            undelivered.fail(id);
        } else if (const std::string d = differences(s, there->second); !d.empty()) {
            altered.fail(id, "differs in " + d);
        }
        if (!s.tracking_code) continue;
        const auto parts = tracking_code::parse(*s.tracking_code);
        if (!parts) {
            codes.fail(id, "invalid code " + *s.tracking_code);
            continue;
        }
        kiosk_numbers.insert(parts->kiosk_number);
        if (!code_texts.insert(*s.tracking_code).second) codes.fail(id, "code " + *s.tracking_code + " issued twice");
        if (!sequences.emplace(parts->sequence, id).second)
            codes.fail(id, "sequence number " + std::to_string(parts->sequence) + " issued twice");
    }
    const auto issued = static_cast<std::int64_t>(sequences.size());
    if (!sequences.empty()) {
        // The codes carry the shuffled sequence: they must be exactly the shuffles of 1..K.
        const hailong::kiosk::SequencePermutation shuffle(tracking_key(o.outbox));
        std::int64_t missing = 0;
        for (std::int64_t i = 1; i <= issued; ++i)
            if (!sequences.contains(shuffle.apply(i))) ++missing;
        if (missing > 0)
            codes.fail(sequences.rbegin()->second, std::to_string(missing) + " of the " + std::to_string(issued) +
                                                       " codes are not the shuffles of sequence numbers 1.." + std::to_string(issued));
    }
    for (const auto& [id, s] : stored)
        if (!saved.contains(id)) invented.fail(id);
    const std::int64_t extra = stored_total - static_cast<std::int64_t>(stored.size());

    bool ok = true;
    for (const Check* c : {&lost, &unkept, &undelivered, &invented, &altered, &codes}) {
        if (c->count == 0) continue;
        ok = false;
        std::printf("kiosk audit: FAIL %s: %lld, e.g.\n", c->name, static_cast<long long>(c->count));
        for (const std::string& e : c->examples) std::printf("  %s\n", e.c_str());
    }
    if (extra != 0) {
        ok = false;
        std::printf("kiosk audit: FAIL the server holds %lld submissions, %zu of them from this journal\n",
                    static_cast<long long>(stored_total), stored.size());
    }
    if (counts.pending != 0 || counts.dead != 0) {
        ok = false;
        std::printf("kiosk audit: FAIL the outbox still has %lld pending and %lld dead\n",
                    static_cast<long long>(counts.pending), static_cast<long long>(counts.dead));
    }
    if (o.max_unacknowledged && unacknowledged > *o.max_unacknowledged) {
        ok = false;
        std::printf("kiosk audit: FAIL %lld saved but unacknowledged, more than the %lld allowed\n",
                    static_cast<long long>(unacknowledged), static_cast<long long>(*o.max_unacknowledged));
    }
    std::string code_summary = std::to_string(issued);
    if (issued > 0) {
        code_summary += " (sequence 1.." + std::to_string(issued) + ", kiosk numbers ";
        for (auto n = kiosk_numbers.begin(); n != kiosk_numbers.end(); ++n)
            code_summary += (n == kiosk_numbers.begin() ? "" : ",") + std::to_string(*n);
        code_summary += ")";
    }
    std::printf("kiosk audit: tried %zu, rated %zu, acknowledged %zu (complaints %lld), saved %zu, stored %lld, unacknowledged %lld, "
                "lost %lld, duplicated or foreign %lld, invented %lld, undelivered %lld, altered %lld, "
                "tracking codes %s, code problems %lld: %s\n",
                journal.tried.size(), journal.rated.size(), journal.acknowledged.size(), static_cast<long long>(complaints), saved.size(),
                static_cast<long long>(stored_total), static_cast<long long>(unacknowledged),
                static_cast<long long>(lost.count), static_cast<long long>(extra), static_cast<long long>(invented.count),
                static_cast<long long>(undelivered.count), static_cast<long long>(altered.count), code_summary.c_str(),
                static_cast<long long>(codes.count), ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(parse(argc, argv));
    } catch (const UsageError& e) {
        std::fprintf(stderr, "kiosk audit: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kiosk audit: %s\n", e.what());
        return 2;
    }
}
