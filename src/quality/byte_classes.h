// Byte classes of a whole document as bitmaps, computed in one vectorised pass together with the
// document's whole-text counts, and a 16-byte loader that builds a short word core's key. The
// signal scanner (signals.cc) then finds a token's end, punctuation and non-ASCII bytes with a
// few bit operations instead of a loop over its bytes.
//
// SSE2 on x86-64 (where it is always present), else portable loops with the same results
// (SARING_X86_SIMD, util/simd_isa.h); ClassifyText's kernels: byte_classes_kernels.h.
#ifndef SARING_QUALITY_BYTE_CLASSES_H_
#define SARING_QUALITY_BYTE_CLASSES_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "quality/text_scan.h"
#include "util/simd_isa.h"

#if SARING_X86_SIMD
#include <emmintrin.h>
#endif

namespace saring::quality_internal {

// Counts over the whole text.
struct TextCounts {
  uint64_t newlines = 0, hashes = 0, braces = 0;
  uint64_t continuation = 0;  // UTF-8 continuation bytes (0x80..0xBF)
  uint64_t ellipses = 0;      // every third '.' of a run of dots, plus each U+2026
};

// Words each bitmap needs for a text of n bytes (whole words, plus padding read by BitsAt).
inline size_t BitmapWords(size_t n) { return n / 64 + 2; }

// One pass over p[0, n): returns the counts and sets bit i (bit i % 64 of word i / 64) of
//   space:  p[i] is part of a whitespace character: ASCII whitespace, or any byte of a
//           character at j <= i with SpaceLength(p, j, line end) > i - j, where the line end is
//           the next '\n' or n (so a whitespace character never reaches over a '\n'),
//   high:   p[i] >= 0x80,
//   punct:  p[i] is ASCII punctuation (IsAsciiPunct),
//   letter: p[i] is an ASCII letter.
// Each bitmap must hold BitmapWords(n) words; bits at and after n are zero.
TextCounts ClassifyText(const uint8_t* p, size_t n, uint64_t* space, uint64_t* high,
                        uint64_t* punct, uint64_t* letter);

// Bits i, i+1, ... of a bitmap from ClassifyText as bits 0, 1, ...: at least kBitWindow of them
// (the rest may be zero). REQUIRES: i < 64 * (BitmapWords(n) - 1).
constexpr size_t kBitWindow = 57;
inline uint64_t BitsAt(const uint64_t* bits, size_t i) {
  if constexpr (std::endian::native == std::endian::little) {
    uint64_t w = 0;  // one unaligned load: bytes i / 8 .. i / 8 + 7
    std::memcpy(&w, reinterpret_cast<const uint8_t*>(bits) + (i >> 3), sizeof(w));
    return w >> (i & 7);
  } else {
    const size_t w = i >> 6, b = i & 63;
    return b == 0 ? bits[w] : (bits[w] >> b) | (bits[w + 1] << (64 - b));
  }
}

inline uint64_t LowBits64(size_t k) { return k >= 64 ? ~uint64_t{0} : (uint64_t{1} << k) - 1; }

// The key of a short word core (at most 15 bytes): its 16 bytes with ASCII letters lower-cased
// and zero padding, except byte 15 (always padding), which holds the length.
struct CoreKey {
  uint64_t lo = 0, hi = 0;
};

// The key of p[i, i + len), 1 <= len <= 15, i + len <= n.
inline CoreKey MakeCoreKey(const uint8_t* p, size_t i, size_t len, size_t n) {
  CoreKey k;
#if SARING_X86_SIMD
  __m128i v;
  if (n - i >= 16) {
    v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
  } else {  // near the end of the text: do not read past it
    alignas(16) uint8_t buf[16] = {};
    std::memcpy(buf, p + i, n - i);
    v = _mm_load_si128(reinterpret_cast<const __m128i*>(buf));
  }
  // Letters: (c | 0x20) - 'a' <= 25 (unsigned); lower case sets bit 0x20 of letters only.
  const __m128i folded = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('a'));
  const __m128i letter = _mm_cmpeq_epi8(_mm_min_epu8(folded, _mm_set1_epi8(25)), folded);
  const __m128i lower = _mm_or_si128(v, _mm_and_si128(letter, _mm_set1_epi8(0x20)));
  // Keep the first len bytes: a byte index below len.
  const __m128i index = _mm_set_epi8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  const __m128i keep = _mm_cmpgt_epi8(_mm_set1_epi8(static_cast<char>(len)), index);
  const __m128i key = _mm_and_si128(lower, keep);
  k.lo = static_cast<uint64_t>(_mm_cvtsi128_si64(key));
  k.hi = static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(key, key))) |
         static_cast<uint64_t>(len) << 56;  // byte 15 (x86-64 is little-endian)
#else
  uint8_t bytes[16] = {};
  for (size_t j = 0; j < len; ++j) {
    const uint8_t c = p[i + j];
    bytes[j] = c >= 'A' && c <= 'Z' ? c | 0x20 : c;
  }
  bytes[15] = static_cast<uint8_t>(len);
  std::memcpy(&k.lo, bytes, 8);
  std::memcpy(&k.hi, bytes + 8, 8);
#endif
  return k;
}

// p[i, i + len) with ASCII letters lower-cased into out, 16 bytes at a time: out must have room
// for len rounded up to 16. REQUIRES: i + len <= n.
inline void LowerAscii(const uint8_t* p, size_t i, size_t len, size_t n, uint8_t* out) {
#if SARING_X86_SIMD
  for (size_t j = 0; j < len; j += 16) {
    __m128i v;
    if (n - (i + j) >= 16) {
      v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + j));
    } else {
      alignas(16) uint8_t buf[16] = {};
      std::memcpy(buf, p + i + j, n - (i + j));
      v = _mm_load_si128(reinterpret_cast<const __m128i*>(buf));
    }
    const __m128i folded = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('a'));
    const __m128i letter = _mm_cmpeq_epi8(_mm_min_epu8(folded, _mm_set1_epi8(25)), folded);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + j),
                     _mm_or_si128(v, _mm_and_si128(letter, _mm_set1_epi8(0x20))));
  }
#else
  for (size_t j = 0; j < len; ++j) {
    const uint8_t c = p[i + j];
    out[j] = c >= 'A' && c <= 'Z' ? c | 0x20 : c;
  }
#endif
}

// The key's core bytes (ASCII-lower-cased, zero-padded) into out[0, 16).
inline void CoreKeyBytes(const CoreKey& k, uint8_t* out) {
  std::memcpy(out, &k.lo, 8);
  std::memcpy(out + 8, &k.hi, 8);
  out[15] = 0;
}

}  // namespace saring::quality_internal

#endif  // SARING_QUALITY_BYTE_CLASSES_H_
