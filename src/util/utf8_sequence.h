// Utf8SequenceLength: the one check of a single UTF-8 sequence, for writers that replace invalid
// bytes one at a time (JSON strings for people, the report's HTML).
//
// Thread-safety: a stateless function; safe from any thread.
#ifndef SARING_UTIL_UTF8_SEQUENCE_H_
#define SARING_UTIL_UTF8_SEQUENCE_H_

#include <cstddef>
#include <string_view>

namespace saring {

// Length (1 to 4) of the valid UTF-8 sequence starting at s[i], or 0 if the bytes there are not
// one: a stray continuation byte, a cut sequence, an overlong form, a surrogate or a code point
// past U+10FFFF. REQUIRES: i < s.size().
inline size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c < 0xF0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  if (n == 3 && ((c == 0xE0 && byte(i + 1) < 0xA0) || (c == 0xED && byte(i + 1) >= 0xA0))) return 0;
  if (n == 4 && ((c == 0xF0 && byte(i + 1) < 0x90) || (c == 0xF4 && byte(i + 1) >= 0x90))) return 0;
  return n;
}

}  // namespace saring

#endif  // SARING_UTIL_UTF8_SEQUENCE_H_
