// Bindings of the per-document text functions: repair (repair.h), normalisation (normalize.h),
// quality signals and rules (quality.h, stopwords.h) and language identification
// (language_id.h). Each call works on one document and releases the GIL while C++ runs.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

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
    return text.is_str() ? CodePointsBefore(t, byte) : byte;
  };
  py::object dup = py::none();
  if (s.duplicate_of >= 0) dup = py::make_tuple(offset(s.dup_begin), offset(s.dup_end));
  return py::make_tuple(offset(s.begin), offset(s.end), std::string(SpanReasonName(s.reason)),
                        ToPython(t.substr(s.begin, s.end - s.begin), text.is_str()),
                        s.paragraph, dup);
}

// _repair(text, options...) -> dict with kept_text, kept_normalized, normalized and removed
// (a list of (begin, end, reason, text, paragraph, (dup_begin, dup_end) | None) tuples).
py::dict Repair(py::handle obj, bool remove_repeated, bool remove_contained,
                uint32_t min_contained_chars, bool remove_credits, uint32_t max_credit_chars) {
  Utf8Text text(obj);
  RepairOptions options;
  options.remove_repeated = remove_repeated;
  options.remove_contained = remove_contained;
  options.min_contained_chars = min_contained_chars;
  options.remove_credits = remove_credits;
  options.max_credit_chars = max_credit_chars;
  RepairResult result;
  {
    py::gil_scoped_release nogil;
    DocumentRepairer repairer(options);
    repairer.Repair(text.view(), &result);
  }
  py::list removed;
  for (const RemovedSpan& s : result.removed) removed.append(SpanToPython(s, text));
  py::dict out;
  out["kept_text"] = ToPython(result.kept_text, text.is_str());
  out["kept_normalized"] = ToPython(result.kept_normalized, true);
  out["normalized"] = ToPython(result.normalized_all, true);
  out["removed"] = removed;
  return out;
}

py::object Normalize(py::handle obj, bool fold_case, bool strip_punctuation, bool fold_digits) {
  Utf8Text text(obj);
  NormalizeOptions options;
  options.fold_case = fold_case;
  options.strip_punctuation = strip_punctuation;
  options.fold_digits = fold_digits;
  std::string out;
  {
    py::gil_scoped_release nogil;
    NormalizeText(text.view(), options, &out);
  }
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
  Utf8Text text(obj);
  QualitySignals signals = ComputeSignals(text, language);
  std::string json;
  AppendSignalsJson(signals, &json);
  return json;
}

// Every numeric threshold of QualityOptions under its `quality.*` setting name (without the
// prefix), pointing into `o`.
std::map<std::string, double*> Thresholds(QualityOptions* o) {
  std::map<std::string, double*> t = {
      {"gopher_min_words", &o->gopher_min_words},
      {"gopher_max_words", &o->gopher_max_words},
      {"gopher_min_mean_word_length", &o->gopher_min_mean_word_length},
      {"gopher_max_mean_word_length", &o->gopher_max_mean_word_length},
      {"gopher_max_hash_to_word_ratio", &o->gopher_max_hash_to_word_ratio},
      {"gopher_max_ellipsis_to_word_ratio", &o->gopher_max_ellipsis_to_word_ratio},
      {"gopher_max_bullet_line_fraction", &o->gopher_max_bullet_line_fraction},
      {"gopher_max_ellipsis_line_fraction", &o->gopher_max_ellipsis_line_fraction},
      {"gopher_min_alpha_word_fraction", &o->gopher_min_alpha_word_fraction},
      {"gopher_min_stop_words", &o->gopher_min_stop_words},
      {"gopher_max_dup_line_fraction", &o->gopher_max_dup_line_fraction},
      {"gopher_max_dup_paragraph_fraction", &o->gopher_max_dup_paragraph_fraction},
      {"gopher_max_dup_line_char_fraction", &o->gopher_max_dup_line_char_fraction},
      {"gopher_max_dup_paragraph_char_fraction", &o->gopher_max_dup_paragraph_char_fraction},
      {"c4_max_lorem_ipsum", &o->c4_max_lorem_ipsum},
      {"c4_max_curly_braces", &o->c4_max_curly_braces},
      {"c4_min_sentences", &o->c4_min_sentences},
      {"c4_max_no_terminal_punct_line_fraction", &o->c4_max_no_terminal_punct_line_fraction},
      {"c4_max_javascript_line_fraction", &o->c4_max_javascript_line_fraction},
      {"c4_max_policy_line_fraction", &o->c4_max_policy_line_fraction},
      {"c4_max_few_words_line_fraction", &o->c4_max_few_words_line_fraction},
      {"fineweb_min_line_punct_ratio", &o->fineweb_min_line_punct_ratio},
      {"fineweb_max_short_line_ratio", &o->fineweb_max_short_line_ratio},
      {"fineweb_max_dup_line_char_fraction", &o->fineweb_max_dup_line_char_fraction},
      {"fineweb_max_newline_to_word_ratio", &o->fineweb_max_newline_to_word_ratio},
  };
  for (int n = 2; n <= 4; ++n) {
    t["gopher_max_top_" + std::to_string(n) + "gram_char_fraction"] =
        &o->gopher_max_top_ngram_char_fraction[n - 2];
  }
  for (int n = 5; n <= 10; ++n) {
    t["gopher_max_dup_" + std::to_string(n) + "gram_char_fraction"] =
        &o->gopher_max_dup_ngram_char_fraction[n - 5];
  }
  return t;
}

