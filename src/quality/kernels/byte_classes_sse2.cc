// The SSE2 ClassifyText kernel: 64-byte blocks as four 16-byte vectors; counts accumulate in byte
// lanes and are summed with psadbw before they can overflow. SSE2 is part of x86-64, so this
// kernel needs no CPU check.
#include "util/simd_isa.h"

#if SARING_X86_SIMD
#include <emmintrin.h>

#include <cstring>

#include "quality/byte_classes_kernels.h"

namespace saring::quality_internal {
namespace {

// Adds floor(length / 3) for each run of dots that ends within a 64-byte block, given the block's
// dot mask; *run carries the length of a run that reaches the block's end into the next block.
void AddDotRuns(uint64_t dots, uint64_t* run, uint64_t* ellipses) {
  if (*run != 0 && (dots & 1) == 0) {
    *ellipses += *run / 3;
    *run = 0;
  }
  while (dots != 0) {
    const auto start = static_cast<uint32_t>(__builtin_ctzll(dots));
    const uint64_t rest = ~(dots >> start);  // 0 only for a block of 64 dots (ctz(0) is undefined)
    const auto len = rest == 0 ? 64 - start : static_cast<uint32_t>(__builtin_ctzll(rest));
    if (start + len == 64) {
      *run += len;
      return;
    }
    *ellipses += (*run + len) / 3;
    *run = 0;
    dots &= ~(((uint64_t{1} << len) - 1) << start);
  }
}

// Bytes in [lo, hi] (unsigned): (x - lo) <= (hi - lo), i.e. min(d, hi - lo) == d.
inline __m128i InRange(__m128i x, char lo, char width) {
  const __m128i d = _mm_sub_epi8(x, _mm_set1_epi8(lo));
  return _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(width)), d);
}

inline uint64_t Mask(__m128i m) { return static_cast<uint64_t>(_mm_movemask_epi8(m)); }

// Sums the byte counters (each < 256) of c.
inline uint64_t Sum(__m128i c) {
  const __m128i s = _mm_sad_epu8(c, _mm_setzero_si128());
  return static_cast<uint64_t>(_mm_cvtsi128_si64(s)) +
         static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(s, s)));
}

}  // namespace

TextCounts ClassifyTextSse2(const uint8_t* p, size_t n, uint64_t* space, uint64_t* high,
                            uint64_t* punct, uint64_t* letter) {
  TextCounts t;
  uint64_t dot_run = 0;
  // Per-byte counters: each 16-byte chunk adds at most 1 per lane (cmpeq gives -1 per match),
  // four chunks a block, so they are summed every 63 blocks, before they can overflow.
  __m128i hashes = _mm_setzero_si128(), braces = hashes, cont = hashes, newlines = hashes;
  uint64_t cover_carry = 0;  // whitespace bits reaching into the next block
  const size_t full_blocks = n / 64;
  const size_t blocks = (n + 63) / 64;
  for (size_t w = 0; w < blocks; ++w) {
    const uint8_t* q = p + w * 64;
    alignas(16) uint8_t tail[64];
    if (w == full_blocks) {  // the last, partial block: zero padding classifies as nothing
      std::memset(tail, 0, sizeof(tail));
      std::memcpy(tail, q, n - w * 64);
      q = tail;
    }
    uint64_t sp = 0, hi = 0, pu = 0, lt = 0, dots = 0, leads = 0;
    for (int c = 0; c < 4; ++c) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + 16 * c));
      const int shift = 16 * c;
      const __m128i ws = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), InRange(v, '\t', 4));
      // Punctuation: graphic ASCII (0x21..0x7E) that is neither a letter nor a digit.
      const __m128i letters = InRange(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 25);
      const __m128i alnum = _mm_or_si128(letters, InRange(v, '0', 9));
      const __m128i graphic = InRange(v, 0x21, 0x7E - 0x21);
      const uint64_t high_bits = Mask(v);
      sp |= Mask(ws) << shift;
      hi |= high_bits << shift;
      pu |= Mask(_mm_andnot_si128(alnum, graphic)) << shift;
      lt |= Mask(letters) << shift;
      dots |= Mask(_mm_cmpeq_epi8(v, _mm_set1_epi8('.'))) << shift;
      newlines = _mm_sub_epi8(newlines, _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
      hashes = _mm_sub_epi8(hashes, _mm_cmpeq_epi8(v, _mm_set1_epi8('#')));
      braces = _mm_sub_epi8(braces, _mm_cmpeq_epi8(v, _mm_set1_epi8('{')));
      if (high_bits != 0) {  // rare in much text: continuation and lead bytes
        cont = _mm_sub_epi8(cont, _mm_cmplt_epi8(v, _mm_set1_epi8(-64)));  // 0x80..0xBF
        const __m128i c2 = _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xC2)));
        const __m128i e2 = _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xE2)));
        const __m128i e3 = _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xE3)));
        leads |= Mask(_mm_or_si128(c2, _mm_or_si128(e2, e3))) << shift;
      }
    }
    if ((dots | dot_run) != 0) AddDotRuns(dots, &dot_run, &t.ellipses);
    // C2, E2, E3: U+2026 (E2 80 A6) is an ellipsis; C2 A0 and some E2 and E3 sequences are
    // whitespace, whose bytes are marked (the last one may reach into the next block).
    sp |= cover_carry;
    cover_carry = 0;
    for (; leads != 0; leads &= leads - 1) {
      const auto j = static_cast<size_t>(__builtin_ctzll(leads));
      t.ellipses += q[j] == 0xE2 && IsEllipsisChar(p, w * 64 + j, n);
      const size_t len = UnicodeSpaceLength(p, w * 64 + j, n);
      if (len == 0) continue;
      const uint64_t bits = (uint64_t{1} << len) - 1;
      sp |= bits << j;
      if (j + len > 64) cover_carry = bits >> (64 - j);
    }
    space[w] = sp;
    high[w] = hi;
    punct[w] = pu;
    letter[w] = lt;
    if (w % 63 == 62 || w + 1 == blocks) {
      t.newlines += Sum(newlines);
      t.hashes += Sum(hashes);
      t.braces += Sum(braces);
      t.continuation += Sum(cont);
      hashes = braces = cont = newlines = _mm_setzero_si128();
    }
  }
  t.ellipses += dot_run / 3;
  for (size_t w = blocks; w < BitmapWords(n); ++w) space[w] = high[w] = punct[w] = letter[w] = 0;
  return t;
}

}  // namespace saring::quality_internal

#endif  // SARING_X86_SIMD
