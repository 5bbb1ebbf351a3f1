// Tokens of a paragraph and the byte-level filter for inline boilerplate (inline_tokens.h).
#include "quality/inline_tokens.h"

#include <utf8proc.h>

#include <algorithm>
#include <bit>
#include <cstring>

#include "quality/text_scan.h"

namespace saring::quality_internal {
namespace {

// "(<word>: ...)" or "(<word>/...)" is a caption.
// The built-in markers that need no colon, for the byte-level line filter.
constexpr std::string_view kOpeningWords[] = {
    "baca juga", "baca pula", "simak juga", "lihat juga", "tonton juga", "read also", "also read"};
// First words of the built-in markers written with a colon ("Editor:", "Related:").
constexpr std::string_view kLabelWords[] = {
    "baca",     "simak",   "lihat",    "tonton",      "berita", "artikel",
    "read",     "also",    "see",      "related",     "editor", "penulis",
    "reporter", "pewarta", "redaktur", "kontributor", "foto",   "photo"};
// Decodes the code point at p[i] (i < e); sets *len. Malformed bytes decode as 0xFFFD, length 1.
uint32_t CodePointAt(const uint8_t* p, size_t i, size_t e, size_t* len) {
  if (p[i] < 0x80) {
    *len = 1;
    return p[i];
  }
  utf8proc_int32_t cp = 0;
  const utf8proc_ssize_t n = utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(e - i), &cp);
  if (n <= 0) {
    *len = 1;
    return 0xFFFD;
  }
  *len = static_cast<size_t>(n);
  return static_cast<uint32_t>(cp);
}

bool IsLeadingMark(uint32_t cp) {
  return cp == '"' || cp == '\'' || cp == '(' || cp == '[' || cp == 0x201C || cp == 0x2018 ||
         cp == 0x00AB;
}
bool IsOpeningQuote(uint32_t cp) {
  return cp == '"' || cp == '\'' || cp == 0x201C || cp == 0x2018 || cp == 0x00AB;
}
bool IsTrailingMark(uint32_t cp) {
  return IsCloser(cp) || cp == ',' || cp == ';' || cp == ':' || cp == '.' || cp == '!' ||
         cp == '?' || cp == 0x2026 || cp == '}';
}

InlineToken::Case CaseOf(uint32_t cp) {
  if (cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z') return InlineToken::kUpper;
    if (cp >= 'a' && cp <= 'z') return InlineToken::kLower;
    if (cp >= '0' && cp <= '9') return InlineToken::kDigit;
    return InlineToken::kOther;
  }
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT: return InlineToken::kUpper;
    case UTF8PROC_CATEGORY_LL: return InlineToken::kLower;
    case UTF8PROC_CATEGORY_ND: return InlineToken::kDigit;
    default: return InlineToken::kOther;
  }
}

// True if p[i, e) starts, ignoring ASCII case, with `word`; a space in `word` matches any run of
// ASCII whitespace.
bool StartsWithFolded(const uint8_t* p, size_t i, size_t e, std::string_view word) {
  for (size_t k = 0; k < word.size(); ++k) {
    if (i >= e) return false;
    if (word[k] == ' ') {
      if (!IsAsciiSpaceByte(p[i])) return false;
      while (i < e && IsAsciiSpaceByte(p[i])) ++i;
      continue;
    }
    uint8_t c = p[i++];
    if (c >= 'A' && c <= 'Z') c = static_cast<uint8_t>(c - 'A' + 'a');
    if (c != static_cast<uint8_t>(word[k])) return false;
  }
  return true;
}

// The first position in [i, e) holding one of : ( . ! ? or the lead byte of "…" (0xE2), or e.
size_t NextInteresting(const uint8_t* p, size_t i, size_t e) {
#if SARING_X86_SIMD
  const __m128i colon = _mm_set1_epi8(':'), paren = _mm_set1_epi8('('), dot = _mm_set1_epi8('.');
  const __m128i bang = _mm_set1_epi8('!'), question = _mm_set1_epi8('?');
  const __m128i lead = _mm_set1_epi8(static_cast<char>(0xE2));
  for (; i + 16 <= e; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i hit = _mm_or_si128(
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, colon), _mm_cmpeq_epi8(v, paren)),
                     _mm_cmpeq_epi8(v, dot)),
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, bang), _mm_cmpeq_epi8(v, question)),
                     _mm_cmpeq_epi8(v, lead)));
    if (const int mask = _mm_movemask_epi8(hit); mask != 0)
      return i + static_cast<size_t>(std::countr_zero(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < e; ++i) {
    const uint8_t c = p[i];
    if (c == ':' || c == '(' || c == '.' || c == '!' || c == '?' || c == 0xE2) return i;
  }
  return e;
}