std::map<std::string, bool*> RuleGroups(QualityOptions* o) {
  return {{"gopher_quality", &o->gopher_quality},
          {"gopher_repetition", &o->gopher_repetition},
          {"c4", &o->c4},
          {"fineweb", &o->fineweb}};
}

// Applies keyword thresholds; raises TypeError for an unknown name.
QualityOptions QualityOptionsFrom(const py::dict& thresholds) {
  QualityOptions o;
  std::map<std::string, double*> numbers = Thresholds(&o);
  std::map<std::string, bool*> groups = RuleGroups(&o);
  for (auto [key, value] : thresholds) {
    std::string name = py::cast<std::string>(key);
    if (auto g = groups.find(name); g != groups.end()) {
      *g->second = py::cast<bool>(value);
    } else if (auto n = numbers.find(name); n != numbers.end()) {
      *n->second = py::cast<double>(value);
    } else {
      throw py::type_error("quality_check() got an unexpected keyword argument '" + name + "'");
    }
  }
  return o;
}

py::object QualityCheck(py::handle obj, const std::optional<std::string>& language,
                        const py::dict& thresholds) {
  QualityOptions options = QualityOptionsFrom(thresholds);
  Utf8Text text(obj);
  QualitySignals signals = ComputeSignals(text, language);
  std::optional<RuleFailure> failure = EvaluateRules(signals, options);
  if (!failure) return py::none();
  return py::make_tuple(std::string(failure->rule), failure->value, failure->threshold);
}

// The default value of every quality_check() keyword.
py::dict QualityDefaults() {
  QualityOptions o;
  py::dict out;
  for (auto& [name, flag] : RuleGroups(&o)) out[py::str(name)] = *flag;
  for (auto& [name, value] : Thresholds(&o)) out[py::str(name)] = *value;
  return out;
}

// Identifiers are created once per (backend, model) and shared: Identify() is thread-safe.
// The map is only touched with the GIL held.
const LanguageIdentifier& IdentifierFor(const std::string& backend, const std::string& model) {
  static auto* cache = new std::map<std::pair<std::string, std::string>,
                                    std::unique_ptr<LanguageIdentifier>>();
  LanguageIdBackend kind;
  if (backend == "cld2") {
    kind = LanguageIdBackend::kCld2;
  } else if (backend == "fasttext") {
    kind = LanguageIdBackend::kFastText;
  } else if (backend == "combined") {
    kind = LanguageIdBackend::kCombined;
  } else {
    RaiseError(Status::InvalidArgument("unknown language-id backend '" + backend +
                                         "'; use \"combined\", \"cld2\" or \"fasttext\""));
  }
  std::string path = kind != LanguageIdBackend::kCld2
                         ? (model.empty() ? DefaultFastTextModelPath() : model)
                         : std::string();
  auto key = std::make_pair(backend, path);
  auto it = cache->find(key);
  if (it == cache->end()) {
    std::unique_ptr<LanguageIdentifier> id = ValueOrThrow(LanguageIdentifier::Create(kind, path));
    it = cache->emplace(key, std::move(id)).first;
  }
  return *it->second;
}

py::tuple IdentifyLanguage(py::handle obj, const std::string& backend, const std::string& model) {
  const LanguageIdentifier& identifier = IdentifierFor(backend, model);
  Utf8Text text(obj);
  LanguageGuess guess;
  {
    py::gil_scoped_release nogil;
    guess = identifier.Identify(text.view());
  }
  return py::make_tuple(guess.language, guess.score, guess.runner_up, guess.runner_up_score,
                        guess.reliable);
}

std::vector<std::string> StopWordLanguages() {
  std::vector<std::string> out;
  for (std::string_view l : StopWords::BuiltInLanguages()) out.emplace_back(l);
  return out;
}

}  // namespace

void RegisterText(py::module_& m) {
  m.def("repair", &Repair, py::arg("text"), py::arg("remove_repeated"),
        py::arg("remove_contained"), py::arg("min_contained_chars"), py::arg("remove_credits"),
        py::arg("max_credit_chars"),
        "Repairs one document (DocumentRepairer). Returns a dict: kept_text, kept_normalized, "
        "normalized, removed = [(begin, end, reason, text, paragraph, dup_range | None)].");
  m.def("normalize", &Normalize, py::arg("text"), py::arg("fold_case"),
        py::arg("strip_punctuation"), py::arg("fold_digits"),
        "NormalizeText: NFKC, case folding, separators collapsed to single spaces.");
  m.def("signals_json", &SignalsJson, py::arg("text"), py::arg("language"),
        "The quality signals of `text` as the JSON object AppendSignalsJson writes.");
  m.def("quality_check", &QualityCheck, py::arg("text"), py::arg("language"),
        py::arg("thresholds"),
        "The first failed quality rule as (rule, value, threshold), or None.");
  m.def("quality_defaults", &QualityDefaults,
        "Default rule groups and thresholds, keyed by quality_check() keyword.");
  m.def("identify_language", &IdentifyLanguage, py::arg("text"), py::arg("backend"),
        py::arg("model"),
        "(language, score, runner_up, runner_up_score, reliable) from LanguageIdentifier.");
  m.def("stop_word_languages", &StopWordLanguages,
        "ISO 639-1 codes of the built-in stop-word lists.");
}

}  // namespace saring::python
