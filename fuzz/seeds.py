#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target from samples/ and tests/, at run time (nothing
binary is committed): fuzz/seeds.py SOURCE_DIR OUT_DIR makes OUT_DIR/<target>/<name> files.
Seeds are capped in size so that libFuzzer starts from many small inputs."""
import base64
import hashlib
import io
import json
import os
import sys
import tarfile
import zipfile

SRC, OUT = sys.argv[1], sys.argv[2]
CAP = 256 * 1024


def files(root, exts=None):
    for base, dirs, names in os.walk(os.path.join(SRC, root)):
        dirs.sort()
        for n in sorted(names):
            p = os.path.join(base, n)
            if exts and not n.lower().endswith(exts):
                continue
            if os.path.getsize(p) <= CAP:
                yield p


def seed(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, hashlib.sha1(name.encode() + data).hexdigest()[:16]), "wb") as f:
        f.write(data[:CAP])


def read(p):
    with open(p, "rb") as f:
        return f.read()


def rel(p, root):
    return os.path.relpath(p, os.path.join(SRC, root)).replace(os.sep, "/")


samples = sorted(d for d in os.listdir(os.path.join(SRC, "samples")) if os.path.isdir(os.path.join(SRC, "samples", d)))

# JSON, CSV, HTML layers: every such file of the samples and the test vectors.
for p in files("samples", (".json", ".js")):
    seed("json", p, read(p))
for p in files("tests/vectors", (".json",)):
    seed("json", p, read(p))
for p in files("samples", (".csv",)):
    seed("csv", p, read(p))
    for line in read(p).splitlines()[:4]:
        seed("escape", p + line.decode("utf-8", "replace"), line)
# The CAR and DAG-CBOR layer: the Bluesky repositories of the samples.
for p in files("samples", (".car",)):
    seed("car", p, read(p))
for p in files("samples", (".html", ".htm")):
    seed("html", p, read(p))
    # My Activity's cells one by one, as the importer hands them to HtmlTree.
    marker = b'<div class="outer-cell'
    for k, cell in enumerate(read(p).split(marker)[1:]):
        seed("html", p + "#cell" + str(k), marker + cell)
for p in files("samples", (".ics", ".vcf")):
    seed("escape", p, read(p)[:2000])

# The archive reader: each sample as a zip, a tar.gz and a plain tar (a nested zip in one).
for s in samples:
    root = os.path.join("samples", s)
    members = [(rel(p, root), read(p)) for p in files(root)]
    small = [(n, b[:4096]) for n, b in members][:40]
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in small:
            z.writestr(n, b)
    seed("archive", s + ".zip", zbuf.getvalue())
    for mode in ("w:gz", "w"):
        tbuf = io.BytesIO()
        with tarfile.open(fileobj=tbuf, mode=mode) as t:
            for n, b in small[:10]:
                info = tarfile.TarInfo(n)
                info.size = len(b)
                t.addfile(info, io.BytesIO(b))
        seed("archive", s + mode, tbuf.getvalue())
nested = io.BytesIO()
with zipfile.ZipFile(nested, "w") as z:
    z.writestr("outer.json", "[1]")
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zi:
        zi.writestr("inner/a.csv", "a,b\n1,2\n")
    z.writestr("part-2.zip", inner.getvalue())
seed("archive", "nested.zip", nested.getvalue())

# Importers: "<importer>\n<path>\n<bytes>", one seed per sample file, and one per sample folder
# with its small files together (entries cut by "\n--8<-- <path>\n").
def importer_of(sample):
    return sample.split("-")[0]

for s in samples:
    root = os.path.join("samples", s)
    imp = importer_of(s).encode()
    together = []
    for p in files(root):
        b = read(p)
        seed("importers", p, imp + b"\n" + rel(p, root).encode() + b"\n" + b)
        if len(b) <= 8192:
            together.append(rel(p, root).encode() + b"\n" + b)
    if together:
        seed("importers", root, imp + b"\n" + b"\n--8<-- ".join(together[:16]))
for p in files("tests/golden", (".ndjson",)):
    lines = read(p).splitlines()
    seed("importers", p, b"dump\ndump.ndjson\n" + b"\n".join(lines[:50]))
    # The exporters read records: the golden dumps, 40 lines at a time.
    for i in range(0, min(len(lines), 400), 40):
        seed("export", p + str(i), b"\n".join(lines[i:i + 40]))


# A small bag (RFC 8493) for the bundle importer and for the BagIt text formats.
def bag():
    payload = {"data/records/contact.ndjson": read(os.path.join(SRC, "tests/golden/linkedin.ndjson")).splitlines()[0] + b"\n"}
    out = {"bagit.txt": b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"}
    out.update(payload)
    out["bag-info.txt"] = ("Bagging-Date: 2026-01-01\nPayload-Oxum: %d.%d\nDataport-Model-Version: 1\n"
                           "Dataport-Records: 1\nExternal-Description: a synthetic bag\n  continued here\n"
                           % (sum(len(b) for b in payload.values()), len(payload))).encode()
    for alg in ("sha256", "sha512"):
        out["manifest-%s.txt" % alg] = "".join(
            "%s  %s\n" % (hashlib.new(alg, b).hexdigest(), n) for n, b in payload.items()).encode()
    out["tagmanifest-sha256.txt"] = "".join(
        "%s %s\n" % (hashlib.sha256(out[n]).hexdigest(), n)
        for n in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sha512.txt")).encode()
    return out

b = bag()
seed("importers", "bag", b"bundle\n" + b"\n--8<-- ".join(n.encode() + b"\n" + v for n, v in b.items()))
for n in ("manifest-sha256.txt", "manifest-sha512.txt", "tagmanifest-sha256.txt", "bag-info.txt"):
    seed("bagit", n, b[n])
seed("bagit", "encoded", b"%0D%0A%25 data/a%0Ab.txt\n")

# Credentials: the W3C vectors, and documents the harness signs itself.
for p in files("tests/vectors/vc-di-eddsa", (".json",)):
    seed("credential", p, read(p))
seed("credential", "plain", json.dumps({"@context": ["https://www.w3.org/ns/credentials/v2"],
                                        "type": ["VerifiableCredential"], "issuer": "did:key:z6Mk",
                                        "validFrom": "2026-01-01T00:00:00Z",
                                        "credentialSubject": {"name": "Ada", "n": [1, 2.5, None, True]}}))
# SD-JWT: the RFC 9901 and SD-JWT VC tokens, and payload + disclosures that the harness signs.
for p in files("tests/vectors/sd-jwt", (".txt",)):
    seed("sdjwt", p, read(p).strip())
seed("sdjwt", "built", '{"vct":"urn:example","iss":"https://issuer.example","address":{"_sd":[]}}'
     '\n~\n["salt1","given_name","Ada"]\n~\n["salt2","nationalities",["DE",{"x":1}]]')

# ISO media for the photo exporter's box readers: movies (version 0 and 1 date atoms, moov before
# or after mdat) and HEIF images with an Exif item in mdat or in idat, built as the unit tests do.
def be(v, w):
    return v.to_bytes(w, "big")


def box(t, body):
    return be(8 + len(body), 4) + t + body


def full(t, version, body):
    return box(t, bytes([version, 0, 0, 0]) + body)


def dated(t, version, created):
    w = 8 if version else 4
    return full(t, version, be(created, w) * 2 + b"x" * 20)


for version in (0, 1):
    moov = box(b"moov", dated(b"mvhd", version, 3600000000) +
               box(b"trak", dated(b"tkhd", version, 0) + box(b"mdia", dated(b"mdhd", version, 0))) +
               box(b"udta", b"\xa9day" + b"2024"))
    ftyp, mdat = box(b"ftyp", b"mp42\0\0\0\0mp42isom"), box(b"mdat", b"s" * 64)
    seed("media", "movie%d" % version, ftyp + moov + mdat)
    seed("media", "movie-last%d" % version, ftyp + mdat + moov)
payload = be(0, 4) + b"MM\0*\0\0\0\x08" + b"t" * 10
for method in (0, 1):
    iinf = full(b"iinf", 0, be(2, 2) + full(b"infe", 2, be(1, 2) + be(0, 2) + b"hvc1") +
                full(b"infe", 2, be(7, 2) + be(0, 2) + b"Exif"))

    def meta(offset):
        iloc = full(b"iloc", 1, b"\x44\x00" + be(1, 2) + be(7, 2) + be(method, 2) + be(0, 2) + be(1, 2) +
                    be(offset, 4) + be(len(payload), 4))
        return full(b"meta", 0, full(b"hdlr", 0, b"h" * 20) + iinf + iloc + (box(b"idat", payload) if method else b""))
    ftyp = box(b"ftyp", b"heic\0\0\0\0mif1heic")
    at = len(ftyp) + len(meta(0)) + 8
    seed("media", "heic%d" % method, ftyp + meta(0) if method else ftyp + meta(at) + box(b"mdat", payload))

# Sharing policies: the shipped ones, and the dates and addresses their transforms take.
for p in files("policies", (".json",)):
    seed("policy", p, read(p))
for v in ("2019-03-14T10:11:12Z", "2019-03-14T10:11:12+05:30", "2019-03-14T10:11", "2019-03-14", "2019-03",
          "2019", "203.0.113.77", " 2001:db8:85a3::8a2e:370:7334 ", "::ffff:192.0.2.1"):
    seed("policy", v, v)

print("seeds:", ", ".join("%s %d" % (t, len(os.listdir(os.path.join(OUT, t)))) for t in sorted(os.listdir(OUT))))
