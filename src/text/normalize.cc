// Text normalisation (see docs/normalization.md for the specification).
//
// The general path hands a chunk of UTF-8 to utf8proc (decompose with compatibility mappings,
// case folding and removal of default-ignorables; canonical reordering; canonical composition),
// then classifies every resulting code point by its general category.
//
// Most text never needs utf8proc. The text may be cut into chunks just before any code point
// whose decomposition starts with a starter (combining class 0) that is never the second element
// of a canonical composition: nothing reorders across such a starter and nothing before it can
// compose with it, and case folding and decomposition are context-free, so normalising the chunks
// one by one gives the same code points as normalising the whole text. Every ASCII character is
// such a "cut point", and so are nearly all the non-ASCII letters, digits, punctuation and symbols
// of Latin, Greek, Cyrillic, CJK and the other scripts in kCutSafeStarters. A code point that has
// a cut point on both sides is normalised alone, which the fast paths look up instead of computing:
//   - ASCII: NFKC is the identity and case folding is A-Z -> a-z. Runs of ASCII are mapped in
//     32-byte AVX2 blocks (16-byte SSE2 blocks on CPUs without AVX2) or through a 128-entry table.
//   - Other code points: a table per option combination, filled lazily a page of 64 code points
//     at a time by running the general path on each code point alone (CpEntry), so it holds
//     exactly what utf8proc gives.
// Everything else (combining marks, default-ignorables, Hangul jamo, Indic vowel signs, ...) goes
// to the general path together with the code point before it, up to the next cut point that
// starts a long enough run of fast text. Separator collapsing carries its state across chunks.
#include "saring/normalize.h"

#include <emmintrin.h>  // SSE2: baseline on x86-64
#include <immintrin.h>  // AVX2: only in functions compiled for it, called after a CPU check
#include <utf8proc.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "saring/status.h"
#include "text/normalize_internal.h"
#include "text/utf8_codec.h"

