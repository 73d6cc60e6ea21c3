#!/usr/bin/env bash
# Hostile input, interruptions, full disks and unsafe output paths (issue 16). The hostile inputs
# are made here by tests/hostile/gen.py, never committed as binaries.
set -u
DP=$(realpath "$1")
SRC=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRC/tests/cli/lib.sh"
GEN="python3 $SRC/tests/hostile/gen.py"
DB="$T/dp.db"
dp() { "$DP" --db "$DB" -q "$@"; }
# rc_of CMD...: the exit code, stdout and stderr dropped.
rc_of() { "$@" >/dev/null 2>&1; echo $?; }

dp ingest "$SRC/samples/linkedin/Complete_LinkedInDataExport_03-15-2026"
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ] && ok || bad "ingest failed ($rc)"

# --- Outputs: only absent paths, or regular files with --force; never a device, fifo, link or folder.
mkdir "$T/out"
expect_eq "export to a new file" 0 "$(rc_of dp export dump -o "$T/out/a.ndjson")"
before=$(sha256sum < "$T/out/a.ndjson")
echo "precious" > "$T/out/b.ndjson"
err=$("$DP" --db "$DB" export dump -o "$T/out/b.ndjson" 2>&1)
expect_eq "an existing file is refused" 1 "$?"
expect_contains "the refusal says it exists" "exists" "$err"
expect_contains "and the hint names --force" "--force" "$err"
expect_eq "the existing file is untouched" "precious" "$(cat "$T/out/b.ndjson")"
expect_eq "--force replaces a regular file" 0 "$(rc_of dp export dump -o "$T/out/b.ndjson" --force)"
expect_eq "with the export" "$before" "$(sha256sum < "$T/out/b.ndjson")"
mkfifo "$T/out/fifo"
err=$("$DP" --db "$DB" export dump -o "$T/out/fifo" --force 2>&1)
expect_eq "a fifo is refused, even with --force" 1 "$?"
expect_contains "the refusal names a fifo" "is a fifo" "$err"
[ -p "$T/out/fifo" ] && ok || bad "the fifo was replaced"
echo "target" > "$T/victim"
ln -s "$T/victim" "$T/out/link"
expect_eq "a symbolic link is refused, even with --force" 1 "$(rc_of dp export dump -o "$T/out/link" --force)"
[ -L "$T/out/link" ] && ok || bad "the link was replaced"
expect_eq "the link's target is untouched" "target" "$(cat "$T/victim")"
expect_eq "a folder where a file is meant is refused" 1 "$(rc_of dp export dump -o "$T/out" --force)"
if [ -c /dev/null ] && [ -w /dev/null ]; then
  err=$("$DP" --db "$DB" export dump -o /dev/null --force 2>&1)
  expect_contains "a device is refused" "is a device" "$err"
  [ -c /dev/null ] && ok || bad "/dev/null is no longer a device"
fi
expect_eq "a bundle zip onto an existing file is refused" 1 "$(rc_of dp export bundle -o "$T/out/b.ndjson")"
dp key generate >/dev/null
err=$("$DP" --db "$DB" credential issue position --select fabrikam -o "$T/out/b.ndjson" 2>&1)
expect_eq "credential issue -o onto an existing file is refused" 1 "$?"
expect_contains "credential issue says it exists" "b.ndjson: exists" "$err"
expect_eq "credential issue --force replaces it" 0 "$(rc_of dp credential issue position --select fabrikam -o "$T/out/b.ndjson" --force)"
expect_contains "with the credential" "credentialSubject" "$(cat "$T/out/b.ndjson")"
expect_eq "no temporary files are left beside the outputs" "a.ndjson b.ndjson fifo link" "$(cd "$T/out" && ls -A | tr '\n' ' ' | sed 's/ $//')"
# A planted link at the old temporary name (OUT.tmp-PID) is never followed: names are mkstemp's.
for pid in $(seq $$ $(($$ + 50))); do ln -s "$T/victim" "$T/out/c.ndjson.tmp-$pid"; done
expect_eq "export beside planted links" 0 "$(rc_of dp export dump -o "$T/out/c.ndjson")"
expect_eq "no planted link was followed" "target" "$(cat "$T/victim")"
umask_mode=$(stat -c %a "$T/out/c.ndjson")
expect_eq "the output has the usual mode, not mkstemp's 0600" "$(printf '%o' $((0644 & ~$(umask))))" "$umask_mode"

