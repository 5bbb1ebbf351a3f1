// Tests of the persistent dedup index: round trip, rejection of corrupt files, queries, and
// deduplicating a batch against an index of earlier batches.
#include "saring/dedup_index.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "saring/minhash.h"
#include "saring/near_dup.h"

namespace saring {
namespace {

constexpr uint32_t kK = 112;

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("SARING_TEST_TMPDIR");
  std::filesystem::path base = dir != nullptr ? dir : testing::TempDir();
  base /= "dedup_index_test";
  std::filesystem::create_directories(base);
  return (base / name).string();
}

DedupIndexParams Params() {
  return DedupIndexParams{kMinHashSchemeId, kDefaultMinHashSeed, kK, 14, 8, 5, false};
}

// n documents: originals with random signatures, and every third a copy of an earlier
// original with up to 8 values replaced (so all members of a family are >= 0.85 similar).
std::vector<std::vector<uint32_t>> Families(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::vector<uint32_t>> sigs;
  std::vector<size_t> originals;
  for (size_t i = 0; i < n; ++i) {
    std::vector<uint32_t> sig(kK);
    if (i % 3 == 2) {
      sig = sigs[originals[rng() % originals.size()]];
      for (int j = 0; j < 8; ++j) sig[rng() % kK] = static_cast<uint32_t>(rng());
    } else {
      for (uint32_t& v : sig) v = static_cast<uint32_t>(rng());
      originals.push_back(i);
    }
    sigs.push_back(sig);
  }
  return sigs;
}

DedupIndex BuildIndex(const std::vector<std::vector<uint32_t>>& sigs) {
  std::vector<std::string> ids;
  std::vector<uint32_t> flat;
  for (size_t i = 0; i < sigs.size(); ++i) {
    ids.push_back("doc-" + std::to_string(1000 + i));
    flat.insert(flat.end(), sigs[i].begin(), sigs[i].end());
  }
  Result<DedupIndex> index = DedupIndex::Build(Params(), ids, flat);
  EXPECT_TRUE(index.ok()) << index.status().ToString();
  return std::move(index).value();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream(path, std::ios::binary) << data;
}

TEST(DedupIndex, RoundTrip) {
  const std::vector<std::vector<uint32_t>> sigs = Families(301, 1);
  const DedupIndex index = BuildIndex(sigs);
  const std::string path = TempPath("round_trip.sdx");
  ASSERT_TRUE(index.Write(path).ok());
  Result<DedupIndex> loaded = DedupIndex::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->params(), Params());
  ASSERT_EQ(loaded->size(), sigs.size());
  std::vector<uint32_t> scratch;
  for (size_t i = 0; i < sigs.size(); ++i) {
    EXPECT_EQ(loaded->id(i), "doc-" + std::to_string(1000 + i));
    EXPECT_TRUE(std::equal(sigs[i].begin(), sigs[i].end(), loaded->signature(i)));
    const DedupIndex::Match m = loaded->Query(sigs[i].data(), 0.8, &scratch);
    ASSERT_TRUE(m.found);
    EXPECT_DOUBLE_EQ(m.similarity, 1.0);
  }
  // Writing the loaded index reproduces the file byte for byte.
  const std::string again = TempPath("round_trip_again.sdx");
  ASSERT_TRUE(loaded->Write(again).ok());
  EXPECT_EQ(ReadFile(path), ReadFile(again));
}

TEST(DedupIndex, QueryFindsNearCopiesOnly) {
  const std::vector<std::vector<uint32_t>> sigs = Families(100, 2);
  const DedupIndex index = BuildIndex(sigs);
  std::mt19937_64 rng(8);
  std::vector<uint32_t> probe = sigs[40], scratch;
  for (int j = 0; j < 10; ++j) probe[j * 11] = static_cast<uint32_t>(rng());
  const DedupIndex::Match m = index.Query(probe.data(), 0.8, &scratch);
  ASSERT_TRUE(m.found);
  EXPECT_GE(m.similarity, 102.0 / 112);
  EXPECT_EQ(index.signature(m.position)[1], sigs[40][1]);
  for (uint32_t& v : probe) v = static_cast<uint32_t>(rng());
  EXPECT_FALSE(index.Query(probe.data(), 0.8, &scratch).found);
}

