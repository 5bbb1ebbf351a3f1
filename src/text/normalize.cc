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
//     32-byte AVX2 blocks (16-byte SSE2 blocks on CPUs without AVX2) or through a 128-entry table
//     (the ASCII kernels: normalize_kernels.h).
//   - Other code points: a table per option combination, filled lazily a page of 64 code points
//     at a time by running the general path on each code point alone (CpEntry), so it holds
//     exactly what utf8proc gives.
// Everything else (combining marks, default-ignorables, Hangul jamo, Indic vowel signs, ...) goes
// to the general path together with the code point before it, up to the next cut point that
// starts a long enough run of fast text. Separator collapsing carries its state across chunks.
#include "saring/normalize.h"

#include <utf8proc.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "saring/status.h"
#include "text/normalize_internal.h"
#include "text/normalize_kernels.h"
#include "text/utf8_codec.h"

namespace saring {
namespace {

using text::AsciiOps;
using text::AsciiPrefixLength;
using text::AsciiStop;
using text::Cursor;
using text::Decoded;
using text::DecodeUtf8;
using text::kAsciiSlack;

// A run of fast text (ASCII or table code points) shorter than this between two code points that
// need the general path is left inside one general chunk, so that text with a combining mark in
// every word does not pay utf8proc's per-call overhead per word.
constexpr size_t kMinFastRun = 32;

int OptionIndex(const NormalizeOptions& o) {
  return text::AsciiOptionIndex(o.fold_case, o.strip_punctuation, o.fold_digits);
}

// The ASCII path (normalize_kernels.h) of the active kernel for these options.
const AsciiOps& AsciiOpsFor(const NormalizeOptions& o) {
  return text::ActiveAsciiKernel().ops[OptionIndex(o)];
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
  utf8proc_ssize_t count =
      utf8proc_decompose(src, len, cps.data(), static_cast<utf8proc_ssize_t>(cps.size()), options);
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
constexpr uint8_t kLeadSep = 4;   // kSimple: a separator comes before the content (or is all of it)
constexpr uint8_t kTrailSep = 8;  // kSimple: a separator comes after the content
constexpr uint8_t kWide = 16;     // kSimple: the content holds a code point >= U+0800

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
    {0x0000, 0x08FF},  // Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, Syriac, Thaana, NKo, ...
    {0x0E00, 0x0EFF},  // Thai, Lao
    {0x10A0, 0x10FF},  // Georgian
    {0x1100, 0x115F},  // Hangul leading consonants (vowels and trailing consonants compose)
    {0x1E00, 0x30FF},  // Latin Extended Additional, Greek Extended, punctuation, symbols, CJK
                       // radicals, CJK symbols, Hiragana, Katakana
    {0x3100, 0xA4CF},  // Bopomofo, compatibility jamo, CJK strokes and ideographs, Yi
    {0xF900, 0xFB4F},  // CJK compatibility ideographs, alphabetic presentation forms
    {0xFE10, 0xFE1F},  // vertical forms
    {0xFE30,
     0xFFFF},  // CJK compatibility forms, small forms, Arabic forms B, full-width forms, specials
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
  return utf8proc_get_property(first)->combining_class == 0 &&
         InCutSafeStarterBlock(static_cast<char32_t>(first));
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
  if (cp < 0x80 || (cp >= 0xD800 && cp <= 0xDFFF))
    return e;  // ASCII has its own path; no surrogates
  utf8proc_int32_t decomposition[kMaxDecomposition];
  int boundclass = UTF8PROC_BOUNDCLASS_START;
  // Exactly the per-code-point step of utf8proc_decompose with our options.
  const utf8proc_ssize_t count =
      utf8proc_decompose_char(static_cast<utf8proc_int32_t>(cp), decomposition, kMaxDecomposition,
                              Utf8procOptions(o), &boundclass);
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
  if (sink.split || sink.overflow)
    return e;  // kCutBefore only: normalised alone by the general path
  e.flags |= kSimple | (sink.lead ? kLeadSep : 0) | (sink.trail ? kTrailSep : 0);
  e.length = static_cast<uint8_t>(sink.length);
  std::memcpy(e.bytes, sink.bytes, sink.length);
  for (size_t i = 0; i < sink.length; ++i) {
    if (static_cast<unsigned char>(sink.bytes[i]) >= 0xE0) e.flags |= kWide;
  }
  return e;
}

__attribute__((noinline)) const CpPage* BuildPage(CpTable* table, size_t page_index,
                                                  const NormalizeOptions& o) {
  auto page = std::make_unique<CpPage>();
  for (size_t i = 0; i < kCpPageSize; ++i) {
    page->entries[i] = ComputeEntry(static_cast<char32_t>((page_index << kCpPageBits) | i), o);
  }
  const CpPage* expected = nullptr;
  if (table->pages[page_index].compare_exchange_strong(
          expected, page.get(), std::memory_order_acq_rel, std::memory_order_acquire)) {
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
        table_(g_cp_table_enabled.load(std::memory_order_relaxed) ? &g_cp_tables[OptionIndex(o)]
                                                                  : nullptr) {}

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
size_t GeneralChunkEnd(const unsigned char* s, size_t n, size_t pos,
                       const CodePointReader& reader) {
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
inline void EmitCutCodePoint(const unsigned char* s, size_t pos, const CodePoint& c,
                             const NormalizeOptions& o, Emitter* emitter) {
  if ((c.entry->flags & kSimple) != 0) {
    emitter->Entry(*c.entry);
  } else {
    AppendGeneral(s + pos, c.length, o, emitter);
  }
}

// Normalises the non-ASCII text from the cut point `c` at s[pos] up to the next ASCII byte (or
// through the general chunk that starts there). Returns where it stopped, a cut point.
size_t NonAsciiRun(const unsigned char* s, size_t n, size_t pos, CodePoint c,
                   const NormalizeOptions& o, const CodePointReader& reader, Emitter* emitter) {
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
void NormalizeInto(const unsigned char* s, size_t n, const NormalizeOptions& options,
                   const AsciiOps& ascii, const CodePointReader& reader, Emitter& emitter) {
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

void Normalize(std::string_view text, const NormalizeOptions& options, std::string* out,
               bool* wide) {
  Emitter emitter(out);
  NormalizeInto(reinterpret_cast<const unsigned char*>(text.data()), text.size(), options,
                AsciiOpsFor(options), CodePointReader(options), emitter);
  emitter.Finish();
  *wide = emitter.wide();
}

}  // namespace

void NormalizeText(std::string_view text, const NormalizeOptions& options, std::string* out) {
  bool wide;
  Normalize(text, options, out, &wide);
}

namespace text {

void NormalizeTextNotingWide(std::string_view text, const NormalizeOptions& options,
                             std::string* out, bool* wide) {
  Normalize(text, options, out, wide);
}

void NormalizeJoined(std::string_view text, const TextRange* pieces, size_t count,
                     const NormalizeOptions& options, std::string* out, NormalizedPiece* results) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const AsciiOps& ascii = AsciiOpsFor(options);
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
    NormalizeInto(s + pieces[k].begin, pieces[k].end - pieces[k].begin, options, ascii, reader,
                  emitter);
    results[k].end = static_cast<uint32_t>(emitter.offset());
    results[k].wide = emitter.wide();
  }
  emitter.Finish();
}

void NormalizeGeneralForTesting(std::string_view text, const NormalizeOptions& options,
                                std::string* out) {
  Emitter emitter(out);
  AppendGeneral(reinterpret_cast<const unsigned char*>(text.data()), text.size(), options,
                &emitter);
  emitter.Finish();
}

void SetCodePointTableForTesting(bool enabled) {
  g_cp_table_enabled.store(enabled, std::memory_order_relaxed);
}

bool IsCutPointForTesting(char32_t cp, const NormalizeOptions& options) {
  return (ComputeEntry(cp, options).flags & kCutBefore) != 0;
}

bool IsCutSafeStarterForTesting(char32_t cp) { return InCutSafeStarterBlock(cp); }

}  // namespace text
}  // namespace saring
