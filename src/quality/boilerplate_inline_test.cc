// Tests for inline boilerplate: insertions that extraction flattened into paragraphs (related-
// article links, captions, credits) are cut with the whitespace on one side, where each kind of
// insertion ends; false friends (quotations, "membaca juga", ordinary sentences) stay; labels a
// source uses are learned per source; merged learners equal one learner.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "saring/boilerplate.h"

namespace saring {
namespace {

BoilerplateOptions InlineOptions() {
  BoilerplateOptions o;
  o.inline_markers = true;
  return o;
}

// The text with every inline cut removed.
std::string Apply(std::string_view text, const std::vector<BoilerplateInline>& cuts) {
  std::string out;
  size_t cursor = 0;
  for (const BoilerplateInline& c : cuts) {
    EXPECT_LE(cursor, c.begin);
    EXPECT_LE(c.begin, c.end);
    out.append(text.substr(cursor, c.begin - cursor));
    cursor = c.end;
  }
  out.append(text.substr(cursor));
  return out;
}

// Matches `text` against a model learned from `corpus` (all of source "s").
class InlineTest : public ::testing::Test {
 protected:
  void Learn(const std::vector<std::string>& corpus, BoilerplateOptions options = InlineOptions()) {
    BoilerplateLearner learner(options);
    for (const std::string& d : corpus) learner.AddDocument("s", d);
    model_.emplace(std::move(learner).Finish());
    matcher_.emplace(&*model_);
  }
  std::string Cut(std::string_view text, std::vector<BoilerplateInline>* cuts = nullptr) {
    if (!matcher_) Learn({});
    std::vector<BoilerplateInline> local;
    std::vector<BoilerplateInline>* out = cuts ? cuts : &local;
    matcher_->FindInline("s", text, out);
    return Apply(text, *out);
  }

