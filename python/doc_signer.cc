#include "doc_signer.h"

#include <xxhash.h>

namespace saring::python {

std::string_view SignedStatusReason(SignedStatus status) {
  switch (status) {
    case SignedStatus::kSigned: return "";
    case SignedStatus::kQuarantined: return "quarantined";
    case SignedStatus::kEmptyText: return "empty_text";
    case SignedStatus::kEmptyAfterRepair: return "empty_after_repair";
  }
  return "";
}

RepairOptions PipelineRepairOptions(bool repair, const RepairOptions& options) {
  RepairOptions o = options;
  if (!repair) {  // as AnalyzerConfig::From: the repairer still runs, cutting nothing
    o.remove_repeated = false;
    o.remove_contained = false;
    o.remove_credits = false;
  }
  return o;
}

DocSigner::DocSigner(const MinHasher* hasher, const RepairOptions& repair)
    : hasher_(hasher), repairer_(repair) {}

SignedDoc DocSigner::Sign(std::string_view text, uint32_t* signature) {
  SignedDoc doc;
  repairer_.Repair(text, &repaired_);
  const std::string& norm = repaired_.kept_normalized;
  doc.kept_bytes = repaired_.kept_text.size();
  if (norm.empty()) {
    doc.status = repaired_.normalized_all.empty() ? SignedStatus::kEmptyText
                                                  : SignedStatus::kEmptyAfterRepair;
  } else {
    doc.doc_hash = XXH3_64bits(norm.data(), norm.size());
  }
  // Shingles see digits folded to 0, as in the pipeline's DocAnalyzer.
  shingle_text_.assign(norm);
  for (char& c : shingle_text_) {
    if (c >= '1' && c <= '9') c = '0';
  }
  hasher_->Sign(shingle_text_, &scratch_, signature);
  return doc;
}

void DocSigner::SignPrepared(std::string_view shingle_text, uint32_t* signature) {
  hasher_->Sign(shingle_text, &scratch_, signature);
}

}  // namespace saring::python
