// Sharded execution: the pieces that let the dedup decisions, which need the whole corpus in
// input order, be taken once for inputs that are read and written by different processes
// (`saring sign/cluster/apply/finish`, MPI ranks).
//
//   sign:    each process analyses its inputs and serialises, per input, a SignRecord for every
//            document that survives analysis (hash, length, survivor key, id, MinHash signature,
//            archive match);
//   cluster: one process reads the SignRecords of all inputs in input order and takes exactly
//            the decisions `saring run` takes (exact dedup, archive, near-dup clusters), one
//            DedupDecision per record;
//   apply:   each process runs the final pass over its inputs with those decisions injected.
//
// The byte layouts are little-endian and private to one saring version (docs/distributed.md).
#ifndef SARING_PIPELINE_DISTRIBUTED_H_
#define SARING_PIPELINE_DISTRIBUTED_H_

#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/doc_work.h"
#include "saring/run.h"
#include "saring/run_stats.h"
#include "saring/status.h"

namespace saring::pipeline {

class NearDupState;

// Appends the SignRecord of a document that survived analysis.
void AppendSignRecord(const DocWork& d, std::string* out);

enum class DecisionKind : uint8_t { kKept = 0, kExactDuplicate = 1, kNearDuplicate = 2, kArchived = 3 };

struct DedupDecision {
  DecisionKind kind = DecisionKind::kKept;
  std::string duplicate_of;
  double similarity = 0;
  SimilarityKind similarity_kind = SimilarityKind::kEstimated;
  uint64_t cluster_id = 0;
  uint32_t cluster_size = 0;
  bool cluster_head = false;
};

void AppendDecision(const DedupDecision& d, std::string* out);
// Reads the decision at *at and advances it; false at the end or on malformed bytes.
bool ReadDecision(const std::string& bytes, size_t* at, DedupDecision* d);
// Sets the document's fate as the sequential decide stage of `saring run` would.
void SetFate(const DedupDecision& dd, DocWork* d);

// Takes the dedup decisions for every input from the SignRecords of every input (in input
// order). `near_dup` (null when near-dup is off) must be fresh. Returns the decisions per input.
Result<std::vector<std::string>> DecideAll(const RunOptions& options, NearDupState* near_dup,
                                           const std::vector<std::string>& sign_records);

// Partial run statistics, for merging the ledgers of several processes.
std::string SerializeStats(const RunStats& stats);
Result<RunStats> ParseStats(std::string_view bytes);
// Adds `part` into `total` (files by index; counts summed).
void MergeStats(const RunStats& part, RunStats* total);

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_DISTRIBUTED_H_