  std::optional<BoilerplateModel> model_;
  std::optional<BoilerplateMatcher> matcher_;
};

TEST_F(InlineTest, SindonewsLinkEndsWhereTheNextSentenceStarts) {
  std::vector<BoilerplateInline> cuts;
  const std::string text =
      "Menurut dia, koalisi sudah solid, kata dia kepada wartawan. Baca Juga: PKB, PKS Dan PDIP "
      "Berfusi Dukung Anies Di Pilkada DKI Diketahui, PKB yang sebelumnya mendukung petahana kini "
      "berbalik arah.";
  EXPECT_EQ(Cut(text, &cuts),
            "Menurut dia, koalisi sudah solid, kata dia kepada wartawan. Diketahui, PKB yang "
            "sebelumnya mendukung petahana kini berbalik arah.");
  ASSERT_EQ(cuts.size(), 1u);
  EXPECT_EQ(cuts[0].marker, "Baca Juga:");
  EXPECT_EQ(cuts[0].kind, InlineKind::kLink);
  EXPECT_TRUE(cuts[0].seed);
  EXPECT_EQ(cuts[0].doc_count, 0u);
}

TEST_F(InlineTest, EveryBuiltInLinkMarker) {
  const std::string before = "Harga beras naik sejak pekan lalu. ";
  const std::string after = "Pedagang di pasar mengeluhkan sepinya pembeli.";
  for (const char* marker :
       {"Baca juga:", "Baca Juga:", "BACA JUGA:", "Baca pula:", "Simak juga:", "Lihat juga:",
        "Tonton juga:", "Berita Terkait:", "Artikel Terkait:", "Read more:", "Read also:",
        "Also read:", "See also:", "Related:", "Baca juga", "Baca Juga -", "BACA JUGA »"}) {
    std::string text = before;  // appended piece by piece: no temporary strings
    text.append(marker).append(" Harga Cabai Di Pasar Induk Turun Lagi ").append(after);
    EXPECT_EQ(Cut(text), before + after) << marker;
  }
}

TEST_F(InlineTest, HeadlinesWithAndWithoutTrailingPunctuation) {
  EXPECT_EQ(
      Cut("Banjir surut pagi ini. Baca juga: Kenapa Harga Cabai Naik? Pedagang mengeluh sejak "
          "kemarin."),
      "Banjir surut pagi ini. Pedagang mengeluh sejak kemarin.");
  EXPECT_EQ(Cut("Banjir surut pagi ini. Baca juga: Jokowi Resmikan Tol Baru. Prabowo Subianto "
                "mengatakan hal itu."),
            "Banjir surut pagi ini. Prabowo Subianto mengatakan hal itu.");
  EXPECT_EQ(Cut("Banjir surut pagi ini. Baca juga: Wali Kota Tinjau Lokasi Banjir... Warga kembali "
                "ke rumah."),
            "Banjir surut pagi ini. Warga kembali ke rumah.");
  // At the end of the paragraph: the space before it goes, the line break stays.
  EXPECT_EQ(Cut("Banjir surut pagi ini. Baca juga: Jokowi Resmikan Tol Baru\nParagraf berikutnya."),
            "Banjir surut pagi ini.\nParagraf berikutnya.");
  // A paragraph that is only the insertion goes with its line break.
  EXPECT_EQ(Cut("Satu.\nBaca juga: Jokowi Resmikan Tol Baru Di Sumatera, Warga Senang.\nDua."),
            "Satu.\nDua.");
}

TEST_F(InlineTest, HeadlineFollowedByASentenceOpeningWithACapitalisedName) {
  // The hard case: the next sentence starts with a name, so the title-cased run goes on past the
  // headline. The name was written inside sentences elsewhere, or is unknown: it stays.
  EXPECT_EQ(Cut("Rapat berlangsung tertutup. Baca juga: Jokowi Resmikan Tol Baru Prabowo Subianto "
                "mengatakan pihaknya siap."),
            "Rapat berlangsung tertutup. Prabowo Subianto mengatakan pihaknya siap.");
  EXPECT_EQ(
      Cut("Rapat dipimpin oleh Anies Baswedan. Baca Juga: Harga Tiket Kereta Naik Anies "
          "Baswedan menambahkan, anggaran sudah disiapkan."),
      "Rapat dipimpin oleh Anies Baswedan. Anies Baswedan menambahkan, anggaran sudah disiapkan.");
  // A title before the name ("Menteri") written in lower case elsewhere is a word of the headline;
  // a sentence opener ("Sementara") stays with the sentence.
  EXPECT_EQ(Cut("Proyek itu molor. Baca juga: Pemerintah Siapkan Dana Darurat Sementara Basuki "
                "menilai proyek itu penting."),
            "Proyek itu molor. Sementara Basuki menilai proyek itu penting.");
  // A common word right before the lower-case verb opens the sentence.
  EXPECT_EQ(
      Cut("Air sudah surut. Baca juga: Banjir Rendam Jakarta Warga mulai membersihkan rumah."),
      "Air sudah surut. Warga mulai membersihkan rumah.");
}

TEST_F(InlineTest, CaptionsEndAtTheirClosingParenthesis) {
  EXPECT_EQ(Cut("Presiden meninjau lokasi (Foto: Antara/Hafidz Mubarak (kiri)) bersama gubernur."),
            "Presiden meninjau lokasi bersama gubernur.");
  EXPECT_EQ(Cut("Presiden meninjau lokasi (FOTO/ANTARA). Setelah itu ia kembali."),
            "Presiden meninjau lokasi. Setelah itu ia kembali.");
  EXPECT_EQ(Cut("(Ilustrasi: Dok. Kabar) Pemerintah menaikkan harga."),
            "Pemerintah menaikkan harga.");
  // Unclosed on the line: not cut.
  EXPECT_EQ(Cut("Presiden meninjau lokasi (Foto: Antara bersama gubernur."),
            "Presiden meninjau lokasi (Foto: Antara bersama gubernur.");
}

TEST_F(InlineTest, CreditsEndAtTheSentenceEnd) {
  EXPECT_EQ(Cut("Kegiatan berlangsung hingga sore. Editor: Rina Wulandari"),
            "Kegiatan berlangsung hingga sore.");
  EXPECT_EQ(Cut("Kegiatan berlangsung hingga sore. Penulis: Budi Santoso Editor: Rina Wulandari"),
            "Kegiatan berlangsung hingga sore.");
  EXPECT_EQ(Cut("Kegiatan selesai. Foto: Reuters/John Smith. Polisi berjaga di lokasi."),
            "Kegiatan selesai. Polisi berjaga di lokasi.");
  // Names running on into a sentence: where the credit ends is unknown, so nothing is cut.
  EXPECT_EQ(Cut("Kegiatan selesai. Foto: Antara/Hafidz Presiden Joko Widodo meninjau lokasi."),
            "Kegiatan selesai. Foto: Antara/Hafidz Presiden Joko Widodo meninjau lokasi.");
}

TEST_F(InlineTest, TirtoRelatedArticleSentence) {
  EXPECT_EQ(Cut("Ia menolak berkomentar. Baca juga artikel terkait PILKADA DKI 2017 atau tulisan "
                "menarik lainnya Dimeitry Marilyn (tirto.id - Politik)"),
            "Ia menolak berkomentar. (tirto.id - Politik)");
}

TEST_F(InlineTest, FalseFriendsStay) {
  for (const char* text : {
           // Ordinary words, not at a sentence start.
           "Anak-anak diajak untuk membaca juga menulis cerita Rakyat Nusantara setiap pagi.",
           "Ia suka baca juga Koran Tempo Edisi Minggu di teras.",
           // A sentence that starts with the words but is not followed by a headline.
           "Guru itu berpesan. Baca juga buku-buku lama di perpustakaan sekolah.",
           "Guru itu berpesan. Baca juga Kompas setiap hari agar paham politik.",
           "Lihat juga Gambar berikut untuk contohnya.",
           "Read more about the program on the city website.",
           "Simak juga Presiden Jokowi berpidato malam ini.",
           // The run stops at a symbol, not a lower-case word: where it ends is unknown.
           "See also: The Single UNIX Specification, Version 2, `Other Environment Variables`_.",
           // Inside a quotation.
           "Ia menulis, \"Baca Juga: Semua Buku Sejarah Lama Itu\" di papan tulis kelas.",
           "\xE2\x80\x9C"
           "Kami sudah siap. Baca juga: Rencana Kerja Tahun Depan Kami,\xE2\x80\x9D kata dia.",
           // A parenthesis that is not a caption; a label mid-sentence.
           "Kepala dinas (foto bersama warga) meninjau lokasi banjir.",
           "Menurut editor: Rina Wulandari sudah menyetujui naskah itu.",
       }) {
    EXPECT_EQ(Cut(text), text);
  }
}

TEST_F(InlineTest, OffWhenNotEnabled) {
  Learn({}, BoilerplateOptions{});
  const std::string text = "Satu dua tiga. Baca juga: Jokowi Resmikan Tol Baru Di Sumatera Selatan";
  EXPECT_EQ(Cut(text), text);
}

// Documents of one source that open sentences with a label no list knows ("Artikel Pilihan:").
std::vector<std::string> LabelCorpus(int n, const char* label) {
  static const char* const kHeadlines[] = {
      "Warga Keluhkan Jalan Rusak Di Desa", "Harga Cabai Melonjak Jelang Lebaran",
      "Festival Budaya Digelar Akhir Pekan", "Dinas Kesehatan Buka Posko Baru",
      "Nelayan Tak Melaut Akibat Cuaca Buruk"};
  std::vector<std::string> docs;
  for (int i = 0; i < n; ++i) {
    docs.push_back("Pemerintah daerah menggelar rapat ke-" + std::to_string(i) +
                   " pada hari itu. " + label + " " + kHeadlines[i % 5] +
                   " Rapat dihadiri para camat dan lurah.\nIa menambahkan: kami "
                   "akan bekerja keras.");
  }
  return docs;
}

TEST_F(InlineTest, LearnsTheMarkersOfASource) {
  BoilerplateOptions o = InlineOptions();
  Learn(LabelCorpus(20, "Artikel Pilihan:"), o);
  const std::string text =
      "Hujan turun sejak pagi. Artikel Pilihan: Bupati Tinjau Lokasi Longsor Warga diminta "
      "waspada.";
  std::vector<BoilerplateInline> cuts;
  EXPECT_EQ(Cut(text, &cuts), "Hujan turun sejak pagi. Warga diminta waspada.");
  ASSERT_EQ(cuts.size(), 1u);
  EXPECT_FALSE(cuts[0].seed);
  EXPECT_EQ(cuts[0].doc_count, 20u);
  EXPECT_EQ(cuts[0].marker, "Artikel Pilihan:");
  // A label followed by sentences ("Ia menambahkan: kami ...") is not a marker.
  const std::string says =
      "Hujan turun. Ia menambahkan: Kami Tetap Siaga Penuh warga diminta waspada.";
  EXPECT_EQ(Cut(says), says);
  // Another source learned nothing.
  std::vector<BoilerplateInline> other;
  matcher_->FindInline("other", text, &other);
  EXPECT_TRUE(other.empty());
  // Below the document threshold (3) nothing is learned.
  Learn(LabelCorpus(2, "Artikel Pilihan:"), o);
  EXPECT_EQ(Cut(text), text);
  // Learning finds markers without the built-in list.
  o.use_seed_inline_markers = false;
  Learn(LabelCorpus(20, "Artikel Pilihan:"), o);
  EXPECT_EQ(Cut(text), "Hujan turun sejak pagi. Warga diminta waspada.");
  EXPECT_EQ(Cut("Satu dua. Baca juga: Jokowi Resmikan Tol Baru"),
            "Satu dua. Baca juga: Jokowi Resmikan Tol Baru");
}

TEST_F(InlineTest, MergedLearnersEqualOneLearner) {
  const std::vector<std::string> docs = LabelCorpus(30, "Artikel Pilihan:");
  BoilerplateLearner all(InlineOptions()), a(InlineOptions()), b(InlineOptions());
  for (size_t i = 0; i < docs.size(); ++i) {
    all.AddDocument("s", docs[i]);
    (i % 3 == 0 ? a : b).AddDocument("s", docs[i]);
  }
  ASSERT_TRUE(b.Merge(a).ok());
  EXPECT_TRUE(all.SameCountsForTesting(b));
  EXPECT_GT(all.stats().distinct_inline_labels, 0u);
  BoilerplateLearner plain;
  EXPECT_FALSE(plain.Merge(all).ok());  // different options
}

}  // namespace
}  // namespace saring

