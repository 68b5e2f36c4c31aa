// hailong-admin: the admin command line (api-v1.md, "Programs"): the organisation, kiosks and
// users of a store, plus offline checks. Errors go to stderr with a non-zero exit code.
// Exit codes: 0 done, 1 the input was refused (nothing changed), 2 wrong usage or unreadable file.
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "hailong/cli.hpp"
#include "hailong/message.hpp"
#include "hailong/server/store/accounts.hpp"
#include "hailong/server/store/backup.hpp"
#include "hailong/server/store/setting_keys.hpp"
#include "hailong/server/api/complaint_service.hpp"
#include "hailong/server/api/dashboard_service.hpp"
#include "hailong/server/store/credentials.hpp"
#include "hailong/server/store/open_store.hpp"
#include "hailong/server/store/dossier.hpp"
#include "hailong/server/store/org_csv.hpp"
#include "hailong/server/http/site_tls.hpp"
#include "hailong/server/store/sqlite_store.hpp"
#include "hailong/suspicion.hpp"
#include "hailong/submission_codec.hpp"
#include "hailong/text.hpp"
#include "hailong/time.hpp"

namespace {

using hailong::Message;
using hailong::MessageError;
namespace srv = hailong::server;

struct Cli {
    std::string lang = hailong::cli_language();
    const hailong::Translator& tr = hailong::Translator::builtin();

    [[nodiscard]] std::string text(const Message& m) const { return tr.render(m, lang); }
    void out(const std::string& line) const { std::printf("%s\n", line.c_str()); }
    int fail(const Message& message, int code = 2) const {
        std::fprintf(stderr, "hailong-admin: %s\n", text(message).c_str());
        return code;
    }
};

// The words after the command: positional arguments and --name value options.
struct Args {
    std::vector<std::string> positional;
    std::vector<std::pair<std::string, std::string>> options;
    std::vector<std::string> flags;

    [[nodiscard]] std::vector<std::string> all(std::string_view name) const {
        std::vector<std::string> values;
        for (const auto& [k, v] : options) {
            if (k == name) values.push_back(v);
        }
        return values;
    }
    [[nodiscard]] std::string one(std::string_view name) const {
        const auto v = all(name);
        return v.empty() ? std::string() : v.back();
    }
    [[nodiscard]] bool has_option(std::string_view name) const { return !all(name).empty(); }
    [[nodiscard]] bool has(std::string_view flag) const {
        for (const auto& f : flags) {
            if (f == flag) return true;
        }
        return false;
    }
};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw MessageError(Message("cli.file.unreadable", {{"path", path}, {"reason", std::strerror(errno)}}));
    std::ostringstream body;
    body << in.rdbuf();
    return body.str();
}

int check_batch(const Cli& cli, const std::string& path) {
    hailong::DecodedBatch batch;
    try {
        batch = hailong::decode_submission_batch(read_file(path));
    } catch (const hailong::InputError& e) {
        return cli.fail(Message("cli.check.batch_refused", {{"reason", e.error().describe(cli.tr, cli.lang)}}), 1);
    }
    std::size_t valid = 0;
    for (std::size_t i = 0; i < batch.items.size(); ++i) {
        const auto& item = batch.items[i];
        if (item.submission) {
            ++valid;
            cli.out(cli.text(Message("cli.check.valid", {{"field", "submissions[" + std::to_string(i) + "]"}, {"id", item.submission->id.to_string()}})));
        } else {
            cli.out(item.error->describe(cli.tr, cli.lang));
        }
    }
    cli.out(cli.text(Message("cli.check.summary", {{"kiosk", batch.kiosk_id},
                                                   {"valid", std::to_string(valid)},
                                                   {"rejected", std::to_string(batch.items.size() - valid)}})));
    return valid == batch.items.size() ? 0 : 1;
}

int import_org(const Cli& cli, srv::Store& store, const std::string& path, const std::string& from_text) {
    // The day from which the chart holds: today unless a change is recorded late (or ahead).
    const auto from = from_text.empty() ? std::optional(hailong::vietnam_date(std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now())))
                                        : hailong::parse_iso_date(from_text);
    if (!from) return cli.fail(Message("admin.import.from", {{"value", from_text}}));
    const srv::OrgChart chart = srv::parse_org_csv(read_file(path));
    if (!chart.problems.empty()) {
        for (const auto& p : chart.problems) {
            std::fprintf(stderr, "%s\n",
                         cli.text(Message("admin.csv.problem", {{"file", path}, {"line", std::to_string(p.line)},
                                                                {"column", p.column.empty() ? "-" : p.column},
                                                                {"problem", cli.text(p.message)}})).c_str());
        }
        return cli.fail(Message("admin.import.refused", {{"count", std::to_string(chart.problems.size())}}), 1);
    }
    const srv::ImportCounts c = store.import_organisation(chart.departments, chart.officers, *from);
    cli.out(cli.text(Message("admin.import.done", {{"departments_added", std::to_string(c.departments_added)},
                                                   {"departments_updated", std::to_string(c.departments_updated)},
                                                   {"officers_added", std::to_string(c.officers_added)},
                                                   {"officers_updated", std::to_string(c.officers_updated)}})));
    return 0;
}

