#include "saring/shingle_text.h"

#include <gtest/gtest.h>

#include <string>

namespace saring {
namespace {

TEST(PrepareShingleText, FoldsAsciiDigitsOnlyAndReplacesTheOutput) {
  std::string out = "an earlier, longer text that must not survive in the output";
  PrepareShingleText("harga naik 3,5 persen pada 17 agustus 2025 ¹²³", &out);
  EXPECT_EQ(out, "harga naik 0,0 persen pada 00 agustus 0000 ¹²³");
  PrepareShingleText("", &out);
  EXPECT_EQ(out, "");
}

}  // namespace
}  // namespace saring
