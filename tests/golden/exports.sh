#!/usr/bin/env bash
# Golden tests of the exporters, from ONE fixed, hand-written record set: tests/exports/input.ndjson
# (every kind every exporter reads, with the traps: all-day multi-day events, a recurring event
# across a daylight-saving change, structured addresses, multi-unit organisations, followers vs
# friends, retweets and boosts). It is ingested as a dump (no importer runs, so an importer change
# touches only its own golden), each exporter runs with SOURCE_DATE_EPOCH set, and its output is
# compared byte for byte with tests/golden/exports/. Each exporter then runs again: the second
# output must be identical (the zip included). UPDATE_GOLDEN=1 rewrites the expected files.
# Usage: exports.sh path/to/dataport [EXPORTER...]
set -u
DP=$(realpath "$1"); shift
SRC=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRC/tests/cli/lib.sh"
WANT="$SRC/tests/golden/exports"
export DATAPORT_DB="$T/db.sqlite" SOURCE_DATE_EPOCH=1700000000
only=" $* "
# Every line must fit the record model: the dump importer checks each one, and warns otherwise.
"$DP" -q ingest "$SRC/tests/exports/input.ndjson" 2> "$T/ingest.err"
rc=$?
if [ $rc -eq 0 ] && [ ! -s "$T/ingest.err" ]; then ok; else bad "ingest tests/exports/input.ndjson: exit $rc: $(head -5 "$T/ingest.err")"; fi
expect_eq "every line of input.ndjson is a record" "$(grep -c . "$SRC/tests/exports/input.ndjson")" "$("$DP" query --format ndjson | wc -l)"

# NAME OUTPUT [OPTIONS...]: OUTPUT is a file name, or a folder name ending in /
cases=(
  "csv csv/"
  "ndjson ndjson/"
  "jsonresume resume.json"
  "vcard contacts.vcf"
  "vcard contacts-v4.vcf --vcard-version 4"
  "vcard contacts/ --split"
  "ical events.ics"
  "mastodon mastodon/ --base-url https://social.example"
  "mbox messages.mbox"
  "gpx locations.gpx"
  "geojson locations.geojson --gap-minutes 60"
)
for c in "${cases[@]}"; do
  read -r fmt out opts <<< "$c"
  [ "$only" = "  " ] || case "$only" in *" $fmt "*) ;; *) continue ;; esac
  target=${out%/}
  for run in 1 2; do
    mkdir -p "$T/run$run"
    # shellcheck disable=SC2086
    "$DP" export "$fmt" -o "$T/run$run/$target" $opts 2> "$T/$fmt.err"
    rc=$?
    if [ $rc -ne 0 ]; then bad "export $fmt -o $out: exit $rc: $(cat "$T/$fmt.err")"; continue 2; fi
  done
  expect_contains "export $fmt says what it wrote" "wrote" "$(cat "$T/$fmt.err")"
  if diff -r "$T/run1/$target" "$T/run2/$target" > /dev/null; then ok; else bad "export $fmt -o $out: two runs differ"; fi
  # The zip is checked for determinism above; its members are the archive/ folder compared below.
  rm -f "$T/run1/$target/archive.zip"
  if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
    rm -rf "${WANT:?}/$target" && mkdir -p "$WANT" && cp -r "$T/run1/$target" "$WANT/$target"
    echo "updated tests/golden/exports/$target"
  fi
  if [ ! -e "$WANT/$target" ]; then bad "no golden output tests/golden/exports/$target (UPDATE_GOLDEN=1 makes it)"; continue; fi
  if diff -r "$WANT/$target" "$T/run1/$target" > "$T/diff"; then ok; else
    bad "export $fmt -o $out differs from tests/golden/exports/$target"; head -30 "$T/diff" >&2
  fi
done

# Outputs never overwrite, and a failed export leaves nothing behind.
mkdir -p "$T/full" && echo keep > "$T/full/x"
"$DP" -q export csv -o "$T/full" 2>/dev/null && bad "csv wrote into a non-empty folder" || ok
expect_eq "the non-empty folder is untouched" "keep" "$(cat "$T/full/x")"
"$DP" -q export vcard --vcard-version 7 -o "$T/bad.vcf" 2>/dev/null && bad "vcard accepted version 7" || ok
[ -e "$T/bad.vcf" ] && bad "a failed export left $T/bad.vcf" || ok
# Filters narrow every exporter.
"$DP" -q export ical --since 2024-06 --until 2024-06 -o "$T/june.ics"
expect_eq "--since/--until narrow ical" "$("$DP" query --kind event --since 2024-06 --until 2024-06 --format ndjson | wc -l)" \
  "$(grep -c '^BEGIN:VEVENT' "$T/june.ics")"
expect_contains "the June calendar has the June event" "DTSTART:20240621T170000Z" "$(cat "$T/june.ics")"
expect_not_contains "the June calendar has no May event" "DTSTART;VALUE=DATE:20240501" "$(cat "$T/june.ics")"
"$DP" -q export ndjson --kind event --platform facebook -o "$T/fb"
expect_eq "--kind/--platform narrow ndjson" "event.ndjson" "$(ls "$T/fb")"
# The man page documents every exporter and each of its options.
page=$(sed 's/\\-/-/g' "$SRC/man/dataport-export.1")
for fmt in $("$DP" export --help | awk '/^Subcommands:/ { on=1; next } on && /^  [a-z]/ { print $1 }'); do
  expect_contains "dataport-export.1 documents $fmt" ".B $fmt" "$page"
  for opt in $("$DP" export "$fmt" --help | grep -oE '^\s+(-[a-zA-Z], )?--[a-z][a-z-]*' | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
    [ "$opt" = "--help" ] && continue
    expect_contains "dataport-export.1 documents $fmt $opt" "$opt" "$page"
  done
done
finish
