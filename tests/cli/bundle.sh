#!/usr/bin/env bash
# The portable bundle: export bundle -> verify -> ingest -> dump is byte-identical for every
# golden sample, the bag passes an independent BagIt check (tests/interop/bagit_check.py) as a
# folder, a zip and a tar.gz, two exports give the same bytes, and tampering is caught.
# Usage: bundle.sh path/to/dataport [CASE...]
set -u
DP=$(realpath "$1"); shift
SRC=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRC/tests/cli/lib.sh"
CHECK="python3 $SRC/tests/interop/bagit_check.py"
export SOURCE_DATE_EPOCH=1767225600  # 2026-01-01

# The sha256 names of the media files a store holds that its records name.
media_of() { "$DP" --db "$1" export bundle -o "$T/m.$$" --format dir >/dev/null 2>&1 && ls "$T/m.$$/data/media" 2>/dev/null | sed 's/\..*//' | sort; rm -rf "$T/m.$$"; }

check_case() {
  local name=$1
  shift
  db="$T/$name.db"
  "$DP" -q --db "$db" ingest "$@" 2>/dev/null
  "$DP" --db "$db" export dump -o "$T/$name.dump" 2>/dev/null
  if ! "$DP" -q --db "$db" export bundle -o "$T/$name.zip" 2> "$T/$name.err"; then
    bad "$name: export bundle failed: $(cat "$T/$name.err")"; return
  fi
  out=$("$DP" verify --format table "$T/$name.zip")
  if [ $? -eq 0 ]; then ok; else bad "$name: verify: $out"; fi
  out=$($CHECK "$T/$name.zip")
  if [ $? -eq 0 ]; then ok; else bad "$name: independent BagIt check: $out"; fi
  "$DP" -q --db "$T/$name.back.db" ingest "$T/$name.zip" 2> "$T/$name.err"
  rc=$?
  if [ $rc -ne 0 ]; then bad "$name: ingest of the bundle exit $rc: $(cat "$T/$name.err")"; return; fi
  "$DP" --db "$T/$name.back.db" export dump -o "$T/$name.back.dump" 2>/dev/null
  if cmp -s "$T/$name.dump" "$T/$name.back.dump"; then ok; else
    bad "$name: dump -> bundle -> ingest -> dump changed"; diff "$T/$name.dump" "$T/$name.back.dump" | head -5 >&2
  fi
  expect_eq "$name: media restored" "$(media_of "$db")" "$(media_of "$T/$name.back.db")"
  # Every payload and tag file is accounted for: nothing kept as an unknown file.
  unknown=$("$DP" --db "$T/$name.back.db" sql "SELECT count(*) FROM records WHERE kind = 'file' AND platform = 'bundle'" --format csv | tail -1)
  expect_eq "$name: no unknown files in a bundle" "0" "$unknown"
}
each_golden_case check_case "$@"

# A store with several platforms, for the rest.
db="$T/all.db"
"$DP" -q --db "$db" ingest "$SRC/samples/linkedin" 2>/dev/null
"$DP" -q --db "$db" ingest "$SRC/samples/mastodon" 2>/dev/null
"$DP" -q --db "$db" ingest "$SRC/samples/instagram/media-2025" 2>/dev/null
records=$("$DP" --db "$db" sql "SELECT count(*) FROM records" --format csv | tail -1)

# Determinism: the same store and options give the same bytes, in every form.
mkdir -p "$T/1" "$T/2"
for fmt in zip tar.gz; do
  "$DP" -q --db "$db" export bundle -o "$T/1/a.$fmt" --with-sqlite
  sleep 1
  "$DP" -q --db "$db" export bundle -o "$T/2/a.$fmt" --with-sqlite
  cmp -s "$T/1/a.$fmt" "$T/2/a.$fmt" && ok || bad "two $fmt bundles of one store differ"
  cp "$T/1/a.$fmt" "$T/a.$fmt"
  out=$($CHECK "$T/a.$fmt"); [ $? -eq 0 ] && ok || bad "independent check of the $fmt bundle: $out"