int import_dossiers(const Cli& cli, srv::Store& store, const std::string& path) {
    const srv::DossierFile file = srv::parse_dossier_csv(read_file(path));
    if (!file.problems.empty()) {
        for (const auto& p : file.problems) {
            std::fprintf(stderr, "%s\n",
                         cli.text(Message("admin.csv.problem", {{"file", path}, {"line", std::to_string(p.line)},
                                                                {"column", p.column.empty() ? "-" : p.column},
                                                                {"problem", cli.text(p.message)}})).c_str());
        }
        return cli.fail(Message("admin.import.refused", {{"count", std::to_string(file.problems.size())}}), 1);
    }
    const srv::DossierImportCounts c = store.import_dossiers(file.records);
    cli.out(cli.text(Message("admin.dossiers.done", {{"added", std::to_string(c.added)}, {"replaced", std::to_string(c.replaced)}})));
    return 0;
}

// Who runs hailong-admin, for the records it writes (opening hours, the reflag log): the system
// user, and the person behind sudo when there is one.
std::string actor() {
    const passwd* pw = getpwuid(geteuid());
    std::string name = pw && pw->pw_name ? pw->pw_name : "uid " + std::to_string(geteuid());
    if (const char* sudo = std::getenv("SUDO_USER"); sudo && *sudo && geteuid() == 0) name += std::string(" (sudo ") + sudo + ")";
    return name;
}

hailong::Instant now() { return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now()); }

// The date given with `option` (YYYY-MM-DD), `fallback` when the option is absent and one is
// given; a usage error (exit 2) naming the option otherwise.
hailong::LocalDate date_option(const Args& args, const char* option, std::optional<hailong::LocalDate> fallback = std::nullopt) {
    const auto given = args.all(option);
    if (given.empty()) {
        if (fallback) return *fallback;
        throw MessageError(Message("admin.option.date_required", {{"option", option}}));
    }
    const auto date = hailong::parse_iso_date(given.back());
    if (!date) throw MessageError(Message("admin.option.date", {{"option", option}, {"value", given.back()}}));
    return *date;
}

// The --department a command names, checked as a code (the store says whether it exists).
std::optional<std::string> department_option(const Args& args) {
    const auto given = args.all("--department");
    if (given.empty()) return std::nullopt;
    if (!hailong::is_valid_code(given.back())) throw MessageError(Message("admin.option.department", {{"department", given.back()}}));
    return given.back();
}

// set-opening-hours HOURS [--department CODE] [--from YYYY-MM-DD]: a new version, in force from
// that local date (today when not given); the flags already stored are left as they are.
int set_opening_hours(const Cli& cli, srv::Store& store, const Args& args) {
    std::string problem;
    const auto hours = hailong::OpeningHours::parse(args.positional.at(0), &problem);
    if (!hours) return cli.fail(Message("admin.hours.invalid", {{"problem", problem}}));
    const hailong::Instant at = now();
    const hailong::LocalDate today = hailong::vietnam_date(at);
    const hailong::LocalDate from = date_option(args, "--from", today);
    const auto department = department_option(args);
    store.add_opening_hours({department.value_or(""), from, *hours, at, actor()});
    const std::string scope = department ? cli.text(Message("admin.hours.for_department", {{"department", *department}}))
                                         : cli.text(Message("admin.hours.for_site"));
    cli.out(cli.text(Message("admin.hours.done", {{"hours", hours->to_string()}, {"scope", scope}, {"from", hailong::format_iso_date(from)}})));
    if (std::chrono::sys_days{from} <= std::chrono::sys_days{today}) {
        const std::string command = "hailong-admin reflag --from " + hailong::format_iso_date(from) + " --to " + hailong::format_iso_date(today) +
                                    (department ? " --department " + *department : "");
        cli.out(cli.text(Message("admin.hours.not_reflagged", {{"from", hailong::format_iso_date(from)}, {"command", command}})));
    }
    return 0;
}

