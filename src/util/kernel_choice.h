// Which kernel of a family (a struct with a `const char* name` and function pointers, one per
// instruction set: src/<module>/kernels/) runs: the best one the CPU supports, unless a test
// forced another. Each family's dispatcher holds one KernelChoice at namespace scope (constant-
// initialised, so it is usable before static initialisers run).
//
// Thread-safety: Get may run concurrently with anything; Force is for tests and must not run
// while another thread uses the family (a call in flight may finish on the old kernel).
#ifndef SARING_UTIL_KERNEL_CHOICE_H_
#define SARING_UTIL_KERNEL_CHOICE_H_

#include <atomic>
#include <string_view>
#include <vector>

namespace saring {

template <class Kernel>
class KernelChoice {
 public:
  constexpr KernelChoice() = default;
  KernelChoice(const KernelChoice&) = delete;
  KernelChoice& operator=(const KernelChoice&) = delete;

  // The forced kernel, or `best`.
  const Kernel& Get(const Kernel& best) const {
    const Kernel* forced = forced_.load(std::memory_order_relaxed);
    return forced != nullptr ? *forced : best;
  }

  // Forces the kernel of `available` named `name`; "" or "auto" undoes the forcing. Returns
  // false, changing nothing, if no kernel of `available` has that name.
  bool Force(std::string_view name, const std::vector<const Kernel*>& available) {
    if (name.empty() || name == "auto") {
      forced_.store(nullptr);
      return true;
    }
    for (const Kernel* kernel : available) {
      if (name != kernel->name) continue;
      forced_.store(kernel);
      return true;
    }
    return false;
  }

 private:
  std::atomic<const Kernel*> forced_{nullptr};
};

}  // namespace saring

#endif  // SARING_UTIL_KERNEL_CHOICE_H_
