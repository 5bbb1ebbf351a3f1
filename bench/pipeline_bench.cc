// Micro-benchmarks of the per-document hot path of `saring run`: JSON parsing, normalisation,
// repair and output compression, on the benchmark corpus when SARING_BENCH_CORPUS names a JSONL
// file (../shared/bench/make-corpus builds one), else on generated prose.
//
//   build/bench/pipeline_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "pipeline/record_parser.h"
#include "saring/normalize.h"
#include "saring/repair.h"
#include "saring/shard_writer.h"

namespace {

// JSONL lines (with simdjson padding after the last) and their decoded texts.
struct Corpus {
  std::string jsonl;
  std::vector<std::pair<size_t, size_t>> lines;
  std::vector<std::string> texts;
  size_t text_bytes = 0;
};

std::string GeneratedLine(std::mt19937_64& rng, int i) {
  static const char* const kWords[] = {
      "the",   "council", "approved", "a",      "new",        "budget", "for",
      "roads", "after",   "long",     "debate", "pemerintah", "kota",   "jalan",
      "baru",  "warga",   "pasar",    "harga",  "naik",       "minggu", "ini"};
  std::string text;
  for (int p = 0; p < 8; ++p) {
    for (int w = 0; w < 60; ++w) {
      text += kWords[rng() % (sizeof(kWords) / sizeof(kWords[0]))];
      text += (w % 12 == 11) ? ". " : " ";
    }
    text += "\\n";
  }
  return "{\"id\":\"g" + std::to_string(i) + "\",\"text\":\"" + text + "\",\"metadata\":{}}";
}

const Corpus& GetCorpus() {
  static const Corpus corpus = [] {
    Corpus c;
    const char* path = std::getenv("SARING_BENCH_CORPUS");
    std::vector<std::string> raw;
    if (path) {
      std::ifstream in(path);
      std::string line;
      while (raw.size() < 20000 && std::getline(in, line)) raw.push_back(line);
    }
    if (raw.empty()) {
      std::mt19937_64 rng(42);
      for (int i = 0; i < 2000; ++i) raw.push_back(GeneratedLine(rng, i));
    }
    for (const std::string& l : raw) {
      c.lines.emplace_back(c.jsonl.size(), l.size());
      c.jsonl += l;
      c.jsonl += '\n';
    }
    c.jsonl.append(64, ' ');
    saring::pipeline::RecordParser parser({});
    saring::pipeline::ParsedRecord rec;
    for (auto [b, n] : c.lines) {
      if (parser.Parse(std::string_view(c.jsonl).substr(b, n), &rec) ==
          saring::pipeline::RecordError::kNone) {
        c.texts.emplace_back(rec.text);
        c.text_bytes += rec.text.size();
      }
    }
    return c;
  }();
  return corpus;
}

void BM_ParseRecord(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  saring::pipeline::RecordParser parser({});
  saring::pipeline::ParsedRecord rec;
  for (auto _ : state) {
    for (auto [b, n] : c.lines) {
      benchmark::DoNotOptimize(parser.Parse(std::string_view(c.jsonl).substr(b, n), &rec));
    }
  }
  state.SetBytesProcessed(state.iterations() * (c.jsonl.size() - 64));
}
BENCHMARK(BM_ParseRecord)->Unit(benchmark::kMillisecond);

void BM_Normalize(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  std::string out;
  saring::NormalizeOptions options;
  for (auto _ : state) {
    for (const std::string& t : c.texts) {
      out.clear();
      saring::NormalizeText(t, options, &out);
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * c.text_bytes);
}
BENCHMARK(BM_Normalize)->Unit(benchmark::kMillisecond);

void BM_Repair(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  saring::DocumentRepairer repairer({});
  saring::RepairResult result;
  for (auto _ : state) {
    for (const std::string& t : c.texts) {
      repairer.Repair(t, &result);
      benchmark::DoNotOptimize(result.kept_text.data());
    }
  }
  state.SetBytesProcessed(state.iterations() * c.text_bytes);
}
BENCHMARK(BM_Repair)->Unit(benchmark::kMillisecond);

void BM_CompressFrame(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  std::string_view input(c.jsonl.data(), std::min<size_t>(c.jsonl.size() - 64, 4 << 20));
  std::string out;
  for (auto _ : state) {
    out.clear();
    benchmark::DoNotOptimize(saring::CompressFrame(input, static_cast<int>(state.range(0)), &out));
  }
  state.SetBytesProcessed(state.iterations() * input.size());
}
BENCHMARK(BM_CompressFrame)->Arg(1)->Arg(3)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
