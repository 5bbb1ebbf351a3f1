// SignalComputer: one pass over a document that measures the Gopher, C4 and FineWeb signals.
//
// The text is walked line by line (memchr for '\n'); each non-blank line is split into
// whitespace tokens, and each token is scanned once for its length, letters, '#', '{' and
// ellipses, and hashed (XXH3) by its lower-cased core. The core hash drives the stop-word lookup,
// the C4 keyword phrases and, afterwards, the n-gram repetition pass (ngram_signals.cc). Lines
// and paragraphs are hashed whole for the duplicate-line and duplicate-paragraph signals. All
// tables are flat open-addressing tables owned by the computer and reused between documents.
//
// References: Rae et al. 2021 (Gopher) App. A; Raffel et al. 2020 (C4) section 2.2; Penedo et
// al. 2024 (FineWeb). Exact definitions: docs/quality.md.
#include <utf8proc.h>

// Inline XXH3: most hashed inputs are words of a few bytes, where call overhead dominates.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <cstring>

#include "quality/signal_scratch.h"
#include "quality/text_scan.h"

namespace saring {
namespace {

using quality_internal::FlatMap64;

// Words the C4 checks look for, as word cores.
enum Keyword : uint8_t {
  kNoKeyword, kLorem, kIpsum, kTerms, kOf, kUse, kUses, kPrivacy, kPolicy, kCookie, kCookies,
};

Keyword LookupKeyword(std::string_view w) {
  switch (w.size()) {
    case 2: return w == "of" ? kOf : kNoKeyword;
    case 3: return w == "use" ? kUse : kNoKeyword;
    case 4: return w == "uses" ? kUses : kNoKeyword;
    case 5: return w == "lorem" ? kLorem : w == "ipsum" ? kIpsum : w == "terms" ? kTerms : kNoKeyword;
    case 6: return w == "policy" ? kPolicy : w == "cookie" ? kCookie : kNoKeyword;
    case 7: return w == "privacy" ? kPrivacy : w == "cookies" ? kCookies : kNoKeyword;
    default: return kNoKeyword;
  }
}

// True if the three most recent keywords (k2, k1, k0 = current) end a C4 policy phrase.
bool EndsPolicyPhrase(Keyword k2, Keyword k1, Keyword k0) {
  if (k0 == kPolicy) return k1 == kPrivacy || k1 == kCookie;
  if (k0 == kCookies) return k1 == kUses || k1 == kUse || (k1 == kOf && k2 == kUse);
  return k0 == kUse && k1 == kOf && k2 == kTerms;
}

// Byte classes for the token loop.
constexpr uint8_t kMaybeSpace = 1;  // ASCII whitespace, or a lead byte of a Unicode space
constexpr uint8_t kLetterByte = 2;  // ASCII letter
constexpr uint8_t kHighByte = 4;    // >= 0x80

struct ByteClasses {
  uint8_t cls[256];
  constexpr ByteClasses() : cls(), lower() {
    for (int c = 0; c < 256; ++c) {
      uint8_t v = 0;
      if (c == ' ' || (c >= '\t' && c <= '\r') || c == 0xC2 || c == 0xE2 || c == 0xE3) {
        v |= kMaybeSpace;
      }
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) v |= kLetterByte;
      if (c >= 0x80) v |= kHighByte;
      cls[c] = v;
      lower[c] = static_cast<uint8_t>(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
    }
  }
  uint8_t lower[256];  // ASCII lower case; other bytes unchanged
};
constexpr ByteClasses kByteClasses;

// Ellipses in the whole text: every third '.' of a run of dots, plus each U+2026.
uint64_t CountEllipses(std::string_view text) {
  uint64_t count = 0;
  for (size_t i = text.find('.'); i != std::string_view::npos; i = text.find('.', i)) {
    size_t run = 0;
    while (i < text.size() && text[i] == '.') ++run, ++i;
    count += run / 3;
  }
  for (size_t i = text.find("\xE2\x80\xA6"); i != std::string_view::npos;
       i = text.find("\xE2\x80\xA6", i + 3)) {
    ++count;
  }
  return count;
}

bool StartsWithJavascript(const uint8_t* p, size_t b, size_t e) {
  static constexpr char kWord[] = "javascript";
  if (e - b < 10) return false;
  for (size_t i = 0; i < 10; ++i) {
    if ((p[b + i] | 0x20) != kWord[i]) return false;
  }
  return true;
}

// True if the non-ASCII token p[b, e) contains a letter (Unicode L*).
bool HasUnicodeLetter(const uint8_t* p, size_t b, size_t e) {
  while (b < e) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(p + b, static_cast<utf8proc_ssize_t>(e - b), &cp);
    if (n <= 0) {
      ++b;
      continue;
    }
    const utf8proc_category_t cat = utf8proc_category(cp);
    if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) return true;
    b += static_cast<size_t>(n);
  }
  return false;
}

