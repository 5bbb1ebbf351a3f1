// The scalar ClassifyText kernel: one byte at a time; the specification the others must match.
#include <algorithm>

#include "quality/byte_classes_kernels.h"

namespace saring::quality_internal {

TextCounts ClassifyTextScalar(const uint8_t* p, size_t n, uint64_t* space, uint64_t* high,
                              uint64_t* punct, uint64_t* letter) {
  TextCounts t;
  uint64_t dot_run = 0;
  std::fill(letter, letter + BitmapWords(n), 0);
  std::fill(space, space + BitmapWords(n), 0);
  std::fill(high, high + BitmapWords(n), 0);
  std::fill(punct, punct + BitmapWords(n), 0);
  for (size_t i = 0; i < n; ++i) {
    const uint8_t c = p[i];
    const uint64_t bit = uint64_t{1} << (i % 64);
    if (IsAsciiSpaceByte(c)) space[i / 64] |= bit;
    if (c == 0xC2 || c == 0xE2 || c == 0xE3) {
      const size_t len = UnicodeSpaceLength(p, i, n);
      for (size_t j = i; j < i + len; ++j) space[j / 64] |= uint64_t{1} << (j % 64);
    }
    if (c >= 0x80) high[i / 64] |= bit;
    if (IsAsciiPunct(c)) punct[i / 64] |= bit;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) letter[i / 64] |= bit;
    t.newlines += c == '\n';
    t.hashes += c == '#';
    t.braces += c == '{';
    t.continuation += (c & 0xC0) == 0x80;
    if (c == '.') {
      ++dot_run;
    } else {
      t.ellipses += dot_run / 3;
      dot_run = 0;
    }
    t.ellipses += c == 0xE2 && IsEllipsisChar(p, i, n);
  }
  t.ellipses += dot_run / 3;
  return t;
}

}  // namespace saring::quality_internal
