// Tests for the quality signals and rules: a hand-computed example, and for every rule a text
// that passes it and a text that fails it.
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

namespace saring {
namespace {

// Plain English prose that passes every rule with default options.
const char kGoodText[] =
    "The river town woke slowly under a pale winter sky.\n"
    "Fishermen pulled their boats onto the gravel and sorted the morning catch.\n"
    "\n"
    "Children walked to school along the old stone bridge, laughing at the gulls.\n"
    "A baker opened his shutters and set warm loaves beside the window.\n"
    "\n"
    "By noon the market square was crowded with farmers selling apples and cheese.\n"
    "Visitors from the capital photographed the painted houses near the harbour.\n"
    "\n"
    "In the evening, lamps glowed in every kitchen while rain tapped on the roofs.\n"
    "Nobody expected that such a quiet place would soon become famous.\n";

QualitySignals Signals(std::string_view text, const StopWords* stop_words) {
  SignalComputer computer;
  QualitySignals s;
  computer.Compute(text, stop_words, &s);
  return s;
}

const StopWords* English() { return StopWords::BuiltIn("en"); }

// n distinct six-letter lower-case words: "baaaaa", "caaaaa", ... (no stop words).
std::string UniqueWords(int n, int offset = 0) {
  std::string out;
  for (int i = offset; i < offset + n; ++i) {
    std::string w = "aaaaaa";
    int v = i;
    for (int j = 0; j < 6 && v > 0; ++j, v /= 20) w[j] = static_cast<char>('b' + v % 20);
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

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
  const QualitySignals s = Signals("THE\xC2\xA0" "кот\xE3\x80\x80" "(And) 42", English());
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
  const QualitySignals s =
      Signals("The cat sat on the mat.\nThe cat sat on the mat.\n\n- A list item...\n#tag {x}",
              English());
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
       Repeat("- an item of the list\n", 10), "Intro line.\n" + Repeat("- an item of the list\n", 8)},
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
    static const char* kNames[] = {"gopher.dup_5gram_char_fraction", "gopher.dup_6gram_char_fraction",
                                   "gopher.dup_7gram_char_fraction", "gopher.dup_8gram_char_fraction",
                                   "gopher.dup_9gram_char_fraction", "gopher.dup_10gram_char_fraction"};
    const int fail_unique = static_cast<int>(n / (thresholds[n - 5] + 0.02)) - n;
    const int pass_unique = static_cast<int>(n / (thresholds[n - 5] - 0.02)) - n;
    cases.push_back({kNames[n - 5],
                     [n](QualityOptions& o) -> double& {
                       return o.gopher_max_dup_ngram_char_fraction[n - 5];
                     },
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
       prose + Lines({"Read our Privacy Policy.", "This site uses cookies.", "Terms of use apply."}),
       prose + Lines({"Read our privacy policy.", "The tide came in.", "It rained."})},
      {"c4.few_words_line_fraction",
       [](QualityOptions& o) -> double& { return o.c4_max_few_words_line_fraction; },
       Lines({"Home.", "Contact us.", "About.", "This line has enough words."}),
       Lines({"Home.", "This line has enough words.", "So does this one here."})},
      {"fineweb.line_punct_ratio",
       [](QualityOptions& o) -> double& { return o.fineweb_min_line_punct_ratio; },
       Lines({"Home", "News", "Sports", "Weather", "Markets", "Travel", "Style", "Video",
              "One sentence."}),
       Lines({"Home", "News", "Sports", "Weather", "Markets", "Travel", "Style",
              "One sentence.", "Two sentences."})},
      {"fineweb.short_line_ratio",
       [](QualityOptions& o) -> double& { return o.fineweb_max_short_line_ratio; },
       Lines({"Short one.", "Short two.", "Short three.", "This line is certainly longer than thirty characters."}),
       Lines({"Short one.", "This line is certainly longer than thirty characters.",
              "And this line is also longer than thirty characters."})},
      {"fineweb.dup_line_char_fraction",
       [](QualityOptions& o) -> double& { return o.fineweb_max_dup_line_char_fraction; },
       prose + Lines({"By noon the market square was crowded with farmers selling apples and cheese.",
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
    other.threshold(options) = is_min ? -std::numeric_limits<double>::infinity()
                                      : std::numeric_limits<double>::infinity();
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
  EXPECT_EQ(EvaluateRules(Signals(UniqueWords(60), English()), options)->rule,
            "gopher.stop_words");
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


// ---------------------------------------------------------------------------------------------
// Differential test: SignalComputer against a deliberately plain reference implementation of
// docs/quality.md (byte-at-a-time scanning, std::unordered_map, every n-gram counted for every n),
// on hand-written and generated documents. Every field must match bit for bit. The reference
// reproduces the engine's documented details exactly: whitespace matched by byte pattern at any
// position, code points decoded structurally for the first/last character of a line and
// token, letters and lower case from utf8proc, cores longer than StopWords::kMaxStopWordBytes
// hashed as they are (not lower-cased), n-grams compared by 64-bit XXH3 of the core.
namespace reference {

const uint8_t* U(std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); }

bool IsContinuation(uint8_t c) { return (c & 0xC0) == 0x80; }

uint64_t CodePoints(std::string_view s) {
  uint64_t n = 0;
  for (char c : s) n += !IsContinuation(static_cast<uint8_t>(c));
  return n;
}

// Length of the whitespace character starting at s[i] (i < end), or 0. Bytes at or after `end`
// are not looked at. As in the engine, E2 80 xx counts for any byte xx <= 0x8A or 0xAF: the
// third byte is not checked to be a continuation byte.
size_t SpaceAt(std::string_view s, size_t i, size_t end) {
  const auto at = [&](size_t k) { return k < end ? static_cast<uint8_t>(s[k]) : 0; };
  const uint8_t c = at(i);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') return 1;
  if (c == 0xC2 && i + 1 < end && at(i + 1) == 0xA0) return 2;
  if (i + 2 >= end) return 0;
  if (c == 0xE2 && at(i + 1) == 0x80 && (at(i + 2) <= 0x8A || at(i + 2) == 0xAF)) return 3;
  if (c == 0xE2 && at(i + 1) == 0x81 && at(i + 2) == 0x9F) return 3;
  if (c == 0xE3 && at(i + 1) == 0x80 && at(i + 2) == 0x80) return 3;
  return 0;
}

// The code point ending at the end of s (non-empty), decoded by structure only (lead byte and
// continuation bytes; overlong forms decode). Sets *len to its byte length; 0xFFFD if malformed.
uint32_t LastChar(std::string_view s, size_t* len) {
  size_t k = 1;
  while (k < s.size() && k < 4 && IsContinuation(static_cast<uint8_t>(s[s.size() - k]))) ++k;
  const uint8_t c = static_cast<uint8_t>(s[s.size() - k]);
  uint32_t cp = 0xFFFD;
  size_t need = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (need == k) {
    cp = need == 1 ? c : need == 2 ? (c & 0x1Fu) : need == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (size_t j = s.size() - k + 1; j < s.size(); ++j) cp = (cp << 6) | (static_cast<uint8_t>(s[j]) & 0x3Fu);
  } else {
    k = 1;
  }
  *len = k;
  return cp;
}

uint32_t FirstChar(std::string_view s) {
  const uint8_t c = static_cast<uint8_t>(s[0]);
  const size_t need = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (need == 0 || need > s.size()) return 0xFFFD;
  size_t len = 0;
  const uint32_t cp = LastChar(s.substr(0, need), &len);
  return len == need ? cp : 0xFFFD;
}

bool IsPunct(uint8_t c) { return c >= 0x21 && c <= 0x7E && !std::isalnum(c); }

bool SentenceEnd(uint32_t cp) {
  return cp == '.' || cp == '!' || cp == '?' || cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F ||
         cp == 0x061F || cp == 0x0964 || cp == 0x2026;
}
bool Closer(uint32_t cp) {
  return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019 || cp == 0x00BB;
}
bool Terminal(uint32_t cp) {
  return SentenceEnd(cp) || cp == '"' || cp == '\'' || cp == 0x201D || cp == 0x2019 || cp == 0x00BB;
}
bool Bullet(uint32_t cp) {
  static const std::set<uint32_t> kBullets = {'-', '*', 0x2022, 0x2023, 0x25E6, 0x25AA, 0x25CF,
                                              0x25CB, 0x00B7, 0x2013, 0x2014, 0x25BA, 0x25A0};
  return kBullets.count(cp) != 0;
}

// Decodes s with utf8proc; an invalid byte is reported as -1 and skipped.
template <class F>
void ForEachChar(std::string_view s, F f) {
  size_t i = 0;
  while (i < s.size()) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n =
        utf8proc_iterate(U(s) + i, static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    if (n <= 0) {
      f(-1, s.substr(i, 1));
      ++i;
    } else {
      f(cp, s.substr(i, static_cast<size_t>(n)));
      i += static_cast<size_t>(n);
    }
  }
}

bool HasLetter(std::string_view s) {
  bool letter = false;
  ForEachChar(s, [&](int32_t cp, std::string_view) {
    if (cp < 0) return;
    const utf8proc_category_t cat = utf8proc_category(cp);
    letter |= cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
  });
  return letter;
}

std::string Lower(std::string_view s) {
  std::string out;
  ForEachChar(s, [&](int32_t cp, std::string_view bytes) {
    if (cp < 0) {
      out += bytes;
      return;
    }
    uint8_t buf[4];
    const auto n = utf8proc_encode_char(utf8proc_tolower(cp), buf);
    out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
  });
  return out;
}

uint64_t Hash(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }

double Ratio(uint64_t a, uint64_t b) { return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b); }

QualitySignals Compute(std::string_view text, const StopWords* stop_words) {
  QualitySignals s;
  uint64_t word_chars = 0, alpha = 0, stops = 0, sentences = 0, lorem = 0;
  uint64_t lines = 0, line_chars = 0, dup_lines = 0, dup_line_chars = 0, bullets = 0, ellipsis_lines = 0;
  uint64_t terminal = 0, short_lines = 0, javascript = 0, policy = 0, few = 0;
  uint64_t paragraphs = 0, paragraph_chars = 0, dup_paragraphs = 0, dup_paragraph_chars = 0;
  std::vector<uint64_t> word_hash;
  std::vector<uint64_t> chars_of_word;
  std::unordered_set<std::string_view> seen_lines, seen_paragraphs;
  size_t para_begin = 0, para_end = 0;
  uint64_t para_chars = 0;
  bool in_para = false;
  auto end_paragraph = [&] {
    if (!in_para) return;
    in_para = false;
    ++paragraphs;
    paragraph_chars += para_chars;
    if (!seen_paragraphs.insert(text.substr(para_begin, para_end - para_begin)).second) {
      ++dup_paragraphs;
      dup_paragraph_chars += para_chars;
    }
  };
  size_t line_begin = 0;
  while (line_begin <= text.size()) {
    size_t line_end = text.find('\n', line_begin);
    if (line_end == std::string_view::npos) line_end = text.size();
    // Trim: whitespace characters read forwards from the start, and backwards from the end (an
    // ASCII whitespace byte, else a 2-byte, else a 3-byte whitespace character).
    size_t lb = line_begin, le = line_end;
    while (lb < le && SpaceAt(text, lb, le) != 0) lb += SpaceAt(text, lb, le);
    while (le > lb) {
      if (SpaceAt(text, le - 1, le) == 1) {
        le -= 1;
      } else if (le - lb >= 2 && SpaceAt(text, le - 2, le) == 2) {
        le -= 2;
      } else if (le - lb >= 3 && SpaceAt(text, le - 3, le) == 3) {
        le -= 3;
      } else {
        break;
      }
    }
    if (lb == le) {
      end_paragraph();
      line_begin = line_end + 1;
      continue;
    }
    // Tokens: the pieces of the trimmed line between whitespace characters.
    std::vector<std::pair<size_t, size_t>> tokens;
    for (size_t i = lb; i < le;) {
      const size_t space = SpaceAt(text, i, le);
      if (space != 0) {
        i += space;
        continue;
      }
      const size_t b = i;
      while (i < le && SpaceAt(text, i, le) == 0) ++i;
      tokens.emplace_back(b, i);
    }
    const std::string_view line = text.substr(lb, le - lb);
    const uint64_t chars = CodePoints(line);
    ++lines;
    line_chars += chars;
    short_lines += chars <= 30;
    if (!seen_lines.insert(line).second) {
      ++dup_lines;
      dup_line_chars += chars;
    }
    bullets += Bullet(FirstChar(line));
    size_t last_len = 0;
    const uint32_t last = LastChar(line, &last_len);
    terminal += Terminal(last);
    ellipsis_lines += last == 0x2026 || line.ends_with("...");
    if (!in_para) {
      in_para = true;
      para_begin = lb;
      para_chars = 0;
    }
    para_end = le;
    para_chars += chars;

    std::string prev1, prev2;  // the last two cores of the line ("" if none or not a core)
    bool line_js = false, line_policy = false;
    for (const auto& [b, e] : tokens) {
      const std::string_view token = text.substr(b, e - b);
      const uint64_t c = CodePoints(token);
      word_chars += c;
      chars_of_word.push_back(c);
      bool has_ascii_letter = false, non_ascii = false;
      for (char ch : token) {
        has_ascii_letter |= std::isalpha(static_cast<uint8_t>(ch)) != 0;
        non_ascii |= static_cast<uint8_t>(ch) >= 0x80;
      }
      alpha += has_ascii_letter || (non_ascii && HasLetter(token));
      // Sentence end: last character before closing quotes and brackets.
      std::string_view rest = token;
      for (;;) {
        size_t len = 0;
        const uint32_t cp = LastChar(rest, &len);
        if (Closer(cp) && len < rest.size()) {
          rest.remove_suffix(len);
          continue;
        }
        sentences += SentenceEnd(cp);
        break;
      }
      size_t cb = 0, ce = token.size();
      while (cb < ce && IsPunct(static_cast<uint8_t>(token[cb]))) ++cb;
      while (ce > cb && IsPunct(static_cast<uint8_t>(token[ce - 1]))) --ce;
      const std::string_view raw_core = token.substr(cb, ce - cb);
      std::string lower_core;
      uint64_t hash = 0;
      if (raw_core.empty()) {
        hash = Hash(token);
      } else if (raw_core.size() > StopWords::kMaxStopWordBytes) {
        hash = Hash(raw_core);
      } else {
        lower_core = Lower(raw_core);
        hash = Hash(lower_core);
        if (stop_words != nullptr) stops += stop_words->Contains(lower_core);
      }
      word_hash.push_back(hash);
      std::string js_prefix(raw_core.substr(0, 10));
      for (char& ch : js_prefix) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch | 0x20 : ch);
      line_js |= js_prefix == "javascript";
      const std::string& w = lower_core;  // "" unless a short core
      lorem += w == "ipsum" && prev1 == "lorem";
      line_policy |= (w == "policy" && (prev1 == "privacy" || prev1 == "cookie")) ||
                     (w == "cookies" && (prev1 == "uses" || prev1 == "use" || (prev1 == "of" && prev2 == "use"))) ||
                     (w == "use" && prev1 == "of" && prev2 == "terms");
      prev2 = prev1;
      prev1 = w;
    }
    javascript += line_js;
    policy += line_policy;
    few += tokens.size() < 3;
    line_begin = line_end + 1;
  }
  end_paragraph();

  const size_t words = word_hash.size();
  uint64_t total_chars = 0;
  for (uint64_t c : chars_of_word) total_chars += c;
  // Words covered by the positions in `starts` (n-grams of n words), each counted once.
  auto covered = [&](const std::vector<size_t>& starts, size_t n) {
    std::vector<bool> in(words, false);
    for (size_t i : starts) std::fill(in.begin() + i, in.begin() + i + n, true);
    uint64_t chars = 0;
    for (size_t i = 0; i < words; ++i) chars += in[i] ? chars_of_word[i] : 0;
    return chars;
  };
  // N-gram classes level by level, as the engine forms them. Level 1: a word's class is its
  // hash's index in order of first occurrence. Level n: a position whose (n-1)-gram class and
  // n-th word both occur at least twice (others cannot repeat) gets the class of the pair
  // (class at level n-1, class of the n-th word), numbered in order of first occurrence.
  // The signals are then computed on these classes.
  std::vector<uint32_t> word_class(words);
  {
    std::unordered_map<uint64_t, uint32_t> ids;
    for (size_t i = 0; i < words; ++i) {
      word_class[i] = ids.emplace(word_hash[i], static_cast<uint32_t>(ids.size())).first->second;
    }
  }
  std::vector<uint32_t> word_count(words, 0);
  for (uint32_t c : word_class) ++word_count[c];
  std::vector<size_t> live;  // positions still in play, ascending
  std::vector<uint32_t> cls;  // their class at the current level
  std::vector<uint32_t> count;  // occurrences per class at the current level
  for (size_t i = 0; i < words; ++i) {
    if (word_count[word_class[i]] >= 2) live.push_back(i), cls.push_back(word_class[i]);
  }
  count = word_count;
  if (words >= 2 && total_chars > 0) {
    for (size_t n = 2; n <= 10 && n <= words && !live.empty(); ++n) {
      std::map<std::pair<uint32_t, uint32_t>, uint32_t> ids;
      std::vector<size_t> next_live, repeats;
      std::vector<uint32_t> next_cls, next_count;
      for (size_t r = 0; r < live.size(); ++r) {
        const size_t i = live[r];
        if (i + n > words) break;
        const uint32_t last = word_class[i + n - 1];
        if (count[cls[r]] < 2 || word_count[last] < 2) continue;
        const std::pair<uint32_t, uint32_t> key(cls[r], last);
        const auto [it, inserted] = ids.emplace(key, static_cast<uint32_t>(ids.size()));
        if (inserted) next_count.push_back(0);
        ++next_count[it->second];
        if (!inserted) repeats.push_back(i);
        next_live.push_back(i);
        next_cls.push_back(it->second);
      }
      live.swap(next_live);
      cls.swap(next_cls);
      count.swap(next_count);
      if (n <= 4) {
        // The most frequent class (at least twice); ties go to the one that occurs first.
        uint32_t best = 0, best_count = 1;
        for (uint32_t id = 0; id < count.size(); ++id) {
          if (count[id] > best_count) best = id, best_count = count[id];
        }
        std::vector<size_t> starts;
        for (size_t r = 0; r < live.size() && best_count >= 2; ++r) {
          if (cls[r] == best) starts.push_back(live[r]);
        }
        s.top_ngram_char_fraction[n - 2] =
            static_cast<double>(covered(starts, n)) / static_cast<double>(total_chars);
      } else {
        s.dup_ngram_char_fraction[n - 5] =
            static_cast<double>(covered(repeats, n)) / static_cast<double>(total_chars);
      }
    }
  }

  uint64_t ellipses = 0;
  for (size_t i = 0; i < text.size();) {
    size_t run = 0;
    while (i < text.size() && text[i] == '.') ++run, ++i;
    ellipses += run / 3;
    if (run == 0) {
      ellipses += text.substr(i).starts_with("\xE2\x80\xA6");
      ++i;
    }
  }
  s.num_chars = CodePoints(text);
  s.num_words = words;
  s.num_lines = lines;
  s.num_newlines = static_cast<uint64_t>(std::count(text.begin(), text.end(), '\n'));
  s.num_paragraphs = paragraphs;
  s.num_sentences = sentences;
  s.mean_word_length = Ratio(word_chars, words);
  s.hash_to_word_ratio = Ratio(static_cast<uint64_t>(std::count(text.begin(), text.end(), '#')), words);
  s.ellipsis_to_word_ratio = Ratio(ellipses, words);
  s.bullet_line_fraction = Ratio(bullets, lines);
  s.ellipsis_line_fraction = Ratio(ellipsis_lines, lines);
  s.alpha_word_fraction = Ratio(alpha, words);
  s.stop_word_count = stop_words ? static_cast<int64_t>(stops) : -1;
  s.dup_line_fraction = Ratio(dup_lines, lines);
  s.dup_paragraph_fraction = Ratio(dup_paragraphs, paragraphs);
  s.dup_line_char_fraction = Ratio(dup_line_chars, line_chars);
  s.dup_paragraph_char_fraction = Ratio(dup_paragraph_chars, paragraph_chars);
  s.no_terminal_punct_line_fraction = Ratio(lines - terminal, lines);
  s.lorem_ipsum_count = lorem;
  s.curly_brace_count = static_cast<uint64_t>(std::count(text.begin(), text.end(), '{'));
  s.javascript_line_fraction = Ratio(javascript, lines);
  s.policy_line_fraction = Ratio(policy, lines);
  s.few_words_line_fraction = Ratio(few, lines);
  s.line_punct_ratio = Ratio(terminal, lines);
  s.short_line_ratio = Ratio(short_lines, lines);
  s.newline_to_word_ratio = Ratio(s.num_newlines, words);
  return s;
}

}  // namespace reference

// Every field of QualitySignals as (name, exact bits), for bit-for-bit comparison.
std::vector<std::pair<std::string, uint64_t>> Fields(const QualitySignals& s) {
  std::vector<std::pair<std::string, uint64_t>> f;
  auto add = [&](const char* name, auto v) {
    uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof(v));
    f.emplace_back(name, bits);
  };
  add("num_chars", s.num_chars);
  add("num_words", s.num_words);
  add("num_lines", s.num_lines);
  add("num_newlines", s.num_newlines);
  add("num_paragraphs", s.num_paragraphs);
  add("num_sentences", s.num_sentences);
  add("mean_word_length", s.mean_word_length);
  add("hash_to_word_ratio", s.hash_to_word_ratio);
  add("ellipsis_to_word_ratio", s.ellipsis_to_word_ratio);
  add("bullet_line_fraction", s.bullet_line_fraction);
  add("ellipsis_line_fraction", s.ellipsis_line_fraction);
  add("alpha_word_fraction", s.alpha_word_fraction);
  add("stop_word_count", s.stop_word_count);
  add("dup_line_fraction", s.dup_line_fraction);
  add("dup_paragraph_fraction", s.dup_paragraph_fraction);
  add("dup_line_char_fraction", s.dup_line_char_fraction);
  add("dup_paragraph_char_fraction", s.dup_paragraph_char_fraction);
  for (int n = 2; n <= 4; ++n) add(("top_" + std::to_string(n) + "gram").c_str(), s.top_ngram_char_fraction[n - 2]);
  for (int n = 5; n <= 10; ++n) add(("dup_" + std::to_string(n) + "gram").c_str(), s.dup_ngram_char_fraction[n - 5]);
  add("no_terminal_punct_line_fraction", s.no_terminal_punct_line_fraction);
  add("lorem_ipsum_count", s.lorem_ipsum_count);
  add("curly_brace_count", s.curly_brace_count);
  add("javascript_line_fraction", s.javascript_line_fraction);
  add("policy_line_fraction", s.policy_line_fraction);
  add("few_words_line_fraction", s.few_words_line_fraction);
  add("line_punct_ratio", s.line_punct_ratio);
  add("short_line_ratio", s.short_line_ratio);
  add("newline_to_word_ratio", s.newline_to_word_ratio);
  return f;
}

// Hand-written documents that reach every branch of the scanner.
std::vector<std::string> HandWrittenDocs() {
  std::vector<std::string> docs = {
      "",
      " ",
      "\n",
      "\n\n \n\t\n",
      "\r\n\r\n",
      kGoodText,
      "The cat sat on the mat.\nThe cat sat on the mat.\n\n- A list item...\n#tag {x}",
      // Indonesian news, with a repeated line and paragraph.
      "Presiden Joko Widodo meresmikan jalan tol baru di Jawa Tengah pada hari Senin.\n"
      "Menurut dia, proyek ini akan mempercepat distribusi barang dan mengurangi kemacetan.\n\n"
      "\"Kami berharap masyarakat dapat memanfaatkan jalan ini dengan baik,\" ujarnya.\n"
      "Baca juga: Harga BBM naik lagi?\n\n"
      "Presiden Joko Widodo meresmikan jalan tol baru di Jawa Tengah pada hari Senin.\n"
      "Menurut dia, proyek ini akan mempercepat distribusi barang dan mengurangi kemacetan.\n\n"
      "Baca juga: Harga BBM naik lagi?\n",
      // Accented Latin, guillemets, curly quotes.
      "Café au lait. L'ÉCOLE est fermée… « Très bien » ! Ça coûte 3,50 €.\n"
      "Ärger über Öl — ÜBERALL straße STRASSE. “Quoted.” ‘single’ (naïve)\n"
      "ÀÉÎÕÜ àéîõü ĀĒĪŌŪ ŁŃŚŹŻ ÐÞ ðþ Ÿ ÿ µ ª º ¹ ½ ẞ ß Ω K Å ǅ",
      // CJK and other full stops.
      "中文文本没有空格。这是第二句！\n日本語のテキスト？\nمرحبا؟\nनमस्ते।\n한국어 텍스트입니다.",
      // Every bullet, and lines that only look like bullets.
      "- one\n* two\n• three\n‣ four\n◦ five\n▪ six\n● seven\n○ eight\n· nine\n– ten\n"
      "— eleven\n► twelve\n■ thirteen\n+ not\n\xC0\xAD overlong dash\n-\n",
      // Ellipses: runs of dots and U+2026, at line ends and inside words.
      "Wait... what.... really..... \xE2\x80\xA6 end...\n....\n..\nx.y.z...\n"
      "a\xE2\x80\xA6\xE2\x80\xA6 \xE2\x80\xA6\n.. .\n......",
      // Repeated lines, paragraphs and n-grams, including ties for the top n-gram.
      "x y x y z w z w\nx y x y z w z w\n\nx y\n\nx y\n",
      "a b c d e f g h i j k a b c d e f g h i j k a b c d e f g h i j k\n"
      "a b c d e f g h i j k l m n o p\n",
      // Long words: exactly 15, 16, 17, 31, 32, 33, 64 and 65+ bytes, ASCII and not.
      "abcdefghijklmno ABCDEFGHIJKLMNOP abcdefghijklmnopq ABCDEFGHIJKLMNOPQRSTUVWXYZABCDE "
      "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG "
      "(ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF). "
      "Supercalifragilisticexpialidocious-Supercalifragilisticexpialidocious-and-more-more "
      "éééééééééééééééé ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ ÉCOLEÉCOLEÉCOLEÉCOLEÉCOLEÉCOLEÉCOLE "
      "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF abcdefghijklmnopqrstuvwxyzabcdef "
      "\"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl\"!!! "
      "https://example.com/a/very/long/path/that/keeps/going/and/going/index.html?x=1",
      // Invalid UTF-8: lone lead and continuation bytes, overlongs, surrogates, truncation.
      "\xC0\xAD item \xFF\xFE bad \xE2\x80 cut \x80\x80 cont \xED\xA0\x80 sur \xF4\x90\x80\x80 big"
      " \xF0\x9F\x98\x80 emoji \xC3( paren \xE2\x80\xA6. end \xC2",
      "abc \xE2\x80",
      "abc \xE2",
      "\xE3\x80",
      // CRLF line ends.
      "Line one.\r\nLine two.\r\n\r\nLine three\r\nLine one.\r\n",
      // Unicode whitespace (and U+200B, U+2028, U+00A1, U+3001, which are not whitespace).
      "a\xC2\xA0" "b\xE2\x80\x80" "c\xE2\x80\x83" "d\xE2\x80\x8A" "e\xE2\x80\xAF" "f\xE2\x81\x9F"
      "g\xE3\x80\x80" "h\xE2\x80\x8B" "i\xE2\x80\xA8" "j\xC2\xA1" "k\xE3\x80\x81" "l\n"
      "\xC2\xA0\xE3\x80\x80 lead and trail \xE2\x80\x80\xC2\xA0\n\xE3\x80\x80\n",
      // C4 keyword phrases and lorem ipsum, across punctuation and case.
      "Terms of Use. Privacy Policy; cookie policy. This site uses cookies. use of cookies,\n"
      "use cookies. Lorem ipsum dolor. lorem, ipsum. LOREM IPSUM. lorem\nipsum\n"
      "terms of\nuse. privacy, policy! (Cookie) (Policy) use-of-cookies Terms Of Use\n",
      // javascript, including a dotted capital I that lower-cases to ASCII.
      "Enable JavaScript. javascript:void(0) (JAVASCRIPT) JavaScripts javascrip\n"
      "JAVASCR\xC4\xB0PT java script\n",
      // Stop words in both built-in lists, with punctuation and case.
      "(The) AND, yang; Dan. di Di DI ke-dan the the The THE thé",
      "#hash #tags {braces} {{}} ## a#b",
      // NUL and control bytes.
      [] {
        static const char kText[] = "x\0y z\0 \0\0 \x01\x7F\x1B end.";
        return std::string(kText, sizeof(kText) - 1);
      }(),
      // Tokens that are all punctuation.
      "-- ... !!! --- ?! (...) \"\" '' ]]",
      // Sentence ends behind closing quotes and brackets.
      "He said \"Stop.\" Then (again.) and [\"done!\"] and 'why?' “Yes.” ‘No!’ «Non.» .\"\" \".",
      "'''.''' ).) ]' x.'\"')",
      // Very short documents.
      "a",
      "a b",
      "A.",
      "x\n",
  };
  std::string repeated;
  for (int i = 0; i < 50; ++i) repeated += "the same words again and again ";
  docs.push_back(repeated);
  return docs;
}

// Generated documents: a mix of the pieces above, random words from a small vocabulary (so
// that n-grams repeat), copied runs of earlier tokens, repeated lines, long tokens, random bytes
// and random code points, separated by every kind of whitespace. Uses only rng() % n, whose
// values the standard fixes, one call per statement (the order of two calls in one expression
// is unspecified), so the documents are the same with every compiler and option.
std::vector<std::string> GeneratedDocs(uint64_t seed, size_t count) {
  static const char* kPieces[] = {
      "The", "the", "THE", "of", "Of", "terms", "Terms", "use", "Use", "uses", "privacy", "Policy",
      "policy", "cookie", "Cookies", "cookies", "lorem", "Ipsum", "ipsum", "LOREM", "javascript:void(0)",
      "JavaScript", "javascrip", "dan", "yang", "di", "Dan", "and", "to", "be", "that", "with", "a", "I",
      "café", "École", "ÉCOLE", "Ünïcödé", "naïve", "Đà", "İstanbul", "ΣΊΣΥΦΟΣ", "Привет", "ПРИВЕТ",
      "中文字符", "日本語", "。", "！", "？", "؟", "।", "…", "“", "”", "‘", "’", "»", "«", "x…", "end。",
      "-", "*", "•", "‣", "◦", "▪", "●", "○", "·", "–", "—", "►", "■", "- item", "* star",
      ".", "...", "....", "..", "......", "!", "?", "\"", "'", ")", "]", "(", "[", "#", "{", "}", "--",
      ",", ";", ":", "@", "`", "~", "\\", "/", "123", "42.", "3.14", "#tag", "{x}", "word.\"", "end.)",
      "stop!\xE2\x80\x99", "q?\xE2\x80\x9D", "x\xC2\xBB", "\xC2", "\xE2\x80", "\xFF", "\x80",
      "\xF0\x9F\x98\x80", "\xC0\xAF", "\xC0\xAD", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x80\x8B",
      "\xE2\x80\xA8", "\xC2\xA1", "\xE3\x80\x81", "\xE3\x80", "a\xCC\x81", "ǅ", "ß", "ẞ", "Ω", "K",
      "Å", "ﬁ", "Ⅻ", "ⓐ", "Ⓐ", "ा", "۱۲", "١", "ـ", "ʰ", "ꜳ", "😀", "\x01", "\x7F", "tab\x0Bvt",
      "\x0C", "ÀÉÎÕÜ", "àéîõü", "ĀĒĪŌŪ", "ŁŃŚŹŻ", "ÐÞ", "ðþ", "Ÿ", "ÿ", "µ", "ª", "º", "¹", "½",
      "JAVASCR\xC4\xB0PT", "Kelvin\xE2\x84\xAA",
  };
  static const char* kWords[] = {"lorem", "ipsum", "dolor", "sit", "amet", "rumah", "makan", "saya",
                                 "pergi", "ke", "pasar", "dan", "the", "cat", "sat", "on", "mat",
                                 "is", "it", "of", "use", "terms", "policy", "yang"};
  static const char* kSpaces[] = {
      " ", " ", " ", " ", " ", " ", "  ", "\t", "\n", "\n", "\r\n", "\n\n", "\n \n", "\r", "\v",
      "\f", "\xC2\xA0", "\xE2\x80\x80", "\xE2\x80\x85", "\xE2\x80\x8A", "\xE2\x80\xAF",
      "\xE2\x81\x9F", "\xE3\x80\x80", " \xC2\xA0\n", "\n\xE3\x80\x80", "\xE2\x80\x8A\n",
  };
  const size_t num_pieces = std::size(kPieces), num_words = std::size(kWords);
  const size_t num_spaces = std::size(kSpaces);
  std::mt19937_64 rng(seed);
  std::vector<std::string> docs;
  for (size_t d = 0; d < count; ++d) {
    std::string doc;
    const uint64_t mode = rng() % 10;
    const uint64_t tokens = mode == 0 ? rng() % 4 : mode < 6 ? rng() % 60 : rng() % 1200;
    std::vector<std::string> history;
    for (uint64_t t = 0; t < tokens; ++t) {
      const uint64_t r = rng() % 100;
      std::string tok;
      if (r < 40) {
        tok = kPieces[rng() % num_pieces];
        if (rng() % 4 == 0) tok += kPieces[rng() % num_pieces];
        if (rng() % 6 == 0) tok = kPieces[rng() % num_pieces] + tok;
      } else if (r < 68) {
        tok = kWords[rng() % num_words];
        if (rng() % 5 == 0) tok[0] = static_cast<char>(tok[0] - 'a' + 'A');
        if (rng() % 7 == 0) tok = "(" + tok + ").";
        if (rng() % 9 == 0) tok += ",";
      } else if (r < 80 && !history.empty()) {  // copy a run of earlier tokens
        const size_t start = rng() % history.size();
        const size_t len = 1 + rng() % 12;
        for (size_t k = start; k < history.size() && k < start + len; ++k) {
          if (!doc.empty()) doc += ' ';
          doc += history[k];
        }
        continue;
      } else if (r < 88) {  // long tokens around 16, 32 and 64 bytes
        const size_t len = 10 + rng() % 70;
        const uint64_t kind = rng() % 4;
        while (tok.size() < len) {
          if (kind == 0) tok += static_cast<char>('a' + rng() % 26);
          else if (kind == 1) tok += static_cast<char>('A' + rng() % 26);
          else if (kind == 2) tok += rng() % 3 == 0 ? "\xC3\xA9" : "e";
          else tok += kPieces[rng() % num_pieces];
        }
        if (rng() % 3 == 0) tok = "\"" + tok + "\".";
      } else if (r < 94) {  // random bytes
        const size_t len = 1 + rng() % 12;
        for (size_t k = 0; k < len; ++k) tok += static_cast<char>(rng() % 256);
      } else {  // random code points below U+10000
        const size_t len = 1 + rng() % 8;
        for (size_t k = 0; k < len; ++k) {
          const uint64_t kind = rng() % 3;
          uint32_t cp = kind == 0 ? 0x80 + rng() % 0x780 : kind == 1 ? 0x800 + rng() % 0xF800 : 0xA0 + rng() % 0x1E0;
          if (cp >= 0xD800 && cp < 0xE000) cp = 'z';
          if (cp < 0x800) {
            tok += static_cast<char>(0xC0 | (cp >> 6));
          } else {
            tok += static_cast<char>(0xE0 | (cp >> 12));
            tok += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
          }
          tok += static_cast<char>(0x80 | (cp & 0x3F));
        }
      }
      history.push_back(tok);
      if (!doc.empty()) {
        const size_t choices = rng() % 3 == 0 ? num_spaces : 8;  // mostly the common ones
        doc += kSpaces[rng() % choices];
      }
      doc += tok;
      if (rng() % 25 == 0) {  // repeat the last complete line
        const size_t nl = doc.rfind('\n');
        if (nl != std::string::npos && nl > 0) {
          const size_t prev = doc.rfind('\n', nl - 1);
          const size_t from = prev == std::string::npos ? 0 : prev + 1;
          doc += "\n" + doc.substr(from, nl - from) + "\n";
        }
      }
    }
    if (rng() % 5 == 0) doc += kSpaces[rng() % num_spaces];
    docs.push_back(std::move(doc));
  }
  return docs;
}

// A list that is not built in (the computer caches less for it), with non-ASCII words.
const StopWords* CustomList() {
  static const StopWords list = *StopWords::Parse("the\nyang\ncafé\nécole\nпривет\nke\n--\n");
  return &list;
}

// Compares the computer against the reference on `docs`, with each stop-word setting in turn.
void ExpectMatchesReference(const std::vector<std::string>& docs, const char* what) {
  const StopWords* lists[] = {English(), StopWords::BuiltIn("id"), nullptr, CustomList()};
  SignalComputer computer;  // reused across documents, as in the pipeline
  int failures = 0;
  for (size_t i = 0; i < docs.size() && failures < 10; ++i) {
    for (const StopWords* list : lists) {
      QualitySignals got;
      computer.Compute(docs[i], list, &got);
      const auto want = Fields(reference::Compute(docs[i], list));
      const auto have = Fields(got);
      for (size_t f = 0; f < want.size(); ++f) {
        if (want[f].second == have[f].second) continue;
        ADD_FAILURE() << what << " document " << i << " field " << want[f].first << ": got bits "
                      << have[f].second << ", reference " << want[f].second;
        ++failures;
      }
    }
  }
}

TEST(QualitySignalsReference, HandWrittenDocuments) {
  ExpectMatchesReference(HandWrittenDocs(), "hand-written");
}

TEST(QualitySignalsReference, GeneratedDocuments) {
  ExpectMatchesReference(GeneratedDocs(1, 600), "generated");
}

// Documents made of the hand-written ones glued together at random, so that every construct
// also appears in long documents and next to every other.
TEST(QualitySignalsReference, ConcatenatedDocuments) {
  const std::vector<std::string> parts = HandWrittenDocs();
  std::mt19937_64 rng(7);
  std::vector<std::string> docs;
  for (int d = 0; d < 60; ++d) {
    std::string doc;
    const uint64_t n = 1 + rng() % 40;
    for (uint64_t k = 0; k < n; ++k) {
      doc += parts[rng() % parts.size()];
      doc += rng() % 2 ? "\n" : " ";
    }
    docs.push_back(std::move(doc));
  }
  ExpectMatchesReference(docs, "concatenated");
}

// Documents for the edges of the scanner's 16-, 57- and 64-byte windows and blocks: tokens of
// every length around them, non-ASCII whitespace across block ends, texts ending at every
// offset, and line ends that cut a whitespace character (E2 80 then an ASCII space).
std::vector<std::string> BoundaryDocs() {
  std::vector<std::string> docs;
  const std::string spaces[] = {" ", "\n", "\xC2\xA0", "\xE2\x80\x83", "\xE3\x80\x80", " \n",
                                "\xE2\x80 ", "\xE2\x80\n", "\xE2\x80\x8B"};
  for (size_t len = 1; len <= 70; ++len) {
    for (const std::string& space : spaces) {
      std::string doc;
      for (int k = 0; k < 5; ++k) {
        std::string word(len, static_cast<char>('a' + k));
        if (k % 2) word[0] = static_cast<char>('A' + k);
        if (k == 3) word = "(" + word + ").";
        if (k == 4 && len > 2) word[len / 2] = static_cast<char>(0xC3), word += "\xA9";
        doc += word + space;
      }
      docs.push_back(doc);
      docs.push_back(doc.substr(0, doc.size() - 1));
    }
  }
  // Every text length up to 200 bytes, cut from mixed text.
  const std::string mixed = std::string(kGoodText) + "Ça coûte\xC2\xA0" "cher… \xE2\x80 x\n";
  for (size_t n = 0; n <= 200 && n <= mixed.size(); ++n) docs.push_back(mixed.substr(mixed.size() - n));
  return docs;
}

TEST(QualitySignalsReference, WindowAndBlockBoundaries) {
  ExpectMatchesReference(BoundaryDocs(), "boundary");
}

// Far more distinct words than the computer's word cache holds: it grows and is emptied.
TEST(QualitySignalsReference, ManyDistinctWords) {
  std::vector<std::string> docs(2);
  for (int i = 0; i < 40000; ++i) {
    docs[0] += UniqueWords(1, i) + (i % 13 == 0 ? ".\n" : " ");
    if (i % 3 == 0) docs[1] += UniqueWords(1, i) + " " + UniqueWords(1, i / 2) + " ";
  }
  ExpectMatchesReference(docs, "many words");
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

// Digest of every field of every document, recorded from the scalar implementation that the
// vectorised scanner replaced (commit afa311e), the generated one again after the n-gram pair fix
// (FirstPairsAreDistinctNgrams); guards against the reference and the engine drifting together.
uint64_t SignalsDigest(const std::vector<std::string>& docs) {
  const StopWords* lists[] = {English(), StopWords::BuiltIn("id"), nullptr};
  SignalComputer computer;
  std::vector<uint64_t> bits;
  for (size_t i = 0; i < docs.size(); ++i) {
    QualitySignals s;
    computer.Compute(docs[i], lists[i % 3], &s);
    for (const auto& field : Fields(s)) bits.push_back(field.second);
  }
  return XXH3_64bits(bits.data(), bits.size() * sizeof(uint64_t));
}

TEST(QualitySignalsReference, GoldenDigests) {
  EXPECT_EQ(SignalsDigest(HandWrittenDocs()), 10704890691136745747u);
  EXPECT_EQ(SignalsDigest(GeneratedDocs(2, 300)), 5602562772016698757u);
}

}  // namespace
}  // namespace saring
