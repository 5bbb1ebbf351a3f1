// Run-time choice of the ClassifyText kernel (byte_classes_kernels.h): SSE2 wherever
// SARING_X86_SIMD holds (it is part of x86-64), else scalar, unless a test forced one; and
// ClassifyText, which calls it.
#include "quality/byte_classes.h"
#include "quality/byte_classes_kernels.h"
#include "util/kernel_choice.h"
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

KernelChoice<ByteClassesKernel> choice;

}  // namespace

const ByteClassesKernel& ActiveByteClassesKernel() { return choice.Get(*kBest); }

std::vector<const ByteClassesKernel*> AvailableByteClassesKernels() {
  std::vector<const ByteClassesKernel*> kernels = {&kScalar};
#if SARING_X86_SIMD
  kernels.push_back(&kSse2);
#endif
  return kernels;
}

bool ForceByteClassesKernelForTesting(std::string_view name) {
  return choice.Force(name, AvailableByteClassesKernels());
}

TextCounts ClassifyText(const uint8_t* p, size_t n, uint64_t* space, uint64_t* high,
                        uint64_t* punct, uint64_t* letter) {
  return ActiveByteClassesKernel().classify(p, n, space, high, punct, letter);
}

}  // namespace saring::quality_internal
