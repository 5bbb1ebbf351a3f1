// Line scanning and paragraph grouping (rules: docs/repair.md, "Paragraphs").
//
// Hard-wrapped text is recognised from the widths of its "wrap evidence" lines: lines that do not
// end a sentence yet are followed by another non-blank line. Greedy wrapping at width W leaves
// such lines between W minus one word and W code points, so their widths pile up in a narrow band
// just below W. The splitter picks the band that holds the most evidence lines; if it holds most
// of them, the document is hard-wrapped at the band's top width.
#include "text/paragraph_splitter.h"

#include <utf8proc.h>

#include <array>
#include <cstring>

#include "text/utf8_codec.h"
#include "util/simd_isa.h"

#if SARING_X86_SIMD
#include <emmintrin.h>
#endif

namespace saring::text {
namespace {

// A wrap band for width W covers widths [W - W / kWrapBandDivisor, W]: room for a long word.
constexpr uint32_t kWrapBandDivisor = 4;
// Hard-wrapped if the best band holds at least this many evidence lines ...
constexpr uint32_t kMinWrapEvidence = 2;
// ... and at least this percentage of all evidence lines.
constexpr uint32_t kMinWrapSharePercent = 60;
// Lines longer than the wrap width plus max(kMinLongSlack, width / 10) are "long" paragraphs.
constexpr uint32_t kMinLongSlack = 4;

bool IsAsciiSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

// Length of `s` without trailing whitespace (ASCII blanks and U+00A0).
size_t TrimmedEnd(std::string_view s) {
  size_t e = s.size();
  while (e > 0) {
    const auto c = static_cast<unsigned char>(s[e - 1]);
    if (IsAsciiSpace(c)) {
      --e;
    } else if (c == 0xA0 && e >= 2 && static_cast<unsigned char>(s[e - 2]) == 0xC2) {
      e -= 2;
    } else {
      break;
    }
  }
  return e;
}

// Offset of the first byte of `s` that is not leading whitespace.
size_t TrimmedBegin(std::string_view s) {
  size_t b = 0;
  while (b < s.size()) {
    const auto c = static_cast<unsigned char>(s[b]);
    if (IsAsciiSpace(c)) {
      ++b;
    } else if (c == 0xC2 && b + 1 < s.size() && static_cast<unsigned char>(s[b + 1]) == 0xA0) {
      b += 2;
    } else {
      break;
    }
  }
  return b;
}

std::string_view Trim(std::string_view s) {
  s = s.substr(0, TrimmedEnd(s));
  return s.substr(TrimmedBegin(s));
}

// The last code point of non-empty `s` and its byte offset.
char32_t LastCodePoint(std::string_view s, size_t* offset) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  *offset = PreviousCodePointStart(p, s.size());
  return DecodeUtf8(p, s.size(), *offset).cp;
}

bool IsCloser(char32_t cp) {
  switch (cp) {
    case '"':
    case '\'':
    case ')':
    case ']':
    case '}':
    case 0x201D:
    case 0x2019:
    case 0x00BB:
    case 0x203A:  // ” ’ » ›
    case 0x300D:
    case 0x300F:
    case 0xFF09:
    case 0xFF3D:  // 」 』 ） ］
      return true;
    default: return false;
  }
}

bool IsTerminal(char32_t cp) {
  switch (cp) {
    case '.':
    case '!':
    case '?':
    case ':':
    case 0x2026:
    case 0x3002:
    case 0xFF01:
    case 0xFF1F:
    case 0xFF1A:  // … 。 ！ ？ ：
      return true;
    default: return false;
  }
}

bool HasLetter(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t i = 0; i < s.size();) {
    const Decoded d = DecodeUtf8(p, s.size(), i);
    const utf8proc_category_t cat = utf8proc_category(static_cast<utf8proc_int32_t>(d.cp));
    if (d.valid && cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) return true;
    i += d.length;
  }
  return false;
}

// Line widths are counted over at most this many bytes of a line: a line of 4 * kWidthCap bytes
// has at least kWidthCap code points.
constexpr size_t kCountedBytes = 1024;
static_assert(kCountedBytes >= 4 * kWidthCap && kCountedBytes % 16 == 0);

bool IsCodePointStart(unsigned char c) { return (c & 0xC0) != 0x80; }

