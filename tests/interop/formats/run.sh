#!/usr/bin/env bash
# Interop: every export of the shipped samples is read back by a parser or validator that knows
# nothing of dataport (ical.js, @jsonresume/schema, @placemarkio/check-geojson, jsonld with the
# contexts bundled in @fedify/vocab-runtime, Python's mailbox/csv/ElementTree). Installed by
# `make deps` (npm packages in tests/interop/package.json). Skips (exit 77) only without node.
# Usage: run.sh path/to/dataport
set -u
DP=$(realpath "$1")
SRC=${SOURCE_DIR:-$(cd "$(dirname "$0")/../../.." && pwd)}
HERE="$SRC/tests/interop/formats"
. "$SRC/tests/cli/lib.sh"
. "$SRC/tests/interop/node_check.sh"
if [ ! -d "$SRC/tests/interop/node_modules/ical.js" ] || [ ! -d "$SRC/tests/interop/node_modules/@jsonresume/schema" ]; then
  (cd "$SRC/tests/interop" && npm ci --no-audit --no-fund --loglevel=error) || { echo "FAIL: npm ci in tests/interop"; exit 1; }
fi
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
export DATAPORT_DB="$T/db.sqlite" SOURCE_DATE_EPOCH=1700000000
while read -r name paths; do
  case "$name" in ''|'#'*) continue ;; esac
  args=()
  for p in $paths; do args+=("$SRC/$p"); done
  "$DP" -q ingest "${args[@]}" 2>/dev/null
  rc=$?
  [ $rc -eq 0 ] || [ $rc -eq 3 ] || echo "note: $name did not ingest (exit $rc): the golden tests report it; its records are not checked here"
done < "$SRC/tests/golden/cases.txt"
# Records the samples may not have (events with recurrence, visits, tracks): the exporters' record set.
"$DP" -q ingest "$SRC/tests/exports/input.ndjson" 2>/dev/null || bad "ingest of tests/exports/input.ndjson failed"
check() {  # check WHAT COMMAND...
  local what=$1; shift
  if out=$("$@" 2>&1); then ok; echo "$out"; else bad "$what: $out"; fi
}
cd "$SRC/tests/interop"
export_ok() {  # export_ok FORMAT ARGS...: runs the export; a failure is a failed check
  if "$DP" -q export "$@" 2> "$T/export.err"; then return 0; fi
  bad "export $*: $(cat "$T/export.err")"
  return 1
}
export_ok ical -o "$T/events.ics" && check ical node formats/check-exports.mjs ical "$T/events.ics"
export_ok vcard -o "$T/contacts.vcf" && check vcard node formats/check-exports.mjs vcard "$T/contacts.vcf"
export_ok vcard --vcard-version 4 -o "$T/contacts4.vcf" && check vcard4 node formats/check-exports.mjs vcard "$T/contacts4.vcf"
export_ok jsonresume -o "$T/resume.json" && check jsonresume node formats/check-exports.mjs resume "$T/resume.json"
export_ok geojson -o "$T/where.geojson" && check geojson node formats/check-exports.mjs geojson "$T/where.geojson"
export_ok gpx -o "$T/where.gpx" && {
  check gpx "$PY" formats/check_exports.py gpx "$T/where.gpx"
  if command -v xmllint >/dev/null; then check gpx-xmllint xmllint --noout --nonet "$T/where.gpx"; fi
}
export_ok mastodon -o "$T/masto" --base-url https://social.example && {
  check mastodon-archive node formats/check-exports.mjs as2 "$T/masto/archive"
  check mastodon-csv "$PY" formats/check_exports.py mastodon-csv "$T/masto"
  mkdir "$T/unzipped" && (cd "$T/unzipped" && "$PY" -m zipfile -e "$T/masto/archive.zip" .) &&
    check mastodon-zip node formats/check-exports.mjs as2 "$T/unzipped"
}
export_ok mbox -o "$T/mail.mbox" && {
  n=$("$DP" query --kind message --format ndjson | wc -l)
  check mbox "$PY" formats/check_exports.py mbox "$T/mail.mbox" "$n"
}
# A broken output must be caught: the checks are not rubber stamps.
if [ -s "$T/events.ics" ]; then
  sed 's/^DTSTAMP:.*$//' "$T/events.ics" | tr -s '\n' > "$T/broken.ics"
  if node formats/check-exports.mjs ical "$T/broken.ics" >/dev/null 2>&1; then bad "a VEVENT without DTSTAMP passed"; else ok; fi
fi
if [ -s "$T/resume.json" ]; then
  sed 's/"startDate": "\([0-9-]*\)"/"startDate": "Present"/' "$T/resume.json" > "$T/broken.json"
  if node formats/check-exports.mjs resume "$T/broken.json" >/dev/null 2>&1; then bad "a resume with startDate Present passed"; else ok; fi
fi
if [ -s "$T/mail.mbox" ]; then
  if "$PY" formats/check_exports.py mbox "$T/mail.mbox" 9999 >/dev/null 2>&1; then bad "a wrong mbox message count passed"; else ok; fi
fi
finish