namespace saring {
namespace {

// Random paragraphs built from marker pieces, words, quotes, brackets, punctuation, multi-byte and
// invalid UTF-8: cuts stay inside the text, sorted and disjoint, whatever the input.
TEST_F(InlineTest, RandomTextGivesSortedDisjointCutsInsideTheText) {
  static const char* const kPieces[] = {"Baca Juga:",
                                        "BACA JUGA",
                                        "Simak juga",
                                        "Read more:",
                                        "Related:",
                                        "Editor:",
                                        "(Foto:",
                                        "(FOTO/",
                                        "Artikel Pilihan:",
                                        ")",
                                        "(",
                                        "\"",
                                        "\xE2\x80\x9C",
                                        "\xE2\x80\x9D",
                                        ".",
                                        "?",
                                        "!",
                                        "\xE2\x80\xA6",
                                        ",",
                                        ":",
                                        "-",
                                        "|",
                                        "\xC2\xBB",
                                        "\n",
                                        "\r\n",
                                        "  ",
                                        "\xC2\xA0",
                                        "\xFF",
                                        "\xE2\x80",
                                        "Jokowi",
                                        "Resmikan",
                                        "Tol",
                                        "Baru",
                                        "Di",
                                        "di",
                                        "dan",
                                        "warga",
                                        "mengatakan",
                                        "PKB",
                                        "2024",
                                        "Prabowo",
                                        "Sementara",
                                        "Diketahui,",
                                        "tulisan menarik lainnya",
                                        "baca juga artikel terkait",
                                        "Antara/Budi"};
  std::vector<std::string> corpus;
  uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 33;
  };
  auto random_text = [&] {
    std::string t;
    const int n = static_cast<int>(next() % 80);
    for (int i = 0; i < n; ++i) {
      t += kPieces[next() % (sizeof(kPieces) / sizeof(kPieces[0]))];
      if (next() % 3 != 0) t += ' ';
    }
    return t;
  };
  for (int i = 0; i < 200; ++i) corpus.push_back(random_text());
  Learn(corpus);
  std::vector<BoilerplateInline> cuts;
  for (int i = 0; i < 3000; ++i) {
    const std::string text = random_text();
    matcher_->FindInline("s", text, &cuts);
    uint32_t cursor = 0;
    for (const BoilerplateInline& c : cuts) {
      ASSERT_LE(cursor, c.begin) << text;
      ASSERT_LT(c.begin, c.end) << text;
      ASSERT_LE(c.end, text.size()) << text;
      ASSERT_FALSE(c.marker.empty());
      ASSERT_GE(c.marker.data(), text.data() + c.begin);
      cursor = c.end;
    }
  }
}

}  // namespace
}  // namespace saring
