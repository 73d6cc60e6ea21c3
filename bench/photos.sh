#!/usr/bin/env bash
# The photo-export benchmark (`make bench` with BENCH_ONLY=photos, or alone): a Google Photos
# takeout of BENCH_PHOTOS_N photos and videos (1000; BENCH_PHOTOS_FULL=1 makes it 10000, the
# issue's full scale) of BENCH_PHOTOS_MB each (2, so ~2 GB, or ~20 GB at full scale: about 3 times
# that of free disk for a moment) is generated (bench/gen_photos.py) and ingested, then
# `export photos` is timed against `cp -r` of the same media store in the same run, on the same
# disk (the issue's budget: within 1.5x), once before and once after it, each from a cold page
# cache. Prints wall time, MB/s, user and system CPU, what each read from and wrote to the disk
# (MB, from getrusage: a read the page cache served counts nothing), the load average when it
# began, peak RSS, and the ratio. BENCH_PHOTOS_BEFORE=path/to/another/dataport times that one's
# export too, in the same run, between the cp before and the export of the first. An export whose
# file count differs from the store's, or whose videos did not get their dates, stops it (exit 1);
# speed itself is reported, not judged.
# Usage: photos.sh path/to/dataport OUT_DIR
set -eu
DP=$(realpath "$1")
BEFORE=${BENCH_PHOTOS_BEFORE:+$(realpath "$BENCH_PHOTOS_BEFORE")}
OUT=$2
SRC=$(cd "$(dirname "$0")/.." && pwd)
full=10000
[ "${BENCH_PHOTOS_FULL:-0}" = 1 ] || full=1000
n=${BENCH_PHOTOS_N:-$full}
per_mb=${BENCH_PHOTOS_MB:-2}
W="$OUT/photos"
rm -rf "$W" && mkdir -p "$W"

echo "== photos: generating $n photos and videos of ~$per_mb MB"
made=$(python3 "$SRC/bench/gen_photos.py" "$W/src" "$n" "$per_mb")
/usr/bin/time -f '%e %M' -o "$W/ingest.time" "$DP" -q --db "$W/store.db" ingest "$W/src"
rm -rf "$W/src"
stored=$(find "$W/store-media" -type f | wc -l)
[ "$stored" -eq "$made" ] || { echo "photos bench: the store holds $stored files, the generator wrote $made" >&2; exit 1; }
bytes=$(du -sb "$W/store-media" | cut -f1)
sync

# cp -r is timed before and after the export, each into a fresh folder that is then removed: on
# ext4, whatever runs right after 20 GB were deleted pays for it (new inodes are found by scanning
# past the recently deleted ones), so one cp before would flatter cp.
# Before each timed run the media store leaves the page cache (posix_fadvise DONTNEED on every
# file, after a sync: no root needed), so that every run reads it from the disk; else each run
# finds more of it cached than the one before (the output it replaced is gone), and the last is
# flattered (at 20 GB, cp -r after the export read a third of what cp -r before it read).
evict() {
  python3 - "$W/store-media" <<'PY'
import os, sys
for d, _, names in os.walk(sys.argv[1]):
    for n in names:
        fd = os.open(os.path.join(d, n), os.O_RDONLY)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        os.close(fd)
PY
}
# timed NAME COMMAND...: runs it, then sync, into $W/NAME.time: "wall user sys rss_kb in out load"
# (wall including the sync; in and out in 512-byte blocks).
timed() {
  local name=$1 t0 t1 load
  shift
  sync
  evict
  read -r load _ < /proc/loadavg
  t0=$(date +%s.%N)
  /usr/bin/time -f '%U %S %M %I %O' -o "$W/$name.rusage" "$@"
  sync
  t1=$(date +%s.%N)
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') $(cat "$W/$name.rusage") $load" > "$W/$name.time"
}
time_cp() {  # time_cp N: one timed cp -r into a fresh folder, removed after
  timed "cp$1" cp -r "$W/store-media" "$W/cp-copy"
  rm -rf "$W/cp-copy"
  sync
}
time_export() {  # time_export NAME BINARY: one timed export, removed after (its index kept)
  timed "$1" "$2" -q --db "$W/store.db" export photos -o "$W/photos"
  mv "$W/photos/dataport-photos.csv" "$W/$1.csv"
  rm -rf "$W/photos"
  sync
}
time_cp 1
[ -z "$BEFORE" ] || time_export before "$BEFORE"
time_export export "$DP"
mv "$W/export.csv" "$W/index.csv"
time_cp 2
if [ -n "$BEFORE" ]; then
  cmp -s "$W/before.csv" "$W/index.csv" || echo "photos bench: the two binaries wrote different indexes" >&2
