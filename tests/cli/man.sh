#!/usr/bin/env bash
# Keeps the man pages true to --help: every command has a page that documents each of its
# options, and dataport.1 names every command.
set -u
DP=$(realpath "$1")
SRC=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRC/tests/cli/lib.sh"
commands=$("$DP" --help | awk '/^Subcommands:/ { on=1; next } on && /^  [a-z]/ { print $1 }')
[ -n "$commands" ] && ok || bad "no commands found in --help"
main=$(sed 's/\\-/-/g' "$SRC/man/dataport.1")
for c in $commands; do
  expect_contains "dataport.1 names $c" ".B $c" "$main"
  page="$SRC/man/dataport-$c.1"
  if [ ! -f "$page" ]; then bad "no man page for $c"; continue; fi
  text=$(sed 's/\\-/-/g' "$page")
  for opt in $("$DP" "$c" --help | grep -oE '^\s+(-[a-zA-Z], )?--[a-z][a-z-]*' | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
    [ "$opt" = "--help" ] && continue
    expect_contains "dataport-$c.1 documents $opt" "$opt" "$text"
  done
done
for opt in $("$DP" --help | grep -oE '^\s+(-[a-zA-Z], )?--[a-z][a-z-]*' | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
  expect_contains "dataport.1 documents $opt" "$opt" "$main"
done
finish
