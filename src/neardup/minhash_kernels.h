// MinHash kernels: the inner loop of signing, one implementation per instruction set.
//
// Every kernel computes exactly what MinHashUpdateScalar computes (the specification):
//   for each shingle hash h in hashes[0..n):
//     x = uint32(h) ^ uint32(h >> 32)
//     for each i in [0, k): sig[i] = min(sig[i], uint32(mul[i] * x + add[i]))   (mod 2^32)
// SIMD kernels live in kernels/<isa>.cc, compiled for the baseline CPU with function-level
// target attributes, and are only called when the CPU reports the instructions they use.
#ifndef SARING_NEARDUP_MINHASH_KERNELS_H_
#define SARING_NEARDUP_MINHASH_KERNELS_H_

#include <cstddef>
#include <cstdint>

namespace saring::neardup_internal {

// Folds sig[0..k) with the hashes of hashes[0..n) (see above). sig is input and output.
using MinHashUpdateFn = void (*)(const uint64_t* hashes, size_t n, const uint32_t* mul,
                                 const uint32_t* add, size_t k, uint32_t* sig);

struct MinHashKernel {
  const char* name;
  MinHashUpdateFn update;
};

void MinHashUpdateScalar(const uint64_t* hashes, size_t n, const uint32_t* mul, const uint32_t* add,
                         size_t k, uint32_t* sig);
void MinHashUpdateAvx2(const uint64_t* hashes, size_t n, const uint32_t* mul, const uint32_t* add,
                       size_t k, uint32_t* sig);
void MinHashUpdateAvx512(const uint64_t* hashes, size_t n, const uint32_t* mul, const uint32_t* add,
                         size_t k, uint32_t* sig);

// The folded 32-bit input of the hash functions.
inline uint32_t FoldShingleHash(uint64_t h) {
  return static_cast<uint32_t>(h) ^ static_cast<uint32_t>(h >> 32);
}

// The kernel Sign uses now: forced, or the best one the CPU supports.
const MinHashKernel& ActiveKernel();

}  // namespace saring::neardup_internal

#endif  // SARING_NEARDUP_MINHASH_KERNELS_H_
