// Near-duplicate decisions of a partitioned decision (DecidePart, partitioned_decide.h): the
// records still standing after exact dedup and archive matches, held by P parts, clustered
// exactly as one NearDupDetector fed them in input order would (docs/distributed.md).
#ifndef SARING_PIPELINE_PARTITIONED_NEAR_DUP_H_
#define SARING_PIPELINE_PARTITIONED_NEAR_DUP_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "pipeline/part_records.h"
#include "saring/near_dup.h"
#include "saring/run.h"
#include "saring/stages.h"
#include "saring/status.h"

namespace saring::pipeline {

// The near-dup outcome of one standing record, as NearDupDetector::Get gives it, with the
// survivor named by locator (kNoLocator for a kept record).
struct NearDupVerdict {
  bool removed = false;
  uint64_t survivor = kNoLocator;
  double similarity = 1;
  SimilarityKind kind = SimilarityKind::kEstimated;
  uint64_t cluster_id = 0;  // the survivor's near-dup ordinal (standing records in input order)
  uint32_t cluster_size = 1;
  bool head = false;
};

// What the near-dup step of one part reads and where its outcomes go.
struct NearDupPart {
  const RunOptions* options = nullptr;
  const std::vector<SignSource>* records = nullptr;  // per input of the run
  const std::vector<size_t>* mine = nullptr;         // this part's inputs, increasing
  PartExchange* exchange = nullptr;
  // True if record n of input i (one of this part's) still stands after exact dedup.
  std::function<bool(size_t input, uint32_t n)> standing;
  // Receives the verdict of every standing record of this part; Corruption for a record that
  // does not exist.
  std::function<Status(size_t input, uint32_t n, const NearDupVerdict& v)> apply;
};

// Takes the near-dup decisions of the standing records. Every part calls it. Returns Corruption
// for garbled messages or sign records, IoError from spill files, and the errors of the
// NearDupDetector's options.
Status DecideNearDupPart(const NearDupPart& part);

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_PARTITIONED_NEAR_DUP_H_
