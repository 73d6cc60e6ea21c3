#!/usr/bin/python3
"""Do the events of an exported calendar mean what the source calendars meant?

Usage: check_ical.py EXPORT.ics SOURCE.ics...

Both sides are read with python3-icalendar; recurrences are expanded with python3-dateutil over two
years from each event's start, in the event's own zone. The source's zones come from the system tz
database (zoneinfo); the export's from the VTIMEZONE blocks it carries (dateutil.tz.tzical), so a
wrong VTIMEZONE fails too. Every event of the sources must be in the export (by UID) with the same
instants (UTC), the same all-day dates and the same floating wall times. Prints a summary, exits 1
on the first differences.
"""
import datetime as dt
import io
import sys
import zoneinfo

import icalendar
from dateutil import rrule, tz

YEARS2 = dt.timedelta(days=731)
problems = []


class Piece:
    """One value of a multi-valued property (EXDATE a,b) with the property's parameters."""

    def __init__(self, value, params):
        self.value, self.params = value, params

    def to_ical(self):
        return self.value.encode()


def text_of(prop):
    return prop.to_ical().decode()


def zones_of(cal_bytes):
    """TZID -> tzinfo built from the file's own VTIMEZONE blocks (dateutil's independent reader)."""
    if b"BEGIN:VTIMEZONE" not in cal_bytes:
        return {}
    # tzical wants the VTIMEZONE blocks alone.
    lines, keep, depth = [], [], 0
    for raw in cal_bytes.decode().replace("\r\n ", "").replace("\n ", "").splitlines():
        if raw.startswith("BEGIN:VTIMEZONE"):
            depth = 1
        if depth and not raw.startswith("X-"):  # tzical knows no X- properties
            keep.append(raw)
        if raw.startswith("END:VTIMEZONE"):
            depth = 0
    t = tz.tzical(io.StringIO("\n".join(keep) + "\n"))
    return {k: t.get(k) for k in t.keys()}


def when(prop, zones, system):
    """('date', date) | ('floating', naive datetime) | ('instant', aware datetime)."""
    s = text_of(prop)
    if len(s) == 8:
        return "date", dt.date(int(s[:4]), int(s[4:6]), int(s[6:8]))
    naive = dt.datetime.strptime(s.rstrip("Z"), "%Y%m%dT%H%M%S")
    if s.endswith("Z"):
        return "instant", naive.replace(tzinfo=dt.timezone.utc)
    tzid = prop.params.get("TZID")
    if not tzid:
        return "floating", naive
    zone = zoneinfo.ZoneInfo(tzid) if system else zones.get(tzid)
    if zone is None:
        problems.append(f"TZID {tzid} has no VTIMEZONE in the export")
        return "floating", naive
    return "instant", naive.replace(tzinfo=zone)


def occurrences(ev, zones, system):
    """The set of occurrences of one VEVENT over two years, as comparable values."""
    kind, start = when(ev["DTSTART"], zones, system)
    if "RRULE" not in ev:
        seq = [start]
    else:
        rule = text_of(ev["RRULE"])
        first = dt.datetime.combine(start, dt.time()) if kind == "date" else start
        seq = list(rrule.rrulestr(rule, dtstart=first).between(first, first + YEARS2, inc=True))
        if kind == "date":
            seq = [x.date() for x in seq]
    ex = set()
    exdates = ev.get("EXDATE", [])
    for exd in exdates if isinstance(exdates, list) else [exdates]:
        for one in text_of(exd).split(","):
            ex.add(norm(*when(Piece(one, exd.params), zones, system)))
    return kind, {norm(kind, x) for x in seq} - ex


def norm(kind, v):
    if kind == "instant":
        return v.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return v.isoformat()


def duration(ev, zones, system):
    if "DTEND" not in ev:
        return None
    k1, a = when(ev["DTSTART"], zones, system)
    k2, b = when(ev["DTEND"], zones, system)
    if k1 != k2:
        return f"{k1}/{k2}"
    return str(b - a)


def events(path, system):
    data = open(path, "rb").read()
    cal = icalendar.Calendar.from_ical(data)
    zones = zones_of(data)
    out = {}
    for ev in cal.walk("VEVENT"):
        if "DTSTART" in ev:
            out[str(ev.get("UID"))] = (ev, zones)
    return out


def main():
    export = events(sys.argv[1], system=False)
    n = occ = 0
    for src in sys.argv[2:]:
        for uid, (ev, zones) in events(src, system=True).items():
            n += 1
            if uid not in export:
                problems.append(f"{src}: event {uid} is not in the export")
                continue
            xev, xzones = export[uid]
            k1, a = occurrences(ev, zones, True)
            k2, b = occurrences(xev, xzones, False)
            occ += len(a)
            if k1 != k2:
                problems.append(f"{uid}: source times are {k1}, export {k2}")
            elif a != b:
                problems.append(f"{uid}: occurrences differ: only in source {sorted(a - b)[:3]}, only in export {sorted(b - a)[:3]}")
            d1, d2 = duration(ev, zones, True), duration(xev, xzones, False)
            if d1 != d2:
                problems.append(f"{uid}: duration {d1} in the source, {d2} in the export")
            for p in ("SUMMARY", "LOCATION", "DESCRIPTION"):
                if str(ev.get(p, "")) != str(xev.get(p, "")):
                    problems.append(f"{uid}: {p} '{ev.get(p, '')}' became '{xev.get(p, '')}'")
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    if n == 0:
        print("no source events")
        sys.exit(1)
    print(f"{n} events, {occ} occurrences over two years: same instants, dates and durations")


main()
