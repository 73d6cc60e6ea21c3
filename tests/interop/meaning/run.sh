#!/usr/bin/env bash
# ctest "meaning": exports read back by independent libraries (Debian python3-icalendar,
# python3-dateutil, python3-vobject; Python's csv) and compared with what the samples meant:
# instants of recurring events in their zone over two years, all-day dates, vCard fields one by one,
# which contacts become cards, reposts and order in the Mastodon outbox, the address report that
# must not pass for an import. Skips (exit 77) when those Debian modules are missing.
# Usage: run.sh path/to/dataport
set -u
DP=$(realpath "$1")
SRC=${SOURCE_DIR:-$(cd "$(dirname "$0")/../../.." && pwd)}
HERE="$SRC/tests/interop/meaning"
. "$SRC/tests/cli/lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
if ! "$PY" -c 'import icalendar, dateutil, vobject' 2>/dev/null; then
  echo "skip: python3-icalendar, python3-dateutil and python3-vobject are needed (make deps)"
  exit 77
fi
export DATAPORT_DB="$T/db.sqlite" SOURCE_DATE_EPOCH=1700000000
G1="$SRC/samples/google/takeout-20260301T000000Z-001"
G2="$SRC/samples/google/takeout-20260301T000000Z-002"
check() {  # check WHAT COMMAND...
  local what=$1; shift
  if out=$("$@" 2>&1); then ok; echo "$what: $out"; else bad "$what: $out"; fi
}

"$DP" -q ingest "$G1" "$G2" 2>/dev/null; rc=$?
[ $rc -eq 0 ] || [ $rc -eq 3 ] && ok || bad "ingest of the Google sample (exit $rc)"
for s in linkedin x mastodon; do
  "$DP" -q ingest "$SRC/samples/$s" 2>/dev/null; rc=$?
  [ $rc -eq 0 ] || [ $rc -eq 3 ] && ok || bad "ingest of samples/$s (exit $rc)"
done

# ---- calendar: every Google event, expanded over two years in its zone ----------------------------
"$DP" -q export ical -o "$T/events.ics" && ok || bad "export ical"
check ical "$PY" "$HERE/check_ical.py" "$T/events.ics" "$G1/Takeout/Calendar/Personal.ics" "$G2/Takeout/Kalender/Arbeit.ics"
# The check is not a rubber stamp: the same calendar with UTC times and its RRULE kept must fail.
sed -E 's/^(DTSTART|DTEND|EXDATE);TZID=Europe\/Berlin:([0-9T]+)\r$/\1:\2Z\r/' "$T/events.ics" >"$T/utc.ics"
if "$PY" "$HERE/check_ical.py" "$T/utc.ics" "$G1/Takeout/Calendar/Personal.ics" >/dev/null 2>&1; then
  bad "ical check accepted a Berlin event written in UTC"
else ok; fi
sed 's/^DTEND;VALUE=DATE:20250304\r$/DTEND;VALUE=DATE:20250305\r/' "$T/events.ics" >"$T/long.ics"
if "$PY" "$HERE/check_ical.py" "$T/long.ics" "$G1/Takeout/Calendar/Personal.ics" >/dev/null 2>&1; then
  bad "ical check accepted an all-day event a day too long"
else ok; fi

# ---- contacts: the address book field by field; followers, channels, placeholders left out ------
"$DP" export vcard -o "$T/contacts.vcf" 2>"$T/vcard.err" && ok || bad "export vcard: $(cat "$T/vcard.err")"
check vcard "$PY" "$HERE/check_vcard.py" "$T/contacts.vcf" "$G1/Takeout/Contacts/My Contacts/My Contacts.vcf" \
  "$G2/Takeout/Google Kontakte/Familie/Familie.vcf" --absent "LinkedIn Member" --absent "Civil Eng Explained" \
  --absent "Bau Kanal" --absent "https://twitter.com/intent/user?user_id=222000111"
