// Benchmarks of near-duplicate detection: signing throughput per MinHash kernel (tokenise +
// shingle-hash + MinHash, on normalised text), the kernels alone, and NearDupDetector's
// Add/Finish time and peak memory per document.
//
// Text: the JSONL file named by SARING_BENCH_CORPUS (one {"text": ...} per line), normalised
// with fold_digits as the pipeline does, or else 32 MB of generated English-like prose.
// Memory: run BM_NearDupDetector alone (--benchmark_filter=NearDup) so that peak RSS is its own.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "bench_corpus.h"
#include "saring/minhash.h"
#include "saring/near_dup.h"
#include "saring/normalize.h"

namespace saring {
namespace {

// Generated prose: Zipf-distributed words of 1-12 letters in documents of about 4 KB.
std::vector<std::string> GenerateDocs(size_t total_bytes) {
  std::mt19937_64 rng(12345);
  bench::ZipfWords words(&rng);
  std::vector<std::string> docs;
  for (size_t bytes = 0; bytes < total_bytes;) {
    std::string doc;
    while (doc.size() < 4096) {
      if (!doc.empty()) doc.push_back(' ');
      doc += words.Next();
    }
    bytes += doc.size();
    docs.push_back(std::move(doc));
  }
  return docs;
}

// The corpus texts, normalised as the pipeline gives them to the near-dup stage.
std::vector<std::string> LoadCorpus(const char* path) {
  NormalizeOptions options;
  options.fold_digits = true;
  std::vector<std::string> docs = bench::LoadCorpusTexts(path, SIZE_MAX);
  for (std::string& d : docs) {
    std::string normalized;
    NormalizeText(d, options, &normalized);
    d = std::move(normalized);
  }
  return docs;
}

const std::vector<std::string>& Docs() {
  static const std::vector<std::string> docs = [] {
    const char* path = std::getenv("SARING_BENCH_CORPUS");
    return path != nullptr ? LoadCorpus(path) : GenerateDocs(size_t{32} << 20);
  }();
  return docs;
}

void BM_Sign(benchmark::State& state, const char* kernel) {
  if (!ForceKernelForTesting(kernel).ok()) {
    state.SkipWithError("kernel not supported on this CPU");
    return;
  }
  const std::vector<std::string>& docs = Docs();
  const MinHasher hasher = std::move(MinHasher::Create(MinHashOptions{})).value();
  SignScratch scratch;
  std::vector<uint32_t> sig(hasher.num_perm());
  for (auto _ : state) {
    for (const std::string& d : docs) hasher.Sign(d, &scratch, sig.data());
    benchmark::DoNotOptimize(sig.data());
  }
  state.SetBytesProcessed(state.iterations() * bench::TotalBytes(docs));
  (void)ForceKernelForTesting("auto");
}
BENCHMARK_CAPTURE(BM_Sign, scalar, "scalar")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Sign, avx2, "avx2")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Sign, avx512, "avx512")->Unit(benchmark::kMillisecond);

// Tokenising and shingle hashing alone (the part every kernel shares).
void BM_Shingles(benchmark::State& state) {
  const std::vector<std::string>& docs = Docs();
  ShingleScratch scratch;
  std::vector<uint64_t> hashes;
  for (auto _ : state) {
    for (const std::string& d : docs) {
      hashes.clear();
      ComputeShingles(d, ShingleOptions{}, &scratch, &hashes);
    }
    benchmark::DoNotOptimize(hashes.data());
  }
  state.SetBytesProcessed(state.iterations() * bench::TotalBytes(docs));
}
BENCHMARK(BM_Shingles)->Unit(benchmark::kMillisecond);

// The MinHash kernel alone on 1000 random shingle hashes; items = shingles.
void BM_Kernel(benchmark::State& state, const char* kernel) {
  if (!ForceKernelForTesting(kernel).ok()) {
    state.SkipWithError("kernel not supported on this CPU");
    return;
  }
  const MinHasher hasher = std::move(MinHasher::Create(MinHashOptions{})).value();
  std::mt19937_64 rng(1);
  std::vector<uint64_t> hashes(1000);
  for (uint64_t& h : hashes) h = rng();
  std::vector<uint32_t> sig(hasher.num_perm());
  for (auto _ : state) {
    hasher.SignShingles(hashes.data(), hashes.size(), sig.data());
    benchmark::DoNotOptimize(sig.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(hashes.size()));
  (void)ForceKernelForTesting("auto");
}
BENCHMARK_CAPTURE(BM_Kernel, scalar, "scalar");
BENCHMARK_CAPTURE(BM_Kernel, avx2, "avx2");
BENCHMARK_CAPTURE(BM_Kernel, avx512, "avx512");

// Add + Finish of range(0) documents with random signatures, every 10th a near copy (100 of
// 112 values kept) of a random earlier one; memory budget range(1) MiB. Reports peak RSS.
void BM_NearDupDetector(benchmark::State& state) {
  const uint64_t n = static_cast<uint64_t>(state.range(0));
  NearDupOptions options;
  options.memory_budget_bytes = static_cast<uint64_t>(state.range(1)) << 20;
  if (const char* dir = std::getenv("SARING_BENCH_WORKDIR")) options.work_dir = dir;
  uint64_t removed = 0;
  for (auto _ : state) {
    auto detector = std::move(NearDupDetector::Create(options)).value();
    std::mt19937_64 rng(3);
    std::vector<uint32_t> sig(112);
    for (uint64_t i = 0; i < n; ++i) {
      if (i % 10 == 9) {
        // Re-derive an earlier random signature from its seed rather than storing it.
        std::mt19937_64 old(1000003 * (rng() % i) + 17);
        for (uint32_t& v : sig) v = static_cast<uint32_t>(old());
        for (int j = 0; j < 12; ++j) sig[rng() % 112] = static_cast<uint32_t>(rng());
      } else {
        std::mt19937_64 fresh(1000003 * i + 17);
        for (uint32_t& v : sig) v = static_cast<uint32_t>(fresh());
      }
      if (!detector->Add(i, sig.data(), 1000, 0).ok()) state.SkipWithError("Add failed");
    }
    if (!detector->Finish().ok()) state.SkipWithError("Finish failed");
    removed = detector->stats().removed;
    state.counters["spill_runs"] = static_cast<double>(detector->stats().spill_runs);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["removed"] = static_cast<double>(removed);
  state.counters["peak_rss_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
  state.counters["bytes_per_doc"] = static_cast<double>(usage.ru_maxrss) * 1024.0 / n;
}
BENCHMARK(BM_NearDupDetector)
    ->Args({100000, 1024})
    ->Args({1000000, 64})
    ->Args({1000000, 1024})
    ->Args({10000000, 1024})
    ->Unit(benchmark::kSecond)
    ->Iterations(1);

}  // namespace
}  // namespace saring

BENCHMARK_MAIN();
