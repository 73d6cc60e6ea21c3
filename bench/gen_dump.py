#!/usr/bin/env python3
"""Writes a synthetic dataport dump (NDJSON records in the dump format) of about SIZE_MB megabytes,
and MEDIA_MB megabytes of media files (JPEG-headed random bytes) beside it, for the bundle
benchmark. Deterministic (fixed seed); streamed, never held whole. Synthetic data only.

Usage: gen_dump.py OUT_DIR SIZE_MB MEDIA_MB [FIRST COUNT]
Writes OUT_DIR/records.ndjson and OUT_DIR/media/NNNNN.jpg; prints the record count. With FIRST and
COUNT: exactly records FIRST to FIRST+COUNT-1 (SIZE_MB unused), so a big store is made in parts.
"""
import hashlib
import json
import os
import random
import sys
import time

out, size_mb, media_mb = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
first, count = (int(sys.argv[4]), int(sys.argv[5])) if len(sys.argv) > 5 else (0, None)
os.makedirs(os.path.join(out, "media"), exist_ok=True)
rng = random.Random(20260101 + first)
words = ("portable data archive export platform message photo friend post comment travel music "
         "coffee river mountain city garden evening morning project meeting weekend").split()
kinds = ["post", "message", "comment", "reaction", "contact", "location", "activity"]
archive = hashlib.sha256(b"bench").hexdigest()

target = int(size_mb * 1e6)
written = 0
n = first
with open(os.path.join(out, "records.ndjson"), "w", encoding="utf-8") as f:
    while (written < target) if count is None else (n < first + count):
        kind = kinds[n % len(kinds)]
        t = 1262304000 + n * 37
        text = " ".join(rng.choice(words) for _ in range(rng.randint(8, 60)))
        person = {"name": "Person %d" % (n % 5000)}
        url = "https://example.invalid/%d" % n
        # Each kind with fields of the record model (`dataport formats --schema KIND`): a dump that
        # does not fit it is read as partial.
        data = {
            "post": lambda: {"text": text, "url": url},
            "message": lambda: {"text": text, "from": person},
            "comment": lambda: {"text": text, "author": person, "url": url},
            "reaction": lambda: {"reaction": "like", "owner": person, "title": text, "url": url},
            "contact": lambda: {"name": person["name"], "relation": "friend", "note": text},
            "location": lambda: {"lat": 45 + rng.random(), "lon": 15 + rng.random(), "accuracy": rng.randint(3, 80)},
            "activity": lambda: {"action": "view", "title": text, "url": url},
        }[kind]()
        line = json.dumps({
            "id": hashlib.sha256(b"%d" % n).hexdigest()[:32], "kind": kind, "platform": "bench", "service": None,
            "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t)),
            "source": {"archive": archive, "path": "bench/%s.json" % kind, "pointer": "/%d" % n},
            "data": dict(sorted(data.items())),
        }, ensure_ascii=False, separators=(",", ":"))
        f.write(line + "\n")
        written += len(line) + 1
        n += 1

media_target = int(media_mb * 1e6)
size = 1 << 20
for i in range(max(0, media_target // size)):
    with open(os.path.join(out, "media", "%05d.jpg" % i), "wb") as f:
        f.write(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + rng.randbytes(size - 11))
print(n - first)
