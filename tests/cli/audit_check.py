#!/usr/bin/env python3
"""Checks `dataport audit --format json` against independent SQL counts over the same store,
written from docs/audit.md with Python's own sqlite3 and json modules (none of dataport's code).
Also checks that an HTML report references nothing outside itself and that NDJSON matches JSON.

Usage: audit_check.py figures DB AUDIT.json [--platform P]... [--since RFC3339] [--until RFC3339]
                                                (the filter the audit was run with, as bounds)
       audit_check.py months DB                 (record_months holds exactly what records hold)
       audit_check.py html REPORT.html
       audit_check.py ndjson AUDIT.json AUDIT.ndjson
       audit_check.py flags AUDIT.json EXPECTED.tsv   (record id, category per line; exactly these)
Prints one line per failure and exits 1 when any.
"""
import html.parser
import json
import re
import sqlite3
import sys
from collections import Counter, defaultdict

failures = []


def check(what, expected, actual):
    if expected != actual:
        failures.append("%s: expected %r, got %r" % (what, expected, actual))


TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def conforms(v, schema, where):
    """The subset of JSON Schema docs/audit.schema.json uses: type, required, properties,
    additionalProperties, items, enum, const, pattern, minimum, oneOf."""
    if "oneOf" in schema:
        ok = [s for s in schema["oneOf"] if not conforms_errors(v, s, where)]
        if len(ok) != 1:
            failures.append("%s: matches %d of oneOf" % (where, len(ok)))
        return
    types = schema.get("type")
    if types:
        types = types if isinstance(types, list) else [types]
        def is_type(t):
            if t == "integer":
                return isinstance(v, int) and not isinstance(v, bool)
            if t == "number":
                return isinstance(v, (int, float)) and not isinstance(v, bool)
            return isinstance(v, TYPES[t]) and not (t != "boolean" and isinstance(v, bool))
        if not any(is_type(t) for t in types):
            failures.append("%s: %r is not %s" % (where, v, types))
            return
    if "const" in schema and v != schema["const"]:
        failures.append("%s: %r is not %r" % (where, v, schema["const"]))
    if "enum" in schema and v not in schema["enum"]:
        failures.append("%s: %r not in %r" % (where, v, schema["enum"]))
    if "pattern" in schema and isinstance(v, str) and not re.search(schema["pattern"], v):
        failures.append("%s: %r does not match %s" % (where, v, schema["pattern"]))
    if "minimum" in schema and isinstance(v, (int, float)) and v < schema["minimum"]:
        failures.append("%s: %r below minimum" % (where, v))
    if isinstance(v, dict):
        for k in schema.get("required", []):
            if k not in v:
                failures.append("%s: missing %s" % (where, k))
        for k, x in v.items():
            sub = schema.get("properties", {}).get(k, schema.get("additionalProperties"))
            if isinstance(sub, dict):
                conforms(x, sub, where + "." + k)
            elif "properties" in schema and sub is None:
                failures.append("%s: unexpected key %s" % (where, k))
    if isinstance(v, list) and "items" in schema:
        for i, x in enumerate(v):
            conforms(x, schema["items"], "%s[%d]" % (where, i))


def conforms_errors(v, schema, where):
    before = len(failures)
    conforms(v, schema, where)
    errors = failures[before:]
    del failures[before:]
    return errors


