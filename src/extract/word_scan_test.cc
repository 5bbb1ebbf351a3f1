// The byte scans of word_scan.h and the word loop of block_rules.h against plain byte loops, on
// random text made of the bytes they treat specially, at every length and alignment.
#include "extract/word_scan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "extract/block_rules.h"

namespace saring::extract_internal {
namespace {

std::string RandomText(std::mt19937_64* rng, size_t n) {
  static constexpr char kBytes[] = {' ', ' ',  ' ',  '\n',   'a',    'B',    'c',    'O',
                                    'o', 'k',  'K',  'i',    'e',    'E',    '.',    '-',
                                    '(', '\t', '\r', '\x0b', '\x0c', '\xC2', '\xA0', 'z'};
  std::string s(n, ' ');
  for (char& c : s) c = kBytes[(*rng)() % sizeof(kBytes)];
  return s;
}

size_t NaiveCount(const std::string& s) {
  size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    const bool sep = c == ' ' || c == '\n';
    n += !sep && !in_word;
    in_word = !sep;
  }
  return n;
}

bool NaiveNeedsCollapsing(const std::string& s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c >= 9 && c <= 13) || c == 0xC2) return true;
    if (c == ' ' && i > 0 && s[i - 1] == ' ') return true;
  }
  return false;
}

std::vector<std::string> NaiveLowerWords(const std::string& s, size_t max_bytes, uint32_t* count) {
  const std::string edges = ".,;:!?\"'()[]-";
  std::vector<std::string> out;
  *count = 0;
  std::string w;
  auto flush = [&] {
    if (w.empty()) return;
    ++*count;
    size_t b = 0, e = w.size();
    while (b < e && edges.find(w[b]) != std::string::npos) ++b;
    while (e > b && edges.find(w[e - 1]) != std::string::npos) --e;
    std::string t = w.substr(b, e - b);
    for (char& c : t) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    if (!t.empty() && t.size() <= max_bytes) out.push_back(t);
    w.clear();
  };
  for (char c : s) {
    if (c == ' ' || c == '\n') {
      flush();
    } else {
      w.push_back(c);
    }
  }
  flush();
  return out;
}

TEST(WordScan, MatchesByteLoopsOnRandomText) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 4000; ++round) {
    const std::string s = RandomText(&rng, rng() % 80);
    EXPECT_EQ(CountSeparatedWords(s.data(), s.size()), NaiveCount(s)) << s;
    for (size_t i = 0; i <= s.size(); ++i) {
      size_t sep = i, word = i;
      while (sep < s.size() && !IsWordSeparator(s[sep])) ++sep;
      while (word < s.size() && IsWordSeparator(s[word])) ++word;
      ASSERT_EQ((NextWhere<true>(s.data(), i, s.size())), sep);
      ASSERT_EQ((NextWhere<false>(s.data(), i, s.size())), word);
    }
    std::string trimmed = s;
    while (!trimmed.empty() && trimmed.back() == ' ') trimmed.pop_back();
    trimmed.erase(0, trimmed.find_first_not_of(' ') == std::string::npos
                         ? trimmed.size()
                         : trimmed.find_first_not_of(' '));
    size_t spaces = 0;
    const bool needs = NeedsCollapsing(trimmed.data(), trimmed.size(), &spaces);
    ASSERT_EQ(needs, NaiveNeedsCollapsing(trimmed)) << trimmed;
    if (!needs) {
      EXPECT_EQ(spaces, static_cast<size_t>(std::count(trimmed.begin(), trimmed.end(), ' ')));
    }
    uint32_t want_count = 0;
    const std::vector<std::string> want = NaiveLowerWords(s, 4, &want_count);
    std::vector<std::string> got;
    const uint32_t count = ForEachLowerWord(s, 4, [&](std::string_view w) { got.emplace_back(w); });
    ASSERT_EQ(count, want_count) << s;
    ASSERT_EQ(got, want) << s;
  }
}

TEST(WordScan, SentencePunctuationAsFindFirstOf) {
  std::mt19937_64 rng(3);
  static constexpr char kBytes[] = {'a', ' ', 'b', '\xE3', '\x80', '\x82', '.',
                                    ',', '!', '?', ';',    'x',    'y',    'z'};
  for (int round = 0; round < 20000; ++round) {
    std::string s(rng() % 40, 'a');
    for (char& c : s) c = kBytes[rng() % (round % 2 ? sizeof(kBytes) : 6)];
    const bool want = s.find_first_of(".!?,;") != std::string::npos ||
                      s.find("\xE3\x80\x82") != std::string::npos;
    ASSERT_EQ(HasSentencePunctuation(s.data(), s.size()), want) << s;
  }
}

TEST(WordScan, SingleSpacedTextNeedsNoCollapsing) {
  const std::string s =
      "Harga beras naik di pasar induk Cipinang pada Senin pagi ini, kata pedagang.";
  size_t spaces = 0;
  EXPECT_FALSE(NeedsCollapsing(s.data(), s.size(), &spaces));
  EXPECT_EQ(spaces, 12u);
  EXPECT_TRUE(
      NeedsCollapsing("a\xC2\xA0"
                      "b",
                      4, &spaces));  // U+00A0 is a space in HTML
  EXPECT_TRUE(NeedsCollapsing("harga  naik", 11, &spaces));
  EXPECT_TRUE(NeedsCollapsing("harga\tnaik", 10, &spaces));
}

TEST(WordScan, CookieNoticeFoundInAnyCaseAtAnyOffset) {
  std::mt19937_64 rng(11);
  for (size_t pad = 0; pad < 40; ++pad) {
    for (const char* word : {"cookie", "COOKIE", "CoOkIe", "cookiE"}) {
      std::string text(pad, 'x');
      text += word;
      text += std::string(rng() % 20, 'y');
      EXPECT_EQ(TextRule(text, 3), "cookie notice") << text;
      std::string broken = text;
      broken[pad + 3] = 'x';  // "cooxie"
      EXPECT_NE(TextRule(broken, 3), "cookie notice") << broken;
    }
  }
}

}  // namespace
}  // namespace saring::extract_internal