// The end of the line that starts at text[pos] (the next '\n', or n) and the number of code
// points (bytes that are not continuation bytes, 0x80-0xBF) among its first kCountedBytes bytes,
// found in one pass sixteen bytes at a time. Lines are mostly whole paragraphs, so this pass is
// most of the splitter's work.
struct LineScan {
  size_t newline;
  size_t counted_end;  // min(newline, pos + kCountedBytes)
  size_t code_points;  // in [pos, counted_end)
};

LineScan ScanLine(const char* text, size_t pos, size_t n) {
  size_t i = pos;
  size_t found = n;
  size_t code_points = 0;
  const size_t count_end = n - pos > kCountedBytes ? pos + kCountedBytes : n;
#if SARING_X86_SIMD
  // Loaded at 16 - k: a mask of the bytes before a newline at k in a block.
  alignas(16) static constexpr unsigned char kFirstBytes[32] = {
      0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
      0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0,    0,    0,    0,    0,    0,
      0,    0,    0,    0,    0,    0,    0,    0,    0,    0};
  const __m128i continuation_max = _mm_set1_epi8(static_cast<char>(0xBF));  // signed: -65
  const __m128i newline = _mm_set1_epi8('\n');
  __m128i lanes = _mm_setzero_si128();  // per byte lane, at most kCountedBytes / 16 < 256
  for (; i + 16 <= count_end; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + i));
    __m128i starts = _mm_cmpgt_epi8(v, continuation_max);  // -1 per code point start
    const auto newlines = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, newline)));
    if (newlines != 0) {
      const auto k = static_cast<size_t>(__builtin_ctz(newlines));
      starts = _mm_and_si128(
          starts, _mm_loadu_si128(reinterpret_cast<const __m128i*>(kFirstBytes + 16 - k)));
      lanes = _mm_sub_epi8(lanes, starts);
      found = i + k;
      break;
    }
    lanes = _mm_sub_epi8(lanes, starts);
  }
  const __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
  code_points = static_cast<size_t>(_mm_cvtsi128_si64(sums)) +
                static_cast<size_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
#endif  // else the byte loop below does all the counting
  if (found == n) {
    // Fewer than 16 bytes left to count (the end of the text), or a line longer than
    // kCountedBytes whose end memchr finds.
    for (; i < count_end; ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c == '\n') {
        found = i;
        break;
      }
      code_points += IsCodePointStart(c);
    }
    if (i == count_end && count_end < n) {
      const void* nl = std::memchr(text + count_end, '\n', n - count_end);
      if (nl != nullptr) found = static_cast<size_t>(static_cast<const char*>(nl) - text);
    }
  }
  return {found, found < count_end ? found : count_end, code_points};
}

int CountWords(std::string_view s) {
  int words = 0;
  bool in_word = false;
  for (unsigned char c : s) {
    const bool space = IsAsciiSpace(c);
    words += !space && !in_word;
    in_word = !space;
  }
  return words;
}

}  // namespace

bool EndsWithTerminalPunctuation(std::string_view line) {
  line = line.substr(0, TrimmedEnd(line));
  for (int closers = 0; !line.empty(); ++closers) {
    size_t offset;
    const char32_t cp = LastCodePoint(line, &offset);
    if (IsTerminal(cp)) return true;
    if (!IsCloser(cp) || closers == 3) return false;
    line = line.substr(0, offset);
  }
  return false;
}

bool IsCreditLine(std::string_view line, uint32_t max_chars) {
  const std::string_view t = Trim(line);
  if (t.size() < 3 || t.front() != '(' || t.back() != ')') return false;
  const std::string_view inner = Trim(t.substr(1, t.size() - 2));
  if (inner.empty() || inner.find_first_of("()") != std::string_view::npos) return false;
  if (CountCodePoints(t) > max_chars) return false;
  const int words = CountWords(inner);
  if (words > kMaxCreditWords) return false;
  const char last = inner.back();
  if (words >= 3 && (last == '.' || last == '!' || last == '?')) return false;  // a sentence
  return HasLetter(inner);
}

