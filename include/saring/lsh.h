// Locality-sensitive hashing over MinHash signatures ("banding").
//
// A K-value signature is cut into `bands` bands of `rows` consecutive values (bands * rows <=
// K; values past bands * rows are unused by banding but still count in verification). Two
// documents become a candidate pair when all rows of at least one band agree, which for Jaccard
// similarity s happens with probability 1 - (1 - s^rows)^bands (Leskovec, Rajaraman, Ullman,
// "Mining of Massive Datasets", ch. 3.4). Each band is summarised by a 64-bit band key.
//
// Thread-safety: all functions are pure and safe from any thread.
#ifndef SARING_LSH_H_
#define SARING_LSH_H_

#include <cstdint>

#include "saring/status.h"

namespace saring {

struct LshParams {
  uint32_t bands = 14;  // FineWeb's choice for K = 112
  uint32_t rows = 8;
};

// P(candidate | s) = 1 - (1 - s^rows)^bands, for a Jaccard similarity s in [0, 1].
double CandidateProbability(double s, const LshParams& params);

// The (bands, rows) with bands * rows <= num_perm that minimises
//   false_positive_weight * integral_0^t P(s) ds + false_negative_weight * integral_t^1 (1 - P(s))
//   ds
// (the area under the S-curve left of the threshold t plus the area above it right of t),
// searching every bands in [1, num_perm] and rows in [1, num_perm / bands]; the first minimum in
// that order wins. This is the rule of datasketch's MinHashLSH (`_optimal_param`). Returns
// InvalidArgument unless 0 < threshold < 1, num_perm >= 1 and both weights are >= 0 and not
// both 0. Cost: O(num_perm log num_perm) curve integrations of 1024 steps; ~10 ms for K = 112.
Result<LshParams> OptimalLshParams(double threshold, uint32_t num_perm,
                                   double false_positive_weight = 0.5,
                                   double false_negative_weight = 0.5);

// The key of band `band` of `signature`: XXH3-64, seeded with the band index, of the band's
// `rows` values as little-endian uint32. REQUIRES: (band + 1) * rows <= signature length.
uint64_t BandKey(const uint32_t* signature, uint32_t band, uint32_t rows);

}  // namespace saring

#endif  // SARING_LSH_H_
