#!/usr/bin/env bash
# Installs the Debian 12 packages saring builds and tests with (only those missing), and the
# fastText language-ID model from npm when the fetch script is present. Run as root.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config git zstd gzip python3
  libsimdjson-dev libxxhash-dev libzstd-dev zlib1g-dev libutf8proc-dev libicu-dev
  libcld2-dev libfasttext-dev libcli11-dev libyaml-cpp-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  pybind11-dev python3-dev python3-numpy python3-pytest
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
here=$(cd "$(dirname "$0")" && pwd)
if [ -x "$here/fetch-lid-model.sh" ] && [ "${SARING_SKIP_MODEL:-0}" != 1 ]; then
  "$here/fetch-lid-model.sh" || echo "note: fastText model not installed; fastText language ID will be skipped"
fi
