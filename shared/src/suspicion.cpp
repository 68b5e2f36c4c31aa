#include "hailong/suspicion.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <tuple>
#include <utility>

namespace hailong {
namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 7> day_names = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::optional<int> parse_day(std::string_view s) {
    for (std::size_t i = 0; i < day_names.size(); ++i)
        if (day_names[i] == s) return static_cast<int>(i);
    return std::nullopt;
}

// "HH:MM" -> minutes after midnight; 24:00 allowed as the end of a day.
std::optional<int> parse_clock(std::string_view s) {
    if (s.size() != 5 || s[2] != ':') return std::nullopt;
    int h = 0, m = 0;
    if (std::from_chars(s.data(), s.data() + 2, h).ptr != s.data() + 2) return std::nullopt;
    if (std::from_chars(s.data() + 3, s.data() + 5, m).ptr != s.data() + 5) return std::nullopt;
    if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
    return h * 60 + m;
}

std::string format_clock(int minutes) {
    std::string out(5, ':');
    out[0] = static_cast<char>('0' + minutes / 600);
    out[1] = static_cast<char>('0' + minutes / 60 % 10);
    out[3] = static_cast<char>('0' + minutes % 60 / 10);
    out[4] = static_cast<char>('0' + minutes % 10);
    return out;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == sep) {
            std::string_view part = text.substr(start, i - start);
            while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
            while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
            if (!part.empty()) parts.push_back(part);
            start = i + 1;
        }
    }
    return parts;
}

template <class T>
std::optional<T> fail(std::string* error, std::string text) {
    if (error) *error = std::move(text);
    return std::nullopt;
}

}  // namespace

std::vector<std::size_t> burst_members(std::span<const Instant> sorted) {
    std::vector<std::size_t> members;
    if (sorted.size() < burst_size) return members;
    // Window [i, i + burst_size - 1]: a burst when it spans at most the window; mark its members
    // once each (windows overlap, so remember how far marking has reached).
    std::size_t marked_to = 0;  // positions below this are already in `members`
    for (std::size_t i = 0; i + burst_size <= sorted.size(); ++i) {
        const std::size_t last = i + burst_size - 1;
        if (sorted[last] - sorted[i] > burst_window) continue;
        for (std::size_t j = std::max(i, marked_to); j <= last; ++j) members.push_back(j);
        marked_to = last + 1;
    }
    return members;
}

OpeningHours OpeningHours::standard() {
    OpeningHours h;
    for (int d = 0; d < 5; ++d) h.days_[static_cast<std::size_t>(d)] = {{7 * 60, 17 * 60 + 30}};
    h.days_[5] = {{7 * 60, 11 * 60 + 30}};
    return h;
}

std::optional<OpeningHours> OpeningHours::parse(std::string_view text, std::string* error) {
    OpeningHours h;
    const auto entries = split(text, ';');
    if (entries.empty()) return fail<OpeningHours>(error, "no opening hours given");
    for (const std::string_view entry : entries) {
        const auto words = split(entry, ' ');
        if (words.size() < 2) return fail<OpeningHours>(error, "\"" + std::string(entry) + "\" needs a day and at least one HH:MM-HH:MM interval");
        int first = 0, last = 0;
        const auto dash = words[0].find('-');
        const auto d1 = parse_day(words[0].substr(0, dash));
        const auto d2 = dash == std::string_view::npos ? d1 : parse_day(words[0].substr(dash + 1));
        if (!d1 || !d2 || *d2 < *d1)
            return fail<OpeningHours>(error, "\"" + std::string(words[0]) + "\" is not a day (mon..sun) or a day range such as mon-fri");
        first = *d1;
        last = *d2;
        std::vector<Interval> intervals;
        for (std::size_t w = 1; w < words.size(); ++w) {
            const auto parts = split(words[w], '-');
            const auto open = parts.size() == 2 ? parse_clock(parts[0]) : std::nullopt;
            const auto close = parts.size() == 2 ? parse_clock(parts[1]) : std::nullopt;
            if (!open || !close || *open >= *close)
                return fail<OpeningHours>(error, "\"" + std::string(words[w]) + "\" is not an interval such as 07:00-11:30");
            intervals.push_back({*open, *close});
        }
        std::sort(intervals.begin(), intervals.end(), [](const Interval& a, const Interval& b) { return a.open < b.open; });
        for (int d = first; d <= last; ++d) {
            auto& day = h.days_[static_cast<std::size_t>(d)];
            if (!day.empty()) return fail<OpeningHours>(error, "\"" + std::string(day_names[static_cast<std::size_t>(d)]) + "\" is given twice");
            day = intervals;
        }
    }
    return h;
}

