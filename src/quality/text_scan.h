// Byte-level UTF-8 helpers shared by the quality signals and the boilerplate learner: which bytes
// are whitespace, code-point counting, line trimming, and the punctuation classes of
// docs/quality.md. All inline; none allocates.
#ifndef SARING_QUALITY_TEXT_SCAN_H_
#define SARING_QUALITY_TEXT_SCAN_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "util/simd_isa.h"

#if SARING_X86_SIMD
#include <emmintrin.h>
#endif

namespace saring::quality_internal {

inline const uint8_t* Bytes(std::string_view s) {
  return reinterpret_cast<const uint8_t*>(s.data());
}

inline bool IsAsciiSpaceByte(uint8_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Length in bytes of the whitespace character at p[i] (i < e), or 0 if p[i] does not start one.
// Whitespace: ASCII whitespace, U+00A0, U+2000..U+200A, U+202F, U+205F, U+3000.
inline size_t SpaceLength(const uint8_t* p, size_t i, size_t e) {
  const uint8_t c = p[i];
  if (c < 0x80) return IsAsciiSpaceByte(c) ? 1 : 0;
  if (c == 0xC2) return (i + 1 < e && p[i + 1] == 0xA0) ? 2 : 0;
  if (c == 0xE2 && i + 2 < e) {
    const uint8_t b1 = p[i + 1], b2 = p[i + 2];
    if (b1 == 0x80 && (b2 <= 0x8A || b2 == 0xAF)) return 3;
    if (b1 == 0x81 && b2 == 0x9F) return 3;
    return 0;
  }
  if (c == 0xE3) return (i + 2 < e && p[i + 1] == 0x80 && p[i + 2] == 0x80) ? 3 : 0;
  return 0;
}

// Narrows [*b, *e) of p to exclude leading and trailing whitespace (as SpaceLength).
inline void TrimSpaces(const uint8_t* p, size_t* b, size_t* e) {
  while (*b < *e) {
    const size_t n = SpaceLength(p, *b, *e);
    if (n == 0) break;
    *b += n;
  }
  while (*e > *b) {
    if (IsAsciiSpaceByte(p[*e - 1])) {
      --*e;
    } else if (*e - *b >= 2 && SpaceLength(p, *e - 2, *e) == 2) {
      *e -= 2;
    } else if (*e - *b >= 3 && SpaceLength(p, *e - 3, *e) == 3) {
      *e -= 3;
    } else {
      break;
    }
  }
}

// Code points in p[0, n): bytes that are not UTF-8 continuation bytes (an invalid byte counts as
// one). The SSE2 loop counts continuation bytes (0x80..0xBF, i.e. signed < -64) 16 at a time in
// byte counters, summed with psadbw before they can overflow; the plain loop that it replaces
// vectorised poorly (about 2.5 instructions per byte).
inline uint64_t CountCodePoints(const uint8_t* p, size_t n) {
  uint64_t continuation = 0;
  size_t i = 0;
#if SARING_X86_SIMD
  const __m128i limit = _mm_set1_epi8(-64);
  while (n - i >= 16) {
    __m128i counters = _mm_setzero_si128();
    const size_t blocks = (n - i) / 16 < 255 ? (n - i) / 16 : 255;
    for (size_t k = 0; k < blocks; ++k, i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      counters = _mm_sub_epi8(counters, _mm_cmplt_epi8(v, limit));
    }
    const __m128i sums = _mm_sad_epu8(counters, _mm_setzero_si128());
    continuation += static_cast<uint64_t>(_mm_cvtsi128_si64(sums)) +
                    static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
  }
#endif
  for (; i < n; ++i) continuation += (p[i] & 0xC0) == 0x80;
  return n - continuation;
}

// Decodes the code point ending at p[e-1] (e > b), reading back at most 4 bytes and not before b.
// Sets *start to its first byte. Returns 0xFFFD for a malformed sequence.
inline uint32_t LastCodePoint(const uint8_t* p, size_t b, size_t e, size_t* start) {
  size_t s = e - 1;
  while (s > b && e - s < 4 && (p[s] & 0xC0) == 0x80) --s;
  *start = s;
  const uint8_t c = p[s];
  const size_t len = e - s;
  if (len == 1) return c < 0x80 ? c : 0xFFFD;
  if (len == 2 && (c & 0xE0) == 0xC0) return ((c & 0x1Fu) << 6) | (p[s + 1] & 0x3Fu);
  if (len == 3 && (c & 0xF0) == 0xE0) {
    return ((c & 0x0Fu) << 12) | ((p[s + 1] & 0x3Fu) << 6) | (p[s + 2] & 0x3Fu);
  }
  if (len == 4 && (c & 0xF8) == 0xF0) {
    return ((c & 0x07u) << 18) | ((p[s + 1] & 0x3Fu) << 12) | ((p[s + 2] & 0x3Fu) << 6) |
           (p[s + 3] & 0x3Fu);
  }
  *start = e - 1;
  return 0xFFFD;
}

// Sentence-final punctuation: . ! ? and the CJK, Arabic and Devanagari full stops.
inline bool IsSentenceEnd(uint32_t cp) {
  return cp == '.' || cp == '!' || cp == '?' || cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F ||
         cp == 0x061F || cp == 0x0964 || cp == 0x2026;
}

// Closing quotes and brackets that may follow sentence-final punctuation.
inline bool IsCloser(uint32_t cp) {
  return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019 ||
         cp == 0x00BB;
}

// C4's terminal punctuation for a line end: sentence-final punctuation or a closing quote.
inline bool IsTerminalPunct(uint32_t cp) {
  return IsSentenceEnd(cp) || cp == '"' || cp == '\'' || cp == 0x201D || cp == 0x2019 ||
         cp == 0x00BB;
}

// Bullet characters that may start a list line.
inline bool IsBullet(uint32_t cp) {
  switch (cp) {
    case '-':
    case '*':
    case 0x2022:
    case 0x2023:
    case 0x25E6:
    case 0x25AA:
    case 0x25CF:
    case 0x25CB:
    case 0x00B7:
    case 0x2013:
    case 0x2014:
    case 0x25BA:
    case 0x25A0: return true;
    default: return false;
  }
}

// Decodes the first code point of p[b, e) (e > b); returns 0xFFFD if malformed.
inline uint32_t FirstCodePoint(const uint8_t* p, size_t b, size_t e) {
  const uint8_t c = p[b];
  if (c < 0x80) return c;
  size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || b + len > e) return 0xFFFD;
  size_t start = 0;
  const uint32_t cp = LastCodePoint(p, b, b + len, &start);
  return start == b ? cp : 0xFFFD;
}

inline bool IsAsciiPunct(uint8_t c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

}  // namespace saring::quality_internal

#endif  // SARING_QUALITY_TEXT_SCAN_H_
