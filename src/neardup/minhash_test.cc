// Tests of shingling, MinHash signing and the kernels.
#include "saring/minhash.h"

#include <gtest/gtest.h>
#include <xxhash.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "neardup/ascii_words.h"
#include "neardup/minhash_kernels.h"
#include "saring/lsh.h"
#include "util/simd_isa.h"

namespace saring {
namespace {

using neardup_internal::MinHashKernel;

std::vector<uint64_t> Shingles(std::string_view text, uint32_t n, bool chars = false) {
  ShingleScratch scratch;
  std::vector<uint64_t> out;
  ComputeShingles(text, ShingleOptions{n, chars}, &scratch, &out);
  return out;
}

uint64_t Xxh3(std::string_view s, uint64_t seed = 0) {
  return XXH3_64bits_withSeed(s.data(), s.size(), seed);
}

MinHasher MakeHasher(uint32_t k = 112, uint64_t seed = kDefaultMinHashSeed) {
  MinHashOptions o;
  o.num_perm = k;
  o.seed = seed;
  return std::move(MinHasher::Create(o)).value();
}

// Restores automatic kernel choice when a test ends.
class KernelGuard {
 public:
  ~KernelGuard() { EXPECT_TRUE(ForceKernelForTesting("auto").ok()); }
};

TEST(Shingles, WordNgramsHashTheJoinedWords) {
  const std::vector<uint64_t> got = Shingles("the quick brown fox jumps over", 5);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], Xxh3("the quick brown fox jumps"));
  EXPECT_EQ(got[1], Xxh3("quick brown fox jumps over"));
}

TEST(Shingles, AsciiFastPathMatchesSegmentWords) {
  // Random ASCII over an alphabet rich in joiners and separators, across 64-byte blocks.
  std::mt19937_64 rng(11);
  const std::string alphabet = "aZ9'- -'x.Q0 '\t-b";
  for (int trial = 0; trial < 3000; ++trial) {
    std::string text(rng() % 300, ' ');
    for (char& c : text) c = alphabet[rng() % alphabet.size()];
    std::vector<WordSpan> fast, reference;
    ASSERT_TRUE(neardup_internal::SegmentAsciiWords(text, &fast));
    SegmentWords(text, &reference);
    ASSERT_EQ(fast.size(), reference.size()) << text;
    for (size_t i = 0; i < fast.size(); ++i) {
      EXPECT_EQ(fast[i].begin, reference[i].begin) << text;
      EXPECT_EQ(fast[i].end, reference[i].end) << text;
      EXPECT_EQ(fast[i].spaceless_script, reference[i].spaceless_script);
    }
  }
  std::vector<WordSpan> words;
  EXPECT_FALSE(neardup_internal::SegmentAsciiWords(std::string(70, 'a') + "é", &words));
}

TEST(Shingles, SeparatorsBetweenWordsDoNotMatter) {
  // Kept punctuation and repeated spaces give the same shingles as single spaces.
  EXPECT_EQ(Shingles("one, two;  three - four five. six", 3),
            Shingles("one two three four five six", 3));
}

TEST(Shingles, SpacelessScriptRunsFormCharacterNgrams) {
  // Every Han/Kana character is a token; tokens of such runs join without a space.
  const std::vector<uint64_t> got = Shingles("日本語の文章", 3);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0], Xxh3("日本語"));
  EXPECT_EQ(got[3], Xxh3("の文章"));
  // A window crossing from a spaced word into a spaceless run keeps one space there.
  const std::vector<uint64_t> mixed = Shingles("tokyo 東京都", 2);
  ASSERT_EQ(mixed.size(), 3u);
  EXPECT_EQ(mixed[0], Xxh3("tokyo 東"));
  EXPECT_EQ(mixed[1], Xxh3("東京"));
}

TEST(Shingles, CharacterNgramsCountCodePoints) {
  const std::vector<uint64_t> got = Shingles("aé b", 2, /*chars=*/true);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], Xxh3("aé"));
  EXPECT_EQ(got[1], Xxh3("é "));
  EXPECT_EQ(got[2], Xxh3(" b"));
}

