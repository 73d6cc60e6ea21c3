#!/usr/bin/env python3
"""Checks dataport's exports with Python's standard library, which knows nothing of dataport.

  check_exports.py mbox FILE N          mailbox.mbox reads exactly N messages; each parses with
                                       the email package, headers decode, mboxrd >From is undone
  check_exports.py mastodon-csv DIR    Mastodon's import rules for every CSV in DIR: header
                                       detection (exact first cell, no BOM), columns per type,
                                       20,000 rows / 20 MB, user@domain, lower-case domains, URIs
  check_exports.py gpx FILE            well-formed GPX 1.1: namespace, version and creator,
                                       lat/lon ranges, child order of wpt/trkpt, UTC times
Exit code: 0 valid, 1 invalid, 2 usage.
"""
import csv
import email
import email.header
import email.policy
import mailbox
import os
import re
import sys
import xml.etree.ElementTree as ET

problems = []


def bad(what):
    problems.append(what)


def check_mbox(path, expected):
    box = mailbox.mbox(path)
    msgs = list(box)
    if len(msgs) != expected:
        bad(f"{len(msgs)} messages read, {expected} written")
    ids = set()
    for m in msgs:
        raw = m.as_bytes()
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        for h in ("Message-ID", "Date", "From", "Subject"):
            if parsed[h] is None:
                bad(f"message without {h}")
        mid = str(parsed["Message-ID"])
        if mid in ids:
            bad(f"repeated Message-ID {mid}")
        ids.add(mid)
        if parsed["Date"] is not None and parsed["Date"].datetime is None:
            bad(f"{mid}: unreadable Date")
        str(parsed["Subject"])
        for part in parsed.walk():
            if part.get_content_maintype() == "multipart":
                continue
            payload = part.get_payload(decode=True)
            if part.get_content_type() == "text/plain":
                payload.decode("utf-8")
    return f"{len(msgs)} messages"


ACCOUNT = re.compile(r"^[A-Za-z0-9_.\-]+@[a-z0-9.\-]+\.[a-z]{2,}$")
TYPES = {  # file name prefix -> (type, first header, columns)
    "following_accounts": ("following", "Account address", ["Account address", "Show boosts", "Notify on new posts", "Languages"]),
    "blocked_accounts": ("blocking", "Account address", ["Account address"]),
    "muted_accounts": ("muting", "Account address", ["Account address", "Hide notifications"]),
    "blocked_domains": ("domain_blocking", "#domain", ["#domain"]),
    "bookmarks": ("bookmarks", "#uri", ["#uri"]),
    "lists": ("lists", "List name", ["List name", "Account address"]),
}
KNOWN_FIRST = {"Account address", "#domain", "#uri", "List name"}
BOOL = {"true", "false", "1", "0", "t", "f", "on", "off", ""}


def check_mastodon_csv(folder):
    n = 0
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".csv"):
            continue
        kind = next((v for k, v in TYPES.items() if name.startswith(k)), None)
        if kind is None:
            continue  # address_sources.csv, unmapped_contacts.csv: reports, not imports
        n += 1
        typ, first, columns = kind
        path = os.path.join(folder, name)
        data = open(path, "rb").read()
        if data.startswith(b"\xef\xbb\xbf"):
            bad(f"{name}: BOM (breaks Mastodon's header detection)")
        if len(data) > 20 * 1000 * 1000:
            bad(f"{name}: over 20 MB")
        rows = list(csv.reader(data.decode("utf-8").splitlines()))
        rows = [r for r in rows if any(c.strip() for c in r)]
        if rows and rows[0] and rows[0][0] in KNOWN_FIRST:
            header, body = rows[0], rows[1:]
            missing = [c for c in columns if c not in header]
            if rows[0][0] != first or missing:
                bad(f"{name}: header {header} is not a {typ} import ({missing} missing)")
            idx = {c: header.index(c) for c in columns if c in header}
        else:
            body = rows
            idx = {c: i for i, c in enumerate(columns)}
        if len(rows) > 20000:
            bad(f"{name}: {len(rows)} rows (limit 20,000)")
        for i, r in enumerate(body, 2 if body is not rows else 1):
            get = lambda c: r[idx[c]].strip() if c in idx and idx[c] < len(r) else ""
            if "Account address" in columns:
                a = get("Account address").lstrip("@")
                if not ACCOUNT.match(a):
                    bad(f"{name}:{i}: '{a}' is not user@domain")
            if "#domain" in columns:
                d = get("#domain")
                if d != d.lower() or "/" in d or "@" in d or "." not in d:
                    bad(f"{name}:{i}: '{d}' is not a lower-case bare domain")
            if "#uri" in columns and not re.match(r"^https?://[^/\s]+/\S*$", get("#uri")):
                bad(f"{name}:{i}: '{get('#uri')}' is not an absolute http(s) URI")
            if "List name" in columns and not get("List name"):
                bad(f"{name}:{i}: empty list name")
            for flag in ("Show boosts", "Notify on new posts", "Hide notifications"):
                if flag in idx and get(flag).lower() not in BOOL:
                    bad(f"{name}:{i}: {flag} '{get(flag)}' is not a boolean")
    return f"{n} import files"


GPX = "{http://www.topografix.com/GPX/1/1}"
ORDER = ["ele", "time", "magvar", "geoidheight", "name", "cmt", "desc", "src", "link", "sym", "type", "fix",
         "sat", "hdop", "vdop", "pdop", "ageofdgpsdata", "dgpsid", "extensions"]
UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def check_point(p):
    lat, lon = float(p.get("lat")), float(p.get("lon"))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        bad(f"point out of range: {lat},{lon}")
    tags = [c.tag.replace(GPX, "") for c in p]
    if [ORDER.index(t) for t in tags] != sorted(ORDER.index(t) for t in tags):
        bad(f"children out of schema order: {tags}")
    for c in p.findall(GPX + "time"):
        if not UTC.match(c.text or ""):
            bad(f"time not UTC: {c.text}")


def check_gpx(path):
    root = ET.parse(path).getroot()
    if root.tag != GPX + "gpx" or root.get("version") != "1.1" or not root.get("creator"):
        bad("root is not <gpx version=1.1 creator=...> in the GPX 1.1 namespace")
    kids = [c.tag.replace(GPX, "") for c in root]
    rank = {"metadata": 0, "wpt": 1, "rte": 2, "trk": 3, "extensions": 4}
    if [rank.get(k, 9) for k in kids] != sorted(rank.get(k, 9) for k in kids):
        bad(f"gpx children out of order: {kids}")
    pts = root.findall(GPX + "wpt") + root.findall(f"{GPX}trk/{GPX}trkseg/{GPX}trkpt")
    for p in pts:
        check_point(p)
    for seg in root.findall(f"{GPX}trk/{GPX}trkseg"):
        if not seg.findall(GPX + "trkpt"):
            bad("empty trkseg")
    return f"{len(pts)} points"


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    kind, target = sys.argv[1], sys.argv[2]
    try:
        if kind == "mbox" and len(sys.argv) == 4:
            what = check_mbox(target, int(sys.argv[3]))
        elif kind == "mastodon-csv":
            what = check_mastodon_csv(target)
        elif kind == "gpx":
            what = check_gpx(target)
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except Exception as e:  # a parser that throws is a failed check
        bad(f"{type(e).__name__}: {e}")
        what = ""
    for p in problems:
        print(f"  FAIL {kind} {target}: {p}")
    if problems:
        return 1
    print(f"  ok {kind}: {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
