// Boilerplate learning and removal. See include/saring/boilerplate.h for the contract and
// docs/boilerplate.md for the algorithm.
//
// Learning counts, per source, the documents in which each candidate line (by normalised text) and
// each line prefix of k normalised words occurs; a per-document set makes each count "documents",
// not "occurrences". For prefixes it also keeps how many of those documents' lines end like a
// sentence and a 64-bit bitmap of the distinct full lines seen, a linear-counting estimate of the
// number of distinct tails. All three values merge by addition or OR, so merged learners equal
// one learner on the same documents.
#include "saring/boilerplate.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>

#include "quality/boilerplate_counts.h"
#include "quality/boilerplate_inline.h"
#include "quality/boilerplate_lines.h"
#include "quality/flat_map.h"
#include "saring/normalize.h"

namespace saring {
namespace {

using quality_internal::BoilerplateCounts;
using quality_internal::ForEachLine;
using quality_internal::LineInfo;
using quality_internal::PrefixValue;

// Known templates, matched on normalised text at the start of a line. Kept small and unambiguous;
// learned templates do the real work.
constexpr const char* kSeedTemplates[] = {
    "baca juga",          "baca pula",          "lihat juga",   "baca selengkapnya",
    "read also",          "read more",          "see also",     "related article",
    "advertisement",      "scroll to continue", "klik di sini", "click here to",
    "share this article",
};
// Calls to action: written as whole sentences ("Follow us on X for updates."), so these also
// match a line that ends like a sentence, as long as it is short; a long sentence starting with
// the phrase is content.
constexpr const char* kSeedCallsToAction[] = {
    "follow us on",           "ikuti kami di",    "dapatkan berita terkini",
    "dapatkan update berita", "subscribe to our",
};
constexpr uint32_t kSeedMaxTailWords = 24;

struct SeedTemplate {
  uint64_t hash;  // UnsaltedPrefixHash of the normalised phrase
  uint32_t words;
  bool call_to_action;  // from kSeedCallsToAction
};

// The seed templates, normalised the way lines are (once, thread-safe static initialisation).
const std::vector<SeedTemplate>& Seeds() {
  static const std::vector<SeedTemplate> kSeeds = [] {
    std::vector<SeedTemplate> seeds;
    std::string normalized;
    std::vector<WordSpan> words;
    auto add = [&](const char* phrase, bool call_to_action) {
      normalized.clear();
      words.clear();
      NormalizeText(phrase, NormalizeOptions{true, true, true}, &normalized);
      SegmentWords(normalized, &words);
      if (words.empty() || words.size() > quality_internal::kMaxPrefixWords) return;
      seeds.push_back({quality_internal::UnsaltedPrefixHash(normalized),
                       static_cast<uint32_t>(words.size()), call_to_action});
    };
    for (const char* phrase : kSeedTemplates) add(phrase, false);
    for (const char* phrase : kSeedCallsToAction) add(phrase, true);
    return seeds;
  }();
  return kSeeds;
}

// max(min_docs, ceil(fraction * docs_in_source)).
uint64_t MinDocs(uint32_t min_docs, double fraction, uint64_t docs_in_source) {
  const auto scaled =
      static_cast<uint64_t>(std::ceil(fraction * static_cast<double>(docs_in_source)));
  return std::max<uint64_t>(min_docs, scaled);
}

BoilerplateOptions Sanitized(BoilerplateOptions o) {
  o.template_max_words = std::min(o.template_max_words, quality_internal::kMaxPrefixWords);
  o.template_min_words = std::max<uint32_t>(1, o.template_min_words);
  return o;
}

bool SameOptions(const BoilerplateOptions& a, const BoilerplateOptions& b) {
  return a.max_line_chars == b.max_line_chars && a.line_min_docs == b.line_min_docs &&
         a.line_min_doc_fraction == b.line_min_doc_fraction &&
         a.template_min_words == b.template_min_words &&
         a.template_max_words == b.template_max_words &&
         a.template_min_docs == b.template_min_docs &&
         a.template_min_doc_fraction == b.template_min_doc_fraction &&
         a.template_min_distinct_tails == b.template_min_distinct_tails &&
         a.template_max_sentence_fraction == b.template_max_sentence_fraction &&
         a.use_seed_templates == b.use_seed_templates &&
         a.memory_budget_bytes == b.memory_budget_bytes && a.inline_markers == b.inline_markers &&
         a.inline_min_docs == b.inline_min_docs &&
         a.inline_min_doc_fraction == b.inline_min_doc_fraction &&
         a.inline_min_headline_fraction == b.inline_min_headline_fraction &&
         a.use_seed_inline_markers == b.use_seed_inline_markers;
}

// True if the inline label counted in `v` is a learned marker of its source.
bool LearnedMarker(const BoilerplateOptions& o, const BoilerplateCounts& counts,
                   const quality_internal::LabelValue& v) {
  const auto* source = counts.sources.Find(v.source);
  const uint64_t docs = source == nullptr ? 0 : source->docs;
  return docs > 0 && v.docs >= MinDocs(o.inline_min_docs, o.inline_min_doc_fraction, docs) &&
         v.headline_docs >= o.inline_min_headline_fraction * v.docs;
}

BoilerplateStats StatsOf(const BoilerplateCounts& c) {
  BoilerplateStats s;
  s.documents = c.documents;
  s.sources = c.sources.size();
  s.distinct_lines = c.lines.size();
  s.distinct_prefixes = c.prefixes.size();
  s.distinct_inline_labels = c.labels ? c.labels->size() : 0;
  s.source_sampling_level = c.sources.level();
  s.line_sampling_level = c.lines.level();
  s.prefix_sampling_level = c.prefixes.level();
  s.memory_bytes = c.sources.memory_bytes() + c.lines.memory_bytes() + c.prefixes.memory_bytes() +
                   (c.labels ? c.labels->memory_bytes() : 0);
  return s;
}

}  // namespace

std::string_view BoilerplateReasonName(BoilerplateReason reason) {
  switch (reason) {
    case BoilerplateReason::kLine: return "boilerplate_line";
    case BoilerplateReason::kTemplate: return "boilerplate_template";
    case BoilerplateReason::kInline: return "boilerplate_inline";
  }
  return "boilerplate_line";
}

std::string_view InlineKindName(InlineKind kind) {
  switch (kind) {
    case InlineKind::kLink: return "link";
    case InlineKind::kCaption: return "caption";
    case InlineKind::kCredit: return "credit";
  }
  return "link";
}

// ---------------------------------------------------------------------------------------------
// BoilerplateLearner

BoilerplateLearner::BoilerplateLearner(const BoilerplateOptions& options)
    : options_(Sanitized(options)),
      counts_(std::make_unique<BoilerplateCounts>(options_.memory_budget_bytes,
                                                  options_.inline_markers)),
      analyzer_(std::make_unique<quality_internal::LineAnalyzer>(options_.max_line_chars)),
      inline_(std::make_unique<quality_internal::InlineScanner>()) {}
BoilerplateLearner::~BoilerplateLearner() = default;
BoilerplateLearner::BoilerplateLearner(BoilerplateLearner&&) noexcept = default;
BoilerplateLearner& BoilerplateLearner::operator=(BoilerplateLearner&&) noexcept = default;

void BoilerplateLearner::AddDocument(std::string_view source, std::string_view text) {
  const uint64_t source_hash = quality_internal::SourceHash(source);
  ++counts_->documents;
  if (auto* s = counts_->sources.Upsert(source_hash)) ++s->docs;
  // Keys already counted for this document (line and prefix keys have different salts).
  quality_internal::FlatMap64& seen = *analyzer_->doc_keys();
  seen.Reset(64);  // O(1); grows as needed
  LineInfo info;
  ForEachLine(text, [&](size_t b, size_t e) {
    analyzer_->Analyze(text.substr(b, e - b), source_hash, &info);
    if (!info.candidate) return;
    bool first = false;
    seen.FindOrInsert(info.line_key, 0, &first);
    if (first) {
      if (auto* v = counts_->lines.Upsert(info.line_key)) ++v->docs;
    }
    const uint32_t max_k = std::min(info.num_words, options_.template_max_words);
    for (uint32_t k = options_.template_min_words; k <= max_k; ++k) {
      PrefixValue* v = counts_->prefixes.Upsert(info.prefix_key[k]);
      if (v == nullptr) continue;
      v->tails |= uint64_t{1} << (info.line_hash >> 58);
      seen.FindOrInsert(info.prefix_key[k], 0, &first);
      if (first) {
        ++v->docs;
        v->sentence_docs += info.ends_sentence;
      }
    }
  });
  if (!options_.inline_markers) return;
  // Inline labels: a document counts once per label, and as "headline" if any of its
  // occurrences is followed by one.
  thread_local std::vector<quality_internal::InlineLabel> labels;
  inline_->FindLabels(text, source_hash, &labels);
  std::sort(labels.begin(), labels.end(), [](const auto& a, const auto& b) {
    return a.key != b.key ? a.key < b.key : a.headline > b.headline;
  });
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i > 0 && labels[i].key == labels[i - 1].key) continue;
    if (auto* v = counts_->labels->Upsert(labels[i].key)) {
      v->source = source_hash;
      ++v->docs;
      v->headline_docs += labels[i].headline;
    }
  }
}