TEST(Shingles, ShortDocumentsHashTheWholeTextWithTheirOwnSeed) {
  EXPECT_EQ(Shingles("just three words", 5),
            std::vector<uint64_t>{Xxh3("just three words", kShortDocumentSeed)});
  EXPECT_EQ(Shingles("", 5), std::vector<uint64_t>{Xxh3("", kShortDocumentSeed)});
  EXPECT_EQ(Shingles("abc", 4, /*chars=*/true),
            std::vector<uint64_t>{Xxh3("abc", kShortDocumentSeed)});
  // Exactly n words is a normal document.
  EXPECT_EQ(Shingles("a b c d e", 5), std::vector<uint64_t>{Xxh3("a b c d e")});
}

// Shingles the plain way: every window's joined form built on its own from SegmentWords.
std::vector<uint64_t> ReferenceWordShingles(std::string_view text, size_t n) {
  std::vector<WordSpan> w;
  SegmentWords(text, &w);
  auto joined = [&](size_t first, size_t count) {
    std::string s;
    for (size_t i = first; i < first + count; ++i) {
      if (i > first && !(w[i - 1].spaceless_script && w[i].spaceless_script)) s += ' ';
      s += text.substr(w[i].begin, w[i].end - w[i].begin);
    }
    return s;
  };
  if (w.size() < n) return {Xxh3(joined(0, w.size()), kShortDocumentSeed)};
  std::vector<uint64_t> out;
  for (size_t i = 0; i + n <= w.size(); ++i) out.push_back(Xxh3(joined(i, n)));
  return out;
}

TEST(Shingles, MatchTheWindowByWindowDefinition) {
  // One scratch for texts of every size, so a joined form built for a long text is reused,
  // stale bytes and all, for shorter ones; words longer than a 16-byte copy; words ending at the
  // very end of the text; spaceless-script runs next to spaced words; paragraph breaks.
  std::mt19937_64 rng(29);
  const std::vector<std::string> pieces = {"a",
                                           "berita",
                                           "pemerintahan",
                                           "internasionalisasi",
                                           "ketidakberdayaannya-pun",
                                           "2025",
                                           "東",
                                           "京",
                                           "ไทย",
                                           "é",
                                           " ",
                                           " ",
                                           "  ",
                                           "\n\n",
                                           ", ",
                                           ". ",
                                           "-",
                                           "'"};
  ShingleScratch scratch;
  for (int trial = 0; trial < 2000; ++trial) {
    std::string text;
    const size_t parts = rng() % (trial % 2 ? 12 : 200);
    for (size_t i = 0; i < parts; ++i) text += pieces[rng() % pieces.size()];
    for (size_t n : {1, 3, 5}) {
      std::vector<uint64_t> got;
      ComputeShingles(text, ShingleOptions{static_cast<uint32_t>(n), false}, &scratch, &got);
      ASSERT_EQ(got, ReferenceWordShingles(text, n)) << "n=" << n << " text: " << text;
    }
  }
}

TEST(MinHash, ShortDocumentsOnlyMatchTheSameText) {
  const MinHasher h = MakeHasher();
  SignScratch scratch;
  std::vector<uint32_t> a(112), b(112), c(112), d(112);
  h.Sign("breaking news", &scratch, a.data());
  h.Sign("breaking news", &scratch, b.data());
  h.Sign("weather report", &scratch, c.data());
  h.Sign("breaking news today in the city", &scratch, d.data());  // a long document
  EXPECT_EQ(a, b);
  EXPECT_LT(EstimateJaccard(a.data(), c.data(), 112), 0.05);
  EXPECT_LT(EstimateJaccard(a.data(), d.data(), 112), 0.05);
  for (uint32_t band = 0; band < 14; ++band) {
    EXPECT_NE(BandKey(a.data(), band, 8), BandKey(c.data(), band, 8));
    EXPECT_NE(BandKey(a.data(), band, 8), BandKey(d.data(), band, 8));
  }
}

TEST(MinHash, SignatureIsTheMinimumOfTheHashFamily) {
  const MinHasher h = MakeHasher(16);
  const std::vector<uint64_t> hashes = {0x0123456789abcdefULL, 42, 0xffffffff00000000ULL};
  std::vector<uint32_t> sig(16);
  h.SignShingles(hashes.data(), hashes.size(), sig.data());
  for (uint32_t i = 0; i < 16; ++i) {
    EXPECT_EQ(h.multiplier(i) % 2, 1u);
    uint32_t expected = UINT32_MAX;
    for (uint64_t x : hashes) {
      const uint32_t folded = static_cast<uint32_t>(x) ^ static_cast<uint32_t>(x >> 32);
      expected = std::min(expected, h.multiplier(i) * folded + h.addend(i));
    }
    EXPECT_EQ(sig[i], expected);
  }
}

