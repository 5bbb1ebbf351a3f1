// Text normalisation (see docs/normalization.md for the specification).
//
// The general path hands a chunk of UTF-8 to utf8proc (decompose with compatibility mappings,
// case folding and removal of default-ignorables; canonical reordering; canonical composition),
// then classifies every resulting code point by its general category.
//
// Most crawled text is mostly ASCII, where NFKC is the identity and case folding is tolower, so
// ASCII runs take a table-driven path instead. The text is cut into chunks only before an ASCII
// byte: no ASCII character is ever the second element of a canonical composition or has a
// non-zero combining class, and case folding is context-free, so normalising the chunks one by one
// gives the same code points as normalising the whole text. The one trap is the ASCII character
// just before a non-ASCII run ("e" + U+0301 composes to "é"): it is handed to the general path
// together with that run. Separator collapsing carries its state across chunks.
#include "saring/normalize.h"

#include <emmintrin.h>  // SSE2: baseline on x86-64
#include <utf8proc.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

#include "saring/status.h"
#include "text/normalize_internal.h"
#include "text/utf8_codec.h"

namespace saring {
namespace {

using text::AsciiPrefixLength;
using text::Decoded;
using text::DecodeUtf8;

// ASCII runs shorter than this between two non-ASCII runs are left inside one general chunk, so
// that text with an accent in every word does not pay utf8proc's per-call overhead per word.
constexpr size_t kMinAsciiRun = 32;

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

const AsciiTable& AsciiTableFor(const NormalizeOptions& o) {
  return kAsciiTables[(o.fold_case ? 1 : 0) | (o.strip_punctuation ? 2 : 0) | (o.fold_digits ? 4 : 0)];
}

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

// Output bytes the ASCII path may write past the normalised bytes: a pending space plus a
// 16-byte store that starts at the last output byte.
constexpr size_t kAsciiSlack = 17;

// The byte classes of NormalizeOptions as SSE2 decisions, for AsciiBlock.
struct AsciiBlockRules {
  explicit AsciiBlockRules(const NormalizeOptions& o)
      : fold_case(o.fold_case), strip_punctuation(o.strip_punctuation), fold_digits(o.fold_digits) {}
  bool fold_case, strip_punctuation, fold_digits;
};

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

// Normalises the 16 ASCII bytes at s, exactly as AsciiScalar would: maps every byte (AsciiTable
// rules) in registers, turns separators into spaces, drops every separator that follows a
// separator (or leads the output), and holds back a trailing one as *pending. Blocks without a
// droppable separator, most of prose, are one 16-byte store; others are copied run by run.
// Writes up to 17 bytes past *p.
inline void AsciiBlock(const unsigned char* s, const AsciiBlockRules& rules, char** p, bool* emitted,
                       bool* pending) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
  const __m128i upper = InRange(v, 'A', 'Z');
  const __m128i digit = InRange(v, '0', '9');
  __m128i content;
  if (rules.strip_punctuation) {
    content = _mm_or_si128(_mm_or_si128(InRange(v, 'a', 'z'), upper), digit);
  } else {
    content = InRange(v, '!', '~');  // everything but controls, space and DEL
  }
  __m128i mapped = v;
  if (rules.fold_case) mapped = _mm_add_epi8(mapped, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
  if (rules.fold_digits) {
    mapped = _mm_or_si128(_mm_and_si128(digit, _mm_set1_epi8('0')), _mm_andnot_si128(digit, mapped));
  }
  mapped = _mm_or_si128(_mm_and_si128(content, mapped), _mm_andnot_si128(content, _mm_set1_epi8(' ')));
  const auto sep = static_cast<uint32_t>(~_mm_movemask_epi8(content)) & 0xFFFF;
  char* out = *p;
  // A separator is dropped after a separator; before the block, "after a separator" means a space
  // is already owed (written now, before the block) or nothing has been emitted yet.
  const uint32_t before = (*pending || !*emitted) ? 1 : 0;
  if (*pending) *out++ = ' ';
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
  *emitted = *emitted || sep != 0xFFFF;
  // Output that has content and ends in a separator ends in its space: hold it back as pending.
  if ((sep & 0x8000) != 0) {
    if (*emitted) --out, *pending = true;
  } else {
    *pending = false;
  }
  *p = out;
}

// Appends normalised output, collapsing separator runs into one space and never writing a
// leading or trailing space for this NormalizeText call.
class Emitter {
 public:
  explicit Emitter(std::string* out) : out_(out), start_(out->size()) {}

  void Separator() { pending_space_ = true; }
  void Content(const char* bytes, size_t n) {
    if (pending_space_ && out_->size() > start_) out_->push_back(' ');
    pending_space_ = false;
    out_->append(bytes, n);
  }