"$DP" -q export vcard --vcard-version 4 -o "$T/contacts4.vcf" && ok || bad "export vcard 4"
check vcard4 "$PY" "$HERE/check_vcard.py" "$T/contacts4.vcf" "$G1/Takeout/Contacts/My Contacts/My Contacts.vcf"
# How many cards: the Google address book (3 people), the LinkedIn connections with a name.
n_known=$("$DP" query --kind contact --format ndjson | "$PY" -c '
import json, sys
n = 0
for l in sys.stdin:
    d = json.loads(l)["data"]
    if d.get("relation") in ("address_book", "connection") and (d.get("name") or d.get("email")) and d.get("name") != "LinkedIn Member":
        n += 1
print(n)')
n_cards=$(grep -c '^BEGIN:VCARD' "$T/contacts.vcf")
merged=$(grep -o 'not carried over: [0-9]* contact records merged' "$T/vcard.err" | grep -o '[0-9][0-9]*')
expect_eq "cards = address book + named connections - merged" "$n_known" "$((n_cards + ${merged:-0}))"
"$DP" -q export vcard --relation following -o "$T/following.vcf" && ok || bad "export vcard --relation following"
grep -q '^FN:Civil Eng Explained' "$T/following.vcf" && ok || bad "--relation following leaves out a followed channel"
grep -q '^X-DATAPORT-SOURCE:google address_book' "$T/contacts.vcf" && ok || bad "no provenance in X-DATAPORT-SOURCE"

# ---- mastodon: reposts, order, the address report ------------------------------------------------
"$DP" export mastodon -o "$T/masto" --base-url https://social.example 2>"$T/masto.err" && ok || bad "export mastodon: $(cat "$T/masto.err")"
check outbox "$PY" - "$T/masto/archive/outbox.json" <<'PY'
import json, sys
items = json.load(open(sys.argv[1]))["orderedItems"]
bad = []
times = [i["published"] for i in items]
if times != sorted(times):
    bad.append("outbox is not oldest first")
for i in items:
    c = i["object"]["content"] if isinstance(i.get("object"), dict) else ""
    if i["type"] != "Create":
        bad.append(f"{i['type']} item in the outbox")
    if "RT @" in c or c.startswith("<p>RT "):
        bad.append(f"a retweet is exported as the person's post: {c[:60]}")
if not items:
    bad.append("no posts")
print("\n".join(bad) if bad else f"{len(items)} posts, oldest first, no reposts")
sys.exit(1 if bad else 0)
PY
n_reposts=$("$DP" query --kind post --format ndjson | grep -c '"repost":true')
[ "$n_reposts" -ge 2 ] && ok || bad "the X retweet and the Mastodon boost are not marked data.repost ($n_reposts)"
[ ! -e "$T/masto/address_sources.csv" ] && [ -s "$T/masto/address_sources.tsv" ] && ok || bad "address_sources is not the .tsv report"
check address-report "$PY" - "$T/masto/address_sources.tsv" <<'PY'
import csv, re, sys
# Read as Mastodon reads an import (comma CSV; unknown first header: reread, column 1 = account).
text = open(sys.argv[1], encoding="utf-8").read()
rows = list(csv.reader(text.splitlines()))
known = {"Account address", "#domain", "#uri", "List name"}
accounts = [r[0].strip().lstrip("@") for r in rows if r]
ok = rows and rows[0][0] not in known and not any(re.fullmatch(r"[^@\s,\t]+@[^@\s,\t]+\.[^@\s,\t]+", a) for a in accounts)
# Ruby's CSV (Mastodon's reader, strict by default) refuses a quote inside an unquoted field
# ("Illegal quoting in line 1"), so the import page rejects the file for every import type.
first = text.split("\n", 1)[0].split(",")
refused = any('"' in f[1:] and not f.startswith('"') for f in first)
print("no row would import as an account; the import page refuses line 1" if ok and refused else
      f"rows that import as accounts: {accounts[:3]}" if not ok else "line 1 is valid CSV: the import page accepts the file")
sys.exit(0 if ok and refused else 1)
PY
# The X archive names followed accounts by numeric id only: said at the end, with what to do.
"$DP" --db "$T/x.db" -q ingest "$SRC/samples/x" 2>/dev/null
"$DP" --db "$T/x.db" export mastodon -o "$T/xmasto" 2>"$T/x.err"
[ ! -e "$T/xmasto/following_accounts.csv" ] && ok || bad "a following CSV from X numeric ids"
expect_contains "X: why no following CSV" "no following_accounts.csv" "$(tail -1 "$T/x.err")"
expect_contains "X: what to do" "unmapped_contacts.csv" "$(tail -1 "$T/x.err")"
finish
