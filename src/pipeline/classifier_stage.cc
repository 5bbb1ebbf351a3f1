#include "pipeline/classifier_stage.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <iterator>

#include <fmt/format.h>

#include "saring/language_id.h"

namespace saring::pipeline {

Result<ClassifierSpec> ParseClassifierSpec(std::string_view entry) {
  auto bad = [&](std::string_view why) {
    return Status::InvalidArgument(fmt::format(
        "setting classifier.models: '{}' {} (expected NAME:filter|annotate:LABEL:THRESHOLD:PATH)",
        entry, why));
  };
  std::string_view fields[4];
  std::string_view rest = entry;
  for (std::string_view& field : fields) {
    const size_t colon = rest.find(':');
    if (colon == std::string_view::npos) return bad("has fewer than five fields");
    field = rest.substr(0, colon);
    rest.remove_prefix(colon + 1);
  }
  ClassifierSpec spec;
  spec.name = fields[0];
  if (spec.name.empty()) return bad("has no name");
  for (char ch : spec.name) {  // the name is a JSON key and a rule name: keep it plain
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-' && ch != '.') {
      return bad("has a name that is not made of letters, digits, '_', '-' and '.'");
    }
  }
  if (fields[1] == "filter") {
    spec.filter = true;
  } else if (fields[1] != "annotate") {
    return bad("has a mode that is not filter or annotate");
  }
  spec.label = fields[2];
  if (spec.label.empty()) return bad("has no label");
  const std::string threshold(fields[3]);
  char* end = nullptr;
  spec.threshold = std::strtod(threshold.c_str(), &end);
  if (threshold.empty() || end != threshold.c_str() + threshold.size() ||
      !std::isfinite(spec.threshold)) {
    return bad("has a threshold that is not a number");
  }
  spec.path = rest;
  if (spec.path.empty()) return bad("has no model path");
  return spec;
}

Result<std::unique_ptr<Classifiers>> Classifiers::Create(const RunOptions& options) {
  if (options.classifier.models.empty()) return std::unique_ptr<Classifiers>();
  auto c = std::make_unique<Classifiers>();
  c->max_bytes_ = options.classifier.max_bytes;
  for (const std::string& entry : options.classifier.models) {
    SARING_ASSIGN_OR_RETURN(ClassifierSpec spec, ParseClassifierSpec(entry));
    for (const Model& m : c->models_) {
      if (m.spec.name == spec.name) {
        return Status::InvalidArgument("setting classifier.models: two classifiers named '" +
                                       spec.name + "'");
      }
    }
    Result<std::unique_ptr<FastTextModel>> model = FastTextModel::Load(spec.path);
    if (!model.ok()) {
      return Status(model.status().code(),
                    "classifier '" + spec.name + "': " + model.status().message());
    }
    const int32_t label = (*model)->FindLabel(spec.label);
    if (label < 0) {
      return Status::InvalidArgument(fmt::format("classifier '{}': the model {} has no label '{}'",
                                                 spec.name, spec.path, spec.label));
    }
    c->models_.push_back(Model{std::move(spec), std::move(model).value(), label});
  }
  return c;
}

void Classifiers::AppendRuleInfos(std::vector<RuleInfo>* rules) const {
  for (const Model& m : models_) {
    rules->push_back({m.spec.name, "classifier", m.spec.label, true, m.spec.threshold,
                      m.spec.filter, m.spec.path});
  }
}

ClassifierWorker::ClassifierWorker(const Classifiers& classifiers)
    : classifiers_(classifiers), scratch_(classifiers.models().size()) {}

double ClassifierWorker::Score(size_t i, std::string_view text) {
  const Classifiers::Model& m = classifiers_.models()[i];
  m.model->Predict(text, /*k=*/-1, /*threshold=*/0.0f, &scratch_[i], &predictions_);
  for (const FastTextPrediction& p : predictions_) {
    if (p.label == m.label_id) return p.Probability();
  }
  return 0.0;
}

void ClassifierWorker::Apply(DocWork* d) {
  const std::string_view text =
      LanguageIdSample(d->KeptText(), classifiers_.max_bytes(), 4, &sample_);
  std::string& json = d->classifier_json;
  json.assign(1, '{');  // not assign("{"): GCC 12 false -Wrestrict (bug 105329)
  const std::vector<Classifiers::Model>& models = classifiers_.models();
  for (size_t i = 0; i < models.size(); ++i) {
    const double score = Score(i, text);
    if (i > 0) json.push_back(',');
    fmt::format_to(std::back_inserter(json), "\"{}\":{:.6f}", models[i].spec.name, score);
    if (models[i].spec.filter && score < models[i].spec.threshold) {
      d->fate = DocFate::kRemoved;
      d->reason = RemovalReason::kClassifier;
      d->rule = models[i].spec.name;
      d->rule_value = score;
      d->rule_threshold = models[i].spec.threshold;
      break;
    }
  }
  json.push_back('}');
  for (FastTextScratch& s : scratch_) s.Trim(size_t{1} << 20);
}

}  // namespace saring::pipeline
