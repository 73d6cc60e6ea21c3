#!/usr/bin/env python3
"""Builds the photo-export fixture at test time (nothing binary is committed): copies of the Google,
Facebook and Instagram samples whose pictures are replaced by real, tiny images made with
ImageMagick, plus the Google Photos sidecar traps the samples do not have yet.

Usage: make_fixture.py SRC OUT   (SRC: the repository; OUT: a new folder)
Prints nothing; the test knows the layout. Every name and text is synthetic.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys

SRC, OUT = sys.argv[1], sys.argv[2]
COPIES = {
    "google": "samples/google",
    "facebook": "samples/facebook/flat-2020",
    "instagram": "samples/instagram/media-2025",
}
PICTURE = {".jpg": "jpg", ".jpeg": "jpg", ".png": "png", ".gif": "gif", ".heic": "heic", "": "jpg"}


def image(path, fmt=None, seed=None):
    """A small picture whose colours come from the name, so that every file's bytes differ."""
    h = hashlib.sha256((seed or os.path.basename(path)).encode()).hexdigest()
    fmt = fmt or PICTURE[os.path.splitext(path)[1].lower()]
    subprocess.run(["convert", "-size", "16x12", f"gradient:#{h[:6]}-#{h[6:12]}", f"{fmt}:{path}"], check=True)


def sidecar(path, title, taken, **more):
    data = {"title": title, "description": more.pop("description", ""),
            "creationTime": {"timestamp": str(taken + 600), "formatted": "synthetic"},
            "photoTakenTime": {"timestamp": str(taken), "formatted": "synthetic"}}
    data.update(more)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)


for name, rel in COPIES.items():
    shutil.copytree(os.path.join(SRC, rel), os.path.join(OUT, name), symlinks=False)

# Every picture of the copies becomes a real image (videos keep their bytes: they are copied, not edited).
for root, _, files in os.walk(OUT):
    for f in files:
        ext = os.path.splitext(f)[1].lower()
        if ext in PICTURE and (ext or "/media/posts/" in root):
            image(os.path.join(root, f))

g2 = os.path.join(OUT, "google/takeout-20260301T000000Z-002/Takeout/Google Fotos/Photos from 2024")
lyon = os.path.join(OUT, "google/takeout-20260301T000000Z-001/Takeout/Google Photos/Trip to Lyon")

# Names too long for their sidecar: "<name>.supplemental-metadata.json" cut to 51 characters, inside
# the media's own name, and inside ".supplemental-metadata".
long_name = "PXL_20240310_083015123_a_longer_descriptive_name.jpg"
image(os.path.join(g2, long_name))
sidecar(os.path.join(g2, (long_name + ".supplemental-metadata")[:46] + ".json"), long_name, 1710059415,
        description="Cut at 46", geoData={"latitude": 48.8566, "longitude": 2.3522, "altitude": 35.0})
mid_name = "PXL_20240312_120000000_portrait_name.jpg"
image(os.path.join(g2, mid_name))
sidecar(os.path.join(g2, (mid_name + ".supplemental-metadata")[:46] + ".json"), mid_name, 1710244800,
        description="Cut in the suffix")

# "(1)" numbering on the media and inside the supplemental sidecar's name.
image(os.path.join(g2, "IMG_0005.jpg"))
image(os.path.join(g2, "IMG_0005(1).jpg"))
sidecar(os.path.join(g2, "IMG_0005.jpg.supplemental-metadata.json"), "IMG_0005.jpg", 1710100000, description="the first")
sidecar(os.path.join(g2, "IMG_0005.jpg.supplemental-metadata(1).json"), "IMG_0005.jpg", 1710200000, description="the second")

# Localised edited copies: French and German, one of them of a numbered original.
image(os.path.join(g2, "IMG_0006.jpg"))
image(os.path.join(g2, "IMG_0006-modifié.jpg"))
sidecar(os.path.join(g2, "IMG_0006.jpg.supplemental-metadata.json"), "IMG_0006.jpg", 1710300000,
        description="Avant", people=[{"name": "Chloé"}, {"name": "Bob"}])
image(os.path.join(g2, "IMG_0005-bearbeitet(1).jpg"))

# A camera photo whose EXIF already has a date and a position (and a camera's junk description).
cam = os.path.join(g2, "DSC_0100.jpg")
image(cam)
subprocess.run(["exiftool", "-q", "-overwrite_original", "-DateTimeOriginal=2023:07:14 09:30:00",
                "-GPSLatitude=43.2965", "-GPSLatitudeRef=N", "-GPSLongitude=5.3698", "-GPSLongitudeRef=E",
                "-ImageDescription=OLYMPUS DIGITAL CAMERA", cam], check=True)
sidecar(os.path.join(g2, "DSC_0100.jpg.json"), "DSC_0100.jpg", 1689333000, description="Marseille, port",
        geoData={"latitude": 43.3, "longitude": 5.37, "altitude": 0})

# HEIC, which exiv2 reads but cannot write: an XMP sidecar carries its metadata.
image(os.path.join(g2, "IMG_0007.HEIC"), "heic")
sidecar(os.path.join(g2, "IMG_0007.HEIC.supplemental-metadata.json"), "IMG_0007.HEIC", 1710400000,
        description="HEIC au Vieux-Port", geoData={"latitude": -33.8688, "longitude": -151.2093, "altitude": -2.5})

# The same photo in two platforms: Google's IMG_0002.JPG is Facebook's 84214_1023_n.jpg, byte for byte.
shutil.copyfile(os.path.join(OUT, "facebook/photos_and_videos/MobileUploads_Xq81Hz/84214_1023_n.jpg"),
                os.path.join(lyon, "IMG_0002.JPG"))
