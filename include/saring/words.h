// Word segmentation: splits UTF-8 text into words. Shared by near-duplicate shingling, document
// repair and the quality signals so that they all agree on what a word is.
//
// A word is a maximal run of letters (L*), combining marks (M*) and numbers (N*). An apostrophe
// (' U+2019) or hyphen (- U+2010 U+2011, soft hyphen U+00AD) between a letter and a letter stays
// inside the word, so "don't" and "anak-anak" are one word each. In scripts written without spaces
// (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar) every letter, together with the combining
// marks that follow it, is a word of its own, flagged spaceless_script. Everything else (spaces,
// punctuation, symbols, controls, invalid bytes) separates words.
//
// Thread-safety: stateless; safe from any thread.
#ifndef SARING_WORDS_H_
#define SARING_WORDS_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace saring {

// One word: bytes [begin, end) of the segmented text.
struct WordSpan {
  uint32_t begin;
  uint32_t end;
  bool spaceless_script;  // a single character of a script written without spaces
};

// Appends the words of `text` (raw or normalised UTF-8), in order, to *out. Invalid UTF-8 bytes
// are separators. REQUIRES: text.size() < 4 GiB. Cost: linear; no allocation beyond *out.
void SegmentWords(std::string_view text, std::vector<WordSpan>* out);

}  // namespace saring

#endif  // SARING_WORDS_H_
