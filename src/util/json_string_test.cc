#include "util/json_string.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>

namespace saring {
namespace {

// Byte by byte, as the JSON grammar says: '"', '\\' and the control characters are escaped.
std::string Reference(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c == '\b') out += "\\b";
    else if (c == '\f') out += "\\f";
    else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out + "\"";
}

TEST(AppendJsonString, MatchesTheByteByByteRuleAtEveryPositionAndLength) {
  std::mt19937 rng(7);
  // Mostly plain bytes with rare specials, so that both the 8-byte skip and the exits are taken.
  const std::string specials = std::string("\"\\\n\t\x01\x1f", 6) + "\x7f\x80\xff ";
  for (int round = 0; round < 3000; ++round) {
    std::string s(rng() % 40, 'a');
    for (char& c : s) {
      c = rng() % 6 == 0 ? specials[rng() % specials.size()] : static_cast<char>('!' + rng() % 90);
    }
    std::string out = "x";
    AppendJsonString(s, &out);
    // Built by appending: GCC 12 reports a false -Wrestrict in `"x" + std::string&&`, whose
    // insert at the front it inlines (GCC bug 105329).
    std::string expected = "x";
    expected += Reference(s);
    ASSERT_EQ(out, expected) << "input of " << s.size() << " bytes";
  }
  for (int c = 0; c < 256; ++c) {
    std::string s(17, 'q');
    s[9] = static_cast<char>(c);
    std::string out;
    AppendJsonString(s, &out);
    EXPECT_EQ(out, Reference(s)) << "byte " << c;
  }
}

}  // namespace
}  // namespace saring
