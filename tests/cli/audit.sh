#!/usr/bin/env bash
# dataport audit: every figure against independent SQL counts over the samples of every platform
# (tests/cli/audit_check.py), sensitive flags on planted terms in several languages and none on
# near misses, the HTML referring to nothing outside itself, NDJSON and Markdown, errors.
# Usage: audit.sh path/to/dataport
set -u
DP=$(realpath "$1")
SRC=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRC/tests/cli/lib.sh"
CHECK="python3 $SRC/tests/cli/audit_check.py"
cd "$T"

# --- errors: no store, bad format; nothing written
export DATAPORT_DB="$T/none/dataport.db"
err=$("$DP" audit -o "$T/r.html" 2>&1); expect_eq "audit without a store" 1 $?
expect_contains "says why" "dataport: error:" "$err"
[ ! -e "$T/r.html" ]; expect_eq "nothing written without a store" 0 $?
err=$("$DP" audit --format pdf 2>&1); expect_eq "bad --format" 2 $?
expect_contains "bad --format says which" "html, json, md or ndjson" "$err"
err=$("$DP" audit --since yesterday 2>&1); expect_eq "bad --since" 2 $?
expect_contains "bad --since says which forms" "2024-03-01" "$err"
err=$("$DP" audit --platform facebok 2>&1); expect_eq "unknown --platform" 2 $?
expect_contains "unknown --platform suggests" "facebook" "$err"

# --- every sample, as make demo ingests them
export DATAPORT_DB="$T/all/dataport.db"
ingest_case() {
  local name=$1
  shift
  "$DP" -q ingest "$@"
  local rc=$?
  [ $rc -eq 0 ] || [ $rc -eq 3 ] || bad "ingest of $name failed ($rc)"
}
each_golden_case ingest_case
"$DP" audit --format json > all.json; expect_eq "audit json" 0 $?
out=$($CHECK figures "$DATAPORT_DB" all.json); expect_eq "figures match independent SQL" "" "$out"
"$DP" audit -o report.html 2> err.txt; expect_eq "audit -o html" 0 $?
expect_contains "says where" "report.html" "$(cat err.txt)"
out=$($CHECK html report.html); expect_eq "html is self-contained and structured" "" "$out"
"$DP" audit > all.ndjson; expect_eq "audit on a pipe" 0 $?
out=$($CHECK ndjson all.json all.ndjson); expect_eq "ndjson on a pipe is the same figures" "" "$out"
"$DP" audit -o all.md; expect_eq "audit -o md" 0 $?
expect_contains "markdown has its headings" "## Sensitive categories" "$(cat all.md)"
"$DP" audit --format json -o again.json; expect_eq "audit -o json" 0 $?
cmp -s all.json again.json; expect_eq "the same store gives the same figures" 0 $?
out=$($CHECK months "$DATAPORT_DB"); expect_eq "record_months kept exact over every ingest" "" "$out"