Status BoilerplateLearner::Merge(const BoilerplateLearner& other) {
  if (!SameOptions(options_, other.options_)) {
    return Status::InvalidArgument("cannot merge boilerplate learners with different options");
  }
  counts_->documents += other.counts_->documents;
  counts_->sources.MergeFrom(other.counts_->sources);
  counts_->lines.MergeFrom(other.counts_->lines);
  counts_->prefixes.MergeFrom(other.counts_->prefixes);
  if (counts_->labels) counts_->labels->MergeFrom(*other.counts_->labels);
  return Status::Ok();
}

BoilerplateStats BoilerplateLearner::stats() const { return StatsOf(*counts_); }

BoilerplateModel BoilerplateLearner::Finish() && {
  return BoilerplateModel(options_, std::move(counts_));
}

bool BoilerplateLearner::SameCountsForTesting(const BoilerplateLearner& other) const {
  const BoilerplateCounts& a = *counts_;
  const BoilerplateCounts& b = *other.counts_;
  auto same = [](const auto& x, const auto& y) {
    const auto ex = x.SortedEntries(), ey = y.SortedEntries();
    if (x.level() != y.level() || ex.size() != ey.size()) return false;
    for (size_t i = 0; i < ex.size(); ++i) {
      if (ex[i].key != ey[i].key || !(ex[i].value == ey[i].value)) return false;
    }
    return true;
  };
  return a.documents == b.documents && same(a.sources, b.sources) && same(a.lines, b.lines) &&
         same(a.prefixes, b.prefixes) && a.labels.has_value() == b.labels.has_value() &&
         (!a.labels || same(*a.labels, *b.labels));
}

