// Tests for SegmentWords.
#include "saring/words.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace saring {
namespace {

std::vector<std::string> Words(std::string_view s) {
  std::vector<WordSpan> spans;
  SegmentWords(s, &spans);
  std::vector<std::string> words;
  for (const WordSpan& w : spans) words.emplace_back(s.substr(w.begin, w.end - w.begin));
  return words;
}

using Strings = std::vector<std::string>;

TEST(SegmentWords, English) {
  EXPECT_EQ(Words("Hello, world! It's a well-known fact."),
            (Strings{"Hello", "world", "It's", "a", "well-known", "fact"}));
  EXPECT_EQ(Words("pre- and post-war, 3.14 and 42"),
            (Strings{"pre", "and", "post-war", "3", "14", "and", "42"}));
  EXPECT_EQ(Words(""), Strings{});
  EXPECT_EQ(Words(" ,.;- "), Strings{});
}

TEST(SegmentWords, Apostrophes) {
  EXPECT_EQ(Words("'quoted' rock'n'roll 90's don\xE2\x80\x99t"),
            (Strings{"quoted", "rock'n'roll", "90", "s", "don\xE2\x80\x99t"}));
  EXPECT_EQ(Words("letters' end"), (Strings{"letters", "end"}));
}

TEST(SegmentWords, Indonesian) {
  EXPECT_EQ(Words("Anak-anak bermain di luar, kata dia (30/8)."),
            (Strings{"Anak-anak", "bermain", "di", "luar", "kata", "dia", "30", "8"}));
  EXPECT_EQ(Words("COVID-19 ke-3"),
            (Strings{"COVID", "19", "ke", "3"}));  // hyphen joins letters only
}

TEST(SegmentWords, NonAsciiLettersAndMarks) {
  EXPECT_EQ(Words("cafe\xCC\x81 na\xC3\xAFve \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0!"),
            (Strings{"cafe\xCC\x81", "na\xC3\xAFve",
                     "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"}));
  EXPECT_EQ(Words("ab\xFF"
                  "cd"),
            (Strings{"ab", "cd"}));  // invalid bytes separate
}

TEST(SegmentWords, ChineseIsOneWordPerCharacter) {
  std::vector<WordSpan> spans;
  const std::string text =
      "\xE6\x88\x91\xE7\x88\xB1\xE5\x8C\x97\xE4\xBA\xAC ABC\xE4\xB8\xAD";  // 我爱北京 ABC中
  SegmentWords(text, &spans);
  ASSERT_EQ(spans.size(), 6u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(spans[i].spaceless_script);
    EXPECT_EQ(spans[i].begin, 3u * i);
    EXPECT_EQ(spans[i].end, 3u * i + 3);
  }
  EXPECT_EQ(text.substr(spans[4].begin, spans[4].end - spans[4].begin), "ABC");
  EXPECT_FALSE(spans[4].spaceless_script);
  EXPECT_TRUE(spans[5].spaceless_script);
}

TEST(SegmentWords, JapaneseKana) {
  // 東京タワー: two Han, three Katakana (the long-vowel mark is a letter of its own).
  EXPECT_EQ(Words("\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x82\xBF\xE3\x83\xAF\xE3\x83\xBC").size(), 5u);
}

TEST(SegmentWords, ThaiLettersKeepTheirMarks) {
  // สวัสดีครับ: ส ว+ั ส ด+ี ค ร+ั บ
  const Strings expected = {
      "\xE0\xB8\xAA", "\xE0\xB8\xA7\xE0\xB8\xB1", "\xE0\xB8\xAA", "\xE0\xB8\x94\xE0\xB8\xB5",
      "\xE0\xB8\x84", "\xE0\xB8\xA3\xE0\xB8\xB1", "\xE0\xB8\x9A"};
  EXPECT_EQ(Words("\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5\xE0\xB8"
                  "\x84\xE0\xB8\xA3"
                  "\xE0\xB8\xB1\xE0\xB8\x9A"),
            expected);
}

TEST(SegmentWords, AppendsAndReportsOffsets) {
  std::vector<WordSpan> spans = {{7, 9, false}};
  SegmentWords("  ab cd", &spans);
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[1].begin, 2u);
  EXPECT_EQ(spans[1].end, 4u);
  EXPECT_EQ(spans[2].begin, 5u);
  EXPECT_EQ(spans[2].end, 7u);
  EXPECT_FALSE(spans[2].spaceless_script);
}

}  // namespace
}  // namespace saring
