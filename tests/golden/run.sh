#!/usr/bin/env bash
# Golden tests: each case in cases.txt is ingested into a fresh database and its NDJSON dump is
# compared byte for byte with tests/golden/NAME.ndjson. UPDATE_GOLDEN=1 rewrites the files.
# Each dump is also ingested back (the dump importer, which checks every record against the
# record model of lib/model.h) with no warning, and dumped again: it must not change.
# Usage: run.sh path/to/dataport [NAME...]
set -u
DP=$(realpath "$1"); shift
SRC=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRC/tests/cli/lib.sh"
check_case() {
  local name=$1
  shift
  db="$T/$name.db"
  "$DP" -q --db "$db" ingest "$@" 2> "$T/$name.err"
  rc=$?
  if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then bad "$name: ingest exit $rc: $(cat "$T/$name.err")"; return; fi
  # The archive hash of a folder depends on its content only, so the dump is stable.
  "$DP" --db "$db" query --format ndjson > "$T/$name.ndjson"
  want="$SRC/tests/golden/$name.ndjson"
  if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$T/$name.ndjson" "$want"
    echo "updated $want ($(wc -l < "$want") records)"
  fi
  if cmp -s "$want" "$T/$name.ndjson"; then ok; else
    bad "$name: dump differs from $want"; diff "$want" "$T/$name.ndjson" | head -20 >&2
  fi
  # export dump writes the lines from the stored text without parsing it: the same bytes, after
  # its header line naming the model version.
  "$DP" -q --db "$db" export dump -o "$T/$name.fast.ndjson"
  if [ "$(head -1 "$T/$name.fast.ndjson")" = "$header" ]; then ok; else bad "$name: export dump lacks its header line $header"; fi
  if tail -n +2 "$T/$name.fast.ndjson" | cmp -s "$T/$name.ndjson" -; then ok; else bad "$name: export dump differs from query --format ndjson"; fi
  "$DP" -q --db "$T/$name.round.db" ingest "$T/$name.ndjson" 2> "$T/$name.round.err"
  rc=$?
  if [ $rc -eq 0 ] && [ ! -s "$T/$name.round.err" ]; then ok; else
    bad "$name: its records do not all fit the record model (ingest of the dump: exit $rc)"; head -20 "$T/$name.round.err" >&2
  fi
  "$DP" --db "$T/$name.round.db" query --format ndjson > "$T/$name.round.ndjson"
  if cmp -s "$T/$name.ndjson" "$T/$name.round.ndjson"; then ok; else bad "$name: dump -> ingest -> dump changed"; fi
}
version=$("$DP" formats --format json | grep -o '"model_version": *[0-9]*' | grep -o '[0-9]*$')
header="{\"dataport\":\"dump\",\"model_version\":$version}"
each_golden_case check_case "$@"
[ $((passed + failed)) -gt 0 ] || bad "no golden case ran"
finish
