// Tests for NormalizeText and IsValidUtf8, including the differential test of the ASCII fast path
// (and chunking) against the whole-text utf8proc reference.
#include "saring/normalize.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "text/normalize_internal.h"

namespace saring {
namespace {

std::string Norm(std::string_view s, NormalizeOptions o = {}) {
  std::string out;
  NormalizeText(s, o, &out);
  return out;
}

TEST(NormalizeText, AsciiCasePunctuationAndWhitespace) {
  EXPECT_EQ(Norm("Hello,   World!!! -- ok?"), "hello world ok");
  EXPECT_EQ(Norm("  ...Hi...  "), "hi");
  EXPECT_EQ(Norm("a\tb\r\nc\x01"
                 "d\x7f"
                 "e"),
            "a b c d e");
  EXPECT_EQ(Norm(""), "");
  EXPECT_EQ(Norm(" \t!?\n"), "");
  EXPECT_EQ(Norm("(30/8)"), "30 8");
}

TEST(NormalizeText, OptionsOff) {
  NormalizeOptions keep;
  keep.strip_punctuation = false;
  EXPECT_EQ(Norm("Hello,  World!\n", keep), "hello, world!");
  keep.fold_case = false;
  EXPECT_EQ(Norm("  Hello,\t\tWorld! ", keep), "Hello, World!");
  EXPECT_EQ(Norm("ＡＢＣ", keep), "ABC");  // NFKC still applies
}

TEST(NormalizeText, NfkcLigaturesAndFullWidth) {
  EXPECT_EQ(Norm("\xEF\xAC\x81le"), "file");  // ﬁ ligature
  EXPECT_EQ(Norm("o\xEF\xAC\x83"
                 "ce"),
            "office");  // ﬃ ligature
  EXPECT_EQ(Norm("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3\xEF\xBC\x91\xEF\xBC\x92"),
            "abc12");                  // ＡＢＣ１２
  EXPECT_EQ(Norm("x\xC2\xB2"), "x2");  // superscript two
  EXPECT_EQ(Norm("\xE2\x91\xB4"
                 "a"),
            "1 a");  // ⑴ -> (1)
  EXPECT_EQ(Norm("a\xC2\xA0"
                 "b"),
            "a b");  // no-break space
}

TEST(NormalizeText, CaseFoldingNonAscii) {
  EXPECT_EQ(Norm("Stra\xC3\x9F"
                 "e"),
            "strasse");  // ß folds to ss
  EXPECT_EQ(Norm("STRASSE"), Norm("Stra\xC3\x9F"
                                  "e"));
  EXPECT_EQ(Norm("\xC3\x80\xC3\x89\xC3\x8E"), "\xC3\xA0\xC3\xA9\xC3\xAE");  // ÀÉÎ -> àéî
  // ΣΊΣΥΦΟΣ and σίσυφος fold to the same text (final sigma folds to sigma).
  EXPECT_EQ(Norm("\xCE\xA3\xCE\x8A\xCE\xA3\xCE\xA5\xCE\xA6\xCE\x9F\xCE\xA3"),
            Norm("\xCF\x83\xCE\xAF\xCF\x83\xCF\x85\xCF\x86\xCE\xBF\xCF\x82"));
  EXPECT_EQ(Norm("\xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90"),
            "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0");
}

TEST(NormalizeText, CombiningMarkAfterAsciiLetterComposes) {
  const std::string precomposed = "caf\xC3\xA9";
  EXPECT_EQ(Norm("cafe\xCC\x81"), precomposed);
  EXPECT_EQ(Norm("CAFE\xCC\x81 au lait"), precomposed + " au lait");
  // The same after a long ASCII run (the fast path hands the 'e' to the general path).
  const std::string prefix(100, 'x');
  EXPECT_EQ(Norm(prefix + " cafe\xCC\x81"), prefix + " " + precomposed);
}

TEST(NormalizeText, DigitsAndSymbols) {
  NormalizeOptions digits;
  digits.fold_digits = true;
  EXPECT_EQ(Norm("Tahun 2016, ke-\xEF\xBC\x93", digits), "tahun 0000 ke 0");
  EXPECT_EQ(Norm("\xD9\xA3\xD9\xA4", digits), "00");  // Arabic-Indic digits
  EXPECT_EQ(Norm("Tahun 2016"), "tahun 2016");
  EXPECT_EQ(Norm("I \xE2\x9D\xA4 NY $5 + 3 = 8"), "i ny 5 3 8");  // symbols are separators
}

TEST(NormalizeText, DefaultIgnorablesAreRemoved) {
  EXPECT_EQ(Norm("kerja\xC2\xAD"
                 "sama"),
            "kerjasama");  // soft hyphen
  EXPECT_EQ(Norm("ab\xE2\x80\x8B"
                 "cd"),
            "abcd");  // zero-width space
}

TEST(NormalizeText, InvalidUtf8BecomesReplacementCharacter) {
  EXPECT_EQ(Norm("ab\xFF"
                 "cd"),
            "ab cd");  // U+FFFD is a symbol: a separator
  NormalizeOptions keep;
  keep.strip_punctuation = false;
  EXPECT_EQ(Norm("ab\xFF"
                 "cd",
                 keep),
            "ab\xEF\xBF\xBD"
            "cd");
  EXPECT_EQ(Norm("ab\xE2\x82"
                 "cd",
                 keep),
            "ab\xEF\xBF\xBD"
            "cd");                                                // truncated: one U+FFFD
  EXPECT_EQ(Norm("\xC0\xAF", keep), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong: two
}

TEST(NormalizeText, AppendsToOutput) {
  std::string out = "prefix|";
  NormalizeText("  Hello ", {}, &out);
  EXPECT_EQ(out, "prefix|hello");
  NormalizeText("!!", {}, &out);
  EXPECT_EQ(out, "prefix|hello");
}

std::vector<NormalizeOptions> AllOptions() {
  std::vector<NormalizeOptions> all;
  for (int i = 0; i < 8; ++i) all.push_back({(i & 1) != 0, (i & 2) != 0, (i & 4) != 0});
  return all;
}

TEST(NormalizeText, AsciiFastPathMatchesGeneralPath) {
  std::mt19937 rng(12345);
  for (const NormalizeOptions& o : AllOptions()) {
    for (int iter = 0; iter < 2000; ++iter) {
      std::string s(rng() % 80, '\0');
      // Half of the strings are prose-like (mostly lower case and single spaces, which takes the
      // eight-byte block path); the rest use every ASCII byte.
      const bool prose = iter % 2 == 0;
      for (char& c : s) {
        const uint32_t r = rng();
        if (prose && r % 16 != 0) {
          c = r % 7 == 0 ? ' ' : static_cast<char>('a' + (r >> 8) % 26);
        } else {
          c = static_cast<char>(r % 128);
        }
      }
      std::string fast, general;
      NormalizeText(s, o, &fast);
      text::NormalizeGeneralForTesting(s, o, &general);
      ASSERT_EQ(fast, general) << "input bytes: " << testing::PrintToString(s);
    }
  }
}

// Mixed text exercises the chunking: ASCII runs of every length around kMinAsciiRun between
// non-ASCII pieces that compose, expand, fold or are invalid.
TEST(NormalizeText, ChunkedPathMatchesGeneralPathOnMixedText) {
  const std::vector<std::string> pieces = {"\xCC\x81",
                                           "\xCC\xA3\xCC\x87",
                                           "\xC3\xA9",
                                           "\xEF\xAC\x81",
                                           "\xE4\xB8\xAD\xE6\x96\x87",
                                           "\xC3\x9F",
                                           "\xCE\xA3",
                                           "\xE2\x80\x9C",
                                           "\xC2\xAD",
                                           "\xFF",
                                           "\xE2\x82",
                                           "\xED\xA0\x80",
                                           "\xF0\x9F\x98\x80",
                                           "\xE1\x84\x80\xE1\x85\xA1",
                                           "\xE1\x86\xA8",
                                           "\xD9\xA3",
                                           "\xEF\xBC\xA1",
                                           "\xC2\xA0",
                                           "\xE0\xB8\xAA\xE0\xB8\xB1"};
  std::mt19937 rng(777);
  for (const NormalizeOptions& o : AllOptions()) {
    for (int iter = 0; iter < 1000; ++iter) {
      std::string s;
      const int parts = 1 + static_cast<int>(rng() % 8);
      for (int k = 0; k < parts; ++k) {
        const size_t run = rng() % 3 == 0 ? 28 + rng() % 10 : rng() % 6;
        for (size_t j = 0; j < run; ++j) s.push_back(static_cast<char>(32 + rng() % 95));
        s += pieces[rng() % pieces.size()];
      }
      std::string fast, general;
      NormalizeText(s, o, &fast);
      text::NormalizeGeneralForTesting(s, o, &general);
      ASSERT_EQ(fast, general) << "input bytes: " << testing::PrintToString(s);
    }
  }
}

// Long ASCII-heavy strings take the 16-byte SSE2 blocks: runs of separators of every length
// across block edges, CRLF, capitals and digits, some non-ASCII, appended to existing output.
TEST(NormalizeText, BlockPathMatchesGeneralPathOnLongText) {
  const std::vector<std::string> pieces = {
      "the",  "Quick",    "BROWN",        "fox",       "2024",    " ",  "  ",
      ", ",   ".\r\n",    "\r\n\r\n",     "--",        "(a)",     "\t", "x",
      "\x7f", "\xC3\xA9", "\xE2\x80\x99", "e\xCC\x81", "\xD0\x9F"};
  std::mt19937 rng(9090);
  for (const NormalizeOptions& o : AllOptions()) {
    for (int iter = 0; iter < 1500; ++iter) {
      std::string s;
      const int parts = static_cast<int>(rng() % 120);
      const bool ascii_only = iter % 3 != 0;
      for (int k = 0; k < parts; ++k) {
        const std::string& piece = pieces[rng() % (ascii_only ? 15 : pieces.size())];
        s += piece;
      }
      const std::string prefix = iter % 4 == 0 ? "kept\n" : "";
      std::string fast = prefix, general = prefix;
      NormalizeText(s, o, &fast);
      text::NormalizeGeneralForTesting(s, o, &general);
      ASSERT_EQ(fast, general) << "input bytes: " << testing::PrintToString(s);
    }
  }
}

TEST(IsValidUtf8, AcceptsWellFormed) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii text that is longer than eight bytes"));
  EXPECT_TRUE(
      IsValidUtf8("caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF"));  // up to U+10FFFF
  EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF\xEE\x80\x80"));  // U+D7FF and U+E000 around the surrogates
}

TEST(IsValidUtf8, RejectsIllFormedWithOffset) {
  struct Case {
    std::string text;
    size_t offset;
  };
  const std::vector<Case> cases = {
      {"abc\xC0\xAF", 3},              // overlong '/'
      {"\xE0\x80\xAF", 0},             // overlong 3-byte
      {"ab\xF0\x80\x80\xAF", 2},       // overlong 4-byte
      {"0123456789\xED\xA0\x80", 10},  // surrogate U+D800
      {"\xF4\x90\x80\x80", 0},         // U+110000
      {"abcdefgh\xE2\x82", 8},         // truncated at the end
      {"ab\xE2\x82z", 2},              // truncated before ASCII
      {"x\x80", 1},                    // lone continuation byte
      {"\xF5\x80\x80\x80", 0},         // invalid lead byte
      {"\xC3\xA9\xFF", 2},
  };
  for (const Case& c : cases) {
    size_t offset = 999;
    EXPECT_FALSE(IsValidUtf8(c.text, &offset)) << testing::PrintToString(c.text);
    EXPECT_EQ(offset, c.offset) << testing::PrintToString(c.text);
    EXPECT_FALSE(IsValidUtf8(c.text));
  }
}

// NormalizeJoined (all of a document's paragraphs in one call, over a reused buffer) against
// NormalizeTextNotingWide per piece: Indonesian and English prose, multi-byte UTF-8, combining
// marks and invisible characters at piece edges, CRLF, pieces that normalise to nothing, very long
// pieces, and an output string holding old bytes of every size.
TEST(NormalizeText, JoinedMatchesPerPiece) {
  const std::vector<std::string> parts = {"Harga cabai naik di pasar induk",
                                          "The value of the index",
                                          ", ",
                                          ". ",
                                          "\r\n",
                                          "\n",
                                          "  ",
                                          "\t",
                                          "(Antara)",
                                          "--",
                                          "\xC3\xA9t\xC3\xA9",
                                          "e\xCC\x81",
                                          "\xCC\x81",
                                          "\xC2\xA0",
                                          "\xC2\xAD",
                                          "\xE2\x80\x8B",
                                          "\xD0\x9F\xD1\x80\xD0\xB8",
                                          "\xE4\xB8\xAD\xE6\x96\x87",
                                          "\xE0\xB8\xAA\xE0\xB8\xB1",
                                          "\xEF\xAC\x81",
                                          "\xEF\xBC\xA1\xEF\xBC\x91",
                                          "\xE1\x84\x80\xE1\x85\xA1",
                                          "Stra\xC3\x9F"
                                          "e",
                                          "\xFF",
                                          "2024",
                                          "\xE2\x80\x9CKutipan\xE2\x80\x9D",
                                          "PEMERINTAH",
                                          "mengatakan bahwa"};
  std::mt19937 rng(777);
  std::string out;
  for (int iter = 0; iter < 4000; ++iter) {
    std::string text;
    std::vector<text::TextRange> ranges;
    const int pieces = static_cast<int>(rng() % 9);
    for (int k = 0; k < pieces; ++k) {
      if (rng() % 2 == 0) text += "\n\n";
      const auto begin = static_cast<uint32_t>(text.size());
      const int n = static_cast<int>(rng() % (rng() % 8 == 0 ? 400 : 12));
      for (int j = 0; j < n; ++j) text += parts[rng() % parts.size()];
      ranges.push_back({begin, static_cast<uint32_t>(text.size())});
      if (rng() % 2 == 0) text += "\r\n";
    }
    std::string expected;
    std::vector<text::NormalizedPiece> expected_pieces;
    for (size_t k = 0; k < ranges.size(); ++k) {
      if (k > 0) expected.push_back('\n');
      text::NormalizedPiece piece;
      piece.begin = static_cast<uint32_t>(expected.size());
      text::NormalizeTextNotingWide(
          std::string_view(text).substr(ranges[k].begin, ranges[k].end - ranges[k].begin),
          NormalizeOptions(), &expected, &piece.wide);
      piece.end = static_cast<uint32_t>(expected.size());
      expected_pieces.push_back(piece);
    }
    if (rng() % 3 == 0) out.assign(rng() % 5000, 'x');  // old bytes: more or fewer than needed
    std::vector<text::NormalizedPiece> actual_pieces(ranges.size());
    text::NormalizeJoined(text, ranges.data(), ranges.size(), NormalizeOptions(), &out,
                          actual_pieces.data());
    ASSERT_EQ(out, expected) << testing::PrintToString(text);
    for (size_t k = 0; k < ranges.size(); ++k) {
      EXPECT_EQ(actual_pieces[k].begin, expected_pieces[k].begin);
      EXPECT_EQ(actual_pieces[k].end, expected_pieces[k].end);
      EXPECT_EQ(actual_pieces[k].wide, expected_pieces[k].wide);
    }
  }
}

}  // namespace
}  // namespace saring
