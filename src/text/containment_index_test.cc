// Differential test of the containment search's word-start scan: its fast path (spaces found
// eight bytes at a time, used for all text without spaceless scripts) must visit exactly the
// word begins SegmentWords finds, on normalised text of every script mix.
#include "text/containment_index.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "saring/normalize.h"
#include "saring/words.h"

namespace saring::text {
namespace {

std::vector<uint32_t> SegmentedStarts(std::string_view s) {
  std::vector<WordSpan> words;
  SegmentWords(s, &words);
  std::vector<uint32_t> starts;
  for (const WordSpan& w : words) starts.push_back(w.begin);
  return starts;
}

TEST(ContainmentIndex, WordStartsMatchSegmentWordsOnNormalizedText) {
  // ASCII words and punctuation, Latin with accents and combining marks, Cyrillic, Greek, Arabic,
  // Devanagari, Thai, CJK, kana, digits of other scripts, joiners, NBSP, CRLF, invalid bytes.
  const std::vector<std::string> pieces = {
      "word", "Don't", "anak-anak", " ", "  ", ", ", ".\r\n", "\n\n", "(x)", "\xC3\xA9t\xC3\xA9",
      "e\xCC\x81", "\xCC\x81", "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82", "\xD0\xB9",
      "\xCE\xA3\xCE\xBF\xCF\x86", "\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85", "\xE0\xA4\xA8\xE0\xA4\xAE",
      "\xE0\xB8\xAA\xE0\xB8\xB1", "\xE4\xB8\xAD\xE6\x96\x87", "\xE3\x81\x8B\xE3\x81\xAA",
      "\xD9\xA3", "\xE2\x80\x99", "\xC2\xA0", "\xC2\xAD", "\xFF", "\xEF\xAC\x81", "2024", "\xE2\x80\x94"};
  std::mt19937 rng(4242);
  ContainmentIndex index;
  for (int iter = 0; iter < 5000; ++iter) {
    std::string raw;
    const int parts = 1 + static_cast<int>(rng() % 24);
    for (int k = 0; k < parts; ++k) raw += pieces[rng() % pieces.size()];
    std::string normalized;
    NormalizeText(raw, NormalizeOptions(), &normalized);
    std::vector<uint32_t> visited;
    index.WordStartsForTesting(normalized, &visited);
    ASSERT_EQ(visited, SegmentedStarts(normalized)) << "normalised: " << testing::PrintToString(normalized);
  }
}

}  // namespace
}  // namespace saring::text
