// Substring dedup's own cost on the benchmark corpus (SARING_BENCH_CORPUS, first
// SARING_BENCH_MB megabytes of text, default 100), beside a suffix array of the same bytes built
// with Debian's libdivsufsort when it is installed:
//   SubstringKeys   word segmentation, word keys and window hashes (the parallel part)
//   SubstringFind   collect (occurrence filter), find, verify (the sequential part and Finish on
//                   1 thread)
//   DivSufSort      divsufsort over the concatenated texts (a suffix array alone, no repeats)
// Bytes processed are bytes of text. Work files go to SARING_BENCH_WORKDIR (default /tmp).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "bench_corpus.h"
#include "pipeline/substring_finder.h"
#include "pipeline/substring_keys.h"

#ifdef SARING_HAVE_DIVSUFSORT
#include <divsufsort.h>
#endif

namespace saring::pipeline {
namespace {

constexpr uint32_t kMinWords = 40;

const std::vector<std::string>& Texts() {
  static const std::vector<std::string> texts = [] {
    const char* path = std::getenv("SARING_BENCH_CORPUS");
    const char* mb = std::getenv("SARING_BENCH_MB");
    size_t max_bytes = (mb ? std::strtoull(mb, nullptr, 10) : 100) << 20;
    if (path != nullptr) return bench::LoadCorpusTexts(path, max_bytes);
    return std::vector<std::string>();
  }();
  return texts;
}

int64_t TextBytes() {
  int64_t n = 0;
  for (const std::string& t : Texts()) n += static_cast<int64_t>(t.size());
  return n;
}

void SubstringKeys(benchmark::State& state) {
  if (Texts().empty()) {
    state.SkipWithError("set SARING_BENCH_CORPUS to a JSONL corpus");
    return;
  }
  std::vector<WordSpan> words;
  std::vector<uint64_t> keys, windows;
  std::string scratch;
  for (auto _ : state) {
    for (const std::string& t : Texts()) {
      ComputeWordKeys(t, &words, &keys, &scratch);
      ComputeWindowHashes(keys.data(), keys.size(), kMinWords, &windows);
      benchmark::DoNotOptimize(windows.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * TextBytes());
}
BENCHMARK(SubstringKeys)->Unit(benchmark::kMillisecond);

void SubstringFind(benchmark::State& state) {
  if (Texts().empty()) {
    state.SkipWithError("set SARING_BENCH_CORPUS to a JSONL corpus");
    return;
  }
  std::vector<std::vector<uint64_t>> keys, windows;
  std::vector<WordSpan> words;
  std::string scratch;
  uint64_t word_count = 0;
  for (const std::string& t : Texts()) {
    ComputeWordKeys(t, &words, &keys.emplace_back(), &scratch);
    ComputeWindowHashes(keys.back().data(), keys.back().size(), kMinWords, &windows.emplace_back());
    word_count += keys.back().size();
  }
  const char* dir = std::getenv("SARING_BENCH_WORKDIR");
  SubstringFinder::Stats stats;
  for (auto _ : state) {
    SubstringFinderOptions options;
    options.min_words = kMinWords;
    options.memory_budget = static_cast<uint64_t>(state.range(0)) << 20;
    options.work_dir = dir ? dir : "";
    auto finder = SubstringFinder::Create(options);
    if (!finder.ok()) {  // e.g. no work folder: set SARING_BENCH_WORKDIR
      state.SkipWithError(finder.status().ToString().c_str());
      return;
    }
    for (size_t i = 0; i < keys.size(); ++i) {
      if (!(*finder)->AddDocument(keys[i].data(), keys[i].size(), windows[i].data()).ok()) {
        state.SkipWithError("AddDocument failed");
        return;
      }
    }
    if (!(*finder)->Finish(1).ok()) {
      state.SkipWithError("Finish failed");
      return;
    }
    stats = (*finder)->stats();
  }
  state.SetBytesProcessed(state.iterations() * TextBytes());
  state.counters["words"] = static_cast<double>(word_count);
  state.counters["candidates"] = static_cast<double>(stats.candidates);
  state.counters["verified"] = static_cast<double>(stats.verified);
  state.counters["kept_windows"] = static_cast<double>(stats.kept_windows);  // past the filter
  state.counters["spilled_MB"] = static_cast<double>(stats.spilled_bytes) / 1e6;
}
BENCHMARK(SubstringFind)->Arg(128)->Arg(1024)->Unit(benchmark::kMillisecond);

#ifdef SARING_HAVE_DIVSUFSORT
void DivSufSort(benchmark::State& state) {
  std::string all;
  for (const std::string& t : Texts()) all += t;
  if (all.empty()) {
    state.SkipWithError("set SARING_BENCH_CORPUS to a JSONL corpus");
    return;
  }
  std::vector<saidx_t> sa(all.size());
  for (auto _ : state) {
    divsufsort(reinterpret_cast<const sauchar_t*>(all.data()), sa.data(),
               static_cast<saidx_t>(all.size()));
    benchmark::DoNotOptimize(sa.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(all.size()));
}
BENCHMARK(DivSufSort)->Unit(benchmark::kMillisecond);
#endif

}  // namespace
}  // namespace saring::pipeline

BENCHMARK_MAIN();
