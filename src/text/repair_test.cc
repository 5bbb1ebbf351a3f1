// Tests for DocumentRepairer: each rule on text that should and should not be removed, a
// hand-written news fixture with exact spans, CRLF, BOM, round trips and buffer reuse.
#include "saring/repair.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "text/repair_test_util.h"

namespace saring::text {
namespace {

RepairResult RepairText(std::string_view text, const RepairOptions& options = {}) {
  DocumentRepairer repairer(options);
  RepairResult result;
  repairer.Repair(text, &result);
  ExpectConsistent(text, result);
  return result;
}

std::string Crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out.push_back('\r');
    out.push_back(c);
  }
  return out;
}

// A news repost with the faults of the seed document, written for this test: a hard-wrapped
// caption that repeats the lead (lines 1-2), a photo credit (3), the dateline paragraph wrapped at
// about 68 columns with a short first line (4-8), three one-line paragraphs (9-11) pasted again
// (12-14), and an editor tag without a final newline (15).
const char kArticle[] =
    "Menteri Perhubungan Budi Santoso meninjau kesiapan Pelabuhan Tanjung\n"
    "Priok menjelang arus mudik Lebaran tahun ini.\n"
    "(Antara)\n"
    "KABARNUSA, JAKARTA - Menteri\n"
    "Perhubungan Budi Santoso meninjau kesiapan Pelabuhan Tanjung Priok\n"
    "menjelang arus mudik Lebaran tahun ini. Ia meminta seluruh petugas\n"
    "pelabuhan bekerja lebih keras agar antrean kendaraan tidak mengular\n"
    "seperti tahun sebelumnya.\n"
    "\"Kami sudah menyiapkan tambahan kapal dan petugas untuk menghadapi lonjakan penumpang yang "
    "diperkirakan "
    "naik sepuluh persen,\" kata Budi kepada wartawan pada Senin (12/6).\n"
    "Menurut data kementerian, jumlah pemudik yang menggunakan kapal laut pada tahun lalu mencapai "
    "lebih dari "
    "satu juta orang, sebagian besar menuju Sumatera dan Kalimantan.\n"
    "Budi juga mengimbau masyarakat agar membeli tiket secara daring untuk menghindari calo dan "
    "antrean "
    "panjang di loket pelabuhan (Antara) setiap hari.\n"
    "\"Kami sudah menyiapkan tambahan kapal dan petugas untuk menghadapi lonjakan penumpang yang "
    "diperkirakan "
    "naik sepuluh persen,\" kata Budi kepada wartawan pada Senin (12/6).\n"
    "Menurut data kementerian, jumlah pemudik yang menggunakan kapal laut pada tahun lalu mencapai "
    "lebih dari "
    "satu juta orang, sebagian besar menuju Sumatera dan Kalimantan.\n"
    "Budi juga mengimbau masyarakat agar membeli tiket secara daring untuk menghindari calo dan "
    "antrean "
    "panjang di loket pelabuhan (Antara) setiap hari.\n"
    "(rm/indo)";

struct ExpectedSpan {
  int first_line, last_line;
  SpanReason reason;
  int dup_first_line, dup_last_line;  // 0 if none
};

