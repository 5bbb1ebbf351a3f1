#!/usr/bin/env bash
# Installs what is missing, builds saring and runs every test (unit, end-to-end, fuzz-seed
# replay, Python, MPI, browser; a test whose tool is absent says so and is skipped). Extra
# arguments go to cmake (CI passes -DSARING_WERROR=ON).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh "$@"
# --timeout: a test that hangs fails after 15 minutes instead of stalling the whole run.
ctest --test-dir build --output-on-failure --timeout 900 -j"$(nproc)"
