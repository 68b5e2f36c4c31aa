#!/usr/bin/env python3
"""An independent check of the index figures (issue 17, "Proof"): a second implementation of
methodology.md (kept beside the checkout in ../shared/) and docs/indices.md, written in Python from
the rules, run against the real hailong-server over HTTPS.

    indices_check.py PATH/TO/hailong-server PATH/TO/hailong-admin [WORKDIR]

It makes a site with hailong-admin (four departments, eleven officers, kiosks on both scales,
dossier records, and an organisation chart with a history, imported with import-org --from: an
officer who moves to another department in the middle of the month, a department and an officer
renamed on the month's last day, an officer first recorded after being rated, an officer code it
never holds), generates a few thousand ratings with a fixed seed that exercise every rule (scales
3 and 5, TT 01 answers with gaps, harassment true/false/absent, late dossiers without a
complaint, two time zones and local midnight, a burst, repeated dossier codes at one stage, at two
and of unknown stage, ratings outside opening hours, small and large groups, complaints, records
with and without outcomes, linked and unlinked, an officer's ratings and records in two
departments, too few on each side to be judged but enough together), sends them as the kiosks
would, then computes every figure of GET /api/v1/indices (department, officer, service; with and
without include_flagged; three periods: the last whole month, its first 14 days, all the data),
GET /api/v1/indicators and the monthly XLSX report from the generated data alone, with the
groups' names (and an officer's department) as the chart stood on each period's last day, and
compares each with the server's answer, with when and under which rules each was made (STP's
opening hours changed on a date, recorded before any rating arrives). Then it records opening
hours late, checks that no figure moves until hailong-admin reflag, and compares everything again
under the flags the new hours give. Standard library only; exact arithmetic (fractions and
decimals), rounding half away from zero.

Exit status 0 when every figure matches, 1 with the list of differences (group, field, expected,
got) otherwise."""

import csv
import io
import json
import math
import os
import random
import re
import shutil
import sys
import tempfile
import time
import uuid
import zipfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, ROUND_HALF_UP, getcontext
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "security"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
from hailong_site import Site  # noqa: E402
from tracking_code import make as make_code  # noqa: E402

getcontext().prec = 60
LOCAL = timezone(timedelta(hours=7))          # Asia/Ho_Chi_Minh, no daylight saving
Z = Decimal("1.959964")
MIN_RESPONSES = 30
PRIOR_WEIGHT = 20
TARGET_766 = 90
MAX_POINTS_766 = 6
KIOSK_INDICES = ("time", "contacts", "agencies", "attitude")
RECORD_INDICES = ("agency_time", "disclosure", "fees", "feedback", "online")
ALL_INDICES = ("time", "agency_time", "contacts", "agencies", "disclosure", "fees", "attitude", "feedback", "online")
OFFICER_INDICES = ("time", "agency_time", "contacts", "agencies", "attitude")
INDICATOR_CODE = {"time": "TT01.I1_TIME", "agency_time": "TT01.I2_AGENCY_TIME", "contacts": "TT01.I3_CONTACTS",
                  "agencies": "TT01.I4_AGENCIES", "disclosure": "TT01.I5_DISCLOSURE", "fees": "TT01.I6_FEES",
                  "attitude": "TT01.I7_ATTITUDE", "feedback": "TT01.I8_FEEDBACK", "online": "TT01.I9_ONLINE"}

# ---------------------------------------------------------------------------------------------
# The organisation
DEPARTMENTS = {"SCT": "Sở Công Thương", "STP": "Sở Tư pháp", "SXD": "Sở Xây dựng", "SYT": "Sở Y tế"}
OFFICERS = {  # code: (department, name, weight of its share of the department's ratings)
    "SCT-001": ("SCT", "Nguyễn Văn An", 40), "SCT-002": ("SCT", "Trần Thị Bình", 30),
    "SCT-003": ("SCT", "Lê Văn Cường", 25), "SCT-004": ("SCT", "Phạm Thị Dung", 2),
    "STP-001": ("STP", "Hoàng Văn Em", 45), "STP-002": ("STP", "Vũ Thị Giang", 35),
    "STP-003": ("STP", "Đặng Văn Hải", 20),
    "SXD-001": ("SXD", "Bùi Thị Hoa", 80), "SXD-002": ("SXD", "Đỗ Văn Khoa", 5),
    "SYT-001": ("SYT", "Ngô Thị Lan", 100),
    "STP-004": ("STP", "Trịnh Văn Minh", 0),   # weight 0: rated only in step 6 of Data.generate()
}
MOVER = "STP-004"            # moves from STP to SCT in the middle of the month (Data.org_versions)
NEWCOMER = "SXD-003"         # first recorded on the day of the move, rated before it
UNRECORDED = "CB-0999"       # an officer code the chart never holds, rated at SCT and at STP
SERVICES = {"SCT": ["2.000204", "2.000205", "2.000633"], "STP": ["1.001001", "1.001002"], "SXD": ["1.009001"], "SYT": []}
KIOSKS = {  # id: (department, scale, stage)
    "K-SCT-01": ("SCT", 3, None), "K-SCT-02": ("SCT", 5, "collection"),
    "K-STP-01": ("STP", 3, None), "K-STP-02": ("STP", 5, "filing"),
    "K-SXD-01": ("SXD", 5, None), "K-SYT-01": ("SYT", 3, None),
}
DEPARTMENT_SHARE = {"SCT": 1250, "STP": 1000, "SXD": 600, "SYT": 18}
REASONS = ["slow", "conduct", "unclear", "fees"]


def local_day(instant):
    return instant.astimezone(LOCAL).date()


# ---------------------------------------------------------------------------------------------
# Opening hours (methodology §6; docs/indices.md "Opening hours per department and date"), read
# here from the text hailong-admin set-opening-hours takes.
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
STANDARD_HOURS = "mon-fri 07:00-17:30; sat 07:00-11:30"   # when none is set


def parse_hours(text):
    """{weekday 0..6: [(open, close) in minutes after local midnight]}; days not named are closed."""
    days = {}
    for entry in filter(None, (e.strip() for e in text.split(";"))):
        span, *intervals = entry.split()
        a, _, b = span.partition("-")
        clock = lambda t: int(t[:2]) * 60 + int(t[3:5])  # noqa: E731
        for d in range(DAYS.index(a), DAYS.index(b or a) + 1):
            days[d] = sorted((clock(i[:5]), clock(i[6:])) for i in intervals)
    return days


def canonical_hours(text):
    """The hours as the server writes them back: every open day on its own, intervals in order."""
    hhmm = lambda m: f"{m // 60:02d}:{m % 60:02d}"  # noqa: E731
    return "; ".join(DAYS[d] + "".join(f" {hhmm(o)}-{hhmm(c)}" for o, c in iv) for d, iv in sorted(parse_hours(text).items()))


def version_in_force(versions, department, day):
    """The version in force for a department on a local date: its own newest with valid_from on or
    before the date, else the site's (department ""), else None (the standard hours); of two from
    one date, the one set later."""
    for dep in (department, ""):
        mine = [v for v in versions if v["department"] == dep and v["valid_from"] <= day]
        if mine:
            return max(mine, key=lambda v: (v["valid_from"], v["order"]))
    return None


def open_at(versions, department, local):
    v = version_in_force(versions, department, local.date())
    minutes = local.hour * 60 + local.minute + local.second / 60
    return any(o <= minutes < c for o, c in parse_hours(v["hours"] if v else STANDARD_HOURS).get(local.weekday(), []))


def hours_in_force(versions, departments, lo, hi):
    """The `rules.flags.outside_hours.in_force` of a report of lo..hi over `departments`, but the
    versions' set_at (checked apart): a run of dates and version per entry, departments judged alike
    together, in date order, the standard hours first among runs of the same dates."""
    runs = {}
    for dep in sorted(departments):
        day = lo
        while day <= hi:
            v, start = version_in_force(versions, dep, day), day
            while day < hi and version_in_force(versions, dep, day + timedelta(days=1)) is v:
                day += timedelta(days=1)
            key = (start, day, v["order"] if v else -1)
            entry = runs.setdefault(key, {"departments": [], "from": start.isoformat(), "to": day.isoformat(),
                                          "hours": canonical_hours(v["hours"] if v else STANDARD_HOURS),
                                          "version": None if v is None else {"department": v["department"] or None,
                                                                             "valid_from": v["valid_from"].isoformat()}})
            entry["departments"].append(dep)
            day += timedelta(days=1)
    return [runs[k] for k in sorted(runs)]


