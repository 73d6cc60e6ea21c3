#!/usr/bin/env bash
# The bundle benchmark (`make bench`, or alone): a store holding ~1 GB of records (the dump
# importer reads a synthetic dump) and ~2 GB of media, exported as a zip bundle, then checked
# with `dataport verify`. Prints MB/s and peak RSS of each, and the time `cat` takes to read the
# same media and the records out of the store (the floor). Nothing here is a pass/fail test, but
# a bundle that does not verify or holds the wrong number of records stops it.
# Usage: bundle.sh path/to/dataport OUT_DIR   (BENCH_BUNDLE_RECORDS_MB, BENCH_BUNDLE_MEDIA_MB set the sizes)
set -eu
DP=$(realpath "$1")
OUT=$2
SRC=$(cd "$(dirname "$0")/.." && pwd)
rec_mb=${BENCH_BUNDLE_RECORDS_MB:-1000}
media_mb=${BENCH_BUNDLE_MEDIA_MB:-2000}
W="$OUT/bundle"
rm -rf "$W" && mkdir -p "$W"

echo "== bundle: generating ~$rec_mb MB of records and ~$media_mb MB of media"
n=$(python3 "$SRC/bench/gen_dump.py" "$W/src" "$rec_mb" "$media_mb")
"$DP" -q --db "$W/store.db" ingest "$W/src"
rm -rf "$W/src"
records=$("$DP" --db "$W/store.db" sql "SELECT count(*) FROM records" --format csv | tail -1)
media_files=$(find "$W/store-media" -type f | wc -l)
[ "$records" -eq $((n + media_files)) ] || { echo "bundle bench: store holds $records records, expected $n + $media_files" >&2; exit 1; }

t0=$(date +%s.%N)
cat $(find "$W/store-media" -type f) > /dev/null
"$DP" --db "$W/store.db" export dump -o - 2>/dev/null > /dev/null
t1=$(date +%s.%N)
floor=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')

/usr/bin/time -f '%e %M' -o "$W/export.time" "$DP" -q --db "$W/store.db" export bundle -o "$W/bundle.zip"
read -r wall rss < "$W/export.time"
/usr/bin/time -f '%e %M' -o "$W/verify.time" "$DP" verify "$W/bundle.zip" > "$W/verify.out" || { cat "$W/verify.out" >&2; exit 1; }
read -r vwall vrss < "$W/verify.time"
bytes=$(stat -c %s "$W/bundle.zip")
in_bundle=$(bsdtar -xOf "$W/bundle.zip" bundle/bag-info.txt | sed -n 's/^Dataport-Records: //p')
[ "$in_bundle" = "$records" ] || { echo "bundle bench: the bundle says $in_bundle records, the store $records" >&2; exit 1; }

echo
echo "bundle export (zip) of $records records and $media_files media files"
awk -v w="$wall" -v b="$bytes" -v r="$rss" -v f="$floor" -v vw="$vwall" -v vr="$vrss" -v n="$records" 'BEGIN {
  printf "  bundle size       %.1f MB\n", b / 1e6;
  printf "  export            %.2f s, %.1f MB/s, %.0f records/s, peak RSS %.1f MB\n", w, b / 1e6 / w, n / w, r / 1024;
  printf "  verify            %.2f s, %.1f MB/s, peak RSS %.1f MB\n", vw, b / 1e6 / vw, vr / 1024;
  printf "  floor (cat media + dump records) %.2f s (export is %.1fx the floor)\n", f, w / f;
}'
rm -rf "$W"
