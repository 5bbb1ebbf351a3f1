#!/bin/sh
# Browser test of `saring report`: runs saring on examples/sample, writes report.html, and checks it
# in headless Chromium (check_report.mjs). Exits 77 (CTest SKIP_RETURN_CODE) when Chromium or a
# Node.js with WebSocket support is not installed.
#
# Environment: SARING_CLI (the saring binary), SARING_SOURCE_DIR (the repository),
# SARING_ARTIFACT_DIR (where report.png and report.html are saved; default
# $SARING_SOURCE_DIR/build/test-artifacts), CHROMIUM (browser binary; default: found on PATH).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
src=${SARING_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
cli=${SARING_CLI:-$src/build/saring}
artifacts=${SARING_ARTIFACT_DIR:-$src/build/test-artifacts}

chromium=${CHROMIUM:-}
if [ -z "$chromium" ]; then
  for c in chromium chromium-browser google-chrome-stable google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then chromium=$(command -v "$c"); break; fi
  done
fi
if [ -z "$chromium" ] || [ ! -x "$chromium" ]; then
  echo "SKIP: no Chromium found (install it with: apt-get install -y chromium, or set CHROMIUM=/path/to/browser)"
  exit 77
fi
if ! command -v node >/dev/null 2>&1; then
  echo "SKIP: Node.js not found (needed to drive Chromium over the DevTools protocol)"
  exit 77
fi
node_flags=""
if [ "$(node -e 'console.log(typeof WebSocket)')" != "function" ]; then
  node_flags="--experimental-websocket"
  if [ "$(node $node_flags -e 'console.log(typeof WebSocket)' 2>/dev/null)" != "function" ]; then
    echo "SKIP: this Node.js has no WebSocket (needs Node >= 20.10)"
    exit 77
  fi
fi
if [ ! -x "$cli" ]; then
  echo "FAIL: saring binary not found at $cli (set SARING_CLI)"
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/saring-browser-XXXXXX")
trap 'rm -rf "$work"' EXIT
# The LLM-corpus config turns on every stage (boilerplate, language, quality, dedup), so that
# every section of the report has something to show.
config="$src/examples/llm-corpus.yaml"
if [ -f "$config" ]; then
  "$cli" run -q --config "$config" -o "$work/out" "$src/examples/sample"
else
  "$cli" run -q -o "$work/out" "$src/examples/sample"
fi
"$cli" report -q "$work/out"
mkdir -p "$artifacts"
cp "$work/out/report.html" "$artifacts/report.html"
node $node_flags "$here/check_report.mjs" "$chromium" "$work/out/report.html" "$work/out/stats.json" \
  "$artifacts/report.png"
