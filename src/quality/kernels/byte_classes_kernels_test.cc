// Every ClassifyText kernel the CPU runs against the scalar one (the specification): the four
// bitmaps, their padding words and the whole-text counts, on random and edge-case text.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "quality/byte_classes.h"
#include "quality/byte_classes_kernels.h"

namespace saring::quality_internal {
namespace {

struct Classified {
  TextCounts counts;
  std::vector<uint64_t> space, high, punct, letter;
};

Classified Classify(ClassifyTextFn fn, const std::string& text) {
  Classified c;
  const size_t words = BitmapWords(text.size());
  // Filled with ones: every word must be written, the padding ones with zeros.
  c.space.assign(words, ~uint64_t{0});
  c.high = c.punct = c.letter = c.space;
  c.counts = fn(reinterpret_cast<const uint8_t*>(text.data()), text.size(), c.space.data(),
                c.high.data(), c.punct.data(), c.letter.data());
  return c;
}

void ExpectKernelsAgree(const std::string& text) {
  const Classified want = Classify(&ClassifyTextScalar, text);
  for (const ByteClassesKernel* kernel : AvailableByteClassesKernels()) {
    const Classified got = Classify(kernel->classify, text);
    const std::string where = std::string(kernel->name) + " " + testing::PrintToString(text);
    ASSERT_EQ(got.space, want.space) << where;
    ASSERT_EQ(got.high, want.high) << where;
    ASSERT_EQ(got.punct, want.punct) << where;
    ASSERT_EQ(got.letter, want.letter) << where;
    ASSERT_EQ(got.counts.newlines, want.counts.newlines) << where;
    ASSERT_EQ(got.counts.hashes, want.counts.hashes) << where;
    ASSERT_EQ(got.counts.braces, want.counts.braces) << where;
    ASSERT_EQ(got.counts.continuation, want.counts.continuation) << where;
    ASSERT_EQ(got.counts.ellipses, want.counts.ellipses) << where;
  }
}

TEST(ByteClassesKernels, ScalarIsAlwaysAvailableAndForcingWorks) {
  const std::vector<const ByteClassesKernel*> kernels = AvailableByteClassesKernels();
  ASSERT_FALSE(kernels.empty());
  EXPECT_STREQ(kernels[0]->name, "scalar");
  EXPECT_FALSE(ForceByteClassesKernelForTesting("neon9"));
  ASSERT_TRUE(ForceByteClassesKernelForTesting("scalar"));
  EXPECT_STREQ(ActiveByteClassesKernel().name, "scalar");
  const std::string text = "a.. b... #{x}\n\xE2\x80\xA6";
  std::vector<uint64_t> space(BitmapWords(text.size())), high = space, punct = space,
                                                         letter = space;
  const TextCounts t = ClassifyText(reinterpret_cast<const uint8_t*>(text.data()), text.size(),
                                    space.data(), high.data(), punct.data(), letter.data());
  EXPECT_EQ(t.ellipses, 2u);  // "..." and U+2026; ".." is none
  EXPECT_EQ(t.newlines, 1u);
  EXPECT_EQ(t.hashes, 1u);
  EXPECT_EQ(t.braces, 1u);
  EXPECT_EQ(t.continuation, 2u);
  ASSERT_TRUE(ForceByteClassesKernelForTesting("auto"));
}

TEST(ByteClassesKernels, EdgeCasesMatchScalar) {
  std::vector<std::string> texts = {""};
  std::string all_bytes;
  for (int c = 0; c < 256; ++c) all_bytes.push_back(static_cast<char>(c));
  texts.push_back(all_bytes);
  for (size_t n : {1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 64 * 63, 64 * 63 + 1, 64 * 70}) {
    texts.push_back(std::string(n, '.'));  // a dot run across blocks and counter flushes
    texts.push_back(std::string(n, '#'));
    texts.push_back(std::string(n, '\n'));
    std::string spaces;  // non-ASCII spaces straddling block edges
    while (spaces.size() < n) spaces += spaces.size() % 3 == 0 ? "\xC2\xA0" : "\xE3\x80\x80";
    texts.push_back(spaces);
  }
  // U+2028-like and U+2026 sequences cut by the end of the text or by a newline.
  for (const char* tail : {"\xE2", "\xE2\x80", "\xE2\x80\xA6", "\xE2\x80\n", "\xC2", "\xE3\x80"}) {
    for (size_t pad : {0, 61, 62, 63, 64}) texts.push_back(std::string(pad, 'a') + tail);
  }
  for (const std::string& t : texts) ASSERT_NO_FATAL_FAILURE(ExpectKernelsAgree(t));
}

TEST(ByteClassesKernels, RandomTextMatchesScalar) {
  const std::vector<std::string> pieces = {"a",
                                           "Z",
                                           "7",
                                           " ",
                                           "\t",
                                           "\n",
                                           ".",
                                           "...",
                                           "#",
                                           "{",
                                           "!",
                                           "\xC2\xA0",
                                           "\xE2\x80\x89",
                                           "\xE2\x80\xA6",
                                           "\xE3\x80\x80",
                                           "\xC3\xA9",
                                           "\xE4\xB8\xAD",
                                           "\x80",
                                           "\xFF"};
  std::mt19937 rng(1207);
  for (int iter = 0; iter < 2000; ++iter) {
    std::string s;
    const size_t parts = rng() % 400;
    for (size_t k = 0; k < parts; ++k) s += pieces[rng() % pieces.size()];
    ASSERT_NO_FATAL_FAILURE(ExpectKernelsAgree(s));
  }
}

}  // namespace
}  // namespace saring::quality_internal