void ExpectArticleRepair(const std::string& text) {
  const RepairResult r = RepairText(text);
  const std::vector<std::pair<uint32_t, uint32_t>> paragraph_lines = {
      {1, 2}, {3, 3}, {4, 8}, {9, 9}, {10, 10}, {11, 11}, {12, 12}, {13, 13}, {14, 14}, {15, 15}};
  ASSERT_EQ(r.paragraphs.size(), paragraph_lines.size());
  for (size_t i = 0; i < paragraph_lines.size(); ++i) {
    EXPECT_EQ(r.paragraphs[i].first_line, paragraph_lines[i].first) << i;
    EXPECT_EQ(r.paragraphs[i].last_line, paragraph_lines[i].second) << i;
    EXPECT_EQ(r.paragraphs[i].begin, LineStart(text, paragraph_lines[i].first)) << i;
    EXPECT_EQ(r.paragraphs[i].end, LineEnd(text, paragraph_lines[i].second)) << i;
  }
  const std::vector<ExpectedSpan> expected = {{1, 2, SpanReason::kContainedParagraph, 4, 8},
                                              {3, 3, SpanReason::kCreditLine, 0, 0},
                                              {12, 12, SpanReason::kRepeatedParagraph, 9, 9},
                                              {13, 13, SpanReason::kRepeatedParagraph, 10, 10},
                                              {14, 14, SpanReason::kRepeatedParagraph, 11, 11},
                                              {15, 15, SpanReason::kCreditLine, 0, 0}};
  ASSERT_EQ(r.removed.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const RemovedSpan& s = r.removed[i];
    const ExpectedSpan& e = expected[i];
    EXPECT_EQ(s.begin, LineStart(text, e.first_line)) << i;
    EXPECT_EQ(s.end, LineStart(text, e.last_line + 1)) << i;  // includes the line terminator
    EXPECT_EQ(s.reason, e.reason) << i;
    if (e.dup_first_line == 0) {
      EXPECT_EQ(s.duplicate_of, -1) << i;
      continue;
    }
    EXPECT_EQ(s.dup_begin, LineStart(text, e.dup_first_line)) << i;
    EXPECT_EQ(s.dup_end, LineEnd(text, e.dup_last_line)) << i;
  }
  EXPECT_EQ(r.kept_text, text.substr(LineStart(text, 4), LineStart(text, 12) - LineStart(text, 4)));
}

TEST(DocumentRepairer, NewsArticleFixture) { ExpectArticleRepair(kArticle); }

TEST(DocumentRepairer, NewsArticleFixtureWithCrlf) { ExpectArticleRepair(Crlf(kArticle)); }

TEST(DocumentRepairer, NewsArticleNormalizedText) {
  const RepairResult r = RepairText(kArticle);
  EXPECT_EQ(
      r.normalized_all.substr(r.paragraphs[1].normalized_begin,
                              r.paragraphs[1].normalized_end - r.paragraphs[1].normalized_begin),
      "antara");
  EXPECT_EQ(r.kept_normalized.substr(0, 40), "kabarnusa jakarta menteri perhubungan bu");
  EXPECT_EQ(std::count(r.kept_normalized.begin(), r.kept_normalized.end(), '\n'), 3);
}

TEST(DocumentRepairer, RepeatedParagraphAfterNormalisation) {
  const std::string text =
      "Paragraf satu di sini.\n\nParagraf dua yang berbeda.\n\nPARAGRAF  satu -- di "
      "sini!\nAkhir.\n";
  const RepairResult r = RepairText(text);
  ASSERT_EQ(r.removed.size(), 1u);
  EXPECT_EQ(r.removed[0].reason, SpanReason::kRepeatedParagraph);
  EXPECT_EQ(r.removed[0].paragraph, 2);
  EXPECT_EQ(r.removed[0].duplicate_of, 0);
  EXPECT_EQ(r.kept_text, "Paragraf satu di sini.\n\nParagraf dua yang berbeda.\n\nAkhir.\n");
}

TEST(DocumentRepairer, DifferentOrEmptyParagraphsAreNotRepeated) {
  const std::string text =
      "Harga cabai naik.\n***\nHarga bawang naik.\n***\nHarga cabai naik lagi.\n";
  const RepairResult r = RepairText(text);
  EXPECT_TRUE(r.removed.empty());
  EXPECT_EQ(r.kept_text, text);
}

TEST(DocumentRepairer, RepeatedCanBeDisabled) {
  RepairOptions options;
  options.remove_repeated = false;
  const std::string text = "Kalimat yang sama persis.\nKalimat yang sama persis.\n";
  EXPECT_TRUE(RepairText(text, options).removed.empty());
  EXPECT_EQ(RepairText(text).removed.size(), 1u);
}

TEST(DocumentRepairer, ContainedAtWordBoundaries) {
  const std::string text =
      "Kami pergi ke pasar pagi bersama ibu.\n"
      "Pada hari Minggu kami pergi ke pasar pagi bersama ibu dan adik untuk membeli sayur.\n";
  const RepairResult r = RepairText(text);
  ASSERT_EQ(r.removed.size(), 1u);
  EXPECT_EQ(r.removed[0].reason, SpanReason::kContainedParagraph);
  EXPECT_EQ(r.removed[0].paragraph, 0);
  EXPECT_EQ(r.removed[0].duplicate_of, 1);
  EXPECT_EQ(r.kept_text, text.substr(text.find('\n') + 1));
}

