// Benchmarks of the per-document text stages: NormalizeText, SegmentWords, DocumentRepairer::Repair
// (all rules, and without the containment rule), SignalComputer::Compute and
// BoilerplateMatcher::FindLines. Every benchmark reports bytes of raw document text per second.
//
// Text: up to SARING_BENCH_MB megabytes (default 32) of the "text" fields of the JSONL file named
// by SARING_BENCH_CORPUS, or else generated English-like prose with punctuation, capitals,
// digits, paragraphs and a few repeated paragraphs. Compare the CPU column, not wall time, on a
// shared machine.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "bench_corpus.h"
#include "saring/boilerplate.h"
#include "saring/normalize.h"
#include "saring/quality.h"
#include "saring/repair.h"
#include "saring/stopwords.h"
#include "saring/words.h"

namespace saring {
namespace {

// Generated prose: Zipf-distributed words, capitalised sentences with commas and full stops,
// some numbers, paragraphs of 2-6 sentences separated by blank lines, and now and then a
// paragraph repeated from earlier in the document (so that repair has work to do).
std::vector<std::string> GenerateDocs(size_t total_bytes) {
  std::mt19937_64 rng(12345);
  bench::ZipfWords vocabulary(&rng);
  std::uniform_int_distribution<int> percent(0, 99);
  std::vector<std::string> docs;
  for (size_t bytes = 0; bytes < total_bytes;) {
    std::string doc;
    std::vector<std::string> paragraphs;
    while (doc.size() < 4096) {
      std::string para;
      if (!paragraphs.empty() && percent(rng) < 5) {
        para = paragraphs[rng() % paragraphs.size()];
      } else {
        const int sentences = 2 + static_cast<int>(rng() % 5);
        for (int s = 0; s < sentences; ++s) {
          const int words = 6 + static_cast<int>(rng() % 18);
          for (int w = 0; w < words; ++w) {
            std::string word = percent(rng) < 3 ? std::to_string(rng() % 10000) : vocabulary.Next();
            if (w == 0)
              word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
            if (!para.empty()) para.push_back(' ');
            para += word;
            if (w + 1 < words && percent(rng) < 8) para.push_back(',');
          }
          para.push_back('.');
        }
      }
      if (!doc.empty()) doc += "\n\n";
      doc += para;
      paragraphs.push_back(std::move(para));
    }
    bytes += doc.size();
    docs.push_back(std::move(doc));
  }
  return docs;
}

const std::vector<std::string>& Docs() { return bench::ProgramDocs(GenerateDocs); }

int64_t TotalBytes() {
  static const int64_t total = bench::TotalBytes(Docs());
  return total;
}

// Runs body(doc) over every document per iteration and reports raw text bytes per second.
template <class Body>
void RunOverDocs(benchmark::State& state, Body body) {
  const std::vector<std::string>& docs = Docs();
  for (auto _ : state) {
    for (const std::string& d : docs) body(d);
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}

void BM_NormalizeText(benchmark::State& state) {
  NormalizeOptions options;
  options.fold_digits = state.range(0) != 0;
  std::string out;
  RunOverDocs(state, [&](const std::string& d) {
    out.clear();
    NormalizeText(d, options, &out);
    benchmark::DoNotOptimize(out.data());
  });
}
BENCHMARK(BM_NormalizeText)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_SegmentWords(benchmark::State& state) {
  std::vector<WordSpan> words;
  RunOverDocs(state, [&](const std::string& d) {
    words.clear();
    SegmentWords(d, &words);
    benchmark::DoNotOptimize(words.data());
  });
}
BENCHMARK(BM_SegmentWords)->Unit(benchmark::kMillisecond);

void BM_Repair(benchmark::State& state) {
  RepairOptions options;
  options.remove_contained = state.range(0) != 0;
  DocumentRepairer repairer(options);
  RepairResult result;
  size_t removed = 0;
  RunOverDocs(state, [&](const std::string& d) {
    repairer.Repair(d, &result);
    removed += result.removed.size();
  });
  state.counters["removed_per_iter"] =
      static_cast<double>(removed) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_Repair)->ArgName("contained")->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

void BM_SignalCompute(benchmark::State& state) {
  SignalComputer computer;
  QualitySignals signals;
  const StopWords* english = StopWords::BuiltIn("en");
  RunOverDocs(state, [&](const std::string& d) {
    computer.Compute(d, english, &signals);
    benchmark::DoNotOptimize(signals.num_words);
  });
}
BENCHMARK(BM_SignalCompute)->Unit(benchmark::kMillisecond);

// As BM_SignalCompute, with the English and Indonesian stop-word lists on alternate documents, as
// in a corpus of both languages (the computer caches stop-word status per built-in list).
void BM_SignalComputeMixedLists(benchmark::State& state) {
  SignalComputer computer;
  QualitySignals signals;
  const StopWords* lists[2] = {StopWords::BuiltIn("en"), StopWords::BuiltIn("id")};
  size_t doc = 0;
  RunOverDocs(state, [&](const std::string& d) {
    computer.Compute(d, lists[doc++ % 2], &signals);
    benchmark::DoNotOptimize(signals.num_words);
  });
}
BENCHMARK(BM_SignalComputeMixedLists)->Unit(benchmark::kMillisecond);

// Documents are spread over eight sources; the model is learned from the benchmark corpus itself.
std::string_view SourceOf(size_t doc_index) {
  static const std::string kSources[8] = {"a.example", "b.example", "c.example", "d.example",
                                          "e.example", "f.example", "g.example", "h.example"};
  return kSources[doc_index % 8];
}

void BM_BoilerplateFindLines(benchmark::State& state) {
  const std::vector<std::string>& docs = Docs();
  BoilerplateLearner learner;
  for (size_t i = 0; i < docs.size(); ++i) learner.AddDocument(SourceOf(i), docs[i]);
  const BoilerplateModel model = std::move(learner).Finish();
  BoilerplateMatcher matcher(&model);
  std::vector<BoilerplateLine> lines;
  size_t found = 0;
  for (auto _ : state) {
    for (size_t i = 0; i < docs.size(); ++i) {
      matcher.FindLines(SourceOf(i), docs[i], &lines);
      found += lines.size();
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
  state.counters["lines_per_iter"] =
      static_cast<double>(found) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_BoilerplateFindLines)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace saring

BENCHMARK_MAIN();
