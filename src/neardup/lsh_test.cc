// Tests of LSH banding: the S-curve formula, the parameter search, band keys, and agreement
// of real MinHash signatures with the S-curve on pairs of known Jaccard similarity.
#include "saring/lsh.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "saring/minhash.h"

namespace saring {
namespace {

// Area error of `p` at threshold t, integrated independently of lsh.cc (midpoint rule).
double AreaError(const LshParams& p, double t) {
  const int steps = 4000;
  double fp = 0, fn = 0;
  for (int i = 0; i < steps; ++i) {
    const double s = (i + 0.5) / steps;
    const double c = CandidateProbability(s, p);
    if (s < t) fp += c / steps;
    else fn += (1 - c) / steps;
  }
  return 0.5 * fp + 0.5 * fn;
}

TEST(Lsh, CandidateProbabilityIsTheSCurve) {
  const LshParams p{14, 8};
  EXPECT_DOUBLE_EQ(CandidateProbability(0.0, p), 0.0);
  EXPECT_DOUBLE_EQ(CandidateProbability(1.0, p), 1.0);
  EXPECT_NEAR(CandidateProbability(0.8, p), 1 - std::pow(1 - std::pow(0.8, 8), 14), 1e-12);
  EXPECT_LT(CandidateProbability(0.5, p), 0.06);
  EXPECT_GT(CandidateProbability(0.9, p), 0.99);
}

TEST(Lsh, OptimalParamsMinimiseTheAreaError) {
  for (double t : {0.5, 0.7, 0.8, 0.9}) {
    const Result<LshParams> got = OptimalLshParams(t, 112);
    ASSERT_TRUE(got.ok());
    EXPECT_LE(got->bands * got->rows, 112u);
    // No other (bands, rows) is clearly better under an independent integration.
    const double best = AreaError(*got, t);
    for (uint32_t b = 1; b <= 112; ++b) {
      for (uint32_t r = 1; r * b <= 112; ++r) {
        EXPECT_GE(AreaError(LshParams{b, r}, t), best - 1e-4) << t << " " << b << "x" << r;
      }
    }
  }
  EXPECT_FALSE(OptimalLshParams(1.0, 112).ok());
  EXPECT_FALSE(OptimalLshParams(0.5, 0).ok());
}

TEST(Lsh, BandKeysDependOnBandAndValues) {
  std::vector<uint32_t> sig(16, 7);
  EXPECT_NE(BandKey(sig.data(), 0, 8), BandKey(sig.data(), 1, 8));  // same values, other band
  const uint64_t before = BandKey(sig.data(), 1, 8);
  sig[15] = 8;
  EXPECT_NE(BandKey(sig.data(), 1, 8), before);
  EXPECT_EQ(BandKey(sig.data(), 0, 8), BandKey(sig.data(), 0, 8));
}

// Pairs of random shingle sets with |A n B| = c and |A \ B| = |B \ A| = d, so the exact
// Jaccard similarity is c / (c + 2d). The share of pairs sharing a band key must match the
// S-curve within a 4-sigma binomial interval (plus 0.01 for the discreteness of K = 112).
TEST(Lsh, SignaturesFollowTheSCurve) {
  const MinHasher hasher = std::move(MinHasher::Create(MinHashOptions{})).value();
  const LshParams p{14, 8};
  const int kPairs = 600;
  const int kUnion = 400;
  std::mt19937_64 rng(2024);
  std::vector<uint32_t> sa(112), sb(112);
  double mean_estimate_error = 0;
  int levels = 0;
  for (int c = 120; c <= 380; c += 20) {  // s = 0.30, 0.35, ..., 0.95
    const double s = static_cast<double>(c) / kUnion;
    const int d = (kUnion - c) / 2;
    int found = 0;
    double estimate_sum = 0, estimate_squares = 0;
    for (int pair = 0; pair < kPairs; ++pair) {
      std::vector<uint64_t> a, b;
      for (int i = 0; i < c; ++i) {
        const uint64_t x = rng();
        a.push_back(x), b.push_back(x);
      }
      for (int i = 0; i < d; ++i) a.push_back(rng()), b.push_back(rng());
      hasher.SignShingles(a.data(), a.size(), sa.data());
      hasher.SignShingles(b.data(), b.size(), sb.data());
      const double e = EstimateJaccard(sa.data(), sb.data(), 112);
      estimate_sum += e;
      estimate_squares += e * e;
      bool candidate = false;
      for (uint32_t band = 0; band < p.bands && !candidate; ++band) {
        candidate = BandKey(sa.data(), band, p.rows) == BandKey(sb.data(), band, p.rows);
      }
      found += candidate;
    }
    const double expected = CandidateProbability(s, p);
    const double share = static_cast<double>(found) / kPairs;
    const double sigma = std::sqrt(expected * (1 - expected) / kPairs);
    EXPECT_NEAR(share, expected, 4 * sigma + 0.01) << "s = " << s;
    // The estimator is unbiased: its mean over 600 pairs is within 4 standard errors.
    const double mean = estimate_sum / kPairs;
    EXPECT_NEAR(mean, s, 4 * std::sqrt(s * (1 - s) / 112 / kPairs) + 0.002) << "s = " << s;
    mean_estimate_error += std::abs(mean - s);
    // The K hash functions behave as independent: the variance is binomial, s(1-s)/K, within
    // the sampling error of a variance over 600 pairs (about 6%; 25% allowed).
    const double variance = estimate_squares / kPairs - mean * mean;
    EXPECT_NEAR(variance / (s * (1 - s) / 112), 1.0, 0.25) << "s = " << s;
    ++levels;
  }
  EXPECT_LT(mean_estimate_error / levels, 0.01);
}

}  // namespace
}  // namespace saring
