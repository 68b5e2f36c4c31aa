#include "hailong/time.hpp"

#include <cstdio>

namespace hailong {
namespace {

using namespace std::chrono;

// Reads exactly `n` decimal digits at `pos`; -1 if any is not a digit or the text is too short.
int read_digits(std::string_view text, std::size_t pos, std::size_t n) {
    if (pos + n > text.size()) return -1;
    int value = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

bool expect(std::string_view text, std::size_t pos, char c) { return pos < text.size() && text[pos] == c; }

std::optional<LocalDate> make_date(int y, int m, int d) {
    const LocalDate date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!date.ok()) return std::nullopt;
    return date;
}

std::optional<Timestamp> fail(TimeError* why, TimeError reason) {
    if (why) *why = reason;
    return std::nullopt;
}

}  // namespace

std::optional<Timestamp> parse_rfc3339(std::string_view text, TimeError* why) {
    // Layout: 0123-56-89T12:45:78 -> date at 0..9, 'T' at 10, time at 11..18.
    const int y = read_digits(text, 0, 4);
    const int mo = read_digits(text, 5, 2);
    const int d = read_digits(text, 8, 2);
    if (y < 0 || mo < 0 || d < 0 || !expect(text, 4, '-') || !expect(text, 7, '-'))
        return fail(why, TimeError::syntax);
    if (!expect(text, 10, 'T') && !expect(text, 10, 't')) return fail(why, TimeError::syntax);
    const int h = read_digits(text, 11, 2);
    const int mi = read_digits(text, 14, 2);
    const int s = read_digits(text, 17, 2);
    if (h < 0 || mi < 0 || s < 0 || !expect(text, 13, ':') || !expect(text, 16, ':'))
        return fail(why, TimeError::syntax);

    std::size_t pos = 19;
    long long micros = 0;
    if (expect(text, pos, '.')) {
        ++pos;
        const std::size_t first = pos;
        long long scale = 100000;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            micros += (text[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == first) return fail(why, TimeError::syntax);
    }

    if (pos == text.size()) return fail(why, TimeError::missing_offset);
    int offset_minutes = 0;
    if (text[pos] == 'Z' || text[pos] == 'z') {
        ++pos;
    } else if (text[pos] == '+' || text[pos] == '-') {
        const int sign = text[pos] == '-' ? -1 : 1;
        const int oh = read_digits(text, pos + 1, 2);
        const int om = read_digits(text, pos + 4, 2);
        if (oh < 0 || om < 0 || !expect(text, pos + 3, ':')) return fail(why, TimeError::syntax);
        if (oh > 23 || om > 59) return fail(why, TimeError::out_of_range);
        offset_minutes = sign * (oh * 60 + om);
        pos += 6;
    } else {
        return fail(why, TimeError::syntax);
    }
    if (pos != text.size()) return fail(why, TimeError::syntax);

    const auto date = make_date(y, mo, d);
    if (!date || h > 23 || mi > 59 || s > 60) return fail(why, TimeError::out_of_range);
    if (s == 60) micros = 999999;  // leap second: held at the end of the same minute (see header)

    const auto local = sys_days{*date} + hours{h} + minutes{mi} + seconds{s == 60 ? 59 : s};
    const Instant instant = time_point_cast<microseconds>(local) + microseconds{micros} - minutes{offset_minutes};
    return Timestamp{instant, minutes{offset_minutes}};
}

std::string format_rfc3339(Instant instant, minutes offset) {
    const Instant local = instant + offset;
    const auto day_start = floor<days>(local);
    const LocalDate date{day_start};
    const hh_mm_ss<microseconds> tod{local - day_start};

    char buf[64];
    int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(date.year()),
                          static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                          static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                          static_cast<int>(tod.seconds().count()));
    std::string out(buf, static_cast<std::size_t>(n));
    if (const auto us = tod.subseconds().count(); us != 0) {
        std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(us));
        std::string frac(buf);
        while (frac.back() == '0') frac.pop_back();
        out += frac;
    }
    if (offset.count() == 0) return out + "Z";
    const long long total = offset.count();
    const long long abs_total = total < 0 ? -total : total;
    n = std::snprintf(buf, sizeof buf, "%c%02lld:%02lld", total < 0 ? '-' : '+', abs_total / 60, abs_total % 60);
    return out + std::string(buf, static_cast<std::size_t>(n));
}

LocalDate vietnam_date(Instant instant) { return LocalDate{floor<days>(instant + vietnam_offset)}; }

Instant vietnam_day_start(LocalDate date) {
    return time_point_cast<microseconds>(sys_days{date}) - vietnam_offset;
}

std::optional<LocalDate> parse_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const int y = read_digits(text, 0, 4);
    const int m = read_digits(text, 5, 2);
    const int d = read_digits(text, 8, 2);
    if (y < 0 || m < 0 || d < 0) return std::nullopt;
    return make_date(y, m, d);
}

std::string format_iso_date(LocalDate date) {
    char buf[16];
    const int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(date.year()),
                                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return std::string(buf, static_cast<std::size_t>(n));
}

}  // namespace hailong