# ---------------------------------------------------------------------------------------------
# The data set
class Data:
    def __init__(self, today):
        self.rng = random.Random(int(os.environ.get("HAILONG_CHECK_SEED", "20261117")))  # fixed unless asked
        self.today = today                           # local date of the run
        self.first = today - timedelta(days=58)      # the oldest day a rating is made
        self.last = today - timedelta(days=1)
        self.ratings = []                            # dicts: the wire submission plus "_kiosk", "_at"
        self.records = []
        self.complaint_sequence = defaultdict(int)
        self.kiosk_numbers = {}
        # The query periods: the whole previous month, every day of the data, and the first 14 days
        # of the month (the organisation before the move and the renames).
        first_of_month = today.replace(day=1)
        prev_last = first_of_month - timedelta(days=1)
        month_first = prev_last.replace(day=1)
        self.month = prev_last.strftime("%Y-%m")
        self.move_day = month_first + timedelta(days=14)     # the 15th
        self.rename_day = prev_last                          # the month's last day
        self.periods = [(month_first, prev_last), (self.first - timedelta(days=2), today),
                        (month_first, self.move_day - timedelta(days=1))]
        # The organisation's history (issue 17, item 7; docs/indices.md, "Officer groups follow the
        # officer"): (from, department names, officers' (department, name)), each imported with
        # `hailong-admin import-org FILE --from DAY`. The chart from well before the data; on the
        # 15th STP-004 moves from STP to SCT and SXD-003 is first recorded; on the month's last day
        # STP is renamed and SCT-004's name corrected. A period is shown with the chart of its last
        # day: the month with both changes (it ends on the day of the renames), the 1st-14th with
        # neither (it ends the day before the move), the whole range with both.
        self.org_versions = [
            (self.first - timedelta(days=120), dict(DEPARTMENTS), {o: (d, n) for o, (d, n, _) in OFFICERS.items()}),
            (self.move_day, {}, {MOVER: ("SCT", OFFICERS[MOVER][1]), NEWCOMER: ("SXD", "Mai Thị Ngọc")}),
            (self.rename_day, {"STP": "Sở Tư pháp và Hộ tịch"}, {"SCT-004": ("SCT", "Phạm Thị Thùy Dung")}),
        ]
        self._org = {}
        # STP opens later and closes earlier from a Monday in the middle of the data (recorded with
        # hailong-admin before any rating is sent); the other departments keep the standard hours.
        change = self.first + timedelta(days=30)
        change += timedelta(days=(7 - change.weekday()) % 7)
        self.versions = [{"department": "STP", "valid_from": change, "hours": "mon-fri 07:30-17:00; sat 07:30-11:00", "order": 0}]

    def org_at(self, day):
        """The chart as it stood on `day`: {department: name}, {officer: (department, name)}. A code
        first recorded after `day` is shown as it was first recorded."""
        if day not in self._org:
            deps, offs = {}, {}
            versions = sorted(self.org_versions, key=lambda v: v[0])
            for start, d, o in versions:
                if start <= day:
                    deps.update(d)
                    offs.update(o)
            for start, d, o in versions:
                for k, v in d.items():
                    deps.setdefault(k, v)
                for k, v in o.items():
                    offs.setdefault(k, v)
            self._org[day] = (deps, offs)
        return self._org[day]

    def chart_rows(self, version):
        """The CSV rows (department code and name, officer code and name) of one change of the
        chart: the officers it moves, renames or adds, and an officer of each department it renames."""
        start, d, o = self.org_versions[version]
        deps, offs = self.org_at(start)
        rows = [(offs[c][0], deps[offs[c][0]], c, offs[c][1]) for c in o]
        for dep in d:
            if not any(r[0] == dep for r in rows):
                c = next(c for c, (od, _) in offs.items() if od == dep)
                rows.append((dep, deps[dep], c, offs[c][1]))
        return rows

    def when(self, day, hour, minute, second=0, micro=0):
        return datetime(day.year, day.month, day.day, hour, minute, second, micro, tzinfo=LOCAL)

    def random_open_time(self):
        while True:
            day = self.first + timedelta(days=self.rng.randrange((self.last - self.first).days + 1))
            wd = day.weekday()
            if wd == 6:
                continue
            end = 17 * 60 + 29 if wd < 5 else 11 * 60 + 29
            m = self.rng.randrange(7 * 60 + 1, end)
            return self.when(day, m // 60, m % 60, self.rng.randrange(60))

    def random_closed_time(self):
        day = self.first + timedelta(days=self.rng.randrange((self.last - self.first).days + 1))
        wd = day.weekday()
        if wd == 6:
            m = self.rng.randrange(0, 24 * 60)
        elif wd == 5:
            m = self.rng.choice([self.rng.randrange(0, 6 * 60 + 59), self.rng.randrange(11 * 60 + 31, 24 * 60)])
        else:
            m = self.rng.choice([self.rng.randrange(0, 6 * 60 + 59), self.rng.randrange(17 * 60 + 31, 24 * 60)])
        return self.when(day, m // 60, m % 60, self.rng.randrange(60))

    def rating(self, department, at, kiosk=None, officer="auto", service="auto", dossier=None, stage="auto",
               value=None, scale=None, complaint=None, tt01="auto", harassment="auto"):
        rng = self.rng
        if kiosk is None:
            kiosk = rng.choice([k for k, v in KIOSKS.items() if v[0] == department])
        kdep, kscale, kstage = KIOSKS[kiosk]
        assert kdep == department
        scale = scale or kscale
        if officer == "auto":   # the department's officers that day (those the bulk rates: weight > 0)
            officers = [o for o, (d, _) in self.org_at(local_day(at))[1].items()
                        if d == department and OFFICERS.get(o, (0, 0, 0))[2] > 0]
            officer = rng.choices(officers + [None], [OFFICERS[o][2] for o in officers] + [3])[0]
        if service == "auto":
            service = rng.choice(SERVICES[department] + [None]) if SERVICES[department] else None
        if value is None:
            if scale == 3:
                value = rng.choices([3, 2, 1], [45, 38, 17])[0]
            else:
                value = rng.choices([5, 4, 3, 2, 1], [35, 30, 18, 10, 7])[0]
        if stage == "auto":
            stage = kstage
        s = {"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "department": department,
             "officer": officer, "service": service, "dossier": dossier, "lang": rng.choice(["vi", "en", None]),
             "rating": {"scale": scale, "value": value}}
        if stage is not None:
            s["stage"] = stage
        if tt01 == "auto":
            if rng.random() < 0.15:
                tt01, harassment = None, (None if harassment == "auto" else harassment)
            else:
                t = rng.choices([2, 1, 0, None], [40, 35, 15, 10])[0]
                tt01 = {"time": t, "contacts": rng.choices([2, 1, 0, None], [50, 30, 10, 10])[0],
                        "agencies": rng.choices([2, 1, 0, None], [45, 35, 10, 10])[0]}
                if harassment == "auto":
                    harassment = rng.choices([True, False, "absent"], [5, 75, 20])[0]
                if harassment is True:
                    tt01["attitude"] = 0
                elif harassment is False:        # the kiosk: attitude from the time answer; late: none
                    tt01["attitude"] = {2: 2, 1: 1, 0: None, None: None}[t]
                else:                            # an older kiosk: no harassment answer, attitude as it was
                    tt01["attitude"] = 0 if t == 0 else rng.choice([2, 1, 0, None])
                for k in list(tt01):             # a skipped answer is sometimes null, sometimes absent
                    if tt01[k] is None and rng.random() < 0.5:
                        del tt01[k]
        if tt01 is not None:
            s["tt01"] = tt01
        if harassment in (True, False):
            s["harassment"] = harassment
        elif harassment is None and rng.random() < 0.5:
            s["harassment"] = None
        if complaint is None:
            complaint = rng.random() < (0.25 if value < (scale + 1) / 2 else 0.01)
        if complaint:
            self.complaint_sequence[kiosk] += 1
            s["tracking_code"] = "@" + kiosk      # filled in when the kiosk numbers are known
            s["reasons"] = [rng.choice(REASONS)]
            s["comment"] = "Phản ánh về hồ sơ"
        s["_kiosk"] = kiosk
        s["_at"] = at
        fmt = rng.choice(["local", "utc", "tokyo", "minus"])
        s["created_at"] = fmt_instant(at, fmt)
        self.ratings.append(s)
        return s

    def generate(self):
        rng = self.rng
        # 1. The bulk: ratings at opening hours, a few outside.
        for department, count in DEPARTMENT_SHARE.items():
            for _ in range(count):
                at = self.random_open_time() if rng.random() > 0.04 else self.random_closed_time()
                dossier = None
                if rng.random() < 0.05:           # a code that no record holds, rated once
                    dossier = f"X-{department}-{rng.getrandbits(40):010x}"
                self.rating(department, at, dossier=dossier)
        # A service that no record names (its groups have no dossiers and no 766-style figure).
        for _ in range(40):
            self.rating("STP", self.random_open_time(), service="1.001003")
        # 2. Around local midnight at the edges of the month and of the data, in both zones.
        month_first, month_last = self.periods[0]
        for day in (month_first, month_last + timedelta(days=1), month_last, self.first + timedelta(days=3)):
            for delta in (-7, -1, 0, 1, 6):
                at = self.when(day, 0, 0) + timedelta(minutes=delta, seconds=rng.randrange(60))
                if local_day(at) < self.first or local_day(at) > self.last:
                    continue
                self.rating("SCT", at)
                self.rating("STP", at + timedelta(seconds=30))
        # 3. A burst of five within 10 s (0, 2, 4, 6, 10 s) and a near burst (0, 3, 6, 9, 11 s).
        base = self.when(month_first + timedelta(days=9), 9, 30) if (month_first + timedelta(days=9)).weekday() < 5 \
            else self.when(month_first + timedelta(days=11), 9, 30)
        for kiosk, offsets in (("K-STP-01", (0, 2, 4, 6, 10)), ("K-SCT-01", (0, 3, 6, 9, 11)),
                               ("K-SXD-01", (0, 2.5, 5, 7.5, 10.000001))):
            b = base.replace(minute={"K-STP-01": 31, "K-SCT-01": 47, "K-SXD-01": 53}[kiosk])
            for off in offsets:
                self.rating(KIOSKS[kiosk][0], b + timedelta(seconds=off), kiosk=kiosk)
        # 4. Repeated dossier codes: the docs' HS-A..HS-E and more.
        d0 = month_first + timedelta(days=14)
        while d0.weekday() > 4:
            d0 += timedelta(days=1)
        day = lambda k: d0 + timedelta(days=k)  # noqa: E731
        cases = [("HS-A", [(0, "filing"), (4, "collection")]), ("HS-B", [(0, "collection"), (3, "collection")]),
                 ("HS-C", [(0, None), (1, None)]), ("HS-D", [(2, None), (2, None)]), ("HS-E", [(2, "filing"), (2, None)]),
                 ("HS-F", [(1, "filing"), (1, "collection")]), ("HS-G", [(0, "filing"), (0, "collection"), (0, "collection")]),
                 ("HS-H", [(3, None), (3, "collection"), (5, "collection")])]
        for code, uses in cases:
            for k, (offset, stage) in enumerate(uses):
                d = day(offset)
                while d.weekday() > 4:
                    d += timedelta(days=1)
                at = self.when(d, 8 + k, 10 + k)
                self.rating("STP", at, kiosk="K-STP-01", officer="STP-001", dossier=f"STP-{code}", stage=stage)
        # The same code across the month's end in local time: two unknown-stage ratings 10 minutes
        # apart in UTC but on two local days (not flagged), and two at 16:55Z/17:05Z of one UTC day.
        edge = self.when(month_last, 23, 58)
        self.rating("SCT", edge, kiosk="K-SCT-01", dossier="SCT-EDGE-1", stage=None)
        self.rating("SCT", edge + timedelta(minutes=4), kiosk="K-SCT-01", dossier="SCT-EDGE-1", stage=None)
        # 5. Dossier records and the ratings linked to them; 6. an officer who moves (make_records).
        self.make_records()
        # 7. STP-001 at 07:15 and 17:15 on the weekdays around STP's change of hours, and Saturday
        #    11:15: inside the standard hours before the change, outside STP's own from it.
        change = self.versions[0]["valid_from"]
        for day in (change - timedelta(days=3), change - timedelta(days=2), change, change + timedelta(days=1),
                    change + timedelta(days=5)):
            for hour, minute in ((7, 15), (17, 15), (11, 15)):
                if (hour == 11) != (day.weekday() == 5) or day.weekday() == 6 or day > self.last:
                    continue
                self.rating("STP", self.when(day, hour, minute, rng.randrange(60)), kiosk="K-STP-01", officer="STP-001")
        self.ratings.sort(key=lambda s: s["_at"])

    def make_records(self):
        rng = self.rng
        month_first, month_last = self.periods[0]
        n = 0

        def record(department, officer, service, completed, outcome="", promised="", **indices):
            nonlocal n
            n += 1
            code = f"{department}.{completed:%y%m%d}-{n:04d}"
            row = {"dossier": code, "department": department, "officer": officer or "", "service": service or "",
                   "completed_on": completed.isoformat(), "outcome": outcome, "promised_on": promised}
            for k in RECORD_INDICES:
                row[k] = indices.get(k, "")
            self.records.append(row)
            return row

        def random_day(lo, hi):
            return lo + timedelta(days=rng.randrange((hi - lo).days + 1))

        def outcome_fields(style):
            o = rng.choices(["early", "on_time", "late"], [60, 30, 10])[0]
            if style == "outcome":
                return o, ""
            completed = None
            return o, "dates"

        # SCT: every record says its outcome (outcome, promised_on or both); most are rated.
        # STP: half of the records say an outcome; STP-003's are never rated.
        # SXD: records without outcomes, none rated (766 no_data, index 1 from the citizens).
        # SYT: a few records of a suppressed department.
        plan = [("SCT", 160, 1.0, 0.7), ("STP", 120, 0.5, 0.6), ("SXD", 40, 0.0, 0.0), ("SYT", 8, 1.0, 0.5)]
        for department, count, with_outcome, linked_share in plan:
            officers = [o for o, v in OFFICERS.items() if v[0] == department and v[2] > 0]  # none of them moves
            for i in range(count):
                officer = rng.choice(officers + [None]) if department != "STP" else rng.choice(officers)
                service = rng.choice(SERVICES[department] + [None]) if SERVICES[department] else None
                # A few records are completed before the month (in the wide period only).
                completed = random_day(self.first + timedelta(days=1), self.last)
                outcome, promised = "", ""
                if rng.random() < with_outcome:
                    outcome = rng.choices(["early", "on_time", "late"], [60, 28, 12])[0]
                    how = rng.choice(["outcome", "dates", "both"])
                    shift = {"early": rng.randint(1, 5), "on_time": 0, "late": -rng.randint(1, 4)}[outcome]
                    if how != "outcome":
                        promised = (completed + timedelta(days=shift)).isoformat()
                    if how == "dates":
                        outcome = ""
                indices = {k: rng.choice(["2", "2", "1", "0", ""]) for k in RECORD_INDICES}
                if department == "SCT" and i % 7 == 0:
                    indices["online"] = ""
                row = record(department, officer, service, completed, outcome, promised, **indices)
                if officer == "STP-003" or rng.random() >= linked_share:
                    continue
                # Linked ratings: made before or on the day of completion, sometimes twice (filing
                # and collection), sometimes with a complaint or a low level.
                made = max(self.first, completed - timedelta(days=rng.randint(0, 12)))
                times = [(made, "filing" if rng.random() < 0.5 else None)]
                if rng.random() < 0.25:
                    times.append((completed, "collection"))
                for d, stage in times:
                    if d.weekday() == 6:
                        d = d - timedelta(days=1) if d - timedelta(days=1) >= self.first else d + timedelta(days=1)
                    if d > self.last:
                        d = self.last
                    at = self.when(d, rng.randint(7, 10), rng.randrange(60), rng.randrange(60))
                    kiosks = [k for k, v in KIOSKS.items() if v[0] == department]
                    value = None
                    if rng.random() < 0.15:
                        value = 1
                    self.rating(department, at, kiosk=rng.choice(kiosks), officer=officer, service=service,
                                dossier=row["dossier"], stage=stage, value=value)
        # A service whose records are mostly late and complained of: the rate floors at 0. One of
        # its complaints is a rating outside opening hours (flagged): flags do not matter to the link.
        floor_service, d = "2.000999", month_first + timedelta(days=5)
        while d.weekday() > 4:
            d += timedelta(days=1)
        for i in range(36):
            self.rating("SCT", self.when(d + timedelta(days=i % 12), 9 + i % 6, 7 + i), kiosk="K-SCT-01",
                        officer="SCT-002", service=floor_service, value=3 if i % 4 else 2, complaint=False)
        for i, (outcome, level, hour) in enumerate((("late", 1, 9), ("late", 1, 19), ("late", 3, 10), ("on_time", 1, 10))):
            row = record("SCT", "SCT-002", floor_service, d + timedelta(days=7), outcome, "")
            self.rating("SCT", self.when(d + timedelta(days=6), hour, 40 + i), kiosk="K-SCT-01", officer="SCT-002",
                        service=floor_service, dossier=row["dossier"], stage="filing", value=level, complaint=False)
        # A record rated on scale 5 at "Bình thường" only (not a complaint), and one at level 2.
        d = self.last - timedelta(days=20)
        while d.weekday() > 4:
            d -= timedelta(days=1)
        for level in (3, 2):
            row = record("SCT", "SCT-001", SERVICES["SCT"][0], d, "on_time", "")
            self.rating("SCT", self.when(d, 9, 15 + level), kiosk="K-SCT-02", officer="SCT-001", service=SERVICES["SCT"][0],
                        dossier=row["dossier"], stage="collection", value=level, complaint=False)
        # 6. The organisation's history (org_versions). STP-004 works at STP until the 14th and at
        # SCT from the 15th: 20 ratings at STP's kiosks before the move and 20 at SCT's after, in
        # opening hours, none flagged. Judged apart, 20 and 20 would both be under the minimum of 30
        # and suppressed; followed, STP-004 is one group of 40 in the month, shown under SCT, with a
        # rate and a rank (main() checks the counts). The 1st-14th shows the 20 under STP,
        # suppressed. Two records on each side, one of them rated, so that the officer's dossiers,
        # index 1 and 766-style figure are summed across the two departments too.
        def open_day(lo, hi):        # Monday to Saturday: 08:00-10:59 is within opening hours
            while True:
                d = random_day(lo, hi)
                if d.weekday() < 6:
                    return d
        before = (max(month_first, self.first), self.move_day - timedelta(days=1))
        for department, (lo, hi) in (("STP", before), ("SCT", (self.move_day, month_last))):
            rows = [record(department, MOVER, SERVICES[department][0], open_day(lo, hi),
                           rng.choice(["early", "on_time", "late"]), "",
                           **{k: rng.choice(["2", "1", "0", ""]) for k in RECORD_INDICES}) for _ in range(2)]
            for k in range(20):
                d = date.fromisoformat(rows[0]["completed_on"]) if k == 0 else open_day(lo, hi)
                self.rating(department, self.when(d, rng.randint(8, 10), rng.randrange(60), rng.randrange(60)),
                            officer=MOVER, service=SERVICES[department][0] if k == 0 else "auto",
                            dossier=rows[0]["dossier"] if k == 0 else None)
        # SXD-003, first recorded on the 15th, is rated at SXD before and after: the 1st-14th shows
        # the officer as first recorded.
        for lo, hi in (before, (self.move_day, month_last)):
            for _ in range(3):
                self.rating("SXD", self.when(open_day(lo, hi), rng.randint(8, 10), rng.randrange(60), rng.randrange(60)),
                            officer=NEWCOMER)
        # An officer code the chart does not know stays under the departments of its ratings: two
        # groups, one at SCT and one at STP.
        for department in ("SCT", "STP", "SCT", "STP", "SCT", "STP", "SCT"):
            self.rating(department, self.when(open_day(before[0], month_last), rng.randint(8, 10), rng.randrange(60),
                                              rng.randrange(60)), officer=UNRECORDED)

    def links(self):
        """Every rating by the dossier code it names (made once, after generate())."""
        if getattr(self, "_links", None) is None:
            self._links = defaultdict(list)
            for s in self.ratings:
                if s.get("dossier"):
                    self._links[s["dossier"]].append(s)
        return self._links

    def fill_tracking_codes(self, kiosk_numbers):
        seq = defaultdict(int)
        for s in self.ratings:
            if s.get("tracking_code", "").startswith("@"):
                k = s["_kiosk"]
                seq[k] += 1
                s["tracking_code"] = make_code(kiosk_numbers[k], seq[k] * 37 + 11)


def fmt_instant(at, fmt):
    if fmt == "local":
        return at.astimezone(LOCAL).isoformat()
    if fmt == "utc":
        return at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S" + (".%f" if at.microsecond else "") + "Z")
    if fmt == "tokyo":
        return at.astimezone(timezone(timedelta(hours=9))).isoformat()
    return at.astimezone(timezone(timedelta(hours=-5, minutes=-30))).isoformat()


# ---------------------------------------------------------------------------------------------
# Suspicion flags (methodology §6; docs/indices.md "Suspicious responses")
def compute_flags(ratings, versions):
    flags = {s["id"]: set() for s in ratings}
    by_kiosk = defaultdict(list)
    for s in ratings:
        by_kiosk[s["_kiosk"]].append(s)
    for items in by_kiosk.values():
        items.sort(key=lambda s: s["_at"])
        j = 0
        for i in range(len(items)):   # every window of >= 5 whose last minus first is at most 10 s
            while (items[i]["_at"] - items[j]["_at"]).total_seconds() > 10:
                j += 1
            if i - j + 1 >= 5:
                for s in items[j:i + 1]:
                    flags[s["id"]].add("burst")
    by_dossier = defaultdict(list)
    for s in ratings:
        if s.get("dossier"):
            by_dossier[s["dossier"]].append(s)
    for items in by_dossier.values():
        for a in items:
            for b in items:
                if a is b:
                    continue
                sa, sb = a.get("stage"), b.get("stage")
                if (sa is not None and sb is not None and sa == sb) or \
                        ((sa is None or sb is None) and local_day(a["_at"]) == local_day(b["_at"])):
                    flags[a["id"]].add("repeated_dossier")
    for s in ratings:
        if not open_at(versions, s["department"], s["_at"].astimezone(LOCAL)):
            flags[s["id"]].add("outside_hours")
    return flags


# ---------------------------------------------------------------------------------------------
# Arithmetic
def rhalf(x, places):
    """x (Fraction or Decimal) rounded half away from zero to `places` decimals, as a Decimal."""
    if isinstance(x, Fraction):
        x = Decimal(x.numerator) / Decimal(x.denominator)
    q = Decimal(1).scaleb(-places)
    return x.quantize(q, rounding=ROUND_HALF_UP)   # ROUND_HALF_UP in decimal is half away from zero


def wilson(s, n):
    if n == 0:
        return None
    p = Decimal(s) / Decimal(n)
    n = Decimal(n)
    z2 = Z * Z
    div = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / div
    half = Z * (p * (1 - p) / n + z2 / (4 * n * n)).sqrt() / div
    lo = Decimal(0) if s == 0 else max(Decimal(0), centre - half)
    hi = Decimal(1) if p == 1 else min(Decimal(1), centre + half)
    return [rhalf(lo * 100, 2), rhalf(hi * 100, 2)]


def satisfied(s):
    return s["rating"]["value"] >= s["rating"]["scale"] - 1


def below_middle(s):
    return s["rating"]["value"] < (s["rating"]["scale"] + 1) / 2


def record_outcome(r):
    if r["outcome"]:
        return r["outcome"]
    if r["promised_on"]:
        c, p = date.fromisoformat(r["completed_on"]), date.fromisoformat(r["promised_on"])
        return "early" if c < p else ("on_time" if c == p else "late")
    return None


POINTS = {"early": 2, "on_time": 1, "late": 0}


def tt(s, k):
    t = s.get("tt01") or {}
    return t.get(k)


def band(kind, value):
    if kind == "officer":
        return "completed_100" if value >= 5 else ("from_70_to_100" if value >= Decimal("3.5") else "below_70")
    for edge, name in ((15, "excellent"), (12, "good"), (9, "fair"), (6, "average")):
        if value >= edge:
            return name
    return "weak"


# ---------------------------------------------------------------------------------------------
# One group's figures
def group_figures(counted, excluded, records, links, kind):
    """`counted`: the group's counted ratings in the period; `excluded`: its flagged ratings left out;
    `records`: its dossier records completed in the period; `links`: every rating (any day, flagged
    or not) by the dossier code it names (Data.links())."""
    g = {}
    n = len(counted)
    sat = sum(1 for s in counted if satisfied(s))
    suppressed = n < MIN_RESPONSES
    g["responses"], g["satisfied"], g["suppressed"] = n, sat, suppressed
    g["flagged_excluded"] = len(excluded)
    g["satisfaction_rate"] = None if suppressed or n == 0 else rhalf(Fraction(100 * sat, n), 2)
    g["ci95"] = None if suppressed or n == 0 else wilson(sat, n)
    dist = {}
    for s in counted:   # every level of a scale the group has, zeros included
        sc = s["rating"]["scale"]
        dist.setdefault(str(sc), {str(v): 0 for v in range(sc, 0, -1)})
    for s in counted:
        sc, v = str(s["rating"]["scale"]), str(s["rating"]["value"])
        dist.setdefault(sc, {}).setdefault(v, 0)
        dist[sc][v] += 1
    g["distribution"] = dist
    if len(dist) == 2:
        g["by_scale"] = {}
        for sc in ("3", "5"):
            ns = sum(1 for s in counted if str(s["rating"]["scale"]) == sc)
            ss = sum(1 for s in counted if str(s["rating"]["scale"]) == sc and satisfied(s))
            sup = ns < MIN_RESPONSES
            g["by_scale"][sc] = {"responses": ns, "satisfied": ss, "suppressed": sup,
                                 "satisfaction_rate": None if sup else rhalf(Fraction(100 * ss, ns), 2),
                                 "ci95": None if sup else wilson(ss, ns)}
    g["complaints"] = sum(1 for s in counted if s.get("tracking_code"))
    g["harassment_reports"] = sum(1 for s in counted if s.get("harassment") is True)
    # TT 01 indices: (points, n)
    idx = {}
    for k in ("contacts", "agencies"):
        vals = [tt(s, k) for s in counted if tt(s, k) is not None]
        idx[k] = (sum(vals), len(vals))
    vals = [tt(s, "attitude") for s in counted if tt(s, "attitude") is not None]
    lnc = sum(1 for s in counted if tt(s, "time") == 0 and s.get("harassment") is False and tt(s, "attitude") is None)
    idx["attitude"] = (sum(vals), len(vals) + lnc)     # policy "zero": 0 points each
    g["late_no_complaint"] = lnc
    citizens = [tt(s, "time") for s in counted if tt(s, "time") is not None]
    with_outcome = [r for r in records if record_outcome(r)]
    if with_outcome:
        idx["time"] = (sum(POINTS[record_outcome(r)] for r in with_outcome), len(with_outcome))
        g["time_source"] = "records"
        g["citizens"] = (sum(citizens), len(citizens))
        compared = agreeing = 0
        for r in with_outcome:
            answers = [tt(s, "time") for s in links.get(r["dossier"], ()) if tt(s, "time") is not None]
            if answers:
                compared += 1
                if POINTS[record_outcome(r)] in answers:
                    agreeing += 1
        g["agreement"] = (compared, agreeing)
    else:
        idx["time"] = (sum(citizens), len(citizens))
        g["time_source"] = "citizens"
    for k in RECORD_INDICES:
        vals = [int(r[k]) for r in records if r[k] != ""]
        idx[k] = (sum(vals), len(vals))
    g["idx"] = idx
    g["means"] = {k: (rhalf(Fraction(p, c), 1) if c else None) for k, (p, c) in idx.items()}

    def score(which, kind_):
        have = [k for k in which if idx[k][1] > 0]
        missing = [k for k in which if idx[k][1] == 0]
        value = sum((g["means"][k] for k in have), Decimal(0)) if have else None
        partial = bool(missing)
        return {"value": None if suppressed or value is None else value, "out_of": 2 * len(have),
                "n": min((idx[k][1] for k in have), default=0), "partial": partial, "missing": missing,
                "band": None if suppressed or partial or value is None else band(kind_, value), "suppressed": suppressed,
                "_value": value}
    g["officer_score"] = score(OFFICER_INDICES, "officer")
    g["agency_score"] = score(ALL_INDICES, "agency")
    # Dossier records and the 766-style figure
    if records:
        outcomes = [record_outcome(r) for r in records]
        g["dossiers"] = {"count": len(records), "early": outcomes.count("early"), "on_time": outcomes.count("on_time"),
                         "late": outcomes.count("late")}
        linked = complained = 0
        for r in records:
            named = links.get(r["dossier"], ())
            if named:
                linked += 1
                if any(s.get("tracking_code") or below_middle(s) for s in named):
                    complained += 1
        overdue = outcomes.count("late")
        d = len(records)
        net = d - overdue - complained
        floored = net < 0
        rate = rhalf(Fraction(100 * max(net, 0), d), 2)
        points = rhalf(min(Decimal(1), rate / TARGET_766) * MAX_POINTS_766, 2)
        # methodology §3: "No dossiers, or no linked ratings: no_data, never a score", suppressed or not
        status = "no_data" if not linked else ("suppressed" if suppressed else "ok")
        g["dossier_766"] = {"rate": rate if status == "ok" else None, "points": points if status == "ok" else None,
                            "status": status, "dossiers": d, "overdue": overdue, "linked": linked,
                            # floored says the shown rate was cut at 0: there is none when withheld
                            "complained": complained, "floored": floored and status == "ok",
                            "ratings_without_dossier": sum(1 for s in counted if not s.get("dossier")),
                            "suppressed": suppressed, "_rate": rate, "_points": points, "_linked": linked}
    else:
        g["dossiers"] = None
        g["dossier_766"] = None
    return g


class Expected:
    """Everything the server should answer, from the generated data alone."""

    def __init__(self, data, flags):
        self.data, self.flags = data, flags

    def select(self, period, include_flagged):
        lo, hi = period
        in_period = [s for s in self.data.ratings if lo <= local_day(s["_at"]) <= hi]
        counted = [s for s in in_period if include_flagged or not self.flags[s["id"]]]
        excluded = [] if include_flagged else [s for s in in_period if self.flags[s["id"]]]
        records = [r for r in self.data.records if lo <= date.fromisoformat(r["completed_on"]) <= hi]
        return counted, excluded, records

    def groups(self, group, period, include_flagged):
        counted, excluded, records = self.select(period, include_flagged)
        deps, offs = self.data.org_at(period[1])
        # (key, department) identifies a group; a null officer or service is one group per department
        # (checked against the server's answer as found below). Department and service groups are
        # under the department of the rating (of the record). An officer is one group, shown under
        # their department on the period's last day; a code the chart does not know stays under the
        # departments of its ratings (docs/indices.md, "Officer groups follow the officer").
        if group == "officer":
            def place(x):
                o = x.get("officer") or None
                return (o, offs[o][0] if o in offs else x["department"])
        else:
            def place(x):
                return (x["department"] if group == "department" else (x.get("service") or None), x["department"])
        buckets = defaultdict(lambda: ([], [], []))
        for s in counted:
            buckets[place(s)][0].append(s)
        for s in excluded:
            buckets[place(s)][1].append(s)
        for r in records:
            buckets[place(r)][2].append(r)
        out = {}
        for (key, dep), (c, e, r) in buckets.items():
            g = group_figures(c, e, r, self.data.links(), group)
            g["key"], g["department"] = key, dep
            # Names as the chart stood on the period's last day (services have none in this site;
            # the group of no officer has a label, not a name: neither is compared)
            g["name"] = deps[key] if group == "department" else (offs[key][1] if group == "officer" and key in offs
                                                                   else NOT_COMPARED)
            out[(key, dep)] = g
        # Priors and ranks (methodology §5). An officer's prior: the summed rate of the officer groups
        # shown under their department (with no one moving, the department's rate).
        dep_rate = defaultdict(lambda: [0, 0])
        for (key, dep), g in out.items():
            dep_rate[dep][0] += g["satisfied"]
            dep_rate[dep][1] += g["responses"]
        overall = Fraction(sum(1 for s in counted if satisfied(s)), len(counted))
        for (key, dep), g in out.items():
            if g["suppressed"] or key is None:   # the group of no officer (no service) is no one to rank
                g["shrunk_rate"] = None
                continue
            p0 = Fraction(*dep_rate[dep]) if group == "officer" else overall
            g["shrunk_rate"] = rhalf(Fraction(100) * (g["satisfied"] + PRIOR_WEIGHT * p0) / (g["responses"] + PRIOR_WEIGHT), 2)
        ranked = sorted((g for g in out.values() if g["shrunk_rate"] is not None), key=lambda g: -g["shrunk_rate"])
        for g in out.values():
            g["rank"] = None
        for g in ranked:
            g["rank"] = 1 + sum(1 for h in ranked if h["shrunk_rate"] > g["shrunk_rate"])
        return out


NOT_COMPARED = object()


# ---------------------------------------------------------------------------------------------
# Comparison
class Report:
    def __init__(self):
        self.problems = []
        self.figures = 0
        self.lenient = set()

    def eq(self, where, field, expected, got):
        self.figures += 1
        if not same(expected, got):
            self.problems.append(f"{where}: {field}: expected {show(expected)}, got {show(got)}")


def same(expected, got):
    if isinstance(expected, int) and not isinstance(expected, bool) and isinstance(got, Decimal):
        return Decimal(expected) == got
    if isinstance(expected, Decimal):
        if isinstance(got, Decimal):
            return got == expected
        return isinstance(got, (int, float)) and not isinstance(got, bool) and Decimal(repr(got)) == expected
    if isinstance(expected, list) and isinstance(got, list):
        return len(expected) == len(got) and all(same(a, b) for a, b in zip(expected, got))
    if isinstance(expected, dict) and isinstance(got, dict):
        return expected.keys() == got.keys() and all(same(expected[k], got[k]) for k in expected)
    if isinstance(expected, bool) or isinstance(got, bool):
        return expected is got
    return expected == got


def show(x):
    if isinstance(x, Decimal):
        return str(x)
    if isinstance(x, list):
        return "[" + ", ".join(show(v) for v in x) + "]"
    if isinstance(x, dict):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in x.items()) + "}"
    return json.dumps(x, ensure_ascii=False)


def compare_indices(rep, exp, got, group, period, include_flagged):
    tag = f"indices group={group} {period[0]}..{period[1]} include_flagged={str(include_flagged).lower()}"
    rep.eq(tag, "min_responses", MIN_RESPONSES, got.get("min_responses"))
    rep.eq(tag, "prior_weight", PRIOR_WEIGHT, got.get("prior_weight"))
    served = {}
    for g in got["groups"]:
        served[(g["key"], g["department"])] = g
    rep.eq(tag, "group keys", sorted(map(str, exp)), sorted(map(str, served)))
    ranked = [g["rank"] for g in got["groups"]]
    for (key, dep), e in sorted(exp.items(), key=lambda kv: str(kv[0])):
        g = served.get((key, dep))
        if g is None:
            continue
        w = f"{tag} [{key} of {dep}]"
        if e["name"] is not NOT_COMPARED:
            rep.eq(w, "name", e["name"], g.get("name"))
        for f in ("responses", "satisfied", "satisfaction_rate", "ci95", "distribution", "suppressed", "flagged_excluded",
                  "complaints", "shrunk_rate", "rank"):
            rep.eq(w, f, e[f], g.get(f))
        rep.eq(w, "by_scale", e.get("by_scale"), g.get("by_scale"))
        t = g.get("tt01") or {}
        for k in ALL_INDICES:
            p, n = e["idx"][k]
            gk = t.get(k)
            if n == 0:
                if gk is not None and gk.get("n", 0) != 0:
                    rep.eq(w, f"tt01.{k}", None, gk)
                continue
            if gk is None:
                rep.eq(w, f"tt01.{k}", {"mean": e["means"][k], "n": n}, None)
                continue
            rep.eq(w, f"tt01.{k}.mean", None if e["suppressed"] else e["means"][k], gk.get("mean"))
            rep.eq(w, f"tt01.{k}.n", n, gk.get("n"))
        if e["idx"]["attitude"][1]:      # index 7 without any answer has no figure to state it beside
            att = t.get("attitude") or {}
            rep.eq(w, "tt01.attitude.late_no_complaint", {"count": e["late_no_complaint"], "policy": "zero"},
                   att.get("late_no_complaint"))
        tm = t.get("time") or {}
        if e["idx"]["time"][1]:          # no index 1 at all: no figure, no source
            rep.eq(w, "tt01.time.source", e["time_source"], tm.get("source"))
        if e["time_source"] == "records":
            cp, cn = e["citizens"]
            cit = tm.get("citizens") or {}
            rep.eq(w, "tt01.time.citizens.n", cn, cit.get("n"))
            rep.eq(w, "tt01.time.citizens.mean", None if e["suppressed"] or cn == 0 else rhalf(Fraction(cp, cn), 1),
                   cit.get("mean"))
            rep.eq(w, "tt01.time.agreement", {"compared": e["agreement"][0], "agreeing": e["agreement"][1]},
                   tm.get("agreement"))
        score_name = {"officer": "officer_score", "department": "agency_score"}.get(group)
        if score_name and key is None:      # no officer named: nobody to score
            rep.eq(w, score_name, None, g.get(score_name))
        elif score_name:
            es = {k: v for k, v in e[score_name].items() if not k.startswith("_")}
            rep.eq(w, score_name, es, g.get(score_name))
        # A group without records has `dossiers` all 0 (and `dossier_766` null)
        rep.eq(w, "dossiers", e["dossiers"] or {"count": 0, "early": 0, "on_time": 0, "late": 0}, g.get("dossiers"))
        e766 = None if e["dossier_766"] is None else {k: v for k, v in e["dossier_766"].items() if not k.startswith("_")}
        rep.eq(w, "dossier_766", e766, g.get("dossier_766"))
    # Groups come ranked first, by rank, then the rest
    ranks = [r for r in ranked if r is not None]
    rep.eq(tag, "ranked groups first, in rank order", sorted(ranks), ranked[:len(ranks)])


def check_rules(rep, tag, got, rules, period, include_flagged):
    """When and under which rules an answer was made (docs/indices.md, "What every report states"):
    `rules` holds the versions recorded, the re-evaluations run and the window of time the check ran
    in, which every time the server states must fall in."""
    def in_window(text):
        try:
            t = datetime.fromisoformat(text)
        except (TypeError, ValueError):
            return False
        return text.endswith("+07:00") and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", text) is not None and \
            rules["started"] - timedelta(seconds=1) <= t <= datetime.now(LOCAL)
    rep.eq(tag, "made_at (RFC 3339, +07:00, while the check ran)", True, in_window(got.get("made_at")) or got.get("made_at"))
    r = got.get("rules") or {}
    f = r.get("flags") or {}
    rep.eq(tag, "rules.flags.excluded", not include_flagged, f.get("excluded"))
    rep.eq(tag, "rules.flags.burst", {"submissions": 5, "within_seconds": 10}, f.get("burst"))
    rep.eq(tag, "rules.flags.repeated_dossier", {"same_stage": True, "same_local_day_when_stage_unknown": True}, f.get("repeated_dossier"))
    hours = f.get("outside_hours") or {}
    rep.eq(tag, "rules.flags.outside_hours.timezone", "Asia/Ho_Chi_Minh", hours.get("timezone"))
    rep.eq(tag, "rules.flags.outside_hours.public_holidays", False, hours.get("public_holidays"))
    served = hours.get("in_force") or []
    for e in served:
        if isinstance(e.get("version"), dict):
            rep.eq(tag, "rules.flags.outside_hours.in_force[].version.set_at (while the check ran)", True,
                   in_window(e["version"].get("set_at")) or e["version"].get("set_at"))
    without_set_at = [dict(e, version=e["version"] if not isinstance(e.get("version"), dict) else
                           {k: v for k, v in e["version"].items() if k != "set_at"}) for e in served]
    rep.eq(tag, "rules.flags.outside_hours.in_force", hours_in_force(rules["versions"], DEPARTMENTS, *period), without_set_at)
    met = [x for x in rules["reevaluated"] if x["from"] <= period[1].isoformat() and period[0].isoformat() <= x["to"]]
    for x in f.get("reevaluated") or []:
        rep.eq(tag, "rules.flags.reevaluated[].at (while the check ran)", True, in_window(x.get("at")) or x.get("at"))
    rep.eq(tag, "rules.flags.reevaluated", met, [{k: v for k, v in x.items() if k != "at"} for x in f.get("reevaluated") or []])
    rep.eq(tag, "rules.min_responses", MIN_RESPONSES, r.get("min_responses"))
    rep.eq(tag, "rules.prior_weight", PRIOR_WEIGHT, r.get("prior_weight"))
    rep.eq(tag, "rules.late_no_complaint", "zero", r.get("late_no_complaint"))
    rep.eq(tag, "rules.dossier_766", {"target_percent": TARGET_766, "max_points": MAX_POINTS_766}, r.get("dossier_766"))


def check_indicators(rep, data, flags, got, period, include_flagged):
    ex = Expected(data, flags)
    counted, excluded, records = ex.select(period, include_flagged)
    tag = f"indicators {period[0]}..{period[1]} include_flagged={str(include_flagged).lower()}"
    deps, offs = data.org_at(period[1])
    units = [(None, counted, excluded, records)]
    for dep in sorted(DEPARTMENTS):
        units.append((dep, [s for s in counted if s["department"] == dep], [s for s in excluded if s["department"] == dep],
                      [r for r in records if r["department"] == dep]))
    expected = []   # (code, department, officer, value, n, status, extra)
    for dep, c, e, r in units:
        g = group_figures(c, e, r, data.links(), "department")
        n = g["responses"]
        sup = g["suppressed"]

        def st(has):
            return "no_data" if not has else ("suppressed" if sup else "ok")
        rate_status = "no_data" if n == 0 else ("suppressed" if sup else "ok")
        expected.append(("SAT.RATE", dep, None, g["satisfaction_rate"], n, rate_status, {}))
        ci = g["ci95"] or [None, None]
        expected.append(("SAT.RATE_CI95_LOW", dep, None, ci[0], n, rate_status, {}))
        expected.append(("SAT.RATE_CI95_HIGH", dep, None, ci[1], n, rate_status, {}))
        expected.append(("SAT.FLAGGED_EXCLUDED", dep, None, len(e), n + len(e), "ok", {}))
        for k in ALL_INDICES:
            p, cnt = g["idx"][k]
            s_ = st(cnt > 0)
            expected.append((INDICATOR_CODE[k], dep, None, g["means"][k] if s_ == "ok" else None, cnt, s_, {}))
            if k == "attitude":
                expected.append(("TT01.I7_LATE_NO_COMPLAINT", dep, None, g["late_no_complaint"], n, "ok", {}))
        expected.append(("SAT.HARASSMENT_REPORTS", dep, None, g["harassment_reports"], n, "ok", {}))
        expected.append(("TT01.AGENCY_SCORE", dep, None) + score_row(g["agency_score"], sup))  # officer scores: officers only
        d7 = g["dossier_766"]
        nd = d7["dossiers"] if d7 else 0
        if d7 is None:
            for code in ("QD766.C5_4_RATE", "QD766.C5_4_POINTS"):
                expected.append((code, dep, None, None, 0, "no_data", {}))
            for code in ("QD766.C5_4_OVERDUE", "QD766.C5_4_COMPLAINT_OR_UNSATISFIED", "QD766.C5_4_LINKED"):
                expected.append((code, dep, None, None, 0, "no_data", {}))
        else:
            s7 = d7["status"]
            expected.append(("QD766.C5_4_RATE", dep, None, d7["rate"], nd, s7, {}))
            expected.append(("QD766.C5_4_POINTS", dep, None, d7["points"], nd, s7, {}))
            expected.append(("QD766.C5_4_OVERDUE", dep, None, d7["overdue"], nd, "ok", {}))
            expected.append(("QD766.C5_4_COMPLAINT_OR_UNSATISFIED", dep, None, d7["complained"], nd, "ok", {}))
            expected.append(("QD766.C5_4_LINKED", dep, None, d7["linked"], nd, "ok", {}))
        expected.append(("QD766.C5_4_RATINGS_WITHOUT_DOSSIER", dep, None, sum(1 for s in c if not s.get("dossier")), n, "ok", {}))
        for code in ("SIPAS.F1_ACCESS", "SIPAS.F2_PROCEDURES", "SIPAS.F3_CIVIL_SERVANTS", "SIPAS.F4_RESULTS",
                     "SIPAS.F5_FEEDBACK", "SIPAS.OVERALL"):
            expected.append((code, dep, None, None, 0, "no_data", {}))
    # TT01.OFFICER_SCORE for each officer with ratings or records, by department and code: the
    # officer groups of the indices (one per officer, under their department on the last day)
    officers = ex.groups("officer", period, include_flagged)
    for (off, dep) in sorted((k for k in officers if k[0] is not None), key=lambda k: (k[1], k[0])):
        g = officers[(off, dep)]
        expected.append(("TT01.OFFICER_SCORE", dep, off) + score_row(g["officer_score"], g["suppressed"]))
    rows = got["indicators"]
    want = [[x[0], x[1], x[2]] for x in expected]
    have = [[r["code"], r["department"], r["officer"]] for r in rows]
    first = next((i for i, (a, b) in enumerate(zip(want, have)) if a != b), min(len(want), len(have)))
    rep.eq(tag, f"rows (code, department, officer) in order, from row {first}", want[first:first + 3], have[first:first + 3])
    served = {(r["code"], r["department"], r["officer"]): r for r in rows}
    for code, dep, off, value, n, status, extra in expected:
        r = served.get((code, dep, off))
        if r is None:
            continue
        w = f"{tag} [{code} {dep or 'total'}{' ' + off if off else ''}]"
        if dep is not None:      # named as on the period's last day (the total's label is not compared)
            rep.eq(w, "department_name", deps[dep], r.get("department_name"))
            if off is None or off in offs:
                rep.eq(w, "officer_name", offs[off][1] if off else None, r.get("officer_name"))
        rep.eq(w, "value", value, r.get("value"))
        rep.eq(w, "n", n, r.get("n"))
        rep.eq(w, "status", status, r.get("status"))
        for k, v in extra.items():
            rep.eq(w, k, v, r.get(k))


def score_row(sc, sup):
    if sc["_value"] is None:
        return (None, 0, "no_data", {"band": None, "out_of": 0})
    status = "suppressed" if sup else ("partial" if sc["partial"] else "ok")
    missing = [INDICATOR_CODE[k] for k in sc["missing"]]
    return (None if sup else sc["_value"], sc["n"], status, {"band": sc["band"], "missing": missing, "out_of": sc["out_of"]})


# ---------------------------------------------------------------------------------------------
# The monthly XLSX
def xlsx_sheets(blob):
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    z = zipfile.ZipFile(io.BytesIO(blob))
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % ns["m"])))
    sheets = []
    names = sorted((n for n in z.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n)),
                   key=lambda n: int(re.search(r"(\d+)", n.rsplit("/", 1)[1]).group(1)))
    for name in names:
        rows = []
        for row in ET.fromstring(z.read(name)).iter("{%s}row" % ns["m"]):
            cells = {}
            for c in row.findall("m:c", ns):
                ref = c.get("r")
                col = re.match(r"[A-Z]+", ref).group(0)
                ci = 0
                for ch in col:
                    ci = ci * 26 + ord(ch) - 64
                t = c.get("t")
                v = c.find("m:v", ns)
                if t == "s":
                    val = shared[int(v.text)]
                elif t == "inlineStr":
                    val = "".join(x.text or "" for x in c.iter("{%s}t" % ns["m"]))
                elif v is not None:
                    val = Decimal(v.text)
                else:
                    val = None
                cells[ci - 1] = val
            rows.append([cells.get(i) for i in range(max(cells) + 1)] if cells else [])
        sheets.append(rows)
    return sheets


