// Run-time choice of the ASCII normalisation kernel: the best one the CPU supports (avx2 > sse2 >
// scalar), decided once with __builtin_cpu_supports, unless a test forced one.
#include "text/normalize_kernels.h"
#include "util/kernel_choice.h"
#include "util/simd_isa.h"

namespace saring::text {
namespace {

#if SARING_X86_SIMD
bool CpuHasAvx2() {
  __builtin_cpu_init();  // may run before the library's static initialisers
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
}
#endif

const AsciiKernel& BestKernel() {
#if SARING_X86_SIMD
  static const AsciiKernel* best = CpuHasAvx2() ? &AsciiKernelAvx2() : &AsciiKernelSse2();
  return *best;
#else
  return AsciiKernelScalar();
#endif
}

KernelChoice<AsciiKernel> choice;

}  // namespace

const AsciiKernel& ActiveAsciiKernel() { return choice.Get(BestKernel()); }

std::vector<const AsciiKernel*> AvailableAsciiKernels() {
  std::vector<const AsciiKernel*> kernels = {&AsciiKernelScalar()};
#if SARING_X86_SIMD
  kernels.push_back(&AsciiKernelSse2());
  if (CpuHasAvx2()) kernels.push_back(&AsciiKernelAvx2());
#endif
  return kernels;
}

bool ForceAsciiKernelForTesting(std::string_view name) {
  return choice.Force(name, AvailableAsciiKernels());
}

}  // namespace saring::text
