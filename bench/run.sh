#!/usr/bin/env bash
# `make bench`: generates large synthetic exports at run time (never committed; synthetic names and
# text only, fixed seeds) and measures `dataport -q --db X ingest` on each: input size, records,
# wall time, CPU time (user + sys), MB/s, records/s and peak RSS (/usr/bin/time), next to the time
# `bsdtar -xOf` takes only to decompress the same zip(s) (the floor; for a folder, `cat` of its
# files) and the ratio ingest/floor. A re-ingest of the same archive (already ingested: hashed,
# not read) follows the LinkedIn and Records.json rows, and a newer export with nothing new (the
# same entries repacked: every record read and found present) the LinkedIn, Records.json and
# Facebook rows, and then each of those three again into a store that holds another export
# (every record new: a bulk load, the store being small next to the export); the LinkedIn rows
# end with a newer export holding twice its messages and connections (the new ones looked up and
# written row by row), and the Records.json rows with that file into the store of a first export
# of a quarter of it (row by row; at BENCH_FULL=1 a bulk load, the records met again found after it). Prints a table at the end. Speed is not pass/fail, but a workload that errors, crashes or ends with other record counts
# than the generator wrote (lost or duplicated records) is reported as FAIL and makes the exit
# status 1. Each workload's files are deleted once measured. Peak disk use at scale 1: about 11 GB,
# for a moment, when the whole Google takeout's database (about 5 GB) is checkpointed from its
# write-ahead log of the same size (one transaction per ingest); under 7 GB otherwise.
#
# Workloads (BENCH_ONLY picks some, space-separated; default all, in this order):
#   instructions  instructions per record: callgrind (valgrind) on the LinkedIn export of 20000
#             messages and 3000 connections (63001 records), stable on a busy machine
#   linkedin  CSV export: BENCH_MESSAGES messages (200000), BENCH_CONNECTIONS connections (30000);
#             also measures a re-ingest of the same zip, of it repacked (a newer export with
#             nothing new), of it into a store holding another export, a dry run of it
#             (--dry-run: no store), and a newer export of twice the messages and connections
#             into its store
#   takeout   a Takeout folder (unpacked) of BENCH_FOLDER_FIXES raw fixes in Records.json (2000000)
#             and BENCH_FOLDER_SEARCHES My Activity searches (200000): the shape of the side-by-side
#             with google_takeout_parser (issue 15); then a dry run of it (--dry-run: no store)
#   facebook  Download Your Information, JSON, 2024+ layout, 2 zip parts of BENCH_FACEBOOK_MB in all
#             (1000): Messenger threads, posts with media, albums, comments, reactions, friends;
#             then the same repacked (a newer export with nothing new)
#   metarss   the Meta readers stream: peak RSS of a Facebook export of one big thread file and one
#             big posts file at BENCH_META_RSS_SMALL_MB (20) and BENCH_META_RSS_LARGE_MB (200) must
#             be about equal (bench/meta_rss.sh; printed, not in the table); BENCH_SCALE below 1
#             does not shrink it
#   google    Takeout, measured per product then whole: BENCH_RECORDS_MB of Location History
#             Records.json (500; BENCH_FULL=1: 2000, the 2 GB / 6.3M fixes of issue 15), then its
#             re-ingest, a newer export of it, and it into the store of a first export of a
#             quarter of it; BENCH_ACTIVITY_MB of My Activity JSON (500) and half that of My
#             Activity HTML (google-activity-html), BENCH_MBOX_MB of Gmail mbox (500), BENCH_PHOTOS
#             Google Photos with sidecars (3000); the whole is the same files in 2 parts
#             (takeout-...-001.zip, -002.zip), then into the store of the same account's Takeout
#             taken earlier (google-grown). Issue 4's budget: peak RSS < 300 MB
#   x         X archive: BENCH_TWEETS tweets (500000) in tweets.js, tweets-part1.js, tweets-part2.js
#   chatgpt   ChatGPT export: conversations.json of BENCH_CHATGPT_MB (200)
#   whatsapp  WhatsApp chat exports with media: BENCH_WHATSAPP_MB (500) of per-chat zips, Android and
#             iOS, given together as one set
#   telegram  Telegram Desktop JSON export: result.json of BENCH_TELEGRAM_MESSAGES messages (100000)
#             in 42 chats, with contacts, sessions and a photo every 50 messages
#   discord   Discord data package of BENCH_DISCORD_MB (1000): messages in 300 channels (JSON and CSV),
#             and the activity NDJSON (analytics, reporting, tns) that makes most of its size
#   bundle    `export bundle` and `verify` of a store with BENCH_BUNDLE_RECORDS_MB of records (1000)
#             and BENCH_BUNDLE_MEDIA_MB of media (2000) (bench/bundle.sh; printed, not in the table)
#   photos    `export photos` of BENCH_PHOTOS_N Google photos (1000, or 10000 with BENCH_PHOTOS_FULL=1,
#             the issue's ~20 GB) of BENCH_PHOTOS_MB each (2), next to `cp -r` of the same media
#             store (bench/photos.sh; printed, not in the table)
#   policy    `export bundle` of BENCH_POLICY_RECORDS synthetic records (200000), plain and under the
#             donation-minimal, research-messages-metadata and ai-assistant policies (bench/policy.sh;
#             printed, not in the table)
#   audit     `dataport audit` of a store of BENCH_AUDIT_RECORDS records (1000000): wall, CPU, peak
#             RSS, per section; BENCH_AUDIT_10M=1 adds a store of 10,000,000 (bench/audit.sh; printed)
#   scaling   twice the input must cost about twice the time: seven shapes of input that once cost
#             the square of their size, each at N and 2N; a CPU ratio above 3 fails. And the GPX,
#             GeoJSON, iCalendar, Mastodon and mbox exports of a store twice as big must not take more
#             than 1.25 times the memory; an ingest must not add more than 4 KB of peak memory a
#             Google photo, nor 2 KB a Messenger thread file (bench/scaling.sh; printed, not in the
#             table; fixed sizes, BENCH_SCALE does not shrink them)
# BENCH_SCALE (1) multiplies every default size (BENCH_SCALE=0.01 for a quick run); a size given
# explicitly is taken as is. BENCH_ZIP_LEVEL (6) is the deflate level of the generated zips (0 =
# stored). BENCH_OUT (bench/out) is where files are generated.
# Usage: run.sh path/to/dataport
set -eu
DP=$(realpath "$1")
SRC=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BENCH_OUT:-$SRC/bench/out}
ONLY=${BENCH_ONLY:-instructions linkedin takeout facebook metarss google x chatgpt whatsapp telegram discord bundle photos policy audit scaling}
SCALE=${BENCH_SCALE:-1}
rm -rf "$OUT" && mkdir -p "$OUT"
export BENCH_SCALE=$SCALE

