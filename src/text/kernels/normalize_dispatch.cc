// Run-time choice of the ASCII normalisation kernel: the best one the CPU supports (avx2 > sse2 >
// scalar), decided once with __builtin_cpu_supports, unless a test forced one.
#include <atomic>

#include "text/normalize_kernels.h"
#include "util/simd_isa.h"

namespace saring::text {
namespace {

bool CpuHasAvx2() {
#if SARING_X86_SIMD
  __builtin_cpu_init();  // may run before the library's static initialisers
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
#else
  return false;
#endif
}

const AsciiKernel& BestKernel() {
#if SARING_X86_SIMD
  static const AsciiKernel* best = CpuHasAvx2() ? &AsciiKernelAvx2() : &AsciiKernelSse2();
  return *best;
#else
  return AsciiKernelScalar();
#endif
}

// Set only by ForceAsciiKernelForTesting; null means "the best one".
std::atomic<const AsciiKernel*> forced_kernel{nullptr};

}  // namespace

const AsciiKernel& ActiveAsciiKernel() {
  const AsciiKernel* forced = forced_kernel.load(std::memory_order_relaxed);
  return forced != nullptr ? *forced : BestKernel();
}

std::vector<const AsciiKernel*> AvailableAsciiKernels() {
  std::vector<const AsciiKernel*> kernels = {&AsciiKernelScalar()};
#if SARING_X86_SIMD
  kernels.push_back(&AsciiKernelSse2());
  if (CpuHasAvx2()) kernels.push_back(&AsciiKernelAvx2());
#endif
  return kernels;
}

bool ForceAsciiKernelForTesting(std::string_view name) {
  if (name.empty() || name == "auto") {
    forced_kernel.store(nullptr);
    return true;
  }
  for (const AsciiKernel* kernel : AvailableAsciiKernels()) {
    if (name != kernel->name) continue;
    forced_kernel.store(kernel);
    return true;
  }
  return false;
}

}  // namespace saring::text