# --- Verifiers: one JSON depth limit everywhere; 100,000 nested arrays are an error, not a crash.
$GEN deep-json 100000 "$T/deep-vc.json"
out=$("$DP" --db "$DB" credential verify "$T/deep-vc.json" 2>&1)
expect_eq "credential verify: a deep credential is invalid (exit 1, no crash)" 1 "$?"
expect_contains "and says why" "nested deeper than 1024" "$out"
$GEN deep-dump 100000 "$T/deep.ndjson"
out=$("$DP" --db "$T/deep.db" ingest "$T/deep.ndjson" 2>&1)
expect_eq "ingest of a deep dump line: partial, no crash" 3 "$?"
expect_contains "the warning names the file and line" "deep.ndjson line 1: not a dump line: json nested deeper" "$out"

# An SD-JWT with one disclosure nested 100,000 arrays deep (issue 16): invalid, said cleanly.
$GEN deep-disclosure 100000 "$SRC/tests/vectors/sd-jwt/rfc9901-A3-sdjwtvc-issued.txt" "$T/deep.sdjwt"
out=$("$DP" --db "$DB" credential verify "$T/deep.sdjwt" --issuer-key "$SRC/tests/vectors/sd-jwt/issuer-public.jwk.json" --now 2026-01-01T00:00:00Z 2>&1)
expect_eq "credential verify: an SD-JWT with a deep disclosure is invalid (exit 1, no crash)" 1 "$?"
expect_contains "and says why" "nested deeper than 1024" "$out"

