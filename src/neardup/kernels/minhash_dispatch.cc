// Run-time choice of the MinHash kernel: the best one the CPU supports (avx512 > avx2 >
// scalar), decided once with __builtin_cpu_supports, unless a test forced one.
#include <atomic>

#include "neardup/minhash_kernels.h"
#include "saring/minhash.h"
#include "util/simd_isa.h"

namespace saring::neardup_internal {
namespace {

constexpr MinHashKernel kScalar{"scalar", &MinHashUpdateScalar};
constexpr MinHashKernel kAvx2{"avx2", &MinHashUpdateAvx2};
constexpr MinHashKernel kAvx512{"avx512", &MinHashUpdateAvx512};

bool CpuSupports(const MinHashKernel& kernel) {
#if SARING_X86_SIMD
  if (&kernel == &kAvx512) return __builtin_cpu_supports("avx512f");
  if (&kernel == &kAvx2) return __builtin_cpu_supports("avx2");
#else
  if (&kernel != &kScalar) return false;
#endif
  return true;
}

const MinHashKernel& BestKernel() {
  static const MinHashKernel* best = CpuSupports(kAvx512) ? &kAvx512
                                     : CpuSupports(kAvx2) ? &kAvx2
                                                          : &kScalar;
  return *best;
}

// Set only by ForceKernelForTesting; null means "the best one".
std::atomic<const MinHashKernel*> forced_kernel{nullptr};

}  // namespace

const MinHashKernel& ActiveKernel() {
  const MinHashKernel* forced = forced_kernel.load(std::memory_order_relaxed);
  return forced != nullptr ? *forced : BestKernel();
}

}  // namespace saring::neardup_internal

namespace saring {

using neardup_internal::MinHashKernel;

std::string_view ActiveMinHashKernel() { return neardup_internal::ActiveKernel().name; }

std::vector<std::string_view> AvailableMinHashKernels() {
  std::vector<std::string_view> names;
  for (const MinHashKernel* k :
       {&neardup_internal::kScalar, &neardup_internal::kAvx2, &neardup_internal::kAvx512}) {
    if (neardup_internal::CpuSupports(*k)) names.push_back(k->name);
  }
  return names;
}

Status ForceKernelForTesting(std::string_view name) {
  if (name.empty() || name == "auto") {
    neardup_internal::forced_kernel.store(nullptr);
    return Status::Ok();
  }
  for (const MinHashKernel* k :
       {&neardup_internal::kScalar, &neardup_internal::kAvx2, &neardup_internal::kAvx512}) {
    if (name != k->name) continue;
    if (!neardup_internal::CpuSupports(*k)) {
      return Status::Unimplemented("this CPU cannot run the " + std::string(name) +
                                   " MinHash kernel");
    }
    neardup_internal::forced_kernel.store(k);
    return Status::Ok();
  }
  return Status::InvalidArgument("unknown MinHash kernel '" + std::string(name) +
                                 "' (expected scalar, avx2, avx512 or auto)");
}

}  // namespace saring