BAND_TEXT = {"completed_100": "completed 100%", "excellent": "Excellent", "good": "Good", "fair": "Fair",
             "average": "Average", "weak": "Weak"}


def check_xlsx(rep, blob, dept_exp, off_exp, totals):
    """The monthly report (lang=en): sheet 1 one row per department, sheet 2 one per officer (under
    the department of the month's last day), each with a totals row. Columns are found by their
    header text."""
    sheets = xlsx_sheets(blob)
    for sheet_no, exp in ((0, dept_exp), (1, off_exp)):
        rows = sheets[sheet_no]
        tag = f"monthly xlsx sheet {sheet_no + 1}"
        hi = next((i for i, row in enumerate(rows) if "Code" in row and "Responses" in row), None)
        if hi is None:
            rep.eq(tag, "header row with Code and Responses", "found", "not found")
            continue
        header, sub = rows[hi], rows[hi + 2] if hi + 2 < len(rows) else []
        col = {name: header.index(name) for name in header if isinstance(name, str)}
        score_col = next(i for i, h in enumerate(header) if isinstance(h, str) and h.startswith("TT 01"))
        level_cols = {}
        for scale, title in ((3, "3-level scale"), (5, "5-level scale")):
            if title in col:
                for k, level in enumerate(range(scale, 0, -1)):
                    level_cols[(scale, level)] = col[title] + 2 * k
        dep_col = col.get("Department code")
        seen = set()
        for row in rows[hi + 3:]:
            row = row + [None] * (len(header) - len(row))
            if row[0] == "Total":
                w = f"{tag} [Total]"
                rep.eq(w, "responses", totals["responses"], row[col["Responses"]])
                rep.eq(w, "Satisfaction rate (%)", totals["satisfaction_rate"], cell2(row[col["Satisfaction rate (%)"]]))
                rep.eq(w, "95% interval", totals["ci95"], [cell2(row[col["95% interval, low (%)"]]),
                                                             cell2(row[col["95% interval, high (%)"]])])
                rep.eq(w, "Suspicious responses excluded", totals["flagged_excluded"], row[col["Suspicious responses excluded"]])
                break
            if not isinstance(row[0], Decimal):
                continue
            dep = row[dep_col] if dep_col is not None else row[col["Code"]]
            key = row[col["Code"]]
            g = exp.get((key, dep))
            w = f"{tag} [{key} of {dep}]"
            if g is None:
                rep.eq(w, "row of a group with data", "none", "a row")
                continue
            seen.add((key, dep))
            name_col = "Officer" if sheet_no else "Department"     # as on the month's last day
            if g["name"] is not NOT_COMPARED:
                rep.eq(w, name_col, g["name"], row[col[name_col]])
            rep.eq(w, "Responses", g["responses"], row[col["Responses"]])
            rep.eq(w, "Suspicious responses excluded", g["flagged_excluded"], row[col["Suspicious responses excluded"]])
            for (scale, level), c in level_cols.items():
                count = g["distribution"].get(str(scale), {}).get(str(level), 0)
                rep.eq(w, f"scale {scale} level {level} count", count, row[c])
                ns = sum(g["distribution"].get(str(scale), {}).values())
                pct = None if g["suppressed"] or ns == 0 else rhalf(Fraction(100 * count, ns), 2)
                rep.eq(w, f"scale {scale} level {level} %", pct, cell2(row[c + 1]))
            rate, score = row[col["Satisfaction rate (%)"]], row[score_col]
            sc = g["officer_score" if sheet_no else "agency_score"]
            if key is None:
                sc = {"_value": None}
            if g["suppressed"]:
                text = f"Not enough responses (n = {g['responses']}, at least {MIN_RESPONSES} needed)"
                rep.eq(w, "Satisfaction rate (%)", text, rate)
                rep.eq(w, "95% interval", [None, None], [row[col["95% interval, low (%)"]], row[col["95% interval, high (%)"]]])
                rep.eq(w, "score", text if sc["_value"] is not None else None, score)
            else:
                rep.eq(w, "Satisfaction rate (%)", g["satisfaction_rate"], cell2(rate))
                rep.eq(w, "95% interval", g["ci95"], [cell2(row[col["95% interval, low (%)"]]),
                                                      cell2(row[col["95% interval, high (%)"]])])
                if sc["_value"] is None:
                    rep.eq(w, "score", None, score)
                elif sc["partial"]:
                    ok = isinstance(score, str) and "partial" in score.lower() and all(m in score for m in sc["missing"])
                    rep.eq(w, f"score cell says partial and names {sc['missing']}", True, ok or score)
                else:
                    rep.eq(w, "score", sc["_value"], cell2(score, 1))
                    rep.eq(w, "Band", BAND_TEXT.get(sc["band"], sc["band"]) if sc["band"] in BAND_TEXT else row[col["Band"]],
                           row[col["Band"]])
        want = {k for k, g in exp.items() if g["responses"] or g["flagged_excluded"]}
        if sheet_no == 0:
            want |= {(d, d) for d in DEPARTMENTS}
        rep.eq(tag, "rows", sorted(map(str, want)), sorted(map(str, seen)))