TEST(DedupIndex, RejectsCorruptFiles) {
  const std::string path = TempPath("good.sdx");
  ASSERT_TRUE(BuildIndex(Families(50, 3)).Write(path).ok());
  const std::string good = ReadFile(path);
  const std::string bad = TempPath("bad.sdx");
  auto expect_corruption = [&](const std::string& data, const char* what) {
    WriteFile(bad, data);
    const Result<DedupIndex> r = DedupIndex::Load(bad);
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << what << ": " << r.status().ToString();
  };
  std::string data = good;
  data[0] = 'X';
  expect_corruption(data, "magic");
  data = good;
  data[8] = 1;  // version 1 held numeric ids; this build reads versions 2 and 3 only
  expect_corruption(data, "version");
  data = good;
  data[8] = 4;  // a later layout
  expect_corruption(data, "later version");
  for (size_t len :
       {size_t{0}, size_t{7}, size_t{79}, size_t{80}, good.size() / 2, good.size() - 1}) {
    expect_corruption(good.substr(0, len), "truncated");
  }
  expect_corruption(good + "x", "trailing byte");
  std::mt19937_64 rng(4);
  for (int trial = 0; trial < 200; ++trial) {
    data = good;
    data[rng() % data.size()] ^= static_cast<char>(1 + rng() % 255);
    expect_corruption(data, "flipped byte");
  }
  EXPECT_EQ(DedupIndex::Load(TempPath("missing.sdx")).status().code(), StatusCode::kNotFound);
}

TEST(DedupIndex, BuildRejectsInconsistentInput) {
  EXPECT_FALSE(DedupIndex::Build(Params(), {"a", "b"}, std::vector<uint32_t>(kK)).ok());
  DedupIndexParams p = Params();
  p.bands = 15;
  EXPECT_FALSE(DedupIndex::Build(p, {}, {}).ok());
}

// Deduplicates `sigs` with a fresh detector; returns the kept positions.
std::vector<size_t> KeptByDetector(const std::vector<std::vector<uint32_t>>& sigs,
                                   const std::vector<size_t>& which) {
  auto d = std::move(NearDupDetector::Create(NearDupOptions{})).value();
  for (size_t i = 0; i < which.size(); ++i) {
    EXPECT_TRUE(d->Add(i, sigs[which[i]].data(), 0, 0).ok());
  }
  EXPECT_TRUE(d->Finish().ok());
  std::vector<size_t> kept;
  for (size_t i = 0; i < which.size(); ++i) {
    if (!d->Get(i).removed) kept.push_back(which[i]);
  }
  return kept;
}

TEST(DedupIndex, BatchAgainstIndexEqualsJointDedup) {
  const std::vector<std::vector<uint32_t>> sigs = Families(3000, 5);
  std::vector<size_t> all(sigs.size()), batch1, batch2;
  for (size_t i = 0; i < sigs.size(); ++i) {
    all[i] = i;
    (i < 1500 ? batch1 : batch2).push_back(i);
  }
  const std::vector<size_t> joint = KeptByDetector(sigs, all);
  // Batch 1, then an index of its survivors, written and read back.
  const std::vector<size_t> kept1 = KeptByDetector(sigs, batch1);
  std::vector<std::vector<uint32_t>> survivors;
  for (size_t i : kept1) survivors.push_back(sigs[i]);
  const std::string path = TempPath("batch1.sdx");
  ASSERT_TRUE(BuildIndex(survivors).Write(path).ok());
  const DedupIndex index = std::move(DedupIndex::Load(path)).value();
  // Batch 2: documents matching the index are removed, the rest deduplicated together.
  std::vector<size_t> fresh;
  std::vector<uint32_t> scratch;
  for (size_t i : batch2) {
    if (!index.Query(sigs[i].data(), 0.8, &scratch).found) fresh.push_back(i);
  }
  const std::vector<size_t> kept2 = KeptByDetector(sigs, fresh);
  std::vector<size_t> batched = kept1;
  batched.insert(batched.end(), kept2.begin(), kept2.end());
  EXPECT_LT(joint.size(), 2200u);  // the test deduplicates something
  EXPECT_EQ(batched, joint);
  // --update-index: the survivors of batch 2 are appended.
  std::vector<std::string> ids;
  std::vector<uint32_t> flat;
  for (size_t i : kept2) {
    ids.push_back("new-" + std::to_string(i));
    flat.insert(flat.end(), sigs[i].begin(), sigs[i].end());
  }
  Result<DedupIndex> updated = index.WithAppended(ids, flat.data(), ids.size());
  ASSERT_TRUE(updated.ok());
  ASSERT_TRUE(updated->Write(path).ok());
  const DedupIndex reloaded = std::move(DedupIndex::Load(path)).value();
  EXPECT_EQ(reloaded.size(), joint.size());
  EXPECT_EQ(reloaded.id(reloaded.size() - 1), ids.back());
  EXPECT_TRUE(reloaded.Query(sigs[kept2[0]].data(), 0.8, &scratch).found);
}

}  // namespace
}  // namespace saring
