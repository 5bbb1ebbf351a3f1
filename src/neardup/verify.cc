// Similarity oracles for verification and survivor assignment (see verify.h).
#include "neardup/verify.h"

#include <algorithm>

namespace saring::neardup_internal {

SignatureOracle::SignatureOracle(const SignatureStore* store, uint32_t k)
    : store_(store), k_(k), a_(k), b_(k), leader_(k) {}

Result<double> SignatureOracle::Similarity(uint32_t a, uint32_t b) {
  SARING_ASSIGN_OR_RETURN(const uint32_t* sa, store_->Get(a, a_.data()));
  SARING_ASSIGN_OR_RETURN(const uint32_t* sb, store_->Get(b, b_.data()));
  return EstimateJaccard(sa, sb, k_);
}

Status SignatureOracle::SetLeader(uint32_t leader) {
  SARING_ASSIGN_OR_RETURN(const uint32_t* s, store_->Get(leader, a_.data()));
  std::copy_n(s, k_, leader_.data());
  return Status::Ok();
}

Result<double> SignatureOracle::SimilarityToLeader(uint32_t doc) {
  SARING_ASSIGN_OR_RETURN(const uint32_t* s, store_->Get(doc, b_.data()));
  return EstimateJaccard(s, leader_.data(), k_);
}

ExactOracle::ExactOracle(TextProvider provider, ShingleOptions options)
    : provider_(std::move(provider)), options_(options) {}

Status ExactOracle::Shingles(uint32_t doc, std::vector<uint64_t>* out) {
  text_.clear();
  SARING_RETURN_IF_ERROR(provider_(doc, &text_));
  out->clear();
  ComputeShingles(text_, options_, &scratch_, out);
  return Status::Ok();
}

Result<double> ExactOracle::Similarity(uint32_t a, uint32_t b) {
  SARING_RETURN_IF_ERROR(Shingles(a, &a_));
  SARING_RETURN_IF_ERROR(Shingles(b, &b_));
  return ExactJaccard(&a_, &b_);
}

Status ExactOracle::SetLeader(uint32_t leader) {
  SARING_RETURN_IF_ERROR(Shingles(leader, &leader_));
  std::sort(leader_.begin(), leader_.end());
  leader_.erase(std::unique(leader_.begin(), leader_.end()), leader_.end());
  return Status::Ok();
}

Result<double> ExactOracle::SimilarityToLeader(uint32_t doc) {
  SARING_RETURN_IF_ERROR(Shingles(doc, &b_));
  return ExactJaccard(&leader_, &b_);  // leader_ is already a set: re-sorting it is cheap
}

}  // namespace saring::neardup_internal