def cell2(v, places=2):
    """A number cell as the figure it shows: the writer may leave binary noise (76.70999999999999)."""
    if isinstance(v, Decimal):
        if v != rhalf(v, places):
            NOISY_CELLS.append(str(v))
        return float(rhalf(v, places))
    return v


NOISY_CELLS = []   # cells whose stored number is not the decimal figure (reported, not failed)


# ---------------------------------------------------------------------------------------------
class CheckSite(Site):
    """The security tests' site helper, set up with this check's organisation instead of theirs."""

    def __init__(self, server, admin, workdir, data):  # noqa: super().__init__ makes another organisation
        self.server_bin, self.admin_bin, self.dir = server, admin, workdir
        self.data = os.path.join(workdir, "data")
        self.tls = os.path.join(self.data, "tls")
        self.process, self.port, self.tokens, self.kiosk_numbers, self.sequence = None, 0, {}, {}, 0
        self.admin("init", "--host", "127.0.0.1")
        # The chart, then its changes, each from its day: the renames of the month's last day are
        # recorded before the move of the 15th (a change recorded late enters the history in its
        # place). The first file holds every officer, the others only the rows that change.
        for version in (0, 2, 1):
            start = data.org_versions[version][0]
            org = os.path.join(workdir, f"org-from-{start}.csv")
            with open(org, "w", encoding="utf-8", newline="") as f:
                f.write("department_code,department_name,officer_code,officer_name\n")
                for row in data.chart_rows(version):
                    f.write(",".join(row) + "\n")
            self.admin("import-org", org, "--from", start.isoformat())
        for kiosk, (dep, _, _) in KIOSKS.items():
            self.tokens[kiosk] = self.admin("add-kiosk", kiosk, "--department", dep).strip()
        self.tokens["analyst"] = self.admin("add-user", "phan.tich", "--role", "analyst").strip()
        for line in self.admin("list", "kiosks").splitlines():
            parts = line.split()
            if parts and parts[0] in KIOSKS:
                self.kiosk_numbers[parts[0]] = int(parts[-1])
        # Half the records before the ratings, half after (import_later): a record and the
        # ratings naming it are linked whichever arrives first.
        self.import_records("dossiers-first.csv", data.records[0::2])
        for v in data.versions:          # before any rating arrives
            self.admin("set-opening-hours", v["hours"], "--from", v["valid_from"].isoformat(),
                       *(("--department", v["department"]) if v["department"] else ()))

    def import_records(self, name, records):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(records[0].keys()))
            w.writeheader()
            w.writerows(records)
        self.admin("import-dossiers", path)

    def import_later(self, data):
        self.import_records("dossiers-later.csv", data.records[1::2])

    def start(self, *extra):
        saved = dict(self.kiosk_numbers)
        self.tokens.setdefault("K-SCT-01", "")
        super().start(*extra)            # also reads K-SCT-01's and K-STP-01's numbers from the config
        for k in ("K-SCT-01", "K-STP-01"):
            if saved.get(k) != self.kiosk_numbers.get(k):
                raise RuntimeError(f"kiosk number of {k}: hailong-admin list kiosks says {saved.get(k)}, "
                                   f"the kiosk configuration {self.kiosk_numbers.get(k)}")


