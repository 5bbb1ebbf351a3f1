// Run-time choice of the ClassifyText kernel (byte_classes_kernels.h): SSE2 wherever
// SARING_X86_SIMD holds (it is part of x86-64), else scalar, unless a test forced one; and
// ClassifyText, which calls it.
#include <atomic>

#include "quality/byte_classes.h"
#include "quality/byte_classes_kernels.h"
#include "util/simd_isa.h"

namespace saring::quality_internal {
namespace {

constexpr ByteClassesKernel kScalar = {"scalar", &ClassifyTextScalar};
#if SARING_X86_SIMD
constexpr ByteClassesKernel kSse2 = {"sse2", &ClassifyTextSse2};
constexpr const ByteClassesKernel* kBest = &kSse2;
#else
constexpr const ByteClassesKernel* kBest = &kScalar;
#endif

// Set only by ForceByteClassesKernelForTesting; null means "the best one".
std::atomic<const ByteClassesKernel*> forced_kernel{nullptr};

}  // namespace

const ByteClassesKernel& ActiveByteClassesKernel() {
  const ByteClassesKernel* forced = forced_kernel.load(std::memory_order_relaxed);
  return forced != nullptr ? *forced : *kBest;
}

std::vector<const ByteClassesKernel*> AvailableByteClassesKernels() {
  std::vector<const ByteClassesKernel*> kernels = {&kScalar};
#if SARING_X86_SIMD
  kernels.push_back(&kSse2);
#endif
  return kernels;
}

bool ForceByteClassesKernelForTesting(std::string_view name) {
  if (name.empty() || name == "auto") {
    forced_kernel.store(nullptr);
    return true;
  }
  for (const ByteClassesKernel* kernel : AvailableByteClassesKernels()) {
    if (name != kernel->name) continue;
    forced_kernel.store(kernel);
    return true;
  }
  return false;
}

TextCounts ClassifyText(const uint8_t* p, size_t n, uint64_t* space, uint64_t* high,
                        uint64_t* punct, uint64_t* letter) {
  return ActiveByteClassesKernel().classify(p, n, space, high, punct, letter);
}

}  // namespace saring::quality_internal
