#include "neardup/doc_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "neardup/band_sorter.h"
#include "util/scratch_dir.h"

namespace saring::neardup_internal {
namespace {

// Pairs of a sorter fed whole documents in order, and of one fed single keys in any order (as a
// part of a partitioned decision is), with budgets small enough to spill: the same pairs.
TEST(BandSorter, KeysAddedOneByOneInAnyOrderPairAsWholeDocuments) {
  test_util::ScratchDir dir("bands");
  constexpr uint32_t kBands = 5, kDocs = 3000;
  std::mt19937_64 rng(3);
  std::vector<uint64_t> keys(kDocs * kBands);
  for (uint64_t& k : keys) k = rng() % 400;  // many buckets of several documents
  auto pairs_of = [](BandSorter* sorter) {
    std::vector<std::pair<uint32_t, uint32_t>> out;
    EXPECT_TRUE(sorter->ForEachPair([&](uint32_t a, uint32_t b) {
      out.emplace_back(a, b);
      return Status::Ok();
    }).ok());
    return out;
  };
  BandSorter whole(kBands, 4096, dir.path());
  for (uint32_t d = 0; d < kDocs; ++d) ASSERT_TRUE(whole.Add(d, &keys[d * kBands]).ok());
  std::vector<std::pair<uint32_t, uint32_t>> order;  // (doc, band)
  for (uint32_t d = 0; d < kDocs; ++d) {
    for (uint32_t b = 0; b < kBands; ++b) order.emplace_back(d, b);
  }
  std::shuffle(order.begin(), order.end(), rng);
  BandSorter single(kBands, 4096, dir.path());
  for (const auto& [d, b] : order) ASSERT_TRUE(single.AddOne(b, keys[d * kBands + b], d).ok());
  EXPECT_GT(single.spill_runs(), 2u);
  const auto expected = pairs_of(&whole);
  EXPECT_GT(expected.size(), 10000u);
  EXPECT_EQ(pairs_of(&single), expected);
}

TEST(SurvivorScore, RanksAsThePolicySays) {
  EXPECT_GT(SurvivorScore(SurvivorPolicy::kLongest, 10, 0), SurvivorScore(SurvivorPolicy::kLongest, 9, 5));
  EXPECT_GT(SurvivorScore(SurvivorPolicy::kNewest, 0, 7), SurvivorScore(SurvivorPolicy::kNewest, 9, 6));
  EXPECT_GT(SurvivorScore(SurvivorPolicy::kOldest, 0, -3), SurvivorScore(SurvivorPolicy::kOldest, 0, 4));
  EXPECT_GT(SurvivorScore(SurvivorPolicy::kLongest, ~uint64_t{0}, 0), 0);  // no overflow
}

TEST(DocTable, RefusesExactVerificationAndBadOptions) {
  NearDupOptions o;
  o.verify = NearDupVerify::kExact;
  o.text_provider = [](uint64_t, std::string*) { return Status::Ok(); };
  EXPECT_EQ(DocTable::Create(o).status().code(), StatusCode::kInvalidArgument);
  NearDupOptions bad;
  bad.threshold = 1.5;
  EXPECT_EQ(DocTable::Create(bad).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace saring::neardup_internal
