// The scalar ASCII normalisation (the specification of normalize_kernels.h), inline so that the
// SSE2 kernel, which uses it for the bytes after its last block, inlines it with the table of its
// option combination.
#ifndef SARING_TEXT_KERNELS_NORMALIZE_ASCII_SCALAR_H_
#define SARING_TEXT_KERNELS_NORMALIZE_ASCII_SCALAR_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "text/normalize_kernels.h"

namespace saring::text {

// Maps each ASCII byte to its normalised byte, or to 0 if it is a separator.
struct AsciiTable {
  std::array<char, 128> map{};
};

constexpr AsciiTable MakeAsciiTable(bool fold_case, bool strip_punctuation, bool fold_digits) {
  AsciiTable t;
  for (int c = 0; c < 128; ++c) {
    char m;
    if (c <= 0x20 || c == 0x7F) {
      m = 0;  // controls (Cc) and space (Zs)
    } else if (c >= 'A' && c <= 'Z') {
      m = static_cast<char>(fold_case ? c + ('a' - 'A') : c);
    } else if ((c >= 'a' && c <= 'z')) {
      m = static_cast<char>(c);
    } else if (c >= '0' && c <= '9') {
      m = fold_digits ? '0' : static_cast<char>(c);
    } else {
      m = strip_punctuation ? 0 : static_cast<char>(c);  // every other ASCII byte is P* or S*
    }
    t.map[c] = m;
  }
  return t;
}

constexpr std::array<AsciiTable, 8> MakeAsciiTables() {
  std::array<AsciiTable, 8> tables;
  for (int i = 0; i < 8; ++i) tables[i] = MakeAsciiTable(i & 1, i & 2, i & 4);
  return tables;
}

// By AsciiOptionIndex.
inline constexpr std::array<AsciiTable, 8> kAsciiTables = MakeAsciiTables();

// If the 8 ASCII bytes at s are lower-case letters and spaces with no two spaces adjacent, writes
// their normal form at *p (given that content was already written and *pending says whether a
// separator follows it), advances *p, updates *pending and returns true. Otherwise returns false
// and writes nothing. Writes up to 9 bytes past *p whatever it returns true for.
inline bool CopyNormalBlock(const unsigned char* s, char** p, bool* pending) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  uint64_t v;
  std::memcpy(&v, s, 8);
  // Bytes are < 0x80, so adding never carries into the next byte.
  const uint64_t lower = (v + kOnes * (0x80 - 'a')) & ~(v + kOnes * (0x80 - 'z' - 1)) & kHigh;
  const uint64_t x = v ^ (kOnes * ' ');
  const uint64_t space = ~(((x & ~kHigh) + ~kHigh) | x) & kHigh;  // exact per-byte x == 0
  if ((lower | space) != kHigh || (space & (space >> 8)) != 0) return false;
  char* out = *p;
  size_t skip = 0;
  if (*pending) {
    *out++ = ' ';
    skip = space & 0x80;  // a leading space is the pending one
    skip = skip != 0;
  }
  std::memcpy(out - skip, s, 8);
  out += 8 - skip;
  *pending = (space >> 63) != 0;  // a trailing space waits for the next content
  out -= *pending;
  *p = out;
  return true;
}

// Normalises the ASCII bytes s[0, n): table lookups a byte at a time, with eight-byte blocks of
// lower-case letters and single spaces (most of English prose) copied whole. A space is written
// speculatively and kept only before content that follows a separator. Writes up to 9 bytes past
// the end of its output.
inline void AsciiScalar(const unsigned char* s, size_t n, const AsciiTable& table, Cursor* c) {
  char* p = c->p;
  bool emitted = c->emitted;
  bool pending = c->pending;
  size_t i = 0;
  while (i < n) {
    if (emitted && i + 8 <= n && CopyNormalBlock(s + i, &p, &pending)) {
      i += 8;
      continue;
    }
    const size_t stop = i + 8 < n ? i + 8 : n;
    for (; i < stop; ++i) {
      const char m = table.map[s[i]];
      const bool content = m != 0;
      *p = ' ';
      p += content & pending;
      *p = m;
      p += content;
      emitted |= content;
      pending = !content & emitted;
    }
  }
  c->p = p;
  c->emitted = emitted;
  c->pending = pending;
}

}  // namespace saring::text

#endif  // SARING_TEXT_KERNELS_NORMALIZE_ASCII_SCALAR_H_