# --- filters: every figure under --platform/--since/--until equals the same SQL with the same
# filter (the checker takes the bounds as the times they stand for: --until 2021-06 is up to July 1).
audit_filtered() {  # audit_filtered NAME CHECKER-BOUNDS -- AUDIT-OPTIONS
  local name=$1 bounds=$2
  shift 3
  "$DP" audit --format json "$@" > f.json; expect_eq "audit $name" 0 $?
  out=$($CHECK figures "$DATAPORT_DB" f.json $bounds); expect_eq "figures $name match SQL with the same filter" "" "$out"
  n=$(python3 -c 'import json; print(json.load(open("f.json"))["totals"]["records"])')
  all_n=$(python3 -c 'import json; print(json.load(open("all.json"))["totals"]["records"])')
  [ "$n" -gt 0 ] && [ "$n" -lt "$all_n" ]; expect_eq "$name keeps some records and leaves some out ($n of $all_n)" 0 $?
}
audit_filtered "two platforms" "--platform facebook --platform linkedin" -- --platform facebook,linkedin
audit_filtered "whole years and months" "--since 2019-01-01T00:00:00 --until 2021-07-01T00:00:00" -- --since 2019 --until 2021-06
audit_filtered "part-months at both ends" "--since 2021-03-15T00:00:00 --until 2024-06-10T12:00:01" -- --since 2021-03-15 --until 2024-06-10T12:00:00Z
audit_filtered "one part-month" "--since 2024-05-03T00:00:00 --until 2024-05-21T00:00:00" -- --since 2024-05-03 --until 2024-05-20
audit_filtered "only --until" "--until 2020-01-01T00:00:00" -- --until 2019
audit_filtered "only --since, one platform" "--platform x --since 2023-01-01T00:00:00" -- --since 2023 --platform twitter
"$DP" audit --since 2021-03-15 --platform facebook -o f.html; expect_eq "filtered html" 0 $?
expect_contains "the report says what it covers" "only records from facebook at or after 2021-03-15T00:00:00Z" "$(cat f.html)"
expect_contains "the report says undated records are left out" "without a date" "$(cat f.html)"
"$DP" audit --since 2021-03-15 --platform facebook --format md | grep -q '^\*\*Filtered:\*\* only records from facebook'
expect_eq "markdown says what it covers" 0 $?
# Long lists cut at --max-items, counts whole, the report says so.
"$DP" audit --format json --max-items 2 > cut.json; expect_eq "audit --max-items 2" 0 $?
out=$($CHECK figures "$DATAPORT_DB" cut.json); expect_eq "figures with lists cut at 2" "" "$out"
cut=$(python3 -c 'import json; a = json.load(open("cut.json")); print(len(a["inferences"]), a["lists"]["inferences"]["total"] > 2)')
expect_eq "inferences cut at 2, counted whole" "2 True" "$cut"
"$DP" audit --max-items 2 -o cut.html
expect_contains "the html says a list is cut" "Showing 2 of" "$(cat cut.html)"
out=$($CHECK html cut.html); expect_eq "a cut report is still self-contained" "" "$out"
# Nothing is flagged without showing the record it came from: a cut list of flags says how many
# are not shown and how to see them (--max-items 0), and that lists every flag with its record.
# (the number of flags over the samples is checked against SQL by the figures check above)
nflags=$(python3 -c 'import json; print(json.load(open("cut.json"))["sensitive_summary"]["flags"])')
flags=$(python3 -c 'import json; l = json.load(open("cut.json"))["lists"]["sensitive"]; print(l["shown"], l["total"])')
expect_eq "flags cut at 2 of every flag (more than 2)" "2 $nflags 1" "$flags $((nflags > 2 ? 1 : 0))"
expect_contains "the html names the cut flags and where they are" "Showing 2 of $nflags flags" "$(cat cut.html)"
expect_contains "the html says how to see every flag" "--max-items 0</code> shows every one" "$(cat cut.html)"
expect_contains "markdown too" "Showing 2 of $nflags flags" "$("$DP" audit --max-items 2 --format md)"
"$DP" audit --format json --max-items 0 > every.json
out=$($CHECK figures "$DATAPORT_DB" every.json); expect_eq "figures with every item" "" "$out"
every=$(python3 -c '
import json
cut, every = json.load(open("cut.json")), json.load(open("every.json"))
key = lambda s: (s["record"], s["category"], s["term"])
print(len(every["sensitive"]) == every["sensitive_summary"]["flags"], all(s["record"] and s["path"] for s in every["sensitive"]),
      set(map(key, cut["sensitive"])) <= set(map(key, every["sensitive"])))')
expect_eq "--max-items 0 lists every flag with its record" "True True True" "$every"
"$DP" audit --format json --max-items 100000 > big.json
expect_eq "lists streamed through the spool are the bytes of lists held" "" "$(diff <(grep -v '"max_items"' every.json) <(grep -v '"max_items"' big.json))"
"$DP" audit --max-items 0 -o every.html 2> /dev/null && "$DP" audit --max-items 100000 -o big.html 2> /dev/null
expect_eq "html streamed through the spool is the html of lists held" "" \
  "$(diff <(sed 's|<p class="note">Long lists show at most 100,000 items each; every count is whole.</p>||' big.html) every.html)"
expect_eq "the streamed html lists every inference and flag" "True" "$(python3 -c '
import json, sys
a = json.load(open("every.json")); h = open("every.html").read()
print(all(i["record"][:12] in h for i in a["inferences"]) and all(s["record"] in h for s in a["sensitive"]))')"
out=$($CHECK html every.html); expect_eq "the streamed html is self-contained and structured" "" "$out"
"$DP" audit --max-items 0 --format md > every.md && "$DP" audit --max-items 100000 --format md > big.md
expect_eq "markdown streamed through the spool is the markdown of lists held" "" "$(diff every.md big.md)"
"$DP" audit --max-items 0 --format ndjson > every.ndjson && "$DP" audit --max-items 100000 --format ndjson > big.ndjson
expect_eq "ndjson streamed through the spool is the ndjson of lists held" "" \
  "$(diff <(grep -v '"section":"filter"\|"section":"list"' every.ndjson) <(grep -v '"section":"filter"\|"section":"list"' big.ndjson))"
expect_eq "the streamed ndjson has a line per inference and flag" "True" "$(python3 -c '
import json
a = json.load(open("every.json")); lines = [json.loads(l) for l in open("every.ndjson")]
n = lambda s: sum(1 for l in lines if l["section"] == s)
print(n("inference") == len(a["inferences"]) > 0 and n("sensitive") == len(a["sensitive"]) > 0)')"
# record_months stays exact through deletes and updates (a copy of the store, written by Python's sqlite3).
cp "$DATAPORT_DB" months.db
python3 - months.db <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DELETE FROM records WHERE rowid IN (SELECT rowid FROM records WHERE time IS NOT NULL ORDER BY time LIMIT 5)")
db.execute("DELETE FROM records WHERE rowid IN (SELECT rowid FROM records ORDER BY time DESC LIMIT 3)")
db.execute("UPDATE records SET time = '1999-12-31T23:59:59.000Z', time_unix = 946684799 WHERE rowid IN (SELECT rowid FROM records WHERE time IS NOT NULL ORDER BY id LIMIT 4)")
db.execute("UPDATE records SET time = NULL, time_unix = NULL WHERE rowid IN (SELECT rowid FROM records WHERE time IS NOT NULL ORDER BY id DESC LIMIT 2)")
db.execute("UPDATE records SET platform = 'mastodon' WHERE rowid IN (SELECT rowid FROM records WHERE platform = 'x' LIMIT 2)")
db.commit()
PY
out=$($CHECK months months.db); expect_eq "record_months exact after deletes and updates" "" "$out"
# The samples' own inferences: what a person would expect flagged, and nothing else.
flags=$(python3 -c '
import json,sys
a=json.load(open("all.json"))
print(" ".join(sorted("%s:%s:%s" % (s["platform"], s["category"], s["value"]) for s in a["sensitive"])))')
expect_contains "LinkedIn member age" "linkedin:age:35 to 54" "$flags"
expect_contains "LinkedIn inferred gender" "linkedin:gender:FEMALE" "$flags"
expect_contains "X age" "x:age:25-34" "$flags"
expect_contains "TikTok gender" "tiktok:gender:female" "$flags"
expect_not_contains "cycling is not sensitive" "Fietsen" "$flags"
topics=$(python3 -c '
import json
a=json.load(open("all.json"))
print(sorted({i["platform"] for i in a["inferences"] if i["topic"] == "cycling"}))')
expect_eq "cycling inferred by three platforms in four languages (LinkedIn 2018 ad targeting: Cycling), one topic" "['facebook', 'instagram', 'linkedin']" "$topics"

# --- planted inferences: terms in several languages flagged, near misses not
export DATAPORT_DB="$T/planted/dataport.db"
python3 - "$T/planted.ndjson" "$T/expected.tsv" <<'PY'
import hashlib, json, sys
# (platform, label, value, expected categories)
planted = [
    ("facebook", "ad_interest", "Diabetes awareness", ["health"]),
    ("facebook", "ad_interest", "Santé mentale", ["health"]),
    ("instagram", "topic", "Schwangerschaft", ["health"]),
    ("facebook", "ad_interest", "Église catholique", ["religion"]),
    ("x", "interest", "Islam", ["religion"]),
    ("facebook", "ad_interest", "Partito politico", ["politics"]),
    ("facebook", "ad_interest", "Die Grünen", ["politics"]),
    ("instagram", "topic", "LGBTQ+ community", ["sexuality"]),
    ("facebook", "ad_interest", "Homohuwelijk", ["sexuality"]),
    ("tiktok", "ad_interest", "Afrodescendientes", ["ethnicity"]),
    ("facebook", "ad_interest", "Związki zawodowe", ["trade_union"]),
    ("google", "interest", "Teste genético", ["biometric_genetic"]),
    ("facebook", "ad_interest", "Payday loans", ["finance"]),
    ("linkedin", "Member Age", "25 to 34", ["age"]),
    ("linkedin", "Inferred gender", "MALE", ["gender"]),
    ("facebook", "ad_interest", "Muslim women", ["religion", "gender"]),
    # near misses
    ("facebook", "ad_interest", "Diablo", []),
    ("facebook", "ad_interest", "Gaylord Opryland", []),
    ("facebook", "ad_interest", "Birthday party", []),
    ("x", "interest", "Pride and Prejudice", []),
    ("facebook", "ad_interest", "Christmas markets", []),
    ("x", "interest", "Age of Empires", []),
    ("facebook", "ad_interest", "European Union", []),
    ("instagram", "topic", "Transformers", []),
    ("facebook", "ad_interest", "Prêt-à-porter", []),
    ("linkedin", "Years of Experience", "12+ years", []),
]
arch = hashlib.sha256(b"planted").hexdigest()
# The same people on several platforms, written as each platform writes them; and a near miss.
contacts = [
    ("facebook", {"name": "Jordan Pike", "relation": "friend", "email": "Jordan@Example.com"}),
    ("google", {"name": "J. Pike", "relation": "address_book", "emails": [{"address": "jordan@example.com"}],
                "phones": [{"number": "+33 6 12 34 56 78"}]}),
    ("linkedin", {"name": "Jordan P.", "relation": "connection", "phones": [{"number": "06 12 34 56 78"}]}),
    ("instagram", {"relation": "following", "url": "https://www.instagram.com/_u/zoe.m", "username": "zoe.m"}),
    ("x", {"name": "Zoé", "relation": "following", "url": "https://instagram.com/zoe.m/"}),
    ("mastodon", {"name": "Jordan elsewhere", "relation": "following", "email": "jordan@example.org"}),
]
with open(sys.argv[1], "w") as f, open(sys.argv[2], "w") as e:
    for n, (platform, data) in enumerate(contacts):
        f.write(json.dumps({"id": hashlib.sha256(b"contact%d" % n).hexdigest()[:32], "kind": "contact", "platform": platform,
                            "service": None, "time": None, "source": {"archive": arch, "path": "contacts.json", "pointer": "/%d" % n},
                            "data": data}, ensure_ascii=False) + "\n")
    for n, (platform, label, value, cats) in enumerate(planted):
        rid = hashlib.sha256(b"planted%d" % n).hexdigest()[:32]
        f.write(json.dumps({"id": rid, "kind": "inference", "platform": platform, "service": None, "time": None,
                            "source": {"archive": arch, "path": "planted.json", "pointer": "/%d" % n},
                            "data": {"category": label, "value": value}}, ensure_ascii=False) + "\n")
        for c in cats:
            e.write("%s %s\n" % (rid, c))
PY
"$DP" -q ingest --from dump "$T/planted.ndjson"; expect_eq "planted ingest" 0 $?
"$DP" audit --format json > planted.json
out=$($CHECK flags planted.json "$T/expected.tsv"); expect_eq "planted flags, and no flag on near misses" "" "$out"
out=$($CHECK figures "$DATAPORT_DB" planted.json); expect_eq "planted figures" "" "$out"
reason=$(python3 -c 'import json; print([s["reason"] for s in json.load(open("planted.json"))["sensitive"] if s["value"]=="Schwangerschaft"][0])')
expect_contains "a flag says which term matched" '"schwangerschaft"' "$reason"
people=$(python3 -c '
import json
p = json.load(open("planted.json"))["people"]
print(p["on_several_platforms"], sorted("+".join(o["platforms"]) + "=" + str(o["people"]) for o in p["overlap"]))')
expect_eq "the same people matched across platforms by e-mail, phone and profile URL" \
  "2 ['facebook+google=1', 'facebook+linkedin=1', 'google+linkedin=1', 'instagram+x=1']" "$people"

# --- an empty store still gives a whole report
export DATAPORT_DB="$T/empty/dataport.db"
mkdir -p "$T/empty" && "$DP" -q ingest --dry-run "$SRC/samples/linkedin-basic" >/dev/null 2>&1
"$DP" sql "SELECT 1" >/dev/null 2>&1
if [ -e "$DATAPORT_DB" ]; then
  "$DP" audit -o empty.html; expect_eq "audit of an empty store" 0 $?
  out=$($CHECK html empty.html); expect_eq "empty report is self-contained" "" "$out"
fi
finish