def check_figures(rep, site, data, flags, rules, token):
    """Every figure of GET /api/v1/indices and /api/v1/indicators for every period, with and without
    include_flagged, and of the monthly XLSX, with when and under which rules each was made, against
    the generated data under `flags`. Returns how many groups were compared."""
    ex = Expected(data, flags)
    groups_checked = 0
    for period in data.periods:
        for include_flagged in (False, True):
            for group in ("department", "officer", "service"):
                q = f"/api/v1/indices?group={group}&from={period[0]}&to={period[1]}" + \
                    ("&include_flagged=true" if include_flagged else "")
                r = site.get(q, token=token)
                if r.status != 200:
                    rep.eq(q, "status", 200, r.status)
                    continue
                exp = ex.groups(group, period, include_flagged)
                groups_checked += len(exp)
                compare_indices(rep, exp, r.json(), group, period, include_flagged)
                check_rules(rep, q, r.json(), rules, period, include_flagged)
            q = f"/api/v1/indicators?from={period[0]}&to={period[1]}" + ("&include_flagged=true" if include_flagged else "")
            r = site.get(q, token=token)
            if r.status != 200:
                rep.eq(q, "status", 200, r.status)
            else:
                check_indicators(rep, data, flags, r.json(), period, include_flagged)
                check_rules(rep, q, r.json(), rules, period, include_flagged)
    r = site.get(f"/api/v1/reports/monthly?month={data.month}&lang=en", token=token)
    if r.status != 200:
        rep.eq("monthly report", "status", 200, r.status)
    else:
        c, e, recs = ex.select(data.periods[0], False)
        check_xlsx(rep, r.body, ex.groups("department", data.periods[0], False), ex.groups("officer", data.periods[0], False),
                   group_figures(c, e, recs, data.links(), "department"))
    return groups_checked


