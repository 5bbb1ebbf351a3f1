// DedupIndex's aligned query: a query under near_dup.verify=align judges each band candidate as
// one run's AlignOracle judges a candidate pair (verify.h), so that a batch deduplicated against
// an index of earlier batches keeps what deduplicating them together keeps.
#include <algorithm>

#include "neardup/verify.h"
#include "neardup/word_align.h"
#include "saring/dedup_index.h"
#include "saring/minhash.h"

namespace saring {

static_assert(DedupIndex::kMaxWords == neardup_internal::kMaxAlignedWords,
              "an index keeps the words the aligner compares");

struct DedupIndex::AlignScratch::Tables {
  neardup_internal::WordAligner query;      // the query's words as the reference
  neardup_internal::WordAligner candidate;  // a longer candidate's, for the containment rule
};

DedupIndex::AlignScratch::AlignScratch() : tables_(std::make_unique<Tables>()) {}
DedupIndex::AlignScratch::~AlignScratch() = default;

DedupIndex::Match DedupIndex::Query(const uint32_t* signature, std::span<const uint32_t> words,
                                    const DedupIndexAlign& align, AlignScratch* scratch) const {
  if (!has_words_) return Query(signature, align.aligned, &scratch->candidates_);
  Candidates(signature, &scratch->candidates_);
  const neardup_internal::AlignThresholds t{align.aligned, align.containment,
                                            align.min_length_ratio};
  AlignScratch::Tables& tables = *scratch->tables_;
  bool query_loaded = false;
  Match best;
  for (const uint32_t pos : scratch->candidates_) {
    if (EstimateJaccard(signature, this->signature(pos), params_.num_perm) <
        neardup_internal::kAlignMinEstimate) {
      continue;
    }
    if (!query_loaded) {
      tables.query.SetReference(words.data(), words.size());
      query_loaded = true;
    }
    const std::span<const uint32_t> other = this->words(pos);
    neardup_internal::AlignVerdict v = JudgeAlignment(&tables.query, other.data(), other.size(), t);
    if (v.swap_to_contain) {  // the archived document is the longer: it must be the reference
      tables.candidate.SetReference(other.data(), other.size());
      v = JudgeAlignment(&tables.candidate, words.data(), words.size(), t);
    }
    if (v.similar && (!best.found || v.value > best.similarity)) {
      best = Match{true, id(pos), v.value, pos,
                   v.contained ? SimilarityKind::kContained : SimilarityKind::kAligned};
    }
  }
  return best;
}

}  // namespace saring
