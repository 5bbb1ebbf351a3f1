// Inline boilerplate: markers, tokens and the end rules. See boilerplate_inline.h and
// docs/boilerplate.md, "Inline insertions".
#include "quality/boilerplate_inline.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <utf8proc.h>

#include <algorithm>
#include <bit>
#include <cstring>

#include "quality/boilerplate_lines.h"
#include "quality/text_scan.h"
#include "saring/stopwords.h"

namespace saring::quality_internal {
namespace {

// Salt of inline label keys (distinct from line and prefix keys of the same source).
constexpr uint64_t kInlineSalt = 0x696e6c696e655f6bull;  // "inline_k"
// A headline or credit longer than this is not an insertion (no cut).
constexpr uint32_t kMaxHeadlineTokens = 30;
constexpr uint32_t kMaxCreditTokens = 6;
constexpr uint32_t kMaxCaptionBytes = 200;
constexpr uint32_t kMaxPairGapTokens = 25;
constexpr uint32_t kMaxLabelWords = 3;

struct SeedMarker {
  const char* phrase;      // lower-case words separated by one space
  InlineKind kind;
  bool needs_colon;        // only with a ':' (or a separator token) after the phrase
  const char* end_phrase;  // link markers with a fixed closing phrase (else nullptr)
};

// Longer phrases first: the first that matches and whose insertion ends by its rule is cut.
constexpr SeedMarker kSeedMarkers[] = {
    {"baca juga artikel terkait", InlineKind::kLink, false, "tulisan menarik lainnya"},
    {"baca juga", InlineKind::kLink, false, nullptr},
    {"baca pula", InlineKind::kLink, false, nullptr},
    {"simak juga", InlineKind::kLink, false, nullptr},
    {"lihat juga", InlineKind::kLink, false, nullptr},
    {"tonton juga", InlineKind::kLink, false, nullptr},
    {"berita terkait", InlineKind::kLink, true, nullptr},
    {"artikel terkait", InlineKind::kLink, true, nullptr},
    {"read more", InlineKind::kLink, true, nullptr},
    {"read also", InlineKind::kLink, false, nullptr},
    {"also read", InlineKind::kLink, false, nullptr},
    {"see also", InlineKind::kLink, true, nullptr},
    {"related", InlineKind::kLink, true, nullptr},
    {"editor", InlineKind::kCredit, true, nullptr},
    {"penulis", InlineKind::kCredit, true, nullptr},
    {"reporter", InlineKind::kCredit, true, nullptr},
    {"pewarta", InlineKind::kCredit, true, nullptr},
    {"redaktur", InlineKind::kCredit, true, nullptr},
    {"kontributor", InlineKind::kCredit, true, nullptr},
    {"foto", InlineKind::kCredit, true, nullptr},
    {"photo", InlineKind::kCredit, true, nullptr},
};
// "(<word>: ...)" or "(<word>/...)" is a caption.
constexpr std::string_view kCaptionWords[] = {"foto", "photo", "ilustrasi", "gambar", "image", "dok",
                                         "dokumentasi"};
// The built-in markers that need no colon, for the byte-level line filter.
constexpr std::string_view kOpeningWords[] = {"baca juga", "baca pula", "simak juga", "lihat juga",
                                              "tonton juga", "read also", "also read"};
// First words of the built-in markers written with a colon ("Editor:", "Related:").
constexpr std::string_view kLabelWords[] = {"baca", "simak", "lihat", "tonton", "berita", "artikel",
                                            "read", "also", "see", "related", "editor", "penulis",
                                            "reporter", "pewarta", "redaktur", "kontributor", "foto",
                                            "photo"};
// Lower-case words that may join title-cased words inside a headline ("Tol di Sumatera").
constexpr const char* kConnectors[] = {"di", "ke", "dari", "dan", "yang", "untuk", "dengan", "pada",
                                       "atau", "vs", "of", "the", "and", "in", "on", "for", "to",
                                       "at", "a", "an", "by", "with", "or", "from"};
// Words that open a sentence before a name ("Sementara Basuki menilai ...", "The Jakarta Post
// reported ..."). A capitalised one right before the names of a run starts the sentence.
constexpr const char* kOpeners[] = {
    "sementara", "namun", "tetapi", "tapi", "menurut", "sebelumnya", "kemudian", "lalu",
    "selanjutnya", "adapun", "sedangkan", "bahkan", "meski", "meskipun", "walaupun", "padahal",
    "karena", "sebab", "jika", "apabila", "kalau", "agar", "kini", "diketahui", "dikatakan",
    "disebutkan", "akibatnya", "para", "sang", "pihak", "meanwhile", "however", "but", "and",
    "according", "when", "while", "although", "because", "the", "mr", "mrs", "ms", "dr"};
// Prepositions open a sentence only with a phrase closed by a comma ("Di Padang, Irfan ..."); a
// headline ends in them often ("... Banjir Di Padang").
constexpr const char* kPrepositions[] = {
    "di", "dalam", "pada", "saat", "ketika", "setelah", "sebelum", "sejak", "selama", "usai",
    "seusai", "untuk", "dengan", "oleh", "bagi", "dari", "ke", "atas", "hingga", "sampai",
    "terkait", "in", "on", "at", "for", "with", "from", "by", "after", "before", "since", "during"};

template <size_t N>
bool InList(const char* const (&list)[N], std::string_view w) {
  for (const char* x : list) {
    if (w == x) return true;
  }
  return false;
}

bool IsSpaceAt(std::string_view s, size_t i) { return SpaceLength(Bytes(s), i, s.size()) > 0; }

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
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT: return InlineToken::kUpper;
    case UTF8PROC_CATEGORY_LL: return InlineToken::kLower;
    case UTF8PROC_CATEGORY_ND: return InlineToken::kDigit;
    default: return InlineToken::kOther;
  }
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

// Quotation state at a point of a line: an ASCII '"' open, and the depth of curly quotes.
struct QuoteState {
  bool ascii_open = false;
  int curly_depth = 0;
};

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
                  size_t max_tokens = SIZE_MAX, QuoteState quotes = {}) {
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
      if (c == 0xE2 && i + 2 < e && p[i + 1] == 0x80) curly += (p[i + 2] == 0x9C) - (p[i + 2] == 0x9D);
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
  static constexpr std::string_view kSeparators[] = {":", "-", "\xE2\x80\x93", "\xE2\x80\x94", "\xC2\xBB",
                                                     "|", ">>", "\xE2\x80\xA2"};
  for (std::string_view sep : kSeparators) {
    if (token == sep) return true;
  }
  return false;
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
#if defined(SARING_QUALITY_SSE2)
  const __m128i colon = _mm_set1_epi8(':'), paren = _mm_set1_epi8('('), dot = _mm_set1_epi8('.');
  const __m128i bang = _mm_set1_epi8('!'), question = _mm_set1_epi8('?');
  const __m128i lead = _mm_set1_epi8(static_cast<char>(0xE2));
  for (; i + 16 <= e; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i hit = _mm_or_si128(
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, colon), _mm_cmpeq_epi8(v, paren)), _mm_cmpeq_epi8(v, dot)),
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, bang), _mm_cmpeq_epi8(v, question)), _mm_cmpeq_epi8(v, lead)));
    if (const int mask = _mm_movemask_epi8(hit); mask != 0) return i + static_cast<size_t>(std::countr_zero(static_cast<unsigned>(mask)));
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
                    (i - lb >= 3 && p[i - 3] == 0xE2 && p[i - 2] == 0x80 && (p[i - 1] == 0x9D || p[i - 1] == 0x99)))) {
    i -= p[i - 1] < 0x80 ? 1 : 3;
  }
  if (i > lb && (p[i - 1] == '.' || p[i - 1] == '!' || p[i - 1] == '?')) return true;
  return i - lb >= 3 && p[i - 3] == 0xE2 && p[i - 2] == 0x80 && p[i - 1] == 0xA6;
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
template <class LabelFn>
bool MayHoldMarker(std::string_view text, size_t lb, size_t le, bool seeds, LabelFn label) {
  const uint8_t* p = Bytes(text);
  if (!seeds) {
    for (const void* hit = std::memchr(p + lb, ':', le - lb); hit != nullptr;) {
      const size_t i = static_cast<size_t>(static_cast<const uint8_t*>(hit) - p);
      if (const size_t start = LabelStart(p, lb, i); start != std::string_view::npos && label(start, i)) return true;
      hit = i + 1 < le ? std::memchr(p + i + 1, ':', le - i - 1) : nullptr;
    }
    return false;
  }
  // After sentence-final punctuation, closers and at least one space (or at the line's start).
  auto opens_marker = [&](size_t i, bool need_space) {
    while (i < le && (p[i] == '"' || p[i] == '\'' || p[i] == ')')) ++i;
    while (i + 2 < le && p[i] == 0xE2 && p[i + 1] == 0x80 && (p[i + 2] == 0x9D || p[i + 2] == 0x99)) i += 3;
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
      for (std::string_view w : kCaptionWords) {
        if (StartsWithFolded(p, i + 1, le, w)) return true;
      }
    } else if (c == 0xE2) {
      if (i + 2 < le && p[i + 1] == 0x80 && p[i + 2] == 0xA6 && opens_marker(i + 3, true)) return true;
    } else if (opens_marker(i + 1, true)) {
      return true;
    }
  }
  return false;
}

