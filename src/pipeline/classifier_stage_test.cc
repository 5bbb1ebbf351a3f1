// The classifier stage with a model trained here by Debian's `fasttext` on the repository's
// sample text: scores equal libfasttext's to 1e-5, filter and annotate modes, bad settings.
#include "pipeline/classifier_stage.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "langid/fasttext_test_util.h"
#include "util/scratch_dir.h"

namespace saring::pipeline {
namespace {

TEST(ClassifierSpec, ParsesFiveFieldsWithThePathLast) {
  Result<ClassifierSpec> spec = ParseClassifierSpec("edu:filter:__label__hq:0.25:/m/c:d.bin");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->name, "edu");
  EXPECT_TRUE(spec->filter);
  EXPECT_EQ(spec->label, "__label__hq");
  EXPECT_EQ(spec->threshold, 0.25);
  EXPECT_EQ(spec->path, "/m/c:d.bin");
  spec = ParseClassifierSpec("x:annotate:hq:1e-3:m.ftz");
  ASSERT_TRUE(spec.ok());
  EXPECT_FALSE(spec->filter);
  for (const char* bad : {"edu:filter:hq:0.5", "edu:keep:hq:0.5:m.bin", "edu:filter:hq:half:m.bin",
                          ":filter:hq:0.5:m.bin", "e du:filter:hq:0.5:m.bin",
                          "edu:filter::0.5:m.bin", "edu:filter:hq:0.5:"}) {
    Result<ClassifierSpec> r = ParseClassifierSpec(bad);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(r.status().message().find("classifier.models"), std::string::npos) << bad;
  }
}

TEST(ClassifierStage, MissingModelOrLabelIsAClearError) {
  test_util::ScratchDir dir("classifier-bad");
  RunOptions options;
  options.classifier.models = {"edu:filter:hq:0.5:" + dir.Sub("absent.bin")};
  Result<std::unique_ptr<Classifiers>> c = Classifiers::Create(options);
  EXPECT_EQ(c.status().code(), StatusCode::kNotFound);
  EXPECT_NE(c.status().message().find("classifier 'edu'"), std::string::npos)
      << c.status().ToString();
  options.classifier.models.clear();
  c = Classifiers::Create(options);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, nullptr);
  if (!test_util::HaveFastTextCommand())
    GTEST_SKIP() << "the fasttext command (Debian package fasttext) is missing";
  const std::string model =
      test_util::TrainFastText(dir.path(), "m", "-dim 8 -epoch 2 -minn 2 -maxn 3 -bucket 5000");
  options.classifier.models = {"edu:filter:__label__nonesuch:0.5:" + model};
  c = Classifiers::Create(options);
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(c.status().message().find("__label__nonesuch"), std::string::npos);
}

TEST(ClassifierStage, ScoresEqualLibFastTextAndFilterBelowTheThreshold) {
  if (!test_util::HaveFastTextCommand())
    GTEST_SKIP() << "the fasttext command (Debian package fasttext) is missing";
  test_util::ScratchDir dir("classifier");
  const std::string model = test_util::TrainFastText(
      dir.path(), "m",
      "-loss softmax -dim 16 -epoch 5 -minn 2 -maxn 4 -wordNgrams 2 -bucket 20000");
  fasttext::FastText reference;
  reference.loadModel(model);
  const std::vector<std::string> texts = test_util::RepoParagraphs();
  std::vector<std::array<double, 2>> want(texts.size(), {0.0, 0.0});
  std::vector<double> english;
  for (size_t i = 0; i < texts.size(); ++i) {
    for (const auto& [p, label] : test_util::ReferencePredict(reference, texts[i], -1)) {
      if (label == "__label__en") want[i][0] = p;
      if (label == "__label__num") want[i][1] = p;
    }
    english.push_back(want[i][0]);
  }
  // The threshold: the median English score, so that both outcomes occur.
  std::sort(english.begin(), english.end());
  const double threshold = english[english.size() / 2];
  RunOptions options;
  options.classifier.models = {fmt::format("english:filter:en:{:.17g}:{}", threshold, model),
                               "digits:annotate:__label__num:0:" + model};
  Result<std::unique_ptr<Classifiers>> classifiers = Classifiers::Create(options);
  ASSERT_TRUE(classifiers.ok()) << classifiers.status().ToString();
  ClassifierWorker worker(**classifiers);
  size_t removed = 0, kept = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::string& text = texts[i];
    EXPECT_NEAR(worker.Score(0, text), want[i][0], 1e-5) << text.substr(0, 60);
    EXPECT_NEAR(worker.Score(1, text), want[i][1], 1e-5) << text.substr(0, 60);
    DocWork d;
    d.repair.kept_text = text;
    worker.Apply(&d);
    if (std::abs(want[i][0] - threshold) < 1e-5) continue;  // too close to call
    if (want[i][0] < threshold) {
      ++removed;
      EXPECT_EQ(d.fate, DocFate::kRemoved);
      EXPECT_EQ(d.reason, RemovalReason::kClassifier);
      EXPECT_EQ(d.rule, "english");
      EXPECT_NEAR(d.rule_value, want[i][0], 1e-5);
      EXPECT_EQ(d.rule_threshold, threshold);
      EXPECT_EQ(d.classifier_json.find("digits"), std::string::npos);  // stopped at the removal
    } else {
      ++kept;
      EXPECT_EQ(d.fate, DocFate::kKept);
      EXPECT_TRUE(d.classifier_json.starts_with("{\"english\":")) << d.classifier_json;
      EXPECT_NE(d.classifier_json.find(",\"digits\":"), std::string::npos) << d.classifier_json;
    }
  }
  EXPECT_GT(removed, 5u);  // both outcomes occur on this text
  EXPECT_GT(kept, 5u);
}

}  // namespace
}  // namespace saring::pipeline
