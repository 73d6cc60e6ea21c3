# Shared by the shell tests: a temporary folder $T removed at exit, assertions that count, and a
# closing "N passed, N failed" line.
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# Keys live in the user's data folder: never the real one in a test.
export XDG_DATA_HOME="$T/xdg"
unset DATAPORT_KEYS
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
# expect_eq WHAT EXPECTED ACTUAL
expect_eq() { if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi; }
# expect_contains WHAT NEEDLE HAYSTACK
expect_contains() { case "$3" in *"$2"*) ok ;; *) bad "$1: [$2] not in: $3" ;; esac; }
expect_not_contains() { case "$3" in *"$2"*) bad "$1: [$2] unexpectedly in: $3" ;; *) ok ;; esac; }
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
# each_golden_case FN [NAME...]: runs `FN NAME PATH...` for every case of tests/golden/cases.txt
# (only the NAMEs given, when any), the paths made absolute under $SRC.
each_golden_case() {
  local fn=$1 name paths p
  shift
  local only=" $* "
  while read -r name paths; do
    case "$name" in ''|'#'*) continue ;; esac
    [ "$only" = "  " ] || case "$only" in *" $name "*) ;; *) continue ;; esac
    local args=()
    for p in $paths; do args+=("$SRC/$p"); done
    "$fn" "$name" "${args[@]}" < /dev/null
  done < "$SRC/tests/golden/cases.txt"
}