done
unset SOURCE_DATE_EPOCH
"$DP" -q --db "$db" export bundle -o "$T/1/c.zip"
sleep 1
"$DP" -q --db "$db" export bundle -o "$T/2/c.zip"
cmp -s "$T/1/c.zip" "$T/2/c.zip" && ok || bad "without SOURCE_DATE_EPOCH two bundles still differ"
export SOURCE_DATE_EPOCH=1767225600
"$DP" -q --db "$db" export bundle -o "$T/dir1" --with-sqlite
"$DP" -q --db "$db" export bundle -o "$T/dir2" --with-sqlite
diff -r "$T/dir1" "$T/dir2" >/dev/null && ok || bad "two folder bundles differ"
out=$($CHECK "$T/dir1"); [ $? -eq 0 ] && ok || bad "independent check of the folder bundle: $out"
expect_contains "bag-info date" "Bagging-Date: 2026-01-01" "$(cat "$T/dir1/bag-info.txt")"
expect_contains "bag-info platforms" "Dataport-Platforms: instagram, linkedin, mastodon" "$(cat "$T/dir1/bag-info.txt")"
expect_contains "bag-info records" "Dataport-Records: $records" "$(cat "$T/dir1/bag-info.txt")"
expect_eq "bagit.txt" "$(printf 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8')" "$(cat "$T/dir1/bagit.txt")"
expect_eq "source archives listed" "3" "$(grep -c '^Dataport-Source-Archive: [0-9a-f]\{64\} ' "$T/dir1/bag-info.txt")"
expect_eq "records files hold every record" "$records" "$(cat "$T/dir1"/data/records/*.ndjson | wc -l)"
expect_eq "the sqlite copy holds every record" "$records" \
  "$("$DP" --db "$T/dir1/data/dataport.sqlite" sql "SELECT count(*) FROM records" --format csv | tail -1)"
# The zip holds the bag under one base folder named after it.
expect_eq "zip base folder" "a/bagit.txt" "$(python3 -c "import zipfile,sys; print([n for n in zipfile.ZipFile(sys.argv[1]).namelist() if n.endswith('bagit.txt')][0])" "$T/a.zip")"
# sha256sum agrees with the manifest (the README's promise).
(cd "$T/dir1" && sha256sum --quiet -c manifest-sha256.txt) && ok || bad "sha256sum -c manifest-sha256.txt"
[ -z "$(ls "$T" | grep tmp)" ] && ok || bad "temporary files left beside the outputs: $(ls "$T" | grep tmp)"

# Tampering, each on a fresh copy of the folder bundle.
tamper() {  # NAME COMMAND...: applies the change, expects verify to fail naming EXPECT
  local what=$1 expect=$2; shift 2
  rm -rf "$T/t" && cp -r "$T/dir1" "$T/t"
  (cd "$T/t" && eval "$*")
  local out
  out=$("$DP" verify --format table "$T/t")
  local rc=$?
  expect_eq "verify exit after $what" "1" "$rc"
  expect_contains "verify names the problem after $what" "$expect" "$out"
  out=$($CHECK "$T/t")
  [ $? -ne 0 ] && ok || bad "independent check missed $what"
}
first=$(ls "$T/dir1/data/records" | head -1)
tamper "a changed byte in a record" "data/records/$first: sha256 checksum does not match" \
  "sed -i '1s/\"id\":\"./\"id\":\"Z/' data/records/$first"
tamper "an extra file" "data/extra.txt: a payload file manifest-sha256.txt does not list" "echo hi > data/extra.txt"
media=$(ls "$T/dir1/data/media" | head -1)
tamper "a missing media file" "data/media/$media: listed in manifest-sha256.txt but missing" "rm data/media/$media"
tamper "an edited bag-info" "bag-info.txt: sha256 checksum does not match tagmanifest-sha256.txt" \
  "sed -i 's/Bagging-Date: 2026-01-01/Bagging-Date: 2020-01-01/' bag-info.txt"
tamper "a wrong Payload-Oxum" "Payload-Oxum says" \
  "sed -i 's/^Payload-Oxum: .*/Payload-Oxum: 1.1/' bag-info.txt; sed -i '/bag-info.txt/d' tagmanifest-sha256.txt tagmanifest-sha512.txt"

# A tampered bundle is refused by ingest, and the store is left as it was.
rm -rf "$T/t" && cp -r "$T/dir1" "$T/t"
sed -i '1s/"id":"./"id":"Z/' "$T/t/data/records/$first"
out=$("$DP" -q --db "$T/tampered.db" ingest "$T/t" 2>&1)
expect_eq "ingest of a tampered bundle fails" "1" "$?"
expect_contains "ingest says why" "fails its checksums" "$out"
n=$("$DP" --db "$T/tampered.db" sql "SELECT count(*) FROM records" --format csv 2>/dev/null | tail -1)
expect_eq "nothing ingested from a tampered bundle" "0" "${n:-0}"

