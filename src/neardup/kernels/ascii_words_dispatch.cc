// Run-time choice of the ASCII word segmentation kernel (ascii_words_kernels.h): SSE2 wherever
// SARING_X86_SIMD holds (it is part of x86-64), else scalar, unless a test forced one; and
// SegmentAsciiWords, which calls it.
#include <atomic>

#include "neardup/ascii_words.h"
#include "neardup/ascii_words_kernels.h"
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

// Set only by ForceAsciiWordsKernelForTesting; null means "the best one".
std::atomic<const AsciiWordsKernel*> forced_kernel{nullptr};

}  // namespace

const AsciiWordsKernel& ActiveAsciiWordsKernel() {
  const AsciiWordsKernel* forced = forced_kernel.load(std::memory_order_relaxed);
  return forced != nullptr ? *forced : BestKernel();
}

std::vector<const AsciiWordsKernel*> AvailableAsciiWordsKernels() {
  std::vector<const AsciiWordsKernel*> kernels = {&AsciiWordsKernelScalar()};
#if SARING_X86_SIMD
  kernels.push_back(&AsciiWordsKernelSse2());
#endif
  return kernels;
}

bool ForceAsciiWordsKernelForTesting(std::string_view name) {
  if (name.empty() || name == "auto") {
    forced_kernel.store(nullptr);
    return true;
  }
  for (const AsciiWordsKernel* kernel : AvailableAsciiWordsKernels()) {
    if (name != kernel->name) continue;
    forced_kernel.store(kernel);
    return true;
  }
  return false;
}

bool SegmentAsciiWords(std::string_view text, std::vector<WordSpan>* out) {
  return ActiveAsciiWordsKernel().segment(text, out);
}

}  // namespace saring::neardup_internal
