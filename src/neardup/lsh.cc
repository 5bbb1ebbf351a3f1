// LSH banding: the S-curve, datasketch-style parameter choice, and band keys.
#include "saring/lsh.h"

#include <bit>
#include <cmath>
#include <limits>
#include <string>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace saring {
namespace {

static_assert(std::endian::native == std::endian::little,
              "band keys hash signature values as little-endian bytes");

constexpr int kIntegrationSteps = 1024;  // even, for Simpson's rule

// Simpson's rule for the integral over [lo, hi] of P(s) (or 1 - P(s) if `complement`).
double IntegrateCurve(double lo, double hi, const LshParams& p, bool complement) {
  if (hi <= lo) return 0.0;
  const double h = (hi - lo) / kIntegrationSteps;
  double sum = 0.0;
  for (int i = 0; i <= kIntegrationSteps; ++i) {
    double y = CandidateProbability(lo + i * h, p);
    if (complement) y = 1.0 - y;
    const double weight = (i == 0 || i == kIntegrationSteps) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0);
    sum += weight * y;
  }
  return sum * h / 3.0;
}

}  // namespace

double CandidateProbability(double s, const LshParams& params) {
  return 1.0 - std::pow(1.0 - std::pow(s, params.rows), params.bands);
}

Result<LshParams> OptimalLshParams(double threshold, uint32_t num_perm,
                                   double false_positive_weight, double false_negative_weight) {
  if (!(threshold > 0.0 && threshold < 1.0)) {
    return Status::InvalidArgument("LSH threshold must be in (0, 1), got " +
                                   std::to_string(threshold));
  }
  if (num_perm == 0) return Status::InvalidArgument("num_perm must be at least 1");
  if (!(false_positive_weight >= 0 && false_negative_weight >= 0) ||
      false_positive_weight + false_negative_weight == 0) {
    return Status::InvalidArgument("LSH error weights must be >= 0 and not both 0");
  }
  LshParams best{1, 1};
  double best_error = std::numeric_limits<double>::infinity();
  for (uint32_t b = 1; b <= num_perm; ++b) {
    for (uint32_t r = 1; r <= num_perm / b; ++r) {
      const LshParams p{b, r};
      const double fp = IntegrateCurve(0.0, threshold, p, /*complement=*/false);
      const double fn = IntegrateCurve(threshold, 1.0, p, /*complement=*/true);
      const double error = false_positive_weight * fp + false_negative_weight * fn;
      if (error < best_error) {
        best_error = error;
        best = p;
      }
    }
  }
  return best;
}

uint64_t BandKey(const uint32_t* signature, uint32_t band, uint32_t rows) {
  return XXH3_64bits_withSeed(signature + static_cast<size_t>(band) * rows,
                              static_cast<size_t>(rows) * sizeof(uint32_t), band);
}

}  // namespace saring
