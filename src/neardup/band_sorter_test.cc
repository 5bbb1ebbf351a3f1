#include "neardup/band_sorter.h"

#include <algorithm>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace saring::neardup_internal {
namespace {

// Entries in doc order, as a band receives them, with keys drawn from `distinct` values (hash-like
// when distinct is large; a few hot buckets when it is small).
std::vector<BandEntry> Entries(size_t n, uint64_t distinct, std::mt19937_64* rng) {
  std::vector<uint64_t> keys(distinct);
  for (uint64_t& k : keys) k = (*rng)();
  std::vector<BandEntry> out;
  for (size_t doc = 0; doc < n; ++doc) {
    const uint64_t k = keys[(*rng)() % distinct];
    out.push_back(BandEntry{static_cast<uint32_t>(k >> 32), static_cast<uint32_t>(k), static_cast<uint32_t>(doc)});
  }
  return out;
}

bool Same(const std::vector<BandEntry>& a, const std::vector<BandEntry>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](const BandEntry& x, const BandEntry& y) {
           return x.key_hi == y.key_hi && x.key_lo == y.key_lo && x.doc == y.doc;
         });
}

TEST(SortBandEntries, OrdersByKeyThenDocLikeStdSort) {
  std::mt19937_64 rng(17);
  std::vector<BandEntry> scratch;
  // Sizes on both sides of the counting-sort threshold; hash-like keys, repeated keys (equal keys
  // sort by doc), hot buckets far larger than the insertion-sort limit, keys sharing their top bits.
  for (size_t n : {0, 1, 100, 2047, 2048, 5000, 100000}) {
    for (uint64_t distinct : {uint64_t{1}, uint64_t{7}, uint64_t{300}, uint64_t{1} << 40}) {
      std::vector<BandEntry> entries = Entries(n, std::min<uint64_t>(distinct, std::max<size_t>(n, 1)), &rng);
      std::vector<BandEntry> expected = entries;
      std::sort(expected.begin(), expected.end());
      const size_t capacity = entries.capacity();
      SortBandEntries(&entries, &scratch);
      ASSERT_TRUE(Same(entries, expected)) << n << " entries, " << distinct << " keys";
      EXPECT_EQ(entries.capacity(), capacity);
    }
  }
  // Keys equal in their top 16 bits, different below: one bucket holds them all.
  std::vector<BandEntry> same_top;
  for (uint32_t doc = 0; doc < 5000; ++doc) {
    same_top.push_back(BandEntry{0xABCD0000u | static_cast<uint32_t>(rng() & 0xFFFF), static_cast<uint32_t>(rng()), doc});
  }
  std::vector<BandEntry> expected = same_top;
  std::sort(expected.begin(), expected.end());
  SortBandEntries(&same_top, &scratch);
  EXPECT_TRUE(Same(same_top, expected));
}

}  // namespace
}  // namespace saring::neardup_internal
