// The scalar fastText kernels (the specification of the SIMD ones) and the run-time choice.
#include <atomic>

#include "langid/fasttext_kernels.h"
#include "util/simd_isa.h"

namespace saring::fasttext_internal {

void AddRowsScalar(const float* matrix, size_t stride, const int32_t* ids, size_t count, size_t n,
                   float* x) {
  for (size_t i = 0; i < count; ++i) {
    const float* row = matrix + static_cast<size_t>(ids[i]) * stride;
    for (size_t j = 0; j < n; ++j) x[j] += row[j];
  }
}

float DotScalar(const float* a, const float* b, size_t n) {
  float sum = 0;
  for (size_t j = 0; j < n; ++j) sum += a[j] * b[j];
  return sum;
}

namespace {

constexpr FastTextKernel kScalar{"scalar", &AddRowsScalar, &DotScalar};
constexpr FastTextKernel kAvx2{"avx2", &AddRowsAvx2, &DotAvx2};

bool HasAvx2() {
#if SARING_X86_SIMD
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

std::atomic<const FastTextKernel*> forced{nullptr};

}  // namespace

const FastTextKernel& ActiveFastTextKernel() {
  static const FastTextKernel* best = HasAvx2() ? &kAvx2 : &kScalar;
  const FastTextKernel* f = forced.load(std::memory_order_relaxed);
  return f != nullptr ? *f : *best;
}

bool ForceFastTextKernelForTesting(std::string_view name) {
  if (name.empty() || name == "auto") {
    forced.store(nullptr);
    return true;
  }
  if (name == "scalar") {
    forced.store(&kScalar);
    return true;
  }
  if (name == "avx2" && HasAvx2()) {
    forced.store(&kAvx2);
    return true;
  }
  return false;
}

}  // namespace saring::fasttext_internal