// Lower-cases p[b, e) (at most StopWords::kMaxStopWordBytes bytes) into buf; returns its length.
size_t LowerCase(const uint8_t* p, size_t b, size_t e, bool ascii, uint8_t* buf) {
  size_t k = 0;
  if (ascii) {
    for (size_t i = b; i < e; ++i) buf[k++] = p[i] >= 'A' && p[i] <= 'Z' ? p[i] | 0x20 : p[i];
    return k;
  }
  while (b < e) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(p + b, static_cast<utf8proc_ssize_t>(e - b), &cp);
    if (n <= 0) {
      buf[k++] = p[b++];
      continue;
    }
    k += static_cast<size_t>(utf8proc_encode_char(utf8proc_tolower(cp), buf + k));
    b += static_cast<size_t>(n);
  }
  return k;
}

// Per-document counters, turned into QualitySignals by Finish().
struct Counts {
  uint64_t words = 0, word_chars = 0, alpha_words = 0, stop_words = 0;
  uint64_t lines = 0, line_chars = 0, dup_lines = 0, dup_line_chars = 0;
  uint64_t paragraphs = 0, paragraph_chars = 0, dup_paragraphs = 0, dup_paragraph_chars = 0;
  uint64_t bullet_lines = 0, ellipsis_lines = 0, terminal_lines = 0, short_lines = 0;
  uint64_t javascript_lines = 0, policy_lines = 0, few_word_lines = 0;
  uint64_t sentences = 0, lorem_ipsum = 0;
};

// Per-line state of the token loop.
struct LineState {
  uint64_t words = 0;
  Keyword k1 = kNoKeyword, k2 = kNoKeyword;
  bool javascript = false;
  bool policy = false;
};

class DocumentScanner {
 public:
  DocumentScanner(std::string_view text, const StopWords* stop_words,
                  quality_internal::SignalScratch* scratch)
      : p_(quality_internal::Bytes(text)), n_(text.size()), stop_words_(stop_words),
        sc_(scratch) {}

  // Scans the whole text; the results are in counts() and the scratch word arrays.
  void Run(size_t newlines) {
    sc_->word_map.Reset(n_ / 16 + 16);  // grows if needed
    sc_->line_map.Reset(newlines + 1);
    sc_->paragraph_map.Reset(newlines + 1);
    size_t b = 0;
    while (b <= n_) {
      const void* nl = b < n_ ? std::memchr(p_ + b, '\n', n_ - b) : nullptr;
      const size_t e = nl ? static_cast<size_t>(static_cast<const uint8_t*>(nl) - p_) : n_;
      size_t tb = b, te = e;
      quality_internal::TrimSpaces(p_, &tb, &te);
      if (tb == te) {
        EndParagraph();
      } else {
        ScanLine(tb, te);
      }
      b = e + 1;
    }
    EndParagraph();
  }

  const Counts& counts() const { return c_; }

 private:
  void ScanLine(size_t b, size_t e);
  void ScanToken(size_t b, size_t e, uint8_t flags, LineState* line);
  bool IsDuplicate(FlatMap64* map, size_t b, size_t e) {
    bool inserted = false;
    map->FindOrInsert(XXH3_64bits(p_ + b, e - b), 0, &inserted);
    return !inserted;
  }
  void EndParagraph() {
    if (!in_paragraph_) return;
    in_paragraph_ = false;
    ++c_.paragraphs;
    c_.paragraph_chars += paragraph_chars_;
    if (IsDuplicate(&sc_->paragraph_map, paragraph_begin_, paragraph_end_)) {
      ++c_.dup_paragraphs;
      c_.dup_paragraph_chars += paragraph_chars_;
    }
  }

  const uint8_t* p_;
  size_t n_;
  const StopWords* stop_words_;
  quality_internal::SignalScratch* sc_;
  Counts c_;
  bool in_paragraph_ = false;
  size_t paragraph_begin_ = 0, paragraph_end_ = 0;
  uint64_t paragraph_chars_ = 0;
  static constexpr size_t kTokenBuffer = 64;
  uint8_t lower_[kTokenBuffer];  // the current token, ASCII-lower-cased (first 64 bytes)
};

