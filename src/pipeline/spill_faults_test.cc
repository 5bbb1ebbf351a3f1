// The decider's spill files (the exact-dedup table's runs, the document id pool) with faults
// injected through the Env: a full disk, an I/O error or a short write while spilling or reading
// back must come back as a Status naming the spill folder, never as a crash or a wrong answer.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "pipeline/seen_table.h"
#include "util/fault_env.h"
#include "util/scratch_dir.h"

namespace saring::pipeline {
namespace {

using test_util::ScratchDir;

constexpr uint64_t kInserts = 120000;  // about 2 MiB of spilled runs: the file is written

// Inserts `n` random hashes (a third of them repeats) into a 64 KiB table, which spills many
// runs; returns the first error.
Status Fill(SeenTable* table, uint64_t n) {
  std::mt19937_64 rng(7);
  std::vector<uint64_t> hashes(n * 2 / 3);
  for (uint64_t& h : hashes) h = rng();
  for (uint64_t i = 0; i < n; ++i) {
    FirstSeen first{i, 0, 1}, found;
    Result<bool> dup = table->FindOrInsert(hashes[rng() % hashes.size()], first, &found);
    if (!dup.ok()) return dup.status();
  }
  return Status::Ok();
}

// The fault from the 1st, 2nd, 3rd, 5th, 9th... call: spills, reads and merges fail somewhere.
TEST(SpillFaults, SeenTableReportsEveryFaultNamingTheSpillFolder) {
  ScratchDir dir("spillfault");
  FaultInjectionEnv env(Env::Default());
  {
    SeenTable clean(64 << 10, dir.path(), &env);
    ASSERT_TRUE(Fill(&clean, kInserts).ok());
    ASSERT_GE(clean.runs_written(), 5u);
  }
  for (Fault fault : {Fault::kNoSpace, Fault::kIoError, Fault::kShortWrite}) {
    uint64_t last_fired = 0;
    for (uint64_t nth : {1, 2, 3, 5, 9, 17}) {
      SCOPED_TRACE(std::string(FaultName(fault)) + " at call " + std::to_string(nth));
      SeenTable table(64 << 10, dir.path(), &env);
      env.InjectAt(fault, nth);
      Status s = Fill(&table, kInserts);
      const bool fired = env.fired();
      env.InjectAt(Fault::kNone, 0);
      if (!fired) break;
      last_fired = nth;
      EXPECT_EQ(s.code(), StatusCode::kIoError);
      EXPECT_NE(s.message().find(dir.path()), std::string::npos) << s.message();
      if (fault != Fault::kIoError) {  // a write failed: the message says how much disk it needs
        EXPECT_NE(s.message().find("run.work_dir"), std::string::npos) << s.message();
      }
    }
    EXPECT_GE(last_fired, 2u) << FaultName(fault) << ": the spill file was written to";
  }
}

TEST(SpillFaults, SeenTableWithoutAFolderSaysSoWhenItSpills) {
  SeenTable table(64 << 10, "");
  Status s = Fill(&table, kInserts);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("run.work_dir"), std::string::npos) << s.message();
}

TEST(SpillFaults, IdPoolReportsWriteAndReadFaults) {
  ScratchDir dir("spillfault");
  FaultInjectionEnv env(Env::Default());
  for (Fault fault : {Fault::kNoSpace, Fault::kIoError, Fault::kShortWrite}) {
    SCOPED_TRACE(FaultName(fault));
    IdPool pool(dir.path(), &env);
    const std::string id(1000, 'd');
    env.InjectAt(fault, 2);  // the file is created; its first flush (past 1 MiB) fails
    Status s = Status::Ok();
    for (int i = 0; i < 3000 && s.ok(); ++i) s = pool.Add(id).status();
    env.InjectAt(Fault::kNone, 0);
    EXPECT_FALSE(s.ok());
    EXPECT_NE(s.message().find("document ids in " + dir.path()), std::string::npos) << s.message();
  }
  IdPool pool(dir.path(), &env);
  Result<uint64_t> first = pool.Add("first-id");
  ASSERT_TRUE(first.ok());
  for (int i = 0; i < 2000; ++i) ASSERT_TRUE(pool.Add(std::string(1000, 'x')).ok());  // flushed
  env.InjectAt(Fault::kIoError, 1);
  std::string got;
  Status read = pool.Get(*first, &got);
  env.InjectAt(Fault::kNone, 0);
  EXPECT_EQ(read.code(), StatusCode::kIoError);
  EXPECT_NE(read.message().find(dir.path()), std::string::npos);
  ASSERT_TRUE(pool.Get(*first, &got).ok());
  EXPECT_EQ(got, "first-id");
}

}  // namespace
}  // namespace saring::pipeline
