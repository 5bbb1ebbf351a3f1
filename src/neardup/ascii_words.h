// A fast path of SegmentWords (include/saring/words.h) for pure-ASCII text.
//
// For ASCII input the words.h contract reduces to: a word is a maximal run of [A-Za-z0-9], plus
// every apostrophe or hyphen that has an ASCII letter on both sides; nothing is spaceless.
// SegmentAsciiWords classifies 64 bytes at a time into bit masks (SSE2, part of the x86-64
// baseline; a portable loop elsewhere: ascii_words_kernels.h) and walks the word boundaries with
// count-trailing-zeros, instead of decoding one code point at a time. minhash_test checks it
// against SegmentWords; kernels/ascii_words_kernels_test.cc checks the kernels against each other.
//
// Thread-safety: stateless.
#ifndef SARING_NEARDUP_ASCII_WORDS_H_
#define SARING_NEARDUP_ASCII_WORDS_H_

#include <string_view>
#include <vector>

#include "saring/words.h"

namespace saring::neardup_internal {

// If `text` is all ASCII, appends its words to *out exactly as SegmentWords would and returns
// true. Otherwise returns false; *out may then hold a partial result the caller must discard.
// REQUIRES: text.size() < 4 GiB.
bool SegmentAsciiWords(std::string_view text, std::vector<WordSpan>* out);

}  // namespace saring::neardup_internal

#endif  // SARING_NEARDUP_ASCII_WORDS_H_