void DocumentScanner::ScanLine(size_t b, size_t e) {
  const uint64_t chars = quality_internal::CountCodePoints(p_ + b, e - b);
  ++c_.lines;
  c_.line_chars += chars;
  c_.short_lines += chars <= 30;  // FineWeb short_line_length = 30
  if (IsDuplicate(&sc_->line_map, b, e)) {
    ++c_.dup_lines;
    c_.dup_line_chars += chars;
  }
  c_.bullet_lines += quality_internal::IsBullet(quality_internal::FirstCodePoint(p_, b, e));
  size_t last_start = 0;
  const uint32_t last = quality_internal::LastCodePoint(p_, b, e, &last_start);
  c_.terminal_lines += quality_internal::IsTerminalPunct(last);
  c_.ellipsis_lines += last == 0x2026 || (e - b >= 3 && std::memcmp(p_ + e - 3, "...", 3) == 0);

  if (!in_paragraph_) {
    in_paragraph_ = true;
    paragraph_begin_ = b;
    paragraph_chars_ = 0;
  }
  paragraph_end_ = e;
  paragraph_chars_ += chars;

  LineState line;
  const auto& classes = kByteClasses.cls;
  size_t i = b;
  while (i < e) {
    uint8_t cls = classes[p_[i]];
    if (cls & kMaybeSpace) {
      const size_t space = quality_internal::SpaceLength(p_, i, e);
      if (space != 0) {
        i += space;
        continue;
      }
    }
    // Find the token's end, OR its byte classes, and lower-case its first kTokenBuffer bytes.
    const size_t token_begin = i;
    uint8_t flags = cls;
    lower_[0] = kByteClasses.lower[p_[i]];
    for (++i; i < e; ++i) {
      const uint8_t ch = p_[i];
      cls = classes[ch];
      if ((cls & kMaybeSpace) && quality_internal::SpaceLength(p_, i, e) != 0) break;
      flags |= cls;
      if (i - token_begin < kTokenBuffer) lower_[i - token_begin] = kByteClasses.lower[ch];
    }
    ScanToken(token_begin, i, flags, &line);
  }
  c_.javascript_lines += line.javascript;
  c_.policy_lines += line.policy;
  c_.few_word_lines += line.words < 3;  // C4 min words per line = 3
}

void DocumentScanner::ScanToken(size_t b, size_t e, uint8_t flags, LineState* line) {
  const bool non_ascii = (flags & kHighByte) != 0;
  const auto chars = static_cast<uint32_t>(
      non_ascii ? quality_internal::CountCodePoints(p_ + b, e - b) : e - b);
  ++c_.words;
  ++line->words;
  c_.word_chars += chars;
  c_.alpha_words += (flags & kLetterByte) != 0 || (non_ascii && HasUnicodeLetter(p_, b, e));

  // Sentence end: the last code point before any closing quotes/brackets.
  if (p_[e - 1] >= 0x80 || quality_internal::IsAsciiPunct(p_[e - 1])) {
    size_t end = e, start = 0;
    uint32_t cp = quality_internal::LastCodePoint(p_, b, end, &start);
    while (quality_internal::IsCloser(cp) && start > b) {
      end = start;
      cp = quality_internal::LastCodePoint(p_, b, end, &start);
    }
    c_.sentences += quality_internal::IsSentenceEnd(cp);
  }

  // The core: strip ASCII punctuation at both ends, lower-case, hash.
  size_t cb = b, ce = e;
  while (cb < ce && quality_internal::IsAsciiPunct(p_[cb])) ++cb;
  while (ce > cb && quality_internal::IsAsciiPunct(p_[ce - 1])) --ce;
  line->javascript |= StartsWithJavascript(p_, cb, ce);
  uint64_t hash = 0;
  Keyword keyword = kNoKeyword;
  if (cb == ce || ce - cb > StopWords::kMaxStopWordBytes) {
    hash = cb == ce ? XXH3_64bits(p_ + b, e - b) : XXH3_64bits(p_ + cb, ce - cb);
  } else {
    uint8_t buf[StopWords::kMaxStopWordBytes * 4];
    const uint8_t* lower = buf;
    size_t len = ce - cb;
    if (!non_ascii && e - b <= kTokenBuffer) {
      lower = lower_ + (cb - b);  // already lower-cased by the token loop
    } else {
      len = LowerCase(p_, cb, ce, !non_ascii, buf);
    }
    const std::string_view core(reinterpret_cast<const char*>(lower), len);
    hash = XXH3_64bits(lower, len);
    keyword = LookupKeyword(core);
    if (stop_words_ != nullptr) c_.stop_words += stop_words_->ContainsHashed(hash, core);
  }
  c_.lorem_ipsum += keyword == kIpsum && line->k1 == kLorem;
  line->policy |= keyword != kNoKeyword && EndsPolicyPhrase(line->k2, line->k1, keyword);
  line->k2 = line->k1;
  line->k1 = keyword;
  sc_->word_chars.push_back(chars);
  bool inserted = false;
  const auto next_id = static_cast<uint32_t>(sc_->word_count.size());
  const uint32_t id = sc_->word_map.FindOrInsert(hash, next_id, &inserted);
  if (inserted) sc_->word_count.push_back(0);
  ++sc_->word_count[id];
  sc_->word_group.push_back(id);
}

