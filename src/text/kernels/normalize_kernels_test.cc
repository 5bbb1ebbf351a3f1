// Every ASCII normalisation kernel the CPU runs against the scalar one (the specification), called
// as normalize.cc calls them: on random and edge-case ASCII text, from every cursor state, from
// every start offset, and stopping at a non-ASCII byte. normalize_table_test.cc checks the whole
// NormalizeText against utf8proc under each kernel.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "text/normalize_kernels.h"

namespace saring::text {
namespace {

struct Result {
  std::string out;
  bool emitted = false;
  bool pending = false;
  AsciiStop stop = {0, 0};
  bool operator==(const Result& o) const {
    return out == o.out && emitted == o.emitted && pending == o.pending;
  }
};

// Normalises the ASCII run of text[from, n) as normalize.cc does: blocks, then the bytes after
// the last block up to the end of the run, or up to the byte before a non-ASCII one (which would
// go to the general path with it).
Result RunKernel(const AsciiOps& ops, std::string_view text, size_t from, bool emitted,
                 bool pending) {
  std::string buffer(text.size() + kAsciiSlack + 1, '\0');
  Cursor c{buffer.data(), emitted, pending};
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  Result r;
  r.stop = ops.blocks(s, from, text.size(), &c);
  const size_t end = r.stop.ascii_end == text.size() || r.stop.ascii_end == from
                         ? r.stop.ascii_end
                         : r.stop.ascii_end - 1;
  ops.partial(s, r.stop.blocks_end, end, &c);
  r.out.assign(buffer.data(), static_cast<size_t>(c.p - buffer.data()));
  r.emitted = c.emitted;
  r.pending = c.pending;
  return r;
}

std::string Describe(std::string_view text, size_t from, bool emitted, bool pending) {
  return testing::PrintToString(std::string(text)) + " from " + std::to_string(from) + " emitted " +
         std::to_string(emitted) + " pending " + std::to_string(pending);
}

// Checks every kernel against the scalar one on text, from every cursor state and a few offsets.
void ExpectKernelsAgree(std::string_view text) {
  const AsciiKernel& scalar = AsciiKernelScalar();
  const std::vector<size_t> froms = {0, 1, 7, 15, 16, 31, 33};
  for (const AsciiKernel* kernel : AvailableAsciiKernels()) {
    for (int option = 0; option < 8; ++option) {
      for (size_t from : froms) {
        if (from > text.size()) continue;
        for (int state = 0; state < 3; ++state) {  // (emitted, pending): no pending before content
          const bool emitted = state != 0, pending = state == 2;
          const Result want = RunKernel(scalar.ops[option], text, from, emitted, pending);
          const Result got = RunKernel(kernel->ops[option], text, from, emitted, pending);
          ASSERT_EQ(got.stop.ascii_end, want.stop.ascii_end)
              << kernel->name << " " << Describe(text, from, emitted, pending);
          if (got.stop.ascii_end != from && got.stop.ascii_end != text.size()) {
            ASSERT_LT(got.stop.blocks_end, got.stop.ascii_end) << kernel->name;
          }
          ASSERT_EQ(got.out, want.out) << kernel->name << " option " << option << " "
                                       << Describe(text, from, emitted, pending);
          ASSERT_EQ(got.emitted, want.emitted)
              << kernel->name << " " << Describe(text, from, emitted, pending);
          ASSERT_EQ(got.pending, want.pending)
              << kernel->name << " " << Describe(text, from, emitted, pending);
        }
      }
    }
  }
}

TEST(NormalizeKernels, ScalarIsAlwaysAvailableAndActiveIsOneOfThem) {
  const std::vector<const AsciiKernel*> kernels = AvailableAsciiKernels();
  ASSERT_FALSE(kernels.empty());
  EXPECT_STREQ(kernels[0]->name, "scalar");
  bool found = false;
  for (const AsciiKernel* k : kernels) found = found || k == &ActiveAsciiKernel();
  EXPECT_TRUE(found);
  EXPECT_FALSE(ForceAsciiKernelForTesting("sse9"));
  ASSERT_TRUE(ForceAsciiKernelForTesting("scalar"));
  EXPECT_STREQ(ActiveAsciiKernel().name, "scalar");
  ASSERT_TRUE(ForceAsciiKernelForTesting("auto"));
}

TEST(NormalizeKernels, ScalarMapsBytesBySpecification) {
  // fold_case + strip_punctuation + fold_digits: "Ab, 12!" -> "ab 00".
  const Result r = RunKernel(AsciiKernelScalar().ops[AsciiOptionIndex(true, true, true)],
                             "  Ab, 12! ", 0, false, false);
  EXPECT_EQ(r.out, "ab 00");
  EXPECT_TRUE(r.pending);
  const Result keep = RunKernel(AsciiKernelScalar().ops[0],
                                "A\tb\x7f"
                                "c",
                                0, false, false);
  EXPECT_EQ(keep.out, "A b c");
}

TEST(NormalizeKernels, EdgeCasesMatchScalar) {
  std::vector<std::string> texts = {""};
  for (size_t n = 1; n <= 100; ++n) {
    texts.push_back(std::string(n, ' '));
    texts.push_back(std::string(n, 'a'));
    texts.push_back(std::string(n, 'Z'));
    std::string alternating, pairs, digits;
    for (size_t i = 0; i < n; ++i) {
      alternating.push_back(i % 2 == 0 ? 'a' : ' ');
      pairs.push_back(i % 4 < 2 ? 'x' : '\n');
      digits.push_back(static_cast<char>('0' + i % 10));
    }
    texts.push_back(alternating);
    texts.push_back(pairs);
    texts.push_back(digits);
  }
  std::string all_bytes;  // every ASCII byte, twice, in two orders
  for (int c = 0; c < 128; ++c) all_bytes.push_back(static_cast<char>(c));
  for (int c = 127; c >= 0; --c) all_bytes.push_back(static_cast<char>(c));
  texts.push_back(all_bytes);
  // A separator run and a word across each block edge, and a non-ASCII byte at each position.
  for (size_t edge : {8, 15, 16, 17, 31, 32, 33, 47, 48, 64}) {
    std::string s(80, 'w');
    for (size_t i = edge - 2; i < edge + 2; ++i) s[i] = ' ';
    texts.push_back(s);
    std::string high = std::string(80, 'q');
    high[edge] = static_cast<char>(0xC3);
    texts.push_back(high);
    high[edge - 1] = ' ';
    texts.push_back(high);
  }
  for (const std::string& t : texts) ASSERT_NO_FATAL_FAILURE(ExpectKernelsAgree(t));
}

TEST(NormalizeKernels, RandomTextMatchesScalar) {
  const std::string alphabet =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \t\n\r.,;:!?-'\"()";
  std::mt19937 rng(20261207);
  for (int iter = 0; iter < 1500; ++iter) {
    std::string s(rng() % 200, ' ');
    const uint32_t space_weight = rng() % 8;  // from dense words to long separator runs
    for (char& c : s) {
      c = rng() % 8 < space_weight ? ' ' : alphabet[rng() % alphabet.size()];
      if (rng() % 64 == 0) c = static_cast<char>(rng() % 128);
    }
    if (iter % 5 == 0 && !s.empty()) s[rng() % s.size()] = static_cast<char>(0x80 + rng() % 128);
    ASSERT_NO_FATAL_FAILURE(ExpectKernelsAgree(s));
  }
}

}  // namespace
}  // namespace saring::text
