// Shingling: text -> 64-bit shingle hashes (the set MinHash summarises). docs/near-dup.md
// section 1 is the specification.
//
// Word mode: tokens come from SegmentWords -- for pure-ASCII text from its bit-parallel
// equivalent SegmentAsciiWords (about three times faster; checked against SegmentWords in
// minhash_test) -- and a shingle is a window of n consecutive tokens in
// their canonical joined form (one ' ' between tokens, nothing between two spaceless-script
// tokens, so runs of Han/Thai/... characters give character n-grams). The joined form usually
// is a substring of the normalised text, so it is hashed in place; when some text between two
// tokens differs from the separator (a paragraph break, punctuation kept), the joined form of the
// whole document is built once and every window is hashed in place in it.
// Character mode: tokens are code points, spaces included, joined with no separator, so every
// shingle is a substring. Documents with fewer than n tokens take the short path (minhash.h).
#include <algorithm>
#include <cassert>
#include <cstring>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "neardup/ascii_words.h"
#include "saring/minhash.h"
#include "saring/words.h"

namespace saring {
namespace {

bool NeedsSpace(const WordSpan& a, const WordSpan& b) {
  return !(a.spaceless_script && b.spaceless_script);
}

// True if the bytes between words a and b are exactly their joined-form separator.
bool GapIsCanonical(std::string_view text, const WordSpan& a, const WordSpan& b) {
  const uint32_t gap = b.begin - a.end;
  if (NeedsSpace(a, b)) return gap == 1 && text[a.end] == ' ';
  return gap == 0;
}

// Writes the canonical joined form of all `words` to the front of *joined and returns its length. *joined only ever grows (it is scratch reused across documents), so no byte
// is cleared twice; its slack lets a word of up to 16 bytes go in one fixed-size copy. With
// `rebase`, the spans are moved to point into the joined form.
constexpr size_t kCopyBytes = 16;

size_t BuildJoined(std::string_view text, std::vector<WordSpan>& words, bool rebase,
                   std::string* joined) {
  // A separator is added only where the text has one byte or none between two words, so the
  // joined form is at most the text plus one byte per word.
  const size_t need = text.size() + words.size() + kCopyBytes;
  if (joined->size() < need) joined->resize(need);
  char* out = joined->data();
  size_t pos = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0 && NeedsSpace(words[i - 1], words[i])) out[pos++] = ' ';
    const uint32_t length = words[i].end - words[i].begin;
    const char* src = text.data() + words[i].begin;
    if (length <= kCopyBytes && words[i].begin + kCopyBytes <= text.size()) {
      std::memcpy(out + pos, src, kCopyBytes);  // the bytes past the word are overwritten next
    } else {
      std::memcpy(out + pos, src, length);
    }
    if (rebase) {
      words[i].begin = static_cast<uint32_t>(pos);
      words[i].end = static_cast<uint32_t>(pos + length);
    }
    pos += length;
  }
  return pos;
}

void WordShingles(std::string_view text, size_t n, ShingleScratch* scratch,
                  std::vector<uint64_t>* out) {
  std::vector<WordSpan>& w = scratch->words;
  w.clear();
  if (!neardup_internal::SegmentAsciiWords(text, &w)) {
    w.clear();
    SegmentWords(text, &w);
  }
  const size_t t = w.size();
  if (t < n) {
    scratch->words_text = text.data();
    scratch->words_text_size = text.size();
    scratch->words_base = text.data();
    const size_t length = BuildJoined(text, w, /*rebase=*/false, &scratch->joined);
    out->push_back(XXH3_64bits_withSeed(scratch->joined.data(), length, kShortDocumentSeed));
    return;
  }
  // Every window is hashed in place: in the text itself when every gap is already the
  // canonical separator, else in the canonical joined form of all the words, built once (a
  // window of it is exactly the joined form of the window's words).
  bool canonical = true;
  for (size_t g = 0; g + 1 < t && canonical; ++g) canonical = GapIsCanonical(text, w[g], w[g + 1]);
  const char* base = text.data();
  if (!canonical) {
    BuildJoined(text, w, /*rebase=*/true, &scratch->joined);
    base = scratch->joined.data();
  }
  scratch->words_text = text.data();
  scratch->words_text_size = text.size();
  scratch->words_base = base;
  for (size_t i = 0; i + n <= t; ++i) {
    out->push_back(XXH3_64bits(base + w[i].begin, w[i + n - 1].end - w[i].begin));
  }
}

void CharShingles(std::string_view text, size_t n, ShingleScratch* scratch,
                  std::vector<uint64_t>* out) {
  // offsets[i] is where code point i starts; a stray continuation byte at the very start
  // counts as a code point of its own.
  std::vector<uint32_t>& offsets = scratch->offsets;
  offsets.clear();
  for (size_t i = 0; i < text.size(); ++i) {
    if (i == 0 || (static_cast<uint8_t>(text[i]) & 0xC0) != 0x80) {
      offsets.push_back(static_cast<uint32_t>(i));
    }
  }
  const size_t t = offsets.size();
  offsets.push_back(static_cast<uint32_t>(text.size()));
  if (t < n) {
    out->push_back(XXH3_64bits_withSeed(text.data(), text.size(), kShortDocumentSeed));
    return;
  }
  for (size_t i = 0; i + n <= t; ++i) {
    out->push_back(XXH3_64bits(text.data() + offsets[i], offsets[i + n] - offsets[i]));
  }
}

}  // namespace

void ComputeWordHashes(std::string_view normalized_text, ShingleScratch* scratch,
                       std::vector<uint32_t>* out) {
  std::vector<WordSpan>& w = scratch->words;
  const char* base = scratch->words_base;
  if (scratch->words_text != normalized_text.data() ||
      scratch->words_text_size != normalized_text.size()) {
    w.clear();
    if (!neardup_internal::SegmentAsciiWords(normalized_text, &w)) {
      w.clear();
      SegmentWords(normalized_text, &w);
    }
    base = normalized_text.data();
  }
  out->resize(w.size());
  for (size_t i = 0; i < w.size(); ++i) {
    const uint64_t h = XXH3_64bits(base + w[i].begin, w[i].end - w[i].begin);
    (*out)[i] = static_cast<uint32_t>(h) ^ static_cast<uint32_t>(h >> 32);
  }
}

void ComputeShingles(std::string_view normalized_text, const ShingleOptions& options,
                     ShingleScratch* scratch, std::vector<uint64_t>* out) {
  assert(options.ngram >= 1);
  assert(normalized_text.size() < (uint64_t{1} << 32));
  scratch->words_text = nullptr;  // set again by the word path
  if (options.char_ngrams) {
    CharShingles(normalized_text, options.ngram, scratch, out);
  } else {
    WordShingles(normalized_text, options.ngram, scratch, out);
  }
}

}  // namespace saring
