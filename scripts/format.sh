#!/usr/bin/env bash
# Formats every C++ file of the repository with clang-format and .clang-format (Google, 100
# columns). With --check, changes nothing: lists the files that are not formatted and exits 1 if
# there are any. Other arguments limit it to those files.
#   scripts/format.sh                   format the whole tree in place
#   scripts/format.sh --check           check the whole tree (CI)
#   scripts/format.sh --check a.cc b.h  check two files
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
if [[ ${1:-} == --check ]]; then
  check=1
  shift
fi
command -v clang-format >/dev/null || { echo "clang-format not found (Debian package clang-format)" >&2; exit 2; }
if [[ $# -gt 0 ]]; then
  files=("$@")
else
  mapfile -t files < <(git ls-files '*.cc' '*.h' '*.cpp' '*.hpp')
fi
if [[ $check == 0 ]]; then
  printf '%s\0' "${files[@]}" | xargs -0 -r -n 32 clang-format --style=file -i
  exit 0
fi
unformatted=0
for f in "${files[@]}"; do
  if ! clang-format --style=file --dry-run -Werror "$f" >/dev/null 2>&1; then
    echo "not formatted: $f"
    unformatted=$((unformatted + 1))
  fi
done
if [[ $unformatted -gt 0 ]]; then
  echo "$unformatted file(s) need scripts/format.sh" >&2
  exit 1
fi
echo "all ${#files[@]} files formatted"
