// Every ASCII word segmentation kernel the CPU runs against the scalar one, block by block and
// on whole texts (random and edge cases). minhash_test checks SegmentAsciiWords against
// SegmentWords, the definition of a word.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "neardup/ascii_words.h"
#include "neardup/ascii_words_kernels.h"
#include "util/simd_isa.h"

namespace saring::neardup_internal {
namespace {

std::vector<std::pair<uint32_t, uint32_t>> Spans(const std::vector<WordSpan>& words) {
  std::vector<std::pair<uint32_t, uint32_t>> spans;
  for (const WordSpan& w : words) spans.emplace_back(w.begin, w.end);
  return spans;
}

void ExpectKernelsAgree(const std::string& text) {
  std::vector<WordSpan> want;
  const bool want_ok = AsciiWordsKernelScalar().segment(text, &want);
  for (const AsciiWordsKernel* kernel : AvailableAsciiWordsKernels()) {
    std::vector<WordSpan> got;
    ASSERT_EQ(kernel->segment(text, &got), want_ok)
        << kernel->name << " " << testing::PrintToString(text);
    if (want_ok) {
      ASSERT_EQ(Spans(got), Spans(want)) << kernel->name << " " << testing::PrintToString(text);
    }
  }
}

TEST(AsciiWordsKernels, ScalarIsAlwaysAvailableAndForcingWorks) {
  const std::vector<const AsciiWordsKernel*> kernels = AvailableAsciiWordsKernels();
  ASSERT_FALSE(kernels.empty());
  EXPECT_STREQ(kernels[0]->name, "scalar");
  EXPECT_FALSE(ForceAsciiWordsKernelForTesting("avx9"));
  ASSERT_TRUE(ForceAsciiWordsKernelForTesting("scalar"));
  std::vector<WordSpan> words;
  EXPECT_TRUE(SegmentAsciiWords("it's a well-known fact", &words));
  EXPECT_EQ(Spans(words),
            (std::vector<std::pair<uint32_t, uint32_t>>{{0, 4}, {5, 6}, {7, 17}, {18, 22}}));
  ASSERT_TRUE(ForceAsciiWordsKernelForTesting("auto"));
#if SARING_X86_SIMD
  EXPECT_STREQ(ActiveAsciiWordsKernel().name, "sse2");
#endif
}

TEST(AsciiWordsKernels, EveryByteValueClassifiesAsScalar) {
  // Each block holds 64 consecutive byte values, shifted by every offset.
  for (int shift = 0; shift < 256; ++shift) {
    char block[64];
    for (int i = 0; i < 64; ++i) block[i] = static_cast<char>((shift + i * 5) & 0xFF);
    const BlockMasks want = ClassifyAsciiBlockScalar(block);
#if SARING_X86_SIMD
    const BlockMasks got = ClassifyAsciiBlockSse2(block);
    ASSERT_EQ(got.alnum, want.alnum) << shift;
    ASSERT_EQ(got.letter, want.letter) << shift;
    ASSERT_EQ(got.joiner, want.joiner) << shift;
    ASSERT_EQ(got.high, want.high) << shift;
#endif
    for (int i = 0; i < 64; ++i) {
      const auto c = static_cast<unsigned char>(block[i]);
      ASSERT_EQ((want.high >> i) & 1, c >= 0x80 ? 1u : 0u);
      ASSERT_EQ((want.joiner >> i) & 1, c == '\'' || c == '-' ? 1u : 0u);
    }
  }
}

TEST(AsciiWordsKernels, EdgeCasesMatchScalar) {
  std::vector<std::string> texts = {"",    "a",    "'",   "-",   "a'",   "'a",
                                    "a-b", "a--b", "1-2", "a-1", "x'y'z"};
  for (size_t n : {63, 64, 65, 127, 128, 129}) {
    texts.push_back(std::string(n, 'a'));
    texts.push_back(std::string(n, ' '));
    std::string joiners(n, 'b');
    joiners[n / 2] = '\'';
    texts.push_back(joiners);
    joiners[63] = '-';  // a joiner at the last byte of a block, letters on both sides
    texts.push_back(joiners);
    std::string high(n, 'c');
    high[n - 1] = static_cast<char>(0xE9);
    texts.push_back(high);
  }
  for (const std::string& t : texts) ASSERT_NO_FATAL_FAILURE(ExpectKernelsAgree(t));
}

TEST(AsciiWordsKernels, RandomTextMatchesScalar) {
  const std::string alphabet = "abcXYZ019 '-.,\n\t";
  std::mt19937 rng(7122026);
  for (int iter = 0; iter < 3000; ++iter) {
    std::string s(rng() % 300, ' ');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    if (iter % 7 == 0 && !s.empty()) s[rng() % s.size()] = static_cast<char>(0x80 + rng() % 128);
    ASSERT_NO_FATAL_FAILURE(ExpectKernelsAgree(s));
  }
}

}  // namespace
}  // namespace saring::neardup_internal
