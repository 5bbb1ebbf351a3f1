// The pieces of text normalize_pinned_test.cc and normalize_table_test.cc build random input
// from (private, test-only): ASCII words, digits, punctuation, controls and whitespace; accented
// Latin precomposed and decomposed; Greek, Cyrillic, CJK, kana, Hangul jamo, Thai, Devanagari,
// Arabic and Sinhala; Unicode spaces, quotes and symbols; default-ignorables; ill-formed UTF-8.
// The list and its order are pinned: the digest in normalize_pinned_test.cc is computed over text
// generated from it. A test that wants more pieces adds them on its side.
#ifndef SARING_TEXT_NORMALIZE_TEST_PIECES_H_
#define SARING_TEXT_NORMALIZE_TEST_PIECES_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace saring::text {

inline const std::vector<std::string>& NormalizeTestPieces() {
  static const std::vector<std::string> pieces = {
      "the",
      "Quick",
      "BROWN",
      "yang",
      "Pemerintah",
      "2024",
      "3,14",
      " ",
      "  ",
      ", ",
      ". ",
      "!?",
      "(a)",
      "--",
      "\t",
      "\r\n",
      "\n\n",
      "\x01",
      "\x7f",
      "don't",
      "caf\xC3\xA9",
      "cafe\xCC\x81",
      "\xC3\x80\xC3\x89",
      "Vi\xE1\xBB\x87t",
      "a\xCC\x81\xCC\xA3",
      "\xC4\xB1",
      "\xC4\xB0",
      "\xC3\x9F",
      "\xEF\xAC\x81",
      "\xC7\x85",
      "\xCC\x81",
      "\xCD\x85",
      "\xCE\xA3\xCE\x8A",
      "\xCF\x82",
      "\xE1\xBE\x88",
      "\xD0\x9C\xD0\xBE",
      "\xD0\x99",
      "\xE4\xB8\xAD\xE6\x96\x87",
      "\xE3\x81\x8B\xE3\x82\x99",
      "\xEF\xBD\xB6\xEF\xBE\x9E",
      "\xEF\xBC\xA1\xEF\xBC\x91",
      "\xE3\x80\x82",
      "\xE3\x8C\x80",
      "\xED\x95\x9C",
      "\xE1\x84\x80",
      "\xE1\x85\xA1",
      "\xE1\x86\xA8",
      "\xE3\x84\xB1\xE3\x85\x8F",
      "\xE0\xB8\xAA\xE0\xB8\xB1",
      "\xE0\xB8\x81\xE0\xB8\xB8\xE0\xB9\x88",
      "\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7",
      "\xD8\xB9\xD8\xB1\xD8\xA8",
      "\xD9\xA3",
      "\xEF\xB7\xBA",
      "\xE0\xB7\x99\xE0\xB7\x8F",
      "\xE0\xAF\x86\xE0\xAE\xBE",
      "\xC2\xA0",
      "\xE2\x80\x83",
      "\xE3\x80\x80",
      "\xE2\x80\x9C",
      "\xE2\x80\x99",
      "\xE2\x80\x94",
      "\xE2\x80\xA6",
      "\xE2\x82\xAC",
      "\xC2\xBD",
      "\xC2\xB2",
      "\xE2\x91\xB4",
      "\xF0\x9D\x90\x80",
      "\xF0\x9F\x98\x80",
      "\xC2\xAD",
      "\xE2\x80\x8B",
      "\xE2\x80\x8D",
      "\xEF\xBB\xBF",
      "\xEF\xB8\x8F",
      "\xEE\x80\x80",
      "\x80",
      "\xE2\x82",
      "\xC0\xAF",
      "\xED\xA0\x80",
      "\xF4\x90\x80\x80",
      "\xFF",
  };
  return pieces;
}

// How generated text is put together: (*rng)() % max_parts parts; a part is, one time in
// ascii_one_in, an ASCII run shorter than max_ascii_run bytes (one byte in space_one_in a space,
// the others printable or letters), and otherwise a piece chosen by the part's random number
// shifted right by piece_shift. The pinned digest fixes the order of the rng calls.
struct GeneratedTextShape {
  uint32_t max_parts;
  uint32_t ascii_one_in;
  uint32_t max_ascii_run;
  uint32_t space_one_in;
  int piece_shift;
};

inline std::string GenerateTestText(std::mt19937* rng, const std::vector<std::string>& pieces,
                                    const GeneratedTextShape& shape) {
  std::string s;
  const uint32_t parts = (*rng)() % shape.max_parts;
  for (uint32_t k = 0; k < parts; ++k) {
    const uint32_t r = (*rng)();
    if (r % shape.ascii_one_in == 0) {
      const uint32_t run = (*rng)() % shape.max_ascii_run;
      for (uint32_t j = 0; j < run; ++j) {
        const uint32_t c = (*rng)();
        s.push_back(c % shape.space_one_in == 0
                        ? ' '
                        : static_cast<char>(c % 3 == 0 ? 32 + (c >> 8) % 95 : 'a' + (c >> 8) % 26));
      }
    } else {
      s += pieces[(r >> shape.piece_shift) % pieces.size()];
    }
  }
  return s;
}

}  // namespace saring::text

#endif  // SARING_TEXT_NORMALIZE_TEST_PIECES_H_