def figures(db_path, audit_path, platforms=(), since=None, until=None):
    a = json.load(open(audit_path, encoding="utf-8"))
    schema = json.load(open(__file__.rsplit("/tests/", 1)[0] + "/docs/audit.schema.json", encoding="utf-8"))
    conforms(a, schema, "audit")
    db = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True)
    # The filter as SQL over records: platform, and the time string against the bounds (a time
    # "2024-03-01T10:00:00.000Z" sorts after the bound "2024-03-01T00:00:00").
    where, fparams = "", []
    if platforms:
        where += " AND platform IN (%s)" % ",".join("?" * len(platforms))
        fparams += list(platforms)
    if since:
        where += " AND time >= ?"
        fparams.append(since)
    if until:
        where += " AND time < ?"
        fparams.append(until)
    q = lambda sql, *p: db.execute(sql.replace("WHERE 1", "WHERE 1" + where), fparams + list(p)).fetchall()
    qa = lambda sql, *p: db.execute(sql, p).fetchall()  # tables the filter does not apply to
    f = a["filter"]
    check("filter platforms", sorted(platforms), sorted(f["platforms"]))
    check("filter since", since, f["since"] and f["since"][:19])
    check("filter until", until, f["until"] and f["until"][:19])
    undated = qa("SELECT count(*) FROM records WHERE time IS NULL" + ("" if not platforms else " AND platform IN (%s)" % ",".join("?" * len(platforms))), *platforms)[0][0]
    check("undated left out", undated if (since or until) else 0, f["undated_left_out"])
    # Volume and span, per platform and kind.
    by_kind = defaultdict(dict)
    for platform, kind, n in q("SELECT platform, kind, count(*) FROM records WHERE 1 GROUP BY 1, 2"):
        by_kind[platform][kind] = n
    check("platforms", sorted(by_kind), [p["platform"] for p in a["platforms"]])
    for p in a["platforms"]:
        name = p["platform"]
        check("records by kind of " + name, by_kind[name], p["records"])
        check("total of " + name, sum(by_kind[name].values()), p["total"])
        first, last, undated = q("SELECT min(time), max(time), count(*) - count(time) FROM records WHERE 1 AND platform = ?", name)[0]
        check("first of " + name, first, p["first"])
        check("last of " + name, last, p["last"])
        check("undated of " + name, undated, p["undated"])
        years = dict(q("SELECT substr(time, 1, 4), count(*) FROM records WHERE 1 AND platform = ? AND time IS NOT NULL GROUP BY 1", name))
        check("by_year of " + name, years, p["by_year"])
        ky = {(k, y): n for k, y, n in q("SELECT kind, substr(time, 1, 4), count(*) FROM records WHERE 1 AND platform = ? AND time IS NOT NULL GROUP BY 1, 2", name)}
        check("kinds_by_year of " + name, ky, {(x["kind"], x["year"]): x["records"] for x in p["kinds_by_year"]})
    check("total records", q("SELECT count(*) FROM records WHERE 1")[0][0], a["totals"]["records"])
    months = Counter({(p, m): n for p, m, n in q("SELECT platform, substr(time, 1, 7), count(*) FROM records WHERE 1 AND time IS NOT NULL GROUP BY 1, 2")})
    check("timeline", months, Counter({(t["platform"], t["month"]): t["records"] for t in a["timeline"]}))
    arch = "SELECT sha256 FROM archives" + ("" if not platforms else " WHERE platform IN (%s)" % ",".join("?" * len(platforms)))
    check("archives", sorted(r[0] for r in qa(arch, *platforms)), sorted(x["sha256"] for x in a["archives"]))
    lists = a["lists"]
    max_items = f["max_items"] or float("inf")

    def listed(what, expected_keys, got_keys, total_key):
        """A list shows every item, or the first max_items of them; its total is whole."""
        check(what + " total", len(expected_keys), lists[total_key]["total"])
        check(what + " shown", min(len(expected_keys), max_items), len(got_keys))
        check(what + " shown is the list", len(got_keys), lists[total_key]["shown"])
        if len(got_keys) == len(expected_keys):
            check(what, sorted(expected_keys), sorted(got_keys))
        else:
            check(what + " are real", [], sorted(set(got_keys) - set(expected_keys)))

    # Inferences: every inference record once, each naming a real inference record.
    ids = {r[0]: r[1] for r in q("SELECT id, platform FROM records WHERE 1 AND kind = 'inference'")}
    listed("inference records", list(ids), [i["record"] for i in a["inferences"]], "inferences")
    check("inferences counted", len(ids), a["inference_summary"]["total"])
    check("inferences per platform", dict(Counter(ids.values())), a["inference_summary"]["by_platform"])
    check("inferences per category add up", len(ids), sum(a["inference_summary"]["by_category"].values()))
    for i in a["inferences"]:
        check("platform of inference " + i["record"], ids.get(i["record"]), i["platform"])
    for s in a["sensitive"]:
        check("flag names an inference " + s["record"], True, s["record"] in ids)
        check("flag has a reason " + s["record"], True, bool(s.get("reason")) and s["category"] in (
            "health", "religion", "politics", "sexuality", "ethnicity", "trade_union", "biometric_genetic", "age", "gender", "finance"))
    ss = a["sensitive_summary"]
    check("flags counted", ss["flags"], lists["sensitive"]["total"])
    check("flags per category add up", ss["flags"], sum(ss["by_category"].values()))
    check("flags per platform add up", ss["flags"], sum(ss["by_platform"].values()))
    if lists["sensitive"]["shown"] == ss["flags"]:
        check("flags per category", dict(Counter(s["category"] for s in a["sensitive"])), ss["by_category"])
        check("flagged inferences", len({s["record"] for s in a["sensitive"]}), ss["inferences"])
    # Advertisers: distinct (platform, name); on a list when a relation names an audience or a list.
    adv = defaultdict(set)
    for platform, name, rel in q("SELECT platform, json_extract(data, '$.name'), json_extract(data, '$.relation') FROM records WHERE 1 AND kind = 'advertiser'"):
        adv[(platform, name)].add(rel)
    listed("advertisers", list(adv), [(i["platform"], i["name"]) for i in a["advertisers"]["items"]], "advertisers")
    check("advertisers on a list", sum(1 for r in adv.values() if any("audience" in x or "list" in x for x in r if x)), a["advertisers"]["on_list"])
    # Off-platform events per company.
    off = {(p, app): n for p, app, n in q("SELECT platform, json_extract(data, '$.app'), count(*) FROM records WHERE 1 AND kind = 'off_platform' GROUP BY 1, 2")}
    listed("off-platform companies", list(off), [(i["platform"], i["app"]) for i in a["off_platform"]["items"]], "off_platform")
    for i in a["off_platform"]["items"]:
        check("off-platform events of " + str(i["app"]), off.get((i["platform"], i["app"])), i["events"])
    check("off-platform events", sum(off.values()), a["off_platform"]["events"])
    check("off-platform companies", len(off), a["off_platform"]["companies"])
    # Sign-ins per platform: events, distinct addresses, first and last.
    logins = {p: (n, ips, f, l) for p, n, ips, f, l in q(
        "SELECT platform, count(*), count(DISTINCT json_extract(data, '$.ip')), min(time), max(time) FROM records WHERE 1 AND kind = 'login' GROUP BY 1")}
    check("logins", logins, {x["platform"]: (x["events"], x["distinct_ips"], x["first"], x["last"]) for x in a["logins"]})
    for x in a["logins"]:
        check("ips shown of " + x["platform"], min(x["distinct_ips"], max_items), len(x["ips"]))
    # Locations: usable coordinates, and every one of them in exactly one cell.
    rows = q("SELECT json_extract(data, '$.lat'), json_extract(data, '$.lon') FROM records WHERE 1 AND kind = 'location'")
    usable = [(la, lo) for la, lo in rows if isinstance(la, (int, float)) and isinstance(lo, (int, float)) and -90 <= la <= 90 and -180 <= lo <= 180]
    loc = a["locations"]
    check("location records", len(rows), loc["records"])
    check("usable coordinates", len(usable), loc["with_coordinates"])
    check("positions in cells", len(usable), sum(c["records"] for c in loc["cells"]))
    for la, lo in usable:
        inside = [c for c in loc["cells"] if c["south"] - 1e-9 <= la < c["south"] + loc["cell_degrees"] + 1e-9 and c["west"] - 1e-9 <= lo < c["west"] + loc["cell_degrees"] + 1e-9]
        if not inside:
            failures.append("position %r,%r in no cell" % (la, lo))
    # The map: its box, its cell size (the first step giving at most 60 columns), and each cell's
    # count, binned here in Python (the audit bins in one streamed pass).
    if usable:
        box = (min(la for la, _ in usable), max(la for la, _ in usable), min(lo for _, lo in usable), max(lo for _, lo in usable))
        check("map bounds", box, (loc["bounds"]["south"], loc["bounds"]["north"], loc["bounds"]["west"], loc["bounds"]["east"]))
        span = max(box[3] - box[2], box[1] - box[0])
        steps = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0]
        cell = next((st for st in steps if span / st <= 60), 5.0)
        check("cell size", cell, loc["cell_degrees"])
        bins = {}
        for la, lo in usable:
            k = (int((la + 90) / cell), int((lo + 180) / cell))
            bins[k] = bins.get(k, 0) + 1
        check("cells", sorted((round(i * cell - 90, 6), round(j * cell - 180, 6), n) for (i, j), n in bins.items()),
              sorted((c["south"], c["west"], c["records"]) for c in loc["cells"]))
    out_of_range = q("SELECT count(*) FROM records WHERE 1 AND kind = 'location' AND json_extract(data, '$.lat') IS NOT NULL AND "
                     "(json_extract(data, '$.lat') NOT BETWEEN -90 AND 90 OR json_extract(data, '$.lon') NOT BETWEEN -180 AND 180)")[0][0]
    check("positions out of range", out_of_range, loc["out_of_range"])
    places = dict(((n, ad), (c, f, l, s)) for n, ad, c, f, l, s in q(
        "SELECT json_extract(data, '$.name'), json_extract(data, '$.address'), count(*), min(time), max(time), "
        "sum(unixepoch(json_extract(data, '$.end')) - unixepoch(json_extract(data, '$.start'))) "
        "FROM records WHERE 1 AND kind = 'location' AND json_extract(data, '$.name') IS NOT NULL GROUP BY 1, 2"))
    for pl in loc["places"]:
        check("visits of place " + str(pl["name"]), places.get((pl["name"], pl["address"])),
              (pl["records"], pl["first"], pl["last"], pl["seconds"]))
    busiest = sorted((c for c, _, _, _ in places.values()), reverse=True)[:25]
    check("the busiest places, in order", busiest, [pl["records"] for pl in loc["places"]])
    # People: contact records per platform.
    contacts = dict(q("SELECT platform, count(*) FROM records WHERE 1 AND kind = 'contact' GROUP BY 1"))
    check("contacts per platform", contacts, {x["platform"]: x["contacts"] for x in a["people"]["by_platform"]})
    check("contacts", sum(contacts.values()), a["people"]["contacts"])
    for x in a["people"]["by_platform"]:
        check("people <= contacts on " + x["platform"], True, 0 < x["people"] <= x["contacts"])
    check("shared people total", a["people"]["on_several_platforms"], lists["shared_people"]["total"])
    check("shared people shown", min(a["people"]["on_several_platforms"], max_items), len(a["people"]["shared"]))
    # What was not read.
    pf = "" if not platforms else " AND a.platform IN (%s)" % ",".join("?" * len(platforms))
    unread = sorted(tuple(r) for r in qa("SELECT a.name, f.path, f.fate FROM files f JOIN archives a ON a.rowid = f.archive WHERE f.fate IN ('unknown', 'failed', 'partial')" + pf, *platforms))
    listed("unread files", unread, [(f["archive"], f["path"], f["fate"]) for f in a["unread_files"]["files"]], "unread_files")
    check("files by fate", dict(qa("SELECT f.fate, count(*) FROM files f JOIN archives a ON a.rowid = f.archive WHERE 1" + pf + " GROUP BY 1", *platforms)),
          {k: v["files"] for k, v in a["unread_files"]["by_fate"].items()})


