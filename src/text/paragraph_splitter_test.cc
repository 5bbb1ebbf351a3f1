// Tests for line scanning, terminal punctuation, credit lines and paragraph grouping.
#include "text/paragraph_splitter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace saring::text {
namespace {

using Groups = std::vector<std::pair<uint32_t, uint32_t>>;  // 1-based first and last line

Groups Split(std::string_view text, uint32_t* wrap_width = nullptr) {
  ParagraphSplitter splitter;
  splitter.Split(text, 0, 48);
  Groups groups;
  for (const ParagraphLines& p : splitter.paragraphs())
    groups.emplace_back(p.first_line + 1, p.last_line + 1);
  if (wrap_width != nullptr) *wrap_width = splitter.wrap_width();
  return groups;
}

std::string Crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out.push_back('\r');
    out.push_back(c);
  }
  return out;
}

TEST(EndsWithTerminalPunctuation, Cases) {
  for (const char* yes : {"Selesai.", "Benarkah?", "Awas!", "Katanya:", "Tunggu\xE2\x80\xA6",
                          "dia berkata.\"", "(lihat gambar.)", "ucap Peskov (30/8).",
                          "kata dia.\xE2\x80\x9D  ", "\xE5\xA5\xBD\xE3\x80\x82"}) {
    EXPECT_TRUE(EndsWithTerminalPunctuation(yes)) << yes;
  }
  for (const char* no :
       {"", "Juru bicara Kremlin", "(Sputnik)", "harga 3.5", "kata \"dia\"", "akhir,", "   "}) {
    EXPECT_FALSE(EndsWithTerminalPunctuation(no)) << no;
  }
}

TEST(IsCreditLine, Tags) {
  for (const char* yes :
       {"(Sputnik)", "(esn/indo)", "(BBC/Sputnik/ABNS)", "(Antara)", "(rm/indo)", "(sya)",
        "(Foto: Reuters)", "  (Antara)\t", "(Foto: Reuters/Dmitri Ivanov)", "(Ant.)"}) {
    EXPECT_TRUE(IsCreditLine(yes, 48)) << yes;
  }
}

TEST(IsCreditLine, NotTags) {
  for (const char* no :
       {"Menurut laporan (Antara) kemarin, harga naik.", "(Antara) Jakarta - Harga naik.",
        "Sumber: (Antara)", "()", "( )", "(123)", "(30/8)", "(a (b) c)", "(Dia pergi ke pasar.)",
        "(Ini adalah sebuah kalimat yang cukup panjang di dalam kurung)",
        "(satu dua tiga empat lima enam tujuh)"}) {
    EXPECT_FALSE(IsCreditLine(no, 48)) << no;
  }
  EXPECT_FALSE(IsCreditLine("(BBC/Sputnik/ABNS)", 10));  // longer than max_chars
}

TEST(ParagraphSplitter, BlankLinesSeparateAndOneLinePerParagraph) {
  EXPECT_EQ(Split("Satu.\nDua.\n\n  \nTiga\n"), (Groups{{1, 1}, {2, 2}, {5, 5}}));
  EXPECT_EQ(Split(""), Groups{});
  EXPECT_EQ(Split("\n\n"), Groups{});
  EXPECT_EQ(Split("tanpa akhir baris"), (Groups{{1, 1}}));
}

TEST(ParagraphSplitter, ShortLinesWithoutWrapEvidenceStaySeparate) {
  // A list: no line reaches the minimum wrap width, so nothing is joined.
  uint32_t width = 99;
  EXPECT_EQ(Split("Beranda\nBerita\nOlahraga\nHiburan\n", &width),
            (Groups{{1, 1}, {2, 2}, {3, 3}, {4, 4}}));
  EXPECT_EQ(width, 0u);
}

const char kWrapped[] =
    "Pemerintah kota mengumumkan rencana pembangunan taman baru di pusat\n"  // 1
    "kota. Taman itu akan dibuka untuk umum mulai bulan depan.\n"            // 2
    "BERITAKITA, BANDUNG - Wali kota\n"                                      // 3: short wrap
    "mengatakan bahwa anggaran pembangunan berasal dari dana daerah dan\n"   // 4
    "sumbangan warga yang dikumpulkan selama dua tahun terakhir oleh\n"      // 5
    "panitia pembangunan.\n"                                                 // 6
    "Warga menyambut baik rencana tersebut karena selama ini anak-anak tidak memiliki tempat "
    "bermain yang "
    "aman dan nyaman di sekitar rumah mereka.\n"  // 7: long line
    "(Antara)\n";                                 // 8

TEST(ParagraphSplitter, HardWrappedParagraphs) {
  uint32_t width = 0;
  EXPECT_EQ(Split(kWrapped, &width), (Groups{{1, 2}, {3, 6}, {7, 7}, {8, 8}}));
  EXPECT_GE(width, 60u);
  EXPECT_LE(width, 70u);
}

