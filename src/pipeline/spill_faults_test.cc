// The decider's spill files (the exact-dedup table's runs, the document id pool) with faults
// injected through the Env: a full disk, an I/O error or a short write while spilling or reading
// back must come back as a Status naming the spill folder, never as a crash or a wrong answer.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "pipeline/decider.h"
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

// Runs `op()` with `fault` from the nth call, for each nth of {1, 2, 3, 5, 9, 17} until a run no
// longer reaches the fault; every failure must be an IoError naming `dir`, and mention `hint` for
// a failed write. Returns the last nth that failed.
template <class Op>
uint64_t FailFromCalls(FaultInjectionEnv* env, Fault fault, const std::string& dir,
                       std::string_view hint, Op op) {
  uint64_t last_fired = 0;
  for (uint64_t nth : {1, 2, 3, 5, 9, 17}) {
    SCOPED_TRACE(std::string(FaultName(fault)) + " at call " + std::to_string(nth));
    env->InjectAt(fault, nth);
    Status s = op();
    const bool fired = env->fired();
    env->InjectAt(Fault::kNone, 0);
    if (!fired) break;
    last_fired = nth;
    EXPECT_EQ(s.code(), StatusCode::kIoError);
    EXPECT_NE(s.message().find(dir), std::string::npos) << s.message();
    if (fault != Fault::kIoError) {
      EXPECT_NE(s.message().find(hint), std::string::npos) << s.message();
    }
  }
  return last_fired;
}

// Spills, reads and merges fail somewhere; a failed write says how much disk it needs.
TEST(SpillFaults, SeenTableReportsEveryFaultNamingTheSpillFolder) {
  ScratchDir dir("spillfault");
  FaultInjectionEnv env(Env::Default());
  {
    SeenTable clean(64 << 10, dir.path(), &env);
    ASSERT_TRUE(Fill(&clean, kInserts).ok());
    ASSERT_GE(clean.runs_written(), 5u);
  }
  for (Fault fault : {Fault::kNoSpace, Fault::kIoError, Fault::kShortWrite}) {
    uint64_t last_fired = FailFromCalls(&env, fault, dir.path(), "run.work_dir", [&] {
      SeenTable table(64 << 10, dir.path(), &env);
      return Fill(&table, kInserts);
    });
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

// ---------------------------------------------------------------------------- Decider

constexpr int kBatches = 100;  // 100,000 documents: ids and hashes past the 1 MiB write buffer

// A final pass over `batches` batches of 1000 documents, one in three an exact duplicate of an
// earlier one, with a 64 KiB dedup budget (the table spills). Returns the first error.
Status DecideBatches(Env* env, const std::string& work_dir, int batches, RunStats* stats) {
  RunOptions options;
  options.dedup.exact = true;
  options.dedup.paragraphs = false;
  options.dedup.memory_budget_bytes = 64 << 10;
  options.work_dir = work_dir;
  stats->files.assign(1, FileLedger());
  Decider decider(options, PassKind::kFinal, nullptr, stats, env);
  for (int b = 0; b < batches; ++b) {
    WorkBatch batch;
    batch.seq = static_cast<uint64_t>(b);
    batch.docs.resize(1000);
    for (int i = 0; i < 1000; ++i) {
      DocWork& d = batch.docs[i];
      const uint64_t n = static_cast<uint64_t>(b) * 1000 + static_cast<uint64_t>(i);
      d.fate = DocFate::kKept;
      d.parsed.id = "doc-" + std::to_string(n);
      d.doc_hash = (n % 3 == 2 ? n / 3 : n) * 0x9e3779b97f4a7c15ull + 1;
    }
    SARING_RETURN_IF_ERROR(decider.Decide(&batch));
  }
  return Status::Ok();
}

TEST(SpillFaults, DeciderTurnsEverySpillFaultIntoAStatus) {
  ScratchDir dir("spillfault");
  RunStats clean;
  ASSERT_TRUE(DecideBatches(Env::Default(), dir.path(), kBatches, &clean).ok());
  EXPECT_GT(clean.files[0].counts.removed["exact_duplicate"], 0u);
  FaultInjectionEnv env(Env::Default());
  for (Fault fault : {Fault::kNoSpace, Fault::kIoError, Fault::kShortWrite}) {
    uint64_t last_fired = FailFromCalls(&env, fault, dir.path(), dir.path(), [&] {
      RunStats stats;
      return DecideBatches(&env, dir.path(), kBatches, &stats);
    });
    EXPECT_GE(last_fired, 3u) << FaultName(fault) << ": the spill files were written to";
  }
  RunStats no_folder;
  Status s = DecideBatches(Env::Default(), "", 30, &no_folder);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("run.work_dir"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace saring::pipeline
