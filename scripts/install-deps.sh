#!/usr/bin/env bash
# Installs the Debian 12 packages saring builds and tests with (only those missing), and the
# fastText language-ID model from npm when the fetch script is present. Run as root.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config git zstd gzip python3
  libsimdjson-dev libxxhash-dev libzstd-dev zlib1g-dev libutf8proc-dev libicu-dev
  libcld2-dev libfasttext-dev fasttext libcli11-dev libyaml-cpp-dev libfmt-dev libgumbo-dev
  libsnappy-dev
  apertium-ind-zlm lttoolbox-dev
  tesseract-ocr tesseract-ocr-msa tesseract-ocr-ind
  libgtest-dev libgmock-dev libbenchmark-dev libdivsufsort-dev
  pybind11-dev python3-dev python3-numpy python3-pytest python3-distributed
  python3-pip python3-setuptools python3-wheel
  libopenmpi-dev openmpi-bin chromium clang libclang-rt-14-dev
  clang-tidy clang-format
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# npm (for the fastText model) comes with the machine's Node.js where there is one; Debian's
# packages otherwise.
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null || true
fi
here=$(cd "$(dirname "$0")" && pwd)
if [ -x "$here/fetch-lid-model.sh" ] && [ "${SARING_SKIP_MODEL:-0}" != 1 ]; then
  if ! "$here/fetch-lid-model.sh"; then
    echo "note: the fastText model could not be installed; fastText language ID and its tests are skipped"
    # CI must not pass silently without it.
    if [ "${CI:-}" = true ]; then exit 1; fi
  fi
fi
# DuckDB for Node.js: the Parquet tests write and read Parquet with it (tests only).
if [ -x "$here/fetch-duckdb.sh" ] && [ "${SARING_SKIP_DUCKDB:-0}" != 1 ]; then
  if ! "$here/fetch-duckdb.sh"; then
    echo "note: DuckDB (npm @duckdb/node-api) could not be installed; the Parquet tests are skipped"
    if [ "${CI:-}" = true ]; then exit 1; fi
  fi
fi