fi
cp1_s=$(cut -d' ' -f1 "$W/cp1.time")
cp2_s=$(cut -d' ' -f1 "$W/cp2.time")
cp_s=$(awk -v a="$cp1_s" -v b="$cp2_s" 'BEGIN { printf "%.2f", (a + b) / 2 }')
ex_s=$(cut -d' ' -f1 "$W/export.time")
written=$(tail -n +2 "$W/index.csv" | wc -l)
[ "$written" -eq "$stored" ] || { echo "photos bench: exported $written files, the store holds $stored" >&2; exit 1; }
videos=$(grep -c '\.mp4,' "$W/index.csv" || true)
dated=$(grep -c ',sidecar; quicktime dates$' "$W/index.csv" || true)
[ "$videos" -eq "$dated" ] || { echo "photos bench: $dated of $videos videos got their dates in the QuickTime atoms" >&2; exit 1; }
read -r iwall irss < "$W/ingest.time"

echo
echo "photos export of $stored files, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB (ingest took ${iwall}s, peak RSS $((irss / 1024)) MB)"
printf '%-30s %8s %8s %7s %7s %9s %9s %6s %8s\n' "" "wall s" "MB/s" "user s" "sys s" "read MB" "wrote MB" "load" "RSS MB"
row() {  # row LABEL NAME
  local wall user sys rss in out load
  read -r wall user sys rss in out load < "$W/$2.time"
  printf '%-30s %8s %8s %7s %7s %9s %9s %6s %8s\n' "$1" "$wall" "$(awk -v b="$bytes" -v s="$wall" 'BEGIN { printf "%.1f", b / 1e6 / s }')" \
    "$user" "$sys" "$((in / 2048))" "$((out / 2048))" "$load" "$((rss / 1024))"
}
row "cp -r, before the exports" cp1
[ -z "$BEFORE" ] || row "export, BENCH_PHOTOS_BEFORE" before
row "export photos (+ sync)" export
row "cp -r, after the exports" cp2
if [ -n "$BEFORE" ]; then
  b_s=$(cut -d' ' -f1 "$W/before.time")
  echo "BENCH_PHOTOS_BEFORE / cp: $(awk -v a="$b_s" -v b="$cp_s" 'BEGIN { printf "%.2f", a / b }')x of the mean of both cp runs;" \
    "$(awk -v a="$b_s" -v b="$cp1_s" 'BEGIN { printf "%.2f", a / b }')x of the one before," \
    "$(awk -v a="$b_s" -v b="$cp2_s" 'BEGIN { printf "%.2f", a / b }')x of the one after"
fi
echo "export / cp: $(awk -v a="$ex_s" -v b="$cp_s" 'BEGIN { printf "%.2f", a / b }')x of the mean of both cp runs (budget 1.5x);" \
  "$(awk -v a="$ex_s" -v b="$cp1_s" 'BEGIN { printf "%.2f", a / b }')x of the one before," \
  "$(awk -v a="$ex_s" -v b="$cp2_s" 'BEGIN { printf "%.2f", a / b }')x of the one after"
rm -rf "$W"