// ---------------------------------------------------------------------------------------------
// BoilerplateModel

BoilerplateModel::BoilerplateModel(const BoilerplateOptions& options,
                                   std::unique_ptr<BoilerplateCounts> counts)
    : options_(options), counts_(std::move(counts)) {
  if (!counts_->labels) return;
  for (const auto& e : counts_->labels->SortedEntries()) {
    if (LearnedMarker(options_, *counts_, e.value))
      counts_->inline_sources.push_back(e.value.source);
  }
  std::vector<uint64_t>& s = counts_->inline_sources;
  std::sort(s.begin(), s.end());
  s.erase(std::unique(s.begin(), s.end()), s.end());
}
BoilerplateModel::~BoilerplateModel() = default;
BoilerplateModel::BoilerplateModel(BoilerplateModel&&) noexcept = default;
BoilerplateModel& BoilerplateModel::operator=(BoilerplateModel&&) noexcept = default;

BoilerplateStats BoilerplateModel::stats() const { return StatsOf(*counts_); }

uint64_t BoilerplateModel::DocsInSource(std::string_view source) const {
  const auto* s = counts_->sources.Find(quality_internal::SourceHash(source));
  return s == nullptr ? 0 : s->docs;
}

// ---------------------------------------------------------------------------------------------
// BoilerplateMatcher

BoilerplateMatcher::BoilerplateMatcher(const BoilerplateModel* model)
    : model_(model),
      analyzer_(std::make_unique<quality_internal::LineAnalyzer>(model->options().max_line_chars)),
      inline_(std::make_unique<quality_internal::InlineScanner>()) {}