namespace saring {
namespace {

using text::AsciiPrefixLength;
using text::Decoded;
using text::DecodeUtf8;

// A run of fast text (ASCII or table code points) shorter than this between two code points that
// need the general path is left inside one general chunk, so that text with a combining mark in
// every word does not pay utf8proc's per-call overhead per word.
constexpr size_t kMinFastRun = 32;

int OptionIndex(const NormalizeOptions& o) {
  return (o.fold_case ? 1 : 0) | (o.strip_punctuation ? 2 : 0) | (o.fold_digits ? 4 : 0);
}

// ---------------------------------------------------------------------------------------------
// ASCII

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

constexpr std::array<AsciiTable, 8> kAsciiTables = MakeAsciiTables();

// Where the ASCII path writes and what it has seen. `emitted`: this NormalizeText call has written
// content, so separators now matter. `pending`: a separator followed the last content, so a space
// is owed before the next content (never true while `emitted` is false).
struct Cursor {
  char* p;
  bool emitted;
  bool pending;
};

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

// The scalar ASCII path, used for the tails of the SSE2 path: table lookups a byte at a time, with
// eight-byte blocks of lower-case letters and single spaces (most of English prose) copied whole.
// A space is written speculatively and kept only before content that follows a separator. Writes
// up to 9 bytes past the end of its output.
void AsciiScalar(const unsigned char* s, size_t n, const AsciiTable& table, Cursor* c) {
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

// Output bytes the ASCII paths may write past the bytes they keep: a pending space plus a
// 32-byte store that starts at the last output byte.
constexpr size_t kAsciiSlack = 34;

// --- SSE2 (every x86-64 CPU) ---

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
  if (kDigits) mapped = _mm_or_si128(_mm_and_si128(digit, _mm_set1_epi8('0')), _mm_andnot_si128(digit, mapped));
  mapped = _mm_or_si128(_mm_and_si128(content, mapped), _mm_andnot_si128(content, _mm_set1_epi8(' ')));
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

// Where AsciiBlocks* stopped in text[from, n): whole blocks were normalised up to blocks_end, and
// the ASCII run that starts at `from` ends at ascii_end (a non-ASCII byte, or n). The bytes in
// between, at most one block, are left to the `partial` function.
struct AsciiStop {
  size_t blocks_end;
  size_t ascii_end;
};

// The end of the ASCII run at text[i, n), given that i + kBlock >= n: the rest fits one block,
// read as the block that ends at n (or a padded copy if the text is shorter than a block), so a
// mispredicted byte loop never runs.
template <size_t kBlock>
inline size_t AsciiTailEnd(const unsigned char* text, size_t i, size_t n, uint32_t (*high_bits)(const unsigned char*)) {
  const size_t rest = n - i;  // <= kBlock
  uint64_t high;
  if (n >= kBlock) {
    high = static_cast<uint64_t>(high_bits(text + n - kBlock)) >> (kBlock - rest);
  } else {
    alignas(32) unsigned char buffer[kBlock] = {};
    std::memcpy(buffer, text + i, rest);
    high = high_bits(buffer);
  }
  return i + static_cast<size_t>(__builtin_ctzll(high | (uint64_t{1} << rest)));
}

inline uint32_t HighBits16(const unsigned char* p) {
  return static_cast<uint32_t>(_mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
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
  AsciiScalar(text + from, to - from, kAsciiTables[(kFoldCase ? 1 : 0) | (kStrip ? 2 : 0) | (kDigits ? 4 : 0)], c);
}

// --- AVX2 (runtime dispatch) ---

#define SARING_TARGET_AVX2 __attribute__((target("avx2,popcnt")))

// For each 8-bit mask k: the indices of its set bits, in order, then 0x80 (pshufb writes a zero).
constexpr std::array<uint64_t, 256> MakeCompactShuffles() {
  std::array<uint64_t, 256> table{};
  for (uint32_t k = 0; k < 256; ++k) {
    uint64_t v = 0;
    uint32_t n = 0;
    for (uint32_t b = 0; b < 8; ++b) {
      if ((k >> b) & 1) v |= uint64_t{b} << (8 * n++);
    }
    for (; n < 8; ++n) v |= uint64_t{0x80} << (8 * n);
    table[k] = v;
  }
  return table;
}

alignas(64) constexpr std::array<uint64_t, 256> kCompactShuffles = MakeCompactShuffles();

SARING_TARGET_AVX2 inline __m256i InRange32(__m256i v, char lo, char hi) {
  return _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8(static_cast<char>(lo - 1))),
                          _mm256_cmpgt_epi8(_mm256_set1_epi8(static_cast<char>(hi + 1)), v));
}

// Writes the bytes of `v` whose bit is set in `keep`, in order, at *out and advances *out. Each
// 8-byte quarter is packed by one pshufb lane and stored whole: writes up to 8 bytes past the end.
SARING_TARGET_AVX2 inline void Compact32(__m256i v, uint32_t keep, char** out) {
  const __m128i high_half = _mm_set_epi64x(0x0808080808080808LL, 0);  // quarters 1 and 3 index 8..15
  const __m128i c01 = _mm_add_epi8(
      _mm_set_epi64x(static_cast<int64_t>(kCompactShuffles[(keep >> 8) & 0xFF]),
                     static_cast<int64_t>(kCompactShuffles[keep & 0xFF])),
      high_half);
  const __m128i c23 = _mm_add_epi8(
      _mm_set_epi64x(static_cast<int64_t>(kCompactShuffles[keep >> 24]),
                     static_cast<int64_t>(kCompactShuffles[(keep >> 16) & 0xFF])),
      high_half);
  const __m256i packed =
      _mm256_shuffle_epi8(v, _mm256_inserti128_si256(_mm256_castsi128_si256(c01), c23, 1));
  const __m128i lo = _mm256_castsi256_si128(packed);
  const __m128i hi = _mm256_extracti128_si256(packed, 1);
  char* p = *out;
  _mm_storel_epi64(reinterpret_cast<__m128i*>(p), lo);
  p += __builtin_popcount(keep & 0xFF);
  _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_unpackhi_epi64(lo, lo));
  p += __builtin_popcount(keep & 0xFF00);
  _mm_storel_epi64(reinterpret_cast<__m128i*>(p), hi);
  p += __builtin_popcount(keep & 0xFF0000);
  _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_unpackhi_epi64(hi, hi));
  p += __builtin_popcount(keep & 0xFF000000);
  *out = p;
}

