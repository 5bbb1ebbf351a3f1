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
  const std::vector<std::string> pieces = {"word",
                                           "Don't",
                                           "anak-anak",
                                           " ",
                                           "  ",
                                           ", ",
                                           ".\r\n",
                                           "\n\n",
                                           "(x)",
                                           "\xC3\xA9t\xC3\xA9",
                                           "e\xCC\x81",
                                           "\xCC\x81",
                                           "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82",
                                           "\xD0\xB9",
                                           "\xCE\xA3\xCE\xBF\xCF\x86",
                                           "\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85",
                                           "\xE0\xA4\xA8\xE0\xA4\xAE",
                                           "\xE0\xB8\xAA\xE0\xB8\xB1",
                                           "\xE4\xB8\xAD\xE6\x96\x87",
                                           "\xE3\x81\x8B\xE3\x81\xAA",
                                           "\xD9\xA3",
                                           "\xE2\x80\x99",
                                           "\xC2\xA0",
                                           "\xC2\xAD",
                                           "\xFF",
                                           "\xEF\xAC\x81",
                                           "2024",
                                           "\xE2\x80\x94"};
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
    ASSERT_EQ(visited, SegmentedStarts(normalized))
        << "normalised: " << testing::PrintToString(normalized);
  }
}

// The scan of containers (a range of word starts that bounds where any key can be verified, then
// 32- and 16-byte blocks filtered without branches) against the plain scan of every word start.
// The documents are built to hit the search's limits: paragraphs that share their openings (keys
// pushed to later words, shared by kMaxKeySharing), many copies of a key in longer paragraphs
// (the probe budget runs out), containment at every offset, lengths near the key size, and
// spaceless-script paragraphs (word starts from SegmentWords).
TEST(ContainmentIndex, ScanMatchesReferenceScan) {
  const std::vector<std::string> vocab = {"yang",  "di",    "harga", "cabai",      "naik",
                                          "pasar", "induk", "kota",  "ini",        "the",
                                          "value", "of",    "a",     "pemerintah", "mengatakan"};
  const std::vector<std::string> openings = {"menurut data kementerian", "the value of the",
                                             "harga cabai naik"};
  const std::string thai = "\xE0\xB8\xAA\xE0\xB8\xB1\xE0\xB8\x99";  // a Thai syllable
  std::mt19937 rng(2026);
  ContainmentIndex fast;
  ContainmentIndex reference;
  reference.SetReferenceScanForTesting(true);
  int found = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    std::vector<std::string> texts;
    const int count = 2 + static_cast<int>(rng() % (iter % 10 == 0 ? 120 : 12));
    for (int i = 0; i < count; ++i) {
      std::string t;
      const int shape = static_cast<int>(rng() % 6);
      if (i > 0 && shape == 0) {  // a piece of an earlier paragraph, cut at word starts
        const std::string& source = texts[rng() % texts.size()];
        std::vector<size_t> starts = {0};
        for (size_t k = 0; k < source.size(); ++k) {
          if (source[k] == ' ') starts.push_back(k + 1);
        }
        const size_t b = starts[rng() % starts.size()];
        const size_t e = source.find(' ', b + 1 + rng() % (source.size() - b));
        t = source.substr(b, e == std::string::npos ? std::string::npos : e - b);
      } else if (i > 0 && shape == 1) {  // an earlier paragraph inside a longer one
        const std::string& inner = texts[rng() % texts.size()];
        t = vocab[rng() % vocab.size()] + " " + inner;
        if (rng() % 2 == 0) t += " " + vocab[rng() % vocab.size()];
      } else {
        if (shape == 2) t = openings[rng() % openings.size()];
        const int words = 1 + static_cast<int>(rng() % (rng() % 4 == 0 ? 60 : 12));
        for (int w = 0; w < words; ++w) {
          if (!t.empty()) t += ' ';
          t += rng() % 25 == 0 ? thai + thai : vocab[rng() % vocab.size()];
        }
      }
      texts.push_back(t);
    }
    std::string all;
    std::vector<Paragraph> paragraphs(texts.size());
    std::vector<uint8_t> wide(texts.size());
    for (size_t i = 0; i < texts.size(); ++i) {
      if (i > 0) all += '\n';
      paragraphs[i].normalized_begin = static_cast<uint32_t>(all.size());
      all += texts[i];
      paragraphs[i].normalized_end = static_cast<uint32_t>(all.size());
      paragraphs[i].removed = rng() % 16 == 0;
      wide[i] = texts[i].find('\xE0') != std::string::npos;
    }
    std::vector<int32_t> expected;
    std::vector<int32_t> actual;
    const uint32_t min_chars = rng() % 2 == 0 ? 16 : 24;
    reference.FindContainers(all, paragraphs, wide, min_chars, &expected);
    fast.FindContainers(all, paragraphs, wide, min_chars, &actual);
    ASSERT_EQ(actual, expected) << all;
    for (int32_t c : expected) found += c >= 0;
  }
  EXPECT_GT(found, 1000);  // the generator does exercise containment
}

}  // namespace
}  // namespace saring::text