double Ratio(uint64_t num, uint64_t den) {
  return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den);
}

void FillSignals(const Counts& c, bool has_stop_words, QualitySignals* s) {
  s->num_words = c.words;
  s->num_lines = c.lines;
  s->num_paragraphs = c.paragraphs;
  s->num_sentences = c.sentences;
  s->mean_word_length = Ratio(c.word_chars, c.words);
  s->bullet_line_fraction = Ratio(c.bullet_lines, c.lines);
  s->ellipsis_line_fraction = Ratio(c.ellipsis_lines, c.lines);
  s->alpha_word_fraction = Ratio(c.alpha_words, c.words);
  s->stop_word_count = has_stop_words ? static_cast<int64_t>(c.stop_words) : -1;
  s->dup_line_fraction = Ratio(c.dup_lines, c.lines);
  s->dup_paragraph_fraction = Ratio(c.dup_paragraphs, c.paragraphs);
  s->dup_line_char_fraction = Ratio(c.dup_line_chars, c.line_chars);
  s->dup_paragraph_char_fraction = Ratio(c.dup_paragraph_chars, c.paragraph_chars);
  s->no_terminal_punct_line_fraction = Ratio(c.lines - c.terminal_lines, c.lines);
  s->lorem_ipsum_count = c.lorem_ipsum;
  s->javascript_line_fraction = Ratio(c.javascript_lines, c.lines);
  s->policy_line_fraction = Ratio(c.policy_lines, c.lines);
  s->few_words_line_fraction = Ratio(c.few_word_lines, c.lines);
  s->line_punct_ratio = Ratio(c.terminal_lines, c.lines);
  s->short_line_ratio = Ratio(c.short_lines, c.lines);
}

}  // namespace

SignalComputer::SignalComputer() : scratch_(std::make_unique<quality_internal::SignalScratch>()) {}
SignalComputer::~SignalComputer() = default;
SignalComputer::SignalComputer(SignalComputer&&) noexcept = default;
SignalComputer& SignalComputer::operator=(SignalComputer&&) noexcept = default;

void SignalComputer::Compute(std::string_view text, const StopWords* stop_words,
                             QualitySignals* out) {
  SARING_DCHECK(text.size() < (uint64_t{1} << 32));
  *out = QualitySignals();
  scratch_->word_chars.clear();
  scratch_->word_group.clear();
  scratch_->word_count.clear();
  DocumentScanner scanner(text, stop_words, scratch_.get());
  const auto newlines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  scanner.Run(newlines);
  FillSignals(scanner.counts(), stop_words != nullptr, out);
  // Whole-text counts: every non-space byte belongs to a token, so these equal per-token sums.
  const auto hashes = static_cast<uint64_t>(std::count(text.begin(), text.end(), '#'));
  out->curly_brace_count = static_cast<uint64_t>(std::count(text.begin(), text.end(), '{'));
  out->hash_to_word_ratio = Ratio(hashes, out->num_words);
  out->ellipsis_to_word_ratio = Ratio(CountEllipses(text), out->num_words);
  out->num_chars = quality_internal::CountCodePoints(quality_internal::Bytes(text), text.size());
  out->num_newlines = newlines;
  out->newline_to_word_ratio = Ratio(out->num_newlines, out->num_words);
  quality_internal::ComputeNgramSignals(scratch_.get(), out);
}

}  // namespace saring
