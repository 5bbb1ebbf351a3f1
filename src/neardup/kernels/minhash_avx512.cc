// The AVX-512 MinHash kernel: 16 hash functions per 512-bit vector, blocks of up to 8 vectors
// kept in registers while all shingles stream past; the last partial vector uses masked loads
// and stores, so every k is handled without a scalar tail. Uses AVX-512F only. Compiled with a
// function-level target attribute; the dispatcher calls it only when the CPU has AVX-512F.
#include "neardup/minhash_kernels.h"
#include "util/simd_isa.h"

#if SARING_X86_SIMD
#include <immintrin.h>

namespace saring::neardup_internal {
namespace {

constexpr size_t kLanes = 16;

// Folds sig[0..(NV-1)*16 + popcount(last_mask)) with all n hashes. Lanes outside last_mask in
// the last vector are neither read nor written.
template <int NV>
__attribute__((target("avx512f"))) void UpdateBlockAvx512(const uint64_t* hashes, size_t n,
                                                          const uint32_t* mul, const uint32_t* add,
                                                          uint32_t* sig, __mmask16 last_mask) {
  __m512i m[NV], a[NV], acc[NV];
  for (int v = 0; v < NV; ++v) {
    const __mmask16 mask = v == NV - 1 ? last_mask : static_cast<__mmask16>(0xFFFF);
    m[v] = _mm512_maskz_loadu_epi32(mask, mul + v * kLanes);
    a[v] = _mm512_maskz_loadu_epi32(mask, add + v * kLanes);
    acc[v] = _mm512_maskz_loadu_epi32(mask, sig + v * kLanes);
  }
  for (size_t j = 0; j < n; ++j) {
    const __m512i x = _mm512_set1_epi32(static_cast<int>(FoldShingleHash(hashes[j])));
    for (int v = 0; v < NV; ++v) {
      const __m512i h = _mm512_add_epi32(_mm512_mullo_epi32(m[v], x), a[v]);
      // The masked form: GCC 12's _mm512_min_epu32 trips -Wmaybe-uninitialized.
      acc[v] = _mm512_mask_min_epu32(acc[v], 0xFFFF, acc[v], h);
    }
  }
  for (int v = 0; v < NV; ++v) {
    const __mmask16 mask = v == NV - 1 ? last_mask : static_cast<__mmask16>(0xFFFF);
    _mm512_mask_storeu_epi32(sig + v * kLanes, mask, acc[v]);
  }
}

}  // namespace

__attribute__((target("avx512f"))) void MinHashUpdateAvx512(const uint64_t* hashes, size_t n,
                                                            const uint32_t* mul,
                                                            const uint32_t* add, size_t k,
                                                            uint32_t* sig) {
  constexpr size_t kBlock = 8 * kLanes;
  size_t i = 0;
  // A full block only when lanes remain after it, so the final block carries the mask.
  for (; k - i > kBlock; i += kBlock) {
    UpdateBlockAvx512<8>(hashes, n, mul + i, add + i, sig + i, 0xFFFF);
  }
  const size_t rest = k - i;  // 1..128 lanes, or 0 when k == 0
  if (rest == 0) return;
  const size_t vectors = (rest + kLanes - 1) / kLanes;
  const size_t tail = rest - (vectors - 1) * kLanes;  // 1..16
  const __mmask16 mask = static_cast<__mmask16>((1u << tail) - 1);
  uint32_t* s = sig + i;
  switch (vectors) {
    case 8: UpdateBlockAvx512<8>(hashes, n, mul + i, add + i, s, mask); break;
    case 7: UpdateBlockAvx512<7>(hashes, n, mul + i, add + i, s, mask); break;
    case 6: UpdateBlockAvx512<6>(hashes, n, mul + i, add + i, s, mask); break;
    case 5: UpdateBlockAvx512<5>(hashes, n, mul + i, add + i, s, mask); break;
    case 4: UpdateBlockAvx512<4>(hashes, n, mul + i, add + i, s, mask); break;
    case 3: UpdateBlockAvx512<3>(hashes, n, mul + i, add + i, s, mask); break;
    case 2: UpdateBlockAvx512<2>(hashes, n, mul + i, add + i, s, mask); break;
    default: UpdateBlockAvx512<1>(hashes, n, mul + i, add + i, s, mask); break;
  }
}

}  // namespace saring::neardup_internal

#else  // no x86 SIMD: never dispatched to; defined so the kernel table links everywhere.

namespace saring::neardup_internal {
void MinHashUpdateAvx512(const uint64_t* hashes, size_t n, const uint32_t* mul, const uint32_t* add,
                         size_t k, uint32_t* sig) {
  MinHashUpdateScalar(hashes, n, mul, add, k, sig);
}
}  // namespace saring::neardup_internal

#endif