def months(db_path):
    db = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True)
    want = sorted(db.execute("SELECT platform, kind, coalesce(substr(time, 1, 7), ''), count(*), min(time), max(time) FROM records GROUP BY 1, 2, 3").fetchall())
    got = sorted(db.execute("SELECT platform, kind, month, records, first, last FROM record_months").fetchall())
    check("record_months rows", len(want), len(got))
    for w, g in zip(want, got):
        check("record_months " + "/".join(map(str, w[:3])), w, g)


class Refs(html.parser.HTMLParser):
    """Every attribute that could make a browser fetch something, and every <script>."""

    def __init__(self):
        super().__init__()
        self.csp = None
        self.tags = Counter()

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        d = dict(attrs)
        if tag == "svg" and not (d.get("role") == "img" and d.get("aria-labelledby")):
            failures.append("an <svg> without role=img and a title it is labelled by")
        if tag == "script":
            failures.append("a <script> element")
        if tag == "meta" and (d.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = d.get("content", "")
        for k, v in attrs:
            v = v or ""
            if k in ("src", "srcset", "action", "formaction", "poster", "background", "data", "manifest", "ping", "xlink:href"):
                failures.append("<%s %s=%r> refers to something" % (tag, k, v))
            if k == "href" and not v.startswith("#"):
                failures.append("<%s href=%r> leaves the page" % (tag, v))
            if k.startswith("on"):
                failures.append("<%s %s> is script" % (tag, k))
            if k == "style" and re.search(r"url\s*\(|@import|expression\s*\(", v, re.I):
                failures.append("<%s style=%r> fetches" % (tag, v))


def html_check(path):
    text = open(path, encoding="utf-8").read()
    p = Refs()
    p.feed(text)
    check("Content-Security-Policy forbids fetching", True, bool(p.csp) and "default-src 'none'" in p.csp and "script-src" not in p.csp)
    for style in re.findall(r"<style[^>]*>(.*?)</style>", text, re.S):
        if re.search(r"url\s*\(|@import", style, re.I):
            failures.append("a stylesheet fetches: " + style[:80])
    check("one h1", 1, p.tags["h1"])
    check("headings for every section", True, p.tags["h2"] >= 9)


def ndjson_check(audit_path, nd_path):
    a = json.load(open(audit_path, encoding="utf-8"))
    sections = Counter()
    for line in open(nd_path, encoding="utf-8"):
        sections[json.loads(line)["section"]] += 1
    check("ndjson platforms", len(a["platforms"]), sections["platform"])
    check("ndjson inferences", len(a["inferences"]), sections["inference"])
    check("ndjson sensitive", len(a["sensitive"]), sections["sensitive"])
    check("ndjson advertisers", len(a["advertisers"]["items"]), sections["advertiser"])
    check("ndjson unread files", len(a["unread_files"]["files"]), sections["unread_file"])
    check("ndjson totals", 1, sections["totals"])
    check("ndjson filter", 1, sections["filter"])
    check("ndjson lists", len(a["lists"]), sections["list"])


def flags_check(audit_path, expected_path):
    a = json.load(open(audit_path, encoding="utf-8"))
    expected = set()
    for line in open(expected_path, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            rid, cat = line.split()[:2]
            expected.add((rid, cat))
    check("flags", sorted(expected), sorted({(s["record"], s["category"]) for s in a["sensitive"]}))


mode = sys.argv[1]
if mode == "figures":
    opts = {"platforms": [], "since": None, "until": None}
    rest = sys.argv[4:]
    while rest:
        flag, value, rest = rest[0], rest[1], rest[2:]
        if flag == "--platform":
            opts["platforms"].append(value)
        else:
            opts[flag[2:]] = value
    figures(sys.argv[2], sys.argv[3], opts["platforms"], opts["since"], opts["until"])
elif mode == "months":
    months(sys.argv[2])
elif mode == "html":
    html_check(sys.argv[2])
elif mode == "ndjson":
    ndjson_check(sys.argv[2], sys.argv[3])
elif mode == "flags":
    flags_check(sys.argv[2], sys.argv[3])
for f in failures:
    print(f)
sys.exit(1 if failures else 0)