bool IsCommonWordListed(std::string_view w) {
  static const StopWords* const id = StopWords::BuiltIn("id");
  static const StopWords* const en = StopWords::BuiltIn("en");
  return InList(kOpeners, w) || InList(kPrepositions, w) || (id != nullptr && id->Contains(w)) ||
         (en != nullptr && en->Contains(w));
}

// Indonesian derivational suffixes that names do not carry: a title-cased verb or noun in a
// headline ("Resmikan", "Kebijakannya").
bool HasCommonSuffix(std::string_view w) {
  if (w.size() < 6) return false;
  const std::string_view tail = w.substr(w.size() - 3);
  return tail == "kan" || tail == "nya" || tail == "lah";
}

}  // namespace

std::string_view InlineScanner::Core(uint32_t t) const {
  const InlineToken& k = tokens_[t];
  return text_.substr(k.core_begin, k.core_end - k.core_begin);
}

std::string_view InlineScanner::Raw(uint32_t t) const {
  return text_.substr(tokens_[t].begin, tokens_[t].end - tokens_[t].begin);
}

std::string_view InlineScanner::Lower(std::string_view word) {
  lower_.assign(word);
  for (char& c : lower_) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower_;
}

void InlineScanner::Tokenize(std::string_view text, size_t b, size_t e) {
  tokens_.clear();
  TokenizeLine(text, b, e, &tokens_);
}

