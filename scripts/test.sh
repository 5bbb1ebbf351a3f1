#!/usr/bin/env bash
# Builds saring and runs every test (unit, end-to-end, Python when built).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
