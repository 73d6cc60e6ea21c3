#!/usr/bin/env bash
# `dataport export photos`: a fixture made at run time (tests/photos/make_fixture.py: the Google,
# Facebook and Instagram samples with real tiny images and the Google Photos sidecar traps) is
# ingested and exported, and every written file is read back with exiftool and ImageMagick
# (tests/photos/check.py) and compared with the store's records. Also: the traps' expected
# values one by one, layouts, --album, --copy-albums, --prefer platform, determinism, bad options.
# Usage: run.sh path/to/dataport
set -u
DP=$(realpath "$1")
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$SRC/tests/cli/lib.sh"
export TZ=UTC

python3 "$SRC/tests/photos/make_fixture.py" "$SRC" "$T/in" || { echo "fixture failed"; exit 1; }
G="$T/in/google"
DB="$T/store.db"
"$DP" -q --db "$DB" ingest "$G/takeout-20260301T000000Z-001" "$G/takeout-20260301T000000Z-002" 2> "$T/ingest.err"
expect_eq "google ingest (exit 3: the sample's orphan sidecar is reported)" 3 $?
for d in facebook instagram; do
  "$DP" -q --db "$DB" ingest "$T/in/$d" > /dev/null 2>&1
  rc=$?
  [ $rc -eq 0 ] || [ $rc -eq 3 ] && ok || bad "$d ingest: exit $rc"
done
"$DP" --db "$DB" export dump -o "$T/dump.ndjson" 2> /dev/null || bad "dump"

# The importer's side of the traps: which sidecar each file got.
sidecar_of() { grep -F "\"path\":\"$1\"" "$T/dump.ndjson" | grep -F '"kind":"media"' | python3 -c 'import sys, json; r = json.loads(sys.stdin.readline()); d = r["data"]; print(r["time"], d.get("description", ""), d.get("raw", {}).get("edited", False))'; }
P2="Takeout/Google Fotos/Photos from 2024"
expect_eq "long name, supplemental sidecar cut at 51" "2024-03-10T08:30:15.000Z Cut at 46 False" "$(sidecar_of "$P2/PXL_20240310_083015123_a_longer_descriptive_name.jpg")"
expect_eq "sidecar cut inside .supplemental-metadata" "2024-03-12T12:00:00.000Z Cut in the suffix False" "$(sidecar_of "$P2/PXL_20240312_120000000_portrait_name.jpg")"
expect_eq "(1) inside the supplemental sidecar name" "2024-03-11T23:33:20.000Z the second False" "$(sidecar_of "$P2/IMG_0005(1).jpg")"
expect_eq "unnumbered one keeps its own" "2024-03-10T19:46:40.000Z the first False" "$(sidecar_of "$P2/IMG_0005.jpg")"
expect_eq "French edited copy borrows the original's" "2024-03-13T03:20:00.000Z Avant True" "$(sidecar_of "$P2/IMG_0006-modifié.jpg")"
expect_eq "German edited copy of a numbered original" "2024-03-11T23:33:20.000Z the second True" "$(sidecar_of "$P2/IMG_0005-bearbeitet(1).jpg")"

