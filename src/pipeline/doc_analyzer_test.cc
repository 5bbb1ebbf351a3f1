#include "pipeline/doc_analyzer.h"

#include <string>

#include <gtest/gtest.h>

namespace saring::pipeline {
namespace {

// The byte-at-a-time definition the vector path must reproduce.
std::string FoldReference(std::string_view in) {
  std::string out(in);
  for (char& c : out) {
    if (c >= '1' && c <= '9') c = '0';
  }
  return out;
}

TEST(FoldDigitsToZero, EveryByteValueAtEveryPositionOfABlock) {
  // 256 values, each placed at every offset of 16-byte blocks and of the scalar tail.
  for (size_t length : {0, 1, 15, 16, 17, 31, 32, 33, 47, 64, 257}) {
    for (int v = 0; v < 256; ++v) {
      std::string in(length, 'x');
      for (size_t i = 0; i < length; i += 3) in[i] = static_cast<char>(v);
      std::string out(length, '\0');
      FoldDigitsToZero(in, out.data());
      ASSERT_EQ(out, FoldReference(in)) << "length " << length << " byte " << v;
    }
  }
}

TEST(FoldDigitsToZero, FoldsOnlyAsciiDigitsInRealText) {
  const std::string in = "berita 17 agustus 2025 pukul 09.30 wib: harga naik 3,5 persen (rp 1.250) ¹²³ ١٢٣";
  std::string out(in.size(), '\0');
  FoldDigitsToZero(in, out.data());
  EXPECT_EQ(out, "berita 00 agustus 0000 pukul 00.00 wib: harga naik 0,0 persen (rp 0.000) ¹²³ ١٢٣");
}

TEST(FoldDigitsToZero, InPlace) {
  std::string s = "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9";
  const std::string expected = FoldReference(s);
  FoldDigitsToZero(s, s.data());
  EXPECT_EQ(s, expected);
}

}  // namespace
}  // namespace saring::pipeline
