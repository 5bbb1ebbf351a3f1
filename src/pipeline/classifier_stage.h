// The classifier stage: fastText supervised models (a quality classifier such as DCLM's or
// FineWeb-Edu's, or any model trained with `fasttext supervised`) given by path in the
// `classifier.models` setting, never downloaded. Each model names one label; the score of a
// document is the model's probability of that label for the document's kept text (read as
// one fastText line, up to classifier.max_bytes through LanguageIdSample's windows; 0 = all).
//   - annotate: the score goes to metadata.saring.classifiers.<name>;
//   - filter:   the same, and a document scoring below the threshold is removed with reason
//               "classifier", rule <name>, value = its score, threshold = the threshold.
// Models run in the order given; a removal stops the later ones. The inference engine is the
// one language ID uses (src/langid/fasttext_model.h).
#ifndef SARING_PIPELINE_CLASSIFIER_STAGE_H_
#define SARING_PIPELINE_CLASSIFIER_STAGE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "langid/fasttext_model.h"
#include "pipeline/doc_work.h"
#include "saring/quality.h"
#include "saring/run.h"
#include "saring/status.h"

namespace saring::pipeline {

// One entry of classifier.models: "NAME:MODE:LABEL:THRESHOLD:PATH", MODE filter or annotate,
// LABEL with or without fastText's "__label__" prefix, PATH last (it may hold ':').
struct ClassifierSpec {
  std::string name;
  bool filter = false;
  std::string label;
  double threshold = 0;
  std::string path;
};

// Parses one entry; InvalidArgument naming the setting and the entry when malformed.
Result<ClassifierSpec> ParseClassifierSpec(std::string_view entry);

class Classifiers {
 public:
  // Loads every model of options.classifier.models (errors name the entry and the file). Returns
  // null when the list is empty.
  static Result<std::unique_ptr<Classifiers>> Create(const RunOptions& options);

  struct Model {
    ClassifierSpec spec;
    std::unique_ptr<FastTextModel> model;
    int32_t label_id = 0;
  };
  const std::vector<Model>& models() const { return models_; }
  size_t max_bytes() const { return max_bytes_; }
  // The models as quality-rule descriptions (name = the classifier's name), so that a removal
  // restored from the analysis spill finds its rule name.
  void AppendRuleInfos(std::vector<RuleInfo>* rules) const;

 private:
  std::vector<Model> models_;
  size_t max_bytes_ = 0;
};

// Per-thread state of the stage.
class ClassifierWorker {
 public:
  explicit ClassifierWorker(const Classifiers& classifiers);
  // Scores d's kept text with each model: fills d->classifier_json and may remove d.
  void Apply(DocWork* d);
  // The probability of model `i`'s label for `text` (0 when the model gives it none).
  double Score(size_t i, std::string_view text);

 private:
  const Classifiers& classifiers_;
  std::vector<FastTextScratch> scratch_;  // one per model
  std::vector<FastTextPrediction> predictions_;
  std::string sample_;
};

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_CLASSIFIER_STAGE_H_
