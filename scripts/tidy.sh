#!/usr/bin/env bash
# Runs clang-tidy with .clang-tidy over saring's own C++ (src/, tools/, python/, bench/, fuzz/,
# tests included) using the compile_commands.json of a build folder (default ./build, configured
# by scripts/build.sh); a folder the build leaves out (a SARING_BUILD_* option off) is skipped.
# Exits non-zero on any finding (.clang-tidy makes every check an error).
#   scripts/tidy.sh                      all of saring's own C++
#   scripts/tidy.sh src/text/normalize.cc src/neardup   only these files or folders
#   scripts/tidy.sh --clean              the folders kept clean (clean_modules below; CI runs this)
#   BUILD_DIR=build-x scripts/tidy.sh    another build folder
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
if [[ ! -f $build_dir/compile_commands.json ]]; then
  echo "no $build_dir/compile_commands.json: configure first (scripts/build.sh)" >&2
  exit 2
fi
command -v run-clang-tidy >/dev/null || { echo "run-clang-tidy not found (Debian package clang-tidy)" >&2; exit 2; }
# The folders whose every file passes: CI keeps them so (.ci/run). Every folder passes, so --clean
# checks the same files as no argument.
clean_modules=(src tools python bench fuzz)
paths=("$@")
if [[ ${1:-} == --clean ]]; then paths=("${clean_modules[@]}"); fi
[[ ${#paths[@]} -gt 0 ]] || paths=("${clean_modules[@]}")
# run-clang-tidy takes regular expressions matched against the files of compile_commands.json.
regex=()
for p in "${paths[@]}"; do regex+=("$PWD/${p%/}"); done
run-clang-tidy -p "$build_dir" -quiet -j "$(nproc)" "${regex[@]}"