// True if the sentence-final punctuation ending at p[i - 1] (closers skipped) ends a sentence
// before position i: . ! ? or an ellipsis.
bool EndsSentenceBefore(const uint8_t* p, size_t lb, size_t i) {
  while (i > lb && (p[i - 1] == '"' || p[i - 1] == '\'' || p[i - 1] == ')' ||
                    (i - lb >= 3 && p[i - 3] == 0xE2 && p[i - 2] == 0x80 &&
                     (p[i - 1] == 0x9D || p[i - 1] == 0x99)))) {
    i -= p[i - 1] < 0x80 ? 1 : 3;
  }
  if (i > lb && (p[i - 1] == '.' || p[i - 1] == '!' || p[i - 1] == '?')) return true;
  return i - lb >= 3 && p[i - 3] == 0xE2 && p[i - 2] == 0x80 && p[i - 1] == 0xA6;
}

}  // namespace

std::span<const std::string_view> CaptionWords() {
  static constexpr std::string_view kCaptionWords[] = {"foto",  "photo", "ilustrasi",  "gambar",
                                                       "image", "dok",   "dokumentasi"};
  return kCaptionWords;
}

// Marks the capitalised tokens written inside a sentence: after a lower-case word ("kata Gilang",
// "di Medan") or after another such token ("kata Gilang Ramadhan"). Counted per document as
// evidence that a word is a name. Words after "juga"/"pula"/"also"/"more" are not counted: they
// follow a marker without a colon and are a headline.
void MarkInsideSentence(std::string_view text, const std::vector<InlineToken>& tokens,
                        std::vector<uint8_t>* inside) {
  inside->assign(tokens.size(), 0);
  for (size_t k = 1; k < tokens.size(); ++k) {
    const InlineToken& t = tokens[k];
    const InlineToken& prev = tokens[k - 1];
    if (t.first != InlineToken::kUpper || prev.sentence_end || prev.colon || prev.comma) continue;
    if (prev.first == InlineToken::kLower) {
      const std::string_view w = text.substr(prev.core_begin, prev.core_end - prev.core_begin);
      (*inside)[k] = w != "juga" && w != "pula" && w != "also" && w != "more";
    } else {
      (*inside)[k] = (*inside)[k - 1];
    }
  }
}

// The quotation state after p[b, e) (from an empty state): the same rule as TokenizeLine.
QuoteState QuotesBefore(const uint8_t* p, size_t b, size_t e) {
  QuoteState q;
  for (size_t k = b; k < e; ++k) {
    if (p[k] == '"') q.ascii_open = !q.ascii_open;
    if (p[k] == 0xE2 && k + 2 < e && p[k + 1] == 0x80) {
      q.curly_depth = std::max(0, q.curly_depth + (p[k + 2] == 0x9C) - (p[k + 2] == 0x9D));
    }
  }
  return q;
}

// Appends the tokens of text[b, e) (at most max_tokens) to *out, tracking quotations from
// `quotes`, the state at b. Returns false if it stopped at max_tokens before e.
bool TokenizeLine(std::string_view text, size_t b, size_t e, std::vector<InlineToken>* out,
                  size_t max_tokens, QuoteState quotes) {
  const uint8_t* p = Bytes(text);
  bool ascii_open = quotes.ascii_open;
  int curly_depth = quotes.curly_depth;
  size_t i = b;
  size_t count = 0;
  while (i < e) {
    if (count == max_tokens) return false;
    if (const size_t n = SpaceLength(p, i, e); n > 0) {
      i += n;
      continue;
    }
    InlineToken t;
    t.begin = static_cast<uint32_t>(i);
    // One pass to the token's end, counting letters and quotation marks.
    uint32_t letters = 0, ascii_quotes = 0;
    int curly = 0;
    bool lower = false;
    while (i < e) {
      const uint8_t c = p[i];
      if (c < 0x80) {
        if (IsAsciiSpaceByte(c)) break;
        const uint8_t folded = c | 0x20;
        letters += folded >= 'a' && folded <= 'z';
        lower |= c >= 'a' && c <= 'z';
        ascii_quotes += c == '"';
        ++i;
        continue;
      }
      if (SpaceLength(p, i, e) > 0) break;
      if (c == 0xE2 && i + 2 < e && p[i + 1] == 0x80)
        curly += (p[i + 2] == 0x9C) - (p[i + 2] == 0x9D);
      ++i;
    }
    t.end = static_cast<uint32_t>(i);
    size_t cb = t.begin, len = 0;
    while (cb < t.end) {
      const uint32_t cp = CodePointAt(p, cb, t.end, &len);
      if (!IsLeadingMark(cp)) break;
      t.opening_quote |= IsOpeningQuote(cp);
      cb += len;
    }
    size_t ce = t.end;
    while (ce > cb) {
      size_t start = 0;
      const uint32_t cp = LastCodePoint(p, cb, ce, &start);
      if (!IsTrailingMark(cp)) break;
      if (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026) t.sentence_end = true;
      if (cp == ',') t.comma = true;
      if (cp == ':') t.colon = true;
      ce = start;
    }
    t.core_begin = static_cast<uint32_t>(cb);
    t.core_end = static_cast<uint32_t>(ce);
    if (cb < ce) t.first = CaseOf(CodePointAt(p, cb, ce, &len));
    t.all_caps = letters >= 2 && !lower;
    t.quoted = ascii_open || curly_depth > 0 || t.opening_quote;
    ascii_open ^= (ascii_quotes & 1) != 0;
    curly_depth = std::max(0, curly_depth + curly);
    out->push_back(t);
    ++count;
  }
  return true;
}

