// saring's fastText inference against libfasttext: models trained here with Debian's
// `fasttext` command on the repository's sample text (every loss, with and without product
// quantisation), and lid.176.ftz when installed. Labels and probabilities must agree to 1e-5.
#include "langid/fasttext_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "langid/fasttext_kernels.h"
#include "langid/fasttext_test_util.h"
#include "saring/language_id.h"
#include "util/scratch_dir.h"

namespace saring {
namespace {

using test_util::ReferencePredict;

// Texts that exercise the tokenizer: tabs, NUL and other separators, labels inside the text,
// multi-byte characters of 2, 3 and 4 bytes, a lone continuation byte, "</s>", long words.
std::vector<std::string> EdgeTexts() {
  return {
      "",
      "   ",
      "hujan",
      "Hujan lebat\tdi Jakarta\vdan\fBogor\r\nhari ini",
      std::string("nul\0inside the text", 19),
      "__label__id __label__unknown tokens that look like labels",
      "Привет, как дела? Всё хорошо, спасибо.",
      "東京で雨が降っています。日本語の文です。",
      "emoji 😀😀 and ümlauts and café résumé naïve",
      "bad utf8 \x80\xC3 here \xF0\x9F",
      "</s> end of sentence </s>",
      std::string(3000, 'a') + " " + std::string(500, 'x'),
      "Badan Meteorologi, Klimatologi, dan Geofisika (BMKG) memperingatkan potensi hujan lebat.",
  };
}

void ExpectSamePredictions(const FastTextModel& ours, const fasttext::FastText& reference,
                           const std::vector<std::string>& texts, int32_t k,
                           float threshold = 0.0f) {
  FastTextScratch scratch;
  std::vector<FastTextPrediction> got;
  size_t compared = 0;
  for (const std::string& text : texts) {
    const auto want = ReferencePredict(reference, text, k, threshold);
    ours.Predict(text, k, threshold, &scratch, &got);
    ASSERT_EQ(got.size(), want.size()) << "text: " << text.substr(0, 80);
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(ours.label(got[i].label), want[i].second)
          << "rank " << i << " of: " << text.substr(0, 80);
      EXPECT_NEAR(std::exp(static_cast<double>(got[i].log_score)), want[i].first, 1e-5)
          << "rank " << i << " of: " << text.substr(0, 80);
      ++compared;
    }
  }
  if (threshold == 0.0f) {
    EXPECT_GT(compared, texts.size() / 2);  // it did compare predictions
  }
}

std::unique_ptr<fasttext::FastText> LoadReference(const std::string& path) {
  auto model = std::make_unique<fasttext::FastText>();
  model->loadModel(path);
  return model;
}

std::unique_ptr<FastTextModel> LoadOurs(const std::string& path) {
  auto model = FastTextModel::Load(path);
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  return model.ok() ? std::move(model).value() : nullptr;
}

std::vector<std::string> AllTexts() {
  std::vector<std::string> texts = test_util::RepoParagraphs();
  for (std::string& t : EdgeTexts()) texts.push_back(std::move(t));
  return texts;
}

struct TrainedCase {
  const char* name;
  const char* options;
  const char* quantize_options;
  int many_labels = 0;
};

class TrainedModelTest : public ::testing::TestWithParam<TrainedCase> {};

TEST_P(TrainedModelTest, PredictionsEqualLibFastText) {
  if (!test_util::HaveFastTextCommand())
    GTEST_SKIP() << "the fasttext command (Debian package fasttext) is missing";
  test_util::ScratchDir dir("fasttext");
  const std::string bin = test_util::TrainFastText(dir.path(), GetParam().name, GetParam().options,
                                                   GetParam().many_labels);
  const std::vector<std::string> texts = AllTexts();
  ASSERT_GT(texts.size(), 50u);
  {
    auto ours = LoadOurs(bin);
    ASSERT_NE(ours, nullptr);
    auto reference = LoadReference(bin);
    for (int32_t k : {1, 2, -1}) ExpectSamePredictions(*ours, *reference, texts, k);
    ExpectSamePredictions(*ours, *reference, texts, -1, 0.3f);
  }
  // Product quantisation with pruned n-grams and norms (and a quantised output matrix).
  const std::string ftz =
      test_util::QuantizeFastText(dir.path(), GetParam().name, GetParam().quantize_options);
  auto ours = LoadOurs(ftz);
  ASSERT_NE(ours, nullptr);
  auto reference = LoadReference(ftz);
  for (int32_t k : {1, -1}) ExpectSamePredictions(*ours, *reference, texts, k);
}

INSTANTIATE_TEST_SUITE_P(
    Losses, TrainedModelTest,
    ::testing::Values(
        TrainedCase{"softmax",
                    "-loss softmax -dim 16 -epoch 5 -minn 2 -maxn 4 -wordNgrams 2 -bucket 20000",
                    "-qnorm -cutoff 2000 -dsub 2"},
        TrainedCase{"hs", "-loss hs -dim 20 -epoch 5 -minn 2 -maxn 5 -wordNgrams 3 -bucket 10000",
                    "-cutoff 500 -dsub 4"},
        TrainedCase{"ova", "-loss ova -dim 24 -epoch 5 -minn 3 -maxn 3 -wordNgrams 1 -bucket 8000",
                    "-qnorm -cutoff 800 -dsub 5"},
        TrainedCase{"ns", "-loss ns -dim 8 -epoch 5 -wordNgrams 2 -bucket 8000 -maxn 0",
                    "-cutoff 800 -dsub 2"},
        TrainedCase{"qout", "-loss softmax -dim 12 -epoch 3 -minn 2 -maxn 4 -bucket 20000",
                    "-qnorm -qout -cutoff 1000 -dsub 2", 300}),
    [](const ::testing::TestParamInfo<TrainedCase>& info) { return std::string(info.param.name); });

TEST(FastTextModel, Lid176EqualsLibFastText) {
  const std::string path = DefaultFastTextModelPath();
  if (!std::ifstream(path).good())
    GTEST_SKIP() << "lid.176.ftz not found; run scripts/fetch-lid-model.sh";
  auto ours = LoadOurs(path);
  ASSERT_NE(ours, nullptr);
  auto reference = LoadReference(path);
  const std::vector<std::string> texts = AllTexts();
  for (int32_t k : {1, 2, 5}) ExpectSamePredictions(*ours, *reference, texts, k);
}

TEST(FastTextModel, SimdKernelEqualsScalar) {
  const std::string path = DefaultFastTextModelPath();
  if (!std::ifstream(path).good())
    GTEST_SKIP() << "lid.176.ftz not found; run scripts/fetch-lid-model.sh";
  if (!fasttext_internal::ForceFastTextKernelForTesting("avx2")) GTEST_SKIP() << "no AVX2 here";
  auto ours = LoadOurs(path);
  ASSERT_NE(ours, nullptr);
  FastTextScratch scratch;
  std::vector<FastTextPrediction> simd, scalar;
  for (const std::string& text : AllTexts()) {
    ASSERT_TRUE(fasttext_internal::ForceFastTextKernelForTesting("avx2"));
    ours->Predict(text, 3, 0.0f, &scratch, &simd);
    ASSERT_TRUE(fasttext_internal::ForceFastTextKernelForTesting("scalar"));
    ours->Predict(text, 3, 0.0f, &scratch, &scalar);
    ASSERT_EQ(simd.size(), scalar.size());
    for (size_t i = 0; i < simd.size(); ++i) {
      EXPECT_EQ(simd[i].label, scalar[i].label);
      EXPECT_NEAR(simd[i].log_score, scalar[i].log_score, 1e-5);
    }
  }
  fasttext_internal::ForceFastTextKernelForTesting("auto");
}

TEST(FastTextModel, LoadErrorsNameTheFileAndOffset) {
  test_util::ScratchDir dir("fasttext-bad");
  EXPECT_EQ(FastTextModel::Load(dir.Sub("absent.bin")).status().code(), StatusCode::kNotFound);
  const std::string garbage = dir.Sub("garbage.bin");
  std::ofstream(garbage) << "this is not a model at all";
  auto bad = FastTextModel::Load(garbage);
  EXPECT_EQ(bad.status().code(), StatusCode::kCorruption);
  EXPECT_NE(bad.status().message().find(garbage), std::string::npos);
  const std::string path = DefaultFastTextModelPath();
  if (!std::ifstream(path).good()) return;
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (size_t size : {size_t{6}, size_t{40}, size_t{100}, bytes.size() / 2, bytes.size() - 1}) {
    const std::string cut = dir.Sub("cut.ftz");
    std::ofstream(cut, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(size));
    auto result = FastTextModel::Load(cut);
    EXPECT_EQ(result.status().code(), StatusCode::kCorruption) << size;
    EXPECT_NE(result.status().message().find("byte"), std::string::npos)
        << result.status().ToString();
  }
  const std::string longer = dir.Sub("longer.ftz");
  std::ofstream(longer, std::ios::binary) << bytes << "extra";
  EXPECT_EQ(FastTextModel::Load(longer).status().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace saring
