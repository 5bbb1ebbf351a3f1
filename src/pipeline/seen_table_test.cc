#include "pipeline/seen_table.h"

#include <gtest/gtest.h>

#include <random>
#include <unordered_map>

#include "util/scratch_dir.h"

namespace saring::pipeline {
namespace {

// Inserts `n` draws from `distinct` random hashes (so many repeat), checking every answer
// against an unbounded map.
void CheckAgainstMap(SeenTable* table, uint64_t n, uint64_t distinct, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint64_t> hashes(distinct);
  for (uint64_t& h : hashes) h = rng();
  std::unordered_map<uint64_t, FirstSeen> expected;
  for (uint64_t i = 0; i < n; ++i) {
    const uint64_t h = hashes[rng() % distinct];
    FirstSeen first{i, static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1)}, found;
    Result<bool> dup = table->FindOrInsert(h, first, &found);
    ASSERT_TRUE(dup.ok()) << dup.status().message();
    auto it = expected.find(h);
    ASSERT_EQ(*dup, it != expected.end()) << "insert " << i;
    if (it == expected.end()) {
      expected.emplace(h, first);
    } else {
      ASSERT_EQ(found.id_offset, it->second.id_offset);
      ASSERT_EQ(found.begin, it->second.begin);
      ASSERT_EQ(found.end, it->second.end);
    }
  }
  EXPECT_EQ(table->size(), expected.size());
}

TEST(SeenTable, InMemoryWithinBudget) {
  test_util::ScratchDir dir("seen");
  SeenTable table(64 << 20, dir.path());
  CheckAgainstMap(&table, 50000, 20000, 1);
  EXPECT_EQ(table.runs_written(), 0u);
}

TEST(SeenTable, SpillsSortedRunsPastItsBudgetAndAnswersTheSame) {
  test_util::ScratchDir dir("seen");
  SeenTable table(256 << 10, dir.path());  // 4096 slots: 2048 hashes a run
  CheckAgainstMap(&table, 60000, 30000, 2);
  EXPECT_GE(table.runs_written(), 5u);
  EXPECT_LE(table.bytes(), (256u << 10) + (64u << 10));
}

TEST(SeenTable, MergesRunsWhenTheirFiltersPassAQuarterOfTheBudget) {
  test_util::ScratchDir dir("seen");
  // 64 KiB: 1024 slots, 512 hashes a run, filters of 640 bytes: a merge every ~25 runs.
  SeenTable table(64 << 10, dir.path());
  CheckAgainstMap(&table, 200000, 120000, 3);
  EXPECT_GE(table.merges(), 2u);
  EXPECT_LE(table.bytes(), 256u << 10);
}

TEST(SeenTable, AFolderThatCannotHoldTheSpillSaysHowMuchDiskItNeeds) {
  SeenTable table(64 << 10, "/proc/self");
  std::mt19937_64 rng(4);
  Status failed;
  for (int i = 0; i < 5000 && failed.ok(); ++i) {
    FirstSeen found;
    Result<bool> r = table.FindOrInsert(rng(), {static_cast<uint64_t>(i), 0, 0}, &found);
    if (!r.ok()) failed = r.status();
  }
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.message().find("/proc/self"), std::string::npos) << failed.message();
  EXPECT_NE(failed.message().find("MiB or more"), std::string::npos) << failed.message();
}

TEST(IdPool, IdsComeBackFromTheFileAndTruncateDropsTheTail) {
  test_util::ScratchDir dir("ids");
  IdPool pool(dir.path());
  std::vector<uint64_t> offsets;
  for (int i = 0; i < 200000; ++i) {  // several MiB: past the write buffer
    Result<uint64_t> at = pool.Add("doc-" + std::to_string(i));
    ASSERT_TRUE(at.ok());
    offsets.push_back(*at);
    if (i % 3 == 2) {
      ASSERT_TRUE(pool.Truncate(*at).ok());
      offsets.back() = UINT64_MAX;
    }
  }
  std::string id;
  for (int i = 0; i < 200000; i += 997) {
    if (offsets[i] == UINT64_MAX) continue;
    ASSERT_TRUE(pool.Get(offsets[i], &id).ok());
    EXPECT_EQ(id, "doc-" + std::to_string(i));
  }
}

}  // namespace
}  // namespace saring::pipeline