size() {  # size DEFAULT [VALUE]: VALUE when given, else DEFAULT * BENCH_SCALE (at least 1)
  if [ -n "${2:-}" ]; then echo "$2"; else awk -v d="$1" -v s="$SCALE" 'BEGIN { v = d * s; printf "%d", (v < 1 ? 1 : v) }'; fi
}
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
now() { date +%s.%N; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
zip_bytes() { python3 -c 'import sys, zipfile; print(sum(i.file_size for p in sys.argv[1:] for i in zipfile.ZipFile(p).infolist()))' "$@"; }
wanted() { case " $ONLY " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

TABLE=$OUT/table.tsv
drop_db() { rm -rf "$1" "$1-wal" "$1-shm" "${1%.db}-media"; }
FAILURES=0
printf 'workload\tinput MB\tzip MB\trecords\twall s\tCPU s\tMB/s\trecords/s\tpeak RSS MB\tfloor s\tx floor\tcheck\n' > "$TABLE"

# measure NAME EXPECT_FILE RSS_BUDGET_MB PART...: floor, ingest into a fresh database, counts, row.
# A PART that is a folder is read as it is; its floor is reading its files (cat).
measure() {
  local name=$1 expect=$2 budget=$3
  shift 3
  local db="$OUT/$name.db" raw zipped t0 t1 floor wall rss_kb user sys rc records check why="" got want kind
  if [ -d "$1" ]; then
    raw=$(find "$@" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
    zipped=$raw
  else
    raw=$(zip_bytes "$@")
    zipped=$(cat "$@" | wc -c)
  fi
  t0=$(now)
  for p in "$@"; do
    if [ -d "$p" ]; then find "$p" -type f -exec cat {} + > /dev/null; else bsdtar -xOf "$p" > /dev/null; fi
  done
  t1=$(now)
  floor=$(seconds "$t0" "$t1")
  rm -rf "$db" "$db-wal" "$db-shm" "$OUT/$name-media"
  rc=0
  /usr/bin/time -f '%e %M %U %S' -o "$OUT/$name.time" "$DP" -q --db "$db" ingest "$@" 2> "$OUT/$name.err" || rc=$?
  read -r wall rss_kb user sys < <(tail -1 "$OUT/$name.time")
  records=0
  [ -f "$db" ] && records=$("$DP" --db "$db" sql "SELECT count(*) FROM records" --format csv | tail -1)
  if [ "$rc" != 0 ]; then
    why="$why|exit $rc"
    echo "!! $name: dataport exited with status $rc; its stderr ends with:" >&2
    tail -5 "$OUT/$name.err" >&2
  fi
  if [ "$records" = 0 ]; then why="$why|no records"; fi
  # The store must hold exactly what the generator wrote, kind by kind.
  "$DP" --db "$db" sql "SELECT kind, count(*) FROM records GROUP BY kind" --format csv 2>/dev/null | tail -n +2 | tr ',' ' ' \
    > "$OUT/$name.kinds" || true
  while read -r kind want; do
    got=$(awk -v k="$kind" '$1 == k { print $2 }' "$OUT/$name.kinds")
    if [ "${got:-0}" != "$want" ]; then
      why="$why|counts"
      echo "!! $name: $kind: the store holds ${got:-0}, the generator wrote $want" >&2
    fi
  done < "$expect"
  while read -r kind got; do
    grep -q "^$kind " "$expect" || { why="$why|counts"; echo "!! $name: $got unexpected $kind records" >&2; }
  done < "$OUT/$name.kinds"
  check=ok
  if [ -n "$why" ]; then
    check="FAIL ($(printf '%s\n' "${why#|}" | tr '|' '\n' | sort -u | paste -sd, -))"
    FAILURES=$((FAILURES + 1))
  fi
  if [ "$budget" != - ] && [ "$rss_kb" -gt $((budget * 1024)) ]; then check="$check; RSS over ${budget} MB"; fi
  echo "   $name: $(tr '\n' ' ' < "$OUT/$name.kinds")-> $check"
  awk -v n="$name" -v raw="$raw" -v z="$zipped" -v r="$records" -v w="$wall" -v cpu="$user $sys" -v rss="$rss_kb" -v f="$floor" -v c="$check" 'BEGIN {
    if (w <= 0) w = 0.01;
    split(cpu, u, " ");
    printf "%s\t%.1f\t%.1f\t%d\t%.2f\t%.2f\t%.1f\t%.0f\t%.1f\t%.2f\t%.1f\t%s\n", n, raw / 1e6, z / 1e6, r, w, u[1] + u[2],
      raw / 1e6 / w, r / w, rss / 1024, f, w / (f > 0 ? f : 0.001), c }' >> "$TABLE"
  LAST_DB=$db
  LAST_PARTS=("$@")
  LAST_FLOOR=$floor
}

# reingest NAME [newer]: the last workload's archive again into its database: already ingested, so
# only hashed; the records must not change. With `newer`, the archive repacked first (the same
# entries at another deflate level): another archive to the store, as a newer export with nothing
# new in it is, so every record is read and found present.
reingest() {
  local name=$1 wall rss_kb user sys before after check=ok parts=("${LAST_PARTS[@]}") p what="already ingested"
  if [ "${2:-}" = newer ]; then
    what="a newer export, nothing new"
    parts=()
    for p in "${LAST_PARTS[@]}"; do
      rm -rf "$OUT/$name.d" && mkdir -p "$OUT/$name.d" && bsdtar -xf "$p" -C "$OUT/$name.d"
      bsdtar --options zip:compression-level=1 -a -cf "$OUT/$name-$(basename "$p")" -C "$OUT/$name.d" . && rm -rf "$OUT/$name.d"
      parts+=("$OUT/$name-$(basename "$p")")
    done
  fi
  before=$("$DP" --db "$LAST_DB" sql "SELECT count(*) FROM records" --format csv | tail -1)
  /usr/bin/time -f '%e %M %U %S' -o "$OUT/$name.time" "$DP" -q --db "$LAST_DB" ingest "${parts[@]}" \
    || { check="FAIL (exit $?)"; FAILURES=$((FAILURES + 1)); }
  read -r wall rss_kb user sys < <(tail -1 "$OUT/$name.time")
  after=$("$DP" --db "$LAST_DB" sql "SELECT count(*) FROM records" --format csv | tail -1)
  if [ "$before" != "$after" ]; then check="FAIL (records $before -> $after)"; FAILURES=$((FAILURES + 1)); fi
  [ "${2:-}" = newer ] && rm -f "${parts[@]}"
  awk -v n="$name" -v w="$wall" -v cpu="$user $sys" -v rss="$rss_kb" -v r="$after" -v f="$LAST_FLOOR" -v c="$check" -v what="$what" 'BEGIN {
    split(cpu, u, " ");
    printf "%s\t-\t-\t%d\t%.2f\t%.2f\t-\t-\t%.1f\t%.2f\t%.1f\t%s (%s)\n", n, r, w, u[1] + u[2], rss / 1024, f,
      w / (f > 0 ? f : 0.001), c, what }' >> "$TABLE"
}

# into NAME: the last workload's archive into a store that holds another export already (the
# shipped X sample): every record new, and a bulk load (the store is small next to it, and holds
# no archive of the same importer), as a person's second platform is. The store must hold both.
into() {
  local name=$1 seed want got check=ok db="$OUT/$1.db"
  drop_db "$db"
  "$DP" -q --db "$db" ingest "$SRC/samples/x" > /dev/null 2>&1 || true  # exit 3 (partial) is the sample's own
  seed=$("$DP" --db "$db" sql "SELECT count(*) FROM records" --format csv | tail -1)
  want=$("$DP" --db "$LAST_DB" sql "SELECT count(*) FROM records" --format csv | tail -1)
  /usr/bin/time -f '%e %M %U %S' -o "$OUT/$name.time" "$DP" -q --db "$db" ingest "${LAST_PARTS[@]}" \
    || { check="FAIL (exit $?)"; FAILURES=$((FAILURES + 1)); }
  got=$("$DP" --db "$db" sql "SELECT count(*) FROM records" --format csv | tail -1)
  if [ "$got" != $((seed + want)) ]; then check="FAIL (records $got, want $seed + $want)"; FAILURES=$((FAILURES + 1)); fi
  drop_db "$db"
  added_row "$name" "$want" "$LAST_FLOOR" "$check (into a store that has records)"
}

# added_row NAME RECORDS FLOOR CHECK: the table's row of a run that added RECORDS to a store that
# had records, from its $OUT/NAME.time.
added_row() {
  local wall rss_kb user sys
  read -r wall rss_kb user sys < <(tail -1 "$OUT/$1.time")
  awk -v n="$1" -v w="$wall" -v cpu="$user $sys" -v rss="$rss_kb" -v r="$2" -v f="$3" -v c="$4" 'BEGIN {
    split(cpu, u, " ");
    printf "%s\t-\t-\t%d\t%.2f\t%.2f\t-\t%.0f\t%.1f\t%.2f\t%.1f\t%s\n", n, r, w, u[1] + u[2],
      r / (w > 0 ? w : 0.01), rss / 1024, f, w / (f > 0 ? f : 0.001), c }' >> "$TABLE"
}

# grown NAME NEW PART...: a newer export of the account of the store $LAST_DB, holding all of it
# and more (NEW records), into that store: the records met again are found present. LinkedIn's
# twice as big is written row by row, each record looked up first (an archive of the same importer
# is there, and the id index stays within the page cache); Records.json four times as big too,
# but at BENCH_FULL=1 (2 GB over 500 MB) the id index outgrows the cache and it is a bulk load. The
# store must gain exactly NEW records.
grown() { added_run "$1" "$2" "a newer export with more in it" "${@:3}"; }

# other NAME NEW PART...: another account's export of the same platform into the store $LAST_DB
# of the first one's (NEW records, none in common): it begins row by row, since it may be a newer
# export of that account, and turns into a bulk load once its first rows are new.
other() { added_run "$1" "$2" "another account's export, into the first one's store" "${@:3}"; }

# added_run NAME NEW WHAT PART...: grown's and other's run.
added_run() {
  local name=$1 new=$2 what=$3 before after check=ok t0 t1 floor p
  shift 3
  t0=$(now)
  for p in "$@"; do bsdtar -xOf "$p" > /dev/null; done
  t1=$(now)
  floor=$(seconds "$t0" "$t1")
  before=$("$DP" --db "$LAST_DB" sql "SELECT count(*) FROM records" --format csv | tail -1)
  /usr/bin/time -f '%e %M %U %S' -o "$OUT/$name.time" "$DP" -q --db "$LAST_DB" ingest "$@" \
    || { check="FAIL (exit $?)"; FAILURES=$((FAILURES + 1)); }
  after=$("$DP" --db "$LAST_DB" sql "SELECT count(*) FROM records" --format csv | tail -1)
  if [ "$after" != $((before + new)) ]; then check="FAIL (records $before -> $after, want + $new)"; FAILURES=$((FAILURES + 1)); fi
  added_row "$name" "$new" "$floor" "$check ($what)"
}

# dryrun NAME: the last workload's archive read again with `ingest --dry-run` (no store: what
# `inspect` does too): its new records must be the store's count.
dryrun() {
  local name=$1 wall rss_kb user sys got want check=ok
  want=$("$DP" --db "$LAST_DB" sql "SELECT count(*) FROM records" --format csv | tail -1)
  /usr/bin/time -f '%e %M %U %S' -o "$OUT/$name.time" "$DP" --db "$OUT/$name-none.db" ingest --dry-run --json \
    "${LAST_PARTS[@]}" > "$OUT/$name.json" 2> "$OUT/$name.err" || { check="FAIL (exit $?)"; FAILURES=$((FAILURES + 1)); }
  read -r wall rss_kb user sys < <(tail -1 "$OUT/$name.time")
  got=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["records"]["new"])' "$OUT/$name.json" 2> /dev/null || echo 0)
  if [ "$got" != "$want" ]; then check="FAIL (new records $got, the store holds $want)"; FAILURES=$((FAILURES + 1)); fi
  if [ -e "$OUT/$name-none.db" ]; then check="FAIL (a dry run wrote a store)"; FAILURES=$((FAILURES + 1)); fi
  awk -v n="$name" -v w="$wall" -v cpu="$user $sys" -v rss="$rss_kb" -v r="$got" -v f="$LAST_FLOOR" -v c="$check" 'BEGIN {
    split(cpu, u, " ");
    printf "%s\t-\t-\t%d\t%.2f\t%.2f\t-\t%.0f\t%.1f\t%.2f\t%.1f\t%s (dry run, no store)\n", n, r, w, u[1] + u[2], r / (w > 0 ? w : 0.01),
      rss / 1024, f, w / (f > 0 ? f : 0.001), c }' >> "$TABLE"
}

