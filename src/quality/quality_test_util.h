// Test helpers shared by quality_test.cc and signals_differential_test.cc.
#ifndef SARING_QUALITY_QUALITY_TEST_UTIL_H_
#define SARING_QUALITY_QUALITY_TEST_UTIL_H_

#include <string>
#include <string_view>

#include "saring/quality.h"

namespace saring::quality_test {

// Plain English prose that passes every rule with default options.
inline constexpr char kGoodText[] =
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

inline QualitySignals Signals(std::string_view text, const StopWords* stop_words) {
  SignalComputer computer;
  QualitySignals s;
  computer.Compute(text, stop_words, &s);
  return s;
}

inline const StopWords* English() { return StopWords::BuiltIn("en"); }

// n distinct six-letter lower-case words: "baaaaa", "caaaaa", ... (no stop words).
inline std::string UniqueWords(int n, int offset = 0) {
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

}  // namespace saring::quality_test

#endif  // SARING_QUALITY_QUALITY_TEST_UTIL_H_
