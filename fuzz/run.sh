#!/usr/bin/env bash
# Runs the libFuzzer targets of a fuzz build: fuzz/run.sh BUILD_DIR [SECONDS [TARGET...]]
# (`make fuzz FUZZ_SECONDS=N` calls it). Each target runs SECONDS (default 30) under ASan and
# UBSan, FUZZ_JOBS (default 2) at a time, from seeds made now out of samples/ and tests/
# (fuzz/seeds.py) plus the corpus earlier runs kept in BUILD_DIR/fuzz-corpus/. Prints the
# executions and findings per target; exits 1 when any target found a crash, a leak, a timeout
# or an out-of-memory (the input is in BUILD_DIR/fuzz-findings/, the log beside it).
set -uo pipefail
B=$(cd "${1:?usage: fuzz/run.sh BUILD_DIR [SECONDS [TARGET...]]}" && pwd)
SECS=${2:-30}
shift $(( $# >= 2 ? 2 : 1 ))
SRC=$(cd "$(dirname "$0")/.." && pwd)
JOBS=${FUZZ_JOBS:-2}
# FUZZ_SEED fixes libFuzzer's random seed, so a run that found something finds it again from the
# same corpus (.ci/run sets it: a CI failure is then a fact to reproduce, not a draw); unset, every
# run explores afresh.
SEED_ARG=()
[ -n "${FUZZ_SEED:-}" ] && SEED_ARG=("-seed=$FUZZ_SEED")
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in "$B"/fuzz/fuzz_*; do [ -x "$f" ] && targets+=("${f##*/fuzz_}"); done
fi
[ ${#targets[@]} -gt 0 ] || { echo "fuzz: no targets in $B/fuzz (build with make fuzz)" >&2; exit 1; }

rm -rf "$B/fuzz-seeds" "$B/fuzz-dict" "$B/fuzz-logs"
mkdir -p "$B/fuzz-corpus" "$B/fuzz-findings" "$B/fuzz-dict" "$B/fuzz-logs"
python3 "$SRC/fuzz/seeds.py" "$SRC" "$B/fuzz-seeds" >&2 || exit 1

# Which dictionaries feed which target (libFuzzer takes one file: they are joined).
dicts_of() {
  case $1 in
    archive) echo zip ;;
    json|credential|sdjwt) echo json ;;
    csv) echo csv ;;
    html) echo html ;;
    escape) echo vcard_ical csv ;;
    export) echo json vcard_ical ;;
    importers) echo importers json csv html ;;
    media) echo iso_media ;;
    policy) echo json policy ;;
    car) echo car ;;
    *) ;;
  esac
}
max_len_of() {
  case $1 in
    importers|archive) echo 131072 ;;
    export) echo 65536 ;;
    *) echo 32768 ;;
  esac
}

run_one() {
  local t=$1 args=()
  local dict="$B/fuzz-dict/$t.dict"
  : > "$dict"
  for d in $(dicts_of "$t"); do cat "$SRC/fuzz/dict/$d.dict" >> "$dict"; done
  [ -s "$dict" ] && args+=("-dict=$dict")
  mkdir -p "$B/fuzz-corpus/$t" "$B/fuzz-seeds/$t" "$B/fuzz-tmp/$t"
  TMPDIR="$B/fuzz-tmp/$t" \
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:symbolize=1" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "$B/fuzz/fuzz_$t" "${args[@]}" "${SEED_ARG[@]}" -max_total_time="$SECS" -timeout=30 -rss_limit_mb=2560 \
      -max_len="$(max_len_of "$t")" -print_final_stats=1 -artifact_prefix="$B/fuzz-findings/$t-" \
      "$B/fuzz-corpus/$t" "$B/fuzz-seeds/$t" > "$B/fuzz-logs/$t.log" 2>&1
  echo $? > "$B/fuzz-logs/$t.rc"
  rm -rf "$B/fuzz-tmp/$t"
}

start=$(date +%s)
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
  echo "fuzz: $t for ${SECS}s" >&2
  run_one "$t" &
done
wait

fail=0 total=0 findings=()
printf '%-12s %14s %10s %8s  %s\n' target executions exec/s corpus result
for t in "${targets[@]}"; do
  log="$B/fuzz-logs/$t.log"
  rc=$(cat "$B/fuzz-logs/$t.rc" 2>/dev/null || echo 1)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  corpus=$(ls "$B/fuzz-corpus/$t" | wc -l)
  if [ "$rc" = 0 ]; then
    result=ok
  else
    fail=1
    what=$(grep -m1 -o 'ERROR: libFuzzer: [a-z-]*\|ERROR: AddressSanitizer: [a-z-]*\|runtime error: .*\|dataport fuzz finding: .*' "$log" | head -1)
    art=$(grep -m1 -o "Test unit written to .*" "$log" | sed 's/Test unit written to //')
    result="FINDING (${what:-exit $rc}): ${art:-see $log}"
    findings+=("$t")
  fi
  total=$((total + ${execs:-0}))
  printf '%-12s %14s %10s %8s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "$corpus" "$result"
done
# The CI log is often all there is of a run: show each finding's report (the stack, the
# property that broke) and its input as base64, so it can be reproduced from the log alone.
for t in "${findings[@]}"; do
  log="$B/fuzz-logs/$t.log"
  echo "---- fuzz finding in $t: the report ($log) ----"
  sed -n '/^==[0-9]*==\|^dataport fuzz finding\|runtime error\|ERROR: libFuzzer\|terminate called\|what():/,/^SUMMARY\|Test unit written/p' "$log" | head -80
  art=$(grep -m1 -o "Test unit written to .*" "$log" | sed 's/Test unit written to //')
  if [ -n "$art" ] && [ -f "$art" ] && [ "$(stat -c %s "$art")" -le 262144 ]; then
    echo "---- its input, base64 (base64 -d > input; $B/fuzz/fuzz_$t input) ----"
    base64 -w 120 "$art"
  fi
done
echo "fuzz: $total executions over ${#targets[@]} targets in $(( $(date +%s) - start ))s; logs in $B/fuzz-logs" >&2
exit $fail
