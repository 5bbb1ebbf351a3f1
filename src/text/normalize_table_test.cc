// Tests of NormalizeText's fast paths against the general path (the whole text through utf8proc
// at once, NormalizeGeneralForTesting): every code point in the contexts that could break the
// chunking, random mixed-script text under every combination of fast paths (each ASCII kernel
// the CPU runs, code point table on or off), and the premise the chunking rests on, checked against
// every canonical decomposition utf8proc knows. normalize_pinned_test.cc pins the outputs
// themselves.
#include <gtest/gtest.h>
#include <utf8proc.h>

#include <random>
#include <string>
#include <vector>

#include "saring/normalize.h"
#include "text/normalize_internal.h"
#include "text/normalize_kernels.h"
#include "text/normalize_test_pieces.h"
#include "text/utf8_codec.h"

namespace saring {
namespace {

std::vector<NormalizeOptions> AllOptions() {
  std::vector<NormalizeOptions> all;
  for (int i = 0; i < 8; ++i) all.push_back({(i & 1) != 0, (i & 2) != 0, (i & 4) != 0});
  return all;
}

std::string Utf8(char32_t cp) {
  char buf[4];
  return std::string(buf, text::EncodeUtf8(cp, buf));
}

// Chooses the fast paths for a test and restores the defaults when it ends.
class FastPaths {
 public:
  FastPaths(const text::AsciiKernel* ascii, bool table) {
    EXPECT_TRUE(text::ForceAsciiKernelForTesting(ascii->name));
    text::SetCodePointTableForTesting(table);
  }
  ~FastPaths() {
    EXPECT_TRUE(text::ForceAsciiKernelForTesting("auto"));
    text::SetCodePointTableForTesting(true);
  }
};

std::string Fast(std::string_view s, const NormalizeOptions& o, const std::string& prefix = "") {
  std::string out = prefix;
  NormalizeText(s, o, &out);
  return out;
}

std::string General(std::string_view s, const NormalizeOptions& o, const std::string& prefix = "") {
  std::string out = prefix;
  text::NormalizeGeneralForTesting(s, o, &out);
  return out;
}

// The chunking cuts text before a code point whose decomposition starts with a starter from
// kCutSafeStarters. That is only sound if no such starter is ever the second element of a
// canonical composition. Every composition pair (s, t) is the canonical decomposition of its
// composite, so t shows up, at a position after the first, in a full canonical decomposition
// (or t itself decomposes and never reaches the composition step). Hangul syllables compose
// algorithmically from leading, vowel and trailing jamo.
TEST(NormalizeTable, CutSafeStartersAreNeverSecondInAComposition) {
  int checked = 0;
  for (char32_t x = 0; x < 0x110000; ++x) {
    if (x >= 0xD800 && x <= 0xDFFF) continue;
    utf8proc_int32_t d[64];
    int boundclass = UTF8PROC_BOUNDCLASS_START;
    const utf8proc_ssize_t n = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(x), d, 64,
                                                       UTF8PROC_DECOMPOSE, &boundclass);
    ASSERT_GE(n, 1);
    ASSERT_LE(n, 64);
    for (utf8proc_ssize_t j = 1; j < n; ++j) {
      if (utf8proc_get_property(d[j])->combining_class != 0) continue;
      ++checked;
      EXPECT_FALSE(text::IsCutSafeStarterForTesting(static_cast<char32_t>(d[j])))
          << std::hex << "U+" << d[j] << " composes after U+" << d[0] << " (in U+"
          << static_cast<uint32_t>(x) << ")";
    }
  }
  EXPECT_GT(checked, 11000);  // Hangul syllables alone
  for (char32_t jamo = 0x1160; jamo <= 0x11FF; ++jamo)
    EXPECT_FALSE(text::IsCutSafeStarterForTesting(jamo));
  EXPECT_TRUE(text::IsCutSafeStarterForTesting(U'a'));
  EXPECT_TRUE(text::IsCutSafeStarterForTesting(0x4E2D));
}

TEST(NormalizeTable, CutPoints) {
  const NormalizeOptions o;
  for (char32_t cp :
       {0xE9, 0x430, 0x3A3, 0x4E2D, 0xAC00, 0x2019, 0xA0, 0xFB01, 0xFF21, 0xFFFD, 0x1F600}) {
    EXPECT_TRUE(text::IsCutPointForTesting(cp, o)) << std::hex << static_cast<uint32_t>(cp);
  }
  // Combining marks (not U+0345: case folding makes it iota, a starter), default-ignorables, a
  // vowel and a trailing jamo (directly and by compatibility), vowel signs that compose with the
  // consonant before them (Sinhala, Tamil), a Thai mark of class 103, a kana voicing mark.
  for (char32_t cp : {0x301, 0x327, 0xAD, 0x200B, 0xFE0F, 0x1161, 0x314F, 0x11A8, 0x0DCF, 0x0BBE,
                      0x0E38, 0x3099}) {
    EXPECT_FALSE(text::IsCutPointForTesting(cp, o)) << std::hex << static_cast<uint32_t>(cp);
  }
}

// Every code point of the BMP (all planes with the default options) in the contexts that matter
// to the chunking: after an ASCII letter, a leading jamo, a Sinhala vowel sign and itself (it
// might compose with them), before a combining mark, a vowel jamo and a Sinhala vowel sign (they
// might compose with it), and before a separator. Pieces are concatenated so that one reference
// call checks many code points; on a mismatch the code point is found and reported.
TEST(NormalizeTable, EveryCodePointMatchesGeneralPath) {
  const auto context = [](char32_t cp) {
    // e c U+0301 c c U+1161 (vowel jamo) U+0DD9 (Sinhala) c U+0DCF (vowel sign) U+1100 (jamo) c NBSP
    const std::string c = Utf8(cp);
    return "e" + c + "\xCC\x81" + c + c + "\xE1\x85\xA1\xE0\xB7\x99" + c +
           "\xE0\xB7\x8F\xE1\x84\x80" + c + "\xC2\xA0";
  };
  for (const NormalizeOptions& o : AllOptions()) {
    const bool default_options = o.fold_case && o.strip_punctuation && !o.fold_digits;
    const char32_t end = default_options ? 0x110000 : 0x10000;
    constexpr char32_t kBatch = 256;
    for (char32_t first = 0; first < end; first += kBatch) {
      std::string s;
      for (char32_t cp = first; cp < first + kBatch; ++cp) {
        if (cp < 0xD800 || cp > 0xDFFF) s += context(cp);
      }
      if (Fast(s, o) == General(s, o)) continue;
      for (char32_t cp = first; cp < first + kBatch; ++cp) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        const std::string one = context(cp);
        ASSERT_EQ(Fast(one, o), General(one, o))
            << std::hex << "U+" << static_cast<uint32_t>(cp) << " options " << o.fold_case
            << o.strip_punctuation << o.fold_digits;
      }
      FAIL() << "batch mismatch not reproduced per code point at U+" << std::hex
             << static_cast<uint32_t>(first);
    }
  }
}

