#!/usr/bin/env python3
"""Writes a synthetic TikTok user_data.json of about TARGET_MB megabytes, in the layout of the
older exports: "Activity" (a huge Video Browsing History, likes, searches), "Direct Messages"
(before "Profile", as in real files: the importer needs ProfileMap's user name to tell sent from
received) and "Profile" last. Written as it is generated, so the generator's memory stays flat.

Usage: gen_tiktok.py OUT_DIR TARGET_MB     Writes OUT_DIR/user_data.json. Synthetic content only.
"""

import json
import os
import random
import sys
import time

WORDS = ("bridge truss cable river otter caf\u00e9 \u00e9t\u00e9 \u65e5\u672c\u8a9e dance recipe "
         "sunset \U0001f642 tutorial stream window").split()


def when(i):
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(1_600_000_000 + i * 37))


def main():
    out_dir, target_mb = sys.argv[1], float(sys.argv[2])
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random(20)
    target = int(target_mb * 1024 * 1024)
    path = os.path.join(out_dir, "user_data.json")
    with open(path, "w", encoding="utf-8") as f:
        f.write('{\n  "Activity": {\n    "Video Browsing History": {\n      "VideoList": [\n')
        i = 0
        while f.tell() < target:
            item = {"Date": when(i), "Link": "https://www.tiktokv.com/share/video/%d/" % (7000000000000000000 + i)}
            f.write(("        " if i == 0 else ",\n        ") + json.dumps(item, ensure_ascii=False))
            i += 1
        f.write('\n      ]\n    },\n    "Like List": {\n      "ItemFavoriteList": [\n')
        f.write(",\n".join("        " + json.dumps({"Date": when(i + k), "VideoLink": "https://www.tiktokv.com/share/video/%d/" % k})
                           for k in range(1000)))
        f.write('\n      ]\n    },\n    "Search History": {\n      "SearchList": [\n')
        f.write(",\n".join("        " + json.dumps({"Date": when(k), "SearchTerm": " ".join(rng.choice(WORDS) for _ in range(3))},
                                                   ensure_ascii=False) for k in range(1000)))
        f.write('\n      ]\n    }\n  },\n  "Direct Messages": {\n    "Chat History": {\n      "ChatHistory": {\n')
        chats = []
        for c in range(20):
            msgs = [{"Date": when(c * 100 + k), "From": "bench.user" if k % 2 else "friend%d" % c,
                     "Content": " ".join(rng.choice(WORDS) for _ in range(8))} for k in range(100)]
            chats.append('        "Chat History with friend%d:": %s' % (c, json.dumps(msgs, ensure_ascii=False)))
        f.write(",\n".join(chats))
        f.write('\n      }\n    }\n  },\n  "Profile": {\n    "Profile Information": {\n      "ProfileMap": ')
        f.write(json.dumps({"userName": "bench.user", "displayName": "Bench User", "bioDescription": "synthetic",
                            "birthDate": "01-Jan-1990", "emailAddress": "bench@example.org"}))
        f.write('\n    }\n  }\n}\n')
        print("%s: %d MB, %d watch items" % (path, f.tell() // (1024 * 1024), i))


if __name__ == "__main__":
    main()