bool InlineScanner::MatchWords(uint32_t i, std::string_view phrase, uint32_t* words) {
  uint32_t k = i;
  size_t pos = 0;
  while (pos < phrase.size()) {
    size_t sp = phrase.find(' ', pos);
    if (sp == std::string_view::npos) sp = phrase.size();
    if (k >= tokens_.size()) return false;
    const InlineToken& t = tokens_[k];
    const bool last = sp == phrase.size();
    if (t.core_begin != t.begin || t.sentence_end || t.comma) return false;
    if (!last && (t.colon || t.core_end != t.end)) return false;
    if (Lower(Core(k)) != phrase.substr(pos, sp - pos)) return false;
    ++k;
    pos = sp + 1;
  }
  *words = k - i;
  return true;
}

uint32_t InlineScanner::LabelAt(uint32_t i) {
  label_.clear();
  for (uint32_t k = 0; k < kMaxLabelWords && i + k < tokens_.size(); ++k) {
    const InlineToken& t = tokens_[i + k];
    if (t.core_begin != t.begin || (t.first != InlineToken::kUpper && t.first != InlineToken::kLower)) return 0;
    if (t.sentence_end || t.comma) return 0;
    if (k > 0) label_.push_back(' ');
    label_.append(Lower(Core(i + k)));
    if (t.colon) return t.core_end + 1 == t.end ? k + 1 : 0;
    if (t.core_end != t.end) return 0;
  }
  return 0;
}

