#include "explain/word_diff.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace saring::report {
namespace {

using Kind = DiffPiece::Kind;

std::string Join(const std::vector<DiffPiece>& diff, Kind other) {
  std::string s;
  for (const DiffPiece& p : diff) {
    if (p.kind == Kind::kSame || p.kind == other) s += p.text;
  }
  return s;
}

size_t SameWords(const std::vector<DiffPiece>& diff) {
  size_t n = 0;
  for (const DiffPiece& p : diff) {
    if (p.kind == Kind::kSame) n += SplitWords(p.text).size();
  }
  return n;
}

// Naive LCS length of the word sequences, the reference for the diff's optimality.
size_t NaiveLcs(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  std::vector<std::vector<size_t>> t(a.size() + 1, std::vector<size_t>(b.size() + 1, 0));
  auto bare = [](std::string_view w) {
    while (!w.empty() && w.back() == ' ') w.remove_suffix(1);
    return w;
  };
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      t[i][j] = bare(a[i - 1]) == bare(b[j - 1]) ? t[i - 1][j - 1] + 1
                                                 : std::max(t[i - 1][j], t[i][j - 1]);
    }
  }
  return t[a.size()][b.size()];
}

// "<prefix><i> " (built without operator+ on a temporary, which trips GCC 12's -Wrestrict).
std::string Word(std::string_view prefix, int i) {
  std::string w(prefix);
  w += std::to_string(i);
  w += ' ';
  return w;
}

TEST(WordDiff, SplitKeepsWhitespaceWithWords) {
  std::vector<std::string_view> w = SplitWords("  satu dua\n\ntiga");
  ASSERT_EQ(w.size(), 4u);
  EXPECT_EQ(w[0], "  ");
  EXPECT_EQ(w[1], "satu ");
  EXPECT_EQ(w[2], "dua\n\n");
  EXPECT_EQ(w[3], "tiga");
}

TEST(WordDiff, IdenticalTextsAreOneSamePiece) {
  std::vector<DiffPiece> d = WordDiff("harga cabai naik", "harga cabai naik", {});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].kind, Kind::kSame);
  EXPECT_EQ(ChangedWords(d), 0u);
}

TEST(WordDiff, SubstitutionIsRemovedThenAdded) {
  std::vector<DiffPiece> d =
      WordDiff("harga cabai naik tajam minggu ini", "harga cabai naik drastis minggu ini", {});
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[0].text, "harga cabai naik ");
  EXPECT_EQ(d[1].kind, Kind::kRemoved);
  EXPECT_EQ(d[1].text, "tajam ");
  EXPECT_EQ(d[2].kind, Kind::kAdded);
  EXPECT_EQ(d[2].text, "drastis ");
  EXPECT_EQ(d[3].text, "minggu ini");
  EXPECT_EQ(ChangedWords(d), 2u);
}

TEST(WordDiff, EmptySides) {
  std::vector<DiffPiece> d = WordDiff("", "dua kata", {});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].kind, Kind::kAdded);
  EXPECT_TRUE(WordDiff("", "", {}).empty());
}

// Random small texts over a tiny vocabulary: the diff rebuilds both sides and is a longest
// common subsequence.
TEST(WordDiff, MatchesNaiveLcsOnRandomTexts) {
  std::mt19937 rng(42);
  const char* vocab[] = {"a", "b", "c", "d", "e"};
  for (int round = 0; round < 300; ++round) {
    std::string a, b;
    for (int i = 0, n = rng() % 30; i < n; ++i) a += std::string(vocab[rng() % 5]) + " ";
    for (int i = 0, n = rng() % 30; i < n; ++i) b += std::string(vocab[rng() % 5]) + " ";
    std::vector<DiffPiece> d = WordDiff(a, b, {});
    EXPECT_EQ(Join(d, Kind::kRemoved), a);
    EXPECT_EQ(Join(d, Kind::kAdded), b);
    EXPECT_EQ(SameWords(d), NaiveLcs(SplitWords(a), SplitWords(b))) << a << "|" << b;
  }
}

// Texts too large for the exact DP go through patience anchors and still find the few changes.
TEST(WordDiff, LargeTextsUsePatienceAnchors) {
  std::string a, b;
  for (int i = 0; i < 5000; ++i) {
    std::string w = Word("w", i);
    a += w;
    b += (i == 10 || i == 4990) ? Word("changed", i) : w;
  }
  ASSERT_GT(size_t{5000} * 5000, kMaxDiffCells);
  std::vector<DiffPiece> d = WordDiff(a, b, {});
  EXPECT_EQ(ChangedWords(d), 4u);
  EXPECT_EQ(Join(d, Kind::kRemoved), a);
  EXPECT_EQ(Join(d, Kind::kAdded), b);
}

TEST(WordDiff, LongEqualRunsAreSkippedAroundChanges) {
  std::string a, b;
  for (int i = 0; i < 100; ++i) a += Word("w", i);
  b = a + "ekor";
  WordDiffOptions options;
  options.context_words = 3;
  std::vector<DiffPiece> d = WordDiff(a, b, options);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].kind, Kind::kSkipped);
  EXPECT_EQ(d[0].text, "… 97 same words …");
  EXPECT_EQ(d[1].text, "w97 w98 w99 ");
  EXPECT_EQ(d[2].kind, Kind::kAdded);
}

TEST(WordDiff, MaxWordsBoundsTheComparison) {
  WordDiffOptions options;
  options.max_words = 2;
  std::vector<DiffPiece> d = WordDiff("a b c d", "a b c d", options);
  // Only the first two words are compared; the rest is reported as one change.
  EXPECT_EQ(Join(d, Kind::kRemoved), "a b c d");
  EXPECT_EQ(ChangedWords(d), 4u);
}

}  // namespace
}  // namespace saring::report
