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

// The detector's options of a run: options.near_dup's NearDupOptions part, with the run's
// work_dir.
NearDupOptions NearDupOptionsOf(const RunOptions& options);

// What a part's near-dup step moved and found (bytes count only what went to other parts).
struct NearDupPartStats {
  uint64_t standing = 0;         // this part's records still standing
  uint64_t band_bytes = 0;       // (band key, ordinal) entries sent to the keys' parts
  uint64_t candidate_pairs = 0;  // pairs this part's buckets emitted (with repeats)
  uint64_t unique_pairs = 0;     // distinct pairs this part verified
  uint64_t pair_bytes = 0;       // candidate pairs sent to the parts that verify them
  uint64_t doc_bytes = 0;        // documents' data sent for verification
  uint64_t similar_pairs = 0;    // verified pairs at or above the threshold
  uint64_t component_bytes = 0;  // messages of the connected components
  uint64_t component_rounds = 0;
  uint64_t members = 0;        // documents clustered here (in components of 2 or more)
  uint64_t member_bytes = 0;   // members' data sent to their components' parts
  uint64_t verdict_bytes = 0;  // verdicts sent back to the records' parts
};

// What the near-dup step of one part reads and where its outcomes go.
struct NearDupPart {
  const RunOptions* options = nullptr;
  const std::vector<SignSource>* records = nullptr;  // per input of the run
  const std::vector<size_t>* mine = nullptr;         // this part's inputs, increasing
  PartExchange* exchange = nullptr;
  // The number of sign records of input i (one of this part's).
  std::function<uint32_t(size_t input)> record_count;
  // True if record n of input i (one of this part's) still stands after exact dedup.
  std::function<bool(size_t input, uint32_t n)> standing;
  // Receives the verdict of every standing record of this part; Corruption for a record that
  // does not exist.
  std::function<Status(size_t input, uint32_t n, const NearDupVerdict& v)> apply;
  NearDupPartStats* stats = nullptr;  // optional
};

// Takes the near-dup decisions of the standing records, exactly NearDupDetector's over them in
// input order, with no part holding more than its share of any table:
//  1. ordinals: each part counts its standing records; every part learns every input's count,
//     so a record's near-dup ordinal (its position among standing records in input order) and
//     the part holding it are known everywhere;
//  2. band keys: each (band, key, ordinal) goes to the part owning the key; each part sorts its
//     keys (BandSorter, spilling past half of near_dup.memory_budget) and emits the detector's
//     candidate pairs (a, b) of each bucket, each sent to the part holding one end of it (a or
//     b by a hash of the pair, so that the work spreads evenly);
//  3. verification: that part ships the end's signature (and word hashes under verify=align, its
//     shingle text, SignRecord::text, under verify=exact) to the part holding the other end,
//     which compares each distinct pair by the detector's measure;
//  4. components of the similar pairs (part_components.h), then each component goes to the
//     part its smallest ordinal hashes to, which clusters it with its members' data
//     (DocTable::Cluster: AssignSurvivors with the chaining guard);
//  5. verdicts go back to the records' parts.
// The detector skips comparing pairs already joined; here every distinct candidate pair is
// compared, which gives the same components. Every part calls it. Returns Corruption
// for garbled messages or sign records, IoError from spill files, and the errors of the
// NearDupDetector's options.
Status DecideNearDupPart(const NearDupPart& part);

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_PARTITIONED_NEAR_DUP_H_
