// UTF-8 helpers for the fuzz targets, written from RFC 3629 (Table 3-7 of the Unicode Standard)
// independently of the library, so that they can serve as a reference for it.
#ifndef SARING_FUZZ_FUZZ_UTF8_H_
#define SARING_FUZZ_FUZZ_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace saring_fuzz {

// Length of the well-formed sequence starting at s[i], or 0 if it is ill-formed.
inline size_t WellFormedLength(std::string_view s, size_t i) {
  auto at = [&](size_t k) -> int {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : -1;
  };
  auto in = [](int c, int lo, int hi) { return c >= lo && c <= hi; };
  const int b0 = at(0);
  if (b0 < 0x80) return 1;
  if (in(b0, 0xC2, 0xDF)) return in(at(1), 0x80, 0xBF) ? 2 : 0;
  int lo = 0x80, hi = 0xBF;
  if (b0 == 0xE0) lo = 0xA0;
  if (b0 == 0xED) hi = 0x9F;
  if (b0 == 0xF0) lo = 0x90;
  if (b0 == 0xF4) hi = 0x8F;
  if (in(b0, 0xE0, 0xEF)) return in(at(1), lo, hi) && in(at(2), 0x80, 0xBF) ? 3 : 0;
  if (in(b0, 0xF0, 0xF4)) {
    return in(at(1), lo, hi) && in(at(2), 0x80, 0xBF) && in(at(3), 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

// Offset of the first ill-formed sequence, or npos if `s` is valid UTF-8.
inline size_t FirstIllFormed(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = WellFormedLength(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

// `s` with every byte that does not start a well-formed sequence replaced by '?'.
inline std::string MakeValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t n = WellFormedLength(s, i);
    if (n == 0) {
      out.push_back('?');
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace saring_fuzz

#endif  // SARING_FUZZ_FUZZ_UTF8_H_