// reflag --from YYYY-MM-DD --to YYYY-MM-DD [--department CODE]: every rule judged afresh for the
// ratings made in that range, logged.
int reflag(const Cli& cli, srv::Store& store, const Args& args) {
    const srv::ReflagRequest request{date_option(args, "--from"), date_option(args, "--to"), department_option(args), now(), actor()};
    const srv::ReflagCounts c = store.reflag(request);
    const std::string scope = request.department ? cli.text(Message("admin.hours.for_department", {{"department", *request.department}}))
                                                 : cli.text(Message("admin.reflag.every_department"));
    cli.out(cli.text(Message("admin.reflag.done", {{"from", hailong::format_iso_date(request.from)},
                                                   {"to", hailong::format_iso_date(request.to)},
                                                   {"scope", scope},
                                                   {"examined", std::to_string(c.examined)},
                                                   {"flagged", std::to_string(c.became_flagged)},
                                                   {"unflagged", std::to_string(c.became_unflagged)},
                                                   {"reasons", std::to_string(c.reasons_changed)},
                                                   {"actor", request.actor}})));
    return 0;
}

// set-complaint-policy DAYS [HOLIDAY ...]: how long departments have to answer a complaint.
int set_complaint_policy(const Cli& cli, srv::Store& store, const std::vector<std::string>& words) {
    if (words.empty()) return cli.fail(Message("admin.complaint_policy.days", {{"value", ""}}));
    srv::ComplaintPolicy policy;
    char* end = nullptr;
    const long days = std::strtol(words[0].c_str(), &end, 10);
    if (words[0].empty() || *end != '\0' || days < 1 || days > 365)
        return cli.fail(Message("admin.complaint_policy.days", {{"value", words[0]}}));
    policy.working_days = static_cast<int>(days);
    for (std::size_t i = 1; i < words.size(); ++i) {
        const auto day = hailong::parse_iso_date(words[i]);
        if (!day) return cli.fail(Message("admin.complaint_policy.holiday", {{"value", words[i]}}));
        policy.holidays.insert(*day);
    }
    store.set_setting(srv::setting_key::complaint_policy, srv::encode_complaint_policy(policy));
    cli.out(cli.text(Message("admin.complaint_policy.done",
                             {{"days", std::to_string(policy.working_days)}, {"count", std::to_string(policy.holidays.size())}})));
    return 0;
}

// set-alert-policy MIN_RATE WINDOW SILENT_MINUTES [HARASSMENT_DAYS]: when the dashboard and the
// webhook raise alerts.
int set_alert_policy(const Cli& cli, srv::Store& store, const std::vector<std::string>& words) {
    const auto number = [](const std::string& w, double min, double max) -> std::optional<double> {
        char* end = nullptr;
        const double n = std::strtod(w.c_str(), &end);
        if (w.empty() || *end != '\0' || !(n >= min && n <= max)) return std::nullopt;
        return n;
    };
    const auto whole = [&](const std::string& w, double min, double max) -> std::optional<int> {
        const auto n = number(w, min, max);
        if (!n || *n != static_cast<double>(static_cast<int>(*n))) return std::nullopt;
        return static_cast<int>(*n);
    };
    if (words.size() != 3 && words.size() != 4) return cli.fail(Message("admin.usage.arguments", {{"command", "set-alert-policy"}}));
    srv::AlertPolicy policy;
    const auto rate = number(words[0], 0, 100);
    if (!rate) return cli.fail(Message("admin.alert_policy.rate", {{"value", words[0]}}));
    const auto window = whole(words[1], 1, 10000);
    if (!window) return cli.fail(Message("admin.alert_policy.window", {{"value", words[1]}}));
    const auto silent = whole(words[2], 1, 100000);
    if (!silent) return cli.fail(Message("admin.alert_policy.silent", {{"value", words[2]}}));
    policy.min_rate = *rate;
    policy.window = *window;
    policy.silent_minutes = *silent;
    if (words.size() == 4) {
        const auto days = whole(words[3], 1, 366);
        if (!days) return cli.fail(Message("admin.alert_policy.days", {{"value", words[3]}}));
        policy.harassment_days = *days;
    }
    store.set_setting(srv::setting_key::alert_policy, srv::encode_alert_policy(policy));
    cli.out(cli.text(Message("admin.alert_policy.done", {{"rate", words[0]}, {"window", words[1]}, {"minutes", words[2]},
                                                         {"days", std::to_string(policy.harassment_days)}})));
    return 0;
}

// A moment as it was on the clock that recorded it, to the second.
std::string local_time_text(const hailong::Timestamp& t) {
    return hailong::format_rfc3339(std::chrono::floor<std::chrono::seconds>(t.instant), t.offset);
}

