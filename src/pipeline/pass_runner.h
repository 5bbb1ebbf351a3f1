// PassRunner: one pass over the inputs of a run by a fixed set of worker threads, which move
// numbered batches through
//   read (sequential) -> analyze (parallel) -> decide (sequential, in order)
//   -> encode + compress (parallel) -> write (sequential, in order).
// Each worker takes the next batch from the shared reader, so at most `threads` batches are in
// flight (bounded memory), and the sequential stages see batches in input order through
// turnstiles, which makes every output byte independent of the thread count: batch boundaries
// depend only on the input, each batch is compressed as its own zstd frame, and dedup decisions
// are taken in input order.
//
// A learning pass (boilerplate) stops after analysis; a signing pass (near-dup) after the decide
// stage, which feeds signatures to the detector; only the final pass encodes and writes.
//
// Thread-safety: Run() starts and joins the workers; the other methods are for before or after.
#ifndef SARING_PIPELINE_PASS_RUNNER_H_
#define SARING_PIPELINE_PASS_RUNNER_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "pipeline/analysis_cache.h"
#include "pipeline/decider.h"
#include "pipeline/doc_analyzer.h"
#include "pipeline/doc_work.h"
#include "pipeline/output_set.h"
#include "pipeline/turnstile.h"
#include "saring/boilerplate.h"
#include "saring/record_reader.h"
#include "saring/run.h"
#include "util/mutex.h"
#include "util/thread_annotations.h"

namespace saring::pipeline {

// Bytes of memory a batch in flight costs, as a multiple of its input bytes (input, decoded
// text, repaired text, encoded lines, compressed frames).
inline constexpr uint64_t kBatchMemoryFactor = 6;

// Worker threads for a run: options.threads (0 = every core), but no more than the memory
// budget allows batches in flight.
unsigned WorkerThreads(const RunOptions& options);

// What a pass is and what it works with. The pointers must outlive the PassRunner.
struct PassSetup {
  const RunOptions* options = nullptr;
  const RunHooks* hooks = nullptr;
  const std::vector<InputSpec>* inputs = nullptr;
  PassKind kind = PassKind::kFinal;
  AnalysisDepth depth = AnalysisDepth::kFull;
  const AnalyzerConfig* analyzer = nullptr;
  NearDupState* near_dup = nullptr;  // null: near-dup off (or decided elsewhere)
  RunStats* stats = nullptr;
  OutputSet* output = nullptr;  // only for a final pass that writes
};

class PassRunner {
 public:
  // REQUIRES: setup.options, hooks, inputs, analyzer and stats are set.
  explicit PassRunner(const PassSetup& setup);
  PassRunner(const PassRunner&) = delete;
  PassRunner& operator=(const PassRunner&) = delete;

  // Runs the pass on `threads` workers; the first error stops every worker.
  Status Run(unsigned threads);

  // After a learning pass: the workers' learners merged (the result does not depend on how the
  // documents were spread over them).
  Result<BoilerplateModel> MergedBoilerplate();
  // The same, as the counts' bytes (BoilerplateLearner::SerializePart) for sharded learning.
  Result<std::string> MergedBoilerplateCounts();

  // Restricts the pass to these inputs (indices into the input list, ascending); the others are
  // left to other processes (stage commands, MPI ranks).
  void Select(std::vector<size_t> inputs) { selected_ = std::move(inputs); }
  Decider& decider() { return decider_; }

  // A signing pass stores every batch's analysis in `cache`; a final pass restores it from there
  // instead of analysing (analysis_cache.h). `cache` must outlive the pass.
  void ReuseAnalysis(AnalysisCache* cache) { cache_ = cache; }

  uint64_t decoded_bytes() const EXCLUDES(read_mu_) {
    MutexLock lock(&read_mu_);
    return decoded_bytes_;
  }
  uint64_t input_bytes() const { return bytes_total_; }

 private:
  bool writes() const { return pass_ == PassKind::kFinal && !options_.read_only; }
  // True once a stop (SIGINT, SIGTERM, a Python callback's exception) was asked for.
  bool Stopped() const { return hooks_.cancel != nullptr && hooks_.cancel->load(); }
  void Fail(Status s) EXCLUDES(error_mu_);
  void Work(unsigned worker);
  // Takes the next batch of the current input, opening inputs in order. A file that cannot be
  // opened becomes a batch with open_error set (one quarantined record, and a file error).
  Result<bool> ReadNext(WorkBatch* b) EXCLUDES(read_mu_);
  Status Analyze(DocAnalyzer* analyzer, WorkBatch* b);
  static void Learn(const WorkBatch& b, BoilerplateLearner* learner);
  Status Encode(WorkBatch* b);
  Status Write(WorkBatch* b);
  // Reports progress after a batch is read.
  void ReportProgress(uint64_t records) REQUIRES(read_mu_);

  const RunOptions& options_;
  const RunHooks& hooks_;
  const std::vector<InputSpec>& inputs_;
  const PassKind pass_;
  const AnalysisDepth depth_;
  const AnalyzerConfig& analyzer_;

  mutable Mutex read_mu_;
  std::vector<size_t> selected_;                // inputs of this pass, in order; set before Run()
  size_t next_input_ GUARDED_BY(read_mu_) = 0;  // index into selected_
  uint64_t next_seq_ GUARDED_BY(read_mu_) = 0;
  std::unique_ptr<RecordReader> reader_ GUARDED_BY(read_mu_);
  uint64_t decoded_bytes_ GUARDED_BY(read_mu_) = 0;
  uint64_t bytes_done_before_ GUARDED_BY(read_mu_) = 0;
  uint64_t bytes_total_ = 0;  // set by the constructor

  Turnstile decide_gate_, write_gate_;
  Mutex error_mu_;
  Status error_ GUARDED_BY(error_mu_);
  std::atomic<bool> failed_{false};

  Decider decider_;  // owned by the decide stage
  RunStats* stats_;

  std::vector<std::unique_ptr<BoilerplateLearner>> learners_;  // one per worker (learning pass)
  OutputSet* output_;                                          // owned by the write stage
  AnalysisCache* cache_ = nullptr;
  uint64_t documents_read_ GUARDED_BY(read_mu_) = 0;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace saring::pipeline

#endif  // SARING_PIPELINE_PASS_RUNNER_H_
