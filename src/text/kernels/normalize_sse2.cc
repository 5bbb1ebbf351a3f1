// The SSE2 ASCII normalisation kernel: 16-byte blocks mapped in registers, stored whole when they
// drop no separator. SSE2 is part of x86-64, so this kernel needs no CPU check.
#include "util/simd_isa.h"

#if SARING_X86_SIMD
#include <emmintrin.h>

#include "text/kernels/normalize_ascii_scalar.h"
#include "text/normalize_kernels.h"

namespace saring::text {
namespace {

// Byte-wise lo <= v <= hi for bytes below 0x80 (the signed compare is exact there).
inline __m128i InRange(__m128i v, char lo, char hi) {
  return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(lo - 1))),
                       _mm_cmpgt_epi8(_mm_set1_epi8(static_cast<char>(hi + 1)), v));
}

// Stores bytes [start, 16) of the 16 bytes lo:hi (little-endian) at out, then zeros up to
// out + 16. Branch-free; `start` < 16.
inline void StoreBytesFrom(uint64_t lo, uint64_t hi, uint32_t start, char* out) {
  const bool high = start >= 8;
  const uint64_t a = high ? hi : lo;
  const uint64_t b = high ? 0 : hi;
  const uint32_t shift = 8 * (start & 7);
  const uint64_t w0 = (a >> shift) | ((b << 1) << (63 - shift));  // no shift by 64 when shift == 0
  const uint64_t w1 = b >> shift;
  std::memcpy(out, &w0, 8);
  std::memcpy(out + 8, &w1, 8);
}

// Normalises the 16 ASCII bytes v, exactly as AsciiScalar would: maps every byte (AsciiTable
// rules) in registers, turns separators into spaces, drops every separator that follows a
// separator (or leads the output), and holds back a trailing one as pending. Blocks without a
// droppable separator, most of prose, are one 16-byte store; others are copied run by run.
// Writes up to 17 bytes past c->p.
template <bool kFoldCase, bool kStrip, bool kDigits>
inline void AsciiBlock16(__m128i v, Cursor* c) {
  const __m128i upper = InRange(v, 'A', 'Z');
  const __m128i digit = InRange(v, '0', '9');
  __m128i content;
  if (kStrip) {
    content = _mm_or_si128(_mm_or_si128(InRange(v, 'a', 'z'), upper), digit);
  } else {
    content = InRange(v, '!', '~');  // everything but controls, space and DEL
  }
  __m128i mapped = v;
  if (kFoldCase) mapped = _mm_add_epi8(mapped, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
  if (kDigits)
    mapped =
        _mm_or_si128(_mm_and_si128(digit, _mm_set1_epi8('0')), _mm_andnot_si128(digit, mapped));
  mapped =
      _mm_or_si128(_mm_and_si128(content, mapped), _mm_andnot_si128(content, _mm_set1_epi8(' ')));
  const auto sep = static_cast<uint32_t>(~_mm_movemask_epi8(content)) & 0xFFFF;
  char* out = c->p;
  // A separator is dropped after a separator; before the block, "after a separator" means a space
  // is already owed (written now, before the block) or nothing has been emitted yet.
  const uint32_t before = (c->pending || !c->emitted) ? 1 : 0;
  if (c->pending) *out++ = ' ';
  const uint32_t drop = sep & ((sep << 1) | before);
  if (drop == 0) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), mapped);
    out += 16;
  } else if (drop != 0xFFFF) {
    // Copy the kept runs from the two halves of `mapped` in general registers (a store and an
    // unaligned reload of the vector would stall on store forwarding).
    const auto lo = static_cast<uint64_t>(_mm_cvtsi128_si64(mapped));
    const auto hi = static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(mapped, mapped)));
    for (uint32_t keep = ~drop & 0xFFFF; keep != 0;) {
      const auto start = static_cast<uint32_t>(__builtin_ctz(keep));
      const auto len = static_cast<uint32_t>(__builtin_ctz(~(keep >> start)));
      StoreBytesFrom(lo, hi, start, out);
      out += len;
      keep &= ~(((uint32_t{1} << len) - 1) << start);
    }
  }
  c->emitted = c->emitted || sep != 0xFFFF;
  // Output that has content and ends in a separator ends in its space: hold it back as pending.
  if ((sep & 0x8000) != 0) {
    if (c->emitted) --out, c->pending = true;
  } else {
    c->pending = false;
  }
  c->p = out;
}

inline uint32_t HighBits16(const unsigned char* p) {
  return static_cast<uint32_t>(
      _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
}

// Normalises whole 16-byte blocks of text[from, n) while a block and the byte after it are ASCII
// (the last ASCII byte before a non-ASCII one may have to go to the general path with it).
template <bool kFoldCase, bool kStrip, bool kDigits>
AsciiStop AsciiBlocksSse2(const unsigned char* text, size_t from, size_t n, Cursor* c) {
  Cursor local = *c;  // in registers: stores through local.p cannot alias it
  size_t i = from;
  for (; i + 16 < n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + i));
    const auto high = static_cast<uint32_t>(_mm_movemask_epi8(v));
    if (high != 0 || text[i + 16] >= 0x80) {
      *c = local;
      return {i, high != 0 ? i + static_cast<size_t>(__builtin_ctz(high)) : i + 16};
    }
    AsciiBlock16<kFoldCase, kStrip, kDigits>(v, &local);
  }
  *c = local;
  return {i, AsciiTailEnd<16>(text, i, n, &HighBits16)};
}

// Normalises the ASCII bytes text[from, to), at most 16 of them (the rest of AsciiBlocksSse2).
template <bool kFoldCase, bool kStrip, bool kDigits>
void AsciiPartialSse2(const unsigned char* text, size_t from, size_t to, Cursor* c) {
  AsciiScalar(text + from, to - from, kAsciiTables[AsciiOptionIndex(kFoldCase, kStrip, kDigits)],
              c);
}

template <int kIndex>
constexpr AsciiOps Sse2Ops() {
  return {&AsciiBlocksSse2<(kIndex & 1) != 0, (kIndex & 2) != 0, (kIndex & 4) != 0>,
          &AsciiPartialSse2<(kIndex & 1) != 0, (kIndex & 2) != 0, (kIndex & 4) != 0>};
}

constexpr AsciiKernel kSse2 = {"sse2",
                               {Sse2Ops<0>(), Sse2Ops<1>(), Sse2Ops<2>(), Sse2Ops<3>(),
                                Sse2Ops<4>(), Sse2Ops<5>(), Sse2Ops<6>(), Sse2Ops<7>()}};

}  // namespace

const AsciiKernel& AsciiKernelSse2() { return kSse2; }

}  // namespace saring::text

#endif  // SARING_X86_SIMD
