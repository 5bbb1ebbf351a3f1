#include "pipeline/filters.h"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "saring/normalize.h"

namespace saring::pipeline {
namespace {

// Maps an offset in the kept text to the original text, given the removed spans (sorted).
uint32_t KeptToOriginal(const std::vector<RemovedSpan>& removed, uint32_t kept_offset) {
  uint32_t shift = 0;
  for (const RemovedSpan& s : removed) {
    if (s.begin > kept_offset + shift) break;
    shift += s.end - s.begin;
  }
  return kept_offset + shift;
}

}  // namespace

void BuildParagraphView(const DocWork& d, std::string* out) {
  thread_local std::string joined;
  joined.assign(d.text);
  for (const Paragraph& p : d.repair.paragraphs) {
    for (uint32_t i = p.begin; i < p.end; ++i) {
      if (joined[i] == '\n' || joined[i] == '\r') joined[i] = ' ';
    }
  }
  out->clear();
  uint32_t cursor = 0;
  for (const RemovedSpan& s : d.repair.removed) {
    out->append(joined, cursor, s.begin - cursor);
    cursor = s.end;
  }
  out->append(joined, cursor);
}

std::string_view SourceKey(std::string_view value) {
  size_t scheme = value.find("://");
  if (scheme == std::string_view::npos) return value;
  std::string_view rest = value.substr(scheme + 3);
  size_t end = rest.find_first_of("/?#");
  std::string_view host = rest.substr(0, end);
  size_t at = host.rfind('@');
  if (at != std::string_view::npos) host = host.substr(at + 1);
  size_t colon = host.rfind(':');
  if (colon != std::string_view::npos && host.find(']') == std::string_view::npos)
    host = host.substr(0, colon);
  return host;
}

Result<std::unique_ptr<Filters>> Filters::Create(const RunOptions& options) {
  std::unique_ptr<Filters> f(new Filters(options));
  if (options.language.enabled || !options.language.keep.empty()) {
    std::string model =
        options.language.model.empty() ? DefaultFastTextModelPath() : options.language.model;
    SARING_ASSIGN_OR_RETURN(f->identifier_,
                            LanguageIdentifier::Create(options.language.backend, model));
  }
  if (options.boilerplate.inline_markers && !options.boilerplate.enabled) {
    return Status::InvalidArgument(
        "setting boilerplate.inline: inline markers are learned and cut by the boilerplate stage; "
        "set boilerplate.enabled: true as well");
  }
  SARING_ASSIGN_OR_RETURN(f->classifiers_, Classifiers::Create(options));
  return f;
}

void Filters::SetBoilerplate(BoilerplateModel model) { boilerplate_.emplace(std::move(model)); }

const StopWords* Filters::StopWordsFor(const std::string& language) const {
  const StopWords* s = StopWords::BuiltIn(language);
  return s ? s : StopWords::BuiltIn(options_.default_language);
}

FilterWorker::FilterWorker(const Filters& filters) : filters_(filters) {
  if (filters.boilerplate()) matcher_.emplace(filters.boilerplate_model());
  if (filters.classifiers()) classify_.emplace(*filters.classifiers());
}

void FilterWorker::CutBoilerplate(DocWork* d) {
  const std::string& kept = d->repair.kept_text;
  BuildParagraphView(*d, &view_);
  matcher_->FindLines(d->source, view_, &lines_);
  matcher_->FindInline(d->source, view_, &inline_);
  if (lines_.empty() && inline_.empty()) return;
  // Every cut in kept-text offsets; an inline insertion inside a line cut as a whole is dropped.
  cuts_.clear();
  for (const BoilerplateLine& line : lines_) {
    uint32_t end = line.end;
    if (end < kept.size() && kept[end] == '\r') ++end;
    if (end < kept.size() && kept[end] == '\n') ++end;
    std::string evidence;
    if (line.reason == BoilerplateReason::kTemplate) {
      evidence = line.seed ? fmt::format("built-in template \"{}\"", line.template_prefix)
                           : fmt::format("learned template \"{}\" ({} documents of source \"{}\")",
                                         line.template_prefix, line.doc_count, d->source);
    } else {
      evidence = fmt::format("line in {} documents of source \"{}\"", line.doc_count, d->source);
    }
    cuts_.push_back({line.begin, end, BoilerplateReasonName(line.reason), std::move(evidence)});
  }
  const size_t line_cuts = cuts_.size();
  for (const BoilerplateInline& in : inline_) {
    bool inside_line = false;
    for (size_t i = 0; i < line_cuts; ++i)
      inside_line |= in.begin < cuts_[i].end && cuts_[i].begin < in.end;
    if (inside_line) continue;
    std::string evidence =
        in.seed
            ? fmt::format("built-in inline marker \"{}\" ({})", in.marker, InlineKindName(in.kind))
            : fmt::format(
                  "learned inline marker \"{}\" ({}; opens sentences in {} documents of source "
                  "\"{}\")",
                  in.marker, InlineKindName(in.kind), in.doc_count, d->source);
    cuts_.push_back(
        {in.begin, in.end, BoilerplateReasonName(BoilerplateReason::kInline), std::move(evidence)});
  }
  std::sort(cuts_.begin(), cuts_.end(),
            [](const KeptCut& a, const KeptCut& b) { return a.begin < b.begin; });
  for (KeptCut& c : cuts_) {
    StageSpan span;
    span.begin = KeptToOriginal(d->repair.removed, c.begin);
    span.end = span.begin + (c.end - c.begin);
    span.reason = c.reason;
    span.evidence = std::move(c.evidence);
    d->stage_spans.push_back(std::move(span));
  }
  // The text after every cut, and its normalised form for dedup.
  d->final_text.clear();
  uint32_t cursor = 0;
  for (const KeptCut& c : cuts_) {
    d->final_text.append(kept, cursor, c.begin - cursor);
    cursor = c.end;
  }
  d->final_text.append(kept, cursor);
  NormalizeText(d->final_text, NormalizeOptions(), &d->final_normalized);
}

void FilterWorker::IdentifyLanguage(DocWork* d) {
  const RunOptions& o = filters_.options();
  const std::string_view text =
      LanguageIdSample(d->KeptText(), o.language.max_bytes, o.language.windows, &sample_);
  d->language = filters_.identifier()->Identify(text);
  d->has_language = true;
  if (o.language.paragraphs) LanguageShares(d);
  if (o.language.keep.empty()) return;
  bool wanted = std::find(o.language.keep.begin(), o.language.keep.end(), d->language.language) !=
                o.language.keep.end();
  if (!wanted || d->language.score < o.language.min_score) {
    d->fate = DocFate::kRemoved;
    d->reason = RemovalReason::kLanguage;
  }
}

void FilterWorker::LanguageShares(DocWork* d) {
  const RunOptions& o = filters_.options();
  std::string_view text = d->KeptText();
  shares_.clear();
  uint64_t total = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    if (end == std::string_view::npos) end = text.size();
    const std::string_view paragraph = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    if (paragraph.size() < kMinParagraphBytes) continue;
    const std::string_view sample =
        LanguageIdSample(paragraph, o.language.max_bytes, o.language.windows, &sample_);
    const LanguageGuess g = filters_.identifier()->Identify(sample);
    auto it = std::find_if(shares_.begin(), shares_.end(),
                           [&](const auto& s) { return s.first == g.language; });
    if (it == shares_.end()) it = shares_.insert(shares_.end(), {g.language, 0});
    it->second += paragraph.size();
    total += paragraph.size();
  }
  // Largest share first; equal shares by code, so that the output is deterministic.
  std::sort(shares_.begin(), shares_.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  std::string& json = d->language_shares_json;
  json.assign(1, '{');  // not assign("{"): GCC 12 false -Wrestrict (bug 105329)
  for (const auto& [code, bytes] : shares_) {
    if (json.size() > 1) json.push_back(',');
    fmt::format_to(std::back_inserter(json), "\"{}\":{:.4f}", code,
                   static_cast<double>(bytes) / static_cast<double>(total));
  }
  json.push_back('}');
}

void FilterWorker::CheckQuality(DocWork* d) {
  const RunOptions& o = filters_.options();
  QualitySignals s;
  const StopWords* stop =
      filters_.StopWordsFor(d->has_language ? d->language.language : o.default_language);
  signals_.Compute(d->KeptText(), stop, &s);
  if (!filters_.quality_filter()) {
    AppendSignalsJson(s, &d->signals_json);
    return;
  }
  std::optional<RuleFailure> failure = EvaluateRules(s, o.quality);
  if (!failure) return;
  d->fate = DocFate::kRemoved;
  d->reason = RemovalReason::kQuality;
  d->rule = failure->rule;
  d->rule_value = failure->value;
  d->rule_threshold = failure->threshold;
}

void FilterWorker::Apply(DocWork* d) {
  if (matcher_) CutBoilerplate(d);
  if (d->KeptNormalized().empty()) {
    d->fate = DocFate::kRemoved;
    d->reason = RemovalReason::kEmptyAfterRepair;
    return;
  }
  if (filters_.identifier()) IdentifyLanguage(d);
  if (d->fate != DocFate::kKept) return;
  if (filters_.quality_on()) CheckQuality(d);
  if (d->fate == DocFate::kKept && classify_) classify_->Apply(d);
}

}  // namespace saring::pipeline