void InlineScanner::BuildVocabulary() {
  vocabulary_built_ = true;
  lower_words_.clear();
  name_words_.clear();
  ForEachLine(text_, [&](size_t lb, size_t le) {
    doc_tokens_.clear();
    TokenizeLine(text_, lb, le, &doc_tokens_);
    MarkInsideSentence(text_, doc_tokens_, &inside_);
    for (size_t k = 0; k < doc_tokens_.size(); ++k) {
      const InlineToken& t = doc_tokens_[k];
      const bool lower = t.first == InlineToken::kLower;
      if (!lower && !inside_[k]) continue;
      const std::string_view w = Lower(text_.substr(t.core_begin, t.core_end - t.core_begin));
      (lower ? lower_words_ : name_words_).push_back(XXH3_64bits(w.data(), w.size()));
    }
  });
  std::sort(lower_words_.begin(), lower_words_.end());
  std::sort(name_words_.begin(), name_words_.end());
}

InlineScanner::WordClass InlineScanner::Classify(uint32_t t, uint32_t run_begin, uint32_t run_end) {
  const InlineToken& k = tokens_[t];
  if (k.first == InlineToken::kLower || k.comma) return kCommon;
  if (k.first == InlineToken::kDigit) return kUnknown;  // "5 Fakta ...", "Pilkada 2024"
  if (IsSeparator(Raw(t))) return kUnknown;  // a dash or bar
  const std::string w(Lower(Core(t)));
  if (IsCommonWordListed(w)) return kCommon;
  if (k.all_caps) return kName;  // an acronym
  if (!vocabulary_built_) BuildVocabulary();
  const uint64_t h = XXH3_64bits(w.data(), w.size());
  auto count = [h](const std::vector<uint64_t>& sorted) {
    const auto range = std::equal_range(sorted.begin(), sorted.end(), h);
    return static_cast<size_t>(range.second - range.first);
  };
  const size_t lower = count(lower_words_);
  size_t capitalised = count(name_words_);
  // The run's own occurrences are not evidence (BuildVocabulary counted them too).
  MarkInsideSentence(text_, tokens_, &inside_);
  for (uint32_t r = run_begin; r < run_end && capitalised > 0; ++r) {
    if (inside_[r] && Lower(Core(r)) == w) --capitalised;
  }
  if (capitalised > 0) return kName;  // written capitalised inside sentences elsewhere
  if (lower > 0 || HasCommonSuffix(w)) return kCommon;
  return kUnknown;
}

bool InlineScanner::Opener(uint32_t t) {
  const InlineToken& k = tokens_[t];
  return k.comma || (k.first == InlineToken::kUpper && InList(kOpeners, Lower(Core(t))));
}

