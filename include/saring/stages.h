// Sharded execution of `saring run`, for schedulers (Slurm job arrays, Kubernetes jobs, Dask,
// Spark) and for MPI: the inputs are split among processes, yet the output is the same as one
// `saring run`, byte for byte (docs/distributed.md).
//
//   SignInputs   per process, its inputs: analysis and MinHash signatures
//   DecideInputs one process, all inputs in order: exact dedup, archive, near-dup clusters
//   ApplyInputs  per process, its inputs: the final pass with those decisions; writes the
//                inputs' output shards (part-IIIII-*) into the shared output folder
//   FinishRun    one process: merges the partial ledgers, writes stats.json and run.json
//
// Every stage is deterministic and idempotent per input: running it again rewrites the same
// bytes. Not supported in sharded runs (refused with InvalidArgument): boilerplate learning,
// cross-document paragraph dedup and exact verification (they need the whole corpus in one
// process), and --resume (a failed stage is simply run again).
//
// Thread-safety: each function may be called from any thread; they share nothing.
#ifndef SARING_STAGES_H_
#define SARING_STAGES_H_

#include <cstddef>
#include <string>
#include <vector>

#include "saring/run.h"
#include "saring/run_stats.h"
#include "saring/status.h"

namespace saring {

// The inputs of `options.inputs` as the run sees them (folders and globs expanded, in order);
// stages address inputs by their index in this list.
Result<std::vector<InputSpec>> ResolveInputs(const RunOptions& options);

// Analyses the inputs `shard` (indices, ascending) and returns, for every input index, the
// serialised signatures of its documents ("" for inputs not in `shard`).
Result<std::vector<std::string>> SignInputs(const RunOptions& options,
                                            const std::vector<size_t>& shard);

// Takes every dedup decision from the signatures of all inputs (one entry per input, in input
// order). Returns the serialised decisions per input.
Result<std::vector<std::string>> DecideInputs(const RunOptions& options,
                                              const std::vector<std::string>& signatures);

// Runs the final pass over the inputs `shard` with `decisions` (from DecideInputs; entries for
// other inputs may be empty), writing their shards into options.output_dir (created if needed;
// earlier shards of these inputs are replaced). Returns the partial ledger of these inputs.
Result<RunStats> ApplyInputs(const RunOptions& options, const std::vector<size_t>& shard,
                             const std::vector<std::string>& decisions);

// Prepares options.output_dir for a new sharded run, as `saring run` does (refusing a folder
// with other files, replacing an earlier run only with options.overwrite).
Status PrepareOutput(const RunOptions& options);

// Merges partial ledgers and writes stats.json and run.json in options.output_dir.
Status FinishRun(const RunOptions& options, const std::vector<RunStats>& parts);

// Partial ledgers as bytes, for files and MPI messages.
std::string SerializeRunStats(const RunStats& stats);
Result<RunStats> ParseRunStats(std::string_view bytes);

}  // namespace saring

#endif  // SARING_STAGES_H_
