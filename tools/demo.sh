#!/usr/bin/env bash
# `make demo`: ingest every shipped sample into a throwaway database, show what was found, and
# write what a person takes to another service (a portable bundle, Mastodon imports, vCard, JSON Resume,
# the photos in a folder tree with their dates and places), a data donation minimised by a policy with its preview, and the audit report of what the platforms
# hold, with a screenshot of it.
set -u
DP=$(realpath "$1")
SRC=$(cd "$(dirname "$0")/.." && pwd)
OUT=${DEMO_DIR:-$SRC/build/demo}
rm -rf "$OUT" && mkdir -p "$OUT"
export DATAPORT_DB="$OUT/dataport.db"
# The demo key lives with the demo, not in your own key folder ($XDG_DATA_HOME/dataport/keys).
export DATAPORT_KEYS="$OUT/keys"
echo "== dataport demo: ingesting the shipped samples into $DATAPORT_DB"
while read -r name paths; do
  case "$name" in ''|'#'*) continue ;; esac
  args=()
  for p in $paths; do args+=("$SRC/$p"); done
  echo
  echo "== dataport ingest samples/$name"
  "$DP" ingest "${args[@]}"
  rc=$?
  [ $rc -eq 0 ] || [ $rc -eq 3 ] || { echo "demo: ingest of $name failed (exit $rc)" >&2; exit 1; }
done < "$SRC/tests/golden/cases.txt"
echo
echo "== dataport stats"
"$DP" stats --format table
echo
echo "== dataport query --kind position --format table"
"$DP" query --kind position --format table
echo
echo "== dataport query --search engineer --limit 5 --format table"
"$DP" query --search engineer --limit 5 --format table
echo
echo "The database is $DATAPORT_DB; try: DATAPORT_DB=$DATAPORT_DB $DP query --kind message --format table"
echo
echo "== dataport export: files another service imports"
"$DP" export vcard -o "$OUT/contacts.vcf" || exit 1
"$DP" export jsonresume -o "$OUT/resume.json" || exit 1
"$DP" export mastodon -o "$OUT/mastodon" || exit 1
"$DP" -q key generate --name demo > /dev/null || exit 1
"$DP" export bundle -o "$OUT/bundle.zip" --sign demo || exit 1
# Share less (issue 18): what a data donation of the samples would carry, then the donation itself.
echo
echo "== dataport export bundle --policy donation-minimal --preview (nothing written; also $OUT/donation-preview.json)"
"$DP" export bundle --policy donation-minimal --preview --format table | head -60 || exit 1
"$DP" export bundle --policy donation-minimal --preview --format json > "$OUT/donation-preview.json" || exit 1
"$DP" export bundle --policy donation-minimal -o "$OUT/donation.zip" --sign demo || exit 1
"$DP" audit -o "$OUT/audit.html" || exit 1
# A picture of the report, where chromium is installed (make deps installs it).
if bash "$SRC/tools/headless.sh" "$OUT/audit.html" "$OUT/audit.png" > /dev/null 2>&1; then shot="$OUT/audit.png"; else shot=""; fi
echo
# The shipped samples' pictures are placeholders of a few bytes; tests/photos/make_fixture.py copies
# them with real tiny images and Google Photos' sidecar traps, into a database of their own.
echo "== dataport export photos (the samples with real pictures: $OUT/photo-samples)"
python3 "$SRC/tests/photos/make_fixture.py" "$SRC" "$OUT/photo-samples" || exit 1
for set in "google/*" facebook instagram; do  # the two Google parts go in together
  # shellcheck disable=SC2086
  (cd "$OUT/photo-samples" && "$DP" -q --db "$OUT/photos.db" ingest $set 2> /dev/null)
  rc=$?
  [ $rc -eq 0 ] || [ $rc -eq 3 ] || { echo "demo: ingest of the $set photo samples failed (exit $rc)" >&2; exit 1; }
done
"$DP" --db "$OUT/photos.db" export photos -o "$OUT/photos" || exit 1
echo
echo "== dataport verify $OUT/bundle.zip"
"$DP" verify --format table "$OUT/bundle.zip" || exit 1
echo
echo "Portable bundle (BagIt 1.0, every record, media and schema, signed by your demo key): $OUT/bundle.zip"
echo "Contacts (vCard 3.0, for Google, Apple or Outlook): $OUT/contacts.vcf"
echo "Resume (JSON Resume): $OUT/resume.json"
echo "Photos and videos by month, with dates and places written in, albums as links: $OUT/photos"
echo "What the platforms hold about you (open it in a browser): $OUT/audit.html${shot:+ (screenshot: $shot)}"
echo "Mastodon imports and post archive: $OUT/mastodon (address_sources.tsv says where each address came from)"
