// OutputSet: the kept, removed and quarantine shards of a run, one series per input file:
// DIR/<kind>/part-IIIII-NNNNN.jsonl.zst holds the records of input IIIII (in input order), rolled
// into shards NNNNN by size. Shards never span inputs, so any process that handles an input
// (one `saring run`, an MPI rank, `saring apply --shard`) writes exactly the same files for it.
//
// Completed shards are recorded in the progress log; on resume, batches already in completed
// shards are skipped and each series continues with its next shard number.
//
// Thread-safety: none; used by the run's sequential write stage.
#ifndef SARING_PIPELINE_OUTPUT_SET_H_
#define SARING_PIPELINE_OUTPUT_SET_H_

#include <cstdint>
#include <memory>
#include <string>

#include "pipeline/checkpoint.h"
#include "saring/run.h"
#include "saring/shard_writer.h"

namespace saring::pipeline {

class OutputSet {
 public:
  OutputSet(const RunOptions& options, ProgressLog* progress);
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;

  // True if batch `seq` is already in completed shards of every kind (resume).
  bool Done(uint64_t seq) const;

  // Appends the frames of batch `seq` of input `input` for `kind`. Batches arrive in seq order.
  Status Append(int kind, uint64_t input, uint64_t seq, std::string_view frames, uint64_t records);

  // Completes the last shards. Call once after the last batch.
  Status Finish();

 private:
  Status SwitchTo(uint64_t input);
  Status FinishInput();

  const RunOptions& options_;
  ProgressLog* progress_;
  int64_t skip_until_[3];
  int64_t input_ = -1;  // the input being written
  std::unique_ptr<ShardWriter> writers_[3];
  uint64_t last_seq_[3] = {0, 0, 0};  // last batch appended per kind, for the input
};

// The shard name prefix of input `input`: "part-IIIII".
std::string ShardPrefix(uint64_t input);

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_OUTPUT_SET_H_
