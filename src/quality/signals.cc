// SignalComputer: the Gopher, C4 and FineWeb signals of a document.
//
// Two passes over the bytes. The first (ClassifyText, byte_classes.cc, vectorised) makes the
// whole-text counts ('\n', '#', '{', code points, ellipses) and bitmaps of four byte classes:
// whitespace, non-ASCII bytes, ASCII punctuation and ASCII letters. The second walks the text
// line by line (memchr for '\n'); each non-blank line is hashed whole (XXH3) for the
// duplicate-line signal, and its tokens are the runs of non-whitespace bits. A token's core (the
// token without leading and trailing ASCII punctuation) falls out of the punctuation bits.
//
// A core of at most 15 bytes (nearly all of them) is looked up by its exact bytes, ASCII letters
// lower-cased, in the CoreCache (signal_scratch.h), kept from one document to the next, which
// holds all that the rest of the pass needs from the core: its hash, word id in this document,
// code points, letters, C4 keyword, "javascript" prefix and stop-word status. So the
// lower-casing (utf8proc for non-ASCII letters), the hashing (XXH3, the word's identity for the
// n-gram signals) and the stop-word and keyword lookups run once per distinct core, and a word's
// id is looked up (WordIdMap) once per document. Longer tokens take LongToken, which computes the
// same values directly. Paragraphs are hashed whole for the duplicate-paragraph signal, and the
// n-gram repetition signals are computed from the word ids afterwards (ngram_signals.cc).
//
// Every value equals what the plain byte-at-a-time definition gives (quality_test.cc compares
// them on many documents), including the details of docs/quality.md: whitespace found by byte
// pattern, structural decoding of the first and last character of a line, cores longer than
// StopWords::kMaxStopWordBytes hashed without lower-casing.
//
// References: Rae et al. 2021 (Gopher) App. A; Raffel et al. 2020 (C4) section 2.2; Penedo et
// al. 2024 (FineWeb). Exact definitions: docs/quality.md.
#include <utf8proc.h>

// Inline XXH3: most hashed inputs are words of a few bytes, where call overhead dominates.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "quality/byte_classes.h"
#include "quality/signal_scratch.h"
#include "quality/signal_words.h"
#include "quality/text_scan.h"

namespace saring {
namespace {

using quality_internal::BitsAt;
using quality_internal::CacheSlot;
using quality_internal::CoreCache;
using quality_internal::CoreKey;
using quality_internal::EndsPolicyPhrase;
using quality_internal::FlatMap64;
using quality_internal::HasUnicodeLetter;
using quality_internal::kBitWindow;
using quality_internal::Keyword;
using quality_internal::kIpsum;
using quality_internal::kLookBack;
using quality_internal::kLorem;
using quality_internal::kNoKeyword;
using quality_internal::kSentenceClasses;
using quality_internal::kSentenceEnd;
using quality_internal::LookupKeyword;
using quality_internal::LowBits64;
using quality_internal::LowerCase;
using quality_internal::StartsWithJavascript;

// Per-document counters, turned into QualitySignals by FillSignals().
struct Counts {
  uint64_t words = 0, word_chars = 0, alpha_words = 0, stop_words = 0;
  uint64_t lines = 0, line_chars = 0, dup_lines = 0, dup_line_chars = 0;
  uint64_t paragraphs = 0, paragraph_chars = 0, dup_paragraphs = 0, dup_paragraph_chars = 0;
  uint64_t bullet_lines = 0, ellipsis_lines = 0, terminal_lines = 0, short_lines = 0;
  uint64_t javascript_lines = 0, policy_lines = 0, few_word_lines = 0;
  uint64_t sentences = 0, lorem_ipsum = 0;
};

// What the line loop needs from one token.
struct Token {
  uint32_t chars = 0;  // code points
  uint32_t id = 0;     // word id of its core
  Keyword keyword = kNoKeyword;
  bool alpha = false, stop = false, javascript = false;
  uint64_t sentence = 0;  // 1 if it ends a sentence
};

class DocumentScanner {
 public:
  // builtin_bit: the CacheSlot::stop_known bit of stop_words if it is a built-in list, else 0.
  // doc: the document's CoreCache stamp.
  DocumentScanner(std::string_view text, const StopWords* stop_words, uint8_t builtin_bit,
                  uint32_t doc, quality_internal::SignalScratch* scratch)
      : p_(quality_internal::Bytes(text)),
        n_(text.size()),
        stop_words_(stop_words),
        builtin_bit_(builtin_bit),
        doc_(doc),
        sc_(scratch),
        space_(scratch->space_bits.data()),
        high_(scratch->high_bits.data()),
        punct_(scratch->punct_bits.data()),
        letter_(scratch->letter_bits.data()),
        word_chars_(scratch->word_chars.data()),
        word_group_(scratch->word_group.data()),
        word_count_(scratch->word_count.data()) {}

