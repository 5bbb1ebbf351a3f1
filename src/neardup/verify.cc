// Similarity oracles for verification and survivor assignment (see verify.h).
#include "neardup/verify.h"

#include <algorithm>

#include "saring/near_dup.h"

namespace saring::neardup_internal {

SignatureOracle::SignatureOracle(const SignatureStore* store, uint32_t k, double threshold)
    : store_(store), k_(k), threshold_(threshold), a_(k), b_(k), leader_(k) {}

Verdict SignatureOracle::Judge(double s) const {
  return {s >= threshold_, static_cast<uint8_t>(SimilarityKind::kEstimated), s};
}

Result<Verdict> SignatureOracle::Compare(uint32_t a, uint32_t b) {
  SARING_ASSIGN_OR_RETURN(const uint32_t* sa, store_->Get(a, a_.data()));
  SARING_ASSIGN_OR_RETURN(const uint32_t* sb, store_->Get(b, b_.data()));
  return Judge(EstimateJaccard(sa, sb, k_));
}

Status SignatureOracle::SetLeader(uint32_t leader) {
  SARING_ASSIGN_OR_RETURN(const uint32_t* s, store_->Get(leader, a_.data()));
  std::copy_n(s, k_, leader_.data());
  return Status::Ok();
}

Result<Verdict> SignatureOracle::CompareToLeader(uint32_t doc) {
  SARING_ASSIGN_OR_RETURN(const uint32_t* s, store_->Get(doc, b_.data()));
  return Judge(EstimateJaccard(s, leader_.data(), k_));
}

ExactOracle::ExactOracle(TextProvider provider, ShingleOptions options, double threshold)
    : provider_(std::move(provider)), options_(options), threshold_(threshold) {}

Verdict ExactOracle::Judge(double s) const {
  return {s >= threshold_, static_cast<uint8_t>(SimilarityKind::kExact), s};
}

Status ExactOracle::Shingles(uint32_t doc, std::vector<uint64_t>* out) {
  text_.clear();
  SARING_RETURN_IF_ERROR(provider_(doc, &text_));
  out->clear();
  ComputeShingles(text_, options_, &scratch_, out);
  return Status::Ok();
}

Result<Verdict> ExactOracle::Compare(uint32_t a, uint32_t b) {
  SARING_RETURN_IF_ERROR(Shingles(a, &a_));
  SARING_RETURN_IF_ERROR(Shingles(b, &b_));
  return Judge(ExactJaccard(&a_, &b_));
}

Status ExactOracle::SetLeader(uint32_t leader) {
  SARING_RETURN_IF_ERROR(Shingles(leader, &leader_));
  std::sort(leader_.begin(), leader_.end());
  leader_.erase(std::unique(leader_.begin(), leader_.end()), leader_.end());
  return Status::Ok();
}

Result<Verdict> ExactOracle::CompareToLeader(uint32_t doc) {
  SARING_RETURN_IF_ERROR(Shingles(doc, &b_));
  return Judge(ExactJaccard(&leader_, &b_));  // leader_ is already a set: re-sorting it is cheap
}

AlignOracle::AlignOracle(const SequenceStore* store, const SignatureStore* signatures, uint32_t k,
                         const AlignThresholds& thresholds)
    : store_(store),
      signatures_(signatures),
      k_(k),
      thresholds_(thresholds),
      sig_a_(k),
      sig_b_(k) {}

Status AlignOracle::Load(uint32_t doc) {
  if (reference_ == doc) return Status::Ok();
  SARING_RETURN_IF_ERROR(store_->Get(doc, &words_));
  aligner_.SetReference(words_.data(), words_.size());
  reference_ = doc;
  return Status::Ok();
}

Result<Verdict> AlignOracle::Judge(uint32_t a, uint32_t b) {
  SARING_ASSIGN_OR_RETURN(const uint32_t* sa, signatures_->Get(a, sig_a_.data()));
  SARING_ASSIGN_OR_RETURN(const uint32_t* sb, signatures_->Get(b, sig_b_.data()));
  const double estimate = EstimateJaccard(sa, sb, k_);
  if (estimate < kAlignMinEstimate) {
    return Verdict{false, static_cast<uint8_t>(SimilarityKind::kEstimated), estimate};
  }
  // The reference is a, or b if it is loaded already; the containment rule needs the longer
  // document as the reference, and swaps them when it could apply.
  const bool b_first = reference_ == b;
  SARING_RETURN_IF_ERROR(Load(b_first ? b : a));
  SARING_RETURN_IF_ERROR(store_->Get(b_first ? a : b, &words_));
  AlignVerdict v = JudgeAlignment(&aligner_, words_.data(), words_.size(), thresholds_);
  if (v.swap_to_contain) {
    SARING_RETURN_IF_ERROR(Load(b_first ? a : b));
    SARING_RETURN_IF_ERROR(store_->Get(b_first ? b : a, &words_));
    v = JudgeAlignment(&aligner_, words_.data(), words_.size(), thresholds_);
  }
  const SimilarityKind kind = v.contained ? SimilarityKind::kContained : SimilarityKind::kAligned;
  return Verdict{v.similar, static_cast<uint8_t>(kind), v.value};
}

Status AlignOracle::SetLeader(uint32_t leader) {
  leader_ = leader;
  return Status::Ok();
}

Result<Verdict> AlignOracle::CompareToLeader(uint32_t doc) {
  return Judge(static_cast<uint32_t>(leader_), doc);
}

Result<Verdict> AlignOracle::Compare(uint32_t a, uint32_t b) { return Judge(a, b); }

}  // namespace saring::neardup_internal
