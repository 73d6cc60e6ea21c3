#!/usr/bin/env bash
# Shell completion scripts: generated from the command definitions; the bash one loads and
# completes commands, subcommands, options and option values; zsh and fish parse when present.
# Usage: completion.sh path/to/dataport
set -u
DP=$(realpath "$1")
SRC=${SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRC/tests/cli/lib.sh"
"$DP" completion bash > "$T/dataport.bash"; expect_eq "completion bash exit" 0 $?
# complete WORDS...: what the bash completion offers for the last word.
complete_words() {
  bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _dataport; printf "%s\n" "${COMPREPLY[@]}"' _ "$T/dataport.bash" "$@"
}
bash -n "$T/dataport.bash" && ok || bad "the bash script does not parse"
bash -c '. "$1" && complete -p dataport' _ "$T/dataport.bash" >/dev/null && ok || bad "the bash script does not register"
out=$(complete_words dataport ""); for c in ingest query export verify credential completion; do expect_contains "commands: $c" "$c" "$out"; done
expect_eq "prefix" "inspect
ingest" "$(complete_words dataport in | sort -r)"
out=$(complete_words dataport export v); expect_contains "exporters" "vcard" "$out"
out=$(complete_words dataport key ""); expect_contains "key subcommands" "export-public" "$out"
out=$(complete_words dataport query --li); expect_eq "query options" "--limit" "$out"
out=$(complete_words dataport query --kind con); expect_contains "kinds" "contact" "$out"
out=$(complete_words dataport --db x.db query --platform li); expect_eq "platforms after --db" "linkedin" "$out"
out=$(complete_words dataport stats --format ""); expect_contains "formats" "ndjson" "$out"
out=$(complete_words dataport export vcard --s); expect_contains "exporter options" "--split" "$out"
out=$(complete_words dataport export vcard --s); expect_contains "filter options" "--since" "$out"
# Every command --help lists is in the script.
for c in $("$DP" --help | awk '/^Subcommands:/ { on=1; next } on && /^  [a-z]/ { print $1 }'); do
  expect_contains "bash script names $c" "$c" "$(complete_words dataport "")"
done
"$DP" completion zsh > "$T/_dataport"; expect_eq "completion zsh exit" 0 $?
"$DP" completion fish > "$T/dataport.fish"; expect_eq "completion fish exit" 0 $?
if command -v zsh >/dev/null; then zsh -n "$T/_dataport" && ok || bad "the zsh script does not parse"; fi
if command -v fish >/dev/null; then fish -n "$T/dataport.fish" && ok || bad "the fish script does not parse"; fi
expect_contains "zsh compdef" "#compdef dataport" "$(cat "$T/_dataport")"
expect_contains "fish names vcard" "-a 'vcard'" "$(cat "$T/dataport.fish")"
err=$("$DP" completion tcsh 2>&1 >/dev/null); expect_eq "unknown shell exit" 2 $?
finish
