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
    EXPECT_TRUE(sorter
                    ->ForEachPair([&](uint32_t a, uint32_t b) {
                      out.emplace_back(a, b);
                      return Status::Ok();
                    })
                    .ok());
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
  EXPECT_GT(SurvivorScore(SurvivorPolicy::kLongest, 10, 0),
            SurvivorScore(SurvivorPolicy::kLongest, 9, 5));
  EXPECT_GT(SurvivorScore(SurvivorPolicy::kNewest, 0, 7),
            SurvivorScore(SurvivorPolicy::kNewest, 9, 6));
  EXPECT_GT(SurvivorScore(SurvivorPolicy::kOldest, 0, -3),
            SurvivorScore(SurvivorPolicy::kOldest, 0, 4));
  EXPECT_GT(SurvivorScore(SurvivorPolicy::kLongest, ~uint64_t{0}, 0), 0);  // no overflow
}

// verify=exact: the texts added are the ones compared (spilled and read back), whatever the
// options' own text_provider.
TEST(DocTable, ComparesTheTextsItHoldsUnderExactVerification) {
  test_util::ScratchDir dir("doctable");
  NearDupOptions o;
  o.verify = NearDupVerify::kExact;
  o.threshold = 0.6;
  o.work_dir = dir.path();
  o.text_provider = [](uint64_t, std::string*) { return Status::Internal("not the table's"); };
  Result<std::unique_ptr<DocTable>> table = DocTable::Create(o);
  ASSERT_TRUE(table.ok()) << table.status().message();
  const std::vector<uint32_t> sig(o.num_perm, 1);  // equal signatures: only the texts differ
  const std::string base = "one two three four five six seven eight nine ten eleven twelve";
  ASSERT_TRUE((*table)->Add(5, sig.data(), 1, 0, {}, base).ok());
  ASSERT_TRUE(
      (*table)->Add(9, sig.data(), 1, 0, {}, "alpha beta gamma delta epsilon zeta eta").ok());
  ASSERT_TRUE((*table)->Add(12, sig.data(), 1, 0, {}, base + " thirteen").ok());
  ASSERT_TRUE((*table)->Finish().ok());
  Result<Verdict> near = (*table)->Compare(0, 2);
  ASSERT_TRUE(near.ok()) << near.status().message();
  EXPECT_TRUE(near->similar);
  EXPECT_EQ(near->kind, static_cast<uint8_t>(SimilarityKind::kExact));
  EXPECT_LT(near->value, 1.0);
  Result<Verdict> far = (*table)->Compare(0, 1);
  ASSERT_TRUE(far.ok());
  EXPECT_FALSE(far->similar);
  EXPECT_EQ(far->value, 0.0);
}

TEST(DocTable, RefusesBadOptions) {
  NearDupOptions bad;
  bad.threshold = 1.5;
  EXPECT_EQ(DocTable::Create(bad).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace saring::neardup_internal