// AsciiBlock16 for 32 bytes, of which only bytes [skip, 32) are normalised (the others are
// ignored: neither written nor counted as separators). Separator runs are dropped with one pshufb
// compaction instead of a copy per run. Writes up to 33 bytes past c->p.
template <bool kFoldCase, bool kStrip, bool kDigits>
SARING_TARGET_AVX2 inline void AsciiBlock32(__m256i v, uint32_t skip, Cursor* c) {
  const __m256i digit = InRange32(v, '0', '9');
  __m256i content;
  __m256i mapped;
  if (kStrip) {
    // Letters of either case are the bytes that OR 0x20 maps into a-z; folding is that OR, which
    // leaves digits (0x30-0x39) unchanged.
    const __m256i folded = _mm256_or_si256(v, _mm256_set1_epi8(0x20));
    content = _mm256_or_si256(InRange32(folded, 'a', 'z'), digit);
    mapped = kFoldCase ? folded : v;
  } else {
    content = InRange32(v, '!', '~');  // everything but controls, space and DEL
    mapped = v;
    if (kFoldCase) mapped = _mm256_add_epi8(v, _mm256_and_si256(InRange32(v, 'A', 'Z'), _mm256_set1_epi8(0x20)));
  }
  if (kDigits) mapped = _mm256_blendv_epi8(mapped, _mm256_set1_epi8('0'), digit);
  mapped = _mm256_blendv_epi8(_mm256_set1_epi8(' '), mapped, content);
  const auto sep = ~static_cast<uint32_t>(_mm256_movemask_epi8(content));
  const uint32_t valid = ~uint32_t{0} << skip;
  // Branch-free: whether a block drops a separator is as good as random in prose, so every block
  // is compacted (a block that keeps everything just takes longer than one store).
  char* out = c->p;
  const uint32_t before = (c->pending || !c->emitted) ? 1 : 0;
  *out = ' ';
  out += c->pending;
  // Byte i follows a separator if byte i - 1 is one, or, for the first byte, as in AsciiBlock16.
  const uint32_t after_separator = ((sep << 1) & (valid << 1)) | (before << skip);
  const uint32_t drop = (sep & after_separator) | ~valid;
  Compact32(mapped, ~drop, &out);
  c->emitted = c->emitted || (~sep & valid) != 0;
  // Output that has content and ends in a separator ends in its space: hold it back as pending.
  c->pending = c->emitted && (sep >> 31) != 0;
  out -= c->pending;
  c->p = out;
}

SARING_TARGET_AVX2 inline uint32_t HighBits32(const unsigned char* p) {
  return static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))));
}

// AsciiBlocksSse2 with 32-byte blocks.
template <bool kFoldCase, bool kStrip, bool kDigits>
SARING_TARGET_AVX2 AsciiStop AsciiBlocksAvx2(const unsigned char* text, size_t from, size_t n, Cursor* c) {
  Cursor local = *c;  // in registers: stores through local.p cannot alias it
  size_t i = from;
  for (; i + 32 < n; i += 32) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(text + i));
    const auto high = static_cast<uint32_t>(_mm256_movemask_epi8(v));
    if (high != 0 || text[i + 32] >= 0x80) {
      *c = local;
      return {i, high != 0 ? i + static_cast<size_t>(__builtin_ctz(high)) : i + 32};
    }
    AsciiBlock32<kFoldCase, kStrip, kDigits>(v, 0, &local);
  }
  *c = local;
  return {i, AsciiTailEnd<32>(text, i, n, &HighBits32)};
}

// Normalises the ASCII bytes text[from, to), at most 32 of them, as one block: the 32 bytes that
// end at `to` (those before `from` are ignored), or a zero-padded copy at the start of the text.
template <bool kFoldCase, bool kStrip, bool kDigits>
SARING_TARGET_AVX2 void AsciiPartialAvx2(const unsigned char* text, size_t from, size_t to, Cursor* c) {
  const size_t length = to - from;
  if (length == 0) return;
  __m256i v;
  if (to >= 32) {
    v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(text + to - 32));
  } else {
    alignas(32) unsigned char buffer[32] = {};
    std::memcpy(buffer + 32 - length, text + from, length);
    v = _mm256_load_si256(reinterpret_cast<const __m256i*>(buffer));
  }
  AsciiBlock32<kFoldCase, kStrip, kDigits>(v, static_cast<uint32_t>(32 - length), c);
}

// The ASCII path of one instruction set and option combination.
struct AsciiOps {
  // Normalises whole blocks from text[from] (see AsciiBlocksSse2) and says where it stopped.
  AsciiStop (*blocks)(const unsigned char* text, size_t from, size_t n, Cursor* c);
  // Normalises the ASCII bytes text[from, to), at most one block (16 or 32 bytes) of them.
  void (*partial)(const unsigned char* text, size_t from, size_t to, Cursor* c);
};

template <int kIndex>
constexpr AsciiOps Sse2Ops() {
  return {&AsciiBlocksSse2<(kIndex & 1) != 0, (kIndex & 2) != 0, (kIndex & 4) != 0>,
          &AsciiPartialSse2<(kIndex & 1) != 0, (kIndex & 2) != 0, (kIndex & 4) != 0>};
}

template <int kIndex>
constexpr AsciiOps Avx2Ops() {
  return {&AsciiBlocksAvx2<(kIndex & 1) != 0, (kIndex & 2) != 0, (kIndex & 4) != 0>,
          &AsciiPartialAvx2<(kIndex & 1) != 0, (kIndex & 2) != 0, (kIndex & 4) != 0>};
}

constexpr std::array<AsciiOps, 8> kSse2Ops = {Sse2Ops<0>(), Sse2Ops<1>(), Sse2Ops<2>(), Sse2Ops<3>(),
                                              Sse2Ops<4>(), Sse2Ops<5>(), Sse2Ops<6>(), Sse2Ops<7>()};
