#!/usr/bin/env bash
# The sharing-policy benchmark (issue 18): minimising a store under a policy against a plain bundle
# export of the same store. A store of N synthetic records (bench/gen_dump.py, no media, made and
# ingested in parts of a million so the source never takes more disk than one part) is exported as
# a zip bundle, then as a zip bundle under donation-minimal, research-messages-metadata and
# ai-assistant (every text scrubbed for people, every time and coordinate coarsened: the heaviest
# shipped policy). share-cv is left out: these records hold no career, so it lets none out.
# Prints each time, CPU, records/s, peak RSS, and the ratio to the plain export (the issue's
# budget: within 2x). Not a pass/fail test.
# BENCH_POLICIES names the policies to measure (default the three above); BENCH_POLICY_KEEP=1 keeps
# the generated store (and its pseudonym key) for the next run with the same N, which then only exports.
# Usage: policy.sh path/to/dataport [OUT_DIR] [--records N]   (default N: 200000, or
#        $BENCH_POLICY_RECORDS; --records 10000000 for the issue's 10 million: a store of about
#        10 GB, and the minimised scratch store beside it)
set -eu
DP=$(realpath "$1")
OUT=${2:-$(cd "$(dirname "$0")" && pwd)/out}
[ "${2:-}" = "--records" ] && OUT=$(cd "$(dirname "$0")" && pwd)/out
N=${BENCH_POLICY_RECORDS:-200000}
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = "--records" ] && N=${args[$((i + 1))]}
done
SRC=$(cd "$(dirname "$0")/.." && pwd)
W="$OUT/policy"
KEEP=${BENCH_POLICY_KEEP:-0}
export DATAPORT_KEYS="$W/keys" SOURCE_DATE_EPOCH=1767225600
have=0
if [ "$KEEP" = 1 ] && [ -f "$W/store.db" ]; then
  have=$("$DP" --db "$W/store.db" sql "SELECT count(*) FROM records" --format csv | tail -1)
fi
if [ "$have" = "$N" ]; then
  echo "== policy: the store of $N records kept by an earlier run (BENCH_POLICY_KEEP=1)"
  rm -f "$W"/*.zip "$W"/*.time
else
  rm -rf "$W" && mkdir -p "$W"
  PART=${BENCH_POLICY_PART:-1000000}
  echo "== policy: generating and ingesting $N records (gen_dump.py records average about 540 bytes)"
  for ((first = 0; first < N; first += PART)); do
    count=$((N - first < PART ? N - first : PART))
    python3 "$SRC/bench/gen_dump.py" "$W/src" 0 0 "$first" "$count" > /dev/null
    "$DP" -q --db "$W/store.db" ingest "$W/src"
    rm -rf "$W/src"
  done
fi
records=$("$DP" --db "$W/store.db" sql "SELECT count(*) FROM records" --format csv | tail -1)
echo "   store: $(du -h "$W/store.db" | cut -f1)"

run() {  # run NAME ARGS...: wall seconds, CPU seconds (user + system) and peak RSS of one export
  local name=$1
  shift
  /usr/bin/time -f '%e %U %S %M' -o "$W/$name.time" "$DP" -q --db "$W/store.db" export bundle -o "$W/$name.zip" "$@"
  rm -f "$W/$name.zip"
  read -r wall user sys rss < "$W/$name.time"
  echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $rss"
}
read -r plain plain_cpu plain_rss <<< "$(run plain)"
echo
echo "policy: bundle export of $records records (zip), plain and minimised (ratios: wall, and CPU, steadier on a shared machine)"
awk -v n="$records" -v p="$plain" -v pc="$plain_cpu" -v pr="$plain_rss" 'BEGIN {
  printf "  plain bundle                          %8.2f s wall %8.2f s CPU, %8.0f records/s, peak RSS %6.1f MB\n", p, pc, n / p, pr / 1024 }'
for policy in ${BENCH_POLICIES:-donation-minimal research-messages-metadata ai-assistant}; do
  read -r t c r <<< "$(run "$policy" --policy "$policy")"
  awk -v name="$policy" -v n="$records" -v p="$plain" -v pc="$plain_cpu" -v t="$t" -v c="$c" -v r="$r" 'BEGIN {
    printf "  --policy %-28s %8.2f s wall %8.2f s CPU, %8.0f records/s, peak RSS %6.1f MB (%.2fx wall, %.2fx CPU of the plain export)\n",
           name, t, c, n / t, r / 1024, t / p, c / pc }'
done
[ "$KEEP" = 1 ] || rm -rf "$W"
