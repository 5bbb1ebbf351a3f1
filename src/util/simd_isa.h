// Which SIMD instructions saring's code may use: the one compile-time guard that every file with
// x86 intrinsics tests, written the same way everywhere:
//
//   #include "util/simd_isa.h"
//   #if SARING_X86_SIMD
//   #include <immintrin.h>
//   ... SSE2 code, or AVX2 / AVX-512 code in functions with __attribute__((target(...))) ...
//   #else
//   ... the scalar code ...
//   #endif
//
// SARING_X86_SIMD is 1 on x86-64, where SSE2 is part of the baseline (SSE2 code needs no check)
// and wider kernels, compiled with function-level target attributes, are chosen at run time with
// __builtin_cpu_supports by one dispatcher per kernel family (src/<module>/kernels/*_dispatch.cc).
// It is 0 on every other CPU, and when the build defines SARING_PORTABLE (cmake
// -DSARING_PORTABLE=ON), so that the scalar code can be built and tested on x86-64 too:
// scripts/test-portable.sh builds the library that way with the x86 intrinsics headers made
// unusable, and runs the tests of the modules with kernels.
#ifndef SARING_UTIL_SIMD_ISA_H_
#define SARING_UTIL_SIMD_ISA_H_

#if defined(__x86_64__) && !defined(SARING_PORTABLE)
#define SARING_X86_SIMD 1
#else
#define SARING_X86_SIMD 0
#endif

#endif  // SARING_UTIL_SIMD_ISA_H_