constexpr std::array<AsciiOps, 8> kAvx2Ops = {Avx2Ops<0>(), Avx2Ops<1>(), Avx2Ops<2>(), Avx2Ops<3>(),
                                              Avx2Ops<4>(), Avx2Ops<5>(), Avx2Ops<6>(), Avx2Ops<7>()};

bool CpuHasAvx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
}

// Read once at start-up (before that, and on CPUs without AVX2, the SSE2 path runs).
const bool g_cpu_has_avx2 = CpuHasAvx2();
std::atomic<bool> g_allow_avx2{true};  // test hook

const AsciiOps& AsciiOpsFor(int option_index) {
  const bool avx2 = g_cpu_has_avx2 && g_allow_avx2.load(std::memory_order_relaxed);
  return (avx2 ? kAvx2Ops : kSse2Ops)[option_index];
}

// ---------------------------------------------------------------------------------------------
// The general path

// Per-thread buffers of the general path (NormalizeText is a free, thread-safe function).
struct GeneralScratch {
  std::string sanitized;
  std::vector<utf8proc_int32_t> code_points;
};

GeneralScratch& ThreadScratch() {
  thread_local GeneralScratch scratch;
  return scratch;
}

utf8proc_option_t Utf8procOptions(const NormalizeOptions& o) {
  int flags = UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_IGNORE;
  if (o.fold_case) flags |= UTF8PROC_CASEFOLD;
  return static_cast<utf8proc_option_t>(flags);
}

bool IsSeparator(utf8proc_category_t cat, bool strip_punctuation) {
  if (cat == UTF8PROC_CATEGORY_CN || cat >= UTF8PROC_CATEGORY_ZS) return true;  // Z*, C*
  return strip_punctuation && cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_SO;
}

template <class Sink>
void EmitCodePoint(utf8proc_int32_t cp, const NormalizeOptions& o, Sink* sink) {
  const utf8proc_category_t cat = utf8proc_category(cp);
  if (IsSeparator(cat, o.strip_punctuation)) {
    sink->Separator();
    return;
  }
  char buf[4];
  if (o.fold_digits && cat == UTF8PROC_CATEGORY_ND) {
    buf[0] = '0';
    sink->Content(buf, 1);
    return;
  }
  sink->Content(buf, text::EncodeUtf8(static_cast<char32_t>(cp), buf));
}

// Copies s[0, n) to *out with every ill-formed sequence replaced by U+FFFD.
void Sanitize(const unsigned char* s, size_t n, std::string* out) {
  out->clear();
  char buf[4];
  for (size_t i = 0; i < n;) {
    const Decoded d = DecodeUtf8(s, n, i);
    if (d.valid) {
      out->append(reinterpret_cast<const char*>(s + i), d.length);
    } else {
      out->append(buf, text::EncodeUtf8(text::kReplacementChar, buf));
    }
    i += d.length;
  }
}

// The general path for s[0, n): utf8proc NFKC (+ case folding), then classification. The sink
// receives Separator() and Content(bytes, length) calls.
template <class Sink>
void AppendGeneral(const unsigned char* s, size_t n, const NormalizeOptions& o, Sink* sink) {
  if (n == 0) return;
  GeneralScratch& scratch = ThreadScratch();
  std::string_view view(reinterpret_cast<const char*>(s), n);
  if (!IsValidUtf8(view)) {
    Sanitize(s, n, &scratch.sanitized);
    view = scratch.sanitized;
  }
  const auto* src = reinterpret_cast<const utf8proc_uint8_t*>(view.data());
  const auto len = static_cast<utf8proc_ssize_t>(view.size());
  const utf8proc_option_t options = Utf8procOptions(o);
  std::vector<utf8proc_int32_t>& cps = scratch.code_points;
  if (cps.size() < view.size() + 8) cps.resize(view.size() + 8);
  utf8proc_ssize_t count = utf8proc_decompose(src, len, cps.data(), static_cast<utf8proc_ssize_t>(cps.size()), options);
  if (count > static_cast<utf8proc_ssize_t>(cps.size())) {
    cps.resize(static_cast<size_t>(count));
    count = utf8proc_decompose(src, len, cps.data(), count, options);
  }
  SARING_DCHECK(count >= 0);  // the input was sanitised and the options are valid
  if (count <= 0) return;
  count = utf8proc_normalize_utf32(cps.data(), count, options);
  for (utf8proc_ssize_t i = 0; i < count; ++i) EmitCodePoint(cps[static_cast<size_t>(i)], o, sink);
}

// ---------------------------------------------------------------------------------------------
// The code point table

// Flags of a CpEntry.
constexpr uint8_t kCutBefore = 1;  // the text may be cut into chunks just before the code point
constexpr uint8_t kSimple = 2;     // its normal form alone is `bytes`, maybe with separators around
constexpr uint8_t kLeadSep = 4;    // kSimple: a separator comes before the content (or is all of it)
constexpr uint8_t kTrailSep = 8;   // kSimple: a separator comes after the content
constexpr uint8_t kWide = 16;      // kSimple: the content holds a code point >= U+0800

