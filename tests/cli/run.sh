#!/usr/bin/env bash
# Command-line tests: exit codes, messages and data on stdout for good and bad input.
# Usage: run.sh path/to/dataport
set -u
DP=$(realpath "$1")
SRC=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRC/tests/cli/lib.sh"
export DATAPORT_DB="$T/db/dataport.db"
cd "$T"

# --- front door
out=$("$DP" --version); expect_eq "--version exit" 0 $?; expect_contains "--version" "dataport " "$out"
out=$("$DP" --help); expect_eq "--help exit" 0 $?; expect_contains "--help lists ingest" "ingest" "$out"
for cmd in ingest inspect formats stats query sql; do
  "$DP" "$cmd" --help >/dev/null; expect_eq "$cmd --help" 0 $?
done
err=$("$DP" ingset x 2>&1 >/dev/null); expect_eq "typo exit" 2 $?
expect_contains "typo suggestion" "did you mean 'ingest'" "$err"
err=$("$DP" query --bogus 2>&1 >/dev/null); expect_eq "unknown option exit" 2 $?
err=$("$DP" 2>&1 >/dev/null); expect_eq "no command exit" 2 $?
out=$("$DP" formats); expect_contains "formats lists linkedin" "linkedin" "$out"
out=$("$DP" formats --schema); expect_contains "formats --schema" '"$schema"' "$out"
# The shipped JSON Schema is the one the program prints (regenerate: dataport formats --schema).
expect_eq "docs/record.schema.json is current" "$out" "$(cat "$SRC/docs/record.schema.json")"
# Each kind's own schema: data declares its fields and nothing else.
out=$("$DP" formats --schema contact)
expect_contains "formats --schema contact names the kind" '"const": "contact"' "$out"
expect_contains "formats --schema contact requires relation" '"relation"' "$out"
expect_contains "formats --schema contact closes data" '"additionalProperties": false' "$out"
err=$("$DP" formats --schema tweet 2>&1 >/dev/null); expect_eq "formats --schema of an unknown kind fails" 1 $?
expect_contains "formats --schema tweet says why" 'unknown kind "tweet"' "$err"
# docs/schema.md's field tables are generated from the model's table (lib/model_table.cc):
# regenerate with tools/schema-doc.sh.
want=$("$DP" formats --markdown)
have=$(awk '/^<!-- generated: dataport formats --markdown/ { on=1; next } /^<!-- end of generated part -->/ { on=0 } on' "$SRC/docs/schema.md")
expect_eq "docs/schema.md's field tables are current (tools/schema-doc.sh)" "$want" "$have"

# --- nothing ingested yet
err=$("$DP" query 2>&1 >/dev/null); expect_eq "query before ingest" 1 $?
expect_contains "query before ingest says why" "no database here yet" "$err"

