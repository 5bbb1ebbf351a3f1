// MinHasher: seeds, signing and the Jaccard helpers. The hash family and the seed derivation
// are specified in docs/near-dup.md ("Hash scheme"); the inner loop is in kernels/.
#include "saring/minhash.h"

#include <algorithm>
#include <limits>

#include "neardup/minhash_kernels.h"

namespace saring {
namespace {

constexpr uint32_t kMaxNumPerm = 65536;

// SplitMix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number generators", 2014).
uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

Result<MinHasher> MinHasher::Create(const MinHashOptions& options) {
  if (options.num_perm == 0 || options.num_perm > kMaxNumPerm) {
    return Status::InvalidArgument("num_perm must be in [1, 65536], got " +
                                   std::to_string(options.num_perm));
  }
  if (options.shingles.ngram == 0) {
    return Status::InvalidArgument("ngram must be at least 1");
  }
  MinHasher hasher;
  hasher.options_ = options;
  hasher.mul_.resize(options.num_perm);
  hasher.add_.resize(options.num_perm);
  uint64_t state = options.seed;
  for (uint32_t i = 0; i < options.num_perm; ++i) {
    const uint64_t r = SplitMix64(&state);
    hasher.mul_[i] = static_cast<uint32_t>(r) | 1u;  // odd: x -> mul * x is a bijection
    hasher.add_[i] = static_cast<uint32_t>(r >> 32);
  }
  return hasher;
}

void MinHasher::Sign(std::string_view normalized_text, SignScratch* scratch,
                     uint32_t* signature) const {
  scratch->hashes.clear();
  ComputeShingles(normalized_text, options_.shingles, &scratch->shingle, &scratch->hashes);
  SignShingles(scratch->hashes.data(), scratch->hashes.size(), signature);
}

void MinHasher::SignShingles(const uint64_t* hashes, size_t n, uint32_t* signature) const {
  SARING_DCHECK(n >= 1);
  std::fill_n(signature, options_.num_perm, std::numeric_limits<uint32_t>::max());
  neardup_internal::ActiveKernel().update(hashes, n, mul_.data(), add_.data(), options_.num_perm,
                                          signature);
}

double EstimateJaccard(const uint32_t* a, const uint32_t* b, uint32_t k) {
  SARING_DCHECK(k >= 1);
  uint32_t equal = 0;
  for (uint32_t i = 0; i < k; ++i) equal += a[i] == b[i];
  return static_cast<double>(equal) / k;
}

double ExactJaccard(std::vector<uint64_t>* a, std::vector<uint64_t>* b) {
  for (std::vector<uint64_t>* v : {a, b}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  size_t common = 0;
  for (size_t i = 0, j = 0; i < a->size() && j < b->size();) {
    if ((*a)[i] < (*b)[j]) {
      ++i;
    } else if ((*b)[j] < (*a)[i]) {
      ++j;
    } else {
      ++common, ++i, ++j;
    }
  }
  const size_t total = a->size() + b->size() - common;
  return total == 0 ? 1.0 : static_cast<double>(common) / static_cast<double>(total);
}

}  // namespace saring
