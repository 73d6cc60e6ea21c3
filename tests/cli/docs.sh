#!/usr/bin/env bash
# ctest "docs": every command block of README.md and docs/*.md runs as written, in order, on the
# shipped samples, in a fresh HOME and XDG_DATA_HOME per file (a folder holding the LinkedIn
# sample zipped under the name the docs use). Not run: `make` (it builds and runs this test) and
# `npm ci` (tests/interop installs it); `node` lines are skipped when node or the interop packages
# are missing. A command shown failing must fail; every other must exit 0.
# Usage: docs.sh path/to/dataport
set -u
DP=$(realpath "$1")
SRC=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRC/tests/cli/lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
LI=Complete_LinkedInDataExport_03-15-2026
mkdir -p "$T/bin"
ln -s "$DP" "$T/bin/dataport"
for md in "$SRC/README.md" "$SRC"/docs/*.md; do
  name=${md#"$SRC"/}
  W="$T/run/$(basename "$md" .md)"
  mkdir -p "$W/work" "$W/home" "$W/xdg"
  (cd "$SRC/samples/linkedin" && "$PY" -m zipfile -c "$W/work/$LI.zip" "$LI" >/dev/null)
  ln -s "$SRC/tests" "$W/work/tests"
  n=0
  while IFS=$'\t' read -r expect cmd; do
    case "$cmd" in
      make\ *|*"npm ci"*) continue ;;
      node\ *) { command -v node >/dev/null && [ -d "$SRC/tests/interop/node_modules/jose" ]; } || continue ;;
    esac
    # A tampered credential for the docs that show one failing: the job credential, edited.
    if [[ "$cmd" == *edited.json* ]] && [ -f "$W/work/job.json" ] && [ ! -f "$W/work/edited.json" ]; then
      sed 's/"title": *"[^"]*"/"title": "Chief Everything"/' "$W/work/job.json" >"$W/work/edited.json"
    fi
    n=$((n + 1))
    (cd "$W/work" && env -u DATAPORT_DB -u DATAPORT_KEYS HOME="$W/home" XDG_DATA_HOME="$W/xdg" PATH="$T/bin:$PATH" \
      bash -o pipefail -c "$cmd" >"$W/out" 2>&1)
    rc=$?
    if [ "$expect" = fail ]; then
      [ $rc -ne 0 ] && ok || bad "$name: \`$cmd\` should fail as the docs show, but exited 0"
    else
      [ $rc -eq 0 ] && ok || { bad "$name: \`$cmd\` exited $rc:"; tail -5 "$W/out" >&2; }
    fi
  done < <("$PY" "$SRC/tests/cli/doc_blocks.py" "$md")
  echo "$name: $n commands run"
done
finish