TEST(ParagraphSplitter, CrlfSplitsLikeLf) {
  EXPECT_EQ(Split(Crlf(kWrapped)), Split(kWrapped));
  ParagraphSplitter splitter;
  const std::string crlf = Crlf("ab\ncd");
  splitter.Split(crlf, 0, 48);
  ASSERT_EQ(splitter.lines().size(), 2u);
  EXPECT_EQ(splitter.lines()[0].end, 2u);   // before "\r\n"
  EXPECT_EQ(splitter.lines()[0].next, 4u);  // after it
  EXPECT_EQ(splitter.lines()[1].begin, 4u);
  EXPECT_EQ(splitter.lines()[1].end, 6u);
  EXPECT_EQ(splitter.lines()[1].next, 6u);
}

TEST(ParagraphSplitter, CreditLineIsNeverJoined) {
  const std::string text =
      "Sebuah kalimat panjang yang dipotong pada lebar enam puluh kolom\n"
      "dan diteruskan di baris berikutnya tanpa tanda baca di akhir\n"
      "(Antara)\n"
      "dan baris ini juga tidak berakhir dengan tanda baca apa pun\n"
      "sampai di sini.\n";
  EXPECT_EQ(Split(text), (Groups{{1, 2}, {3, 3}, {4, 5}}));
}

TEST(ParagraphSplitter, WrappedLineBeforeLongLineDoesNotJoinIt) {
  const std::string long_line(200, 'x');
  const std::string text =
      "Sebuah kalimat panjang yang dipotong pada lebar enam puluh kolom\n"
      "dan diteruskan di baris berikutnya tanpa tanda baca di akhir\n"
      "dan baris ini juga tidak berakhir dengan tanda baca apa pun\n" +
      long_line + "\n";
  EXPECT_EQ(Split(text), (Groups{{1, 3}, {4, 4}}));
}

// The line scan (one SIMD pass finding each line's end and counting its code points) against a
// plain reference, on lines of every length around the 16-byte blocks and the 1024 bytes counted,
// with multi-byte characters, trailing blanks (NBSP included), CR, and a text that ends mid-line.
TEST(ParagraphSplitter, LinesMatchAPlainScan) {
  const std::vector<std::string> pieces = {
      "a",  "word ",    "Jakarta", "\xC3\xA9", "\xE4\xB8\xAD", "\xF0\x9F\x98\x80", " ",
      "\t", "\xC2\xA0", "\r",      ".",        "(x)",          "\xE2\x80\x9D"};
  const auto is_blank = [](unsigned char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
  };
  std::mt19937 rng(2718);
  ParagraphSplitter splitter;
  for (int iter = 0; iter < 400; ++iter) {
    std::string text;
    const int lines = 1 + static_cast<int>(rng() % 6);
    for (int l = 0; l < lines; ++l) {
      const size_t target = rng() % 4 == 0 ? 900 + rng() % 300 : rng() % 80;
      const size_t line_begin = text.size();
      while (text.size() - line_begin < target) text += pieces[rng() % pieces.size()];
      if (l + 1 < lines || rng() % 2 == 0) text += rng() % 3 == 0 ? "\r\n" : "\n";
    }
    splitter.Split(text, 0, 48);
    size_t pos = 0;
    size_t index = 0;
    while (pos < text.size()) {
      const size_t newline = text.find('\n', pos);
      const size_t line_end = newline == std::string::npos ? text.size() : newline;
      size_t end = line_end;
      if (end > pos && text[end - 1] == '\r') --end;
      size_t trimmed = end;
      while (trimmed > pos) {
        if (is_blank(static_cast<unsigned char>(text[trimmed - 1]))) {
          --trimmed;
        } else if (trimmed - pos >= 2 && text.compare(trimmed - 2, 2, "\xC2\xA0") == 0) {
          trimmed -= 2;
        } else {
          break;
        }
      }
      size_t width = 0;
      for (size_t k = pos; k < trimmed; ++k)
        width += (static_cast<unsigned char>(text[k]) & 0xC0) != 0x80;
      ASSERT_LT(index, splitter.lines().size());
      const LineInfo& line = splitter.lines()[index];
      EXPECT_EQ(line.begin, pos);
      EXPECT_EQ(line.end, end);
      EXPECT_EQ(line.next, newline == std::string::npos ? text.size() : newline + 1);
      if (!line.blank) {
        EXPECT_EQ(line.width, std::min<size_t>(width, kWidthCap)) << "line " << index;
      }
      pos = newline == std::string::npos ? text.size() : newline + 1;
      ++index;
    }
    EXPECT_EQ(index, splitter.lines().size());
  }
}

}  // namespace
}  // namespace saring::text
