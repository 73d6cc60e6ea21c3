#!/usr/bin/env python3
"""An independent BagIt 1.0 check (RFC 8493), written from the RFC with the standard library only,
so the project's bags are judged by code that shares nothing with dataport's own `verify`.

Usage: bagit_check.py BAG   (a folder, a .zip or a .tar.gz holding one bag)
Prints each problem and exits 1 when the bag is not valid; prints "valid" and exits 0 when it is.
"""
import hashlib
import os
import re
import sys
import tarfile
import tempfile
import unicodedata
import zipfile


def lines_of(data):
    return re.split(r"\r\n|\r|\n", data.decode("utf-8"))


def decode_path(p):
    return re.sub(r"%(0[dDaA]|25)", lambda m: {"0d": "\r", "0a": "\n", "25": "%"}[m.group(1).lower()], p)


def unpack(path, into):
    if os.path.isdir(path):
        return path
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            for n in z.namelist():
                if n.startswith("/") or ".." in n.split("/"):
                    raise SystemExit(f"{path}: unsafe member {n}")
            z.extractall(into)
    else:
        with tarfile.open(path) as t:
            for m in t.getmembers():
                if m.name.startswith("/") or ".." in m.name.split("/") or not (m.isfile() or m.isdir()):
                    raise SystemExit(f"{path}: unsafe member {m.name}")
            t.extractall(into)
    return into


def find_base(root):
    if os.path.isfile(os.path.join(root, "bagit.txt")):
        return root
    tops = [d for d in os.listdir(root) if not d.startswith("__MACOSX")]
    if len(tops) == 1 and os.path.isfile(os.path.join(root, tops[0], "bagit.txt")):
        return os.path.join(root, tops[0])
    raise SystemExit(f"{root}: no bag (bagit.txt at the top or in one top-level folder)")


def digest(path, alg):
    h = hashlib.new(alg)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def parse_manifest(base, name, problems):
    entries = {}
    with open(os.path.join(base, name), "rb") as f:
        raw = f.read()
    for i, line in enumerate(lines_of(raw), 1):
        if not line.strip():
            continue
        m = re.match(r"^([0-9A-Fa-f]+)[ \t]+\*?(.+)$", line)
        if not m:
            problems.append(f"{name} line {i}: not '<checksum> <path>'")
            continue
        p = decode_path(m.group(2))
        if p.startswith("/") or p.startswith("~") or ".." in p.split("/"):
            problems.append(f"{name} line {i}: unsafe path {p!r}")
            continue
        if p in entries:
            problems.append(f"{name} line {i}: {p} listed twice")
        entries[p] = m.group(1).lower()
    return entries


def check(bag):
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        base = find_base(unpack(bag, tmp))
        raw = open(os.path.join(base, "bagit.txt"), "rb").read()
        if raw.startswith(b"\xef\xbb\xbf"):
            problems.append("bagit.txt: byte order mark")
        decl = [l for l in lines_of(raw) if l != ""]
        if len(decl) != 2 or not re.fullmatch(r"BagIt-Version: \d+\.\d+", decl[0]) \
                or decl[1] != "Tag-File-Character-Encoding: UTF-8":
            problems.append(f"bagit.txt: unexpected declaration {decl!r}")
        if not os.path.isdir(os.path.join(base, "data")):
            problems.append("data/: missing")

        payload = {}
        for d, _, files in os.walk(os.path.join(base, "data")):
            for fn in files:
                full = os.path.join(d, fn)
                rel = os.path.relpath(full, base).replace(os.sep, "/")
                payload[unicodedata.normalize("NFC", rel)] = full

        names = sorted(os.listdir(base))
        manifests = [n for n in names if re.fullmatch(r"manifest-[a-z0-9]+\.txt", n)]
        tagmanifests = [n for n in names if re.fullmatch(r"tagmanifest-[a-z0-9]+\.txt", n)]
        if not manifests:
            problems.append("no payload manifest")
        for name in manifests:
            alg = name[len("manifest-"):-4]
            entries = parse_manifest(base, name, problems)
            for p, want in entries.items():
                q = unicodedata.normalize("NFC", p)
                if not q.startswith("data/"):
                    problems.append(f"{name}: {p} is not a payload path")
                elif q not in payload:
                    problems.append(f"{name}: {p} is missing")
                elif digest(payload[q], alg) != want:
                    problems.append(f"{name}: {p} checksum mismatch")
            listed = {unicodedata.normalize("NFC", p) for p in entries}
            for p in payload:
                if p not in listed:
                    problems.append(f"{name}: payload file {p} not listed")

        for name in tagmanifests:
            alg = name[len("tagmanifest-"):-4]
            for p, want in parse_manifest(base, name, problems).items():
                full = os.path.join(base, p)
                if p.startswith("data/"):
                    problems.append(f"{name}: lists payload file {p}")
                elif not os.path.isfile(full):
                    problems.append(f"{name}: {p} is missing")
                elif digest(full, alg) != want:
                    problems.append(f"{name}: {p} checksum mismatch")

        info_path = os.path.join(base, "bag-info.txt")
        if os.path.isfile(info_path):
            info = []
            for i, line in enumerate(lines_of(open(info_path, "rb").read()), 1):
                if line == "":
                    continue
                if line[0] in " \t":
                    if not info:
                        problems.append(f"bag-info.txt line {i}: continuation without a label")
                    continue
                m = re.match(r"^([^:\s][^:]*):\s?(.*)$", line)
                if not m:
                    problems.append(f"bag-info.txt line {i}: not 'Label: value'")
                    continue
                info.append((m.group(1).strip(), m.group(2).strip()))
            for label, value in info:
                if label == "Payload-Oxum":
                    size = sum(os.path.getsize(f) for f in payload.values())
                    if value != f"{size}.{len(payload)}":
                        problems.append(f"bag-info.txt: Payload-Oxum {value} but payload is {size}.{len(payload)}")
                if label == "Bagging-Date" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                    problems.append(f"bag-info.txt: Bagging-Date {value!r} is not YYYY-MM-DD")
    return problems


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    found = check(sys.argv[1])
    for p in found:
        print(p)
    print("valid" if not found else f"NOT VALID: {len(found)} problems")
    sys.exit(1 if found else 0)