INSTRUCTIONS=""
if wanted instructions; then
  if command -v valgrind > /dev/null; then
    echo "== instructions: callgrind on the LinkedIn export of 20000 messages"
    bash "$SRC/bench/gen_linkedin.sh" "$OUT/li20k" 20000 3000
    bsdtar -a -cf "$OUT/li20k.zip" -C "$OUT/li20k" . && rm -rf "$OUT/li20k"
    valgrind --tool=callgrind --callgrind-out-file="$OUT/li20k.callgrind" "$DP" -q --db "$OUT/li20k.db" ingest "$OUT/li20k.zip" \
      2> "$OUT/li20k.err" || { echo "!! instructions: dataport failed under valgrind" >&2; FAILURES=$((FAILURES + 1)); }
    ir=$(sed -n 's/^summary: //p' "$OUT/li20k.callgrind" | head -1)
    n=$("$DP" --db "$OUT/li20k.db" sql "SELECT count(*) FROM records" --format csv | tail -1)
    INSTRUCTIONS=$(awk -v ir="$ir" -v n="$n" 'BEGIN { printf "instructions per record (callgrind, LinkedIn 20k messages, %d records): %.0f", n, ir / n }')
    echo "   $INSTRUCTIONS"
    drop_db "$OUT/li20k.db"; rm -f "$OUT/li20k.zip"
  else
    INSTRUCTIONS="instructions per record: not measured (valgrind is not installed; make deps installs it)"
  fi
