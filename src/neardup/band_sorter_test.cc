#include "neardup/band_sorter.h"

#include <algorithm>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "util/scratch_dir.h"

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
    out.push_back(BandEntry{static_cast<uint32_t>(k >> 32), static_cast<uint32_t>(k),
                            static_cast<uint32_t>(doc)});
  }
  return out;
}

bool Same(const std::vector<BandEntry>& a, const std::vector<BandEntry>& b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](const BandEntry& x, const BandEntry& y) {
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
      std::vector<BandEntry> entries =
          Entries(n, std::min<uint64_t>(distinct, std::max<size_t>(n, 1)), &rng);
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
    same_top.push_back(BandEntry{0xABCD0000u | static_cast<uint32_t>(rng() & 0xFFFF),
                                 static_cast<uint32_t>(rng()), doc});
  }
  std::vector<BandEntry> expected = same_top;
  std::sort(expected.begin(), expected.end());
  SortBandEntries(&same_top, &scratch);
  EXPECT_TRUE(Same(same_top, expected));
}

// The entries of keys that occur more than once, sorted: what AppendRepeatedKeys must give.
std::vector<BandEntry> ReferenceRepeats(std::vector<BandEntry> entries) {
  std::sort(entries.begin(), entries.end());
  std::vector<BandEntry> out;
  auto same_key = [&](size_t i, size_t j) {
    return entries[i].key_hi == entries[j].key_hi && entries[i].key_lo == entries[j].key_lo;
  };
  for (size_t i = 0; i < entries.size(); ++i) {
    if ((i > 0 && same_key(i - 1, i)) || (i + 1 < entries.size() && same_key(i, i + 1))) {
      out.push_back(entries[i]);
    }
  }
  return out;
}

TEST(AppendRepeatedKeys, FindsExactlyTheRepeatedKeysInOrder) {
  std::mt19937_64 rng(23);
  std::vector<uint32_t> table;
  for (size_t n : {0, 1, 2, 3, 100, 4097, 30000}) {
    for (uint64_t distinct : {uint64_t{1}, uint64_t{5}, uint64_t{200}, uint64_t{1} << 40}) {
      const std::vector<BandEntry> entries =
          Entries(n, std::min<uint64_t>(distinct, std::max<size_t>(n, 1)), &rng);
      std::vector<BandEntry> got = {BandEntry{1, 2, 3}};  // appended after what is there
      AppendRepeatedKeys(entries.data(), entries.size(), &table, &got);
      std::vector<BandEntry> expected = {BandEntry{1, 2, 3}};
      for (const BandEntry& e : ReferenceRepeats(entries)) expected.push_back(e);
      ASSERT_TRUE(Same(got, expected)) << n << " entries, " << distinct << " keys";
    }
  }
  // Keys equal in their low half (the table's slot) but not their high half, keys whose low
  // halves crowd a few neighbouring slots, and docs out of order: only true repeats come out.
  std::vector<BandEntry> crowded;
  for (uint32_t doc = 0; doc < 3000; ++doc) {
    const uint32_t hi = static_cast<uint32_t>(rng() % 40);
    const uint32_t lo = static_cast<uint32_t>(rng() % 7) * 1024 + (doc % 3);
    crowded.push_back(BandEntry{hi, lo, 5000 - doc});
  }
  std::vector<BandEntry> got;
  AppendRepeatedKeys(crowded.data(), crowded.size(), &table, &got);
  EXPECT_TRUE(Same(got, ReferenceRepeats(crowded)));
  EXPECT_FALSE(got.empty());
}

// The pairs of the rule in band_sorter.h, computed directly: band by band, buckets in key order.
std::vector<std::pair<uint32_t, uint32_t>> ReferencePairs(
    std::vector<std::vector<BandEntry>> bands) {
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  for (std::vector<BandEntry>& band : bands) {
    std::sort(band.begin(), band.end());
    for (size_t i = 0; i < band.size();) {
      size_t j = i + 1;
      for (;
           j < band.size() && band[j].key_hi == band[i].key_hi && band[j].key_lo == band[i].key_lo;
           ++j) {
        pairs.emplace_back(band[i].doc, band[j].doc);
        if (j >= i + 2) pairs.emplace_back(band[j - 1].doc, band[j].doc);
      }
      i = j;
    }
  }
  return pairs;
}

TEST(BandSorter, SpilledRunsPairExactlyLikeOneSort) {
  std::mt19937_64 rng(5);
  constexpr uint32_t kBands = 3;
  // Hash-like keys, a few hot keys, and one key shared by a third of the documents (a partition
  // far above the smallest budget, which takes the piecewise merge).
  for (uint64_t distinct : {uint64_t{1} << 40, uint64_t{50}, uint64_t{3}}) {
    std::vector<std::vector<BandEntry>> bands;
    for (uint32_t b = 0; b < kBands; ++b)
      bands.push_back(Entries(20000, std::min<uint64_t>(distinct, 20000), &rng));
    const auto expected = ReferencePairs(bands);
    for (uint64_t budget :
         {uint64_t{16} << 20, uint64_t{64} << 10, uint64_t{4} << 10, uint64_t{200}}) {
      test_util::ScratchDir dir;
      BandSorter sorter(kBands, budget, dir.path());
      for (uint32_t doc = 0; doc < 20000; ++doc) {
        uint64_t keys[kBands];
        for (uint32_t b = 0; b < kBands; ++b) {
          keys[b] = uint64_t{bands[b][doc].key_hi} << 32 | bands[b][doc].key_lo;
        }
        ASSERT_TRUE(sorter.Add(doc, keys).ok());
      }
      EXPECT_EQ(sorter.spill_runs() > 0, budget < (uint64_t{16} << 20));
      std::vector<std::pair<uint32_t, uint32_t>> got;
      ASSERT_TRUE(sorter
                      .ForEachPair([&](uint32_t a, uint32_t b) {
                        got.emplace_back(a, b);
                        return Status::Ok();
                      })
                      .ok());
      ASSERT_EQ(got, expected) << distinct << " keys, budget " << budget;
    }
  }
}

}  // namespace
}  // namespace saring::neardup_internal