TEST(MinHash, GoldenSignatureOnEveryKernel) {
  // Fixed text -> fixed values. A change here changes every stored index: bump
  // kMinHashSchemeId and the dedup index version, then update these values.
  const std::string text =
      "the quick brown fox jumps over the lazy dog while the cat sleeps on the warm mat";
  const uint32_t golden[8] = {282662389, 239048025, 72262822,  549138656,
                              471697764, 44132179,  629093190, 21249190};
  KernelGuard guard;
  const MinHasher h = MakeHasher();
  for (std::string_view kernel : AvailableMinHashKernels()) {
    ASSERT_TRUE(ForceKernelForTesting(kernel).ok());
    SignScratch scratch;
    std::vector<uint32_t> sig(112);
    h.Sign(text, &scratch, sig.data());
    for (int i = 0; i < 8; ++i) EXPECT_EQ(sig[i], golden[i]) << kernel << " value " << i;
  }
}

TEST(MinHash, KernelsAreBitIdenticalToScalar) {
  std::mt19937_64 rng(7);
  const MinHasher h = MakeHasher(300, 99);
  std::vector<uint32_t> mul(300), add(300);
  for (uint32_t i = 0; i < 300; ++i) mul[i] = h.multiplier(i), add[i] = h.addend(i);
  const std::vector<MinHashKernel> kernels = {{"avx2", &neardup_internal::MinHashUpdateAvx2},
                                              {"avx512", &neardup_internal::MinHashUpdateAvx512}};
  const std::vector<std::string_view> available = AvailableMinHashKernels();
  int compared = 0;
  for (const MinHashKernel& kernel : kernels) {
    if (std::find(available.begin(), available.end(), kernel.name) == available.end()) continue;
    for (size_t n : {1, 2, 3, 7, 16, 31, 100, 1001}) {
      for (size_t k : {1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100, 112, 127, 128, 129, 200, 300}) {
        std::vector<uint64_t> hashes(n);
        for (uint64_t& x : hashes) x = rng();
        std::vector<uint32_t> expected(k), got(k);
        for (size_t i = 0; i < k; ++i) expected[i] = got[i] = static_cast<uint32_t>(rng());
        neardup_internal::MinHashUpdateScalar(hashes.data(), n, mul.data(), add.data(), k,
                                              expected.data());
        kernel.update(hashes.data(), n, mul.data(), add.data(), k, got.data());
        ASSERT_EQ(got, expected) << kernel.name << " n=" << n << " k=" << k;
        ++compared;
      }
    }
  }
#if SARING_X86_SIMD
  // This test runs on x86-64 CI machines, which all have AVX2 (not in the SARING_PORTABLE build).
  EXPECT_GT(compared, 0);
#endif
}

TEST(MinHash, ForceKernelRejectsUnknownNames) {
  KernelGuard guard;
  EXPECT_EQ(ForceKernelForTesting("sse9").code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(ForceKernelForTesting("scalar").ok());
  EXPECT_EQ(ActiveMinHashKernel(), "scalar");
}

TEST(MinHash, SeedChangesTheFamily) {
  const MinHasher a = MakeHasher(112, 1), b = MakeHasher(112, 2), c = MakeHasher(112, 1);
  EXPECT_EQ(a.multiplier(5), c.multiplier(5));
  EXPECT_NE(a.multiplier(5), b.multiplier(5));
}

TEST(MinHash, CreateRejectsBadOptions) {
  MinHashOptions o;
  o.num_perm = 0;
  EXPECT_EQ(MinHasher::Create(o).status().code(), StatusCode::kInvalidArgument);
  o.num_perm = 112;
  o.shingles.ngram = 0;
  EXPECT_EQ(MinHasher::Create(o).status().code(), StatusCode::kInvalidArgument);
}

TEST(MinHash, ExactJaccard) {
  std::vector<uint64_t> a = {1, 2, 3, 3, 4}, b = {3, 4, 5, 6};
  EXPECT_DOUBLE_EQ(ExactJaccard(&a, &b), 2.0 / 6.0);
  std::vector<uint64_t> e1, e2;
  EXPECT_DOUBLE_EQ(ExactJaccard(&e1, &e2), 1.0);
}

}  // namespace
}  // namespace saring