int list(const Cli& cli, srv::Store& store, const std::string& what) {
    if (what == "departments") {
        for (const auto& d : store.departments()) cli.out(d.code + "\t" + d.name);
    } else if (what == "officers") {
        for (const auto& o : store.officers()) cli.out(o.code + "\t" + o.department + "\t" + o.name);
    } else if (what == "kiosks") {
        for (const auto& k : store.kiosks())
            cli.out(k.id + "\t" + k.department + "\t" + cli.text(Message(k.revoked ? "admin.list.revoked" : "admin.list.active")) + "\t" +
                    std::to_string(k.number));
    } else if (what == "users") {
        for (const auto& u : store.users()) {
            std::string deps;
            for (const auto& d : u.departments) deps += (deps.empty() ? "" : ",") + d;
            if (u.all_departments) deps = "*";  // every department, as for the site-wide settings
            cli.out(u.name + "\t" + std::string(srv::to_string(u.role)) + "\t" + (deps.empty() ? "-" : deps) + "\t" +
                    cli.text(Message(u.revoked ? "admin.list.revoked" : "admin.list.active")));
        }
    } else if (what == "settings") {
        // Every version of the opening hours: department (* for the site-wide default), in force
        // from, hours, when and by whom it was set; first the standard hours, in force until the
        // first site-wide version, unless one is in force from the beginning.
        const auto versions = store.opening_hours_versions();
        const hailong::LocalDate beginning{std::chrono::sys_days{}};
        if (std::none_of(versions.begin(), versions.end(), [&](const auto& v) {
                return v.department.empty() && std::chrono::sys_days{v.valid_from} <= std::chrono::sys_days{beginning};
            }))
            cli.out("opening_hours\t*\t" + hailong::format_iso_date(beginning) + "\t" + hailong::OpeningHours::standard().to_string() + "\t-\t" +
                    cli.text(Message("admin.list.standard_hours")));
        for (const auto& v : versions)
            cli.out("opening_hours\t" + (v.department.empty() ? std::string("*") : v.department) + "\t" + hailong::format_iso_date(v.valid_from) +
                    "\t" + v.hours.to_string() + "\t" + hailong::format_rfc3339(std::chrono::floor<std::chrono::seconds>(v.set_at), hailong::vietnam_offset) +
                    "\t" + v.set_by);
        cli.out("complaint_policy\t" + store.setting(srv::setting_key::complaint_policy).value_or(srv::encode_complaint_policy({})));
        cli.out("alert_policy\t" + store.setting(srv::setting_key::alert_policy).value_or(srv::encode_alert_policy({})));
    } else if (what == "reflags") {
        for (const auto& r : store.reflag_runs())
            cli.out(std::to_string(r.id) + "\t" + hailong::format_rfc3339(std::chrono::floor<std::chrono::seconds>(r.request.at), hailong::vietnam_offset) +
                    "\t" + r.request.actor + "\t" + hailong::format_iso_date(r.request.from) + "\t" + hailong::format_iso_date(r.request.to) +
                    "\t" + r.request.department.value_or("*") + "\t" + std::to_string(r.counts.examined) + "\t" +
                    std::to_string(r.counts.became_flagged) + "\t" + std::to_string(r.counts.became_unflagged) + "\t" +
                    std::to_string(r.counts.reasons_changed));
    } else if (what == "roster-corrections") {
        for (const auto& r : store.roster_corrections())
            cli.out(std::to_string(r.id) + "\t" + hailong::format_rfc3339(std::chrono::floor<std::chrono::seconds>(r.correction.at), hailong::vietnam_offset) +
                    "\t" + r.correction.actor + "\t" + r.correction.kiosk_id + "\t" +
                    (r.correction.void_event ? r.correction.void_event->to_string() : "-") + "\t" +
                    (r.correction.add ? std::string(hailong::to_string(r.correction.add->kind)) + " " + r.correction.add->officer.value_or("-") + " " +
                                            local_time_text(r.correction.add->at)
                                      : "-") +
                    "\t" + std::to_string(r.examined) + "\t" + std::to_string(r.moved) + "\t" + r.correction.reason);
    } else {
        return cli.fail(Message("admin.list.what", {{"what", what}}));
    }
    return 0;
}

// set-officer-pin OFFICER: the officer's personal PIN for signing in at a kiosk, 4 to 8 digits
// from the first line of standard input (never the command line); stored as its argon2id hash,
// which kiosks receive to check a PIN offline.
int set_officer_pin(const Cli& cli, srv::Store& store, const std::string& officer) {
    std::string pin;
    std::getline(std::cin, pin);
    if (!pin.empty() && pin.back() == '\r') pin.pop_back();
    const bool digits = std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || pin.size() < 4 || pin.size() > 8) return cli.fail(Message("admin.officer.pin_format"));
    store.set_officer_pin(officer, srv::hash_password(pin));
    cli.out(cli.text(Message("admin.officer.pin_set", {{"officer", officer}})));
    return 0;
}

