#!/usr/bin/env bash
# The sharing-policy benchmark (issue 18): minimising a store under a policy against a plain bundle
# export of the same store. A store of N synthetic records (bench/gen_dump.py, no media) is
# exported as a zip bundle, then as a zip bundle under donation-minimal and under ai-assistant
# (every text scrubbed for people, every time and coordinate coarsened): the heaviest shipped
# policy. Prints each time, records/s, peak RSS, and the ratio to the plain export (the issue's
# budget: within 2x). Not a pass/fail test.
# Usage: policy.sh path/to/dataport [OUT_DIR] [--records N]   (default N: 200000, or
#        $BENCH_POLICY_RECORDS; --records 10000000 for the issue's 10 million, about 3.5 GB of records)
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
rm -rf "$W" && mkdir -p "$W"
export DATAPORT_KEYS="$W/keys" SOURCE_DATE_EPOCH=1767225600

# gen_dump.py takes megabytes; its records average about 330 bytes.
mb=$(awk -v n="$N" 'BEGIN { printf "%.3f", n * 330 / 1e6 }')
echo "== policy: generating about $N records ($mb MB)"
python3 "$SRC/bench/gen_dump.py" "$W/src" "$mb" 0 > /dev/null
"$DP" -q --db "$W/store.db" ingest "$W/src"
rm -rf "$W/src"
records=$("$DP" --db "$W/store.db" sql "SELECT count(*) FROM records" --format csv | tail -1)

run() {  # run NAME ARGS...: wall seconds, CPU seconds (user + system) and peak RSS of one export
  local name=$1
  shift
  /usr/bin/time -f '%e %U %S %M' -o "$W/$name.time" "$DP" -q --db "$W/store.db" export bundle -o "$W/$name.zip" "$@"
  read -r wall user sys rss < "$W/$name.time"
  echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $rss"
}
read -r plain plain_cpu plain_rss <<< "$(run plain)"
read -r minimal minimal_cpu minimal_rss <<< "$(run minimal --policy donation-minimal)"
read -r ai ai_cpu ai_rss <<< "$(run ai --policy ai-assistant)"
echo
echo "policy: bundle export of $records records (zip), plain and minimised (ratios: wall, and CPU, steadier on a shared machine)"
awk -v n="$records" -v p="$plain" -v pc="$plain_cpu" -v pr="$plain_rss" -v m="$minimal" -v mc="$minimal_cpu" -v mr="$minimal_rss" \
    -v a="$ai" -v ac="$ai_cpu" -v ar="$ai_rss" 'BEGIN {
  printf "  plain bundle                 %7.2f s wall %7.2f s CPU, %8.0f records/s, peak RSS %.1f MB\n", p, pc, n / p, pr / 1024;
  printf "  --policy donation-minimal    %7.2f s wall %7.2f s CPU, %8.0f records/s, peak RSS %.1f MB (%.2fx wall, %.2fx CPU of the plain export)\n", m, mc, n / m, mr / 1024, m / p, mc / pc;
  printf "  --policy ai-assistant        %7.2f s wall %7.2f s CPU, %8.0f records/s, peak RSS %.1f MB (%.2fx wall, %.2fx CPU of the plain export)\n", a, ac, n / a, ar / 1024, a / p, ac / pc;
}'
rm -rf "$W"