def wait_for(path):
    for _ in range(120):
        if os.path.exists(path):
            return
        time.sleep(1)
    raise RuntimeError(f"{path} is missing")


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    server, admin = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    workdir = sys.argv[3] if len(sys.argv) > 3 else tempfile.mkdtemp(prefix="hailong-indices-check-")
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    for p in (server, admin):
        wait_for(p)
    started = time.monotonic()
    started_at = datetime.now(LOCAL).replace(microsecond=0)
    today = started_at.date()
    data = Data(today)
    data.generate()
    site = CheckSite(server, admin, workdir, data)
    data.fill_tracking_codes(site.kiosk_numbers)
    flags = compute_flags(data.ratings, data.versions)
    # The moved officer's counted ratings in the month: under the minimum on each side of the move,
    # not together (so that following the officer decides whether they are judged at all).
    month = data.periods[0]
    moved = [local_day(s["_at"]) for s in data.ratings
             if s.get("officer") == MOVER and not flags[s["id"]] and month[0] <= local_day(s["_at"]) <= month[1]]
    before = sum(1 for d in moved if d < data.move_day)
    if not (before < MIN_RESPONSES and len(moved) - before < MIN_RESPONSES <= len(moved)):
        raise RuntimeError(f"{MOVER}: {before} counted ratings before the move and {len(moved) - before} after: "
                           f"the data no longer make the merge matter for suppression")
    site.start("--kiosk-rate", "0")
    rep = Report()
    try:
        # Send: each kiosk its own ratings, in the order they were made, batches of at most 500.
        by_kiosk = defaultdict(list)
        for s in data.ratings:
            by_kiosk[s["_kiosk"]].append({k: v for k, v in s.items() if not k.startswith("_")})
        not_accepted = []
        for kiosk, subs in by_kiosk.items():
            for i in range(0, len(subs), 500):
                r = site.send(kiosk, *subs[i:i + 500])
                if r.status != 200:
                    raise RuntimeError(f"POST /api/v1/submissions from {kiosk}: {r}")
                for res in r.json()["results"]:
                    if res["status"] != "accepted":
                        not_accepted.append(res)
        rep.eq("ingest", "submissions not accepted", [], not_accepted)
        site.import_later(data)
        flagged = sum(1 for f in flags.values() if f)
        kinds = {k: sum(1 for f in flags.values() if k in f) for k in ("burst", "repeated_dossier", "outside_hours")}
        print(f"sent {len(data.ratings)} ratings from {len(by_kiosk)} kiosks ({flagged} flagged by the rules: {kinds}), "
              f"{len(data.records)} dossier records (half imported before the ratings, half after), in {time.monotonic() - started:.1f} s")
        print(f"organisation: {MOVER} moves from STP to SCT on {data.move_day} ({before} counted ratings of the month "
              f"before, {len(moved) - before} after), {NEWCOMER} first recorded that day, STP renamed and SCT-004 "
              f"renamed on {data.rename_day}, {UNRECORDED} never recorded; periods {', '.join(f'{a}..{b}' for a, b in data.periods)}")
        token = site.tokens["analyst"]
        rules = {"versions": list(data.versions), "reevaluated": [], "started": started_at}
        groups_checked = check_figures(rep, site, data, flags, rules, token)

        # Hours recorded late, and the flags re-evaluated on purpose: every department without
        # hours of its own, from the first day of the data, opens at 06:00 and closes at 17:00 on
        # weekdays (ratings of 17:00 to 17:30 become outside them, those of 06:00 to 07:00 inside),
        # at 18:00 on Saturdays and 08:00-12:00 on Sundays (STP keeps its own from its change and
        # falls back on these before it). Recording them changes no stored flag; only
        # hailong-admin reflag does, and then every figure follows the hours in force.
        late_hours = "mon-fri 06:00-17:00; sat 06:00-18:00; sun 08:00-12:00"
        data.versions.append({"department": "", "valid_from": data.first, "hours": late_hours, "order": 1})
        site.admin("set-opening-hours", late_hours, "--from", data.first.isoformat())
        rules = {"versions": list(data.versions), "reevaluated": [], "started": started_at}
        period = data.periods[1]
        r = site.get(f"/api/v1/indices?group=department&from={period[0]}&to={period[1]}", token=token)
        tag = "after set-opening-hours, before reflag"
        if r.status != 200:
            rep.eq(tag, "status", 200, r.status)
        else:
            compare_indices(rep, Expected(data, flags).groups("department", period, False), r.json(), "department", period, False)
            check_rules(rep, tag, r.json(), rules, period, False)
        said = site.admin("reflag", "--from", data.first.isoformat(), "--to", data.last.isoformat())
        after = compute_flags(data.ratings, data.versions)
        want = {"judged": sum(1 for s in data.ratings if data.first <= local_day(s["_at"]) <= data.last), "became flagged": 0,
                "became unflagged": 0, "stay flagged for other rules": 0}
        for s in data.ratings:
            old, new = flags[s["id"]], after[s["id"]]
            if old != new:
                want["became flagged" if not old else "became unflagged" if not new else "stay flagged for other rules"] += 1
        m = re.search(r": (\d+) judged; (\d+) became flagged, (\d+) became unflagged, (\d+) stay flagged for other rules;", said)
        rep.eq("reflag", "what it says it changed", want, dict(zip(want, map(int, m.groups()))) if m else said)
        rep.eq("reflag", "the data have ratings it flags and ratings it unflags", True,
               want["became flagged"] > 0 and want["became unflagged"] > 0)
        rules["reevaluated"] = [{"from": data.first.isoformat(), "to": data.last.isoformat(), "department": None}]
        kinds = {k: sum(1 for f in after.values() if k in f) for k in ("burst", "repeated_dossier", "outside_hours")}
        print(f"reflag {data.first}..{data.last}: {want} ({kinds} flagged now)")
        groups_checked += check_figures(rep, site, data, after, rules, token)
        if not site.alive():
            rep.eq("server", "alive", True, False)
    finally:
        site.stop()
    elapsed = time.monotonic() - started
    for note in sorted(rep.lenient):
        print("note: " + note)
    if NOISY_CELLS:
        print(f"note: {len(NOISY_CELLS)} number cells of the XLSX store binary noise beside the figure they show "
              f"(for example {', '.join(NOISY_CELLS[:3])}); compared as shown, rounded")
    if rep.problems:
        print(f"FAIL {len(rep.problems)} of {rep.figures} figures differ from methodology.md "
              f"({len(data.ratings)} ratings, {groups_checked} groups, {elapsed:.1f} s):")
        for p in rep.problems:
            print("  " + p)
        return 1
    print(f"ok: {rep.figures} figures of {groups_checked} groups (indices, indicators, monthly XLSX) equal the independent "
          f"implementation ({len(data.ratings)} ratings, {len(data.records)} records, {elapsed:.1f} s)")
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
