#!/usr/bin/env python3
"""Reads an `export photos` folder back with independent tools (exiftool for metadata, ImageMagick
for pixels, Python for bytes, links and times) and compares it with the records of the store.

Usage: check.py DIR DUMP.ndjson MEDIA_DIR [--prefer-platform] [--expect FILE.json]
DUMP is `dataport export dump` of the same store. Prints one line per failure and a summary;
exits 1 on any failure.
"""
import csv
import hashlib
import json
import os
import subprocess
import sys
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_video import top_boxes  # noqa: E402

out_dir, dump, media_dir = sys.argv[1:4]
prefer_platform = "--prefer-platform" in sys.argv
expect = json.load(open(sys.argv[sys.argv.index("--expect") + 1])) if "--expect" in sys.argv else {}
failures = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)


def parse_time(s):
    if not s:
        return None
    return datetime.fromisoformat(s.replace("Z", "+00:00")).astimezone(timezone.utc)


records = {}
named = {}  # sha256 -> [(record, item)]
for line in open(dump, encoding="utf-8"):
    r = json.loads(line)
    if "id" not in r:  # the header line: {"dataport": "dump", "model_version": N}
        continue
    records[r["id"]] = r
    if r["kind"] not in ("media", "post"):
        continue
    for item in r["data"].get("media", []):
        if "sha256" in item and item.get("mime", "").split("/")[0] in ("image", "video"):
            if os.path.exists(os.path.join(media_dir, item["sha256"][:2], item["sha256"])):
                named.setdefault(item["sha256"], []).append((r, item))

rows = list(csv.DictReader(open(os.path.join(out_dir, "dataport-photos.csv"), encoding="utf-8")))
check(sorted(r["sha256"] for r in rows) == sorted(named), "every photo and video named by a record is written exactly once")


def how(row):
    """What the export says it did: "embedded" or "sidecar", then "; "-separated details."""
    return row["metadata"].split("; ")


def sidecar(row):
    return how(row)[0] == "sidecar"


def stem(name):
    return name.rsplit(".", 1)[0] if "." in name[1:] else name


# The sidecar naming rule (man dataport-export): "NAME.xmp", unless another file of the same folder
# with the same stem (case-insensitively) has a sidecar too; then "NAME.EXT.xmp" for each of them.
sharing = {}
for row in rows:
    if sidecar(row):
        key = stem(row["file"]).lower()  # with its folder
        sharing[key] = sharing.get(key, 0) + 1
xmp_of = {}
for row in rows:
    if sidecar(row):
        xmp_of[row["file"]] = row["file"] + ".xmp" if sharing[stem(row["file"]).lower()] > 1 else stem(row["file"]) + ".xmp"
written_xmp = set()
for root, _, names in os.walk(out_dir):
    for n in names:
        rel = os.path.relpath(os.path.join(root, n), out_dir)
        if n.endswith(".xmp") and not rel.startswith("albums/") or n.endswith(".xmp") and rel in xmp_of.values():
            written_xmp.add(rel)
check(written_xmp == set(xmp_of.values()), f"sidecars named by the rule: written {sorted(written_xmp - set(xmp_of.values()))}, "
      f"missing {sorted(set(xmp_of.values()) - written_xmp)}")

files = []
for row in rows:
    files.append(os.path.join(out_dir, row["file"]))
    if sidecar(row):
        files.append(os.path.join(out_dir, xmp_of[row["file"]]))
tags = ["-FileType", "-DateTimeOriginal", "-OffsetTimeOriginal", "-GPSLatitude", "-GPSLongitude", "-GPSAltitude",
        "-ImageDescription", "-Description", "-Comment", "-PersonInImage", "-Album", "-Source",
        "-CreateDate", "-ModifyDate", "-TrackCreateDate", "-TrackModifyDate", "-MediaCreateDate", "-MediaModifyDate"]
meta = {}
for e in json.loads(subprocess.run(["exiftool", "-json", "-n", "-G1", "-struct", *tags, *files],
                                   check=True, capture_output=True, text=True).stdout):
    meta[os.path.relpath(e["SourceFile"], out_dir)] = e


def first(e, *keys):
    for k in keys:
        if k in e:
            return e[k]
    return None


def pixels(path):
    return subprocess.run(["identify", "-format", "%#\n", path], check=True, capture_output=True, text=True).stdout


def best(sha):
    """What the records say, merged as the issue asks: a taken time over an upload time."""
    taken, rank, lat, lon, alt, caption, people, albums = None, 0, None, None, None, "", [], []
    for r, item in named[sha]:
        d = r["data"]
        for t, k in ((item.get("taken_at"), 2), (d.get("taken_at"), 2), (item.get("created_at"), 1), (r["time"], 1)):
            if t and k > rank:
                taken, rank = t, k
        for o in (item, d):
            if lat is None and "lat" in o and "lon" in o:
                lat, lon, alt = o["lat"], o["lon"], o.get("altitude")
        cap = item.get("description") or d.get("description") or (d.get("text") or item.get("title") if r["kind"] == "post" else "")
        caption = caption or cap or ""
        for p in d.get("people", []) + d.get("tags", []):
            if p.get("name") and p["name"] not in people:
                people.append(p["name"])
        if d.get("album") and d["album"] not in albums:
            albums.append(d["album"])
    return parse_time(taken), lat, lon, alt, caption, people, albums


