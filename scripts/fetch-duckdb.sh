#!/usr/bin/env bash
# Installs DuckDB for Node.js (npm @duckdb/node-api, which ships its native library) into
# tests/parquet/node_modules. Only saring's Parquet tests use it, as the independent
# implementation that writes the Parquet files saring reads and reads the ones it writes; saring
# itself never needs it. Needs npm. Exit status 0 on success.
set -euo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../tests/parquet" && pwd)"
if [[ -f "${dir}/node_modules/@duckdb/node-api/package.json" ]]; then
  echo "fetch-duckdb: already installed in ${dir}/node_modules"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-duckdb: npm is needed to install @duckdb/node-api" >&2
  exit 1
fi
cd "${dir}"
npm install --no-audit --no-fund --no-save --loglevel=error
echo "fetch-duckdb: installed @duckdb/node-api in ${dir}/node_modules"