// What one non-ASCII code point normalises to when the text may be cut on both sides of it.
struct CpEntry {
  char bytes[14];  // content; copied as 16 bytes from the start of the entry
  uint8_t length;
  uint8_t flags;
};
static_assert(sizeof(CpEntry) == 16);

constexpr size_t kCpPageBits = 6;
constexpr size_t kCpPageSize = size_t{1} << kCpPageBits;
constexpr size_t kNumCpPages = 0x110000 >> kCpPageBits;

struct CpPage {
  std::array<CpEntry, kCpPageSize> entries;
};

// One table per option combination. Pages (1 KiB) are built on first use and never freed: text
// touches a few hundred at most, and even every code point of every plane would take 17 MiB. A
// page is immutable once published, so readers need only an acquire load; threads that race to
// build the same page keep the first one published.
struct CpTable {
  std::array<std::atomic<const CpPage*>, kNumCpPages> pages;
};

CpTable g_cp_tables[8];
std::atomic<bool> g_cp_table_enabled{true};  // test hook

const CpEntry kNoCutEntry = {};  // for the general path only (table disabled)

// Starters of these blocks are never the second element of a canonical composition (the blocks
// hold no composition at all with a starter second, unlike Indic vowel signs, Sinhala, Myanmar,
// Balinese or Hangul vowel and trailing jamo), so with combining class 0 they are cut points. The
// list errs on the side of leaving blocks out: a code point outside it just takes the general path.
// normalize_table_test.cc checks it against every canonical decomposition utf8proc knows.
struct CodePointRange {
  char32_t first, last;
};
constexpr CodePointRange kCutSafeStarters[] = {
    {0x0000, 0x08FF},    // Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, Syriac, Thaana, NKo, ...
    {0x0E00, 0x0EFF},    // Thai, Lao
    {0x10A0, 0x10FF},    // Georgian
    {0x1100, 0x115F},    // Hangul leading consonants (vowels and trailing consonants compose)
    {0x1E00, 0x30FF},    // Latin Extended Additional, Greek Extended, punctuation, symbols, CJK
                         // radicals, CJK symbols, Hiragana, Katakana
    {0x3100, 0xA4CF},    // Bopomofo, compatibility jamo, CJK strokes and ideographs, Yi
    {0xF900, 0xFB4F},    // CJK compatibility ideographs, alphabetic presentation forms
    {0xFE10, 0xFE1F},    // vertical forms
    {0xFE30, 0xFFFF},    // CJK compatibility forms, small forms, Arabic forms B, full-width forms, specials
    {0x1F000, 0x1FAFF},  // game symbols, enclosed supplements, pictographs, emoji
    {0x20000, 0x3FFFF},  // CJK ideographs of planes 2 and 3
};

bool InCutSafeStarterBlock(char32_t cp) {
  for (const CodePointRange& r : kCutSafeStarters) {
    if (cp >= r.first && cp <= r.last) return true;
  }
  return false;
}

// True if a chunk may start with `first`, the first code point of a decomposition.
bool IsCutPointStarter(utf8proc_int32_t first) {
  return utf8proc_get_property(first)->combining_class == 0 && InCutSafeStarterBlock(static_cast<char32_t>(first));
}

// A Sink that records the normal form of one code point as separators and content.
struct EntrySink {
  char bytes[sizeof(CpEntry::bytes)];
  size_t length = 0;
  bool lead = false, trail = false, split = false, overflow = false;
  void Separator() { (length == 0 ? lead : trail) = true; }
  void Content(const char* b, size_t n) {
    split = split || trail;  // content after content and a separator: more than one word
    if (length + n > sizeof(bytes)) overflow = true;
    if (!overflow) std::memcpy(bytes + length, b, n);
    length += n;
  }
};

// The longest decomposition utf8proc produces is 18 code points (U+FDFA); case folding can add a
// few more. Longer ones are simply not cut points.
constexpr utf8proc_ssize_t kMaxDecomposition = 32;

