#!/usr/bin/env bash
# The audit benchmark (`make bench`, workload `audit`, or alone): a store of BENCH_AUDIT_RECORDS
# synthetic records (1,000,000) over six platforms and every kind the audit reads
# (bench/gen_audit.py, ingested with `--from dump`), then `dataport audit` of it as JSON, as HTML,
# and filtered (--platform and a --since/--until with part-months at both ends). Prints records,
# wall time, CPU time (user + system) and peak RSS of each, the store's size, and the seconds each
# section took (-v). BENCH_AUDIT_10M=1 runs the same at 10,000,000 records too (about 4.5 GB of
# store and 3.3 GB of dump on disk for a moment; the ingest alone takes several minutes). Not a
# pass/fail test, but a report whose record count is not what the generator wrote stops it.
# BENCH_AUDIT_KEEP=1 keeps each size's store (OUT_DIR/audit-N/store.db) and reuses it on the next
# run instead of generating and ingesting it again, to time the audit alone repeatedly.
# Usage: audit.sh path/to/dataport OUT_DIR
set -eu
DP=$(realpath "$1")
OUT=$2
SRC=$(cd "$(dirname "$0")/.." && pwd)
W="$OUT/audit"
sizes=${BENCH_AUDIT_RECORDS:-1000000}
[ "${BENCH_AUDIT_10M:-0}" = 1 ] && sizes="$sizes 10000000"

run() {  # run NAME CMD...: one timed run; prints its row
  local name=$1
  shift
  /usr/bin/time -f '%e %U %S %M' -o "$W/t" "$@" 2> "$W/err" || { cat "$W/err" >&2; exit 1; }
  read -r wall user sys rss < <(tail -1 "$W/t")
  awk -v n="$name" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN {
    printf "  %-34s %8.2f s wall %8.2f s CPU %8.0f MB peak RSS\n", n, w, u + s, r / 1024 }'
}

keep=${BENCH_AUDIT_KEEP:-0}
for n in $sizes; do
  [ "$keep" = 1 ] && W="$OUT/audit-$n"
  if [ "$keep" = 1 ] && [ -s "$W/store.db" ] && [ -e "$W/complete" ]; then
    echo "audit of a store of $n records (kept from an earlier run: $W)"
    rm -f "$W"/*.json "$W"/*.html
  else
    rm -rf "$W" && mkdir -p "$W"
    echo "== audit: generating $n records"
    python3 "$SRC/bench/gen_audit.py" "$W/dump.ndjson" "$n" > /dev/null
    echo "audit of a store of $n records"
    run "ingest --from dump" "$DP" -q --db "$W/store.db" ingest --from dump "$W/dump.ndjson"
    rm -f "$W/dump.ndjson"
    touch "$W/complete"
  fi
  echo "  store                              $(du -m "$W/store.db" | cut -f1) MB"
  run "audit --format json" "$DP" -v --db "$W/store.db" audit --format json -o "$W/a.json"
  sed -n 's/^audit: \([a-z_]*\) *\([0-9.]*\) s$/    \1 \2 s/p' "$W/err" | paste -sd' ' | sed 's/^/  sections:/'
  got=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["totals"]["records"])' "$W/a.json")
  [ "$got" = "$n" ] || { echo "audit bench: the report counts $got records, the generator wrote $n" >&2; exit 1; }
  run "audit -o report.html" "$DP" --db "$W/store.db" audit -o "$W/a.html"
  echo "  report.html                        $(du -k "$W/a.html" | cut -f1) KB"
  run "audit --platform x,google (json)" "$DP" --db "$W/store.db" audit --platform x,google --format json -o "$W/f.json"
  run "audit --since/--until mid-month" "$DP" --db "$W/store.db" audit --since 2012-03-15 --until 2020-06-10 --format json -o "$W/g.json"
  run "audit --max-items 0 (json)" "$DP" --db "$W/store.db" audit --max-items 0 --format json -o "$W/all.json"
  if [ "$keep" = 1 ]; then rm -f "$W"/*.json "$W"/*.html "$W/err" "$W/t"; else rm -rf "$W"; fi
done
