// Throughput of language identification on its own: LanguageIdentifier::Identify with CLD2 (and
// with fastText lid.176 when the model is installed) over every document, on the whole text and
// on prefixes of it (language.max_bytes; the pipeline's default is 16384). Reports bytes of the
// WHOLE documents per second, so that the figures compare directly with a per-corpus target
// (a prefix run that reads 1 KB of a 3 KB document still counts 3 KB).
//
// Text: up to SARING_BENCH_MB megabytes (default 32) of the "text" fields of the JSONL file named
// by SARING_BENCH_CORPUS, or else documents made of a few English and Indonesian news sentences.
// Compare the CPU column, not wall time, on a shared machine.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench_corpus.h"
#include "saring/language_id.h"

namespace saring {
namespace {

std::vector<std::string> SentenceDocs(size_t total_bytes) {
  static const char* const kSentences[] = {
      "Pemerintah provinsi mengumumkan rencana pembangunan jalan baru di wilayah selatan. ",
      "Warga diminta tetap waspada terhadap cuaca ekstrem selama sepekan ke depan. ",
      "The central bank kept its benchmark rate unchanged for a third consecutive meeting. ",
      "Officials said the new bridge would open to traffic before the end of the year. ",
      "Harga beras di pasar tradisional naik tipis dibandingkan bulan lalu. ",
      "Analysts expect exports to recover as demand from the region improves. ",
  };
  std::vector<std::string> docs;
  size_t bytes = 0, k = 0;
  while (bytes < total_bytes) {
    std::string doc;
    // Each document in one language, as news articles are.
    const size_t first = (k++ % 2 == 0) ? 0 : 2;
    while (doc.size() < 3000) {
      doc += kSentences[first + (doc.size() % 2)];
      doc += kSentences[first == 0 ? 4 : 3];
    }
    bytes += doc.size();
    docs.push_back(std::move(doc));
  }
  return docs;
}

const std::vector<std::string>& Docs() { return bench::ProgramDocs(SentenceDocs); }

int64_t TotalBytes() {
  static const int64_t total = bench::TotalBytes(Docs());
  return total;
}

// state.range(0): bytes of each document identified (0 = all of it).
void Identify(benchmark::State& state, LanguageIdBackend backend) {
  Result<std::unique_ptr<LanguageIdentifier>> id =
      LanguageIdentifier::Create(backend, DefaultFastTextModelPath());
  if (!id.ok()) {
    state.SkipWithError(id.status().ToString().c_str());
    return;
  }
  const size_t limit = state.range(0) > 0 ? static_cast<size_t>(state.range(0)) : SIZE_MAX;
  size_t identified = 0;
  for (auto _ : state) {
    for (const std::string& d : Docs()) {
      std::string_view text(d.data(), std::min(d.size(), limit));
      LanguageGuess g = (*id)->Identify(text);
      identified += g.language != "und";
      benchmark::DoNotOptimize(g.score);
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
  state.counters["identified_share"] =
      static_cast<double>(identified) / static_cast<double>(state.iterations() * Docs().size());
}

void BM_Cld2(benchmark::State& state) { Identify(state, LanguageIdBackend::kCld2); }
BENCHMARK(BM_Cld2)
    ->ArgName("max_bytes")
    ->Arg(0)
    ->Arg(16384)
    ->Arg(2048)
    ->Arg(512)
    ->Unit(benchmark::kMillisecond);

void BM_FastText(benchmark::State& state) { Identify(state, LanguageIdBackend::kFastText); }
BENCHMARK(BM_FastText)->ArgName("max_bytes")->Arg(0)->Arg(16384)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace saring

BENCHMARK_MAIN();
