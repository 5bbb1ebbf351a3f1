#!/usr/bin/env bash
# Checks the clang thread-safety annotations (src/util/thread_annotations.h): every translation
# unit of the library that uses the annotated Mutex (directly or through an annotated header) is
# compiled by clang with -Wthread-safety -Werror=thread-safety, syntax only (a few seconds). First
# it checks that the check can fail: a snippet that reads a GUARDED_BY member without its lock
# must be refused.
#
#   scripts/check-thread-safety.sh            exit 0: clean; 1: a finding; 77: no clang++
#
# A whole build with the analysis on: cmake -DCMAKE_CXX_COMPILER=clang++ -DSARING_THREAD_SAFETY=ON.
set -euo pipefail
cd "$(dirname "$0")/.."

clang=${CLANGXX:-}
if [[ -z "$clang" ]]; then
  for c in clang++ clang++-16 clang++-15 clang++-14; do
    if command -v "$c" >/dev/null; then clang=$(command -v "$c"); break; fi
  done
fi
if [[ -z "$clang" ]]; then
  echo "check-thread-safety: no clang++ found; skipped" >&2
  exit 77
fi

flags=(-std=c++20 -fsyntax-only -Iinclude -Isrc -DSARING_VERSION='"check"'
       -Wthread-safety -Werror=thread-safety -Wno-unknown-warning-option)

# 1. The check can fail.
bad=$(mktemp --suffix=.cc)
trap 'rm -f "$bad"' EXIT
cat >"$bad" <<'CC'
#include "util/mutex.h"
struct Counter {
  saring::Mutex mu;
  int n GUARDED_BY(mu) = 0;
  void Bump() { ++n; }  // no lock: must be refused
};
CC
if "$clang" "${flags[@]}" "$bad" 2>/dev/null; then
  echo "check-thread-safety: $clang accepted an unguarded access; the analysis is not running" >&2
  exit 1
fi

# 2. The annotated translation units.
mapfile -t units < <(grep -rlE '#include "(util/mutex|util/fault_env|pipeline/turnstile|pipeline/pass_runner|pipeline/partitioned_decide)\.h"' \
  src --include='*.cc' | grep -v '_test\.cc$' | sort)
status=0
for unit in "${units[@]}"; do
  if ! "$clang" "${flags[@]}" "$unit"; then
    echo "check-thread-safety: findings in $unit" >&2
    status=1
  fi
done
[[ $status -eq 0 ]] && echo "check-thread-safety: ${#units[@]} translation units clean ($(basename "$clang"))"
exit $status
