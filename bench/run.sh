#!/usr/bin/env bash
# `make bench`: generates a large synthetic export, then measures `dataport ingest` on it:
# MB/s, records/s and peak RSS, next to the time bsdtar takes only to decompress the same zip
# (the floor). Figures go to stdout. Nothing here is a pass/fail test.
# Usage: run.sh path/to/dataport   (BENCH_MESSAGES, BENCH_CONNECTIONS override the sizes)
set -eu
DP=$(realpath "$1")
SRC=$(cd "$(dirname "$0")/.." && pwd)
OUT=$SRC/bench/out
rm -rf "$OUT" && mkdir -p "$OUT"
msgs=${BENCH_MESSAGES:-200000}; conns=${BENCH_CONNECTIONS:-30000}

echo "== generating a synthetic LinkedIn export: $msgs messages, $conns connections"
bash "$SRC/bench/gen_linkedin.sh" "$OUT/linkedin" "$msgs" "$conns"
bsdtar -a -cf "$OUT/linkedin.zip" -C "$OUT/linkedin" .
raw=$(du -sb "$OUT/linkedin" | cut -f1)
zipped=$(stat -c %s "$OUT/linkedin.zip")
echo "   $(awk -v b="$raw" 'BEGIN{printf "%.1f", b/1e6}') MB of CSV, $(awk -v b="$zipped" 'BEGIN{printf "%.1f", b/1e6}') MB zipped"

seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
now() { date +%s.%N; }

t0=$(now); bsdtar -xOf "$OUT/linkedin.zip" > /dev/null; t1=$(now)
floor=$(seconds "$t0" "$t1")

/usr/bin/time -f '%e %M' -o "$OUT/time.txt" "$DP" -q --db "$OUT/bench.db" ingest "$OUT/linkedin.zip"
read -r wall rss_kb < "$OUT/time.txt"
records=$("$DP" --db "$OUT/bench.db" sql "SELECT count(*) FROM records" --format csv | tail -1)

/usr/bin/time -f '%e %M' -o "$OUT/time2.txt" "$DP" -q --db "$OUT/bench.db" ingest "$OUT/linkedin.zip"
read -r wall2 rss2_kb < "$OUT/time2.txt"

echo
echo "linkedin ingest (fresh database)"
awk -v w="$wall" -v r="$records" -v raw="$raw" -v rss="$rss_kb" -v f="$floor" 'BEGIN {
  printf "  records           %d\n", r;
  printf "  wall time         %.2f s\n", w;
  printf "  records/s         %.0f\n", r / w;
  printf "  MB/s (CSV)        %.1f\n", raw / 1e6 / w;
  printf "  peak RSS          %.1f MB\n", rss / 1024;
  printf "  bsdtar -xOf floor %.2f s (ingest is %.1fx the floor)\n", f, w / f;
}'
echo "linkedin re-ingest (everything already present)"
awk -v w="$wall2" -v r="$records" -v rss="$rss2_kb" 'BEGIN {
  printf "  wall time         %.2f s (%.0f records/s)\n", w, r / w;
  printf "  peak RSS          %.1f MB\n", rss / 1024;
}'
echo "database $(du -sh "$OUT/bench.db" | cut -f1)"
