// Crash safety of a run's output folder: a lock against concurrent runs, a manifest of what the
// run is (tool version, configuration, inputs with size and modification time), and a progress
// log of the shards completed so far, so that `saring run --resume` finishes a killed run with
// output byte-identical to an uninterrupted one, without rewriting finished shards.
//
// Resume works by deterministic replay: the passes are run again from the start (reading and
// deciding are cheap next to encoding and writing), and each writer skips the batches that its
// completed shards already hold, then starts its next shard with the next number. Shard contents
// and boundaries depend only on the input and the configuration, so the result is the same.
//
// Thread-safety: none; used by the run's control thread and its sequential write stage.
#ifndef SARING_PIPELINE_CHECKPOINT_H_
#define SARING_PIPELINE_CHECKPOINT_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "saring/input.h"
#include "saring/output_files.h"
#include "saring/run.h"
#include "saring/status.h"
#include "util/env.h"

namespace saring::pipeline {

// An exclusive lock on an output folder (DIR/.lock, which holds the owner's pid). Held until
// destroyed; the kernel drops it if the process dies.
class OutputLock {
 public:
  // FailedPrecondition naming the pid that holds the lock, or IoError naming the lock file.
  static Result<OutputLock> Acquire(Env* env, const std::string& dir);

 private:
  explicit OutputLock(std::unique_ptr<FileLock> lock) : lock_(std::move(lock)) {}
  std::unique_ptr<FileLock> lock_;
};

// What identifies a run: tool version, the configuration (without settings that do not change
// the output, such as threads), and every input file with its size and modification time.
// IoError naming an input file that cannot be examined.
Result<std::string> RunManifest(Env* env, const RunOptions& options,
                                const std::vector<InputSpec>& inputs);

// Shards completed so far, per output kind (kept, removed, quarantine) and input, each with the
// sequence number of the last batch it holds. Stored in DIR/progress.txt, rewritten atomically.
class ProgressLog {
 public:
  // Loads DIR/progress.txt if present (an absent file is an empty log). Corruption if garbled,
  // IoError naming the file if it cannot be read.
  static Result<ProgressLog> Load(Env* env, const std::string& dir);
  // An empty log stored in `dir`; with an empty `dir` it is kept in memory only.
  explicit ProgressLog(std::string dir, Env* env = Env::Default())
      : env_(env), dir_(std::move(dir)) {}

  // Records that shard completed(kind, input) of `input` is complete and rewrites the file.
  Status Add(int kind, uint64_t input, uint64_t last_seq) {
    Note(kind, input, last_seq);
    return Save();
  }
  // Records it in memory only; Save() writes every noted shard with one atomic rewrite (used when
  // several shards complete together, to pay for one file write and its fsyncs instead of many).
  void Note(int kind, uint64_t input, uint64_t last_seq) {
    entries_[kind].push_back({input, last_seq});
  }
  Status Save();
  // Shards of `input` completed for `kind`.
  uint64_t completed(int kind, uint64_t input) const;
  // Batches with seq <= this are in completed shards of `kind`; -1 if none.
  int64_t skip_until(int kind) const;

 private:
  struct Entry {
    uint64_t input, last_seq;
  };
  Env* env_;
  std::string dir_;
  std::array<std::vector<Entry>, 3> entries_;
};

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_CHECKPOINT_H_
