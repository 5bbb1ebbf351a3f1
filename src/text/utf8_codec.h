// UTF-8 decoding and encoding helpers shared by the text module (private).
//
// Decoding follows RFC 3629 / Unicode table 3-7: overlong forms, surrogates and code points above
// U+10FFFF are ill-formed. An ill-formed sequence decodes to U+FFFD and consumes its "maximal
// subpart" (the longest prefix that could start a well-formed sequence, at least one byte), the
// practice recommended by Unicode chapter 3.9 and used by ICU and WHATWG.
//
// Thread-safety: stateless inline functions.
#ifndef SARING_TEXT_UTF8_CODEC_H_
#define SARING_TEXT_UTF8_CODEC_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace saring::text {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Result of decoding one code point.
struct Decoded {
  char32_t cp;      // the code point, or kReplacementChar
  uint32_t length;  // bytes consumed, >= 1
  bool valid;       // false if the bytes were ill-formed
};

// Decodes the code point starting at s[i]. REQUIRES: i < n.
inline Decoded DecodeUtf8(const unsigned char* s, size_t n, size_t i) {
  const unsigned char b0 = s[i];
  if (b0 < 0x80) return {b0, 1, true};
  uint32_t need;
  char32_t cp;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1, cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2, cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // no overlongs
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3, cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;  // no overlongs
    if (b0 == 0xF4) hi = 0x8F;  // <= U+10FFFF
  } else {
    return {kReplacementChar, 1, false};
  }
  for (uint32_t k = 1; k <= need; ++k) {
    if (i + k >= n) return {kReplacementChar, k, false};
    const unsigned char b = s[i + k];
    const bool ok = (k == 1) ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
    if (!ok) return {kReplacementChar, k, false};
    cp = (cp << 6) | (b & 0x3F);
  }
  return {cp, need + 1, true};
}

// Returns the offset of the first byte of the code point that ends just before `pos`
// (pos > 0), stepping back over at most three continuation bytes.
inline size_t PreviousCodePointStart(const unsigned char* s, size_t pos) {
  size_t i = pos - 1;
  for (int k = 0; k < 3 && i > 0 && (s[i] & 0xC0) == 0x80; ++k) --i;
  return i;
}

// Returns the length of the ASCII prefix of s[0, n), testing eight bytes at a time.
inline size_t AsciiPrefixLength(const unsigned char* s, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, s + i, 8);
    if (word & 0x8080808080808080ULL) break;
  }
  while (i < n && s[i] < 0x80) ++i;
  return i;
}

// Writes the UTF-8 encoding of `cp` (a valid scalar value) to buf; returns its length (1..4).
inline size_t EncodeUtf8(char32_t cp, char* buf) {
  if (cp < 0x80) {
    buf[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    buf[0] = static_cast<char>(0xC0 | (cp >> 6));
    buf[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    buf[0] = static_cast<char>(0xE0 | (cp >> 12));
    buf[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buf[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  buf[0] = static_cast<char>(0xF0 | (cp >> 18));
  buf[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  buf[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  buf[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

// Counts the code points of well-formed UTF-8 (the bytes that are not continuation bytes).
inline size_t CountCodePoints(std::string_view s) {
  size_t count = 0;
  for (unsigned char c : s) count += (c & 0xC0) != 0x80;
  return count;
}

}  // namespace saring::text

#endif  // SARING_TEXT_UTF8_CODEC_H_
