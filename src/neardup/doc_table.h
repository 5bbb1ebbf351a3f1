// Documents a part of a partitioned near-dup decision holds for one step (verifying candidate
// pairs, or clustering the components it was given): per document its near-dup ordinal,
// signature, word hashes (near_dup.verify=align), shingle text (near_dup.verify=exact) and
// survivor score. Comparisons and leader
// clustering are NearDupDetector's (the same oracles, AssignSurvivors with the same survivor
// order), so a component clustered here gets the detector's survivors exactly.
//
// Memory: signatures and word hashes spill to work_dir past halves and quarters of the
// options' memory budget, shingle texts always go to a spill file (read back through the page
// cache); 16 bytes per document stay in RAM (24 with texts).
//
// Thread-safety: none.
#ifndef SARING_NEARDUP_DOC_TABLE_H_
#define SARING_NEARDUP_DOC_TABLE_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "neardup/cluster.h"
#include "neardup/spill_file.h"
#include "saring/near_dup.h"
#include "saring/status.h"

namespace saring::neardup_internal {

// The score SurvivorPolicy ranks by (higher survives; meaningless for kFirst).
int64_t SurvivorScore(SurvivorPolicy policy, uint64_t length, int64_t key);

class DocTable {
 public:
  // InvalidArgument for options a detector refuses (the table supplies verify=exact's
  // text_provider itself: the options' own is ignored); IoError when the texts' spill file
  // cannot be created in options.work_dir.
  static Result<std::unique_ptr<DocTable>> Create(const NearDupOptions& options);

  // Adds a document (local id = number of documents added before). `words` matters only for
  // verify=align, `text` (the shingle text, as NearDupOptions::text_provider gives it) only for
  // verify=exact.
  Status Add(uint32_t ordinal, const uint32_t* signature, uint64_t length, int64_t key,
             std::span<const uint32_t> words, std::string_view text = {});
  // Ends the adding; call once before Compare or Cluster.
  Status Finish();

  uint32_t size() const { return static_cast<uint32_t>(ordinals_.size()); }
  uint32_t ordinal(uint32_t local) const { return ordinals_[local]; }

  // Compares local documents a and b as the detector's verification does.
  Result<Verdict> Compare(uint32_t a, uint32_t b) { return oracle_->Compare(a, b); }

  // Leader clustering of the components given by root[d] (a local document of d's component,
  // the same for all its members); fills *out per local document as the detector does.
  Status Cluster(const std::vector<uint32_t>& root, ClusterResult* out);

 private:
  DocTable(const NearDupOptions& options, SurvivorPolicy policy);
  // Replaces *text with the shingle text of local document `doc` (verify=exact).
  Status Text(uint64_t doc, std::string* text) const;

  NearDupOptions options_;
  SurvivorPolicy policy_;
  SignatureStore signatures_;
  SequenceStore words_;
  std::vector<uint32_t> ordinals_;
  std::vector<int64_t> scores_;
  std::unique_ptr<SpillFile> texts_;  // verify=exact
  ChunkedVector<uint64_t> text_ends_;
  std::unique_ptr<SimilarityOracle> oracle_;
};

}  // namespace saring::neardup_internal

#endif  // SARING_NEARDUP_DOC_TABLE_H_
