// The AVX2 ASCII normalisation kernel: 32-byte blocks, separator runs dropped with one pshufb
// compaction per block. Compiled with function-level target attributes, so the library still runs
// on any x86-64; the dispatcher calls it only when the CPU has AVX2 and POPCNT.
#include "util/simd_isa.h"

#if SARING_X86_SIMD
#include <immintrin.h>

#include "text/normalize_kernels.h"

namespace saring::text {
namespace {

#define SARING_TARGET_AVX2 __attribute__((target("avx2,popcnt")))

// For each 8-bit mask k: the indices of its set bits, in order, then 0x80 (pshufb writes a zero).
constexpr std::array<uint64_t, 256> MakeCompactShuffles() {
  std::array<uint64_t, 256> table{};
  for (uint32_t k = 0; k < 256; ++k) {
    uint64_t v = 0;
    uint32_t n = 0;
    for (uint32_t b = 0; b < 8; ++b) {
      if ((k >> b) & 1) v |= uint64_t{b} << (8 * n++);
    }
    for (; n < 8; ++n) v |= uint64_t{0x80} << (8 * n);
    table[k] = v;
  }
  return table;
}

alignas(64) constexpr std::array<uint64_t, 256> kCompactShuffles = MakeCompactShuffles();

SARING_TARGET_AVX2 inline __m256i InRange32(__m256i v, char lo, char hi) {
  return _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8(static_cast<char>(lo - 1))),
                          _mm256_cmpgt_epi8(_mm256_set1_epi8(static_cast<char>(hi + 1)), v));
}

// Writes the bytes of `v` whose bit is set in `keep`, in order, at *out and advances *out. Each
// 8-byte quarter is packed by one pshufb lane and stored whole: writes up to 8 bytes past the end.
SARING_TARGET_AVX2 inline void Compact32(__m256i v, uint32_t keep, char** out) {
  const __m128i high_half =
      _mm_set_epi64x(0x0808080808080808LL, 0);  // quarters 1 and 3 index 8..15
  const __m128i c01 =
      _mm_add_epi8(_mm_set_epi64x(static_cast<int64_t>(kCompactShuffles[(keep >> 8) & 0xFF]),
                                  static_cast<int64_t>(kCompactShuffles[keep & 0xFF])),
                   high_half);
  const __m128i c23 =
      _mm_add_epi8(_mm_set_epi64x(static_cast<int64_t>(kCompactShuffles[keep >> 24]),
                                  static_cast<int64_t>(kCompactShuffles[(keep >> 16) & 0xFF])),
                   high_half);
  const __m256i packed =
      _mm256_shuffle_epi8(v, _mm256_inserti128_si256(_mm256_castsi128_si256(c01), c23, 1));
  const __m128i lo = _mm256_castsi256_si128(packed);
  const __m128i hi = _mm256_extracti128_si256(packed, 1);
  char* p = *out;
  _mm_storel_epi64(reinterpret_cast<__m128i*>(p), lo);
  p += __builtin_popcount(keep & 0xFF);
  _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_unpackhi_epi64(lo, lo));
  p += __builtin_popcount(keep & 0xFF00);
  _mm_storel_epi64(reinterpret_cast<__m128i*>(p), hi);
  p += __builtin_popcount(keep & 0xFF0000);
  _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_unpackhi_epi64(hi, hi));
  p += __builtin_popcount(keep & 0xFF000000);
  *out = p;
}