uint32_t InlineScanner::SentenceStart(uint32_t j, uint32_t m) {
  // A lower-case connector the run went through binds the words around it ("Petugas di Padang
  // mengeluhkan", "Residents of Bandung said"): the sentence starts before it.
  for (uint32_t t = m; t-- > j + 1;) {
    if (tokens_[t].first == InlineToken::kLower) return SentenceStart(j, t);
  }
  // U = [u, m): the trailing words that are not common; K = [k0, m): the trailing known names.
  uint32_t u = m, k0 = m;
  bool names = true;
  for (uint32_t t = m; t-- > j;) {
    const WordClass c = Classify(t, j, m);
    if (c == kCommon) break;
    names &= c == kName;
    if (names) k0 = t;
    u = t;
  }
  uint32_t s;
  if (u == m) {
    s = m - 1;  // a common word right before the lower-case one opens the sentence ("Warga mulai")
  } else if (u > j) {
    s = u;      // headline words, then words that are not common: all of those open the sentence
  } else {
    s = k0 < m ? k0 : m - 1;  // nothing common in the run: known names, else the last word
  }
  if (s > j && Opener(s - 1)) --s;  // "Sementara Basuki menilai", "Diketahui, PKB yang"
  if (s > j && tokens_[s - 1].first == InlineToken::kUpper && InList(kPrepositions, Lower(Core(s - 1)))) {
    for (uint32_t t = s; t < m && t < s + 3; ++t) {
      if (tokens_[t].comma) {  // "Di Padang, Irfan ..."
        --s;
        break;
      }
    }
  }
  return s;
}

bool InlineScanner::LinkEnd(uint32_t j, uint32_t min_words, Cut* cut) {
  const uint32_t n = static_cast<uint32_t>(tokens_.size());
  if (j >= n) return false;
  auto title = [&](uint32_t t) {
    return tokens_[t].first == InlineToken::kUpper || tokens_[t].first == InlineToken::kDigit;
  };
  const bool quoted_headline = tokens_[j].opening_quote;
  uint32_t k = j;
  bool ended = false;
  while (k < n) {
    const InlineToken& t = tokens_[k];
    if (k > j && t.opening_quote && !quoted_headline) {  // a quotation opens the next sentence
      ended = true;
      break;
    }
    bool ok = title(k);
    if (!ok && k + 1 < n && title(k + 1) && !tokens_[k + 1].opening_quote && !t.sentence_end &&
        !t.comma && !t.colon) {
      ok = IsSeparator(Raw(k)) ||
           (t.first == InlineToken::kLower && InList(kConnectors, Lower(Core(k))));
    }
    if (!ok) break;
    if (k - j >= kMaxHeadlineTokens) return false;
    ++k;
    if (t.sentence_end) {
      ended = true;
      break;
    }
  }
  // A sentence starts at the latest on the run's last word, so a run too short to leave
  // min_words before it has no headline (this spares the document's vocabulary).
  if (!ended && k < n && k - j < min_words + 1) return false;
  const uint32_t last = (ended || k == n) ? k : SentenceStart(j, k);
  uint32_t words = 0;
  for (uint32_t t = j; t < last; ++t) words += !IsSeparator(Raw(t));
  if (words < min_words) return false;
  cut->last_token = last - 1;
  cut->end_byte = tokens_[last - 1].end;
  return true;
}

bool InlineScanner::CreditEnd(uint32_t j, Cut* cut) {
  const uint32_t n = static_cast<uint32_t>(tokens_.size());
  uint32_t k = j;
  while (k < n) {
    const InlineToken& t = tokens_[k];
    const bool stop = t.opening_quote || text_[t.begin] == '(' || IsSeparator(Raw(k)) ||
                      (t.colon && k > j);
    if (stop) break;  // a quotation, a "(source)" tag, a separator or the next label
    if (t.first != InlineToken::kUpper && t.first != InlineToken::kDigit) return false;
    if (k - j >= kMaxCreditTokens) return false;
    ++k;
    if (t.sentence_end) break;
  }
  if (k == j) return false;
  cut->last_token = k - 1;
  cut->end_byte = tokens_[k - 1].end;
  return true;
}

