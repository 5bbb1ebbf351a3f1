#include "pipeline/substring_keys.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <cstring>

#include "neardup/ascii_words.h"
#include "saring/normalize.h"

namespace saring::pipeline {
namespace {

// Multiplier of the polynomial window hash (odd, so that multiplying by it is a bijection).
constexpr uint64_t kBase = 0x9e3779b97f4a7c15ull;

// The 64-bit finaliser of MurmurHash3: spreads the polynomial's low bits over the whole word, so
// that the top bits (which pick a partition) depend on every key.
uint64_t Mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

constexpr uint64_t kBytes01 = 0x0101010101010101ull;

// The key bytes of up to 8 bytes `x` of an ASCII word (little-endian, bytes past the word 0),
// spelt as NormalizeText with fold_digits spells them: letters lower-cased, digits '0', the
// apostrophe or hyphen joining two letters a space. By words.h an ASCII word holds nothing but
// letters, digits, '\'' and '-': letters are the bytes with bit 6 set, digits the others with
// bit 4 set, so each byte becomes ' ' | (letter ? byte : byte & 0x10). `live` masks the word's bytes.
uint64_t AsciiKeyBytes(uint64_t x, uint64_t live) {
  const uint64_t letters = ((x >> 6) & kBytes01) * 0xff;
  return ((0x20 * kBytes01) | (x & (letters | 0x10 * kBytes01))) & live;
}

bool IsAscii(uint64_t x) { return (x & (0x80 * kBytes01)) == 0; }

uint64_t LowBytes(size_t n) { return n >= 8 ? ~0ull : (1ull << (8 * n)) - 1; }

// Writes the key bytes of an ASCII word to `out` (word.size() bytes); false if the word is not
// all ASCII.
bool AsciiKey(std::string_view word, char* out) {
  bool ascii = true;
  for (size_t i = 0; i < word.size(); i += 8) {
    const size_t n = std::min<size_t>(8, word.size() - i);
    uint64_t x = 0;
    std::memcpy(&x, word.data() + i, n);
    ascii &= IsAscii(x);
    const uint64_t k = AsciiKeyBytes(x, LowBytes(n));
    std::memcpy(out + i, &k, n);
  }
  return ascii;
}

// The key of a normalised word. A word of at most 8 bytes (most words) is its bytes read as one
// number (no normalised byte is 0, so the length is implied) through a bijective mixer: two such
// words never share a key. Longer words take XXH3-64.
uint64_t KeyOf(const char* bytes, size_t n) {
  if (n > 8) return XXH3_64bits(bytes, n);
  uint64_t v = 0;
  std::memcpy(&v, bytes, n);
  return Mix(v);
}

}  // namespace

void ComputeWordKeys(std::string_view text, std::vector<WordSpan>* words,
                     std::vector<uint64_t>* keys, std::string* scratch) {
  words->clear();
  keys->clear();
  // Most texts are all ASCII: their words come from the bit-parallel segmenter (the same words).
  if (!neardup_internal::SegmentAsciiWords(text, words)) {
    words->clear();
    SegmentWords(text, words);
  }
  keys->resize(words->size());
  NormalizeOptions options;
  options.fold_digits = true;
  for (size_t i = 0; i < words->size(); ++i) {
    const WordSpan& w = (*words)[i];
    const size_t size = w.end - w.begin;
    if (size <= 8 && w.begin + 8 <= text.size()) {  // most words: one 8-byte load, no copy
      uint64_t x;
      std::memcpy(&x, text.data() + w.begin, 8);
      const uint64_t live = LowBytes(size);
      if (IsAscii(x & live)) {
        (*keys)[i] = Mix(AsciiKeyBytes(x, live));  // = KeyOf of the key bytes
        continue;
      }
    }
    const std::string_view word = text.substr(w.begin, size);
    scratch->resize(size);
    if (!AsciiKey(word, scratch->data())) {
      scratch->clear();
      NormalizeText(word, options, scratch);
    }
    (*keys)[i] = KeyOf(scratch->data(), scratch->size());
  }
}

void ComputeWindowHashes(const uint64_t* keys, size_t count, uint32_t n,
                         std::vector<uint64_t>* out) {
  out->clear();
  if (count < n) return;
  out->resize(count - n + 1);
  uint64_t top = 1;  // kBase^(n-1): the weight of the word that leaves the window
  for (uint32_t i = 1; i < n; ++i) top *= kBase;
  uint64_t h = 0;
  for (uint32_t i = 0; i < n; ++i) h = h * kBase + keys[i];
  (*out)[0] = Mix(h);
  for (size_t i = 1; i + n <= count; ++i) {
    h = (h - keys[i - 1] * top) * kBase + keys[i + n - 1];
    (*out)[i] = Mix(h);
  }
}

}  // namespace saring::pipeline
