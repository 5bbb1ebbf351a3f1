// Run-time choice of the ASCII word segmentation kernel (ascii_words_kernels.h): SSE2 wherever
// SARING_X86_SIMD holds (it is part of x86-64), else scalar, unless a test forced one; and
// SegmentAsciiWords, which calls it.
#include "neardup/ascii_words.h"
#include "neardup/ascii_words_kernels.h"
#include "util/kernel_choice.h"
#include "util/simd_isa.h"

namespace saring::neardup_internal {
namespace {

const AsciiWordsKernel& BestKernel() {
#if SARING_X86_SIMD
  return AsciiWordsKernelSse2();
#else
  return AsciiWordsKernelScalar();
#endif
}

KernelChoice<AsciiWordsKernel> choice;

}  // namespace

const AsciiWordsKernel& ActiveAsciiWordsKernel() { return choice.Get(BestKernel()); }

std::vector<const AsciiWordsKernel*> AvailableAsciiWordsKernels() {
  std::vector<const AsciiWordsKernel*> kernels = {&AsciiWordsKernelScalar()};
#if SARING_X86_SIMD
  kernels.push_back(&AsciiWordsKernelSse2());
#endif
  return kernels;
}

bool ForceAsciiWordsKernelForTesting(std::string_view name) {
  return choice.Force(name, AvailableAsciiWordsKernels());
}

bool SegmentAsciiWords(std::string_view text, std::vector<WordSpan>* out) {
  return ActiveAsciiWordsKernel().segment(text, out);
}

}  // namespace saring::neardup_internal
