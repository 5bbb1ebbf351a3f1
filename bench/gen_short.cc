// gen_short: writes N short JSONL documents into K files, fast enough for the memory benchmark's
// 50 million documents (bench/memory_bench.sh).
//
//   gen_short OUT_PREFIX N K     -> OUT_PREFIX-0.jsonl ... OUT_PREFIX-(K-1).jsonl
//
// It mirrors the corpus of ../shared/bench/gen-short.py (the shape, not the bytes: the random
// numbers differ): a vocabulary of 60,000 words of 2-9 random lower-case letters; each document
// is, with probability 0.08, an exact copy of a recent original, with probability 0.04 a recent
// original with one word replaced by a vocabulary word, and otherwise a new original of 12-40
// vocabulary words. "Recent" holds the last 50,000-100,000 originals (the oldest half is dropped
// when it passes 100,000). Document i goes to file i*K/N and has id "d<i>". The output depends
// only on N and K (fixed seed). On 100,000 documents both generators give the same duplicate
// rates (measured in docs/distributed.md).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

// xoshiro256** seeded through splitmix64: small, fast and the same on every platform.
class Random {
 public:
  explicit Random(uint64_t seed) {
    for (uint64_t& s : s_) {
      seed += 0x9e3779b97f4a7c15ULL;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      s = z ^ (z >> 31);
    }
  }
  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n) (n > 0; the bias of a 64-bit modulus is negligible here).
  uint64_t Below(uint64_t n) { return Next() % n; }
  // Uniform in [lo, hi].
  uint64_t Between(uint64_t lo, uint64_t hi) { return lo + Below(hi - lo + 1); }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

constexpr size_t kVocabulary = 60000;
constexpr size_t kRecentMax = 100000;  // past it, the oldest kRecentMax / 2 originals are dropped

// Replaces the `which`-th space-separated word of `text` with `word`.
std::string ReplaceWord(const std::string& text, size_t which, const std::string& word) {
  size_t begin = 0;
  for (size_t w = 0; w < which; ++w) begin = text.find(' ', begin) + 1;
  size_t end = text.find(' ', begin);
  if (end == std::string::npos) end = text.size();
  std::string out = text;
  out.replace(begin, end - begin, word);
  return out;
}

size_t WordCount(const std::string& text) {
  size_t n = 1;
  for (char c : text) n += c == ' ';
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: gen_short OUT_PREFIX N K\n");
    return 2;
  }
  const std::string prefix = argv[1];
  const uint64_t n = std::strtoull(argv[2], nullptr, 10);
  const uint64_t k = std::strtoull(argv[3], nullptr, 10);
  if (n == 0 || k == 0) {
    std::fprintf(stderr, "gen_short: N and K must be positive\n");
    return 2;
  }
  Random rng(7);
  std::vector<std::string> vocab(kVocabulary);
  for (std::string& w : vocab) {
    w.resize(rng.Between(2, 9));
    for (char& c : w) c = static_cast<char>('a' + rng.Below(26));
  }
  std::vector<std::FILE*> outs(k);
  std::vector<std::vector<char>> buffers(k, std::vector<char>(1 << 20));
  for (uint64_t f = 0; f < k; ++f) {
    const std::string path = prefix + "-" + std::to_string(f) + ".jsonl";
    outs[f] = std::fopen(path.c_str(), "w");
    if (!outs[f]) {
      std::perror(path.c_str());
      return 1;
    }
    std::setvbuf(outs[f], buffers[f].data(), _IOFBF, buffers[f].size());
  }
  std::vector<std::string> recent;
  std::string text, line;
  for (uint64_t i = 0; i < n; ++i) {
    const double r = rng.Unit();
    if (r < 0.08 && !recent.empty()) {
      text = recent[rng.Below(recent.size())];
    } else if (r < 0.12 && !recent.empty()) {
      const std::string& original = recent[rng.Below(recent.size())];
      const size_t which = rng.Below(WordCount(original));
      text = ReplaceWord(original, which, vocab[rng.Below(kVocabulary)]);
    } else {
      text.clear();
      const uint64_t words = rng.Between(12, 40);
      for (uint64_t w = 0; w < words; ++w) {
        if (w) text.push_back(' ');
        text += vocab[rng.Below(kVocabulary)];
      }
      recent.push_back(text);
      if (recent.size() > kRecentMax) recent.erase(recent.begin(), recent.begin() + kRecentMax / 2);
    }
    line = "{\"id\":\"d" + std::to_string(i) + "\",\"text\":\"" + text + "\"}\n";
    std::FILE* out = outs[i * k / n];
    if (std::fwrite(line.data(), 1, line.size(), out) != line.size()) {
      std::perror(prefix.c_str());
      return 1;
    }
  }
  for (uint64_t f = 0; f < k; ++f) {
    if (std::fclose(outs[f]) != 0) {
      std::perror(prefix.c_str());
      return 1;
    }
  }
  return 0;
}
