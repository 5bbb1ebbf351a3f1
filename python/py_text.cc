// Bindings of the per-document text functions: repair (repair.h), normalisation (normalize.h),
// quality signals and rules (quality.h, stopwords.h) and language identification
// (language_id.h). Each call works on one document and releases the GIL while C++ runs.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "py_common.h"
#include "saring/language_id.h"
#include "saring/normalize.h"
#include "saring/quality.h"
#include "saring/repair.h"
#include "saring/stopwords.h"

namespace saring::python {
namespace {

// One removed span for Python: offsets are str indices for str input, byte offsets for bytes.
py::tuple SpanToPython(const RemovedSpan& s, const Utf8Text& text) {
  std::string_view t = text.view();
  auto offset = [&](size_t byte) {
    if (!text.is_str()) return byte;
    size_t code_points = 0;  // every byte but UTF-8 continuation bytes (10xxxxxx) starts one
    for (size_t i = 0; i < byte && i < t.size(); ++i) code_points += (t[i] & 0xC0) != 0x80;
    return code_points;
  };
  py::object dup = py::none();
  if (s.duplicate_of >= 0) dup = py::make_tuple(offset(s.dup_begin), offset(s.dup_end));
  return py::make_tuple(offset(s.begin), offset(s.end), std::string(SpanReasonName(s.reason)),
                        ToPython(t.substr(s.begin, s.end - s.begin), text.is_str()), s.paragraph,
                        dup);
}

// (kept_text, removed, kept_normalized, normalized); removed holds (begin, end, reason, text,
// paragraph, (dup_begin, dup_end) | None) tuples.
py::tuple Repair(py::handle obj, bool remove_repeated, bool remove_contained,
                 uint32_t min_contained_chars, bool remove_credits, uint32_t max_credit_chars) {
  Utf8Text text(obj);
  const RepairOptions options{remove_repeated, remove_contained, min_contained_chars,
                              remove_credits, max_credit_chars};  // in declaration order
  RepairResult result = WithoutGil([&] {
    RepairResult r;
    DocumentRepairer(options).Repair(text.view(), &r);
    return r;
  });
  py::list removed;
  for (const RemovedSpan& s : result.removed) removed.append(SpanToPython(s, text));
  return py::make_tuple(ToPython(result.kept_text, text.is_str()), removed,
                        ToPython(result.kept_normalized, true),
                        ToPython(result.normalized_all, true));
}

py::object Normalize(py::handle obj, bool fold_case, bool strip_punctuation, bool fold_digits) {
  Utf8Text text(obj);
  NormalizeOptions options;
  options.fold_case = fold_case;
  options.strip_punctuation = strip_punctuation;
  options.fold_digits = fold_digits;
  std::string out = WithoutGil([&] {
    std::string normalized;
    NormalizeText(text.view(), options, &normalized);
    return normalized;
  });
  return ToPython(out, text.is_str());
}

// The built-in stop-word list of `language`, or nullptr for None, "" or a language without one.
const StopWords* StopWordsFor(const std::optional<std::string>& language) {
  if (!language || language->empty()) return nullptr;
  return StopWords::BuiltIn(*language);
}

QualitySignals ComputeSignals(const Utf8Text& text, const std::optional<std::string>& language) {
  const StopWords* stop_words = StopWordsFor(language);
  QualitySignals signals;
  py::gil_scoped_release nogil;
  SignalComputer computer;
  computer.Compute(text.view(), stop_words, &signals);
  return signals;
}

std::string SignalsJson(py::handle obj, const std::optional<std::string>& language) {
  std::string json;
  AppendSignalsJson(ComputeSignals(Utf8Text(obj), language), &json);
  return json;
}

// The first failed rule as (rule, value, threshold), or None. `settings` are quality.* settings
// (the Python layer maps keywords to keys), resolved as the pipeline resolves them.
py::object QualityCheck(py::handle obj, const std::optional<std::string>& language,
                        const Settings& settings) {
  QualityOptions options = BuildRunOptions({}, "", std::nullopt, settings).quality;
  Utf8Text text(obj);
  std::optional<RuleFailure> failure = EvaluateRules(ComputeSignals(text, language), options);
  if (!failure) return py::none();
  return py::make_tuple(std::string(failure->rule), failure->value, failure->threshold);
}

// Identifiers are created once per (backend, model) and shared: Identify() is thread-safe.
// The map is only touched with the GIL held.
const LanguageIdentifier& IdentifierFor(const std::string& backend, const std::string& model) {
  static auto* cache =
      new std::map<std::pair<std::string, std::string>, std::unique_ptr<LanguageIdentifier>>();
  std::optional<LanguageIdBackend> kind;
  for (LanguageIdBackend b :
       {LanguageIdBackend::kCld2, LanguageIdBackend::kFastText, LanguageIdBackend::kCombined}) {
    if (LanguageIdBackendName(b) == backend) kind = b;
  }
  if (!kind) {
    RaiseError(Status::InvalidArgument("unknown language-id backend '" + backend +
                                       "'; use \"combined\", \"cld2\" or \"fasttext\""));
  }
  std::string path = *kind != LanguageIdBackend::kCld2
                         ? (model.empty() ? DefaultFastTextModelPath() : model)
                         : std::string();
  auto key = std::make_pair(backend, path);
  auto it = cache->find(key);
  if (it == cache->end()) {
    std::unique_ptr<LanguageIdentifier> id = ValueOrThrow(LanguageIdentifier::Create(*kind, path));
    it = cache->emplace(key, std::move(id)).first;
  }
  return *it->second;
}

py::tuple IdentifyLanguage(py::handle obj, const std::string& backend, const std::string& model) {
  const LanguageIdentifier& identifier = IdentifierFor(backend, model);
  Utf8Text text(obj);
  LanguageGuess g = WithoutGil([&] { return identifier.Identify(text.view()); });
  return py::make_tuple(g.language, g.score, g.runner_up, g.runner_up_score, g.reliable);
}

}  // namespace

void RegisterText(py::module_& m) {
  m.def("repair", &Repair, "text"_a, "remove_repeated"_a, "remove_contained"_a,
        "min_contained_chars"_a, "remove_credits"_a, "max_credit_chars"_a);
  m.def("normalize", &Normalize, "text"_a, "fold_case"_a, "strip_punctuation"_a, "fold_digits"_a);
  m.def("signals_json", &SignalsJson, "text"_a, "language"_a);
  m.def("quality_check", &QualityCheck, "text"_a, "language"_a, "settings"_a);
  m.def("identify_language", &IdentifyLanguage, "text"_a, "backend"_a, "model"_a);
  m.def("stop_word_languages", [] {
    std::vector<std::string> out;
    for (std::string_view l : StopWords::BuiltInLanguages()) out.emplace_back(l);
    return out;
  });
}

}  // namespace saring::python
