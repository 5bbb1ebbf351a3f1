// The scalar ASCII word segmentation kernel: the specification the others must match.
#include "neardup/ascii_words_kernels.h"

namespace saring::neardup_internal {

BlockMasks ClassifyAsciiBlockScalar(const char* p) {
  BlockMasks m;
  for (int i = 0; i < 64; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    const unsigned char lower = c | 0x20;
    const bool alpha = lower >= 'a' && lower <= 'z';
    const bool digit = c >= '0' && c <= '9';
    m.letter |= uint64_t{alpha} << i;
    m.alnum |= uint64_t{alpha || digit} << i;
    m.joiner |= uint64_t{c == '\'' || c == '-'} << i;
    m.high |= uint64_t{c >= 0x80} << i;
  }
  return m;
}

namespace {
constexpr AsciiWordsKernel kScalar = {"scalar", &SegmentAsciiWordsWith<&ClassifyAsciiBlockScalar>};
}  // namespace

const AsciiWordsKernel& AsciiWordsKernelScalar() { return kScalar; }

}  // namespace saring::neardup_internal