CpEntry ComputeEntry(char32_t cp, const NormalizeOptions& o) {
  CpEntry e = {};
  if (cp < 0x80 || (cp >= 0xD800 && cp <= 0xDFFF)) return e;  // ASCII has its own path; no surrogates
  utf8proc_int32_t decomposition[kMaxDecomposition];
  int boundclass = UTF8PROC_BOUNDCLASS_START;
  // Exactly the per-code-point step of utf8proc_decompose with our options.
  const utf8proc_ssize_t count = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(cp), decomposition,
                                                         kMaxDecomposition, Utf8procOptions(o), &boundclass);
  if (count < 1 || count > kMaxDecomposition || !IsCutPointStarter(decomposition[0])) return e;
  e.flags = kCutBefore;
  EntrySink sink;
  const bool hangul_syllable = cp >= 0xAC00 && cp <= 0xD7A3;
  if ((count == 1 && decomposition[0] == static_cast<utf8proc_int32_t>(cp)) || hangul_syllable) {
    // Decomposition and folding leave it alone, and composition leaves a lone starter alone: it
    // is its own normal form (most letters and ideographs; this keeps building pages cheap). A
    // Hangul syllable decomposes into its jamo, which compose back into it.
    EmitCodePoint(static_cast<utf8proc_int32_t>(cp), o, &sink);
  } else {
    char utf8[4];
    const size_t n = text::EncodeUtf8(cp, utf8);
    AppendGeneral(reinterpret_cast<const unsigned char*>(utf8), n, o, &sink);
  }
  if (sink.split || sink.overflow) return e;  // kCutBefore only: normalised alone by the general path
  e.flags |= kSimple | (sink.lead ? kLeadSep : 0) | (sink.trail ? kTrailSep : 0);
  e.length = static_cast<uint8_t>(sink.length);
  std::memcpy(e.bytes, sink.bytes, sink.length);
  for (size_t i = 0; i < sink.length; ++i) {
    if (static_cast<unsigned char>(sink.bytes[i]) >= 0xE0) e.flags |= kWide;
  }
  return e;
}

__attribute__((noinline)) const CpPage* BuildPage(CpTable* table, size_t page_index, const NormalizeOptions& o) {
  auto page = std::make_unique<CpPage>();
  for (size_t i = 0; i < kCpPageSize; ++i) {
    page->entries[i] = ComputeEntry(static_cast<char32_t>((page_index << kCpPageBits) | i), o);
  }
  const CpPage* expected = nullptr;
  if (table->pages[page_index].compare_exchange_strong(expected, page.get(), std::memory_order_acq_rel,
                                                       std::memory_order_acquire)) {
    return page.release();
  }
  return expected;  // another thread built it first
}

// A decoded code point of the text and its entry.
struct CodePoint {
  const CpEntry* entry;
  uint32_t length;  // bytes in the text
  bool cut_before() const { return (entry->flags & kCutBefore) != 0; }
};

// Reads the code point at s[i] (ill-formed bytes read as U+FFFD, as the general path sanitises
// them). REQUIRES: i < n, s[i] >= 0x80.
class CodePointReader {
 public:
  explicit CodePointReader(const NormalizeOptions& o)
      : options_(o),
        table_(g_cp_table_enabled.load(std::memory_order_relaxed) ? &g_cp_tables[OptionIndex(o)] : nullptr) {}

  CodePoint Read(const unsigned char* s, size_t n, size_t i) const {
    const Decoded d = DecodeUtf8(s, n, i);
    if (table_ == nullptr) return {&kNoCutEntry, d.length};
    const size_t page_index = d.cp >> kCpPageBits;
    const CpPage* page = table_->pages[page_index].load(std::memory_order_acquire);
    if (page == nullptr) page = BuildPage(table_, page_index, options_);
    return {&page->entries[d.cp & (kCpPageSize - 1)], d.length};
  }

 private:
  const NormalizeOptions& options_;
  CpTable* table_;
};

// ---------------------------------------------------------------------------------------------
// Output

// Appends normalised output for one NormalizeText call, collapsing separator runs into one space
// and never writing a leading or trailing space. Writes through a raw cursor into *out, which is
// kept larger than the output (the fast paths store whole blocks) and trimmed by Finish().
class Emitter {
 public:
  explicit Emitter(std::string* out) : out_(out), start_(out->size()) {
    base_ = out->data();
    limit_ = base_ + start_;
    cursor_ = {limit_, false, false};
  }

  // Overwrites *out from its start, using its current bytes as room before growing it.
  struct Overwrite {};
  Emitter(std::string* out, Overwrite) : out_(out), start_(0) {
    base_ = out->data();
    limit_ = base_ + out->size();
    cursor_ = {base_, false, false};
  }

  // Makes room for `bytes` more bytes at the cursor.
  void Reserve(size_t bytes) {
    if (static_cast<size_t>(limit_ - cursor_.p) < bytes) Grow(bytes);
  }

  // Trims *out to the output. Call once, at the end.
  void Finish() { out_->resize(static_cast<size_t>(cursor_.p - base_)); }

  // Ends the current piece of output and starts a new one after a '\n' (NormalizeJoined): the
  // new piece is normalised as if it were the whole text, so nothing is pending or emitted yet.
  void StartPieceAfterNewline() {
    Reserve(1);
    *cursor_.p++ = '\n';
    cursor_ = {cursor_.p, false, false};
    wide_ = false;
  }
  size_t offset() const { return static_cast<size_t>(cursor_.p - base_); }

