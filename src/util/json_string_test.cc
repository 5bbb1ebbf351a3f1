#include "saring/json_string.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cmath>
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

TEST(AppendJsonString, SafeTextIsValidJsonForAnyBytesAndSafeInsideHtmlScripts) {
  std::string out;
  AppendJsonString("a\"b\\c\n</script>\x01\xff/x", &out, JsonStringMode::kSafeText);
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n<\\/script>\\u0001\\ufffd/x\"");
  // Valid sequences pass through; overlong forms, surrogates, code points past U+10FFFF and cut
  // sequences are replaced byte by byte.
  out.clear();
  AppendJsonString(
      "\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xc0\xaf \xed\xa0\x80 \xf4\x90\x80\x80 \xe2\x82",
      &out, JsonStringMode::kSafeText);
  EXPECT_EQ(out,
            "\"\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \\ufffd\\ufffd \\ufffd\\ufffd\\ufffd "
            "\\ufffd\\ufffd\\ufffd\\ufffd \\ufffd\\ufffd\"");
  // Random bytes at every alignment: the literal always parses, and plain ASCII is kept as is.
  std::mt19937 rng(11);
  simdjson::dom::parser parser;
  for (int round = 0; round < 2000; ++round) {
    std::string s(rng() % 40, 'a');
    for (char& c : s)
      c = rng() % 4 == 0 ? static_cast<char>(rng() % 256) : static_cast<char>('!' + rng() % 90);
    std::string lit;
    AppendJsonString(s, &lit, JsonStringMode::kSafeText);
    std::string_view parsed;
    ASSERT_EQ(parser.parse(lit).get_string().get(parsed), simdjson::SUCCESS) << lit;
    ASSERT_EQ(lit.find("</"), std::string::npos) << lit;
    bool ascii = true;
    for (char c : s) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) {
      EXPECT_EQ(parsed, s);
    }
  }
}

TEST(AppendJsonNumber, IntegersExactlyOthersWithSixDigitsNonFiniteAsNull) {
  std::string n;
  for (double v : {12.0, -3.0, 0.125, 1.0 / 3, 1e20, std::nan("")}) {
    AppendJsonNumber(v, &n);
    n += ' ';
  }
  EXPECT_EQ(n, "12 -3 0.125 0.333333 1e+20 null ");
  EXPECT_EQ(JsonQuoted("a\"b"), "\"a\\\"b\"");
}

TEST(JsonPointer, EscapesTildeAndSlash) {
  EXPECT_EQ(JsonPointer({"filters", "quality", "by_cause", "c4.a/b~c"}),
            "/filters/quality/by_cause/c4.a~1b~0c");
  EXPECT_EQ(JsonPointer({}), "");
}

}  // namespace
}  // namespace saring
