// The corpus-aware and filtering stages applied to each repaired document, in this order:
//   boilerplate (lines learned from the corpus) -> language ID -> quality signals and rules.
// Filters (shared, read-only during a pass) holds the models; FilterWorker (one per thread)
// holds the scratch state.
#ifndef SARING_PIPELINE_FILTERS_H_
#define SARING_PIPELINE_FILTERS_H_

#include <memory>
#include <string>
#include <vector>

#include "pipeline/classifier_stage.h"
#include "pipeline/doc_work.h"
#include "saring/boilerplate.h"
#include "saring/language_id.h"
#include "saring/quality.h"
#include "saring/run.h"
#include "saring/stopwords.h"

namespace saring::pipeline {

class Filters {
 public:
  // Loads the language identifier (NotFound with a hint when a fastText model is missing) and
  // the default stop words.
  static Result<std::unique_ptr<Filters>> Create(const RunOptions& options);

  // Installs the boilerplate model learned by the learning pass.
  void SetBoilerplate(BoilerplateModel model);

  bool boilerplate() const { return boilerplate_.has_value(); }
  const RunOptions& options() const { return options_; }
  const BoilerplateModel* boilerplate_model() const {
    return boilerplate_ ? &*boilerplate_ : nullptr;
  }
  const LanguageIdentifier* identifier() const { return identifier_.get(); }
  const Classifiers* classifiers() const { return classifiers_.get(); }
  const StopWords* StopWordsFor(const std::string& language) const;
  bool quality_on() const { return options_.quality_mode != QualityMode::kOff; }
  bool quality_filter() const { return options_.quality_mode == QualityMode::kFilter; }

 private:
  explicit Filters(const RunOptions& options) : options_(options) {}
  const RunOptions& options_;
  std::unique_ptr<LanguageIdentifier> identifier_;
  std::unique_ptr<Classifiers> classifiers_;
  std::optional<BoilerplateModel> boilerplate_;
};

class FilterWorker {
 public:
  explicit FilterWorker(const Filters& filters);

  // Applies boilerplate, language, quality and classifiers to a kept document: may add stage
  // spans (and then fill final_text/final_normalized) and may remove it (reason "language",
  // "quality" or "classifier").
  void Apply(DocWork* d);

 private:
  void CutBoilerplate(DocWork* d);
  void IdentifyLanguage(DocWork* d);
  // With language.paragraphs: the share of the kept text's bytes per language, from each
  // line of at least kMinParagraphBytes bytes identified on its own.
  void LanguageShares(DocWork* d);
  static constexpr size_t kMinParagraphBytes = 40;
  std::vector<std::pair<std::string, uint64_t>> shares_;
  void CheckQuality(DocWork* d);

  const Filters& filters_;
  std::optional<BoilerplateMatcher> matcher_;
  SignalComputer signals_;
  std::vector<BoilerplateLine> lines_;
  std::vector<BoilerplateInline> inline_;
  struct KeptCut {
    uint32_t begin, end;  // in the kept text
    std::string_view reason;
    std::string evidence;
  };
  std::vector<KeptCut> cuts_;
  std::string view_;
  std::string sample_;  // the windows language ID reads
  std::optional<ClassifierWorker> classify_;
};

// The document's kept text with the line breaks inside each paragraph turned into spaces (so
// its offsets equal those of the kept text): boilerplate works on paragraphs, so that a
// hard-wrapped lead paragraph is judged whole, not by its first line.
void BuildParagraphView(const DocWork& d, std::string* out);

// The host of a URL ("https://www.x.example/a" -> "www.x.example"), or `value` if it is not one.
std::string_view SourceKey(std::string_view value);

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_FILTERS_H_
