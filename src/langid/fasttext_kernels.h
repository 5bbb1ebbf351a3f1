// The vector loops of fastText inference, one implementation per instruction set:
//   AddRows: x[0..n) += the sum of rows[ids[i]] (each row n floats apart by `stride`), added
//            one row after another, so every kernel gives the same floats as the scalar one;
//   Dot:     sum of a[j] * b[j] (SIMD kernels sum in another order: last-bit differences).
// SIMD kernels live in kernels/, compiled with function-level target attributes and called
// only when the CPU has the instructions (decided once at run time).
#ifndef SARING_LANGID_FASTTEXT_KERNELS_H_
#define SARING_LANGID_FASTTEXT_KERNELS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace saring::fasttext_internal {

using AddRowsFn = void (*)(const float* matrix, size_t stride, const int32_t* ids, size_t count,
                           size_t n, float* x);
using DotFn = float (*)(const float* a, const float* b, size_t n);

struct FastTextKernel {
  const char* name;
  AddRowsFn add_rows;
  DotFn dot;
};

void AddRowsScalar(const float* matrix, size_t stride, const int32_t* ids, size_t count, size_t n,
                   float* x);
float DotScalar(const float* a, const float* b, size_t n);
void AddRowsAvx2(const float* matrix, size_t stride, const int32_t* ids, size_t count, size_t n,
                 float* x);
float DotAvx2(const float* a, const float* b, size_t n);

// The best kernel this CPU runs, or the one a test forced.
const FastTextKernel& ActiveFastTextKernel();
// "scalar", "avx2", or "" / "auto" for the best; false when unknown or unsupported here.
bool ForceFastTextKernelForTesting(std::string_view name);

}  // namespace saring::fasttext_internal

#endif  // SARING_LANGID_FASTTEXT_KERNELS_H_