# Filters cut a minimal bundle; --no-media leaves the media out.
"$DP" -q --db "$db" export bundle -o "$T/contacts" --kind contact --no-media
expect_eq "only the contacts" "contact.ndjson" "$(ls "$T/contacts/data/records")"
[ ! -e "$T/contacts/data/media" ] && ok || bad "--no-media still wrote media"
expect_contains "the filter is recorded" "Dataport-Filter: --kind contact" "$(cat "$T/contacts/bag-info.txt")"
"$DP" verify "$T/contacts" >/dev/null && ok || bad "the minimal bundle does not verify"

# Signed: the provenance credential covers the tag manifest.
export DATAPORT_DB="$db"
"$DP" -q key generate --name bundler >/dev/null 2>&1 || "$DP" -q key generate --name bundler
did=$("$DP" key export-public bundler --format did)
"$DP" -q export bundle -o "$T/signed.zip" --sign bundler && ok || bad "export --sign"
out=$("$DP" verify --format table "$T/signed.zip" --signed)
expect_eq "signed bundle verifies" "0" "$?"
expect_contains "verify names the signer" "signed by did:key:z6Mk" "$out"
[ -n "$did" ] && { "$DP" verify "$T/signed.zip" --issuer "$did" >/dev/null && ok || bad "--issuer with the right key"; }
out=$("$DP" verify --format table "$T/signed.zip" --issuer did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK)
expect_eq "--issuer with another key fails" "1" "$?"
out=$("$DP" verify --format table "$T/contacts" --signed)
expect_eq "--signed on an unsigned bag fails" "1" "$?"
# Re-sealing the bag after an edit (fresh checksums) cannot fool the signature.
rm -rf "$T/s" && mkdir "$T/s" && (cd "$T/s" && python3 -c "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall('.')" "$T/signed.zip")
(cd "$T/s/signed" && sed -i 's/^Bagging-Date: .*/Bagging-Date: 2001-01-01/' bag-info.txt &&
  for a in 256 512; do
    : > tagmanifest-sha$a.txt.new
    for f in bagit.txt bag-info.txt manifest-sha256.txt manifest-sha512.txt; do sha${a}sum "$f" >> tagmanifest-sha$a.txt.new; done
    mv tagmanifest-sha$a.txt.new tagmanifest-sha$a.txt
  done)
out=$($CHECK "$T/s/signed"); [ $? -eq 0 ] && ok || bad "the re-sealed bag should be a valid bag: $out"
out=$("$DP" verify --format table "$T/s/signed")
expect_eq "a re-sealed signed bag fails" "1" "$?"
expect_contains "verify says the signature no longer covers it" "provenance-credential.json" "$out"
unset DATAPORT_DB

# Mistakes are refused with nothing written.
out=$("$DP" --db "$db" export bundle -o - 2>&1)
expect_eq "-o - without --format" "1" "$?"
expect_contains "-o - explains" "needs --format zip" "$out"
mkdir -p "$T/full" && echo x > "$T/full/keep"
"$DP" -q --db "$db" export bundle -o "$T/full" 2>/dev/null && bad "export into a non-empty folder" || ok
expect_eq "the non-empty folder is untouched" "keep" "$(ls "$T/full")"
"$DP" -q --db "$db" export bundle -o "$T/none.zip" --kind location 2>/dev/null && bad "empty bundle written" || ok
[ ! -e "$T/none.zip" ] && ok || bad "a failed export left its output"
"$DP" -q --db "$db" export bundle -o "$T/nokey.zip" --sign nosuchkey 2>/dev/null && bad "--sign with no such key" || ok
[ -z "$(ls "$T" | grep -e tmp -e nokey)" ] && ok || bad "a failed export left files: $(ls "$T" | grep -e tmp -e nokey)"
(cd "$T/1" && "$DP" -q --db "$db" export bundle -o - --format tar.gz --with-sqlite > "$T/stdout.tar.gz") && ok || bad "bundle to stdout"
[ -z "$(ls "$T/1" | grep -v '^a\.' | grep -v '^c\.zip$')" ] && ok || bad "a bundle to stdout left files in the current folder: $(ls "$T/1")"
"$DP" verify "$T/stdout.tar.gz" >/dev/null && ok || bad "the bundle written to stdout does not verify"

# verify on things that are not bags.
out=$("$DP" verify --format table "$SRC/samples/linkedin")
expect_eq "verify on a non-bag" "1" "$?"
expect_contains "verify says it is no bag" "not a BagIt bag" "$out"
"$DP" verify "$T/missing.zip" >/dev/null 2>&1
expect_eq "verify on a missing path" "1" "$?"
finish