TEST(DocumentRepairer, NotContainedInsideAWord) {
  // "ari ini ..." occurs in "Hari ini ..." but not at a word boundary.
  const std::string text =
      "ari ini kami pergi ke pasar pagi.\n"
      "Hari ini kami pergi ke pasar pagi sekali bersama ibu dan adik.\n";
  EXPECT_TRUE(RepairText(text).removed.empty());
}

TEST(DocumentRepairer, ShortOrFewWordParagraphsAreNotContained) {
  const std::string text =
      "pergi ke pasar!\n"                       // 14 normalised bytes: under kKeyBytes
      "kami pergi ke pasar.\n"                  // 19 bytes: under the default min_contained_chars
      "Supercalifragilistic expialidocious.\n"  // long enough but only two words
      "Kemarin kami pergi ke pasar dan berkata Supercalifragilistic expialidocious kepada semua "
      "orang.\n";
  EXPECT_TRUE(RepairText(text).removed.empty());
  RepairOptions options;
  options.min_contained_chars = 10;  // the effective minimum is still kKeyBytes
  const RepairResult r = RepairText(text, options);
  ASSERT_EQ(r.removed.size(), 1u);
  EXPECT_EQ(r.removed[0].paragraph, 1);
  EXPECT_EQ(r.removed[0].duplicate_of, 3);
  options.remove_contained = false;
  EXPECT_TRUE(RepairText(text, options).removed.empty());
}

TEST(DocumentRepairer, ContainmentChainsPointToTheKeptParagraph) {
  const std::string text =
      "satu dua tiga empat lima enam.\n"
      "Nol satu dua tiga empat lima enam tujuh.\n"
      "Minus nol satu dua tiga empat lima enam tujuh delapan sembilan.\n";
  const RepairResult r = RepairText(text);
  ASSERT_EQ(r.removed.size(), 2u);
  EXPECT_EQ(r.removed[0].duplicate_of, 2);
  EXPECT_EQ(r.removed[1].duplicate_of, 2);
}

TEST(DocumentRepairer, RepeatOfAContainedParagraphPointsToTheContainer) {
  const std::string text =
      "menstabilkan harga cabai di pasar induk\n"
      "menstabilkan harga cabai di pasar induk\n"
      "Pemerintah berjanji menstabilkan harga cabai di pasar induk dalam dua minggu.\n";
  const RepairResult r = RepairText(text);
  ASSERT_EQ(r.removed.size(), 2u);
  EXPECT_EQ(r.removed[0].reason, SpanReason::kContainedParagraph);
  EXPECT_EQ(r.removed[1].reason, SpanReason::kContainedParagraph);
  EXPECT_EQ(r.removed[0].duplicate_of, 2);
  EXPECT_EQ(r.removed[1].duplicate_of, 2);
}

TEST(DocumentRepairer, CreditLines) {
  const std::string text =
      "Menurut laporan (Antara) kemarin, harga beras naik di banyak daerah.\n"
      "(Antara)\n"
      "(Foto: Reuters)\n"
      "(Ini adalah keterangan yang ditulis dalam kurung.)\n"
      "Sumber: (Antara)\n"
      "  (sya)  \n";
  const RepairResult r = RepairText(text);
  ASSERT_EQ(r.removed.size(), 3u);
  for (const RemovedSpan& s : r.removed) EXPECT_EQ(s.reason, SpanReason::kCreditLine);
  EXPECT_EQ(r.kept_text,
            "Menurut laporan (Antara) kemarin, harga beras naik di banyak daerah.\n"
            "(Ini adalah keterangan yang ditulis dalam kurung.)\n"
            "Sumber: (Antara)\n");
  RepairOptions keep;
  keep.remove_credits = false;
  EXPECT_TRUE(RepairText(text, keep).removed.empty());
}

TEST(DocumentRepairer, ByteOrderMark) {
  const std::string text = "\xEF\xBB\xBFHalo dunia.\n(Antara)\n";
  const RepairResult r = RepairText(text);
  ASSERT_EQ(r.removed.size(), 2u);
  EXPECT_EQ(r.removed[0].reason, SpanReason::kByteOrderMark);
  EXPECT_EQ(r.removed[0].begin, 0u);
  EXPECT_EQ(r.removed[0].end, 3u);
  EXPECT_EQ(r.removed[0].paragraph, -1);
  EXPECT_EQ(r.paragraphs[0].begin, 3u);
  EXPECT_EQ(r.paragraphs[0].first_line, 1u);
  EXPECT_EQ(r.kept_text, "Halo dunia.\n");
}