export_photos() {  # export_photos DIR [options]: exports, then reads back with check.py
  local dir=$1
  shift
  "$DP" --db "$DB" export photos -o "$dir" "$@" 2> "$T/export.err" || { bad "export photos $*: $(cat "$T/export.err")"; return 1; }
}
cat > "$T/expect.json" <<'JSON'
{
  "PXL_20240310_083015123_a_longer_descriptive_name.jpg": {"folder": "2024/03", "caption": "Cut at 46", "lat": "48.8566"},
  "IMG_0005.jpg": {"caption": "the first", "folder": "2024/03"},
  "IMG_0005(1).jpg": {"caption": "the second"},
  "IMG_0006-modifié.jpg": {"folder": "2024/03", "caption": "Avant", "people": "Chloé; Bob", "XMP-iptcExt:PersonInImage": ["Chloé", "Bob"]},
  "DSC_0100.jpg": {"metadata": "embedded; camera date kept; camera position kept", "ExifIFD:DateTimeOriginal": "2023:07:14 09:30:00",
                   "Composite:GPSLatitude": 43.2965, "IFD0:ImageDescription": "Marseille, port"},
  "DSC_0101.jpg": {"metadata": "embedded; camera date kept", "ExifIFD:DateTimeOriginal": "2023:07:15 08:00:00",
                   "IFD0:ImageDescription": "Calanques"},
  "DSC_0102.jpg": {"metadata": "embedded", "IFD0:ImageDescription": "Cassis", "File:Comment": "synthetic comment before JFIF",
                   "ExifIFD:DateTimeOriginal": "2023:07:16 09:00:00", "Composite:GPSLatitude": 43.2148},
  "IMG_0008.HEIC": {"metadata": "sidecar; camera date kept; camera position kept", "ExifIFD:DateTimeOriginal": "2022:08:01 18:00:00",
                    "XMP-dc:Description": "Barcelona"},
  "IMG_0007.HEIC": {"metadata": "sidecar", "File:FileType": "HEIC", "XMP-exif:GPSLatitude": -33.8688, "XMP-exif:GPSLongitude": -151.2093,
                    "Composite:GPSAltitude": -2.5, "XMP-exif:DateTimeOriginal": "2024:03:14 07:06:40+00:00"},
  "IMG_0002.JPG": {"platforms": "facebook google", "albums": "Mobile Uploads; Trip to Lyon", "taken_at": "2024-02-03T19:03:20Z",
                   "XMP-dc:Source": "facebook, google"},
  "PXL_20240203_101010123.jpg": {"folder": "2024/02", "metadata": "embedded"},
  "PXL_20240203_101010123.MP4": {"folder": "2024/02", "metadata": "sidecar; quicktime dates", "File:FileType": "MP4"},
  "MVI_0200.MOV": {"folder": "2024/03", "metadata": "sidecar; quicktime dates", "File:FileType": "MOV",
                   "QuickTime:CreateDate": "2024:03:15 10:53:20", "Track1:MediaCreateDate": "2024:03:15 10:53:20",
                   "XMP-exif:DateTimeOriginal": "2024:03:15 10:53:20+00:00", "XMP-exif:GPSLatitude": 43.2951,
                   "XMP-exif:GPSLongitude": 5.3744, "Composite:GPSAltitude": 12.0, "XMP-dc:Description": "Le film du port"},
  "VID_0300.mp4": {"folder": "2023/05", "metadata": "sidecar; camera date kept", "QuickTime:CreateDate": "2023:05:01 10:00:00",
                   "XMP-exif:GPSLatitude": 45.764, "XMP-dc:Description": "Camera knows best"},
  "VID_0400.mp4": {"folder": "2024/03", "metadata": "sidecar; quicktime dates not written: its atoms do not add up at byte 599",
                   "XMP-exif:DateTimeOriginal": "2024:03:16 14:40:00+00:00"},
  "IMG_0001-edited.JPG": {"folder": "2024/02", "caption": "Fourvière at dusk"},
  "84213_1022_n.jpg": {"folder": "2020/01", "taken_at": "2020-01-01T09:13:20Z", "caption": "Fête des Lumières, encore"},
  "481516235_n_18012345678901235.jpg": {"folder": "2025/02", "caption": "Sans extension", "platforms": "instagram"},
  "NOSIDECAR.gif": {"folder": "undated", "metadata": "sidecar"},
  "IMG_0009.HEIC": {"folder": "2024/03", "metadata": "sidecar", "XMP-dc:Description": "Live photo", "XMP-exif:GPSLatitude": 45.7578},
  "IMG_0009.MOV": {"folder": "2024/03", "metadata": "sidecar; quicktime dates", "XMP-dc:Description": "Live photo",
                   "XMP-exif:DateTimeOriginal": "2024:03:17 18:26:40+00:00"}
}
JSON
if export_photos "$T/out"; then
  python3 "$SRC/tests/photos/check.py" "$T/out" "$T/dump.ndjson" "$T/store-media" --expect "$T/expect.json" && ok || bad "check.py (date layout)"
  expect_contains "report" "photos: wrote" "$(cat "$T/export.err")"
  expect_eq "album link is relative" "../../2024/02/IMG_0001.JPG" "$(readlink "$T/out/albums/Trip to Lyon/IMG_0001.JPG")"
  # Sidecars: NAME.xmp (beside a JPEG of the same stem that took its metadata inside), and
  # NAME.EXT.xmp for a motion photo's HEIC and MOV, which both need one.
  expect_eq "sidecar names" "2024/02/PXL_20240203_101010123.xmp 2024/03/IMG_0007.xmp 2024/03/IMG_0009.HEIC.xmp 2024/03/IMG_0009.MOV.xmp 2024/03/MVI_0200.xmp" \
    "$(cd "$T/out" && ls 2024/02/PXL_20240203_101010123*.xmp 2024/03/IMG_0007*.xmp 2024/03/IMG_0009*.xmp 2024/03/MVI_0200*.xmp | tr '\n' ' ' | sed 's/ $//')"
  # Deterministic: a second export is the same, byte for byte, times included.
  export_photos "$T/out2"
  expect_eq "deterministic" "" "$(diff -r --no-dereference "$T/out" "$T/out2")"
  expect_eq "same mtimes" "$(cd "$T/out" && find . -type f -printf '%p %T@\n' | sort)" "$(cd "$T/out2" && find . -type f -printf '%p %T@\n' | sort)"
