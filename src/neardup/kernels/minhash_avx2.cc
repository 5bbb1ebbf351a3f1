// The AVX2 MinHash kernel: 8 hash functions per 256-bit vector, blocks of up to 4 vectors
// kept in registers while all shingles stream past. Lanes past the last full vector go to the
// scalar kernel. Compiled with a function-level target attribute, so the library still runs
// on any x86-64; the dispatcher calls it only when the CPU has AVX2.
#include "neardup/minhash_kernels.h"
#include "util/simd_isa.h"

#if SARING_X86_SIMD
#include <immintrin.h>

namespace saring::neardup_internal {
namespace {

constexpr size_t kLanes = 8;

// Folds sig[0..NV*8) with all n hashes.
template <int NV>
__attribute__((target("avx2"))) void UpdateBlockAvx2(const uint64_t* hashes, size_t n,
                                                     const uint32_t* mul, const uint32_t* add,
                                                     uint32_t* sig) {
  __m256i m[NV], a[NV], acc[NV];
  for (int v = 0; v < NV; ++v) {
    m[v] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(mul + v * kLanes));
    a[v] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(add + v * kLanes));
    acc[v] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(sig + v * kLanes));
  }
  for (size_t j = 0; j < n; ++j) {
    const __m256i x = _mm256_set1_epi32(static_cast<int>(FoldShingleHash(hashes[j])));
    for (int v = 0; v < NV; ++v) {
      const __m256i h = _mm256_add_epi32(_mm256_mullo_epi32(m[v], x), a[v]);
      acc[v] = _mm256_min_epu32(acc[v], h);
    }
  }
  for (int v = 0; v < NV; ++v) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(sig + v * kLanes), acc[v]);
  }
}

}  // namespace

__attribute__((target("avx2"))) void MinHashUpdateAvx2(const uint64_t* hashes, size_t n,
                                                       const uint32_t* mul, const uint32_t* add,
                                                       size_t k, uint32_t* sig) {
  size_t i = 0;
  for (; k - i >= 4 * kLanes; i += 4 * kLanes) {
    UpdateBlockAvx2<4>(hashes, n, mul + i, add + i, sig + i);
  }
  switch ((k - i) / kLanes) {
    case 3: UpdateBlockAvx2<3>(hashes, n, mul + i, add + i, sig + i); break;
    case 2: UpdateBlockAvx2<2>(hashes, n, mul + i, add + i, sig + i); break;
    case 1: UpdateBlockAvx2<1>(hashes, n, mul + i, add + i, sig + i); break;
    default: break;
  }
  i += (k - i) / kLanes * kLanes;
  if (i < k) MinHashUpdateScalar(hashes, n, mul + i, add + i, k - i, sig + i);
}

}  // namespace saring::neardup_internal

#else  // no x86 SIMD: never dispatched to; defined so the kernel table links everywhere.

namespace saring::neardup_internal {
void MinHashUpdateAvx2(const uint64_t* hashes, size_t n, const uint32_t* mul, const uint32_t* add,
                       size_t k, uint32_t* sig) {
  MinHashUpdateScalar(hashes, n, mul, add, k, sig);
}
}  // namespace saring::neardup_internal

#endif
