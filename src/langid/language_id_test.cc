// Tests for saring::LanguageIdentifier on hand-written text. The fastText tests need the
// lid.176 model (scripts/fetch-lid-model.sh) and are skipped when it is absent.
#include "saring/language_id.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "langid/language_codes.h"

namespace saring {
namespace {

// Our own sentences, written for these tests.
constexpr char kEnglish[] =
    "The river behind the old mill floods every spring, so the farmers have learned to plant "
    "their potatoes on the hill and to keep the boats tied up near the barn.";
constexpr char kIndonesian[] =
    "Pemerintah kota akan membangun jembatan baru di atas sungai itu tahun depan, karena "
    "jembatan yang lama sudah rusak dan sering macet setiap sore. Warga berharap proyek ini "
    "selesai sebelum musim hujan.";
constexpr char kMalay[] =
    "Kerajaan negeri telah memutuskan bahawa semua murid sekolah rendah akan menerima buku "
    "teks secara percuma mulai bulan Ogos. Ibu bapa tidak perlu lagi membelanjakan wang "
    "mereka untuk membeli buku-buku tersebut, kata pegawai jabatan pendidikan itu.";
constexpr char kGerman[] =
    "Nachdem der Zug wegen des Schnees zwei Stunden Verspätung hatte, sind wir erst spät in "
    "der Nacht angekommen und haben das Abendessen im Hotel leider verpasst.";
constexpr char kJapanese[] =
    "昨日は雨が降っていたので、私たちは家で映画を見ながら、母が作ったおいしいカレーを食べました。"
    "明日は晴れるそうなので、公園まで散歩に行くつもりです。";

std::unique_ptr<LanguageIdentifier> MakeCld2() {
  auto identifier = LanguageIdentifier::Create(LanguageIdBackend::kCld2, "");
  EXPECT_TRUE(identifier.ok()) << identifier.status().ToString();
  return std::move(identifier).value();
}

// Returns nullptr when the model is absent; callers GTEST_SKIP() then.
std::unique_ptr<LanguageIdentifier> MakeFastTextOrNull() {
  const std::string path = DefaultFastTextModelPath();
  if (!std::ifstream(path).good()) return nullptr;
  auto identifier = LanguageIdentifier::Create(LanguageIdBackend::kFastText, path);
  EXPECT_TRUE(identifier.ok()) << identifier.status().ToString();
  return identifier.ok() ? std::move(identifier).value() : nullptr;
}

#define SKIP_WITHOUT_MODEL(identifier)                                                     \
  if ((identifier) == nullptr)                                                             \
  GTEST_SKIP() << "fastText model lid.176.ftz not found at " << DefaultFastTextModelPath() \
               << "; run scripts/fetch-lid-model.sh to enable this test"

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("SARING_TEST_TMPDIR");
  std::string base = (dir != nullptr && dir[0] != '\0') ? dir : ::testing::TempDir();
  std::error_code ignored;
  std::filesystem::create_directories(base, ignored);
  return base + "/" + name;
}

void ExpectUndetermined(const LanguageGuess& guess) {
  EXPECT_EQ(guess.language, "und");
  EXPECT_EQ(guess.score, 0.0);
  EXPECT_EQ(guess.runner_up, "und");
  EXPECT_EQ(guess.runner_up_score, 0.0);
  EXPECT_FALSE(guess.reliable);
}

TEST(LanguageCodes, NormalisesCld2RetiredAndScriptCodes) {
  EXPECT_EQ(NormalizeCld2Code("jw"), "jv");
  EXPECT_EQ(NormalizeCld2Code("iw"), "he");
  EXPECT_EQ(NormalizeCld2Code("zh-Hant"), "zh");
  EXPECT_EQ(NormalizeCld2Code("xx-Sund"), "su");
  EXPECT_EQ(NormalizeCld2Code("xx-Cyrl"), "und");
  EXPECT_EQ(NormalizeCld2Code("un"), "und");
  EXPECT_EQ(NormalizeCld2Code("zzb"), "und");
  EXPECT_EQ(NormalizeCld2Code("ms"), "ms");
  EXPECT_EQ(NormalizeCld2Code("ceb"), "ceb");
}

TEST(LanguageCodes, StripsFastTextLabelPrefix) {
  EXPECT_EQ(NormalizeFastTextLabel("__label__id"), "id");
  EXPECT_EQ(NormalizeFastTextLabel("__label__jv"), "jv");
  EXPECT_EQ(NormalizeFastTextLabel("__label__als"), "gsw");
  EXPECT_EQ(NormalizeFastTextLabel("__label__"), "und");
  EXPECT_EQ(NormalizeFastTextLabel("war"), "war");
}

TEST(LanguageIdCld2, IdentifiesHandWrittenSentences) {
  auto cld2 = MakeCld2();
  const std::pair<const char*, const char*> cases[] = {
      {kEnglish, "en"}, {kIndonesian, "id"}, {kMalay, "ms"}, {kGerman, "de"}, {kJapanese, "ja"},
  };
  for (const auto& [text, expected] : cases) {
    const LanguageGuess guess = cld2->Identify(text);
    EXPECT_EQ(guess.language, expected) << text;
    EXPECT_GT(guess.score, 0.5) << text;
    EXPECT_LE(guess.score, 1.0) << text;
    EXPECT_GE(guess.score, guess.runner_up_score) << text;
    EXPECT_TRUE(guess.reliable) << text;
  }
}

TEST(LanguageIdCld2, ReportsJavaneseAsJv) {
  auto cld2 = MakeCld2();
  const LanguageGuess guess = cld2->Identify(
      "Aku arep lunga menyang pasar karo simbah esuk iki, amarga simbah kepengin tuku sayur "
      "lan iwak kanggo masak ing omah. Sawise iku awake dhewe bakal mampir ing omahe pakdhe.");
  EXPECT_EQ(guess.language, "jv");  // CLD2 itself says "jw".
}

TEST(LanguageIdCld2, MixedTextHasRunnerUp) {
  auto cld2 = MakeCld2();
  const std::string text = std::string(kGerman) + " " + kEnglish + " " + kGerman;
  const LanguageGuess guess = cld2->Identify(text);
  EXPECT_EQ(guess.language, "de");
  EXPECT_EQ(guess.runner_up, "en");
  EXPECT_GT(guess.runner_up_score, 0.1);
  EXPECT_LE(guess.score + guess.runner_up_score, 1.0);
}

TEST(LanguageIdCld2, EmptyAndShortTextIsUndetermined) {
  auto cld2 = MakeCld2();
  for (const char* text : {"", "   \n\t ", "12345, 678!", "ok", "?!"}) {
    SCOPED_TRACE(text);
    ExpectUndetermined(cld2->Identify(text));
  }
}

TEST(LanguageIdCld2, InvalidUtf8UsesValidPrefix) {
  auto cld2 = MakeCld2();
  std::string text = std::string(kGerman) + "\xff\xfe" + kGerman;
  const LanguageGuess guess = cld2->Identify(text);
  EXPECT_EQ(guess.language, "de");
  ExpectUndetermined(cld2->Identify("\xff\xfe\xc3"));
}

TEST(LanguageIdFastText, MissingModelIsNotFoundWithFetchHint) {
  const auto result = LanguageIdentifier::Create(LanguageIdBackend::kFastText,
                                                 TempPath("langid-no-such-model.ftz"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kNotFound);
  EXPECT_NE(result.status().message().find("scripts/fetch-lid-model.sh"), std::string::npos);
}

TEST(LanguageIdFastText, GarbageModelIsCorruption) {
  const std::string path = TempPath("langid-garbage-model.ftz");
  std::ofstream(path, std::ios::binary) << "this is not a fastText model at all";
  const auto result = LanguageIdentifier::Create(LanguageIdBackend::kFastText, path);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kCorruption);
}

TEST(LanguageIdFastText, TruncatedModelIsCorruption) {
  std::ifstream in(DefaultFastTextModelPath(), std::ios::binary);
  if (!in.good()) GTEST_SKIP() << "needs lid.176.ftz; run scripts/fetch-lid-model.sh";
  const std::string model((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(model.size(), 100000u);
  // Cut inside the header, the arguments, the dictionary, the matrices and the last byte.
  for (size_t cut : {size_t{6}, size_t{40}, size_t{4096}, model.size() / 2, model.size() - 1}) {
    SCOPED_TRACE(cut);
    const std::string path = TempPath("langid-truncated-model.ftz");
    std::ofstream(path, std::ios::binary) << model.substr(0, cut);
    const auto result = LanguageIdentifier::Create(LanguageIdBackend::kFastText, path);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), StatusCode::kCorruption);
  }
}

TEST(LanguageIdFastText, IdentifiesHandWrittenSentences) {
  auto fasttext = MakeFastTextOrNull();
  SKIP_WITHOUT_MODEL(fasttext);
  const std::pair<const char*, const char*> cases[] = {
      {kEnglish, "en"},
      {kIndonesian, "id"},
      {kGerman, "de"},
      {kJapanese, "ja"},
  };
  for (const auto& [text, expected] : cases) {
    const LanguageGuess guess = fasttext->Identify(text);
    EXPECT_EQ(guess.language, expected) << text;
    EXPECT_GT(guess.score, 0.5) << text;
    EXPECT_LE(guess.score, 1.0 + 1e-6) << text;
    EXPECT_GE(guess.score, guess.runner_up_score) << text;
    EXPECT_NE(guess.runner_up, guess.language) << text;
    // fastText names no runner-up when its probability is below 1e-5.
    if (guess.score < 0.999) {
      EXPECT_NE(guess.runner_up, "und") << text;
    }
    EXPECT_TRUE(guess.reliable) << text;
  }
}

TEST(LanguageIdFastText, NewlinesAreSpaces) {
  auto fasttext = MakeFastTextOrNull();
  SKIP_WITHOUT_MODEL(fasttext);
  // fastText stops at the first newline; a text whose first line is English but whose
  // bulk is German must still be read whole.
  const std::string lines = std::string("Hello there.\n") + kGerman + "\n" + kGerman;
  const std::string spaces = std::string("Hello there. ") + kGerman + " " + kGerman;
  const LanguageGuess with_newlines = fasttext->Identify(lines);
  const LanguageGuess with_spaces = fasttext->Identify(spaces);
  EXPECT_EQ(with_newlines.language, "de");
  EXPECT_EQ(with_newlines.language, with_spaces.language);
  EXPECT_DOUBLE_EQ(with_newlines.score, with_spaces.score);
}

TEST(LanguageIdFastText, EmptyAndShortTextIsUndetermined) {
  auto fasttext = MakeFastTextOrNull();
  SKIP_WITHOUT_MODEL(fasttext);
  for (const char* text : {"", "\n\n", "2024-01-01", "hi"}) {
    SCOPED_TRACE(text);
    ExpectUndetermined(fasttext->Identify(text));
  }
}

TEST(LanguageIdDefaultPath, HonoursEnvironmentVariable) {
  const char* old = std::getenv("SARING_LID_MODEL");
  const std::string saved = old != nullptr ? old : "";
  ASSERT_EQ(setenv("SARING_LID_MODEL", "/nonexistent/custom.ftz", 1), 0);
  EXPECT_EQ(DefaultFastTextModelPath(), "/nonexistent/custom.ftz");
  ASSERT_EQ(unsetenv("SARING_LID_MODEL"), 0);
  EXPECT_NE(DefaultFastTextModelPath(), "/nonexistent/custom.ftz");
  EXPECT_TRUE(DefaultFastTextModelPath().ends_with("/lid.176.ftz"));
  if (old != nullptr) setenv("SARING_LID_MODEL", saved.c_str(), 1);
}

// Identifies every text on `threads` threads at once, several rounds each, and checks that
// every answer equals the single-threaded one.
void ExpectSameAnswersConcurrently(const LanguageIdentifier& identifier) {
  const std::vector<std::string> texts = {
      kEnglish, kIndonesian, kMalay, kGerman, kJapanese, std::string(kGerman) + "\n" + kEnglish,
      "",       "x"};
  std::vector<LanguageGuess> expected;
  for (const std::string& text : texts) expected.push_back(identifier.Identify(text));
  constexpr int kThreads = 4;
  constexpr int kRounds = 50;
  std::vector<int> mismatches(kThreads, 0);
  std::vector<std::thread> workers;
  for (int t = 0; t < kThreads; ++t) {
    workers.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        for (size_t i = 0; i < texts.size(); ++i) {
          const size_t k = (i + static_cast<size_t>(t + round)) % texts.size();
          const LanguageGuess got = identifier.Identify(texts[k]);
          if (got.language != expected[k].language || got.score != expected[k].score ||
              got.runner_up != expected[k].runner_up ||
              got.runner_up_score != expected[k].runner_up_score ||
              got.reliable != expected[k].reliable) {
            ++mismatches[t];
          }
        }
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

TEST(LanguageIdThreads, Cld2GivesSameAnswersConcurrently) {
  auto cld2 = MakeCld2();
  ExpectSameAnswersConcurrently(*cld2);
}

TEST(LanguageIdThreads, FastTextGivesSameAnswersConcurrently) {
  auto fasttext = MakeFastTextOrNull();
  SKIP_WITHOUT_MODEL(fasttext);
  ExpectSameAnswersConcurrently(*fasttext);
}

}  // namespace
}  // namespace saring
