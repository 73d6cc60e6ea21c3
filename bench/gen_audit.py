#!/usr/bin/env python3
"""Writes a synthetic dataport dump (NDJSON in the dump format) of N records spread over several
platforms and every kind the audit reads (inference, advertiser, off_platform, login, location,
contact, and plenty of posts and messages), to measure `dataport audit` on a big store.
Deterministic (fixed seed); streamed, never held whole. Synthetic data only.

Usage: gen_audit.py OUT.ndjson N
"""
import hashlib
import json
import random
import sys
import time

out, total = sys.argv[1], int(sys.argv[2])
rng = random.Random(20261203)
platforms = ["facebook", "instagram", "google", "x", "linkedin", "tiktok"]
words = "portable data archive export platform message photo friend post travel music coffee river city".split()
interests = ["Cycling", "Coffee", "Diabetes", "Catholic Church", "Fietsen", "Yoga", "Vélo", "Gardening",
             "Loans", "LGBT community", "Trade union", "Economics", "Jazz", "Pregnancy"]
archive = hashlib.sha256(b"bench-audit").hexdigest()


def rec(n, kind, platform, t, data):
    return {"id": hashlib.sha256(b"%d" % n).hexdigest()[:32], "kind": kind, "platform": platform, "service": None,
            "time": None if t is None else time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t)),
            "source": {"archive": archive, "path": "%s/%s.json" % (platform, kind), "pointer": "/%d" % n},
            "data": dict(sorted(data.items()))}


with open(out, "w", encoding="utf-8") as f:
    for n in range(total):
        p = platforms[n % len(platforms)]
        t = 1262304000 + (n * 4271) % 500000000
        r = n % 100
        if r < 40:
            kind, data = "post", {"text": " ".join(rng.choice(words) for _ in range(rng.randint(5, 30)))}
        elif r < 70:
            kind, data = "message", {"thread_id": str(n % 977), "text": " ".join(rng.choice(words) for _ in range(8))}
        elif r < 82:
            kind, data = "location", {"lat": 45 + rng.random() * 8, "lon": 2 + rng.random() * 14,
                                      "type": "fix", "accuracy": rng.randint(3, 80)}
        elif r < 88:
            kind, data = "login", {"ip": "198.51.%d.%d" % (n % 200, n % 250), "method": "login",
                                   "device": "Phone %d" % (n % 7), "location": rng.choice(["Lyon, France", "Berlin, DE"])}
        elif r < 92:
            kind, data = "off_platform", {"app": "shop%d.example" % (n % 300), "event": rng.choice(["purchase", "page_view"])}
        elif r < 94:
            kind, data, t = "inference", {"category": "ad_interest", "value": "%s %d" % (rng.choice(interests), n % 500)}, None
        elif r < 95:
            kind, data, t = "advertiser", {"name": "Advertiser %d" % (n % 2000), "relation": "custom_audience"}, None
        else:
            kind, data = "contact", {"name": "Person %d" % (n % 20000), "relation": "friend",
                                     "email": "person%d@example.com" % (n % 20000)}
        f.write(json.dumps(rec(n, kind, p, t, data), ensure_ascii=False, separators=(",", ":")) + "\n")
print(total)
