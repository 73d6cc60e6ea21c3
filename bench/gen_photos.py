#!/usr/bin/env python3
"""A synthetic Google Photos takeout for the photo-export bench: N photos of about SIZE_MB each
(real JPEGs: four noisy pictures of about that size, each file made unique by one small JPEG
comment segment after its SOI marker), every tenth in an album, every twentieth a video (a real
MP4 of the same size made by tests/photos/make_video.py: its dates are patched in place, the rest
goes in a sidecar), each with a supplemental-metadata sidecar giving a taken time, a position and
a caption. Fixed seed; synthetic text only.

Usage: gen_photos.py OUT N SIZE_MB   (prints the number of media files written)
"""
import json
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "photos"))
from make_video import video as make_video  # noqa: E402

out, n, size_mb = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
rnd = random.Random(19)
root = os.path.join(out, "Takeout", "Google Photos")
os.makedirs(root, exist_ok=True)
target = int(size_mb * 1e6)
side = max(64, int((target / 0.65) ** 0.5))  # a noisy quality-92 JPEG takes about 0.87 bytes a pixel (of side x 3/4 side)
bases = []
for i in range(4):
    p = os.path.join(out, f"base{i}.jpg")
    subprocess.run(["convert", "-size", f"{side}x{side * 3 // 4}", f"plasma:#{i * 40:02x}4080-#80{i * 40:02x}40",
                    "-attenuate", "0.6", "+noise", "Gaussian", "-quality", "92", p], check=True)
    bases.append(open(p, "rb").read())
    os.remove(p)
written = 0
for i in range(n):
    year = 2015 + i % 10
    folder = os.path.join(root, f"Album {i % 7}" if i % 10 == 0 else f"Photos from {year}")
    os.makedirs(folder, exist_ok=True)
    video = i % 20 == 19
    name = f"PXL_{year}0{1 + i % 9}1{i % 10}_{i:09d}" + (".mp4" if video else ".jpg")
    body = bases[i % len(bases)]
    tag = f"dataport bench {i} ".encode() + rnd.randbytes(16).hex().encode()
    if video:
        make_video(os.path.join(folder, name), size=len(body), seed=tag.decode())
    else:
        with open(os.path.join(folder, name), "wb") as f:
            f.write(body[:2] + b"\xff\xfe" + (len(tag) + 2).to_bytes(2, "big") + tag + body[2:])
    taken = 1420070400 + i * 31536  # spread over ten years
    meta = {"title": name, "description": f"Bench photo {i}",
            "photoTakenTime": {"timestamp": str(taken), "formatted": "synthetic"},
            "creationTime": {"timestamp": str(taken + 3600), "formatted": "synthetic"},
            "geoData": {"latitude": round(45 + rnd.random(), 6), "longitude": round(4 + rnd.random(), 6), "altitude": 170.0}}
    with open(os.path.join(folder, name + ".supplemental-metadata.json"), "w") as f:
        json.dump(meta, f)
    written += 1
for a in range(7):
    d = os.path.join(root, f"Album {a}")
    if os.path.isdir(d):
        with open(os.path.join(d, "metadata.json"), "w") as f:
            json.dump({"title": f"Album {a}", "date": {"timestamp": "1420070400", "formatted": "synthetic"}}, f)
print(written)
