// Inline boilerplate: markers, tokens and the end rules. See boilerplate_inline.h and
// docs/boilerplate.md, "Inline insertions".
#include "quality/boilerplate_inline.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <cstring>

#include "quality/boilerplate_lines.h"
#include "quality/inline_tokens.h"
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

struct SeedMarker {
  const char* phrase;  // lower-case words separated by one space
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
// Lower-case words that may join title-cased words inside a headline ("Tol di Sumatera").
constexpr const char* kConnectors[] = {
    "di",  "ke", "dari", "dan", "yang", "untuk", "dengan", "pada", "atau", "vs",   "of", "the",
    "and", "in", "on",   "for", "to",   "at",    "a",      "an",   "by",   "with", "or", "from"};
// Words that open a sentence before a name ("Sementara Basuki menilai ...", "The Jakarta Post
// reported ..."). A capitalised one right before the names of a run starts the sentence.
constexpr const char* kOpeners[] = {
    "sementara", "namun",       "tetapi",    "tapi",      "menurut",    "sebelumnya", "kemudian",
    "lalu",      "selanjutnya", "adapun",    "sedangkan", "bahkan",     "meski",      "meskipun",
    "walaupun",  "padahal",     "karena",    "sebab",     "jika",       "apabila",    "kalau",
    "agar",      "kini",        "diketahui", "dikatakan", "disebutkan", "akibatnya",  "para",
    "sang",      "pihak",       "meanwhile", "however",   "but",        "and",        "according",
    "when",      "while",       "although",  "because",   "the",        "mr",         "mrs",
    "ms",        "dr"};
// Prepositions open a sentence only with a phrase closed by a comma ("Di Padang, Irfan ..."); a
// headline ends in them often ("... Banjir Di Padang").
constexpr const char* kPrepositions[] = {
    "di",     "dalam", "pada",   "saat",   "ketika",  "setelah", "sebelum", "sejak",
    "selama", "usai",  "seusai", "untuk",  "dengan",  "oleh",    "bagi",    "dari",
    "ke",     "atas",  "hingga", "sampai", "terkait", "in",      "on",      "at",
    "for",    "with",  "from",   "by",     "after",   "before",  "since",   "during"};

template <size_t N>
bool InList(const char* const (&list)[N], std::string_view w) {
  for (const char* x : list) {
    if (w == x) return true;
  }
  return false;
}

bool IsSpaceAt(std::string_view s, size_t i) { return SpaceLength(Bytes(s), i, s.size()) > 0; }

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
    if (t.core_begin != t.begin ||
        (t.first != InlineToken::kUpper && t.first != InlineToken::kLower))
      return 0;
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
  if (IsSeparator(Raw(t))) return kUnknown;             // a dash or bar
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
    s = u;  // headline words, then words that are not common: all of those open the sentence
  } else {
    s = k0 < m ? k0 : m - 1;  // nothing common in the run: known names, else the last word
  }
  if (s > j && Opener(s - 1)) --s;  // "Sementara Basuki menilai", "Diketahui, PKB yang"
  if (s > j && tokens_[s - 1].first == InlineToken::kUpper &&
      InList(kPrepositions, Lower(Core(s - 1)))) {
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
  // Stopped by a symbol, not a lower-case word ("... Version 2, `Other`"): where the headline
  // ends is unknown, so nothing is cut.
  if (!ended && k < n && tokens_[k].first != InlineToken::kLower) return false;
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
    const bool stop =
        t.opening_quote || text_[t.begin] == '(' || IsSeparator(Raw(k)) || (t.colon && k > j);
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
  for (std::string_view w : CaptionWords()) {
    const size_t len = w.size();
    if (core.size() < len || core.substr(0, len) != w) continue;
    const bool colon =
        core.size() == len &&
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
    out->push_back(
        {t.begin, cut.end_byte, kind, text_.substr(t.begin, marker_end - t.begin), docs, seed});
    return cut.last_token + 1;
  };
  if (use_seeds && text_[t.begin] == '(' && CaptionEnd(i, &cut)) {
    const uint32_t marker_end = t.colon ? t.end : t.core_end;
    return hit(InlineKind::kCaption, marker_end, 0, true);
  }
  if (!boundary || t.first != InlineToken::kUpper || t.core_begin != t.begin) return i;
  if (learned) {
    if (const uint32_t words = LabelAt(i); words > 0) {
      const uint64_t key =
          XXH3_64bits_withSeed(label_.data(), label_.size(), source_hash ^ kInlineSalt);
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
      const uint64_t key =
          XXH3_64bits_withSeed(label_.data(), label_.size(), source_hash ^ kInlineSalt);
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
  // Only a label of this source's learned markers makes a line worth tokenising.
  const std::function<bool(size_t, size_t)> learned_label = [&](size_t start, size_t colon) {
    if (!learned) return false;
    LabelText(text, start, colon, &label_);
    return learned(XXH3_64bits_withSeed(label_.data(), label_.size(), source_hash ^ kInlineSalt)) >
           0;
  };
  ForEachLine(text, [&](size_t lb, size_t le) {
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
        while (p.begin > prev_floor && IsAsciiSpaceByte(static_cast<uint8_t>(text[p.begin - 1])))
          --p.begin;
      } else {
        while (c.begin > floor && IsAsciiSpaceByte(static_cast<uint8_t>(text[c.begin - 1])))
          --c.begin;
      }
      prev_floor = floor;
      floor = c.end;
      i = next;
    }
  });
}

}  // namespace saring::quality_internal
