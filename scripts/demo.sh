#!/usr/bin/env bash
# Installs what is missing, builds saring, and runs it on the bundled sample corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
out=$(mktemp -d /tmp/saring-sample-XXXXXX)
./build/saring run -o "$out" examples/sample