fi


if wanted linkedin; then
  msgs=$(size 200000 "${BENCH_MESSAGES:-}"); conns=$(size 30000 "${BENCH_CONNECTIONS:-}")
  echo "== linkedin: generating $msgs messages, $conns connections"
  bash "$SRC/bench/gen_linkedin.sh" "$OUT/linkedin" "$msgs" "$conns"
  bsdtar -a -cf "$OUT/linkedin.zip" -C "$OUT/linkedin" .
  rm -rf "$OUT/linkedin"
  printf 'activity 20000\ncontact %d\nmessage %d\nprofile 1\nreaction 20000\n' "$conns" "$msgs" > "$OUT/linkedin.expect"
  measure linkedin "$OUT/linkedin.expect" - "$OUT/linkedin.zip"
  reingest linkedin-again
  reingest linkedin-newer newer
  into linkedin-into
  dryrun linkedin-dry-run
  # The generator's rows are numbered: twice the count is the same rows and as many new ones.
  bash "$SRC/bench/gen_linkedin.sh" "$OUT/linkedin-grown" $((msgs * 2)) $((conns * 2))
  bsdtar -a -cf "$OUT/linkedin-grown.zip" -C "$OUT/linkedin-grown" .
  rm -rf "$OUT/linkedin-grown"
  grown linkedin-grown $((msgs + conns)) "$OUT/linkedin-grown.zip"
  drop_db "$LAST_DB"; rm -f "$OUT/linkedin.zip" "$OUT/linkedin-grown.zip"