std::string OpeningHours::to_string() const {
    std::string out;
    for (std::size_t d = 0; d < days_.size(); ++d) {
        if (days_[d].empty()) continue;
        if (!out.empty()) out += "; ";
        out += day_names[d];
        for (const Interval& i : days_[d]) out += " " + format_clock(i.open) + "-" + format_clock(i.close);
    }
    return out;
}

bool OpeningHours::is_open(Instant instant) const {
    const auto local = instant + vietnam_offset;
    const auto day = floor<days>(local);
    const auto minute = static_cast<int>(duration_cast<minutes>(local - day).count());
    const unsigned iso = weekday{day}.iso_encoding();  // 1 = Monday ... 7 = Sunday
    for (const Interval& i : days_[iso - 1])
        if (minute >= i.open && minute < i.close) return true;
    return false;
}

OpeningHoursSchedule::OpeningHoursSchedule(std::vector<OpeningHoursVersion> versions) : versions_(std::move(versions)) {
    // Stable: of equal department and valid_from, the one set later stays later, and wins.
    std::stable_sort(versions_.begin(), versions_.end(), [](const OpeningHoursVersion& a, const OpeningHoursVersion& b) {
        return std::tie(a.department, a.valid_from) < std::tie(b.department, b.valid_from);
    });
}

const OpeningHoursVersion* OpeningHoursSchedule::newest_of(std::string_view department, LocalDate date) const {
    // The first version after (department, date); the one before it, if it is department's, is
    // the newest in force.
    const auto after = std::upper_bound(versions_.begin(), versions_.end(), std::pair{department, date},
                                        [](const std::pair<std::string_view, LocalDate>& key, const OpeningHoursVersion& v) {
                                            return key < std::pair<std::string_view, LocalDate>{v.department, v.valid_from};
                                        });
    if (after == versions_.begin()) return nullptr;
    const OpeningHoursVersion& candidate = *std::prev(after);
    return candidate.department == department ? &candidate : nullptr;
}

const OpeningHoursVersion* OpeningHoursSchedule::version_in_force(std::string_view department, LocalDate date) const {
    if (!department.empty())
        if (const OpeningHoursVersion* own = newest_of(department, date)) return own;
    return newest_of("", date);
}

const OpeningHours& OpeningHoursSchedule::hours_in_force(std::string_view department, LocalDate date) const {
    const OpeningHoursVersion* v = version_in_force(department, date);
    return v ? v->hours : standard_;
}

bool OpeningHoursSchedule::is_open(std::string_view department, Instant instant) const {
    return hours_in_force(department, vietnam_date(instant)).is_open(instant);
}

std::vector<OpeningHoursSchedule::Span> OpeningHoursSchedule::spans(std::string_view department, LocalDate from, LocalDate to) const {
    std::vector<Span> out;
    if (sys_days{to} < sys_days{from}) return out;
    // What is in force can change only on a date some version of the department, or of the
    // site, starts.
    std::vector<sys_days> changes;
    for (const OpeningHoursVersion& v : versions_)
        if ((v.department.empty() || v.department == department) && sys_days{from} < sys_days{v.valid_from} &&
            sys_days{v.valid_from} <= sys_days{to})
            changes.push_back(sys_days{v.valid_from});
    std::sort(changes.begin(), changes.end());
    out.push_back({from, to, version_in_force(department, from)});
    for (const sys_days change : changes) {
        const OpeningHoursVersion* v = version_in_force(department, LocalDate{change});
        if (v == out.back().version) continue;
        out.back().to = LocalDate{change - days{1}};
        out.push_back({LocalDate{change}, to, v});
    }
    return out;
}

}  // namespace hailong