# --- Full disk: key generate leaves no key file behind (a small tmpfs in a private mount namespace).
if unshare -rm true 2>/dev/null; then
  out=$(unshare -rm sh -c 'mount -t tmpfs -o size=64k tmpfs "$1" && head -c 70000 /dev/zero > "$1/fill" 2>/dev/null;
        DATAPORT_KEYS="$1/keys" "$2" --db "$1/db" key generate 2>&1; echo "rc=$?"; echo "left: $(ls -A "$1/keys")"' sh "$T/out" "$DP")
  expect_contains "key generate on a full disk fails" "rc=1" "$out"
  expect_contains "and says the disk is full" "No space left on device" "$out"
  expect_contains "and leaves no key file, nor a temporary one" "left: 
" "$out
"
else
  echo "note: no private mount namespace here; full-disk tests skipped" >&2
fi

# --- Interruptions: sql --timeout and signals stop a never-ending recursive CTE.
CTE="WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
start=$(date +%s)
err=$(timeout 60 "$DP" --db "$DB" sql --timeout 1 "$CTE" 2>&1)
expect_eq "sql --timeout stops a never-ending query (exit 1)" 1 "$?"
expect_contains "and says it was the timeout" "ran longer than --timeout" "$err"
[ $(($(date +%s) - start)) -lt 30 ] && ok || bad "sql --timeout 1 took $(($(date +%s) - start)) s"
for sig in INT TERM HUP; do
  "$DP" --db "$DB" sql "$CTE" >/dev/null 2>"$T/sig.err" &
  pid=$!
  sleep 1
  kill -s "$sig" "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    bad "sql ignored SIG$sig"
    kill -9 "$pid"
  else
    ok
  fi
  wait "$pid"
  expect_eq "sql stopped by SIG$sig exits 130" 130 "$?"
  expect_contains "and says it was interrupted" "interrupted" "$(cat "$T/sig.err")"
done

# --- CSV export: formula prefixes neutralised (OWASP), --raw keeps them; a NUL does not cut a row.
mkdir -p "$T/csv/x/data"
cat > "$T/csv/dump.ndjson" <<'NDJSON'
{"id":"c000000000000001","kind":"contact","platform":"x","service":null,"time":null,"source":{"archive":"a","path":"p","pointer":"/0"},"data":{"name":"=HYPERLINK(\"http://evil\",\"x\")","note":"-5","phone":"+44 20 7946 0000","tag":"@SUM(A1)","a":"\tcmd","b":"a\u0000b tail"}}
NDJSON
"$DP" --db "$T/csv.db" -q ingest "$T/csv/dump.ndjson"
"$DP" --db "$T/csv.db" -q export csv -o "$T/csv/out"
row=$(sed -n 2p "$T/csv/out/contact.csv")
expect_contains "= gets a leading quote" "\"'=HYPERLINK(" "$row"
expect_contains "@ gets a leading quote" "'@SUM(A1)" "$row"
expect_contains "+ before a phone number gets a leading quote" "'+44 20 7946 0000" "$row"
expect_contains "a tab gets a leading quote" "'$(printf '\t')cmd" "$row"
expect_contains "a plain negative number is left alone" ",-5," "$row"
"$DP" --db "$T/csv.db" -q export csv --raw -o "$T/csv/raw"
expect_contains "--raw keeps the value exact" "\"=HYPERLINK(" "$(sed -n 2p "$T/csv/raw/contact.csv")"
expect_not_contains "--raw adds no quote" "'=" "$(sed -n 2p "$T/csv/raw/contact.csv")"
out=$("$DP" --db "$T/csv.db" sql "SELECT 'a' || char(0) || 'b tail' AS b, 'after' AS c" --format csv | tr '\0' '0')
expect_contains "a NUL inside a value does not cut the csv row" ",after" "$out"
out=$("$DP" --db "$T/csv.db" sql "SELECT 'a' || char(0) || 'b tail' AS b, 'after' AS c" --format table | tr '\0' '0')
expect_contains "nor the table row" "after" "$out"

# --- Verify tells the truth: a tag file added to a signed bag is named as not covered.
"$DP" --db "$DB" -q export bundle --sign default -o "$T/bag" 2>/dev/null || "$DP" --db "$DB" -q export bundle -o "$T/bag"
if [ -f "$T/bag/provenance-credential.json" ]; then
  expect_contains "a signed bag verifies as covering every file" "covers every file" "$("$DP" verify --format table "$T/bag")"
  echo "not signed" > "$T/bag/extra.txt"
  out=$("$DP" verify --format table "$T/bag")
  expect_not_contains "an extra tag file: no longer 'covers every file'" "covers every file" "$out"
  expect_contains "the verdict names it" "does NOT cover: extra.txt" "$out"
  expect_eq "verify --signed fails on it" 1 "$(rc_of "$DP" verify --signed "$T/bag")"
  $GEN deep-json 100000 "$T/bag/provenance-credential.json"
  out=$("$DP" verify "$T/bag" 2>&1)
  expect_eq "verify: a provenance credential 100,000 deep is invalid (exit 1, no crash)" 1 "$?"
  expect_contains "verify says why" "nested deeper than 1024" "$out"
else
  bad "could not make a signed bundle"
fi

# --- Two ingests into one new database at once: both work.
for i in 1 2 3; do
  rm -f "$T/race.db"*
  "$DP" --db "$T/race.db" -q ingest "$SRC/samples/linkedin/Complete_LinkedInDataExport_03-15-2026" 2>"$T/race1.err" &
  p1=$!
  "$DP" --db "$T/race.db" -q ingest "$SRC/samples/mastodon" 2>"$T/race2.err" &
  p2=$!
  wait $p1; r1=$?
  wait $p2; r2=$?
  [ "$r1" != 1 ] && [ "$r2" != 1 ] && ok || bad "concurrent ingests into a new database ($r1, $r2): $(cat "$T/race1.err" "$T/race2.err")"
done

# --- Memory: one 250 MB field in a 2 MB zip is cut with a warning; peak RSS stays under 300 MB.
# huge WHAT KIND FROM WHERE: ingests a generated zip with one 250 MB value under /usr/bin/time.
huge() {
  $GEN "$2" 250 "$T/$2.zip"
  /usr/bin/time -v "$DP" --db "$T/$2.db" ingest --from "$3" "$T/$2.zip" 2>"$T/$2.err"
  expect_eq "$1: partial (exit 3)" 3 "$?"
  expect_contains "$1: the warning names the file and place" "$4" "$(cat "$T/$2.err")"
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$T/$2.err")
  if [ "${DATAPORT_SANITIZED:-0}" = 1 ]; then
    echo "$1: peak RSS not checked in a sanitizer build" >&2
  else
    [ "${rss:-999999}" -lt 307200 ] && ok || bad "$1: peak RSS ${rss} kB (limit 300 MB)"
  fi
  echo "$1: peak RSS ${rss} kB" >&2
}
if [ -x /usr/bin/time ]; then
  huge "a huge CSV field" big-field linkedin "Connections.csv line 4"
  expect_eq "the other row is kept whole" "Cryptanalyst" \
    "$("$DP" --db "$T/big-field.db" sql "SELECT json_extract(data, '$.title') FROM records WHERE json_extract(data, '$.first_name') = 'Alan'" --format csv | tail -1)"
  huge "a huge JSON string" big-json x "tweets.js /0"
  rm -f "$T"/big*.zip "$T"/big*.db*
fi

# --- Media: a killed run's temporary files are swept; a damaged copy is detected and repaired.
FB="$SRC/samples/facebook/flat-2020"
"$DP" --db "$T/m.db" -q ingest "$FB"
MEDIA="$T/m-media"
sleep 0 & dead=$!
wait $dead
echo partial > "$MEDIA/.incoming-$dead-abc123"
one=$(find "$MEDIA" -type f -not -name '.*' | head -1)
if [ -n "$one" ]; then
  printf 'X' >> "$one"
  err=$("$DP" --db "$T/m.db" -q export bundle -o "$T/m-bundle.zip" 2>&1)
  expect_eq "a bundle from a damaged media copy fails" 1 "$?"
  expect_contains "and says the copy is damaged" "damaged" "$err"
  "$DP" --db "$T/m.db" -q ingest "$FB"
  expect_eq "re-ingest repairs it: the bundle works" 0 "$(rc_of "$DP" --db "$T/m.db" -q export bundle -o "$T/m-bundle.zip")"
  [ -e "$MEDIA/.incoming-$dead-abc123" ] && bad "a dead run's .incoming file was not swept" || ok
else
  bad "the facebook sample stored no media"
fi

# --- Interruptions during ingest (media copied, nothing committed yet). The archive keeps 600
# unknown files, each copied into the media store, so the run lasts long enough to be stopped.
$GEN many-files 600 64 "$T/many.zip"
# media_orphans DB: the media files that no row of the store names (a record's data or a kept file).
media_orphans() {
  local names
  names=$( { "$DP" --db "$1" sql "SELECT sha256 FROM files WHERE sha256 IS NOT NULL" --format csv;
             "$DP" --db "$1" export dump -o - 2>/dev/null | grep -o '"sha256":"[0-9a-f]*"' | cut -d'"' -f4; } | sort -u)
  find "${1%.db}-media" -type f -not -name '.*' 2>/dev/null | while read -r f; do
    grep -qx "$(basename "$f")" <<<"$names" || echo "$f"
  done
}
# media_count DB: files under their final names in the media store.
media_count() { find "${1%.db}-media" -type f -not -name '.*' 2>/dev/null | wc -l; }
# start_and_wait_for_media DB: starts the ingest of many.zip in the background ($pid) and returns
# once it has staged media (its journal is there) beyond the $2 files already there (or after 60 s).
start_and_wait_for_media() {
  "$DP" --db "$1" ingest "$T/many.zip" >/dev/null 2>"$T/int.err" &
  pid=$!
  for _ in $(seq 1 1200); do
    ls -A "${1%.db}-media" 2>/dev/null | grep -q '^\.staged-' && [ "$(media_count "$1")" -gt "$2" ] && return
    kill -0 "$pid" 2>/dev/null || return
    sleep 0.05
  done
}

# Ctrl-C: exit 130, says it rolled back, and the store is as before, media included.
IDB="$T/int.db"
"$DP" --db "$IDB" -q ingest "$SRC/samples/x" || true
state() { "$DP" --db "$IDB" export dump -o - 2>/dev/null | sha256sum; find "$T/int-media" -type f -not -name '.*' | sort; }
before=$(state)
start_and_wait_for_media "$IDB" "$(media_count "$IDB")"
kill -INT "$pid" 2>/dev/null
wait "$pid"
expect_eq "ingest stopped by SIGINT exits 130" 130 "$?"
expect_contains "and says it rolled back" "stopped and rolled back; nothing was written" "$(cat "$T/int.err")"
expect_eq "the store and its media are as before" "$before" "$(state)"

# Ctrl-C in a bulk load (a new store), while the second thread writes rows: exit 130, rolled
# back, and the new store is gone. Signalled once the file has grown past 1 MB (a new store is
# written with a rollback journal: rows reach the file once the page cache spills).
python3 "$SRC/bench/gen_google.py" records "$T/bulkint" 100 300000 >/dev/null
# start_bulk_load DB: ingests those fixes into the store DB in the background (pid), and
# returns once its file has grown by 1 MB (or the run has ended, or after 30 s).
start_bulk_load() {
  local grown=$(( $(stat -c %s "$1" 2>/dev/null || echo 0) + 1000000 ))
  "$DP" --db "$1" ingest "$T/bulkint/takeout-20260101T000000Z-001.zip" >/dev/null 2>"${1%.db}.err" &
  pid=$!
  for _ in $(seq 1 3000); do
    [ "$(stat -c %s "$1" 2>/dev/null || echo 0)" -gt "$grown" ] && return
    kill -0 "$pid" 2>/dev/null || return
    sleep 0.01
  done
}
BDB="$T/bulkint.db"
start_bulk_load "$BDB"
kill -INT "$pid" 2>/dev/null
wait "$pid"
expect_eq "a bulk load stopped by SIGINT exits 130" 130 "$?"
expect_contains "and says it rolled back" "stopped and rolled back; nothing was written" "$(cat "$T/bulkint.err")"
[ ! -e "$BDB" ] && [ ! -e "$BDB-wal" ] && [ ! -e "$BDB-journal" ] && ok || bad "the interrupted new store is still there"

# SIGKILL in the same bulk load: the journal it leaves is rolled back by the next command, even
# a read-only one, which finds the new store as it was before the run (no records); the next
# ingest makes it a WAL store with every fix.
KBDB="$T/bulkkill.db"
start_bulk_load "$KBDB"
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
[ -s "$KBDB-journal" ] && ok || bad "the killed bulk load left no journal (killed too late or too early)"
expect_eq "read-only after the kill: the store as before the run" '{"n":0}' \
  "$("$DP" --db "$KBDB" sql "SELECT count(*) AS n FROM records" 2>&1)"
[ ! -e "$KBDB-journal" ] && ok || bad "the killed run's journal is still there"
"$DP" --db "$KBDB" -q ingest "$T/bulkint/takeout-20260101T000000Z-001.zip"
expect_eq "the next ingest holds every fix" '{"n":300000}' "$("$DP" --db "$KBDB" sql "SELECT count(*) AS n FROM records")"
expect_eq "and the store is in WAL mode" wal "$(sqlite3 "$KBDB" "PRAGMA journal_mode")"

# The same into a store that holds an earlier ingest (a bulk load all the same: it holds fewer
# rows than come), which nobody else has open: written through the rollback journal as well.
EDB="$T/bulkinto.db"
"$DP" --db "$EDB" -q ingest "$SRC/samples/x"
held=$("$DP" --db "$EDB" export dump -o - 2>&1 | sha256sum)
held_n=$("$DP" --db "$EDB" sql "SELECT count(*) AS n FROM records")
start_bulk_load "$EDB"
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
[ -s "$EDB-journal" ] && ok || bad "the killed bulk load into a store left no journal (killed too late or too early)"
expect_eq "read-only after the kill: the store as before the run" "$held" "$("$DP" --db "$EDB" export dump -o - 2>&1 | sha256sum)"
[ ! -e "$EDB-journal" ] && ok || bad "the killed run's journal is still there"
out=$("$DP" --db "$EDB" -v ingest "$T/bulkint/takeout-20260101T000000Z-001.zip" 2>&1 >/dev/null)
expect_contains "the next ingest is a bulk load through the journal" "written through the rollback journal" "$out"
expect_eq "and holds every fix with the earlier records" '{"n":300000}' \
  "$("$DP" --db "$EDB" sql "SELECT count(*) AS n FROM records WHERE platform = 'google'")"
expect_eq "and the earlier records" "$held_n" "$("$DP" --db "$EDB" sql "SELECT count(*) AS n FROM records WHERE platform <> 'google'")"
expect_eq "and the store is in WAL mode" wal "$(sqlite3 "$EDB" "PRAGMA journal_mode")"

# SIGKILL once an ingest has turned into a bulk load (another account's fixes in the store, of
# the same importer: row by row first, through the journal, then a bulk load once the first rows
# are new): the journal is rolled back as above, and the next ingest turns again and stores all.
python3 "$SRC/bench/gen_google.py" records-other "$T/other" 20 60000 >/dev/null
TDB="$T/turn.db"
"$DP" --db "$TDB" -q ingest "$T/other/takeout-20260101T000000Z-001.zip"
held=$("$DP" --db "$TDB" export dump -o - 2>&1 | sha256sum)
"$DP" --db "$TDB" -v ingest "$T/bulkint/takeout-20260101T000000Z-001.zip" >/dev/null 2>"$T/turn.err" &
pid=$!
for _ in $(seq 1 3000); do
  grep -q "a bulk load from here" "$T/turn.err" && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.01
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
expect_contains "the ingest turned into a bulk load" "a bulk load from here" "$(cat "$T/turn.err")"
[ -s "$TDB-journal" ] && ok || bad "the killed ingest that turned left no journal (killed too late)"
expect_eq "read-only after the kill: the store as before the run" "$held" "$("$DP" --db "$TDB" export dump -o - 2>&1 | sha256sum)"
out=$("$DP" --db "$TDB" -v ingest "$T/bulkint/takeout-20260101T000000Z-001.zip" 2>&1 >/dev/null)
expect_contains "the next ingest turns again" "a bulk load from here" "$out"
expect_eq "and holds both accounts' fixes" '{"n":360000}' \
  "$("$DP" --db "$TDB" sql "SELECT count(*) AS n FROM records WHERE kind = 'location'")"
expect_eq "and the store is in WAL mode" wal "$(sqlite3 "$TDB" "PRAGMA journal_mode")"
rm -rf "$T/bulkint" "$T/other" "$KBDB"* "$EDB"* "$TDB"*

# SIGKILL: what the killed run had stored under final names is swept by the next run.
KDB="$T/kill.db"
start_and_wait_for_media "$KDB" 0
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
left=$(media_count "$KDB")
[ "$left" -gt 0 ] && ok || bad "the killed ingest left no media to sweep (killed too late or too early)"
ls -A "$T/kill-media" | grep -q '^\.staged-' && ok || bad "the killed run left no journal of its staged media"
"$DP" --db "$KDB" -q ingest "$SRC/samples/x" || true
expect_eq "after the next ingest, no media file lacks a store row" "" "$(media_orphans "$KDB")"
expect_eq "and the journal is gone" "" "$(ls -A "$T/kill-media" | grep '^\.staged-')"
# A run that commits leaves no journal; a dead run's journal never removes a file a row names.
"$DP" --db "$KDB" -q ingest "$T/many.zip" || true
expect_eq "a committed run: every media file has a row" "" "$(media_orphans "$KDB")"
expect_eq "a committed run: no journal" "" "$(ls -A "$T/kill-media" | grep '^\.staged-')"
kept=$(find "$T/kill-media" -type f -not -name '.*' | head -1)
sleep 0 & dead=$!
wait $dead
echo "$(basename "$(dirname "$kept")")/$(basename "$kept")" > "$T/kill-media/.staged-$dead"
"$DP" --db "$KDB" -q ingest "$SRC/samples/linkedin-basic" >/dev/null 2>&1 || true
[ -f "$kept" ] && ok || bad "a dead run's journal removed a media file that a row names"
expect_eq "that journal is gone too" "" "$(ls -A "$T/kill-media" | grep '^\.staged-')"
rm -f "$T/many.zip"

# --- Full disk during ingest: says so, rolls back, leaves no media behind. (416 KiB: room for a
# new store's schema, 16 KiB pages, and not for the whole ingest.)
if unshare -rm true 2>/dev/null; then
  out=$(unshare -rm sh -c 'mount -t tmpfs -o size=416k tmpfs "$1" && "$2" --db "$1/db" -q ingest "$3" 2>&1; echo "rc=$?";
        echo "media: $(find "$1"/db-media -type f 2>/dev/null | wc -l)"; n=$("$2" --db "$1/db" sql "SELECT count(*) AS n FROM records" --format csv 2>/dev/null | tail -1); echo "records: ${n:-0}"' \
        sh "$T/out" "$DP" "$FB")
  expect_contains "ingest on a full disk fails" "rc=1" "$out"
  expect_contains "and says the disk is full" "disk is full" "$out"
  expect_not_contains "without a rollback error" "no transaction is active" "$out"
  expect_contains "no media left behind" "media: 0" "$out"
  expect_contains "no records committed" "records: 0" "$out"
  # A disk too full for a new store's schema: says so, and the store it could not make is gone.
  # (The clean-up of such a store once finalized a statement twice: killed by a signal, files left.)
  out=$(unshare -rm sh -c 'mount -t tmpfs -o size=96k tmpfs "$1" && "$2" --db "$1/db" -q ingest "$3" 2>&1; echo "rc=$?";
        echo "left: $(ls -A "$1" | tr "\n" " ")"' sh "$T/out" "$DP" "$FB")
  expect_contains "a disk too full for the schema fails the ingest" "rc=1" "$out"
  expect_contains "and says the disk is full" "disk is full" "$out"
  expect_eq "and leaves no file behind" "left: " "$(tail -1 <<<"$out")"
fi

finish
