// Tests for LanguageIdSample (the windows language ID reads) and the combined backend.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <string_view>

#include "langid/language_id_backend.h"
#include "saring/language_id.h"

namespace saring {
namespace {

bool IsUtf8Boundary(std::string_view text, size_t pos) {
  return pos == text.size() || (static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80;
}

TEST(LanguageIdSample, ShortTextIsItself) {
  std::string buffer;
  const std::string text = "short text";
  EXPECT_EQ(LanguageIdSample(text, 1024, 4, &buffer).data(), text.data());
  EXPECT_EQ(LanguageIdSample(text, 0, 4, &buffer), text);
  const std::string long_text(5000, 'x');
  EXPECT_EQ(LanguageIdSample(long_text, 0, 4, &buffer).size(), 5000u);  // 0 = no limit
}

TEST(LanguageIdSample, OneWindowIsAPrefixAtACharacter) {
  std::string buffer;
  std::string text;
  while (text.size() < 3000) text += "héllo wörld ";
  const std::string_view got = LanguageIdSample(text, 100, 1, &buffer);
  EXPECT_LE(got.size(), 100u);
  EXPECT_GE(got.size(), 98u);
  EXPECT_EQ(text.compare(0, got.size(), got), 0);
  EXPECT_TRUE(IsUtf8Boundary(text, got.size()));
}

TEST(LanguageIdSample, WindowsSpanTheTextAndStartAtWords) {
  std::string text;
  for (int i = 0; text.size() < 20000; ++i) text += "kata" + std::to_string(i) + " ";
  text += "TAIL";
  std::string buffer;
  const std::string_view got = LanguageIdSample(text, 1000, 4, &buffer);
  EXPECT_LE(got.size(), 1000u + 3);
  EXPECT_GE(got.size(), 800u);
  // Four windows joined by line breaks; the first starts the text, the last ends it.
  EXPECT_EQ(std::count(got.begin(), got.end(), '\n'), 3);
  EXPECT_TRUE(got.starts_with("kata0 kata1 "));
  EXPECT_TRUE(got.ends_with("TAIL"));
  size_t start = 0;
  while (start < got.size()) {
    size_t end = got.find('\n', start);
    if (end == std::string_view::npos) end = got.size();
    const std::string_view window = got.substr(start, end - start);
    EXPECT_TRUE(window.starts_with("kata")) << window.substr(0, 20);  // starts at a word
    EXPECT_NE(text.find(window), std::string::npos);
    start = end + 1;
  }
  // Deterministic.
  std::string again;
  EXPECT_EQ(LanguageIdSample(text, 1000, 4, &again), got);
}

TEST(LanguageIdSample, CutsOnlyAtWholeCharacters) {
  std::string text;
  while (text.size() < 10000) text += "日本語のテキスト";  // no spaces: windows start at characters
  std::string buffer;
  for (size_t windows : {1u, 2u, 3u, 7u}) {
    const std::string_view got = LanguageIdSample(text, 301, windows, &buffer);
    size_t start = 0;
    while (start < got.size()) {
      size_t end = got.find('\n', start);
      if (end == std::string_view::npos) end = got.size();
      EXPECT_EQ((end - start) % 3, 0u) << windows;  // whole three-byte characters
      EXPECT_NE((static_cast<unsigned char>(got[start]) & 0xC0), 0x80u);
      start = end + 1;
    }
  }
}

// Expects `text` to hold `malay` Malay-only and `indonesian` Indonesian-only marker words.
void ExpectMarkers(std::string_view text, int malay, int indonesian) {
  const MarkerCounts m = CountMalayIndonesianMarkers(text);
  EXPECT_EQ(m.malay, malay) << text;
  EXPECT_EQ(m.indonesian, indonesian) << text;
}

TEST(MalayIndonesianMarkers, CountWordsOfEachSide) {
  ExpectMarkers("Dia berkata bahawa dia tidak mahu pergi kerana hujan.", 3, 0);
  ExpectMarkers("Dia bilang bahwa dia nggak MAU pergi karena hujan, laki-laki itu.", 0, 6);
  EXPECT_EQ(CountMalayIndonesianMarkers("mahukah wangi bahawanya").malay, 0);  // whole words only
}

TEST(MalayIndonesianMarkers, CountsWordsOnlyOneApertiumAnalyserKnows) {
  if (ApertiumMarkerWordCount() == 0) {
    GTEST_SKIP()
        << "built without apertium-ind-zlm (install it and lttoolbox-dev, then reconfigure)";
  }
  // None of these is on the hand-written lists: epal, diperbuat, kempen, elastik are Malay
  // spellings or words; apel, kampanye, elastis, demokratis their Indonesian counterparts.
  ExpectMarkers("Kempen itu diperbuat daripada epal yang elastik.", 4, 0);
  ExpectMarkers("Kampanye APEL yang elastis dan demokratis.", 0, 4);
}

TEST(MalayIndonesianMarkers, CountsWebWordsApart) {
  if (WebMarkerWordCount() == 0) {
    GTEST_SKIP() << "built without Tesseract's Malay and Indonesian models (install "
                    "tesseract-ocr, tesseract-ocr-msa and tesseract-ocr-ind, then reconfigure)";
  }
  // On only the Malay web dictionary: bajet (budget), berasaskan (based on), lebuhraya
  // (highway); on only the Indonesian one: kayaknya, ngapain, nanya (colloquial).
  const MarkerCounts malay = CountMalayIndonesianMarkers("Bajet lebuhraya berasaskan tol.");
  EXPECT_EQ(malay.web_malay, 3);
  EXPECT_EQ(malay.web_indonesian, 0);
  EXPECT_EQ(malay.malay + malay.indonesian, 0);
  const MarkerCounts indonesian = CountMalayIndonesianMarkers("Kayaknya dia NANYA ngapain.");
  EXPECT_EQ(indonesian.web_malay, 0);
  EXPECT_EQ(indonesian.web_indonesian, 3);
  // A word on a stronger list counts there only: kerana (hand-written), epal (Apertium).
  const MarkerCounts strong = CountMalayIndonesianMarkers("kerana epal");
  EXPECT_EQ(strong.malay, 2);
  EXPECT_EQ(strong.web_malay + strong.web_indonesian, 0);
}

TEST(LanguageIdCombined, TakesEachIdentifierWhereItIsStrong) {
  const std::string path = DefaultFastTextModelPath();
  if (!std::ifstream(path).good())
    GTEST_SKIP() << "lid.176.ftz not found; run scripts/fetch-lid-model.sh";
  auto combined = LanguageIdentifier::Create(LanguageIdBackend::kCombined, path);
  ASSERT_TRUE(combined.ok()) << combined.status().ToString();
  auto fasttext = LanguageIdentifier::Create(LanguageIdBackend::kFastText, path);
  ASSERT_TRUE(fasttext.ok());
  EXPECT_EQ(LanguageIdBackendName((*combined)->backend()), "combined");
  // Our own Malay: the word list (bahawa, percuma, kerana, mahu, wang) says Malay.
  const char* malay =
      "Kerajaan negeri telah memutuskan bahawa semua murid sekolah rendah akan menerima buku "
      "teks secara percuma mulai bulan Ogos kerana ibu bapa tidak mahu membelanjakan wang.";
  const LanguageGuess ms = (*combined)->Identify(malay);
  EXPECT_EQ(ms.language, "ms");
  EXPECT_EQ(ms.runner_up, "id");
  EXPECT_TRUE(ms.reliable);
  const char* javanese =
      "Aku arep lunga menyang pasar karo simbah esuk iki, amarga simbah kepengin tuku sayur "
      "lan iwak kanggo masak ing omah. Sawise iku awake dhewe bakal mampir ing omahe pakdhe.";
  EXPECT_EQ((*combined)->Identify(javanese).language, "jv");
  EXPECT_EQ((*combined)
                ->Identify("Pemerintah kota akan membangun jembatan baru di atas sungai itu tahun "
                           "depan, karena jembatan yang lama sudah rusak.")
                .language,
            "id");
  const char* english =
      "The river behind the old mill floods every spring, so the farmers plant on the hill.";
  const LanguageGuess en = (*combined)->Identify(english);
  const LanguageGuess en_ft = (*fasttext)->Identify(english);
  EXPECT_EQ(en.language, "en");
  EXPECT_EQ(en.score, en_ft.score);  // outside the family, lid.176's guess as it is
}

TEST(LanguageIdCombined, ReadsTextInCapitalsLowerCased) {
  const std::string path = DefaultFastTextModelPath();
  if (!std::ifstream(path).good())
    GTEST_SKIP() << "lid.176.ftz not found; run scripts/fetch-lid-model.sh";
  auto combined = LanguageIdentifier::Create(LanguageIdBackend::kCombined, path);
  auto fasttext = LanguageIdentifier::Create(LanguageIdBackend::kFastText, path);
  ASSERT_TRUE(combined.ok() && fasttext.ok());
  // lid.176 alone calls these headings German and Slovak.
  const char* sundanese = "WARTA PANGANYARNA TI KOTA BANDUNG JEUNG SAKURILINGNA";
  const char* indonesian = "PEMERINTAH AKAN MEMBANGUN JEMBATAN BARU DI ATAS SUNGAI";
  const char* english = "THE RIVER BEHIND THE OLD MILL FLOODS EVERY SPRING";
  EXPECT_NE((*fasttext)->Identify(sundanese).language, "su");
  EXPECT_EQ((*combined)->Identify(sundanese).language, "su");
  EXPECT_EQ((*combined)->Identify(indonesian).language, "id");
  EXPECT_EQ((*combined)->Identify(english).language, "en");
  const LanguageGuess lower =
      (*combined)->Identify("the river behind the old mill floods every spring");
  EXPECT_EQ((*combined)->Identify(english).score, lower.score);
  // Mixed case, and capitals beside another script, are read as written.
  const char* mixed = "The River Behind The Old Mill Floods Every Spring";
  EXPECT_EQ((*combined)->Identify(mixed).score, (*fasttext)->Identify(mixed).score);
  const char* cyrillic = "NASA сообщила о запуске новой миссии к Луне в следующем году";
  EXPECT_EQ((*combined)->Identify(cyrillic).score, (*fasttext)->Identify(cyrillic).score);
}

TEST(LanguageIdCombined, WebWordsDecideWhenTheIdentifiersDisagree) {
  const std::string path = DefaultFastTextModelPath();
  if (!std::ifstream(path).good())
    GTEST_SKIP() << "lid.176.ftz not found; run scripts/fetch-lid-model.sh";
  if (WebMarkerWordCount() == 0) GTEST_SKIP() << "built without Tesseract's models";
  auto combined = LanguageIdentifier::Create(LanguageIdBackend::kCombined, path);
  auto fasttext = LanguageIdentifier::Create(LanguageIdBackend::kFastText, path);
  auto cld2 = LanguageIdentifier::Create(LanguageIdBackend::kCld2, "");
  ASSERT_TRUE(combined.ok() && fasttext.ok() && cld2.ok());
  // No hand-written or Apertium marker; lid.176 says id, CLD2 ms; "bajet" is on only the Malay
  // web dictionary, so Malay (the tie rule alone said id when either identifier said id).
  const char* malay = "Saya rasa bajet itu terlalu besar.";
  const MarkerCounts m = CountMalayIndonesianMarkers(malay);
  EXPECT_EQ(m.malay + m.indonesian, 0);
  EXPECT_EQ((*fasttext)->Identify(malay).language, "id");
  EXPECT_EQ((*cld2)->Identify(malay).language, "ms");
  const LanguageGuess ms = (*combined)->Identify(malay);
  EXPECT_EQ(ms.language, "ms");
  EXPECT_EQ(ms.runner_up, "id");
  // When both identifiers agree, their answer stands over the web words.
  EXPECT_EQ((*combined)->Identify("Kayaknya saya terlalu lelah hari ini.").language, "id");
}

}  // namespace
}  // namespace saring
