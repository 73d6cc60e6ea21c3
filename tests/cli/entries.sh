#!/usr/bin/env bash
# The structural invariant of issue 12 §1: every entry an archive lister shows gets exactly one
# row in `files`. The lister is bsdtar (libarchive's own tool, run under a UTF-8 locale); dataport
# runs under LANG=C and LANG=C.UTF-8. Every sample of every importer is checked as a folder, as a
# zip made by Python's zipfile and as a tar.gz made by bsdtar (built here, at test time), and so
# are generated exports with non-ASCII names (UTF-8 flag, legacy CP437 and Shift-JIS names
# without it, pax tar, folder) and a zip holding one name twice. Also the archive-level refusals of
# issue 16: a bomb of many modest entries, a NUL inside an entry name, invalid UTF-8 in data.
set -u
DP=$(realpath "$1")
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$SRC/tests/cli/lib.sh"
GEN="$SRC/tests/gen/archives.py"

# lister_names ARCHIVE [OPTIONS]: what bsdtar lists, one per line, without folders, "./" removed.
lister_names() {
  local a=$1
  shift
  LANG=C.UTF-8 bsdtar "$@" -tf "$a" | sed -e 's|^\./||' | grep -v -e '/$' -e '^\.\?$' | LC_ALL=C sort
}
# folder_names DIR: bsdtar's listing of a tar it makes of the folder, without the folders.
folder_names() {
  local d=$1 n
  LANG=C.UTF-8 bsdtar -cf - -C "$d" . | LANG=C.UTF-8 bsdtar -tf - | sed -e 's|^\./||' | while IFS= read -r n; do
    [ -z "$n" ] || [ -d "$d/$n" ] || printf '%s\n' "$n"
  done | LC_ALL=C sort
}
# row_names LANG DB: the entry rows of the files table (part >= 0), one path per line.
row_names() {
  LANG=$1 "$DP" --db "$2" sql --format json "SELECT path FROM files WHERE part >= 0 ORDER BY part, entry" |
    python3 -c 'import json,sys; [print(r["path"]) for r in json.load(sys.stdin)]' | LC_ALL=C sort
}
# check_rows WHAT EXPECTED_FILE LANG PATH...: ingests the paths as one set and compares the rows.
check_rows() {
  local what=$1 expected=$2 lang=$3
  shift 3
  local db="$T/db-$RANDOM$RANDOM.sqlite" rc
  LANG=$lang "$DP" --db "$db" --quiet ingest "$@" > /dev/null 2> "$T/err"
  rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
    bad "$what (LANG=$lang): ingest exit $rc: $(head -3 "$T/err")"
    return
  fi
  row_names "$lang" "$db" > "$T/rows"
  if cmp -s "$expected" "$T/rows"; then ok; else
    bad "$what (LANG=$lang): files rows differ from bsdtar: $(diff "$expected" "$T/rows" | head -6 | tr '\n' ' ')"
  fi
  rm -f "$db" "$db"-*
}
# pack_zip DIR ZIP: every file of DIR into ZIP with Python's zipfile (which sets the UTF-8 flag).
pack_zip() {
  python3 - "$1" "$2" <<'PY'
import os, sys, zipfile
root, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for d, dirs, files in sorted(os.walk(root)):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(d, f)
            z.write(p, os.path.relpath(p, root))
PY
}

# Every sample set of the golden cases, in each packing, under each locale.
sample_set() {
  local name=$1
  shift
  local form p k
  for form in folder zip tar.gz; do
    local packed=() expected="$T/expected-$name-$form"
    : > "$expected.unsorted"
    k=0
    for p in "$@"; do
      k=$((k + 1))
      case $form in
        folder) packed+=("$p"); folder_names "$p" >> "$expected.unsorted" ;;
        zip) pack_zip "$p" "$T/$name-$k.zip"; packed+=("$T/$name-$k.zip"); lister_names "$T/$name-$k.zip" >> "$expected.unsorted" ;;
        tar.gz) LANG=C.UTF-8 bsdtar -czf "$T/$name-$k.tar.gz" -C "$p" .; packed+=("$T/$name-$k.tar.gz")
                lister_names "$T/$name-$k.tar.gz" >> "$expected.unsorted" ;;
      esac
    done
    LC_ALL=C sort "$expected.unsorted" > "$expected"
    for lang in C C.UTF-8; do check_rows "sample $name as $form" "$expected" "$lang" "${packed[@]}"; done
    rm -f "$T/$name"-*.zip "$T/$name"-*.tar.gz
  done
}
each_golden_case sample_set

# Generated exports with non-ASCII names.
G="$T/gen"
mkdir -p "$G"
python3 "$GEN" nonascii "$G"
folder_names "$G/folder" > "$T/e-folder"
lister_names "$G/utf8.zip" > "$T/e-utf8zip"
lister_names "$G/utf8.tar.gz" > "$T/e-utf8tgz"
lister_names "$G/cp437.zip" --options hdrcharset=CP437 > "$T/e-cp437"
lister_names "$G/sjis.zip" --options hdrcharset=CP932 > "$T/e-sjis"
lister_names "$G/dup.zip" > "$T/e-dup"
expect_eq "the independent lister sees one name twice" 2 "$(grep -c twice.html "$T/e-dup")"
expect_eq "the independent lister decodes the Shift-JIS name" 1 "$(grep -c '日本語の記事' "$T/e-sjis")"
for lang in C C.UTF-8; do
  check_rows "non-ASCII folder" "$T/e-folder" $lang "$G/folder"
  check_rows "non-ASCII zip with the UTF-8 flag" "$T/e-utf8zip" $lang "$G/utf8.zip"
  check_rows "non-ASCII pax tar.gz" "$T/e-utf8tgz" $lang "$G/utf8.tar.gz"
  check_rows "CP437 zip name without the flag" "$T/e-cp437" $lang "$G/cp437.zip"
  check_rows "Shift-JIS zip name without the flag" "$T/e-sjis" $lang "$G/sjis.zip"
  check_rows "one name twice in a zip" "$T/e-dup" $lang "$G/dup.zip"
  out=$(LANG=$lang "$DP" inspect "$G/utf8.zip" 2>&1)
  expect_contains "inspect lists the non-ASCII entry (LANG=$lang)" "Articles/Articles/über-brücken.html" "$out"
  expect_contains "inspect lists the CSV beside it (LANG=$lang)" "Connections.csv" "$out"