  Cursor* cursor() { return &cursor_; }
  // True if the output holds a byte >= 0xE0: the lead byte of a code point >= U+0800 (the ASCII
  // path writes none).
  bool wide() const { return wide_; }

  // The general path's sink; `bytes` is one code point.
  void Separator() { cursor_.pending = cursor_.emitted; }
  void Content(const char* bytes, size_t n) {
    wide_ = wide_ || static_cast<unsigned char>(bytes[0]) >= 0xE0;
    Reserve(n + 1);
    *cursor_.p = ' ';
    cursor_.p += cursor_.pending;
    std::memcpy(cursor_.p, bytes, n);
    cursor_.p += n;
    cursor_.emitted = true;
    cursor_.pending = false;
  }

  // A code point from the table (kSimple).
  void Entry(const CpEntry& e) {
    Reserve(1 + sizeof(CpEntry));
    if ((e.flags & kLeadSep) != 0) cursor_.pending = cursor_.emitted;
    wide_ = wide_ || (e.flags & kWide) != 0;
    if (e.length != 0) {
      *cursor_.p = ' ';
      cursor_.p += cursor_.pending;
      std::memcpy(cursor_.p, &e, sizeof(CpEntry));
      cursor_.p += e.length;
      cursor_.emitted = true;
      cursor_.pending = false;
    }
    if ((e.flags & kTrailSep) != 0) cursor_.pending = cursor_.emitted;
  }

 private:
  // Grows by half of this call's output so far on top of the request, so that text whose
  // output outgrows its input (NFKC expansions) still costs amortised linear time.
  __attribute__((noinline)) void Grow(size_t bytes) {
    const size_t used = static_cast<size_t>(cursor_.p - base_);
    out_->resize(used + bytes + (used - start_) / 2);
    base_ = out_->data();
    cursor_.p = base_ + used;
    limit_ = base_ + out_->size();
  }

  std::string* out_;
  size_t start_;  // out_->size() when this call began
  Cursor cursor_;
  char* base_;   // out_->data()
  char* limit_;  // out_->data() + out_->size()
  bool wide_ = false;
};

// ---------------------------------------------------------------------------------------------
// Chunking

// Returns the end of the general chunk whose last code point that needs the general path ends at
// `pos`: the next cut point that starts a run of at least kMinFastRun bytes of cut points (or
// reaches the end). Shorter runs stay in the chunk: their last code point would have to join the
// next general chunk anyway.
size_t GeneralChunkEnd(const unsigned char* s, size_t n, size_t pos, const CodePointReader& reader) {
  while (true) {
    while (pos < n && s[pos] >= 0x80) {
      const CodePoint c = reader.Read(s, n, pos);
      if (c.cut_before()) break;
      pos += c.length;
    }
    if (pos == n) return n;
    size_t run_end = pos;
    while (run_end < n && run_end - pos < kMinFastRun) {
      if (s[run_end] < 0x80) {
        const size_t limit = n - run_end < kMinFastRun ? n - run_end : kMinFastRun;
        run_end += AsciiPrefixLength(s + run_end, limit);
        continue;
      }
      const CodePoint c = reader.Read(s, n, run_end);
      if (!c.cut_before()) break;
      run_end += c.length;
    }
    if (run_end == n || run_end - pos >= kMinFastRun) return pos;
    pos = run_end;
  }
}

// Normalises the code point `c` at s[pos], which has a cut point on both sides.
inline void EmitCutCodePoint(const unsigned char* s, size_t pos, const CodePoint& c, const NormalizeOptions& o,
                             Emitter* emitter) {
  if ((c.entry->flags & kSimple) != 0) {
    emitter->Entry(*c.entry);
  } else {
    AppendGeneral(s + pos, c.length, o, emitter);
  }
}

// Normalises the non-ASCII text from the cut point `c` at s[pos] up to the next ASCII byte (or
// through the general chunk that starts there). Returns where it stopped, a cut point.
size_t NonAsciiRun(const unsigned char* s, size_t n, size_t pos, CodePoint c, const NormalizeOptions& o,
                   const CodePointReader& reader, Emitter* emitter) {
  while (true) {
    const size_t next = pos + c.length;
    if (next == n || s[next] < 0x80) {
      EmitCutCodePoint(s, pos, c, o, emitter);
      return next;
    }
    const CodePoint following = reader.Read(s, n, next);
    if (!following.cut_before()) {
      // `c` may compose with what follows: it starts a general chunk.
      const size_t end = GeneralChunkEnd(s, n, next + following.length, reader);
      AppendGeneral(s + pos, end - pos, o, emitter);
      return end;
    }
    EmitCutCodePoint(s, pos, c, o, emitter);
    pos = next;
    c = following;
  }
}

}  // namespace