bool InlineScanner::CaptionEnd(uint32_t i, Cut* cut) {
  const InlineToken& t = tokens_[i];
  const std::string_view core = Lower(Core(i));
  bool caption = false;
  for (std::string_view w : kCaptionWords) {
    const size_t len = w.size();
    if (core.size() < len || core.substr(0, len) != w) continue;
    const bool colon = core.size() == len &&
                       (t.colon || (i + 1 < tokens_.size() && text_.substr(tokens_[i + 1].begin, 1) == ":"));
    caption |= colon || (core.size() > len && core[len] == '/');
  }
  if (!caption) return false;
  const uint32_t line_end = tokens_.back().end;
  int depth = 0;
  for (uint32_t p = t.begin; p < line_end && p - t.begin <= kMaxCaptionBytes; ++p) {
    if (text_[p] == '(') ++depth;
    if (text_[p] != ')' || --depth > 0) continue;
    uint32_t last = i;
    while (last + 1 < tokens_.size() && tokens_[last + 1].begin <= p) ++last;
    cut->last_token = last;
    cut->end_byte = p + 1;
    return true;
  }
  return false;
}

uint32_t InlineScanner::TryAt(uint32_t i, bool boundary, bool use_seeds,
                              const std::function<uint32_t(uint64_t)>& learned,
                              uint64_t source_hash, std::vector<BoilerplateInline>* out) {
  const InlineToken& t = tokens_[i];
  const uint32_t n = static_cast<uint32_t>(tokens_.size());
  if (t.quoted) return i;
  Cut cut{};
  auto hit = [&](InlineKind kind, uint32_t marker_end, uint32_t docs, bool seed) {
    out->push_back({t.begin, cut.end_byte, kind, text_.substr(t.begin, marker_end - t.begin), docs, seed});
    return cut.last_token + 1;
  };
  if (use_seeds && text_[t.begin] == '(' && CaptionEnd(i, &cut)) {
    const uint32_t marker_end = t.colon ? t.end : t.core_end;
    return hit(InlineKind::kCaption, marker_end, 0, true);
  }
  if (!boundary || t.first != InlineToken::kUpper || t.core_begin != t.begin) return i;
  if (learned) {
    if (const uint32_t words = LabelAt(i); words > 0) {
      const uint64_t key = XXH3_64bits_withSeed(label_.data(), label_.size(), source_hash ^ kInlineSalt);
      const uint32_t docs = learned(key);
      if (docs > 0 && LinkEnd(i + words, 2, &cut)) {
        return hit(InlineKind::kLink, tokens_[i + words - 1].end, docs, false);
      }
    }
  }
  if (!use_seeds) return i;
  for (const SeedMarker& m : kSeedMarkers) {
    uint32_t words = 0;
    if (!MatchWords(i, m.phrase, &words)) continue;
    const uint32_t marker_last = i + words - 1;
    uint32_t j = i + words;
    bool colon = tokens_[marker_last].colon;
    if (!colon && j < n && IsSeparator(Raw(j))) {
      colon = true;  // a separator token: ":", "-", "»", "|"
      ++j;
    }
    if (m.needs_colon && !colon) continue;
    bool ok = false;
    if (m.kind == InlineKind::kCredit) {
      ok = CreditEnd(j, &cut);
    } else if (m.end_phrase != nullptr) {
      for (uint32_t k = j; k < n && k - j <= kMaxPairGapTokens && !ok; ++k) {
        uint32_t end_words = 0;
        if (!MatchWords(k, m.end_phrase, &end_words)) continue;
        ok = true;
        cut.last_token = k + end_words - 1;
        cut.end_byte = tokens_[cut.last_token].end;
        Cut credit{};  // "... lainnya <Author>" at the end of the sentence
        if (cut.last_token + 1 < n && CreditEnd(cut.last_token + 1, &credit)) cut = credit;
      }
    } else {
      ok = LinkEnd(j, colon ? 2 : 3, &cut);
    }
    if (ok) return hit(m.kind, tokens_[marker_last].end, 0, true);
  }
  return i;
}

void InlineScanner::BeginDocument(std::string_view text) {
  text_ = text;
  vocabulary_built_ = false;
}

