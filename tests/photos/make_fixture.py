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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_video import video  # noqa: E402

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

# Every picture of the copies becomes a real image, every video a real (tiny) MP4 or MOV.
for root, _, files in os.walk(OUT):
    for f in files:
        ext = os.path.splitext(f)[1].lower()
        if ext in PICTURE and (ext or "/media/posts/" in root):
            image(os.path.join(root, f))
        elif ext in (".mp4", ".mov"):
            video(os.path.join(root, f), mov=ext == ".mov")

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

# The same, its Exif after a quantisation table (some writers do so): the camera's date is still seen.
late = os.path.join(g2, "DSC_0101.jpg")
image(late)
subprocess.run(["exiftool", "-q", "-overwrite_original", "-DateTimeOriginal=2023:07:15 08:00:00", late], check=True)
data = open(late, "rb").read()
segments, at = [], 2
while data[at + 1] != 0xDA:
    end = at + 2 + int.from_bytes(data[at + 2:at + 4], "big")
    segments.append(data[at:end])
    at = end
tables = [x for x in segments if x[1] == 0xDB]
with open(late, "wb") as f:
    f.write(data[:2] + tables[0] + b"".join(x for x in segments if x is not tables[0]) + data[at:])
sidecar(os.path.join(g2, "DSC_0101.jpg.json"), "DSC_0101.jpg", 1689411600, description="Calanques")

# A comment segment first, before the JFIF header (some writers put it there): exiv2 moves it
# among the tables, which is still only metadata moving; the metadata goes in, the comment stays.
com = os.path.join(g2, "DSC_0102.jpg")
image(com)
data = open(com, "rb").read()
note = b"synthetic comment before JFIF"
with open(com, "wb") as f:
    f.write(data[:2] + b"\xff\xfe" + (len(note) + 2).to_bytes(2, "big") + note + data[2:])
sidecar(os.path.join(g2, "DSC_0102.jpg.json"), "DSC_0102.jpg", 1689498000, description="Cassis",
        geoData={"latitude": 43.2148, "longitude": 5.5376, "altitude": 0})

# HEIC, which exiv2 reads but cannot write: an XMP sidecar carries its metadata.
image(os.path.join(g2, "IMG_0007.HEIC"), "heic")
sidecar(os.path.join(g2, "IMG_0007.HEIC.supplemental-metadata.json"), "IMG_0007.HEIC", 1710400000,
        description="HEIC au Vieux-Port", geoData={"latitude": -33.8688, "longitude": -151.2093, "altitude": -2.5})

# A HEIC whose camera wrote a date and a position (into its Exif item, which exiv2 0.27 cannot
# reach): its sidecar must not contradict them.
cam_heic = os.path.join(g2, "IMG_0008.HEIC")
image(cam_heic, "heic")
subprocess.run(["exiftool", "-q", "-overwrite_original", "-DateTimeOriginal=2022:08:01 18:00:00",
                "-GPSLatitude=41.3851", "-GPSLatitudeRef=N", "-GPSLongitude=2.1734", "-GPSLongitudeRef=E", cam_heic], check=True)
sidecar(os.path.join(g2, "IMG_0008.HEIC.supplemental-metadata.json"), "IMG_0008.HEIC", 1659384000,
        description="Barcelona", geoData={"latitude": 41.4, "longitude": 2.2, "altitude": 0})

# A motion photo whose picture (HEIC) and video (MOV) both need a sidecar: one stem, so each gets
# "NAME.EXT.xmp" (a lone sidecar is "NAME.xmp").
image(os.path.join(g2, "IMG_0009.HEIC"), "heic")
sidecar(os.path.join(g2, "IMG_0009.HEIC.supplemental-metadata.json"), "IMG_0009.HEIC", 1710700000,
        description="Live photo", geoData={"latitude": 45.7578, "longitude": 4.832, "altitude": 170.0})
video(os.path.join(g2, "IMG_0009.MOV"), mov=True)
sidecar(os.path.join(g2, "IMG_0009.MOV.supplemental-metadata.json"), "IMG_0009.MOV", 1710700000,
        description="Live photo", geoData={"latitude": 45.7578, "longitude": 4.832, "altitude": 170.0})

# The same photo in two platforms: Google's IMG_0002.JPG is Facebook's 84214_1023_n.jpg, byte for byte.
shutil.copyfile(os.path.join(OUT, "facebook/photos_and_videos/MobileUploads_Xq81Hz/84214_1023_n.jpg"),
                os.path.join(lyon, "IMG_0002.JPG"))

# Videos: a MOV laid out as cameras write it (mdat first, moov last, 64-bit version 1 atoms); an MP4
# whose camera wrote its own date; a truncated MP4 whose atoms do not add up (copied as it is).
video(os.path.join(g2, "MVI_0200.MOV"), mov=True, moov_last=True, version=1, size=9000)
sidecar(os.path.join(g2, "MVI_0200.MOV.supplemental-metadata.json"), "MVI_0200.MOV", 1710500000,
        description="Le film du port", geoData={"latitude": 43.2951, "longitude": 5.3744, "altitude": 12.0})
video(os.path.join(g2, "VID_0300.mp4"), created=1682935200)
sidecar(os.path.join(g2, "VID_0300.mp4.supplemental-metadata.json"), "VID_0300.mp4", 1682946000,
        description="Camera knows best", geoData={"latitude": 45.764, "longitude": 4.8357, "altitude": 0})
cut = video(os.path.join(g2, "VID_0400.mp4"), size=6000)
with open(os.path.join(g2, "VID_0400.mp4"), "wb") as f:
    f.write(cut[:-100])
sidecar(os.path.join(g2, "VID_0400.mp4.supplemental-metadata.json"), "VID_0400.mp4", 1710600000, description="Cut short")