// issue-staff-card OFFICER: a new staff card (the old one stops working once kiosks fetch their
// configuration); prints what its QR code must hold, once, on stdout.
int issue_staff_card(const Cli& cli, srv::Store& store, const std::string& officer) {
    if (!hailong::is_valid_code(officer)) return cli.fail(Message("admin.officer.code", {{"officer", officer}}));
    const std::string secret = srv::generate_card_secret();
    store.set_officer_card(officer, srv::hash_token(secret));
    cli.out(srv::staff_card_payload(officer, secret));
    return 0;
}

// set-shift-end HH:MM|none: the local time at which kiosks sign their officer out.
int set_shift_end(const Cli& cli, srv::Store& store, const std::string& value) {
    if (value == "none") {
        store.set_setting(srv::setting_key::shift_end, "");
        cli.out(cli.text(Message("admin.shift_end.none")));
        return 0;
    }
    const bool shape = value.size() == 5 && value[2] == ':' && std::isdigit(static_cast<unsigned char>(value[0])) &&
                       std::isdigit(static_cast<unsigned char>(value[1])) && std::isdigit(static_cast<unsigned char>(value[3])) &&
                       std::isdigit(static_cast<unsigned char>(value[4]));
    if (!shape || std::stoi(value.substr(0, 2)) > 23 || std::stoi(value.substr(3, 2)) > 59)
        return cli.fail(Message("admin.shift_end.format", {{"value", value}}));
    store.set_setting(srv::setting_key::shift_end, value);
    cli.out(cli.text(Message("admin.shift_end.done", {{"time", value}})));
    return 0;
}

// roster [--kiosk ID] [--from DATE] [--to DATE]: every entry, voided ones marked, one per line:
// id, kiosk, time, event, officer, method, status.
int roster(const Cli& cli, srv::Store& store, const Args& args) {
    srv::RosterQuery q;
    if (args.has_option("--kiosk")) q.kiosk = args.one("--kiosk");
    if (args.has_option("--from")) q.from = hailong::vietnam_day_start(date_option(args, "--from"));
    if (args.has_option("--to"))
        q.to = hailong::vietnam_day_start(hailong::LocalDate{std::chrono::sys_days{date_option(args, "--to")} + std::chrono::days{1}});
    for (const srv::RosterEntry& e : store.roster(q)) {
        const std::string status = e.voided_by ? cli.text(Message("admin.roster.voided", {{"correction", std::to_string(*e.voided_by)}}))
                                   : e.added_by ? cli.text(Message("admin.roster.added", {{"correction", std::to_string(*e.added_by)}}))
                                                : cli.text(Message("admin.list.active"));
        cli.out(e.event.id.to_string() + "\t" + e.kiosk_id + "\t" + local_time_text(e.event.at) + "\t" + std::string(hailong::to_string(e.event.kind)) +
                "\t" + e.event.officer.value_or("-") + "\t" + (e.event.method ? std::string(hailong::to_string(*e.event.method)) : "-") + "\t" +
                status);
    }
    return 0;
}

// roster-correct --kiosk ID [--void ENTRY] [--sign-in OFFICER | --sign-out] [--at TIME] --reason TEXT:
// voids an entry, adds one (at TIME, RFC 3339; the voided entry's time when not given), or both;
// the ratings it affects are credited afresh and the correction is logged with who and why.
int roster_correct(const Cli& cli, srv::Store& store, const Args& args) {
    srv::RosterCorrection c;
    c.kiosk_id = args.one("--kiosk");
    if (c.kiosk_id.empty()) return cli.fail(Message("admin.roster.needs_kiosk"));
    c.reason = args.one("--reason");
    if (c.reason.empty()) return cli.fail(Message("admin.roster.needs_reason"));
    c.actor = actor();
    c.at = now();
    std::optional<hailong::Timestamp> voided_at;
    if (args.has_option("--void")) {
        const auto id = hailong::Uuid::parse(args.one("--void"));
        if (!id) return cli.fail(Message("admin.roster.entry", {{"entry", args.one("--void")}}));
        c.void_event = *id;
        for (const srv::RosterEntry& e : store.roster({c.kiosk_id, std::nullopt, std::nullopt}))
            if (e.event.id == *id) voided_at = e.event.at;
    }
    const bool sign_in = args.has_option("--sign-in"), sign_out = args.has("--sign-out");
    if (sign_in && sign_out) return cli.fail(Message("admin.roster.one_event"));
    if (sign_in || sign_out) {
        hailong::DutyEvent e;
        e.id = hailong::Uuid::random_v4();
        e.kind = sign_in ? hailong::DutyKind::sign_in : hailong::DutyKind::sign_out;
        if (sign_in) {
            e.officer = args.one("--sign-in");
            if (!hailong::is_valid_code(*e.officer)) return cli.fail(Message("admin.officer.code", {{"officer", *e.officer}}));
        }
        if (args.has_option("--at")) {
            const auto at = hailong::parse_rfc3339(args.one("--at"));
            if (!at) return cli.fail(Message("admin.roster.at", {{"value", args.one("--at")}}));
            e.at = *at;
        } else if (voided_at) {
            e.at = *voided_at;
        } else {
            return cli.fail(Message("admin.roster.needs_at"));
        }
        c.add = e;
    }
    const srv::RosterCorrectionRun run = store.correct_roster(c);
    cli.out(cli.text(Message("admin.roster.corrected", {{"id", std::to_string(run.id)}, {"kiosk", c.kiosk_id},
                                                        {"examined", std::to_string(run.examined)}, {"moved", std::to_string(run.moved)}})));
    return 0;
}

