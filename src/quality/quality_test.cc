// Tests for the quality signals and rules: a hand-computed example, and for every rule a text
// that passes it and a text that fails it. signals_differential_test.cc compares the signals
// with a plain reference implementation (signals_reference_test.cc).
#include "saring/quality.h"

#include <gtest/gtest.h>
#include <utf8proc.h>
#include <xxhash.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <functional>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "quality/quality_test_util.h"

namespace saring {
namespace {

using quality_test::English;
using quality_test::kGoodText;
using quality_test::Signals;
using quality_test::UniqueWords;

TEST(QualitySignals, HandComputedExample) {
  const std::string text =
      "The cat sat on the mat.\nThe cat sat on the mat.\n\n- A list item...\n#tag {x}";
  const QualitySignals s = Signals(text, English());
  EXPECT_EQ(s.num_chars, 74u);
  EXPECT_EQ(s.num_words, 18u);
  EXPECT_EQ(s.num_lines, 4u);
  EXPECT_EQ(s.num_newlines, 4u);
  EXPECT_EQ(s.num_paragraphs, 2u);
  EXPECT_EQ(s.num_sentences, 3u);
  EXPECT_DOUBLE_EQ(s.mean_word_length, 56.0 / 18);
  EXPECT_DOUBLE_EQ(s.hash_to_word_ratio, 1.0 / 18);
  EXPECT_DOUBLE_EQ(s.ellipsis_to_word_ratio, 1.0 / 18);
  EXPECT_DOUBLE_EQ(s.bullet_line_fraction, 0.25);
  EXPECT_DOUBLE_EQ(s.ellipsis_line_fraction, 0.25);
  EXPECT_DOUBLE_EQ(s.alpha_word_fraction, 17.0 / 18);
  EXPECT_EQ(s.stop_word_count, 7);  // the on the (x2), a
  EXPECT_DOUBLE_EQ(s.dup_line_fraction, 0.25);
  EXPECT_DOUBLE_EQ(s.dup_line_char_fraction, 23.0 / 70);
  EXPECT_DOUBLE_EQ(s.dup_paragraph_fraction, 0);
  EXPECT_DOUBLE_EQ(s.top_ngram_char_fraction[0], 12.0 / 56);  // "the cat" x2
  EXPECT_DOUBLE_EQ(s.top_ngram_char_fraction[1], 18.0 / 56);  // "the cat sat" x2
  EXPECT_DOUBLE_EQ(s.top_ngram_char_fraction[2], 22.0 / 56);  // "the cat sat on" x2
  EXPECT_DOUBLE_EQ(s.dup_ngram_char_fraction[0], 18.0 / 56);  // second sentence
  EXPECT_DOUBLE_EQ(s.dup_ngram_char_fraction[1], 18.0 / 56);
  EXPECT_DOUBLE_EQ(s.dup_ngram_char_fraction[2], 0);
  EXPECT_DOUBLE_EQ(s.no_terminal_punct_line_fraction, 0.25);
  EXPECT_DOUBLE_EQ(s.line_punct_ratio, 0.75);
  EXPECT_EQ(s.curly_brace_count, 1u);
  EXPECT_EQ(s.lorem_ipsum_count, 0u);
  EXPECT_DOUBLE_EQ(s.few_words_line_fraction, 0.25);
  EXPECT_DOUBLE_EQ(s.short_line_ratio, 1.0);
  EXPECT_DOUBLE_EQ(s.newline_to_word_ratio, 4.0 / 18);
}

TEST(QualitySignals, EmptyTextIsAllZero) {
  const QualitySignals s = Signals("", nullptr);
  EXPECT_EQ(s.num_words, 0u);
  EXPECT_EQ(s.num_lines, 0u);
  EXPECT_EQ(s.stop_word_count, -1);
  EXPECT_EQ(s.mean_word_length, 0);
}

TEST(QualitySignals, UnicodeWhitespaceLettersAndCase) {
  // NBSP and ideographic space separate words; Cyrillic words are alphabetic; stop words match
  // case-insensitively after stripping punctuation.
  const QualitySignals s = Signals(
      "THE\xC2\xA0"
      "кот\xE3\x80\x80"
      "(And) 42",
      English());
  EXPECT_EQ(s.num_words, 4u);
  EXPECT_DOUBLE_EQ(s.alpha_word_fraction, 0.75);
  EXPECT_EQ(s.stop_word_count, 2);
  EXPECT_DOUBLE_EQ(s.mean_word_length, (3 + 3 + 5 + 2) / 4.0);
}

TEST(QualitySignals, ComputerIsReusableAndDeterministic) {
  SignalComputer computer;
  QualitySignals a, b, c;
  computer.Compute(kGoodText, English(), &a);
  computer.Compute("x y z x y z x y z", English(), &b);
  computer.Compute(kGoodText, English(), &c);
  std::string ja, jc;
  AppendSignalsJson(a, &ja);
  AppendSignalsJson(c, &jc);
  EXPECT_EQ(ja, jc);
  EXPECT_GT(b.top_ngram_char_fraction[0], 0.5);
}

TEST(QualitySignals, Json) {
  const QualitySignals s = Signals(
      "The cat sat on the mat.\nThe cat sat on the mat.\n\n- A list item...\n#tag {x}", English());
  std::string json;
  AppendSignalsJson(s, &json);
  EXPECT_EQ(json.rfind("{\"chars\":74,\"words\":18,\"lines\":4,\"newlines\":4,", 0), 0u) << json;
  EXPECT_NE(json.find("\"mean_word_length\":3.1111,"), std::string::npos) << json;
  EXPECT_NE(json.find("\"bullet_line_fraction\":0.25,"), std::string::npos) << json;
  EXPECT_NE(json.find("\"stop_words\":7,"), std::string::npos) << json;
  EXPECT_NE(json.find("\"short_line_ratio\":1,"), std::string::npos) << json;
  EXPECT_NE(json.find("\"dup_7gram_char_fraction\":0,"), std::string::npos) << json;
  EXPECT_EQ(json.back(), '}');
  std::string no_list;
  AppendSignalsJson(Signals("a b", nullptr), &no_list);
  EXPECT_NE(no_list.find("\"stop_words\":null"), std::string::npos) << no_list;
}

TEST(QualityRules, GoodTextPassesEveryRule) {
  const QualitySignals s = Signals(kGoodText, English());
  const auto failure = EvaluateRules(s, QualityOptions());
  EXPECT_FALSE(failure.has_value()) << failure->rule << " value " << failure->value;
}

// One rule under test: how to reach its threshold in QualityOptions, and texts.
struct RuleCase {
  const char* rule;
  std::function<double&(QualityOptions&)> threshold;
  std::string failing;
  std::string passing;
};

std::string Lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// A text of `unique` distinct words followed by its first `n` words again.
std::string RepeatedSpan(int unique, int n) {
  const std::string words = UniqueWords(unique);
  return words + " " + UniqueWords(n) + ".";
}

std::vector<RuleCase> RuleCases() {
  const std::string prose = kGoodText;
  const std::string sixty = UniqueWords(60);
  std::vector<RuleCase> cases = {
      {"gopher.min_words", [](QualityOptions& o) -> double& { return o.gopher_min_words; },
       "Far too short to be a document.", prose},
      {"gopher.max_words", [](QualityOptions& o) -> double& { return o.gopher_max_words; },
       Repeat("word ", 100001), prose},
      {"gopher.min_mean_word_length",
       [](QualityOptions& o) -> double& { return o.gopher_min_mean_word_length; },
       Repeat("a b c d e f ", 10), prose},
      {"gopher.max_mean_word_length",
       [](QualityOptions& o) -> double& { return o.gopher_max_mean_word_length; },
       Repeat("incomprehensibilities ", 60), prose},
      {"gopher.hash_to_word_ratio",
       [](QualityOptions& o) -> double& { return o.gopher_max_hash_to_word_ratio; },
       prose + Repeat("#news ", 20), prose + "#news"},
      {"gopher.ellipsis_to_word_ratio",
       [](QualityOptions& o) -> double& { return o.gopher_max_ellipsis_to_word_ratio; },
       prose + Repeat("wait... ", 20), prose + "wait... then."},
      {"gopher.bullet_line_fraction",
       [](QualityOptions& o) -> double& { return o.gopher_max_bullet_line_fraction; },
       Repeat("- an item of the list\n", 10),
       "Intro line.\n" + Repeat("- an item of the list\n", 8)},
      {"gopher.ellipsis_line_fraction",
       [](QualityOptions& o) -> double& { return o.gopher_max_ellipsis_line_fraction; },
       prose + Lines({"and then\xE2\x80\xA6", "so it went\xE2\x80\xA6", "or not\xE2\x80\xA6",
                      "who knows\xE2\x80\xA6", "maybe\xE2\x80\xA6"}),
       prose + Lines({"and then\xE2\x80\xA6"})},
      {"gopher.alpha_word_fraction",
       [](QualityOptions& o) -> double& { return o.gopher_min_alpha_word_fraction; },
       prose + Repeat("1234 ", 40), prose + "1234"},
      {"gopher.stop_words", [](QualityOptions& o) -> double& { return o.gopher_min_stop_words; },
       sixty, sixty + " the end and"},
      {"gopher.dup_line_fraction",
       [](QualityOptions& o) -> double& { return o.gopher_max_dup_line_fraction; },
       Lines({"Same line here.", "Same line here.", "Same line here.", "Other line."}),
       Lines({"Same line here.", "Same line here.", "Third line.", "Other line."})},
      {"gopher.dup_paragraph_fraction",
       [](QualityOptions& o) -> double& { return o.gopher_max_dup_paragraph_fraction; },
       "Para one.\n\nPara one.\n\nPara two.\n", "Para one.\n\nPara two.\n\nPara three.\n"},
      {"gopher.dup_line_char_fraction",
       [](QualityOptions& o) -> double& { return o.gopher_max_dup_line_char_fraction; },
       Lines({Repeat("long ", 20), Repeat("long ", 20), "a", "b", "c", "d", "e", "f"}),
       Lines({Repeat("long ", 20), "a", "b", "c", "d", "e", "f", "a"})},
      {"gopher.dup_paragraph_char_fraction",
       [](QualityOptions& o) -> double& { return o.gopher_max_dup_paragraph_char_fraction; },
       Repeat("long ", 20) + "\n\n" + Repeat("long ", 20) + "\n\nshort one\n",
       Repeat("long ", 20) + "\n\nshort one\n\nshort one\n"},
      {"gopher.top_2gram_char_fraction",
       [](QualityOptions& o) -> double& { return o.gopher_max_top_ngram_char_fraction[0]; },
       UniqueWords(40) + Repeat(" de facto", 10), UniqueWords(40) + Repeat(" de facto", 2)},
      {"gopher.top_3gram_char_fraction",
       [](QualityOptions& o) -> double& { return o.gopher_max_top_ngram_char_fraction[1]; },
       UniqueWords(40) + Repeat(" ab cd ef", 12), UniqueWords(40) + Repeat(" ab cd ef", 2)},
      {"gopher.top_4gram_char_fraction",
       [](QualityOptions& o) -> double& { return o.gopher_max_top_ngram_char_fraction[2]; },
       UniqueWords(40) + Repeat(" ab cd ef gh", 8), UniqueWords(40) + Repeat(" ab cd ef gh", 2)},
  };
  // Duplicate n-grams: the first n words repeated once cover n / (unique + n) of the chars.
  const double thresholds[] = {0.15, 0.14, 0.13, 0.12, 0.11, 0.10};
  for (int n = 5; n <= 10; ++n) {
    static const char* const kNames[] = {
        "gopher.dup_5gram_char_fraction", "gopher.dup_6gram_char_fraction",
        "gopher.dup_7gram_char_fraction", "gopher.dup_8gram_char_fraction",
        "gopher.dup_9gram_char_fraction", "gopher.dup_10gram_char_fraction"};
    const int fail_unique = static_cast<int>(n / (thresholds[n - 5] + 0.02)) - n;
    const int pass_unique = static_cast<int>(n / (thresholds[n - 5] - 0.02)) - n;
    cases.push_back(
        {kNames[n - 5],
         [n](QualityOptions& o) -> double& { return o.gopher_max_dup_ngram_char_fraction[n - 5]; },
         RepeatedSpan(fail_unique, n), RepeatedSpan(pass_unique, n)});
  }
  const std::vector<RuleCase> c4_and_fineweb = {
      {"c4.lorem_ipsum", [](QualityOptions& o) -> double& { return o.c4_max_lorem_ipsum; },
       prose + "Lorem ipsum dolor sit amet.", prose + "Lorem is not ipsum."},
      {"c4.curly_brace", [](QualityOptions& o) -> double& { return o.c4_max_curly_braces; },
       prose + "function f() { return 1; }", prose + "(a parenthesis)"},
      {"c4.min_sentences", [](QualityOptions& o) -> double& { return o.c4_min_sentences; },
       "One. Two. Three. Four", "One. Two. Three. Four. Five!"},
      {"c4.no_terminal_punct_line_fraction",
       [](QualityOptions& o) -> double& { return o.c4_max_no_terminal_punct_line_fraction; },
       Lines({"Home", "News", "Sports", "A real sentence."}),
       Lines({"Home", "A real sentence.", "Another one!", "\"A quote.\""})},
      {"c4.javascript_line_fraction",
       [](QualityOptions& o) -> double& { return o.c4_max_javascript_line_fraction; },
       prose + Lines({"Please enable JavaScript to continue.", "javascript:void(0)"}),
       prose + Lines({"Please enable JavaScript to continue.", "The tide came in.", "It rained."})},
      {"c4.policy_line_fraction",
       [](QualityOptions& o) -> double& { return o.c4_max_policy_line_fraction; },
       prose +
           Lines({"Read our Privacy Policy.", "This site uses cookies.", "Terms of use apply."}),
       prose + Lines({"Read our privacy policy.", "The tide came in.", "It rained."})},
      {"c4.few_words_line_fraction",
       [](QualityOptions& o) -> double& { return o.c4_max_few_words_line_fraction; },
       Lines({"Home.", "Contact us.", "About.", "This line has enough words."}),
       Lines({"Home.", "This line has enough words.", "So does this one here."})},
      {"fineweb.line_punct_ratio",
       [](QualityOptions& o) -> double& { return o.fineweb_min_line_punct_ratio; },
       Lines({"Home", "News", "Sports", "Weather", "Markets", "Travel", "Style", "Video",
              "One sentence."}),
       Lines({"Home", "News", "Sports", "Weather", "Markets", "Travel", "Style", "One sentence.",
              "Two sentences."})},
      {"fineweb.short_line_ratio",
       [](QualityOptions& o) -> double& { return o.fineweb_max_short_line_ratio; },
       Lines({"Short one.", "Short two.", "Short three.",
              "This line is certainly longer than thirty characters."}),
       Lines({"Short one.", "This line is certainly longer than thirty characters.",
              "And this line is also longer than thirty characters."})},
      {"fineweb.dup_line_char_fraction",
       [](QualityOptions& o) -> double& { return o.fineweb_max_dup_line_char_fraction; },
       prose +
           Lines({"By noon the market square was crowded with farmers selling apples and cheese.",
                  "Visitors from the capital photographed the painted houses near the harbour."}),
       prose + Lines({"Short line.", "Short line."})},
      {"fineweb.newline_to_word_ratio",
       [](QualityOptions& o) -> double& { return o.fineweb_max_newline_to_word_ratio; },
       Lines({"one two", "three four", "five six"}), Lines({"one two three four five six seven"})},
  };
  cases.insert(cases.end(), c4_and_fineweb.begin(), c4_and_fineweb.end());
  return cases;
}

// Options in which only `rule` can fail: every other threshold is made unreachable.
QualityOptions OnlyRule(const RuleCase& rule_case) {
  QualityOptions options;
  const double kept = rule_case.threshold(options);
  for (const RuleCase& other : RuleCases()) {
    const bool is_min = [&] {
      for (const RuleInfo& info : DescribeRules(QualityOptions())) {
        if (info.name == other.rule) return info.is_min;
      }
      return false;
    }();
    other.threshold(options) =
        is_min ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  }
  rule_case.threshold(options) = kept;
  return options;
}

TEST(QualityRules, EveryRuleHasACase) {
  std::set<std::string> covered;
  for (const RuleCase& c : RuleCases()) covered.insert(c.rule);
  for (const RuleInfo& info : DescribeRules(QualityOptions())) {
    EXPECT_TRUE(covered.count(std::string(info.name))) << "no test case for " << info.name;
    EXPECT_FALSE(info.citation.empty()) << info.name;
  }
  EXPECT_EQ(covered.size(), DescribeRules(QualityOptions()).size());
}

TEST(QualityRules, EachRuleFailsAndPasses) {
  SignalComputer computer;
  for (const RuleCase& c : RuleCases()) {
    SCOPED_TRACE(c.rule);
    const QualityOptions options = OnlyRule(c);
    QualitySignals s;
    computer.Compute(c.failing, English(), &s);
    const auto failure = EvaluateRules(s, options);
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->rule, c.rule);
    QualityOptions copy = options;
    EXPECT_EQ(failure->threshold, c.threshold(copy));
    computer.Compute(c.passing, English(), &s);
    const auto pass = EvaluateRules(s, options);
    EXPECT_FALSE(pass.has_value()) << pass->rule << " value " << pass->value;
  }
}

TEST(QualityRules, StopWordRuleSkippedWithoutList) {
  const QualitySignals s = Signals(UniqueWords(60), nullptr);
  QualityOptions options;
  options.gopher_repetition = options.c4 = options.fineweb = false;
  EXPECT_FALSE(EvaluateRules(s, options).has_value());
  EXPECT_EQ(EvaluateRules(Signals(UniqueWords(60), English()), options)->rule, "gopher.stop_words");
}

TEST(QualityRules, DisabledGroupsAreSkipped) {
  const QualitySignals s = Signals("{ too short", English());
  QualityOptions options;
  EXPECT_EQ(EvaluateRules(s, options)->rule, "gopher.min_words");
  options.gopher_quality = false;
  options.gopher_repetition = false;
  EXPECT_EQ(EvaluateRules(s, options)->rule, "c4.curly_brace");
  options.c4 = false;
  options.fineweb = false;
  EXPECT_FALSE(EvaluateRules(s, options).has_value());
  for (const RuleInfo& info : DescribeRules(options)) EXPECT_FALSE(info.enabled);
}

// A stop-word list that is not built in may be destroyed and another built at the same address:
// each document must use the list it is given.
TEST(QualitySignals, ReplacedStopWordList) {
  SignalComputer computer;
  QualitySignals s;
  const std::string text = "foo bar foo baz";
  auto first = std::make_unique<StopWords>(*StopWords::Parse("foo\n"));
  computer.Compute(text, first.get(), &s);
  EXPECT_EQ(s.stop_word_count, 2);
  first.reset();
  auto second = std::make_unique<StopWords>(*StopWords::Parse("baz\n"));
  computer.Compute(text, second.get(), &s);
  EXPECT_EQ(s.stop_word_count, 1);
}

// The n-grams "(n-1)-gram with id 0, then word 0" and "..., then word 1" are different n-grams
// (an earlier pair table merged them, as if "a a" and "a b" were one bigram occurring 3 times and
// covering 5 of the 6 words). The top bigram is "a b" (twice), covering 4 of 6 words.
TEST(QualitySignals, FirstPairsAreDistinctNgrams) {
  const QualitySignals s = Signals("a b a a b c", nullptr);
  EXPECT_DOUBLE_EQ(s.top_ngram_char_fraction[0], 4.0 / 6);
}

}  // namespace
}  // namespace saring