fi

if wanted takeout; then
  fixes=$(size 2000000 "${BENCH_FOLDER_FIXES:-}"); searches=$(size 200000 "${BENCH_FOLDER_SEARCHES:-}")
  echo "== takeout folder: generating $fixes fixes and $searches searches"
  python3 "$SRC/bench/gen_google.py" records "$OUT/tf-rec" 100000 "$fixes"
  python3 "$SRC/bench/gen_google.py" searches "$OUT/tf-search" "$searches"
  mkdir -p "$OUT/takeout-folder"
  for z in "$OUT"/tf-rec/*.zip "$OUT"/tf-search/*.zip; do bsdtar -xf "$z" -C "$OUT/takeout-folder"; done
  cat "$OUT/tf-rec/expect" "$OUT/tf-search/expect" > "$OUT/takeout-folder.expect"
  rm -rf "$OUT/tf-rec" "$OUT/tf-search"
  measure takeout-folder "$OUT/takeout-folder.expect" 300 "$OUT/takeout-folder/Takeout"
  dryrun takeout-folder-dry-run
  drop_db "$LAST_DB"; rm -rf "$OUT/takeout-folder"
fi

if wanted facebook; then
  fb_mb=$(size 1000 "${BENCH_FACEBOOK_MB:-}")
  echo "== facebook: generating ~$fb_mb MB in 2 parts"
  python3 "$SRC/bench/gen_facebook.py" "$OUT/facebook" "$fb_mb"
  measure facebook "$OUT/facebook/expect" - "$OUT"/facebook/*.zip
  reingest facebook-newer newer
  into facebook-into
  drop_db "$LAST_DB"; rm -rf "$OUT/facebook"
fi

if wanted google; then
  g="$OUT/google"
  rec_default=500
  [ "${BENCH_FULL:-0}" = 1 ] && rec_default=2000
  rec_mb=$(size "$rec_default" "${BENCH_RECORDS_MB:-}"); act_mb=$(size 500 "${BENCH_ACTIVITY_MB:-}")
  mbox_mb=$(size 500 "${BENCH_MBOX_MB:-}"); photos=$(size 3000 "${BENCH_PHOTOS:-}")
  echo "== google: generating Records.json ~$rec_mb MB"
  python3 "$SRC/bench/gen_google.py" records "$g/records" "$rec_mb"
  measure google-records "$g/records/expect" 300 "$g"/records/*.zip
  reingest google-records-again
  reingest google-records-newer newer
  into google-records-into
  python3 "$SRC/bench/gen_google.py" records-other "$g/records-other" "$rec_mb"
  other google-records-other "$(awk '$1 == "location" { print $2 }' "$g/records-other/expect")" "$g"/records-other/*.zip
  drop_db "$LAST_DB"; rm -rf "$g/records-other"
  # The same Records.json into the store of a first export of a quarter of it (the generator's
  # fixes are a prefix of a bigger run's): row by row, or at BENCH_FULL=1 a bulk load whose
  # records met again are found after it (see grown).
  python3 "$SRC/bench/gen_google.py" records "$g/records-first" $((rec_mb / 4))
  LAST_DB="$OUT/google-records-first.db"
  drop_db "$LAST_DB"
  "$DP" -q --db "$LAST_DB" ingest "$g"/records-first/*.zip
  grown google-records-grown $(($(awk '{ print $2 }' "$g/records/expect") - $(awk '{ print $2 }' "$g/records-first/expect"))) \
    "$g"/records/*.zip
  drop_db "$LAST_DB"; rm -rf "$g/records-first"
  echo "== google: generating My Activity ~$act_mb MB"
  python3 "$SRC/bench/gen_google.py" activity "$g/activity" "$act_mb"
  measure google-activity "$g/activity/expect" 300 "$g"/activity/*.zip; drop_db "$LAST_DB"
  # The HTML rendering, which Takeout long wrote by default: each item parsed by libgumbo.
  echo "== google: generating My Activity HTML ~$((act_mb / 2)) MB"
  python3 "$SRC/bench/gen_google.py" activity-html "$g/activity-html" $((act_mb / 2))
  measure google-activity-html "$g/activity-html/expect" 300 "$g"/activity-html/*.zip; drop_db "$LAST_DB"
  rm -rf "$g/activity-html"
  echo "== google: generating a Gmail mbox ~$mbox_mb MB"
  python3 "$SRC/bench/gen_google.py" mail "$g/mail" "$mbox_mb"
  measure google-mail "$g/mail/expect" 300 "$g"/mail/*.zip; drop_db "$LAST_DB"
  echo "== google: generating $photos Google Photos in 2 parts"
  python3 "$SRC/bench/gen_google.py" photos "$g/photos" "$photos"
  measure google-photos "$g/photos/expect" 300 "$g"/photos/*.zip; drop_db "$LAST_DB"
  echo "== google: the whole takeout, the same files in 2 parts"
  python3 "$SRC/bench/gen_google.py" merge "$g/all" "$g/records" "$g/activity" "$g/photos" "$g/mail"
  # The same account's Takeout taken earlier: Records.json's first quarter, the oldest 70% of My
  # Activity and of the mails, the first 70% of the photos (each a part of the newer one).
  python3 "$SRC/bench/gen_google.py" records "$g/old/records" $((rec_mb / 4))
  python3 "$SRC/bench/gen_google.py" older "$g/old/activity" 0.7 "$g/activity"
  python3 "$SRC/bench/gen_google.py" older "$g/old/mail" 0.7 "$g/mail"
  python3 "$SRC/bench/gen_google.py" photos "$g/old/photos" $((photos * 7 / 10))
  python3 "$SRC/bench/gen_google.py" merge "$g/old/all" "$g/old/records" "$g/old/activity" "$g/old/photos" "$g/old/mail"
  rm -rf "$g/records" "$g/activity" "$g/photos" "$g/mail"
  rm -rf "$g/old/records" "$g/old/activity" "$g/old/photos" "$g/old/mail"
  measure google "$g/all/expect" 300 "$g"/all/*.zip
  drop_db "$LAST_DB"
  # The newer Takeout into the store of the earlier one (its records new and met again in every
  # product; My Activity and the mails newest first).
  LAST_DB="$OUT/google-older.db"
  drop_db "$LAST_DB"
  "$DP" -q --db "$LAST_DB" ingest "$g"/old/all/*.zip
  grown google-grown $(($(awk '{ s += $2 } END { print s }' "$g/all/expect") - $(awk '{ s += $2 } END { print s }' "$g/old/all/expect"))) \
    "$g"/all/*.zip
  drop_db "$LAST_DB"; rm -rf "$g"
fi

if wanted x; then
  tweets=$(size 500000 "${BENCH_TWEETS:-}")
  echo "== x: generating $tweets tweets"
  python3 "$SRC/bench/gen_x.py" "$OUT/x" "$tweets"
  measure x "$OUT/x/expect" - "$OUT"/x/*.zip
  drop_db "$LAST_DB"; rm -rf "$OUT/x"
fi

if wanted chatgpt; then
  cg_mb=$(size 200 "${BENCH_CHATGPT_MB:-}")
  echo "== chatgpt: generating conversations.json ~$cg_mb MB"
  python3 "$SRC/bench/gen_chatgpt.py" "$OUT/chatgpt" "$cg_mb"
  measure chatgpt "$OUT/chatgpt/expect" - "$OUT"/chatgpt/*.zip
  drop_db "$LAST_DB"; rm -rf "$OUT/chatgpt"
fi

if wanted whatsapp; then
  wa_mb=$(size 500 "${BENCH_WHATSAPP_MB:-}")
  echo "== whatsapp: generating ~$wa_mb MB of chat zips with media"
  python3 "$SRC/bench/gen_whatsapp.py" "$OUT/whatsapp" "$wa_mb"
  measure whatsapp "$OUT/whatsapp/expect" - "$OUT"/whatsapp/*.zip
  drop_db "$LAST_DB"; rm -rf "$OUT/whatsapp"
fi

if wanted telegram; then
  tg_msgs=$(size 100000 "${BENCH_TELEGRAM_MESSAGES:-}")
  echo "== telegram: generating result.json of $tg_msgs messages"
  python3 "$SRC/bench/gen_telegram.py" "$OUT/telegram" "$tg_msgs"
  measure telegram "$OUT/telegram/expect" - "$OUT"/telegram/*.zip
  drop_db "$LAST_DB"; rm -rf "$OUT/telegram"
fi

if wanted discord; then
  dc_mb=$(size 1000 "${BENCH_DISCORD_MB:-}")
  echo "== discord: generating a data package ~$dc_mb MB"
  python3 "$SRC/bench/gen_discord.py" "$OUT/discord" "$dc_mb"
  measure discord "$OUT/discord/expect" - "$OUT"/discord/*.zip
  drop_db "$LAST_DB"; rm -rf "$OUT/discord"
fi

if wanted metarss; then
  # Never below the defaults: under about 50 MB of input the store's page cache (64 MiB) is still
  # filling, and the two runs' peak RSS would differ by that, not by what the readers hold.
  # A size given explicitly is still taken as is.
  at_least() { awk -v a="$1" -v b="$2" 'BEGIN { print (a > b ? a : b) }'; }
  BENCH_META_RSS_SMALL_MB=${BENCH_META_RSS_SMALL_MB:-$(at_least 20 "$(size 20)")} \
  BENCH_META_RSS_LARGE_MB=${BENCH_META_RSS_LARGE_MB:-$(at_least 200 "$(size 200)")} \
    bash "$SRC/bench/meta_rss.sh" "$DP" "$OUT" || { echo "!! metarss: failed"; FAILURES=$((FAILURES + 1)); }
fi

if wanted bundle; then
  BENCH_BUNDLE_RECORDS_MB=$(size 1000 "${BENCH_BUNDLE_RECORDS_MB:-}") BENCH_BUNDLE_MEDIA_MB=$(size 2000 "${BENCH_BUNDLE_MEDIA_MB:-}") \
    bash "$SRC/bench/bundle.sh" "$DP" "$OUT" || { echo "!! bundle: failed"; FAILURES=$((FAILURES + 1)); }
fi

if wanted photos; then
  photos_n=1000
  [ "${BENCH_PHOTOS_FULL:-0}" = 1 ] && photos_n=10000
  BENCH_PHOTOS_N=$(size "$photos_n" "${BENCH_PHOTOS_N:-}") \
    bash "$SRC/bench/photos.sh" "$DP" "$OUT" || { echo "!! photos: failed"; FAILURES=$((FAILURES + 1)); }
fi

if wanted policy; then
  BENCH_POLICY_RECORDS=$(size 200000 "${BENCH_POLICY_RECORDS:-}") \
    bash "$SRC/bench/policy.sh" "$DP" "$OUT" || { echo "!! policy: failed"; FAILURES=$((FAILURES + 1)); }
fi

if wanted audit; then
  BENCH_AUDIT_RECORDS=$(size 1000000 "${BENCH_AUDIT_RECORDS:-}") \
    bash "$SRC/bench/audit.sh" "$DP" "$OUT" || { echo "!! audit: failed"; FAILURES=$((FAILURES + 1)); }
fi

if wanted scaling; then
  bash "$SRC/bench/scaling.sh" "$DP" "$OUT" || { echo "!! scaling: failed"; FAILURES=$((FAILURES + 1)); }
fi

echo
echo "$("$DP" --version 2>/dev/null | head -1), $(nproc) cores; floor = bsdtar -xOf of the same zip(s)"
column -t -s "$(printf '\t')" "$TABLE"
[ -n "$INSTRUCTIONS" ] && echo "$INSTRUCTIONS"
if [ "$FAILURES" -gt 0 ]; then
  echo "bench: $FAILURES workload(s) failed (see !! lines above)" >&2
  exit 1
fi
