#!/usr/bin/env bash
# Streaming proof for the Meta importers (issue 20): ingests a generated Facebook export whose bulk
# is one Messenger thread file and one posts file (bench/gen_meta_rss.py), once at
# BENCH_META_RSS_SMALL_MB (20) and once at BENCH_META_RSS_LARGE_MB (200) of as many items (each 10
# times longer: the pipeline keeps a few dozen bytes per record, for ids seen in the run, which is
# not the readers' memory), and prints wall time and peak RSS (/usr/bin/time -v) of each. The
# readers stream their items, so peak RSS must stay flat: the run fails (exit 1) when the large
# run's peak RSS exceeds the small one's by more than 50% (plus 16 MB of slack), or when the store
# does not hold exactly the messages and posts the generator wrote.
# Usage: meta_rss.sh path/to/dataport [OUT_DIR]
set -eu
DP=$(realpath "$1")
SRC=$(cd "$(dirname "$0")/.." && pwd)
OUT=${2:-${BENCH_OUT:-$SRC/bench/out}}/meta-rss
SMALL=${BENCH_META_RSS_SMALL_MB:-20}
LARGE=${BENCH_META_RSS_LARGE_MB:-200}
rm -rf "$OUT" && mkdir -p "$OUT"
fail=0
declare -A RSS
items=""
for mb in "$SMALL" "$LARGE"; do
  dir="$OUT/$mb"
  read -r messages posts < <(python3 "$SRC/bench/gen_meta_rss.py" "$dir" "$mb" $items)
  items=$messages
  db="$dir/fb.db"
  bytes=$(find "$dir/facebook-rss" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
  /usr/bin/time -v "$DP" -q --db "$db" ingest "$dir/facebook-rss" 2> "$dir/time.txt" || {
    echo "!! meta-rss $mb MB: ingest failed"; tail -5 "$dir/time.txt"; fail=1; continue; }
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$dir/time.txt")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$dir/time.txt")
  got_m=$("$DP" --db "$db" sql "SELECT count(*) FROM records WHERE kind = 'message'" --format csv | tail -1)
  got_p=$("$DP" --db "$db" sql "SELECT count(*) FROM records WHERE kind = 'post'" --format csv | tail -1)
  RSS[$mb]=$rss
  printf 'meta-rss %6s MB input (%s bytes): %8s messages, %8s posts, wall %s, peak RSS %s MB\n' \
    "$mb" "$bytes" "$got_m" "$got_p" "$wall" "$((rss / 1024))"
  if [ "$got_m" != "$messages" ] || [ "$got_p" != "$posts" ]; then
    echo "!! meta-rss $mb MB: the store holds $got_m messages and $got_p posts; the generator wrote $messages and $posts"
    fail=1
  fi
  rm -rf "$dir"
done
if [ -n "${RSS[$SMALL]:-}" ] && [ -n "${RSS[$LARGE]:-}" ]; then
  ratio=$(awk -v a="${RSS[$LARGE]}" -v b="${RSS[$SMALL]}" 'BEGIN { printf "%.2f", a / b }')
  echo "meta-rss: peak RSS ${LARGE} MB / ${SMALL} MB input = $ratio"
  if [ "${RSS[$LARGE]}" -gt $(( RSS[$SMALL] * 3 / 2 + 16384 )) ]; then
    echo "!! meta-rss: peak RSS grows with the file: the readers do not stream"
    fail=1
  fi
fi
exit $fail