// A user's problem (accounts.hpp) in hailong-admin's words.
Message user_problem(std::string_view word, const std::string& name) {
    // Each key written in full, so that the catalogue test sees every one of them used.
    static const std::map<std::string_view, const char*> keys = {
        {"name", "admin.user.name"},
        {"password_short", "admin.user.password_short"},
        {"password_long", "admin.user.password_long"},
        {"manager_needs_department", "admin.user.manager_needs_department"},
        {"integration_token_only", "admin.user.integration_token_only"},
        {"all_departments_manager_only", "admin.user.all_departments_manager_only"},
        {"all_departments_or_list", "admin.user.all_departments_or_list"}};
    return Message(keys.at(word), {{"user", name},
                                                       {"min", std::to_string(srv::min_password_chars)},
                                                       {"max", std::to_string(srv::max_password_chars)}});
}

// A dashboard password from the first line of standard input, never from the command line, where
// other users of the machine could read it in the process list.
std::string password_from_stdin() {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    return password;
}

int add_user(const Cli& cli, srv::Store& store, const Args& args) {
    const auto role = srv::parse_role(args.one("--role"));
    if (!role) return cli.fail(Message("admin.user.role", {{"role", args.one("--role")}}));
    const srv::User user{args.positional.at(0), *role, args.all("--department"), false, args.has("--all-departments")};
    const bool with_password = args.has("--password-stdin");
    if (const auto problem = srv::new_user_problem(user, with_password)) return cli.fail(user_problem(*problem, user.name));
    std::optional<std::string> password;
    if (with_password) {
        password = password_from_stdin();
        if (!hailong::is_valid_utf8(*password)) return cli.fail(Message("admin.user.password_text"));
        if (const auto problem = srv::password_problem(*password)) return cli.fail(user_problem(*problem, user.name));
    }
    cli.out(srv::add_user_with_token(store, user, password));
    return 0;
}

int revoke_user(const Cli& cli, srv::Store& store, const std::string& name) {
    store.revoke_user(name);
    cli.out(cli.text(Message("admin.user.revoked", {{"user", name}})));
    return 0;
}

int set_password(const Cli& cli, srv::Store& store, const std::string& name) {
    for (const srv::User& u : store.users())
        if (u.name == name && u.role == srv::Role::integration) return cli.fail(Message("admin.user.integration_token_only"));
    const std::string password = password_from_stdin();
    if (!hailong::is_valid_utf8(password)) return cli.fail(Message("admin.user.password_text"));
    if (const auto problem = srv::password_problem(password)) return cli.fail(user_problem(*problem, name));
    store.set_user_password(name, srv::hash_password(password));
    cli.out(cli.text(Message("admin.user.password_set", {{"user", name}})));
    return 0;
}

int end_sessions(const Cli& cli, srv::Store& store, const std::string& name) {
    const std::size_t ended = store.end_user_sessions(name);
    cli.out(cli.text(Message("admin.user.sessions_ended", {{"user", name}, {"count", std::to_string(ended)}})));
    return 0;
}