void ParagraphSplitter::Split(std::string_view text, uint32_t start, uint32_t max_credit_chars) {
  ScanLines(text, start, max_credit_chars);
  DetectWrapWidth();
  paragraphs_.clear();
  const size_t num_lines = lines_.size();
  for (size_t i = 0; i < num_lines; ++i) {
    if (lines_[i].blank) continue;
    const size_t first = i;
    while (JoinsNext(i)) ++i;
    paragraphs_.push_back({static_cast<uint32_t>(first), static_cast<uint32_t>(i)});
  }
}

void ParagraphSplitter::ScanLines(std::string_view text, uint32_t start,
                                  uint32_t max_credit_chars) {
  lines_.clear();
  const size_t n = text.size();
  size_t pos = start;
  while (pos < n) {
    const LineScan scan = ScanLine(text.data(), pos, n);
    const size_t line_end = scan.newline;
    size_t end = line_end;
    if (end > pos && text[end - 1] == '\r') --end;  // "\r\n", or a final "\r"
    // Filled in place: a LineInfo built on the stack and copied in is read back as whole words
    // right after its bool fields were written byte by byte, which stalls store forwarding on
    // every line.
    LineInfo& line = lines_.emplace_back();
    line.begin = static_cast<uint32_t>(pos);
    line.end = static_cast<uint32_t>(end);
    line.next = static_cast<uint32_t>(line_end < n ? line_end + 1 : n);
    const std::string_view content = text.substr(pos, end - pos);
    const size_t trimmed_end = TrimmedEnd(content);
    line.blank = TrimmedBegin(content.substr(0, trimmed_end)) == trimmed_end;
    if (!line.blank) {
      // A line of 4 * kWidthCap bytes has at least kWidthCap code points. Otherwise the width is
      // the code points of the line without its trailing whitespace, which lies inside the
      // counted bytes; take that whitespace's code points off the count.
      size_t width = kWidthCap;
      if (trimmed_end < 4 * kWidthCap) {
        width = scan.code_points;
        for (size_t k = pos + trimmed_end; k < scan.counted_end; ++k) {
          width -= IsCodePointStart(static_cast<unsigned char>(text[k]));
        }
      }
      line.width = static_cast<uint32_t>(width < kWidthCap ? width : kWidthCap);
      line.terminal = EndsWithTerminalPunctuation(content);
      line.credit = IsCreditLine(content, max_credit_chars);
    }
    pos = line.next;
  }
}

void ParagraphSplitter::DetectWrapWidth() {
  wrap_width_ = 0;
  // Each pair of adjacent lines is one piece of evidence at most: a text of one or two lines (most
  // short documents) cannot have enough, and is spared clearing the histogram.
  if (lines_.size() < kMinWrapEvidence + 1) return;
  std::array<uint32_t, kMaxWrapWidth + 1> histogram{};
  uint32_t evidence = 0;
  for (size_t i = 0; i + 1 < lines_.size(); ++i) {
    const LineInfo& line = lines_[i];
    const LineInfo& next = lines_[i + 1];
    if (line.blank || next.blank || line.terminal || line.credit || next.credit) continue;
    if (line.width < kMinWrapWidth || line.width > kMaxWrapWidth) continue;
    ++histogram[line.width];
    ++evidence;
  }
  if (evidence < kMinWrapEvidence) return;
  uint32_t best = 0;
  uint32_t best_width = 0;
  for (uint32_t w = kMinWrapWidth; w <= kMaxWrapWidth; ++w) {
    uint32_t count = 0;
    for (uint32_t v = w - w / kWrapBandDivisor; v <= w; ++v) count += histogram[v];
    if (count > best) best = count, best_width = w;  // ties keep the narrowest width
  }
  if (best >= kMinWrapEvidence && best * 100 >= evidence * kMinWrapSharePercent)
    wrap_width_ = best_width;
}

bool ParagraphSplitter::JoinsNext(size_t i) const {
  if (wrap_width_ == 0 || i + 1 >= lines_.size()) return false;
  const LineInfo& line = lines_[i];
  const LineInfo& next = lines_[i + 1];
  if (line.terminal || line.credit || next.blank || next.credit) return false;
  const uint32_t slack = wrap_width_ / 10 > kMinLongSlack ? wrap_width_ / 10 : kMinLongSlack;
  const uint32_t long_width = wrap_width_ + slack;
  return line.width <= long_width && next.width <= long_width;
}

}  // namespace saring::text
