#!/usr/bin/env bash
# Sharing policies (issue 18): the leak test over every golden sample x every shipped policy
# (tests/cli/policy_leak.py), bundles made under a policy pass the independent BagIt check and
# `dataport verify`, pseudonyms are stable across runs and platforms and differ with another key,
# the preview writes nothing and says what goes out, every exporter takes --policy, bad policies
# are clear errors, and --keep-media strips what exiftool would find.
# Usage: policy.sh path/to/dataport [CASE...]
set -u
DP=$(realpath "$1"); shift
SRC=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRC/tests/cli/lib.sh"
export SOURCE_DATE_EPOCH=1767225600  # 2026-01-01
export DATAPORT_KEYS="$T/keys"
POLICIES="donation-minimal research-messages-metadata ai-assistant share-cv"

leak_case() {
  local name=$1
  shift
  local db="$T/$name.db"
  "$DP" -q --db "$db" ingest "$@" 2>/dev/null
  for p in $POLICIES; do
    out="$T/$name.$p"
    if ! "$DP" -q --db "$db" export bundle --policy "$p" -o "$out" 2> "$T/err"; then
      # A policy that lets nothing of this sample out (share-cv of a chat export) says so.
      if grep -q "lets no record of this store out" "$T/err"; then ok; continue; fi
      bad "$name/$p: export failed: $(cat "$T/err")"; continue
    fi
    res=$(python3 "$SRC/tests/cli/policy_leak.py" "$db" "$out")
    if [ $? -eq 0 ]; then ok; else bad "$name/$p: $res"; fi
    res=$(python3 "$SRC/tests/interop/bagit_check.py" "$out")
    if [ $? -eq 0 ]; then ok; else bad "$name/$p: independent BagIt check: $res"; fi
    rm -rf "$out"
  done
}
each_golden_case leak_case "$@"
[ $# -gt 0 ] && { finish; exit; }

# One person's two platforms, the samples of Ana Kovač: one pseudonym for her on both.
db="$T/ana.db"
"$DP" -q --db "$db" ingest "$SRC/samples/facebook/yfa-2024/facebook-anakovac90-2024-06-04-Ab12Cd34" 2>/dev/null
"$DP" -q --db "$T/ana-ig.db" ingest "$SRC/samples/instagram/accounts-center-2024/instagram-ana.kovac-2024-06-10-XyZ12345" 2>/dev/null
"$DP" -q --db "$db" export ndjson --policy ai-assistant -o "$T/fb1" 2>/dev/null
"$DP" -q --db "$db" export ndjson --policy ai-assistant -o "$T/fb2" 2>/dev/null
"$DP" -q --db "$T/ana-ig.db" export ndjson --policy ai-assistant -o "$T/ig" 2>/dev/null
if diff -r "$T/fb1" "$T/fb2" > /dev/null; then ok; else bad "two runs of one policy differ"; fi
pseudonyms() { cat "$1"/*.ndjson | grep -oE 'person-[0-9a-f]{10}' | sort -u; }
fbp=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["data"]["name"])' "$T/fb1/profile.ndjson")
igp=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["data"]["name"])' "$T/ig/profile.ndjson")
expect_contains "the profile is pseudonymised" "person-" "$fbp"
expect_eq "one person, one pseudonym on two platforms" "$fbp" "$igp"
"$DP" -q --db "$db" export ndjson --policy ai-assistant --pseudonym-key other -o "$T/fb3" 2>/dev/null
common=$(comm -12 <(pseudonyms "$T/fb1") <(pseudonyms "$T/fb3") | wc -l)
expect_eq "another key, other pseudonyms" "0" "$common"
[ "$(pseudonyms "$T/fb3" | wc -l)" -gt 2 ] && ok || bad "pseudonyms under the other key: $(pseudonyms "$T/fb3")"
DATAPORT_KEYS="$T/keys2" "$DP" -q --db "$db" export ndjson --policy ai-assistant -o "$T/fb4" 2>/dev/null
common=$(comm -12 <(pseudonyms "$T/fb1") <(pseudonyms "$T/fb4") | wc -l)
expect_eq "another person's key folder, other pseudonyms" "0" "$common"
mode=$(stat -c %a "$T/keys/pseudonyms.secret")
expect_eq "the pseudonym key is private" "600" "$mode"

# The preview: nothing written, counts, fields, examples; JSON for tools.
before=$(ls -A "$T")
out=$("$DP" --db "$db" export bundle --policy research-messages-metadata --preview --format table 2>&1)
expect_eq "preview writes nothing" "$before" "$(ls -A "$T")"
expect_contains "preview: per kind" "message:" "$out"
expect_contains "preview: dropped fields" "dropped:     " "$out"
expect_contains "preview: examples side by side" "before" "$out"
expect_contains "preview: nothing written" "Nothing was written" "$out"
json=$("$DP" --db "$db" export bundle --policy research-messages-metadata --preview --format json)
check=$(python3 - "$json" <<'PY'
import json, sys
j = json.loads(sys.argv[1])
k = {x["kind"]: x for x in j["kinds"]}
m = k["message"]
assert "text" in m["dropped"], m
assert any(f in m["transformed"] for f in ("from", "to")), m
assert m["records_out"] == m["records_in"] > 0, m
assert k["post"]["records_out"] == 0 and k["post"]["records_removed"], k["post"]
assert 1 <= len(j["examples"]) <= 5
ex = j["examples"][0]
assert ex["before"]["kind"] == "message" and "text" not in ex["after"]["data"], ex
print("ok")
PY
)
expect_eq "preview --format json" "ok" "$check"
"$DP" --db "$db" export vcard --policy ai-assistant --preview --format json > "$T/pv.json"
expect_contains "preview on another exporter" '"examples"' "$(cat "$T/pv.json")"

# Every exporter takes --policy, and its output is made from the minimised records.
for f in dump csv ndjson jsonresume vcard ical mastodon mbox gpx geojson photos; do
  case $f in dump|vcard|ical|mbox|gpx|geojson|jsonresume) o="$T/out.$f" ;; *) o="$T/out-$f" ;; esac
  if "$DP" -q --db "$db" export "$f" --policy ai-assistant -o "$o" 2> "$T/err"; then ok; else bad "export $f --policy: $(cat "$T/err")"; fi
done
expect_not_contains "dump under ai-assistant: no real name" "Ana Kova" "$(cat "$T/out.dump")"
expect_not_contains "vcard under ai-assistant: no real name" "Kova" "$(cat "$T/out.vcard")"
ls -A "$T" | grep -q '^\.dataport-policy' && bad "a scratch folder was left behind" || ok

# A signed policy bundle: verify passes, the credential names the policy and the summary.
"$DP" -q key generate --name t > /dev/null
"$DP" -q --db "$db" export bundle --policy donation-minimal --sign t -o "$T/don.zip" 2>/dev/null
out=$("$DP" verify "$T/don.zip" 2>&1)
if [ $? -eq 0 ]; then ok; else bad "verify of a policy bundle: $out"; fi
mkdir "$T/don" && (cd "$T/don" && bsdtar -xf "$T/don.zip")
bag=$(ls -d "$T"/don/*/)
vc=$(cat "$bag/provenance-credential.json")
expect_contains "credential names the policy" '"policy": "donation-minimal"' "$vc"
expect_contains "credential covers the policy file" "\"policy_sha256\": \"$(sha256sum < "$bag/data/policy/policy.json" | cut -c1-64)\"" "$vc"
expect_contains "credential covers the summary" "\"policy_summary_sha256\": \"$(sha256sum < "$bag/data/policy/summary.json" | cut -c1-64)\"" "$vc"
expect_contains "bag-info names the policy" "Dataport-Policy: donation-minimal" "$(cat "$bag/bag-info.txt")"
expect_contains "README says it was minimised" "sharing policy \"donation-minimal\"" "$(cat "$bag/data/README.txt")"
if [ -x /work/shared/validators/formats/bag_check.sh ]; then
  out=$(/work/shared/validators/formats/bag_check.sh "$bag")
  if [ $? -eq 0 ]; then ok; else bad "shared bag_check.sh: $out"; fi
fi
lines=$(cat "$bag"/data/records/*.ndjson | python3 -c '
import json, sys
for l in sys.stdin:
    r = json.loads(l)
    assert set(r["data"]) <= {"time_precision"}, r
    assert r["time"] is None or r["time"].endswith("T00:00:00.000Z"), r
    assert r["source"]["path"] == "", r
print("ok")')
expect_eq "donation-minimal: envelope and week only" "ok" "$lines"

# Media: dropped under a policy that pseudonymises people, and said; --keep-media strips them.
python3 "$SRC/tests/photos/make_fixture.py" "$SRC" "$T/ph" || bad "photo fixture"
for f in $(find "$T/ph/facebook" -name '*.jpg' | head -3); do
  exiftool -q -overwrite_original -GPSLatitude=48.8583 -GPSLatitudeRef=N -GPSLongitude=2.2945 -GPSLongitudeRef=E \
    -SerialNumber=SN-4711 -LensSerialNumber=LS-0815 -Artist="Ana Kovac" -XMP-dc:Creator="Ana Kovac" "$f"
done
"$DP" -q --db "$T/ph.db" ingest "$T/ph/facebook" 2>/dev/null
err=$("$DP" --db "$T/ph.db" export bundle --policy ai-assistant -o "$T/ph-drop" 2>&1)
expect_contains "media dropped, and said" "faces" "$err"
[ -z "$(ls "$T/ph-drop/data/media" 2>/dev/null)" ] && ok || bad "media were carried under ai-assistant"
"$DP" -q --db "$T/ph.db" export bundle --policy ai-assistant --keep-media -o "$T/ph-keep" 2>/dev/null
n=$(ls "$T/ph-keep/data/media" 2>/dev/null | wc -l)
[ "$n" -ge 3 ] && ok || bad "--keep-media kept $n files"
tags=$(exiftool -a -G1 -s "$T/ph-keep/data/media" 2>/dev/null | grep -iE 'GPS|Serial|Artist|Creator|Kovac' || true)
expect_eq "exiftool finds no GPS, serial or name left" "" "$tags"
orig=$(exiftool -a -s -GPSLatitude -SerialNumber $(find "$T/ph/facebook" -name '*.jpg' | head -1) | wc -l)
[ "$orig" -ge 2 ] && ok || bad "the originals did not carry GPS and a serial number: $orig lines"
res=$(python3 "$SRC/tests/interop/bagit_check.py" "$T/ph-keep")
if [ $? -eq 0 ]; then ok; else bad "keep-media bundle: BagIt check: $res"; fi

# Bad policies and usage.
printf '{"people": "keep", "tim": "day"}' > "$T/bad.json"
out=$("$DP" --db "$db" export bundle --policy "$T/bad.json" -o "$T/x" 2>&1)
expect_eq "unknown policy key: exit 1" "1" "$?"
expect_contains "unknown policy key named" "tim" "$out"
out=$("$DP" --db "$db" export bundle --policy nope -o "$T/x" 2>&1)
expect_contains "unknown policy name lists the shipped ones" "donation-minimal" "$out"
out=$("$DP" --db "$db" export bundle --preview 2>&1)
expect_eq "--preview without --policy: usage" "2" "$?"
[ ! -e "$T/x" ] && ok || bad "a failed policy export wrote $T/x"
finish