TEST(DocumentRepairer, EmptyAndBlankDocuments) {
  EXPECT_TRUE(RepairText("").paragraphs.empty());
  const RepairResult r = RepairText("\n \n\t\n");
  EXPECT_TRUE(r.paragraphs.empty());
  EXPECT_EQ(r.kept_text, "\n \n\t\n");
}

TEST(DocumentRepairer, SpacelessScriptContainment) {
  // 我们今天去市场买菜 (27 bytes) inside 昨天我们今天去市场买菜回家; each Han character is a word.
  const std::string inner =
      "\xE6\x88\x91\xE4\xBB\xAC\xE4\xBB\x8A\xE5\xA4\xA9\xE5\x8E\xBB\xE5\xB8\x82\xE5\x9C\xBA"
      "\xE4\xB9\xB0\xE8\x8F\x9C";
  const std::string text = inner + "\xE3\x80\x82\n\xE6\x98\xA8\xE5\xA4\xA9" + inner +
                           "\xE5\x9B\x9E\xE5\xAE\xB6\xE3\x80\x82\n";
  const RepairResult r = RepairText(text);
  ASSERT_EQ(r.removed.size(), 1u);
  EXPECT_EQ(r.removed[0].reason, SpanReason::kContainedParagraph);
}

TEST(DocumentRepairer, ReuseGivesTheSameResultAsAFreshRepairer) {
  DocumentRepairer reused(RepairOptions{});
  RepairResult result;
  reused.Repair(kArticle, &result);
  const std::string other = "Satu.\nDua dua dua.\nSatu.\n";
  reused.Repair(other, &result);
  const RepairResult fresh = RepairText(other);
  EXPECT_EQ(result.kept_text, fresh.kept_text);
  EXPECT_EQ(result.normalized_all, fresh.normalized_all);
  ASSERT_EQ(result.removed.size(), fresh.removed.size());
  EXPECT_EQ(result.removed[0].begin, fresh.removed[0].begin);
  EXPECT_EQ(result.paragraphs.size(), 3u);
}

// Random documents built from a small pool of sentences, credits and blank lines, so that every
// rule fires in many combinations; checks the invariants and the round trip.
TEST(DocumentRepairer, RandomDocumentsRoundTrip) {
  const std::vector<std::string> pool = {"Harga cabai naik di pasar induk.",
                                         "harga CABAI naik di pasar induk!",
                                         "(Antara)",
                                         "(esn/indo)",
                                         "",
                                         "Pemerintah daerah berjanji menstabilkan harga cabai di "
                                         "pasar induk dalam dua minggu ke depan.",
                                         "menstabilkan harga cabai di pasar induk",
                                         "Baca juga: harga cabai naik",
                                         "   ",
                                         "caf\xC3\xA9 au lait",
                                         "Warga mengeluhkan kenaikan harga yang terjadi setiap "
                                         "menjelang hari raya sehingga banyak yang "
                                         "mengurangi belanja mereka",
                                         "\xEF\xBB\xBF"
                                         "awal"};
  std::mt19937 rng(4242);
  for (int iter = 0; iter < 300; ++iter) {
    std::string text = rng() % 5 == 0 ? "\xEF\xBB\xBF" : "";
    const int lines = static_cast<int>(rng() % 25);
    for (int l = 0; l < lines; ++l) {
      text += pool[rng() % pool.size()];
      if (l + 1 < lines || rng() % 2) text += rng() % 3 == 0 ? "\r\n" : "\n";
    }
    SCOPED_TRACE(text);
    RepairText(text);
    if (HasFatalFailure()) return;
  }
}

