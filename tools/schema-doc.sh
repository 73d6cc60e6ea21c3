#!/usr/bin/env bash
# Regenerates what the record model's table (lib/model_table.cc) makes in docs/: the JSON Schema
# (docs/record.schema.json) and the field tables of docs/schema.md, between its markers. The rest
# of docs/schema.md is written by hand. tests/cli/run.sh checks both are current.
# Usage: tools/schema-doc.sh path/to/dataport
set -eu
DP=$(realpath "${1:?usage: tools/schema-doc.sh path/to/dataport}")
SRC=$(cd "$(dirname "$0")/.." && pwd)
"$DP" formats --schema > "$SRC/docs/record.schema.json"
tables=$(mktemp)
trap 'rm -f "$tables" "$tables.md"' EXIT
"$DP" formats --markdown > "$tables"
awk -v tables="$tables" '
  /^<!-- generated: dataport formats --markdown/ { print; while ((getline line < tables) > 0) print line; skip=1; next }
  /^<!-- end of generated part -->/ { skip=0 }
  !skip' "$SRC/docs/schema.md" > "$tables.md"
grep -q '^<!-- end of generated part -->' "$tables.md" || { echo "schema-doc.sh: docs/schema.md lacks its markers" >&2; exit 1; }
mv "$tables.md" "$SRC/docs/schema.md"
echo "updated docs/record.schema.json and docs/schema.md"