// AsciiBlock16 for 32 bytes, of which only bytes [skip, 32) are normalised (the others are
// ignored: neither written nor counted as separators). Separator runs are dropped with one pshufb
// compaction instead of a copy per run. Writes up to 33 bytes past c->p.
template <bool kFoldCase, bool kStrip, bool kDigits>
SARING_TARGET_AVX2 inline void AsciiBlock32(__m256i v, uint32_t skip, Cursor* c) {
  const __m256i digit = InRange32(v, '0', '9');
  __m256i content;
  __m256i mapped;
  if (kStrip) {
    // Letters of either case are the bytes that OR 0x20 maps into a-z; folding is that OR, which
    // leaves digits (0x30-0x39) unchanged.
    const __m256i folded = _mm256_or_si256(v, _mm256_set1_epi8(0x20));
    content = _mm256_or_si256(InRange32(folded, 'a', 'z'), digit);
    mapped = kFoldCase ? folded : v;
  } else {
    content = InRange32(v, '!', '~');  // everything but controls, space and DEL
    mapped = v;
    if (kFoldCase)
      mapped = _mm256_add_epi8(v, _mm256_and_si256(InRange32(v, 'A', 'Z'), _mm256_set1_epi8(0x20)));
  }
  if (kDigits) mapped = _mm256_blendv_epi8(mapped, _mm256_set1_epi8('0'), digit);
  mapped = _mm256_blendv_epi8(_mm256_set1_epi8(' '), mapped, content);
  const auto sep = ~static_cast<uint32_t>(_mm256_movemask_epi8(content));
  const uint32_t valid = ~uint32_t{0} << skip;
  // Branch-free: whether a block drops a separator is as good as random in prose, so every block
  // is compacted (a block that keeps everything just takes longer than one store).
  char* out = c->p;
  const uint32_t before = (c->pending || !c->emitted) ? 1 : 0;
  *out = ' ';
  out += c->pending;
  // Byte i follows a separator if byte i - 1 is one, or, for the first byte, as in AsciiBlock16.
  const uint32_t after_separator = ((sep << 1) & (valid << 1)) | (before << skip);
  const uint32_t drop = (sep & after_separator) | ~valid;
  Compact32(mapped, ~drop, &out);
  c->emitted = c->emitted || (~sep & valid) != 0;
  // Output that has content and ends in a separator ends in its space: hold it back as pending.
  c->pending = c->emitted && (sep >> 31) != 0;
  out -= c->pending;
  c->p = out;
}

SARING_TARGET_AVX2 inline uint32_t HighBits32(const unsigned char* p) {
  return static_cast<uint32_t>(
      _mm256_movemask_epi8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))));
}

// AsciiBlocksSse2 with 32-byte blocks.
template <bool kFoldCase, bool kStrip, bool kDigits>
SARING_TARGET_AVX2 AsciiStop AsciiBlocksAvx2(const unsigned char* text, size_t from, size_t n,
                                             Cursor* c) {
  Cursor local = *c;  // in registers: stores through local.p cannot alias it
  size_t i = from;
  for (; i + 32 < n; i += 32) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(text + i));
    const auto high = static_cast<uint32_t>(_mm256_movemask_epi8(v));
    if (high != 0 || text[i + 32] >= 0x80) {
      *c = local;
      return {i, high != 0 ? i + static_cast<size_t>(__builtin_ctz(high)) : i + 32};
    }
    AsciiBlock32<kFoldCase, kStrip, kDigits>(v, 0, &local);
  }
  *c = local;
  return {i, AsciiTailEnd<32>(text, i, n, &HighBits32)};
}

// Normalises the ASCII bytes text[from, to), at most 32 of them, as one block: the 32 bytes that
// end at `to` (those before `from` are ignored), or a zero-padded copy at the start of the text.
template <bool kFoldCase, bool kStrip, bool kDigits>
SARING_TARGET_AVX2 void AsciiPartialAvx2(const unsigned char* text, size_t from, size_t to,
                                         Cursor* c) {
  const size_t length = to - from;
  if (length == 0) return;
  __m256i v;
  if (to >= 32) {
    v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(text + to - 32));
  } else {
    alignas(32) unsigned char buffer[32] = {};
    std::memcpy(buffer + 32 - length, text + from, length);
    v = _mm256_load_si256(reinterpret_cast<const __m256i*>(buffer));
  }
  AsciiBlock32<kFoldCase, kStrip, kDigits>(v, static_cast<uint32_t>(32 - length), c);
}

template <int kIndex>
constexpr AsciiOps Avx2Ops() {
  return {&AsciiBlocksAvx2<(kIndex & 1) != 0, (kIndex & 2) != 0, (kIndex & 4) != 0>,
          &AsciiPartialAvx2<(kIndex & 1) != 0, (kIndex & 2) != 0, (kIndex & 4) != 0>};
}

constexpr AsciiKernel kAvx2 = {"avx2",
                               {Avx2Ops<0>(), Avx2Ops<1>(), Avx2Ops<2>(), Avx2Ops<3>(),
                                Avx2Ops<4>(), Avx2Ops<5>(), Avx2Ops<6>(), Avx2Ops<7>()}};

}  // namespace

const AsciiKernel& AsciiKernelAvx2() { return kAvx2; }

}  // namespace saring::text

#endif  // SARING_X86_SIMD