  // The ASCII fast path: maps s[0, n) through `table` (whose options are `o`). Sixteen-byte
  // blocks are classified and mapped with SSE2 (AsciiBlock); the tail of fewer than 16 bytes goes
  // through AsciiScalar. Both keep the same state (pending_space_ and "content was emitted").
  void Ascii(const unsigned char* s, size_t n, const AsciiTable& table, const NormalizeOptions& o) {
    if (n == 0) return;
    const size_t old_size = out_->size();
    // n bytes, a pending space, and room for speculative writes (16-byte stores, 8-byte blocks).
    out_->resize(old_size + n + kAsciiSlack);
    char* const base = out_->data();
    char* p = base + old_size;
    bool emitted = old_size > start_;  // this call has written content: separators now matter
    bool pending = pending_space_ && emitted;
    size_t i = 0;
    if (n >= 16) {
      const AsciiBlockRules rules(o);
      for (; i + 16 <= n; i += 16) AsciiBlock(s + i, rules, &p, &emitted, &pending);
    }
    AsciiScalar(s + i, n - i, table, &p, &emitted, &pending);
    pending_space_ = pending;
    out_->resize(static_cast<size_t>(p - base));
  }

  // The reference for the ASCII fast path: table lookups a byte at a time, with eight-byte blocks
  // of lower-case letters and single spaces (most of English prose) copied whole. A space is
  // written speculatively and kept only before content that follows a separator. Writes up to 9
  // bytes past the end of its output.
  static void AsciiScalar(const unsigned char* s, size_t n, const AsciiTable& table, char** out,
                          bool* emitted_io, bool* pending_io) {
    char* p = *out;
    bool emitted = *emitted_io;
    bool pending = *pending_io;
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
    *out = p;
    *emitted_io = emitted;
    *pending_io = pending;
  }

 private:
  std::string* out_;
  size_t start_;
  bool pending_space_ = false;
};

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

void EmitCodePoint(utf8proc_int32_t cp, const NormalizeOptions& o, Emitter* emitter) {
  const utf8proc_category_t cat = utf8proc_category(cp);
  if (IsSeparator(cat, o.strip_punctuation)) {
    emitter->Separator();
    return;
  }
  char buf[4];
  if (o.fold_digits && cat == UTF8PROC_CATEGORY_ND) {
    buf[0] = '0';
    emitter->Content(buf, 1);
    return;
  }
  emitter->Content(buf, text::EncodeUtf8(static_cast<char32_t>(cp), buf));
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

// The general path for s[0, n): utf8proc NFKC (+ case folding), then classification.
void AppendGeneral(const unsigned char* s, size_t n, const NormalizeOptions& o, Emitter* emitter) {
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
  for (utf8proc_ssize_t i = 0; i < count; ++i) EmitCodePoint(cps[static_cast<size_t>(i)], o, emitter);
}

// Returns the end of the general chunk that starts with the non-ASCII byte at s[pos]: the next
// ASCII run that is long enough (or reaches the end) starts after the chunk.
size_t GeneralChunkEnd(const unsigned char* s, size_t n, size_t pos) {
  while (true) {
    while (pos < n && s[pos] >= 0x80) ++pos;
    if (pos == n) return n;
    const size_t run = AsciiPrefixLength(s + pos, n - pos);
    if (run >= kMinAsciiRun || pos + run == n) return pos;
    pos += run;
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

void NormalizeText(std::string_view text, const NormalizeOptions& options, std::string* out) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  const AsciiTable& table = AsciiTableFor(options);
  Emitter emitter(out);
  size_t i = 0;
  while (i < n) {
    const size_t ascii_end = i + AsciiPrefixLength(s + i, n - i);
    if (ascii_end == n) {
      emitter.Ascii(s + i, n - i, table, options);
      break;
    }
    // The ASCII byte just before a non-ASCII one may compose with what follows it.
    const size_t general_begin = ascii_end > i ? ascii_end - 1 : ascii_end;
    emitter.Ascii(s + i, general_begin - i, table, options);
    const size_t general_end = GeneralChunkEnd(s, n, ascii_end);
    AppendGeneral(s + general_begin, general_end - general_begin, options, &emitter);
    i = general_end;
  }
}

namespace text {

void NormalizeGeneralForTesting(std::string_view text, const NormalizeOptions& options,
                                std::string* out) {
  Emitter emitter(out);
  AppendGeneral(reinterpret_cast<const unsigned char*>(text.data()), text.size(), options, &emitter);
}

}  // namespace text
}  // namespace saring