bool IsValidUtf8(std::string_view s, size_t* error_offset) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    i += AsciiPrefixLength(p + i, n - i);
    if (i == n) break;
    const Decoded d = DecodeUtf8(p, n, i);
    if (!d.valid) {
      if (error_offset != nullptr) *error_offset = i;
      return false;
    }
    i += d.length;
  }
  return true;
}

namespace {

// Normalises s[0, n) into the emitter's current piece.
void NormalizeInto(const unsigned char* s, size_t n, const NormalizeOptions& options, const AsciiOps& ascii,
                   const CodePointReader& reader, Emitter& emitter) {
  size_t i = 0;  // a cut point: everything before it is normalised
  while (i < n) {
    emitter.Reserve(n - i + kAsciiSlack);  // ASCII output is never longer than its input
    const AsciiStop stop = ascii.blocks(s, i, n, emitter.cursor());
    const size_t blocks_end = stop.blocks_end;
    const size_t ascii_end = stop.ascii_end;
    if (ascii_end == n) {
      ascii.partial(s, blocks_end, n, emitter.cursor());
      break;
    }
    const CodePoint c = reader.Read(s, n, ascii_end);
    if (c.cut_before()) {
      ascii.partial(s, blocks_end, ascii_end, emitter.cursor());
      i = NonAsciiRun(s, n, ascii_end, c, options, reader, &emitter);
    } else {
      // The ASCII byte just before it may compose with it (blocks stop short of that byte).
      const size_t general_begin = ascii_end > i ? ascii_end - 1 : ascii_end;
      ascii.partial(s, blocks_end, general_begin, emitter.cursor());
      const size_t general_end = GeneralChunkEnd(s, n, ascii_end + c.length, reader);
      AppendGeneral(s + general_begin, general_end - general_begin, options, &emitter);
      i = general_end;
    }
  }
}

void Normalize(std::string_view text, const NormalizeOptions& options, std::string* out, bool* wide) {
  Emitter emitter(out);
  NormalizeInto(reinterpret_cast<const unsigned char*>(text.data()), text.size(), options,
                AsciiOpsFor(OptionIndex(options)), CodePointReader(options), emitter);
  emitter.Finish();
  *wide = emitter.wide();
}

}  // namespace

void NormalizeText(std::string_view text, const NormalizeOptions& options, std::string* out) {
  bool wide;
  Normalize(text, options, out, &wide);
}

namespace text {

void NormalizeTextNotingWide(std::string_view text, const NormalizeOptions& options, std::string* out,
                             bool* wide) {
  Normalize(text, options, out, wide);
}

void NormalizeJoined(std::string_view text, const TextRange* pieces, size_t count, const NormalizeOptions& options,
                     std::string* out, NormalizedPiece* results) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const AsciiOps& ascii = AsciiOpsFor(OptionIndex(options));
  const CodePointReader reader(options);
  // *out's old bytes are overwritten rather than cleared and regrown: growing a std::string
  // zero-fills the new bytes, and a caller that reuses *out (one per document) would pay that
  // per call.
  Emitter emitter(out, Emitter::Overwrite{});
  // One allocation check for the whole call instead of one per piece: ASCII output is never
  // longer than its input, and other text grows the buffer as it goes.
  size_t input_bytes = 0;
  for (size_t k = 0; k < count; ++k) input_bytes += pieces[k].end - pieces[k].begin;
  emitter.Reserve(input_bytes + count + kAsciiSlack);
  for (size_t k = 0; k < count; ++k) {
    if (k > 0) emitter.StartPieceAfterNewline();
    results[k].begin = static_cast<uint32_t>(emitter.offset());
    NormalizeInto(s + pieces[k].begin, pieces[k].end - pieces[k].begin, options, ascii, reader, emitter);
    results[k].end = static_cast<uint32_t>(emitter.offset());
    results[k].wide = emitter.wide();
  }
  emitter.Finish();
}

void NormalizeGeneralForTesting(std::string_view text, const NormalizeOptions& options,
                                std::string* out) {
  Emitter emitter(out);
  AppendGeneral(reinterpret_cast<const unsigned char*>(text.data()), text.size(), options, &emitter);
  emitter.Finish();
}

bool CpuHasAvx2ForTesting() { return g_cpu_has_avx2; }

void SetNormalizeFastPathsForTesting(bool allow_avx2, bool code_point_table) {
  g_allow_avx2.store(allow_avx2, std::memory_order_relaxed);
  g_cp_table_enabled.store(code_point_table, std::memory_order_relaxed);
}

bool IsCutPointForTesting(char32_t cp, const NormalizeOptions& options) {
  return (ComputeEntry(cp, options).flags & kCutBefore) != 0;
}

bool IsCutSafeStarterForTesting(char32_t cp) { return InCutSafeStarterBlock(cp); }

}  // namespace text
}  // namespace saring
