#include "pipeline/substring_keys.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <cstring>

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

// The key bytes of an ASCII word, spelt as NormalizeText with fold_digits would spell it: letters
// lower-cased, digits '0', and the apostrophe or hyphen joining two letters a space.
bool AsciiKey(std::string_view word, char* out) {
  for (size_t i = 0; i < word.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(word[i]);
    if (c >= 0x80) return false;
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<unsigned char>(c - 'A' + 'a');
    } else if (c >= '0' && c <= '9') {
      c = '0';
    } else if (!(c >= 'a' && c <= 'z')) {
      c = ' ';
    }
    out[i] = static_cast<char>(c);
  }
  return true;
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

void ComputeWordKeys(std::string_view text, std::vector<WordSpan>* words, std::vector<uint64_t>* keys,
                     std::string* scratch) {
  words->clear();
  keys->clear();
  SegmentWords(text, words);
  keys->resize(words->size());
  NormalizeOptions options;
  options.fold_digits = true;
  for (size_t i = 0; i < words->size(); ++i) {
    std::string_view word = text.substr((*words)[i].begin, (*words)[i].end - (*words)[i].begin);
    scratch->resize(word.size());
    if (!AsciiKey(word, scratch->data())) {
      scratch->clear();
      NormalizeText(word, options, scratch);
    }
    (*keys)[i] = KeyOf(scratch->data(), scratch->size());
  }
}

void ComputeWindowHashes(const uint64_t* keys, size_t count, uint32_t n, std::vector<uint64_t>* out) {
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
