// Force-included (-include) by scripts/test-portable.sh into every file of the modules with SIMD
// kernels, on top of SARING_PORTABLE: it makes the x86 intrinsics headers empty and the CPU
// feature built-ins unusable, so any intrinsic the portable build still reaches is a compile
// error (an undeclared __m128i or _mm_* name) instead of silently compiling on x86-64.
#ifndef SARING_CMAKE_NO_X86_INTRINSICS_H_
#define SARING_CMAKE_NO_X86_INTRINSICS_H_

// GCC's include guards of <immintrin.h> and the headers it pulls in.
#define _IMMINTRIN_H_INCLUDED
#define _X86INTRIN_H_INCLUDED
#define _MMINTRIN_H_INCLUDED
#define _XMMINTRIN_H_INCLUDED
#define _EMMINTRIN_H_INCLUDED
#define _PMMINTRIN_H_INCLUDED
#define _TMMINTRIN_H_INCLUDED
#define _SMMINTRIN_H_INCLUDED
#define _NMMINTRIN_H_INCLUDED
#define _WMMINTRIN_H_INCLUDED
// Clang's.
#define __IMMINTRIN_H
#define __X86INTRIN_H
#define __MMINTRIN_H
#define __XMMINTRIN_H
#define __EMMINTRIN_H
#define __PMMINTRIN_H
#define __TMMINTRIN_H
#define __SMMINTRIN_H
#define __NMMINTRIN_H
#define __WMMINTRIN_H

#pragma GCC poison __builtin_cpu_supports __builtin_cpu_init

#endif  // SARING_CMAKE_NO_X86_INTRINSICS_H_