// The TLS part of init: a site CA and a server certificate signed by it, in --tls-dir or the
// data directory's tls/ (nothing for --database without --tls-dir, nor with --no-tls).
int init_tls(const Cli& cli, const srv::StoreLocation& where, const Args& args) {
    if (args.has("--no-tls")) return 0;
    std::filesystem::path dir = args.one("--tls-dir");
    if (dir.empty()) {
        if (where.data_dir.empty()) {
            cli.out(cli.text(Message("admin.init.tls_skipped")));
            return 0;
        }
        dir = std::filesystem::path(where.data_dir) / "tls";
    }
    srv::SiteTlsRequest request;
    request.dir = std::filesystem::absolute(dir);
    request.replace_server_key = args.has("--replace-keys");
    for (const auto& h : args.all("--host")) {
        if (!srv::is_valid_tls_host(h)) return cli.fail(Message("admin.tls.host", {{"host", h}}));
        if (std::find(request.hosts.begin(), request.hosts.end(), h) == request.hosts.end()) request.hosts.push_back(h);
    }
    for (const auto& h : srv::default_tls_hosts()) {
        if (std::find(request.hosts.begin(), request.hosts.end(), h) == request.hosts.end()) request.hosts.push_back(h);
    }
    if (!args.one("--days").empty()) {
        char* end = nullptr;
        const long days = std::strtol(args.one("--days").c_str(), &end, 10);
        if (*end != '\0' || days < 1 || days > 3650) return cli.fail(Message("admin.tls.days", {{"value", args.one("--days")}}));
        request.server_days = static_cast<int>(days);
    }
    srv::SiteTlsResult made;
    try {
        made = srv::make_site_tls(request);
    } catch (const MessageError& e) {
        // The store is made; only the certificates were refused.
        return cli.fail(e.message(), 1);
    }
    std::string hosts;
    for (const auto& h : request.hosts) hosts += (hosts.empty() ? "" : ", ") + h;
    cli.out(cli.text(Message(made.ca_created ? "admin.init.ca_created" : "admin.init.ca_reused",
                             {{"ca", made.ca_cert.string()}, {"key", made.ca_key.string()}})));
    cli.out(cli.text(Message("admin.init.server_cert", {{"cert", made.server_cert.string()},
                                                        {"key", made.server_key.string()},
                                                        {"hosts", hosts},
                                                        {"until", made.server_not_after}})));
    cli.out(cli.text(Message("admin.init.copy_ca", {{"ca", made.ca_cert.string()}})));
    cli.out(cli.text(Message("admin.init.start_server", {{"cert", made.server_cert.string()}, {"key", made.server_key.string()}})));
    cli.out(cli.text(Message("admin.init.real_certificate")));
    return 0;
}

std::string counts_text(const Cli& cli, const srv::BackupManifest& m) {
    const auto n = [&](const char* table) {
        const auto it = m.counts.find(table);
        return std::to_string(it == m.counts.end() ? 0 : it->second);
    };
    return cli.text(Message("admin.backup.counts", {{"version", std::to_string(m.schema_version)},
                                                    {"submissions", n("submissions")},
                                                    {"complaints", n("complaint_cases")},
                                                    {"kiosks", n("kiosks")},
                                                    {"users", n("users")},
                                                    {"officers", n("officers")}}));
}

// backup DIR / restore DIR: the SQLite store only; a PostgreSQL store has pg_dump and pg_restore.
// Neither opens the store: backup runs beside a server that keeps writing.
int backup_or_restore(const Cli& cli, const srv::StoreLocation& where, const std::string& command, const Args& args) {
    if (!where.database_url.empty() && where.data_dir.empty())
        return cli.fail(Message(command == "backup" ? "admin.backup.postgres" : "admin.restore.postgres"));
    if (where.data_dir.empty()) return cli.fail(Message("server.option.store_choice"));
    const std::filesystem::path dir = args.positional[0];
    if (command == "backup") {
        const auto m = srv::backup_sqlite(where.data_dir, dir);
        cli.out(cli.text(Message("admin.backup.done", {{"source", m.source}, {"dir", std::filesystem::absolute(dir).string()},
                                                       {"time", m.made_at}, {"bytes", std::to_string(m.bytes)}})));
        cli.out(counts_text(cli, m));
        return 0;
    }
    const auto m = srv::restore_sqlite(dir, where.data_dir, args.has("--overwrite"));
    // Opening brings an older schema up to date now, not at the server's first start.
    srv::open_store(where);
    cli.out(cli.text(Message("admin.restore.done", {{"dir", std::filesystem::absolute(dir).string()}, {"data", where.data_dir},
                                                    {"time", m.made_at}, {"current", std::to_string(srv::SqliteStore::schema_version())}})));
    cli.out(counts_text(cli, m));
    return 0;
}

