// The two similarity measures of candidate verification: the MinHash estimate (share of equal
// signature values) and the exact Jaccard similarity of shingle sets recomputed from text.
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
#include "saring/minhash.h"

namespace saring::neardup_internal {

// EstimateJaccard over signatures read from a SignatureStore (which must outlive it).
class SignatureOracle final : public SimilarityOracle {
 public:
  SignatureOracle(const SignatureStore* store, uint32_t k);
  Result<double> Similarity(uint32_t a, uint32_t b) override;
  Status SetLeader(uint32_t leader) override;
  Result<double> SimilarityToLeader(uint32_t doc) override;

 private:
  const SignatureStore* store_;
  uint32_t k_;
  std::vector<uint32_t> a_, b_, leader_;
};

// ExactJaccard of the shingle sets of texts fetched through a provider callback.
class ExactOracle final : public SimilarityOracle {
 public:
  using TextProvider = std::function<Status(uint64_t ordinal, std::string* text)>;
  ExactOracle(TextProvider provider, ShingleOptions options);
  Result<double> Similarity(uint32_t a, uint32_t b) override;
  Status SetLeader(uint32_t leader) override;
  Result<double> SimilarityToLeader(uint32_t doc) override;

 private:
  // Replaces *out with the shingle hashes of document `doc`.
  Status Shingles(uint32_t doc, std::vector<uint64_t>* out);

  TextProvider provider_;
  ShingleOptions options_;
  std::string text_;
  ShingleScratch scratch_;
  std::vector<uint64_t> a_, b_, leader_;
};

}  // namespace saring::neardup_internal

#endif  // SARING_NEARDUP_VERIFY_H_