fi

# The platform's values over the camera's when asked.
if export_photos "$T/pref" --prefer platform; then
  cat > "$T/expect-pref.json" <<'JSON'
{"DSC_0100.jpg": {"metadata": "embedded", "ExifIFD:DateTimeOriginal": "2023:07:14 11:10:00", "Composite:GPSLatitude": 43.3},
 "IMG_0008.HEIC": {"metadata": "sidecar", "XMP-exif:DateTimeOriginal": "2022:08:01 20:00:00+00:00", "XMP-exif:GPSLatitude": 41.4},
 "VID_0300.mp4": {"metadata": "sidecar; quicktime dates", "QuickTime:CreateDate": "2023:05:01 13:00:00",
                  "XMP-exif:DateTimeOriginal": "2023:05:01 13:00:00+00:00"}}
JSON
  python3 "$SRC/tests/photos/check.py" "$T/pref" "$T/dump.ndjson" "$T/store-media" --prefer-platform --expect "$T/expect-pref.json" && ok || bad "check.py (--prefer platform)"
fi

# Album layout with copies: the album's files live in its folder; other albums hold copies.
if export_photos "$T/alb" --layout album --copy-albums; then
  python3 "$SRC/tests/photos/check.py" "$T/alb" "$T/dump.ndjson" "$T/store-media" && ok || bad "check.py (album layout)"
  expect_eq "album layout" "albums/Trip to Lyon/IMG_0001.JPG" "$(cd "$T/alb" && ls albums/Trip\ to\ Lyon/IMG_0001.JPG)"
  expect_eq "no links with --copy-albums" "0" "$(find "$T/alb" -type l | wc -l)"
fi

# Platform layout and the filters.
if export_photos "$T/plat" --layout platform --platform facebook,instagram; then
  expect_eq "platform layout" "yes" "$( [ -f "$T/plat/facebook/2020/01/84213_1022_n.jpg" ] && echo yes)"
  expect_eq "--platform filter" "0" "$(grep -c ',google' "$T/plat/dataport-photos.csv")"
