// Pins NormalizeText's output: literal cases over the scripts and hazards of crawled text, and a
// digest of the output for thousands of generated strings under all eight option combinations.
// The expected values were computed by the implementation before the fast paths were extended
// (the code point table, AVX2 blocks); any change to them is a change of the normal form, which
// would silently break comparisons with indexes and outputs of earlier runs.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "saring/normalize.h"
#include "text/normalize_test_pieces.h"

namespace saring {
namespace {

std::string Norm(std::string_view s, NormalizeOptions o = {}) {
  std::string out;
  NormalizeText(s, o, &out);
  return out;
}

TEST(NormalizePinned, Literals) {
  struct Case {
    std::string in, out;
  };
  const std::vector<Case> cases = {
      {"Presiden Joko Widodo (Jokowi) meresmikan   jalan tol, Senin (12/3).",
       "presiden joko widodo jokowi meresmikan jalan tol senin 12 3"},
      {"\"Kami\xE2\x80\x99re senang,\xE2\x80\x9D kata\xC2\xA0"
       "Budi \xE2\x80\x94 warga\xE2\x80\xA6",
       "kami re senang kata budi warga"},
      {"Caf\xC3\xA9 cre\xCC\x80me br\xC3\xBBl\xC3\xA9"
       "e \xC3\x80 LA CARTE",
       "caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9"
       "e \xC3\xA0 la carte"},
      {"\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82, \xD0\x9C\xD0\x98\xD0\xA0!",
       "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 \xD0\xBC\xD0\xB8\xD1\x80"},
      {"\xE4\xB8\xAD\xE6\x96\x87\xE3\x80\x81\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x80\x82",
       "\xE4\xB8\xAD\xE6\x96\x87 \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"},
      {"\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5 "
       "\xE0\xB8\x84\xE0\xB8\xA3\xE0\xB8\xB1\xE0\xB8\x9A",
       "\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5 "
       "\xE0\xB8\x84\xE0\xB8\xA3\xE0\xB8\xB1\xE0\xB8\x9A"},
      {"\xEF\xAC\x81nal o\xEF\xAC\x83"
       "ce \xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3\xEF\xBC\x91\xEF\xBC\x92",
       "final office abc12"},
      {"a\xE2\x80\x83"
       "b\xE2\x80\xAF"
       "c\xE3\x80\x80"
       "d\xE2\x80\xA8"
       "e\tf\r\ng",
       "a b c d e f g"},
      {"kerja\xC2\xAD"
       "sama ab\xE2\x80\x8B"
       "cd \xEF\xBB\xBF"
       "x",
       "kerjasama abcd x"},
      {"ab\xFF"
       "cd \xE2\x82"
       "ef \xC0\xAF"
       "gh \xED\xA0\x80"
       "ij",
       "ab cd ef gh ij"},
      {"Stra\xC3\x9F"
       "e \xCE\xA3\xCE\x8A\xCE\xA3\xCE\xA5\xCE\xA6\xCE\x9F\xCE\xA3 \xC4\xB0stanbul",
       "strasse \xCF\x83\xCE\xAF\xCF\x83\xCF\x85\xCF\x86\xCE\xBF\xCF\x83 i\xCC\x87stanbul"},
      {"\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB \xE3\x84\xB1\xE3\x85\x8F \xED\x95\x9C\xEA\xB5\xAD",
       "\xED\x95\x9C \xEA\xB0\x80 \xED\x95\x9C\xEA\xB5\xAD"},
      {"x\xC2\xB2 \xE2\x91\xB4 \xC2\xBD \xE2\x85\xA2 \xF0\x9D\x90\x80 \xF0\x9F\x98\x80!",
       "x2 1 1 2 iii a"},
      {"\xE0\xB7\x99\xE0\xB7\x8F \xE0\xA4\x95\xE0\xA4\xBC\xE0\xA5\x8D "
       "\xD8\xA7\xD9\x84\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85",
       "\xE0\xB7\x9C \xE0\xA4\x95\xE0\xA4\xBC\xE0\xA5\x8D "
       "\xD8\xA7\xD9\x84\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85"},
  };
  for (const Case& c : cases) EXPECT_EQ(Norm(c.in), c.out) << testing::PrintToString(c.in);
}

// FNV-1a, 64-bit: a digest that does not depend on the platform or the library.
uint64_t Fnv(uint64_t h, std::string_view s) {
  for (unsigned char c : s) h = (h ^ c) * 0x100000001B3ULL;
  return (h ^ 0xFF) * 0x100000001B3ULL;  // end of string
}

std::string Generate(std::mt19937* rng) {
  return text::GenerateTestText(rng, text::NormalizeTestPieces(), {40, 4, 70, 5, 2});
}

TEST(NormalizePinned, DigestOfGeneratedText) {
  std::mt19937 rng(8086);
  uint64_t digest = 0xCBF29CE484222325ULL;
  for (int iter = 0; iter < 4000; ++iter) {
    const std::string s = Generate(&rng);
    for (int i = 0; i < 8; ++i)
      digest = Fnv(digest, Norm(s, {(i & 1) != 0, (i & 2) != 0, (i & 4) != 0}));
  }
  EXPECT_EQ(digest, 0xfbbd57483c49a0b5ULL) << std::hex << "0x" << digest;
}

}  // namespace
}  // namespace saring