// Pieces of text of every kind the chunking treats differently: the shared ones and more.
const std::vector<std::string>& Pieces() {
  static const std::vector<std::string> pieces = [] {
    std::vector<std::string> all = text::NormalizeTestPieces();
    const std::vector<std::string> more = {
        // ASCII: words, capitals, digits, punctuation, controls, whitespace, CRLF.
        "fox",
        "di",
        "e-mail",
        "x",
        // Accented Latin, precomposed and decomposed; Vietnamese stacks; Turkish dotless i; ß;
        // ligatures.
        "\xC3\x80\xC3\x89\xC3\x8E",
        "\xE1\xBA\xA1\xCC\x82",
        "Stra\xC3\x9F"
        "e",
        "\xEF\xAC\x83",
        "\xC5\x93",
        "\xCC\xA3\xCC\x87",
        "o\xCC\x88\xCC\x81",
        // Greek with final sigma and tonos; Cyrillic.
        "\xCE\xA3\xCE\x8A\xCE\xA3\xCE\xA5\xCE\xA6\xCE\x9F\xCE\xA3",
        "\xCF\x83\xCF\x82",
        "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0",
        "\xD0\x98\xCC\x86",
        // CJK, kana with voicing marks (combined, combining, half-width), full-width forms.
        "\xE6\x97\xA5\xE6\x9C\xAC",
        "\xE3\x81\x8C",
        "\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\x91",
        "\xEF\xBC\x8C",
        "\xE3\x8D\xBF",
        // Hangul: syllables, conjoining jamo L V T, compatibility jamo, half-width jamo.
        "\xED\x95\x9C\xEA\xB5\xAD",
        "\xE1\x86\xA7",
        "\xEF\xBE\xA1",
        "\xEA\xB0\x80\xE1\x86\xA8",
        // Thai (marks of class 0, 103 and 107), Lao, Devanagari with virama and nukta, Arabic,
        // Hebrew.
        "\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5",
        "\xE0\xBA\xA5\xE0\xBA\xB2\xE0\xBA\xA7",
        "\xE0\xA4\x95\xE0\xA4\xBC",
        "\xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\xD8\xA9",
        "\xD9\xA3\xD9\xA4",
        "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",
        // Vowel signs that compose with the consonant before them (Sinhala, Oriya, Tamil,
        // Malayalam).
        "\xE0\xB7\x8F",
        "\xE0\xAD\x87\xE0\xAC\xBE",
        "\xE0\xB5\x86\xE0\xB4\xBE",
        // Separators: NBSP, Unicode spaces, line separator; quotes, dashes, ellipsis; symbols.
        "\xE2\x80\xAF",
        "\xE2\x80\xA8",
        "\xE2\x80\x9C"
        "quoted\xE2\x80\x9D",
        "\xE2\x80\x93",
        "\xC2\xAB",
        "\xE2\x82\xAC"
        "5",
        "\xC2\xA9",
        "\xE2\x84\xA2",
        "x\xC2\xB2",
        "\xE2\x85\xA2",
        "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD",
        // Default-ignorables and format characters: soft hyphen, zero-width space and joiners, BOM,
        // variation selectors, bidi controls; private use.
        "\xE2\x80\x8C",
        "\xE2\x80\xAE",
        "\xCD\x8F",
        // Ill-formed UTF-8: stray continuation, truncated sequences, overlong forms, surrogates,
        // beyond U+10FFFF, invalid lead bytes.
        "\xBF",
        "\xF0\x9F\x98",
        "\xE0\x80\xAF",
        "\xC2",
    };
    all.insert(all.end(), more.begin(), more.end());
    return all;
  }();
  return pieces;
}

