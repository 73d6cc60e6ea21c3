# Shared by the shell tests: a temporary folder $T removed at exit, assertions that count, and a
# closing "N passed, N failed" line.
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
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
