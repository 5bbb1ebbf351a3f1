// Inputs shared by the Google Benchmark programs: the texts of a JSONL corpus (the one
// ../shared/bench/make-corpus builds, named by SARING_BENCH_CORPUS), or a vocabulary of
// Zipf-distributed random words to generate prose from when there is none.
#ifndef SARING_BENCH_BENCH_CORPUS_H_
#define SARING_BENCH_BENCH_CORPUS_H_

#include <simdjson.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace saring::bench {

// The "text" of each line of the JSONL file `path`, in order, until `max_bytes` of text were read.
// Lines that do not parse or have no string text are skipped.
inline std::vector<std::string> LoadCorpusTexts(const char* path, size_t max_bytes) {
  std::vector<std::string> texts;
  std::ifstream in(path);
  simdjson::ondemand::parser parser;
  size_t bytes = 0;
  for (std::string line; bytes < max_bytes && std::getline(in, line);) {
    simdjson::padded_string padded(line);
    simdjson::ondemand::document doc;
    std::string_view text;
    if (parser.iterate(padded).get(doc) != simdjson::SUCCESS) continue;
    if (doc["text"].get_string().get(text) != simdjson::SUCCESS) continue;
    bytes += text.size();
    texts.emplace_back(text);
  }
  return texts;
}

// 20,000 random lower-case words of 1-12 letters (geometric lengths) drawn with Zipf weights
// (the i-th word has weight 1/(i+1)), as natural text roughly is.
class ZipfWords {
 public:
  explicit ZipfWords(std::mt19937_64* rng) : rng_(rng), vocab_(20000) {
    std::uniform_int_distribution<int> letter('a', 'z');
    std::geometric_distribution<int> extra(0.3);
    for (std::string& w : vocab_) {
      const int len = 1 + std::min(11, extra(*rng_));
      for (int i = 0; i < len; ++i) w.push_back(static_cast<char>(letter(*rng_)));
    }
    std::vector<double> weights(vocab_.size());
    for (size_t i = 0; i < weights.size(); ++i) weights[i] = 1.0 / (static_cast<double>(i) + 1.0);
    zipf_ = std::discrete_distribution<size_t>(weights.begin(), weights.end());
  }

  const std::string& Next() { return vocab_[zipf_(*rng_)]; }

 private:
  std::mt19937_64* rng_;
  std::vector<std::string> vocab_;
  std::discrete_distribution<size_t> zipf_;
};

// SARING_BENCH_MB megabytes (default 32): how much corpus text a benchmark program loads.
inline size_t BudgetBytes() {
  const char* mb = std::getenv("SARING_BENCH_MB");
  const long value = mb != nullptr ? std::atol(mb) : 32;
  return static_cast<size_t>(value > 0 ? value : 32) << 20;
}

// The documents a benchmark program runs over, loaded once: BudgetBytes() of the corpus named by
// SARING_BENCH_CORPUS, or else generate(BudgetBytes()). A program passes the same generator on
// every call.
inline const std::vector<std::string>& ProgramDocs(std::vector<std::string> (*generate)(size_t)) {
  static const std::vector<std::string> docs = [generate] {
    const char* path = std::getenv("SARING_BENCH_CORPUS");
    return path != nullptr ? LoadCorpusTexts(path, BudgetBytes()) : generate(BudgetBytes());
  }();
  return docs;
}

// Bytes of text in `docs`.
inline int64_t TotalBytes(const std::vector<std::string>& docs) {
  int64_t total = 0;
  for (const std::string& d : docs) total += static_cast<int64_t>(d.size());
  return total;
}

}  // namespace saring::bench

#endif  // SARING_BENCH_BENCH_CORPUS_H_