fi
if export_photos "$T/one" --album "trip to lyon"; then
  expect_eq "--album keeps that album's files" "IMG_0001-edited.JPG IMG_0001.JPG IMG_0002.JPG" \
    "$(tail -n +2 "$T/one/dataport-photos.csv" | cut -d, -f1 | xargs -n1 -d '\n' basename | sort | tr '\n' ' ' | sed 's/ $//')"
fi

# Message attachments only when asked.
expect_eq "no message photos by default" "0" "$(grep -c '55501_n.jpg' "$T/out/dataport-photos.csv")"
if export_photos "$T/msg" --messages; then
  expect_eq "--messages adds them" "1" "$(grep -c '/55501_n.jpg,' "$T/msg/dataport-photos.csv")"
fi

# The files are written in the media store's disk order (inode numbers), not in name order: the
# output must not depend on it. Every store file is rewritten in reverse name order (new inodes:
# another disk order), then the export is made again and compared with the first, byte for byte,
# links and sidecar names included.
if [ -f "$T/out/dataport-photos.csv" ]; then
  by_inode() { find "$T/store-media" -type f -printf '%i %P\n' | sort -n | cut -d' ' -f2; }
  by_inode > "$T/order.before"
  find "$T/store-media" -type f | sort -r > "$T/media.lst"
  while IFS= read -r f; do cp -p "$f" "$f.tmp" && mv "$f.tmp" "$f"; done < "$T/media.lst"
  by_inode > "$T/order.after"
  cmp -s "$T/order.before" "$T/order.after" && bad "the store's disk order did not change" || ok
  if export_photos "$T/reordered"; then
    diff -r --no-dereference "$T/out" "$T/reordered" > "$T/reorder.diff" && ok || bad "export depends on the store's disk order: $(head -5 "$T/reorder.diff")"
  fi
fi

# Forty photos of one name in one folder, and one already named "IMG(3).png", taken earlier: each
# gets the first free number (the numbering remembers which numbers are taken, one step each).
python3 - "$T/same-in" <<'PY'
import json, os, sys
base = os.path.join(sys.argv[1], "Takeout", "Google Photos", "Photos from 2019")
for i in range(41):
    name = "IMG(3).png" if i == 40 else "IMG.png"
    d = os.path.join(base, str(i))
    os.makedirs(d)
    open(os.path.join(d, name), "wb").write(b"\x89PNG\r\n\x1a\n" + i.to_bytes(4, "big") + b"\0" * 20)
    when = 1561939200 if i == 40 else 1561939300 + i
    sidecar = "IMG.png(3).json" if i == 40 else name + ".json"  # Google's name for IMG(3).png's
    json.dump({"title": name, "photoTakenTime": {"timestamp": str(when)}}, open(os.path.join(d, sidecar), "w"))
PY
"$DP" -q --db "$T/same.db" ingest "$T/same-in" > /dev/null 2>&1
"$DP" -q --db "$T/same.db" export photos -o "$T/same-out" 2> "$T/same.err" || bad "same-name export: $(head -3 "$T/same.err")"
want=$( (echo "IMG(3).png"; echo "IMG.png"; for k in 1 2 $(seq 4 40); do echo "IMG($k).png"; done) | sort)
expect_eq "forty of one name take the free numbers in turn" "$want" "$(ls "$T/same-out/2019/07" | grep -v '\.xmp$' | sort)"

# Refusals: a non-empty folder, a bad option; nothing written.
mkdir -p "$T/full" && touch "$T/full/keep"
"$DP" --db "$DB" export photos -o "$T/full" 2> "$T/err"
expect_eq "non-empty output refused" 1 $?
expect_eq "nothing added" "keep" "$(ls "$T/full")"
"$DP" --db "$DB" export photos -o "$T/bad" --layout year 2> "$T/err"
expect_eq "bad layout refused" 1 $?
expect_contains "bad layout message" "--layout" "$(cat "$T/err")"
expect_eq "nothing written on a bad option" "no" "$( [ -e "$T/bad" ] && echo yes || echo no)"
finish
