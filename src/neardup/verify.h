// The similarity measures of candidate verification: the MinHash estimate (share of equal
// signature values), the exact Jaccard similarity of shingle sets recomputed from text, and the
// word alignment of word-hash sequences (word_align.h). Each oracle holds its threshold(s) and
// reports the SimilarityKind of its verdicts.
//
// Thread-safety: none; each oracle holds scratch buffers.
#ifndef SARING_NEARDUP_VERIFY_H_
#define SARING_NEARDUP_VERIFY_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "neardup/cluster.h"
#include "neardup/spill_file.h"
#include "neardup/word_align.h"
#include "saring/minhash.h"

namespace saring::neardup_internal {

// EstimateJaccard over signatures read from a SignatureStore (which must outlive it).
class SignatureOracle final : public SimilarityOracle {
 public:
  SignatureOracle(const SignatureStore* store, uint32_t k, double threshold);
  Result<Verdict> Compare(uint32_t a, uint32_t b) override;
  Status SetLeader(uint32_t leader) override;
  Result<Verdict> CompareToLeader(uint32_t doc) override;

 private:
  Verdict Judge(double s) const;

  const SignatureStore* store_;
  uint32_t k_;
  double threshold_;
  std::vector<uint32_t> a_, b_, leader_;
};

// ExactJaccard of the shingle sets of texts fetched through a provider callback.
class ExactOracle final : public SimilarityOracle {
 public:
  using TextProvider = std::function<Status(uint64_t ordinal, std::string* text)>;
  ExactOracle(TextProvider provider, ShingleOptions options, double threshold);
  Result<Verdict> Compare(uint32_t a, uint32_t b) override;
  Status SetLeader(uint32_t leader) override;
  Result<Verdict> CompareToLeader(uint32_t doc) override;

 private:
  // Replaces *out with the shingle hashes of document `doc`.
  Status Shingles(uint32_t doc, std::vector<uint64_t>* out);
  Verdict Judge(double s) const;

  TextProvider provider_;
  ShingleOptions options_;
  double threshold_;
  std::string text_;
  ShingleScratch scratch_;
  std::vector<uint64_t> a_, b_, leader_;
};

// JudgeAlignment of the word-hash sequences read from a SequenceStore (which must outlive it).
// The longer document of a pair is the aligner's reference; it stays loaded while consecutive
// comparisons share it (the star pairs of a hot bucket, a leader's round).
// Before aligning, a pair whose signature estimate is below kAlignMinEstimate is ruled out: far
// below the Jaccard similarity of any pair the alignment thresholds accept (docs/near-dup.md
// section 4), it spares the alignment of most candidates of a low-similarity banding.
inline constexpr double kAlignMinEstimate = 0.25;

class AlignOracle final : public SimilarityOracle {
 public:
  // `store` and `signatures` (k values per document) must outlive the oracle.
  AlignOracle(const SequenceStore* store, const SignatureStore* signatures, uint32_t k,
              const AlignThresholds& thresholds);
  Result<Verdict> Compare(uint32_t a, uint32_t b) override;
  Status SetLeader(uint32_t leader) override;
  Result<Verdict> CompareToLeader(uint32_t doc) override;

 private:
  const SequenceStore* store_;
  const SignatureStore* signatures_;
  uint32_t k_;
  AlignThresholds thresholds_;
  std::vector<uint32_t> sig_a_, sig_b_;
  // Aligns documents a and b, the longer one as the reference.
  Result<Verdict> Judge(uint32_t a, uint32_t b);
  Status Load(uint32_t doc);

  WordAligner aligner_;
  int64_t reference_ = -1;  // document held by aligner_
  int64_t leader_ = -1;
  std::vector<uint32_t> words_;
};

}  // namespace saring::neardup_internal

#endif  // SARING_NEARDUP_VERIFY_H_
