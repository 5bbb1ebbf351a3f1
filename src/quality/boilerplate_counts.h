// The counts a BoilerplateLearner collects and a BoilerplateModel answers from: three bounded,
// order-independent tables (see sampled_table.h), keyed by XXH3 hashes salted with the source.
#ifndef SARING_QUALITY_BOILERPLATE_COUNTS_H_
#define SARING_QUALITY_BOILERPLATE_COUNTS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "quality/sampled_table.h"

namespace saring::quality_internal {

struct SourceValue {
  uint64_t docs = 0;  // documents of the source
  void Merge(const SourceValue& o) { docs += o.docs; }
  bool operator==(const SourceValue&) const = default;
};

struct LineValue {
  uint32_t docs = 0;  // documents of the source containing the line
  void Merge(const LineValue& o) { docs += o.docs; }
  bool operator==(const LineValue&) const = default;
};

struct PrefixValue {
  uint32_t docs = 0;           // documents with a line starting with the prefix
  uint32_t sentence_docs = 0;  // of those, documents whose first such line ends like a sentence
  uint64_t tails = 0;          // bit (line hash >> 58) set for every distinct line seen
  void Merge(const PrefixValue& o) {
    docs += o.docs;
    sentence_docs += o.sentence_docs;
    tails |= o.tails;
  }
  bool operator==(const PrefixValue&) const = default;
};

struct LabelValue {
  uint32_t docs = 0;           // documents in which the inline label opens a sentence
  uint32_t headline_docs = 0;  // of those, documents where a headline follows it (once per doc)
  uint64_t source = 0;         // SourceHash of its source (the key is salted with it)
  void Merge(const LabelValue& o) {
    docs += o.docs;
    headline_docs += o.headline_docs;
    source = o.source;  // equal keys have equal sources
  }
  bool operator==(const LabelValue&) const = default;
};

struct BoilerplateCounts {
  // Budget split: sources 1/16, lines 8/16, prefixes 7/16; with inline labels, prefixes 6/16 and
  // labels 1/16.
  explicit BoilerplateCounts(size_t budget_bytes, bool inline_labels = false)
      : sources(budget_bytes / 16),
        lines(budget_bytes / 2),
        prefixes(budget_bytes / 16 * (inline_labels ? 6 : 7)) {
    if (inline_labels) labels.emplace(budget_bytes / 16);
  }

  uint64_t documents = 0;
  SampledTable<SourceValue> sources;
  SampledTable<LineValue> lines;
  SampledTable<PrefixValue> prefixes;
  // Inline labels; present only with BoilerplateOptions::inline_markers.
  std::optional<SampledTable<LabelValue>> labels;
  // Sorted SourceHash of the sources with at least one learned inline marker (set by the model).
  std::vector<uint64_t> inline_sources;
};

}  // namespace saring::quality_internal

#endif  // SARING_QUALITY_BOILERPLATE_COUNTS_H_
