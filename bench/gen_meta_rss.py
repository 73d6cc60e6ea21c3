#!/usr/bin/env python3
"""Writes a synthetic Facebook "Download Your Information" folder (2024+ layout) whose bulk is two
big files: one Messenger thread file (message_1.json) and one posts file, about TARGET_MB in all,
half each. With ITEMS, each file holds that many items, their text as long as it takes to reach
the size: bench/meta_rss.sh writes 20 MB, then 200 MB of as many (10 times longer) items, so the
pipeline's per-record state is the same and only the files grow: the readers stream, so peak RSS
must not grow with them. Synthetic names and text only, fixed seed; non-ASCII text mojibaked as
Meta writes it.

Usage: gen_meta_rss.py OUT_DIR TARGET_MB [ITEMS]
Writes OUT_DIR/facebook-rss/... and prints the number of messages and posts written.
"""

import json
import os
import random
import sys

SEED = 20261203
NAMES = ["Ana Kova\u010d", "Jordan Pike", "Zo\u00eb M\u00fcller", "\u00c9mile Durand"]
WORDS = "the a to see you at caf\u00e9 tomorrow dinner train lake photo party \u00fcber r\u00e9sum\u00e9 ok \U0001f44d".split()


def mojibake(s):
    """UTF-8 bytes as \\u00XX escapes, the way Meta writes non-ASCII text."""
    return s.encode("utf-8").decode("latin-1")


def text(rng, n):
    return mojibake(" ".join(rng.choice(WORDS) for _ in range(n)))


def write_array_file(path, head, key, tail, make, target, items=None):
    """Writes {head..., key: [items...], tail...} (or a top-level array when key is None) item by
    item until the file is about target bytes."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        if key is not None:
            f.write("{" + "".join(json.dumps(k) + ": " + json.dumps(v) + ", " for k, v in head.items()))
            f.write(json.dumps(key) + ": ")
        f.write("[")
        size = 0
        while (n < items) if items else (size < target):
            item = json.dumps(make(n), ensure_ascii=True)
            f.write(("," if n else "") + "\n  " + item)
            size += len(item) + 4
            n += 1
        f.write("]")
        if key is not None:
            f.write("".join(", " + json.dumps(k) + ": " + json.dumps(v) for k, v in tail.items()) + "}")
        f.write("\n")
    return n


def main():
    out, mb = sys.argv[1], float(sys.argv[2])
    items = int(sys.argv[3]) if len(sys.argv) > 3 else None
    rng = random.Random(SEED)
    half = int(mb * 1e6 / 2)
    # About 9 bytes a word once mojibaked and escaped; 120 bytes of an item are not its text.
    words = max(12, (half // items - 120) // 9) if items else 12
    root = os.path.join(out, "facebook-rss", "your_facebook_activity")
    t0 = 1_600_000_000_000
    messages = write_array_file(
        os.path.join(root, "messages", "inbox", "jordanpike_10153029279158403", "message_1.json"),
        {"participants": [{"name": mojibake(n)} for n in NAMES[:2]]}, "messages",
        {"title": "Jordan Pike", "is_still_participant": True, "thread_path": "inbox/jordanpike_10153029279158403"},
        lambda i: {"sender_name": mojibake(NAMES[i % 2]), "timestamp_ms": t0 - i * 1000,
                   "content": text(rng, words) + " #" + str(i), "is_geoblocked_for_viewer": False},
        half, items)
    posts = write_array_file(
        os.path.join(root, "posts", "your_posts__check_ins__photos_and_videos_1.json"), {}, None, {},
        lambda i: {"timestamp": 1_600_000_000 - i, "data": [{"post": text(rng, words) + " #" + str(i)}],
                   "title": mojibake(NAMES[0]) + " updated her status."},
        half, items)
    print(messages, posts)


if __name__ == "__main__":
    main()