// A token that only separates: ":", "-", "–", "—", "»", "|", ">>", "•".
bool IsSeparator(std::string_view token) {
  static constexpr std::string_view kSeparators[] = {
      ":", "-", "\xE2\x80\x93", "\xE2\x80\x94", "\xC2\xBB", "|", ">>", "\xE2\x80\xA2"};
  for (std::string_view sep : kSeparators) {
    if (token == sep) return true;
  }
  return false;
}

// The start of the label of 1-3 words that ends at the colon p[colon] and opens a sentence, or
// npos.
size_t LabelStart(const uint8_t* p, size_t lb, size_t colon) {
  size_t i = colon;
  for (uint32_t words = 0; words < kMaxLabelWords; ++words) {
    const size_t end = i;
    while (i > lb && !IsAsciiSpaceByte(p[i - 1])) --i;
    if (i == end) return std::string_view::npos;
    const size_t start = i;
    while (i > lb && IsAsciiSpaceByte(p[i - 1])) --i;
    if (i == lb || EndsSentenceBefore(p, lb, i)) return start;
  }
  return std::string_view::npos;
}

// The lower-cased words of the label text[start, colon) joined by single spaces: the same string
// InlineScanner::LabelAt builds from tokens.
void LabelText(std::string_view text, size_t start, size_t colon, std::string* out) {
  out->clear();
  bool space = false;
  for (size_t i = start; i < colon; ++i) {
    char c = text[i];
    if (IsAsciiSpaceByte(static_cast<uint8_t>(c))) {
      space = true;
      continue;
    }
    if (space && !out->empty()) out->push_back(' ');
    space = false;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out->push_back(c);
  }
}

// A cheap byte scan before tokenising: true if the line has a caption "(<word>", a sentence
// opening with the first word of a built-in marker, or a colon label opening a sentence for which
// label(start, colon) is true. Every line in which a marker can be cut passes (a superset); most
// lines of ordinary text do not. Without `seeds`, only labels are looked for.
bool MayHoldMarker(std::string_view text, size_t lb, size_t le, bool seeds,
                   const std::function<bool(size_t, size_t)>& label) {
  const uint8_t* p = Bytes(text);
  if (!seeds) {
    for (const void* hit = std::memchr(p + lb, ':', le - lb); hit != nullptr;) {
      const size_t i = static_cast<size_t>(static_cast<const uint8_t*>(hit) - p);
      if (const size_t start = LabelStart(p, lb, i);
          start != std::string_view::npos && label(start, i))
        return true;
      hit = i + 1 < le ? std::memchr(p + i + 1, ':', le - i - 1) : nullptr;
    }
    return false;
  }
  // After sentence-final punctuation, closers and at least one space (or at the line's start).
  auto opens_marker = [&](size_t i, bool need_space) {
    while (i < le && (p[i] == '"' || p[i] == '\'' || p[i] == ')')) ++i;
    while (i + 2 < le && p[i] == 0xE2 && p[i + 1] == 0x80 && (p[i + 2] == 0x9D || p[i + 2] == 0x99))
      i += 3;
    const size_t spaces = i;
    while (i < le && IsAsciiSpaceByte(p[i])) ++i;
    if (need_space && i == spaces) return false;
    if (i < le && (p[i] == '"' || p[i] == '\'' || p[i] == '(')) ++i;
    if (i >= le) return false;
    const uint8_t f = p[i] | 0x20;  // the first letters of kOpeningWords
    if (f != 'b' && f != 's' && f != 'l' && f != 't' && f != 'r' && f != 'a') return false;
    for (std::string_view w : kOpeningWords) {
      if (StartsWithFolded(p, i, le, w)) return true;
    }
    return false;
  };
  if (opens_marker(lb, false)) return true;
  for (size_t i = NextInteresting(p, lb, le); i < le; i = NextInteresting(p, i + 1, le)) {
    const uint8_t c = p[i];
    if (c == ':') {
      const size_t start = LabelStart(p, lb, i);
      if (start == std::string_view::npos) continue;
      for (std::string_view w : kLabelWords) {
        if (StartsWithFolded(p, start, i, w)) return true;
      }
      if (label(start, i)) return true;
    } else if (c == '(') {
      for (std::string_view w : CaptionWords()) {
        if (StartsWithFolded(p, i + 1, le, w)) return true;
      }
    } else if (c == 0xE2) {
      if (i + 2 < le && p[i + 1] == 0x80 && p[i + 2] == 0xA6 && opens_marker(i + 3, true))
        return true;
    } else if (opens_marker(i + 1, true)) {
      return true;
    }
  }
  return false;
}

}  // namespace saring::quality_internal
