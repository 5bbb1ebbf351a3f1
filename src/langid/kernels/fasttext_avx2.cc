// AVX2 fastText kernels: rows added 8 floats at a time (element-wise, so the same floats as
// the scalar kernel), dot products with 8 partial sums. Compiled with a function-level
// target attribute; called only when the CPU has AVX2 and FMA.
#include "langid/fasttext_kernels.h"
#include "util/simd_isa.h"

#if SARING_X86_SIMD
#include <immintrin.h>

namespace saring::fasttext_internal {

__attribute__((target("avx2,fma"))) void AddRowsAvx2(const float* matrix, size_t stride,
                                                     const int32_t* ids, size_t count, size_t n,
                                                     float* x) {
  if (n == 16) {  // lid.176 and most small classifiers: the whole vector in two registers
    __m256 a = _mm256_loadu_ps(x), b = _mm256_loadu_ps(x + 8);
    constexpr size_t kAhead = 8;  // rows are scattered over the matrix: fetch them early
    for (size_t i = 0; i < count && i < kAhead; ++i)
      __builtin_prefetch(matrix + static_cast<size_t>(ids[i]) * stride);
    for (size_t i = 0; i < count; ++i) {
      if (i + kAhead < count)
        __builtin_prefetch(matrix + static_cast<size_t>(ids[i + kAhead]) * stride);
      const float* row = matrix + static_cast<size_t>(ids[i]) * stride;
      a = _mm256_add_ps(a, _mm256_loadu_ps(row));
      b = _mm256_add_ps(b, _mm256_loadu_ps(row + 8));
    }
    _mm256_storeu_ps(x, a);
    _mm256_storeu_ps(x + 8, b);
    return;
  }
  for (size_t i = 0; i < count; ++i) {
    const float* row = matrix + static_cast<size_t>(ids[i]) * stride;
    size_t j = 0;
    for (; j + 8 <= n; j += 8) {
      _mm256_storeu_ps(x + j, _mm256_add_ps(_mm256_loadu_ps(x + j), _mm256_loadu_ps(row + j)));
    }
    for (; j < n; ++j) x[j] += row[j];
  }
}

__attribute__((target("avx2,fma"))) float DotAvx2(const float* a, const float* b, size_t n) {
  __m256 acc = _mm256_setzero_ps();
  size_t j = 0;
  for (; j + 8 <= n; j += 8)
    acc = _mm256_fmadd_ps(_mm256_loadu_ps(a + j), _mm256_loadu_ps(b + j), acc);
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, acc);
  float sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) +
              ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
  for (; j < n; ++j) sum += a[j] * b[j];
  return sum;
}

}  // namespace saring::fasttext_internal

#else

namespace saring::fasttext_internal {
void AddRowsAvx2(const float* matrix, size_t stride, const int32_t* ids, size_t count, size_t n,
                 float* x) {
  AddRowsScalar(matrix, stride, ids, count, n, x);
}
float DotAvx2(const float* a, const float* b, size_t n) { return DotScalar(a, b, n); }
}  // namespace saring::fasttext_internal

#endif
