#!/usr/bin/env bash
# Proves that the library builds, and its kernels pass their tests, where x86 intrinsics are
# absent. Three steps:
#   1. A lint: every file under src/ that includes an x86 intrinsics header does so under
#      `#if SARING_X86_SIMD` (util/simd_isa.h), the one guard; no other architecture test is used.
#   2. A build in ./build-portable with -DSARING_PORTABLE=ON (SARING_X86_SIMD is 0: every kernel
#      family runs its scalar kernel), of the modules with SIMD code (util, text, neardup, quality,
#      langid) and their tests, with cmake/no_x86_intrinsics.h force-included: it empties the
#      intrinsics headers, so an intrinsic the portable build still reaches fails to compile.
#      (io, pipeline and report include simdjson, whose headers need the intrinsics; the lint
#      covers their one SIMD site, in pipeline/doc_analyzer.cc.)
#   3. The unit tests of text, neardup and quality on that build: the scalar code paths.
# Extra arguments go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== lint: one SIMD guard"
status=0
while IFS= read -r file; do
  # The nearest preprocessor conditional above each intrinsics include must be SARING_X86_SIMD.
  if ! awk '/^#if/ { cond = $0 } /^#include <[a-z0-9]*intrin\.h>/ { if (cond !~ /^#if SARING_X86_SIMD/) bad = 1 }
            END { exit bad }' "$file"; then
    echo "$file: x86 intrinsics included outside '#if SARING_X86_SIMD'"
    status=1
  fi
done < <(grep -rlE '#include <[a-z0-9]*intrin\.h>' src)
if grep -rnE 'defined\((__x86_64__|__i386__|_M_X64|__SSE2__|__AVX2__)\)|#ifdef (__SSE2__|__AVX2__|__x86_64__)' src \
    | grep -v '^src/util/simd_isa.h:'; then
  echo "^ test SARING_X86_SIMD (util/simd_isa.h) instead"
  status=1
fi
[[ $status == 0 ]] || exit 1

echo "== build without x86 intrinsics (build-portable)"
cmake -S . -B build-portable -G Ninja -DCMAKE_BUILD_TYPE=Release -DSARING_PORTABLE=ON -DSARING_WERROR=ON \
  -DSARING_BUILD_BENCHMARKS=OFF -DSARING_BUILD_PYTHON=OFF \
  -DCMAKE_CXX_FLAGS="-include $PWD/cmake/no_x86_intrinsics.h" "$@" >/dev/null
cmake --build build-portable -j"$(nproc)" --target saring_langid text_test neardup_test quality_test

echo "== tests of the scalar kernels"
export SARING_TEST_TMPDIR="$PWD/build-portable/test-tmp"
mkdir -p "$SARING_TEST_TMPDIR"
for t in text neardup quality; do
  "build-portable/src/$t/${t}_test" --gtest_brief=1
done
echo "portable build: OK"