for row in rows:
    rel, sha = row["file"], row["sha256"]
    path = os.path.join(out_dir, rel)
    where = rel
    check(os.path.isfile(path) and not os.path.islink(path), f"{where}: a real file")
    stored = os.path.join(media_dir, sha[:2], sha)
    data = open(path, "rb").read()
    for rid in row["records"].split():
        check(rid in records and any(i.get("sha256") == sha for i in records[rid]["data"].get("media", [])),
              f"{where}: record {rid} names this file")
    taken, lat, lon, alt, caption, people, albums = best(sha)
    check(parse_time(row["taken_at"]) == taken, f"{where}: index time {row['taken_at']} is the records' {taken}")
    if taken:
        check(rel.startswith(taken.strftime("%Y/%m/")) or rel.startswith("albums/") or "/" + taken.strftime("%Y/%m/") in rel,
              f"{where}: in the folder of its month")
        check(int(os.stat(path).st_mtime) == int(taken.timestamp()), f"{where}: mtime is the taken time")
    if "quicktime dates" in how(row):
        # The dates were patched in place: same size, every other byte the same, all changes in moov.
        old = open(stored, "rb").read()
        moov = [(at, at + size) for kind, at, size in top_boxes(old) if kind == "moov"]
        diff = [i for i in range(min(len(old), len(data))) if old[i] != data[i]]
        check(len(old) == len(data), f"{where}: same size as the stored file")
        check(len(moov) == 1 and all(moov[0][0] <= i < moov[0][1] for i in diff), f"{where}: only moov changed")
        q = meta.get(rel, {})
        want = taken.strftime("%Y:%m:%d %H:%M:%S") if taken else None
        for tag in ("QuickTime:CreateDate", "QuickTime:ModifyDate", "Track1:TrackCreateDate", "Track1:TrackModifyDate",
                    "Track1:MediaCreateDate", "Track1:MediaModifyDate"):
            check(q.get(tag) == want, f"{where}: {tag} {q.get(tag)!r}, records say {want}")
    elif sidecar(row):
        check(hashlib.sha256(data).hexdigest() == sha, f"{where}: copied byte for byte")
    if sidecar(row):
        e = meta.get(xmp_of[rel], {})
        if "camera date kept" in how(row):
            check("XMP-exif:DateTimeOriginal" not in e, f"{where}: no sidecar date beside the camera's")
        if "camera position kept" in how(row):
            check("XMP-exif:GPSLatitude" not in e, f"{where}: no sidecar position beside the camera's")
    else:
        check(pixels(path) == pixels(stored), f"{where}: pixels unchanged")
        e = meta.get(rel, {})
    kept_date = "camera date kept" in row["metadata"]
    if taken and not kept_date:
        want = taken.strftime("%Y:%m:%d %H:%M:%S")
        got = first(e, "ExifIFD:DateTimeOriginal", "XMP-exif:DateTimeOriginal") or ""
        check(got.startswith(want), f"{where}: DateTimeOriginal {got!r}, records say {want}")
        if not sidecar(row):
            check(e.get("ExifIFD:OffsetTimeOriginal") == "+00:00", f"{where}: OffsetTimeOriginal +00:00")
    if lat is not None and "camera position kept" not in row["metadata"]:
        glat = first(e, "Composite:GPSLatitude", "XMP-exif:GPSLatitude")
        glon = first(e, "Composite:GPSLongitude", "XMP-exif:GPSLongitude")
        check(glat is not None and abs(glat - lat) < 1e-6 and abs(glon - lon) < 1e-6,
              f"{where}: GPS {glat},{glon}, records say {lat},{lon}")
        if alt:
            galt = first(e, "Composite:GPSAltitude", "XMP-exif:GPSAltitude")
            check(galt is not None and abs(galt - alt) < 1e-3, f"{where}: altitude {galt}, records say {alt}")
    if caption and "camera caption kept" not in row["metadata"]:
        check(e.get("XMP-dc:Description") == caption, f"{where}: XMP description {e.get('XMP-dc:Description')!r}, records say {caption!r}")
        if not sidecar(row):
            check(e.get("IFD0:ImageDescription") == caption, f"{where}: ImageDescription {e.get('IFD0:ImageDescription')!r}")
    if people:
        got = e.get("XMP-iptcExt:PersonInImage")
        got = got if isinstance(got, list) else [got]
        check(got == people, f"{where}: PersonInImage {got}, records say {people}")
    for a in albums:
        link = None
        for cand in os.listdir(os.path.join(out_dir, "albums", a)) if os.path.isdir(os.path.join(out_dir, "albums", a)) else []:
            p = os.path.join(out_dir, "albums", a, cand)
            if not cand.endswith(".xmp") and os.path.exists(p) and os.path.samefile(p, path) or (
                    not os.path.islink(p) and not cand.endswith(".xmp") and open(p, "rb").read() == data):
                link = p
        check(link is not None, f"{where}: in the folder of album {a}")
        if link and os.path.islink(link):
            target = os.path.realpath(link)
            check(target.startswith(os.path.realpath(out_dir) + os.sep), f"{link}: link stays inside the folder")

by_name = {os.path.basename(r["file"]): r for r in rows}
for name, want in expect.items():
    row = by_name.get(name)
    check(row is not None, f"{name}: written")
    if not row:
        continue
    e = {**(meta.get(xmp_of[row["file"]], {}) if sidecar(row) else {}), **meta.get(row["file"], {})}  # File:FileType from the file
    for key, value in want.items():
        if key == "folder":
            got = os.path.dirname(row["file"])
        elif key in row:
            got = row[key]
        else:
            got = e.get(key)
        if isinstance(value, float):
            check(got is not None and abs(float(got) - value) < 1e-6, f"{name}: {key} is {got!r}, expected {value!r}")
        else:
            check(got == value, f"{name}: {key} is {got!r}, expected {value!r}")

for f in failures:
    print("FAIL:", f)
print(f"check.py: {checks - len(failures)} passed, {len(failures)} failed ({len(rows)} files)")
sys.exit(1 if failures else 0)
