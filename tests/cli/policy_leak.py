#!/usr/bin/env python3
"""The leak test of issue 18: every identifier a store holds must be absent from an export made
under a sharing policy, except where the policy keeps that field verbatim.

Usage: policy_leak.py DB OUTPUT_DIR
  DB          the store the export was made from (read with sqlite3, not dataport)
  OUTPUT_DIR  the bundle, unpacked (a folder)
The identifiers are collected from the records' JSON by this script's own reading of the record
model (docs/schema.md): names, usernames, emails, phone numbers, profile URLs of the people in
profiles, contacts, senders, recipients, endorsers...; IP addresses; coordinates given to 4 or
more decimals; and every email address and @handle found in any string. Fields the policy kept
verbatim are read from the bundle's own data/policy/summary.json ("rule": "keep"); identifiers
found only in such fields may appear. Every other identifier is searched, case-insensitively,
in every byte of every file of the output and in every file name. Prints each leak; exit 1 if any.
"""
import json
import os
import re
import sqlite3
import sys

DB, OUT = sys.argv[1], sys.argv[2]

PERSON_FIELDS = {"from", "to", "cc", "bcc", "person", "endorser", "author", "participants", "recipients", "sender",
                 "members", "mentions", "people", "tagged"}
PERSON_KIND_FIELDS = {"name", "first_name", "last_name", "middle_name", "maiden_name", "nickname", "username", "email",
                      "emails", "phones", "url", "handles", "websites", "display_name"}
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
HANDLE = re.compile(r"(?<![A-Za-z0-9_.])@([A-Za-z0-9_][A-Za-z0-9_.]{2,})")

found = {}  # identifier -> [what it is, set of (kind, top field) it was found in]


def add(ident, kind, field, what):
    if not isinstance(ident, str):
        return
    ident = ident.strip()
    # Too short to search for as bytes without matching ordinary words.
    if len(ident) < 4:
        return
    found.setdefault(ident, [what, set()])[1].add((kind, field))


def person(v, kind, field):
    if isinstance(v, list):
        for x in v:
            person(x, kind, field)
    elif isinstance(v, str):
        add(v, kind, field, "person")
    elif isinstance(v, dict):
        for k, x in v.items():
            if k in ("name", "username", "email", "url", "display_name", "handle", "address", "number", "phone"):
                if isinstance(x, str):
                    add(x, kind, field, k)
            elif k in ("emails", "phones", "handles", "websites"):
                person(x, kind, field)
        if isinstance(v.get("first_name"), str) and isinstance(v.get("last_name"), str):
            add(v["first_name"] + " " + v["last_name"], kind, field, "name")


def strings(v, kind, field):
    if isinstance(v, str):
        for m in EMAIL.findall(v):
            add(m, kind, field, "email")
        for m in HANDLE.findall(v):
            add("@" + m, kind, field, "handle")
    elif isinstance(v, list):
        for x in v:
            strings(x, kind, field)
    elif isinstance(v, dict):
        for k, x in v.items():
            if (k == "ip" or k.endswith("_ip") or k == "ip_address") and isinstance(x, str):
                add(x, kind, field, "ip")
            elif k in PERSON_FIELDS:
                person(x, kind, field)
            strings(x, kind, field)


db = sqlite3.connect(DB)
# Platform and service names are not people, even where a record names one as a sender (X's Grok).
envelope = {v.lower() for row in db.execute("SELECT DISTINCT platform, service FROM records") for v in row if v}
for kind, data in db.execute("SELECT kind, data FROM records"):
    d = json.loads(data)
    for k, v in d.items():
        if k in PERSON_FIELDS or (kind in ("profile", "contact") and k in PERSON_KIND_FIELDS):
            person(v if k not in ("name", "username", "email", "url") else {k: v}, kind, k)
        if kind in ("profile", "contact") and isinstance(d.get("first_name"), str) and isinstance(d.get("last_name"), str):
            add(d["first_name"] + " " + d["last_name"], kind, "first_name", "name")
        strings({k: v}, kind, k)
    # Precise coordinates, as the store writes them.
    for m in re.finditer(r'"(lat|lon|latitude|longitude)":(-?\d+\.\d{4,})', data):
        add(m.group(2), kind, m.group(1), "coordinate")

summary_path = os.path.join(OUT, "data", "policy", "summary.json")
with open(summary_path) as f:
    summary = json.load(f)
kept = set()
for k in summary["kinds"]:
    for field, c in k["fields"].items():
        if c["rule"] == "keep":
            kept.add((k["kind"], field))

# The output: every file's bytes and every file name, lower-cased. The record schema documents
# and the policy file are the same for every store: an identifier that happens to be a word of
# them (a sample person called "Berlin") is not a leak.
fixed = ""
blob = []
for root, dirs, files in os.walk(OUT):
    for name in files:
        path = os.path.join(root, name)
        rel = os.path.relpath(path, OUT)
        blob.append(rel.lower())
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", "replace").lower()
        if rel.startswith(os.path.join("data", "schema")) or rel == os.path.join("data", "policy", "policy.json"):
            fixed += text
        elif rel == os.path.join("data", "README.txt"):
            # dataport's own words ("bagit-python") are the same for every store; its lines that come
            # from the data (a kind and its count, the policy's name) are searched.
            for line in text.split("\n"):
                if re.match(r"^  [a-z_]+ +\d+$", line) or "sharing policy" in line:
                    blob.append(line)
                else:
                    fixed += line + "\n"
        else:
            blob.append(text)
blob = "\n".join(blob)

leaks = 0
checked = 0
for ident, (what, origins) in sorted(found.items()):
    if origins & kept:
        continue  # in a field the policy keeps verbatim, so it may appear
    needle = ident.lower()
    if needle in fixed or needle in envelope:
        continue
    checked += 1
    if needle in blob:
        leaks += 1
        i = blob.index(needle)
        print(f"LEAK: {what} {ident!r} (from {sorted(origins)[:3]}) appears: ...{blob[max(0, i - 60):i + 60]!r}...")
print(f"{checked} identifiers checked, {leaks} leaks")
sys.exit(1 if leaks else 0)