BoilerplateMatcher::~BoilerplateMatcher() = default;
BoilerplateMatcher::BoilerplateMatcher(BoilerplateMatcher&&) noexcept = default;
BoilerplateMatcher& BoilerplateMatcher::operator=(BoilerplateMatcher&&) noexcept = default;

void BoilerplateMatcher::FindLines(std::string_view source, std::string_view text,
                                   std::vector<BoilerplateLine>* out) {
  out->clear();
  const BoilerplateOptions& o = model_->options();
  const BoilerplateCounts& counts = *model_->counts_;
  const uint64_t source_hash = quality_internal::SourceHash(source);
  const auto* source_value = counts.sources.Find(source_hash);
  const uint64_t docs = source_value == nullptr ? 0 : source_value->docs;
  const uint64_t line_min = MinDocs(o.line_min_docs, o.line_min_doc_fraction, docs);
  const uint64_t template_min = MinDocs(o.template_min_docs, o.template_min_doc_fraction, docs);
  auto is_template = [&](const PrefixValue& v) {
    return v.docs >= template_min &&
           static_cast<uint32_t>(std::popcount(v.tails)) >= o.template_min_distinct_tails &&
           v.sentence_docs <= o.template_max_sentence_fraction * v.docs;
  };
  LineInfo info;
  ForEachLine(text, [&](size_t b, size_t e) {
    const std::string_view line = text.substr(b, e - b);
    analyzer_->Analyze(line, source_hash, &info);
    if (!info.candidate) return;
    BoilerplateLine hit{static_cast<uint32_t>(b),
                        static_cast<uint32_t>(e),
                        BoilerplateReason::kTemplate,
                        0,
                        {},
                        false};
    uint32_t k_hit = 0;
    if (docs > 0) {
      if (const auto* v = counts.lines.Find(info.line_key); v != nullptr && v->docs >= line_min) {
        hit.reason = BoilerplateReason::kLine;
        hit.doc_count = v->docs;
        out->push_back(hit);
        return;
      }
      // The shortest qualifying prefix is the template; a longer one can only add a tail word
      // that happens to recur ("Baca juga Pemerintah ...").
      const uint32_t max_k = std::min(info.num_words, o.template_max_words);
      for (uint32_t k = o.template_min_words; k <= max_k && k_hit == 0; ++k) {
        const PrefixValue* v = counts.prefixes.Find(info.prefix_key[k]);
        if (v != nullptr && is_template(*v)) {
          k_hit = k;
          hit.doc_count = v->docs;
        }
      }
    }
    if (k_hit == 0 && o.use_seed_templates) {
      for (const SeedTemplate& seed : Seeds()) {
        if (seed.words > info.num_words || info.prefix_hash[seed.words] != seed.hash) continue;
        // A sentence that merely begins like a seed ("Read more about it in ...") is content.
        if (info.ends_sentence && info.num_words > seed.words &&
            (!seed.call_to_action || info.num_words > seed.words + kSeedMaxTailWords)) {
          continue;
        }
        k_hit = seed.words;
        hit.seed = true;
        break;
      }
    }
    if (k_hit == 0) return;
    const std::string_view prefix = analyzer_->RawPrefix(line, k_hit);
    hit.template_prefix =
        text.substr(static_cast<size_t>(prefix.data() - text.data()), prefix.size());
    out->push_back(hit);
  });
}

void BoilerplateMatcher::FindInline(std::string_view source, std::string_view text,
                                    std::vector<BoilerplateInline>* out) {
  out->clear();
  const BoilerplateOptions& o = model_->options();
  if (!o.inline_markers) return;
  const BoilerplateCounts& counts = *model_->counts_;
  const uint64_t source_hash = quality_internal::SourceHash(source);
  std::function<uint32_t(uint64_t)> learned;
  if (std::binary_search(counts.inline_sources.begin(), counts.inline_sources.end(), source_hash)) {
    learned = [&](uint64_t key) -> uint32_t {
      const quality_internal::LabelValue* v = counts.labels->Find(key);
      return v != nullptr && LearnedMarker(o, counts, *v) ? v->docs : 0;
    };
  }
  inline_->Find(text, source_hash, o.use_seed_inline_markers, learned, out);
}

}  // namespace saring
