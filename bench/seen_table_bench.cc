// Micro-benchmark of exact dedup's lookup of a new document (SeenTable::FindOrInsert of a hash it
// has not seen) once the table has spilled into several runs, the steady state of a run over
// millions of short documents under dedup.memory_budget: every new hash asks each run's Bloom
// filter (prefetched a few documents ahead, as the decider does).
//
//   build/bench/seen_table_bench --benchmark_counters_tabular=true
// The argument is the number of spilled runs; the spill files go to $TMPDIR (or /tmp).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "pipeline/seen_table.h"

namespace {

using saring::pipeline::FirstSeen;
using saring::pipeline::SeenTable;

// A budget whose table spills every 32,768 distinct hashes (4 MiB: 65,536 slots, load 1/2), and
// whose filters stay below a quarter of it (no merge) up to 16 runs.
constexpr uint64_t kBudget = 4 << 20;
constexpr uint64_t kPerRun = 32768;

std::string SpillDir() {
  const char* tmp = std::getenv("TMPDIR");
  return tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
}

void BM_SeenTableNewHash(benchmark::State& state) {
  const int64_t runs = state.range(0);
  SeenTable table(kBudget, SpillDir());
  std::mt19937_64 rng(7);
  // One more than the runs hold: its insert spills the last run, so the timed inserts below find
  // the table almost empty and do not spill (4 x 4,000 < 32,768).
  for (uint64_t i = 0; i <= static_cast<uint64_t>(runs) * kPerRun; ++i) {
    FirstSeen found;
    if (!table.FindOrInsert(rng(), {i, 0, 0}, &found).ok()) state.SkipWithError("insert failed");
  }
  if (static_cast<int64_t>(table.runs_written()) < runs) state.SkipWithError("too few runs");
  // New hashes, asked for 8 ahead, as the decider asks.
  constexpr size_t kBatch = 4000, kAhead = 8;
  std::vector<uint64_t> hashes(kBatch);
  uint64_t next_id = 0;
  for (auto _ : state) {
    state.PauseTiming();
    for (uint64_t& h : hashes) h = rng();
    state.ResumeTiming();
    for (size_t i = 0; i < kBatch; ++i) {
      if (i + kAhead < kBatch) table.Prefetch(hashes[i + kAhead]);
      FirstSeen found;
      benchmark::DoNotOptimize(table.FindOrInsert(hashes[i], {next_id++, 0, 0}, &found).ok());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBatch));
  state.counters["runs"] = static_cast<double>(table.runs_written());
}
BENCHMARK(BM_SeenTableNewHash)->Arg(1)->Arg(4)->Arg(16)->Iterations(4)->Repetitions(5);

}  // namespace

BENCHMARK_MAIN();
