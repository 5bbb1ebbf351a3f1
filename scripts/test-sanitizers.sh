#!/usr/bin/env bash
# Builds the library, the command and every C++ test with AddressSanitizer and
# UndefinedBehaviorSanitizer in ./build-asan, and runs the tests (unit, end-to-end, fuzz seed
# replay) on the instrumented binaries. Python, browser and MPI tests need uninstrumented
# interpreters or libraries and are left to scripts/test.sh, as is the thread-safety check (it
# compiles sources with clang and does not depend on the build).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSARING_SANITIZE="address;undefined" \
  -DSARING_BUILD_BENCHMARKS=OFF -DSARING_BUILD_PYTHON=OFF >/dev/null
cmake --build build-asan -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-asan --output-on-failure --timeout 900 -j"$(nproc)" -E '^(python_tests|dask_example|browser_report|mpi_identical|mpi_identical_tiny_budgets|mpi_identical_corpus_wide|mpi_identical_update_index|mpi_identical_substrings|thread_safety)$'