// Differential test of the containment index against brute force: small random documents whose
// paragraphs are often slices of earlier ones. Small documents stay far below the probe and key
// sharing limits, so the index must find exactly what brute force finds.
TEST(DocumentRepairer, ContainmentMatchesBruteForce) {
  const std::vector<std::string> vocab = {"harga", "cabai", "naik", "di",
                                          "pasar", "induk", "kota", "ini"};
  std::mt19937 rng(99);
  RepairOptions options;
  options.remove_repeated = false;
  options.remove_credits = false;
  int contained = 0;
  for (int iter = 0; iter < 1500; ++iter) {
    std::vector<std::vector<std::string>> paragraphs;
    const int count = 2 + static_cast<int>(rng() % 7);
    for (int i = 0; i < count; ++i) {
      std::vector<std::string> words;
      if (i > 0 && rng() % 2 == 0) {
        const auto& source = paragraphs[rng() % paragraphs.size()];
        const size_t begin = rng() % source.size();
        const size_t end = begin + 1 + rng() % (source.size() - begin);
        words.assign(source.begin() + begin, source.begin() + end);
      } else {
        const int n = 2 + static_cast<int>(rng() % 14);
        for (int w = 0; w < n; ++w) words.push_back(vocab[rng() % vocab.size()]);
      }
      paragraphs.push_back(words);
    }
    std::string text;
    std::vector<std::string> normalized;
    for (const auto& words : paragraphs) {
      std::string joined;
      for (const auto& w : words) joined += (joined.empty() ? "" : " ") + w;
      const bool prefix = rng() % 2 == 0;  // "Ini " differs from "ini" in case only
      text += (prefix ? "Ini " : "") + joined + ".\n";
      normalized.push_back((prefix ? "ini " : "") + joined);
    }
    std::vector<bool> expected(normalized.size(), false);
    for (size_t p = 0; p < normalized.size(); ++p) {
      const std::string& needle = normalized[p];
      const size_t words = std::count(needle.begin(), needle.end(), ' ') + 1;
      if (needle.size() < options.min_contained_chars || words < 3) continue;
      for (size_t q = 0; q < normalized.size() && !expected[p]; ++q) {
        const std::string padded = " " + normalized[q] + " ";
        if (normalized[q].size() > needle.size() &&
            padded.find(" " + needle + " ") != std::string::npos) {
          expected[p] = true;
        }
      }
    }
    SCOPED_TRACE(text);
    const RepairResult r = RepairText(text, options);
    ASSERT_EQ(r.paragraphs.size(), normalized.size());
    for (size_t p = 0; p < normalized.size(); ++p) {
      ASSERT_EQ(std::string_view(r.normalized_all)
                    .substr(r.paragraphs[p].normalized_begin,
                            r.paragraphs[p].normalized_end - r.paragraphs[p].normalized_begin),
                normalized[p]);
      EXPECT_EQ(r.paragraphs[p].removed, expected[p]) << "paragraph " << p;
      contained += expected[p];
    }
  }
  EXPECT_GT(contained, 200);  // the generator does exercise the rule
}

// Thousands of paragraphs that share most of their shingles: the containment search must stay
// bounded (this would take minutes if every pair were compared) and the result consistent.
TEST(DocumentRepairer, ManySimilarParagraphs) {
  std::string text;
  for (int i = 0; i < 4000; ++i) {
    text += "kata dia kepada wartawan di kantornya pada hari Senin nomor " +
            std::to_string(i % 1500) + " dan juga menambahkan beberapa hal lain.\n";
    if (i % 7 == 0)
      text += "kepada wartawan di kantornya pada hari Senin nomor " + std::to_string(i) + "\n";
  }
  const RepairResult r = RepairText(text);
  EXPECT_GT(r.removed.size(), 2500u);  // 2500 exact repeats, plus contained fragments
}

TEST(SpanReasonName, Names) {
  EXPECT_EQ(SpanReasonName(SpanReason::kRepeatedParagraph), "repeated_paragraph");
  EXPECT_EQ(SpanReasonName(SpanReason::kContainedParagraph), "contained_paragraph");
  EXPECT_EQ(SpanReasonName(SpanReason::kCreditLine), "credit_line");
  EXPECT_EQ(SpanReasonName(SpanReason::kByteOrderMark), "byte_order_mark");
}

TEST(RebuildOriginal, InsertsSpansAtTheirOffsets) {
  EXPECT_EQ(RebuildOriginal("bd", {{0, "a"}, {2, "c"}, {4, "e"}}), "abcde");
  EXPECT_EQ(RebuildOriginal("abc", {}), "abc");
  EXPECT_EQ(RebuildOriginal("", {{0, "xyz"}}), "xyz");
}

}  // namespace
}  // namespace saring::text
