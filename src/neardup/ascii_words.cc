// SegmentAsciiWords: bit-parallel word segmentation of ASCII text (see ascii_words.h).
#include "neardup/ascii_words.h"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace saring::neardup_internal {
namespace {

// Per-byte classes of one 64-byte block, bit i for byte i.
struct BlockMasks {
  uint64_t alnum = 0;   // [A-Za-z0-9]
  uint64_t letter = 0;  // [A-Za-z]
  uint64_t joiner = 0;  // ' or -
  uint64_t high = 0;    // >= 0x80: not ASCII
};

BlockMasks Classify(const char* p) {
  BlockMasks m;
#if defined(__SSE2__)
  for (int q = 0; q < 4; ++q) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * q));
    const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
    // Signed compares: bytes >= 0x80 are negative and fall outside every range.
    const __m128i alpha = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                                        _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1)));
    const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                        _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
    const __m128i join =
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\'')), _mm_cmpeq_epi8(v, _mm_set1_epi8('-')));
    const int shift = 16 * q;
    m.letter |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(alpha))} << shift;
    m.alnum |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(_mm_or_si128(alpha, digit)))}
               << shift;
    m.joiner |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(join))} << shift;
    m.high |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(v))} << shift;
  }
#else
  for (int i = 0; i < 64; ++i) {
    const unsigned char c = static_cast<unsigned char>(p[i]);
    const unsigned char lower = c | 0x20;
    const bool alpha = lower >= 'a' && lower <= 'z';
    const bool digit = c >= '0' && c <= '9';
    m.letter |= uint64_t{alpha} << i;
    m.alnum |= uint64_t{alpha || digit} << i;
    m.joiner |= uint64_t{c == '\'' || c == '-'} << i;
    m.high |= uint64_t{c >= 0x80} << i;
  }
#endif
  return m;
}

// Classifies block `b` of text, zero-padding past its end.
BlockMasks ClassifyBlock(std::string_view text, size_t b) {
  const size_t begin = b * 64;
  if (begin + 64 <= text.size()) return Classify(text.data() + begin);
  char tail[64] = {};
  if (begin < text.size()) std::memcpy(tail, text.data() + begin, text.size() - begin);
  return Classify(tail);
}

}  // namespace

bool SegmentAsciiWords(std::string_view text, std::vector<WordSpan>* out) {
  const size_t blocks = (text.size() + 63) / 64;
  BlockMasks cur = ClassifyBlock(text, 0);
  uint64_t prev_letter_top = 0;  // bit 63 of the previous block's letter mask
  uint64_t prev_word_top = 0;    // bit 63 of the previous block's word mask
  uint32_t word_begin = 0;
  for (size_t b = 0; b < blocks; ++b) {
    if (cur.high != 0) return false;
    const BlockMasks next = b + 1 < blocks ? ClassifyBlock(text, b + 1) : BlockMasks{};
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
