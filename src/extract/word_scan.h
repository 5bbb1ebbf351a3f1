// Byte scans over block text (private to the extract module): where the next word separator is,
// and whether a text node needs its whitespace collapsed at all. Block text has its whitespace
// already collapsed to single spaces and line breaks, so a word is a run of bytes other than
// ' ' and '\n'.
//
// Each scan has an SSE2 path (baseline on x86-64) and a scalar one that gives the same answer;
// the tests compare both on random text.
//
// Thread-safety: stateless functions.
#ifndef SARING_EXTRACT_WORD_SCAN_H_
#define SARING_EXTRACT_WORD_SCAN_H_

#include <cstddef>
#include <cstdint>

#include "util/simd_isa.h"

#if SARING_X86_SIMD
#include <emmintrin.h>
#endif

namespace saring::extract_internal {

inline bool IsWordSeparator(char c) { return c == ' ' || c == '\n'; }

// Bit i of the result is set if p[i] is ' ' or '\n', for i < 16. REQUIRES: 16 readable bytes.
inline uint32_t SeparatorMask16(const char* p) {
#if SARING_X86_SIMD
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i sep =
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
  return static_cast<uint32_t>(_mm_movemask_epi8(sep));
#else
  uint32_t m = 0;
  for (int i = 0; i < 16; ++i) m |= static_cast<uint32_t>(IsWordSeparator(p[i])) << i;
  return m;
#endif
}

// The first position at or after `i` whose byte is (kSeparator) or is not (!kSeparator) a word
// separator; `n` if there is none.
template <bool kSeparator>
inline size_t NextWhere(const char* p, size_t i, size_t n) {
  for (; i + 16 <= n; i += 16) {
    uint32_t m = SeparatorMask16(p + i);
    if (!kSeparator) m = ~m & 0xFFFF;
    if (m != 0) return i + static_cast<size_t>(__builtin_ctz(m));
  }
  for (; i < n; ++i) {
    if (IsWordSeparator(p[i]) == kSeparator) return i;
  }
  return n;
}

// The number of words (maximal runs of bytes other than ' ' and '\n') in p[0, n).
inline size_t CountSeparatedWords(const char* p, size_t n) {
  size_t words = 0;
  uint32_t prev_sep = 1;  // a word starting at 0 counts
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const uint32_t sep = SeparatorMask16(p + i);
    const uint32_t starts = ~sep & ((sep << 1) | prev_sep) & 0xFFFF;
    words += static_cast<size_t>(__builtin_popcount(starts));
    prev_sep = sep >> 15;
  }
  for (; i < n; ++i) {
    const uint32_t sep = IsWordSeparator(p[i]);
    words += !sep && prev_sep;
    prev_sep = sep;
  }
  return words;
}

// True if a whitespace byte of HTML (' ', '\t', '\n', '\r', '\f', '\v') or the lead byte 0xC2 of
// a possible U+00A0 occurs in p[0, n), other than single ' ' between other bytes: then collapsing
// would change the text. *spaces is the number of ' ' bytes (valid when false is returned).
// REQUIRES: p[0] and p[n-1] are not ' ' (the caller trims them).
inline bool NeedsCollapsing(const char* p, size_t n, size_t* spaces) {
  size_t count = 0;
  size_t i = 0;
#if SARING_X86_SIMD
  uint32_t prev_space = 0;
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const uint32_t space =
        static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' '))));
    // \t \n \v \f \r are 9..13: (v - 9) < 5 as unsigned bytes.
    const __m128i low = _mm_sub_epi8(v, _mm_set1_epi8(9));
    const __m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(low, _mm_set1_epi8(4)), low);
    const __m128i c2 = _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xC2)));
    if (_mm_movemask_epi8(_mm_or_si128(ctl, c2)) != 0) return true;
    if ((space & ((space << 1) | prev_space)) != 0) return true;  // two spaces in a row
    count += static_cast<size_t>(__builtin_popcount(space));
    prev_space = space >> 15;
  }
  bool prev = prev_space != 0;
#else
  bool prev = false;
#endif
  for (; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(p[i]);
    if ((c >= 9 && c <= 13) || c == 0xC2) return true;
    const bool space = c == ' ';
    if (space && prev) return true;
    count += space;
    prev = space;
  }
  *spaces = count;
  return false;
}

// True if p[0, n) holds one of . ! ? , ; or U+3002 IDEOGRAPHIC FULL STOP (E3 80 82).
inline bool HasSentencePunctuation(const char* p, size_t n) {
  auto ideographic_stop = [&](size_t i) {
    return i + 2 < n && p[i + 1] == '\x80' && p[i + 2] == '\x82';
  };
  size_t i = 0;
#if SARING_X86_SIMD
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    auto eq = [&](char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); };
    const __m128i punct = _mm_or_si128(_mm_or_si128(eq('.'), eq('!')),
                                       _mm_or_si128(eq('?'), _mm_or_si128(eq(','), eq(';'))));
    if (_mm_movemask_epi8(punct) != 0) return true;
    for (uint32_t e3 = static_cast<uint32_t>(_mm_movemask_epi8(eq('\xE3'))); e3 != 0;
         e3 &= e3 - 1) {
      if (ideographic_stop(i + static_cast<size_t>(__builtin_ctz(e3)))) return true;
    }
  }
#endif
  for (; i < n; ++i) {
    const char c = p[i];
    if (c == '.' || c == '!' || c == '?' || c == ',' || c == ';') return true;
    if (c == '\xE3' && ideographic_stop(i)) return true;
  }
  return false;
}

}  // namespace saring::extract_internal

#endif  // SARING_EXTRACT_WORD_SCAN_H_