# --- LinkedIn export as a zip, wrapped in its folder, as LinkedIn ships it
bsdtar -a -cf linkedin.zip -C "$SRC/samples/linkedin" .
out=$("$DP" ingest linkedin.zip 2>&1); rc=$?
expect_eq "ingest exit" 0 $rc
expect_contains "ingest summary" "linkedin export" "$out"
expect_contains "ingest summary counts contacts" "contact" "$out"
connections=$(awk 'found { if (NF) n++ } /^First Name,Last Name/ { found=1 } END { print n }' \
  "$SRC"/samples/linkedin/*/Connections.csv)
contacts=$("$DP" query --kind contact | wc -l)
expect_eq "contacts equal Connections.csv rows" "$connections" "$contacts"
[ "$contacts" -gt 5 ] && ok || bad "too few contacts: $contacts"
total=$("$DP" sql "SELECT count(*) AS n FROM records" --format csv | tail -1)

out=$("$DP" ingest linkedin.zip 2>&1); expect_eq "second ingest exit" 0 $?
expect_contains "second ingest adds nothing" "records: 0 new, $total already present" "$out"
out=$("$DP" ingest --json linkedin.zip)
expect_contains "--json summary" '"new": 0' "$out"
expect_contains "--json importer" '"importer": "linkedin"' "$out"
expect_eq "records after re-ingest" "$total" "$("$DP" sql "SELECT count(*) AS n FROM records" --format csv | tail -1)"
expect_eq "one archives row" 1 "$("$DP" sql "SELECT count(*) FROM archives" --format csv | tail -1)"
expect_eq "no unknown files" 0 "$("$DP" sql "SELECT count(*) FROM files WHERE fate='unknown'" --format csv | tail -1)"

# --- query filters and formats
out=$("$DP" query --kind position --format json); expect_contains "json output" '"kind":"position"' "$out"
[ "$(printf '%s' "$out" | head -c1)" = "[" ] && ok || bad "json output is an array"
out=$("$DP" query --kind position --format csv | head -1)
expect_eq "csv header" "id,kind,platform,service,time,source_archive,source_path,source_pointer,summary,data" "$out"
n_all=$("$DP" query --kind message | wc -l)
n_since=$("$DP" query --kind message --since 2026 | wc -l)
n_until=$("$DP" query --kind message --until 2025 | wc -l)
[ "$n_since" -lt "$n_all" ] && ok || bad "--since filters ($n_since of $n_all)"
[ $((n_since + n_until)) -le "$n_all" ] && ok || bad "--since/--until overlap"
expect_eq "--limit" 2 "$("$DP" query --limit 2 | wc -l)"
err=$("$DP" query --since yesterday 2>&1 >/dev/null); expect_eq "bad date exit" 2 $?
expect_contains "bad date message" "not a date" "$err"
err=$("$DP" query --kind tweet 2>&1 >/dev/null); expect_eq "bad kind exit" 2 $?
first=$("$DP" query --kind contact --format csv | sed -n 2p | cut -d, -f9 | cut -d' ' -f1)
[ -n "$first" ] && ok || bad "a contact summary"

# --- sql is read-only
err=$("$DP" sql "DELETE FROM records" 2>&1 >/dev/null); expect_eq "sql write exit" 1 $?
expect_contains "sql write refused" "read-only" "$err"
expect_eq "nothing deleted" "$total" "$("$DP" sql "SELECT count(*) FROM records" --format csv | tail -1)"
out=$("$DP" sql "SELECT name FROM contact ORDER BY name LIMIT 1" --format ndjson)
expect_contains "views per kind" '{"name":' "$out"

# --- stats and inspect
out=$("$DP" stats --json); expect_contains "stats json" '"platform": "linkedin"' "$out"
out=$("$DP" inspect --format table linkedin.zip); expect_eq "inspect exit" 0 $?
expect_contains "inspect coverage" "data files parsed (100.0%)" "$out"
out=$("$DP" inspect --json linkedin.zip)
expect_contains "inspect json" '"fate": "parsed"' "$out"
expect_not_contains "inspect: nothing unknown" '"fate": "unknown"' "$out"

# --- bad input: error names the file, exit non-zero, database unchanged
snapshot() { "$DP" sql "SELECT (SELECT count(*) FROM records) || '/' || (SELECT count(*) FROM archives) || '/' || (SELECT count(*) FROM files)" --format csv | tail -1; }
before=$(snapshot)
head -c 3000 linkedin.zip > corrupt.zip
err=$("$DP" ingest corrupt.zip 2>&1 >/dev/null); rc=$?
[ $rc -ne 0 ] && ok || bad "corrupt zip exit $rc"
expect_contains "corrupt zip named" "corrupt.zip" "$err"
mkdir slip && echo hi > slip/evil && bsdtar -a -cf slip.zip -C slip -s ',^evil,../../evil,' evil
err=$("$DP" ingest slip.zip 2>&1 >/dev/null); rc=$?
expect_eq "zip slip exit" 1 $rc
expect_contains "zip slip named" "slip.zip: ../../evil" "$err"
expect_contains "zip slip reason" "unsafe path" "$err"
[ ! -e "$T/evil" ] && [ ! -e "$(dirname "$T")/evil" ] && ok || bad "zip slip wrote a file"
head -c 4096 /dev/urandom > random.bin
err=$("$DP" ingest random.bin 2>&1 >/dev/null); expect_eq "random file exit" 1 $?
expect_contains "random file named" "random.bin" "$err"
mkdir empty
err=$("$DP" ingest empty 2>&1 >/dev/null); expect_eq "empty folder exit" 1 $?
expect_contains "empty folder message" "empty" "$err"
mkdir other && echo "just text" > other/notes.txt
err=$("$DP" ingest other 2>&1 >/dev/null); expect_eq "unknown platform exit" 1 $?
expect_contains "unknown platform hint" "--from" "$err"
err=$("$DP" ingest missing.zip 2>&1 >/dev/null); expect_eq "missing path exit" 1 $?
expect_contains "missing path named" "missing.zip: no such file" "$err"
err=$("$DP" ingest --from myspace linkedin.zip 2>&1 >/dev/null); expect_eq "unknown --from exit" 2 $?
expect_eq "database unchanged by bad input" "$before" "$(snapshot)"

# --- partial: a claimed file that cannot be read gives exit 3, the rest is kept
cp -r "$SRC/samples/linkedin" partial
printf 'this is not the header\nat all\n' > partial/*/Skills.csv
err=$(DATAPORT_DB="$T/partial.db" "$DP" ingest partial 2>&1 >/dev/null); expect_eq "partial exit" 3 $?
expect_contains "partial names the file" "Skills.csv" "$err"
n=$(DATAPORT_DB="$T/partial.db" "$DP" query --kind contact | wc -l)
expect_eq "partial run keeps the rest" "$connections" "$n"
err=$(DATAPORT_DB="$T/strict.db" "$DP" ingest --strict partial 2>&1 >/dev/null); expect_eq "--strict exit" 1 $?
[ ! -e "$T/strict.db" ] && ok || bad "--strict left a database behind"

# --- --dry-run and --db
out=$("$DP" --db "$T/dry.db" ingest --dry-run linkedin.zip 2>&1); expect_eq "dry run exit" 0 $?
expect_contains "dry run says so" "nothing written" "$out"
[ ! -e "$T/dry.db" ] && ok || bad "a dry run left a database file"
out=$("$DP" ingest --dry-run linkedin.zip 2>&1); expect_eq "dry run into a store exit" 0 $?
expect_contains "dry run into a store sees what is present" "records: 0 new, $total already present" "$out"
# -v says how long each phase took; a dry run has no commit to time
err=$("$DP" -v --db "$T/phases.db" ingest linkedin.zip 2>&1 >/dev/null); expect_eq "verbose ingest exit" 0 $?
expect_contains "-v times the reading" "read by the linkedin importer in " "$err"
expect_contains "-v times the repeats, the id index built then" "repeats found " "$err"
expect_contains "-v says the id index was built with them" "(with the id index)" "$err"
expect_contains "-v times the commit" "committed in " "$err"
err=$("$DP" -v --db "$T/phases-dry.db" ingest --dry-run linkedin.zip 2>&1 >/dev/null); expect_eq "verbose dry run exit" 0 $?
expect_contains "-v times a dry run's reading" "read by the linkedin importer in " "$err"
expect_not_contains "a dry run commits nothing" "committed in" "$err"
out=$(unset DATAPORT_DB; XDG_DATA_HOME="$T/xdg" "$DP" -q ingest linkedin.zip); expect_eq "xdg ingest" 0 $?
[ -f "$T/xdg/dataport/dataport.db" ] && ok || bad "default path under XDG_DATA_HOME"

# --- the parts of one export given together, as tar.gz and folder
mkdir -p parts/a parts/b
src=$(ls -d "$SRC"/samples/linkedin/*/)
for f in "$src"*; do case "$(basename "$f")" in [A-M]*) cp -r "$f" parts/a/ ;; *) cp -r "$f" parts/b/ ;; esac; done
bsdtar -czf parts/b.tar.gz -C parts/b .
n=$(DATAPORT_DB="$T/parts.db" "$DP" -q ingest parts/a parts/b.tar.gz; DATAPORT_DB="$T/parts.db" "$DP" query --kind contact | wc -l)
expect_eq "parts given together" "$connections" "$n"

# --- Gmail attachments are decoded from the mbox into the media store, and the mbox export carries them
gdb="$T/gmail.db"
"$DP" -q --db "$gdb" ingest "$SRC"/samples/google/takeout-20260301T000000Z-00[12] 2>/dev/null
sha=$("$DP" --db "$gdb" sql "SELECT json_extract(data, '\$.attachments[0].sha256') FROM records WHERE service = 'gmail' AND json_extract(data, '\$.attachments') IS NOT NULL LIMIT 1" --format csv | tail -1)
expect_eq "a Gmail attachment is listed" 64 "${#sha}"
[ -f "$T/gmail-media/${sha:0:2}/$sha" ] && ok || bad "the Gmail attachment $sha is not in the media store"
[ "$(sha256sum < "$T/gmail-media/${sha:0:2}/$sha" | cut -c1-64)" = "$sha" ] && ok || bad "the stored attachment's bytes differ"
"$DP" -q --db "$gdb" export mbox -o "$T/gmail.mbox"
expect_contains "the mbox export attaches it" "Content-Disposition: attachment" "$(cat "$T/gmail.mbox")"

# --- an SQLite error on the writer thread reaches the user, and the whole ingest rolls back
wdb="$T/writer.db"
"$DP" -q --db "$wdb" ingest "$SRC/samples/mastodon" 2>/dev/null
before=$("$DP" --db "$wdb" sql "SELECT count(*) FROM records" --format csv | tail -1)
sqlite3 "$wdb" "CREATE TRIGGER boom BEFORE INSERT ON records WHEN NEW.platform = 'linkedin' BEGIN SELECT RAISE(ABORT, 'writer says no'); END;"
out=$("$DP" -q --db "$wdb" ingest linkedin.zip 2>&1); rc=$?
expect_eq "a failing insert fails the ingest" 1 "$rc"
expect_contains "the SQLite error is reported" "writer says no" "$out"
expect_eq "nothing of it was kept" "$before" "$("$DP" --db "$wdb" sql "SELECT count(*) FROM records" --format csv | tail -1)"
expect_eq "no archive row either" 1 "$("$DP" --db "$wdb" sql "SELECT count(*) FROM archives" --format csv | tail -1)"
# ... also when it fails inside a reader's item loop (which warns about a bad item and goes on:
# a store that cannot be written is not a bad item), for importers of every shape.
for p in mastodon x reddit tiktok chatgpt; do
  idb="$T/item-$p.db"
  "$DP" -q --db "$idb" ingest "$SRC/samples/linkedin" 2>/dev/null
  sqlite3 "$idb" "CREATE TRIGGER boom BEFORE INSERT ON records WHEN NEW.platform = '$p' AND NEW.kind <> 'media' BEGIN SELECT RAISE(ABORT, 'writer says no'); END;"
  out=$("$DP" -q --db "$idb" ingest "$SRC/samples/$p" 2>&1); rc=$?
  expect_eq "$p: a failing insert in a reader fails the ingest" 1 "$rc"
  expect_contains "$p: the SQLite error is reported" "writer says no" "$out"
  expect_eq "$p: nothing of it was kept" 0 "$("$DP" --db "$idb" sql "SELECT count(*) FROM records WHERE platform = '$p'" --format csv | tail -1)"
done

# --- A bulk load (a store without records) writes its rows on a second thread, a batch of about
# 4000 at a time. A failure there after several batches (the 5001st row) stops the run as above.
python3 "$SRC/bench/gen_google.py" records "$T/fixes" 5 10000 >/dev/null
python3 "$SRC/bench/gen_google.py" searches "$T/searches" 9000 >/dev/null
bdb="$T/bulk.db"
"$DP" -q --db "$bdb" ingest "$SRC/samples/mastodon" 2>/dev/null
sqlite3 "$bdb" "DELETE FROM records; DELETE FROM files; DELETE FROM archives; INSERT INTO records_fts(records_fts) VALUES('delete-all');
  CREATE TRIGGER boom BEFORE INSERT ON records WHEN (SELECT count(*) FROM records) >= 5000 BEGIN SELECT RAISE(ABORT, 'writer says no'); END;"
out=$("$DP" -q --db "$bdb" ingest "$T/fixes/takeout-20260101T000000Z-001.zip" 2>&1); rc=$?
expect_eq "a failing insert in a bulk load fails the ingest" 1 "$rc"
expect_contains "the SQLite error is reported" "writer says no" "$out"
expect_eq "nothing of it was kept (records, archives)" "0|0" "$(sqlite3 "$bdb" "SELECT (SELECT count(*) FROM records), (SELECT count(*) FROM archives)")"
sqlite3 "$bdb" "DROP TRIGGER boom"
"$DP" -q --db "$bdb" ingest "$T/fixes/takeout-20260101T000000Z-001.zip" 2>/dev/null
expect_eq "without the failure, every fix is there" 10000 "$(sqlite3 "$bdb" "SELECT count(*) FROM records WHERE kind = 'location'")"
# Rows written on the second thread (a bulk load) are the rows one thread writes (an ingest into
# a store with records): same ids, times, data, indexed text and sources, in the same order.
rows() {  # rows DB: this export's rows, without rowid and archive (which differ between the stores)
  sqlite3 "$1" "SELECT id, kind, platform, service, time, time_unix, source_path, source_pointer, data, text FROM records
    WHERE archive = (SELECT rowid FROM archives WHERE name LIKE '%searches%') ORDER BY rowid" | sha256sum
}
hits() { sqlite3 "$1" "SELECT count(*) FROM records_fts JOIN records ON records.rowid = records_fts.rowid WHERE records_fts MATCH 'searched' AND records.archive = (SELECT rowid FROM archives WHERE name LIKE '%searches%')"; }
cp "$T/searches/takeout-20260101T000000Z-001.zip" "$T/searches/searches.zip"
"$DP" -q --db "$T/one.db" ingest "$T/searches/searches.zip" 2>/dev/null
"$DP" -q --db "$T/two.db" ingest "$SRC/samples/mastodon" 2>/dev/null
"$DP" -q --db "$T/two.db" ingest "$T/searches/searches.zip" 2>/dev/null
expect_eq "9000 searches in the bulk load" 9000 "$(sqlite3 "$T/one.db" "SELECT count(*) FROM records WHERE kind = 'activity'")"
expect_eq "the bulk load's rows are the one-thread rows" "$(rows "$T/two.db")" "$(rows "$T/one.db")"
expect_eq "and the full-text index finds the same" "$(hits "$T/two.db")" "$(hits "$T/one.db")"
[ "$(hits "$T/one.db")" -gt 0 ] && ok || bad "the searches should be in the full-text index"

# --- raw location fixes stay out of the full-text index; visits and places are in it
n=$("$DP" --db "$gdb" sql "SELECT count(*) FROM records WHERE kind = 'location' AND json_extract(data, '\$.type') = 'fix'" --format csv | tail -1)
[ "$n" -gt 0 ] && ok || bad "the Google sample has no location fixes to test with"
# (The index takes records as its content: ask it by a word every such record holds, its type.)
expect_eq "fixes are not indexed" 0 "$("$DP" --db "$gdb" sql "SELECT count(*) FROM records WHERE kind = 'location' AND json_extract(data, '\$.type') = 'fix' AND rowid IN (SELECT rowid FROM records_fts WHERE records_fts MATCH 'fix')" --format csv | tail -1)"
v=$("$DP" --db "$gdb" sql "SELECT count(*) FROM records WHERE kind = 'location' AND json_extract(data, '\$.type') = 'visit' AND rowid IN (SELECT rowid FROM records_fts WHERE records_fts MATCH 'visit')" --format csv | tail -1)
[ "$v" -gt 0 ] && ok || bad "visits and places should be in the full-text index"

finish
