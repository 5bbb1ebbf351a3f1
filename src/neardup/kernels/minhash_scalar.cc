// The scalar MinHash kernel: the specification every other kernel must match bit for bit.
#include <algorithm>

#include "neardup/minhash_kernels.h"

namespace saring::neardup_internal {

void MinHashUpdateScalar(const uint64_t* hashes, size_t n, const uint32_t* mul, const uint32_t* add,
                         size_t k, uint32_t* sig) {
  for (size_t j = 0; j < n; ++j) {
    const uint32_t x = FoldShingleHash(hashes[j]);
    for (size_t i = 0; i < k; ++i) {
      // Unsigned arithmetic wraps: this is (mul * x + add) mod 2^32.
      sig[i] = std::min(sig[i], mul[i] * x + add[i]);
    }
  }
}

}  // namespace saring::neardup_internal
