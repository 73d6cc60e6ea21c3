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

# --- Full disk: key generate leaves no key file behind (a small tmpfs in a private mount namespace).
if unshare -rm true 2>/dev/null; then
  out=$(unshare -rm sh -c 'mount -t tmpfs -o size=64k tmpfs "$1" && head -c 70000 /dev/zero > "$1/fill" 2>/dev/null;
        "$2" --db "$1/db" key generate 2>&1; echo "rc=$?"; echo "left: $(ls -A "$1/keys")"' sh "$T/out" "$DP")
  expect_contains "key generate on a full disk fails" "rc=1" "$out"
  expect_contains "and says the disk is full" "No space left on device" "$out"
  expect_contains "and leaves no key file, nor a temporary one" "left: 
" "$out
"
else
  echo "note: no private mount namespace here; full-disk tests skipped" >&2
fi

finish
