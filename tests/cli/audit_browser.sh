#!/usr/bin/env bash
# The audit report in a real browser: headless chromium renders the samples' report with no
# console error and no refused fetch, the DOM has every section, and a screenshot is written.
# Skips (exit 77) where chromium is not installed.
# Usage: audit_browser.sh path/to/dataport
set -u
DP=$(realpath "$1")
SRC=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
command -v chromium >/dev/null || command -v chromium-browser >/dev/null ||
  { echo "skipped: chromium is not installed (Debian package chromium; make deps installs it)"; exit 77; }
. "$SRC/tests/cli/lib.sh"
export DATAPORT_DB="$T/dataport.db"
ingest_case() {
  local name=$1
  shift
  "$DP" -q ingest "$@"
}
each_golden_case ingest_case
"$DP" audit -o "$T/report.html"; expect_eq "audit" 0 $?
bash "$SRC/tools/headless.sh" "$T/report.html" "$T/shot.png" > "$T/dom.html" 2> "$T/log.txt"
expect_eq "chromium rendered it" 0 $?
dom=$(cat "$T/dom.html")
for id in volume inferences sensitive advertisers off-platform logins where people unread; do
  expect_contains "rendered section $id" "id=\"$id\"" "$dom"
done
expect_contains "rendered the charts" "<svg" "$dom"
# Console messages, CSP violations and failed loads all reach chromium's log.
errors=$(grep -aiE 'CONSOLE|Refused to|Uncaught|net::ERR|Failed to load' "$T/log.txt" | head -5)
expect_eq "no console errors, nothing refused or fetched" "" "$errors"
size=$(stat -c %s "$T/shot.png" 2>/dev/null || echo 0)
[ "$size" -gt 20000 ]; expect_eq "a screenshot with something in it ($size bytes)" 0 $?
finish