// Up to 47 parts; one in five an ASCII run of any length around the block sizes.
std::string RandomText(std::mt19937* rng) {
  return text::GenerateTestText(rng, Pieces(), {48, 5, 72, 4, 3});
}

TEST(NormalizeTable, RandomMixedTextMatchesGeneralPathWithEveryFastPath) {
  std::mt19937 rng(20240611);
  for (const text::AsciiKernel* ascii : text::AvailableAsciiKernels()) {
    for (bool table : {false, true}) {
      const FastPaths fast_paths(ascii, table);
      for (const NormalizeOptions& o : AllOptions()) {
        for (int iter = 0; iter < 600; ++iter) {
          const std::string s = RandomText(&rng);
          const std::string prefix = iter % 4 == 0 ? "kept\n" : "";
          ASSERT_EQ(Fast(s, o, prefix), General(s, o, prefix))
              << "input bytes: " << testing::PrintToString(s) << " ascii " << ascii->name
              << " table " << table;
        }
      }
    }
  }
}

// Long ASCII prose with runs of separators across every block edge, under every ASCII kernel.
TEST(NormalizeTable, AsciiBlocksMatchGeneralPathOnEveryKernel) {
  const std::vector<std::string> pieces = {"the", "Quick", "BROWN", "fox",      "2024", " ",
                                           "  ",  ", ",    ".\r\n", "\r\n\r\n", "--",   "(a)",
                                           "\t",  "x",     "\x7f",  "A1",       "zz"};
  std::mt19937 rng(31337);
  for (const text::AsciiKernel* ascii : text::AvailableAsciiKernels()) {
    const FastPaths fast_paths(ascii, true);
    for (const NormalizeOptions& o : AllOptions()) {
      for (int iter = 0; iter < 800; ++iter) {
        std::string s;
        const int parts = static_cast<int>(rng() % 90);
        for (int k = 0; k < parts; ++k) s += pieces[rng() % pieces.size()];
        const std::string prefix = iter % 3 == 0 ? "x" : "";
        ASSERT_EQ(Fast(s, o, prefix), General(s, o, prefix))
            << "input: " << testing::PrintToString(s) << " ascii " << ascii->name;
      }
    }
  }
}

TEST(NormalizeTable, WideFlagTellsWhetherTheOutputHoldsAByteFromE0) {
  std::mt19937 rng(4711);
  for (int iter = 0; iter < 3000; ++iter) {
    const std::string s = RandomText(&rng);
    std::string out = iter % 2 == 0 ? "\xE4\xB8\xAD" : "";  // earlier output does not count
    const size_t start = out.size();
    bool wide = !(iter % 3 == 0);
    text::NormalizeTextNotingWide(s, NormalizeOptions(), &out, &wide);
    bool expected = false;
    for (size_t i = start; i < out.size(); ++i)
      expected = expected || static_cast<unsigned char>(out[i]) >= 0xE0;
    ASSERT_EQ(wide, expected) << "input bytes: " << testing::PrintToString(s);
  }
}

TEST(NormalizeTable, CpuPathIsReported) {
  // Not an assertion about the machine: every kernel it runs is tested above either way.
  RecordProperty("ascii_kernel", text::ActiveAsciiKernel().name);
}

}  // namespace
}  // namespace saring
