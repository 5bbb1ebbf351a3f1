// Tests for DecodeHtml and CanonicalCharset: each source of the charset (BOM, HTTP header,
// <meta>, default) and each charset Indonesian pages come in.
#include <gtest/gtest.h>

#include <string>

#include "saring/extract.h"

namespace saring {
namespace {

HtmlDecoded Decode(std::string_view bytes, std::string_view header = "") {
  HtmlDecoded d;
  Status s = DecodeHtml(bytes, header, &d);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return d;
}

TEST(DecodeHtml, Utf8FromMetaCharset) {
  HtmlDecoded d = Decode("<html><head><meta charset=\"UTF-8\"><title>Caf\xC3\xA9</title>");
  EXPECT_EQ(d.charset, "utf-8");
  EXPECT_EQ(d.charset_source, "meta");
  EXPECT_EQ(d.utf8, "<html><head><meta charset=\"UTF-8\"><title>Caf\xC3\xA9</title>");
}

TEST(DecodeHtml, Windows1252ByDefault) {
  // 0x93/0x94 are curly quotes in windows-1252, 0xE9 is e-acute.
  HtmlDecoded d = Decode("<p>\x93Kafe\x94 caf\xE9</p>");
  EXPECT_EQ(d.charset, "windows-1252");
  EXPECT_EQ(d.charset_source, "default");
  EXPECT_EQ(d.utf8, "<p>\xE2\x80\x9CKafe\xE2\x80\x9D caf\xC3\xA9</p>");
}

TEST(DecodeHtml, UnlabelledWellFormedUtf8IsUtf8) {
  HtmlDecoded d = Decode("<p>adopt\xC3\xA9 \xE2\x80\x9Cok\xE2\x80\x9D</p>");
  EXPECT_EQ(d.charset, "utf-8");
  EXPECT_EQ(d.charset_source, "default");
  EXPECT_EQ(d.utf8, "<p>adopt\xC3\xA9 \xE2\x80\x9Cok\xE2\x80\x9D</p>");
  d = Decode("<p>plain ascii</p>");
  EXPECT_EQ(d.charset, "windows-1252");
}

TEST(DecodeHtml, Iso88591FromHttpHeaderDecodesAsWindows1252) {
  HtmlDecoded d = Decode("<p>Jos\xE9 \x85</p>", "text/html; charset=ISO-8859-1");
  EXPECT_EQ(d.charset_source, "http");
  EXPECT_EQ(d.charset, "windows-1252");
  EXPECT_EQ(d.utf8, "<p>Jos\xC3\xA9 \xE2\x80\xA6</p>");
}

TEST(DecodeHtml, HttpHeaderWinsOverMeta) {
  HtmlDecoded d = Decode("<meta charset=\"utf-8\"><p>\xE9</p>", "text/html;charset=\"latin1\"");
  EXPECT_EQ(d.charset_source, "http");
  EXPECT_EQ(d.utf8, "<meta charset=\"utf-8\"><p>\xC3\xA9</p>");
}

TEST(DecodeHtml, MetaHttpEquivContentType) {
  HtmlDecoded d = Decode(
      "<!-- <meta charset=utf-8> in a comment is ignored -->"
      "<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=iso-8859-1'><p>\xE0</p>");
  EXPECT_EQ(d.charset_source, "meta");
  EXPECT_EQ(d.charset, "windows-1252");
  EXPECT_NE(d.utf8.find("<p>\xC3\xA0</p>"), std::string::npos);
}

TEST(DecodeHtml, BomWinsOverEverything) {
  HtmlDecoded d =
      Decode("\xEF\xBB\xBF<meta charset=windows-1252><p>\xC3\xA9</p>", "text/html; charset=latin1");
  EXPECT_EQ(d.charset_source, "bom");
  EXPECT_EQ(d.charset, "utf-8");
  EXPECT_EQ(d.utf8, "<meta charset=windows-1252><p>\xC3\xA9</p>");
}

TEST(DecodeHtml, Utf16LittleEndianBom) {
  std::string bytes("\xFF\xFE", 2);
  for (char c : std::string("<p>Hi</p>")) bytes.append({c, '\0'});
  HtmlDecoded d = Decode(bytes);
  EXPECT_EQ(d.charset, "utf-16le");
  EXPECT_EQ(d.utf8, "<p>Hi</p>");
}

TEST(DecodeHtml, InvalidUtf8BecomesReplacementCharacters) {
  HtmlDecoded d = Decode(
      "<p>a\xFF"
      "b\xE2\x82</p>",
      "text/html; charset=utf-8");
  EXPECT_EQ(d.utf8,
            "<p>a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD</p>");
}

TEST(DecodeHtml, UnknownLabelFallsThroughToNextSource) {
  HtmlDecoded d = Decode("<meta charset=\"utf-8\"><p>ok</p>", "text/html; charset=klingon-7");
  EXPECT_EQ(d.charset_source, "meta");
  d = Decode("<meta charset=\"x-nonsense\"><p>\xE9</p>");
  EXPECT_EQ(d.charset_source, "default");
  EXPECT_EQ(d.charset, "windows-1252");
}

TEST(DecodeHtml, MetaSayingUtf16IsReadAsUtf8) {
  HtmlDecoded d = Decode("<meta charset=\"utf-16\"><p>\xC3\xA9</p>");
  EXPECT_EQ(d.charset, "utf-8");
  EXPECT_EQ(d.utf8, "<meta charset=\"utf-16\"><p>\xC3\xA9</p>");
}

TEST(DecodeHtml, OtherIcuCharsets) {
  // windows-1251 (Cyrillic): 0xCF 0xF0 = "Пр".
  HtmlDecoded d = Decode("\xCF\xF0", "text/html; charset=windows-1251");
  EXPECT_EQ(d.utf8, "\xD0\x9F\xD1\x80");
  // Shift_JIS 0x82 0xA0 = HIRAGANA LETTER A.
  d = Decode("\x82\xA0", "text/html; charset=Shift_JIS");
  EXPECT_EQ(d.utf8, "\xE3\x81\x82");
}

TEST(CanonicalCharset, Aliases) {
  EXPECT_EQ(CanonicalCharset(" UTF8 "), "utf-8");
  EXPECT_EQ(CanonicalCharset("Latin1"), "windows-1252");
  EXPECT_EQ(CanonicalCharset("us-ascii"), "windows-1252");
  EXPECT_EQ(CanonicalCharset("gb2312"), "gbk");
  EXPECT_EQ(CanonicalCharset("no-such-charset"), "");
  EXPECT_EQ(CanonicalCharset(""), "");
}

}  // namespace
}  // namespace saring
