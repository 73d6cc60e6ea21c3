#!/usr/bin/env bash
# Opens a local HTML file in headless chromium with everything that could reach the network
# turned off, in a fresh profile: prints the rendered DOM on stdout and chromium's log (console
# messages included) on stderr; with a second argument, also writes a PNG screenshot there.
# Used by `make demo` (the audit screenshot) and tests/cli/audit_browser.sh.
# Usage: headless.sh FILE.html [SHOT.png [WIDTHxHEIGHT]]
set -u
html=$(realpath "$1")
shot=${2:-}
size=${3:-1280,2600}
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "headless.sh: chromium is not installed (Debian package chromium)" >&2; exit 77; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --disable-extensions --disable-default-apps
       --user-data-dir="$profile" --enable-logging=stderr --v=0 --hide-scrollbars)
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$html" || exit 1
if [ -n "$shot" ]; then
  timeout 120 "$browser" "${flags[@]}" --window-size="$size" --screenshot="$(realpath -m "$shot")" "file://$html" >/dev/null || exit 1
fi
