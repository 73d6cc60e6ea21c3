# Sourced by the interop tests: they need node and npm, and the pinned verifier packages need
# Node 20 or newer (Debian bookworm's own nodejs is 18). Without them the test is skipped
# (exit 77, which ctest reports as skipped) with the reason, never passed silently.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "SKIP: node/npm not installed (\`make deps\` installs nodejs and npm)"
  exit 77
fi
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "${node_major:-0}" -lt 20 ]; then
  echo "SKIP: node $(node --version) is too old for the pinned verifier packages (they need Node 20+)"
  exit 77
fi
