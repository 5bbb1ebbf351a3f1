// SegmentAsciiWords (ascii_words.h), one implementation per instruction set. Each kernel
// classifies 64 bytes at a time into bit masks and walks the word boundaries with
// count-trailing-zeros (SegmentAsciiWordsWith below); they differ only in how a block is
// classified:
//   scalar  a loop over the 64 bytes (every CPU; the specification)
//   sse2    four 16-byte compares (x86-64 baseline)
// SIMD kernels live in kernels/ascii_words_<isa>.cc behind SARING_X86_SIMD (util/simd_isa.h);
// kernels/ascii_words_dispatch.cc picks the best one, once.
#ifndef SARING_NEARDUP_ASCII_WORDS_KERNELS_H_
#define SARING_NEARDUP_ASCII_WORDS_KERNELS_H_

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "saring/words.h"

namespace saring::neardup_internal {

// Per-byte classes of one 64-byte block, bit i for byte i.
struct BlockMasks {
  uint64_t alnum = 0;   // [A-Za-z0-9]
  uint64_t letter = 0;  // [A-Za-z]
  uint64_t joiner = 0;  // ' or -
  uint64_t high = 0;    // >= 0x80: not ASCII
};

// The classes of the 64 bytes at p.
BlockMasks ClassifyAsciiBlockScalar(const char* p);
BlockMasks ClassifyAsciiBlockSse2(const char* p);  // REQUIRES: SARING_X86_SIMD

using SegmentAsciiWordsFn = bool (*)(std::string_view text, std::vector<WordSpan>* out);

struct AsciiWordsKernel {
  const char* name;
  SegmentAsciiWordsFn segment;  // as SegmentAsciiWords
};

const AsciiWordsKernel& AsciiWordsKernelScalar();
const AsciiWordsKernel& AsciiWordsKernelSse2();  // REQUIRES: SARING_X86_SIMD

// The kernel SegmentAsciiWords uses now: forced, or the best one this build and CPU run.
const AsciiWordsKernel& ActiveAsciiWordsKernel();
// The kernels this build and CPU run, scalar first.
std::vector<const AsciiWordsKernel*> AvailableAsciiWordsKernels();
// Forces the kernel named `name` ("" or "auto": the best one again). Returns false, changing
// nothing, if no available kernel has that name. Not thread-safe with concurrent segmentation.
bool ForceAsciiWordsKernelForTesting(std::string_view name);

// Classifies block `b` of text with kClassify, zero-padding past its end.
template <BlockMasks (*kClassify)(const char*)>
inline BlockMasks ClassifyBlockAt(std::string_view text, size_t b) {
  const size_t begin = b * 64;
  if (begin + 64 <= text.size()) return kClassify(text.data() + begin);
  char tail[64] = {};
  if (begin < text.size()) std::memcpy(tail, text.data() + begin, text.size() - begin);
  return kClassify(tail);
}

// SegmentAsciiWords with blocks classified by kClassify.
template <BlockMasks (*kClassify)(const char*)>
inline bool SegmentAsciiWordsWith(std::string_view text, std::vector<WordSpan>* out) {
  const size_t blocks = (text.size() + 63) / 64;
  BlockMasks cur = ClassifyBlockAt<kClassify>(text, 0);
  uint64_t prev_letter_top = 0;  // bit 63 of the previous block's letter mask
  uint64_t prev_word_top = 0;    // bit 63 of the previous block's word mask
  uint32_t word_begin = 0;
  for (size_t b = 0; b < blocks; ++b) {
    if (cur.high != 0) return false;
    const BlockMasks next = b + 1 < blocks ? ClassifyBlockAt<kClassify>(text, b + 1) : BlockMasks{};
    // A joiner is inside a word when letters stand on both sides of it.
    const uint64_t letter_before = (cur.letter << 1) | prev_letter_top;
    const uint64_t letter_after = (cur.letter >> 1) | (next.letter << 63);
    const uint64_t word = cur.alnum | (cur.joiner & letter_before & letter_after);
    // Bit i of `edges` is set where byte i starts or ends a run of word bytes.
    uint64_t edges = word ^ ((word << 1) | prev_word_top);
    while (edges != 0) {
      const uint32_t pos = static_cast<uint32_t>(b * 64 + __builtin_ctzll(edges));
      if ((word >> (pos & 63)) & 1) {
        word_begin = pos;
      } else {
        out->push_back(WordSpan{word_begin, pos, false});
      }
      edges &= edges - 1;
    }
    prev_letter_top = cur.letter >> 63;
    prev_word_top = word >> 63;
    cur = next;
  }
  if (prev_word_top != 0) {
    out->push_back(WordSpan{word_begin, static_cast<uint32_t>(text.size()), false});
  }
  return true;
}

}  // namespace saring::neardup_internal

#endif  // SARING_NEARDUP_ASCII_WORDS_KERNELS_H_
