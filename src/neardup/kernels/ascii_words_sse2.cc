// The SSE2 ASCII word segmentation kernel: a 64-byte block classified with four 16-byte
// compares. SSE2 is part of x86-64, so this kernel needs no CPU check.
#include "util/simd_isa.h"

#if SARING_X86_SIMD
#include <emmintrin.h>

#include "neardup/ascii_words_kernels.h"

namespace saring::neardup_internal {

BlockMasks ClassifyAsciiBlockSse2(const char* p) {
  BlockMasks m;
  for (int q = 0; q < 4; ++q) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * q));
    const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
    // Signed compares: bytes >= 0x80 are negative and fall outside every range.
    const __m128i alpha = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                                        _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1)));
    const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                        _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
    const __m128i join =
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\'')), _mm_cmpeq_epi8(v, _mm_set1_epi8('-')));
    const int shift = 16 * q;
    m.letter |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(alpha))} << shift;
    m.alnum |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(_mm_or_si128(alpha, digit)))}
               << shift;
    m.joiner |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(join))} << shift;
    m.high |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(v))} << shift;
  }
  return m;
}

namespace {
constexpr AsciiWordsKernel kSse2 = {"sse2", &SegmentAsciiWordsWith<&ClassifyAsciiBlockSse2>};
}  // namespace

const AsciiWordsKernel& AsciiWordsKernelSse2() { return kSse2; }

}  // namespace saring::neardup_internal

#endif  // SARING_X86_SIMD
