#!/usr/bin/env bash
# The command line as people and scripts meet it (issue 14): closed pipes, the one output rule,
# suggestions, no stray database, progress only on a terminal, the store as Datasette opens it,
# one time form, search syntax, local time in tables, escapes of control characters.
# Usage: ux.sh path/to/dataport
set -u
DP=$(realpath "$1")
SRC=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRC/tests/cli/lib.sh"
export DATAPORT_DB="$T/db/dataport.db"
cd "$T"
# Runs a command under a pseudo-terminal (stdin, stdout and stderr all on it); prints what it showed.
pty() { python3 - "$@" <<'PY'
import os, pty, sys
out = bytearray()
def read(fd):
    data = os.read(fd, 65536)
    out.extend(data)
    return data
pid, fd = pty.fork()
if pid == 0:
    os.environ["COLUMNS"] = "200"
    os.execvp(sys.argv[1], sys.argv[1:])
try:
    while True:
        data = os.read(fd, 65536)
        if not data: break
        out.extend(data)
except OSError:
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
sys.exit(os.waitstatus_to_exitcode(status))
PY
}

bsdtar -a -cf linkedin.zip -C "$SRC/samples/linkedin" .

# --- no stray database: a dry run into a new path, a refused archive
"$DP" --db "$T/new/dry.db" ingest --dry-run linkedin.zip 2>/dev/null; expect_eq "dry run exit" 0 $?
[ ! -e "$T/new" ] && ok || bad "a dry run left $(ls -R "$T/new")"
mkdir other && echo "just text" > other/notes.txt
"$DP" --db "$T/refused/x.db" ingest other 2>/dev/null; expect_eq "refused ingest exit" 1 $?
[ ! -e "$T/refused" ] && ok || bad "a refused ingest left $(ls -R "$T/refused")"

# --- the ingest summary is talk on stderr; --format gives data on stdout
out=$("$DP" ingest linkedin.zip 2>err); expect_eq "ingest exit" 0 $?
expect_eq "ingest prints no data unasked" "" "$out"
expect_contains "the summary is on stderr" "linkedin export" "$(cat err)"
out=$("$DP" ingest linkedin.zip --format ndjson 2>/dev/null)
expect_eq "ingest --format ndjson is one line" 1 "$(printf '%s\n' "$out" | wc -l)"
expect_eq "ingest --format ndjson is JSON" linkedin "$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["importer"])')"
out=$("$DP" ingest linkedin.zip --format csv 2>/dev/null | head -1); expect_eq "ingest --format csv" "kind,new,present" "$out"
out=$("$DP" -q ingest linkedin.zip 2>&1); expect_eq "ingest -q says nothing" "" "$out"

# --- --format on every command; NDJSON when piped
for cmd in "stats" "formats" "inspect linkedin.zip" "key list" "credential list" "query --limit 3" "sql SELECT\ 1\ AS\ n"; do
  for f in ndjson json csv table; do
    eval "\"\$DP\" $cmd --format $f" >out.txt 2>/dev/null; rc=$?
    expect_eq "$cmd --format $f exit" 0 $rc
    case $f in
      ndjson) python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1]) if l.strip()]' out.txt && ok || bad "$cmd --format ndjson is not NDJSON" ;;
      json) python3 -c 'import json,sys; json.load(open(sys.argv[1]))' out.txt && ok || bad "$cmd --format json is not JSON" ;;
      csv) python3 -c 'import csv,sys; rows=list(csv.reader(open(sys.argv[1]))); assert len(rows) >= 1 and len(set(map(len, rows))) == 1' out.txt && ok || bad "$cmd --format csv is not one CSV table" ;;
    esac
  done
  eval "\"\$DP\" $cmd" >piped.txt 2>/dev/null
  eval "\"\$DP\" $cmd --format ndjson" >nd.txt 2>/dev/null
  expect_eq "$cmd: NDJSON when piped" "$(cat nd.txt)" "$(cat piped.txt)"
done
out=$("$DP" stats --json); expect_contains "--json stays an alias" '"by_kind": [' "$out"
out=$(pty "$DP" stats); expect_contains "stats: a table on a terminal" "platform  kind" "$out"
err=$("$DP" stats --format yaml 2>&1 >/dev/null); expect_eq "bad --format exit" 2 $?