int run(const Cli& cli, const std::vector<std::string_view>& argv) {
    srv::StoreLocation where;
    std::string command;
    Args args;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string a(argv[i]);
        const bool takes_value = a == "--data" || a == "--database" || a == "--department" || a == "--role" || a == "--tls-dir" ||
                                 a == "--host" || a == "--days" || a == "--from" || a == "--to" || a == "--kiosk" ||
                                 a == "--void" || a == "--sign-in" || a == "--at" || a == "--reason";
        if (takes_value) {
            if (i + 1 >= argv.size()) return cli.fail(Message("server.option.needs_value", {{"option", a}}));
            const std::string v(argv[++i]);
            if (a == "--data") {
                where.data_dir = v;
            } else if (a == "--database") {
                where.database_url = v;
            } else {
                args.options.emplace_back(a, v);
            }
        } else if (a.rfind("--", 0) == 0) {
            if (a != "--password-stdin" && a != "--all-departments" && a != "--replace-keys" && a != "--no-tls" && a != "--overwrite" && a != "--sign-out") return cli.fail(Message("cli.unknown_argument", {{"argument", a}}));
            args.flags.push_back(a);
        } else if (command.empty()) {
            command = a;
        } else {
            args.positional.push_back(a);
        }
    }
    auto need = [&](std::size_t n) {
        if (args.positional.size() != n) throw MessageError(Message("admin.usage.arguments", {{"command", command}}));
    };

    if (command == "check-batch") {
        need(1);
        return check_batch(cli, args.positional[0]);
    }
    if (command == "backup" || command == "restore") {
        need(1);
        return backup_or_restore(cli, where, command, args);
    }
    static const char* const store_commands[] = {"init", "import-org", "import-dossiers", "set-opening-hours", "set-complaint-policy", "set-alert-policy", "reflag", "add-kiosk",
                                                  "revoke-kiosk", "rotate-kiosk-token", "add-user", "revoke-user", "set-password",
                                                  "end-sessions", "list", "set-officer-pin", "issue-staff-card", "set-shift-end",
                                                  "roster", "roster-correct"};
    if (std::find_if(std::begin(store_commands), std::end(store_commands), [&](const char* c) { return command == c; }) ==
        std::end(store_commands))
        return cli.fail(Message("cli.unknown_argument", {{"argument", command}}));

    const auto store = srv::open_store(where);
    if (command == "init") {
        need(0);
        cli.out(cli.text(Message("admin.init.done")));
        return init_tls(cli, where, args);
    }
    if (command == "import-org") {
        need(1);
        return import_org(cli, *store, args.positional[0], args.one("--from"));
    }
    if (command == "import-dossiers") {
        need(1);
        return import_dossiers(cli, *store, args.positional[0]);
    }
    if (command == "set-complaint-policy") return set_complaint_policy(cli, *store, args.positional);
    if (command == "set-alert-policy") return set_alert_policy(cli, *store, args.positional);
    if (command == "set-opening-hours") {
        need(1);
        return set_opening_hours(cli, *store, args);
    }
    if (command == "reflag") {
        need(0);
        return reflag(cli, *store, args);
    }
    if (command == "set-officer-pin") {
        need(1);
        return set_officer_pin(cli, *store, args.positional[0]);
    }
    if (command == "issue-staff-card") {
        need(1);
        return issue_staff_card(cli, *store, args.positional[0]);
    }
    if (command == "set-shift-end") {
        need(1);
        return set_shift_end(cli, *store, args.positional[0]);
    }
    if (command == "roster") {
        need(0);
        return roster(cli, *store, args);
    }
    if (command == "roster-correct") {
        need(0);
        return roster_correct(cli, *store, args);
    }
    if (command == "add-kiosk") {
        need(1);
        const std::string& id = args.positional[0];
        if (!hailong::is_valid_code(id)) return cli.fail(Message("admin.kiosk.id", {{"kiosk", id}}));
        if (args.one("--department").empty()) return cli.fail(Message("admin.kiosk.needs_department"));
        cli.out(srv::add_kiosk_with_token(*store, {id, args.one("--department"), false, 0}));
        return 0;
    }
    if (command == "revoke-kiosk") {
        need(1);
        store->revoke_kiosk(args.positional[0]);
        cli.out(cli.text(Message("admin.kiosk.revoked", {{"kiosk", args.positional[0]}})));
        return 0;
    }
    if (command == "rotate-kiosk-token") {
        need(1);
        cli.out(srv::rotate_kiosk_token(*store, args.positional[0]));
        return 0;
    }
    if (command == "add-user") {
        need(1);
        return add_user(cli, *store, args);
    }
    if (command == "revoke-user") {
        need(1);
        return revoke_user(cli, *store, args.positional[0]);
    }
    if (command == "set-password") {
        need(1);
        return set_password(cli, *store, args.positional[0]);
    }
    if (command == "end-sessions") {
        need(1);
        return end_sessions(cli, *store, args.positional[0]);
    }
    need(1);
    return list(cli, *store, args.positional[0]);
}

}  // namespace

int main(int argc, char** argv) {
    const Cli cli;
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        cli.out(cli.tr.text("cli.admin.usage", cli.lang));
        return 0;
    }
    if (args[0] == "--version") {
        cli.out(hailong::version_line("hailong-admin"));
        return 0;
    }
    try {
        return run(cli, args);
    } catch (const srv::StoreError& e) {
        return cli.fail(e.message(), 1);
    } catch (const MessageError& e) {
        return cli.fail(e.message(), 2);
    } catch (const std::exception& e) {
        return cli.fail(Message("server.failed", {{"reason", e.what()}}), 1);
    }
}