void InlineScanner::FindLabels(std::string_view text, uint64_t source_hash,
                               std::vector<InlineLabel>* out) {
  out->clear();
  BeginDocument(text);
  const uint8_t* p = Bytes(text);
  ForEachLine(text, [&](size_t lb, size_t le) {
    // Each colon label opening a sentence, tokenised from its start: the label, a separator and
    // the longest headline the link rule accepts, with the quotation state before it.
    size_t done = lb;
    for (const void* hit = std::memchr(p + lb, ':', le - lb); hit != nullptr;) {
      const size_t colon = static_cast<size_t>(static_cast<const uint8_t*>(hit) - p);
      hit = colon + 1 < le ? std::memchr(p + colon + 1, ':', le - colon - 1) : nullptr;
      const size_t start = LabelStart(p, lb, colon);
      if (start == std::string_view::npos || start < done) continue;
      done = colon + 1;
      tokens_.clear();
      TokenizeLine(text, start, le, &tokens_, kMaxLabelWords + 2 + kMaxHeadlineTokens,
                   QuotesBefore(p, lb, start));
      if (tokens_.empty() || tokens_[0].quoted || tokens_[0].first != InlineToken::kUpper) continue;
      const uint32_t words = LabelAt(0);
      if (words == 0) continue;
      const uint64_t key = XXH3_64bits_withSeed(label_.data(), label_.size(), source_hash ^ kInlineSalt);
      Cut cut{};
      out->push_back({key, LinkEnd(words, 2, &cut)});
    }
  });
}

void InlineScanner::Find(std::string_view text, uint64_t source_hash, bool use_seeds,
                         const std::function<uint32_t(uint64_t)>& learned,
                         std::vector<BoilerplateInline>* out) {
  out->clear();
  BeginDocument(text);
  ForEachLine(text, [&](size_t lb, size_t le) {
    auto learned_label = [&](size_t start, size_t colon) {
      if (!learned) return false;
      LabelText(text, start, colon, &label_);
      return learned(XXH3_64bits_withSeed(label_.data(), label_.size(), source_hash ^ kInlineSalt)) > 0;
    };
    if (!MayHoldMarker(text, lb, le, use_seeds, learned_label)) return;
    Tokenize(text, lb, le);
    uint32_t floor = static_cast<uint32_t>(lb);  // cuts never reach before the previous one
    uint32_t prev_floor = floor;
    bool after_cut = false;
    for (uint32_t i = 0; i < tokens_.size();) {
      const bool boundary = i == 0 || tokens_[i - 1].sentence_end || after_cut;
      const size_t before = out->size();
      const uint32_t next = TryAt(i, boundary, use_seeds, learned, source_hash, out);
      after_cut = out->size() > before;
      if (!after_cut) {
        ++i;
        continue;
      }
      // Whitespace: the whole line with its '\n'; else the spaces after the insertion; else
      // (at the line's end or before punctuation) the spaces before it.
      BoilerplateInline& c = out->back();
      size_t a = c.end;
      while (a < le) {
        const size_t n = SpaceLength(Bytes(text), a, le);
        if (n == 0) break;
        a += n;
      }
      if (c.begin == tokens_.front().begin && a == le) {
        c.begin = static_cast<uint32_t>(lb);
        c.end = static_cast<uint32_t>(le < text.size() ? le + 1 : le);
      } else if (c.end < le && IsSpaceAt(text, c.end)) {
        c.end = static_cast<uint32_t>(a);
      } else if (c.begin == floor && out->size() >= 2 && (*out)[out->size() - 2].end == floor &&
                 floor > lb) {
        // Right after an earlier cut that took the spaces after it: that cut takes the spaces
        // before it instead ("... sore. Penulis: A Editor: B" -> "... sore.").
        BoilerplateInline& p = (*out)[out->size() - 2];
        while (p.begin > prev_floor && IsAsciiSpaceByte(static_cast<uint8_t>(text[p.begin - 1]))) --p.begin;
      } else {
        while (c.begin > floor && IsAsciiSpaceByte(static_cast<uint8_t>(text[c.begin - 1]))) --c.begin;
      }
      prev_floor = floor;
      floor = c.end;
      i = next;
    }
  });
}

}  // namespace saring::quality_internal