  // Scans the whole text; the results are in counts() and the scratch word arrays. REQUIRES: the
  // scratch bitmaps hold ClassifyText(text).
  void Run(size_t newlines) {
    // About one distinct word per 16 bytes of prose; the tables grow if needed.
    sc_->word_map.Reset(n_ / 12 + 16);
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
    c_.words = words_;
    for (size_t w = 0; w < words_; ++w) c_.word_chars += word_chars_[w];
    sc_->num_words = words_;
    sc_->num_ids = num_ids_;
  }

  const Counts& counts() const { return c_; }

 private:
  void ScanLine(size_t b, size_t e);
  void ScanTokensSlowly(size_t b, size_t e);
  size_t FindTokenEnd(size_t i, size_t e) const;
  CacheSlot* NewCore(CacheSlot* slot, const CoreKey& key, uint64_t hash, size_t b, size_t k,
                     size_t cb, size_t core_len, bool empty_core, bool non_ascii);
  void FirstInDocument(CacheSlot* slot, const CoreKey& key, size_t core_begin, size_t core_len);
  bool IsStopWord(const CacheSlot& slot, const CoreKey& key, size_t core_begin, size_t core_len);
  Token LongToken(size_t b, size_t e);
  uint64_t SentenceEnds(size_t b, size_t e) const;
  // 1 if the token p_[b, e) ends a sentence.
  uint64_t EndsSentence(size_t b, size_t e) const {
    const uint8_t cls = kSentenceClasses.cls[p_[e - 1]];
    return cls == kLookBack ? SentenceEnds(b, e) : cls;
  }
  // Makes room for `more` words (and word ids) after the current ones.
  void ReserveWords(size_t more) {
    sc_->word_chars.Grow(words_ + more, words_);
    sc_->word_group.Grow(words_ + more, words_);
    sc_->word_count.Grow(num_ids_ + more, num_ids_);
    word_chars_ = sc_->word_chars.data();
    word_group_ = sc_->word_group.data();
    word_count_ = sc_->word_count.data();
  }
  uint32_t WordId(uint64_t hash) {
    bool inserted = false;
    const auto id = sc_->word_map.FindOrInsert(hash, static_cast<uint32_t>(num_ids_), &inserted);
    if (inserted) word_count_[num_ids_++] = 0;
    return id;
  }
  // Notes the C4 keyword of the line's word `index` (0-based): counts "lorem ipsum" and policy
  // phrases, which need the keywords of the two words before (none if they were not keywords).
  void AddKeyword(Keyword keyword, size_t index) {
    const Keyword k1 = index >= 1 && keyword_index_[0] + 1 == index ? keywords_[0] : kNoKeyword;
    const Keyword k2 = index >= 2 && keyword_index_[1] + 2 == index ? keywords_[1] : kNoKeyword;
    c_.lorem_ipsum += keyword == kIpsum && k1 == kLorem;
    line_policy_ |= EndsPolicyPhrase(k2, k1, keyword);
    keywords_[1] = keywords_[0];
    keyword_index_[1] = keyword_index_[0];
    keywords_[0] = keyword;
    keyword_index_[0] = index;
  }
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
  uint8_t builtin_bit_;
  uint32_t doc_;
  quality_internal::SignalScratch* sc_;
  const uint64_t* space_;
  const uint64_t* high_;
  const uint64_t* punct_;
  const uint64_t* letter_;
  uint32_t* word_chars_;
  uint32_t* word_group_;
  uint32_t* word_count_;
  size_t words_ = 0;
  size_t num_ids_ = 0;
  Counts c_;
  // The line's last two keywords, latest first, with their word indexes in the line.
  Keyword keywords_[2] = {kNoKeyword, kNoKeyword};
  size_t keyword_index_[2] = {0, 0};
  bool line_policy_ = false;
  bool in_paragraph_ = false;
  size_t paragraph_begin_ = 0, paragraph_end_ = 0;
  uint64_t paragraph_chars_ = 0;
};

void DocumentScanner::ScanLine(size_t b, size_t e) {
  keywords_[0] = keywords_[1] = kNoKeyword;
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

  // The tokens: the runs of bytes that are not whitespace (bits of space_) in the trimmed line.
  // The bitmap marks whitespace characters up to the next '\n'; the line's own bound is its
  // trimmed end e, which is different only if a whitespace character reaches over e (trimming
  // from the end does not take one apart, e.g. E2 80 then an ASCII space). Then byte e - 1 is
  // marked, and the line takes the byte-at-a-time path.
  if ((BitsAt(space_, e - 1) & 1) != 0) {
    ScanTokensSlowly(b, e);
    return;
  }
  // Room for the line's words: a token is at least one byte and is followed by whitespace, so
  // there are at most (e - b + 1) / 2 of them, and no more new word ids.
  ReserveWords((e - b) / 2 + 1);
  // The state of the loop is in locals, so that the compiler keeps it in registers.
  const uint8_t* const p = p_;
  CoreCache* const cache = &sc_->core_cache;
  uint32_t* const word_chars = word_chars_;
  uint32_t* const word_group = word_group_;
  uint32_t* const word_count = word_count_;
  const size_t first_word = words_;
  size_t words = words_;
  uint64_t alpha = 0, stops = 0, sentences = 0;
  bool javascript = false;
  // Tokens a window of kBitWindow bytes at a time, in two steps. First every token of the window
  // is described from the bitmaps (start, length, core, key, hash) and the CoreCache slot where
  // its key would be is requested from memory; then the tokens are looked up and counted in
  // order. So the cache misses overlap instead of stalling one token at a time.
  struct Pending {
    uint64_t lo, hi, hash;    // key and CoreCache::Hash; hash == 0: a long token, of length lo
    uint32_t t0;              // the token is p[t0, t0 + k)
    uint8_t k, cb, core_len;  // the core is p[t0 + cb, t0 + cb + core_len)
    uint8_t flags;            // kEmptyCore, kNonAscii
  };
  constexpr uint8_t kEmptyCore = 1, kNonAscii = 2;
  Pending pending[kBitWindow / 2 + 1];
  size_t i = b;
  while (i < e) {
    const size_t avail = std::min(e - i, kBitWindow);  // bytes of the window in the line
    const uint64_t text_bits = ~BitsAt(space_, i) & LowBits64(avail);  // bit j: byte i + j
    const uint64_t high = BitsAt(high_, i);
    const uint64_t puncts = BitsAt(punct_, i);
    uint64_t starts = text_bits & ~(text_bits << 1);
    size_t next = i + avail;
    size_t count = 0;
    for (; starts != 0; starts &= starts - 1) {
      const auto s = static_cast<size_t>(__builtin_ctzll(starts));
      auto k = static_cast<size_t>(__builtin_ctzll(~text_bits >> s));  // the token's length
      if (s + k == avail && next < e) {  // it may continue after the window
        next = i + s;
        if (s != 0) break;
        k = FindTokenEnd(i + avail, e) - i;  // a token longer than the window
        next = i + k;
      }
      Pending& t = pending[count++];
      t.t0 = static_cast<uint32_t>(i + s);
      if (k >= 16) {
        t.hash = 0;
        t.lo = k;
        continue;
      }
      const auto bits = static_cast<uint32_t>(LowBits64(k));
      const uint32_t punct = static_cast<uint32_t>(puncts >> s) & bits;
      // The core: the bytes from the first to the last non-punctuation byte. A token of
      // punctuation only has an empty core; it is keyed (and hashed) by its own bytes.
      const bool empty_core = punct == bits;
      const uint32_t core_bits = empty_core ? bits : ~punct & bits;
      const auto cb = static_cast<uint32_t>(__builtin_ctz(core_bits));
      const auto core_len = static_cast<uint32_t>(32 - __builtin_clz(core_bits)) - cb;
      const CoreKey key = quality_internal::MakeCoreKey(p, i + s + cb, core_len, n_);
      t.lo = key.lo;
      t.hi = key.hi;
      t.hash = CoreCache::Hash(key.lo, key.hi) | 1;  // never 0
      t.k = static_cast<uint8_t>(k);
      t.cb = static_cast<uint8_t>(cb);
      t.core_len = static_cast<uint8_t>(core_len);
      t.flags =
          static_cast<uint8_t>((empty_core ? kEmptyCore : 0) |
                               ((static_cast<uint32_t>(high >> s) & bits) != 0 ? kNonAscii : 0));
      cache->Prefetch(t.hash);
    }
    for (size_t r = 0; r < count; ++r, ++words) {
      const Pending& pt = pending[r];
      Token t;
      if (pt.hash != 0) {
        const size_t end = pt.t0 + pt.k;
        // Sentence end by the last byte, looking further back only when that does not settle it.
        const uint8_t sentence = kSentenceClasses.cls[p[end - 1]];
        sentences += sentence == kSentenceEnd;
        if (sentence == kLookBack) sentences += SentenceEnds(pt.t0, end);
        CacheSlot* slot = cache->Find(pt.lo, pt.hi, pt.hash);
        if (slot->hi == 0) {
          slot = NewCore(slot, CoreKey{pt.lo, pt.hi}, pt.hash, pt.t0, pt.k, pt.cb, pt.core_len,
                         (pt.flags & kEmptyCore) != 0, (pt.flags & kNonAscii) != 0);
        }
        if (slot->doc != doc_)
          FirstInDocument(slot, CoreKey{pt.lo, pt.hi}, pt.t0 + pt.cb, pt.core_len);
        uint8_t flags = slot->flags;
        if (builtin_bit_ != 0) {
          if ((slot->stop_known & builtin_bit_) == 0) {
            slot->stop_is |= IsStopWord(*slot, CoreKey{pt.lo, pt.hi}, pt.t0 + pt.cb, pt.core_len)
                                 ? builtin_bit_
                                 : 0;
            slot->stop_known |= builtin_bit_;
          }
          flags =
              static_cast<uint8_t>((flags & ~CacheSlot::kStop) |
                                   ((slot->stop_is & builtin_bit_) != 0 ? CacheSlot::kStop : 0));
        }
        t.chars = slot->chars + (pt.k - pt.core_len);
        t.id = slot->id;
        t.keyword = static_cast<Keyword>(slot->keyword);
        alpha += (flags & CacheSlot::kAlpha) != 0;
        stops += (flags & CacheSlot::kStop) != 0;  // meaningless, and unused, without a list
        if (flags & CacheSlot::kJavascript) javascript = true;
      } else {
        t = LongToken(pt.t0, pt.t0 + pt.lo);
        alpha += t.alpha;
        stops += t.stop;
        sentences += t.sentence;
        javascript |= t.javascript;
      }
      if (t.keyword != kNoKeyword) AddKeyword(t.keyword, words - first_word);
      word_chars[words] = t.chars;
      word_group[words] = t.id;
      ++word_count[t.id];
    }
    i = next;
  }
  words_ = words;
  c_.alpha_words += alpha;
  c_.stop_words += stops;
  c_.sentences += sentences;
  c_.javascript_lines += javascript;
  c_.policy_lines += line_policy_;
  line_policy_ = false;
  c_.few_word_lines += words - first_word < 3;  // C4 min words per line = 3
}

// The tokens of the trimmed line p_[b, e), found byte by byte with SpaceLength bounded by e, as
// the scanner did before it used bitmaps; for the rare lines whose bitmap does not apply.
void DocumentScanner::ScanTokensSlowly(size_t b, size_t e) {
  ReserveWords((e - b) / 2 + 1);
  const size_t first_word = words_;
  bool javascript = false;
  size_t i = b;
  while (i < e) {
    const size_t space = quality_internal::SpaceLength(p_, i, e);
    if (space != 0) {
      i += space;
      continue;
    }
    const size_t t0 = i;
    while (i < e && quality_internal::SpaceLength(p_, i, e) == 0) ++i;
    const Token t = LongToken(t0, i);
    c_.alpha_words += t.alpha;
    c_.stop_words += t.stop;
    c_.sentences += t.sentence;
    javascript |= t.javascript;
    if (t.keyword != kNoKeyword) AddKeyword(t.keyword, words_ - first_word);
    word_chars_[words_] = t.chars;
    word_group_[words_] = t.id;
    ++word_count_[t.id];
    ++words_;
  }
  c_.javascript_lines += javascript;
  c_.policy_lines += line_policy_;
  line_policy_ = false;
  c_.few_word_lines += words_ - first_word < 3;
}

// The end of a token that continues at p_[i] (i < e): the next whitespace byte, or e.
size_t DocumentScanner::FindTokenEnd(size_t i, size_t e) const {
  for (;;) {
    const size_t avail = std::min(e - i, kBitWindow);
    const auto k =
        static_cast<size_t>(__builtin_ctzll(BitsAt(space_, i) | (~uint64_t{0} << avail)));
    if (k < avail || avail == e - i) return i + k;
    i += avail;
  }
}

// 1 if the token p_[b, e) ends a sentence: its last code point before any closing quotes or
// brackets is sentence-final punctuation.
uint64_t DocumentScanner::SentenceEnds(size_t b, size_t e) const {
  size_t end = e, start = 0;
  uint32_t cp = quality_internal::LastCodePoint(p_, b, end, &start);
  while (quality_internal::IsCloser(cp) && start > b) {
    end = start;
    cp = quality_internal::LastCodePoint(p_, b, end, &start);
  }
  return quality_internal::IsSentenceEnd(cp);
}

// Fills CoreCache slot `slot` (empty, from Find) for the core p_[b + cb, b + cb + core_len) of
// the token p_[b, b + k), or for the token itself if empty_core; `hash` is CoreCache::Hash of the
// key. Returns the slot (which moves if the cache had to be emptied).
CacheSlot* DocumentScanner::NewCore(CacheSlot* slot, const CoreKey& key, uint64_t hash, size_t b,
                                    size_t k, size_t cb, size_t core_len, bool empty_core,
                                    bool non_ascii) {
  slot = sc_->core_cache.Claim(slot, key.lo, key.hi, hash);
  if (empty_core) {
    slot->hash = XXH3_64bits(p_ + b, k);
    slot->chars = static_cast<uint8_t>(k);
    slot->flags = CacheSlot::kEmptyCore;
    slot->stop_known = 0xFF;  // never a stop word: stop_is stays 0
    return slot;
  }
  const size_t core_begin = b + cb, core_end = core_begin + core_len;
  uint8_t lower[StopWords::kMaxStopWordBytes * 4];
  size_t lower_len = core_len;
  if (non_ascii) {
    lower_len = LowerCase(p_, core_begin, core_end, lower);
  } else {
    quality_internal::CoreKeyBytes(key, lower);  // the key is the lower-cased core
  }
  const std::string_view core(reinterpret_cast<const char*>(lower), lower_len);
  slot->hash = XXH3_64bits(lower, lower_len);
  slot->keyword = LookupKeyword(core);
  slot->chars = static_cast<uint8_t>(
      non_ascii ? quality_internal::CountCodePoints(p_ + core_begin, core_len) : core_len);
  // The stripped punctuation has no letters and does not change how the core decodes, so the
  // core has a letter exactly when the token does.
  const bool alpha = (BitsAt(letter_, core_begin) & LowBits64(core_len)) != 0 ||
                     (non_ascii && HasUnicodeLetter(p_, core_begin, core_end));
  slot->flags = static_cast<uint8_t>(
      (alpha ? CacheSlot::kAlpha : 0) | (non_ascii ? CacheSlot::kNonAscii : 0) |
      (StartsWithJavascript(p_, core_begin, core_end) ? CacheSlot::kJavascript : 0));
  if (builtin_bit_ != 0) {
    slot->stop_known = builtin_bit_;
    slot->stop_is = stop_words_->ContainsHashed(slot->hash, core) ? builtin_bit_ : 0;
  }
  return slot;
}

// The core's first occurrence in this document: its word id, and its stop-word status if the
// list is not a built-in one.
void DocumentScanner::FirstInDocument(CacheSlot* slot, const CoreKey& key, size_t core_begin,
                                      size_t core_len) {
  slot->id = WordId(slot->hash);
  slot->doc = doc_;
  if (stop_words_ != nullptr && builtin_bit_ == 0) {
    const bool stop = IsStopWord(*slot, key, core_begin, core_len);
    slot->flags =
        static_cast<uint8_t>((slot->flags & ~CacheSlot::kStop) | (stop ? CacheSlot::kStop : 0));
  }
}

// Whether the core p_[core_begin, core_begin + core_len) with key `key` and cache slot `slot` is
// in stop_words_.
bool DocumentScanner::IsStopWord(const CacheSlot& slot, const CoreKey& key, size_t core_begin,
                                 size_t core_len) {
  if (slot.flags & CacheSlot::kEmptyCore) return false;
  uint8_t lower[StopWords::kMaxStopWordBytes * 4];
  size_t len = core_len;
  if (slot.flags & CacheSlot::kNonAscii) {
    len = LowerCase(p_, core_begin, core_begin + core_len, lower);
  } else {
    quality_internal::CoreKeyBytes(key, lower);
  }
  return stop_words_->ContainsHashed(slot.hash,
                                     std::string_view(reinterpret_cast<const char*>(lower), len));
}

// A token p_[b, e) (of at least 16 bytes, or on a line that takes ScanTokensSlowly): its values
// computed directly.
Token DocumentScanner::LongToken(size_t b, size_t e) {
  Token t;
  // Its byte classes and its core (without leading and trailing ASCII punctuation) from the
  // bitmaps, kBitWindow bytes at a time.
  bool non_ascii = false, letter = false;
  for (size_t i = b; i < e; i += kBitWindow) {
    const uint64_t in_token = LowBits64(std::min(e - i, kBitWindow));
    non_ascii |= (BitsAt(high_, i) & in_token) != 0;
    letter |= (BitsAt(letter_, i) & in_token) != 0;
  }
  size_t cb = b;  // the first byte that is not punctuation, or e
  while (cb < e) {
    const size_t avail = std::min(e - cb, kBitWindow);
    const uint64_t text = ~BitsAt(punct_, cb) & LowBits64(avail);
    if (text != 0) {
      cb += static_cast<size_t>(__builtin_ctzll(text));
      break;
    }
    cb += avail;
  }
  size_t ce = cb;  // after the last byte that is not punctuation
  for (size_t end = e; cb < end;) {
    const size_t start = end - std::min(end - cb, kBitWindow);
    const uint64_t text = ~BitsAt(punct_, start) & LowBits64(end - start);
    if (text != 0) {
      ce = start + 64 - static_cast<size_t>(__builtin_clzll(text));
      break;
    }
    end = start;
  }
  t.chars =
      static_cast<uint32_t>(non_ascii ? quality_internal::CountCodePoints(p_ + b, e - b) : e - b);
  t.alpha = letter || (non_ascii && HasUnicodeLetter(p_, b, e));
  t.sentence = EndsSentence(b, e);
  t.javascript = StartsWithJavascript(p_, cb, ce);
  uint64_t hash = 0;
  if (cb == ce || ce - cb > StopWords::kMaxStopWordBytes) {
    // Cores longer than any stop word are hashed as they are, without lower-casing.
    hash = cb == ce ? XXH3_64bits(p_ + b, e - b) : XXH3_64bits(p_ + cb, ce - cb);
  } else {
    uint8_t buf[StopWords::kMaxStopWordBytes * 4];
    size_t len = ce - cb;
    if (non_ascii) {
      len = LowerCase(p_, cb, ce, buf);
    } else {
      quality_internal::LowerAscii(p_, cb, len, n_, buf);
    }
    const std::string_view core(reinterpret_cast<const char*>(buf), len);
    hash = XXH3_64bits(buf, len);
    t.keyword = LookupKeyword(core);
    t.stop = stop_words_ != nullptr && stop_words_->ContainsHashed(hash, core);
  }
  t.id = WordId(hash);
  return t;
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

// The CacheSlot::stop_known bit of a built-in stop-word list (the first eight), else 0.
uint8_t BuiltInListBit(const StopWords* list) {
  static const std::vector<const StopWords*> kBuiltIn = [] {
    std::vector<const StopWords*> lists;
    for (std::string_view language : StopWords::BuiltInLanguages()) {
      lists.push_back(StopWords::BuiltIn(language));
    }
    return lists;
  }();
  for (size_t i = 0; i < kBuiltIn.size() && i < 8; ++i) {
    if (list == kBuiltIn[i]) return static_cast<uint8_t>(1u << i);
  }
  return 0;
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
  quality_internal::SignalScratch* sc = scratch_.get();
  const size_t bitmap_words = quality_internal::BitmapWords(text.size());
  sc->space_bits.Reserve(bitmap_words);
  sc->high_bits.Reserve(bitmap_words);
  sc->punct_bits.Reserve(bitmap_words);
  sc->letter_bits.Reserve(bitmap_words);

  const quality_internal::TextCounts counts = quality_internal::ClassifyText(
      quality_internal::Bytes(text), text.size(), sc->space_bits.data(), sc->high_bits.data(),
      sc->punct_bits.data(), sc->letter_bits.data());
  const uint32_t doc = sc->core_cache.NewDocument();
  const uint8_t builtin_bit = stop_words != nullptr ? BuiltInListBit(stop_words) : 0;
  DocumentScanner scanner(text, stop_words, builtin_bit, doc, sc);
  scanner.Run(counts.newlines);
  const Counts& c = scanner.counts();
  FillSignals(c, stop_words != nullptr, out);
  // Whole-text counts: every non-space byte belongs to a token, so these equal per-token sums.
  out->curly_brace_count = counts.braces;
  out->hash_to_word_ratio = Ratio(counts.hashes, out->num_words);
  out->ellipsis_to_word_ratio = Ratio(counts.ellipses, out->num_words);
  out->num_chars = text.size() - counts.continuation;
  out->num_newlines = counts.newlines;
  out->newline_to_word_ratio = Ratio(out->num_newlines, out->num_words);
  quality_internal::ComputeNgramSignals(sc, c.word_chars, out);
}

}  // namespace saring