# --- a closed pipe is the reader saying "enough": exit 0, nothing on stderr
for i in $(seq 1 40); do cat "$SRC"/samples/linkedin/*/Connections.csv; done > /dev/null
big="$T/big.db"
"$DP" -q --db "$big" ingest "$SRC"/samples/google/takeout-20260301T000000Z-00[12] 2>/dev/null
for cmd in "query" "query --format json" "query --format csv" "sql SELECT\ *\ FROM\ records" "stats" "formats" \
           "export dump -o -" "export vcard -o -" "formats --schema" "completion bash" "inspect linkedin.zip"; do
  err=$( { eval "\"\$DP\" --db \"\$big\" $cmd" 2>"$T/pipe.err"; echo $? > "$T/pipe.rc"; } | head -c 1 >/dev/null; sleep 0.1; cat "$T/pipe.rc")
  expect_eq "$cmd | head: exit" 0 "$err"
  expect_not_contains "$cmd | head: quiet" "error" "$(cat "$T/pipe.err")"
done

# --- names that match nothing: aliases and suggestions, exit 2
n_x=$("$DP" --db "$big" query --platform google | wc -l)
expect_eq "--platform takeout is google" "$n_x" "$("$DP" --db "$big" query --platform takeout | wc -l)"
err=$("$DP" query --kind contacts 2>&1 >/dev/null); expect_eq "--kind contacts exit" 2 $?
expect_contains "--kind contacts suggestion" "did you mean 'contact'" "$err"
err=$("$DP" query --platform linkdin 2>&1 >/dev/null); expect_eq "--platform typo exit" 2 $?
expect_contains "--platform typo suggestion" "did you mean 'linkedin'" "$err"
err=$("$DP" query --platform myspace 2>&1 >/dev/null); expect_eq "--platform unknown exit" 2 $?
expect_contains "--platform unknown lists them" "platforms: " "$err"
err=$("$DP" export vcards -o x.vcf 2>&1 >/dev/null); expect_eq "export vcards exit" 2 $?
expect_contains "export vcards suggestion" "did you mean 'vcard'" "$err"
err=$("$DP" key lst 2>&1 >/dev/null); expect_eq "key lst exit" 2 $?
expect_contains "key lst suggestion" "did you mean 'list'" "$err"
err=$("$DP" query --limt 3 2>&1 >/dev/null); expect_eq "unknown option exit" 2 $?
expect_contains "unknown option suggestion" "did you mean '--limit'" "$err"
err=$("$DP" ingest --from twiter linkedin.zip 2>&1 >/dev/null); expect_eq "--from typo exit" 2 $?
expect_contains "--from typo suggestion" "did you mean 'x'" "$err"
out=$("$DP" -V); expect_eq "-V" "$("$DP" --version)" "$out"
x_dir=$(ls -d "$SRC"/samples/x* 2>/dev/null | head -1)
if [ -n "$x_dir" ]; then
  "$DP" -q --db "$T/x.db" ingest --from twitter "$x_dir" 2>/dev/null; rc=$?
  [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] && ok || bad "--from twitter exit $rc"
  n1=$("$DP" --db "$T/x.db" query --platform x | wc -l); n2=$("$DP" --db "$T/x.db" query --platform twitter | wc -l)
  [ "$n1" -gt 0 ] && [ "$n1" = "$n2" ] && ok || bad "--platform twitter gives the x records ($n2 of $n1)"
fi

# --- export -o -: stdout for one-file formats, refused for folders (and no folder named -)
out=$("$DP" export vcard -o - 2>/dev/null); expect_contains "vcard to stdout" "BEGIN:VCARD" "$out"
out=$("$DP" export dump -o - 2>/dev/null | head -2); expect_contains "dump to stdout" '"kind":' "$out"
expect_contains "a dump names its model version first" '{"dataport":"dump","model_version":' "$(echo "$out" | head -1)"
for f in csv ndjson mastodon; do
  err=$("$DP" export $f -o - 2>&1 >/dev/null); expect_eq "export $f -o - exit" 1 $?
  expect_contains "export $f -o - refused" "cannot go to stdout" "$err"
done
[ ! -e ./- ] && ok || bad "a folder named - was made"

# --- progress: on a terminal, never on a pipe or with --quiet
out=$(pty "$DP" --db "$T/p.db" ingest linkedin.zip); expect_eq "ingest under a pty" 0 $?
expect_contains "progress: the final line" "dataport: ingest: " "$out"
expect_contains "progress: the rate" "/s" "$out"
out=$(pty "$DP" --db "$T/p.db" inspect linkedin.zip); expect_contains "inspect progress" "dataport: inspect: " "$out"
"$DP" --db "$T/p.db" -q export bundle -o "$T/b.zip" 2>/dev/null
out=$(pty "$DP" verify "$T/b.zip"); expect_contains "verify progress" "dataport: verify: " "$out"
expect_contains "verify: a verdict for a person" "valid BagIt bag" "$out"
err=$("$DP" --db "$T/p2.db" ingest linkedin.zip 2>&1 >/dev/null); expect_not_contains "no progress on a pipe" "dataport: ingest: " "$err"
out=$(pty "$DP" --db "$T/p3.db" -q ingest linkedin.zip); expect_eq "-q under a pty says nothing" "" "$out"

# --- the store as Datasette opens it
db="$DATAPORT_DB"
fts=$(sqlite3 "$db" "select name from sqlite_master where rootpage = 0 and (sql like '%VIRTUAL TABLE%USING FTS%content=\"records\"%' or sql like '%VIRTUAL TABLE%USING FTS%content=[records]%' or (tbl_name = 'records' and sql like '%VIRTUAL TABLE%USING FTS%'))")
expect_eq "Datasette's FTS detection finds records_fts" records_fts "$fts"
word=$("$DP" query --kind position --format ndjson | head -1 | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["data"]["title"].split()[0])')
snip=$(sqlite3 "$db" "select snippet(records_fts, 0, '[', ']', '...', 8) from records_fts where records_fts match '\"$word\"' limit 1")
expect_contains "snippet() returns text" "[${word,,}]" "${snip,,}"
for k in $("$DP" formats --format json | python3 -c 'import json,sys; print(" ".join(k["name"] for k in json.load(sys.stdin)["kinds"]))'); do
  v=$k; [ "$k" = group ] && v=groups
  sqlite3 "$db" "select count(*) from $v" >/dev/null 2>&1 && ok || bad "view $v needs quoting or is missing"
done
"$DP" sql "select * from groups" >/dev/null && ok || bad "select * from groups"
meta=$("$DP" sql --datasette) ; expect_eq "sql --datasette exit" 0 $?
printf '%s' "$meta" | python3 -c '
import json, sys
m = json.load(sys.stdin)
db = next(iter(m["databases"].values()))
assert "records" in db["tables"] and db["tables"]["records"]["fts_table"] == "records_fts", "records fts"
assert "groups" in db["tables"] and db["tables"]["contact"]["columns"], "views described"
' && ok || bad "sql --datasette metadata"

# --- time: one fixed form, text order equals time_unix order
bad_times=$(sqlite3 "$big" "select count(*) from records where time is not null and time not glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'")
expect_eq "every stored time is YYYY-MM-DDTHH:MM:SS.sssZ" 0 "$bad_times"
bad_dump=$("$DP" --db "$big" query | python3 -c '
import json, re, sys
pat = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
print(sum(1 for l in sys.stdin if (t := json.loads(l)["time"]) is not None and not pat.match(t)))')
expect_eq "every printed time is the fixed form" 0 "$bad_dump"
expect_eq "text order is time order" 0 "$(sqlite3 "$big" "select count(*) from records a join records b on a.time < b.time where a.time_unix > b.time_unix")"

# --- an existing version-1 store is migrated and keeps working
v1="$T/v1.db"
cp "$DATAPORT_DB" "$v1"
sqlite3 "$v1" "drop table records_fts; alter table records drop column text; create virtual table records_fts using fts5(text, content='', tokenize='unicode61 remove_diacritics 2'); insert into records_fts(rowid, text) select rowid, data from records; update records set time = replace(time, '.000Z', 'Z'); drop view groups; create view \"group\" as select * from records where kind = 'group'; pragma user_version=1; delete from meta where key = 'model_version'"
before=$("$DP" --db "$v1" query --search "$word" | wc -l)
[ "$before" -gt 0 ] && ok || bad "a version-1 store searched read-only"
"$DP" -q --db "$v1" ingest linkedin.zip 2>/dev/null; expect_eq "ingest into a version-1 store" 0 $?
expect_eq "migrated to version 4" 4 "$(sqlite3 "$v1" 'pragma user_version')"
expect_eq "migrated times" 0 "$(sqlite3 "$v1" "select count(*) from records where time like '%:__Z'")"
expect_eq "migrated search" "$before" "$("$DP" --db "$v1" query --search "$word" | wc -l)"
expect_eq "migrated views" 0 "$(sqlite3 "$v1" "select count(*) from sqlite_master where name = 'group'")"

# --- query --search: prefix and OR
w3=${word:0:3}
n_word=$("$DP" query --search "$word" | wc -l)
n_prefix=$("$DP" query --search "$w3*" | wc -l)
[ "$n_prefix" -ge "$n_word" ] && [ "$n_word" -gt 0 ] && ok || bad "prefix search $w3* ($n_prefix) vs $word ($n_word)"
n_other=$("$DP" query --search "LinkedIn" | wc -l)
n_both=$("$DP" query --search "$word LinkedIn" | wc -l)
n_or=$("$DP" query --search "$word OR LinkedIn" | wc -l)
[ "$n_or" -ge "$n_word" ] && [ "$n_or" -ge "$n_other" ] && [ "$n_or" -ge "$n_both" ] && ok || bad "OR search ($n_or; $n_word, $n_other)"
n_zz=$("$DP" query --search "$word OR zzzqqq" | wc -l); expect_eq "OR with a missing word" "$n_word" "$n_zz"
n_and=$("$DP" query --search "$word zzzqqq" | wc -l); expect_eq "words without OR are all required" 0 "$n_and"

# --- tables in the person's zone; --utc keeps UTC; data formats stay UTC
t_utc=$("$DP" query --kind position --limit 1 --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["time"])')
out=$(TZ=Asia/Tokyo pty "$DP" query --kind position --limit 1)
local_t=$(TZ=Asia/Tokyo date -d "$t_utc" '+%Y-%m-%d %H:%M:%S +0900')
expect_contains "table in the local zone" "$local_t" "$out"
out=$(TZ=Asia/Tokyo pty "$DP" query --kind position --limit 1 --utc)
expect_contains "--utc table" "${t_utc:0:19}Z" "$out"
out=$(TZ=Asia/Tokyo "$DP" query --kind position --limit 1 --format csv | tail -1)
expect_contains "csv stays UTC" "$t_utc" "$out"

# --- control characters from archive data never reach the terminal raw
mkdir -p evil/Export
cp -r "$SRC"/samples/linkedin/*/. evil/Export/
python3 - evil/Export/Connections.csv <<'PY'
import sys
p = sys.argv[1]
lines = open(p, encoding="utf-8").read().split("\n")
i = next(i for i, l in enumerate(lines) if l.startswith("First Name,"))
lines[i + 1] = "Eve\x1b]0;pwned\x07,Mallory\x1b[2J\x9b31m,,,,,"
open(p, "w", encoding="utf-8").write("\n".join(lines))
PY
"$DP" -q --db "$T/evil.db" ingest evil 2>/dev/null
out=$(pty "$DP" --db "$T/evil.db" query --kind contact --search Eve)
expect_contains "the row is shown" "Eve" "$out"
case "$out" in *$'\x1b]0;'*|*$'\x1b[2J'*|*$'\xc2\x9b'*) bad "raw escape sequences reached the terminal" ;; *) ok ;; esac
expect_contains "escapes are shown visibly" '\x1b]0;pwned\x07' "$out"
err=$(pty "$DP" --db "$T/evil.db" ingest "$(printf 'no\033]0;such\007')")
case "$err" in *$'\x1b]0;such'*) bad "an error message printed a raw escape" ;; *) ok ;; esac
expect_contains "the error names the path visibly" '\x1b]0;such\x07' "$err"

finish
