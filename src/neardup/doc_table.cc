// DocTable: documents of one step of a partitioned near-dup decision (see doc_table.h).
#include "neardup/doc_table.h"

#include <limits>

#include "neardup/verify.h"

namespace saring::neardup_internal {

int64_t SurvivorScore(SurvivorPolicy policy, uint64_t length, int64_t key) {
  switch (policy) {
    case SurvivorPolicy::kLongest:
      return static_cast<int64_t>(std::min<uint64_t>(length, std::numeric_limits<int64_t>::max()));
    case SurvivorPolicy::kOldest: return ~key;  // -key - 1: order-reversing without overflow
    default: return key;
  }
}

DocTable::DocTable(const NearDupOptions& options, SurvivorPolicy policy)
    : options_(options),
      policy_(policy),
      signatures_(options.num_perm, options.memory_budget_bytes / 2, options.work_dir),
      words_(options.memory_budget_bytes / 4, options.work_dir) {}

Result<std::unique_ptr<DocTable>> DocTable::Create(const NearDupOptions& options) {
  const SurvivorPolicy policy = options.survivor;
  std::unique_ptr<DocTable> table(new DocTable(options, policy));
  if (options.verify == NearDupVerify::kExact) {
    const DocTable* raw = table.get();
    table->options_.text_provider = [raw](uint64_t doc, std::string* text) {
      return raw->Text(doc, text);
    };
  }
  // The detector checks every option the same way.
  SARING_RETURN_IF_ERROR(NearDupDetector::Create(table->options_).status());
  if (options.verify == NearDupVerify::kExact) {
    SARING_ASSIGN_OR_RETURN(SpillFile texts, SpillFile::Create(options.work_dir, "texts"));
    table->texts_ = std::make_unique<SpillFile>(std::move(texts));
  }
  return table;
}

Status DocTable::Add(uint32_t ordinal, const uint32_t* signature, uint64_t length, int64_t key,
                     std::span<const uint32_t> words, std::string_view text) {
  SARING_RETURN_IF_ERROR(signatures_.Append(signature));
  if (options_.verify == NearDupVerify::kAlign) {
    SARING_RETURN_IF_ERROR(words_.Append(words.data(), words.size()));
  }
  if (texts_) {
    SARING_RETURN_IF_ERROR(texts_->Append(text.data(), text.size()));
    text_ends_.push_back(texts_->size());
  }
  ordinals_.push_back(ordinal);
  if (policy_ != SurvivorPolicy::kFirst) scores_.push_back(SurvivorScore(policy_, length, key));
  return Status::Ok();
}

Status DocTable::Text(uint64_t doc, std::string* text) const {
  const uint64_t begin = doc == 0 ? 0 : text_ends_[doc - 1];
  text->resize(text_ends_[doc] - begin);
  return texts_->ReadAt(begin, text->data(), text->size());
}

Status DocTable::Finish() {
  SARING_RETURN_IF_ERROR(signatures_.FinishWriting());
  SARING_RETURN_IF_ERROR(words_.FinishWriting());
  if (texts_) SARING_RETURN_IF_ERROR(texts_->Flush());
  if (options_.verify == NearDupVerify::kExact) {
    oracle_ = std::make_unique<ExactOracle>(
        options_.text_provider, MinHashOptionsFor(options_).shingles, options_.threshold);
  } else if (options_.verify == NearDupVerify::kAlign) {
    oracle_ = std::make_unique<AlignOracle>(
        &words_, &signatures_, options_.num_perm,
        AlignThresholds{options_.threshold, options_.containment, options_.min_length_ratio});
  } else {
    oracle_ =
        std::make_unique<SignatureOracle>(&signatures_, options_.num_perm, options_.threshold);
  }
  return Status::Ok();
}

Status DocTable::Cluster(const std::vector<uint32_t>& root, ClusterResult* out) {
  const uint32_t n = size();
  UnionFind uf(n);
  for (uint32_t d = 0; d < n; ++d) uf.Union(d, root[d]);
  out->survivor.resize(n);
  out->similarity.resize(n);
  out->kind.assign(n, 0);
  // The detector's order: by score (unless kFirst), then earlier in input order.
  auto better = [this](uint32_t a, uint32_t b) {
    if (policy_ != SurvivorPolicy::kFirst && scores_[a] != scores_[b])
      return scores_[a] > scores_[b];
    return ordinals_[a] < ordinals_[b];
  };
  return AssignSurvivors(&uf, better, oracle_.get(), out);
}

}  // namespace saring::neardup_internal