done
# Both entries of the duplicated name are read: the second one's bytes are kept, not lost.
db="$T/dup.sqlite"
"$DP" --db "$db" --quiet ingest "$G/dup.zip" > /dev/null 2>&1
expect_eq "two rows for the duplicated name" 2 \
  "$("$DP" --db "$db" sql --format csv "SELECT count(*) FROM files WHERE path = 'Articles/Articles/twice.html'" | tail -1)"

# A bomb of many modest entries: refused as a whole, before anything is written.
python3 "$GEN" bomb "$G/bomb.zip"
out=$("$DP" --db "$T/bomb.sqlite" ingest --from linkedin "$G/bomb.zip" 2>&1)
expect_eq "a 2.4 MB zip of 40 x 60 MiB zeros is refused" 1 $?
expect_contains "the refusal says why" "zip bomb" "$out"
expect_contains "the refusal names the archive" "bomb.zip" "$out"
expect_eq "nothing was written for the bomb" 0 "$(find "$T" -path '*bomb-media*' -type f | wc -l)"

# A NUL inside an entry name is refused, not cut short.
python3 "$GEN" nul "$G/nul.zip"
out=$("$DP" inspect "$G/nul.zip" 2>&1)
expect_eq "a NUL in an entry name is refused" 1 $?
expect_contains "the refusal shows the whole name" 'notes.txt\0../../escape.txt' "$out"
expect_contains "the refusal says why" "NUL byte" "$out"

# Invalid UTF-8 in data: warned with file and line, partial (exit 3), the row kept.
python3 "$GEN" badutf8 "$G/latin1"
out=$("$DP" --db "$T/bad.sqlite" ingest --from linkedin "$G/latin1" 2>&1)
expect_eq "invalid UTF-8 in data makes the run partial" 3 $?
expect_contains "the warning names the file" "Connections.csv" "$out"
expect_contains "the warning names the line" "line 3" "$out"
expect_contains "the warning says what happened" "invalid UTF-8" "$out"
expect_eq "the row is kept" 3 "$("$DP" --db "$T/bad.sqlite" sql --format csv "SELECT count(*) FROM records WHERE kind = 'contact'" | tail -1)"
expect_eq "the file is partial" partial "$("$DP" --db "$T/bad.sqlite" sql --format csv "SELECT fate FROM files WHERE path = 'Connections.csv'" | tail -1)"

# U+FFFD that the source holds as valid text is text, not a repair: the run is complete.
python3 "$GEN" fffd "$G/fffd"
out=$("$DP" --db "$T/fffd.sqlite" ingest --from linkedin "$G/fffd" 2>&1)
expect_eq "a U+FFFD the source holds does not make the run partial" 0 $?
expect_eq "the file with U+FFFD text is parsed" parsed "$("$DP" --db "$T/fffd.sqlite" sql --format csv "SELECT fate FROM files WHERE path = 'Connections.csv'" | tail -1)"
expect_eq "the U+FFFD is kept in the text" 1 "$("$DP" --db "$T/fffd.sqlite" sql --format csv "SELECT count(*) FROM records WHERE kind = 'contact' AND instr(data, 'Bj' || char(65533) || 'rn') > 0" | tail -1)"

# §6: a file the manifest names but the archive lacks gets a `missing` row and a count.
cp -r "$SRC/samples/x" "$T/x-missing"
rm "$T/x-missing/data/block.js"
out=$("$DP" --db "$T/missing.sqlite" ingest "$T/x-missing" 2>&1)
expect_contains "the summary counts the missing file" "1 missing from the archive" "$out"
expect_eq "a missing row for the file the manifest lists" "-1 missing" \
  "$("$DP" --db "$T/missing.sqlite" sql --format csv "SELECT part || ' ' || fate FROM files WHERE path LIKE '%data/block.js'" | tail -1)"
json=$("$DP" --db "$T/missing2.sqlite" ingest --json "$T/x-missing" 2>/dev/null)
expect_contains "--json counts missing files" '"missing": 1' "$json"
expect_contains "--json counts collisions" '"collisions": 0' "$json"

# §6: an export whose data is knowingly not imported (Facebook's HTML format) exits 3.
"$DP" --db "$T/html.sqlite" -q ingest "$SRC/samples/facebook/html-2024" > /dev/null 2>&1
expect_eq "an HTML-format export is partial" 3 $?
expect_eq "its HTML files are skipped" 0 \
  "$("$DP" --db "$T/html.sqlite" sql --format csv "SELECT count(*) FROM files WHERE path LIKE '%.html' AND fate <> 'skipped'" | tail -1)"

finish
