#include "util/base64.h"

#include <random>
#include <string>

#include <gtest/gtest.h>

namespace saring {
namespace {

std::string Encode(std::string_view bytes) {
  std::string out;
  AppendBase64(bytes, &out);
  return out;
}

TEST(Base64, Rfc4648Vectors) {
  // RFC 4648, section 10.
  EXPECT_EQ(Encode(""), "");
  EXPECT_EQ(Encode("f"), "Zg==");
  EXPECT_EQ(Encode("fo"), "Zm8=");
  EXPECT_EQ(Encode("foo"), "Zm9v");
  EXPECT_EQ(Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Encode("foobar"), "Zm9vYmFy");
  std::string out;
  ASSERT_TRUE(DecodeBase64("Zm9vYmE=", &out));
  EXPECT_EQ(out, "fooba");
}

TEST(Base64, RoundTripsEveryByteAndLength) {
  std::mt19937 rng(5);
  for (size_t n = 0; n < 300; ++n) {
    std::string bytes(n, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    std::string decoded;
    ASSERT_TRUE(DecodeBase64(Encode(bytes), &decoded)) << n;
    EXPECT_EQ(decoded, bytes);
  }
}

TEST(Base64, PaddingMayBeOmitted) {
  std::string out;
  ASSERT_TRUE(DecodeBase64("Zm9vYg", &out));
  EXPECT_EQ(out, "foob");
  out.clear();
  ASSERT_TRUE(DecodeBase64("eyJpZCI6ImJhZC0yIn0", &out));
  EXPECT_EQ(out, "{\"id\":\"bad-2\"}");
}

TEST(Base64, MalformedInputIsRefused) {
  for (std::string_view bad :
       {"not*base64", "Zm9v=Yg==", "Zm9vY", "Zm9vYg===", "Zg=", "Z===", "Zm9 v"}) {
    std::string out;
    EXPECT_FALSE(DecodeBase64(bad, &out)) << bad;
  }
}

}  // namespace
}  // namespace saring
